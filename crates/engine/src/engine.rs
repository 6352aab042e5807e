use std::path::{Path, PathBuf};

use newsgraph_document::Document;
use newsgraph_pipeline::Pipeline;
use newsgraph_search::{Interval, PgIndex, SearchIndex, SearchQuery, SearchResults, TextIndex};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use newsgraph_store::{
    ArticleLinks, ArticleRow, Edge, EntityFilter, EntityProfile, EntitySummary, EventFilter, EventRow, FailureRow,
    LinkReport, Linked, PlaceCount, PlaceFilter, PlaceProfile, PostgresStore, QuoteFilter, QuoteRow, Row, SqliteStore,
    Stats, Store, Story, StoryFilter, Table, Thread, ThreadFilter,
};

use crate::Result;
use crate::timeline::Timeline;

/// Documents the engine replays into the index at a time.
const REPLAY_BATCH: usize = 512;
/// Articles linked per store transaction.
const LINK_BATCH: usize = 1024;

/// Where a knowledge base lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A data directory: SQLite store (`newsgraph.db`) and tantivy index (`index/`) side by
    /// side. The embedded default.
    Dir(PathBuf),
    /// A PostgreSQL database (`postgres://…`), holding store, search and ingest queue, that
    /// many workers and query nodes share.
    Postgres(String),
}

impl Location {
    /// `db` when given (a `postgres://` or `postgresql://` URL), else the data directory.
    pub fn new(db: Option<&str>, data_dir: &Path) -> Location {
        match db {
            Some(url) => Location::Postgres(url.to_string()),
            None => Location::Dir(data_dir.to_path_buf()),
        }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::Dir(dir) => write!(f, "data directory {}", dir.display()),
            // Never print a password that the URL may carry.
            Location::Postgres(url) => match url.split_once("://").and_then(|(_, rest)| rest.split_once('@')) {
                Some((_, host)) => write!(f, "database postgres://…@{host}"),
                None => write!(f, "database {url}"),
            },
        }
    }
}

/// Entity profiles kept at most (a server answers the same popular entities again and again).
const PROFILES_KEPT: usize = 4096;

/// Entity profiles already built, valid while the store's generation stays the same.
#[derive(Default)]
struct Profiles {
    generation: Option<u64>,
    by_query: HashMap<String, Option<Arc<EntityProfile>>>,
}

/// A newsgraph knowledge base.
pub struct Engine {
    pub(crate) store: Box<dyn Store>,
    pub(crate) index: Box<dyn TextIndex>,
    /// Shared with the thread that annotates while an ingest stores (`reading.rs`).
    pub(crate) pipeline: Arc<Pipeline>,
    location: Location,
    profiles: Arc<Mutex<Profiles>>,
}

/// The annotation pipeline every ingest and extract runs.
pub fn default_pipeline() -> Pipeline {
    Pipeline::from_names(&newsgraph_annotators::registry(), newsgraph_annotators::DEFAULT_PIPELINE)
        .expect("the default pipeline is well-formed (checked by a test)")
}

impl Engine {
    /// Opens (creating if needed) the knowledge base in `data_dir`: `newsgraph.db` and
    /// `index/`. Opening writes nothing, so queries can run while an ingest does; articles
    /// left unindexed by an interrupted ingest are indexed by the next ingest.
    pub fn open(data_dir: &Path) -> Result<Engine> {
        Engine::open_at(&Location::Dir(data_dir.to_path_buf()))
    }

    /// Opens the knowledge base at a location: a data directory, or a PostgreSQL database
    /// (schema created or brought up to date on first use).
    pub fn open_at(location: &Location) -> Result<Engine> {
        Engine::open_with(location, SqliteStore::open)
    }

    /// Opens the knowledge base for answering queries only (a server's engines): the same,
    /// with the smaller page cache of [`SqliteStore::open_for_queries`].
    pub fn open_for_queries(location: &Location) -> Result<Engine> {
        Engine::open_with(location, SqliteStore::open_for_queries)
    }

