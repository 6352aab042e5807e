//! Followed sources and their fetch state (what `newsgraph follow` polls), written once for
//! both backends (see `sql.rs`). The store keeps the state; when to poll and how is the
//! follower's business (`newsgraph-follow`).

use serde::Serialize;

use crate::Result;
use crate::articles::now;
use crate::sql::{Row, Sql, Value, args};

/// A source to follow, as a source list names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSource {
    /// Its URL (a feed, a sitemap or a section front).
    pub url: String,
    /// Its name, when the list gives one.
    pub title: Option<String>,
}

/// A followed source and its fetch state. Times are RFC 3339 UTC (`2026-03-02T08:00:00Z`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// Its URL.
    pub url: String,
    /// What it turned out to be (`feed`, `sitemap`, `front`), once fetched.
    pub kind: Option<String>,
    /// Its name.
    pub title: Option<String>,
    /// When it was first added.
    pub added_at: String,
    /// The `ETag` of its last full answer, for a conditional GET.
    pub etag: Option<String>,
    /// The `Last-Modified` of its last full answer, for a conditional GET.
    pub last_modified: Option<String>,
    /// Seconds between polls, as the schedule last set it.
    pub interval_secs: i64,
    /// When it is due next.
    pub next_poll: String,
    /// When it was last polled.
    pub last_poll: Option<String>,
    /// When it last answered (a 304 counts).
    pub last_success: Option<String>,
    /// When it last listed an item not seen before.
    pub last_new: Option<String>,
    /// The last error, kept until a poll succeeds.
    pub last_error: Option<String>,
    /// When that error happened.
    pub last_error_at: Option<String>,
    /// Polls that failed in a row.
    pub errors: i64,
    /// Articles stored from it, ever.
    pub articles: i64,
    /// Articles stored from it in the last 7 days (filled by [`crate::Store::sources`]).
    pub articles_week: i64,
}

/// An item a poll dealt with: stored (with the article's id) or given up on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenItem {
    /// The item's canonical URL.
    pub url: String,
    /// The article stored for it; `None` when it could not be read (the failure is recorded).
    pub article: Option<String>,
}

const COLUMNS: &str = "url, kind, title, added_at, etag, last_modified, interval_secs, next_poll, last_poll,
    last_success, last_new, last_error, last_error_at, errors, articles";

fn source(r: &Row, week: i64) -> Source {
    Source {
        url: r.text(0),
        kind: r.opt(1),
        title: r.opt(2),
        added_at: r.text(3),
        etag: r.opt(4),
        last_modified: r.opt(5),
        interval_secs: r.int(6),
        next_poll: r.text(7),
        last_poll: r.opt(8),
        last_success: r.opt(9),
        last_new: r.opt(10),
        last_error: r.opt(11),
        last_error_at: r.opt(12),
        errors: r.int(13),
        articles: r.int(14),
        articles_week: week,
    }
}

/// Adds sources not followed yet, due at once, polled every `interval_secs` to begin
/// with; a source already followed keeps its state (a title it lacked is filled). How many
/// were new.
pub(crate) fn add_sources(tx: &mut dyn Sql, sources: &[NewSource], interval_secs: i64) -> Result<u64> {
    let at = now();
    let mut added = 0;
    for s in sources {
        added += tx.execute(
            "INSERT INTO sources (url, title, added_at, interval_secs, next_poll) VALUES ($1, $2, $3, $4, $3)
             ON CONFLICT (url) DO NOTHING",
            args![&s.url, &s.title, &at, interval_secs],
        )?;
        if s.title.is_some() {
            tx.execute("UPDATE sources SET title = $2 WHERE url = $1 AND title IS NULL", args![&s.url, &s.title])?;
        }
    }
    Ok(added)
}

