//! `newsgraph follow` and `newsgraph sources` end to end, through the real binary, against
//! the fake news site on loopback.

mod common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{code, json, newsgraph, run, stdout};
use newsgraph_follow::fake_site::{FakeSite, GOOD_SOURCES, SHARED_ARTICLE};

fn source_list(site: &FakeSite, dir: &std::path::Path, extra: &[&str]) -> std::path::PathBuf {
    let list: String = GOOD_SOURCES.iter().chain(extra).map(|p| format!("{}\n", site.url(p))).collect();
    let path = dir.join("sources.txt");
    std::fs::write(&path, format!("# the fake news site\n{list}")).unwrap();
    path
}

#[test]
fn follow_once_stores_articles_and_sources_reports_them() {
    let site = FakeSite::start().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let list = source_list(&site, dir.path(), &["/feeds/error.rss"]);
    let list = list.to_str().unwrap();
    let follow = ["follow", list, "--once", "--allow-loopback", "--min-delay", "0.05", "--timeout", "5", "--json"];
    let out = run(&data, &follow);
    // Some items (a 404, a 50 MB page, a gzip bomb) and one source fail: exit 1.
    assert_eq!(code(&out), 1, "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let reports: Vec<serde_json::Value> =
        stdout(&out).lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect();
    assert_eq!(reports.len(), GOOD_SOURCES.len() + 1);
    let stored: u64 = reports.iter().map(|r| r["stored"].as_u64().unwrap()).sum();
    assert_eq!(stored, 12);
    let error = reports.iter().find(|r| r["source"] == site.url("/feeds/error.rss")).unwrap();
    assert_eq!(error["error"], "HTTP 500");

    // The harbour story is one article, searchable like anything ingested.
    let hits = json(&run(&data, &["search", "harbour strike", "--json"]));
    let harbour: Vec<&serde_json::Value> = hits["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["title"].as_str().unwrap_or("").contains("Harbour strike"))
        .collect();
    assert_eq!(harbour.len(), 1, "{hits}");
    assert_eq!(site.count(SHARED_ARTICLE), 1);

    let listed = json(&run(&data, &["sources", "--json"]));
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), GOOD_SOURCES.len() + 1);
    let by_url = |p: &str| listed.iter().find(|s| s["url"] == site.url(p)).unwrap();
    assert_eq!(by_url("/feeds/world.rss")["health"], "ok");
    assert_eq!(by_url("/feeds/world.rss")["kind"], "feed");
    assert!(by_url("/feeds/world.rss")["last_success"].is_string());
    assert!(by_url("/world")["articles_per_day"].as_f64().unwrap() >= 2.0);
    assert_eq!(by_url("/feeds/error.rss")["last_error"], "HTTP 500");
    assert_eq!(by_url("/feeds/error.rss")["errors"], 1);
    let text = stdout(&run(&data, &["sources"]));
    assert!(text.contains("last error") && text.contains("articles/day"), "{text}");

    // Nothing is due again yet: a second run polls nothing and fetches nothing.
    let before = site.hits().len();
    let again = run(&data, &follow);
    assert_eq!(code(&again), 0, "{}", String::from_utf8_lossy(&again.stderr));
    assert!(stdout(&again).is_empty());
    assert_eq!(site.hits().len(), before);
    let failures = stdout(&run(&data, &["failures"]));
    assert!(failures.contains("/articles/huge-page") && failures.contains("larger than the limit"), "{failures}");
}

#[test]
fn loopback_needs_to_be_allowed() {
    let site = FakeSite::start().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let list = source_list(&site, dir.path(), &[]);
    let out = run(&dir.path().join("data"), &["follow", list.to_str().unwrap(), "--once"]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).contains("refused to connect"), "{}", stdout(&out));
    assert!(site.hits().is_empty());
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, "not-a-url\n").unwrap();
    let out = run(&dir.path().join("data"), &["follow", bad.to_str().unwrap(), "--once"]);
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 1"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn sigterm_finishes_the_round_and_exits_cleanly() {
    let site = FakeSite::start().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let list = source_list(&site, dir.path(), &[]);
    let mut child = newsgraph()
        .arg("--data")
        .arg(dir.path().join("data"))
        .args(["follow", list.to_str().unwrap(), "--allow-loopback", "--min-delay", "0.05", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    for _ in 0..GOOD_SOURCES.len() {
        let line = lines.next().expect("a report per source").unwrap();
        assert!(line.starts_with('{'), "{line}");
    }
    // The round is done and it waits for the next one: stop it.
    let killed = std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "still running after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    // Exited by itself (1: some items of the site fail), not killed by the signal.
    assert_eq!(status.code(), Some(1), "{status:?}");
    let listed = json(&run(&dir.path().join("data"), &["sources", "--json"]));
    assert!(listed.as_array().unwrap().iter().all(|s| s["last_poll"].is_string()));
}

#[test]
fn kill_9_loses_nothing_stored_and_a_restart_refetches_none_of_it() {
    let site = FakeSite::start().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let list = source_list(&site, dir.path(), &[]);
    // A short lease: what the killed process had claimed is due again by the restart.
    let follow = [
        "follow",
        list.to_str().unwrap(),
        "--allow-loopback",
        "--min-delay",
        "0.1",
        "--threads",
        "2",
        "--claim-lease",
        "1",
        "--json",
    ];
    let mut child =
        newsgraph().arg("--data").arg(&data).args(follow).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    // Killed in the middle of the round, once a source has been stored.
    let first = lines.next().expect("a report").unwrap();
    assert!(first.starts_with('{'), "{first}");
    child.kill().unwrap();
    child.wait().unwrap();

    // What the store holds after the kill, by URL (read from the store, not the index).
    let stored_urls = |data: &std::path::Path| -> Vec<String> {
        let out = run(data, &["export", "--table", "articles", "--format", "jsonl", "-"]);
        stdout(&out)
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["url"].as_str().unwrap().to_string())
            .collect()
    };
    let before: Vec<(String, usize)> = stored_urls(&data)
        .into_iter()
        .map(|u| {
            let path = u.trim_start_matches(&site.url("")).to_string();
            let n = site.count(&path);
            (path, n)
        })
        .collect();
    assert!(!before.is_empty());

    // The killed process's claims last a second.
    std::thread::sleep(Duration::from_millis(1100));
    // The restart polls what was not recorded and stores the rest, fetching nothing stored.
    let again =
        run(&data, &["follow", list.to_str().unwrap(), "--allow-loopback", "--min-delay", "0.05", "--once", "--json"]);
    assert!(code(&again) <= 1, "{}", String::from_utf8_lossy(&again.stderr));
    for (path, n) in &before {
        assert_eq!(site.count(path), *n, "{path} fetched again after the restart");
    }
    let stats = json(&run(&data, &["stats", "--json"]));
    assert!(stats["articles"].as_u64().unwrap() >= before.len() as u64);
    // Every article of the site is stored once by the end, whatever the kill cut short.
    let listed = json(&run(&data, &["sources", "--json"]));
    assert!(listed.as_array().unwrap().iter().all(|s| s["last_poll"].is_string()), "{listed}");
    assert_eq!(stats["articles"], 12, "{stats}");
}

