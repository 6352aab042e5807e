//! `/`: what the knowledge base holds and what came in last.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;

use super::{PageError, day, layout, page};
use crate::App;

/// Articles listed on the home page.
const RECENT: usize = 20;

pub async fn show(State(app): State<Arc<App>>) -> Result<Response, PageError> {
    let (stats, recent) = app.query(|e| Ok((e.stats()?, e.recent(RECENT)?))).await?;
    let main = html! {
        section.summary {
            h1 { "The knowledge base" }
            p {
                (stats.articles) " articles from " (stats.sources) " sources"
                @if let (Some(first), Some(last)) = (&stats.first_published, &stats.last_published) {
                    ", published " (first) " to " (last)
                }
                "; " (stats.entities) " entities, " (stats.quotes) " quotes, "
                (stats.time_expressions) " time expressions and " (stats.events) " events found in them."
            }
        }
        section.recent {
            h2 { "Latest articles" }
            @if recent.is_empty() {
                p { "Nothing ingested yet: run " code { "newsgraph ingest PATH" } "." }
            }
            ol.articles {
                @for a in &recent {
                    li {
                        a href={ "/articles/" (a.id) } { (a.title.as_deref().unwrap_or("(untitled)")) }
                        span.meta { (a.source.as_deref().unwrap_or("")) " " (day(a.published.as_deref())) }
                    }
                }
            }
        }
    };
    Ok(page(StatusCode::OK, layout("Home", "", main)))
}
