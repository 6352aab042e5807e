//! `newsgraph backup DEST`: a consistent copy of the store, safe while `serve` and `ingest`
//! run; `restore` rebuilds the index from it (why the index is not copied:
//! `engine/src/backup.rs`).

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use newsgraph_engine::Location;

use crate::exit;
use crate::output::require_existing;

#[derive(Args)]
pub struct BackupArgs {
    /// Directory to write the backup to (created; it must be new or empty).
    dest: PathBuf,
}

pub fn run(at: &Location, args: BackupArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let Location::Dir(data) = at else { return Err(POSTGRES.into()) };
    require_existing(at)?;
    let started = Instant::now();
    let (copy, version) = newsgraph_engine::backup(data, &args.dest)?;
    let bytes = std::fs::metadata(&copy).map_or(0, |m| m.len());
    println!(
        "backed up {} to {} ({:.1} MB, schema version {version}) in {:.1} s; `newsgraph restore {}` rebuilds the index",
        data.display(),
        copy.display(),
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        args.dest.display(),
    );
    Ok(exit::OK)
}

/// What `backup` and `restore` say to a PostgreSQL user.
pub const POSTGRES: &str = "backup and restore work on a data directory; for a PostgreSQL database use pg_dump and pg_restore (see the README)";
