/// Errors of the engine: anything that stops a whole operation. A bad input file is not
/// one: it is reported in the [`IngestReport`](crate::IngestReport) and the batch goes on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] newsgraph_store::Error),
    /// The search index failed.
    #[error(transparent)]
    Search(#[from] newsgraph_search::Error),
    /// The pipeline could not be built.
    #[error("pipeline: {0}")]
    Pipeline(#[from] newsgraph_pipeline::Error),
    /// `worker` needs a store with an ingest queue (PostgreSQL).
    #[error("workers need a shared PostgreSQL store: pass --db postgres://…")]
    NoQueue,
    /// A request that cannot be answered as asked.
    #[error("{0}")]
    Invalid(String),
    /// Another process writes the data directory (named here); try again later.
    #[error("{0} is writing to this knowledge base; try again when it is done")]
    WriterBusy(String),
    /// The data directory's writer lock could not be taken (see `WriterLock`).
    #[error("cannot take the writer lock {path}: {source}")]
    Lock { path: String, source: std::io::Error },
}

impl Error {
    /// The stable code callers show for it (the HTTP API's `error.code`, the Python
    /// exceptions' `code`): `bad_parameter` for a request that cannot be answered as asked,
    /// `busy` while another process writes the index, `reindex_needed` when the search index
    /// must be rebuilt to answer (counts by hour on an index built before hours were
    /// indexed), `internal` for the rest.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid(_) => "bad_parameter",
            Error::Search(e) if e.is_busy() => "busy",
            Error::WriterBusy(_) => "busy",
            Error::Search(newsgraph_search::Error::NoHours(_)) => "reindex_needed",
            _ => "internal",
        }
    }
}

impl Error {
    /// The disk holding the store or the index is full. Nothing half-written is left: the
    /// store commits whole batches, and the index is caught up from the store by the next
    /// ingest.
    pub fn is_disk_full(&self) -> bool {
        match self {
            Error::Store(e) => e.is_disk_full(),
            Error::Search(e) => e.is_disk_full(),
            _ => false,
        }
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
