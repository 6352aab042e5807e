//! The tables `export` writes, read from either backend in key order, a page at a time (keyset
//! paging: each page starts after the last key of the previous one, so a table of millions
//! costs no more per row than one of hundreds). Schemas are documented in `docs/export.md`.

use std::str::FromStr;

use crate::sql::{Column, ColumnKind, Row, Sql, Value};
use crate::{Result, articles};

/// Rows read per query.
const PAGE: i64 = 5_000;

/// An exportable table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// One row per stored article (every version), with its text.
    Articles,
    /// One row per entity merged across articles.
    Entities,
    /// One row per entity and article that names it.
    Mentions,
    /// One row per quote.
    Quotes,
    /// One row per event.
    Events,
    /// One row per story (merged stories point at the one they joined).
    Stories,
    /// Events in the shape of GDELT's event table: actors, CAMEO code, date, place, source.
    Gdelt,
    /// One row per resolved place mention, with its GeoNames entry and coordinates.
    Places,
}

impl Table {
    /// Every table.
    pub const ALL: [Table; 8] = [
        Table::Articles,
        Table::Entities,
        Table::Mentions,
        Table::Quotes,
        Table::Events,
        Table::Stories,
        Table::Gdelt,
        Table::Places,
    ];

    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Table::Articles => "articles",
            Table::Entities => "entities",
            Table::Mentions => "mentions",
            Table::Quotes => "quotes",
            Table::Events => "events",
            Table::Stories => "stories",
            Table::Gdelt => "gdelt",
            Table::Places => "places",
        }
    }

    /// Its columns, in order.
    pub fn columns(self) -> &'static [Column] {
        self.spec().columns
    }

    fn spec(self) -> &'static Spec {
        match self {
            Table::Articles => &ARTICLES,
            Table::Entities => &ENTITIES,
            Table::Mentions => &MENTIONS,
            Table::Quotes => &QUOTES,
            Table::Events => &EVENTS,
            Table::Stories => &STORIES,
            Table::Gdelt => &GDELT,
            Table::Places => &PLACES,
        }
    }
}

impl FromStr for Table {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Table, String> {
        Table::ALL.into_iter().find(|t| t.name() == s).ok_or_else(|| {
            let names: Vec<&str> = Table::ALL.iter().map(|t| t.name()).collect();
            format!("unknown table `{s}` (one of {})", names.join(", "))
        })
    }
}

/// How a table is read: the query's columns (its first `key` columns are the sort key), the
/// day columns a date range applies to, and the change from query row to exported row.
struct Spec {
    columns: &'static [Column],
    select: &'static str,
    key: &'static [&'static str],
    /// `(first, last)`: a row is in `[from, to]` when `last >= from` and `first <= to`.
    days: (&'static str, &'static str),
    shape: fn(Row) -> Row,
}

const fn text(name: &'static str) -> Column {
    Column { name, kind: ColumnKind::Text }
}

const fn int(name: &'static str) -> Column {
    Column { name, kind: ColumnKind::Int }
}

const fn real(name: &'static str) -> Column {
    Column { name, kind: ColumnKind::Real }
}

fn same(row: Row) -> Row {
    row
}

static ARTICLES: Spec = Spec {
    columns: &[
        text("id"),
        text("url"),
        text("source"),
        text("published"),
        text("published_day"),
        text("title"),
        text("language"),
        text("reader"),
        int("version"),
        text("supersedes"),
        text("duplicate_of"),
        text("story"),
        int("n_entities"),
        int("n_quotes"),
        int("n_time_expressions"),
        int("n_events"),
        text("text"),
    ],
    select: "SELECT t.id, t.url, t.source, t.published, t.published_day, t.title, t.language, t.reader, t.version,
                t.supersedes, t.duplicate_of, t.story, t.n_entities, t.n_quotes, t.n_time_expressions, t.n_events, t.doc
             FROM articles t",
    key: &["t.id"],
    days: ("t.published_day", "t.published_day"),
    shape: |mut row| {
        // The stored document → its text.
        if let Some(last) = row.0.last_mut() {
            let doc = match last {
                Value::Text(json) => articles::decode(String::new(), json).ok(),
                _ => None,
            };
            *last = doc.map_or(Value::Null, |d| Value::Text(d.text));
        }
        row
    },
};

