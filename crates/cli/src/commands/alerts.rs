use chrono::NaiveDate;
use clap::{Args, Subcommand};
use newsgraph_engine::{Location, SavedSearch};

use crate::exit;
use crate::output::{json_line, open, open_existing};

#[derive(Args)]
pub struct AlertsArgs {
    #[command(subcommand)]
    command: AlertsCommand,
}

#[derive(Subcommand)]
enum AlertsCommand {
    /// Save a search: every article stored from now on that matches it is recorded.
    Add(AddArgs),
    /// The saved alerts, with how many articles each matched.
    List {
        /// Print JSON Lines, one alert a line.
        #[arg(long)]
        json: bool,
    },
    /// Forget an alert and its matches.
    Remove {
        /// The alert's name.
        name: String,
    },
    /// POST the matches due to their alerts' webhooks (signed, retried with backoff);
    /// `serve` does this every few seconds by itself.
    Deliver,
    /// The articles an alert (or every alert) matched, newest first.
    Check {
        /// The alert's name; none: every alert.
        name: Option<String>,
        /// Most matches listed.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Print JSON Lines, one match a line.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
struct AddArgs {
    /// The alert's name (unique).
    name: String,
    /// Words that must all appear, whole words in any case (empty: every article passing
    /// the filters).
    query: String,
    /// Only this source (case-insensitive).
    #[arg(long)]
    source: Option<String>,
    /// Only articles naming this entity (a name or global id, resolved now).
    #[arg(long)]
    entity: Option<String>,
    /// Only articles of this story.
    #[arg(long)]
    story: Option<String>,
    /// Earliest publication day (YYYY-MM-DD).
    #[arg(long, value_parser = super::day)]
    from: Option<NaiveDate>,
    /// Latest publication day (YYYY-MM-DD).
    #[arg(long, value_parser = super::day)]
    to: Option<NaiveDate>,
    /// POST each match as JSON to this http:// address, signed with HMAC-SHA256 (header
    /// X-Newsgraph-Signature: sha256=HEX) under a secret printed once, now.
    #[arg(long)]
    webhook: Option<String>,
}

pub fn run(at: &Location, args: AlertsArgs) -> Result<u8, Box<dyn std::error::Error>> {
    match args.command {
        AlertsCommand::Add(a) => {
            // Saving an alert before the first ingest is the usual order: create the store.
            let mut engine = open(at)?;
            let search = SavedSearch {
                text: a.query,
                source: a.source,
                entity: a.entity,
                story: a.story,
                from: a.from,
                to: a.to,
            };
            let saved = engine.add_alert(&a.name, search, a.webhook.as_deref())?;
            println!("saved alert {:?}", saved.name);
            if let Some(secret) = &saved.secret {
                println!("webhook secret (shown once): {secret}");
            }
        }
        AlertsCommand::List { json } => {
            let engine = open_existing(at)?;
            for a in engine.alerts()? {
                if json {
                    json_line(&a)?;
                } else {
                    let s = &a.search;
                    let filters: Vec<String> = [
                        s.source.as_ref().map(|v| format!("source {v}")),
                        s.entity.as_ref().map(|v| format!("entity {v}")),
                        s.story.as_ref().map(|v| format!("story {v}")),
                        s.from.map(|v| format!("from {v}")),
                        s.to.map(|v| format!("to {v}")),
                    ]
                    .into_iter()
                    .flatten()
                    .collect();
                    println!(
                        "{}\t{:?} {}\t{} matches since {}",
                        a.name,
                        s.text,
                        filters.join(", "),
                        a.matches,
                        a.created_at
                    );
                }
            }
        }
        AlertsCommand::Remove { name } => {
            let mut engine = open_existing(at)?;
            if !engine.remove_alert(&name)? {
                eprintln!("no alert named {name:?}");
                return Ok(exit::PARTIAL);
            }
            println!("removed alert {name:?}");
        }
        AlertsCommand::Deliver => {
            let mut engine = open_existing(at)?;
            let report = engine.deliver_alerts()?;
            println!("{} delivered, {} to retry", report.delivered, report.failed);
            if report.failed > 0 {
                return Ok(exit::PARTIAL);
            }
        }
        AlertsCommand::Check { name, limit, json } => {
            let engine = open_existing(at)?;
            let matches = engine.alert_matches(name.as_deref(), limit)?;
            for m in &matches {
                if json {
                    json_line(&serde_json::json!({
                        "alert": m.alert, "article": m.article, "title": m.title, "source": m.source,
                        "published": m.published, "matched_at": m.matched_at,
                    }))?;
                } else {
                    println!(
                        "{}\t{}\t{}\t{}\t{}",
                        m.alert,
                        m.article,
                        m.published.as_deref().unwrap_or(""),
                        m.source.as_deref().unwrap_or(""),
                        m.title.as_deref().unwrap_or("(untitled)")
                    );
                }
            }
            if matches.is_empty() {
                return Ok(exit::PARTIAL);
            }
        }
    }
    Ok(exit::OK)
}
