//! `/articles/{id}`: an article with its layers highlighted and listed, each layer switched
//! on and off by a checkbox (CSS reads it; no script).

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use newsgraph_document::{Document, Entity};
use newsgraph_engine::ArticleLinks;

use super::annotated::{self, entity_class, entity_type_name, kind_name, status_name, time_type};
use super::{PageError, layout, map, page};
use crate::App;
use crate::error::ApiError;
use crate::params::{PathSegment, article_id};

pub async fn show(State(app): State<Arc<App>>, raw: Result<PathSegment, ApiError>) -> Result<Response, PageError> {
    let PathSegment(raw) = raw?;
    let id = article_id(&raw)?;
    let lookup = id.clone();
    let found = app
        .query(move |e| match e.article(&lookup)? {
            Some(doc) => {
                let links = e.links(&doc.id)?;
                Ok(Some((doc, links)))
            }
            None => Ok(None),
        })
        .await?;
    let (doc, links) = found.ok_or_else(|| ApiError::NotFound(format!("There is no article with id {id}.")))?;
    // An untitled article (plain text, some wires) is named by its first sentence.
    let title = doc.label().unwrap_or_else(|| "(untitled)".to_string());
    Ok(page(StatusCode::OK, layout(&title, "", article(&doc, &title, links.as_ref()))))
}

