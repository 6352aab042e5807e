//! The JSON API under `/api`: handlers call the engine and shape its answers; the OpenAPI
//! document is generated from the annotations here.

use std::sync::Arc;

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use newsgraph_document::Published;
use newsgraph_engine::{Format, Hit, IngestOptions, IngestReport, LinkReport, ReadOptions, SearchResults, Stats};
use newsgraph_readers::{Item, read_bytes};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

pub mod alerts;
pub mod knowledge;
pub mod sources;
pub mod threads;
pub mod timeline;
pub mod trends;

use crate::App;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::params::{ApiQuery, PathSegment, SearchParams, article_id, shorten};

/// A page of search hits.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchPage {
    /// Articles matching in all.
    pub total: usize,
    /// Hits per page asked for.
    pub limit: usize,
    /// Hits skipped.
    pub offset: usize,
    /// This page's hits, best first (newest first when there are no words).
    pub hits: Vec<HitView>,
}

/// One matching article.
#[derive(Debug, Serialize, ToSchema)]
pub struct HitView {
    /// Article id.
    pub id: String,
    /// BM25 score (0 when the query has no words).
    pub score: f32,
    /// Headline.
    pub title: Option<String>,
    /// Source.
    pub source: Option<String>,
    /// Publication date as stored.
    pub published: Option<String>,
    /// A passage of the body around the best matches, plain text.
    pub snippet: String,
    /// `[start, end]` byte ranges of matched words in `snippet`.
    #[schema(value_type = Vec<Vec<usize>>)]
    pub highlights: Vec<(usize, usize)>,
}

impl From<Hit> for HitView {
    fn from(h: Hit) -> HitView {
        HitView {
            id: h.id,
            score: h.score,
            title: h.title,
            source: h.source,
            published: h.published,
            snippet: h.snippet,
            highlights: h.highlights,
        }
    }
}

impl SearchPage {
    fn new(results: SearchResults, limit: usize, offset: usize) -> SearchPage {
        SearchPage { total: results.total, limit, offset, hits: results.hits.into_iter().map(HitView::from).collect() }
    }
}

/// Counts over the knowledge base (the same as `newsgraph stats --json`).
#[derive(Debug, Serialize, ToSchema)]
pub struct StatsView {
    /// Stored articles, every version counted.
    pub articles: u64,
    /// Of those, versions superseding an earlier text at the same URL.
    pub versions: u64,
    /// Articles the search index holds.
    pub indexed: u64,
    /// Distinct sources.
    pub sources: u64,
    /// Inputs that could not be read, as recorded.
    pub failures: u64,
    /// Entities, summed over articles.
    pub entities: u64,
    /// Quotes, summed over articles.
    pub quotes: u64,
    /// Time expressions, summed over articles.
    pub time_expressions: u64,
    /// Events, summed over articles.
    pub events: u64,
    /// Earliest publication day.
    pub first_published: Option<String>,
    /// Latest publication day.
    pub last_published: Option<String>,
    /// Articles per reader.
    pub by_reader: Vec<ReaderCount>,
}

/// Articles read by one reader.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReaderCount {
    /// Reader name (`newswire`, `html`, …).
    pub reader: String,
    /// Articles.
    pub articles: u64,
}

impl From<Stats> for StatsView {
    fn from(s: Stats) -> StatsView {
        StatsView {
            articles: s.articles,
            versions: s.versions,
            indexed: s.indexed,
            sources: s.sources,
            failures: s.failures,
            entities: s.entities,
            quotes: s.quotes,
            time_expressions: s.time_expressions,
            events: s.events,
            first_published: s.first_published,
            last_published: s.last_published,
            by_reader: s.by_reader.into_iter().map(|(reader, articles)| ReaderCount { reader, articles }).collect(),
        }
    }
}

