//! Attention per hour: counters that linking keeps for every story (articles per source) and
//! every entity (articles naming it), per UTC hour, so that "what is rising now" reads the
//! rows of a window and a baseline, never the articles themselves.
//!
//! An hour is counted in hours since the Unix epoch. An article dated to the day only counts
//! at its day's noon: the middle of the day it may have appeared in, so that a window of a
//! few hours around the newest day still sees it. An undated article counts nowhere.

use std::collections::HashMap;

use newsgraph_document::{Document, Published};

use crate::Result;
use crate::sql::{Sql, Value, args};

/// What attention is counted for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// Stories: articles per source per hour.
    Story,
    /// Entities: articles naming the entity per hour.
    Entity,
}

/// Which counts to read: the busiest `limit` stories or entities of the hours
/// `[window, until)`, with their counts over `[since, until)` (`since` ≤ `window`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttentionQuery {
    /// Stories or entities.
    pub subject: Subject,
    /// First hour of the baseline (hours since the Unix epoch).
    pub since: i64,
    /// First hour of the recent window.
    pub window: i64,
    /// The hour after the last one read.
    pub until: i64,
    /// How many of the window's busiest to read (at most [`MAX_FOLLOWED`]).
    pub limit: usize,
}

/// One story's or entity's counts per hour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attention {
    /// Story id or global entity id.
    pub id: String,
    /// Story title or entity name.
    pub label: Option<String>,
    /// Entity kind (`PER`, `ORG`, `LOC`, `MISC`); none for stories.
    pub kind: Option<String>,
    /// Counts, by hour (and source, for stories), oldest first; hours without articles left out.
    pub hours: Vec<HourCount>,
}

/// Articles of one hour (from one source, for stories).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HourCount {
    /// Hours since the Unix epoch.
    pub hour: i64,
    /// The source, for stories (none when the articles name none).
    pub source: Option<String>,
    /// Articles.
    pub articles: u64,
}

/// Most stories or entities one query follows (the busiest of the window): the cost of a
/// trend is bounded by this, not by how many are stored.
pub const MAX_FOLLOWED: usize = 1_000;

/// The hour an article counts in, if it is dated.
pub fn hour_of(doc: &Document) -> Option<i64> {
    hour_of_published(doc.published?)
}

/// The hour an article published at `published` counts in.
pub(crate) fn hour_of_published(published: Published) -> Option<i64> {
    Some(match published.utc_seconds() {
        Some(s) => s.div_euclid(3600),
        None => {
            let midnight = published.date().and_hms_opt(0, 0, 0)?.and_utc().timestamp();
            midnight.div_euclid(3600) + 12
        }
    })
}

/// Counts a newly linked article for its story (under its source) and each of its entities
/// (each once, however often named), inside the linking transaction.
pub(crate) fn count(tx: &mut dyn Sql, doc: &Document, story: Option<&str>, entities: &[&str]) -> Result<()> {
    let Some(hour) = hour_of(doc) else { return Ok(()) };
    if let Some(story) = story {
        tx.execute(
            "INSERT INTO story_hours (story, hour, source, articles) VALUES ($1, $2, $3, 1)
             ON CONFLICT (story, hour, source) DO UPDATE SET articles = story_hours.articles + 1",
            args![story, hour, doc.source.as_deref().unwrap_or("")],
        )?;
    }
    let mut ids: Vec<&str> = entities.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let rows: Vec<Vec<Value>> = ids.into_iter().map(|e| vec![Value::from(e), Value::Int(hour)]).collect();
    tx.insert_rows(
        "INSERT INTO entity_hours (entity, hour, articles) VALUES {rows}
         ON CONFLICT (entity, hour) DO UPDATE SET articles = entity_hours.articles + excluded.articles",
        "(?, ?, 1)",
        &rows,
    )?;
    Ok(())
}

/// When story `gone` merges into `keep`, its counts become `keep`'s.
pub(crate) fn merge_story(tx: &mut dyn Sql, keep: &str, gone: &str) -> Result<()> {
    // `WHERE true` keeps SQLite from reading `ON CONFLICT` as part of the SELECT's join.
    tx.execute(
        "INSERT INTO story_hours (story, hour, source, articles)
         SELECT CAST($1 AS TEXT), hour, source, articles FROM story_hours WHERE story = $2 AND true
         ON CONFLICT (story, hour, source) DO UPDATE SET articles = story_hours.articles + excluded.articles",
        args![keep, gone],
    )?;
    tx.execute("DELETE FROM story_hours WHERE story = $1", args![gone])?;
    Ok(())
}

