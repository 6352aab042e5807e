//! `import newsgraph`: the engine as a Python extension module.
//!
//! This crate is the native half (`newsgraph._native`) of the Python package under
//! `python/newsgraph/`: it reads and annotates with the engine's own pipeline, opens the
//! engine's knowledge bases and writes export tables with the export crate. Everything
//! crosses into Python as the documented JSON (`docs/json.md`) or as Parquet bytes, so that
//! Python sees exactly what the CLI and the HTTP API print; the Python half turns those into
//! dicts and DataFrames, and carries the docstrings and types.
//!
//! Annotation runs with the interpreter released (`Python::detach`), on rayon's threads.
//!
//! It does not parse arguments beyond what Python passes, and knows no HTTP.

mod errors;
mod extraction;
mod knowledge;
mod reading;
mod text;

use pyo3::prelude::*;

/// The native half of the `newsgraph` package; use `newsgraph` itself.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(extraction::extract, m)?)?;
    m.add_function(wrap_pyfunction!(extraction::extract_many, m)?)?;
    m.add_function(wrap_pyfunction!(reading::read, m)?)?;
    m.add_function(wrap_pyfunction!(knowledge::tables, m)?)?;
    m.add_class::<extraction::Extraction>()?;
    m.add_class::<reading::Reading>()?;
    m.add_class::<knowledge::KnowledgeBase>()?;
    m.add("MAX_TEXT_BYTES", text::MAX_TEXT_BYTES)?;
    Ok(())
}
