/// What can go wrong while following, beyond one source or item (those are recorded and
/// reported, never returned).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The engine (store or index) failed.
    #[error(transparent)]
    Engine(#[from] newsgraph_engine::Error),
    /// A source list could not be read.
    #[error("source list {path}: {reason}")]
    List {
        /// The list file.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl From<newsgraph_store::Error> for Error {
    fn from(e: newsgraph_store::Error) -> Error {
        Error::Engine(e.into())
    }
}

/// Results of this crate.
pub type Result<T> = std::result::Result<T, Error>;
