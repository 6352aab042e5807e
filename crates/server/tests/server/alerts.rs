//! Alerts over HTTP: saved with the token, matched as articles are posted, listed as JSON,
//! on a page and as an Atom feed whose text is escaped.

use axum::body::Body;
use axum::http::Request;

use crate::common::TestServer;

fn post(uri: &str, token: Option<&str>, content_type: &str, body: &str) -> Request<Body> {
    let mut r = Request::post(uri).header("content-type", content_type);
    if let Some(t) = token {
        r = r.header("authorization", format!("Bearer {t}"));
    }
    r.body(Body::from(body.to_string())).unwrap()
}

#[tokio::test]
async fn alerts_are_saved_matched_and_fed() {
    let server = TestServer::new(&[], Some("t"));
    let ferries = r#"{"name": "ferries <b>", "text": "ferry", "webhook": "http://127.0.0.1:9/hook"}"#;
    assert_eq!(server.send(post("/api/alerts", None, "application/json", ferries)).await.status, 401);
    assert_eq!(server.send(post("/api/alerts", Some("x"), "application/json", ferries)).await.status, 401);
    let saved = server.send(post("/api/alerts", Some("t"), "application/json", ferries)).await;
    assert_eq!(saved.status, 201, "{}", saved.body);
    assert_eq!(saved.json()["search"]["text"], "ferry");
    assert_eq!(saved.json()["secret"].as_str().map(str::len), Some(32), "the secret is given once: {}", saved.body);
    let tls = r#"{"name": "tls", "webhook": "https://x.test/"}"#;
    assert_eq!(server.send(post("/api/alerts", Some("t"), "application/json", tls)).await.status, 400);
    let again = server.send(post("/api/alerts", Some("t"), "application/json", ferries)).await;
    assert_eq!((again.status.as_u16(), again.code().as_str()), (400, "bad_parameter"), "{}", again.body);
    let bad = server.send(post("/api/alerts", Some("t"), "application/json", r#"{"nom": "x"}"#)).await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    let markets = r#"{"name": "markets", "text": "market", "source": "Porto Post"}"#;
    assert_eq!(server.send(post("/api/alerts", Some("t"), "application/json", markets)).await.status, 201);

    let articles = [
        r#"{"title": "Ferry strike <script>alert(1)</script>", "source": "Tagus Wire", "published": "2026-03-10T09:15:00Z", "text": "Ferry crews walked out at dawn."}"#,
        r#"{"title": "Market day", "source": "Tagus Wire", "published": "2026-03-10T10:00:00Z", "text": "Fish prices fell at the market."}"#,
    ]
    .join("\n");
    let stored = server.send(post("/api/articles", Some("t"), "application/x-ndjson", &articles)).await;
    assert_eq!(stored.status, 201, "{}", stored.body);

    let list = server.get("/api/alerts").await.json();
    let counts: Vec<(&str, u64)> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["name"].as_str().unwrap(), a["matches"].as_u64().unwrap()))
        .collect();
    assert_eq!(counts, [("ferries <b>", 1), ("markets", 0)], "the market article is not from Porto Post");
    assert!(list["items"][0].get("secret").is_none(), "never listed: {list}");
    assert_eq!(list["items"][0]["webhook"], "http://127.0.0.1:9/hook");
    let matched = server.get("/api/alerts/ferries%20%3Cb%3E/matches").await;
    assert_eq!(matched.status, 200, "{}", matched.body);
    let items = matched.json()["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 1);
    assert!(items[0]["title"].as_str().unwrap().starts_with("Ferry strike"));
    assert_eq!(server.get("/api/alerts/nobody/matches").await.status, 404);
    assert_eq!(server.get("/api/alerts/markets/matches?limit=0").await.status, 400);

    // The feed: one entry per match, its id naming alert and article; all text escaped.
    let feed = server.get("/alerts/ferries%20%3Cb%3E.atom").await;
    assert_eq!(feed.status, 200, "{}", feed.body);
    assert!(feed.content_type().starts_with("application/atom+xml"));
    assert!(feed.body.starts_with("<?xml"), "{}", feed.body);
    assert_eq!(feed.body.matches("<entry>").count(), 1, "{}", feed.body);
    let article = items[0]["article"].as_str().unwrap();
    assert!(feed.body.contains(&format!(":{article}</id>")), "{}", feed.body);
    assert!(feed.body.contains("&lt;script&gt;") && !feed.body.contains("<script"), "{}", feed.body);
    assert!(feed.body.contains("newsgraph alert: ferries &lt;b&gt;"), "{}", feed.body);
    assert_eq!(server.get("/alerts/nobody.atom").await.status, 404);
    let page = server.get("/alerts").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("ferries &lt;b&gt;") && !page.body.contains("<script"), "{}", page.body);

    let delete = |token: Option<&str>| {
        let mut r = Request::delete("/api/alerts/markets");
        if let Some(t) = token {
            r = r.header("authorization", format!("Bearer {t}"));
        }
        r.body(Body::empty()).unwrap()
    };
    assert_eq!(server.send(delete(None)).await.status, 401);
    assert_eq!(server.send(delete(Some("t"))).await.status, 204);
    assert_eq!(server.send(delete(Some("t"))).await.status, 404);
}