/// How a posted body is read.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct IngestParams {
    /// The body's format: `newswire`, `text`, `jsonl`, `html`, `feed` or `warc`. Without it
    /// the format follows the `Content-Type` (JSON, HTML, RSS/Atom, WARC) or is sniffed
    /// from the content, as `newsgraph ingest` does for a file.
    pub format: Option<String>,
    /// Publication date for articles that carry none (plain text), e.g. 2018-04-21.
    pub date: Option<String>,
}

/// What an ingest did (the same fields as `newsgraph ingest --json`, plus the ids read).
#[derive(Debug, Serialize, ToSchema)]
pub struct IngestResult {
    /// Ids of the articles read from the body, in order (new and duplicate alike).
    pub ids: Vec<String>,
    /// Articles stored for the first time (new versions included).
    pub new: u64,
    /// Of those, new versions of an article already stored at the same URL.
    pub versions: u64,
    /// Articles already stored.
    pub duplicate: u64,
    /// Records that could not be read.
    pub failed: u64,
    /// Records without an article.
    pub skipped: u64,
    /// What linking across articles did: `{"linked", "duplicates", "new_stories", "merged_stories", "split_stories"}`.
    #[schema(value_type = Object)]
    pub links: LinkReport,
    /// Every failure, by record (`request#record3`, `request:2`).
    pub failures: Vec<NoticeView>,
    /// Articles stored despite a problem.
    pub warnings: Vec<NoticeView>,
    /// Body bytes of the articles read.
    pub bytes: u64,
    /// Seconds taken.
    pub elapsed: f64,
}

/// A problem with one record of the body.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeView {
    /// Record (`request`, `request:2`, `request#item1`).
    pub origin: String,
    /// What happened.
    pub reason: String,
}

/// The name a posted body is read under, as origins show it.
const REQUEST_NAME: &str = "request";

impl IngestResult {
    /// The report, with the temporary file's path replaced by [`REQUEST_NAME`].
    fn new(ids: Vec<String>, report: IngestReport, temp_path: &str) -> IngestResult {
        let notice = |n: newsgraph_engine::Notice| NoticeView {
            origin: n.origin.replace(temp_path, REQUEST_NAME),
            reason: n.reason,
        };
        IngestResult {
            ids,
            new: report.new,
            versions: report.versions,
            duplicate: report.duplicate,
            failed: report.failed,
            skipped: report.skipped,
            links: report.links,
            failures: report.failures.into_iter().map(notice).collect(),
            warnings: report.warnings.into_iter().map(notice).collect(),
            bytes: report.bytes,
            elapsed: (report.elapsed.as_secs_f64() * 1000.0).round() / 1000.0,
        }
    }
}

/// Full-text search with filters and pagination.
#[utoipa::path(
    get, path = "/api/search", params(SearchParams),
    responses(
        (status = 200, description = "A page of hits", body = SearchPage),
        (status = 400, description = "Malformed or out-of-range parameter", body = ErrorBody),
        (status = 404, description = "The entity filter names no entity", body = ErrorBody),
    )
)]
pub async fn search(
    State(app): State<Arc<App>>,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> ApiResult<Json<SearchPage>> {
    let query = params.to_query()?;
    let places = params.places()?;
    let (limit, offset) = (query.limit, query.offset);
    let results = app.query(move |e| with_entity(e, query, |q| e.search_at(q, &places))).await??;
    Ok(Json(SearchPage::new(results, limit, offset)))
}

/// Answers a search whose entity filter may be a name: the name is replaced by the global id
/// first, and one that denotes no entity is `not_found`.
pub(crate) fn with_entity<T>(
    engine: &newsgraph_engine::Engine,
    mut query: newsgraph_engine::SearchQuery,
    answer: impl FnOnce(&newsgraph_engine::SearchQuery) -> newsgraph_engine::Result<T>,
) -> newsgraph_engine::Result<ApiResult<T>> {
    if let Some(name) = query.entity.take() {
        match engine.entity_id(&name)? {
            Some(id) => query.entity = Some(id),
            None => return Ok(Err(ApiError::NotFound(format!("no entity {name:?}")))),
        }
    }
    Ok(Ok(answer(&query)?))
}

/// One article with all its layers, in the JSON form of `docs/json.md`.
#[utoipa::path(
    get, path = "/api/articles/{id}",
    params(("id" = String, Path, description = "Article id, or a unique prefix of it (hex digits)")),
    responses(
        (status = 200, description = "The article (docs/json.md)", body = Object),
        (status = 400, description = "Not an article id", body = ErrorBody),
        (status = 404, description = "No such article", body = ErrorBody),
    )
)]
pub async fn article(State(app): State<Arc<App>>, PathSegment(raw): PathSegment) -> ApiResult<Response> {
    let id = article_id(&raw)?;
    let lookup = id.clone();
    let doc = app.query(move |e| e.article(&lookup)).await?;
    let doc = doc.ok_or_else(|| ApiError::NotFound(format!("no article with id {id}")))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], doc.to_json()).into_response())
}

