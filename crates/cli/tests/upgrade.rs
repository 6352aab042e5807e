//! Upgrades in place: a data directory written by the oldest newsgraph that wrote one (store
//! schema 1, index layout 1; `tests/fixtures/schema1/make.sh` builds that commit from git
//! history and ingests the examples with it) is opened by today's binary, migrated, and
//! answers; a data directory of a newer schema than this binary knows is refused, untouched.
//! Likewise a PostgreSQL database of the first PostgreSQL schema (`tests/fixtures/pg-schema1/make.sh`
//! builds that commit and dumps what it wrote as SQL), loaded into a throwaway cluster.

mod common;

use std::path::Path;

use common::*;

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema1")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn expected(name: &str) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(fixture().join("expected").join(name)).unwrap()).unwrap()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn schema_version(data: &Path) -> i64 {
    let conn = rusqlite::Connection::open(data.join("newsgraph.db")).unwrap();
    conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap()
}

#[test]
fn a_data_directory_of_the_first_schema_is_migrated_and_answers() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&fixture().join("data"), &data);
    assert_eq!(schema_version(&data), 1, "the fixture is of the first schema");
    let old_stats = expected("stats.json");
    let old_all = expected("search-all.json");
    let old_strike = expected("search-strike.json");
    let articles = old_stats["articles"].as_u64().unwrap();
    assert!(articles >= 20 && old_all["hits"].as_array().unwrap().len() as u64 == articles, "{old_stats}");

    // The index of that version has another layout: commands say what to do.
    let o = run(&data, &["search", "strike", "--json"]);
    assert_eq!(code(&o), 2, "{}", stdout(&o));
    assert!(stderr(&o).contains("newsgraph reindex"), "{}", stderr(&o));
    let o = run(&data, &["reindex"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains(&format!("indexed {articles} articles")), "{}", stdout(&o));
    assert!(schema_version(&data) > 1, "migrated");

    // Every article is still there, readable, searchable.
    let stats = json(&run(&data, &["stats", "--json"]));
    assert_eq!(stats["articles"].as_u64(), Some(articles), "{stats}");
    assert_eq!(stats["indexed"].as_u64(), Some(articles), "{stats}");
    for hit in old_all["hits"].as_array().unwrap() {
        let id = hit["id"].as_str().unwrap();
        let shown = run(&data, &["show", id, "--json"]);
        assert_eq!(code(&shown), 0, "{id}: {}", stderr(&shown));
        let doc = json(&shown);
        assert_eq!(doc["id"], hit["id"]);
        assert_eq!(doc["title"], hit["title"], "{id}");
        assert!(doc["text"].as_str().is_some_and(|t| !t.is_empty()), "{id}");
    }
    let ids = |v: &serde_json::Value| {
        let mut ids: Vec<String> =
            v["hits"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap().to_string()).collect();
        ids.sort();
        ids
    };
    let strike = json(&run(&data, &["search", "strike", "--limit", "100", "--json"]));
    assert_eq!(strike["total"], old_strike["total"]);
    assert!(strike["total"].as_u64().unwrap() >= 3);
    assert_eq!(ids(&strike), ids(&old_strike));
    // Linked on the way (that version had no linking): stories and a timeline answer.
    let stories = json(&run(&data, &["stories", "--limit", "100", "--json"]));
    let in_stories: usize = stories.as_array().unwrap().iter().map(|s| s["articles"].as_array().unwrap().len()).sum();
    assert_eq!(in_stories as u64, articles, "every article in a story: {stories}");
    let timeline = run(&data, &["timeline", "strike", "--json"]);
    assert_eq!(code(&timeline), 0, "{}", stderr(&timeline));

    // The same files again: each article is found stored, or — where today's reader reads a
    // page differently (HTML extraction changed since) — becomes a new version at its URL;
    // none is stored twice beside itself.
    // (The folders of examples/ the fixture was made from; `breaking/` came later.)
    let folders: Vec<String> = ["newswire", "text", "jsonl", "html", "feeds", "warc"]
        .iter()
        .map(|f| root().join("examples").join(f).to_str().unwrap().to_string())
        .collect();
    let mut args = vec!["ingest", "--json"];
    args.extend(folders.iter().map(String::as_str));
    let o = run(&data, &args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let again = json(&o);
    assert_eq!(again["new"], again["versions"], "{again}");
    assert_eq!(again["duplicate"].as_u64().unwrap() + again["versions"].as_u64().unwrap(), articles, "{again}");
    let after = json(&run(&data, &["stats", "--json"]));
    assert_eq!(after["indexed"], after["articles"]);
}

#[test]
fn a_data_directory_of_a_newer_schema_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let o = run(&data, &["ingest", root().join("examples/text").to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let current = schema_version(&data);
    // As a later newsgraph would leave it.
    rusqlite::Connection::open(data.join("newsgraph.db")).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let before = std::fs::read(data.join("newsgraph.db")).unwrap();
    for args in [&["stats"][..], &["search", "glacier"], &["ingest", root().join("examples/html").to_str().unwrap()]] {
        let o = run(&data, args);
        assert_eq!(code(&o), 2, "{args:?}: {}", stdout(&o));
        let said = stderr(&o);
        assert!(
            said.contains(&format!("schema version 99, newer than this build knows ({current})"))
                && said.contains("upgrade newsgraph"),
            "{args:?}: {said}"
        );
    }
    assert_eq!(schema_version(&data), 99);
    assert!(std::fs::read(data.join("newsgraph.db")).unwrap() == before, "the refused store was not written");
}

#[test]
fn a_backup_of_the_first_schema_restores_migrated_and_indexed() {
    let dir = tempfile::tempdir().unwrap();
    // The fixture's store as a backup (copied: opening it must not touch the source tree).
    let saved = dir.path().join("backup");
    std::fs::create_dir(&saved).unwrap();
    std::fs::copy(fixture().join("data/newsgraph.db"), saved.join("newsgraph.db")).unwrap();
    let data = dir.path().join("restored");
    let o = run(&data, &["restore", saved.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let articles = expected("stats.json")["articles"].as_u64().unwrap();
    assert!(stdout(&o).contains(&format!("indexed {articles} articles")), "{}", stdout(&o));
    assert!(schema_version(&data) > 1, "migrated");
    let stats = json(&run(&data, &["stats", "--json"]));
    assert_eq!((stats["articles"].as_u64(), stats["indexed"].as_u64()), (Some(articles), Some(articles)));
    let strike = json(&run(&data, &["search", "strike", "--limit", "100", "--json"]));
    assert_eq!(strike["total"], expected("search-strike.json")["total"]);
}

fn pg_fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pg-schema1").join(name)
}

fn pg_expected(name: &str) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(pg_fixture("expected").join(name)).unwrap()).unwrap()
}

#[test]
fn a_postgres_database_of_the_first_schema_is_migrated_and_answers() {
    let Some(url) = newsgraph_pgcluster::database("upgrade") else { return };
    let dump = std::fs::read_to_string(pg_fixture("dump.sql")).unwrap();
    assert!(dump.contains("INSERT INTO public.newsgraph_schema VALUES (1);"), "the fixture is of the first schema");
    newsgraph_pgcluster::execute(&url, &dump).unwrap();
    let db = |args: &[&str]| newsgraph().args(["--db", &url]).args(args).output().expect("run newsgraph");
    let articles = pg_expected("stats.json")["articles"].as_u64().unwrap();
    assert!(articles >= 20, "{}", pg_expected("stats.json"));

    // Opened by today's binary: migrated, every article there, readable, searchable.
    let o = db(&["stats", "--json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(json(&o)["articles"].as_u64(), Some(articles), "{}", stdout(&o));
    let version = newsgraph_pgcluster::scalar(&url, "SELECT version FROM newsgraph_schema").unwrap();
    assert!(version > 1, "migrated to {version}");
    let ids = |v: &serde_json::Value| {
        let mut ids: Vec<String> =
            v["hits"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap().to_string()).collect();
        ids.sort();
        ids
    };
    let all = pg_expected("search-all.json");
    for hit in all["hits"].as_array().unwrap() {
        let id = hit["id"].as_str().unwrap();
        let shown = db(&["show", id, "--json"]);
        assert_eq!(code(&shown), 0, "{id}: {}", stderr(&shown));
        assert_eq!(json(&shown)["title"], hit["title"], "{id}");
    }
    let old_strike = pg_expected("search-strike.json");
    let strike = db(&["search", "strike", "--limit", "100", "--json"]);
    assert_eq!(code(&strike), 0, "{}", stderr(&strike));
    assert_eq!(ids(&json(&strike)), ids(&old_strike));
    assert!(!ids(&old_strike).is_empty());
    let stories = db(&["stories", "--limit", "100", "--json"]);
    assert_eq!(code(&stories), 0, "{}", stderr(&stories));

    // New articles go in beside the old ones: queued, stored by a worker, counted once.
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("more.jsonl");
    assert_eq!(code(&newsgraph().args(["generate", "--count", "5", "--seed", "3"]).arg(&corpus).output().unwrap()), 0);
    for args in [&["ingest", corpus.to_str().unwrap()][..], &["worker", "--until-empty"]] {
        let o = db(args);
        assert_eq!(code(&o), 0, "{args:?}: {}", stderr(&o));
    }
    assert_eq!(json(&db(&["stats", "--json"]))["articles"].as_u64(), Some(articles + 5));
}
