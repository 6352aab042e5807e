//! The crate's one error type.

/// What can go wrong writing a table.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A row has fewer values than the table has columns.
    #[error("row has {values} values for {columns} columns: no value for column `{column}`")]
    MissingValue {
        /// The first column without a value.
        column: &'static str,
        /// How many columns the table has.
        columns: usize,
        /// How many values the row has.
        values: usize,
    },
    /// A row has more values than the table has columns.
    #[error("row has {values} values for {columns} columns: values past the last column `{column}`")]
    ExtraValues {
        /// The table's last column.
        column: &'static str,
        /// How many columns the table has.
        columns: usize,
        /// How many values the row has.
        values: usize,
    },
    /// A value does not fit its column's kind.
    #[error("column `{column}` holds {expected}, not {found}")]
    Kind {
        /// The column.
        column: &'static str,
        /// What the column holds (`text`, `integers`, `floats`).
        expected: &'static str,
        /// What the row had instead.
        found: &'static str,
    },
    /// The schema cannot be written (no columns, or two of one name).
    #[error("invalid table schema: {0}")]
    Schema(String),
    /// A format name other than `jsonl`, `csv` or `parquet`.
    #[error("unknown export format `{0}` (expected jsonl, csv or parquet)")]
    UnknownFormat(String),
    /// Writing to the output failed.
    #[error("writing the export: {0}")]
    Io(#[from] std::io::Error),
    /// The CSV writer failed (in practice, on I/O).
    #[error("writing CSV: {0}")]
    Csv(#[from] csv::Error),
    /// The Parquet writer failed.
    #[error("writing Parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
}

/// This crate's result.
pub type Result<T, E = Error> = std::result::Result<T, E>;
