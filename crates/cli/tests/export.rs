//! Exports of the example corpus read back by engines newsgraph did not write: every table
//! as Parquet (and one as CSV and JSON Lines) loaded by DuckDB and pandas
//! (`bench/export-check.py`), with the row counts newsgraph reported. Needs python3 with
//! `duckdb`, `pandas` and `pyarrow` (`.ci/run` installs them); without them the test skips
//! with a notice, and under CI (`CI=true`) it fails.

mod common;

use std::process::Command;

use common::*;

fn python_engines() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import duckdb, pandas, pyarrow"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("python3 with duckdb, pandas and pyarrow is needed under CI");
        }
        eprintln!("notice: python3 with duckdb, pandas and pyarrow not found; skipping the export read-back test");
    }
    ok
}

#[test]
fn exported_tables_load_in_duckdb_and_pandas_with_the_reported_row_counts() {
    if !python_engines() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let ingest = run(&data, &["ingest", root().join("examples").to_str().unwrap()]);
    assert!(code(&ingest) <= 1, "{}", String::from_utf8_lossy(&ingest.stderr));
    let articles = json(&run(&data, &["stats", "--json"]))["articles"].as_u64().unwrap();
    let mut files = vec![
        ("articles", "csv"),
        ("quotes", "jsonl"),
        ("articles", "parquet"),
        ("entities", "parquet"),
        ("mentions", "parquet"),
        ("quotes", "parquet"),
        ("events", "parquet"),
        ("stories", "parquet"),
        ("gdelt", "parquet"),
        ("gdelt", "jsonl"),
        ("places", "parquet"),
        ("places", "jsonl"),
    ];
    files.sort();
    for (table, format) in files {
        let out = dir.path().join(format!("{table}.{format}"));
        let export = run(&data, &["export", "--table", table, "--format", format, out.to_str().unwrap()]);
        assert_eq!(code(&export), 0, "{}", String::from_utf8_lossy(&export.stderr));
        let said = String::from_utf8_lossy(&export.stderr).to_string();
        let rows: u64 = said.split_whitespace().nth(1).and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("{said}"));
        assert!(rows > 0, "{table} is not empty for the examples");
        if table == "articles" {
            assert_eq!(rows, articles);
        }
        let check = Command::new("python3")
            .arg(root().join("bench/export-check.py"))
            .args(["--rows", &rows.to_string()])
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{table}.{format}: {}{}",
            stdout(&check),
            String::from_utf8_lossy(&check.stderr)
        );
        if format == "jsonl" && (table == "places" || table == "gdelt") {
            // Coordinates on the map: every place row, and some events' places.
            let rows: Vec<serde_json::Value> =
                std::fs::read_to_string(&out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
            let (lat, lon) = if table == "places" { ("lat", "lon") } else { ("ActionGeo_Lat", "ActionGeo_Long") };
            let placed: Vec<&serde_json::Value> = rows.iter().filter(|r| r[lat].is_number()).collect();
            assert!(!placed.is_empty(), "{table}: no row with coordinates");
            assert!(
                placed
                    .iter()
                    .all(|r| r[lat].as_f64().unwrap().abs() <= 90.0 && r[lon].as_f64().unwrap().abs() <= 180.0)
            );
            if table == "places" {
                assert_eq!(placed.len(), rows.len(), "every place row has coordinates");
            }
        }
    }
    // A date range keeps only rows of its days.
    let out = dir.path().join("none.jsonl");
    let none = run(&data, &["export", "--table", "articles", "--from", "2999-01-01", out.to_str().unwrap()]);
    assert_eq!(code(&none), 0);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "");
    let bad = run(&data, &["export", "--table", "articles", "--from", "yesterday", out.to_str().unwrap()]);
    assert_eq!(code(&bad), 2);
    let stdout_parquet = run(&data, &["export", "--table", "articles", "--format", "parquet", "-"]);
    assert_eq!(code(&stdout_parquet), 2, "Parquet needs a file");
}

#[test]
fn quote_and_event_rows_are_those_of_articles_that_are_not_near_duplicates() {
    // One rule: a near-duplicate's quotes and events are its original's, so the quotes and
    // events tables hold the rows of the other articles, and `n_quotes`/`n_events` (what
    // each article's own text holds) add up to them over those articles.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let ingest = run(&data, &["ingest", root().join("examples").to_str().unwrap()]);
    assert!(code(&ingest) <= 1, "{}", String::from_utf8_lossy(&ingest.stderr));
    let rows = |table: &str| -> Vec<serde_json::Value> {
        let out = dir.path().join(format!("{table}.jsonl"));
        let export = run(&data, &["export", "--table", table, "--format", "jsonl", out.to_str().unwrap()]);
        assert_eq!(code(&export), 0, "{}", String::from_utf8_lossy(&export.stderr));
        std::fs::read_to_string(&out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    };
    let articles = rows("articles");
    let duplicates = articles.iter().filter(|a| !a["duplicate_of"].is_null()).count();
    assert!(duplicates > 0, "the examples republish some articles");
    for (table, column) in [("quotes", "n_quotes"), ("events", "n_events")] {
        let counted: u64 =
            articles.iter().filter(|a| a["duplicate_of"].is_null()).map(|a| a[column].as_u64().unwrap()).sum();
        assert_eq!(rows(table).len() as u64, counted, "{table}");
    }
}
