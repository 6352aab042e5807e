//! Queries across articles: entity profiles, quotes, events, stories, networks.

use std::collections::HashMap;

use newsgraph_document::EntityKind;
use newsgraph_graph::{Profile, identity};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::{
    ArticleLinks, DayCount, Edge, EntityCount, EntityProfile, EntitySummary, EventFilter, EventRow, QuoteFilter,
    QuoteRow, Related, Result, RoleSpan, Story, StoryFilter,
};

/// A story's head row: id (or the story it merged into), title, first and last day.
type StoryHead = (String, Option<String>, Option<String>, Option<String>);

const KINDS: [EntityKind; 4] = [EntityKind::Person, EntityKind::Organisation, EntityKind::Location, EntityKind::Misc];

/// The entity a name or id denotes: an exact id, else the entity most names lead to (the
/// one in most articles), else a case-insensitive name prefix.
pub(crate) fn resolve(conn: &Connection, query: &str) -> Result<Option<String>> {
    let query = query.trim();
    if query.is_empty() || query.len() > 1000 {
        return Ok(None);
    }
    if let Some(id) =
        conn.query_row("SELECT id FROM entities WHERE id = ?1", [query], |r| r.get::<_, String>(0)).optional()?
    {
        return Ok(Some(id));
    }
    let mut best: Option<(i64, String)> = None;
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, e.articles FROM entity_keys k JOIN entities e ON e.id = k.entity WHERE k.key = ?1 LIMIT 50",
    )?;
    // A full name first; a bare surname only when no full name matches.
    let keys: Vec<String> = KINDS.iter().flat_map(|k| identity::name_keys(*k, query)).collect();
    for weak in [false, true] {
        for key in keys.iter().filter(|k| identity::is_weak(k) == weak) {
            for row in stmt.query_map([key], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
                let (id, n) = row?;
                if best.as_ref().is_none_or(|(b, _)| n > *b) {
                    best = Some((n, id));
                }
            }
        }
        if best.is_some() {
            break;
        }
    }
    if let Some((_, id)) = best {
        return Ok(Some(id));
    }
    let like = format!("{}%", query.replace(['%', '_'], ""));
    Ok(conn
        .query_row("SELECT id FROM entities WHERE name LIKE ?1 ORDER BY articles DESC LIMIT 1", [like], |r| {
            r.get::<_, String>(0)
        })
        .optional()?)
}

fn summary(r: &Row<'_>) -> rusqlite::Result<EntitySummary> {
    Ok(EntitySummary {
        id: r.get(0)?,
        name: r.get(1)?,
        kind: r.get(2)?,
        articles: r.get::<_, i64>(3)? as u64,
        first_seen: r.get(4)?,
        last_seen: r.get(5)?,
    })
}

/// Entities whose name starts with `prefix` (all when empty), most mentioned first,
/// optionally only those seen since a day.
pub(crate) fn entities(
    conn: &Connection,
    prefix: &str,
    since: Option<&str>,
    limit: usize,
    offset: usize,
) -> Result<Vec<EntitySummary>> {
    let like = format!("{}%", prefix.replace(['%', '_'], ""));
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, kind, articles, first_seen, last_seen FROM entities
         WHERE name LIKE ?1 AND (?2 IS NULL OR last_seen >= ?2)
         ORDER BY articles DESC, id LIMIT ?3 OFFSET ?4",
    )?;
    let rows = stmt.query_map(params![like, since, limit as i64, offset as i64], summary)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn quote_row(r: &Row<'_>) -> rusqlite::Result<QuoteRow> {
    Ok(QuoteRow {
        article: r.get(0)?,
        speaker: r.get(1)?,
        speaker_name: r.get(2)?,
        kind: r.get(3)?,
        content: r.get(4)?,
        cue: r.get(5)?,
        date: r.get(6)?,
        day: r.get(7)?,
    })
}

