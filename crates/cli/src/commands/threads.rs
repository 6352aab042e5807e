//! `threads` and `thread ID`: stories that continue one another over weeks or months.

use clap::Args;
use newsgraph_engine::{Location, Thread, ThreadFilter};

use super::entity::day;
use crate::exit;
use crate::output::{json_line, open_existing};

#[derive(Args)]
pub struct ThreadsArgs {
    /// Threads still running on or after this day, YYYY-MM-DD.
    #[arg(long, value_parser = super::day)]
    from: Option<chrono::NaiveDate>,
    /// Threads begun on or before this day, YYYY-MM-DD.
    #[arg(long, value_parser = super::day)]
    to: Option<chrono::NaiveDate>,
    #[command(flatten)]
    page: super::PageArgs,
}

#[derive(Args)]
pub struct ThreadArgs {
    /// Thread id.
    id: String,
    /// Print the thread as one JSON object.
    #[arg(long)]
    json: bool,
}

fn print(t: &Thread) {
    println!(
        "{}  {} – {}  {} stories, {} articles  {}",
        t.id,
        day(&t.first_seen),
        day(&t.last_seen),
        t.story_count,
        t.articles,
        t.title.as_deref().unwrap_or("(untitled)")
    );
}

pub fn run(at: &Location, args: ThreadsArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let engine = open_existing(at)?;
    let filter = ThreadFilter {
        from: args.from.map(|d| d.to_string()),
        to: args.to.map(|d| d.to_string()),
        limit: args.page.limit.clamp(1, 10_000),
        offset: args.page.offset,
    };
    let threads = engine.threads(&filter)?;
    if args.page.json {
        json_line(&threads)?;
    } else {
        threads.iter().for_each(print);
    }
    if threads.is_empty() {
        return Ok(crate::output::nothing_found("threads matching these filters"));
    }
    Ok(exit::OK)
}

pub fn run_one(at: &Location, args: ThreadArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let engine = open_existing(at)?;
    let Some(thread) = engine.thread(&args.id)? else {
        eprintln!("no thread {}", args.id);
        return Ok(exit::PARTIAL);
    };
    if args.json {
        json_line(&thread)?;
    } else {
        print(&thread);
        // Its stories on a timeline, in the order they began.
        for s in &thread.stories {
            println!(
                "    {} – {}  {:>4} articles  {}  {}",
                day(&s.first_seen),
                day(&s.last_seen),
                s.articles,
                s.title.as_deref().unwrap_or("(untitled)"),
                s.id
            );
        }
    }
    Ok(exit::OK)
}
