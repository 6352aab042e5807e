//! Alerts through the binary: a search saved before the articles arrive records each new
//! matching article once — by `ingest` on a data directory, and by `worker`s on PostgreSQL —
//! and nothing that does not match. Text written for this test.

mod common;

use std::process::Output;

use common::*;

fn articles(dir: &std::path::Path, name: &str, lines: &[&str]) -> std::path::PathBuf {
    let input = dir.join(name);
    std::fs::write(&input, lines.join("\n")).unwrap();
    input
}

const FIRST: &[&str] = &[
    r#"{"title": "Ferry strike", "source": "Tagus Wire", "published": "2026-03-10T09:15:00Z", "text": "Ferry crews walked out at dawn in Lisbon."}"#,
    r#"{"title": "Market day", "source": "Tagus Wire", "published": "2026-03-10T10:00:00Z", "text": "Fish prices fell at the morning market."}"#,
];
const SECOND: &[&str] = &[
    r#"{"title": "Ferry fares", "source": "Porto Post", "published": "2026-03-11T08:00:00Z", "text": "The ferry operator raised fares by a tenth."}"#,
    r#"{"title": "Bridge repairs", "source": "Porto Post", "published": "2026-03-11T09:00:00Z", "text": "Engineers began repairs on the iron bridge."}"#,
];

fn matched(run: &dyn Fn(&[&str]) -> Output, alert: &str) -> Vec<String> {
    let out = run(&["alerts", "check", alert, "--json"]);
    let mut titles: Vec<String> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["title"].as_str().unwrap().to_string())
        .collect();
    titles.sort();
    titles
}

fn check(run: &dyn Fn(&[&str]) -> Output, ingest: &dyn Fn(&std::path::Path), dir: &std::path::Path) {
    let add = run(&["alerts", "add", "ferries", "ferry"]);
    assert_eq!(code(&add), 0, "{}", String::from_utf8_lossy(&add.stderr));
    let add = run(&["alerts", "add", "porto", "", "--source", "porto post"]);
    assert_eq!(code(&add), 0, "{}", String::from_utf8_lossy(&add.stderr));
    assert_eq!(code(&run(&["alerts", "add", "ferries", "boat"])), 2, "names are unique");
    ingest(&articles(dir, "first.jsonl", FIRST));
    assert_eq!(matched(run, "ferries"), ["Ferry strike"]);
    ingest(&articles(dir, "second.jsonl", SECOND));
    // Again: nothing new, nothing recorded twice.
    ingest(&articles(dir, "second.jsonl", SECOND));
    assert_eq!(matched(run, "ferries"), ["Ferry fares", "Ferry strike"]);
    assert_eq!(matched(run, "porto"), ["Bridge repairs", "Ferry fares"]);
    let list = stdout(&run(&["alerts", "list", "--json"]));
    let counts: Vec<(String, u64)> = list
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|a| (a["name"].as_str().unwrap().to_string(), a["matches"].as_u64().unwrap()))
        .collect();
    assert_eq!(counts, [("ferries".to_string(), 2), ("porto".to_string(), 2)]);
    assert_eq!(code(&run(&["alerts", "remove", "porto"])), 0);
    assert_eq!(code(&run(&["alerts", "remove", "porto"])), 1);
    assert_eq!(code(&run(&["alerts", "check", "porto"])), 1, "no matches left");
    assert!(stdout(&run(&["alerts", "check"])).contains("Ferry strike"));
}

#[test]
fn alerts_record_new_matching_articles_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let ingest = |input: &std::path::Path| {
        let out = run(&data, &["ingest", input.to_str().unwrap()]);
        assert!(code(&out) == 0, "{}", String::from_utf8_lossy(&out.stderr));
    };
    check(&|args| run(&data, args), &ingest, dir.path());
}

#[test]
fn workers_match_alerts_in_postgres() {
    let Some(url) = newsgraph_pgcluster::database("alerts") else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = |args: &[&str]| newsgraph().args(["--db", &url]).args(args).output().expect("run newsgraph");
    // Queued by `ingest`, annotated, stored and matched by a worker.
    let ingest = |input: &std::path::Path| {
        let queued = db(&["ingest", input.to_str().unwrap()]);
        assert_eq!(code(&queued), 0, "{}", String::from_utf8_lossy(&queued.stderr));
        let worked = db(&["worker", "--until-empty"]);
        assert_eq!(code(&worked), 0, "{}", String::from_utf8_lossy(&worked.stderr));
    };
    check(&db, &ingest, dir.path());
}
