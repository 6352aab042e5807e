//! `newsgraph`: the command-line face of the engine. Parses arguments, calls the engine,
//! prints. Exit codes: 0 success; 1 some input failed or nothing was found; 2 a usage,
//! store or index error.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

mod commands;
mod output;

/// newsgraph: turn piles of news articles into a knowledge base you can question.
#[derive(Parser)]
#[command(name = "newsgraph", version, about, propagate_version = true)]
struct Cli {
    /// Data directory holding the store and the search index.
    #[arg(long, global = true, env = "NEWSGRAPH_DATA", default_value = "newsgraph-data")]
    data: PathBuf,
    /// A PostgreSQL database to use instead of the data directory (`postgres://user@host/db`,
    /// or `postgresql:///db?host=/socket/dir`): shared by many workers and query nodes.
    #[arg(long, global = true, env = "NEWSGRAPH_DB", hide_env_values = true)]
    db: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read and annotate articles, print them as JSON Lines; stores nothing.
    Extract(commands::extract::ExtractArgs),
    /// Read, annotate, store and index articles (with --db postgres://…: read and queue them
    /// for workers).
    Ingest(commands::ingest::IngestArgs),
    /// Follow news sources (feeds, sitemaps, section fronts) over HTTP until stopped, storing
    /// their articles as ingest does.
    Follow(commands::follow::FollowArgs),
    /// Followed sources: last success, last error, articles per day, next poll, health.
    Sources(commands::sources::SourcesArgs),
    /// Annotate, store and index queued articles of a PostgreSQL store (run one per core or machine).
    Worker(commands::worker::WorkerArgs),
    /// Write a table (articles, entities, mentions, quotes, events, stories, gdelt) as JSON
    /// Lines, CSV or Parquet.
    Export(commands::export::ExportArgs),
    /// Full-text search.
    Search(commands::search::SearchArgs),
    /// Attention over time: a search's articles per day or hour, and their share of all
    /// articles of each period.
    Timeline(commands::timeline::TimelineArgs),
    /// What is happening now: top stories of the last hours (breaking ones marked) and
    /// entities rising above their own baseline.
    Trends(commands::trends::TrendsArgs),
    /// Alerts: saved searches matched against every new article as it is stored.
    Alerts(commands::alerts::AlertsArgs),
    /// Serve the HTTP API and the web pages.
    Serve(commands::serve::ServeArgs),
    /// Print one article.
    Show(commands::show::ShowArgs),
    /// Counts over the knowledge base.
    Stats(commands::stats::StatsArgs),
    /// Inputs ingest could not read, newest first (what `stats` counts as failures).
    Failures(commands::failures::FailuresArgs),
    /// Rebuild the search index from the store.
    Reindex,
    /// Copy the store to a new directory, consistently, while serve and ingest may run.
    Backup(commands::backup::BackupArgs),
    /// Make a backup the data directory (--data, new or empty), rebuilding its index.
    Restore(commands::restore::RestoreArgs),
    /// One entity across articles: aliases, roles over time, quotes, events, company kept.
    Entity(commands::entity::EntityArgs),
    /// Entities by name prefix, most mentioned first.
    Entities(commands::entities::EntitiesArgs),
    /// Quotes across articles, newest first.
    #[command(mut_arg("from", |a| a.help("From this publication day, YYYY-MM-DD")))]
    #[command(mut_arg("to", |a| a.help("To this publication day, YYYY-MM-DD, inclusive")))]
    Quotes(commands::quotes::QuotesArgs),
    /// Events across articles, newest first.
    #[command(mut_arg("from", |a| a.help("From this day, YYYY-MM-DD: the event's own date when the text gives it, else the publication day")))]
    Events(commands::events::EventsArgs),
    /// Stories: articles about the same happening, grouped across sources and days.
    #[command(mut_arg("from", |a| a.help("Stories still running on or after this day, YYYY-MM-DD")))]
    #[command(mut_arg("to", |a| a.help("Stories begun on or before this day, YYYY-MM-DD")))]
    Stories(commands::stories::StoriesArgs),
    /// One story with its articles.
    Story(commands::stories::StoryArgs),
    /// Threads: stories that continue one another over weeks or months.
    Threads(commands::threads::ThreadsArgs),
    /// One thread with its stories on a timeline.
    Thread(commands::threads::ThreadArgs),
    /// Who an entity met, was quoted with or appears with.
    Network(commands::network::NetworkArgs),
    /// Train a model.
    Train(commands::train::TrainArgs),
    /// Evaluate against gold annotations.
    Eval(commands::eval::EvalArgs),
    /// Annotate files of an evaluation format (CoNLL), keeping their tokens.
    Annotate(commands::annotate::AnnotateArgs),
    /// Write fictional generated articles (for benchmarks, load tests and `eval stories`).
    Generate(commands::generate::GenerateArgs),
}

