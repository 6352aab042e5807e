//! Writes need the configured bearer token; refused writes store nothing.

use axum::body::Body;
use axum::http::Request;

use crate::common::TestServer;

const ARTICLE: &str = " date 2026-02-20 FARO (TAGUS WIRE) - Fishing crews in Faro voted on Friday to end a week-long strike after the port authority agreed to review mooring fees.\n";

fn post(token: Option<&str>) -> Request<Body> {
    let mut b = Request::post("/api/articles").header("content-type", "text/plain");
    if let Some(t) = token {
        b = b.header("authorization", t);
    }
    b.body(Body::from(ARTICLE)).unwrap()
}

async fn article_count(server: &TestServer) -> u64 {
    server.get("/api/stats").await.json()["articles"].as_u64().unwrap()
}

#[tokio::test]
async fn without_a_configured_token_writes_are_off() {
    let server = TestServer::fixtures();
    for header in [None, Some("Bearer anything")] {
        let reply = server.send(post(header)).await;
        assert_eq!(reply.status, 403, "{}", reply.body);
        assert_eq!(reply.code(), "writes_disabled");
    }
    assert_eq!(article_count(&server).await, 3);
    assert_eq!(server.get("/api/search?q=mooring").await.json()["total"], 0);
}

#[tokio::test]
async fn missing_or_wrong_tokens_are_refused_and_nothing_is_stored() {
    let server = TestServer::new(&[&crate::common::fixtures()], Some("s3cret-token"));
    for header in [
        None,
        Some("Bearer wrong"),
        Some("Bearer s3cret-toke"),
        Some("s3cret-token"),
        Some("Basic s3cret-token"),
        Some("Bearer "),
    ] {
        let reply = server.send(post(header)).await;
        assert_eq!(reply.status, 401, "{header:?}: {}", reply.body);
        assert_eq!(reply.code(), "unauthorized");
        assert_eq!(reply.headers.get("www-authenticate").unwrap(), "Bearer");
    }
    assert_eq!(article_count(&server).await, 3);

    // The right token stores the article once; posting it again is a duplicate.
    let reply = server.send(post(Some("Bearer s3cret-token"))).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    let mut result = reply.json();
    assert_eq!((result["new"].as_u64(), result["duplicate"].as_u64()), (Some(1), Some(0)));
    let id = result["ids"][0].as_str().unwrap().to_string();
    result["elapsed"] = 0.into();
    insta::assert_snapshot!("ingest_one", serde_json::to_string_pretty(&result).unwrap());
    assert_eq!(article_count(&server).await, 4);
    let stored = server.get(&format!("/api/articles/{id}")).await.json();
    assert_eq!(stored["dateline_place"], "FARO");
    assert_eq!(stored["published"], "2026-02-20");
    // The stored article says it came from the request, not from a temporary file.
    assert_eq!(stored["origin"], "request");

    let again = server.send(post(Some("Bearer s3cret-token"))).await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!((again.json()["new"].as_u64(), again.json()["duplicate"].as_u64()), (Some(0), Some(1)));
    assert_eq!(article_count(&server).await, 4);
}

#[tokio::test]
async fn posted_json_lines_use_the_jsonl_reader() {
    let server = TestServer::new(&[], Some("t"));
    let body = concat!(
        r#"{"title": "Tram line to Belém reopens", "text": "The tram line to Belém reopened on Saturday after repairs.", "source": "Harbour Ledger", "published": "2026-02-21"}"#,
        "\n",
        r#"{"title": "Second record", "text": "A second record in the same body.", "published": "2026-02-22"}"#,
        "\n"
    );
    let request = Request::post("/api/articles")
        .header("authorization", "Bearer t")
        .header("content-type", "application/x-ndjson")
        .body(Body::from(body))
        .unwrap();
    let reply = server.send(request).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(reply.json()["new"], 2);
    let id = reply.json()["ids"][0].as_str().unwrap().to_string();
    let doc = server.get(&format!("/api/articles/{id}")).await.json();
    assert_eq!(doc["reader"], "jsonl");
    assert_eq!(doc["title"], "Tram line to Belém reopens");
}

/// While an `ingest` command writes the same data directory, a posted article is refused
/// at once as busy (503, retry later) rather than kept waiting; afterwards it is stored.
#[tokio::test]
async fn a_write_while_an_ingest_runs_is_busy_and_stores_nothing() {
    let server = TestServer::new(&[&crate::common::fixtures()], Some("s3cret-token"));
    let ingest = newsgraph_engine::WriterLock::acquire(&server.config.location, "ingest x.jsonl", |_| ())
        .unwrap()
        .expect("a data directory has a writer lock");
    let reply = server.send(post(Some("Bearer s3cret-token"))).await;
    assert_eq!(reply.status, 503, "{}", reply.body);
    assert_eq!(reply.code(), "busy");
    assert_eq!(article_count(&server).await, 3);
    drop(ingest);
    let reply = server.send(post(Some("Bearer s3cret-token"))).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(article_count(&server).await, 4);
}
