use newsgraph_engine::Location;

use clap::Args;
use newsgraph_engine::EventFilter;

use super::entity::day;
use crate::exit;
use crate::output::{json_line, open_existing};

#[derive(Args)]
pub struct EventsArgs {
    /// Only this type (meet, visit, attend, … — docs/events.md).
    #[arg(long = "type", value_parser = event_type)]
    kind: Option<String>,
    /// Only events with this participant (a name or global entity id).
    #[arg(long)]
    with: Option<String>,
    /// Only this status (happened, ongoing, scheduled, negated, hypothetical).
    #[arg(long, value_parser = ["happened", "ongoing", "scheduled", "negated", "hypothetical"])]
    status: Option<String>,
    #[command(flatten)]
    list: super::ListArgs,
}

/// An event type the annotator knows; an unknown one lists them.
fn event_type(s: &str) -> Result<String, String> {
    let wanted = s.to_lowercase();
    if newsgraph_annotators::event_types().any(|t| t == wanted) {
        return Ok(wanted);
    }
    let known: Vec<&str> = newsgraph_annotators::event_types().collect();
    Err(format!("unknown event type `{s}`; the types are: {}", known.join(", ")))
}

pub fn run(at: &Location, args: EventsArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let engine = open_existing(at)?;
    let filter = EventFilter {
        kind: args.kind,
        with: args.with,
        status: args.status,
        from: args.list.from.map(|d| d.to_string()),
        to: args.list.to.map(|d| d.to_string()),
        source: args.list.source.clone(),
        limit: args.list.page.limit.clamp(1, 10_000),
        offset: args.list.page.offset,
    };
    let events = engine.events(&filter)?;
    if args.list.page.json {
        json_line(&events)?;
    } else {
        for e in &events {
            let who: Vec<String> = e
                .participants
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| format!("{} ({})", p["name"].as_str().unwrap_or("?"), p["role"].as_str().unwrap_or("?")))
                .collect();
            println!(
                "{}  {} [{}] {}{}  [{}]",
                e.date.as_deref().unwrap_or(day(&e.day)),
                e.kind,
                e.status,
                who.join(", "),
                e.place.as_deref().map(|p| format!(" in {p}")).unwrap_or_default(),
                e.article
            );
        }
    }
    if events.is_empty() {
        return Ok(crate::output::nothing_found("events matching these filters"));
    }
    Ok(exit::OK)
}
