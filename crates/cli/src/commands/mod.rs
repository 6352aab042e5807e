//! One module per command.

pub mod alerts;
pub mod annotate;
mod argument_training;
pub mod attribution;
pub mod backup;
pub mod entities;
pub mod entity;
pub mod eval;
mod event_eval;
mod event_ood_eval;
pub mod events;
pub mod export;
pub mod extract;
pub mod failures;
pub mod follow;
pub mod generate;
mod geo_eval;
pub mod ingest;
pub mod network;
pub mod quote_training;
pub mod quotes;
pub mod reindex;
pub mod restore;
pub mod search;
pub mod serve;
pub mod show;
pub mod sources;
pub mod stats;
mod status_training;
pub mod stories;
mod story_eval;
mod syntax_training;
pub mod threads;
pub mod timeline;
pub mod train;
mod trend_eval;
pub mod trends;
pub mod worker;

use newsgraph_document::Published;
use newsgraph_engine::ReadOptions;

use crate::ReadArgs;

/// Day range, paging and output of the listing commands (`quotes`, `events`, `stories`).
#[derive(clap::Args)]
pub struct ListArgs {
    /// From this day, YYYY-MM-DD (each command says which day it compares).
    #[arg(long, value_parser = day)]
    pub from: Option<chrono::NaiveDate>,
    /// To this day, YYYY-MM-DD, inclusive.
    #[arg(long, value_parser = day)]
    pub to: Option<chrono::NaiveDate>,
    /// Only articles from this source (outlet name, case-insensitive), as `search --source`.
    #[arg(long)]
    pub source: Option<String>,
    #[command(flatten)]
    pub page: PageArgs,
}

/// One page of a listing, as every listing command takes it.
#[derive(clap::Args)]
pub struct PageArgs {
    /// Most rows shown.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Rows skipped (pagination).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Print a JSON list (the shapes are in docs/json.md).
    #[arg(long)]
    pub json: bool,
}

/// A day on the command line: every command that takes `--from`/`--to` reads it here, so
/// "17-03-2026", "2026/03/17" or "yesterday" get one error instead of a text comparison.
pub fn day(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("`{s}` is not a day: write YYYY-MM-DD"))
}

/// Read options from the shared arguments; a bad `--date` or `--format` is a usage error.
pub fn read_options(args: &ReadArgs) -> Result<ReadOptions, String> {
    let date = args.date.as_deref().map(Published::parse).transpose().map_err(|e| format!("--date: {e}"))?;
    let format = args.format.as_deref().map(str::parse).transpose()?;
    Ok(ReadOptions { date, max_bytes: args.max_bytes, format })
}
