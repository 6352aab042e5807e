//! Storing and reading articles, written once for both backends (see `sql.rs`).

use newsgraph_document::{Document, content_id};

use std::borrow::Cow;
use std::collections::HashMap;

use crate::sql::{Dialect, Sql, Value, args};
use crate::{ArticleRow, Error, Failure, Outcome, Result, Stats};

pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub(crate) fn decode(id: String, json: &str) -> Result<Document> {
    Document::from_json(json).map_err(|source| Error::Corrupt { id, source })
}

/// Stores a batch inside the caller's transaction; one outcome per document.
pub(crate) fn put_batch(tx: &mut dyn Sql, docs: &[Document]) -> Result<Vec<Outcome>> {
    let mut outcomes = Vec::with_capacity(docs.len());
    let at = now();
    // Concurrent writers (PostgreSQL workers) take turns per URL, so that two new texts at
    // one URL get versions 2 and 3, not 2 twice. All of a batch's locks are taken first, in
    // one order, so that two batches never wait for each other in a circle.
    if tx.dialect() == Dialect::Postgres {
        // The lock key is 64 bits of the URL's hash, so that keys (not URLs) set the order.
        let mut keys: Vec<i64> = docs
            .iter()
            .filter_map(|d| d.url.as_deref())
            .map(|u| u64::from_str_radix(&content_id(None, u), 16).unwrap_or(0) as i64)
            .collect();
        keys.sort_unstable();
        keys.dedup();
        for key in keys {
            tx.query("SELECT pg_advisory_xact_lock($1)", args![key])?;
        }
    }
    let mut totals = Totals::default();
    for doc in docs {
        if tx.exists("SELECT 1 FROM articles WHERE id = $1", args![&doc.id])? {
            outcomes.push(Outcome::Duplicate);
            continue;
        }
        let text_hash = content_id(None, &doc.text);
        let mut version = 1i64;
        let mut supersedes = None;
        if let Some(url) = &doc.url {
            if tx.exists("SELECT 1 FROM articles WHERE url = $1 AND text_hash = $2 LIMIT 1", args![url, &text_hash])? {
                outcomes.push(Outcome::Duplicate);
                continue;
            }
            if let Some(r) = tx.query_opt(
                "SELECT id, version FROM articles WHERE url = $1 ORDER BY version DESC LIMIT 1",
                args![url],
            )? {
                version = r.int(1) + 1;
                supersedes = Some(r.text(0));
            }
        }
        let inserted = tx.execute(
            "INSERT INTO articles (id, url, text_hash, source, published, published_day, title, dateline_place,
                language, reader, origin, version, supersedes, ingested_at, doc,
                n_entities, n_quotes, n_time_expressions, n_events)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
             ON CONFLICT (id) DO NOTHING",
            args![
                &doc.id,
                &doc.url,
                text_hash,
                &doc.source,
                doc.published.map(|p| p.to_string()),
                doc.published.map(|p| p.date().to_string()),
                &doc.title,
                &doc.dateline_place,
                &doc.language,
                &doc.reader,
                &doc.origin,
                version,
                &supersedes,
                &at,
                doc.to_json(),
                doc.entities.len() as i64,
                doc.quotes.len() as i64,
                doc.time_expressions.len() as i64,
                doc.events.len() as i64,
            ],
        )?;
        // Another writer stored the same article between our check and our insert.
        if inserted == 0 {
            outcomes.push(Outcome::Duplicate);
            continue;
        }
        totals.add("articles", 1);
        totals.add("versions", i64::from(supersedes.is_some()));
        totals.add("entities", doc.entities.len() as i64);
        totals.add("quotes", doc.quotes.len() as i64);
        totals.add("time_expressions", doc.time_expressions.len() as i64);
        totals.add("events", doc.events.len() as i64);
        totals.add(&format!("reader:{}", doc.reader), 1);
        if let Some(source) = &doc.source {
            *totals.sources.entry(source.clone()).or_default() += 1;
        }
        outcomes.push(match supersedes {
            Some(supersedes) => Outcome::NewVersion { supersedes, version: version as u32 },
            None => Outcome::New,
        });
    }
    totals.write(tx)?;
    Ok(outcomes)
}

/// What a batch adds to `article_totals`, written once per key at the end of the batch.
#[derive(Default)]
struct Totals {
    by_key: std::collections::BTreeMap<String, i64>,
    /// By source as written: the database folds it into the key `stats` counts by, with the
    /// same `lower(trim(…))` the migration used for the articles before it.
    sources: std::collections::BTreeMap<String, i64>,
}

