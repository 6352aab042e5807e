//! Distributed ingest against a throwaway PostgreSQL cluster: `ingest --db` queues, two
//! workers annotate and store, one is killed with SIGKILL midway, and every article ends up
//! stored exactly once, linked and searchable; then the query commands and exports run on
//! the same database. Fails under `CI=true` when PostgreSQL cannot be started.

mod common;

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::*;

const TOTAL: u64 = 1_500;

fn db(url: &str, args: &[&str]) -> std::process::Output {
    newsgraph().args(["--db", url]).args(args).output().expect("run newsgraph")
}

fn worker(url: &str, name: &str) -> Child {
    newsgraph()
        .args(["--db", url, "worker", "--until-empty", "--batch-size", "16", "--lease", "3", "--name", name])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start a worker")
}

fn articles(url: &str) -> u64 {
    let stats = db(url, &["stats", "--json"]);
    assert_eq!(code(&stats), 0, "{}", String::from_utf8_lossy(&stats.stderr));
    json(&stats)["articles"].as_u64().unwrap()
}

#[test]
fn two_workers_one_killed_store_every_article_exactly_once() {
    let Some(url) = newsgraph_pgcluster::database("workers") else { return };
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    let generated =
        newsgraph().args(["generate", "--count", &TOTAL.to_string(), "--seed", "7"]).arg(&corpus).output().unwrap();
    assert_eq!(code(&generated), 0);

    let queued = db(&url, &["ingest", "--json", corpus.to_str().unwrap()]);
    assert_eq!(code(&queued), 0, "{}", String::from_utf8_lossy(&queued.stderr));
    assert_eq!(json(&queued)["queued"].as_u64(), Some(TOTAL));
    let again = db(&url, &["ingest", "--json", corpus.to_str().unwrap()]);
    assert_eq!(json(&again)["queued"].as_u64(), Some(0), "queueing twice queues nothing");
    assert_eq!(articles(&url), 0, "ingest only queues");

    let mut doomed = worker(&url, "doomed");
    let mut survivor = worker(&url, "survivor");
    let started = Instant::now();
    let mut stored_at_kill = 0;
    while started.elapsed() < Duration::from_secs(300) {
        std::thread::sleep(Duration::from_millis(50));
        stored_at_kill = articles(&url);
        if stored_at_kill >= 200 {
            break;
        }
    }
    assert!(doomed.try_wait().unwrap().is_none(), "the worker finished before it could be killed");
    doomed.kill().unwrap(); // SIGKILL, claims in flight
    doomed.wait().unwrap();
    assert!(stored_at_kill < TOTAL, "the kill came midway");

    let done = survivor.wait().unwrap();
    assert!(done.success(), "the surviving worker ends cleanly once the queue is empty");
    assert_eq!(articles(&url), TOTAL, "every article stored, none twice");

    // Ids are the primary key, so "none twice" also means no article is missing from the export.
    let out = dir.path().join("articles.jsonl");
    let export = db(&url, &["export", "--table", "articles", "--format", "jsonl", out.to_str().unwrap()]);
    assert_eq!(code(&export), 0, "{}", String::from_utf8_lossy(&export.stderr));
    let lines = std::fs::read_to_string(&out).unwrap();
    let mut ids: Vec<String> = lines
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len() as u64, TOTAL);
    assert!(lines.lines().all(|l| !l.contains("\"story\":null")), "every article linked to a story");

    // Searchable through PostgreSQL's full-text index.
    let all = db(&url, &["search", "--json", ""]);
    assert_eq!(code(&all), 0, "{}", String::from_utf8_lossy(&all.stderr));
    assert_eq!(json(&all)["total"].as_u64(), Some(TOTAL), "every article indexed once");
    let title: String = serde_json::from_str::<serde_json::Value>(lines.lines().next().unwrap()).unwrap()["title"]
        .as_str()
        .unwrap()
        .to_string();
    let word = title.split_whitespace().max_by_key(|w| w.len()).unwrap().trim_matches(|c: char| !c.is_alphanumeric());
    let hits = db(&url, &["search", "--json", word]);
    assert!(json(&hits)["total"].as_u64().unwrap() >= 1, "a title word finds its article");

    // The cross-article queries answer from the shared database.
    let stories = db(&url, &["stories", "--json", "--limit", "3"]);
    assert_eq!(code(&stories), 0, "{}", String::from_utf8_lossy(&stories.stderr));
    assert_eq!(json(&stories).as_array().unwrap().len(), 3);
    // A story's articles through the set-of-stories filter a thread search uses; an unknown
    // thread matches nothing.
    let story = json(&stories)[0]["id"].as_str().unwrap().to_string();
    assert!(json(&db(&url, &["search", "--json", "", "--story", &story]))["total"].as_u64().unwrap() >= 1);
    let none = db(&url, &["search", "--json", "", "--thread", "Tnonexistent"]);
    assert_eq!(code(&none), 1, "nothing found: {}", String::from_utf8_lossy(&none.stderr));
    assert_eq!(json(&none)["total"], 0);
    // Threads answer from PostgreSQL: a list (empty is said as such, exit 1), never an error.
    let threads = db(&url, &["threads", "--json"]);
    assert!(code(&threads) <= 1, "{}", String::from_utf8_lossy(&threads.stderr));
    assert!(json(&threads).is_array());
    let gdelt = dir.path().join("events.parquet");
    let export = db(&url, &["export", "--table", "gdelt", "--format", "parquet", gdelt.to_str().unwrap()]);
    assert_eq!(code(&export), 0, "{}", String::from_utf8_lossy(&export.stderr));
    assert!(std::fs::read(&gdelt).unwrap().starts_with(b"PAR1"));
}