/// Counts over the knowledge base.
#[utoipa::path(get, path = "/api/stats", responses((status = 200, description = "Counts", body = StatsView)))]
pub async fn stats(State(app): State<Arc<App>>) -> ApiResult<Json<StatsView>> {
    Ok(Json(app.query(|e| e.stats()).await?.into()))
}

/// Ingests the body as one input file: the same readers, pipeline and idempotence as
/// `newsgraph ingest`. Needs `Authorization: Bearer <token>`.
#[utoipa::path(
    post, path = "/api/articles", params(IngestParams),
    request_body(content = String, description = "An article file: newswire or plain text, JSON Lines, HTML, RSS/Atom, WARC; gzip allowed", content_type = "text/plain"),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "At least one new article stored", body = IngestResult),
        (status = 200, description = "Every article was already stored", body = IngestResult),
        (status = 400, description = "Malformed parameter", body = ErrorBody),
        (status = 401, description = "Missing or wrong token", body = ErrorBody),
        (status = 403, description = "Writes are off (no token configured)", body = ErrorBody),
        (status = 408, description = "The body did not arrive in time", body = ErrorBody),
        (status = 413, description = "The body is over the limit", body = ErrorBody),
        (status = 422, description = "No article could be read from the body", body = ErrorBody),
        (status = 503, description = "Another process is writing the index", body = ErrorBody),
    )
)]
pub async fn ingest(
    State(app): State<Arc<App>>,
    ApiQuery(params): ApiQuery<IngestParams>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    // Refuse before reading a byte of the body: first who asks, then how much.
    app.authorize(&headers)?;
    let limit = app.limits.max_body;
    if let Some(length) = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok())
        && length > limit as u64
    {
        return Err(ApiError::TooLarge(limit));
    }
    let options = read_options(&params, &headers)?;
    let bytes = tokio::time::timeout(app.limits.body_timeout, read_body(body, limit))
        .await
        .map_err(|_| ApiError::RequestTimeout)??;
    let result = tokio::task::spawn_blocking(move || ingest_bytes(&app, &bytes, options))
        .await
        .map_err(|e| ApiError::Internal(format!("ingest task: {e}")))??;
    let status = if result.new > 0 { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(result)).into_response())
}

/// Reads a body of at most `limit` bytes, stopping as soon as it is over.
pub(crate) async fn read_body(mut body: Body, limit: usize) -> ApiResult<Vec<u8>> {
    let mut bytes = Vec::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| ApiError::BadBody(format!("the body could not be read: {e}")))?;
        if let Ok(data) = frame.into_data() {
            if bytes.len() + data.len() > limit {
                return Err(ApiError::TooLarge(limit));
            }
            bytes.extend_from_slice(&data);
        }
    }
    Ok(bytes)
}

