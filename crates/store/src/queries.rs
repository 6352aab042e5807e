//! Queries across articles: entity profiles, quotes, events, stories, networks.

use std::collections::HashMap;

use newsgraph_document::EntityKind;
use newsgraph_graph::{Profile, identity};

use crate::sql::{Dialect, Row, Sql, Value, args, prefix_end};
use crate::{
    ArticleLinks, DayCount, Edge, EntityCount, EntityFilter, EntityProfile, EntitySummary, EventFilter, EventRow,
    Linked, PlaceArticle, PlaceCount, PlaceFilter, PlaceProfile, QuoteFilter, QuoteRow, Related, Result, RoleSpan,
    Story, StoryFilter,
};

const KINDS: [EntityKind; 4] = [EntityKind::Person, EntityKind::Organisation, EntityKind::Location, EntityKind::Misc];

/// The entity a name or id denotes: an exact id, else the entity most names lead to (the
/// one in most articles), else a case-insensitive name prefix.
pub(crate) fn resolve(conn: &mut dyn Sql, query: &str) -> Result<Option<String>> {
    let query = query.trim();
    if query.is_empty() || query.len() > 1000 {
        return Ok(None);
    }
    if let Some(r) = conn.query_opt("SELECT id FROM entities WHERE id = $1", args![query])? {
        return Ok(Some(r.text(0)));
    }
    let mut best: Option<(i64, String)> = None;
    // A full name first; a bare surname only when no full name matches.
    let keys: Vec<String> = KINDS.iter().flat_map(|k| identity::name_keys(*k, query)).collect();
    for weak in [false, true] {
        for key in keys.iter().filter(|k| identity::is_weak(k) == weak) {
            let rows = conn.query(
                "SELECT e.id, e.articles FROM entity_keys k JOIN entities e ON e.id = k.entity WHERE k.key = $1 LIMIT 50",
                args![key],
            )?;
            for row in rows {
                let n = row.int(1);
                if best.as_ref().is_none_or(|(b, _)| n > *b) {
                    best = Some((n, row.text(0)));
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
    let sql = format!(
        "SELECT id FROM entities WHERE {} ORDER BY articles DESC LIMIT 1",
        conn.dialect().prefix_ci("name", "$1", "$2")
    );
    Ok(conn.query_opt(&sql, args![query, prefix_end(query)])?.map(|r| r.text(0)))
}

/// The entities a bare name could denote when it is ambiguous: no entity has it as id or
/// as a full name, and it is the weak key (a surname alone, "Kim") of more than one entity.
/// Empty when the name denotes one entity or none, so that [`resolve`] may answer.
pub(crate) fn candidates(conn: &mut dyn Sql, query: &str, limit: usize) -> Result<Vec<EntitySummary>> {
    let query = query.trim();
    if query.is_empty() || query.len() > 1000 || conn.exists("SELECT 1 FROM entities WHERE id = $1", args![query])? {
        return Ok(Vec::new());
    }
    let keys: Vec<String> = KINDS.iter().flat_map(|k| identity::name_keys(*k, query)).collect();
    let mut ids: Vec<String> = Vec::new();
    for key in &keys {
        let rows = conn.query("SELECT entity FROM entity_keys WHERE key = $1 LIMIT 50", args![key])?;
        if !identity::is_weak(key) && !rows.is_empty() {
            return Ok(Vec::new());
        }
        ids.extend(rows.iter().map(|r| r.text(0)));
    }
    ids.sort_unstable();
    ids.dedup();
    if ids.len() < 2 {
        return Ok(Vec::new());
    }
    let id_values: Vec<Value> = ids.iter().map(Value::from).collect();
    let mut found: Vec<EntitySummary> = conn
        .query_in(&format!("SELECT {SUMMARY_COLUMNS} FROM entities WHERE id IN ({{in}})"), &[], &id_values)?
        .iter()
        .map(summary)
        .collect();
    found.sort_by(|a, b| b.articles.cmp(&a.articles).then_with(|| a.name.cmp(&b.name)));
    found.truncate(limit);
    Ok(found)
}

const SUMMARY_COLUMNS: &str = "id, name, kind, articles, first_seen, last_seen";

fn summary(r: &Row) -> EntitySummary {
    EntitySummary {
        id: r.text(0),
        name: r.text(1),
        kind: r.text(2),
        articles: r.int(3) as u64,
        first_seen: r.opt(4),
        last_seen: r.opt(5),
    }
}

/// Entities whose name starts with `prefix` (all when empty), most mentioned first,
/// optionally only those seen since a day.
pub(crate) fn entities(conn: &mut dyn Sql, f: &EntityFilter) -> Result<Vec<EntitySummary>> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM entities
         WHERE {} AND (CAST($2 AS TEXT) IS NULL OR last_seen >= $2)
           AND (CAST($6 AS TEXT) IS NULL OR kind = $6)
         ORDER BY articles DESC, id LIMIT $3 OFFSET $4",
        conn.dialect().prefix_ci("name", "$1", "$5")
    );
    let prefix = f.prefix.as_str();
    let rows =
        conn.query(&sql, args![prefix, &f.since, f.limit as i64, f.offset as i64, prefix_end(prefix), &f.kind])?;
    Ok(rows.iter().map(summary).collect())
}

fn quote_row(r: &Row) -> QuoteRow {
    QuoteRow {
        article: r.text(0),
        speaker: r.opt(1),
        speaker_name: r.opt(2),
        kind: r.text(3),
        content: r.text(4),
        cue: r.opt(5),
        date: r.opt(6),
        day: r.opt(7),
    }
}

fn event_row(r: &Row) -> EventRow {
    EventRow {
        article: r.text(0),
        kind: r.text(1),
        status: r.text(2),
        date: r.opt(3),
        day: r.opt(4),
        place: r.opt(5),
        what: r.opt(6),
        evidence: r.text(7),
        participants: serde_json::from_str(&r.text(9)).unwrap_or_default(),
    }
}

const QUOTE_COLUMNS: &str = "q.article, q.speaker, q.speaker_name, q.kind, q.content, q.cue, q.date, q.day";
const EVENT_COLUMNS: &str =
    "e.article, e.type, e.status, e.date, e.day, e.place, e.what, e.evidence, e.seq, e.participants";

/// An entity filter resolved to its global id: `Some(None)` when there is no filter,
/// `None` when the name denotes no entity (so nothing can match).
fn filter_entity(conn: &mut dyn Sql, name: Option<&str>) -> Result<Option<Option<String>>> {
    match name {
        None => Ok(Some(None)),
        Some(n) => Ok(resolve(conn, n)?.map(Some)),
    }
}

pub(crate) fn quotes(conn: &mut dyn Sql, f: &QuoteFilter) -> Result<Vec<QuoteRow>> {
    let Some(by) = filter_entity(conn, f.by.as_deref())? else { return Ok(Vec::new()) };
    let about = f.about.as_ref().map(|a| format!("%{}%", a.replace(['%', '_'], "")));
    // `page` appends the placeholder: the pattern is lower-cased here for PostgreSQL.
    let about = about.map(|a| if conn.dialect() == Dialect::Postgres { a.to_lowercase() } else { a });
    let contains = match conn.dialect() {
        Dialect::Sqlite => "q.content LIKE ",
        Dialect::Postgres => "lower(q.content) LIKE ",
    };
    // Only the filters given go into the SQL, so that the speaker index can be used.
    let filters = [
        ("q.speaker = ", by.as_ref()),
        (contains, about.as_ref()),
        ("q.day >= ", f.from.as_ref()),
        ("q.day <= ", f.to.as_ref()),
        (FROM_SOURCE_Q, f.source.as_ref()),
    ];
    let order = "q.day DESC NULLS LAST, q.article, q.seq";
    let select = format!("SELECT {QUOTE_COLUMNS} FROM quotes q WHERE TRUE");
    Ok(page(conn, &select, &filters, order, f.limit, f.offset)?.iter().map(quote_row).collect())
}

/// Rows of articles from one source, the name compared case-insensitively (`$?` is the
/// placeholder's place).
const FROM_SOURCE_Q: &str = "q.article IN (SELECT id FROM articles WHERE lower(source) = lower($?))";
const FROM_SOURCE_E: &str = "e.article IN (SELECT id FROM articles WHERE lower(source) = lower($?))";

/// Runs `select` (ending in a WHERE condition) with the given filters (`column op `, the
/// placeholder is added, or put where the filter writes `$?`) ANDed on, ordered and paged. Filters left out of the SQL let the
/// database pick the index of those that are there.
fn page(
    conn: &mut dyn Sql,
    select: &str,
    filters: &[(&str, Option<&String>)],
    order: &str,
    limit: usize,
    offset: usize,
) -> Result<Vec<Row>> {
    let mut sql = select.to_string();
    let mut args: Vec<Value> = Vec::new();
    for (clause, value) in filters {
        if let Some(v) = value {
            args.push(Value::from(*v));
            let placeholder = format!("${}", args.len());
            if clause.contains("$?") {
                sql.push_str(&format!(" AND {}", clause.replace("$?", &placeholder)));
            } else {
                sql.push_str(&format!(" AND {clause}{placeholder}"));
            }
        }
    }
    args.push(Value::Int(limit.max(1) as i64));
    args.push(Value::Int(offset as i64));
    sql.push_str(&format!(" ORDER BY {order} LIMIT ${} OFFSET ${}", args.len() - 1, args.len()));
    conn.query(&sql, &args)
}

pub(crate) fn events(conn: &mut dyn Sql, f: &EventFilter) -> Result<Vec<EventRow>> {
    let Some(with) = filter_entity(conn, f.with.as_deref())? else { return Ok(Vec::new()) };
    // With a participant, its own rows drive the query, newest first from the index
    // (entity, day DESC, article, seq), so a much-mentioned entity's page is read, not sorted.
    let (select, day, order) = match with {
        Some(_) => (
            format!(
                "SELECT DISTINCT {EVENT_COLUMNS}, p.day, p.article, p.seq FROM event_participants p
                 JOIN events e ON e.article = p.article AND e.seq = p.seq WHERE TRUE"
            ),
            "p.day",
            "p.day DESC NULLS LAST, p.article, p.seq",
        ),
        None => (
            format!("SELECT {EVENT_COLUMNS} FROM events e WHERE TRUE"),
            "e.day",
            "e.day DESC NULLS LAST, e.article, e.seq",
        ),
    };
    let (from, to) = (format!("{day} >= "), format!("{day} <= "));
    let filters = [
        ("p.entity = ", with.as_ref()),
        ("e.type = ", f.kind.as_ref()),
        ("e.status = ", f.status.as_ref()),
        (from.as_str(), f.from.as_ref()),
        (to.as_str(), f.to.as_ref()),
        (FROM_SOURCE_E, f.source.as_ref()),
    ];
    Ok(page(conn, &select, &filters, order, f.limit, f.offset)?.iter().map(event_row).collect())
}

pub(crate) fn entity(conn: &mut dyn Sql, query: &str) -> Result<Option<EntityProfile>> {
    let Some(id) = resolve(conn, query)? else { return Ok(None) };
    let Some(s) = conn.query_opt(&format!("SELECT {SUMMARY_COLUMNS} FROM entities WHERE id = $1"), args![&id])? else {
        return Ok(None);
    };
    let s = summary(&s);
    let aliases: Vec<String> = conn
        .column("SELECT DISTINCT alias FROM entity_keys WHERE entity = $1 ORDER BY alias", args![&id])?
        .into_iter()
        .filter(|a| *a != s.name)
        .collect();
    let roles = conn
        .query(
            "SELECT title, of, first_seen, last_seen FROM entity_roles WHERE entity = $1 ORDER BY first_seen NULLS FIRST, title",
            args![&id],
        )?
        .iter()
        .map(|r| {
            let of = r.text(1);
            RoleSpan { title: r.text(0), of: (!of.is_empty()).then_some(of), first_seen: r.opt(2), last_seen: r.opt(3) }
        })
        .collect();
    let mentions_by_day = conn
        .query("SELECT day, count FROM entity_days WHERE entity = $1 ORDER BY day", args![&id])?
        .iter()
        .map(|r| DayCount { date: r.text(0), count: r.int(1) as u64 })
        .collect();
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

/// Rows of (id, name, count) as entity counts.
fn counts(rows: Vec<Row>) -> impl Iterator<Item = EntityCount> {
    rows.into_iter().map(|r| EntityCount { id: r.text(0), name: r.text(1), count: r.int(2) as u64 })
}

/// Entities named in the same articles as `id`, over its most recent 200 articles.
fn cooccurring(conn: &mut dyn Sql, id: &str, limit: usize) -> Result<Vec<EntityCount>> {
    let rows = conn.query(
        "WITH recent AS (SELECT article FROM mentions WHERE entity = $1 ORDER BY day DESC NULLS LAST LIMIT 200)
         SELECT m.entity, e.name, count(*) AS n FROM recent r
         JOIN mentions m ON m.article = r.article JOIN entities e ON e.id = m.entity
         WHERE m.entity != $1 GROUP BY m.entity, e.name ORDER BY n DESC, m.entity LIMIT $2",
        args![id, limit as i64],
    )?;
    Ok(counts(rows).collect())
}

pub(crate) fn network(conn: &mut dyn Sql, query: &str, limit: usize, offset: usize) -> Result<Vec<Edge>> {
    let Some(id) = resolve(conn, query)? else { return Ok(Vec::new()) };
    let mut edges: Vec<Edge> = Vec::new();
    // One listing over the three relations, heaviest first: any tie on the page is among
    // the heaviest `offset + limit` of its own relation, so each relation reads that many.
    let limit_each = offset + limit;
    let met = conn.query(
        "SELECT b.entity, e.name, count(*) AS n FROM event_participants a
         JOIN events ev ON ev.article = a.article AND ev.seq = a.seq AND ev.type IN ('meet', 'negotiate', 'agree')
         JOIN event_participants b ON b.article = a.article AND b.seq = a.seq AND b.entity != a.entity
         JOIN entities e ON e.id = b.entity
         WHERE a.entity = $1 GROUP BY b.entity, e.name ORDER BY n DESC, b.entity LIMIT $2",
        args![&id, limit_each as i64],
    )?;
    edges.extend(counts(met).map(|c| Edge { id: c.id, name: c.name, relation: "met", weight: c.count }));
    let quoted = conn.query(
        "SELECT b.speaker, e.name, count(DISTINCT b.article) AS n FROM quotes a
         JOIN quotes b ON b.article = a.article AND b.speaker IS NOT NULL AND b.speaker != a.speaker
         JOIN entities e ON e.id = b.speaker
         WHERE a.speaker = $1 GROUP BY b.speaker, e.name ORDER BY n DESC, b.speaker LIMIT $2",
        args![&id, limit_each as i64],
    )?;
    edges.extend(counts(quoted).map(|c| Edge { id: c.id, name: c.name, relation: "quoted_with", weight: c.count }));
    for c in cooccurring(conn, &id, limit_each)? {
        edges.push(Edge { id: c.id, name: c.name, relation: "cooccurs", weight: c.count });
    }
    let rank = |r: &str| ["met", "quoted_with", "cooccurs"].iter().position(|x| *x == r).unwrap_or(3);
    edges.sort_by(|a, b| {
        b.weight.cmp(&a.weight).then(rank(a.relation).cmp(&rank(b.relation))).then_with(|| a.id.cmp(&b.id))
    });
    Ok(edges.into_iter().skip(offset).take(limit).collect())
}

const STORY_HEAD: &str = "id, title, first_seen, last_seen, thread";

/// Outlets named without regard to case ("Northstar News" and "NORTHSTAR NEWS" are one
/// source), each shown as written where it is not in capitals throughout, sorted by that
/// name.
pub(crate) fn distinct_sources(names: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut by_key: HashMap<String, String> = HashMap::new();
    for name in names {
        let key = source_key(&name);
        if key.is_empty() {
            continue;
        }
        let shouting = |s: &str| !s.chars().any(char::is_lowercase);
        match by_key.get_mut(&key) {
            Some(shown) if shouting(shown) && !shouting(&name) => *shown = name,
            Some(_) => {}
            None => {
                by_key.insert(key, name);
            }
        }
    }
    let mut shown: Vec<String> = by_key.into_values().collect();
    shown.sort_by_key(|s| source_key(s));
    shown
}

/// What two spellings of one outlet's name share: its lower case, as the search index and
/// `stats` (`lower(trim(source))`) compare sources.
pub(crate) fn source_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// A story from its head row (`STORY_HEAD`), with its articles, sources and main entities.
fn story_of(conn: &mut dyn Sql, head: &Row) -> Result<Story> {
    let id = head.text(0);
    let rows = conn.query(
        "SELECT id, source FROM (SELECT id, source, published, rowid FROM articles WHERE story = $1
            ORDER BY published DESC NULLS LAST, rowid DESC LIMIT 200) latest ORDER BY published NULLS FIRST, rowid",
        args![&id],
    )?;
    let sources = distinct_sources(rows.iter().filter_map(|r| r.opt(1)));
    let mut counts: HashMap<String, u64> = HashMap::new();
    // Main entities from the latest 30 articles: a story of thousands costs no more.
    for r in rows.iter().rev().take(30) {
        for e in conn.column(
            "SELECT m.entity FROM mentions m JOIN entities e ON e.id = m.entity WHERE m.article = $1 AND e.kind != 'MISC'",
            args![r.text(0)],
        )? {
            *counts.entry(e).or_default() += 1;
        }
    }
    let mut top: Vec<(String, u64)> = counts.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    top.truncate(8);
    let mut entities = Vec::with_capacity(top.len());
    for (e, count) in top {
        let name = conn.query_opt("SELECT name FROM entities WHERE id = $1", args![&e])?.map(|r| r.text(0));
        entities.push(EntityCount { id: e, name: name.unwrap_or_default(), count });
    }
    Ok(Story {
        id,
        title: head.opt(1),
        first_seen: head.opt(2),
        last_seen: head.opt(3),
        articles: rows.iter().map(|r| r.text(0)).collect(),
        sources,
        entities,
        thread: head.opt(4),
    })
}

pub(crate) fn stories(conn: &mut dyn Sql, f: &StoryFilter) -> Result<Vec<Story>> {
    let heads = conn.query(
        &format!(
            "SELECT {STORY_HEAD} FROM stories
             WHERE merged_into IS NULL AND (CAST($1 AS TEXT) IS NULL OR last_seen >= $1)
               AND (CAST($2 AS TEXT) IS NULL OR first_seen <= $2)
               AND (CAST($5 AS TEXT) IS NULL OR id IN (SELECT story FROM articles WHERE lower(source) = lower($5)))
             ORDER BY last_seen DESC NULLS LAST, size DESC, id LIMIT $3 OFFSET $4"
        ),
        args![&f.from, &f.to, f.limit.max(1) as i64, f.offset as i64, &f.source],
    )?;
    heads.iter().map(|h| story_of(conn, h)).collect()
}

pub(crate) fn story(conn: &mut dyn Sql, id: &str) -> Result<Option<Story>> {
    // A merged story answers as the story it joined.
    let mut id = id.to_string();
    for _ in 0..8 {
        let Some(row) =
            conn.query_opt(&format!("SELECT {STORY_HEAD}, merged_into FROM stories WHERE id = $1"), args![&id])?
        else {
            return Ok(None);
        };
        match row.opt(5) {
            Some(next) => id = next,
            None => return story_of(conn, &row).map(Some),
        }
    }
    Ok(None)
}

/// An article as linking left it, with its day and document.
type LinkedArticle = (Linked, Option<String>, Option<newsgraph_document::Document>);

/// How linking left an article: duplicate, story and global entity ids (without the related
/// articles, which cost more: see [`links`]).
pub(crate) fn linked(conn: &mut dyn Sql, id: &str) -> Result<Option<Linked>> {
    Ok(linked_article(conn, id)?.map(|(l, _, _)| l))
}

fn linked_article(conn: &mut dyn Sql, id: &str) -> Result<Option<LinkedArticle>> {
    let Some(row) = conn.query_opt(
        "SELECT a.duplicate_of, a.story, a.published_day, a.doc, s.thread
             FROM articles a LEFT JOIN stories s ON s.id = a.story WHERE a.id = $1",
        args![id],
    )?
    else {
        return Ok(None);
    };
    let (duplicate_of, story, day, thread) = (row.opt(0), row.opt(1), row.opt(2), row.opt(4));
    let globals = conn.column("SELECT entity FROM mentions WHERE article = $1", args![id])?;
    let doc = newsgraph_document::Document::from_json(&row.text(3)).ok();
    let mut entities = Vec::new();
    if let Some(doc) = &doc {
        // Local ids map to globals through the names they were linked under.
        let ids: Vec<Value> = globals.iter().map(Value::from).collect();
        let mut keys: HashMap<String, Vec<String>> = HashMap::new();
        for r in conn.query_in("SELECT DISTINCT entity, key FROM entity_keys WHERE entity IN ({in})", &[], &ids)? {
            keys.entry(r.text(0)).or_default().push(r.text(1));
        }
        let mut by_key: HashMap<String, String> = HashMap::new();
        for g in &globals {
            for k in keys.remove(g).unwrap_or_default() {
                by_key.insert(k, g.clone());
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
    let linked = Linked { id: id.to_string(), duplicate_of, story, thread, entities };
    Ok(Some((linked, day, doc)))
}

pub(crate) fn links(conn: &mut dyn Sql, id: &str) -> Result<Option<ArticleLinks>> {
    let Some((Linked { duplicate_of, story, thread, entities, .. }, day, doc)) = linked_article(conn, id)? else {
        return Ok(None);
    };
    let mut related = Vec::new();
    if let Some(s) = &story {
        related.extend(similar_stories(conn, s, day.as_deref())?);
    }
    if let Some(doc) = &doc {
        for t in &doc.related_stories {
            if let Some(r) =
                conn.query_opt("SELECT id, story FROM articles WHERE title = $1 AND id != $2 LIMIT 1", args![t, id])?
            {
                related.push(Related {
                    id: r.text(0),
                    title: Some(t.clone()),
                    story: r.opt(1),
                    reason: "named",
                    score: None,
                });
            }
        }
    }
    Ok(Some(ArticleLinks { duplicate_of, story, thread, entities, related }))
}

/// The first article of each of the five stories closest to `story` within a week.
fn similar_stories(conn: &mut dyn Sql, story: &str, day: Option<&str>) -> Result<Vec<Related>> {
    let Some(row) = conn.query_opt("SELECT profile FROM stories WHERE id = $1", args![story])? else {
        return Ok(Vec::new());
    };
    let profile: Profile = serde_json::from_str(&row.text(0)).unwrap_or_default();
    let since = day.map(|d| crate::links::days_before(d, 7)).unwrap_or_default();
    let mut counts: HashMap<String, usize> = HashMap::new();
    for key in profile.keys(12) {
        for s in conn
            .column("SELECT story FROM story_keys WHERE key = $1 AND last_seen >= $2 LIMIT 200", args![key, &since])?
        {
            if s != story {
                *counts.entry(s).or_default() += 1;
            }
        }
    }
    let mut cands: Vec<(String, usize)> = counts.into_iter().collect();
    cands.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    cands.truncate(20);
    let mut scored = Vec::new();
    for (s, _) in cands {
        let Some(row) =
            conn.query_opt("SELECT profile FROM stories WHERE id = $1 AND merged_into IS NULL", args![&s])?
        else {
            continue;
        };
        let p: Profile = serde_json::from_str(&row.text(0)).unwrap_or_default();
        let score = p.cosine(&profile);
        if score <= 0.05 {
            continue;
        }
        if let Some(first) = conn.query_opt(
            "SELECT id, title FROM articles WHERE story = $1 AND duplicate_of IS NULL ORDER BY published NULLS FIRST, rowid LIMIT 1",
            args![&s],
        )? {
            scored.push(Related {
                id: first.text(0),
                title: first.opt(1),
                story: Some(s),
                reason: "similar",
                score: Some(score),
            });
        }
    }
    scored.sort_by(|a, b| b.score.unwrap_or(0.0).total_cmp(&a.score.unwrap_or(0.0)));
    scored.truncate(5);
    Ok(scored)
}

#[cfg(test)]
mod tests {
    use super::distinct_sources;

    #[test]
    fn one_outlet_however_its_name_is_cased() {
        let names = ["NORTHSTAR NEWS", "Northstar News", "northstar news ", "Capital Post", "CAPITAL POST"];
        let shown = distinct_sources(names.iter().map(|s| s.to_string()));
        assert_eq!(shown, ["Capital Post", "Northstar News"]);
        // Only capitals: shown as written.
        assert_eq!(distinct_sources(["MERIDIAN WIRE".to_string()]), ["MERIDIAN WIRE"]);
        assert!(distinct_sources([" ".to_string()]).is_empty());
    }
}

/// Articles with a place in a country and/or within a distance: the box around the circle
/// narrows the rows by index, the great-circle distance decides.
pub(crate) fn articles_at(conn: &mut dyn Sql, filter: &PlaceFilter) -> Result<Vec<String>> {
    let mut sql = String::from("SELECT article, lat, lon FROM places WHERE TRUE");
    let mut values: Vec<Value> = Vec::new();
    if let Some(c) = &filter.country {
        values.push(Value::from(c.to_uppercase()));
        sql.push_str(&format!(" AND country = ${}", values.len()));
    }
    if let Some(n) = filter.near {
        // One degree of latitude is 111.2 km; of longitude, that times cos(latitude), which
        // shrinks towards the poles: there, and across the date line, only latitude narrows.
        let dlat = n.km / 111.2;
        values.push(Value::Real(n.lat - dlat));
        values.push(Value::Real(n.lat + dlat));
        sql.push_str(&format!(" AND lat >= ${} AND lat <= ${}", values.len() - 1, values.len()));
        let widest = (n.lat.abs() + dlat).min(90.0).to_radians().cos();
        let dlon = if widest > 0.01 { n.km / (111.2 * widest) } else { 360.0 };
        if n.lon - dlon >= -180.0 && n.lon + dlon <= 180.0 {
            values.push(Value::Real(n.lon - dlon));
            values.push(Value::Real(n.lon + dlon));
            sql.push_str(&format!(" AND lon >= ${} AND lon <= ${}", values.len() - 1, values.len()));
        }
    }
    let mut ids: Vec<String> = conn
        .query(&sql, &values)?
        .into_iter()
        .filter(|r| {
            filter.near.is_none_or(|n| {
                let (lat, lon) = (real(r, 1), real(r, 2));
                newsgraph_geo::distance_km(n.lat, n.lon, lat, lon) <= n.km
            })
        })
        .map(|r| r.text(0))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

fn real(row: &Row, i: usize) -> f64 {
    match row.0.get(i) {
        Some(Value::Real(x)) => *x,
        Some(Value::Int(n)) => *n as f64,
        _ => f64::NAN,
    }
}

const PLACE_COLUMNS: &str = "p.geonameid, p.name, p.kind, p.country, p.division, p.lat, p.lon";

fn place_count(r: &Row) -> PlaceCount {
    PlaceCount {
        geonameid: r.int(0),
        name: r.text(1),
        kind: r.text(2),
        country: r.opt(3),
        division: r.opt(4),
        lat: real(r, 5),
        lon: real(r, 6),
        mentions: r.int(7),
    }
}

pub(crate) fn place(conn: &mut dyn Sql, geonameid: i64) -> Result<Option<PlaceProfile>> {
    let found = conn.query(
        &format!(
            "SELECT {PLACE_COLUMNS}, (SELECT count(*) FROM places q WHERE q.geonameid = $1)
             FROM places p WHERE p.geonameid = $1 LIMIT 1"
        ),
        &[Value::Int(geonameid)],
    )?;
    let Some(place) = found.first().map(place_count) else { return Ok(None) };
    let articles = conn
        .query(
            "SELECT p.article, a.title, p.day, count(*) FROM places p JOIN articles a ON a.id = p.article
             WHERE p.geonameid = $1 GROUP BY p.article, a.title, p.day
             ORDER BY p.day DESC NULLS LAST, p.article LIMIT 100",
            &[Value::Int(geonameid)],
        )?
        .iter()
        .map(|r| PlaceArticle { id: r.text(0), title: r.opt(1), day: r.opt(2), mentions: r.int(3) })
        .collect();
    let events = conn
        .query(
            &format!(
                "SELECT {EVENT_COLUMNS} FROM events e WHERE e.geonameid = $1
                 ORDER BY e.day DESC NULLS LAST, e.article, e.seq LIMIT 100"
            ),
            &[Value::Int(geonameid)],
        )?
        .iter()
        .map(event_row)
        .collect();
    Ok(Some(PlaceProfile { place, articles, events }))
}

pub(crate) fn places_of(conn: &mut dyn Sql, articles: &[String], entity: Option<&str>) -> Result<Vec<PlaceCount>> {
    let ids = &articles[..articles.len().min(500)];
    if ids.is_empty() && entity.is_none() {
        return Ok(Vec::new());
    }
    let mut values: Vec<Value> = ids.iter().map(Value::from).collect();
    let mut sql = format!("SELECT {PLACE_COLUMNS}, count(*) FROM places p WHERE TRUE");
    if !ids.is_empty() {
        let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        sql.push_str(&format!(" AND p.article IN ({})", marks.join(", ")));
    }
    if let Some(e) = entity {
        values.push(Value::from(e));
        sql.push_str(&format!(" AND p.entity = ${}", values.len()));
    }
    sql.push_str(
        " GROUP BY p.geonameid, p.name, p.kind, p.country, p.division, p.lat, p.lon
          ORDER BY count(*) DESC, p.geonameid LIMIT 200",
    );
    Ok(conn.query(&sql, &values)?.iter().map(place_count).collect())
}
