//! Full-text search over articles with tantivy: BM25 over title and body (English
//! stemming, phrase queries), filters on publication date, source, entity and story,
//! highlighted snippets, counts of matches per day or hour of publication; or the same in PostgreSQL (`tsvector`, GIN) when the store is shared.
//!
//! The index is a derived view: the store is the source of truth, and the engine replays
//! whatever the index has not confirmed. Adding a document that is already indexed replaces
//! it, so replays are harmless.
//!
//! ```
//! use newsgraph_document::Document;
//! use newsgraph_search::{SearchIndex, SearchQuery};
//! let dir = tempfile::tempdir().unwrap();
//! let mut index = SearchIndex::open(dir.path()).unwrap();
//! let mut doc = Document::new("text", "Dock workers ended their strike in Valdora.".into());
//! doc.title = Some("Strike ends".into());
//! index.add(&[doc]).unwrap();
//! index.commit().unwrap();
//! let found = index.search(&SearchQuery::new("striking workers")).unwrap();
//! assert_eq!(found.total, 1);
//! assert!(found.hits[0].snippet.contains("workers"));
//! ```

mod error;
mod exclusion;
#[doc(hidden)]
pub mod fuzzing;
mod index;
mod periods;
mod postgres;
mod query;

pub use error::{Error, Result};
pub use index::SearchIndex;
pub use periods::{Interval, PeriodCounts};
pub use postgres::PgIndex;
pub use query::{Hit, SearchQuery, SearchResults};

use newsgraph_document::Document;

/// A full-text index of articles: tantivy files beside a SQLite store ([`SearchIndex`]), or
/// a table in the PostgreSQL database that many nodes share ([`PgIndex`]).
pub trait TextIndex: Send {
    /// Adds (or replaces) documents; visible after [`TextIndex::commit`].
    fn add(&mut self, docs: &[Document]) -> Result<()>;
    /// Makes added documents durable and searchable.
    fn commit(&mut self) -> Result<()>;
    /// Removes every document (before a rebuild).
    fn clear(&mut self) -> Result<()>;
    /// Runs a search.
    fn search(&self, q: &SearchQuery) -> Result<SearchResults>;
    /// Counts what a search matches per day or hour of publication, from the index alone.
    fn counts(&self, q: &SearchQuery, interval: Interval) -> Result<PeriodCounts>;
}
