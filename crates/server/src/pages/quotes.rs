//! `/quotes`: quotes by speaker, words and date, newest first.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;

use super::search::encode;
use super::{PageError, day, layout, page};
use crate::App;
use crate::api::knowledge::QuoteParams;
use crate::error::ApiError;
use crate::params::ApiQuery;

pub async fn show(
    State(app): State<Arc<App>>,
    params: Result<ApiQuery<QuoteParams>, ApiError>,
) -> Result<Response, PageError> {
    // Rejections come as HTML here: the extractor's own answer would be JSON.
    let ApiQuery(params) = params?;
    let filter = params.filter()?;
    let f = filter.clone();
    let rows = app.query(move |e| e.quotes(&f)).await?;
    let link = |offset: usize| {
        let mut q = vec![];
        if let Some(b) = &filter.by {
            q.push(format!("by={}", encode(b)));
        }
        if let Some(a) = &filter.about {
            q.push(format!("about={}", encode(a)));
        }
        for (k, v) in [("from", &filter.from), ("to", &filter.to)] {
            if let Some(v) = v {
                q.push(format!("{k}={}", encode(v)));
            }
        }
        q.push(format!("offset={offset}"));
        format!("/quotes?{}", q.join("&"))
    };
    let main = html! {
        h1 { "Quotes" }
        form.filters action="/quotes" method="get" {
            label { "Speaker " input type="text" name="by" value=(filter.by.as_deref().unwrap_or("")); }
            label { "Words " input type="text" name="about" value=(filter.about.as_deref().unwrap_or("")); }
            label { "From " input type="date" name="from" value=(filter.from.as_deref().unwrap_or("")); }
            label { "To " input type="date" name="to" value=(filter.to.as_deref().unwrap_or("")); }
            button type="submit" { "Filter" }
        }
        @if rows.is_empty() { p.none { "No quotes match." } }
        ol.quotelist start=(filter.offset + 1) {
            @for q in &rows {
                li {
                    span.who {
                        @match (&q.speaker, &q.speaker_name) {
                            (Some(id), name) => a href={ "/entities/" (encode(id)) } { (name.as_deref().unwrap_or(id)) },
                            (None, Some(name)) => (name),
                            (None, None) => "(unattributed)",
                        }
                    }
                    " " span.cue { (q.cue.as_deref().unwrap_or("")) }
                    blockquote { (q.content) }
                    span.meta {
                        (day(q.day.as_deref()))
                        @if let Some(d) = &q.date { " · said " (d) }
                        " · " a href={ "/articles/" (q.article) } { "article" }
                    }
                }
            }
        }
        nav.pages {
            @if filter.offset > 0 { a rel="prev" href=(link(filter.offset.saturating_sub(filter.limit))) { "← Previous" } }
            @if rows.len() == filter.limit { a rel="next" href=(link(filter.offset + filter.limit)) { "Next →" } }
        }
    };
    Ok(page(StatusCode::OK, layout("Quotes", "", main)))
}
