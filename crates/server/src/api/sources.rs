//! `/api/sources`: the sources `serve --follow` (or `newsgraph follow`) polls, with their
//! fetch state and health.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

use crate::App;
use crate::error::ApiResult;

/// A followed source (the same as an entry of `newsgraph sources --json`).
#[derive(Debug, Serialize, ToSchema)]
pub struct SourceView {
    /// Its URL.
    pub url: String,
    /// What it is: `feed`, `sitemap` or `front` (null until first fetched).
    pub kind: Option<String>,
    /// Its name.
    pub title: Option<String>,
    /// `new` (not polled yet), `ok`, `failing` (three polls or more failed in a row) or
    /// `quiet` (it delivered before but has listed nothing new for a long while).
    pub health: String,
    /// When it last answered (RFC 3339, UTC).
    pub last_success: Option<String>,
    /// Its last error.
    pub last_error: Option<String>,
    /// When that error happened.
    pub last_error_at: Option<String>,
    /// Polls failed in a row.
    pub errors: i64,
    /// Articles stored from it, ever.
    pub articles: i64,
    /// Articles a day over the last week.
    pub articles_per_day: f64,
    /// Seconds between polls, as the schedule set it.
    pub interval_secs: i64,
    /// When it is polled next.
    pub next_poll: String,
}

/// The followed sources, in URL order.
#[utoipa::path(get, path = "/api/sources", responses((status = 200, description = "Followed sources", body = Vec<SourceView>)))]
pub async fn sources(State(app): State<Arc<App>>) -> ApiResult<Json<Vec<SourceView>>> {
    let sources = app.query(|e| e.sources()).await?;
    Ok(Json(views(sources, chrono::Utc::now())))
}

/// The sources as the API and the `/sources` page show them.
pub(crate) fn views(sources: Vec<newsgraph_engine::Source>, now: chrono::DateTime<chrono::Utc>) -> Vec<SourceView> {
    sources
        .into_iter()
        .map(|s| {
            let health = serde_json::to_value(newsgraph_follow::health(&s, now))
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            SourceView {
                health,
                articles_per_day: newsgraph_follow::articles_per_day(&s, now),
                url: s.url,
                kind: s.kind,
                title: s.title,
                last_success: s.last_success,
                last_error: s.last_error,
                last_error_at: s.last_error_at,
                errors: s.errors,
                articles: s.articles,
                interval_secs: s.interval_secs,
                next_poll: s.next_poll,
            }
        })
        .collect()
}