/// Read options from the parameters and the content type.
pub(crate) fn read_options(params: &IngestParams, headers: &HeaderMap) -> ApiResult<ReadOptions> {
    let date = params
        .date
        .as_deref()
        .map(Published::parse)
        .transpose()
        .map_err(|e| ApiError::BadParameter(format!("date: {e}")))?;
    let format = match params.format.as_deref() {
        Some(f) => Some(f.parse::<Format>().map_err(ApiError::BadParameter)?),
        None => headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).and_then(format_of_media_type),
    };
    Ok(ReadOptions { date, format, ..ReadOptions::default() })
}

/// The format a media type names; `None` (sniff the content) for text/plain and the rest.
fn format_of_media_type(media_type: &str) -> Option<Format> {
    let essence = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match essence.as_str() {
        "application/json" | "application/x-ndjson" | "application/jsonl" | "application/jsonlines" => {
            Some(Format::Jsonl)
        }
        "text/html" | "application/xhtml+xml" => Some(Format::Html),
        "application/rss+xml" | "application/atom+xml" | "application/rdf+xml" => Some(Format::Feed),
        "application/warc" => Some(Format::Warc),
        _ => None,
    }
}

/// Ingests a body: lists the ids its articles get, then hands it to the engine as a file.
fn ingest_bytes(app: &App, bytes: &[u8], read: ReadOptions) -> ApiResult<IngestResult> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::BadBody("the body is empty".to_string()));
    }
    let mut ids = Vec::new();
    let mut first_failure = None;
    read_bytes(REQUEST_NAME, bytes, &read, &mut |item| match item {
        Item::Article { doc, .. } => ids.push(doc.id),
        Item::Failed { origin, reason } => {
            first_failure.get_or_insert(format!("{origin}: {reason}"));
        }
        Item::Skipped { .. } => {}
    });
    if ids.is_empty() {
        let why = first_failure.unwrap_or_else(|| "it holds no article".to_string());
        return Err(ApiError::BadBody(format!("no article could be read from the body: {why}")));
    }
    // The engine reads files; the body becomes one in a directory of its own.
    let dir = tempfile::tempdir().map_err(|e| ApiError::Internal(format!("temporary directory: {e}")))?;
    let file = dir.path().join(REQUEST_NAME);
    std::fs::write(&file, bytes).map_err(|e| ApiError::Internal(format!("temporary file: {e}")))?;
    // A posted article is annotated and stored at once, even when a shared store has a
    // queue for workers: the response reports what happened to it.
    let path = file.display().to_string();
    let options = IngestOptions {
        read,
        queue: false,
        origin_as: Some((path.clone(), REQUEST_NAME.to_string())),
        ..IngestOptions::default()
    };
    let report = app.engines.ingest(&[file.as_path()], &options)?;
    Ok(IngestResult::new(ids, report, &path))
}

/// Unknown paths under `/api`.
pub async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::NotFound(format!("no API endpoint at {}", shorten(uri.path())))
}

/// Paths that exist with other methods.
pub async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

/// The OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    info(title = "newsgraph", description = "The newsgraph knowledge base over HTTP. Errors are `{\"error\": {\"code\", \"message\"}}` with a stable code."),
    paths(
        search, timeline::timeline, trends::trends, alerts::list, alerts::add, alerts::remove, alerts::matches, article, stats, ingest, openapi, knowledge::entities, knowledge::entity, knowledge::network,
        knowledge::quotes, knowledge::events, knowledge::stories, knowledge::story, knowledge::briefing, threads::threads, threads::thread, knowledge::place, sources::sources
    ),
    components(schemas(SearchPage, HitView, timeline::TimelineView, timeline::PeriodView, trends::TrendsView, trends::StoryTrendView, trends::EntityTrendView, alerts::NewAlert, alerts::AlertView, alerts::AlertMatchView, alerts::AlertList, alerts::MatchList, StatsView, ReaderCount, IngestResult, NoticeView, ErrorBody, knowledge::ListPage, sources::SourceView)),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// This document.
#[utoipa::path(get, path = "/api/openapi.json", responses((status = 200, description = "The OpenAPI document", body = Object)))]
pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
