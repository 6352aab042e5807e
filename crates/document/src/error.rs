/// Errors of the document model.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The JSON form of a document could not be parsed.
    #[error("invalid document JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// A date or date-time string that is neither ISO 8601, RFC 3339 nor RFC 2822.
    #[error("unparseable date {0:?}")]
    Date(String),
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
