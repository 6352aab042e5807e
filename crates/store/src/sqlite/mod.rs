//! The SQLite store: bundled SQLite in WAL mode, versioned migrations, one transaction per
//! batch.

use std::path::Path;

use newsgraph_document::Document;
use rusqlite::Connection;
use rusqlite::types::{ToSqlOutput, ValueRef};

use crate::sql::{Dialect, Row, Sql, Value};
use crate::{
    Alert, AlertMatch, ArticleLinks, ArticleRow, Attention, AttentionQuery, Delivery, Edge, EntityFilter,
    EntityProfile, EntitySummary, Error, EventFilter, EventRow, Failure, FailureRow, LinkReport, Linked, Outcome,
    PlaceCount, PlaceFilter, PlaceProfile, QuoteFilter, QuoteRow, Result, Stats, Store, Story, StoryFilter, Table,
    Thread, ThreadFilter, alerts, articles, attention, export, links, queries, sources, threads,
};
use crate::{NewSource, SeenItem, Source};

/// Schema migrations, applied in order; `PRAGMA user_version` records how many ran.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_articles.sql"),
    include_str!("../../migrations/0002_layer_counts.sql"),
    include_str!("../../migrations/0003_graph.sql"),
    include_str!("../../migrations/0004_entity_days.sql"),
    include_str!("../../migrations/0005_event_cameo.sql"),
    include_str!("../../migrations/0006_band_buckets.sql"),
    include_str!("../../migrations/0007_participant_day.sql"),
    include_str!("../../migrations/0008_places.sql"),
    include_str!("../../migrations/0009_attention_hours.sql"),
    include_str!("../../migrations/0010_alerts.sql"),
    include_str!("../../migrations/0011_sources.sql"),
    include_str!("../../migrations/0012_threads.sql"),
    include_str!("../../migrations/0013_article_profiles.sql"),
    include_str!("../../migrations/0014_alert_matches_delivered.sql"),
    include_str!("../../migrations/0015_article_totals.sql"),
    include_str!("../../migrations/0016_alert_hits.sql"),
];

