//! The place gazetteer: every continent, country, first- and second-level division and
//! populated place of 500 or more inhabitants in GeoNames, with the names each goes by.
//! Built by `models/gazetteers/places.py` into `models/places.tsv.gz` and compiled into the
//! binary; parsed once, on first use.

use std::collections::HashMap;
use std::io::Read;

use newsgraph_document::PlaceKind;

use crate::names::{POSTAL, SHORT_FORMS, key};
use crate::{Error, Result};

static BUILTIN: &[u8] = include_bytes!("../../../models/places.tsv.gz");

/// Index of a place in the gazetteer.
pub type PlaceId = u32;

/// One place.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub geonameid: u32,
    pub kind: PlaceKind,
    pub name: Box<str>,
    pub lat: f64,
    pub lon: f64,
    /// ISO 3166-1 alpha-2, empty for a continent.
    pub country: Box<str>,
    /// GeoNames code of the first-level division it lies in ("US.KY"), or its own for a
    /// division; empty when unknown.
    pub division: Box<str>,
    pub population: u64,
    /// A country's capital.
    pub capital: bool,
}

/// Places and the names that point at them.
///
/// The name index holds a 64-bit hash of each name's key, not the key: 600,000 names cost
/// 12 bytes each, sorted for binary search, where a map of strings took about 90 MB.
#[derive(Debug, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    name_hashes: Vec<u64>,
    name_places: Vec<PlaceId>,
    by_demonym: HashMap<String, PlaceId>,
    /// (hash, place) pairs gathered while parsing, sorted into the index at the end.
    pending: Vec<(u64, PlaceId)>,
    countries: HashMap<Box<str>, PlaceId>,
    divisions: HashMap<Box<str>, PlaceId>,
}

impl Gazetteer {
    /// The gazetteer compiled into the binary, parsed on first use.
    pub fn shared() -> &'static Gazetteer {
        static SHARED: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
        SHARED.get_or_init(|| {
            let mut text = String::new();
            flate2::read::GzDecoder::new(BUILTIN)
                .read_to_string(&mut text)
                .expect("the compiled-in gazetteer is gzipped UTF-8");
            Gazetteer::parse(&text).expect("the compiled-in gazetteer parses")
        })
    }

    /// Reads the gazetteer's text form (see `models/gazetteers/places.py`).
    pub fn parse(text: &str) -> Result<Gazetteer> {
        let mut g = Gazetteer::default();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let bad = |what: &str| Error::Gazetteer { line: n + 1, what: what.to_string() };
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 10 {
                return Err(bad("expected 10 tab-separated fields"));
            }
            let kind = match f[1] {
                "continent" => PlaceKind::Continent,
                "country" => PlaceKind::Country,
                "admin1" => PlaceKind::Admin1,
                "admin2" => PlaceKind::Admin2,
                "city" | "capital" => PlaceKind::City,
                _ => return Err(bad("unknown kind")),
            };
            let place = Place {
                geonameid: f[0].parse().map_err(|_| bad("geonameid"))?,
                kind,
                name: f[2].into(),
                lat: f[3].parse().map_err(|_| bad("latitude"))?,
                lon: f[4].parse().map_err(|_| bad("longitude"))?,
                country: f[5].into(),
                division: f[6].into(),
                population: f[7].parse().map_err(|_| bad("population"))?,
                capital: f[1] == "capital",
            };
            let id = g.places.len() as PlaceId;
            match kind {
                PlaceKind::Country => {
                    g.countries.insert(place.country.clone(), id);
                }
                PlaceKind::Admin1 if !place.division.is_empty() => {
                    g.divisions.insert(place.division.clone(), id);
                }
                _ => {}
            }
            g.add_name(f[2], id);
            // A county's other names drop the "County" its own keeps ("Los Angeles"), and
            // then outweigh the city they are named after: only the full name finds one.
            if kind != PlaceKind::Admin2 {
                for alt in f[8].split('|').filter(|a| !a.is_empty()) {
                    g.add_name(alt, id);
                }
            }
            for d in f[9].split('|').filter(|d| !d.is_empty()) {
                g.by_demonym.entry(key(d)).or_insert(id);
            }
            g.places.push(place);
        }
        g.build_index();
        for (short, full) in SHORT_FORMS {
            let targets: Vec<PlaceId> = g
                .lookup(full)
                .iter()
                .copied()
                .filter(|&p| matches!(g.places[p as usize].kind, PlaceKind::Country | PlaceKind::Admin1))
                .collect();
            for t in targets {
                g.add_key(short, t);
            }
        }
        g.build_index();
        Ok(g)
    }

    fn add_name(&mut self, name: &str, id: PlaceId) {
        self.add_key(&key(name), id);
    }

    fn add_key(&mut self, k: &str, id: PlaceId) {
        if !k.is_empty() {
            self.pending.push((name_hash(k), id));
        }
    }

    /// Merges the pending names into the sorted index.
    fn build_index(&mut self) {
        let mut all: Vec<(u64, PlaceId)> =
            self.name_hashes.iter().copied().zip(self.name_places.iter().copied()).collect();
        all.append(&mut self.pending);
        all.sort_unstable();
        all.dedup();
        self.name_hashes = all.iter().map(|p| p.0).collect();
        self.name_places = all.iter().map(|p| p.1).collect();
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    pub fn place(&self, id: PlaceId) -> &Place {
        &self.places[id as usize]
    }

    /// Every place a name can refer to.
    pub fn lookup(&self, name: &str) -> &[PlaceId] {
        self.lookup_key(&key(name))
    }

    /// Every place a name's [`key`] can refer to (for callers that already have the key).
    pub fn lookup_key(&self, key: &str) -> &[PlaceId] {
        let h = name_hash(key);
        let start = self.name_hashes.partition_point(|&x| x < h);
        let end = start + self.name_hashes[start..].partition_point(|&x| x == h);
        &self.name_places[start..end]
    }

    /// The country a demonym or adjective names ("Turkish" → Turkey), also in the plural
    /// ("Canadians").
    pub fn demonym(&self, word: &str) -> Option<PlaceId> {
        self.demonym_key(&key(word))
    }

    /// [`Gazetteer::demonym`] of a word's [`key`].
    pub fn demonym_key(&self, k: &str) -> Option<PlaceId> {
        self.by_demonym.get(k).or_else(|| k.strip_suffix('s').and_then(|s| self.by_demonym.get(s))).copied()
    }

    /// A state or province by its postal code ("TX"), read only as a qualifier.
    pub fn postal(&self, code: &str) -> Option<PlaceId> {
        let k = key(code);
        let full = POSTAL.iter().find(|(c, _)| *c == k)?.1;
        self.lookup(full).iter().copied().find(|&p| self.place(p).kind == PlaceKind::Admin1)
    }

    /// The country entry of an ISO code.
    pub fn country(&self, iso: &str) -> Option<PlaceId> {
        self.countries.get(iso).copied()
    }

    /// The first-level division entry of a GeoNames admin1 code ("US.KY").
    pub fn division(&self, code: &str) -> Option<PlaceId> {
        if code.is_empty() {
            return None;
        }
        self.divisions.get(code).copied()
    }
}

