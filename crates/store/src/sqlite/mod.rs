//! The SQLite store: bundled SQLite in WAL mode, versioned migrations, one transaction per
//! batch.

use std::path::Path;

use newsgraph_document::{Document, content_id};
use rusqlite::{Connection, OptionalExtension, params};

use crate::{
    ArticleLinks, ArticleRow, Edge, EntityProfile, EntitySummary, Error, EventFilter, EventRow, Failure, LinkReport,
    Outcome, QuoteFilter, QuoteRow, Result, Stats, Store, Story, StoryFilter,
};

/// Schema migrations, applied in order; `PRAGMA user_version` records how many ran.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_articles.sql"),
    include_str!("../../migrations/0002_layer_counts.sql"),
    include_str!("../../migrations/0003_graph.sql"),
    include_str!("../../migrations/0004_entity_days.sql"),
];

mod links;
mod queries;

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
        // 64 MiB of page cache: linking looks up keys all over the database.
        conn.pragma_update(None, "cache_size", -65536)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        SqliteStore::init(conn)
    }

    /// A throwaway in-memory store (tests, `extract`).
    pub fn open_in_memory() -> Result<SqliteStore> {
        SqliteStore::init(Connection::open_in_memory()?)
    }

    fn init(mut conn: Connection) -> Result<SqliteStore> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
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
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn decode(id: String, json: String) -> Result<Document> {
    Document::from_json(&json).map_err(|source| Error::Corrupt { id, source })
}

