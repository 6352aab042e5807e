//! `read`: documents from files, directories and crawls, as the readers yield them.

use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, sync_channel};
use std::sync::{Mutex, PoisonError};

use newsgraph_engine::{Format, ReadOptions};
use newsgraph_readers::{Item, read_paths};
use pyo3::prelude::*;

use crate::errors::{BadParameter, NewsgraphError};
use crate::text::Given;

/// Items read ahead of the Python loop that takes them.
const READ_AHEAD: usize = 64;

/// What the Python side gets per item: `("article", json, warnings)` or `("failed", origin,
/// [reason])`. Records without an article are left out.
type Record = (&'static str, String, Vec<String>);

/// Unwinds the reading thread once nobody takes its items any more.
struct Abandoned;

/// The iterator `read` returns. The readers push items to a callback; a thread of its own
/// runs them and a bounded channel turns the push into Python's pull, so a crawl is read as
/// it is iterated and never held whole.
#[pyclass(module = "newsgraph._native")]
pub struct Reading {
    items: Mutex<Receiver<Item>>,
}

/// Reads `paths` (files, directories, `.gz`) in any supported format, sniffed unless `format`
/// is given; `date` is the publication date of inputs that carry none.
#[pyfunction]
#[pyo3(signature = (paths, date=None, format=None, max_bytes=64 << 20))]
pub fn read(paths: Vec<PathBuf>, date: Option<String>, format: Option<String>, max_bytes: u64) -> PyResult<Reading> {
    let date = Given::new(date.as_deref(), None, None, None)?.date;
    let format = format
        .map(|f| {
            f.parse::<Format>().map_err(|e| {
                let known: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
                BadParameter::new_err(format!("{e}; the formats are {}", known.join(", ")))
            })
        })
        .transpose()?;
    let options = ReadOptions { date, max_bytes, format };
    let (sender, receiver) = sync_channel(READ_AHEAD);
    std::thread::Builder::new()
        .name("newsgraph-read".to_string())
        .spawn(move || {
            // Readers cannot be told to stop. When the Python iterator is dropped the channel
            // closes, and the sink unwinds out of `read_paths` rather than read the rest of a
            // crawl for no one; `resume_unwind` skips the panic hook, so nothing is printed.
            let _ = std::panic::catch_unwind(AssertUnwindSafe(|| {
                read_paths(&paths, &options, &mut |item| {
                    if sender.send(item).is_err() {
                        std::panic::resume_unwind(Box::new(Abandoned));
                    }
                })
            }));
        })
        .map_err(|e| NewsgraphError::new_err(format!("cannot start the reading thread: {e}")))?;
    Ok(Reading { items: Mutex::new(receiver) })
}

#[pymethods]
impl Reading {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> Option<Record> {
        loop {
            let item = py.detach(|| self.items.lock().unwrap_or_else(PoisonError::into_inner).recv().ok())?;
            match item {
                Item::Article { doc, warnings } => return Some(("article", doc.to_json(), warnings)),
                Item::Failed { origin, reason } => return Some(("failed", origin, vec![reason])),
                Item::Skipped { .. } => {}
            }
        }
    }
}
