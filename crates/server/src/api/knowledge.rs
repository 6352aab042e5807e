//! What the store knows across articles: entities, quotes, events, stories, networks.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use newsgraph_engine::{EntityFilter, EntityProfile, EventFilter, PlaceProfile, QuoteFilter, Story, StoryFilter};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::App;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::params::{ApiQuery, PathSegment, empty_as_none, entity_key, geonameid, page, range, story_id};

/// Rows per page of a listing when the request does not say.
pub(crate) const DEFAULT_ROWS: usize = 20;

/// A page of a listing. Listings carry no total: counting every row would cost more than
/// the page; ask for the next page until it comes back short.
#[derive(Debug, Serialize, ToSchema)]
pub struct ListPage {
    /// Rows asked for.
    pub limit: usize,
    /// Rows skipped.
    pub offset: usize,
    /// The rows (shapes in docs/json.md: entity summaries, quotes, events, stories, edges).
    #[schema(value_type = Vec<Object>)]
    pub items: Vec<serde_json::Value>,
}

impl ListPage {
    pub(crate) fn new<T: Serialize>(rows: Vec<T>, limit: usize, offset: usize) -> ApiResult<ListPage> {
        let items = rows
            .into_iter()
            .map(serde_json::to_value)
            .collect::<Result<_, _>>()
            .map_err(|e| ApiError::Internal(format!("serialising rows: {e}")))?;
        Ok(ListPage { limit, offset, items })
    }
}

pub(crate) fn day(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

/// The entity types.
const ENTITY_TYPES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

/// Which entities.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EntityParams {
    /// Names starting with this (all when absent), most mentioned first.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub prefix: Option<String>,
    /// Only entities of this type: PER, ORG, LOC or MISC.
    #[serde(rename = "type", default, deserialize_with = "empty_as_none")]
    pub kind: Option<String>,
    /// Only entities seen on or after this day (YYYY-MM-DD).
    #[serde(default, deserialize_with = "empty_as_none")]
    #[param(value_type = Option<String>, format = Date)]
    pub since: Option<NaiveDate>,
    /// Rows per page, 1 to 100 (default 20).
    #[serde(default, deserialize_with = "empty_as_none")]
    pub limit: Option<usize>,
    /// Rows skipped, at most 10,000.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub offset: Option<usize>,
}

/// Entities by name prefix, most mentioned first.
#[utoipa::path(
    get, path = "/api/entities", params(EntityParams),
    responses((status = 200, description = "Entity summaries", body = ListPage), (status = 400, description = "Malformed parameter", body = ErrorBody))
)]
pub async fn entities(State(app): State<Arc<App>>, ApiQuery(p): ApiQuery<EntityParams>) -> ApiResult<Json<ListPage>> {
    let (limit, offset) = page(p.limit, p.offset, DEFAULT_ROWS)?;
    let prefix = p.prefix.unwrap_or_default();
    let since = day(p.since);
    if let Some(k) = &p.kind
        && !ENTITY_TYPES.contains(&k.as_str())
    {
        return Err(ApiError::BadParameter(format!("type must be one of {}, not {k:?}", ENTITY_TYPES.join(", "))));
    }
    let filter = EntityFilter { prefix, kind: p.kind, since, limit, offset };
    let rows = app.query(move |e| e.entities(&filter)).await?;
    Ok(Json(ListPage::new(rows, limit, offset)?))
}

/// Everything known about one entity: aliases, roles over time, mentions by day, quotes,
/// events and the entities it appears with.
#[utoipa::path(
    get, path = "/api/entities/{id}",
    params(("id" = String, Path, description = "A global entity id or a name")),
    responses(
        (status = 200, description = "The entity profile (docs/json.md)", body = Object),
        (status = 400, description = "Not an entity id or name", body = ErrorBody),
        (status = 404, description = "No such entity", body = ErrorBody),
        (status = 409, description = "A name that fits several entities; the message lists them", body = ErrorBody),
    )
)]
pub async fn entity(State(app): State<Arc<App>>, PathSegment(raw): PathSegment) -> ApiResult<Json<EntityProfile>> {
    let key = entity_key(&raw)?;
    let lookup = key.clone();
    let (candidates, profile) = app
        .query(move |e| {
            let candidates = e.entity_candidates(&lookup, 20)?;
            // A surname fitting several people names none of them (as `newsgraph entity`).
            if candidates.len() > 1 {
                return Ok((candidates, None));
            }
            Ok((candidates, e.entity(&lookup)?))
        })
        .await?;
    if candidates.len() > 1 {
        let listed: Vec<String> = candidates.iter().map(|c| format!("{} ({}, {})", c.name, c.kind, c.id)).collect();
        return Err(ApiError::Ambiguous(format!("{key:?} fits several entities: {}", listed.join("; "))));
    }
    Ok(Json(profile.ok_or_else(|| ApiError::NotFound(format!("no entity {key:?}")))?))
}