impl Totals {
    fn add(&mut self, key: &str, n: i64) {
        if n != 0 {
            *self.by_key.entry(key.to_string()).or_default() += n;
        }
    }

    fn write(&self, tx: &mut dyn Sql) -> Result<()> {
        const ADD: &str = "ON CONFLICT (k) DO UPDATE SET n = article_totals.n + excluded.n";
        for (k, n) in &self.by_key {
            tx.execute(&format!("INSERT INTO article_totals (k, n) VALUES ($1, $2) {ADD}"), args![k, *n])?;
        }
        // In the order of the keys they land on, as the fixed keys above are: PostgreSQL
        // workers storing at once then lock the rows in one order and never deadlock.
        let mut sources: Vec<(&String, &i64)> = self.sources.iter().collect();
        sources.sort_by_cached_key(|(s, _)| (s.trim().to_lowercase(), s.to_string()));
        for (source, n) in sources {
            tx.execute(
                &format!("INSERT INTO article_totals (k, n) VALUES ('source:' || lower(trim($1)), $2) {ADD}"),
                args![source, *n],
            )?;
        }
        Ok(())
    }
}

/// The document with this id, or the only one whose id starts with it.
pub(crate) fn get(conn: &mut dyn Sql, id: &str) -> Result<Option<Document>> {
    let exact = conn.query_opt("SELECT id, doc FROM articles WHERE id = $1", args![id])?;
    let found = match exact {
        Some(row) => Some(row),
        None if is_prefix(id) => {
            let upper = format!("{id}\u{7f}");
            let rows =
                conn.query("SELECT id, doc FROM articles WHERE id >= $1 AND id < $2 LIMIT 2", args![id, upper])?;
            if rows.len() == 1 { rows.into_iter().next() } else { None }
        }
        None => None,
    };
    found.map(|r| decode(r.text(0), &r.text(1))).transpose()
}

