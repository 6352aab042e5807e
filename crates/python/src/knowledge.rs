//! The knowledge base: an engine opened on a data directory or a PostgreSQL database, its
//! queries answered in the JSON shapes of `docs/json.md` and its tables as Parquet.

use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::NaiveDate;
use newsgraph_engine::{
    Engine, EventFilter, IngestOptions, Interval, Location, Near, PlaceFilter, QuoteFilter, SearchQuery, StoryFilter,
    Table, ThreadFilter, country_code,
};
use newsgraph_export::{Format, writer};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use serde::Serialize;

use crate::errors::{Ambiguous, BadParameter, NewsgraphError, NotFound, engine_error, engine_error_at};
use crate::text::Given;

/// The most rows or hits one call returns, as the CLI allows.
const MOST_ROWS: usize = 10_000;

/// Event statuses, as `events --status` takes them.
const STATUSES: [&str; 5] = ["happened", "ongoing", "scheduled", "negated", "hypothetical"];

/// The names of the tables `KnowledgeBase.table` reads, in the order `docs/export.md` lists them.
#[pyfunction]
pub fn tables() -> Vec<&'static str> {
    Table::ALL.iter().map(|t| t.name()).collect()
}

/// A knowledge base. Its engine sits behind a lock so that Python threads may share it; every
/// call releases the interpreter while the engine works.
#[pyclass(module = "newsgraph._native")]
pub struct KnowledgeBase {
    engine: Mutex<Option<Engine>>,
}

/// A value as the JSON the CLI prints with `--json`.
fn json(value: &impl Serialize) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| NewsgraphError::new_err(format!("JSON: {e}")))
}

/// A day filter: `YYYY-MM-DD` or an error naming the parameter.
fn day(name: &str, value: Option<String>) -> PyResult<Option<NaiveDate>> {
    value
        .map(|v| {
            NaiveDate::parse_from_str(&v, "%Y-%m-%d")
                .map_err(|_| BadParameter::new_err(format!("{name}: `{v}` is not a day: write YYYY-MM-DD")))
        })
        .transpose()
}

/// A page size within what the CLI allows.
fn rows(limit: usize) -> usize {
    limit.clamp(1, MOST_ROWS)
}

/// What every listing (quotes, events, stories) takes besides its own filters, as the CLI's
/// `ListArgs`: a dict from the Python half with these keys.
#[derive(FromPyObject)]
struct Listing {
    #[pyo3(item)]
    from_: Option<String>,
    #[pyo3(item)]
    to: Option<String>,
    #[pyo3(item)]
    source: Option<String>,
    #[pyo3(item)]
    limit: usize,
    #[pyo3(item)]
    offset: usize,
}

impl Listing {
    /// The day range, checked, as the store compares days.
    fn days(&self) -> PyResult<(Option<String>, Option<String>)> {
        let shown = |d: Option<NaiveDate>| d.map(|d| d.to_string());
        Ok((shown(day("from_", self.from_.clone())?), shown(day("to", self.to.clone())?)))
    }
}

/// Parquet bytes the export writer fills and the caller takes when it is done (the writer
/// owns its output until then).
#[derive(Clone, Default)]
struct ParquetBuffer(Arc<Mutex<Vec<u8>>>);

impl Write for ParquetBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl KnowledgeBase {
    /// Runs `f` on the engine with the interpreter released.
    fn with_engine<T: Send>(&self, py: Python<'_>, f: impl FnOnce(&mut Engine) -> PyResult<T> + Send) -> PyResult<T> {
        py.detach(|| {
            let mut engine = self.engine.lock().unwrap_or_else(PoisonError::into_inner);
            match engine.as_mut() {
                Some(engine) => f(engine),
                None => Err(NewsgraphError::new_err("the knowledge base is closed")),
            }
        })
    }
}

