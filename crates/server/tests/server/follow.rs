//! `serve --follow`: the follower runs on a thread of the server and `/api/sources` reports
//! on it; articles it stores are searchable at once.

use std::time::{Duration, Instant};

use newsgraph_follow::fake_site::FakeSite;
use newsgraph_follow::{AddressPolicy, FetchOptions, FollowOptions};
use newsgraph_server::{Config, Follow};
use newsgraph_store::NewSource;

use crate::common::TestServer;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_follows_sources_and_lists_them() {
    let site = FakeSite::start().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::new(newsgraph_engine::Location::Dir(dir.path().join("data")));
    config.readers = 1;
    config.follow = Some(Follow {
        sources: ["/feeds/business.rss", "/feeds/error.rss"]
            .iter()
            .map(|p| NewSource { url: site.url(p), title: None })
            .collect(),
        options: FollowOptions {
            fetch: FetchOptions {
                min_delay: Duration::from_millis(20),
                addresses: AddressPolicy::AllowLoopback,
                ..FetchOptions::default()
            },
            ..FollowOptions::default()
        },
    });
    let router = newsgraph_server::router(&config).unwrap();
    let server = TestServer::over(router, config, dir);
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
