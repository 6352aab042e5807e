//! Attention over time through the binary: `newsgraph timeline` counts a search's articles
//! per day or hour with the filters of `search`, beside all articles of each period, on a
//! data directory (tantivy) and on PostgreSQL (its own SQL). Text written for this test.

mod common;

use std::process::Output;

use common::*;

/// Five articles: three about trams at known times, one dated to the day only, one undated.
fn articles(dir: &std::path::Path) -> std::path::PathBuf {
    let input = dir.join("articles.jsonl");
    let lines = [
        r#"{"title": "Tram strike", "source": "Lakeside Courier", "published": "2026-06-01T08:10:00Z", "text": "Tram drivers in Geneva stopped work for the morning over pay."}"#,
        r#"{"title": "Tram talks", "source": "Alpine Wire", "published": "2026-06-01T08:50:00Z", "text": "Talks to end the tram strike resumed at the city hall."}"#,
        r#"{"title": "Lake levels", "source": "Alpine Wire", "published": "2026-06-01", "text": "The lake rose by a hand's breadth after the spring rain."}"#,
        r#"{"title": "Trams return", "source": "Lakeside Courier", "published": "2026-06-03T17:20:00+02:00", "text": "Trams ran again across Geneva after drivers accepted the offer."}"#,
        r#"{"title": "Tram museum", "source": "Alpine Wire", "text": "An old tram car went on show at the transport museum."}"#,
    ];
    std::fs::write(&input, lines.join("\n")).unwrap();
    input
}

#[test]
fn timeline_counts_per_day_and_hour_with_search_filters() {
    let dir = tempfile::tempdir().unwrap();
    let input = articles(dir.path());
    let data = dir.path().join("data");
    let ingest = run(&data, &["ingest", input.to_str().unwrap()]);
    assert_eq!(code(&ingest), 0, "{}", String::from_utf8_lossy(&ingest.stderr));
    check(&|args| run(&data, args));
}

#[test]
fn timeline_counts_the_same_in_postgres() {
    let Some(url) = newsgraph_pgcluster::database("timeline") else { return };
    let dir = tempfile::tempdir().unwrap();
    let input = articles(dir.path());
    let db = |args: &[&str]| newsgraph().args(["--db", &url]).args(args).output().expect("run newsgraph");
    let ingest = db(&["ingest", "--here", input.to_str().unwrap()]);
    assert_eq!(code(&ingest), 0, "{}", String::from_utf8_lossy(&ingest.stderr));
    check(&db);
}

/// What `timeline` answers on the five articles, wherever they are stored.
fn check(run: &dyn Fn(&[&str]) -> Output) {
    let days = run(&["timeline", "tram", "--json"]);
    assert_eq!(code(&days), 0, "{}", String::from_utf8_lossy(&days.stderr));
    let t = json(&days);
    assert_eq!((t["by"].as_str(), t["total"].as_u64(), t["undated"].as_u64()), (Some("day"), Some(4), Some(1)));
    let periods: Vec<(String, u64, u64)> = t["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["start"].as_str().unwrap().to_string(), p["count"].as_u64().unwrap(), p["all"].as_u64().unwrap()))
        .collect();
    let expected = [("2026-06-01", 2, 3), ("2026-06-02", 0, 0), ("2026-06-03", 1, 1)];
    assert_eq!(periods, expected.map(|(d, c, a)| (d.to_string(), c, a)));
    assert!((t["periods"][0]["share"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);

    let hours = json(&run(&["timeline", "tram", "--by", "hour", "--json"]));
    assert_eq!((hours["by"].as_str(), hours["undated"].as_u64()), (Some("hour"), Some(1)));
    let first = &hours["periods"][0];
    assert_eq!((first["start"].as_str(), first["count"].as_u64()), (Some("2026-06-01T08:00:00Z"), Some(2)));
    // 17:20 at UTC+2 is the 15:00 UTC hour.
    let last = hours["periods"].as_array().unwrap().last().unwrap();
    assert_eq!((last["start"].as_str(), last["count"].as_u64()), (Some("2026-06-03T15:00:00Z"), Some(1)));

    // Everything: the day-only article has no hour and is said so.
    let all = json(&run(&["timeline", "", "--by", "hour", "--json"]));
    assert_eq!((all["total"].as_u64(), all["undated"].as_u64(), all["day_only"].as_u64()), (Some(5), Some(1), Some(1)));

    // The filters of `search`.
    let courier = json(&run(&["timeline", "*", "--source", "lakeside courier", "--json"]));
    assert_eq!(courier["total"], 2);
    let ranged = json(&run(&["timeline", "tram", "--from", "2026-05-31", "--to", "2026-06-02", "--json"]));
    assert_eq!(ranged["periods"].as_array().unwrap().len(), 3);
    assert_eq!((ranged["total"].as_u64(), ranged["undated"].as_u64()), (Some(2), Some(0)));

    let text = run(&["timeline", "tram"]);
    let shown = stdout(&text);
    assert!(shown.starts_with("4 matching articles, by day"), "{shown}");
    assert!(shown.contains("2026-06-01") && shown.contains("66.7%") && shown.contains("1 without a publication date"));

    let none = run(&["timeline", "zeppelin", "--json"]);
    assert_eq!((code(&none), json(&none)["total"].as_u64()), (1, Some(0)));
    let bad = run(&["timeline", "tram", "--by", "week"]);
    assert_eq!(code(&bad), 2, "{}", String::from_utf8_lossy(&bad.stderr));
}
