//! `/stories/{id}`: a story's articles over time, its sources and main entities.

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
            Ok(Some((story, hits, places)))
        })
        .await?;
    let (story, hits, places) = found.ok_or_else(|| ApiError::NotFound(format!("There is no story {id}.")))?;
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
