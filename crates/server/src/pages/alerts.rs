//! `/alerts`: the saved searches and what they matched lately; `/alerts/{name}.atom`: one
//! alert's matches as an Atom feed, for any feed reader. Both escape every text they show
//! (maud escapes the feed's XML text and attributes the same way).

use std::sync::Arc;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{PreEscaped, html};

use super::search::encode;
use super::{PageError, day, layout, page};
use crate::App;
use crate::api::alerts::alert_and_matches;
use crate::error::ApiError;
use crate::params::PathSegment;

/// Matches listed per alert on the page.
const RECENT: usize = 10;
/// Entries of a feed.
const FEED: usize = 50;

pub async fn list(State(app): State<Arc<App>>) -> Result<Response, PageError> {
    let alerts = app
        .query(|e| {
            let mut out = Vec::new();
            for a in e.alerts()? {
                let recent = e.alert_matches(Some(&a.name), RECENT)?;
                out.push((a, recent));
            }
            Ok(out)
        })
        .await?;
    let main = html! {
        h1 { "Alerts" }
        p.meta { "Saved searches, matched against every article as it is stored. Add one with "
            code { "newsgraph alerts add NAME QUERY" } " or " code { "POST /api/alerts" } "." }
        @if alerts.is_empty() { p.none { "No alerts yet." } }
        @for (a, recent) in &alerts {
            section.alert {
                h2 { (a.name) }
                p.meta {
                    "“" (a.search.text) "”"
                    @if let Some(s) = &a.search.source { ", source " (s) }
                    @if let Some(s) = &a.search.entity { ", entity " (s) }
                    @if let Some(s) = &a.search.story { ", story " (s) }
                    " — " (a.matches) " articles matched since " (day(Some(&a.created_at))) ". "
                    a href={ "/alerts/" (encode(&a.name)) ".atom" } { "Atom feed" }
                }
                @if recent.is_empty() { p.none { "Nothing matched yet." } }
                ol.articles {
                    @for m in recent {
                        li {
                            a href={ "/articles/" (m.article) } { (m.title.as_deref().unwrap_or("(untitled)")) }
                            span.meta { (m.source.as_deref().unwrap_or("")) " " (day(m.published.as_deref())) }
                        }
                    }
                }
            }
        }
    };
    Ok(page(StatusCode::OK, layout("Alerts", "", main)))
}

/// `/alerts/{name}.atom`. Each entry's id is the alert and the article, so a reader that saw
/// an entry never shows it twice.
pub async fn feed(State(app): State<Arc<App>>, PathSegment(file): PathSegment) -> Result<Response, PageError> {
    let Some(name) = file.strip_suffix(".atom").map(str::to_string) else {
        return Err(PageError(ApiError::NotFound(format!("no feed at /alerts/{}", crate::params::shorten(&file)))));
    };
    let lookup = name.clone();
    let found = app.query(move |e| alert_and_matches(e, &lookup, FEED)).await?;
    let (alert, matched) = found.ok_or_else(|| PageError(ApiError::NotFound(format!("no alert named {name:?}"))))?;
    let updated = matched.first().map_or(alert.created_at.as_str(), |m| m.matched_at.as_str());
    let id = |article: &str| format!("urn:newsgraph:alert:{}:{article}", encode(&alert.name));
    let xml = html! {
        (PreEscaped("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"))
        feed xmlns="http://www.w3.org/2005/Atom" {
            title { "newsgraph alert: " (alert.name) }
            id { (id("")) }
            updated { (updated) }
            link rel="self" href={ "/alerts/" (encode(&alert.name)) ".atom" } {}
            @for m in &matched {
                entry {
                    id { (id(&m.article)) }
                    title { (m.title.as_deref().unwrap_or("(untitled)")) }
                    updated { (m.matched_at) }
                    @if let Some(p) = &m.published { published { (p) } }
                    @if let Some(s) = &m.source { author { name { (s) } } }
                    link href={ "/articles/" (m.article) } {}
                }
            }
        }
    };
    Ok(([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], xml.into_string()).into_response())
}