static ENTITIES: Spec = Spec {
    columns: &[text("id"), text("type"), text("name"), text("first_seen"), text("last_seen"), int("articles")],
    select: "SELECT t.id, t.kind, t.name, t.first_seen, t.last_seen, t.articles FROM entities t",
    key: &["t.id"],
    days: ("t.first_seen", "t.last_seen"),
    shape: same,
};

static MENTIONS: Spec = Spec {
    columns: &[text("entity"), text("article"), text("day"), int("count")],
    select: "SELECT t.entity, t.article, t.day, t.count FROM mentions t",
    key: &["t.entity", "t.article"],
    days: ("t.day", "t.day"),
    shape: same,
};

static QUOTES: Spec = Spec {
    columns: &[
        text("article"),
        int("seq"),
        text("kind"),
        text("speaker"),
        text("speaker_name"),
        text("cue"),
        text("content"),
        text("date"),
        text("day"),
    ],
    select: "SELECT t.article, t.seq, t.kind, t.speaker, t.speaker_name, t.cue, t.content, t.date, t.day FROM quotes t",
    key: &["t.article", "t.seq"],
    days: ("t.day", "t.day"),
    shape: same,
};

static EVENTS: Spec = Spec {
    columns: &[
        text("article"),
        int("seq"),
        text("type"),
        text("cameo"),
        text("status"),
        text("date"),
        text("day"),
        text("place"),
        text("what"),
        text("evidence"),
        text("participants"),
    ],
    select: "SELECT t.article, t.seq, t.type, t.cameo, t.status, t.date, t.day, t.place, t.what, t.evidence,
                t.participants FROM events t",
    key: &["t.article", "t.seq"],
    days: ("t.day", "t.day"),
    shape: same,
};

static STORIES: Spec = Spec {
    columns: &[
        text("id"),
        text("title"),
        text("first_seen"),
        text("last_seen"),
        int("size"),
        text("merged_into"),
        text("thread"),
    ],
    select: "SELECT t.id, t.title, t.first_seen, t.last_seen, t.size, t.merged_into, t.thread FROM stories t",
    key: &["t.id"],
    days: ("t.first_seen", "t.last_seen"),
    shape: same,
};

static GDELT: Spec = Spec {
    columns: &[
        text("GlobalEventID"),
        int("SQLDATE"),
        text("Actor1Name"),
        text("Actor1Code"),
        text("Actor2Name"),
        text("Actor2Code"),
        text("EventCode"),
        text("EventRootCode"),
        text("EventType"),
        text("Status"),
        text("ActionGeo_FullName"),
        int("ActionGeo_Type"),
        text("ActionGeo_CountryCode"),
        real("ActionGeo_Lat"),
        real("ActionGeo_Long"),
        text("ActionGeo_FeatureID"),
        int("DATEADDED"),
        text("SourceURL"),
        text("SourceArticle"),
    ],
    select: "SELECT t.article, t.seq, t.day, t.participants, t.cameo, t.type, t.status, t.place, a.ingested_at, a.url,
                    t.place_kind, t.country, t.lat, t.lon, t.geonameid
             FROM events t JOIN articles a ON a.id = t.article",
    key: &["t.article", "t.seq"],
    days: ("t.day", "t.day"),
    shape: gdelt_row,
};

static PLACES: Spec = Spec {
    columns: &[
        text("article"),
        int("seq"),
        int("start"),
        int("end"),
        text("text"),
        text("entity"),
        int("geonameid"),
        text("name"),
        text("kind"),
        text("country"),
        text("division"),
        real("lat"),
        real("lon"),
        real("confidence"),
        text("day"),
    ],
    select:
        "SELECT t.article, t.seq, t.start_char, t.end_char, t.text, t.entity, t.geonameid, t.name, t.kind, t.country,
                t.division, t.lat, t.lon, t.confidence, t.day FROM places t",
    key: &["t.article", "t.seq"],
    days: ("t.day", "t.day"),
    shape: same,
};