/// The embedded default store.
pub struct SqliteStore {
    conn: Connection,
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| Error::Io { path: dir.display().to_string(), source })?;
        }
        let conn = Connection::open(path)?;
        // WAL + NORMAL: a killed process never loses a committed transaction; readers
        // (a `search` while an `ingest` runs) do not block the writer.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // Up to 256 MiB of page cache (taken as pages are read, so small stores use little):
        // linking looks up keys all over the database, and a million-article store's index
        // interior pages alone outgrow 64 MiB.
        conn.pragma_update(None, "cache_size", -262_144)?;
        // Multi-row statements keep a statement journal (to undo just that statement on an
        // error): in memory, not in a temp file.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        // Checkpoint the WAL into the database every 64 MiB instead of every 4 MiB: linking
        // dirties the same index pages (keys, counters) batch after batch, and each
        // checkpoint writes them again and syncs the file.
        conn.pragma_update(None, "wal_autocheckpoint", 16_384)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        SqliteStore::init(conn)
    }

    /// Opens the database for a process that only answers queries (`serve`'s engines), with
    /// a page cache of 16 MiB instead of 256: point lookups by key need the index pages on
    /// their path, which the operating system's file cache keeps anyway, and a server holds
    /// one connection per core for as long as it runs. With the writer's cache, each of
    /// them grew towards 256 MiB as the store grew (the soak's resident memory did).
    pub fn open_for_queries(path: &Path) -> Result<SqliteStore> {
        let store = SqliteStore::open(path)?;
        store.conn.pragma_update(None, "cache_size", -16_384)?;
        Ok(store)
    }

    /// A throwaway in-memory store (tests, `extract`).
    pub fn open_in_memory() -> Result<SqliteStore> {
        SqliteStore::init(Connection::open_in_memory()?)
    }

    fn init(mut conn: Connection) -> Result<SqliteStore> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Linking runs a few dozen statement shapes per article (lists and multi-row inserts
        // come in power-of-two sizes): keep them all prepared.
        conn.set_prepared_statement_cache_capacity(256);
        // Plans do not depend on the values bound: no re-preparing a statement each time its
        // arguments change.
        conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(Error::TooNew { found: version, known });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(SqliteStore { conn })
    }

    /// Schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Copies the database file `source` to `dest` (which must not exist) with SQLite's
    /// online backup, never writing to `source`. The copy is taken in one step, that is in
    /// one read transaction: it holds every batch committed before the step began and none
    /// after, while writers in other processes go on (in WAL mode readers and writers do not
    /// block each other). A backup in several steps would start over each time another
    /// process committed between steps, and might never end under a steady ingest. The copy
    /// is written beside `dest` and renamed into place once complete, so a backup cut short
    /// leaves no file that looks whole. Returns the copy's schema version.
    pub fn backup(source: &Path, dest: &Path) -> Result<i64> {
        use rusqlite::OpenFlags;
        use rusqlite::backup::{Backup, StepResult};
        let io = |path: &Path| {
            let path = path.display().to_string();
            move |source| Error::Io { path, source }
        };
        if dest.exists() {
            let exists = std::io::Error::new(std::io::ErrorKind::AlreadyExists, "already exists");
            return Err(io(dest)(exists));
        }
        let from = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        from.busy_timeout(std::time::Duration::from_secs(30))?;
        let partial = dest.with_extension("partial");
        let _ = std::fs::remove_file(&partial);
        let mut to = Connection::open(&partial)?;
        {
            let backup = Backup::new(&from, &mut to)?;
            // Busy or locked: a writer is checkpointing or changing the journal mode this
            // instant; the busy timeout does not cover backup steps, so wait and try again.
            let mut tries = 0;
            loop {
                match backup.step(-1)? {
                    StepResult::Done => break,
                    StepResult::More => {}
                    StepResult::Busy | StepResult::Locked if tries < 600 => {
                        tries += 1;
                        std::thread::sleep(std::time::Duration::from_millis(100));
                    }
                    _ => {
                        return Err(Error::Sqlite(rusqlite::Error::SqliteFailure(
                            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                            Some("the database stayed busy for a minute during the backup".to_string()),
                        )));
                    }
                }
            }
        }
        let version: i64 = to.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        drop(to);
        std::fs::rename(&partial, dest).map_err(io(dest))?;
        if let Some(dir) = dest.parent() {
            // The rename itself must reach the disk for the copy to survive a power cut.
            std::fs::File::open(dir).and_then(|d| d.sync_all()).map_err(io(dir))?;
        }
        Ok(version)
    }
}

/// A SQLite connection (or transaction, which derefs to one) speaking the shared SQL.
pub(crate) struct Lite<'c>(pub(crate) &'c Connection);

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Owned(rusqlite::types::Value::Null),
            Value::Int(n) => ToSqlOutput::from(*n),
            Value::Real(x) => ToSqlOutput::from(*x),
            Value::Text(s) => ToSqlOutput::from(s.as_str()),
            Value::Bytes(b) => ToSqlOutput::from(b.as_slice()),
        })
    }
}

impl Sql for Lite<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn execute(&mut self, sql: &str, args: &[Value]) -> Result<u64> {
        // `$1` placeholders are SQLite's numbered `?1`.
        let mut stmt = self.0.prepare_cached(&sql.replace('$', "?"))?;
        Ok(stmt.execute(rusqlite::params_from_iter(args))? as u64)
    }

    fn query(&mut self, sql: &str, args: &[Value]) -> Result<Vec<Row>> {
        let mut stmt = self.0.prepare_cached(&sql.replace('$', "?"))?;
        let n = stmt.column_count();
        let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let mut row = Vec::with_capacity(n);
            for i in 0..n {
                row.push(match r.get_ref(i)? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(n) => Value::Int(n),
                    ValueRef::Real(x) => Value::Real(x),
                    ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
                    ValueRef::Blob(b) => Value::Bytes(b.to_vec()),
                });
            }
            out.push(Row(row));
        }
        Ok(out)
    }
}

