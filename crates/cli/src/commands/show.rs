use newsgraph_engine::Location;

use clap::Args;

use crate::exit;
use crate::output::open_existing;

#[derive(Args)]
pub struct ShowArgs {
    /// Article id (or a unique prefix of it).
    id: String,
    /// Print the document in its JSON form.
    #[arg(long)]
    json: bool,
    /// Print the related articles (close articles of other stories, and stored articles the
    /// text names as related) instead, as JSON with `--json`.
    #[arg(long)]
    related: bool,
}

pub fn run(at: &Location, args: ShowArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let engine = open_existing(at)?;
    let Some(doc) = engine.article(&args.id)? else {
        let matches = engine.ids_with_prefix(&args.id, 21)?;
        if matches.len() > 1 {
            let shown = matches.iter().take(20).map(String::as_str).collect::<Vec<_>>().join("\n  ");
            let more = if matches.len() > 20 { "\n  …" } else { "" };
            return Err(format!(
                "the id prefix {:?} is ambiguous; articles that start with it:\n  {shown}{more}",
                args.id
            )
            .into());
        }
        eprintln!("newsgraph: no article with id {:?}", args.id);
        return Ok(exit::PARTIAL);
    };
    if args.related {
        let related = engine.links(&doc.id)?.map(|l| l.related).unwrap_or_default();
        if args.json {
            crate::output::json_line(&related)?;
        } else {
            for r in &related {
                println!("{:<8} {}  {}", r.reason, r.id, r.title.as_deref().unwrap_or("(untitled)"));
            }
        }
        return Ok(exit::OK);
    }
    if args.json {
        println!("{}", doc.to_json());
        return Ok(exit::OK);
    }
    println!("{}", doc.title.as_deref().unwrap_or("(untitled)"));
    let field = |name: &str, value: Option<String>| {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            println!("{name:>10}: {v}");
        }
    };
    field("id", Some(doc.id.clone()));
    field("published", doc.published.map(|p| p.to_string()));
    field("source", doc.source.clone());
    field("dateline", doc.dateline_place.clone());
    field("url", doc.url.clone());
    field("authors", Some(doc.authors.join(", ")));
    field("language", doc.language.clone());
    field("duplicate", doc.duplicate_of.clone());
    field("story", doc.story.clone());
    field("thread", doc.thread.clone());
    field("read by", Some(format!("{} from {}", doc.reader, doc.origin.as_deref().unwrap_or("-"))));
    for r in &doc.related_stories {
        field("related", Some(r.clone()));
    }
    println!();
    println!("{}", doc.text);
    Ok(exit::OK)
}
