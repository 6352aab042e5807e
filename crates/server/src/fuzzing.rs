//! The API's parameter parsing under fuzzing, shared by the libFuzzer target in `fuzz/` and
//! the test that replays its corpus (`tests/server/fuzz_replay.rs`).
//!
//! Any request target (path and query string): every query-parameter type of the API is
//! read from it and checked as its handler checks it, and every path segment (and the raw
//! query, which holds any character) goes through the id checks. No panic; what is
//! accepted is within the documented bounds; what is refused is a client error (4xx),
//! never an internal one.

use axum::extract::Query;
use axum::http::{HeaderMap, Uri};
use serde::de::DeserializeOwned;

use crate::api::alerts::MatchParams;
use crate::api::knowledge::{EntityParams, EventParams, NetworkParams, QuoteParams, StoryParams};
use crate::api::trends::TrendsParams;
use crate::api::{IngestParams, read_options};
use crate::error::ApiError;
use crate::params::{
    DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, SearchParams, TimelineParams, article_id, entity_key, geonameid, page,
    story_id,
};

/// Reads every parameter type and id from `target` (`/api/search?q=…`), checking each.
pub fn request(target: &str) {
    let target = if target.starts_with('/') { target.to_string() } else { format!("/{target}") };
    let Ok(uri) = target.parse::<Uri>() else { return };
    if let Some(p) = query::<SearchParams>(&uri) {
        check_search(&p);
    }
    if let Some(p) = query::<TimelineParams>(&uri) {
        check_search(&p.search);
    }
    if let Some(p) = query::<TrendsParams>(&uri) {
        let options = refused_or(p.options());
        assert!(options.is_none_or(|o| (1..=MAX_LIMIT).contains(&o.limit)));
    }
    if let Some(p) = query::<QuoteParams>(&uri) {
        let filter = refused_or(p.filter());
        assert!(filter.is_none_or(|f| (1..=MAX_LIMIT).contains(&f.limit) && f.offset <= MAX_OFFSET));
    }
    if let Some(p) = query::<StoryParams>(&uri) {
        let filter = refused_or(p.filter());
        assert!(filter.is_none_or(|f| (1..=MAX_LIMIT).contains(&f.limit) && f.offset <= MAX_OFFSET));
    }
    if let Some(p) = query::<NetworkParams>(&uri) {
        refused_or(page(p.limit, p.offset, DEFAULT_LIMIT));
    }
    if let Some(p) = query::<IngestParams>(&uri) {
        refused_or(read_options(&p, &HeaderMap::new()));
    }
    query::<MatchParams>(&uri);
    query::<EntityParams>(&uri);
    query::<EventParams>(&uri);
    for segment in uri.path().split('/').chain(uri.query()) {
        check_ids(segment);
    }
}

/// The query string as `T`; a refusal must be a client error.
fn query<T: DeserializeOwned>(uri: &Uri) -> Option<T> {
    match Query::<T>::try_from_uri(uri) {
        Ok(Query(t)) => Some(t),
        Err(e) => {
            assert!(e.status().is_client_error(), "query string refused with {}", e.status());
            None
        }
    }
}

/// The value, or `None` after checking that the refusal is a client error with a message.
fn refused_or<T>(result: Result<T, ApiError>) -> Option<T> {
    match result {
        Ok(t) => Some(t),
        Err(e) => {
            let (status, code) = e.status_and_code();
            assert!(status.is_client_error(), "parameters refused with {status} ({code}): {e}");
            assert!(!e.to_string().is_empty(), "{code} without a message");
            None
        }
    }
}

fn check_search(p: &SearchParams) {
    if let Some(q) = refused_or(p.to_query()) {
        assert!((1..=MAX_LIMIT).contains(&q.limit) && q.offset <= MAX_OFFSET, "page {} at {}", q.limit, q.offset);
        assert!(q.text.len() <= 1000, "q of {} bytes accepted", q.text.len());
        assert!(!matches!((q.from, q.to), (Some(f), Some(t)) if f > t), "backwards range accepted");
    }
    refused_or(p.places());
}

/// A path segment (or anything else a client sends) through each id check.
fn check_ids(raw: &str) {
    if let Some(id) = refused_or(article_id(raw)) {
        assert!((1..=16).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
    }
    if let Some(id) = refused_or(story_id(raw)) {
        assert!((1..=32).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric()));
    }
    if let Some(key) = refused_or(entity_key(raw)) {
        assert!(!key.is_empty() && key.trim() == key, "entity key {key:?}");
        assert!(!key.contains("..") && !key.chars().any(|c| c == '/' || c == '\\' || c.is_control()), "{key:?}");
    }
    if let Some(id) = refused_or(geonameid(raw)) {
        assert!(id >= 0, "GeoNames id {id}");
    }
}
