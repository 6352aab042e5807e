//! A `kill -9` in the middle of an ingest loses nothing committed, leaves no half-written
//! article, and a rerun stores every article exactly once.

mod common;

use std::time::{Duration, Instant};

use common::*;

/// Enough that the kill (once 300 are stored) lands midway even at a few thousand articles a
/// second, few enough that the rerun of a debug build stays short.
const TOTAL: u64 = 4_000;

#[test]
fn killed_ingest_resumes_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    let data = dir.path().join("data");
    let generated =
        newsgraph().args(["generate", "--count", &TOTAL.to_string(), "--seed", "42"]).arg(&corpus).output().unwrap();
    assert_eq!(code(&generated), 0);

    // Small batches: many commits, so the kill lands between two of them.
    let mut child = newsgraph()
        .arg("--data")
        .arg(&data)
        .args(["ingest", "--batch-size", "10"])
        .arg(&corpus)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut stored_at_kill = 0;
    while started.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(20));
        assert!(
            child.try_wait().unwrap().is_none(),
            "ingest finished before it could be killed; make the corpus larger"
        );
        let stats = run(&data, &["stats", "--json"]);
        if code(&stats) == 0 {
            stored_at_kill = json(&stats)["articles"].as_u64().unwrap();
            if stored_at_kill >= 300 {
                break;
            }
        }
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let after_kill = json(&run(&data, &["stats", "--json"]))["articles"].as_u64().unwrap();
    assert!(after_kill >= stored_at_kill, "committed articles survive the kill");
    assert!(after_kill < TOTAL, "the kill came midway ({after_kill} of {TOTAL} stored)");

    let rerun = run(&data, &["ingest", "--json", corpus.to_str().unwrap()]);
    assert_eq!(code(&rerun), 0, "{}", String::from_utf8_lossy(&rerun.stderr));
    let report = json(&rerun);
    assert_eq!(report["new"].as_u64().unwrap() + report["duplicate"].as_u64().unwrap(), TOTAL);
    assert_eq!(report["duplicate"].as_u64().unwrap(), after_kill, "what was stored is recognised, not stored again");

    let stats = json(&run(&data, &["stats", "--json"]));
    assert_eq!(stats["articles"].as_u64(), Some(TOTAL), "each article stored exactly once");
    assert_eq!(stats["indexed"].as_u64(), Some(TOTAL), "the index caught up");
    // Every generated article ends with "The talks, article N in this series, continue."
    let all = json(&run(&data, &["search", "series", "--json", "--limit", "1"]));
    assert_eq!(all["total"].as_u64(), Some(TOTAL), "each article indexed exactly once");
}
