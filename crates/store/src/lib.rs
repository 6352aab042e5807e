//! Durable storage of newsgraph documents.
//!
//! The [`Store`] trait is what callers use; [`SqliteStore`] (bundled SQLite, WAL mode) is
//! the embedded default, and a PostgreSQL backend can implement the same trait without
//! touching callers. A batch is stored in one transaction, so a crash or `kill -9` leaves
//! either all of a batch or none of it. Storing is idempotent: an article whose id is
//! already stored, or whose canonical URL is stored with the same text, is a duplicate; a
//! changed text at a stored URL is a new version that supersedes the old one.
//!
//! The store knows nothing of search (see `newsgraph-search`), except which articles the
//! index has confirmed, so that an interrupted ingest can finish indexing.
//!
//! ```
//! use newsgraph_document::Document;
//! use newsgraph_store::{Outcome, SqliteStore, Store};
//! let mut store = SqliteStore::open_in_memory().unwrap();
//! let doc = Document::new("text", "Talks resumed in Geneva.".into());
//! assert_eq!(store.put_batch(&[doc.clone()]).unwrap(), [Outcome::New]);
//! assert_eq!(store.put_batch(&[doc]).unwrap(), [Outcome::Duplicate]);
//! assert_eq!(store.stats().unwrap().articles, 1);
//! ```

mod alerts;
mod articles;
mod attention;
mod error;
mod export;
mod knowledge;
mod links;
mod postgres;
mod queries;
mod sources;
mod splits;
mod sql;
mod sqlite;
mod threads;

use newsgraph_document::Document;
use serde_json::json;

pub use alerts::{Alert, AlertMatch, Delivery};
pub use attention::{Attention, AttentionQuery, HourCount, MAX_FOLLOWED, Subject, hour_of};
pub use error::{Error, Result};
pub use export::Table;
pub use knowledge::{
    ArticleLinks, DayCount, Edge, EntityCount, EntityFilter, EntityProfile, EntitySummary, EventFilter, EventRow,
    LinkReport, Linked, Near, PlaceArticle, PlaceCount, PlaceFilter, PlaceProfile, QuoteFilter, QuoteRow, Related,
    RoleSpan, Story, StoryFilter, Thread, ThreadFilter, ThreadStory, country_code,
};
pub use postgres::{PostgresStore, client as postgres_client};
pub use sources::{NewSource, SeenItem, Source};
pub use sql::{Column, ColumnKind, Dialect, Row, Value};
pub use sqlite::SqliteStore;

/// What storing one document did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Stored for the first time.
    New,
    /// Already stored (same id, or same URL with the same text); nothing changed.
    Duplicate,
    /// A changed text at a URL already stored: stored as a new version.
    NewVersion {
        /// The id of the version it supersedes.
        supersedes: String,
        /// Its version number (2 for the first change).
        version: u32,
    },
}

/// An input that could not be read, as recorded in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// File and record.
    pub origin: String,
    /// What went wrong.
    pub reason: String,
}

/// A recorded failure, with when it was recorded.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FailureRow {
    /// File and record.
    pub origin: String,
    /// What went wrong.
    pub reason: String,
    /// When it was recorded (RFC 3339, UTC).
    pub at: String,
}

/// Counts over the store.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Stored articles (every version counted).
    pub articles: u64,
    /// Articles that supersede an earlier version.
    pub versions: u64,
    /// Articles confirmed by the search index.
    pub indexed: u64,
    /// Distinct sources.
    pub sources: u64,
    /// Recorded read failures.
    pub failures: u64,
    /// Earliest and latest publication day.
    pub first_published: Option<String>,
    /// Latest publication day.
    pub last_published: Option<String>,
    /// Articles per reader.
    pub by_reader: Vec<(String, u64)>,
    /// Entities over all articles (per article: an entity is counted in each article it
    /// appears in, until entities are merged across articles).
    pub entities: u64,
    /// Quotes over all articles.
    pub quotes: u64,
    /// Time expressions over all articles.
    pub time_expressions: u64,
    /// Events over all articles.
    pub events: u64,
}

impl Stats {
    /// The JSON form printed by `stats --json`.
    pub fn to_json(&self) -> serde_json::Value {
        json!({
            "articles": self.articles,
            "versions": self.versions,
            "indexed": self.indexed,
            "sources": self.sources,
            "failures": self.failures,
            "entities": self.entities,
            "quotes": self.quotes,
            "time_expressions": self.time_expressions,
            "events": self.events,
            "first_published": self.first_published,
            "last_published": self.last_published,
            "by_reader": self.by_reader.iter().map(|(r, n)| json!({"reader": r, "articles": n})).collect::<Vec<_>>(),
        })
    }
}

/// A summary row of an article, for listings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleRow {
    /// Article id.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Source.
    pub source: Option<String>,
    /// Publication date or date-time as stored.
    pub published: Option<String>,
}

