//! The newsgraph engine: readers → pipeline → store + index, and the queries over them.
//!
//! [`Engine`] owns a data directory (SQLite store and tantivy index side by side) and the
//! annotation pipeline; [`Engine::ingest`] streams articles through in batches, one store
//! transaction per batch, and [`Engine::search`], [`Engine::timeline`], [`Engine::trends`], [`Engine::article`]
//! and [`Engine::stats`] answer questions. [`extract`] runs the pipeline without storing anything.
//!
//! With a PostgreSQL store ([`Location::Postgres`]) `ingest` only queues what it reads, and
//! [`Engine::work`] — on as many machines as wanted — annotates and stores it.
//!
//! The engine knows nothing of command lines or HTTP: the CLI and the server are thin
//! adapters over it.
//!
//! ```
//! use newsgraph_engine::{Engine, IngestOptions};
//! let dir = tempfile::tempdir().unwrap();
//! let file = dir.path().join("a.txt");
//! std::fs::write(&file, " date 2026-03-02 OSLO (NORTHSTAR) - Ferry fares rise in Oslo.").unwrap();
//! let mut engine = Engine::open(&dir.path().join("data")).unwrap();
//! let report = engine.ingest(&[&file], &IngestOptions::default(), &mut |_| {}).unwrap();
//! assert_eq!((report.new, report.duplicate, report.failed), (1, 0, 0));
//! let again = engine.ingest(&[&file], &IngestOptions::default(), &mut |_| {}).unwrap();
//! assert_eq!((again.new, again.duplicate), (0, 1));
//! let hits = engine.search(&newsgraph_engine::SearchQuery::new("ferry")).unwrap();
//! assert_eq!(hits.total, 1);
//! ```

mod alerts;
mod backup;
mod briefing;
mod delivery;
mod engine;
mod error;
mod extract;
mod ingest;
mod reading;
mod sources;
mod timeline;
mod trends;
mod worker;
mod writer_lock;

pub use alerts::{MAX_NAME, SavedAlert, SavedSearch};
pub use backup::{backup, restore};
pub use briefing::{BriefEvent, Briefing, Coverage, Quoted, SummarySentence};
pub use delivery::{DeliveryReport, SIGNATURE_HEADER, signature};
pub use engine::{Engine, Location, default_pipeline};
pub use error::{Error, Result};
pub use extract::{Extracted, extract};
pub use ingest::{FileCount, IngestOptions, IngestReport, Notice, Progress, Stages};
pub use newsgraph_pipeline::Pipeline;
pub use newsgraph_readers::{Format, ReadOptions};
pub use newsgraph_search::{Hit, Interval, SearchQuery, SearchResults};
pub use newsgraph_store::{
    AlertMatch, ArticleLinks, ArticleRow, DayCount, Edge, EntityCount, EntityFilter, EntityProfile, EntitySummary,
    EventFilter, EventRow, FailureRow, LinkReport, Near, NewSource, Outcome, PlaceArticle, PlaceCount, PlaceFilter,
    PlaceProfile, QuoteFilter, QuoteRow, Related, RoleSpan, Row, SeenItem, Source, Stats, Story, StoryFilter, Table,
    Thread, ThreadFilter, ThreadStory, country_code,
};
pub use timeline::{MAX_PERIODS, Period, Timeline};
pub use trends::{
    BREAKING_SURPRISE, EXPECTED_FLOOR, EntityTrend, MIN_ARTICLES, MIN_NEW_SOURCES, StoryTrend, TrendOptions, Trends,
    expected, parse_now, surprise,
};
pub use worker::{WorkOptions, WorkReport};
pub use writer_lock::WriterLock;