#[pymethods]
impl KnowledgeBase {
    /// Opens (creating when needed) the knowledge base at a data directory or a
    /// `postgres://` URL.
    #[new]
    fn open(py: Python<'_>, location: String) -> PyResult<KnowledgeBase> {
        let location = if location.starts_with("postgres://") || location.starts_with("postgresql://") {
            Location::Postgres(location)
        } else {
            let dir = PathBuf::from(&location);
            if dir.is_file() {
                return Err(BadParameter::new_err(format!(
                    "{location} is a file, not a data directory: give the directory `newsgraph ingest` wrote"
                )));
            }
            Location::Dir(dir)
        };
        let engine = py.detach(|| Engine::open_at(&location)).map_err(|e| engine_error_at(e, &location))?;
        Ok(KnowledgeBase { engine: Mutex::new(Some(engine)) })
    }

    /// Lets go of the store and the index; later calls raise.
    fn close(&self, py: Python<'_>) {
        py.detach(|| self.engine.lock().unwrap_or_else(PoisonError::into_inner).take());
    }

    /// Reads, annotates, stores and indexes; the ingest report's JSON.
    #[pyo3(signature = (paths, date=None, format=None, batch_size=256, queue=false))]
    fn ingest(
        &self,
        py: Python<'_>,
        paths: Vec<PathBuf>,
        date: Option<String>,
        format: Option<String>,
        batch_size: usize,
        queue: bool,
    ) -> PyResult<String> {
        let mut options = IngestOptions { batch_size: batch_size.max(1), queue, ..IngestOptions::default() };
        options.read.date = Given::new(date.as_deref(), None, None, None)?.date;
        options.read.format = format.map(|f| f.parse().map_err(|e: String| BadParameter::new_err(e))).transpose()?;
        self.with_engine(py, |engine| {
            let report = engine.ingest(&paths, &options, &mut |_| {}).map_err(engine_error)?;
            json(&report)
        })
    }

    /// Full-text search: `search --json`'s object.
    #[pyo3(signature = (q, from_=None, to=None, source=None, entity=None, story=None, country=None, near=None, limit=10, offset=0, thread=None))]
    #[allow(clippy::too_many_arguments)]
    fn search(
        &self,
        py: Python<'_>,
        q: String,
        from_: Option<String>,
        to: Option<String>,
        source: Option<String>,
        entity: Option<String>,
        story: Option<String>,
        country: Option<String>,
        near: Option<String>,
        limit: usize,
        offset: usize,
        thread: Option<String>,
    ) -> PyResult<String> {
        let mut filters = Filters::new(q, from_, to, source, entity, story, country, near)?;
        filters.thread = thread;
        self.with_engine(py, |engine| {
            let (mut query, places) = filters.query(engine)?;
            (query.limit, query.offset) = (rows(limit), offset);
            json(&engine.search_at(&query, &places).map_err(engine_error)?)
        })
    }

    /// Articles per day or UTC hour for a search, raw and as a share of all articles:
    /// `timeline --json`'s object.
    #[pyo3(signature = (q, by="day", from_=None, to=None, source=None, entity=None, story=None, country=None, near=None, thread=None))]
    #[allow(clippy::too_many_arguments)]
    fn timeline(
        &self,
        py: Python<'_>,
        q: String,
        by: &str,
        from_: Option<String>,
        to: Option<String>,
        source: Option<String>,
        entity: Option<String>,
        story: Option<String>,
        country: Option<String>,
        near: Option<String>,
        thread: Option<String>,
    ) -> PyResult<String> {
        let by: Interval = by.parse().map_err(|e: String| BadParameter::new_err(e))?;
        let mut filters = Filters::new(q, from_, to, source, entity, story, country, near)?;
        filters.thread = thread;
        self.with_engine(py, |engine| {
            let (query, places) = filters.query(engine)?;
            json(&engine.timeline(&query, &places, by).map_err(engine_error)?)
        })
    }

    /// One article by id or unique id prefix, in the document's JSON form.
    fn article(&self, py: Python<'_>, id: String) -> PyResult<String> {
        self.with_engine(py, |engine| {
            if let Some(doc) = engine.article(&id).map_err(engine_error)? {
                return Ok(doc.to_json());
            }
            let matches = engine.ids_with_prefix(&id, 21).map_err(engine_error)?;
            if matches.len() > 1 {
                return Err(Ambiguous::new_err(format!(
                    "the id prefix {id:?} is ambiguous; articles that start with it: {}",
                    matches.join(", ")
                )));
            }
            Err(NotFound::new_err(format!("no article with id {id:?}")))
        })
    }

