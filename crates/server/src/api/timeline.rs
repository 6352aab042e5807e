//! `/api/timeline`: attention over time, a search's articles per day or hour and their
//! share of all articles of each period.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use newsgraph_engine::Timeline;
use serde::Serialize;
use utoipa::ToSchema;

use crate::App;
use crate::api::with_entity;
use crate::error::{ApiResult, ErrorBody};
use crate::params::{ApiQuery, SearchParams, TimelineParams};

/// A search's articles per period (the same object as `newsgraph timeline --json`).
#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineView {
    /// `day` (the article's own calendar day) or `hour` (UTC).
    pub by: String,
    /// Articles the search matches in all.
    pub total: u64,
    /// Of those, articles without a publication date (in no period).
    pub undated: u64,
    /// Of those, by hour only: articles dated to the day with no time (in no period).
    pub day_only: u64,
    /// Every period from the first match to the last (widened to `from`–`to` when given),
    /// empty ones included, oldest first.
    pub periods: Vec<PeriodView>,
}

/// One day or hour.
#[derive(Debug, Serialize, ToSchema)]
pub struct PeriodView {
    /// Its start: `2026-03-10` by day, `2026-03-10T09:00:00Z` by hour.
    pub start: String,
    /// Articles the search matches.
    pub count: u64,
    /// Articles of the period in all (the denominator).
    pub all: u64,
    /// `count / all`, 0 when the period has no articles.
    pub share: f64,
}

impl From<Timeline> for TimelineView {
    fn from(t: Timeline) -> TimelineView {
        TimelineView {
            by: t.by.to_string(),
            total: t.total,
            undated: t.undated,
            day_only: t.day_only,
            periods: t
                .periods
                .into_iter()
                .map(|p| PeriodView { start: p.start, count: p.count, all: p.all, share: p.share })
                .collect(),
        }
    }
}

/// Attention over time: how many articles a search matches per day or hour, and their share
/// of all articles of the period. Takes the parameters of `/api/search` (paging ignored).
#[utoipa::path(
    get, path = "/api/timeline", params(SearchParams, TimelineParams),
    responses(
        (status = 200, description = "Counts per period", body = TimelineView),
        (status = 400, description = "Malformed or out-of-range parameter, or more periods than one timeline lists", body = ErrorBody),
        (status = 404, description = "The entity filter names no entity", body = ErrorBody),
        (status = 503, description = "By hour on an index built before hours were indexed (run `newsgraph reindex`)", body = ErrorBody),
    )
)]
pub async fn timeline(
    State(app): State<Arc<App>>,
    ApiQuery(params): ApiQuery<TimelineParams>,
) -> ApiResult<Json<TimelineView>> {
    let query = params.search.to_query()?;
    let places = params.search.places()?;
    let by = params.by.unwrap_or_default();
    let timeline = app.query(move |e| with_entity(e, query, |q| e.timeline(q, &places, by))).await??;
    Ok(Json(timeline.into()))
}
