//! A row checked against the schema: one [`Cell`] per column, each fitting its column.

use newsgraph_store::{Column, ColumnKind, Row, Value};

use crate::{Error, Result};

/// One value of a checked row, of its column's kind (or null).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Cell<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
}

/// Checks `row` against `columns` and fills `cells` (cleared first) with its values.
pub(crate) fn check<'a>(columns: &[Column], row: &'a Row, cells: &mut Vec<Cell<'a>>) -> Result<()> {
    cells.clear();
    let values = &row.0;
    if values.len() < columns.len() {
        let column = columns[values.len()].name;
        return Err(Error::MissingValue { column, columns: columns.len(), values: values.len() });
    }
    if values.len() > columns.len() {
        let column = columns.last().map_or("", |c| c.name);
        return Err(Error::ExtraValues { column, columns: columns.len(), values: values.len() });
    }
    for (column, value) in columns.iter().zip(values) {
        cells.push(cell(column, value)?);
    }
    Ok(())
}

fn cell<'a>(column: &Column, value: &'a Value) -> Result<Cell<'a>> {
    let cell = match (column.kind, value) {
        (_, Value::Null) => Some(Cell::Null),
        (ColumnKind::Text, Value::Text(s)) => Some(Cell::Text(s)),
        (ColumnKind::Text, Value::Bytes(b)) => std::str::from_utf8(b).ok().map(Cell::Text),
        (ColumnKind::Int, Value::Int(n)) => Some(Cell::Int(*n)),
        (ColumnKind::Real, Value::Real(x)) => Some(Cell::Real(*x)),
        (ColumnKind::Real, Value::Int(n)) => Some(Cell::Real(*n as f64)),
        _ => None,
    };
    cell.ok_or_else(|| Error::Kind { column: column.name, expected: holds(column.kind), found: found(value) })
}

fn holds(kind: ColumnKind) -> &'static str {
    match kind {
        ColumnKind::Text => "text",
        ColumnKind::Int => "integers",
        ColumnKind::Real => "floats",
    }
}

fn found(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Int(_) => "an integer",
        Value::Real(_) => "a float",
        Value::Text(_) => "text",
        Value::Bytes(b) if std::str::from_utf8(b).is_err() => "bytes that are not UTF-8",
        Value::Bytes(_) => "bytes",
    }
}
