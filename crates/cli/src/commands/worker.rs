use std::time::Duration;

use clap::Args;
use newsgraph_engine::{Location, WorkOptions, WorkReport};

use crate::exit;
use crate::output::{json_line, open};

#[derive(Args)]
pub struct WorkerArgs {
    /// Stop once the queue is empty, instead of waiting for more articles.
    #[arg(long)]
    until_empty: bool,
    /// Articles claimed at a time.
    #[arg(long, default_value_t = 64)]
    batch_size: usize,
    /// Seconds a claim lasts; a batch whose worker died goes to another after this.
    #[arg(long, default_value_t = 300.0)]
    lease: f64,
    /// Name of this worker in the queue (default: host name and process id).
    #[arg(long)]
    name: Option<String>,
    /// Print the summary as one JSON object.
    #[arg(long)]
    json: bool,
}

pub fn run(at: &Location, args: WorkerArgs) -> Result<u8, Box<dyn std::error::Error>> {
    if !matches!(at, Location::Postgres(_)) {
        return Err("`worker` takes its articles from a shared PostgreSQL store: pass --db postgres://…".into());
    }
    if !(args.lease.is_finite() && args.lease > 0.0) {
        return Err("--lease must be a positive number of seconds".into());
    }
    let mut engine = open(at)?;
    let host = std::fs::read_to_string("/etc/hostname").map(|h| h.trim().to_string()).unwrap_or_default();
    let options = WorkOptions {
        name: args.name.unwrap_or_else(|| format!("{host}:{}", std::process::id())),
        batch_size: args.batch_size.max(1),
        lease: Duration::from_secs_f64(args.lease),
        until_empty: args.until_empty,
        ..WorkOptions::default()
    };
    let quiet = args.json;
    let report = engine.work(&options, &mut |r| {
        if !quiet {
            eprintln!("{}: {}", options.name, summary(r));
        }
    })?;
    if args.json {
        json_line(&report)?;
    } else {
        println!("{}", summary(&report));
    }
    Ok(if report.failed > 0 { exit::PARTIAL } else { exit::OK })
}

fn summary(r: &WorkReport) -> String {
    format!(
        "{} batches: {} new, {} duplicate, {} failed, {} passed to another worker; linked {}, indexed {}; {:.1}s",
        r.batches,
        r.new,
        r.duplicate,
        r.failed,
        r.lost,
        r.links.linked,
        r.indexed,
        r.elapsed.as_secs_f64()
    )
}