/// Whether `id` can be the start of an article id (hex, shorter than one).
fn is_prefix(id: &str) -> bool {
    !id.is_empty() && id.len() < 16 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Up to `limit` ids that start with `prefix`, in order.
pub(crate) fn ids_with_prefix(conn: &mut dyn Sql, prefix: &str, limit: usize) -> Result<Vec<String>> {
    if !is_prefix(prefix) {
        return Ok(Vec::new());
    }
    let upper = format!("{prefix}\u{7f}");
    let rows = conn.query(
        "SELECT id FROM articles WHERE id >= $1 AND id < $2 ORDER BY id LIMIT $3",
        args![prefix, upper, limit as i64],
    )?;
    Ok(rows.into_iter().map(|r| r.text(0)).collect())
}

/// Counts over the store: kept totals (`article_totals`, written as articles are stored) and
/// index lookups, never a pass over the articles: its cost does not grow with the store.
pub(crate) fn stats(c: &mut dyn Sql) -> Result<Stats> {
    let mut count = |sql: &str| -> Result<u64> { Ok(c.query_opt(sql, &[])?.map_or(0, |r| r.int(0)) as u64) };
    let articles = count("SELECT n FROM article_totals WHERE k = 'articles'")?;
    let versions = count("SELECT n FROM article_totals WHERE k = 'versions'")?;
    // Indexing comes and goes (linking marks moved articles unindexed): counted by the
    // partial index of the unindexed.
    let unindexed = count("SELECT COUNT(*) FROM articles WHERE indexed = 0")?;
    let indexed = articles.saturating_sub(unindexed);
    let sources = count("SELECT COUNT(*) FROM article_totals WHERE k LIKE 'source:%' AND n > 0")?;
    let failures = count("SELECT COUNT(*) FROM ingest_failures")?;
    let by_reader = c
        .query("SELECT k, n FROM article_totals WHERE k LIKE 'reader:%' AND n > 0 ORDER BY k", &[])?
        .into_iter()
        .map(|r| (r.text(0).strip_prefix("reader:").unwrap_or_default().to_string(), r.int(1) as u64))
        .collect();
    // Two subqueries: each an index lookup (one query with both aggregates reads the whole
    // index in SQLite).
    let days = c.query_opt(
        "SELECT (SELECT MIN(published_day) FROM articles), (SELECT MAX(published_day) FROM articles)",
        &[],
    )?;
    let mut layers = [0u64; 4];
    for (n, k) in layers.iter_mut().zip(["entities", "quotes", "time_expressions", "events"]) {
        *n = c.query_opt("SELECT n FROM article_totals WHERE k = $1", args![k])?.map_or(0, |r| r.int(0) as u64);
    }
    Ok(Stats {
        entities: layers[0],
        quotes: layers[1],
        time_expressions: layers[2],
        events: layers[3],
        articles,
        versions,
        indexed,
        sources,
        failures,
        first_published: days.as_ref().and_then(|r| r.opt(0)),
        last_published: days.as_ref().and_then(|r| r.opt(1)),
        by_reader,
    })
}

/// Up to `limit` linked documents the index has not confirmed (an article is indexed once
/// linking has given it its story and global entities).
pub(crate) fn unindexed(conn: &mut dyn Sql, limit: usize) -> Result<Vec<Document>> {
    let rows =
        conn.query("SELECT id, doc FROM articles WHERE indexed = 0 AND linked = 1 LIMIT $1", args![limit as i64])?;
    rows.into_iter().map(|r| decode(r.text(0), &r.text(1))).collect()
}

pub(crate) fn mark_indexed(tx: &mut dyn Sql, ids: &[&str]) -> Result<()> {
    for id in ids {
        tx.execute("UPDATE articles SET indexed = 1 WHERE id = $1", args![*id])?;
    }
    Ok(())
}

pub(crate) fn record_failures(tx: &mut dyn Sql, failures: &[Failure]) -> Result<()> {
    let at = now();
    for f in failures {
        tx.execute(
            "INSERT INTO ingest_failures (origin, reason, at) VALUES ($1, $2, $3)",
            args![&f.origin, &f.reason, &at],
        )?;
    }
    Ok(())
}

pub(crate) fn failures(conn: &mut dyn Sql, limit: usize, offset: usize) -> Result<Vec<crate::FailureRow>> {
    let rows = conn.query(
        "SELECT origin, reason, at FROM ingest_failures ORDER BY seq DESC LIMIT $1 OFFSET $2",
        args![limit.max(1) as i64, offset as i64],
    )?;
    Ok(rows.iter().map(|r| crate::FailureRow { origin: r.text(0), reason: r.text(1), at: r.text(2) }).collect())
}

pub(crate) fn recent(conn: &mut dyn Sql, limit: usize) -> Result<Vec<ArticleRow>> {
    let rows = conn.query(
        "SELECT id, title, source, published FROM articles ORDER BY published_day DESC NULLS LAST, published DESC NULLS LAST, id LIMIT $1",
        args![limit as i64],
    )?;
    Ok(rows
        .into_iter()
        .map(|r| ArticleRow { id: r.text(0), title: r.opt(1), source: r.opt(2), published: r.opt(3) })
        .collect())
}

/// Articles linked so far: changes whenever linking changes what the cross-article queries
/// answer.
pub(crate) fn generation(conn: &mut dyn Sql) -> Result<u64> {
    Ok(conn.query_opt("SELECT value FROM graph_counters WHERE name = 'linked'", &[])?.map_or(0, |r| r.int(0)) as u64)
}

/// Up to `limit` stored articles not linked yet, oldest publication first. Those among
/// `stored` (documents the caller has just stored, exactly as it stored them) are borrowed
/// from it: decoding a stored document's JSON costs more than linking reads of it.
pub(crate) fn unlinked<'d>(tx: &mut dyn Sql, limit: usize, stored: &[&'d Document]) -> Result<Vec<Cow<'d, Document>>> {
    const ORDER: &str = "WHERE linked = 0 ORDER BY published_day IS NULL, published_day, rowid LIMIT $1";
    if stored.is_empty() {
        let rows = tx.query(&format!("SELECT id, doc FROM articles {ORDER}"), args![limit as i64])?;
        return rows.into_iter().map(|r| decode(r.text(0), &r.text(1)).map(Cow::Owned)).collect();
    }
    let held: HashMap<&str, &'d Document> = stored.iter().map(|d| (d.id.as_str(), *d)).collect();
    let ids = tx.column(&format!("SELECT id FROM articles {ORDER}"), args![limit as i64])?;
    let missing: Vec<Value> = ids.iter().filter(|id| !held.contains_key(id.as_str())).map(Value::from).collect();
    let mut read: HashMap<String, Document> = HashMap::new();
    for r in tx.query_in("SELECT id, doc FROM articles WHERE id IN ({in})", &[], &missing)? {
        read.insert(r.text(0), decode(r.text(0), &r.text(1))?);
    }
    // Every id was read in this transaction, so each is either held or just read.
    Ok(ids
        .into_iter()
        .filter_map(|id| match held.get(id.as_str()) {
            Some(doc) => Some(Cow::Borrowed(*doc)),
            None => read.remove(&id).map(Cow::Owned),
        })
        .collect())
}
