//! Engine errors as the Python exceptions of `newsgraph.errors`, one class per stable code
//! (the codes of the HTTP API's `error.code`, so a notebook and a client agree).

use pyo3::{PyErr, import_exception};

// The classes live in Python (`python/newsgraph/errors.py`), where they can also be
// `ValueError`s and `LookupError`s and carry docstrings; they are looked up when raised.
import_exception!(newsgraph.errors, NewsgraphError);
import_exception!(newsgraph.errors, BadParameter);
import_exception!(newsgraph.errors, BadInput);
import_exception!(newsgraph.errors, NotFound);
import_exception!(newsgraph.errors, Ambiguous);
import_exception!(newsgraph.errors, TooLarge);
import_exception!(newsgraph.errors, Busy);
import_exception!(newsgraph.errors, ReindexNeeded);

/// The exception of an engine error, chosen by the engine's stable code.
pub fn engine_error(e: newsgraph_engine::Error) -> PyErr {
    raised(e.code(), e.to_string())
}

/// The exception of an engine error met at a location, which the message names.
pub fn engine_error_at(e: newsgraph_engine::Error, at: &newsgraph_engine::Location) -> PyErr {
    raised(e.code(), format!("{e} ({at})"))
}

fn raised(code: &str, message: String) -> PyErr {
    match code {
        "bad_parameter" => BadParameter::new_err(message),
        "busy" => Busy::new_err(message),
        "reindex_needed" => ReindexNeeded::new_err(message),
        _ => NewsgraphError::new_err(message),
    }
}
