use newsgraph_engine::{Interval, Location, Timeline};

use clap::Args;

use super::search::Filters;
use crate::exit;
use crate::output::{json_line, open_existing};

#[derive(Args)]
pub struct TimelineArgs {
    #[command(flatten)]
    search: Filters,
    /// Count per `day` (the article's own calendar day) or per `hour` (UTC).
    #[arg(long, default_value = "day")]
    by: Interval,
    /// Print the timeline as one JSON object (shape in docs/json.md).
    #[arg(long)]
    json: bool,
}

/// Widest bar drawn, in characters.
const BAR: f64 = 40.0;

pub fn run(at: &Location, args: TimelineArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let engine = open_existing(at)?;
    let (query, places) = args.search.query(&engine)?;
    let timeline = engine.timeline(&query, &places, args.by)?;
    if args.json {
        json_line(&timeline)?;
    } else {
        print(&timeline);
    }
    Ok(if timeline.total == 0 { exit::PARTIAL } else { exit::OK })
}

/// One line per period: its start, the count, the period's articles in all, the share and
/// a bar as long as the share is of the largest one.
fn print(t: &Timeline) {
    let unit = if t.by == Interval::Hour { "hour (UTC)" } else { "day" };
    println!("{} matching articles, by {unit}", t.total);
    let widest = t.periods.iter().map(|p| p.share).fold(0.0, f64::max);
    for p in &t.periods {
        let bar = if widest > 0.0 { (p.share / widest * BAR).round() as usize } else { 0 };
        println!("{:<20} {:>7} of {:>7} {:>6.1}%  {}", p.start, p.count, p.all, p.share * 100.0, "█".repeat(bar));
    }
    if t.undated > 0 {
        println!("{} without a publication date (in no period)", t.undated);
    }
    if t.day_only > 0 {
        println!("{} dated to the day only, with no hour (in no period)", t.day_only);
    }
}
