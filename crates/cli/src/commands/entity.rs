use newsgraph_engine::Location;

use clap::Args;

use crate::exit;
use crate::output::{json_line, open_existing};

#[derive(Args)]
pub struct EntityArgs {
    /// A name ("Kuroda", "Bank of Japan") or a global entity id.
    name: String,
    /// Print the profile as one JSON object.
    #[arg(long)]
    json: bool,
}

pub fn run(at: &Location, args: EntityArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let engine = open_existing(at)?;
    // A surname alone that fits several people names none of them: list them and let the
    // user choose, rather than answer for the most mentioned one.
    let candidates = engine.entity_candidates(&args.name, 20)?;
    if candidates.len() > 1 {
        let shown: Vec<String> =
            candidates.iter().map(|c| format!("{} [{}] {} — {} articles", c.name, c.kind, c.id, c.articles)).collect();
        return Err(format!(
            "{:?} fits several entities; name one in full or by id:\n  {}",
            args.name,
            shown.join("\n  ")
        )
        .into());
    }
    let Some(p) = engine.entity(&args.name)? else {
        eprintln!("no entity named {:?}", args.name);
        return Ok(exit::PARTIAL);
    };
    if args.json {
        json_line(&p)?;
        return Ok(exit::OK);
    }
    println!(
        "{} [{}] {} — {} articles, {} to {}",
        p.name,
        p.kind,
        p.id,
        p.articles,
        day(&p.first_seen),
        day(&p.last_seen)
    );
    if !p.aliases.is_empty() {
        println!("  also: {}", p.aliases.join(", "));
    }
    for r in &p.roles {
        let of = r.of.as_deref().map(|o| format!(" of {o}")).unwrap_or_default();
        println!("  role: {}{of} ({} – {})", r.title, day(&r.first_seen), day(&r.last_seen));
    }
    for q in p.quotes.iter().take(5) {
        println!("  said ({}): “{}”", day(&q.day), q.content);
    }
    for e in p.events.iter().take(5) {
        println!("  {} {} ({}): {}", e.kind, e.status, e.date.as_deref().unwrap_or(day(&e.day)), e.evidence);
    }
    let with: Vec<String> = p.cooccurring.iter().take(8).map(|c| format!("{} ({})", c.name, c.count)).collect();
    if !with.is_empty() {
        println!("  with: {}", with.join(", "));
    }
    let days: Vec<String> = p.mentions_by_day.iter().rev().take(7).map(|d| format!("{} {}", d.date, d.count)).collect();
    println!("  mentions by day (latest): {}", days.join(", "));
    Ok(exit::OK)
}

/// A day for printing.
pub fn day(d: &Option<String>) -> &str {
    d.as_deref().unwrap_or("?")
}
