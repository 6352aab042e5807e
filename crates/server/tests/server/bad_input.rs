//! Bad requests get a JSON error with the right status and a stable code, and the server
//! goes on answering.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::Request;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::common::TestServer;

#[tokio::test]
async fn malformed_parameters_unknown_ids_and_traversal() {
    let server = TestServer::fixtures();
    let cases: &[(&str, u16, &str)] = &[
        ("/api/search?limit=abc", 400, "bad_parameter"),
        ("/api/search?limit=0", 400, "bad_parameter"),
        ("/api/search?limit=101", 400, "bad_parameter"),
        ("/api/search?limit=-1", 400, "bad_parameter"),
        ("/api/search?offset=99999999999999999999999", 400, "bad_parameter"),
        ("/api/search?from=2026-13-01", 400, "bad_parameter"),
        ("/api/search?from=2026-03-01&to=2026-02-01", 400, "bad_parameter"),
        ("/api/search?colour=red", 400, "bad_parameter"),
        ("/api/articles/0000000000000000", 404, "not_found"),
        ("/api/articles/zzzz", 400, "bad_id"),
        ("/api/articles/..%2F..%2Fetc%2Fpasswd", 400, "bad_id"),
        ("/api/articles/%2e%2e", 400, "bad_id"),
        ("/api/articles/..", 400, "bad_id"),
        ("/api/articles/../../etc/passwd", 404, "not_found"),
        ("/api/articles/7231d0a64a9ed0830000", 400, "bad_id"),
        ("/api/nothing-here", 404, "not_found"),
    ];
    for &(uri, status, code) in cases {
        let reply = server.get(uri).await;
        assert_eq!(reply.status.as_u16(), status, "{uri}: {}", reply.body);
        assert_eq!(reply.content_type(), "application/json", "{uri}");
        assert_eq!(reply.code(), code, "{uri}");
        assert!(!reply.json()["error"]["message"].as_str().unwrap().is_empty());
    }
    let mut errors = Vec::new();
    for uri in ["/api/search?limit=abc", "/api/articles/..%2F..%2Fetc%2Fpasswd", "/api/articles/0000000000000000"] {
        errors.push(format!("{uri}\n{}", server.get(uri).await.pretty()));
    }
    insta::assert_snapshot!("errors", errors.join("\n\n"));

    let delete = server.send(Request::delete("/api/articles/abc").body(Body::empty()).unwrap()).await;
    assert_eq!((delete.status.as_u16(), delete.code()), (405, "method_not_allowed".to_string()));
    // Pages answer the same table in HTML.
    let page = server.get("/articles/..%2F..%2Fetc%2Fpasswd").await;
    assert_eq!(page.status, 400);
    assert!(page.content_type().starts_with("text/html"));
    assert!(page.body.contains(r#"data-code="bad_id""#));
    // Bytes that are not UTF-8 are read lossily, as everywhere else.
    assert_eq!(server.get("/api/search?q=%FF%FE").await.status, 200);
    // Still answering.
    assert_eq!(server.get("/api/search?q=ferry").await.status, 200);
}

#[tokio::test]
async fn invalid_json_and_empty_bodies_are_unprocessable() {
    let server = TestServer::new(&[&crate::common::fixtures()], Some("t"));
    let cases: &[(&str, &str, &str)] = &[
        ("application/json", r#"{"title": "half an object", "text": "#, "bad_body"),
        ("application/json", "not json at all", "bad_body"),
        ("text/plain", "   \n", "bad_body"),
        ("text/plain", "", "bad_body"),
    ];
    for &(content_type, body, code) in cases {
        let request = Request::post("/api/articles")
            .header("authorization", "Bearer t")
            .header("content-type", content_type)
            .body(Body::from(body))
            .unwrap();
        let reply = server.send(request).await;
        assert_eq!(reply.status, 422, "{body:?}: {}", reply.body);
        assert_eq!(reply.code(), code);
    }
    let bad_format =
        Request::post("/api/articles?format=pdf").header("authorization", "Bearer t").body(Body::from("text")).unwrap();
    assert_eq!(server.send(bad_format).await.code(), "bad_parameter");
    assert_eq!(server.get("/api/stats").await.json()["articles"], 3);
}

/// A body of `total` bytes made on demand, counting what was pulled from it.
struct Endless {
    pulled: Arc<AtomicUsize>,
    total: usize,
}

static CHUNK: [u8; 1 << 16] = [b'a'; 1 << 16];

impl http_body::Body for Endless {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Infallible>>> {
        let done = self.pulled.load(Ordering::SeqCst);
        if done >= self.total {
            return Poll::Ready(None);
        }
        self.pulled.fetch_add(CHUNK.len(), Ordering::SeqCst);
        Poll::Ready(Some(Ok(http_body::Frame::data(Bytes::from_static(&CHUNK)))))
    }
}

#[tokio::test]
async fn a_100_mb_body_is_refused_early() {
    let server = TestServer::new(&[], Some("t"));
    let limit = server.config.limits.max_body;
    let hundred_mb = 100 << 20;
    // Declared length: refused before a byte is read.
    let pulled = Arc::new(AtomicUsize::new(0));
    let request = Request::post("/api/articles")
        .header("authorization", "Bearer t")
        .header("content-length", hundred_mb.to_string())
        .body(Body::new(Endless { pulled: pulled.clone(), total: hundred_mb }))
        .unwrap();
    let reply = server.send(request).await;
    assert_eq!((reply.status.as_u16(), reply.code()), (413, "too_large".to_string()));
    assert_eq!(pulled.load(Ordering::SeqCst), 0);
    // Streamed without a length: refused as soon as it passes the limit.
    let pulled = Arc::new(AtomicUsize::new(0));
    let request = Request::post("/api/articles")
        .header("authorization", "Bearer t")
        .body(Body::new(Endless { pulled: pulled.clone(), total: hundred_mb }))
        .unwrap();
    let reply = server.send(request).await;
    assert_eq!((reply.status.as_u16(), reply.code()), (413, "too_large".to_string()));
    assert!(pulled.load(Ordering::SeqCst) <= limit + CHUNK.len(), "{}", pulled.load(Ordering::SeqCst));
    // Without a token the size does not even matter: who asks is checked first.
    let request =
        Request::post("/api/articles").body(Body::new(Endless { pulled: Arc::default(), total: hundred_mb })).unwrap();
    assert_eq!(server.send(request).await.status, 401);
    assert_eq!(server.get("/api/stats").await.json()["articles"], 0);
}

/// A real server on a loopback port, with short deadlines.
async fn bound(server: &TestServer) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mut limits = server.config.limits;
    limits.header_timeout = Duration::from_millis(500);
    let router = server.router.clone();
    tokio::spawn(newsgraph_server::serve(listener, router, limits, std::future::pending()));
    addr
}

async fn raw_get(addr: std::net::SocketAddr, path: &str) -> String {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(format!("GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n").as_bytes())
        .await
        .unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).await.unwrap();
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_time_out_and_others_are_served_meanwhile() {
    let server = TestServer::fixtures();
    let addr = bound(&server).await;
    // A client that sends half its headers and stalls.
    let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"GET /api/stats HTTP/1.1\r\nHost: te").await.unwrap();
    // Others are answered while it stalls.
    let answer = raw_get(addr, "/api/search?q=ferry").await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    // The stalled connection is closed by the server once the header deadline passes.
    let mut buf = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), slow.read_to_end(&mut buf)).await;
    assert!(read.is_ok(), "the slow connection was not closed");
    let answer = raw_get(addr, "/api/stats").await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn declared_100_mb_over_tcp_is_answered_without_sending_it() {
    let server = TestServer::new(&[], Some("t"));
    let addr = bound(&server).await;
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /api/articles HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer t\r\nContent-Length: {}\r\n\r\n",
        100 << 20
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&CHUNK).await.unwrap();
    // The answer comes although 100 MB minus 64 KB were never sent.
    let mut buf = vec![0; 4096];
    let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf)).await.expect("no answer").unwrap();
    let answer = String::from_utf8_lossy(&buf[..n]);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains(r#""code":"too_large""#), "{answer}");
    let body = server.get("/api/stats").await;
    assert_eq!(body.json()["articles"], 0);
}
