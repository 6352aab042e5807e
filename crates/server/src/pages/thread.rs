//! `/threads` and `/threads/{id}`: stories that continue one another, the thread's stories on
//! a timeline.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;
use newsgraph_engine::ThreadFilter;

use super::charts;
use super::search::encode;
use super::{PageError, day, layout, page};
use crate::App;
use crate::error::ApiError;
use crate::params::{PathSegment, thread_id};

/// Threads listed, most recently active first.
const LISTED: usize = 50;

pub async fn list(State(app): State<Arc<App>>) -> Result<Response, PageError> {
    let threads = app.query(|e| e.threads(&ThreadFilter { limit: LISTED, ..ThreadFilter::default() })).await?;
    let main = html! {
        h1 { "Threads" }
        p.meta { "Stories that continue one another over weeks or months." }
        @if threads.is_empty() { p.none { "No story has continued another yet." } }
        ol.threads {
            @for t in &threads {
                li {
                    a href={ "/threads/" (encode(&t.id)) } { (t.title.as_deref().unwrap_or(&t.id)) }
                    span.meta { " " (t.story_count) " stories, " (t.articles) " articles, "
                        (day(t.first_seen.as_deref())) " – " (day(t.last_seen.as_deref())) }
                }
            }
        }
    };
    Ok(page(StatusCode::OK, layout("Threads", "", main)))
}

pub async fn show(State(app): State<Arc<App>>, raw: Result<PathSegment, ApiError>) -> Result<Response, PageError> {
    let PathSegment(raw) = raw?;
    let id = thread_id(&raw)?;
    let lookup = id.clone();
    let thread = app
        .query(move |e| e.thread(&lookup))
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("There is no thread {id}.")))?;
    // The timeline: each story's articles on the day it began.
    let mut by_day: BTreeMap<String, u64> = BTreeMap::new();
    for s in &thread.stories {
        if let Some(first) = &s.first_seen {
            *by_day.entry(day(Some(first)).to_string()).or_default() += s.articles;
        }
    }
    let counts: Vec<(String, u64)> = by_day.into_iter().collect();
    let title = thread.title.clone().unwrap_or_else(|| format!("Thread {}", thread.id));
    let main = html! {
        article.thread {
            h1 { (title) }
            p.meta {
                (thread.story_count) " stories, " (thread.articles) " articles"
                @if let (Some(a), Some(b)) = (&thread.first_seen, &thread.last_seen) { ", " (a) " to " (b) }
                " · id " code { (thread.id) } " · " a href={ "/api/threads/" (encode(&thread.id)) } { "JSON" }
            }
            section {
                h2 { "Articles over time, by the day each story began" }
                (charts::bars_by_day(&counts, "Articles of the thread's stories by the day each began"))
            }
            section {
                h2 { "Stories, in the order they began" }
                ol.timeline {
                    @for s in &thread.stories {
                        li {
                            span.meta { (day(s.first_seen.as_deref())) " – " (day(s.last_seen.as_deref())) " " }
                            a href={ "/stories/" (encode(&s.id)) } { (s.title.as_deref().unwrap_or(&s.id)) }
                            " " span.count { (s.articles) " articles" }
                        }
                    }
                }
            }
        }
    };
    Ok(page(StatusCode::OK, layout(&title, "", main)))
}
