//! The edges every response shares: security headers on pages, JSON and errors alike; error
//! pages that show hostile input as text; a limit on writes per client, over real TCP.

use std::net::SocketAddr;

use axum::body::Body;
use axum::http::{Method, Request};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::common::{Reply, TestServer, fixtures};
use crate::xss::assert_inert;

/// `<script>alert(1)</script>` and an attribute breakout, percent-encoded for a URL.
const SCRIPT: &str = "%3Cscript%3Ealert(1)%3C%2Fscript%3E";
const BREAKOUT: &str = "%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(2)%3E";

fn assert_secured(reply: &Reply, what: &str) {
    let header = |name: &str| reply.headers.get(name).map(|v| v.to_str().unwrap().to_string());
    let csp = header("content-security-policy").unwrap_or_else(|| panic!("{what}: no CSP"));
    assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
    assert_eq!(header("x-content-type-options").as_deref(), Some("nosniff"), "{what}");
    assert_eq!(header("referrer-policy").as_deref(), Some("no-referrer"), "{what}");
    assert_eq!(header("x-frame-options").as_deref(), Some("DENY"), "{what}");
}

fn request(method: Method, uri: &str, token: Option<&str>, body: &str) -> Request<Body> {
    let mut b = Request::builder().method(method).uri(uri).header("content-type", "text/plain");
    if let Some(t) = token {
        b = b.header("authorization", format!("Bearer {t}"));
    }
    b.body(Body::from(body.to_string())).unwrap()
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let mut server = TestServer::new(&[&fixtures()], Some("t"));
    // Small enough that this test reaches 413 and 429 too.
    server.config.limits.max_body = 64;
    server.config.limits.write_burst = 4;
    server.config.limits.writes_per_minute = 1;
    server.router = newsgraph_server::router(&server.config).unwrap();
    let article = "Fishing crews in Faro voted on Friday to end the strike.";
    let cases: Vec<(Request<Body>, u16)> = vec![
        (request(Method::GET, "/", None, ""), 200),
        (request(Method::GET, "/search?q=ferry", None, ""), 200),
        (request(Method::GET, "/static/style.css", None, ""), 200),
        (request(Method::GET, "/alerts", None, ""), 200),
        (request(Method::GET, "/api/search?q=ferry", None, ""), 200),
        (request(Method::GET, "/api/stats", None, ""), 200),
        (request(Method::GET, "/api/openapi.json", None, ""), 200),
        (request(Method::GET, "/no/such/page", None, ""), 404),
        (request(Method::GET, "/api/no/such/endpoint", None, ""), 404),
        (request(Method::GET, "/articles/zz", None, ""), 400),
        (request(Method::GET, "/api/search?limit=1000", None, ""), 400),
        (request(Method::GET, "/alerts/nobody.atom", None, ""), 404),
        (request(Method::PUT, "/api/stats", None, ""), 405),
        (request(Method::POST, "/api/articles", None, article), 401),
        (request(Method::POST, "/api/articles", Some("t"), &"x".repeat(65)), 413),
        (request(Method::POST, "/api/articles", Some("t"), "   "), 422),
        (request(Method::POST, "/api/articles", Some("t"), article), 429),
    ];
    for (req, status) in cases {
        let what = format!("{} {}", req.method(), req.uri());
        let reply = server.send(req).await;
        assert_eq!(reply.status.as_u16(), status, "{what}: {}", reply.body);
        assert_secured(&reply, &what);
    }
}

