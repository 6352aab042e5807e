//! Trends through the binary: a stream from `newsgraph generate --bursts` (sixteen days of
//! hourly articles: a steady story, a quiet one that breaks in the last hours, one outlet
//! spamming a story, quiet ones) is ingested, and `newsgraph trends` reports the burst as
//! breaking and neither the steady story nor the spam, on a data directory and on PostgreSQL.

mod common;

use std::process::Output;

use common::*;

/// Writes the stream; its stories are told apart by their subject's name (synth's
/// `SUBJECT_NAMES`, in story order: steady, burst, spam).
fn stream(dir: &std::path::Path) -> std::path::PathBuf {
    let input = dir.join("stream.jsonl");
    let generate = newsgraph().args(["generate", "--bursts", "3", "--seed", "5"]).arg(&input).output().unwrap();
    assert_eq!(code(&generate), 0, "{}", String::from_utf8_lossy(&generate.stderr));
    input
}

#[test]
fn trends_report_the_burst_as_breaking() {
    let dir = tempfile::tempdir().unwrap();
    let input = stream(dir.path());
    let data = dir.path().join("data");
    let ingest = run(&data, &["ingest", input.to_str().unwrap()]);
    assert_eq!(code(&ingest), 0, "{}", String::from_utf8_lossy(&ingest.stderr));
    check(&|args| run(&data, args));
}

#[test]
fn trends_are_the_same_in_postgres() {
    let Some(url) = newsgraph_pgcluster::database("trends") else { return };
    let dir = tempfile::tempdir().unwrap();
    let input = stream(dir.path());
    let db = |args: &[&str]| newsgraph().args(["--db", &url]).args(args).output().expect("run newsgraph");
    let ingest = db(&["ingest", "--here", input.to_str().unwrap()]);
    assert_eq!(code(&ingest), 0, "{}", String::from_utf8_lossy(&ingest.stderr));
    check(&db);
}

fn story<'a>(t: &'a serde_json::Value, subject: &str) -> &'a serde_json::Value {
    let needle = format!("the {subject} ");
    t["stories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["title"].as_str().is_some_and(|title| title.contains(&needle)))
        .unwrap_or_else(|| panic!("no story about {subject}: {t:#}"))
}

fn check(run: &dyn Fn(&[&str]) -> Output) {
    let out = run(&["trends", "--json"]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let t = json(&out);
    // "Now" is the end of the newest hour stored: the stream's end.
    assert_eq!(t["now"], "2026-03-17T00:00:00Z");
    assert_eq!((t["window_hours"].as_i64(), t["baseline_hours"].as_i64()), (Some(6), Some(336)));
    let burst = story(&t, "Cobalt");
    assert_eq!(burst["breaking"], true, "{burst:#}");
    assert_eq!(burst["articles"], 12, "{burst:#}");
    assert_eq!((burst["sources"].as_u64(), burst["new_sources"].as_u64()), (Some(8), Some(7)), "{burst:#}");
    assert_eq!(burst["baseline_articles"], 2);
    assert_eq!(burst["sparkline"].as_array().unwrap().last().unwrap(), 12);
    let steady = story(&t, "Amber");
    assert_eq!(steady["breaking"], false, "{steady:#}");
    assert!(steady["baseline_articles"].as_u64().unwrap() > 50, "{steady:#}");
    let spam = story(&t, "Harbour");
    assert_eq!(spam["breaking"], false, "{spam:#}");
    assert_eq!((spam["articles"].as_u64(), spam["sources"].as_u64()), (Some(10), Some(1)), "{spam:#}");
    assert!(spam["surprise"].as_f64().unwrap() >= 3.0, "its articles alone would fire: {spam:#}");
    let breaking = t["stories"].as_array().unwrap().iter().filter(|s| s["breaking"] == true).count();
    assert_eq!(breaking, 1, "{t:#}");
    // Most sources first: the burst leads.
    assert_eq!(t["stories"][0]["id"], burst["id"]);
    // The burst's people rise; the steady story's do not.
    let rising: Vec<&str> = t["entities"].as_array().unwrap().iter().filter_map(|e| e["name"].as_str()).collect();
    assert!(rising.iter().any(|n| n.contains("Oduya")), "{rising:?}");
    assert!(!rising.iter().any(|n| n.contains("Varga")), "{rising:?}");

    // A week earlier nothing breaks, and the burst's story is not there yet.
    let before = run(&["trends", "--json", "--now", "2026-03-10T00:00:00Z"]);
    let before = json(&before);
    assert_eq!(before["now"], "2026-03-10T00:00:00Z");
    assert!(before["stories"].as_array().unwrap().iter().all(|s| s["breaking"] == false), "{before:#}");

    let text = run(&["trends"]);
    assert_eq!(code(&text), 0);
    let text = stdout(&text);
    assert!(text.contains("BREAKING") && text.contains("Cobalt"), "{text}");
    let bad = run(&["trends", "--now", "soon"]);
    assert_eq!(code(&bad), 2, "{}", String::from_utf8_lossy(&bad.stderr));
}

#[test]
fn eval_trends_scores_detection_on_the_stream() {
    let dir = tempfile::tempdir().unwrap();
    let input = stream(dir.path());
    let out = newsgraph().args(["eval", "trends"]).arg(&input).output().unwrap();
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let text = stdout(&out);
    // Caught in its second hour (its first holds three articles: fewer than breaking needs),
    // and never a false alarm.
    assert!(text.contains("detected 1 h after the onset's hour"), "{text}");
    assert!(text.contains("precision 1.000") && text.contains("in their first two 1/1"), "{text}");
    let bad = newsgraph().args(["eval", "trends"]).arg(dir.path().join("none.jsonl")).output().unwrap();
    assert_eq!(code(&bad), 2);
}
