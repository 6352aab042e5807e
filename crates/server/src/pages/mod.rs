//! The web pages: server-rendered HTML (maud escapes every interpolated string), one
//! stylesheet, no script. Layer toggles on the article page are checkboxes read by CSS.

mod alerts;
mod annotated;
mod article;
mod charts;
mod entity;
mod home;
mod map;
mod place;
mod quotes;
mod search;
mod sources;
mod story;
mod thread;

use std::sync::Arc;

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::{DOCTYPE, Markup, html};

use crate::App;
use crate::error::ApiError;

/// The page routes.
pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/", get(home::show))
        .route("/search", get(search::show))
        .route("/articles/{id}", get(article::show))
        .route("/entities/{id}", get(entity::show))
        .route("/stories/{id}", get(story::show))
        .route("/threads", get(thread::list))
        .route("/threads/{id}", get(thread::show))
        .route("/places/{id}", get(place::show))
        .route("/quotes", get(quotes::show))
        .route("/alerts", get(alerts::list))
        .route("/alerts/{file}", get(alerts::feed))
        .route("/sources", get(sources::show))
        .route("/static/style.css", get(stylesheet))
        .route("/static/world.svg", get(map::world))
        .fallback(not_found)
}

/// A page's frame: header with search box, main content, footer.
pub fn layout(title: &str, query: &str, main: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · newsgraph" }
                link rel="stylesheet" href="/static/style.css";
            }
            body {
                header.top {
                    a.brand href="/" { "newsgraph" }
                    form.search action="/search" method="get" role="search" {
                        input type="search" name="q" value=(query) placeholder="Search articles" aria-label="Search articles";
                        button type="submit" { "Search" }
                    }
                    nav { a href="/" { "Home" } a href="/threads" { "Threads" } a href="/quotes" { "Quotes" } a href="/alerts" { "Alerts" } a href="/api/openapi.json" { "API" } }
                }
                main { (main) }
            }
        }
    }
}

/// An HTML answer.
pub fn page(status: StatusCode, markup: Markup) -> Response {
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], markup.into_string()).into_response()
}

/// An error shown as a page, with the status of the same table as the API.
pub struct PageError(pub ApiError);

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> PageError {
        PageError(e)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, code) = self.0.status_and_code();
        if let ApiError::Internal(detail) = &self.0 {
            eprintln!("newsgraph serve: internal error: {detail}");
        }
        let message = self.0.to_string();
        let title = status.canonical_reason().unwrap_or("Error");
        page(
            status,
            layout(
                title,
                "",
                html! {
                    h1 { (title) }
                    p.error data-code=(code) { (message) }
                    p { a href="/" { "Back to the home page" } }
                },
            ),
        )
    }
}

async fn not_found(uri: axum::http::Uri) -> PageError {
    PageError(ApiError::NotFound(format!("There is no page at {}.", crate::params::shorten(uri.path()))))
}

async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../../assets/style.css"),
    )
        .into_response()
}

/// A date as stored, cut to the day for lists.
pub fn day(published: Option<&str>) -> &str {
    published.map_or("", |p| p.get(..10).unwrap_or(p))
}

/// Human name of an entity type code (`PER` → person).
pub fn type_name(code: &str) -> &'static str {
    match code {
        "PER" => "person",
        "ORG" => "organisation",
        "LOC" => "place",
        _ => "other",
    }
}
