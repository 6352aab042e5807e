//! Places: names in text resolved to GeoNames entries with coordinates.
//!
//! A [`Gazetteer`] of continents, countries, divisions and populated places (GeoNames,
//! compiled into the binary from `models/places.tsv.gz`) and a [`Resolver`] that picks, for
//! each place name of an article, the entry the article means: population as the prior,
//! the article's own evidence ("Paris, Texas", the other places it names, its dateline)
//! deciding between namesakes. [`distance_km`] measures how far apart two points are.
//!
//! This crate resolves names it is given; finding them in text is the `places` annotator's
//! job (`crates/annotators`).
//!
//! ```
//! use newsgraph_geo::{Gazetteer, Resolver, Toponym};
//! let gazetteer = Gazetteer::shared();
//! let resolver = Resolver::new(gazetteer);
//! let names = [
//!     Toponym { names: vec!["Springfield".into()], qualifiers: vec!["Ill.".into()], ..Toponym::default() },
//!     Toponym { names: vec!["Turkish".into()], demonym: true, ..Toponym::default() },
//! ];
//! let found = resolver.resolve(&names, None);
//! let springfield = gazetteer.place(found[0].unwrap().place);
//! assert_eq!((springfield.country.as_ref(), springfield.division.as_ref()), ("US", "US.IL"));
//! assert_eq!(gazetteer.place(found[1].unwrap().place).name.as_ref(), "Turkey");
//! ```

mod gazetteer;
mod names;
mod resolve;

pub use gazetteer::{Gazetteer, Place, PlaceId};
pub use names::key;
pub use resolve::{Resolution, Resolver, Toponym, Weights};

/// What went wrong reading a gazetteer.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("gazetteer line {line}: {what}")]
    Gazetteer { line: usize, what: String },
}

pub type Result<T> = std::result::Result<T, Error>;

/// Great-circle distance between two points in km (haversine, mean Earth radius 6371.0088
/// km, as the geoparsing literature scores).
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    #[test]
    fn london_to_paris_is_about_344_km() {
        let d = super::distance_km(51.50853, -0.12574, 48.85341, 2.3488);
        assert!((d - 343.9).abs() < 1.0, "{d}");
    }
}