#[test]
fn follow_on_postgres_queues_for_workers_and_keeps_sources_there() {
    let Some(url) = newsgraph_pgcluster::database("follow") else { return };
    let site = FakeSite::start().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("sources.txt");
    std::fs::write(&list, format!("{}\n{}\n", site.url("/feeds/business.rss"), site.url("/world"))).unwrap();
    let db = |args: &[&str]| newsgraph().args(["--db", &url]).args(args).output().unwrap();
    let out = db(&["follow", list.to_str().unwrap(), "--once", "--allow-loopback", "--min-delay", "0.05", "--json"]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let queued: u64 = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["queued"].as_u64().unwrap())
        .sum();
    assert_eq!(queued, 4);
    let work = db(&["worker", "--until-empty"]);
    assert_eq!(code(&work), 0, "{}", String::from_utf8_lossy(&work.stderr));
    assert_eq!(json(&db(&["stats", "--json"]))["articles"], 4);
    let listed = json(&db(&["sources", "--json"]));
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert!(listed.as_array().unwrap().iter().all(|s| s["health"] == "ok" && s["articles"] == 2), "{listed}");
    // A second run: nothing is due yet, so nothing is fetched.
    let before = site.hits().len();
    let again = db(&["follow", list.to_str().unwrap(), "--once", "--allow-loopback", "--min-delay", "0.05"]);
    assert_eq!(code(&again), 0);
    assert_eq!(site.hits().len(), before);
}

/// Two `follow` processes on one PostgreSQL database (two machines) share the sources: each
/// source is polled by one of them, and what they fetch is queued once.
#[test]
fn two_follow_processes_on_postgres_poll_each_source_once() {
    let Some(url) = newsgraph_pgcluster::database("follow_twice") else { return };
    let site = FakeSite::start().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("sources.txt");
    let paths = ["/feeds/world.rss", "/feeds/business.rss", "/feeds/atom.xml", "/feeds/etag.rss", "/world"];
    std::fs::write(&list, paths.iter().map(|p| site.url(p) + "\n").collect::<String>()).unwrap();
    let follow = || {
        newsgraph()
            .args(["--db", &url, "follow", list.to_str().unwrap(), "--once", "--allow-loopback"])
            .args(["--min-delay", "0.05", "--json"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (follow(), follow());
    let outputs = [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()];
    for out in &outputs {
        assert!(code(out) <= 1, "{}", String::from_utf8_lossy(&out.stderr));
    }
    let hits = site.hits();
    for p in paths {
        assert_eq!(hits.iter().filter(|h| h.path == p).count(), 1, "{p} polled by both processes");
    }
    let reports: Vec<serde_json::Value> = outputs
        .iter()
        .flat_map(|o| stdout(o).lines().map(|l| serde_json::from_str(l).unwrap()).collect::<Vec<_>>())
        .collect();
    assert_eq!(reports.len(), paths.len(), "{reports:?}");
    // Each article fetched once, queued once, stored once.
    let queued: u64 = reports.iter().map(|r| r["queued"].as_u64().unwrap()).sum();
    let db = |args: &[&str]| newsgraph().args(["--db", &url]).args(args).output().unwrap();
    assert_eq!(code(&db(&["worker", "--until-empty"])), 0);
    assert_eq!(json(&db(&["stats", "--json"]))["articles"], queued, "{reports:?}");
    for h in hits.iter().filter(|h| h.path.starts_with("/20")) {
        assert_eq!(hits.iter().filter(|o| o.path == h.path).count(), 1, "{} fetched twice", h.path);
    }
}
