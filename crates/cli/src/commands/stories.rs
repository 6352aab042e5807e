use newsgraph_engine::Location;

use clap::Args;
use newsgraph_engine::{Story, StoryFilter};

use super::entity::day;
use crate::exit;
use crate::output::{json_line, open_existing};

#[derive(Args)]
pub struct StoriesArgs {
    /// `--from`: stories still running on or after this day; `--to`: begun on or before it.
    #[command(flatten)]
    list: super::ListArgs,
}

#[derive(Args)]
pub struct StoryArgs {
    /// Story id.
    id: String,
    /// Print the story as one JSON object.
    #[arg(long)]
    json: bool,
}

fn print(s: &Story) {
    println!(
        "{}  {} – {}  {} articles, {} sources  {}",
        s.id,
        day(&s.first_seen),
        day(&s.last_seen),
        s.articles.len(),
        s.sources.len(),
        s.title.as_deref().unwrap_or("(untitled)")
    );
    let who: Vec<&str> = s.entities.iter().take(5).map(|e| e.name.as_str()).collect();
    if !who.is_empty() {
        println!("    {}", who.join(", "));
    }
}

pub fn run(at: &Location, args: StoriesArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let engine = open_existing(at)?;
    let list = args.list;
    let filter = StoryFilter {
        from: list.from.map(|d| d.to_string()),
        to: list.to.map(|d| d.to_string()),
        source: list.source.clone(),
        limit: list.page.limit.clamp(1, 10_000),
        offset: list.page.offset,
    };
    let stories = engine.stories(&filter)?;
    if list.page.json {
        json_line(&stories)?;
    } else {
        stories.iter().for_each(print);
    }
    if stories.is_empty() {
        return Ok(crate::output::nothing_found("stories matching these filters"));
    }
    Ok(exit::OK)
}

pub fn run_one(at: &Location, args: StoryArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let engine = open_existing(at)?;
    let Some(story) = engine.story(&args.id)? else {
        eprintln!("no story {}", args.id);
        return Ok(exit::PARTIAL);
    };
    if args.json {
        json_line(&story)?;
    } else {
        print(&story);
        // Each article with its title (or first sentence), source and day, oldest first.
        for id in &story.articles {
            match engine.article(id)? {
                Some(doc) => println!(
                    "    {}  {}  {}  {}",
                    doc.published.map_or("?".to_string(), |p| p.date().to_string()),
                    doc.source.as_deref().unwrap_or("-"),
                    doc.label().unwrap_or_default(),
                    id
                ),
                None => println!("    {id}"),
            }
        }
    }
    Ok(exit::OK)
}