/// How many neighbours a network shows.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NetworkParams {
    /// Edges, 1 to 100 (default 30).
    #[serde(default, deserialize_with = "empty_as_none")]
    pub limit: Option<usize>,
    /// Edges skipped, at most 10,000.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub offset: Option<usize>,
}

/// Who an entity met, was quoted with or appears with, heaviest ties first.
#[utoipa::path(
    get, path = "/api/entities/{id}/network",
    params(("id" = String, Path, description = "A global entity id or a name"), NetworkParams),
    responses(
        (status = 200, description = "Edges", body = ListPage),
        (status = 400, description = "Malformed parameter", body = ErrorBody),
        (status = 404, description = "No such entity", body = ErrorBody),
    )
)]
pub async fn network(
    State(app): State<Arc<App>>,
    PathSegment(raw): PathSegment,
    ApiQuery(p): ApiQuery<NetworkParams>,
) -> ApiResult<Json<ListPage>> {
    let key = entity_key(&raw)?;
    let (limit, offset) = page(p.limit, p.offset, 30)?;
    let lookup = key.clone();
    let edges = app
        .query(move |e| match e.entity_id(&lookup)? {
            Some(id) => e.network(&id, limit, offset).map(Some),
            None => Ok(None),
        })
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no entity {key:?}")))?;
    Ok(Json(ListPage::new(edges, limit, offset)?))
}

/// Which quotes.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct QuoteParams {
    /// Speaker: a name or a global entity id.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub by: Option<String>,
    /// Words the quote contains.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub about: Option<String>,
    /// From this publication day (YYYY-MM-DD).
    #[serde(default, deserialize_with = "empty_as_none")]
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<NaiveDate>,
    /// To this publication day (YYYY-MM-DD).
    #[serde(default, deserialize_with = "empty_as_none")]
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<NaiveDate>,
    /// Only articles from this source (outlet name, case-insensitive).
    #[serde(default, deserialize_with = "empty_as_none")]
    pub source: Option<String>,
    /// Rows per page, 1 to 100 (default 20).
    #[serde(default, deserialize_with = "empty_as_none")]
    pub limit: Option<usize>,
    /// Rows skipped, at most 10,000.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub offset: Option<usize>,
}

impl QuoteParams {
    pub fn filter(&self) -> ApiResult<QuoteFilter> {
        let (limit, offset) = page(self.limit, self.offset, DEFAULT_ROWS)?;
        range(self.from, self.to)?;
        let by = self.by.as_deref().map(entity_key).transpose()?;
        Ok(QuoteFilter {
            by,
            about: self.about.clone(),
            from: day(self.from),
            to: day(self.to),
            source: self.source.clone(),
            limit,
            offset,
        })
    }
}

/// Quotes by speaker, words and date, newest first.
#[utoipa::path(
    get, path = "/api/quotes", params(QuoteParams),
    responses((status = 200, description = "Quotes", body = ListPage), (status = 400, description = "Malformed parameter", body = ErrorBody))
)]
pub async fn quotes(State(app): State<Arc<App>>, ApiQuery(p): ApiQuery<QuoteParams>) -> ApiResult<Json<ListPage>> {
    let filter = p.filter()?;
    let (limit, offset) = (filter.limit, filter.offset);
    let rows = app.query(move |e| e.quotes(&filter)).await?;
    Ok(Json(ListPage::new(rows, limit, offset)?))
}

/// Which events.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EventParams {
    /// Event type (`meet`, `visit`, `warn`, … see docs/events.md).
    #[serde(rename = "type", default, deserialize_with = "empty_as_none")]
    #[param(rename = "type")]
    pub kind: Option<String>,
    /// A participant: a name or a global entity id.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub with: Option<String>,
    /// `happened`, `ongoing`, `scheduled`, `negated` or `hypothetical`.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub status: Option<String>,
    /// From this day (YYYY-MM-DD; the event's date when known, else the publication day).
    #[serde(default, deserialize_with = "empty_as_none")]
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<NaiveDate>,
    /// To this day (YYYY-MM-DD).
    #[serde(default, deserialize_with = "empty_as_none")]
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<NaiveDate>,
    /// Only articles from this source (outlet name, case-insensitive).
    #[serde(default, deserialize_with = "empty_as_none")]
    pub source: Option<String>,
    /// Rows per page, 1 to 100 (default 20).
    #[serde(default, deserialize_with = "empty_as_none")]
    pub limit: Option<usize>,
    /// Rows skipped, at most 10,000.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub offset: Option<usize>,
}

/// The statuses an event can have.
const STATUSES: [&str; 5] = ["happened", "ongoing", "scheduled", "negated", "hypothetical"];