/// Where documents live. Implementations must make [`Store::put_batch`] atomic.
pub trait Store: Send {
    /// Stores a batch in one transaction; one outcome per document, in order. A document
    /// repeated inside the batch is a duplicate of its first occurrence.
    fn put_batch(&mut self, docs: &[Document]) -> Result<Vec<Outcome>>;
    /// The document with this id, or the only one whose id starts with it.
    fn get(&self, id: &str) -> Result<Option<Document>>;
    /// Up to `limit` article ids that start with `prefix`, in order (to say which articles
    /// an ambiguous prefix could mean).
    fn ids_with_prefix(&self, prefix: &str, limit: usize) -> Result<Vec<String>>;
    /// Counts.
    fn stats(&self) -> Result<Stats>;
    /// Recorded failures, newest first.
    fn failures(&self, limit: usize, offset: usize) -> Result<Vec<FailureRow>>;
    /// Up to `limit` documents the index has not confirmed yet.
    fn unindexed(&self, limit: usize) -> Result<Vec<Document>>;
    /// Records that the index holds these documents.
    fn mark_indexed(&mut self, ids: &[&str]) -> Result<()>;
    /// Forgets every index confirmation (before rebuilding the index).
    fn reset_indexed(&mut self) -> Result<()>;
    /// Records inputs that could not be read.
    fn record_failures(&mut self, failures: &[Failure]) -> Result<()>;
    /// Most recently published articles.
    fn recent(&self, limit: usize) -> Result<Vec<ArticleRow>>;

    /// Links up to `limit` stored articles not linked yet (oldest publication first) to the
    /// collection: near-duplicates, entities across articles, stories, quotes and events.
    /// One transaction; idempotent (each article is linked once).
    fn link_pending(&mut self, limit: usize) -> Result<LinkReport>;
    /// [`Store::link_pending`], given documents the caller has just stored (`put_batch`
    /// said new): those of them that are pending are linked as the caller holds them,
    /// instead of being read back and decoded from the store. What is linked, and in which
    /// order, is the same.
    fn link_pending_stored(&mut self, limit: usize, stored: &[&Document]) -> Result<LinkReport> {
        let _ = stored;
        self.link_pending(limit)
    }
    /// How an article is tied to the rest, once linked, with related articles.
    fn links(&self, id: &str) -> Result<Option<ArticleLinks>>;
    /// How linking left an article: duplicate, story, global entity ids (cheaper than
    /// [`Store::links`]: no related articles).
    fn linked(&self, id: &str) -> Result<Option<Linked>>;
    /// A number that changes whenever linking changes what the cross-article queries
    /// (entities, quotes, events, stories, networks) answer: callers may cache those answers
    /// while it stays the same.
    fn generation(&self) -> Result<u64>;
    /// The profile of the entity a name or global id denotes.
    fn entity(&self, name_or_id: &str) -> Result<Option<EntityProfile>>;
    /// The global id of the entity a name or global id denotes.
    fn resolve_entity(&self, name_or_id: &str) -> Result<Option<String>>;
    /// Up to `limit` entities an ambiguous bare name ("Kim" for two people called Kim) could
    /// denote, most mentioned first; empty when the name denotes one entity or none.
    fn entity_candidates(&self, name: &str, limit: usize) -> Result<Vec<EntitySummary>>;
    /// Entities whose name starts with `prefix`, most mentioned first.
    fn entities(&self, filter: &EntityFilter) -> Result<Vec<EntitySummary>>;
    /// The ids of articles with a place that passes `filter`, in id order.
    fn articles_at(&self, filter: &PlaceFilter) -> Result<Vec<String>>;
    /// One place by GeoNames id: where it is, the articles naming it, the events there.
    fn place(&self, geonameid: i64) -> Result<Option<PlaceProfile>>;
    /// The places named by these articles (at most 500 ids are read; none: every article),
    /// most mentioned first; only the mentions of one global entity when `entity` is given.
    fn places_of(&self, articles: &[String], entity: Option<&str>) -> Result<Vec<PlaceCount>>;
    /// Quotes, newest first.
    fn quotes(&self, filter: &QuoteFilter) -> Result<Vec<QuoteRow>>;
    /// Events, newest first.
    fn events(&self, filter: &EventFilter) -> Result<Vec<EventRow>>;
    /// Stories, most recently active first.
    fn stories(&self, filter: &StoryFilter) -> Result<Vec<Story>>;
    /// One story (a merged story answers as the one it joined).
    fn story(&self, id: &str) -> Result<Option<Story>>;
    /// Threads (stories that continue one another), most recently active first.
    fn threads(&self, filter: &ThreadFilter) -> Result<Vec<Thread>>;
    /// One thread with its stories, in the order they began.
    fn thread(&self, id: &str) -> Result<Option<Thread>>;
    /// The newest hour (since the Unix epoch) an article was counted in for its story: "now"
    /// for a collection read from files.
    fn latest_hour(&self) -> Result<Option<i64>>;
    /// Stories' or entities' articles per hour (see [`AttentionQuery`]), busiest of the
    /// window first; kept by linking, so it reads counters, not articles.
    fn attention(&self, query: &AttentionQuery) -> Result<Vec<Attention>>;
    /// Saves an alert (a saved search, as the engine's JSON, and where to POST its matches
    /// with the secret that signs them); false when one of that name exists.
    fn add_alert(&mut self, name: &str, search: &str, webhook: Option<&str>, secret: Option<&str>) -> Result<bool>;
    /// Up to `limit` matches waiting for their alert's webhook whose next attempt is due at
    /// `at` (RFC 3339, UTC).
    fn due_deliveries(&self, at: &str, limit: usize) -> Result<Vec<Delivery>>;
    /// Records a delivery attempt: done (`retry_at` none), or to be tried again then.
    fn record_attempt(&mut self, alert: &str, article: &str, retry_at: Option<&str>) -> Result<()>;
    /// Removes an alert and its matches; false when there is none of that name.
    fn remove_alert(&mut self, name: &str) -> Result<bool>;
    /// Every alert, by name, with its number of matches.
    fn alerts(&self) -> Result<Vec<Alert>>;
    /// Every alert's name and search, by name: what matching needs, without counting matches.
    fn saved_searches(&self) -> Result<Vec<(String, String)>>;
    /// Records `(alert, article)` matches: every match of the articles given, against every
    /// alert (the engine matches an article against all alerts at once). An article whose
    /// matches were recorded before is left as it is (a replay, a second worker), so each
    /// match is recorded exactly once. How many were new.
    fn record_alert_matches(&mut self, matches: &[(&str, &str)]) -> Result<u64>;
    /// The newest `limit` matches of one alert, or of all, newest first.
    fn alert_matches(&self, alert: Option<&str>, limit: usize) -> Result<Vec<AlertMatch>>;
    /// Who met, was quoted with or appears with an entity: one listing over the three
    /// relations, heaviest ties first, paged.
    fn network(&self, name_or_id: &str, limit: usize, offset: usize) -> Result<Vec<Edge>>;