/// FNV-1a over the key's bytes: stable across builds and platforms, unlike the standard
/// library's hasher.
fn name_hash(key: &str) -> u64 {
    key.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# test\n\
        2988507\tcity\tParis\t48.85341\t2.34880\tFR\tFR.11\t2138551\tParis\t\n\
        4717560\tcity\tParis\t33.66094\t-95.55551\tUS\tUS.TX\t24782\t\t\n\
        4736286\tadmin1\tTexas\t31.25044\t-99.25061\tUS\tUS.TX\t25000000\tTejas\t\n\
        3017382\tcountry\tFrance\t46.00000\t2.00000\tFR\t\t66987244\tFrench Republic\tFrench\n";

    #[test]
    fn names_short_forms_demonyms_and_postal_codes_find_places() {
        let g = Gazetteer::parse(SAMPLE).unwrap();
        assert_eq!(g.lookup("PARIS").len(), 2);
        assert_eq!(g.place(g.lookup("Tejas")[0]).name.as_ref(), "Texas");
        assert_eq!(g.place(g.lookup("Tex.")[0]).name.as_ref(), "Texas");
        assert_eq!(g.place(g.demonym("French").unwrap()).name.as_ref(), "France");
        assert_eq!(g.place(g.postal("TX").unwrap()).name.as_ref(), "Texas");
        assert_eq!(g.division("US.TX"), Some(2));
        assert_eq!(g.country("FR"), Some(3));
    }

    #[test]
    fn a_malformed_line_is_an_error_with_its_number() {
        let err = Gazetteer::parse("1\tcity\tX\n").unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
    }

    #[test]
    fn the_compiled_in_gazetteer_knows_countries_divisions_and_towns() {
        let g = Gazetteer::shared();
        assert!(g.len() > 200_000);
        let us = g.lookup("U.S.");
        assert!(us.iter().any(|&p| g.place(p).geonameid == 6252001));
        assert!(g.lookup("Springfield").len() > 10);
        assert!(g.lookup("Ky.").iter().any(|&p| g.place(p).name.as_ref() == "Kentucky"));
    }

    #[test]
    fn a_name_shared_by_a_district_and_its_town_is_not_the_district() {
        let g = Gazetteer::shared();
        let t = crate::Toponym { names: vec!["Geneva".into()], ..crate::Toponym::default() };
        let r = crate::Resolver::new(g).resolve(&[t], None)[0].unwrap();
        let geneva = g.place(r.place);
        assert_ne!(geneva.kind, PlaceKind::Admin2);
        assert!(crate::distance_km(geneva.lat, geneva.lon, 46.202, 6.146) < 20.0, "{geneva:?}");
    }
}