impl SqliteStore {
    /// Runs `f` in one transaction, committed when it succeeds. The transaction takes the
    /// write lock when it begins (waiting for another writer up to the busy timeout): one
    /// that read first and wrote later would fail at once with "database is locked" when
    /// another connection had written in between, as two followers claiming sources did.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&mut dyn Sql) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = f(&mut Lite(&tx))?;
        tx.commit()?;
        Ok(out)
    }

    fn read(&self) -> Lite<'_> {
        Lite(&self.conn)
    }
}

impl Store for SqliteStore {
    fn put_batch(&mut self, docs: &[Document]) -> Result<Vec<Outcome>> {
        self.write(|tx| articles::put_batch(tx, docs))
    }

    fn get(&self, id: &str) -> Result<Option<Document>> {
        articles::get(&mut self.read(), id)
    }

    fn ids_with_prefix(&self, prefix: &str, limit: usize) -> Result<Vec<String>> {
        articles::ids_with_prefix(&mut self.read(), prefix, limit)
    }

    fn stats(&self) -> Result<Stats> {
        articles::stats(&mut self.read())
    }

    fn failures(&self, limit: usize, offset: usize) -> Result<Vec<FailureRow>> {
        articles::failures(&mut self.read(), limit, offset)
    }

    fn unindexed(&self, limit: usize) -> Result<Vec<Document>> {
        articles::unindexed(&mut self.read(), limit)
    }

    fn mark_indexed(&mut self, ids: &[&str]) -> Result<()> {
        self.write(|tx| articles::mark_indexed(tx, ids))
    }

    fn reset_indexed(&mut self) -> Result<()> {
        self.read().execute("UPDATE articles SET indexed = 0", &[])?;
        Ok(())
    }

    fn record_failures(&mut self, failures: &[Failure]) -> Result<()> {
        self.write(|tx| articles::record_failures(tx, failures))
    }

    fn recent(&self, limit: usize) -> Result<Vec<ArticleRow>> {
        articles::recent(&mut self.read(), limit)
    }

    fn link_pending(&mut self, limit: usize) -> Result<LinkReport> {
        self.write(|tx| links::link_pending(tx, limit, &[]))
    }

    fn link_pending_stored(&mut self, limit: usize, stored: &[&Document]) -> Result<LinkReport> {
        self.write(|tx| links::link_pending(tx, limit, stored))
    }

    fn links(&self, id: &str) -> Result<Option<ArticleLinks>> {
        queries::links(&mut self.read(), id)
    }

    fn linked(&self, id: &str) -> Result<Option<Linked>> {
        queries::linked(&mut self.read(), id)
    }

    fn generation(&self) -> Result<u64> {
        articles::generation(&mut self.read())
    }

    fn entity(&self, name_or_id: &str) -> Result<Option<EntityProfile>> {
        queries::entity(&mut self.read(), name_or_id)
    }

    fn resolve_entity(&self, name_or_id: &str) -> Result<Option<String>> {
        queries::resolve(&mut self.read(), name_or_id)
    }

    fn entity_candidates(&self, name: &str, limit: usize) -> Result<Vec<EntitySummary>> {
        queries::candidates(&mut self.read(), name, limit)
    }

    fn entities(&self, filter: &EntityFilter) -> Result<Vec<EntitySummary>> {
        queries::entities(&mut self.read(), filter)
    }

    fn articles_at(&self, filter: &PlaceFilter) -> Result<Vec<String>> {
        queries::articles_at(&mut self.read(), filter)
    }

    fn place(&self, geonameid: i64) -> Result<Option<PlaceProfile>> {
        queries::place(&mut self.read(), geonameid)
    }

    fn places_of(&self, articles: &[String], entity: Option<&str>) -> Result<Vec<PlaceCount>> {
        queries::places_of(&mut self.read(), articles, entity)
    }

    fn quotes(&self, filter: &QuoteFilter) -> Result<Vec<QuoteRow>> {
        queries::quotes(&mut self.read(), filter)
    }

    fn events(&self, filter: &EventFilter) -> Result<Vec<EventRow>> {
        queries::events(&mut self.read(), filter)
    }

    fn stories(&self, filter: &StoryFilter) -> Result<Vec<Story>> {
        queries::stories(&mut self.read(), filter)
    }

