use newsgraph_engine::Location;

use clap::Args;
use newsgraph_engine::QuoteFilter;

use super::entity::day;
use crate::exit;
use crate::output::{json_line, open_existing};

#[derive(Args)]
pub struct QuotesArgs {
    /// Only quotes by this speaker (a name or global entity id).
    #[arg(long)]
    by: Option<String>,
    /// Only quotes containing these words.
    #[arg(long)]
    about: Option<String>,
    #[command(flatten)]
    list: super::ListArgs,
}

pub fn run(at: &Location, args: QuotesArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let engine = open_existing(at)?;
    let filter = QuoteFilter {
        by: args.by,
        about: args.about,
        from: args.list.from.map(|d| d.to_string()),
        to: args.list.to.map(|d| d.to_string()),
        source: args.list.source.clone(),
        limit: args.list.page.limit.clamp(1, 10_000),
        offset: args.list.page.offset,
    };
    let quotes = engine.quotes(&filter)?;
    if args.list.page.json {
        json_line(&quotes)?;
    } else {
        for q in &quotes {
            let who = q.speaker_name.as_deref().unwrap_or("(unattributed)");
            println!("{}  {who} {}: “{}”  [{}]", day(&q.day), q.cue.as_deref().unwrap_or("-"), q.content, q.article);
        }
    }
    if quotes.is_empty() {
        return Ok(crate::output::nothing_found("quotes matching these filters"));
    }
    Ok(exit::OK)
}
