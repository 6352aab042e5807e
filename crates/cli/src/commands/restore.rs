//! `newsgraph restore SRC`: a backup written by `newsgraph backup` becomes the data
//! directory `--data` (new or empty), its index rebuilt from the store; a backup of an older
//! schema is migrated on the way.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use newsgraph_engine::Location;

use crate::commands::backup::POSTGRES;
use crate::exit;
use crate::output::lock_writer;

#[derive(Args)]
pub struct RestoreArgs {
    /// The backup: the directory `newsgraph backup` wrote (or its newsgraph.db).
    src: PathBuf,
}

pub fn run(at: &Location, args: RestoreArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let Location::Dir(data) = at else { return Err(POSTGRES.into()) };
    let _writing = lock_writer(at, "restore")?;
    let started = Instant::now();
    let indexed = newsgraph_engine::restore(&args.src, data)?;
    println!(
        "restored {} into {} and indexed {indexed} articles in {:.1} s",
        args.src.display(),
        data.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(exit::OK)
}
