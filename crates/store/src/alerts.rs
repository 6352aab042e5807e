//! Alerts: saved searches and the articles that matched them. The store keeps them; what a
//! search is and how an article matches it is the engine's business (the search is stored as
//! the JSON the engine gives). A match is recorded once, however often it is found again.

use std::collections::{HashMap, HashSet};

use crate::Result;
use crate::sql::{Dialect, Sql, Value, args};

/// A saved search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    /// Its name, unique.
    pub name: String,
    /// The search, as the engine wrote it (JSON).
    pub search: String,
    /// Where its matches are POSTed, if anywhere.
    pub webhook: Option<String>,
    /// When it was saved (RFC 3339, UTC).
    pub created_at: String,
    /// Articles matched so far.
    pub matches: u64,
}

/// An article an alert matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertMatch {
    /// The alert's name.
    pub alert: String,
    /// The article's id.
    pub article: String,
    /// Its headline.
    pub title: Option<String>,
    /// Its source.
    pub source: Option<String>,
    /// Its publication date as stored.
    pub published: Option<String>,
    /// When the match was recorded (RFC 3339, UTC).
    pub matched_at: String,
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A match waiting for its webhook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The match.
    pub matched: AlertMatch,
    /// Where to POST it.
    pub webhook: String,
    /// The alert's secret, which signs the body.
    pub secret: String,
    /// Failed attempts so far.
    pub attempts: u64,
}

/// Saves an alert; false when one of that name exists (it is left as it was).
pub(crate) fn add(
    tx: &mut dyn Sql,
    name: &str,
    search: &str,
    webhook: Option<&str>,
    secret: Option<&str>,
) -> Result<bool> {
    Ok(tx.execute(
        "INSERT INTO alerts (name, search, webhook, secret, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (name) DO NOTHING",
        args![name, search, webhook, secret, now()],
    )? == 1)
}

/// Up to `limit` matches of alerts with a webhook, not delivered yet, whose next attempt is
/// due at `at` (RFC 3339), the longest due first.
pub(crate) fn due(c: &mut dyn Sql, at: &str, limit: usize) -> Result<Vec<Delivery>> {
    Ok(c.query(
        "SELECT m.alert, m.article, r.title, r.source, r.published, m.matched_at, a.webhook, a.secret, m.attempts
         FROM alert_matches m JOIN alerts a ON a.name = m.alert LEFT JOIN articles r ON r.id = m.article
         WHERE m.delivered = 0 AND a.webhook IS NOT NULL AND coalesce(m.next_attempt, '') <= $1
         ORDER BY m.next_attempt NULLS FIRST, m.alert, m.article LIMIT $2",
        args![at, limit as i64],
    )?
    .into_iter()
    .map(|r| Delivery {
        matched: AlertMatch {
            alert: r.text(0),
            article: r.text(1),
            title: r.opt(2),
            source: r.opt(3),
            published: r.opt(4),
            matched_at: r.text(5),
        },
        webhook: r.text(6),
        secret: r.text(7),
        attempts: r.int(8) as u64,
    })
    .collect())
}

/// Records an attempt: delivered, or to be tried again at `retry_at`.
pub(crate) fn attempted(tx: &mut dyn Sql, alert: &str, article: &str, retry_at: Option<&str>) -> Result<()> {
    match retry_at {
        None => tx.execute(
            "UPDATE alert_matches SET delivered = 1 WHERE alert = $1 AND article = $2",
            args![alert, article],
        )?,
        Some(at) => tx.execute(
            "UPDATE alert_matches SET attempts = attempts + 1, next_attempt = $3 WHERE alert = $1 AND article = $2",
            args![alert, article, at],
        )?,
    };
    Ok(())
}

/// Removes an alert and its matches; false when there was none of that name.
pub(crate) fn remove(tx: &mut dyn Sql, name: &str) -> Result<bool> {
    // The alert's batches, newest first, by its chain: no index by alert to scan.
    let mut next =
        tx.query_opt("SELECT last_batch FROM alerts WHERE name = $1", args![name])?.and_then(|r| r.opt_int(0));
    while let Some(batch) = next {
        next = tx
            .query_opt("SELECT prev FROM alert_hits WHERE batch = $1 AND alert = $2", args![batch, name])?
            .and_then(|r| r.opt_int(0));
        tx.execute("DELETE FROM alert_hits WHERE batch = $1 AND alert = $2", args![batch, name])?;
    }
    tx.execute("DELETE FROM alert_matches WHERE alert = $1", args![name])?;
    Ok(tx.execute("DELETE FROM alerts WHERE name = $1", args![name])? == 1)
}