fn event_row(r: &Row<'_>) -> rusqlite::Result<EventRow> {
    let participants: String = r.get(9)?;
    Ok(EventRow {
        article: r.get(0)?,
        kind: r.get(1)?,
        status: r.get(2)?,
        date: r.get(3)?,
        day: r.get(4)?,
        place: r.get(5)?,
        what: r.get(6)?,
        evidence: r.get(7)?,
        participants: serde_json::from_str(&participants).unwrap_or_default(),
    })
}

const QUOTE_COLUMNS: &str = "q.article, q.speaker, q.speaker_name, q.kind, q.content, q.cue, q.date, q.day";
const EVENT_COLUMNS: &str =
    "e.article, e.type, e.status, e.date, e.day, e.place, e.what, e.evidence, e.seq, e.participants";

/// An entity filter resolved to its global id: `Some(None)` when there is no filter,
/// `None` when the name denotes no entity (so nothing can match).
fn filter_entity(conn: &Connection, name: Option<&str>) -> Result<Option<Option<String>>> {
    match name {
        None => Ok(Some(None)),
        Some(n) => Ok(resolve(conn, n)?.map(Some)),
    }
}

pub(crate) fn quotes(conn: &Connection, f: &QuoteFilter) -> Result<Vec<QuoteRow>> {
    let Some(by) = filter_entity(conn, f.by.as_deref())? else { return Ok(Vec::new()) };
    let about = f.about.as_ref().map(|a| format!("%{}%", a.replace(['%', '_'], "")));
    // Only the filters given go into the SQL, so that SQLite can use the speaker index.
    let filters = [
        ("q.speaker = ?", by.as_ref()),
        ("q.content LIKE ?", about.as_ref()),
        ("q.day >= ?", f.from.as_ref()),
        ("q.day <= ?", f.to.as_ref()),
    ];
    let order = "q.day DESC, q.article, q.seq";
    page(conn, &format!("SELECT {QUOTE_COLUMNS} FROM quotes q WHERE 1"), &filters, order, f.limit, f.offset, quote_row)
}

