//! Full-text search in PostgreSQL, for engines that share a PostgreSQL store: every query
//! node searches the same data. A table of its own (`search_documents`) holds what the
//! tantivy index would: title, body, source, day, global entity ids and story, with a
//! generated, weighted `tsvector` (title above body, English stemming) under a GIN index.
//! Queries use `websearch_to_tsquery` (phrases in quotes, `-word`, `or`), which never fails
//! on what a user typed; ranking is `ts_rank_cd`, snippets come from `ts_headline`.

use std::sync::{Mutex, PoisonError};

use newsgraph_document::Document;
use postgres::Client;
use postgres::types::ToSql;

use crate::{Hit, Interval, PeriodCounts, Result, SearchQuery, SearchResults, TextIndex};

/// Bodies are cut here before `to_tsvector`, whose result may not exceed 1 MB.
const INDEXED_CHARS: usize = 200_000;
const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS search_documents (
    id            TEXT COLLATE "C" PRIMARY KEY,
    title         TEXT,
    body          TEXT NOT NULL,
    source        TEXT,
    source_key    TEXT,
    published     TEXT,
    published_day TEXT COLLATE "C",
    entities      TEXT[] NOT NULL DEFAULT '{}',
    story         TEXT COLLATE "C",
    tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', body), 'B')
    ) STORED
);
CREATE INDEX IF NOT EXISTS search_documents_tsv ON search_documents USING GIN (tsv);
CREATE INDEX IF NOT EXISTS search_documents_entities ON search_documents USING GIN (entities);
CREATE INDEX IF NOT EXISTS search_documents_day ON search_documents (published_day);
CREATE INDEX IF NOT EXISTS search_documents_story ON search_documents (story);
"#;
/// Markers `ts_headline` puts around matches (private-use characters, never in articles'
/// text after reading... and stripped from the snippet either way).
const START: char = '\u{E000}';
const STOP: char = '\u{E001}';

/// A search as SQL: whether it has words, the condition on them (`$1`, the words, is always
/// bound), the filters (` AND …`) and the parameters they bind.
struct Filter {
    words: bool,
    matches: &'static str,
    filters: String,
    params: Vec<Box<dyn ToSql + Sync>>,
}

impl Filter {
    fn of(q: &SearchQuery) -> Filter {
        let text = q.text.trim();
        let words = !(text.is_empty() || text == "*");
        let mut params: Vec<Box<dyn ToSql + Sync>> = vec![Box::new(text.to_string())];
        let mut filters = String::new();
        let mut filter = |sql: &str, value: Box<dyn ToSql + Sync>, params: &mut Vec<Box<dyn ToSql + Sync>>| {
            params.push(value);
            filters.push_str(&format!(" AND {sql}${}", params.len()));
        };
        if let Some(d) = q.from {
            filter("published_day >= ", Box::new(d.to_string()), &mut params);
        }
        if let Some(d) = q.to {
            filter("published_day <= ", Box::new(d.to_string()), &mut params);
        }
        if let Some(s) = &q.source {
            filter("source_key = ", Box::new(s.to_lowercase()), &mut params);
        }
        if let Some(e) = &q.entity {
            filter("entities @> ", Box::new(vec![e.clone()]), &mut params);
        }
        if let Some(s) = &q.story {
            filter("story = ", Box::new(s.clone()), &mut params);
        }
        if let Some(stories) = &q.stories {
            params.push(Box::new(stories.clone()));
            filters.push_str(&format!(" AND story = ANY(${})", params.len()));
        }
        if let Some(ids) = &q.articles {
            params.push(Box::new(ids.clone()));
            filters.push_str(&format!(" AND id = ANY(${})", params.len()));
        }
        let matches = if words { "tsv @@ websearch_to_tsquery('english', $1)" } else { "$1 = $1" };
        Filter { words, matches, filters, params }
    }
}

/// The publication instant in Unix seconds from the stored ISO form (`published`, as
/// `Published` writes it): a zone when one is written, else UTC; none for a date alone.
const INSTANT: &str = "CASE WHEN length(published) <= 10 THEN NULL
      WHEN published ~ '(Z|[+-][0-9][0-9]:?[0-9][0-9])$' THEN extract(epoch FROM published::timestamptz)
      ELSE extract(epoch FROM published::timestamp) END";

/// The PostgreSQL text index.
pub struct PgIndex {
    client: Mutex<Client>,
}

impl PgIndex {
    /// Takes a connection and creates the table when missing.
    pub fn new(mut client: Client) -> Result<PgIndex> {
        let mut tx = client.transaction()?;
        // Concurrent first connections create the table once.
        tx.execute("SELECT pg_advisory_xact_lock(1852252163)", &[])?;
        tx.batch_execute(SCHEMA)?;
        tx.commit()?;
        Ok(PgIndex { client: Mutex::new(client) })
    }

