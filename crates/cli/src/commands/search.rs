use newsgraph_engine::Location;

use chrono::NaiveDate;
use clap::Args;
use newsgraph_engine::{Engine, Near, PlaceFilter, SearchQuery, country_code};

use crate::exit;
use crate::output::{json_line, open_existing};

#[derive(Args)]
pub struct SearchArgs {
    #[command(flatten)]
    search: Filters,
    /// Most hits shown.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Hits skipped (pagination).
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Print results as one JSON object.
    #[arg(long)]
    json: bool,
}

/// What a search matches: words and filters (`search` and `timeline` take the same).
#[derive(Args)]
pub struct Filters {
    /// Words to find (phrases in quotes, -word to exclude, title:word); `*` for everything.
    query: String,
    /// Earliest publication day (YYYY-MM-DD).
    #[arg(long, value_parser = super::day)]
    from: Option<NaiveDate>,
    /// Latest publication day (YYYY-MM-DD).
    #[arg(long, value_parser = super::day)]
    to: Option<NaiveDate>,
    /// Only this source (case-insensitive).
    #[arg(long)]
    source: Option<String>,
    /// Only articles naming this entity (a name or global id).
    #[arg(long)]
    entity: Option<String>,
    /// Only articles of this story.
    #[arg(long)]
    story: Option<String>,
    /// Only articles of this thread's stories.
    #[arg(long)]
    thread: Option<String>,
    /// Only articles with a place in this country (ISO 3166-1 alpha-2: FR, US).
    #[arg(long, value_parser = country_code)]
    country: Option<String>,
    /// Only articles with a place within KM of LAT,LON ("48.85,2.35,50").
    #[arg(long, value_parser = Near::parse, allow_hyphen_values = true)]
    near: Option<Near>,
}

impl Filters {
    /// The engine's query (one page of 10 hits) and place filters; an entity name is
    /// resolved to its global id, and one that names no entity matches nothing rather than
    /// everything.
    pub fn query(self, engine: &Engine) -> Result<(SearchQuery, PlaceFilter), newsgraph_engine::Error> {
        let entity = match &self.entity {
            Some(name) => Some(engine.entity_id(name)?.unwrap_or_else(|| format!("unknown:{name}"))),
            None => None,
        };
        let query = SearchQuery {
            text: self.query,
            from: self.from,
            to: self.to,
            source: self.source,
            entity,
            story: self.story,
            thread: self.thread,
            ..SearchQuery::new("")
        };
        Ok((query, PlaceFilter { country: self.country, near: self.near }))
    }
}

pub fn run(at: &Location, args: SearchArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let engine = open_existing(at)?;
    let (query, places) = args.search.query(&engine)?;
    let query = SearchQuery { limit: args.limit.clamp(1, 10_000), offset: args.offset, ..query };
    let results = engine.search_at(&query, &places)?;
    if args.json {
        json_line(&results)?;
    } else {
        println!("{} matching articles", results.total);
        for (i, h) in results.hits.iter().enumerate() {
            println!(
                "{:>3}. {}  {}  {} — {}",
                i + 1 + query.offset,
                h.id,
                h.published.as_deref().map(|p| &p[..p.len().min(10)]).unwrap_or("----------"),
                h.title.as_deref().unwrap_or("(untitled)"),
                h.source.as_deref().unwrap_or("-"),
            );
            println!("     {}", h.snippet.replace('\n', " "));
        }
    }
    Ok(if results.total == 0 { exit::PARTIAL } else { exit::OK })
}
