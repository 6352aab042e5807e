//! `/api/threads`: stories that continue one another over weeks or months.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use newsgraph_engine::{Thread, ThreadFilter};
use serde::Deserialize;
use utoipa::IntoParams;

use super::knowledge::{DEFAULT_ROWS, ListPage, day};
use crate::App;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::params::{ApiQuery, PathSegment, empty_as_none, page, range, thread_id};

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ThreadParams {
    /// Threads seen on or after this day (YYYY-MM-DD).
    #[serde(default, deserialize_with = "empty_as_none")]
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<NaiveDate>,
    /// Threads that began on or before this day (YYYY-MM-DD).
    #[serde(default, deserialize_with = "empty_as_none")]
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<NaiveDate>,
    /// Rows per page, 1 to 100 (default 20).
    #[serde(default, deserialize_with = "empty_as_none")]
    pub limit: Option<usize>,
    /// Rows skipped, at most 10,000.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub offset: Option<usize>,
}

impl ThreadParams {
    pub fn filter(&self) -> ApiResult<ThreadFilter> {
        let (limit, offset) = page(self.limit, self.offset, DEFAULT_ROWS)?;
        range(self.from, self.to)?;
        Ok(ThreadFilter { from: day(self.from), to: day(self.to), limit, offset })
    }
}

/// Threads, most recently active first.
#[utoipa::path(
    get, path = "/api/threads", params(ThreadParams),
    responses((status = 200, description = "Threads", body = ListPage), (status = 400, description = "Malformed parameter", body = ErrorBody))
)]
pub async fn threads(State(app): State<Arc<App>>, ApiQuery(p): ApiQuery<ThreadParams>) -> ApiResult<Json<ListPage>> {
    let filter = p.filter()?;
    let (limit, offset) = (filter.limit, filter.offset);
    let rows = app.query(move |e| e.threads(&filter)).await?;
    Ok(Json(ListPage::new(rows, limit, offset)?))
}

/// One thread with its stories, in the order they began.
#[utoipa::path(
    get, path = "/api/threads/{id}",
    params(("id" = String, Path, description = "Thread id")),
    responses(
        (status = 200, description = "The thread (docs/json.md)", body = Object),
        (status = 400, description = "Not a thread id", body = ErrorBody),
        (status = 404, description = "No such thread", body = ErrorBody),
    )
)]
pub async fn thread(State(app): State<Arc<App>>, PathSegment(raw): PathSegment) -> ApiResult<Json<Thread>> {
    let id = thread_id(&raw)?;
    let lookup = id.clone();
    let thread = app.query(move |e| e.thread(&lookup)).await?;
    Ok(Json(thread.ok_or_else(|| ApiError::NotFound(format!("no thread {id}")))?))
}
