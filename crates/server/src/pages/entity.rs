//! `/entities/{id}`: one entity across the knowledge base: aliases, attention over time,
//! roles over time, mentions by day, quotes, events and its network.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;
use newsgraph_engine::{Edge, EntityProfile, PlaceCount, PlaceFilter, SearchQuery, Timeline};

use super::charts::{self, Neighbour};
use super::search::{self, encode};
use super::{PageError, day, layout, map, page, type_name};
use crate::App;
use crate::error::ApiError;
use crate::params::{PathSegment, entity_key};

/// Ties drawn in the network (over the three relations).
const NEIGHBOURS: usize = 60;

pub async fn show(State(app): State<Arc<App>>, raw: Result<PathSegment, ApiError>) -> Result<Response, PageError> {
    let PathSegment(raw) = raw?;
    let key = entity_key(&raw)?;
    let lookup = key.clone();
    let found = app
        .query(move |e| {
            let candidates = e.entity_candidates(&lookup, 20)?;
            if candidates.len() > 1 {
                return Ok(Err(candidates));
            }
            let Some(profile) = e.entity(&lookup)? else { return Ok(Ok(None)) };
            let edges = e.network(&profile.id, NEIGHBOURS, 0)?;
            // Where a place (or the country a people's name stands for) was resolved to.
            let places = e.places_of(&[], Some(&profile.id))?;
            let naming = SearchQuery { entity: Some(profile.id.clone()), ..SearchQuery::new("") };
            let timeline = search::attention(e, &naming, &PlaceFilter::default())?;
            Ok(Ok(Some((profile, edges, places, timeline))))
        })
        .await?;
    // A surname fitting several people names none of them.
    let found = found.map_err(|candidates| {
        let listed: Vec<String> = candidates.iter().map(|c| format!("{} ({})", c.name, c.id)).collect();
        ApiError::Ambiguous(format!("{key:?} fits several entities: {}.", listed.join("; ")))
    })?;
    let (p, edges, places, timeline) =
        found.ok_or_else(|| ApiError::NotFound(format!("There is no entity {key:?}.")))?;
    Ok(page(StatusCode::OK, layout(&p.name, "", profile(&p, &edges, &places, timeline.as_ref()))))
}

fn profile(p: &EntityProfile, edges: &[Edge], places: &[PlaceCount], timeline: Option<&Timeline>) -> maud::Markup {
    let counts: Vec<(String, u64)> = p.mentions_by_day.iter().map(|d| (d.date.clone(), d.count)).collect();
    let roles: Vec<(String, Option<String>, Option<String>)> = p
        .roles
        .iter()
        .map(|r| {
            let label = match &r.of {
                Some(of) => format!("{}, {of}", r.title),
                None => r.title.clone(),
            };
            (label, r.first_seen.clone(), r.last_seen.clone())
        })
        .collect();
    let neighbours: Vec<Neighbour<'_>> =
        edges.iter().map(|e| Neighbour { id: &e.id, name: &e.name, relation: e.relation, weight: e.weight }).collect();
    html! {
        article.entity {
            h1 { (p.name) " " span.type { (type_name(&p.kind)) } }
            p.meta {
                "In " a href={ "/search?entity=" (encode(&p.id)) } { (p.articles) " articles" }
                @if let (Some(a), Some(b)) = (&p.first_seen, &p.last_seen) { ", " (a) " to " (b) }
                " · id " code { (p.id) } " · " a href={ "/api/entities/" (encode(&p.id)) } { "JSON" }
            }
            @if !p.aliases.is_empty() {
                p.aliases { "Also called: " (p.aliases.join(", ")) }
            }
            div.panels {
                @if !places.is_empty() {
                    section.places {
                        h2 { "Where" }
                        (map::map(&map::pins(places), &format!("Where {} lies", p.name)))
                    }
                }
                @if let Some(t) = timeline {
                    section.timeline {
                        h2 { "Attention by day" }
                        (charts::attention(t, &format!("Articles naming {} by day, and their share of all articles", p.name)))
                    }
                }
                section.mentions {
                    h2 { "Mentions by day" }
                    (charts::bars_by_day(&counts, &format!("Mentions of {} by day", p.name)))
                }
                @if !p.roles.is_empty() {
                    section.roles {
                        h2 { "Roles over time" }
                        (charts::spans(&roles, &format!("Roles of {}", p.name)))
                        table {
                            tr { th { "Role" } th { "First seen" } th { "Last seen" } }
                            @for r in &p.roles {
                                tr {
                                    td { (r.title) @if let Some(of) = &r.of { ", " (of) } }
                                    td { (r.first_seen.as_deref().unwrap_or("")) }
                                    td { (r.last_seen.as_deref().unwrap_or("")) }
                                }
                            }
                        }
                    }
                }
                section.network {
                    h2 { "Network" }
                    @if neighbours.is_empty() { p.none { "No ties found." } } @else {
                        (charts::network(&p.name, &neighbours))
                        p.legend { span.met { "met" } " " span.quoted_with { "quoted with" } " " span.cooccurs { "named together" } }
                    }
                }
                section.quotes {
                    h2 { "Quotes" " " a.more href={ "/quotes?by=" (encode(&p.id)) } { "all" } }
                    @if p.quotes.is_empty() { p.none { "None found." } }
                    ol {
                        @for q in &p.quotes {
                            li {
                                blockquote { (q.content) }
                                span.meta {
                                    (q.cue.as_deref().unwrap_or("")) " " (day(q.day.as_deref()))
                                    " · " a href={ "/articles/" (q.article) } { "article" }
                                }
                            }
                        }
                    }
                }
                section.events {
                    h2 { "Events" }
                    @if p.events.is_empty() { p.none { "None found." } }
                    ol {
                        @for e in &p.events {
                            li {
                                span.type { (e.kind) } " " span.status { (e.status) } " "
                                span.meta { (e.date.as_deref().unwrap_or_else(|| day(e.day.as_deref()))) }
                                @if let Some(place) = &e.place { " in " (place) }
                                div { (e.evidence) " " a href={ "/articles/" (e.article) } { "article" } }
                            }
                        }
                    }
                }
                @if !p.cooccurring.is_empty() {
                    section.cooccurring {
                        h2 { "Named with" }
                        ul {
                            @for c in &p.cooccurring {
                                li { a href={ "/entities/" (encode(&c.id)) } { (c.name) } " " span.count { (c.count) } }
                            }
                        }
                    }
                }
            }
        }
    }
}
