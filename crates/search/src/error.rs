/// Errors of the search index.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// tantivy reported an error.
    #[error("search index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// PostgreSQL reported an error.
    #[error("search in PostgreSQL: {0}")]
    Postgres(#[from] postgres::Error),
    /// The index on disk has another layout than this build writes.
    #[error("the search index at {0} was built by another version of newsgraph; run `newsgraph reindex`")]
    Layout(String),
    /// The index was built before publication times were indexed: it answers everything but
    /// counts by hour.
    #[error("the search index at {0} predates counts by hour; run `newsgraph reindex` to rebuild it")]
    NoHours(String),
    /// The index directory cannot be used.
    #[error("cannot use index directory {path}: {source}")]
    Io {
        /// Directory.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

impl Error {
    /// Another process holds the index writer (an ingest is running): worth retrying later.
    pub fn is_busy(&self) -> bool {
        matches!(self, Error::Tantivy(tantivy::TantivyError::LockFailure(..)))
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
