//! `newsgraph sources`: the followed sources with their last success, last error, articles
//! per day, next poll and a health flag (quiet after delivering, or failing).

use clap::Args;
use newsgraph_engine::{Location, Source};
use newsgraph_follow::{Health, articles_per_day, health};
use serde::Serialize;

use crate::exit;
use crate::output::{json_line, open_existing};

#[derive(Args)]
pub struct SourcesArgs {
    /// Print a JSON list.
    #[arg(long)]
    json: bool,
}

/// A source as listed: its stored state, how it is doing, and its recent rate.
#[derive(Serialize)]
struct Listed<'a> {
    #[serde(flatten)]
    source: &'a Source,
    health: Health,
    articles_per_day: f64,
}

pub fn run(at: &Location, args: SourcesArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let engine = open_existing(at)?;
    let sources = engine.sources()?;
    let now = chrono::Utc::now();
    let listed: Vec<Listed> = sources
        .iter()
        .map(|s| Listed { source: s, health: health(s, now), articles_per_day: articles_per_day(s, now) })
        .collect();
    if args.json {
        json_line(&listed)?;
    } else {
        for l in &listed {
            let s = l.source;
            let at =
                |t: &Option<String>| t.as_deref().map_or("never".to_string(), |t| t.replace('T', " ").replace('Z', ""));
            println!(
                "{} [{}] {}",
                s.url,
                serde_json::to_value(l.health)?.as_str().unwrap_or(""),
                s.kind.as_deref().unwrap_or("?")
            );
            println!(
                "    last success {}; {:.1} articles/day ({} in all); next poll {}",
                at(&s.last_success),
                l.articles_per_day,
                s.articles,
                at(&Some(s.next_poll.clone()))
            );
            if let Some(e) = &s.last_error {
                println!(
                    "    last error {}: {e}{}",
                    at(&s.last_error_at),
                    if s.errors > 0 { format!(" ({} in a row)", s.errors) } else { String::new() }
                );
            }
        }
    }
    if listed.is_empty() {
        return Ok(crate::output::nothing_found("sources"));
    }
    Ok(exit::OK)
}
