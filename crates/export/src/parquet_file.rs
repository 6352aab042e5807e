//! Parquet through the low-level column writers: rows are buffered column by column and
//! written a row group at a time.

use std::io::Write;
use std::sync::Arc;

use newsgraph_store::{Column, ColumnKind, Row};
use parquet::basic::{Compression, LogicalType, Repetition, Type as PhysicalType};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;

use crate::cell::{self, Cell};
use crate::{Result, TableWriter};

/// The most rows in one Parquet row group.
pub const ROW_GROUP_ROWS: usize = 65_536;

/// A row group is also written early once its buffered values pass this many bytes
/// (text lengths plus 8 bytes a number), so that a table of long texts is not held
/// in memory 65,536 rows at a time.
pub const ROW_GROUP_BYTES: usize = 128 << 20;

/// The values of one column waiting for the next row group, with their definition levels
/// (1 for a value, 0 for a null; nulls have no entry in `values`).
enum Buffer {
    Text { values: Vec<ByteArray>, levels: Vec<i16> },
    Int { values: Vec<i64>, levels: Vec<i16> },
    Real { values: Vec<f64>, levels: Vec<i16> },
}

impl Buffer {
    fn new(kind: ColumnKind) -> Buffer {
        match kind {
            ColumnKind::Text => Buffer::Text { values: Vec::new(), levels: Vec::new() },
            ColumnKind::Int => Buffer::Int { values: Vec::new(), levels: Vec::new() },
            ColumnKind::Real => Buffer::Real { values: Vec::new(), levels: Vec::new() },
        }
    }

    /// Appends a checked cell; returns how many bytes its value takes.
    fn push(&mut self, cell: Cell<'_>) -> usize {
        match (self, cell) {
            (Buffer::Text { levels, .. } | Buffer::Int { levels, .. } | Buffer::Real { levels, .. }, Cell::Null) => {
                levels.push(0);
                0
            }
            (Buffer::Text { values, levels }, Cell::Text(s)) => {
                values.push(ByteArray::from(s));
                levels.push(1);
                s.len()
            }
            (Buffer::Int { values, levels }, Cell::Int(n)) => {
                values.push(n);
                levels.push(1);
                8
            }
            (Buffer::Real { values, levels }, Cell::Real(x)) => {
                values.push(x);
                levels.push(1);
                8
            }
            _ => unreachable!("cells are checked against their column's kind"),
        }
    }

    fn clear(&mut self) {
        match self {
            Buffer::Text { values, levels } => {
                values.clear();
                levels.clear();
            }
            Buffer::Int { values, levels } => {
                values.clear();
                levels.clear();
            }
            Buffer::Real { values, levels } => {
                values.clear();
                levels.clear();
            }
        }
    }
}

pub(crate) struct ParquetWriter {
    columns: Vec<Column>,
    file: SerializedFileWriter<Box<dyn Write + Send>>,
    buffers: Vec<Buffer>,
    buffered_rows: usize,
    buffered_bytes: usize,
    rows: u64,
    /// [`ROW_GROUP_ROWS`] and [`ROW_GROUP_BYTES`], smaller in tests.
    max_rows: usize,
    max_bytes: usize,
}

impl ParquetWriter {
    pub(crate) fn new(columns: &[Column], out: Box<dyn Write + Send>) -> Result<ParquetWriter> {
        let fields = columns.iter().map(|c| field(c).map(Arc::new)).collect::<Result<_, _>>()?;
        let schema = Type::group_type_builder("schema").with_fields(fields).build()?;
        let properties = WriterProperties::builder().set_compression(Compression::SNAPPY).build();
        let file = SerializedFileWriter::new(out, Arc::new(schema), Arc::new(properties))?;
        Ok(ParquetWriter {
            columns: columns.to_vec(),
            file,
            buffers: columns.iter().map(|c| Buffer::new(c.kind)).collect(),
            buffered_rows: 0,
            buffered_bytes: 0,
            rows: 0,
            max_rows: ROW_GROUP_ROWS,
            max_bytes: ROW_GROUP_BYTES,
        })
    }

    /// Writes the buffered rows as one row group.
    fn flush_row_group(&mut self) -> Result<()> {
        if self.buffered_rows == 0 {
            return Ok(());
        }
        let mut group = self.file.next_row_group()?;
        for buffer in &mut self.buffers {
            let mut column = group
                .next_column()?
                .ok_or_else(|| ParquetError::General("fewer column writers than columns".into()))?;
            match buffer {
                Buffer::Text { values, levels } => {
                    column.typed::<ByteArrayType>().write_batch(values, Some(levels), None)?;
                }
                Buffer::Int { values, levels } => {
                    column.typed::<Int64Type>().write_batch(values, Some(levels), None)?;
                }
                Buffer::Real { values, levels } => {
                    column.typed::<DoubleType>().write_batch(values, Some(levels), None)?;
                }
            }
            column.close()?;
            buffer.clear();
        }
        group.close()?;
        self.buffered_rows = 0;
        self.buffered_bytes = 0;
        Ok(())
    }
}

/// The Parquet field of a column: every column is optional.
fn field(column: &Column) -> parquet::errors::Result<Type> {
    let (physical, logical) = match column.kind {
        ColumnKind::Text => (PhysicalType::BYTE_ARRAY, Some(LogicalType::String)),
        ColumnKind::Int => (PhysicalType::INT64, None),
        ColumnKind::Real => (PhysicalType::DOUBLE, None),
    };
    Type::primitive_type_builder(column.name, physical)
        .with_repetition(Repetition::OPTIONAL)
        .with_logical_type(logical)
        .build()
}

impl TableWriter for ParquetWriter {
    fn write(&mut self, row: &Row) -> Result<()> {
        let mut cells = Vec::with_capacity(self.columns.len());
        cell::check(&self.columns, row, &mut cells)?;
        for (buffer, cell) in self.buffers.iter_mut().zip(cells) {
            self.buffered_bytes += buffer.push(cell);
        }
        self.buffered_rows += 1;
        self.rows += 1;
        if self.buffered_rows >= self.max_rows || self.buffered_bytes >= self.max_bytes {
            self.flush_row_group()?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<u64> {
        self.flush_row_group()?;
        self.file.close()?;
        Ok(self.rows)
    }
}

#[cfg(test)]
mod tests {
    use std::fs::File;

    use newsgraph_store::Value;
    use parquet::file::reader::{FileReader, SerializedFileReader};

    use super::*;

    #[test]
    fn long_texts_end_a_row_group_early() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.parquet");
        let columns = [Column { name: "n", kind: ColumnKind::Int }, Column { name: "s", kind: ColumnKind::Text }];
        let mut writer = ParquetWriter::new(&columns, Box::new(File::create(&path).unwrap())).unwrap();
        writer.max_bytes = 1000;
        // 8 bytes of int and 92 of text a row: the tenth row reaches 1000 bytes.
        for n in 0..25 {
            writer.write(&Row(vec![Value::Int(n), Value::Text("x".repeat(92))])).unwrap();
        }
        assert_eq!(Box::new(writer).finish().unwrap(), 25);
        let reader = SerializedFileReader::new(File::open(&path).unwrap()).unwrap();
        let groups: Vec<i64> = reader.metadata().row_groups().iter().map(|g| g.num_rows()).collect();
        assert_eq!(groups, [10, 10, 5]);
    }
}
