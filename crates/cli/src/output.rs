//! Printing helpers shared by commands.

use std::io::{self, Write};

/// Prints a JSON value on one line.
pub fn json_line(value: &impl serde::Serialize) -> io::Result<()> {
    let mut out = io::stdout().lock();
    serde_json::to_writer(&mut out, value)?;
    writeln!(out)
}

/// Opens a data directory as an engine, naming it in the error.
pub fn open(data: &std::path::Path) -> Result<newsgraph_engine::Engine, String> {
    newsgraph_engine::Engine::open(data).map_err(|e| format!("{e} (data directory {})", data.display()))
}
