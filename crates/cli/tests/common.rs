//! Shared helpers for the end-to-end tests: run the real binary in a scratch directory.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

/// `../shared` beside the checkout. Under CI (`CI=true`) its absence fails the test; on a
/// user's fresh clone the test is skipped with a notice.
pub fn shared() -> Option<PathBuf> {
    let dir = root().join("../shared");
    if dir.join("seed").is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("../shared is missing under CI: {}", dir.display());
    }
    eprintln!("notice: ../shared not found beside the checkout; skipping this test");
    None
}

/// A command for the binary under test.
pub fn newsgraph() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsgraph"))
}

/// Runs `newsgraph --data DATA args…`.
pub fn run(data: &Path, args: &[&str]) -> Output {
    newsgraph().arg("--data").arg(data).args(args).output().expect("run newsgraph")
}

/// Stdout as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Parses stdout as one JSON value.
pub fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {}\nstderr: {}", stdout(o), String::from_utf8_lossy(&o.stderr)))
}

/// Exit code.
pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// `newsgraph serve` on a free loopback port (no write token), stopped when dropped.
pub struct Served {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
}

impl Served {
    /// `http://127.0.0.1:PORT`.
    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `newsgraph serve` over `data` and waits for the address it prints.
pub fn serve(data: &Path) -> Served {
    let mut child = newsgraph()
        .arg("--data")
        .arg(data)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env_remove("NEWSGRAPH_TOKEN")
        .stdout(Stdio::piped())
        .spawn()
        .expect("start newsgraph serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).expect("read the address");
    // "newsgraph: serving DIR on http://127.0.0.1:PORT/ (…)"
    let start = line.find("http://").unwrap_or_else(|| panic!("no address printed: {line:?}")) + "http://".len();
    let addr = line[start..start + line[start..].find('/').expect("address ends with /")].to_string();
    Served { child, addr }
}