    fn story(&self, id: &str) -> Result<Option<Story>> {
        queries::story(&mut self.read(), id)
    }

    fn threads(&self, filter: &ThreadFilter) -> Result<Vec<Thread>> {
        threads::threads(&mut self.read(), filter)
    }

    fn thread(&self, id: &str) -> Result<Option<Thread>> {
        threads::thread(&mut self.read(), id)
    }

    fn latest_hour(&self) -> Result<Option<i64>> {
        attention::latest(&mut self.read())
    }

    fn add_alert(&mut self, name: &str, search: &str, webhook: Option<&str>, secret: Option<&str>) -> Result<bool> {
        self.write(|tx| alerts::add(tx, name, search, webhook, secret))
    }

    fn due_deliveries(&self, at: &str, limit: usize) -> Result<Vec<Delivery>> {
        alerts::due(&mut self.read(), at, limit)
    }

    fn record_attempt(&mut self, alert: &str, article: &str, retry_at: Option<&str>) -> Result<()> {
        self.write(|tx| alerts::attempted(tx, alert, article, retry_at))
    }

    fn remove_alert(&mut self, name: &str) -> Result<bool> {
        self.write(|tx| alerts::remove(tx, name))
    }

    fn alerts(&self) -> Result<Vec<Alert>> {
        alerts::list(&mut self.read())
    }

    fn saved_searches(&self) -> Result<Vec<(String, String)>> {
        alerts::searches(&mut self.read())
    }

    fn record_alert_matches(&mut self, matches: &[(&str, &str)]) -> Result<u64> {
        self.write(|tx| alerts::record(tx, matches))
    }

    fn alert_matches(&self, alert: Option<&str>, limit: usize) -> Result<Vec<AlertMatch>> {
        alerts::matches(&mut self.read(), alert, limit)
    }

    fn attention(&self, query: &AttentionQuery) -> Result<Vec<Attention>> {
        attention::attention(&mut self.read(), query)
    }

    fn network(&self, name_or_id: &str, limit: usize, offset: usize) -> Result<Vec<Edge>> {
        queries::network(&mut self.read(), name_or_id, limit, offset)
    }

    fn export(
        &self,
        table: Table,
        from: Option<&str>,
        to: Option<&str>,
        sink: &mut dyn FnMut(Row) -> bool,
    ) -> Result<u64> {
        export::export(&mut self.read(), table, from, to, sink)
    }

    fn add_sources(&mut self, list: &[NewSource], interval_secs: i64) -> Result<u64> {
        self.write(|tx| sources::add_sources(tx, list, interval_secs))
    }

    fn sources(&self) -> Result<Vec<Source>> {
        sources::sources(&mut self.read())
    }

    fn due_sources(&self, now: &str, limit: usize) -> Result<Vec<Source>> {
        sources::due_sources(&mut self.read(), now, limit)
    }

    fn claim_due_sources(&mut self, now: &str, lease_until: &str, limit: usize) -> Result<Vec<Source>> {
        self.write(|tx| sources::claim_due_sources(tx, now, lease_until, limit))
    }

    fn record_poll(&mut self, source: &Source, items: &[SeenItem]) -> Result<()> {
        self.write(|tx| sources::record_poll(tx, source, items))
    }

