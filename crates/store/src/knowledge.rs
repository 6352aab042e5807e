//! What the store knows across articles: entities merged over articles, their quotes and
//! events, stories and duplicates. These are the shapes the query API returns (and the
//! JSON of `entity`, `stories`, `quotes`, `events` and `network`; see `docs/json.md`).

use serde::Serialize;
use serde_json::Value;

/// How one article is tied to the rest.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ArticleLinks {
    /// The canonical article this one is a near-duplicate of.
    pub duplicate_of: Option<String>,
    /// Its story.
    pub story: Option<String>,
    /// Its story's thread, if the story continues or was continued by another.
    pub thread: Option<String>,
    /// Its entities' global ids, by document entity id (`E3` → `P1c0ffee…`).
    pub entities: Vec<(String, String)>,
    /// Related articles of other stories, and stored articles the text names as related.
    pub related: Vec<Related>,
}

/// One article as linking left it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Linked {
    /// Article id.
    pub id: String,
    /// The original it nearly copies.
    pub duplicate_of: Option<String>,
    /// Its story.
    pub story: Option<String>,
    /// Its story's thread.
    pub thread: Option<String>,
    /// Global entity ids by document entity id.
    pub entities: Vec<(String, String)>,
}

/// An article related to another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Related {
    /// Article id.
    pub id: String,
    /// Its headline.
    pub title: Option<String>,
    /// Its story.
    pub story: Option<String>,
    /// `similar` (a close article of another story) or `named` (the text lists its title).
    pub reason: &'static str,
    /// Cosine similarity of the story profiles, for `similar`.
    pub score: Option<f32>,
}

/// One line of an entity listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntitySummary {
    /// Global entity id.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// `PER`, `ORG`, `LOC` or `MISC`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Articles it appears in.
    pub articles: u64,
    /// First and last publication day it was seen.
    pub first_seen: Option<String>,
    /// Last publication day it was seen.
    pub last_seen: Option<String>,
}

/// A title held over time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleSpan {
    /// "Finance Minister".
    pub title: String,
    /// Where it is held ("Japan").
    pub of: Option<String>,
    /// First day an article gave it.
    pub first_seen: Option<String>,
    /// Last day an article gave it.
    pub last_seen: Option<String>,
}

/// A count on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayCount {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Mentions that day.
    pub count: u64,
}

/// An entity and how often it appears with another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityCount {
    /// Global entity id.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Articles (or events, or quotes) in common.
    pub count: u64,
}

/// A stored quote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteRow {
    /// Article id.
    pub article: String,
    /// Speaker's global entity id.
    pub speaker: Option<String>,
    /// Speaker's name or descriptor.
    pub speaker_name: Option<String>,
    /// `direct`, `indirect` or `mixed`.
    pub kind: String,
    /// What was said.
    pub content: String,
    /// The reporting verb.
    pub cue: Option<String>,
    /// When it was said (TimeML value), when the text says.
    pub date: Option<String>,
    /// The article's publication day.
    pub day: Option<String>,
}

/// A stored event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRow {
    /// Article id.
    pub article: String,
    /// Event type (`docs/events.md`).
    #[serde(rename = "type")]
    pub kind: String,
    /// `happened`, `ongoing`, `scheduled`, `negated` or `hypothetical`.
    pub status: String,
    /// When (TimeML value).
    pub date: Option<String>,
    /// The article's publication day.
    pub day: Option<String>,
    /// Where.
    pub place: Option<String>,
    /// The named gathering.
    pub what: Option<String>,
    /// The sentence that says so.
    pub evidence: String,
    /// `[{entity (global id), name, role}]`.
    pub participants: Value,
}

