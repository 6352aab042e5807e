//! Writes the rows of one table as JSON Lines, CSV or Parquet.
//!
//! The caller hands over the table's schema ([`Column`]s) and then its [`Row`]s one at a
//! time; [`writer`] picks the format and [`TableWriter::finish`] flushes and closes the
//! output. This crate knows nothing about databases, queries or files: rows come from
//! whoever read them (usually `newsgraph-store`), and the output is any
//! [`std::io::Write`].
//!
//! Every row is checked against the schema before anything of it is written: a row with
//! the wrong number of values, or a value that does not fit its column, is an
//! [`Error`] naming the column, and the writer stays usable. What fits:
//!
//! | column kind | accepts | JSON Lines | CSV | Parquet |
//! | --- | --- | --- | --- | --- |
//! | [`ColumnKind::Text`] | `Text`, UTF-8 `Bytes`, `Null` | string | field, quoted when needed | `OPTIONAL BYTE_ARRAY` (`String` logical type, `UTF8` converted type) |
//! | [`ColumnKind::Int`] | `Int`, `Null` | number | decimal integer | `OPTIONAL INT64` |
//! | [`ColumnKind::Real`] | `Real`, `Int` (widened), `Null` | number, `null` if not finite | shortest round-trip decimal, empty if not finite | `OPTIONAL DOUBLE` (NaN and ±inf kept) |
//!
//! `Null` is `null` in JSON Lines, an empty field in CSV and a null (definition level 0)
//! in Parquet. CSV cannot tell a null from an empty string: both are an empty field.
//!
//! - **JSON Lines**: one object per row, keys in column order, `\n` after each.
//! - **CSV**: RFC 4180: a header of column names, CRLF line endings, fields with commas,
//!   quotes or line breaks quoted and inner quotes doubled.
//! - **Parquet**: one flat schema of optional columns as above, Snappy-compressed,
//!   dictionary-encoded where it pays. Rows are buffered and written in row groups of at
//!   most [`ROW_GROUP_ROWS`] rows (fewer when their values pass [`ROW_GROUP_BYTES`]); a
//!   table without rows still makes a valid file with the schema and no row group.
//!
//! What it does not do: nested or list columns, dates as Parquet timestamps (dates are
//! text here), binary columns, appending to an existing file, or reading anything back.
//!
//! ```
//! use newsgraph_export::{Column, ColumnKind, Format, Row, Value, writer};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?;
//! let path = dir.path().join("quotes.csv");
//! let columns = [
//!     Column { name: "id", kind: ColumnKind::Int },
//!     Column { name: "text", kind: ColumnKind::Text },
//! ];
//! let format: Format = "csv".parse()?;
//! let mut out = writer(format, &columns, Box::new(std::fs::File::create(&path)?))?;
//! out.write(&Row(vec![Value::Int(1), Value::Text("Hello, \"world\"".into())]))?;
//! out.write(&Row(vec![Value::Int(2), Value::Null]))?;
//! // A value of the wrong kind is refused, naming the column; nothing of the row is written.
//! let err = out.write(&Row(vec![Value::Text("3".into()), Value::Null])).unwrap_err();
//! assert!(err.to_string().contains("`id`"));
//! assert_eq!(out.finish()?, 2);
//! assert_eq!(std::fs::read_to_string(&path)?, "id,text\r\n1,\"Hello, \"\"world\"\"\"\r\n2,\r\n");
//! # Ok(())
//! # }
//! ```

mod cell;
mod csv_file;
mod error;
mod jsonl;
mod parquet_file;

use std::fmt;
use std::io::Write;
use std::str::FromStr;

pub use error::{Error, Result};
pub use newsgraph_store::{Column, ColumnKind, Row, Value};
pub use parquet_file::{ROW_GROUP_BYTES, ROW_GROUP_ROWS};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// JSON Lines: one JSON object per line.
    Jsonl,
    /// RFC 4180 CSV with a header row.
    Csv,
    /// Apache Parquet.
    Parquet,
}

impl Format {
    /// Every format, in the order they are listed to users.
    pub const ALL: [Format; 3] = [Format::Jsonl, Format::Csv, Format::Parquet];

    /// The format's name, as parsed and displayed (`jsonl`, `csv`, `parquet`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Parquet => "parquet",
        }
    }

    /// The usual file extension, without the dot (the same as [`Format::name`]).
    pub fn extension(self) -> &'static str {
        self.name()
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = Error;

    /// `jsonl`, `csv` or `parquet`, in any case.
    fn from_str(s: &str) -> Result<Format> {
        Format::ALL
            .into_iter()
            .find(|format| format.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| Error::UnknownFormat(s.to_string()))
    }
}

/// Writes the rows of one table in one format.
pub trait TableWriter: Send {
    /// Writes one row. A row that does not match the schema is an error and writes
    /// nothing; the writer can go on with the next row.
    fn write(&mut self, row: &Row) -> Result<()>;

    /// Writes what is still buffered (and, for Parquet, the footer), flushes the output
    /// and returns the number of rows written.
    fn finish(self: Box<Self>) -> Result<u64>;
}

/// A writer of `columns`' rows in `format` to `out`. The output is buffered here: `out`
/// need not be. Fails on an empty schema or two columns of the same name, and for Parquet
/// on an I/O error writing the file's header.
pub fn writer(format: Format, columns: &[Column], out: Box<dyn Write + Send>) -> Result<Box<dyn TableWriter>> {
    check_schema(columns)?;
    Ok(match format {
        Format::Jsonl => Box::new(jsonl::JsonlWriter::new(columns, out)),
        Format::Csv => Box::new(csv_file::CsvWriter::new(columns, out)?),
        Format::Parquet => Box::new(parquet_file::ParquetWriter::new(columns, out)?),
    })
}

fn check_schema(columns: &[Column]) -> Result<()> {
    if columns.is_empty() {
        return Err(Error::Schema("a table needs at least one column".to_string()));
    }
    for (i, column) in columns.iter().enumerate() {
        if columns[..i].iter().any(|c| c.name == column.name) {
            return Err(Error::Schema(format!("column `{}` appears twice", column.name)));
        }
    }
    Ok(())
}