impl Store for SqliteStore {
    fn put_batch(&mut self, docs: &[Document]) -> Result<Vec<Outcome>> {
        let tx = self.conn.transaction()?;
        let mut outcomes = Vec::with_capacity(docs.len());
        {
            let mut exists = tx.prepare_cached("SELECT 1 FROM articles WHERE id = ?1")?;
            let mut same_url_text =
                tx.prepare_cached("SELECT 1 FROM articles WHERE url = ?1 AND text_hash = ?2 LIMIT 1")?;
            let mut latest_at_url =
                tx.prepare_cached("SELECT id, version FROM articles WHERE url = ?1 ORDER BY version DESC LIMIT 1")?;
            let mut insert = tx.prepare_cached(
                "INSERT INTO articles (id, url, text_hash, source, published, published_day, title, dateline_place,
                    language, reader, origin, version, supersedes, ingested_at, doc,
                    n_entities, n_quotes, n_time_expressions, n_events)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
            )?;
            let at = now();
            for doc in docs {
                if exists.exists([&doc.id])? {
                    outcomes.push(Outcome::Duplicate);
                    continue;
                }
                let text_hash = content_id(None, &doc.text);
                let mut version = 1u32;
                let mut supersedes = None;
                if let Some(url) = &doc.url {
                    if same_url_text.exists(params![url, text_hash])? {
                        outcomes.push(Outcome::Duplicate);
                        continue;
                    }
                    if let Some((prev, v)) = latest_at_url
                        .query_row([url], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))
                        .optional()?
                    {
                        version = v + 1;
                        supersedes = Some(prev);
                    }
                }
                insert.execute(params![
                    doc.id,
                    doc.url,
                    text_hash,
                    doc.source,
                    doc.published.map(|p| p.to_string()),
                    doc.published.map(|p| p.date().to_string()),
                    doc.title,
                    doc.dateline_place,
                    doc.language,
                    doc.reader,
                    doc.origin,
                    version,
                    supersedes,
                    at,
                    doc.to_json(),
                    doc.entities.len() as i64,
                    doc.quotes.len() as i64,
                    doc.time_expressions.len() as i64,
                    doc.events.len() as i64,
                ])?;
                outcomes.push(match supersedes {
                    Some(supersedes) => Outcome::NewVersion { supersedes, version },
                    None => Outcome::New,
                });
            }
        }
        tx.commit()?;
        Ok(outcomes)
    }

    fn get(&self, id: &str) -> Result<Option<Document>> {
        let exact = self
            .conn
            .query_row("SELECT id, doc FROM articles WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let found = match exact {
            Some(row) => Some(row),
            None if !id.is_empty() && id.len() < 16 && id.bytes().all(|b| b.is_ascii_hexdigit()) => {
                let mut stmt = self.conn.prepare("SELECT id, doc FROM articles WHERE id >= ?1 AND id < ?2 LIMIT 2")?;
                let upper = format!("{id}\u{7f}");
                let rows: Vec<(String, String)> = stmt
                    .query_map(params![id, upper], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                if rows.len() == 1 { rows.into_iter().next() } else { None }
            }
            None => None,
        };
        found.map(|(id, json)| decode(id, json)).transpose()
    }

    fn stats(&self) -> Result<Stats> {
        let c = &self.conn;
        let count = |sql: &str| -> Result<u64> { Ok(c.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64) };
        let mut by_reader = Vec::new();
        let mut stmt = c.prepare("SELECT reader, COUNT(*) FROM articles GROUP BY reader ORDER BY reader")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64)))? {
            by_reader.push(row?);
        }
        let (first, last) = c.query_row("SELECT MIN(published_day), MAX(published_day) FROM articles", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        let layers = c.query_row(
            "SELECT COALESCE(SUM(n_entities), 0), COALESCE(SUM(n_quotes), 0), COALESCE(SUM(n_time_expressions), 0),
                    COALESCE(SUM(n_events), 0) FROM articles",
            [],
            |r| {
                Ok([
                    r.get::<_, i64>(0)? as u64,
                    r.get::<_, i64>(1)? as u64,
                    r.get::<_, i64>(2)? as u64,
                    r.get::<_, i64>(3)? as u64,
                ])
            },
        )?;
        Ok(Stats {
            entities: layers[0],
            quotes: layers[1],
            time_expressions: layers[2],
            events: layers[3],
            articles: count("SELECT COUNT(*) FROM articles")?,
            versions: count("SELECT COUNT(*) FROM articles WHERE supersedes IS NOT NULL")?,
            indexed: count("SELECT COUNT(*) FROM articles WHERE indexed = 1")?,
            sources: count("SELECT COUNT(DISTINCT source) FROM articles")?,
            failures: count("SELECT COUNT(*) FROM ingest_failures")?,
            first_published: first,
            last_published: last,
            by_reader,
        })
    }

    fn unindexed(&self, limit: usize) -> Result<Vec<Document>> {
        let mut stmt = self.conn.prepare_cached("SELECT id, doc FROM articles WHERE indexed = 0 LIMIT ?1")?;
        let rows: Vec<(String, String)> =
            stmt.query_map([limit as i64], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        rows.into_iter().map(|(id, json)| decode(id, json)).collect()
    }

    fn mark_indexed(&mut self, ids: &[&str]) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached("UPDATE articles SET indexed = 1 WHERE id = ?1")?;
            for id in ids {
                stmt.execute([id])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn reset_indexed(&mut self) -> Result<()> {
        self.conn.execute("UPDATE articles SET indexed = 0", [])?;
        Ok(())
    }

    fn record_failures(&mut self, failures: &[Failure]) -> Result<()> {
        if failures.is_empty() {
            return Ok(());
        }
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached("INSERT INTO ingest_failures (origin, reason, at) VALUES (?1, ?2, ?3)")?;
            let at = now();
            for f in failures {
                stmt.execute(params![f.origin, f.reason, at])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn recent(&self, limit: usize) -> Result<Vec<ArticleRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, title, source, published FROM articles ORDER BY published_day DESC, published DESC, id LIMIT ?1",
        )?;
        let rows = stmt
            .query_map([limit as i64], |r| {
                Ok(ArticleRow { id: r.get(0)?, title: r.get(1)?, source: r.get(2)?, published: r.get(3)? })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    fn link_pending(&mut self, limit: usize) -> Result<LinkReport> {
        let tx = self.conn.transaction()?;
        let docs: Vec<Document> = {
            let mut stmt = tx.prepare_cached(
                "SELECT id, doc FROM articles WHERE linked = 0 ORDER BY published_day IS NULL, published_day, rowid LIMIT ?1",
            )?;
            let rows: Vec<(String, String)> =
                stmt.query_map([limit as i64], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
            rows.into_iter().map(|(id, json)| decode(id, json)).collect::<Result<_>>()?
        };
        let mut report = LinkReport::default();
        for doc in &docs {
            links::link(&tx, doc, &mut report)?;
        }
        tx.commit()?;
        Ok(report)
    }

    fn links(&self, id: &str) -> Result<Option<ArticleLinks>> {
        queries::links(&self.conn, id)
    }

    fn entity(&self, name_or_id: &str) -> Result<Option<EntityProfile>> {
        queries::entity(&self.conn, name_or_id)
    }

    fn resolve_entity(&self, name_or_id: &str) -> Result<Option<String>> {
        queries::resolve(&self.conn, name_or_id)
    }

    fn entities(&self, prefix: &str, since: Option<&str>, limit: usize, offset: usize) -> Result<Vec<EntitySummary>> {
        queries::entities(&self.conn, prefix, since, limit, offset)
    }

    fn quotes(&self, filter: &QuoteFilter) -> Result<Vec<QuoteRow>> {
        queries::quotes(&self.conn, filter)
    }

    fn events(&self, filter: &EventFilter) -> Result<Vec<EventRow>> {
        queries::events(&self.conn, filter)
    }

    fn stories(&self, filter: &StoryFilter) -> Result<Vec<Story>> {
        queries::stories(&self.conn, filter)
    }

    fn story(&self, id: &str) -> Result<Option<Story>> {
        queries::story(&self.conn, id)
    }

    fn network(&self, name_or_id: &str, limit: usize) -> Result<Vec<Edge>> {
        queries::network(&self.conn, name_or_id, limit)
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

    fn person(id: &str, name: &str, text: &str) -> newsgraph_document::Entity {
        let at = text.find(name.split(' ').next().unwrap_or(name)).unwrap_or(0);
        newsgraph_document::Entity {
            id: id.into(),
            global: None,
            kind: newsgraph_document::EntityKind::Person,
            name: name.into(),
            aliases: vec![],
            roles: vec![],
            mentions: vec![newsgraph_document::Mention {
                span: newsgraph_document::Span::new(at, at + 1),
                pronoun: false,
            }],
        }
    }

    #[test]
    fn linking_survives_odd_input_in_bounded_time() {
        let mut s = SqliteStore::open_in_memory().unwrap();
        let mut docs = Vec::new();
        // Thousands of articles with one headline, some with no entities, a 5,000-character
        // name, and dates far in the past and the future.
        for n in 0..2000 {
            let text =
                format!("Body number {n} about harbour cranes and tariffs, with words {} and more {}.", n * 7, n % 13);
            let mut d = doc(None, &text);
            d.title = Some("Breaking news".into());
            let day = match n % 4 {
                0 => "1901-01-01",
                1 => "2999-12-31",
                _ => "2026-03-01",
            };
            d.published = Some(newsgraph_document::Published::parse(day).unwrap());
            if n % 2 == 0 {
                let long = format!("Ann {}", "x".repeat(5000));
                d.entities.push(person("E1", &long, &text));
            }
            d.refresh_id();
            docs.push(d);
        }
        s.put_batch(&docs).unwrap();
        let start = std::time::Instant::now();
        let mut linked = 0;
        loop {
            let r = s.link_pending(500).unwrap();
            if r.linked == 0 {
                break;
            }
            linked += r.linked;
        }
        assert_eq!(linked, 2000);
        assert!(start.elapsed() < std::time::Duration::from_secs(60), "{:?}", start.elapsed());
        let stories = s.stories(&StoryFilter { limit: 10_000, ..Default::default() }).unwrap();
        assert!(!stories.is_empty());
        // Days far apart never share a story.
        for st in &stories {
            assert_eq!(st.first_seen.as_deref().map(|d| &d[..2]), st.last_seen.as_deref().map(|d| &d[..2]), "{st:?}");
        }
        let p = s.entity("Ann").unwrap().expect("the long name is found by its start");
        assert!(p.name.chars().count() <= 300);
    }

    #[test]
    fn linking_is_idempotent_and_ties_full_names_across_articles() {
        let mut s = SqliteStore::open_in_memory().unwrap();
        let mk = |n: u32, name: &str, alias: &str| {
            let text = format!("Article {n}: {alias} spoke about the port strike in Durban, day {n}.");
            let mut d = doc(None, &text);
            d.published = Some(newsgraph_document::Published::parse("2026-03-02").unwrap());
            let mut e = person("E1", name, &text);
            e.aliases = vec![alias.to_string()];
            d.entities.push(e);
            d.refresh_id();
            d
        };
        let docs = vec![
            mk(1, "Nomvula Khanyile", "Ms Khanyile"),
            mk(2, "Nomvula Khanyile", "Khanyile"),
            mk(3, "Sipho Khanyile", "Mr Khanyile"),
        ];
        s.put_batch(&docs).unwrap();
        assert_eq!(s.link_pending(100).unwrap().linked, 3);
        assert_eq!(s.link_pending(100).unwrap().linked, 0, "linking twice links nothing");
        let nomvula = s.entity("Nomvula Khanyile").unwrap().unwrap();
        assert_eq!(nomvula.articles, 2);
        let sipho = s.entity("Sipho Khanyile").unwrap().unwrap();
        assert_ne!(nomvula.id, sipho.id, "same surname, different people");
        let links = s.links(&docs[0].id).unwrap().unwrap();
        assert_eq!(links.entities, vec![("E1".to_string(), nomvula.id.clone())]);
    }

    #[test]
    fn duplicates_versions_and_batch_internal_repeats() {
        let mut s = SqliteStore::open_in_memory().unwrap();
        let a = doc(Some("https://x.test/a"), "First text.");
        let mut a_retitled = a.clone();
        a_retitled.title = Some("New headline".into());
        a_retitled.refresh_id();
        let a2 = doc(Some("https://x.test/a"), "Corrected text.");
        let out = s.put_batch(&[a.clone(), a.clone(), a_retitled, a2.clone()]).unwrap();
        assert_eq!(out[0], Outcome::New);
        assert_eq!(out[1], Outcome::Duplicate);
        assert_eq!(out[2], Outcome::Duplicate, "same URL and same text");
        assert_eq!(out[3], Outcome::NewVersion { supersedes: a.id.clone(), version: 2 });
        let stats = s.stats().unwrap();
        assert_eq!((stats.articles, stats.versions), (2, 1));
        assert_eq!(s.get(&a2.id).unwrap().unwrap().text, "Corrected text.");
        assert_eq!(s.get(&a.id[..6]).unwrap().unwrap().id, a.id, "unique prefix");
        assert!(s.get("ffffffffffffffff").unwrap().is_none());
    }

    #[test]
    fn reopening_keeps_data_and_schema_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        let d = doc(None, "Kept.");
        SqliteStore::open(&path).unwrap().put_batch(std::slice::from_ref(&d)).unwrap();
        let s = SqliteStore::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len() as i64);
        assert_eq!(s.get(&d.id).unwrap().unwrap(), d);
        assert_eq!(s.unindexed(10).unwrap().len(), 1);
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        Connection::open(&path).unwrap().pragma_update(None, "user_version", 99).unwrap();
        assert!(matches!(SqliteStore::open(&path), Err(Error::TooNew { found: 99, .. })));
    }
}
