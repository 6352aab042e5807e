//! One module per command.

pub mod annotate;
pub mod attribution;
pub mod entity;
pub mod eval;
mod event_eval;
pub mod events;
pub mod export;
pub mod extract;
pub mod generate;
pub mod ingest;
pub mod network;
pub mod quote_training;
pub mod quotes;
pub mod reindex;
pub mod search;
pub mod serve;
pub mod show;
pub mod stats;
pub mod stories;
mod story_eval;
pub mod train;
pub mod worker;

use newsgraph_document::Published;
use newsgraph_engine::ReadOptions;

use crate::ReadArgs;

/// Day range, paging and output of the listing commands (`quotes`, `events`, `stories`).
#[derive(clap::Args)]
pub struct ListArgs {
    /// From this day, YYYY-MM-DD (an event's own date when known, else the publication day).
    #[arg(long)]
    pub from: Option<String>,
    /// To this day.
    #[arg(long)]
    pub to: Option<String>,
    /// Most rows shown.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Rows skipped (pagination).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Print a JSON list.
    #[arg(long)]
    pub json: bool,
}

/// Read options from the shared arguments; a bad `--date` or `--format` is a usage error.
pub fn read_options(args: &ReadArgs) -> Result<ReadOptions, String> {
    let date = args.date.as_deref().map(Published::parse).transpose().map_err(|e| format!("--date: {e}"))?;
    let format = args.format.as_deref().map(str::parse).transpose()?;
    Ok(ReadOptions { date, max_bytes: args.max_bytes, format })
}
