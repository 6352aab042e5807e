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
#[derive(Debug, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    by_name: HashMap<String, Vec<PlaceId>>,
    by_demonym: HashMap<String, PlaceId>,
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
            for alt in f[8].split('|').filter(|a| !a.is_empty()) {
                g.add_name(alt, id);
            }
            for d in f[9].split('|').filter(|d| !d.is_empty()) {
                g.by_demonym.entry(key(d)).or_insert(id);
            }
            g.places.push(place);
        }
        for (short, full) in SHORT_FORMS {
            let targets: Vec<PlaceId> = g
                .lookup(full)
                .iter()
                .copied()
                .filter(|&p| matches!(g.places[p as usize].kind, PlaceKind::Country | PlaceKind::Admin1))
                .collect();
            for t in targets {
                g.add_key(short.to_string(), t);
            }
        }
        Ok(g)
    }

    fn add_name(&mut self, name: &str, id: PlaceId) {
        self.add_key(key(name), id);
    }

    fn add_key(&mut self, k: String, id: PlaceId) {
        if k.is_empty() {
            return;
        }
        let ids = self.by_name.entry(k).or_default();
        if !ids.contains(&id) {
            ids.push(id);
        }
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
        self.by_name.get(&key(name)).map_or(&[], Vec::as_slice)
    }

    /// The country a demonym or adjective names ("Turkish" → Turkey), also in the plural
    /// ("Canadians").
    pub fn demonym(&self, word: &str) -> Option<PlaceId> {
        let k = key(word);
        self.by_demonym.get(&k).or_else(|| k.strip_suffix('s').and_then(|s| self.by_demonym.get(s))).copied()
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
}