/// Everything known about one entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityProfile {
    /// Global id.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// `PER`, `ORG`, `LOC` or `MISC`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Other names it goes by.
    pub aliases: Vec<String>,
    /// Titles over time.
    pub roles: Vec<RoleSpan>,
    /// Articles it appears in.
    pub articles: u64,
    /// First day seen.
    pub first_seen: Option<String>,
    /// Last day seen.
    pub last_seen: Option<String>,
    /// Mentions per publication day.
    pub mentions_by_day: Vec<DayCount>,
    /// Its most recent quotes.
    pub quotes: Vec<QuoteRow>,
    /// Its most recent events.
    pub events: Vec<EventRow>,
    /// Entities in the same articles (over its most recent 200).
    pub cooccurring: Vec<EntityCount>,
}

/// A story: articles about the same real-world happening.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Story {
    /// Story id.
    pub id: String,
    /// Headline of its first article.
    pub title: Option<String>,
    /// First publication day.
    pub first_seen: Option<String>,
    /// Last publication day.
    pub last_seen: Option<String>,
    /// Member article ids (the most recent 200), oldest first.
    pub articles: Vec<String>,
    /// Sources that told it.
    pub sources: Vec<String>,
    /// Its main entities.
    pub entities: Vec<EntityCount>,
    /// The thread it belongs to (stories that continue one another), if any.
    pub thread: Option<String>,
}

/// A thread: stories that continue one another over weeks or months.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Thread {
    /// Thread id.
    pub id: String,
    /// Headline of its first story.
    pub title: Option<String>,
    /// First publication day.
    pub first_seen: Option<String>,
    /// Last publication day.
    pub last_seen: Option<String>,
    /// Stories filed under it.
    #[serde(rename = "stories_count")]
    pub story_count: u64,
    /// Articles in its stories.
    pub articles: u64,
    /// Its stories in the order they began (one thread's page; empty in a listing).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stories: Vec<ThreadStory>,
}

/// A story as a thread lists it: on a timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThreadStory {
    /// Story id.
    pub id: String,
    /// Headline of its first article.
    pub title: Option<String>,
    /// First publication day.
    pub first_seen: Option<String>,
    /// Last publication day.
    pub last_seen: Option<String>,
    /// Its articles.
    pub articles: u64,
}

/// A weighted tie between two entities.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edge {
    /// The other entity's global id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// `met` (a meet/negotiate/agree event with both), `quoted_with` (both quoted in one
    /// article) or `cooccurs` (named in one article).
    pub relation: &'static str,
    /// How many times.
    pub weight: u64,
}

/// A place as the articles name it, with how often.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceCount {
    /// GeoNames id.
    pub geonameid: i64,
    pub name: String,
    /// `continent`, `country`, `admin1`, `admin2` or `city`.
    pub kind: String,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// Its first-level division.
    pub division: Option<String>,
    pub lat: f64,
    pub lon: f64,
    /// Mentions counted.
    pub mentions: i64,
}

/// Everything known about one place: where it is, the articles that name it, what
/// happened there.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceProfile {
    pub place: PlaceCount,
    /// Articles naming it, newest first (at most 100).
    pub articles: Vec<PlaceArticle>,
    /// Events there, newest first (at most 100).
    pub events: Vec<EventRow>,
}

/// An article that names a place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceArticle {
    pub id: String,
    pub title: Option<String>,
    pub day: Option<String>,
    /// Its mentions of the place.
    pub mentions: i64,
}

/// Articles by where their places lie (search's `--country` and `--near`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlaceFilter {
    /// A place in this country (ISO 3166-1 alpha-2, any case).
    pub country: Option<String>,
    /// A place within `km` of (`lat`, `lon`).
    pub near: Option<Near>,
}

impl PlaceFilter {
    /// Whether it filters at all.
    pub fn is_empty(&self) -> bool {
        self.country.is_none() && self.near.is_none()
    }
}

/// A circle on the map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Near {
    pub lat: f64,
    pub lon: f64,
    pub km: f64,
}

