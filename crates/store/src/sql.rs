//! The few SQL operations both backends share. Linking, queries and article storage are
//! written once, against [`Sql`], in the dialect SQLite and PostgreSQL have in common:
//! `$1`-style placeholders (rewritten to `?1` for SQLite), `ON CONFLICT … DO UPDATE`,
//! `CASE` instead of two-argument `max`/`min`, and `CAST(… AS BIGINT)` around sums. What
//! differs is asked of [`Sql::dialect`].

use serde::Serialize;

use crate::Result;

/// A value bound to a statement or read from a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// SQL NULL.
    Null,
    /// An integer (every integer column is 64-bit).
    Int(i64),
    /// A float.
    Real(f64),
    /// Text.
    Text(String),
    /// Bytes.
    Bytes(Vec<u8>),
}

impl From<i64> for Value {
    fn from(n: i64) -> Value {
        Value::Int(n)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}

impl From<&String> for Value {
    fn from(s: &String) -> Value {
        Value::Text(s.clone())
    }
}

impl From<Vec<u8>> for Value {
    fn from(b: Vec<u8>) -> Value {
        Value::Bytes(b)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

impl From<&Option<String>> for Value {
    fn from(v: &Option<String>) -> Value {
        v.as_deref().map_or(Value::Null, Value::from)
    }
}

/// Statement arguments: `args![id, day, 3_i64]`.
macro_rules! args {
    ($($v:expr),* $(,)?) => { &[$($crate::sql::Value::from($v)),*][..] };
}
pub(crate) use args;

/// One result row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row(pub Vec<Value>);

impl Row {
    /// Column `i` as text; NULL and missing columns read as empty.
    pub fn text(&self, i: usize) -> String {
        self.opt(i).unwrap_or_default()
    }

    /// Column `i` as text, `None` for NULL.
    pub fn opt(&self, i: usize) -> Option<String> {
        match self.0.get(i) {
            Some(Value::Text(s)) => Some(s.clone()),
            Some(Value::Int(n)) => Some(n.to_string()),
            Some(Value::Real(x)) => Some(x.to_string()),
            Some(Value::Bytes(b)) => Some(String::from_utf8_lossy(b).into_owned()),
            Some(Value::Null) | None => None,
        }
    }

    /// Column `i` as an integer; NULL reads as 0.
    pub fn int(&self, i: usize) -> i64 {
        match self.0.get(i) {
            Some(Value::Int(n)) => *n,
            Some(Value::Real(x)) => *x as i64,
            Some(Value::Text(s)) => s.parse().unwrap_or(0),
            _ => 0,
        }
    }

    /// Column `i` as an integer, `None` for NULL.
    pub fn opt_int(&self, i: usize) -> Option<i64> {
        match self.0.get(i) {
            Some(Value::Null) | None => None,
            _ => Some(self.int(i)),
        }
    }

    /// Column `i` as bytes.
    pub fn bytes(&self, i: usize) -> Vec<u8> {
        match self.0.get(i) {
            Some(Value::Bytes(b)) => b.clone(),
            Some(Value::Text(s)) => s.as_bytes().to_vec(),
            _ => Vec::new(),
        }
    }
}

/// Where two backends' SQL differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// SQLite.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

impl Dialect {
    /// `column` starts with a prefix, ignoring case: `low` is bound to the prefix and `high`
    /// to [`prefix_end`] of it. A range, not `LIKE`, so that the index on the name serves it
    /// whatever prefix is bound (SQLite: `NOCASE` index; PostgreSQL: `lower(name)`, byte order).
    pub(crate) fn prefix_ci(self, column: &str, low: &str, high: &str) -> String {
        match self {
            Dialect::Sqlite => format!("{column} COLLATE NOCASE >= {low} AND {column} COLLATE NOCASE < {high}"),
            Dialect::Postgres => format!("lower({column}) >= lower({low}) AND lower({column}) < lower({high})"),
        }
    }
}

/// The upper bound of the names starting with `prefix` (see [`Dialect::prefix_ci`]).
pub(crate) fn prefix_end(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// A connection or transaction of either backend.
pub(crate) trait Sql {
    /// Which SQL it speaks.
    fn dialect(&self) -> Dialect;
    /// Runs a statement; the number of rows it changed.
    fn execute(&mut self, sql: &str, args: &[Value]) -> Result<u64>;
    /// Runs a query; every row.
    fn query(&mut self, sql: &str, args: &[Value]) -> Result<Vec<Row>>;

    /// The first row, if any.
    fn query_opt(&mut self, sql: &str, args: &[Value]) -> Result<Option<Row>> {
        Ok(self.query(sql, args)?.into_iter().next())
    }

    /// Whether the query returns a row.
    fn exists(&mut self, sql: &str, args: &[Value]) -> Result<bool> {
        Ok(!self.query(sql, args)?.is_empty())
    }

    /// The first column of every row, as text.
    fn column(&mut self, sql: &str, args: &[Value]) -> Result<Vec<String>> {
        Ok(self.query(sql, args)?.into_iter().map(|r| r.text(0)).collect())
    }

    /// Runs `template` with `{in}` replaced by placeholders for `values` (after those of
    /// `fixed`): one round trip for a whole list. The list is padded to a power of two by
    /// repeating its last value, so that a few statement shapes serve every length.
    fn query_in(&mut self, template: &str, fixed: &[Value], values: &[Value]) -> Result<Vec<Row>> {
        let Some(last) = values.last() else { return Ok(Vec::new()) };
        let n = values.len().next_power_of_two();
        let mut args = fixed.to_vec();
        args.extend(values.iter().cloned());
        args.resize(fixed.len() + n, last.clone());
        let marks: Vec<String> = (fixed.len() + 1..=fixed.len() + n).map(|i| format!("${i}")).collect();
        self.query(&template.replace("{in}", &marks.join(", ")), &args)
    }

    /// Runs `select` (a query with its own `LIMIT`, `{key}` where the key goes, `$1`… for
    /// `fixed`) once per key, in one statement: a `UNION ALL` of the per-key queries, each
    /// keeping its own limit.
    fn query_each(&mut self, select: &str, fixed: &[Value], keys: &[Value]) -> Result<Vec<Row>> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let mut args = fixed.to_vec();
        let mut parts = Vec::with_capacity(keys.len());
        for (i, key) in keys.iter().enumerate() {
            args.push(key.clone());
            let sql = select.replace("{key}", &format!("${}", args.len()));
            parts.push(format!("SELECT q{i}.* FROM ({sql}) q{i}"));
        }
        self.query(&parts.join(" UNION ALL "), &args)
    }

    /// Inserts many rows with multi-row statements (`{rows}` in `template` becomes
    /// `row, row, …`, each `row` with its `?` marks numbered), in chunks whose sizes are
    /// powers of two so that a few statement shapes serve every count. Rows of one upsert
    /// must not repeat a key.
    fn insert_rows(&mut self, template: &str, row: &str, rows: &[Vec<Value>]) -> Result<u64> {
        let mut done = 0;
        let mut changed = 0;
        while done < rows.len() {
            let chunk = (rows.len() - done).min(256);
            let chunk = 1 << (usize::BITS - 1 - chunk.leading_zeros());
            let mut args = Vec::new();
            let mut tuples = Vec::with_capacity(chunk);
            for r in &rows[done..done + chunk] {
                let mut tuple = String::with_capacity(row.len() + 8);
                let mut values = r.iter();
                for c in row.chars() {
                    if c == '?' {
                        args.push(values.next().cloned().unwrap_or(Value::Null));
                        tuple.push_str(&format!("${}", args.len()));
                    } else {
                        tuple.push(c);
                    }
                }
                tuples.push(tuple);
            }
            changed += self.execute(&template.replace("{rows}", &tuples.join(", ")), &args)?;
            done += chunk;
        }
        Ok(changed)
    }
}

/// What a column of an exported table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnKind {
    /// UTF-8 text (may be null).
    Text,
    /// A 64-bit integer (may be null).
    Int,
    /// A 64-bit float (may be null).
    Real,
}

/// A column of an exported table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Column {
    /// Its name.
    pub name: &'static str,
    /// What it holds.
    pub kind: ColumnKind,
}
