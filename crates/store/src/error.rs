/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database reported an error.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL reported an error (or could not be reached).
    #[error("PostgreSQL: {0}")]
    Postgres(#[from] postgres::Error),
    /// A stored document could not be read back.
    #[error("stored document {id} is unreadable: {source}")]
    Corrupt {
        /// Article id.
        id: String,
        /// Why.
        source: newsgraph_document::Error,
    },
    /// The database was written by a newer newsgraph.
    #[error("the database has schema version {found}, newer than this build knows ({known}); upgrade newsgraph")]
    TooNew {
        /// Version in the file.
        found: i64,
        /// Latest version this build knows.
        known: i64,
    },
    /// The data directory cannot be used.
    #[error("cannot use data directory {path}: {source}")]
    Io {
        /// Directory.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

impl Error {
    /// The disk (or the quota) is full: SQLite's `SQLITE_FULL` (which the store turns no
    /// committed batch into a partial one), or `ENOSPC` from the file system.
    pub fn is_disk_full(&self) -> bool {
        match self {
            Error::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => e.code == rusqlite::ErrorCode::DiskFull,
            Error::Io { source, .. } => source.kind() == std::io::ErrorKind::StorageFull,
            _ => false,
        }
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