impl Near {
    /// Reads `LAT,LON,KM` ("48.85,2.35,50"): latitude −90 to 90, longitude −180 to 180,
    /// a radius above 0 and at most 20,000 km.
    pub fn parse(s: &str) -> std::result::Result<Near, String> {
        let parts: Vec<&str> = s.split(',').map(str::trim).collect();
        let [lat, lon, km] = parts[..] else {
            return Err(format!("{s:?}: expected LAT,LON,KM"));
        };
        let number = |v: &str, what: &str| {
            v.parse::<f64>().ok().filter(|x| x.is_finite()).ok_or(format!("{what} {v:?} is not a number"))
        };
        let near = Near { lat: number(lat, "latitude")?, lon: number(lon, "longitude")?, km: number(km, "radius")? };
        if !(-90.0..=90.0).contains(&near.lat) {
            return Err(format!("latitude {} is not between -90 and 90", near.lat));
        }
        if !(-180.0..=180.0).contains(&near.lon) {
            return Err(format!("longitude {} is not between -180 and 180", near.lon));
        }
        if !(near.km > 0.0 && near.km <= 20_000.0) {
            return Err(format!("radius {} km is not above 0 and at most 20000", near.km));
        }
        Ok(near)
    }
}

/// A country code for a filter: two ASCII letters, upper-cased.
pub fn country_code(s: &str) -> std::result::Result<String, String> {
    let s = s.trim();
    if s.len() == 2 && s.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(s.to_ascii_uppercase())
    } else {
        Err(format!("{s:?} is not a two-letter country code (ISO 3166-1 alpha-2, such as FR)"))
    }
}

/// Which entities.
#[derive(Debug, Clone, Default)]
pub struct EntityFilter {
    /// Names that start with this (case-insensitive); all when empty.
    pub prefix: String,
    /// Type: `PER`, `ORG`, `LOC` or `MISC`.
    pub kind: Option<String>,
    /// Seen on or after this day.
    pub since: Option<String>,
    /// Page size.
    pub limit: usize,
    /// Rows to skip.
    pub offset: usize,
}

/// Which quotes.
#[derive(Debug, Clone, Default)]
pub struct QuoteFilter {
    /// Speaker: a name or global id.
    pub by: Option<String>,
    /// Words the quote contains.
    pub about: Option<String>,
    /// From this publication day.
    pub from: Option<String>,
    /// To this publication day.
    pub to: Option<String>,
    /// Only articles from this source (outlet name, case-insensitive).
    pub source: Option<String>,
    /// Page size.
    pub limit: usize,
    /// Rows to skip.
    pub offset: usize,
}

/// Which events.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Event type.
    pub kind: Option<String>,
    /// A participant: a name or global id.
    pub with: Option<String>,
    /// Status.
    pub status: Option<String>,
    /// From this day (the event's date when known, else the publication day).
    pub from: Option<String>,
    /// To this day.
    pub to: Option<String>,
    /// Only articles from this source (outlet name, case-insensitive).
    pub source: Option<String>,
    /// Page size.
    pub limit: usize,
    /// Rows to skip.
    pub offset: usize,
}

/// Which stories.
#[derive(Debug, Clone, Default)]
pub struct StoryFilter {
    /// Stories seen on or after this day.
    pub from: Option<String>,
    /// Stories that began on or before this day.
    pub to: Option<String>,
    /// Only articles from this source (outlet name, case-insensitive).
    pub source: Option<String>,
    /// Page size.
    pub limit: usize,
    /// Rows to skip.
    pub offset: usize,
}

/// Which threads.
#[derive(Debug, Clone, Default)]
pub struct ThreadFilter {
    /// Threads seen on or after this day.
    pub from: Option<String>,
    /// Threads that began on or before this day.
    pub to: Option<String>,
    /// Page size.
    pub limit: usize,
    /// Rows to skip.
    pub offset: usize,
}

/// What one round of linking did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LinkReport {
    /// The articles linked, with what linking found.
    #[serde(skip)]
    pub articles: Vec<Linked>,
    /// Articles linked.
    pub linked: u64,
    /// Of which near-duplicates of an earlier article.
    pub duplicates: u64,
    /// Stories begun.
    pub new_stories: u64,
    /// Stories merged into another.
    pub merged_stories: u64,
    /// Stories split in two (see `splits.rs`).
    pub split_stories: u64,
}