/// Every alert, by name, with its number of matches.
pub(crate) fn list(c: &mut dyn Sql) -> Result<Vec<Alert>> {
    Ok(c.query("SELECT name, search, created_at, matches, webhook FROM alerts ORDER BY name", &[])?
        .into_iter()
        .map(|r| Alert {
            name: r.text(0),
            search: r.text(1),
            webhook: r.opt(4),
            created_at: r.text(2),
            matches: r.int(3) as u64,
        })
        .collect())
}

/// Every alert's name and search, by name.
pub(crate) fn searches(c: &mut dyn Sql) -> Result<Vec<(String, String)>> {
    Ok(c.query("SELECT name, search FROM alerts ORDER BY name", &[])?
        .into_iter()
        .map(|r| (r.text(0), r.text(1)))
        .collect())
}

/// Records `(alert, article)` matches not recorded yet; how many were new.
///
/// One recording is one batch: a row per alert that matched, with the articles it matched,
/// appended in key order, and the alert's count and newest batch updated (its previous
/// newest goes into the row, which chains an alert's batches newest first). An article
/// recorded once is not recorded again (a replay after a crash between recording and
/// indexing). A match of an alert with a webhook is also queued for delivery, one row each;
/// most alerts are read as feeds and queue nothing. The caller serialises recordings (one
/// writer in SQLite; a lock in PostgreSQL), which keeps the chains whole.
pub(crate) fn record(tx: &mut dyn Sql, matches: &[(&str, &str)]) -> Result<u64> {
    if matches.is_empty() {
        return Ok(0);
    }
    let mut articles: Vec<&str> = matches.iter().map(|&(_, id)| id).collect();
    articles.sort_unstable();
    articles.dedup();
    let mut seen = HashSet::new();
    for chunk in articles.chunks(512) {
        let keys: Vec<Value> = chunk.iter().map(|&a| Value::from(a)).collect();
        let rows = tx.query_in("SELECT article FROM alert_seen WHERE article IN ({in})", &[], &keys)?;
        seen.extend(rows.into_iter().map(|r| r.text(0)));
    }
    let mut fresh: Vec<(&str, &str)> = matches.iter().filter(|(_, id)| !seen.contains(*id)).copied().collect();
    if fresh.is_empty() {
        return Ok(0);
    }
    fresh.sort_unstable();
    fresh.dedup();
    let unseen: Vec<Vec<Value>> =
        articles.into_iter().filter(|&a| !seen.contains(a)).map(|a| vec![Value::from(a)]).collect();
    tx.insert_rows("INSERT INTO alert_seen (article) VALUES {rows} ON CONFLICT DO NOTHING", "(?)", &unseen)?;

    let at = now();
    // RETURNING always gives the row it inserted.
    let batch =
        tx.query_opt("INSERT INTO alert_batches (at) VALUES ($1) RETURNING batch", args![&at])?.map_or(0, |r| r.int(0));
    // Every alert's newest batch and whether it has a webhook (one read: ten thousand alerts
    // are a few hundred kilobytes).
    let alerts: HashMap<String, (Option<i64>, bool)> = tx
        .query("SELECT name, last_batch, webhook IS NOT NULL FROM alerts", &[])?
        .into_iter()
        .map(|r| (r.text(0), (r.opt_int(1), r.int(2) != 0)))
        .collect();
    let mut hits = Vec::new();
    let mut counts = Vec::new();
    let mut recorded = 0;
    let mut deliveries = Vec::new();
    for group in fresh.chunk_by(|a, b| a.0 == b.0) {
        let alert = group[0].0;
        // Matches of an alert removed since the batch was matched are dropped with it.
        let Some(&(prev, hooked)) = alerts.get(alert) else { continue };
        let ids: Vec<&str> = group.iter().map(|(_, id)| *id).collect();
        hits.push(vec![Value::Int(batch), Value::from(alert), Value::from(ids.join(" ")), Value::from(prev)]);
        counts.push(vec![Value::from(alert), Value::Int(group.len() as i64)]);
        recorded += group.len() as u64;
        if hooked {
            deliveries.extend(ids.iter().map(|id| vec![Value::from(alert), Value::from(*id), Value::from(&at)]));
        }
    }
    tx.insert_rows("INSERT INTO alert_hits (batch, alert, articles, prev) VALUES {rows}", "(?, ?, ?, ?)", &hits)?;
    match tx.dialect() {
        // One prepared statement a row, each a key lookup in-process: with 10,000 alerts
        // matching, `UPDATE … FROM (VALUES …)` took 50–80 ms a batch here, this 10–15 ms.
        Dialect::Sqlite => {
            for c in &counts {
                tx.execute(
                    "UPDATE alerts SET last_batch = $1, matches = matches + $2 WHERE name = $3",
                    &[Value::Int(batch), c[1].clone(), c[0].clone()],
                )?;
            }
        }
        // A round trip a row would be ten thousand round trips: one statement per chunk.
        Dialect::Postgres => {
            // The batch goes in every row, not into the text: one statement shape a chunk
            // size, whatever the batch.
            let rows: Vec<Vec<Value>> =
                counts.iter().map(|c| vec![c[0].clone(), c[1].clone(), Value::Int(batch)]).collect();
            tx.insert_rows(
                "UPDATE alerts SET last_batch = v.column3, matches = alerts.matches + v.column2
                 FROM (VALUES {rows}) AS v WHERE alerts.name = v.column1",
                "(CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS BIGINT))",
                &rows,
            )?;
        }
    }
    tx.insert_rows(
        "INSERT INTO alert_matches (alert, article, matched_at, delivered) VALUES {rows} ON CONFLICT DO NOTHING",
        "(?, ?, ?, 0)",
        &deliveries,
    )?;
    Ok(recorded)
}

