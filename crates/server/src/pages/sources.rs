//! `/sources`: the followed sources, their health and last outcomes (what `/api/sources`
//! answers, as a table).

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;

use super::{PageError, layout, page};
use crate::App;
use crate::api::sources::views;

pub async fn show(State(app): State<Arc<App>>) -> Result<Response, PageError> {
    let sources = views(app.query(|e| e.sources()).await?, chrono::Utc::now());
    let when = |t: &Option<String>| t.as_deref().map_or("never".to_string(), |t| t.replace('T', " ").replace('Z', ""));
    let main = html! {
        h1 { "Sources" }
        @if sources.is_empty() { p.none { "No source is followed: run newsgraph follow or serve --follow." } }
        @else {
            table.sources {
                thead { tr { th { "Source" } th { "Kind" } th { "Health" } th { "Last success" } th { "Articles/day" } th { "Next poll" } th { "Last error" } } }
                tbody {
                    @for s in &sources {
                        tr {
                            td { (s.title.as_deref().unwrap_or("")) br; small { (s.url) } }
                            td { (s.kind.as_deref().unwrap_or("?")) }
                            td { (s.health) }
                            td { (when(&s.last_success)) }
                            td { (format!("{:.1}", s.articles_per_day)) }
                            td { (when(&Some(s.next_poll.clone()))) }
                            td { (s.last_error.as_deref().unwrap_or("")) }
                        }
                    }
                }
            }
        }
    };
    Ok(page(StatusCode::OK, layout("Sources", "", main)))
}
