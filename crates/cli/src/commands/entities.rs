//! `newsgraph entities`: the entities of the knowledge base by name prefix, most mentioned
//! first — the CLI side of `/api/entities`.

use clap::Args;
use newsgraph_engine::{EntityFilter, Location};

use crate::exit;
use crate::output::{json_line, open_existing};

#[derive(Args)]
pub struct EntitiesArgs {
    /// Only names that start with this (case-insensitive); all when left out.
    #[arg(long, default_value = "")]
    prefix: String,
    /// Only entities of this type.
    #[arg(long = "type", value_parser = ["PER", "ORG", "LOC", "MISC"])]
    kind: Option<String>,
    /// Only entities seen on or after this day, YYYY-MM-DD.
    #[arg(long, value_parser = super::day)]
    since: Option<chrono::NaiveDate>,
    #[command(flatten)]
    page: super::PageArgs,
}

pub fn run(at: &Location, args: EntitiesArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let engine = open_existing(at)?;
    let rows = engine.entities(&EntityFilter {
        prefix: args.prefix,
        kind: args.kind,
        since: args.since.map(|d| d.to_string()),
        limit: args.page.limit.clamp(1, 10_000),
        offset: args.page.offset,
    })?;
    if args.page.json {
        json_line(&rows)?;
    } else {
        for e in &rows {
            let seen = match (&e.first_seen, &e.last_seen) {
                (Some(a), Some(b)) if a != b => format!("{a} – {b}"),
                (Some(a), _) => a.clone(),
                _ => "-".to_string(),
            };
            println!("{:<4} {:>5} articles  {}  ({seen}; {})", e.kind, e.articles, e.name, e.id);
        }
    }
    if rows.is_empty() {
        return Ok(crate::output::nothing_found("entities"));
    }
    Ok(exit::OK)
}
