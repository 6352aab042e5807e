//! Printing helpers shared by commands.

use std::io::{self, Write};

/// Prints a JSON value on one line.
pub fn json_line(value: &impl serde::Serialize) -> io::Result<()> {
    let mut out = io::stdout().lock();
    serde_json::to_writer(&mut out, value)?;
    writeln!(out)
}

/// Opens the knowledge base, naming where it is in the error.
pub fn open(at: &newsgraph_engine::Location) -> Result<newsgraph_engine::Engine, String> {
    newsgraph_engine::Engine::open_at(at).map_err(|e| format!("{e} ({at})"))
}
