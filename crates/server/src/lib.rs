//! newsgraph over HTTP: a JSON API under `/api` (described by `/api/openapi.json`) and
//! server-rendered web pages (`/`, `/search`, `/articles/{id}`, …) over one knowledge base
//! (a data directory, or a PostgreSQL database that other nodes share).
//!
//! This crate is a thin adapter. It turns requests into engine calls and engine answers into
//! JSON or HTML; it does no annotation, storage or search of its own. Engine errors become
//! HTTP statuses and stable codes in one table ([`ApiError::status_and_code`]). It guards
//! the edges: bodies over a limit are refused before they are read, slow clients and slow
//! answers time out, writes need a bearer token (and are off without one; compared in
//! constant time) and are limited per client (`throttle.rs`), ids in paths are
//! checked before they reach the engine, and every piece of article text is escaped on the
//! way into a page (maud escapes by default; every response, error pages and JSON included,
//! carries a script-free Content-Security-Policy, `nosniff`, no referrer and frame denial).
//!
//! ```no_run
//! let config = newsgraph_server::Config::new(newsgraph_engine::Location::Dir("newsgraph-data".into()));
//! newsgraph_server::run(config, "127.0.0.1:8080", |addr| println!("http://{addr}/")).unwrap();
//! ```

mod api;
mod engines;
mod error;
mod follow;
#[doc(hidden)]
pub mod fuzzing;
mod pages;
mod params;
mod throttle;

use newsgraph_engine::Location;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use newsgraph_engine::Engine;
use tokio::net::TcpListener;
use tower::ServiceExt as _;

pub use api::ApiDoc;
pub use engines::Engines;
pub use error::{ApiError, ErrorBody, ErrorDetail};
pub use follow::Follow;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The data directory (store and index).
    pub location: Location,
    /// Bearer token that writes must present; `None` turns writes off.
    pub token: Option<String>,
    /// Engines opened for queries, one thread each (each holds a SQLite connection and an
    /// index reader).
    pub readers: usize,
    /// Threads that parse requests and write answers. The heavy work is the engines'; a
    /// second async thread on a two-core machine only competes with them (measured with
    /// bench/load.sh: search p99 67 ms with two, 36 ms with one).
    pub io_threads: usize,
    /// Limits on requests.
    pub limits: Limits,
    /// Sources to follow while serving (`serve --follow`), on a thread of the server.
    pub follow: Option<Follow>,
}

impl Config {
    /// Defaults for `data_dir`: writes off, one reader engine per core, one async thread
    /// per two cores.
    pub fn new(location: Location) -> Config {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Config {
            location,
            token: None,
            readers: cores,
            io_threads: (cores / 2).max(1),
            limits: Limits::default(),
            follow: None,
        }
    }
}

/// Limits on what a request may take.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest body `POST /api/articles` accepts, in bytes.
    pub max_body: usize,
    /// Longest a client may take to send a body.
    pub body_timeout: Duration,
    /// Longest a client may take to send its request line and headers.
    pub header_timeout: Duration,
    /// Longest a query may take to answer.
    pub answer_timeout: Duration,
    /// Writes (any method but GET, HEAD and OPTIONS) one client may send per minute in the
    /// long run; 0 turns the limit off. Counted before the token is checked, so it also
    /// bounds guesses at the token.
    pub writes_per_minute: u32,
    /// Writes one client may send at once before the per-minute rate applies.
    pub write_burst: u32,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_body: 16 << 20,
            body_timeout: Duration::from_secs(30),
            header_timeout: Duration::from_secs(10),
            answer_timeout: Duration::from_secs(10),
            // A feeder posting articles one at a time stays under it; a client guessing
            // tokens gets 60 guesses a minute.
            writes_per_minute: 60,
            write_burst: 30,
        }
    }
}

/// What every handler shares.
pub struct App {
    engines: Engines,
    token: Option<String>,
    limits: Limits,
    writes: throttle::WriteLimit,
}

