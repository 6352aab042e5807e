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
    /// The disk (or the quota) is full. tantivy reports it as an I/O error, or — when a
    /// merging or indexing thread met it — only as the text of that thread's error, so the
    /// text of the operating system's message is the last resort.
    pub fn is_disk_full(&self) -> bool {
        let full = |e: &std::io::Error| e.kind() == std::io::ErrorKind::StorageFull;
        match self {
            Error::Io { source, .. } => full(source),
            Error::Tantivy(tantivy::TantivyError::IoError(e)) => full(e),
            Error::Tantivy(e) => e.to_string().contains("No space left on device"),
            _ => false,
        }
    }

    /// Another process holds the index writer (an ingest is running): worth retrying later.
    pub fn is_busy(&self) -> bool {
        matches!(self, Error::Tantivy(tantivy::TantivyError::LockFailure(..)))
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
