use newsgraph_engine::Location;

use clap::Args;

use crate::exit;
use crate::output::{json_line, open_existing};

#[derive(Args)]
pub struct NetworkArgs {
    /// A name or global entity id.
    name: String,
    /// Ties over the three relations, heaviest first.
    #[command(flatten)]
    page: super::PageArgs,
}

pub fn run(at: &Location, args: NetworkArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let engine = open_existing(at)?;
    let edges = engine.network(&args.name, args.page.limit.clamp(1, 1000), args.page.offset.min(10_000))?;
    if args.page.json {
        json_line(&edges)?;
    } else {
        for e in &edges {
            println!("{:<12} {:>4}  {} ({})", e.relation, e.weight, e.name, e.id);
        }
    }
    if edges.is_empty() {
        return Ok(crate::output::nothing_found(&format!("connections of {:?}", args.name)));
    }
    Ok(exit::OK)
}
