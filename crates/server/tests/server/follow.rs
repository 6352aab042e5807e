//! `serve --follow`: the follower runs on a thread of the server and `/api/sources` reports
//! on it; articles it stores are searchable at once.

use std::time::{Duration, Instant};

use newsgraph_follow::fake_site::FakeSite;
use newsgraph_follow::{AddressPolicy, FetchOptions, FollowOptions};
use newsgraph_server::{Config, Follow};
use newsgraph_store::NewSource;

use crate::common::TestServer;

/// A server following `paths` of the fake site, with `fetch` (loopback allowed, short delays).
fn following(site: &FakeSite, paths: &[&str], fetch: FetchOptions, token: Option<&str>) -> TestServer {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::new(newsgraph_engine::Location::Dir(dir.path().join("data")));
    config.readers = 1;
    config.token = token.map(str::to_string);
    config.follow = Some(Follow {
        sources: paths.iter().map(|p| NewSource { url: site.url(p), title: None }).collect(),
        options: FollowOptions {
            fetch: FetchOptions {
                min_delay: Duration::from_millis(20),
                addresses: AddressPolicy::AllowLoopback,
                ..fetch
            },
            ..FollowOptions::default()
        },
    });
    let router = newsgraph_server::router(&config).unwrap();
    TestServer::over(router, config, dir)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_follows_sources_and_lists_them() {
    let site = FakeSite::start().unwrap();
    let server = following(&site, &["/feeds/business.rss", "/feeds/error.rss"], FetchOptions::default(), None);
    let start = Instant::now();
    let sources = loop {
        let reply = server.get("/api/sources").await;
        assert_eq!(reply.status, 200);
        let sources = reply.json();
        let polled = sources.as_array().unwrap().iter().all(|s| s["health"] != "new");
        if polled {
            break sources;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "not polled: {sources}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let by_url = |p: &str| sources.as_array().unwrap().iter().find(|s| s["url"] == site.url(p)).unwrap().clone();
    assert_eq!(by_url("/feeds/business.rss")["articles"], 2, "{sources}");
    assert_eq!(by_url("/feeds/business.rss")["health"], "ok");
    assert_eq!(by_url("/feeds/error.rss")["last_error"], "HTTP 500");
    let html = server.get("/sources").await;
    assert_eq!(html.status, 200);
    assert!(html.body.contains(&site.url("/feeds/error.rss")) && html.body.contains("HTTP 500"), "{}", html.body);
    // The query engines' index readers reload shortly after the follower's commit.
    let start = Instant::now();
    loop {
        let search = server.get("/api/search?q=ferry").await.json();
        if search["total"] == 1 {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "{search}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The follower takes the write turn only to store: while a slow site keeps a round fetching,
/// a posted article is stored at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_does_not_wait_for_a_round_of_fetching() {
    let site = FakeSite::start().unwrap();
    // The slow feed answers after 20 s; the fetch gives up after 10.
    let fetch = FetchOptions { timeout: Duration::from_secs(10), ..FetchOptions::default() };
    let server = following(&site, &["/feeds/slow.rss"], fetch, Some("t"));
    let start = Instant::now();
    while !site.hits().iter().any(|h| h.path == "/feeds/slow.rss") {
        assert!(start.elapsed() < Duration::from_secs(20), "the follower never asked for the slow feed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let asked = Instant::now();
    let request = axum::http::Request::post("/api/articles")
        .header("authorization", "Bearer t")
        .header("content-type", "text/plain")
        .body(axum::body::Body::from("Ferry crews in Faro voted on Friday to end a week-long strike.\n"))
        .unwrap();
    let reply = server.send(request).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    let waited = asked.elapsed();
    assert!(waited < Duration::from_secs(5), "the post waited {waited:?} for the follower's round");
}