/// Runs `select` (ending in a WHERE condition) with the given filters ANDed on, ordered and
/// paged. Filters left out of the SQL let SQLite pick the index of those that are there.
fn page<T>(
    conn: &Connection,
    select: &str,
    filters: &[(&str, Option<&String>)],
    order: &str,
    limit: usize,
    offset: usize,
    row: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut sql = select.to_string();
    let mut args: Vec<&dyn rusqlite::ToSql> = Vec::new();
    for (clause, value) in filters {
        if let Some(v) = value {
            sql.push_str(" AND ");
            sql.push_str(clause);
            args.push(*v);
        }
    }
    let (limit, offset) = (limit.max(1) as i64, offset as i64);
    args.push(&limit);
    args.push(&offset);
    sql.push_str(&format!(" ORDER BY {order} LIMIT ? OFFSET ?"));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(args.as_slice(), row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn events(conn: &Connection, f: &EventFilter) -> Result<Vec<EventRow>> {
    let Some(with) = filter_entity(conn, f.with.as_deref())? else { return Ok(Vec::new()) };
    // With a participant, its own rows drive the query (an index lookup), not a scan of
    // every event.
    let filters = [
        ("p.entity = ?", with.as_ref()),
        ("e.type = ?", f.kind.as_ref()),
        ("e.status = ?", f.status.as_ref()),
        ("e.day >= ?", f.from.as_ref()),
        ("e.day <= ?", f.to.as_ref()),
    ];
    let select = match with {
        Some(_) => format!(
            "SELECT DISTINCT {EVENT_COLUMNS} FROM event_participants p
             JOIN events e ON e.article = p.article AND e.seq = p.seq WHERE 1"
        ),
        None => format!("SELECT {EVENT_COLUMNS} FROM events e WHERE 1"),
    };
    page(conn, &select, &filters, "e.day DESC, e.article, e.seq", f.limit, f.offset, event_row)
}

pub(crate) fn entity(conn: &Connection, query: &str) -> Result<Option<EntityProfile>> {
    let Some(id) = resolve(conn, query)? else { return Ok(None) };
    let Some(s) = conn
        .query_row("SELECT id, name, kind, articles, first_seen, last_seen FROM entities WHERE id = ?1", [&id], summary)
        .optional()?
    else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached("SELECT DISTINCT alias FROM entity_keys WHERE entity = ?1 ORDER BY alias")?;
    let aliases: Vec<String> = stmt
        .query_map([&id], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter(|a| *a != s.name)
        .collect();
    let mut stmt = conn.prepare_cached(
        "SELECT title, of, first_seen, last_seen FROM entity_roles WHERE entity = ?1 ORDER BY first_seen, title",
    )?;
    let roles = stmt
        .query_map([&id], |r| {
            let of: String = r.get(1)?;
            Ok(RoleSpan {
                title: r.get(0)?,
                of: (!of.is_empty()).then_some(of),
                first_seen: r.get(2)?,
                last_seen: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached("SELECT day, count FROM entity_days WHERE entity = ?1 ORDER BY day")?;
    let mentions_by_day = stmt
        .query_map([&id], |r| Ok(DayCount { date: r.get(0)?, count: r.get::<_, i64>(1)? as u64 }))?
        .collect::<rusqlite::Result<_>>()?;
    let quotes = quotes(conn, &QuoteFilter { by: Some(id.clone()), limit: 20, ..Default::default() })?;
    let events = events(conn, &EventFilter { with: Some(id.clone()), limit: 20, ..Default::default() })?;
    let cooccurring = cooccurring(conn, &id, 20)?;
    Ok(Some(EntityProfile {
        id: s.id,
        name: s.name,
        kind: s.kind,
        aliases,
        roles,
        articles: s.articles,
        first_seen: s.first_seen,
        last_seen: s.last_seen,
        mentions_by_day,
        quotes,
        events,
        cooccurring,
    }))
}

/// Entities named in the same articles as `id`, over its most recent 200 articles.
fn cooccurring(conn: &Connection, id: &str, limit: usize) -> Result<Vec<EntityCount>> {
    let mut stmt = conn.prepare_cached(
        "WITH recent AS (SELECT article FROM mentions WHERE entity = ?1 ORDER BY day DESC LIMIT 200)
         SELECT m.entity, e.name, count(*) AS n FROM recent r
         JOIN mentions m ON m.article = r.article JOIN entities e ON e.id = m.entity
         WHERE m.entity != ?1 GROUP BY m.entity ORDER BY n DESC, m.entity LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![id, limit as i64], |r| {
        Ok(EntityCount { id: r.get(0)?, name: r.get(1)?, count: r.get::<_, i64>(2)? as u64 })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn network(conn: &Connection, query: &str, limit: usize) -> Result<Vec<Edge>> {
    let Some(id) = resolve(conn, query)? else { return Ok(Vec::new()) };
    let mut edges: Vec<Edge> = Vec::new();
    let mut met = conn.prepare_cached(
        "SELECT b.entity, e.name, count(*) AS n FROM event_participants a
         JOIN events ev ON ev.article = a.article AND ev.seq = a.seq AND ev.type IN ('meet', 'negotiate', 'agree')
         JOIN event_participants b ON b.article = a.article AND b.seq = a.seq AND b.entity != a.entity
         JOIN entities e ON e.id = b.entity
         WHERE a.entity = ?1 GROUP BY b.entity ORDER BY n DESC LIMIT ?2",
    )?;
    for row in met.query_map(params![id, limit as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)?)))? {
        let (other, name, n) = row?;
        edges.push(Edge { id: other, name, relation: "met", weight: n as u64 });
    }
    let mut quoted = conn.prepare_cached(
        "SELECT b.speaker, e.name, count(DISTINCT b.article) AS n FROM quotes a
         JOIN quotes b ON b.article = a.article AND b.speaker IS NOT NULL AND b.speaker != a.speaker
         JOIN entities e ON e.id = b.speaker
         WHERE a.speaker = ?1 GROUP BY b.speaker ORDER BY n DESC LIMIT ?2",
    )?;
    for row in quoted.query_map(params![id, limit as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)?)))? {
        let (other, name, n) = row?;
        edges.push(Edge { id: other, name, relation: "quoted_with", weight: n as u64 });
    }
    for c in cooccurring(conn, &id, limit)? {
        edges.push(Edge { id: c.id, name: c.name, relation: "cooccurs", weight: c.count });
    }
    Ok(edges)
}

fn story_of(
    conn: &Connection,
    id: &str,
    title: Option<String>,
    first: Option<String>,
    last: Option<String>,
) -> Result<Story> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, source FROM (SELECT id, source, published, rowid FROM articles WHERE story = ?1
            ORDER BY published DESC, rowid DESC LIMIT 200) ORDER BY published, rowid",
    )?;
    let rows: Vec<(String, Option<String>)> =
        stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let mut sources: Vec<String> = rows.iter().filter_map(|(_, s)| s.clone()).collect();
    sources.sort();
    sources.dedup();
    let mut counts: HashMap<String, u64> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT m.entity FROM mentions m JOIN entities e ON e.id = m.entity WHERE m.article = ?1 AND e.kind != 'MISC'",
    )?;
    // Main entities from the latest 30 articles: a story of thousands costs no more.
    for (article, _) in rows.iter().rev().take(30) {
        for e in stmt.query_map([article], |r| r.get::<_, String>(0))? {
            *counts.entry(e?).or_default() += 1;
        }
    }
    let mut top: Vec<(String, u64)> = counts.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    top.truncate(8);
    let mut name = conn.prepare_cached("SELECT name FROM entities WHERE id = ?1")?;
    let entities = top
        .into_iter()
        .map(|(e, count)| {
            let n: String = name.query_row([&e], |r| r.get(0)).unwrap_or_default();
            EntityCount { id: e, name: n, count }
        })
        .collect();
    Ok(Story {
        id: id.to_string(),
        title,
        first_seen: first,
        last_seen: last,
        articles: rows.into_iter().map(|(a, _)| a).collect(),
        sources,
        entities,
    })
}

pub(crate) fn stories(conn: &Connection, f: &StoryFilter) -> Result<Vec<Story>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, first_seen, last_seen FROM stories
         WHERE merged_into IS NULL AND (?1 IS NULL OR last_seen >= ?1) AND (?2 IS NULL OR first_seen <= ?2)
         ORDER BY last_seen DESC, size DESC, id LIMIT ?3 OFFSET ?4",
    )?;
    let heads: Vec<StoryHead> = stmt
        .query_map(params![f.from, f.to, f.limit.max(1) as i64, f.offset as i64], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    heads.into_iter().map(|(id, t, a, b)| story_of(conn, &id, t, a, b)).collect()
}

pub(crate) fn story(conn: &Connection, id: &str) -> Result<Option<Story>> {
    // A merged story answers as the story it joined.
    let mut id = id.to_string();
    for _ in 0..8 {
        let row: Option<(Option<String>, StoryHead)> = conn
            .query_row("SELECT merged_into, id, title, first_seen, last_seen FROM stories WHERE id = ?1", [&id], |r| {
                Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            })
            .optional()?;
        match row {
            None => return Ok(None),
            Some((Some(next), _)) => id = next,
            Some((None, (id, t, a, b))) => return story_of(conn, &id, t, a, b).map(Some),
        }
    }
    Ok(None)
}

pub(crate) fn links(conn: &Connection, id: &str) -> Result<Option<ArticleLinks>> {
    let Some((duplicate_of, story, day, doc)) = conn
        .query_row("SELECT duplicate_of, story, published_day, doc FROM articles WHERE id = ?1", [id], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
            ))
        })
        .optional()?
    else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached("SELECT entity FROM mentions WHERE article = ?1")?;
    let globals: Vec<String> = stmt.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let doc = newsgraph_document::Document::from_json(&doc).ok();
    let mut entities = Vec::new();
    if let Some(doc) = &doc {
        // Local ids map to globals through the names they were linked under.
        let mut by_key: HashMap<String, String> = HashMap::new();
        let mut keys = conn.prepare_cached("SELECT key FROM entity_keys WHERE entity = ?1")?;
        for g in &globals {
            for k in keys.query_map([g], |r| r.get::<_, String>(0))? {
                by_key.insert(k?, g.clone());
            }
        }
        for e in &doc.entities {
            let found = std::iter::once(&e.name)
                .chain(&e.aliases)
                .flat_map(|n| identity::name_keys(e.kind, n))
                .find_map(|k| by_key.get(&k).cloned());
            if let Some(g) = found {
                entities.push((e.id.clone(), g));
            }
        }
    }
    let mut related = Vec::new();
    if let Some(s) = &story {
        related.extend(similar_stories(conn, s, day.as_deref())?);
    }
    if let Some(doc) = &doc {
        let mut by_title =
            conn.prepare_cached("SELECT id, story FROM articles WHERE title = ?1 AND id != ?2 LIMIT 1")?;
        for t in &doc.related_stories {
            if let Some((rid, rstory)) = by_title
                .query_row(params![t, id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)))
                .optional()?
            {
                related.push(Related { id: rid, title: Some(t.clone()), story: rstory, reason: "named", score: None });
            }
        }
    }
    Ok(Some(ArticleLinks { duplicate_of, story, entities, related }))
}