    fn open_with(
        location: &Location,
        open_sqlite: fn(&Path) -> newsgraph_store::Result<SqliteStore>,
    ) -> Result<Engine> {
        let (store, index): (Box<dyn Store>, Box<dyn TextIndex>) = match location {
            Location::Dir(dir) => {
                (Box::new(open_sqlite(&dir.join("newsgraph.db"))?), Box::new(SearchIndex::open(&dir.join("index"))?))
            }
            Location::Postgres(url) => (
                Box::new(PostgresStore::connect(url)?),
                Box::new(PgIndex::new(newsgraph_store::postgres_client(url)?)?),
            ),
        };
        Ok(Engine {
            store,
            index,
            pipeline: Arc::new(default_pipeline()),
            location: location.clone(),
            profiles: Arc::default(),
        })
    }

    /// Keeps entity profiles in one place with `other` (engines of one server, each on a
    /// thread of its own, then build each profile once).
    pub fn share_kept_profiles(&mut self, other: &Engine) {
        self.profiles = Arc::clone(&other.profiles);
    }

    /// Where the knowledge base lives.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// Links every stored article not linked yet; returns what linking found, by article id.
    /// `stored` are documents this engine has just stored (see `Store::link_pending_stored`).
    pub(crate) fn link_pending(
        &mut self,
        total: &mut LinkReport,
        stored: &[&Document],
    ) -> Result<HashMap<String, Linked>> {
        let mut out = HashMap::new();
        loop {
            let report = self.store.link_pending_stored(LINK_BATCH, stored)?;
            total.linked += report.linked;
            total.duplicates += report.duplicates;
            total.new_stories += report.new_stories;
            total.merged_stories += report.merged_stories;
            total.split_stories += report.split_stories;
            let done = (report.linked as usize) < LINK_BATCH;
            out.extend(report.articles.into_iter().map(|l| (l.id.clone(), l)));
            // Fewer than asked for: nothing was left pending (what another process stores
            // meanwhile, it links itself after its own commit).
            if done {
                return Ok(out);
            }
        }
    }

    /// Indexes whatever the store holds that the index has not confirmed; with `alerts`,
    /// matches it against the alerts first (articles an interrupted ingest stored but did not
    /// index are new: see `alerts.rs`).
    pub(crate) fn catch_up_index(&mut self, alerts: bool) -> Result<u64> {
        let mut done = 0;
        loop {
            let mut docs = self.store.unindexed(REPLAY_BATCH)?;
            if docs.is_empty() {
                return Ok(done);
            }
            for d in &mut docs {
                self.fill_links(d)?;
            }
            if alerts {
                self.match_alerts(&docs)?;
            }
            self.index.add(&docs)?;
            self.index.commit()?;
            let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
            self.store.mark_indexed(&ids)?;
            done += docs.len() as u64;
        }
    }

    /// Rebuilds the search index from the store. Articles stored but never linked — a store
    /// written before linking existed, migrated; an ingest interrupted between storing and
    /// linking — are linked first, so that the index files them under their stories and
    /// entities (the next ingest would link them too, but an upgraded store may get none).
    pub fn reindex(&mut self) -> Result<u64> {
        self.link_pending(&mut LinkReport::default(), &[])?;
        self.index.clear()?;
        self.store.reset_indexed()?;
        // Rebuilding the index brings no article in: no alert fires.
        self.catch_up_index(false)
    }

    /// Full-text search.
    pub fn search(&self, query: &SearchQuery) -> Result<SearchResults> {
        self.search_at(query, &PlaceFilter::default())
    }

    /// Full-text search among the articles with a place in a country or near a point.
    pub fn search_at(&self, query: &SearchQuery, places: &PlaceFilter) -> Result<SearchResults> {
        let query = self.narrowed(query, places)?;
        let mut results = self.index.search(&query)?;
        for hit in results.hits.iter_mut().filter(|h| h.title.is_none()) {
            hit.title = self.label_of(&hit.id)?;
        }
        Ok(results)
    }