    fn client(&self) -> std::sync::MutexGuard<'_, Client> {
        self.client.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The snippet without markers, and the byte ranges the markers enclosed.
fn highlights(marked: &str) -> (String, Vec<(usize, usize)>) {
    let mut text = String::with_capacity(marked.len());
    let mut ranges = Vec::new();
    let mut open = None;
    for c in marked.chars() {
        match c {
            START => open = Some(text.len()),
            STOP => {
                if let Some(s) = open.take() {
                    ranges.push((s, text.len()));
                }
            }
            c => text.push(c),
        }
    }
    (text, ranges)
}

impl TextIndex for PgIndex {
    fn add(&mut self, docs: &[Document]) -> Result<()> {
        let mut client = self.client();
        let mut tx = client.transaction()?;
        let upsert = tx.prepare(
            "INSERT INTO search_documents (id, title, body, source, source_key, published, published_day, entities, story)
             VALUES ($1, $2, $3, $4, lower($4), $5, $6, $7, $8)
             ON CONFLICT (id) DO UPDATE SET title = excluded.title, body = excluded.body, source = excluded.source,
                source_key = excluded.source_key, published = excluded.published,
                published_day = excluded.published_day, entities = excluded.entities, story = excluded.story",
        )?;
        for d in docs {
            let body: String = d.text.chars().take(INDEXED_CHARS).collect();
            let entities: Vec<String> = d.entities.iter().filter_map(|e| e.global.clone()).collect();
            tx.execute(
                &upsert,
                &[
                    &d.id,
                    &d.title,
                    &body,
                    &d.source,
                    &d.published.map(|p| p.to_string()),
                    &d.published.map(|p| p.date().to_string()),
                    &entities,
                    &d.story,
                ],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    fn counts(&self, q: &SearchQuery, interval: Interval) -> Result<PeriodCounts> {
        let Filter { matches, filters, params, .. } = Filter::of(q);
        // The period's start, in seconds: the day's midnight, or the hour of the instant.
        let start = match interval {
            Interval::Day => "extract(epoch FROM published_day::date)::bigint".to_string(),
            Interval::Hour => format!("(floor(({INSTANT}) / 3600) * 3600)::bigint"),
        };
        let sql = format!(
            "SELECT {start} AS start, published_day IS NULL AS undated, count(*)
             FROM search_documents WHERE {matches}{filters} GROUP BY 1, 2"
        );
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.as_ref()).collect();
        let mut counts = PeriodCounts::default();
        for row in self.client().query(&sql, &refs)? {
            let (start, undated, n): (Option<i64>, bool, i64) = (row.get(0), row.get(1), row.get(2));
            let n = n as u64;
            counts.total += n;
            match start {
                Some(s) => *counts.periods.entry(s).or_default() += n,
                None if undated => counts.undated += n,
                None => counts.day_only += n,
            }
        }
        Ok(counts)
    }

    fn commit(&mut self) -> Result<()> {
        // Every `add` is its own transaction.
        Ok(())
    }

    fn clear(&mut self) -> Result<()> {
        self.client().batch_execute("TRUNCATE search_documents")?;
        Ok(())
    }

    fn search(&self, q: &SearchQuery) -> Result<SearchResults> {
        let Filter { words, matches, filters, params } = Filter::of(q);
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.as_ref()).collect();
        let mut client = self.client();
        let total: i64 =
            client.query_one(&format!("SELECT count(*) FROM search_documents WHERE {matches}{filters}"), &refs)?.get(0);
        let (limit, offset) = (q.limit.max(1) as i64, q.offset as i64);
        let n = params.len();
        let (rank, order) = if words {
            ("ts_rank_cd(tsv, websearch_to_tsquery('english', $1))", "score DESC, id")
        } else {
            ("0.0::real", "published_day DESC NULLS LAST, published DESC NULLS LAST, id")
        };
        // Snippets only for the page of hits, not for every match.
        let headline = if words {
            format!(
                "ts_headline('english', left(d.body, {INDEXED_CHARS}), websearch_to_tsquery('english', $1),
                    'StartSel={START}, StopSel={STOP}, MaxWords=45, MinWords=20, MaxFragments=1')"
            )
        } else {
            "''".to_string()
        };
        let sql = format!(
            "WITH page AS (SELECT id, {rank} AS score FROM search_documents WHERE {matches}{filters}
                           ORDER BY {order} LIMIT ${} OFFSET ${})
             SELECT d.id, d.title, d.source, d.published, p.score, {headline}, left(d.body, 400)
             FROM page p JOIN search_documents d ON d.id = p.id ORDER BY p.score DESC, {order_outer}",
            n + 1,
            n + 2,
            order_outer =
                if words { "d.id" } else { "d.published_day DESC NULLS LAST, d.published DESC NULLS LAST, d.id" },
        );
        let mut refs = refs;
        refs.push(&limit);
        refs.push(&offset);
        let rows = client.query(&sql, &refs)?;
        let hits = rows
            .iter()
            .map(|r| {
                let (snippet, highlights) = highlights(&r.get::<_, String>(5));
                let (snippet, highlights) = if snippet.trim().is_empty() {
                    (crate::index::lead(&r.get::<_, String>(6)), Vec::new())
                } else {
                    (snippet, highlights)
                };
                Hit {
                    id: r.get(0),
                    title: r.get(1),
                    source: r.get(2),
                    published: r.get(3),
                    score: r.get::<_, f32>(4),
                    snippet,
                    highlights,
                }
            })
            .collect();
        Ok(SearchResults { total: total as usize, hits })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn markers_become_byte_ranges() {
        let (text, ranges) = super::highlights("the \u{E000}strike\u{E001} in Łódź \u{E000}ended\u{E001}");
        assert_eq!(text, "the strike in Łódź ended");
        assert_eq!(&text[ranges[0].0..ranges[0].1], "strike");
        assert_eq!(&text[ranges[1].0..ranges[1].1], "ended");
    }
}
