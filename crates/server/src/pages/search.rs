//! `/search?q=`: hits with highlighted snippets, filters, pages and facets.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use newsgraph_engine::{Engine, Hit, Interval, PlaceFilter, SearchQuery, Timeline};

use super::{PageError, charts, day, layout, map, page};
use crate::App;
use crate::api::with_entity;
use crate::error::ApiError;
use crate::params::{ApiQuery, DEFAULT_LIMIT, SearchParams};

/// Hits the facets are counted over: counting over every match would need the index's
/// help; over the best hundred it is one more query.
const FACET_HITS: usize = 100;

pub async fn show(
    State(app): State<Arc<App>>,
    params: Result<ApiQuery<SearchParams>, ApiError>,
) -> Result<Response, PageError> {
    // Rejections come as HTML here: the extractor's own answer would be JSON.
    let ApiQuery(params) = params?;
    let query = params.to_query()?;
    let places = params.places()?;
    let place_filters: Vec<(&'static str, String)> = [("country", &params.country), ("near", &params.near)]
        .into_iter()
        .filter_map(|(name, value)| value.as_ref().map(|v| (name, v.clone())))
        .collect();
    let q = query.clone();
    let (results, facet_hits, places, timeline) = app
        .query(move |e| {
            with_entity(e, q, |q| {
                let results = e.search_at(q, &places)?;
                // When the page holds every match, the facets need no second query.
                let facets = if results.total <= q.limit && q.offset == 0 {
                    results.hits.clone()
                } else {
                    e.search_at(&SearchQuery { limit: FACET_HITS, offset: 0, ..q.clone() }, &places)?.hits
                };
                let ids: Vec<String> = results.hits.iter().map(|h| h.id.clone()).collect();
                let places_named = e.places_of(&ids, None)?;
                let timeline = attention(e, q, &places)?;
                Ok((results, facets, places_named, timeline))
            })
        })
        .await??;
    let facets = Facets::count(&facet_hits);
    let exact = results.total <= FACET_HITS;
    let title =
        if query.text.trim().is_empty() { "All articles".to_string() } else { format!("Search: {}", query.text) };
    let main = html! {
        div.searchpage {
            aside.facets {
                form action="/search" method="get" {
                    input type="hidden" name="q" value=(query.text);
                    @if let Some(e) = &query.entity { input type="hidden" name="entity" value=(e); }
                    @if let Some(s) = &query.story { input type="hidden" name="story" value=(s); }
                    label { "From " input type="date" name="from" value=(opt_date(query.from)); }
                    label { "To " input type="date" name="to" value=(opt_date(query.to)); }
                    label { "Source " input type="text" name="source" value=(query.source.as_deref().unwrap_or("")); }
                    label { "Country " input type="text" name="country" size="2" maxlength="2" placeholder="FR"
                        value=(params.country.as_deref().unwrap_or("")); }
                    label { "Near " input type="text" name="near" placeholder="lat,lon,km"
                        value=(params.near.as_deref().unwrap_or("")); }
                    button type="submit" { "Filter" }
                }
                @if !facets.sources.is_empty() {
                    h3 { "Sources" @if !exact { " (top " (FACET_HITS) ")" } }
                    ul { @for (source, n) in &facets.sources {
                        li { a href=(link(&query, &place_filters, Some(source), None, 0)) { (source) } " " span.count { (n) } }
                    } }
                }
                @if !facets.months.is_empty() {
                    h3 { "Months" @if !exact { " (top " (FACET_HITS) ")" } }
                    ul { @for (month, n) in facets.months.iter().rev() {
                        li { a href=(link(&query, &place_filters, None, Some(month), 0)) { (month) } " " span.count { (n) } }
                    } }
                }
            }
            section.results {
                h1 { (title) }
                p.total { (results.total) " matching articles" }
                @if let Some(t) = &timeline {
                    section.timeline {
                        h2 { "Attention by day" }
                        (charts::attention(t, &format!("{title}: articles by day")))
                    }
                }
                @if !places.is_empty() {
                    (map::map(&map::pins(&places), "Where this page's articles' places lie"))
                }
                ol.hits start=(query.offset + 1) {
                    @for hit in &results.hits { (hit_item(hit)) }
                }
                nav.pages {
                    @if query.offset > 0 {
                        a rel="prev" href=(link(&query, &place_filters, None, None, query.offset.saturating_sub(query.limit))) { "← Previous" }
                    }
                    @if query.offset + results.hits.len() < results.total {
                        a rel="next" href=(link(&query, &place_filters, None, None, query.offset + query.limit)) { "Next →" }
                    }
                }
            }
        }
    };
    Ok(page(StatusCode::OK, layout(&title, &query.text, main)))
}

fn hit_item(hit: &Hit) -> Markup {
    html! {
        li.hit {
            a.title href={ "/articles/" (hit.id) } { (hit.title.as_deref().unwrap_or("(untitled)")) }
            span.meta { (hit.source.as_deref().unwrap_or("")) " " (day(hit.published.as_deref())) }
            p.snippet { (highlighted(&hit.snippet, &hit.highlights)) }
        }
    }
}

/// A search's timeline by day for a page: `None` when its dates span more days than one
/// timeline lists (a stray date decades off), which costs the page its chart, not its hits.
pub fn attention(e: &Engine, q: &SearchQuery, places: &PlaceFilter) -> newsgraph_engine::Result<Option<Timeline>> {
    match e.timeline(q, places, Interval::Day) {
        Ok(t) => Ok(Some(t)),
        Err(newsgraph_engine::Error::Invalid(_)) => Ok(None),
        Err(other) => Err(other),
    }
}

/// The snippet with its matched words in `<mark>`; ranges that do not fall on character
/// boundaries are ignored rather than trusted.
fn highlighted(snippet: &str, ranges: &[(usize, usize)]) -> Markup {
    let mut pieces: Vec<(&str, bool)> = Vec::new();
    let mut at = 0;
    for &(start, end) in ranges {
        if start < at || start >= end || snippet.get(start..end).is_none() {
            continue;
        }
        pieces.push((&snippet[at..start], false));
        pieces.push((&snippet[start..end], true));
        at = end;
    }
    pieces.push((&snippet[at..], false));
    html! { @for (text, marked) in pieces { @if marked { mark { (text) } } @else { (text) } } }
}

/// Counts of sources and publication months among hits.
struct Facets {
    sources: Vec<(String, usize)>,
    months: BTreeMap<String, usize>,
}

impl Facets {
    fn count(hits: &[Hit]) -> Facets {
        let mut sources: BTreeMap<&str, usize> = BTreeMap::new();
        let mut months = BTreeMap::new();
        for h in hits {
            if let Some(s) = &h.source {
                *sources.entry(s).or_default() += 1;
            }
            if let Some(month) = h.published.as_deref().and_then(|p| p.get(..7)) {
                *months.entry(month.to_string()).or_default() += 1;
            }
        }
        let mut sources: Vec<(String, usize)> = sources.into_iter().map(|(s, n)| (s.to_string(), n)).collect();
        sources.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Facets { sources, months }
    }
}

fn opt_date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// A search URL: the current query with a source or month filter, or another offset.
/// A link to another page or facet of a search, keeping every filter (the place filters as
/// the request gave them: `country`, `near`).
fn link(
    q: &SearchQuery,
    places: &[(&'static str, String)],
    source: Option<&str>,
    month: Option<&str>,
    offset: usize,
) -> String {
    let mut pairs: Vec<(&str, String)> = vec![("q", q.text.clone())];
    let (mut from, mut to) = (opt_date(q.from), opt_date(q.to));
    if let Some(m) = month
        && let Ok(first) = chrono::NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d")
    {
        let next = first.checked_add_months(chrono::Months::new(1)).unwrap_or(first);
        from = first.to_string();
        to = next.pred_opt().unwrap_or(next).to_string();
    }
    if !from.is_empty() {
        pairs.push(("from", from));
    }
    if !to.is_empty() {
        pairs.push(("to", to));
    }
    if let Some(s) = source.or(q.source.as_deref()) {
        pairs.push(("source", s.to_string()));
    }
    if let Some(e) = &q.entity {
        pairs.push(("entity", e.clone()));
    }
    if let Some(s) = &q.story {
        pairs.push(("story", s.clone()));
    }
    pairs.extend(places.iter().cloned());
    if q.limit != DEFAULT_LIMIT {
        pairs.push(("limit", q.limit.to_string()));
    }
    if offset > 0 {
        pairs.push(("offset", offset.to_string()));
    }
    let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
    format!("/search?{}", query.join("&"))
}

/// Percent-encodes a query value.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_mark_words_and_escape_the_rest() {
        let html = highlighted("a <b> ferry rises", &[(6, 11)]).into_string();
        assert_eq!(html, "a &lt;b&gt; <mark>ferry</mark> rises");
        // Ranges off character boundaries are dropped, not trusted.
        assert_eq!(highlighted("é", &[(1, 2)]).into_string(), "é");
    }

    #[test]
    fn links_keep_filters_and_encode() {
        let q = SearchQuery { text: "a&b c".into(), limit: 10, ..SearchQuery::default() };
        assert_eq!(link(&q, &[], Some("X Y"), None, 20), "/search?q=a%26b+c&source=X+Y&offset=20");
        assert_eq!(link(&q, &[], None, Some("2024-02"), 0), "/search?q=a%26b+c&from=2024-02-01&to=2024-02-29");
        let near = [("country", "FR".to_string()), ("near", "48.85,2.35,50".to_string())];
        assert_eq!(link(&q, &near, None, None, 10), "/search?q=a%26b+c&country=FR&near=48.85%2C2.35%2C50&offset=10");
    }
}
