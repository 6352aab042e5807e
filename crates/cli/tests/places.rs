//! Places through the binary: `extract` resolves them, `search --country` and `--near` find
//! the articles that name them, and a malformed filter is a usage error. Text written for
//! this test.

mod common;

use common::*;

#[test]
fn places_resolve_and_filter_searches() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("articles.jsonl");
    let lines = [
        r#"{"title": "Floods in Lyon", "published": "2026-05-04", "text": "Flooding closed roads around Lyon on Monday, the French interior ministry said."}"#,
        r#"{"title": "Ash over Quito", "published": "2026-05-04", "text": "Ash from the Cotopaxi volcano reached Quito by noon, Ecuador's government said."}"#,
        r#"{"title": "A storm in Texas", "published": "2026-05-05", "text": "The storm hit Paris, Texas, on Tuesday, and residents of Paris cleared the roads."}"#,
    ];
    std::fs::write(&input, lines.join("\n")).unwrap();

    let extracted = newsgraph().args(["extract", input.to_str().unwrap(), "--json"]).output().unwrap();
    assert_eq!(code(&extracted), 0, "{}", String::from_utf8_lossy(&extracted.stderr));
    let docs: Vec<serde_json::Value> = stdout(&extracted).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let geo = |doc: &serde_json::Value, name: &str| -> serde_json::Value {
        let p = doc["places"].as_array().unwrap().iter().find(|p| p["text"] == name);
        p.unwrap_or_else(|| panic!("{name} in {}", doc["places"]))["geo"].clone()
    };
    assert_eq!(geo(&docs[0], "Lyon")["country"], "FR");
    assert_eq!(geo(&docs[0], "French")["kind"], "country");
    assert_eq!(geo(&docs[1], "Quito")["country"], "EC");
    assert_eq!(geo(&docs[2], "Paris")["division"], "Texas");

    let data = dir.path().join("data");
    let ingest = run(&data, &["ingest", input.to_str().unwrap()]);
    assert_eq!(code(&ingest), 0, "{}", String::from_utf8_lossy(&ingest.stderr));
    let titles = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["search", "*", "--json"];
        all.extend_from_slice(args);
        let out = json(&run(&data, &all));
        let mut t: Vec<String> =
            out["hits"].as_array().unwrap().iter().map(|h| h["title"].as_str().unwrap().to_string()).collect();
        t.sort();
        t
    };
    assert_eq!(titles(&["--country", "fr"]), ["Floods in Lyon"]);
    assert_eq!(titles(&["--country", "US"]), ["A storm in Texas"]);
    // Geneva to Lyon is 112 km.
    assert_eq!(titles(&["--near", "46.2,6.15,150"]), ["Floods in Lyon"]);
    assert!(titles(&["--near", "46.2,6.15,100"]).is_empty());
    assert_eq!(titles(&["--near", "-0.2,-78.5,50", "--country", "EC"]), ["Ash over Quito"]);
    for bad in [["--near", "91,0,10"], ["--near", "1,2"], ["--country", "France"]] {
        let out = run(&data, &["search", "*", bad[0], bad[1]]);
        assert_eq!(code(&out), 2, "{bad:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}