/// Every followed source, in URL order, with its articles of the last 7 days.
pub(crate) fn sources(conn: &mut dyn Sql) -> Result<Vec<Source>> {
    let week_ago = (chrono::Utc::now() - chrono::Duration::days(7)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let weekly: std::collections::HashMap<String, i64> = conn
        .query(
            "SELECT source, count(*) FROM source_items WHERE article IS NOT NULL AND seen_at >= $1 GROUP BY source",
            args![&week_ago],
        )?
        .into_iter()
        .map(|r| (r.text(0), r.int(1)))
        .collect();
    let rows = conn.query(&format!("SELECT {COLUMNS} FROM sources ORDER BY url"), &[])?;
    Ok(rows.iter().map(|r| source(r, weekly.get(&r.text(0)).copied().unwrap_or(0))).collect())
}

/// Up to `limit` sources due at `now` (RFC 3339 UTC), the longest overdue first.
pub(crate) fn due_sources(conn: &mut dyn Sql, now: &str, limit: usize) -> Result<Vec<Source>> {
    let rows = conn.query(
        &format!("SELECT {COLUMNS} FROM sources WHERE next_poll <= $1 ORDER BY next_poll, url LIMIT $2"),
        args![now, limit as i64],
    )?;
    Ok(rows.iter().map(|r| source(r, 0)).collect())
}

/// Claims up to `limit` sources due at `now`, the longest overdue first: each is made due
/// again only at `lease_until`, so another follower on the same store does not poll it too.
/// The poll's record sets its real next poll; a follower that dies mid-poll leaves the source
/// to be claimed again when the lease ends. Two claimers racing for one source: only the
/// one whose update still finds it due gets it (PostgreSQL re-checks the condition on the
/// row a concurrent transaction has just changed; SQLite runs one writer at a time).
pub(crate) fn claim_due_sources(tx: &mut dyn Sql, now: &str, lease_until: &str, limit: usize) -> Result<Vec<Source>> {
    let due = due_sources(tx, now, limit)?;
    let urls: Vec<Value> = due.iter().map(|s| Value::from(&s.url)).collect();
    let mut claimed = std::collections::HashSet::new();
    for chunk in urls.chunks(256) {
        let rows = tx.query_in(
            "UPDATE sources SET next_poll = $1 WHERE next_poll <= $2 AND url IN ({in}) RETURNING url",
            args![lease_until, now],
            chunk,
        )?;
        claimed.extend(rows.into_iter().map(|r| r.text(0)));
    }
    Ok(due.into_iter().filter(|s| claimed.contains(&s.url)).collect())
}

/// Writes a poll's outcome: the source's new state, and the items it dealt with (an item
/// already recorded keeps its first record). One transaction, so a crash leaves the poll
/// wholly recorded or not at all.
pub(crate) fn record_poll(tx: &mut dyn Sql, s: &Source, items: &[SeenItem]) -> Result<()> {
    let at = now();
    let mut stored = 0;
    for item in items {
        let added = tx.execute(
            "INSERT INTO source_items (url, source, article, seen_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (url) DO NOTHING",
            args![&item.url, &s.url, &item.article, &at],
        )?;
        if added == 1 && item.article.is_some() {
            stored += 1;
        }
    }
    tx.execute(
        "UPDATE sources SET kind = $2, title = $3, etag = $4, last_modified = $5, interval_secs = $6,
            next_poll = $7, last_poll = $8, last_success = $9, last_new = $10, last_error = $11,
            last_error_at = $12, errors = $13, articles = articles + $14
         WHERE url = $1",
        &[
            Value::from(&s.url),
            Value::from(&s.kind),
            Value::from(&s.title),
            Value::from(&s.etag),
            Value::from(&s.last_modified),
            Value::Int(s.interval_secs),
            Value::from(&s.next_poll),
            Value::from(&s.last_poll),
            Value::from(&s.last_success),
            Value::from(&s.last_new),
            Value::from(&s.last_error),
            Value::from(&s.last_error_at),
            Value::Int(s.errors),
            Value::Int(stored),
        ],
    )?;
    Ok(())
}

/// Which of these URLs are already dealt with: recorded as a source's item, or the URL of
/// a stored article.
pub(crate) fn seen_urls(conn: &mut dyn Sql, urls: &[String]) -> Result<Vec<String>> {
    let values: Vec<Value> = urls.iter().map(Value::from).collect();
    let mut seen = Vec::new();
    for chunk in values.chunks(256) {
        seen.extend(
            conn.query_in("SELECT url FROM source_items WHERE url IN ({in})", &[], chunk)?
                .into_iter()
                .map(|r| r.text(0)),
        );
        seen.extend(
            conn.query_in("SELECT DISTINCT url FROM articles WHERE url IN ({in})", &[], chunk)?
                .into_iter()
                .map(|r| r.text(0)),
        );
    }
    seen.sort();
    seen.dedup();
    Ok(seen)
}
