//! `/api/trends`: what is happening now — the window's top stories (breaking ones marked)
//! and the entities rising above their own baseline.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use newsgraph_engine::{EntityTrend, StoryTrend, TrendOptions, Trends, parse_now};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::App;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::params::{ApiQuery, MAX_LIMIT};

/// What to compare.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TrendsParams {
    /// The end of the window: a date-time (`2026-03-10T12:00:00Z`) or a day (its end);
    /// default: the end of the newest hour stored.
    pub now: Option<String>,
    /// Length of the recent window in hours (default 6, at most 744).
    pub window_hours: Option<i64>,
    /// Length of the baseline before it in days (default 14, at most 366).
    pub baseline_days: Option<i64>,
    /// Stories and entities listed (default 10, at most 100; breaking stories are listed
    /// whatever their rank).
    pub limit: Option<usize>,
}

impl TrendsParams {
    /// The engine's options, checked.
    pub fn options(&self) -> Result<TrendOptions, ApiError> {
        let defaults = TrendOptions::default();
        let limit = self.limit.unwrap_or(defaults.limit);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(ApiError::BadParameter(format!("limit must be 1 to {MAX_LIMIT}")));
        }
        Ok(TrendOptions {
            now: self.now.as_deref().map(parse_now).transpose()?,
            window_hours: self.window_hours.unwrap_or(defaults.window_hours),
            baseline_hours: self.baseline_days.map_or(defaults.baseline_hours, |d| d.saturating_mul(24)),
            limit,
        })
    }
}

/// What is happening now (the same object as `newsgraph trends --json`).
#[derive(Debug, Serialize, ToSchema)]
pub struct TrendsView {
    /// The end of the window (RFC 3339, UTC); null when nothing dated is stored.
    pub now: Option<String>,
    /// Length of the window, hours.
    pub window_hours: i64,
    /// Length of the baseline before it, hours.
    pub baseline_hours: i64,
    /// The window's top stories, most sources first, then most articles.
    pub stories: Vec<StoryTrendView>,
    /// Entities rising above their baseline, most surprising first.
    pub entities: Vec<EntityTrendView>,
}

/// One story now.
#[derive(Debug, Serialize, ToSchema)]
pub struct StoryTrendView {
    /// Story id.
    pub id: String,
    /// Its title.
    pub title: Option<String>,
    /// Articles in the window.
    pub articles: u64,
    /// Sources with articles in the window.
    pub sources: u64,
    /// Of those, sources that had not covered the story in the baseline.
    pub new_sources: u64,
    /// Articles in the baseline.
    pub baseline_articles: u64,
    /// Sources in the baseline.
    pub baseline_sources: u64,
    /// Articles the baseline explains in a window (at least 1).
    pub expected_articles: f64,
    /// New sources the baseline explains in a window (at least 1).
    pub expected_new_sources: f64,
    /// `−log10 P(articles or more)`, Poisson with the expected mean.
    pub surprise: f64,
    /// `−log10 P(new sources or more)`.
    pub source_surprise: f64,
    /// Articles and new sources well above what the baseline explains.
    pub breaking: bool,
    /// Articles per window-long block over the baseline and the window, oldest first.
    pub sparkline: Vec<u64>,
}

/// One entity now.
#[derive(Debug, Serialize, ToSchema)]
pub struct EntityTrendView {
    /// Global entity id.
    pub id: String,
    /// Its name.
    pub name: Option<String>,
    /// `PER`, `ORG`, `LOC` or `MISC`.
    pub kind: Option<String>,
    /// Articles naming it in the window.
    pub articles: u64,
    /// Articles naming it in the baseline.
    pub baseline_articles: u64,
    /// Articles the baseline explains in a window (at least 1).
    pub expected_articles: f64,
    /// `−log10 P(articles or more)`.
    pub surprise: f64,
    /// Articles per window-long block, oldest first.
    pub sparkline: Vec<u64>,
}

impl From<StoryTrend> for StoryTrendView {
    fn from(s: StoryTrend) -> StoryTrendView {
        StoryTrendView {
            id: s.id,
            title: s.title,
            articles: s.articles,
            sources: s.sources,
            new_sources: s.new_sources,
            baseline_articles: s.baseline_articles,
            baseline_sources: s.baseline_sources,
            expected_articles: s.expected_articles,
            expected_new_sources: s.expected_new_sources,
            surprise: s.surprise,
            source_surprise: s.source_surprise,
            breaking: s.breaking,
            sparkline: s.sparkline,
        }
    }
}

impl From<EntityTrend> for EntityTrendView {
    fn from(e: EntityTrend) -> EntityTrendView {
        EntityTrendView {
            id: e.id,
            name: e.name,
            kind: e.kind,
            articles: e.articles,
            baseline_articles: e.baseline_articles,
            expected_articles: e.expected_articles,
            surprise: e.surprise,
            sparkline: e.sparkline,
        }
    }
}

impl From<Trends> for TrendsView {
    fn from(t: Trends) -> TrendsView {
        TrendsView {
            now: t.now,
            window_hours: t.window_hours,
            baseline_hours: t.baseline_hours,
            stories: t.stories.into_iter().map(Into::into).collect(),
            entities: t.entities.into_iter().map(Into::into).collect(),
        }
    }
}

/// What is happening now: each story's and entity's articles in the last hours against its
/// own baseline, from counters kept as articles are linked.
#[utoipa::path(
    get, path = "/api/trends", params(TrendsParams),
    responses(
        (status = 200, description = "Top stories and rising entities", body = TrendsView),
        (status = 400, description = "Malformed or out-of-range parameter", body = ErrorBody),
    )
)]
pub async fn trends(
    State(app): State<Arc<App>>,
    ApiQuery(params): ApiQuery<TrendsParams>,
) -> ApiResult<Json<TrendsView>> {
    let options = params.options()?;
    let trends = app.query(move |e| e.trends(&options)).await?;
    Ok(Json(trends.into()))
}
