use serde::{Deserialize, Serialize};

use crate::Span;

/// What kind of place a resolved name refers to, as GeoNames classes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    Continent,
    Country,
    /// A first-level division: a state, province, region, constituent country.
    Admin1,
    /// A second-level division: a county, district.
    Admin2,
    /// A populated place: a city, town or village.
    City,
}

impl PlaceKind {
    /// The name used in JSON and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            PlaceKind::Continent => "continent",
            PlaceKind::Country => "country",
            PlaceKind::Admin1 => "admin1",
            PlaceKind::Admin2 => "admin2",
            PlaceKind::City => "city",
        }
    }
}

/// Where a place name points on the map: the GeoNames entry it was resolved to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Geo {
    /// GeoNames id.
    pub geonameid: u32,
    /// The place's name in the gazetteer ("Paris", "Kentucky").
    pub name: String,
    pub kind: PlaceKind,
    /// ISO 3166-1 alpha-2 code of the country it lies in (empty for a continent).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub country: String,
    /// Name of its first-level division, when it lies below one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub division: Option<String>,
    pub lat: f64,
    pub lon: f64,
    /// How sure the resolver is, 0–1: the share of the evidence its choice holds against
    /// the other places of the same name.
    pub confidence: f32,
}

/// One mention of a place in the text, resolved: a place entity's mention, a people's name
/// standing for its country ("Turkish"), or a place named inside another name ("Kentucky"
/// in "Kentucky State Police").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceMention {
    #[serde(flatten)]
    pub span: Span,
    /// The entity this is a mention of; absent for a place inside another name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    pub geo: Geo,
}
