//! Printing helpers shared by commands.

use std::io::{self, Write};

/// Prints a JSON value on one line.
pub fn json_line(value: &impl serde::Serialize) -> io::Result<()> {
    let mut out = io::stdout().lock();
    serde_json::to_writer(&mut out, value)?;
    writeln!(out)
}

/// Takes the data directory's writer lock for `command` (see `WriterLock`), saying on
/// stderr whom it waits for when another process writes there.
pub fn lock_writer(
    at: &newsgraph_engine::Location,
    command: &str,
) -> Result<Option<newsgraph_engine::WriterLock>, String> {
    newsgraph_engine::WriterLock::acquire(at, command, |holder| {
        eprintln!("newsgraph: {holder} is writing to {at}; waiting for it to finish…");
    })
    .map_err(|e| e.to_string())
}

/// Opens the knowledge base, creating it if needed (for commands that write: `ingest`,
/// `worker`), naming where it is in the error.
pub fn open(at: &newsgraph_engine::Location) -> Result<newsgraph_engine::Engine, String> {
    newsgraph_engine::Engine::open_at(at).map_err(|e| format!("{e} ({at})"))
}

/// Opens a knowledge base that must already exist (for commands that read): a mistyped
/// `--data` is an error, not an empty store created on the spot.
pub fn open_existing(at: &newsgraph_engine::Location) -> Result<newsgraph_engine::Engine, String> {
    require_existing(at)?;
    open(at)
}

/// Fails, naming the location, unless a knowledge base is there.
pub fn require_existing(at: &newsgraph_engine::Location) -> Result<(), String> {
    if let newsgraph_engine::Location::Dir(dir) = at {
        let shown = dir.display();
        if dir.is_file() {
            return Err(format!(
                "{shown} is a file, not a data directory: give --data the directory that `newsgraph ingest` wrote"
            ));
        }
        if !dir.exists() {
            return Err(format!(
                "no knowledge base at {shown}: the directory does not exist (create one with `newsgraph ingest FILES --data {shown}`)"
            ));
        }
        if !dir.join("newsgraph.db").is_file() {
            return Err(format!(
                "no knowledge base in {shown}: it holds no newsgraph.db (create one with `newsgraph ingest FILES --data {shown}`)"
            ));
        }
    }
    Ok(())
}

/// Says on stderr that a listing found nothing (stdout stays what `--json` promises) and
/// gives the exit code every command uses for it.
pub fn nothing_found(what: &str) -> u8 {
    eprintln!("newsgraph: no {what} found");
    crate::exit::PARTIAL
}
