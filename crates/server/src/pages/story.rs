//! `/stories/{id}`: a story as a briefing (summary, who is quoted, who covered it when, its
//! events), then its articles over time, its sources and main entities.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;
use newsgraph_engine::SearchQuery;

use super::charts;
use super::search::encode;
use super::{PageError, day, layout, map, page};
use crate::App;
use crate::error::ApiError;
use crate::params::{PathSegment, story_id};

/// Articles listed (newest first); the chart counts the same ones.
const LISTED: usize = 100;

pub async fn show(State(app): State<Arc<App>>, raw: Result<PathSegment, ApiError>) -> Result<Response, PageError> {
    let PathSegment(raw) = raw?;
    let id = story_id(&raw)?;
    let lookup = id.clone();
    let found = app
        .query(move |e| {
            let Some(story) = e.story(&lookup)? else { return Ok(None) };
            // Titles, sources and days come from the index: cheaper than loading each article.
            let q = SearchQuery { story: Some(story.id.clone()), limit: LISTED, ..SearchQuery::default() };
            let hits = e.search(&q)?;
            let places = e.places_of(&story.articles, None)?;
            let briefing = e.briefing(&story.id)?;
            Ok(Some((story, hits, places, briefing)))
        })
        .await?;
    let (story, hits, places, briefing) =
        found.ok_or_else(|| ApiError::NotFound(format!("There is no story {id}.")))?;
    let mut by_day: BTreeMap<String, u64> = BTreeMap::new();
    for h in &hits.hits {
        if let Some(p) = &h.published {
            *by_day.entry(day(Some(p)).to_string()).or_default() += 1;
        }
    }
    let counts: Vec<(String, u64)> = by_day.into_iter().collect();
    let title = story.title.clone().unwrap_or_else(|| format!("Story {}", story.id));
    let main = html! {
        article.story {
            h1 { (title) }
            p.meta {
                (story.articles.len()) " articles"
                @if let (Some(a), Some(b)) = (&story.first_seen, &story.last_seen) { ", " (a) " to " (b) }
                " · id " code { (story.id) } " · " a href={ "/api/stories/" (story.id) } { "JSON" }
                @if let Some(t) = &story.thread { " · " a.thread href={ "/threads/" (encode(t)) } { "part of a thread" } }
            }
            @if let Some(b) = &briefing {
                section.briefing {
                    h2 { "In brief" }
                    @if b.summary.is_empty() { p.none { "No sentence to summarise it with." } }
                    @for s in &b.summary {
                        p { (s.text) " " span.meta { "(" a href={ "/articles/" (s.article) } { (s.source.as_deref().unwrap_or("source unknown")) }
                            " " (day(s.published.as_deref())) ")" } }
                    }
                    @if b.copies > 0 { p.meta { (b.copies) " wire copies read once, through their originals." } }
                    div.panels {
                        section {
                            h3 { "Who is quoted" }
                            @if b.quoted.is_empty() { p.none { "Nobody." } }
                            ul { @for q in b.quoted.iter().take(10) {
                                li {
                                    @if let Some(id) = &q.entity { a href={ "/entities/" (encode(id)) } { (q.name) } } @else { (q.name) }
                                    " " span.count { (q.quotes) " quotes" }
                                }
                            } }
                        }
                        section {
                            h3 { "Who covered it when" }
                            ul { @for c in &b.coverage {
                                li { (c.source) " " span.meta { (c.articles) " articles, " (day(c.first.as_deref())) " – " (day(c.last.as_deref())) } }
                            } }
                        }
                        @if !b.events.is_empty() {
                            section {
                                h3 { "Events" }
                                ol { @for e in b.events.iter().take(15) {
                                    li { span.meta { (e.date.as_deref().unwrap_or("")) } " " (e.kind) @if let Some(w) = &e.what { ": " (w) } }
                                } }
                            }
                        }
                    }
                }
            }
            div.panels {
                @if !places.is_empty() {
                    section.places {
                        h2 { "Places (" (places.len()) ")" }
                        (map::map(&map::pins(&places), "Where the story's places lie"))
                    }
                }
                section {
                    h2 { "Articles over time" }
                    (charts::bars_by_day(&counts, "Articles of the story by day"))
                }
                section {
                    h2 { "Sources" }
                    ul { @for s in &story.sources { li { a href={ "/search?source=" (encode(s)) } { (s) } } } }
                }
                section {
                    h2 { "Main entities" }
                    ul { @for e in &story.entities {
                        li { a href={ "/entities/" (encode(&e.id)) } { (e.name) } " " span.count { (e.count) } }
                    } }
                }
                section.articles {
                    h2 { "Articles" }
                    ol.articles {
                        @for h in &hits.hits {
                            li {
                                a href={ "/articles/" (h.id) } { (h.title.as_deref().unwrap_or("(untitled)")) }
                                span.meta { (h.source.as_deref().unwrap_or("")) " " (day(h.published.as_deref())) }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(page(StatusCode::OK, layout(&title, "", main)))
}
