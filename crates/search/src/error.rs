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
            // Some of tantivy's I/O errors carry the kind, others only the message.
            Error::Tantivy(e) => {
                matches!(e, tantivy::TantivyError::IoError(io) if full(io))
                    || e.to_string().contains("No space left on device")
            }
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

#[cfg(test)]
mod tests {
    use std::io::{Error as IoError, ErrorKind};
    use std::sync::Arc;

    use super::Error;

    #[test]
    fn a_full_disk_is_known_by_its_kind_or_its_message() {
        let tantivy = |e: IoError| Error::Tantivy(tantivy::TantivyError::IoError(Arc::new(e)));
        assert!(tantivy(IoError::from(ErrorKind::StorageFull)).is_disk_full());
        assert!(tantivy(IoError::other("No space left on device (os error 28)")).is_disk_full());
        assert!(Error::Tantivy(tantivy::TantivyError::ErrorInThread("No space left on device".into())).is_disk_full());
        assert!(!tantivy(IoError::from(ErrorKind::PermissionDenied)).is_disk_full());
        let io = Error::Io { path: "index".into(), source: IoError::from(ErrorKind::StorageFull) };
        assert!(io.is_disk_full());
    }
}