    /// The search, narrowed to the articles the store finds for the place filters and to the
    /// stories of its thread (the index knows neither places nor threads). An unknown thread
    /// has no stories, so it matches nothing.
    fn narrowed<'q>(&self, query: &'q SearchQuery, places: &PlaceFilter) -> Result<Cow<'q, SearchQuery>> {
        if places.is_empty() && query.thread.is_none() {
            return Ok(Cow::Borrowed(query));
        }
        let mut narrowed = query.clone();
        if !places.is_empty() {
            narrowed.articles = Some(self.store.articles_at(places)?);
        }
        if let Some(thread) = &query.thread {
            let stories = self.store.thread(thread)?.map(|t| t.stories.into_iter().map(|s| s.id).collect());
            narrowed.stories = Some(stories.unwrap_or_default());
        }
        Ok(Cow::Owned(narrowed))
    }

    /// How many articles a search (with place filters) matches per day or hour, and their
    /// share of all articles of each period; counted by the index, not from the articles.
    pub fn timeline(&self, query: &SearchQuery, places: &PlaceFilter, by: Interval) -> Result<Timeline> {
        let query = self.narrowed(query, places)?;
        let matched = self.index.counts(&query, by)?;
        // The denominator is every article, unfiltered: by hour, a day filter (the article's
        // own day) does not fall on UTC hours, so filtering it would drop articles of an hour.
        let all = self.index.counts(&SearchQuery::new(""), by)?;
        Timeline::new(by, query.from, query.to, matched, &all)
    }

    /// One place by GeoNames id: where it is, the articles naming it, what happened there.
    pub fn place(&self, geonameid: i64) -> Result<Option<PlaceProfile>> {
        Ok(self.store.place(geonameid)?)
    }

    /// The places these articles name, most mentioned first (of one global entity only,
    /// when given).
    pub fn places_of(&self, articles: &[String], entity: Option<&str>) -> Result<Vec<PlaceCount>> {
        Ok(self.store.places_of(articles, entity)?)
    }

    /// An untitled article's first sentence, as [`Document::label`] gives it.
    fn label_of(&self, id: &str) -> Result<Option<String>> {
        Ok(self.store.get(id)?.and_then(|d| d.label()))
    }

    /// One article by id (or unique id prefix), with its stored layers (tokens, an
    /// in-process layer, are not stored).
    pub fn article(&self, id: &str) -> Result<Option<Document>> {
        let Some(mut doc) = self.store.get(id)? else { return Ok(None) };
        self.fill_links(&mut doc)?;
        Ok(Some(doc))
    }

    /// The entities an ambiguous bare name could denote (see [`Store::entity_candidates`]);
    /// empty when the name denotes one entity or none.
    pub fn entity_candidates(&self, name: &str, limit: usize) -> Result<Vec<EntitySummary>> {
        Ok(self.store.entity_candidates(name, limit)?)
    }

    /// Up to `limit` article ids that start with `prefix`.
    pub fn ids_with_prefix(&self, prefix: &str, limit: usize) -> Result<Vec<String>> {
        Ok(self.store.ids_with_prefix(prefix, limit)?)
    }

    /// Sets a stored document's duplicate, story and global entity ids from the store.
    fn fill_links(&self, doc: &mut Document) -> Result<()> {
        if let Some(linked) = self.store.linked(&doc.id)? {
            crate::ingest::apply_links(doc, &linked);
        }
        Ok(())
    }

    /// How an article is tied to the rest: duplicate, story, global entities, related articles.
    pub fn links(&self, id: &str) -> Result<Option<ArticleLinks>> {
        let Some(mut links) = self.store.links(id)? else { return Ok(None) };
        for r in links.related.iter_mut().filter(|r| r.title.is_none()) {
            r.title = self.label_of(&r.id)?;
        }
        Ok(Some(links))
    }

    /// The profile of the entity a name or global id denotes. Profiles are kept until linking
    /// changes the knowledge base (here or in another process: the store's generation).
    pub fn entity(&self, name_or_id: &str) -> Result<Option<EntityProfile>> {
        let generation = self.store.generation()?;
        {
            let mut kept = self.profiles.lock().unwrap_or_else(PoisonError::into_inner);
            if kept.generation != Some(generation) {
                kept.by_query.clear();
                kept.generation = Some(generation);
            }
            if let Some(p) = kept.by_query.get(name_or_id).cloned() {
                drop(kept);
                return Ok(p.map(|p| (*p).clone()));
            }
        }
        let profile = self.store.entity(name_or_id)?;
        let mut kept = self.profiles.lock().unwrap_or_else(PoisonError::into_inner);
        if kept.generation == Some(generation) {
            if kept.by_query.len() >= PROFILES_KEPT {
                kept.by_query.clear();
            }
            kept.by_query.insert(name_or_id.to_string(), profile.clone().map(Arc::new));
        }
        Ok(profile)
    }

    /// The global id of the entity a name denotes (for filters).
    pub fn entity_id(&self, name_or_id: &str) -> Result<Option<String>> {
        Ok(self.store.resolve_entity(name_or_id)?)
    }

    /// Entities by name prefix, type and last day seen, most mentioned first.
    pub fn entities(&self, filter: &EntityFilter) -> Result<Vec<EntitySummary>> {
        Ok(self.store.entities(filter)?)
    }

    /// Quotes, newest first.
    pub fn quotes(&self, filter: &QuoteFilter) -> Result<Vec<QuoteRow>> {
        Ok(self.store.quotes(filter)?)
    }

    /// Events, newest first.
    pub fn events(&self, filter: &EventFilter) -> Result<Vec<EventRow>> {
        Ok(self.store.events(filter)?)
    }

    /// Stories, most recently active first.
    pub fn stories(&self, filter: &StoryFilter) -> Result<Vec<Story>> {
        Ok(self.store.stories(filter)?)
    }

    /// One story.
    pub fn story(&self, id: &str) -> Result<Option<Story>> {
        Ok(self.store.story(id)?)
    }

    /// Threads (stories that continue one another), most recently active first.
    pub fn threads(&self, filter: &ThreadFilter) -> Result<Vec<Thread>> {
        Ok(self.store.threads(filter)?)
    }

    /// One thread with its stories.
    pub fn thread(&self, id: &str) -> Result<Option<Thread>> {
        Ok(self.store.thread(id)?)
    }

    /// Who met, was quoted with or appears with an entity.
    pub fn network(&self, name_or_id: &str, limit: usize, offset: usize) -> Result<Vec<Edge>> {
        Ok(self.store.network(name_or_id, limit, offset)?)
    }

    /// Streams a table (see [`Table`]) with days in `[from, to]` to `sink` until it returns
    /// false; how many rows it was given.
    pub fn export(
        &self,
        table: Table,
        from: Option<&str>,
        to: Option<&str>,
        sink: &mut dyn FnMut(Row) -> bool,
    ) -> Result<u64> {
        Ok(self.store.export(table, from, to, sink)?)
    }

    /// Counts over the knowledge base.
    pub fn stats(&self) -> Result<Stats> {
        Ok(self.store.stats()?)
    }

    /// Inputs that could not be read, newest first.
    pub fn failures(&self, limit: usize, offset: usize) -> Result<Vec<FailureRow>> {
        Ok(self.store.failures(limit, offset)?)
    }

    /// The most recently published articles.
    pub fn recent(&self, limit: usize) -> Result<Vec<ArticleRow>> {
        let mut rows = self.store.recent(limit)?;
        for row in rows.iter_mut().filter(|r| r.title.is_none()) {
            row.title = self.label_of(&row.id)?;
        }
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::IngestOptions;

    fn write(dir: &Path, name: &str, day: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, format!(" date {day} ACCRA (NORTHSTAR) - {text}")).unwrap();
        path
    }

    #[test]
    fn kept_profiles_follow_ingests_by_another_engine() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let first = write(
            dir.path(),
            "a.txt",
            "2026-03-02",
            "Finance Minister Amara Osei said on Monday that Ghana would cut fuel duties. Osei spoke in Accra.",
        );
        Engine::open(&data).unwrap().ingest(&[&first], &IngestOptions::default(), &mut |_| {}).unwrap();
        // A reading engine, as a server keeps.
        let server = Engine::open(&data).unwrap();
        let before = server.entity("Amara Osei").unwrap().expect("a person in the first article");
        assert_eq!(before.articles, 1);
        assert_eq!(server.entity("Amara Osei").unwrap().map(|p| p.articles), Some(1), "kept");
        // Another engine (another process, in practice) ingests a second article about her.
        let second = write(
            dir.path(),
            "b.txt",
            "2026-03-03",
            "Finance Minister Amara Osei told parliament on Tuesday that the fuel duty cut would cost little.",
        );
        Engine::open(&data).unwrap().ingest(&[&second], &IngestOptions::default(), &mut |_| {}).unwrap();
        let after = server.entity("Amara Osei").unwrap().unwrap();
        assert_eq!(after.articles, 2, "the kept profile was dropped once linking changed the store");
    }
}