/// When articles counted under story `from` move to story `to` (a split), their counts
/// move with them: one `(hour, source)` per article.
pub(crate) fn move_articles(tx: &mut dyn Sql, from: &str, to: &str, articles: &[(i64, String)]) -> Result<()> {
    let mut counts: HashMap<(i64, &str), i64> = HashMap::new();
    for (hour, source) in articles {
        *counts.entry((*hour, source.as_str())).or_default() += 1;
    }
    for ((hour, source), n) in counts {
        tx.execute(
            "UPDATE story_hours SET articles = articles - $4 WHERE story = $1 AND hour = $2 AND source = $3",
            args![from, hour, source, n],
        )?;
        tx.execute(
            "INSERT INTO story_hours (story, hour, source, articles) VALUES ($1, $2, $3, $4)
             ON CONFLICT (story, hour, source) DO UPDATE SET articles = story_hours.articles + excluded.articles",
            args![to, hour, source, n],
        )?;
    }
    tx.execute("DELETE FROM story_hours WHERE story = $1 AND articles <= 0", args![from])?;
    Ok(())
}

/// The newest hour any story was counted in.
pub(crate) fn latest(c: &mut dyn Sql) -> Result<Option<i64>> {
    Ok(c.query_opt("SELECT max(hour) FROM story_hours", &[])?.and_then(|r| r.opt(0)).and_then(|h| h.parse().ok()))
}

/// The busiest stories or entities of `[query.window, query.until)`, with their counts over
/// `[query.since, query.until)`, busiest first.
pub(crate) fn attention(c: &mut dyn Sql, query: &AttentionQuery) -> Result<Vec<Attention>> {
    let (table, key, source) = match query.subject {
        Subject::Story => ("story_hours", "story", "source"),
        Subject::Entity => ("entity_hours", "entity", "CAST('' AS TEXT)"),
    };
    let limit = query.limit.min(MAX_FOLLOWED) as i64;
    let busiest: Vec<Value> = c
        .column(
            &format!(
                "SELECT {key} FROM {table} WHERE hour >= $1 AND hour < $2 GROUP BY {key}
                 ORDER BY CAST(sum(articles) AS BIGINT) DESC, {key} LIMIT $3"
            ),
            args![query.window, query.until, limit],
        )?
        .into_iter()
        .map(Value::from)
        .collect();
    let labels = match query.subject {
        Subject::Story => "SELECT id, title, CAST(NULL AS TEXT) FROM stories WHERE id IN ({in})",
        Subject::Entity => "SELECT id, name, kind FROM entities WHERE id IN ({in})",
    };
    let mut found: HashMap<String, Attention> = c
        .query_in(labels, &[], &busiest)?
        .into_iter()
        .map(|r| (r.text(0), Attention { id: r.text(0), label: r.opt(1), kind: r.opt(2), hours: Vec::new() }))
        .collect();
    let rows = c.query_in(
        &format!(
            "SELECT {key}, hour, {source}, articles FROM {table}
             WHERE hour >= $1 AND hour < $2 AND {key} IN ({{in}}) ORDER BY {key}, hour, {source}"
        ),
        args![query.since, query.until],
        &busiest,
    )?;
    for r in rows {
        let a = found.entry(r.text(0)).or_insert_with(|| Attention {
            id: r.text(0),
            label: None,
            kind: None,
            hours: Vec::new(),
        });
        a.hours.push(HourCount {
            hour: r.int(1),
            source: r.opt(2).filter(|s| !s.is_empty()),
            articles: r.int(3) as u64,
        });
    }
    // In the order of the busiest query.
    Ok(busiest.iter().filter_map(|k| if let Value::Text(k) = k { found.remove(k) } else { None }).collect())
}

#[cfg(test)]
mod tests {
    use newsgraph_document::{Document, Published};

    #[test]
    fn day_only_articles_count_at_noon() {
        let mut d = Document::new("text", "x".into());
        assert_eq!(super::hour_of(&d), None);
        d.published = Some(Published::parse("1970-01-02").unwrap());
        assert_eq!(super::hour_of(&d), Some(36));
        d.published = Some(Published::parse("1970-01-02T03:59:00+02:00").unwrap());
        assert_eq!(super::hour_of(&d), Some(25));
        d.published = Some(Published::parse("1969-12-31T23:30:00Z").unwrap());
        assert_eq!(super::hour_of(&d), Some(-1));
    }
}