    /// Streams a table's rows (see [`Table`]) with days in `[from, to]`, in key order, to
    /// `sink` until it returns false; how many rows it was given.
    fn export(
        &self,
        table: Table,
        from: Option<&str>,
        to: Option<&str>,
        sink: &mut dyn FnMut(Row) -> bool,
    ) -> Result<u64>;

    /// Follows sources not followed yet (see [`Source`]), due at once, first polled every
    /// `interval_secs`; a source already followed keeps its state. How many were new.
    fn add_sources(&mut self, sources: &[NewSource], interval_secs: i64) -> Result<u64>;
    /// Every followed source with its fetch state, in URL order.
    fn sources(&self) -> Result<Vec<Source>>;
    /// Up to `limit` sources due at `now` (RFC 3339 UTC), the longest overdue first.
    fn due_sources(&self, now: &str, limit: usize) -> Result<Vec<Source>>;
    /// Claims up to `limit` sources due at `now` for one follower: they are not due again
    /// until `lease_until` (or until their poll is recorded), so followers sharing a store
    /// poll each source once.
    fn claim_due_sources(&mut self, now: &str, lease_until: &str, limit: usize) -> Result<Vec<Source>>;
    /// Records a poll in one transaction: the source's new state and the items it stored or
    /// gave up on.
    fn record_poll(&mut self, source: &Source, items: &[SeenItem]) -> Result<()>;
    /// Which of these URLs are dealt with already (an item recorded by a poll, or a stored
    /// article's URL): a follower fetches them no more.
    fn seen_urls(&self, urls: &[String]) -> Result<Vec<String>>;

    /// The shared ingest queue, for stores that many workers write to (PostgreSQL).
    fn queue(&mut self) -> Option<&mut dyn Queue> {
        None
    }
}

/// An article claimed from the ingest queue.
#[derive(Debug, Clone)]
pub struct Claim {
    /// Its place in the queue.
    pub seq: i64,
    /// The article as read, not annotated yet.
    pub doc: Document,
}

/// What the ingest queue holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueStats {
    /// Articles no worker holds.
    pub waiting: u64,
    /// Articles a live worker holds.
    pub leased: u64,
}

/// Distributed ingest: `ingest` queues raw articles, workers on any machine claim batches
/// under a lease, annotate them and store the results; a batch whose worker died is claimed
/// again when its lease runs out. Every queued article is stored exactly once.
pub trait Queue {
    /// Queues articles not stored or queued yet; how many were queued.
    fn enqueue(&mut self, docs: &[Document]) -> Result<u64>;
    /// Claims up to `limit` articles for `worker` (articles nobody holds, oldest first).
    fn claim(&mut self, worker: &str, limit: usize, lease: std::time::Duration) -> Result<Vec<Claim>>;
    /// In one transaction: stores the annotated articles and records the failures of claims
    /// `worker` still holds, and removes them from the queue. One outcome per stored article,
    /// `None` for one whose claim passed to another worker (which stores it instead).
    fn complete(
        &mut self,
        worker: &str,
        done: &[(i64, Document)],
        failures: &[(i64, Failure)],
    ) -> Result<Vec<Option<Outcome>>>;
    /// What is waiting and what is held.
    fn queued(&self) -> Result<QueueStats>;
}