/// GDELT's geographic resolution: 1 a country, 2 a US state, 3 a US city or county, 4 a
/// place elsewhere, 5 a first-level division elsewhere; null without a place.
fn geo_type(kind: Option<&str>, country: Option<&str>) -> Value {
    let us = country == Some("US");
    let t = match kind {
        None => return Value::Null,
        Some("country") => 1,
        Some("admin1") if us => 2,
        Some("admin1") => 5,
        Some(_) if us => 3,
        Some(_) => 4,
    };
    Value::Int(t)
}

/// `2026-03-02…` → 20260302.
fn yyyymmdd(day: Option<String>) -> Value {
    day.and_then(|d| d.get(..10).map(|d| d.replace('-', "")))
        .and_then(|d| d.parse().ok())
        .map_or(Value::Null, Value::Int)
}

fn gdelt_row(row: Row) -> Row {
    let participants: Vec<serde_json::Value> = serde_json::from_str(&row.text(3)).unwrap_or_default();
    let actor = |i: usize, field: &str| -> Value {
        participants.get(i).and_then(|p| p.get(field)).and_then(|v| v.as_str()).map_or(Value::Null, Value::from)
    };
    let cameo = row.opt(4);
    Row(vec![
        Value::Text(format!("{}:{}", row.text(0), row.int(1))),
        yyyymmdd(row.opt(2)),
        actor(0, "name"),
        actor(0, "entity"),
        actor(1, "name"),
        actor(1, "entity"),
        Value::from(cameo.clone()),
        Value::from(cameo.map(|c| c.chars().take(2).collect::<String>())),
        Value::from(row.opt(5)),
        Value::from(row.opt(6)),
        Value::from(row.opt(7)),
        geo_type(row.opt(10).as_deref(), row.opt(11).as_deref()),
        Value::from(row.opt(11)),
        row.0.get(12).cloned().unwrap_or(Value::Null),
        row.0.get(13).cloned().unwrap_or(Value::Null),
        Value::from(row.opt(14)),
        yyyymmdd(row.opt(8)),
        Value::from(row.opt(9)),
        Value::from(row.opt(0)),
    ])
}

/// Streams a table's rows within an optional day range to `sink`, in key order, until the
/// table ends or `sink` returns false; how many rows it was given.
pub(crate) fn export(
    conn: &mut dyn Sql,
    table: Table,
    from: Option<&str>,
    to: Option<&str>,
    sink: &mut dyn FnMut(Row) -> bool,
) -> Result<u64> {
    let spec = table.spec();
    let mut last: Option<Vec<Value>> = None;
    let mut sent = 0;
    loop {
        let mut args: Vec<Value> = Vec::new();
        let mut conditions: Vec<String> = Vec::new();
        if let Some(f) = from {
            args.push(Value::from(f));
            conditions.push(format!("{} >= ${}", spec.days.1, args.len()));
        }
        if let Some(t) = to {
            args.push(Value::from(t));
            conditions.push(format!("{} <= ${}", spec.days.0, args.len()));
        }
        if let Some(key) = &last {
            let mut marks = Vec::new();
            for v in key {
                args.push(v.clone());
                marks.push(format!("${}", args.len()));
            }
            conditions.push(format!("({}) > ({})", spec.key.join(", "), marks.join(", ")));
        }
        let filter = if conditions.is_empty() { String::new() } else { format!(" WHERE {}", conditions.join(" AND ")) };
        args.push(Value::Int(PAGE));
        let sql = format!("{}{filter} ORDER BY {} LIMIT ${}", spec.select, spec.key.join(", "), args.len());
        let rows = conn.query(&sql, &args)?;
        let full = rows.len() as i64 == PAGE;
        for row in rows {
            last = Some(row.0[..spec.key.len()].to_vec());
            sent += 1;
            if !sink((spec.shape)(row)) {
                return Ok(sent);
            }
        }
        if !full {
            return Ok(sent);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_has_its_name_and_columns() {
        for t in Table::ALL {
            assert_eq!(t.name().parse::<Table>().unwrap(), t);
            assert!(!t.columns().is_empty());
        }
        assert!("nope".parse::<Table>().unwrap_err().contains("articles"));
        assert_eq!(yyyymmdd(Some("2026-03-02T10:00:00Z".into())), Value::Int(20260302));
        assert_eq!(yyyymmdd(None), Value::Null);
    }
}