/// How inputs are read (shared by `extract` and `ingest`).
#[derive(Args, Clone)]
pub struct ReadArgs {
    /// Files, directories (recursive) or `-` for stdin; `.gz` is undone transparently.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Publication date for inputs that carry none (plain text), e.g. 2018-04-21.
    #[arg(long)]
    date: Option<String>,
    /// Force the input format instead of sniffing it.
    #[arg(long, value_parser = ["newswire", "text", "jsonl", "html", "feed", "warc"])]
    format: Option<String>,
    /// Largest file, WARC record or JSON line read, in bytes (a JSON Lines file of any size is
    /// read a line at a time).
    #[arg(long, default_value_t = 64 << 20)]
    max_bytes: u64,
}

/// Exit codes.
pub mod exit {
    /// Everything worked.
    pub const OK: u8 = 0;
    /// Some inputs failed, or nothing was found.
    pub const PARTIAL: u8 = 1;
    /// Usage, store or index error.
    pub const ERROR: u8 = 2;
}

fn main() -> ExitCode {
    // `newsgraph … | head` closes the pipe early: stop quietly, as Unix tools do, instead of
    // reporting a panic from `println!`.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.contains("Broken pipe") {
            std::process::exit(0);
        }
        default_hook(info);
    }));
    let cli = Cli::parse();
    match try_main(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("newsgraph: error: {e}");
            ExitCode::from(exit::ERROR)
        }
    }
}

fn try_main(cli: Cli) -> Result<u8, Box<dyn std::error::Error>> {
    let at = &newsgraph_engine::Location::new(cli.db.as_deref(), &cli.data);
    match cli.command {
        Command::Extract(args) => commands::extract::run(args),
        Command::Ingest(args) => commands::ingest::run(at, args),
        Command::Worker(args) => commands::worker::run(at, args),
        Command::Follow(args) => commands::follow::run(at, args),
        Command::Sources(args) => commands::sources::run(at, args),
        Command::Export(args) => commands::export::run(at, args),
        Command::Search(args) => commands::search::run(at, args),
        Command::Timeline(args) => commands::timeline::run(at, args),
        Command::Trends(args) => commands::trends::run(at, args),
        Command::Alerts(args) => commands::alerts::run(at, args),
        Command::Serve(args) => commands::serve::run(at, args),
        Command::Show(args) => commands::show::run(at, args),
        Command::Stats(args) => commands::stats::run(at, args),
        Command::Reindex => commands::reindex::run(at),
        Command::Backup(args) => commands::backup::run(at, args),
        Command::Restore(args) => commands::restore::run(at, args),
        Command::Failures(args) => commands::failures::run(at, args),
        Command::Entity(args) => commands::entity::run(at, args),
        Command::Entities(args) => commands::entities::run(at, args),
        Command::Quotes(args) => commands::quotes::run(at, args),
        Command::Events(args) => commands::events::run(at, args),
        Command::Stories(args) => commands::stories::run(at, args),
        Command::Story(args) => commands::stories::run_one(at, args),
        Command::Threads(args) => commands::threads::run(at, args),
        Command::Thread(args) => commands::threads::run_one(at, args),
        Command::Network(args) => commands::network::run(at, args),
        Command::Generate(args) => commands::generate::run(args),
        Command::Train(args) => commands::train::run(args),
        Command::Eval(args) => commands::eval::run(args),
        Command::Annotate(args) => commands::annotate::run(args),
    }
}
