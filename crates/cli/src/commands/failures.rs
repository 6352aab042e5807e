//! `newsgraph failures`: the inputs ingest could not read, newest first — what `stats`
//! counts as "recorded" failures.

use clap::Args;
use newsgraph_engine::Location;

use crate::exit;
use crate::output::{json_line, open_existing};

#[derive(Args)]
pub struct FailuresArgs {
    #[command(flatten)]
    page: super::PageArgs,
}

pub fn run(at: &Location, args: FailuresArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let engine = open_existing(at)?;
    let rows = engine.failures(args.page.limit.clamp(1, 10_000), args.page.offset)?;
    if args.page.json {
        json_line(&rows)?;
    } else {
        for f in &rows {
            println!("{}  {}: {}", f.at.get(..19).unwrap_or(&f.at), f.origin, f.reason);
        }
    }
    if rows.is_empty() {
        return Ok(crate::output::nothing_found("failures"));
    }
    Ok(exit::OK)
}