/// The first article of each of the five stories closest to `story` within a week.
fn similar_stories(conn: &Connection, story: &str, day: Option<&str>) -> Result<Vec<Related>> {
    let Some(json) =
        conn.query_row("SELECT profile FROM stories WHERE id = ?1", [story], |r| r.get::<_, String>(0)).optional()?
    else {
        return Ok(Vec::new());
    };
    let profile: Profile = serde_json::from_str(&json).unwrap_or_default();
    let since = day.map(|d| super::links::days_before(d, 7)).unwrap_or_default();
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut stmt = conn.prepare_cached("SELECT story FROM story_keys WHERE key = ?1 AND last_seen >= ?2 LIMIT 200")?;
    for key in profile.keys(12) {
        for row in stmt.query_map(params![key, since], |r| r.get::<_, String>(0))? {
            let s = row?;
            if s != story {
                *counts.entry(s).or_default() += 1;
            }
        }
    }
    let mut cands: Vec<(String, usize)> = counts.into_iter().collect();
    cands.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    cands.truncate(20);
    let mut load = conn.prepare_cached("SELECT profile FROM stories WHERE id = ?1 AND merged_into IS NULL")?;
    let mut first = conn.prepare_cached(
        "SELECT id, title FROM articles WHERE story = ?1 AND duplicate_of IS NULL ORDER BY published, rowid LIMIT 1",
    )?;
    let mut scored = Vec::new();
    for (s, _) in cands {
        let Some(json) = load.query_row([&s], |r| r.get::<_, String>(0)).optional()? else { continue };
        let p: Profile = serde_json::from_str(&json).unwrap_or_default();
        let score = p.cosine(&profile);
        if score <= 0.05 {
            continue;
        }
        if let Some((id, title)) = first.query_row([&s], |r| Ok((r.get::<_, String>(0)?, r.get(1)?))).optional()? {
            scored.push(Related { id, title, story: Some(s), reason: "similar", score: Some(score) });
        }
    }
    scored.sort_by(|a, b| b.score.unwrap_or(0.0).total_cmp(&a.score.unwrap_or(0.0)));
    scored.truncate(5);
    Ok(scored)
}
