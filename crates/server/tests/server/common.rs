//! A data directory with the fixture articles and a router over it.

use std::path::{Path, PathBuf};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use newsgraph_engine::{Engine, IngestOptions};
use newsgraph_server::Config;
use serde_json::Value;
use tempfile::TempDir;
use tower::ServiceExt;

/// The fictional articles of `tests/fixtures`.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A router over a data directory of its own.
pub struct TestServer {
    pub router: Router,
    pub config: Config,
    _dir: TempDir,
}

impl TestServer {
    /// A server over a store holding `paths`, writes allowed with `token`.
    pub fn new(paths: &[&Path], token: Option<&str>) -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let mut engine = Engine::open(&data).unwrap();
        if !paths.is_empty() {
            let report = engine.ingest(paths, &IngestOptions::default(), &mut |_| {}).unwrap();
            assert_eq!(report.failed, 0, "{:?}", report.failures);
        }
        drop(engine);
        let mut config = Config::new(newsgraph_engine::Location::Dir(data));
        config.readers = 2;
        config.token = token.map(str::to_string);
        let router = newsgraph_server::router(&config).unwrap();
        TestServer { router, config, _dir: dir }
    }

    /// Over a router already made, keeping its data directory for as long as it lives.
    pub fn over(router: Router, config: Config, dir: TempDir) -> TestServer {
        TestServer { router, config, _dir: dir }
    }

    /// Over the fixture articles, writes off.
    pub fn fixtures() -> TestServer {
        TestServer::new(&[&fixtures()], None)
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.send(Request::get(uri).body(Body::empty()).unwrap()).await
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply { status, headers, body: String::from_utf8(bytes.to_vec()).unwrap() }
    }
}

/// A response, its body read.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// The stable error code of a JSON error.
    pub fn code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap_or_else(|| panic!("no error code: {}", self.body)).to_string()
    }

    pub fn content_type(&self) -> &str {
        self.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    pub fn pretty(&self) -> String {
        serde_json::to_string_pretty(&self.json()).unwrap()
    }
}
