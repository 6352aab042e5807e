//! `extract` and `extract_many`: texts in, documents in their JSON form out, nothing stored.

use std::collections::VecDeque;
use std::sync::OnceLock;

use newsgraph_document::Document;
use newsgraph_pipeline::Pipeline;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyIterator, PyString};
use rayon::prelude::*;

use crate::errors::{BadInput, BadParameter};
use crate::text::{self, Given};

/// The engine's default pipeline, built once per process: building it decodes the compiled-in
/// models, which costs far more than annotating one article.
fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(newsgraph_engine::default_pipeline)
}

/// One input of `extract_many`, taken from Python while it is attached and read later on
/// rayon's threads.
enum Input {
    /// A text with what the caller knows about it.
    Text(String, Given),
    /// A document already read (one of `newsgraph.read`'s), annotated as it is.
    Read(Box<Document>),
}

impl Input {
    /// Reads (when still text) and annotates; the document's JSON form.
    fn annotate(self) -> PyResult<String> {
        let mut doc = match self {
            Input::Text(text, given) => text::article(&text, &given)?,
            Input::Read(doc) => *doc,
        };
        pipeline().annotate(&mut doc);
        Ok(doc.to_json())
    }
}

/// Annotates one text: the document's JSON form.
#[pyfunction]
#[pyo3(signature = (text, date=None, url=None, title=None, source=None, plain=false))]
pub fn extract(
    py: Python<'_>,
    text: String,
    date: Option<String>,
    url: Option<String>,
    title: Option<String>,
    source: Option<String>,
    plain: bool,
) -> PyResult<String> {
    let given = Given { plain, ..Given::new(date.as_deref(), url, title, source)? };
    py.detach(move || Input::Text(text, given).annotate())
}

/// An `extract_many` item as an input: a `str`, a dict of `extract`'s arguments, or a
/// document dict (one with `reader`, as `newsgraph.read` yields).
fn input_of(item: &Bound<'_, PyAny>) -> PyResult<Input> {
    if let Ok(text) = item.cast::<PyString>() {
        return Ok(Input::Text(text.to_cow()?.into_owned(), Given::default()));
    }
    let Ok(fields) = item.cast::<PyDict>() else {
        let kind = item.get_type().name()?;
        return Err(PyTypeError::new_err(format!(
            "extract_many() takes str or dict items, not {kind} (decode bytes first, e.g. data.decode('utf-8'))"
        )));
    };
    if fields.contains("reader")? {
        let json = item.py().import("json")?.call_method1("dumps", (fields,))?;
        let doc = Document::from_json(&json.extract::<String>()?)
            .map_err(|e| BadInput::new_err(format!("not a newsgraph document: {e}")))?;
        return Ok(Input::Read(Box::new(doc)));
    }
    let field = |name: &str| -> PyResult<Option<String>> {
        match fields.get_item(name)? {
            Some(v) if !v.is_none() => v.extract::<String>().map(Some).map_err(|_| {
                BadParameter::new_err(format!(
                    "`{name}` must be a str, not {}",
                    v.get_type().name().map(|n| n.to_string()).unwrap_or_default()
                ))
            }),
            _ => Ok(None),
        }
    };
    let Some(text) = field("text")? else {
        return Err(BadParameter::new_err("a dict item needs a `text` (or is a document, with `reader`)"));
    };
    let plain = match fields.get_item("plain")? {
        Some(v) => v.is_truthy()?,
        None => false,
    };
    let given =
        Given { plain, ..Given::new(field("date")?.as_deref(), field("url")?, field("title")?, field("source")?)? };
    Ok(Input::Text(text, given))
}

/// The iterator `extract_many` returns: takes `batch` items from Python at a time, annotates
/// them in parallel while the interpreter runs other threads, and hands back their JSON in
/// input order. A bad item raises when its turn comes, after the items before it.
#[pyclass(module = "newsgraph._native")]
pub struct Extraction {
    items: Py<PyIterator>,
    pool: Option<rayon::ThreadPool>,
    batch: usize,
    ready: VecDeque<PyResult<String>>,
    exhausted: bool,
}

/// Annotates an iterable of texts (or dicts) in batches on `threads` threads (rayon's global
/// pool, one thread a core, when None).
#[pyfunction]
#[pyo3(signature = (items, threads=None, batch_size=256))]
pub fn extract_many(items: &Bound<'_, PyAny>, threads: Option<usize>, batch_size: usize) -> PyResult<Extraction> {
    if batch_size == 0 {
        return Err(BadParameter::new_err("batch_size must be at least 1"));
    }
    let pool = match threads {
        None => None,
        Some(0) => return Err(BadParameter::new_err("threads must be at least 1 (or None for one a core)")),
        Some(n) => Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .thread_name(|i| format!("newsgraph-extract-{i}"))
                .build()
                .map_err(|e| BadParameter::new_err(format!("cannot start {n} threads: {e}")))?,
        ),
    };
    if items.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err("extract_many() takes an iterable of texts, not one str: use extract()"));
    }
    Ok(Extraction {
        items: items.try_iter()?.unbind(),
        pool,
        batch: batch_size,
        ready: VecDeque::new(),
        exhausted: false,
    })
}

impl Extraction {
    /// Takes the next batch from Python and annotates it.
    fn fill(&mut self, py: Python<'_>) -> PyResult<()> {
        let mut items = self.items.bind(py).clone();
        // Each slot is an input to annotate, or the error its item raised, kept in its place.
        let mut slots: Vec<PyResult<Input>> = Vec::with_capacity(self.batch);
        while slots.len() < self.batch {
            match items.next() {
                None => {
                    self.exhausted = true;
                    break;
                }
                Some(Err(e)) => {
                    // The caller's iterable itself failed: nothing after it can be read.
                    slots.push(Err(e));
                    self.exhausted = true;
                    break;
                }
                Some(Ok(item)) => slots.push(input_of(&item)),
            }
        }
        let pool = &self.pool;
        let annotated: Vec<PyResult<String>> = py.detach(move || {
            let run = move || slots.into_par_iter().map(|slot| slot.and_then(Input::annotate)).collect();
            match pool {
                Some(pool) => pool.install(run),
                None => run(),
            }
        });
        self.ready.extend(annotated);
        Ok(())
    }
}

#[pymethods]
impl Extraction {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<String>> {
        loop {
            if let Some(next) = self.ready.pop_front() {
                return next.map(Some);
            }
            if self.exhausted {
                return Ok(None);
            }
            self.fill(py)?;
        }
    }
}
