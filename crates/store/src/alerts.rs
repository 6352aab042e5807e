//! Alerts: saved searches and the articles that matched them. The store keeps them; what a
//! search is and how an article matches it is the engine's business (the search is stored as
//! the JSON the engine gives). A match is recorded once, however often it is found again.

use crate::Result;
use crate::sql::{Sql, Value, args};

/// A saved search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    /// Its name, unique.
    pub name: String,
    /// The search, as the engine wrote it (JSON).
    pub search: String,
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

/// Saves an alert; false when one of that name exists (it is left as it was).
pub(crate) fn add(tx: &mut dyn Sql, name: &str, search: &str) -> Result<bool> {
    Ok(tx.execute(
        "INSERT INTO alerts (name, search, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
        args![name, search, now()],
    )? == 1)
}

/// Removes an alert and its matches; false when there was none of that name.
pub(crate) fn remove(tx: &mut dyn Sql, name: &str) -> Result<bool> {
    tx.execute("DELETE FROM alert_matches WHERE alert = $1", args![name])?;
    Ok(tx.execute("DELETE FROM alerts WHERE name = $1", args![name])? == 1)
}

/// Every alert, by name, with its number of matches.
pub(crate) fn list(c: &mut dyn Sql) -> Result<Vec<Alert>> {
    Ok(c.query(
        "SELECT a.name, a.search, a.created_at, (SELECT count(*) FROM alert_matches m WHERE m.alert = a.name)
         FROM alerts a ORDER BY a.name",
        &[],
    )?
    .into_iter()
    .map(|r| Alert { name: r.text(0), search: r.text(1), created_at: r.text(2), matches: r.int(3) as u64 })
    .collect())
}

/// Records `(alert, article)` matches not recorded yet; how many were new.
pub(crate) fn record(tx: &mut dyn Sql, matches: &[(String, String)]) -> Result<u64> {
    let at = now();
    let rows: Vec<Vec<Value>> =
        matches.iter().map(|(a, id)| vec![Value::from(a), Value::from(id), Value::from(&at)]).collect();
    tx.insert_rows(
        "INSERT INTO alert_matches (alert, article, matched_at) VALUES {rows} ON CONFLICT DO NOTHING",
        "(?, ?, ?)",
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
