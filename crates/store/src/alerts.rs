//! Alerts: saved searches and the articles that matched them. The store keeps them; what a
//! search is and how an article matches it is the engine's business (the search is stored as
//! the JSON the engine gives). A match is recorded once, however often it is found again.

use std::collections::HashSet;

use crate::Result;
use crate::sql::{Sql, Value, args};

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
    tx.execute("DELETE FROM alert_matches WHERE alert = $1", args![name])?;
    Ok(tx.execute("DELETE FROM alerts WHERE name = $1", args![name])? == 1)
}

/// Every alert, by name, with its number of matches.
pub(crate) fn list(c: &mut dyn Sql) -> Result<Vec<Alert>> {
    Ok(c.query(
        "SELECT a.name, a.search, a.created_at, (SELECT count(*) FROM alert_matches m WHERE m.alert = a.name),
                a.webhook
         FROM alerts a ORDER BY a.name",
        &[],
    )?
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

/// Records `(alert, article)` matches not recorded yet; how many were new. A match of an
/// alert with no webhook has nothing to deliver: it is recorded as delivered, which keeps it
/// out of the index of deliveries waiting (most alerts are read as feeds).
pub(crate) fn record(tx: &mut dyn Sql, matches: &[(String, String)]) -> Result<u64> {
    if matches.is_empty() {
        return Ok(0);
    }
    let at = now();
    let hooked: HashSet<String> =
        tx.column("SELECT name FROM alerts WHERE webhook IS NOT NULL", &[])?.into_iter().collect();
    let rows: Vec<Vec<Value>> = matches
        .iter()
        .map(|(a, id)| {
            let done = i64::from(!hooked.contains(a));
            vec![Value::from(a), Value::from(id), Value::from(&at), Value::Int(done)]
        })
        .collect();
    tx.insert_rows(
        "INSERT INTO alert_matches (alert, article, matched_at, delivered) VALUES {rows} ON CONFLICT DO NOTHING",
        "(?, ?, ?, ?)",
        &rows,
    )
}

/// The newest `limit` matches of one alert (or of every alert), newest first.
pub(crate) fn matches(c: &mut dyn Sql, alert: Option<&str>, limit: usize) -> Result<Vec<AlertMatch>> {
    Ok(c.query(
        "SELECT m.alert, m.article, a.title, a.source, a.published, m.matched_at
         FROM alert_matches m LEFT JOIN articles a ON a.id = m.article
         WHERE (CAST($1 AS TEXT) = '' OR m.alert = $1)
         ORDER BY m.matched_at DESC, a.published DESC NULLS LAST, m.article LIMIT $2",
        args![alert.unwrap_or(""), limit as i64],
    )?
    .into_iter()
    .map(|r| AlertMatch {
        alert: r.text(0),
        article: r.text(1),
        title: r.opt(2),
        source: r.opt(3),
        published: r.opt(4),
        matched_at: r.text(5),
    })
    .collect())
}
