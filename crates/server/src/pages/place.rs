//! `/places/{id}`: one place (by GeoNames id) on the map, with what happened there and the
//! articles that name it.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use newsgraph_engine::PlaceProfile;

use super::map::{self, Pin};
use super::{PageError, day, layout, page};
use crate::App;
use crate::error::ApiError;
use crate::params::{PathSegment, geonameid};

pub async fn show(State(app): State<Arc<App>>, raw: Result<PathSegment, ApiError>) -> Result<Response, PageError> {
    let PathSegment(raw) = raw?;
    let id = geonameid(&raw)?;
    let found = app.query(move |e| e.place(id)).await?;
    let p = found.ok_or_else(|| ApiError::NotFound(format!("No article names a place with GeoNames id {id}.")))?;
    Ok(page(StatusCode::OK, layout(&p.place.name, "", profile(&p))))
}

fn profile(p: &PlaceProfile) -> Markup {
    let place = &p.place;
    let pin = Pin { label: place.name.clone(), lat: place.lat, lon: place.lon, weight: 1, href: None };
    html! {
        article.place {
            h1 { (place.name) " " span.type { (place.kind) } }
            p.meta {
                @if let Some(d) = &place.division { (d) ", " }
                @if let Some(c) = &place.country { (c) " · " }
                (format!("{:.4}, {:.4}", place.lat, place.lon))
                " · GeoNames " a href={ "https://www.geonames.org/" (place.geonameid) } rel="nofollow noopener" { (place.geonameid) }
                " · " a href={ "/api/places/" (place.geonameid) } { "JSON" }
                " · " a href={ "/search?near=" (format!("{:.4},{:.4},50", place.lat, place.lon)) } { "articles within 50 km" }
            }
            div.panels {
                section.map { (map::map(&[pin], &format!("Where {} lies", place.name))) }
                section.events {
                    h2 { "What happened there" }
                    @if p.events.is_empty() { p.none { "No events found." } }
                    ol {
                        @for e in &p.events {
                            li {
                                span.type { (e.kind) } " " span.status { (e.status) } " "
                                span.meta { (e.date.as_deref().unwrap_or_else(|| day(e.day.as_deref()))) }
                                div { (e.evidence) " " a href={ "/articles/" (e.article) } { "article" } }
                            }
                        }
                    }
                }
                section.articles {
                    h2 { "Articles naming it (" (p.articles.len()) ")" }
                    ol {
                        @for a in &p.articles {
                            li {
                                a href={ "/articles/" (a.id) } { (a.title.as_deref().unwrap_or("(untitled)")) }
                                " " span.meta { (day(a.day.as_deref())) }
                            }
                        }
                    }
                }
            }
        }
    }
}