impl App {
    /// Runs a query on a worker's engine, off the async threads.
    async fn query<T: Send + 'static>(
        self: &Arc<App>,
        f: impl FnOnce(&Engine) -> newsgraph_engine::Result<T> + Send + 'static,
    ) -> Result<T, ApiError> {
        match self.engines.read(f).await {
            Ok(answer) => answer.map_err(ApiError::from),
            Err(engines::Refusal::Busy) => Err(ApiError::Busy),
            Err(engines::Refusal::Failed) => Err(ApiError::Internal("a query failed".to_string())),
        }
    }

    /// Checks a write's `Authorization: Bearer` header against the configured token.
    fn authorize(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        let Some(token) = &self.token else { return Err(ApiError::WritesDisabled) };
        let presented = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        match presented {
            Some(p) if tokens_equal(p, token) => Ok(()),
            _ => Err(ApiError::Unauthorized),
        }
    }
}

/// Compares a presented token with the configured one so that the time taken tells nothing
/// of either: both are hashed first (equal lengths, so not even the token's length shows),
/// and the digests are compared by `subtle`, which reads every byte and keeps the compiler
/// from turning the comparison into an early exit.
fn tokens_equal(presented: &str, token: &str) -> bool {
    use sha2::{Digest, Sha256};
    use subtle::ConstantTimeEq;
    Sha256::digest(presented.as_bytes()).ct_eq(&Sha256::digest(token.as_bytes())).into()
}

/// The routes over an opened pool of engines.
pub fn router(config: &Config) -> newsgraph_engine::Result<Router> {
    let app = Arc::new(App {
        engines: Engines::open(&config.location, config.readers)?,
        token: config.token.clone().filter(|t| !t.is_empty()),
        limits: config.limits,
        writes: throttle::WriteLimit::new(config.limits.writes_per_minute, config.limits.write_burst),
    });
    if let Some(follow) = &config.follow {
        follow::start(Arc::clone(&app), follow.clone())?;
    }
    let answer_timeout = config.limits.answer_timeout;
    let timeout = |html: bool| {
        middleware::from_fn(move |req: Request, next: Next| answer_within(answer_timeout, html, req, next))
    };
    // Reads answer within the deadline; an ingest runs to its end (its body has a deadline
    // of its own, and a half-done ingest is safe but pointless to abandon).
    let api = Router::new()
        .route("/search", get(api::search))
        .route("/timeline", get(api::timeline::timeline))
        .route("/trends", get(api::trends::trends))
        .route("/articles/{id}", get(api::article))
        .route("/stats", get(api::stats))
        .route("/entities", get(api::knowledge::entities))
        .route("/entities/{id}", get(api::knowledge::entity))
        .route("/entities/{id}/network", get(api::knowledge::network))
        .route("/quotes", get(api::knowledge::quotes))
        .route("/events", get(api::knowledge::events))
        .route("/stories", get(api::knowledge::stories))
        .route("/stories/{id}", get(api::knowledge::story))
        .route("/stories/{id}/briefing", get(api::knowledge::briefing))
        .route("/threads", get(api::threads::threads))
        .route("/threads/{id}", get(api::threads::thread))
        .route("/places/{id}", get(api::knowledge::place))
        .route("/sources", get(api::sources::sources))
        .route("/openapi.json", get(api::openapi))
        .layer(timeout(false))
        .route("/articles", axum::routing::post(api::ingest))
        .route("/alerts", get(api::alerts::list).post(api::alerts::add))
        .route("/alerts/{name}", axum::routing::delete(api::alerts::remove))
        .route("/alerts/{name}/matches", get(api::alerts::matches))
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed);
    let pages = pages::routes().layer(timeout(true));
    Ok(Router::new()
        .nest("/api", api)
        .merge(pages)
        .layer(middleware::from_fn_with_state(Arc::clone(&app), limit_writes))
        .layer(middleware::from_fn(security_headers))
        .with_state(app))
}