/// The newest `limit` matches of one alert (or of every alert), newest first: by batch, then
/// by publication date (newest first, undated last), then by article id.
pub(crate) fn matches(c: &mut dyn Sql, alert: Option<&str>, limit: usize) -> Result<Vec<AlertMatch>> {
    // (batch, alert, article, matched_at) of whole batches, newest first, until `limit`.
    let mut found: Vec<(i64, String, String, String)> = Vec::new();
    fn take(batch: i64, alert: String, articles: &str, at: &str, found: &mut Vec<(i64, String, String, String)>) {
        let ids = articles.split(' ').filter(|a| !a.is_empty());
        found.extend(ids.map(|a| (batch, alert.clone(), a.to_string(), at.to_string())));
    }
    match alert {
        Some(name) => {
            let mut next =
                c.query_opt("SELECT last_batch FROM alerts WHERE name = $1", args![name])?.and_then(|r| r.opt_int(0));
            while let Some(batch) = next.filter(|_| found.len() < limit) {
                let Some(r) = c.query_opt(
                    "SELECT h.articles, h.prev, b.at FROM alert_hits h JOIN alert_batches b ON b.batch = h.batch
                     WHERE h.batch = $1 AND h.alert = $2",
                    args![batch, name],
                )?
                else {
                    break;
                };
                next = r.opt_int(1);
                take(batch, name.to_string(), &r.text(0), &r.text(2), &mut found);
            }
        }
        None => {
            let mut before = i64::MAX;
            while found.len() < limit {
                let Some(b) = c.query_opt(
                    "SELECT batch, at FROM alert_batches WHERE batch < $1 ORDER BY batch DESC LIMIT 1",
                    args![before],
                )?
                else {
                    break;
                };
                before = b.int(0);
                for r in c.query("SELECT alert, articles FROM alert_hits WHERE batch = $1", args![before])? {
                    take(before, r.text(0), &r.text(1), &b.text(1), &mut found);
                }
            }
        }
    }
    let mut ids: Vec<&str> = found.iter().map(|f| f.2.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let ids: Vec<Value> = ids.into_iter().map(Value::from).collect();
    let mut about: HashMap<String, (Option<String>, Option<String>, Option<String>)> = HashMap::new();
    for chunk in ids.chunks(512) {
        for r in c.query_in("SELECT id, title, source, published FROM articles WHERE id IN ({in})", &[], chunk)? {
            about.insert(r.text(0), (r.opt(1), r.opt(2), r.opt(3)));
        }
    }
    let mut out: Vec<(i64, AlertMatch)> = found
        .into_iter()
        .map(|(batch, alert, article, matched_at)| {
            let (title, source, published) = about.get(&article).cloned().unwrap_or_default();
            (batch, AlertMatch { alert, article, title, source, published, matched_at })
        })
        .collect();
    out.sort_by(|(ba, a), (bb, b)| {
        bb.cmp(ba)
            .then_with(|| match (&a.published, &b.published) {
                (Some(x), Some(y)) => y.cmp(x),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then_with(|| a.article.cmp(&b.article))
            .then_with(|| a.alert.cmp(&b.alert))
    });
    out.truncate(limit);
    Ok(out.into_iter().map(|(_, m)| m).collect())
}
