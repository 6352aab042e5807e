//! RFC 4180 CSV: a header of column names, then one record per row, CRLF-terminated.

use std::io::Write;

use newsgraph_store::{Column, Row};

use crate::cell::{self, Cell};
use crate::{Result, TableWriter};

pub(crate) struct CsvWriter {
    columns: Vec<Column>,
    out: csv::Writer<Box<dyn Write + Send>>,
    /// Formatted numbers of the current row.
    scratch: String,
    rows: u64,
}

impl CsvWriter {
    pub(crate) fn new(columns: &[Column], out: Box<dyn Write + Send>) -> Result<CsvWriter> {
        // The csv crate buffers; its default quoting quotes exactly the fields that need it
        // (delimiter, quote, CR or LF inside) and doubles inner quotes.
        let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).has_headers(false).from_writer(out);
        out.write_record(columns.iter().map(|c| c.name))?;
        Ok(CsvWriter { columns: columns.to_vec(), out, scratch: String::new(), rows: 0 })
    }
}

impl TableWriter for CsvWriter {
    fn write(&mut self, row: &Row) -> Result<()> {
        use std::fmt::Write as _;

        let mut cells = Vec::with_capacity(self.columns.len());
        cell::check(&self.columns, row, &mut cells)?;
        // Numbers are formatted into one string first, then sliced, so the record is
        // written in one call.
        self.scratch.clear();
        let mut ends = Vec::with_capacity(cells.len());
        for cell in &cells {
            match *cell {
                Cell::Int(n) => write!(self.scratch, "{n}").expect("formatting to a String"),
                // Debug is the shortest decimal that reads back as the same float, with an
                // exponent for very large or small values ("1e300") rather than 300 digits.
                Cell::Real(x) if x.is_finite() => write!(self.scratch, "{x:?}").expect("formatting to a String"),
                _ => {}
            }
            ends.push(self.scratch.len());
        }
        let scratch = &self.scratch;
        let fields = cells.iter().enumerate().map(|(i, cell)| match *cell {
            Cell::Text(s) => s,
            Cell::Int(_) | Cell::Real(_) => &scratch[if i == 0 { 0 } else { ends[i - 1] }..ends[i]],
            Cell::Null => "",
        });
        self.out.write_record(fields)?;
        self.rows += 1;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<u64> {
        self.out.flush()?;
        Ok(self.rows)
    }
}
