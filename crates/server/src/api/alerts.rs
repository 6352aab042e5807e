//! `/api/alerts`: saved searches and the articles they matched. Reads are open; saving and
//! removing need the token, as `POST /api/articles` does.

use std::sync::Arc;

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use newsgraph_engine::{AlertMatch, SavedAlert, SavedSearch};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::App;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::params::{ApiQuery, MAX_LIMIT, PathSegment};

/// Largest alert body accepted.
const MAX_ALERT_BODY: usize = 16 << 10;

/// An alert to save.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAlert {
    /// Its name (unique, 1 to 100 characters).
    pub name: String,
    /// Words that must all appear, whole words in any case (empty: every article passing the
    /// filters).
    #[serde(default)]
    pub text: String,
    /// Only this source (any case).
    pub source: Option<String>,
    /// Only articles naming this entity (a name or global id, resolved when saved).
    pub entity: Option<String>,
    /// Only articles of this story.
    pub story: Option<String>,
    /// Earliest publication day.
    #[schema(value_type = Option<String>, format = Date)]
    pub from: Option<NaiveDate>,
    /// Latest publication day.
    #[schema(value_type = Option<String>, format = Date)]
    pub to: Option<NaiveDate>,
    /// POST each match as JSON to this http:// address, signed with HMAC-SHA256 under the
    /// `secret` of the answer (header `X-Newsgraph-Signature: sha256=HEX`).
    pub webhook: Option<String>,
}

/// A saved alert (as `alerts list --json`).
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertView {
    /// Its name.
    pub name: String,
    /// What it looks for: `text` and the filters given (`entity` as a global id).
    #[schema(value_type = Object)]
    pub search: serde_json::Value,
    /// When it was saved (RFC 3339).
    pub created_at: String,
    /// Articles matched so far.
    pub matches: u64,
    /// Its webhook, if any.
    pub webhook: Option<String>,
    /// The secret signing the webhook's bodies: only in the answer to the POST that saved it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

/// An article an alert matched (as `alerts check --json`).
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertMatchView {
    /// The alert.
    pub alert: String,
    /// The article's id.
    pub article: String,
    /// Its headline.
    pub title: Option<String>,
    /// Its source.
    pub source: Option<String>,
    /// Its publication date as stored.
    pub published: Option<String>,
    /// When the match was recorded (RFC 3339).
    pub matched_at: String,
}

/// Alerts, by name.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertList {
    /// Every alert.
    pub items: Vec<AlertView>,
}

/// An alert's matches, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct MatchList {
    /// The matches.
    pub items: Vec<AlertMatchView>,
}

/// How many matches.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MatchParams {
    /// Most matches listed (default 20, at most 100).
    pub limit: Option<usize>,
}

impl From<SavedAlert> for AlertView {
    fn from(a: SavedAlert) -> AlertView {
        AlertView {
            name: a.name,
            search: serde_json::to_value(a.search).unwrap_or_default(),
            created_at: a.created_at,
            matches: a.matches,
            webhook: a.webhook,
            secret: a.secret,
        }
    }
}

impl From<AlertMatch> for AlertMatchView {
    fn from(m: AlertMatch) -> AlertMatchView {
        AlertMatchView {
            alert: m.alert,
            article: m.article,
            title: m.title,
            source: m.source,
            published: m.published,
            matched_at: m.matched_at,
        }
    }
}

/// Every alert, with how many articles it matched.
#[utoipa::path(get, path = "/api/alerts", responses((status = 200, description = "The alerts", body = AlertList)))]
pub async fn list(State(app): State<Arc<App>>) -> ApiResult<Json<AlertList>> {
    let alerts = app.query(|e| e.alerts()).await?;
    Ok(Json(AlertList { items: alerts.into_iter().map(Into::into).collect() }))
}