    /// One entity across articles: `entity --json`'s object.
    fn entity(&self, py: Python<'_>, name: String) -> PyResult<String> {
        self.with_engine(py, |engine| {
            // A surname alone that fits several people names none of them, as in the CLI.
            let candidates = engine.entity_candidates(&name, 20).map_err(engine_error)?;
            if candidates.len() > 1 {
                let shown: Vec<String> =
                    candidates.iter().map(|c| format!("{} ({}, {})", c.name, c.kind, c.id)).collect();
                return Err(Ambiguous::new_err(format!(
                    "{name:?} fits several entities; name one in full or by id: {}",
                    shown.join("; ")
                )));
            }
            match engine.entity(&name).map_err(engine_error)? {
                Some(profile) => json(&profile),
                None => Err(NotFound::new_err(format!("no entity named {name:?}"))),
            }
        })
    }

    /// Quotes, newest first: `quotes --json`'s rows.
    #[pyo3(signature = (listing, by=None, about=None))]
    fn quotes(&self, py: Python<'_>, listing: Listing, by: Option<String>, about: Option<String>) -> PyResult<String> {
        let (from, to) = listing.days()?;
        let filter = QuoteFilter {
            by,
            about,
            from,
            to,
            source: listing.source,
            limit: rows(listing.limit),
            offset: listing.offset,
        };
        self.with_engine(py, |engine| json(&engine.quotes(&filter).map_err(engine_error)?))
    }

    /// Events, newest first: `events --json`'s rows.
    #[pyo3(signature = (listing, type_=None, with_=None, status=None))]
    fn events(
        &self,
        py: Python<'_>,
        listing: Listing,
        type_: Option<String>,
        with_: Option<String>,
        status: Option<String>,
    ) -> PyResult<String> {
        let (from, to) = listing.days()?;
        let kind = type_.map(|t| t.to_lowercase());
        if let Some(kind) = &kind
            && !newsgraph_annotators::event_types().any(|t| t == kind)
        {
            let known: Vec<&str> = newsgraph_annotators::event_types().collect();
            return Err(BadParameter::new_err(format!(
                "unknown event type `{kind}`; the types are: {}",
                known.join(", ")
            )));
        }
        if let Some(status) = &status
            && !STATUSES.contains(&status.as_str())
        {
            return Err(BadParameter::new_err(format!(
                "unknown status `{status}`; the statuses are: {}",
                STATUSES.join(", ")
            )));
        }
        let filter = EventFilter {
            kind,
            with: with_,
            status,
            from,
            to,
            source: listing.source,
            limit: rows(listing.limit),
            offset: listing.offset,
        };
        self.with_engine(py, |engine| json(&engine.events(&filter).map_err(engine_error)?))
    }

    /// Stories, most recently active first: `stories --json`'s list.
    fn stories(&self, py: Python<'_>, listing: Listing) -> PyResult<String> {
        let (from, to) = listing.days()?;
        let filter =
            StoryFilter { from, to, source: listing.source, limit: rows(listing.limit), offset: listing.offset };
        self.with_engine(py, |engine| json(&engine.stories(&filter).map_err(engine_error)?))
    }

    /// One story: `story ID --json`'s object.
    fn story(&self, py: Python<'_>, id: String) -> PyResult<String> {
        self.with_engine(py, |engine| match engine.story(&id).map_err(engine_error)? {
            Some(story) => json(&story),
            None => Err(NotFound::new_err(format!("no story with id {id:?}"))),
        })
    }

    /// Threads (stories that continue one another), most recently active first: `threads
    /// --json`'s list.
    fn threads(&self, py: Python<'_>, listing: Listing) -> PyResult<String> {
        let (from, to) = listing.days()?;
        let filter = ThreadFilter { from, to, limit: rows(listing.limit), offset: listing.offset };
        self.with_engine(py, |engine| json(&engine.threads(&filter).map_err(engine_error)?))
    }

