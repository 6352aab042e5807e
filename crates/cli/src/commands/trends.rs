use clap::Args;
use newsgraph_engine::{Location, TrendOptions, Trends, parse_now};

use crate::exit;
use crate::output::{json_line, open_existing};

#[derive(Args)]
pub struct TrendsArgs {
    /// The end of the window: a date-time (2026-03-10T12:00:00Z) or a day (its end); by
    /// default the end of the newest hour stored, so an ingested archive has its own "now".
    #[arg(long)]
    now: Option<String>,
    /// Length of the recent window, hours.
    #[arg(long, default_value_t = 6)]
    window_hours: i64,
    /// Length of the baseline before the window, days.
    #[arg(long, default_value_t = 14)]
    baseline_days: i64,
    /// Stories and entities listed (breaking stories are listed whatever their rank).
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Print the trends as one JSON object (shape in docs/json.md).
    #[arg(long)]
    json: bool,
}

pub fn run(at: &Location, args: TrendsArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let engine = open_existing(at)?;
    let options = TrendOptions {
        now: args.now.as_deref().map(parse_now).transpose()?,
        window_hours: args.window_hours,
        baseline_hours: args.baseline_days.saturating_mul(24),
        limit: args.limit,
    };
    let trends = engine.trends(&options)?;
    if args.json {
        json_line(&trends)?;
    } else {
        print(&trends);
    }
    Ok(if trends.stories.is_empty() { exit::PARTIAL } else { exit::OK })
}

/// A sparkline in block characters, scaled to its highest point.
fn sparkline(points: &[u64]) -> String {
    const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let top = points.iter().copied().max().unwrap_or(0).max(1) as f64;
    points.iter().map(|&n| if n == 0 { ' ' } else { BLOCKS[((n as f64 / top) * 7.0).round() as usize] }).collect()
}

fn print(t: &Trends) {
    let Some(now) = &t.now else {
        println!("No dated articles: nothing to compare.");
        return;
    };
    println!("Now: {now} (the last {} hours against the {} days before)", t.window_hours, t.baseline_hours / 24);
    println!("\nTop stories");
    if t.stories.is_empty() {
        println!("  none in the window");
    }
    for s in &t.stories {
        println!(
            "  {:<8} {:>4} articles {:>3} sources ({} new)  expected {:.1}, surprise {:>5.1}  {}  {}  {}",
            if s.breaking { "BREAKING" } else { "" },
            s.articles,
            s.sources,
            s.new_sources,
            s.expected_articles,
            s.surprise,
            sparkline(&s.sparkline),
            s.title.as_deref().unwrap_or("(untitled)"),
            s.id
        );
    }
    println!("\nRising entities");
    if t.entities.is_empty() {
        println!("  none above their baseline");
    }
    for e in &t.entities {
        println!(
            "  {:>4} articles  expected {:.1}, surprise {:>5.1}  {}  {} ({})",
            e.articles,
            e.expected_articles,
            e.surprise,
            sparkline(&e.sparkline),
            e.name.as_deref().unwrap_or(&e.id),
            e.kind.as_deref().unwrap_or("")
        );
    }
}
