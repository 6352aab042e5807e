//! `/`: what the knowledge base holds and what came in last.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;

use newsgraph_engine::{EntityFilter, StoryFilter, TrendOptions, Trends};

use super::charts::sparkline;
use super::search::encode;
use super::{PageError, day, layout, page, type_name};
use crate::App;

/// Articles listed on the home page.
const RECENT: usize = 20;
/// Stories listed on the home page.
const STORIES: usize = 10;
/// Entities listed on the home page.
const ENTITIES: usize = 15;
/// How far back "lately" reaches from the newest article.
const LATELY_DAYS: u64 = 7;

pub async fn show(State(app): State<Arc<App>>) -> Result<Response, PageError> {
    let (stats, recent, stories, entities, trends) = app
        .query(|e| {
            let stats = e.stats()?;
            // "Lately" is the last week of the collection, not of the clock: an archive
            // ingested today still shows its own last days.
            let since = stats
                .last_published
                .as_deref()
                .and_then(|d| chrono::NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok())
                .and_then(|d| d.checked_sub_days(chrono::Days::new(LATELY_DAYS)))
                .map(|d| d.to_string());
            let stories = e.stories(&StoryFilter { from: since.clone(), limit: STORIES, ..StoryFilter::default() })?;
            let entities =
                e.entities(&EntityFilter { since: since.clone(), limit: ENTITIES, ..EntityFilter::default() })?;
            let trends = e.trends(&TrendOptions { limit: STORIES, ..TrendOptions::default() })?;
            Ok((stats, e.recent(RECENT)?, stories, entities, trends))
        })
        .await?;
    let main = html! {
        section.summary {
            h1 { "The knowledge base" }
            p {
                (stats.articles) " articles from " (stats.sources) " sources"
                @if let (Some(first), Some(last)) = (&stats.first_published, &stats.last_published) {
                    ", published " (first) " to " (last)
                }
                "; " (stats.entities) " entities, " (stats.quotes) " quotes, "
                (stats.time_expressions) " time expressions and " (stats.events) " events found in them."
            }
        }
        (now(&trends))
        div.panels {
        section.stories {
            h2 { "Recent stories" }
            @if stories.is_empty() { p.none { "No stories yet." } }
            ol {
                @for s in &stories {
                    li {
                        a href={ "/stories/" (s.id) } { (s.title.as_deref().unwrap_or(&s.id)) }
                        " " span.meta { (s.articles.len()) " articles, " (s.sources.len()) " sources, "
                            (s.first_seen.as_deref().unwrap_or("")) " – " (s.last_seen.as_deref().unwrap_or("")) }
                    }
                }
            }
        }
        section.people {
            h2 { "Most mentioned lately" }
            @if entities.is_empty() { p.none { "No entities yet." } }
            ol {
                @for e in &entities {
                    li {
                        a href={ "/entities/" (encode(&e.id)) } { (e.name) }
                        " " span.type { (type_name(&e.kind)) } " " span.count { (e.articles) " articles" }
                    }
                }
            }
        }
        }
        section.recent {
            h2 { "Latest articles" }
            @if recent.is_empty() {
                p { "Nothing ingested yet: run " code { "newsgraph ingest PATH" } "." }
            }
            ol.articles {
                @for a in &recent {
                    li {
                        a href={ "/articles/" (a.id) } { (a.title.as_deref().unwrap_or("(untitled)")) }
                        span.meta { (a.source.as_deref().unwrap_or("")) " " (day(a.published.as_deref())) }
                    }
                }
            }
        }
    };
    Ok(page(StatusCode::OK, layout("Home", "", main)))
}

/// "Now": the window's top stories, breaking ones marked, and the rising entities, each with
/// its sparkline over the baseline (the last point is the window).
fn now(t: &Trends) -> maud::Markup {
    let Some(now) = &t.now else { return html! {} };
    let blocks = format!("articles per {} hours over {} days", t.window_hours, t.baseline_hours / 24);
    html! {
        section.now {
            h2 { "Now" }
            p.meta { "The " (t.window_hours) " hours to " (now) ", against each story's and entity's own last "
                (t.baseline_hours / 24) " days." }
            div.panels {
            section.top {
                h3 { "Top stories" }
                @if t.stories.is_empty() { p.none { "Nothing in the last hours." } }
                ol {
                    @for s in &t.stories {
                        @let title = s.title.as_deref().unwrap_or(&s.id);
                        li.breaking[s.breaking] {
                            @if s.breaking { strong.badge { "Breaking" } " " }
                            a href={ "/stories/" (encode(&s.id)) } { (title) }
                            " " span.meta { (s.articles) " articles, " (s.sources) " sources (" (s.new_sources) " new)" }
                            " " (sparkline(&s.sparkline, &format!("{title}: {blocks}")))
                        }
                    }
                }
            }
            section.rising {
                h3 { "Rising" }
                @if t.entities.is_empty() { p.none { "No entity well above its baseline." } }
                ol {
                    @for e in &t.entities {
                        @let name = e.name.as_deref().unwrap_or(&e.id);
                        li {
                            a href={ "/entities/" (encode(&e.id)) } { (name) }
                            " " span.type { (type_name(e.kind.as_deref().unwrap_or(""))) }
                            " " span.count { (e.articles) " articles, " (format!("{:.1}", e.expected_articles)) " expected" }
                            " " (sparkline(&e.sparkline, &format!("{name}: {blocks}")))
                        }
                    }
                }
            }
            }
        }
    }
}