    /// One thread with its stories: `thread ID --json`'s object.
    fn thread(&self, py: Python<'_>, id: String) -> PyResult<String> {
        self.with_engine(py, |engine| match engine.thread(&id).map_err(engine_error)? {
            Some(thread) => json(&thread),
            None => Err(NotFound::new_err(format!("no thread with id {id:?}"))),
        })
    }

    /// Who an entity met, was quoted with or appears with: `network --json`'s list.
    #[pyo3(signature = (name, limit=20, offset=0))]
    fn network(&self, py: Python<'_>, name: String, limit: usize, offset: usize) -> PyResult<String> {
        self.with_engine(py, |engine| {
            if engine.entity_id(&name).map_err(engine_error)?.is_none() {
                return Err(NotFound::new_err(format!("no entity named {name:?}")));
            }
            json(&engine.network(&name, rows(limit), offset).map_err(engine_error)?)
        })
    }

    /// One export table as a Parquet file's bytes, written by the export crate as `newsgraph
    /// export --format parquet` writes it.
    #[pyo3(signature = (table, from_=None, to=None))]
    fn parquet<'py>(
        &self,
        py: Python<'py>,
        table: String,
        from_: Option<String>,
        to: Option<String>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let table: Table = table.parse().map_err(BadParameter::new_err)?;
        let (from, to) = (day("from_", from_)?.map(|d| d.to_string()), day("to", to)?.map(|d| d.to_string()));
        let buffer = ParquetBuffer::default();
        let output = buffer.clone();
        self.with_engine(py, move |engine| {
            let fail = |e: newsgraph_export::Error| NewsgraphError::new_err(format!("export of {}: {e}", table.name()));
            let mut out = writer(Format::Parquet, table.columns(), Box::new(output)).map_err(fail)?;
            let mut failed = None;
            engine
                .export(table, from.as_deref(), to.as_deref(), &mut |row| match out.write(&row) {
                    Ok(()) => true,
                    Err(e) => {
                        failed = Some(e);
                        false
                    }
                })
                .map_err(engine_error)?;
            if let Some(e) = failed {
                return Err(fail(e));
            }
            out.finish().map_err(fail)?;
            Ok(())
        })?;
        let bytes = std::mem::take(&mut *buffer.0.lock().unwrap_or_else(PoisonError::into_inner));
        Ok(PyBytes::new(py, &bytes))
    }
}

/// The filters `search` and `timeline` share, checked before the engine is touched.
struct Filters {
    text: String,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    source: Option<String>,
    entity: Option<String>,
    story: Option<String>,
    thread: Option<String>,
    places: PlaceFilter,
}

impl Filters {
    #[allow(clippy::too_many_arguments)]
    fn new(
        text: String,
        from_: Option<String>,
        to: Option<String>,
        source: Option<String>,
        entity: Option<String>,
        story: Option<String>,
        country: Option<String>,
        near: Option<String>,
    ) -> PyResult<Filters> {
        let (from, to) = (day("from_", from_)?, day("to", to)?);
        let country = country.map(|c| country_code(&c).map_err(BadParameter::new_err)).transpose()?;
        let near = near.map(|n| Near::parse(&n).map_err(BadParameter::new_err)).transpose()?;
        Ok(Filters { text, from, to, source, entity, story, thread: None, places: PlaceFilter { country, near } })
    }

    /// The engine's query, with the entity resolved by name.
    fn query(&self, engine: &Engine) -> PyResult<(SearchQuery, PlaceFilter)> {
        let entity = match &self.entity {
            // An unknown entity matches nothing rather than everything, as in the CLI.
            Some(name) => Some(engine.entity_id(name).map_err(engine_error)?.unwrap_or(format!("unknown:{name}"))),
            None => None,
        };
        let mut query = SearchQuery::new(&self.text);
        (query.from, query.to, query.source, query.entity, query.story, query.thread) =
            (self.from, self.to, self.source.clone(), entity, self.story.clone(), self.thread.clone());
        Ok((query, self.places.clone()))
    }
}