    fn seen_urls(&self, urls: &[String]) -> Result<Vec<String>> {
        sources::seen_urls(&mut self.read(), urls)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(url: Option<&str>, text: &str) -> Document {
        let mut d = Document::new("text", text.to_string());
        d.url = url.map(str::to_string);
        d.refresh_id();
        d
    }

    #[test]
    fn band_weeks_agree_with_the_migration() {
        // 0006_band_buckets.sql files existing bands by SQLite's julianday; new ones are filed
        // by `links::band_bucket`. The two must give the same week.
        let s = SqliteStore::open_in_memory().unwrap();
        for day in ["1850-03-01", "1999-12-31", "2000-01-01", "2026-11-29", "2026-11-30", "2999-07-04"] {
            let sql: i64 =
                s.conn.query_row("SELECT CAST(julianday(?1) + 0.5 AS INTEGER) / 7", [day], |r| r.get(0)).unwrap();
            assert_eq!(crate::links::band_bucket(Some(day)), sql, "{day}");
        }
        assert_eq!(crate::links::band_bucket(None), 0);
    }

    #[test]
    fn reopening_keeps_data_and_schema_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        let d = doc(None, "Kept.");
        SqliteStore::open(&path).unwrap().put_batch(std::slice::from_ref(&d)).unwrap();
        let mut s = SqliteStore::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len() as i64);
        assert_eq!(s.get(&d.id).unwrap().unwrap(), d);
        assert!(s.unindexed(10).unwrap().is_empty(), "indexed only once linked");
        s.link_pending(10).unwrap();
        assert_eq!(s.unindexed(10).unwrap().len(), 1);
    }

    #[test]
    fn a_query_connection_keeps_a_small_page_cache_and_reads_what_the_writer_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        let d = doc(None, "Read by the server.");
        let mut writer = SqliteStore::open(&path).unwrap();
        writer.put_batch(std::slice::from_ref(&d)).unwrap();
        let reader = SqliteStore::open_for_queries(&path).unwrap();
        let cache = |s: &SqliteStore| s.conn.query_row("PRAGMA cache_size", [], |r| r.get::<_, i64>(0)).unwrap();
        assert_eq!((cache(&writer), cache(&reader)), (-262_144, -16_384));
        assert_eq!(reader.get(&d.id).unwrap().unwrap(), d);
    }

    #[test]
    fn a_merged_story_hands_its_hourly_counts_over() {
        let s = SqliteStore::open_in_memory().unwrap();
        let mut sql = Lite(&s.conn);
        let rows: Vec<Vec<Value>> = [("Skeep", 10, "A", 2), ("Sgone", 10, "A", 3), ("Sgone", 11, "B", 1)]
            .iter()
            .map(|&(story, hour, source, n)| vec![story.into(), Value::Int(hour), source.into(), Value::Int(n)])
            .collect();
        sql.insert_rows("INSERT INTO story_hours (story, hour, source, articles) VALUES {rows}", "(?, ?, ?, ?)", &rows)
            .unwrap();
        attention::merge_story(&mut sql, "Skeep", "Sgone").unwrap();
        let left: Vec<(String, i64, String, i64)> = sql
            .query("SELECT story, hour, source, articles FROM story_hours ORDER BY story, hour", &[])
            .unwrap()
            .into_iter()
            .map(|r| (r.text(0), r.int(1), r.text(2), r.int(3)))
            .collect();
        assert_eq!(left, [("Skeep".into(), 10, "A".into(), 5), ("Skeep".into(), 11, "B".into(), 1)]);
    }

    #[test]
    fn lists_and_many_rows_take_few_statements() {
        let s = SqliteStore::open_in_memory().unwrap();
        let mut sql = Lite(&s.conn);
        let rows: Vec<Vec<Value>> = (0..300).map(|i| vec![Value::from(format!("t{i}"))]).collect();
        // 300 rows = chunks of 256, 32, 8 and 4; the df goes up once per row.
        assert_eq!(sql.insert_rows("INSERT INTO term_df (term, df) VALUES {rows}", "(?, 7)", &rows).unwrap(), 300);
        let wanted: Vec<Value> = ["t3", "t299", "nope", "t3", "t42"].iter().map(|t| Value::from(*t)).collect();
        let mut found: Vec<(String, i64)> = sql
            .query_in("SELECT term, df FROM term_df WHERE df = $1 AND term IN ({in})", &[Value::Int(7)], &wanted)
            .unwrap()
            .into_iter()
            .map(|r| (r.text(0), r.int(1)))
            .collect();
        found.sort();
        assert_eq!(found, vec![("t299".into(), 7), ("t3".into(), 7), ("t42".into(), 7)]);
        assert!(sql.query_in("SELECT 1 WHERE 1 IN ({in})", &[], &[]).unwrap().is_empty());
    }

    #[test]
    fn linking_what_was_just_stored_links_as_reading_it_back_would() {
        // Published newest first, so that linking's order (oldest first) is not the input's;
        // the last repeats the first one's text under another title.
        let docs: Vec<Document> = (0..6)
            .map(|i| {
                let text = format!(
                    "Dock workers in Valmora walked out on day {} of the talks with the port authority, \
                     which said the strike would cost the harbour its winter contracts.",
                    i % 5
                );
                let mut d = doc(None, &text);
                d.title = Some(format!("Valmora strike, report {i}"));
                d.published = Some(newsgraph_document::Published::parse(&format!("2026-03-{:02}", 20 - i)).unwrap());
                d.refresh_id();
                d
            })
            .collect();
        let mut read_back = SqliteStore::open_in_memory().unwrap();
        read_back.put_batch(&docs).unwrap();
        let expected = read_back.link_pending(100).unwrap();
        let mut handed = SqliteStore::open_in_memory().unwrap();
        handed.put_batch(&docs).unwrap();
        // Only some are handed over: the others are read back as before.
        let held: Vec<&Document> = docs.iter().step_by(2).collect();
        let linked = handed.link_pending_stored(100, &held).unwrap();
        assert_eq!(linked, expected);
        assert_eq!(linked.linked, docs.len() as u64);
        assert_eq!(handed.link_pending_stored(100, &held).unwrap().linked, 0, "each article is linked once");
    }

    #[test]
    fn matches_recorded_one_row_each_move_into_batches() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        // A store of the schema before batches (15 migrations), with matches recorded one
        // row each at two times, for a feed-only alert and one with a webhook.
        {
            let conn = Connection::open(&path).unwrap();
            for sql in &MIGRATIONS[..15] {
                conn.execute_batch(sql).unwrap();
            }
            conn.pragma_update(None, "user_version", 15).unwrap();
            conn.execute_batch(
                "INSERT INTO alerts VALUES ('feed', '{}', NULL, NULL, '2026-01-01T00:00:00Z'),
                                           ('hook', '{}', 'http://127.0.0.1:9/', 'k', '2026-01-01T00:00:00Z');
                 INSERT INTO alert_matches (alert, article, matched_at, delivered) VALUES
                    ('feed', 'a1', '2026-01-02T00:00:00Z', 1), ('feed', 'a2', '2026-01-02T00:00:00Z', 1),
                    ('feed', 'a3', '2026-01-03T00:00:00Z', 1), ('hook', 'a3', '2026-01-03T00:00:00Z', 0);",
            )
            .unwrap();
        }
        let mut s = SqliteStore::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len() as i64);
        let counts: Vec<(String, u64)> = s.alerts().unwrap().into_iter().map(|a| (a.name, a.matches)).collect();
        assert_eq!(counts, [("feed".to_string(), 3), ("hook".to_string(), 1)]);
        let feed: Vec<(String, String)> =
            s.alert_matches(Some("feed"), 10).unwrap().into_iter().map(|m| (m.article, m.matched_at)).collect();
        assert_eq!(feed[0], ("a3".to_string(), "2026-01-03T00:00:00Z".to_string()));
        assert_eq!(feed.len(), 3);
        // The webhook's delivery still waits; nothing is recorded twice.
        assert_eq!(s.due_deliveries("2999-01-01T00:00:00Z", 10).unwrap().len(), 1);
        assert_eq!(s.record_alert_matches(&[("feed", "a1")]).unwrap(), 0);
        // New matches chain after the migrated ones.
        assert_eq!(s.record_alert_matches(&[("feed", "a4")]).unwrap(), 1);
        let newest: Vec<String> = s.alert_matches(Some("feed"), 10).unwrap().into_iter().map(|m| m.article).collect();
        assert_eq!(newest.len(), 4);
        assert_eq!(newest[0], "a4");
        assert!(s.remove_alert("feed").unwrap());
        assert_eq!(s.alert_matches(None, 10).unwrap().len(), 1);
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        Connection::open(&path).unwrap().pragma_update(None, "user_version", 99).unwrap();
        assert!(matches!(SqliteStore::open(&path), Err(Error::TooNew { found: 99, .. })));
    }
}
