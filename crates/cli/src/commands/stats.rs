use newsgraph_engine::Location;

use clap::Args;

use crate::exit;
use crate::output::{json_line, open_existing};

#[derive(Args)]
pub struct StatsArgs {
    /// Print the counts as one JSON object.
    #[arg(long)]
    json: bool,
}

pub fn run(at: &Location, args: StatsArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let engine = open_existing(at)?;
    let s = engine.stats()?;
    if args.json {
        json_line(&s.to_json())?;
        return Ok(exit::OK);
    }
    println!("articles:  {} ({} new versions, {} indexed)", s.articles, s.versions, s.indexed);
    println!("sources:   {}", s.sources);
    println!(
        "layers:    {} entities, {} quotes, {} time expressions, {} events",
        s.entities, s.quotes, s.time_expressions, s.events
    );
    if let (Some(a), Some(b)) = (&s.first_published, &s.last_published) {
        println!("published: {a} to {b}");
    }
    for (reader, n) in &s.by_reader {
        println!("  {reader:<9} {n}");
    }
    println!("failures:  {} recorded", s.failures);
    Ok(exit::OK)
}