/// Saves an alert: every article stored from now on that matches it is recorded. Needs
/// `Authorization: Bearer <token>`.
#[utoipa::path(
    post, path = "/api/alerts", request_body = NewAlert, security(("bearer" = [])),
    responses(
        (status = 201, description = "Saved", body = AlertView),
        (status = 400, description = "A bad name or filter, an unknown entity, or a name already taken", body = ErrorBody),
        (status = 401, description = "Missing or wrong token", body = ErrorBody),
        (status = 403, description = "Writes are off (no token configured)", body = ErrorBody),
        (status = 408, description = "The body did not arrive in time", body = ErrorBody),
        (status = 413, description = "The body is over the limit", body = ErrorBody),
        (status = 422, description = "The body is not an alert", body = ErrorBody),
    )
)]
pub async fn add(State(app): State<Arc<App>>, headers: HeaderMap, body: Body) -> ApiResult<Response> {
    app.authorize(&headers)?;
    let bytes = tokio::time::timeout(app.limits.body_timeout, crate::api::read_body(body, MAX_ALERT_BODY))
        .await
        .map_err(|_| ApiError::RequestTimeout)??;
    let new: NewAlert =
        serde_json::from_slice(&bytes).map_err(|e| ApiError::BadBody(format!("the body is not an alert: {e}")))?;
    let search = SavedSearch {
        text: new.text,
        source: new.source,
        entity: new.entity,
        story: new.story,
        from: new.from,
        to: new.to,
    };
    let (name, webhook) = (new.name, new.webhook);
    let saved =
        tokio::task::spawn_blocking(move || app.engines.write(|e| e.add_alert(&name, search, webhook.as_deref())))
            .await
            .map_err(|e| ApiError::Internal(format!("alert task: {e}")))??;
    Ok((StatusCode::CREATED, Json(AlertView::from(saved))).into_response())
}

/// Removes an alert and its matches. Needs the token.
#[utoipa::path(
    delete, path = "/api/alerts/{name}", params(("name" = String, Path, description = "The alert's name")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Missing or wrong token", body = ErrorBody),
        (status = 403, description = "Writes are off (no token configured)", body = ErrorBody),
        (status = 404, description = "No alert of that name", body = ErrorBody),
    )
)]
pub async fn remove(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    PathSegment(name): PathSegment,
) -> ApiResult<StatusCode> {
    app.authorize(&headers)?;
    let shown = name.clone();
    let removed = tokio::task::spawn_blocking(move || app.engines.write(|e| e.remove_alert(&name)))
        .await
        .map_err(|e| ApiError::Internal(format!("alert task: {e}")))??;
    if removed { Ok(StatusCode::NO_CONTENT) } else { Err(ApiError::NotFound(format!("no alert named {shown:?}"))) }
}

/// The articles an alert matched, newest first.
#[utoipa::path(
    get, path = "/api/alerts/{name}/matches",
    params(("name" = String, Path, description = "The alert's name"), MatchParams),
    responses(
        (status = 200, description = "The matches", body = MatchList),
        (status = 400, description = "Malformed or out-of-range parameter", body = ErrorBody),
        (status = 404, description = "No alert of that name", body = ErrorBody),
    )
)]
pub async fn matches(
    State(app): State<Arc<App>>,
    PathSegment(name): PathSegment,
    ApiQuery(params): ApiQuery<MatchParams>,
) -> ApiResult<Json<MatchList>> {
    let limit = params.limit.unwrap_or(20);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::BadParameter(format!("limit must be 1 to {MAX_LIMIT}")));
    }
    let found = app.query(move |e| alert_and_matches(e, &name, limit)).await?;
    let (_, matched) = found.ok_or_else(|| ApiError::NotFound("no alert of that name".into()))?;
    Ok(Json(MatchList { items: matched.into_iter().map(Into::into).collect() }))
}

/// An alert and its newest matches, if it exists.
pub(crate) fn alert_and_matches(
    e: &newsgraph_engine::Engine,
    name: &str,
    limit: usize,
) -> newsgraph_engine::Result<Option<(SavedAlert, Vec<AlertMatch>)>> {
    let Some(alert) = e.alerts()?.into_iter().find(|a| a.name == name) else { return Ok(None) };
    Ok(Some((alert, e.alert_matches(Some(name), limit)?)))
}