/// Events by type, participant, status and date, newest first.
#[utoipa::path(
    get, path = "/api/events", params(EventParams),
    responses((status = 200, description = "Events", body = ListPage), (status = 400, description = "Malformed parameter", body = ErrorBody))
)]
pub async fn events(State(app): State<Arc<App>>, ApiQuery(p): ApiQuery<EventParams>) -> ApiResult<Json<ListPage>> {
    let (limit, offset) = page(p.limit, p.offset, DEFAULT_ROWS)?;
    range(p.from, p.to)?;
    if let Some(s) = &p.status
        && !STATUSES.contains(&s.as_str())
    {
        return Err(ApiError::BadParameter(format!("status must be one of {}, not {s:?}", STATUSES.join(", "))));
    }
    let with = p.with.as_deref().map(entity_key).transpose()?;
    let filter = EventFilter {
        kind: p.kind,
        with,
        status: p.status,
        from: day(p.from),
        to: day(p.to),
        source: p.source,
        limit,
        offset,
    };
    let rows = app.query(move |e| e.events(&filter)).await?;
    Ok(Json(ListPage::new(rows, limit, offset)?))
}

/// Which stories.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct StoryParams {
    /// Stories seen on or after this day (YYYY-MM-DD).
    #[serde(default, deserialize_with = "empty_as_none")]
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<NaiveDate>,
    /// Stories that began on or before this day (YYYY-MM-DD).
    #[serde(default, deserialize_with = "empty_as_none")]
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<NaiveDate>,
    /// Only articles from this source (outlet name, case-insensitive).
    #[serde(default, deserialize_with = "empty_as_none")]
    pub source: Option<String>,
    /// Rows per page, 1 to 100 (default 20).
    #[serde(default, deserialize_with = "empty_as_none")]
    pub limit: Option<usize>,
    /// Rows skipped, at most 10,000.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub offset: Option<usize>,
}

impl StoryParams {
    pub fn filter(&self) -> ApiResult<StoryFilter> {
        let (limit, offset) = page(self.limit, self.offset, DEFAULT_ROWS)?;
        range(self.from, self.to)?;
        Ok(StoryFilter { from: day(self.from), to: day(self.to), source: self.source.clone(), limit, offset })
    }
}

/// Stories, most recently active first.
#[utoipa::path(
    get, path = "/api/stories", params(StoryParams),
    responses((status = 200, description = "Stories", body = ListPage), (status = 400, description = "Malformed parameter", body = ErrorBody))
)]
pub async fn stories(State(app): State<Arc<App>>, ApiQuery(p): ApiQuery<StoryParams>) -> ApiResult<Json<ListPage>> {
    let filter = p.filter()?;
    let (limit, offset) = (filter.limit, filter.offset);
    let rows = app.query(move |e| e.stories(&filter)).await?;
    Ok(Json(ListPage::new(rows, limit, offset)?))
}

/// One story: its articles, sources and main entities. A story merged into another
/// answers as that one.
#[utoipa::path(
    get, path = "/api/stories/{id}",
    params(("id" = String, Path, description = "Story id")),
    responses(
        (status = 200, description = "The story (docs/json.md)", body = Object),
        (status = 400, description = "Not a story id", body = ErrorBody),
        (status = 404, description = "No such story", body = ErrorBody),
    )
)]
pub async fn story(State(app): State<Arc<App>>, PathSegment(raw): PathSegment) -> ApiResult<Json<Story>> {
    let id = story_id(&raw)?;
    let lookup = id.clone();
    let story = app.query(move |e| e.story(&lookup)).await?;
    Ok(Json(story.ok_or_else(|| ApiError::NotFound(format!("no story {id}")))?))
}

/// A story as a briefing: a short summary chosen across its articles (wire copies read
/// once), who is quoted, which sources covered it when, and its events in order.
#[utoipa::path(
    get, path = "/api/stories/{id}/briefing",
    params(("id" = String, Path, description = "Story id")),
    responses(
        (status = 200, description = "The briefing (docs/json.md)", body = Object),
        (status = 400, description = "Not a story id", body = ErrorBody),
        (status = 404, description = "No such story", body = ErrorBody),
    )
)]
pub async fn briefing(
    State(app): State<Arc<App>>,
    PathSegment(raw): PathSegment,
) -> ApiResult<Json<newsgraph_engine::Briefing>> {
    let id = story_id(&raw)?;
    let lookup = id.clone();
    let briefing = app.query(move |e| e.briefing(&lookup)).await?;
    Ok(Json(briefing.ok_or_else(|| ApiError::NotFound(format!("no story {id}")))?))
}

/// One place by GeoNames id: where it lies, the articles that name it and the events there,
/// newest first.
#[utoipa::path(
    get, path = "/api/places/{id}",
    params(("id" = String, Path, description = "GeoNames id")),
    responses(
        (status = 200, description = "The place (docs/json.md)", body = Object),
        (status = 400, description = "Not a GeoNames id", body = ErrorBody),
        (status = 404, description = "No article names this place", body = ErrorBody),
    )
)]
pub async fn place(State(app): State<Arc<App>>, PathSegment(raw): PathSegment) -> ApiResult<Json<PlaceProfile>> {
    let id = geonameid(&raw)?;
    let place = app.query(move |e| e.place(id)).await?;
    Ok(Json(place.ok_or_else(|| ApiError::NotFound(format!("no place {id}")))?))
}