#[test]
fn a_worker_without_postgres_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&dir.path().join("data"), &["worker", "--until-empty"]);
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--db postgres://"));
    let bad = newsgraph().args(["--db", "postgresql:///nope?host=/nonexistent&user=x", "stats"]).output().unwrap();
    assert_eq!(code(&bad), 2);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("PostgreSQL"), "{}", String::from_utf8_lossy(&bad.stderr));
}

/// The README's way to back up a PostgreSQL knowledge base: `pg_dump` one database,
/// `pg_restore` into an empty one, and the copy answers as the original.
#[test]
fn pg_dump_and_pg_restore_make_a_copy_that_answers_identically() {
    let Some(url) = newsgraph_pgcluster::database("dump") else { return };
    let Some(copy) = newsgraph_pgcluster::database("restored") else { return };
    let (Some(pg_dump), Some(pg_restore)) =
        (newsgraph_pgcluster::program("pg_dump"), newsgraph_pgcluster::program("pg_restore"))
    else {
        panic!("the PostgreSQL installation that runs the cluster has no pg_dump/pg_restore");
    };
    let examples = root().join("examples");
    let stored = db(&url, &["ingest", "--here", "--json", examples.to_str().unwrap()]);
    assert_eq!(code(&stored), 0, "{}", String::from_utf8_lossy(&stored.stderr));
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("newsgraph.dump");
    let out =
        std::process::Command::new(pg_dump).args(["--format=custom", "--file"]).arg(&dump).arg(&url).output().unwrap();
    assert!(out.status.success(), "pg_dump: {}", String::from_utf8_lossy(&out.stderr));
    let out = std::process::Command::new(pg_restore)
        .args(["--no-owner", "--exit-on-error", "--dbname", &copy])
        .arg(&dump)
        .output()
        .unwrap();
    assert!(out.status.success(), "pg_restore: {}", String::from_utf8_lossy(&out.stderr));
    assert!(articles(&copy) >= 20);
    for args in [
        &["stats", "--json"][..],
        &["search", "ferry", "--json"],
        &["entity", "Nomvula Khanyile", "--json"],
        &["stories", "--json"],
        &["quotes", "--json"],
    ] {
        let (a, b) = (db(&url, args), db(&copy, args));
        assert_eq!(code(&a), 0, "{args:?}: {}", String::from_utf8_lossy(&a.stderr));
        assert_eq!(stdout(&a), stdout(&b), "{args:?}");
    }
}