#[tokio::test]
async fn every_error_page_escapes_its_input() {
    let server = TestServer::fixtures();
    // Each page's ways to fail with input of the client's choosing: unknown paths, malformed
    // and unknown ids, malformed and out-of-range parameters.
    let mut paths = Vec::new();
    for payload in [SCRIPT, BREAKOUT] {
        paths.extend([
            format!("/no/such/page/{payload}"),
            format!("/{payload}"),
            format!("/articles/{payload}"),
            format!("/entities/{payload}"),
            format!("/entities/Nobody{payload}"),
            format!("/stories/{payload}"),
            format!("/places/{payload}"),
            format!("/alerts/{payload}"),
            format!("/alerts/{payload}.atom"),
            format!("/search?q=ferry&from={payload}"),
            format!("/search?q=ferry&limit={payload}"),
            format!("/search?q=ferry&country={payload}"),
            format!("/search?q=ferry&near={payload}"),
            format!("/search?{payload}={payload}&limit=0"),
            format!("/quotes?from={payload}"),
            format!("/quotes?limit={payload}"),
            format!("/static/{payload}"),
        ]);
    }
    let mut echoed = 0;
    for path in &paths {
        let reply = server.get(path).await;
        assert!(reply.status.is_client_error(), "{path}: {} {}", reply.status, reply.body);
        assert!(reply.content_type().starts_with("text/html"), "{path}: {}", reply.content_type());
        assert!(reply.body.contains("class=\"error\""), "{path}: not an error page\n{}", reply.body);
        assert_inert(&reply.body, path);
        assert_secured(&reply, path);
        if reply.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;") || reply.body.contains("&lt;img src=x") {
            echoed += 1;
        }
    }
    // Most of these pages show what they were given, so escaping, not silence, keeps them
    // safe (an assertion on silence alone could not fail).
    assert!(echoed >= paths.len() / 2, "only {echoed} of {} error pages show their input", paths.len());

    // The API's errors carry the same input as JSON data, which no browser renders.
    for path in [
        format!("/api/no/such/{SCRIPT}"),
        format!("/api/articles/{SCRIPT}"),
        format!("/api/entities/{SCRIPT}"),
        format!("/api/search?from={SCRIPT}"),
        format!("/api/alerts/{SCRIPT}/matches"),
    ] {
        let reply = server.get(&path).await;
        assert!(reply.status.is_client_error(), "{path}: {}", reply.status);
        assert_eq!(reply.content_type(), "application/json", "{path}");
        assert!(reply.json()["error"]["code"].is_string(), "{path}: {}", reply.body);
        assert_secured(&reply, &path);
    }
}

/// A real server on a loopback port, writes limited to `burst` and then one a minute.
async fn bound(burst: u32) -> (TestServer, SocketAddr) {
    let mut server = TestServer::new(&[], Some("t"));
    server.config.limits.write_burst = burst;
    server.config.limits.writes_per_minute = 1;
    server.router = newsgraph_server::router(&server.config).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(newsgraph_server::serve(
        listener,
        server.router.clone(),
        server.config.limits,
        std::future::pending(),
    ));
    (server, addr)
}

/// One request from the client address `from`, answered in full.
async fn exchange(addr: SocketAddr, from: &str, method: &str, path: &str, token: &str, body: &str) -> String {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind(format!("{from}:0").parse().unwrap()).unwrap();
    let mut stream = socket.connect(addr).await.unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer {token}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body.as_bytes()).await.unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).await.unwrap();
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_are_limited_per_client_address() {
    let (server, addr) = bound(3).await;
    let article = " date 2026-02-20 FARO (TAGUS WIRE) - Fishing crews in Faro voted on Friday to end a week-long strike after the port authority agreed to review mooring fees.\n";
    // Wrong tokens count: the limit bounds guessing.
    for _ in 0..3 {
        let answer = exchange(addr, "127.0.0.1", "POST", "/api/articles", "guess", article).await;
        assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    }
    // The fourth write, with the right token, waits its turn: 429, a stable code, and when to
    // come back (a token a minute).
    let answer = exchange(addr, "127.0.0.1", "POST", "/api/articles", "t", article).await;
    assert!(answer.starts_with("HTTP/1.1 429"), "{answer}");
    assert!(answer.contains("\"code\":\"too_many_writes\""), "{answer}");
    let retry = answer.lines().find_map(|l| l.to_ascii_lowercase().strip_prefix("retry-after: ").map(str::to_string));
    let retry: u64 = retry.unwrap_or_else(|| panic!("no Retry-After: {answer}")).trim().parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    // Deletes are writes too; reads are not limited.
    let answer = exchange(addr, "127.0.0.1", "DELETE", "/api/alerts/ferries", "t", "").await;
    assert!(answer.starts_with("HTTP/1.1 429"), "{answer}");
    let answer = exchange(addr, "127.0.0.1", "GET", "/api/stats", "t", "").await;
    assert!(answer.starts_with("HTTP/1.1 200") && answer.contains("\"articles\":0"), "{answer}");
    // Another client address has a share of its own.
    let answer = exchange(addr, "127.0.0.2", "POST", "/api/articles", "t", article).await;
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    assert_eq!(server.get("/api/stats").await.json()["articles"], 1);
}
