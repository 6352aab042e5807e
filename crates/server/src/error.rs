//! Every error the server answers with, and the one table that maps each to a status code and
//! a stable code string. Messages are for people and never carry internals (paths, stack
//! traces): internal failures are logged to stderr and answered with a generic message.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// An error answered as `{"error": {"code", "message"}}`.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A query or path parameter is malformed or out of range.
    #[error("{0}")]
    BadParameter(String),
    /// A path parameter is not a well-formed id.
    #[error("{0}")]
    BadId(String),
    /// A request body that cannot be read as what it claims to be.
    #[error("{0}")]
    BadBody(String),
    /// Nothing at this id or path.
    #[error("{0}")]
    NotFound(String),
    /// A name that fits several entities (a surname alone): the message lists them.
    #[error("{0}")]
    Ambiguous(String),
    /// The path exists, the method does not.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// A write without a valid bearer token.
    #[error("a valid `Authorization: Bearer <token>` header is required")]
    Unauthorized,
    /// A write while the server was started without a token.
    #[error("writes are off: start the server with --token or NEWSGRAPH_TOKEN to accept them")]
    WritesDisabled,
    /// A body over the limit.
    #[error("the body is larger than the limit of {0} bytes")]
    TooLarge(usize),
    /// The client took too long to send its request.
    #[error("the request was not received in time")]
    RequestTimeout,
    /// A client sent more writes than its share (`Limits::writes_per_minute`); the `Duration`
    /// is how long until it may write again.
    #[error("too many writes from this client: try again in {} s", retry_after_secs(*.0))]
    TooManyWrites(std::time::Duration),
    /// The server took too long to answer.
    #[error("the request took too long to answer")]
    Timeout,
    /// More queries wait than the server will queue, or another process holds the index
    /// writer (e.g. a `newsgraph ingest` in progress).
    #[error("the server is busy; try again later")]
    Busy,
    /// The search index must be rebuilt (`newsgraph reindex`) to answer this.
    #[error("{0}")]
    ReindexNeeded(String),
    /// A failure of the engine or the server itself; details go to the log only.
    #[error("internal error")]
    Internal(String),
}

/// The JSON body of every error.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// What went wrong.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code: `bad_parameter`, `bad_id`, `bad_body`, `not_found`,
    /// `ambiguous`, `method_not_allowed`, `unauthorized`, `writes_disabled`, `too_large`,
    /// `request_timeout`, `too_many_writes`, `timeout`, `busy`, `reindex_needed`, `internal`.
    pub code: &'static str,
    /// A sentence for people.
    pub message: String,
}

impl ApiError {
    /// The table: status code and stable code of each error.
    pub fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::BadParameter(_) => (StatusCode::BAD_REQUEST, "bad_parameter"),
            ApiError::BadId(_) => (StatusCode::BAD_REQUEST, "bad_id"),
            ApiError::BadBody(_) => (StatusCode::UNPROCESSABLE_ENTITY, "bad_body"),
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::Ambiguous(_) => (StatusCode::CONFLICT, "ambiguous"),
            ApiError::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            ApiError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            ApiError::WritesDisabled => (StatusCode::FORBIDDEN, "writes_disabled"),
            ApiError::TooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
            ApiError::RequestTimeout => (StatusCode::REQUEST_TIMEOUT, "request_timeout"),
            ApiError::TooManyWrites(_) => (StatusCode::TOO_MANY_REQUESTS, "too_many_writes"),
            ApiError::Timeout => (StatusCode::SERVICE_UNAVAILABLE, "timeout"),
            ApiError::Busy => (StatusCode::SERVICE_UNAVAILABLE, "busy"),
            ApiError::ReindexNeeded(_) => (StatusCode::SERVICE_UNAVAILABLE, "reindex_needed"),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }

    /// The JSON body.
    pub fn body(&self) -> ErrorBody {
        ErrorBody { error: ErrorDetail { code: self.status_and_code().1, message: self.to_string() } }
    }
}

impl From<newsgraph_engine::Error> for ApiError {
    fn from(e: newsgraph_engine::Error) -> ApiError {
        match e.code() {
            "bad_parameter" => ApiError::BadParameter(e.to_string()),
            "busy" => ApiError::Busy,
            // The message names no path: the index's location is the server's business.
            "reindex_needed" => ApiError::ReindexNeeded(
                "counting by hour needs the search index rebuilt by this version: run `newsgraph reindex`".to_string(),
            ),
            _ => ApiError::Internal(e.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, _) = self.status_and_code();
        if let ApiError::Internal(detail) = &self {
            eprintln!("newsgraph serve: internal error: {detail}");
        }
        let mut response = (status, Json(self.body())).into_response();
        match self {
            ApiError::Unauthorized => {
                response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            ApiError::TooManyWrites(wait) => {
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs(wait)));
            }
            _ => {}
        }
        response
    }
}

/// Whole seconds to wait, rounded up (`Retry-After` takes whole seconds; rounding down would
/// send the client back too early).
fn retry_after_secs(wait: std::time::Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

/// `Result` of a handler.
pub type ApiResult<T> = Result<T, ApiError>;
