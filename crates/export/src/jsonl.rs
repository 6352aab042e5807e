//! JSON Lines: one object per row, keys in column order.

use std::io::{BufWriter, Write};

use newsgraph_store::{Column, Row};

use crate::cell::{self, Cell};
use crate::{Result, TableWriter};

pub(crate) struct JsonlWriter {
    columns: Vec<Column>,
    /// `"name":` for each column, escaped once.
    keys: Vec<Vec<u8>>,
    out: BufWriter<Box<dyn Write + Send>>,
    line: Vec<u8>,
    rows: u64,
}

impl JsonlWriter {
    pub(crate) fn new(columns: &[Column], out: Box<dyn Write + Send>) -> JsonlWriter {
        let keys = columns
            .iter()
            .map(|c| {
                let mut key = serde_json::to_vec(c.name).expect("a string serialises");
                key.push(b':');
                key
            })
            .collect();
        JsonlWriter { columns: columns.to_vec(), keys, out: BufWriter::new(out), line: Vec::new(), rows: 0 }
    }
}

impl TableWriter for JsonlWriter {
    fn write(&mut self, row: &Row) -> Result<()> {
        let mut cells = Vec::with_capacity(self.columns.len());
        cell::check(&self.columns, row, &mut cells)?;
        let line = &mut self.line;
        line.clear();
        line.push(b'{');
        for (i, (key, cell)) in self.keys.iter().zip(&cells).enumerate() {
            if i > 0 {
                line.push(b',');
            }
            line.extend_from_slice(key);
            // Writing into a Vec cannot fail; serde_json writes non-finite floats as null.
            let written = match *cell {
                Cell::Null => {
                    line.extend_from_slice(b"null");
                    Ok(())
                }
                Cell::Int(n) => serde_json::to_writer(&mut *line, &n),
                Cell::Real(x) => serde_json::to_writer(&mut *line, &x),
                Cell::Text(s) => serde_json::to_writer(&mut *line, s),
            };
            written.expect("serialising to a Vec");
        }
        line.extend_from_slice(b"}\n");
        self.out.write_all(line)?;
        self.rows += 1;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<u64> {
        self.out.flush()?;
        Ok(self.rows)
    }
}