/// Refuses a write when its client has used up its share, before the handler reads the body
/// or the token. The client is the peer address [`serve`] records.
async fn limit_writes(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
    match app.writes.take(peer, Instant::now()) {
        Ok(()) => next.run(req).await,
        Err(wait) => ApiError::TooManyWrites(wait).into_response(),
    }
}

/// Answers with `timeout` when a read takes too long (the blocking query itself runs on;
/// it cannot be interrupted, but the client is not kept waiting).
async fn answer_within(limit: Duration, html: bool, req: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(response) => response,
        Err(_) if html => pages::PageError(ApiError::Timeout).into_response(),
        Err(_) => ApiError::Timeout.into_response(),
    }
}

/// Headers on every response: pages run no script and load nothing from elsewhere, so an
/// escaping slip still could not run code.
async fn security_headers(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    // For browsers that predate CSP's `frame-ancestors`.
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

/// Serves `router` on `listener` until `shutdown` resolves. Each connection gets HTTP/1.1
/// with keep-alive and a deadline for its headers, so a slow client holds one task and
/// nothing else; its requests carry the peer's address (`ConnectInfo`) for the write limit.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little, keep serving.
                    eprintln!("newsgraph serve: accept: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => return Ok(()),
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone().map_request(move |mut req: Request<hyper::body::Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            req
        });
        let service = TowerToHyperService::new(router);
        tokio::spawn(async move {
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout).keep_alive(true);
            // A connection that breaks off is the client's business, not an error of ours.
            let _ = http.serve_connection(TokioIo::new(stream), service).await;
        });
    }
}

/// How often `serve` sends the alert matches due to webhooks.
const DELIVERY_EVERY: Duration = Duration::from_secs(5);

/// Sends the alert matches due to their webhooks every `period`, on a thread of its own with
/// an engine of its own (a slow receiver holds up no request). A failed pass is reported
/// and the next one tries again: nothing is marked delivered that was not.
fn deliver_alerts_every(location: newsgraph_engine::Location, period: Duration) {
    std::thread::spawn(move || {
        let mut engine = None;
        loop {
            std::thread::sleep(period);
            if engine.is_none() {
                engine = newsgraph_engine::Engine::open_at(&location)
                    .map_err(|e| eprintln!("newsgraph serve: alerts: {e}"))
                    .ok();
            }
            if let Some(e) = engine.as_mut()
                && let Err(err) = e.deliver_alerts()
            {
                eprintln!("newsgraph serve: delivering alerts: {err}");
            }
        }
    });
}

/// Opens the engines, binds `addr`, calls `on_bound` with the bound address, and serves
/// until the process is stopped. Builds its own runtime: call it from plain `main`.
pub fn run(config: Config, addr: &str, on_bound: impl FnOnce(SocketAddr)) -> Result<(), Box<dyn std::error::Error>> {
    let router = router(&config)?;
    deliver_alerts_every(config.location.clone(), DELIVERY_EVERY);
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(config.io_threads.max(1)).enable_all().build()?;
    runtime.block_on(async {
        let listener = TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        on_bound(listener.local_addr()?);
        let stop = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        serve(listener, router, config.limits, stop).await?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use tower::ServiceExt;

    #[tokio::test]
    async fn slow_answers_become_timeouts_in_json_or_html() {
        for html in [false, true] {
            let slow = Router::new()
                .route("/", get(|| async { tokio::time::sleep(Duration::from_secs(5)).await }))
                .layer(middleware::from_fn(move |req: Request, next: Next| {
                    answer_within(Duration::from_millis(20), html, req, next)
                }));
            let response = slow.oneshot(axum::http::Request::new(Body::empty())).await.unwrap();
            assert_eq!(response.status(), 503);
            let kind = response.headers()[header::CONTENT_TYPE].to_str().unwrap().to_string();
            assert_eq!(kind.starts_with("text/html"), html, "{kind}");
        }
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(tokens_equal("abc", "abc"));
        assert!(!tokens_equal("abc", "abd") && !tokens_equal("abc", "ab") && !tokens_equal("", "a"));
        assert!(!tokens_equal("abc", "abc ") && !tokens_equal("ABC", "abc"));
    }
}