fn article(doc: &Document, title: &str, links: Option<&ArticleLinks>) -> Markup {
    html! {
        article.doc {
            h1 { (title) }
            p.meta {
                @if let Some(s) = &doc.source { span.source { (s) } " " }
                @if let Some(p) = &doc.dateline_place { span.place { (p) } " " }
                @if let Some(p) = &doc.published { time datetime=(p.to_string()) { (p) } " " }
                @if !doc.authors.is_empty() { "by " (doc.authors.join(", ")) " " }
                // Only web URLs become links: a `javascript:` URL from an input stays text.
                @if let Some(url) = &doc.url {
                    @if url.starts_with("https://") || url.starts_with("http://") {
                        a.url href=(url) rel="nofollow noopener" { "original" }
                    } @else {
                        span.url { (url) }
                    }
                }
            }
            p.ident {
                "id " code { (doc.id) } " · " a href={ "/api/articles/" (doc.id) } { "JSON" }
                @if let Some(story) = &doc.story { " · " a.story href={ "/stories/" (story) } { "story" } }
                @if let Some(original) = &doc.duplicate_of {
                    " · near-duplicate of " a.duplicate href={ "/articles/" (original) } { (original) }
                }
            }
            fieldset.toggles {
                legend { "Highlight" }
                label.ent-toggle { input #show-entities type="checkbox" checked; " entities (" (doc.entities.len()) ")" }
                label.quote-toggle { input #show-quotes type="checkbox" checked; " quotes (" (doc.quotes.len()) ")" }
                label.time-toggle { input #show-time type="checkbox" checked; " time expressions (" (doc.time_expressions.len()) ")" }
                label.event-toggle { input #show-events type="checkbox" checked; " events (" (doc.events.len()) ")" }
            }
            div.layout {
                div.body.annotated { (annotated::body(doc)) }
                aside.layers {
                    (places(doc))
                    (entities(doc))
                    (quotes(doc))
                    (times(doc))
                    (events(doc))
                    @if let Some(l) = links.filter(|l| !l.related.is_empty()) {
                        section.related {
                            h2 { "Related articles" }
                            ul { @for r in &l.related {
                                li { a href={ "/articles/" (r.id) } { (r.title.as_deref().unwrap_or(&r.id)) } " " span.meta { (r.reason) } }
                            } }
                        }
                    }
                    @if !doc.related_stories.is_empty() {
                        section { h2 { "Related stories (as listed)" } ul { @for r in &doc.related_stories { li { (r) } } } }
                    }
                }
            }
        }
    }
}

fn entity_name<'a>(doc: &'a Document, id: Option<&str>) -> Option<&'a Entity> {
    id.and_then(|id| doc.entities.iter().find(|e| e.id == id))
}

fn entities(doc: &Document) -> Markup {
    let mut list: Vec<&Entity> = doc.entities.iter().collect();
    list.sort_by(|a, b| b.mentions.len().cmp(&a.mentions.len()).then_with(|| a.name.cmp(&b.name)));
    html! {
        section.entities {
            h2 { "Entities" }
            @if list.is_empty() { p.none { "None found." } }
            ul {
                @for e in list {
                    li id={ "entity-" (e.id) } class={ "ent-item " (entity_class(e.kind)) } {
                        @if let Some(g) = &e.global {
                            a class={ "ent " (entity_class(e.kind)) } href={ "/entities/" (g) } { (e.name) }
                        } @else {
                            span class={ "ent " (entity_class(e.kind)) } { (e.name) }
                        }
                        " " span.type { (entity_type_name(e.kind)) } " "
                        span.count { (plural(e.mentions.len(), "mention")) }
                        @if !e.aliases.is_empty() { div.aliases { "also: " (e.aliases.join(", ")) } }
                        @for r in &e.roles {
                            div.role {
                                (r.title)
                                @if let Some(of) = &r.of { ", " (of) }
                                @if let Some(place) = &r.place { " (" (place) ")" }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn quotes(doc: &Document) -> Markup {
    html! {
        section.quotes {
            h2 { "Quotes" }
            @if doc.quotes.is_empty() { p.none { "None found." } }
            ol {
                @for q in &doc.quotes {
                    li.quote-item {
                        span.who {
                            @match &q.speaker {
                                Some(s) => {
                                    @let name = entity_name(doc, s.entity.as_deref()).map(|e| e.name.clone()).or_else(|| s.name.clone());
                                    (name.unwrap_or_else(|| doc.slice(s.span).to_string()))
                                }
                                None => "(unattributed)",
                            }
                        }
                        @if let Some(c) = q.cue { " " span.cue { (doc.slice(c)) } }
                        " " span.kind { (kind_name(q)) }
                        blockquote { (q.text(&doc.text)) }
                        @if q.date.is_some() || q.place.is_some() || q.addressee.is_some() || q.manner.is_some() {
                            div.context {
                                @if let Some(d) = &q.date { "when " (d) " " }
                                @if let Some(p) = &q.place { "where " (p) " " }
                                @if let Some(a) = &q.addressee { "to " (a) " " }
                                @if let Some(m) = &q.manner { "how " (m) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn times(doc: &Document) -> Markup {
    html! {
        section.times {
            h2 { "Time expressions" }
            @if doc.time_expressions.is_empty() { p.none { "None found." } }
            table {
                @for t in &doc.time_expressions {
                    tr {
                        td { (doc.slice(t.span)) }
                        td.type { (time_type(t)) }
                        td.value { code { (t.value) }
                            @if let (Some(f), Some(to)) = (&t.from, &t.to) { " (" (f) " – " (to) ")" }
                            @if let Some(m) = &t.modifier { " " (m) }
                        }
                    }
                }
            }
        }
    }
}

fn events(doc: &Document) -> Markup {
    html! {
        section.events {
            h2 { "Events" }
            @if doc.events.is_empty() { p.none { "None found." } }
            ol {
                @for e in &doc.events {
                    li.event-item {
                        span.type { (e.kind) } " " span.status { (status_name(e.status)) } " "
                        q { (doc.slice(e.trigger)) }
                        @if !e.participants.is_empty() {
                            div.participants {
                                @for (i, p) in e.participants.iter().enumerate() {
                                    @if i > 0 { "; " }
                                    (p.role) ": " (p.name)
                                }
                            }
                        }
                        @if e.what.is_some() || e.place.is_some() || e.date.is_some() {
                            div.context {
                                @if let Some(w) = &e.what { "what " (w) " " }
                                @if let Some(p) = &e.place { "where " (p) " " }
                                @if let Some(d) = &e.date { "when " (d) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `1 mention`, `2 mentions`.
fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

/// The article's places on a map: one pin per place, sized by its mentions.
fn places(doc: &Document) -> Markup {
    let mut pins: Vec<map::Pin> = Vec::new();
    let mut ids: Vec<u32> = Vec::new();
    for p in &doc.places {
        match ids.iter().position(|&id| id == p.geo.geonameid) {
            Some(i) => pins[i].weight += 1,
            None => {
                ids.push(p.geo.geonameid);
                let label = match &p.geo.division {
                    Some(d) => format!("{}, {} ({})", p.geo.name, d, p.geo.country),
                    None if p.geo.country.is_empty() => p.geo.name.clone(),
                    None => format!("{} ({})", p.geo.name, p.geo.country),
                };
                let href = Some(format!("/places/{}", p.geo.geonameid));
                pins.push(map::Pin { label, lat: p.geo.lat, lon: p.geo.lon, weight: 1, href });
            }
        }
    }
    if pins.is_empty() {
        return html! {};
    }
    html! {
        section.places {
            h2 { "Places (" (pins.len()) ")" }
            (map::map(&pins, "Where the article's places lie"))
        }
    }
}
