//! Reading what a request asks for: query strings, path ids and the search they describe,
//! with every problem answered as an [`ApiError`] (the framework's own rejections are plain
//! text, so they are converted here).

use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use chrono::NaiveDate;
use newsgraph_engine::{Interval, Near, PlaceFilter, SearchQuery, country_code};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use utoipa::IntoParams;

use crate::error::ApiError;

/// Most hits one page may ask for.
pub const MAX_LIMIT: usize = 100;
/// Deepest page offset: deeper pages cost more than they are worth to anyone.
pub const MAX_OFFSET: usize = 10_000;
/// Hits per page when the request does not say.
pub const DEFAULT_LIMIT: usize = 10;

/// A query string deserialised into `T`, or a `bad_parameter` error.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        Query::<T>::try_from_uri(&parts.uri).map(|Query(t)| ApiQuery(t)).map_err(|e| {
            let text = e.body_text();
            let detail = text.strip_prefix("Failed to deserialize query string: ").unwrap_or(&text);
            ApiError::BadParameter(format!("query string: {detail}"))
        })
    }
}

/// One path segment, percent-decoded, or a `bad_parameter` error.
pub struct PathSegment(pub String);

impl<S: Send + Sync> FromRequestParts<S> for PathSegment {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Path::<String>::from_request_parts(parts, state)
            .await
            .map(|Path(s)| PathSegment(s))
            .map_err(|e| ApiError::BadParameter(format!("path: {}", e.body_text())))
    }
}

/// An article id from a path: 1 to 16 hex digits (a unique prefix is enough). Anything else
/// — `..`, slashes, spaces — is refused before it reaches the engine.
pub fn article_id(raw: &str) -> Result<String, ApiError> {
    if (1..=16).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(raw.to_ascii_lowercase())
    } else {
        Err(ApiError::BadId(format!("{:?} is not an article id (1 to 16 hex digits)", shorten(raw))))
    }
}

/// An entity from a path: a global id or a name (`Kuroda`, `Bank of Japan`), looked up as
/// data, never as a path; still, separators and `..` are refused so that no path-like value
/// is ever taken for a name.
pub fn entity_key(raw: &str) -> Result<String, ApiError> {
    let key = raw.trim();
    let bad = key.is_empty()
        || key.chars().count() > 200
        || key.contains("..")
        || key.chars().any(|c| c == '/' || c == '\\' || c.is_control());
    if bad {
        return Err(ApiError::BadId(format!("{:?} is not an entity id or name", shorten(raw))));
    }
    Ok(key.to_string())
}

/// A story id from a path: letters and digits (`S` and 15 hex digits as the store makes them).
pub fn story_id(raw: &str) -> Result<String, ApiError> {
    short_id(raw, "story")
}

/// A thread id: the same shape as a story's.
pub fn thread_id(raw: &str) -> Result<String, ApiError> {
    short_id(raw, "thread")
}

fn short_id(raw: &str, noun: &str) -> Result<String, ApiError> {
    if (1..=32).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(raw.to_string())
    } else {
        Err(ApiError::BadId(format!("{:?} is not a {noun} id", shorten(raw))))
    }
}

/// A page of a listing: `limit` 1 to 100 (default 10 or `default`), `offset` at most 10,000.
pub fn page(limit: Option<usize>, offset: Option<usize>, default: usize) -> Result<(usize, usize), ApiError> {
    let limit = limit.unwrap_or(default);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::BadParameter(format!("limit must be between 1 and {MAX_LIMIT}, not {limit}")));
    }
    let offset = offset.unwrap_or(0);
    if offset > MAX_OFFSET {
        return Err(ApiError::BadParameter(format!("offset must be at most {MAX_OFFSET}, not {offset}")));
    }
    Ok((limit, offset))
}

/// Checks that a date range runs forwards.
pub fn range(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<(), ApiError> {
    match (from, to) {
        (Some(from), Some(to)) if from > to => Err(ApiError::BadParameter(format!("from ({from}) is after to ({to})"))),
        _ => Ok(()),
    }
}

/// At most 40 characters of something a client sent, for an error message.
pub fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// Treats `from=` (as an HTML form sends an empty field) like an absent parameter.
pub fn empty_as_none<'de, D: Deserializer<'de>, T: std::str::FromStr>(d: D) -> Result<Option<T>, D::Error>
where
    T::Err: std::fmt::Display,
{
    let s: Option<String> = Option::deserialize(d)?;
    match s.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => s.parse().map(Some).map_err(|e| serde::de::Error::custom(format!("{s:?}: {e}"))),
    }
}

/// A search: words and filters, one page of hits.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Words to find (phrases in quotes, `-word` excludes, `title:word`); empty or absent
    /// lists every article, newest first.
    #[serde(default)]
    pub q: String,
    /// Earliest publication day, inclusive (YYYY-MM-DD).
    #[serde(default, deserialize_with = "empty_as_none")]
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<NaiveDate>,
    /// Latest publication day, inclusive (YYYY-MM-DD).
    #[serde(default, deserialize_with = "empty_as_none")]
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<NaiveDate>,
    /// Only articles of this source (case-insensitive, exact).
    #[serde(default, deserialize_with = "empty_as_none")]
    pub source: Option<String>,
    /// Only articles naming this entity: a global id or a name.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub entity: Option<String>,
    /// Only articles of this story (story id).
    #[serde(default, deserialize_with = "empty_as_none")]
    pub story: Option<String>,
    /// Only articles of this thread's stories (thread id).
    #[serde(default, deserialize_with = "empty_as_none")]
    pub thread: Option<String>,
    /// Only articles with a place in this country (ISO 3166-1 alpha-2: FR, US).
    #[serde(default, deserialize_with = "empty_as_none")]
    pub country: Option<String>,
    /// Only articles with a place within KM of a point: `LAT,LON,KM` ("48.85,2.35,50").
    #[serde(default, deserialize_with = "empty_as_none")]
    pub near: Option<String>,
    /// Hits per page, 1 to 100 (default 10).
    #[serde(default, deserialize_with = "empty_as_none")]
    pub limit: Option<usize>,
    /// Hits skipped, at most 10,000 (default 0).
    #[serde(default, deserialize_with = "empty_as_none")]
    pub offset: Option<usize>,
}

impl SearchParams {
    /// The engine's query, or why the parameters cannot make one.
    pub fn to_query(&self) -> Result<SearchQuery, ApiError> {
        let (limit, offset) = page(self.limit, self.offset, DEFAULT_LIMIT)?;
        range(self.from, self.to)?;
        if self.q.len() > 1000 {
            return Err(ApiError::BadParameter("q is longer than 1000 bytes".to_string()));
        }
        let entity = self.entity.as_deref().map(entity_key).transpose()?;
        let story = self.story.as_deref().map(story_id).transpose()?;
        let thread = self.thread.as_deref().map(thread_id).transpose()?;
        Ok(SearchQuery {
            text: self.q.clone(),
            from: self.from,
            to: self.to,
            source: self.source.clone(),
            entity,
            story,
            thread,
            limit,
            offset,
            stories: None,
            articles: None,
        })
    }

    /// The place filters, or why they are malformed.
    pub fn places(&self) -> Result<PlaceFilter, ApiError> {
        let bad = |name: &str, e: String| ApiError::BadParameter(format!("{name}: {e}"));
        Ok(PlaceFilter {
            country: self.country.as_deref().map(country_code).transpose().map_err(|e| bad("country", e))?,
            near: self.near.as_deref().map(Near::parse).transpose().map_err(|e| bad("near", e))?,
        })
    }
}

/// A timeline: a search's parameters, and the period counted.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TimelineParams {
    /// The search (`q` and the filters of `/api/search`; paging is ignored).
    #[serde(flatten)]
    #[param(ignore)]
    pub search: SearchParams,
    /// `day` (the default: the article's own calendar day) or `hour` (UTC).
    #[serde(default, deserialize_with = "empty_as_none")]
    #[param(value_type = Option<String>)]
    pub by: Option<Interval>,
}

/// A GeoNames id from a path: digits, at most ten.
pub fn geonameid(raw: &str) -> Result<i64, ApiError> {
    let ok = !raw.is_empty() && raw.len() <= 10 && raw.bytes().all(|b| b.is_ascii_digit());
    raw.parse().ok().filter(|_| ok).ok_or_else(|| ApiError::BadId(format!("{:?} is not a GeoNames id", shorten(raw))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_hex_and_short() {
        assert_eq!(article_id("7231D0A6").unwrap(), "7231d0a6");
        for bad in ["", "..", "../../etc/passwd", "7231d0a64a9ed0831", "abc/def", "zz"] {
            assert!(matches!(article_id(bad), Err(ApiError::BadId(_))), "{bad}");
        }
    }

    #[test]
    fn timeline_parameters_are_a_search_and_a_period() {
        let parse = |q: &str| serde_urlencoded_from(q);
        let t = parse("q=ferry&by=hour&source=X&limit=5").unwrap();
        assert_eq!((t.search.q.as_str(), t.by, t.search.source.as_deref()), ("ferry", Some(Interval::Hour), Some("X")));
        assert_eq!(parse("by=").unwrap().by, None);
        assert!(parse("by=week").is_err());
        assert!(parse("bogus=1").is_err(), "unknown parameters are refused, as by /api/search");
    }

    fn serde_urlencoded_from(q: &str) -> Result<TimelineParams, String> {
        let uri: axum::http::Uri = format!("/api/timeline?{q}").parse().unwrap();
        Query::<TimelineParams>::try_from_uri(&uri).map(|Query(t)| t).map_err(|e| e.body_text())
    }

    #[test]
    fn search_parameters_are_checked() {
        let p = SearchParams { limit: Some(0), ..SearchParams::default() };
        assert!(p.to_query().is_err());
        let p = SearchParams { offset: Some(MAX_OFFSET + 1), ..SearchParams::default() };
        assert!(p.to_query().is_err());
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let p = SearchParams { from: d("2020-02-02"), to: d("2020-01-01"), ..SearchParams::default() };
        assert!(p.to_query().is_err());
        let q = SearchParams { q: "ferry".into(), ..SearchParams::default() }.to_query().unwrap();
        assert_eq!((q.limit, q.offset), (DEFAULT_LIMIT, 0));
    }
}
