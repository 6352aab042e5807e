//! `backup` and `restore` through the binary: a restored copy answers every query as the
//! original does, and backups taken while `ingest` and `serve` run hold whole batches and
//! restore to a complete, indexed knowledge base.

mod common;

use std::io::{Read, Write};
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::*;

fn ok(o: &std::process::Output) -> String {
    assert_eq!(code(o), 0, "stdout: {}\nstderr: {}", stdout(o), String::from_utf8_lossy(&o.stderr));
    stdout(o)
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_restored_copy_answers_queries_identically() {
    let dir = tempfile::tempdir().unwrap();
    let (original, saved, restored) = (dir.path().join("a"), dir.path().join("backup"), dir.path().join("c"));
    // An alert saved before the ferry articles arrive, so that it has matches to carry over.
    ok(&run(&original, &["ingest", root().join("examples/newswire").to_str().unwrap()]));
    ok(&run(&original, &["alerts", "add", "ferries", "ferry"]));
    ok(&run(&original, &["ingest", root().join("examples").to_str().unwrap()]));
    let said = ok(&run(&original, &["backup", saved.to_str().unwrap()]));
    assert!(said.contains("backed up"), "{said}");
    // The backup is the store alone; the index is rebuilt on restore.
    assert!(saved.join("newsgraph.db").is_file() && !saved.join("index").exists());
    let said = ok(&run(&restored, &["restore", saved.to_str().unwrap()]));
    assert!(said.contains("restored"), "{said}");

    let stats = json(&run(&restored, &["stats", "--json"]));
    assert!(stats["articles"].as_u64().unwrap() >= 20, "{stats}");
    assert_eq!(stats["indexed"], stats["articles"]);
    let queries: &[&[&str]] = &[
        &["stats", "--json"],
        &["search", "ferry", "--json"],
        &["search", "strike", "--source", "Harbour Ledger", "--json"],
        &["search", "*", "--entity", "Nomvula Khanyile", "--json"],
        &["timeline", "strike", "--json"],
        &["entity", "Nomvula Khanyile", "--json"],
        &["entities", "--json"],
        &["quotes", "--json"],
        &["events", "--json"],
        &["stories", "--json"],
        &["network", "Nomvula Khanyile", "--json"],
        &["alerts", "list", "--json"],
        &["alerts", "check", "ferries", "--json"],
    ];
    for args in queries {
        let (a, c) = (run(&original, args), run(&restored, args));
        assert_eq!(code(&a), 0, "{args:?}: {}", stderr(&a));
        assert!(stdout(&a).len() > 20, "{args:?} answers something: {}", stdout(&a));
        if args[1] == "*" {
            // No words: every hit scores 0 and comes newest first, and hits of the same
            // instant come in the order the index took them, which a rebuilt index need not
            // repeat. The same hits, then.
            let hits = |o: &std::process::Output| {
                let mut v = json(o);
                v["hits"].as_array_mut().unwrap().sort_by_key(|h| h["id"].as_str().unwrap().to_string());
                v
            };
            assert_eq!(hits(&a), hits(&c), "{args:?}");
            continue;
        }
        assert_eq!(stdout(&a), stdout(&c), "{args:?}");
    }
    // The copy lives on by itself: new articles go in.
    ok(&run(&restored, &["ingest", root().join("examples/warc").to_str().unwrap()]));
}

#[test]
fn backup_and_restore_refuse_to_overwrite_and_name_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let (data, saved) = (dir.path().join("a"), dir.path().join("backup"));
    // Nothing to back up.
    let o = run(&data, &["backup", saved.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("no knowledge base"), "{}", stderr(&o));
    ok(&run(&data, &["ingest", root().join("examples/text").to_str().unwrap()]));
    ok(&run(&data, &["backup", saved.to_str().unwrap()]));
    // A second backup into the same directory would mix two.
    let o = run(&data, &["backup", saved.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("not an empty directory"), "{}", stderr(&o));
    // Restoring over a knowledge base would lose it.
    let o = run(&data, &["restore", saved.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("already holds a knowledge base"), "{}", stderr(&o));
    let o = run(&dir.path().join("c"), &["restore", dir.path().join("nothing").to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("no backup at"), "{}", stderr(&o));
    // Not a database at all.
    let junk = dir.path().join("junk");
    std::fs::create_dir(&junk).unwrap();
    std::fs::write(junk.join("newsgraph.db"), "not a database").unwrap();
    let o = run(&dir.path().join("d"), &["restore", junk.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("not a database"), "{}", stderr(&o));
    // PostgreSQL has its own tools.
    let o = newsgraph().args(["--db", "postgres://nobody@localhost/none", "backup"]).arg(&saved).output().unwrap();
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("pg_dump"), "{}", stderr(&o));
}

fn get(addr: &str, path: &str) -> String {
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).unwrap();
    out
}

const TOTAL: u64 = 5_000;
const BATCH: u64 = 10;

#[test]
fn backups_taken_while_ingest_and_serve_run_restore_whole_batches() {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, data) = (dir.path().join("corpus.jsonl"), dir.path().join("data"));
    let generated =
        newsgraph().args(["generate", "--count", &TOTAL.to_string(), "--seed", "7"]).arg(&corpus).output().unwrap();
    assert_eq!(code(&generated), 0);
    // A first batch so that there is something to serve.
    let first = dir.path().join("first.jsonl");
    let text = std::fs::read_to_string(&corpus).unwrap();
    let lines: Vec<&str> = text.lines().take(10).collect();
    std::fs::write(&first, lines.join("\n") + "\n").unwrap();
    ok(&run(&data, &["ingest", first.to_str().unwrap()]));
    let served = serve(&data);

    let mut ingest = newsgraph()
        .arg("--data")
        .arg(&data)
        .args(["ingest", "--batch-size", &BATCH.to_string()])
        .arg(&corpus)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut backups = Vec::new();
    let started = Instant::now();
    while backups.len() < 3 && started.elapsed() < Duration::from_secs(300) {
        std::thread::sleep(Duration::from_millis(200));
        let stored = json(&run(&data, &["stats", "--json"]))["articles"].as_u64().unwrap();
        if stored < 100 * (backups.len() as u64 + 1) {
            continue;
        }
        let dest = dir.path().join(format!("backup{}", backups.len()));
        ok(&run(&data, &["backup", dest.to_str().unwrap()]));
        assert!(ingest.try_wait().unwrap().is_none(), "ingest ended before the backup did; make the corpus larger");
        backups.push(dest);
        // The server answers throughout.
        let answer = get(&served.addr, "/api/stats");
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    }
    assert_eq!(backups.len(), 3, "the ingest did not store enough articles in time");
    ingest.kill().unwrap();
    ingest.wait().unwrap();

    let mut counts = Vec::new();
    for (i, backup) in backups.iter().enumerate() {
        let copy = dir.path().join(format!("restored{i}"));
        ok(&run(&copy, &["restore", backup.to_str().unwrap()]));
        let stats = json(&run(&copy, &["stats", "--json"]));
        let articles = stats["articles"].as_u64().unwrap();
        // Whole batches of the running ingest (every generated article is new), each indexed.
        assert_eq!(articles % BATCH, 0, "backup {i} holds part of a batch: {articles}");
        assert_eq!(stats["indexed"].as_u64(), Some(articles), "backup {i}");
        // Every generated article ends with "The talks, article N in this series, continue."
        let found = json(&run(&copy, &["search", "series", "--json", "--limit", "1"]));
        assert_eq!(found["total"].as_u64(), Some(articles), "backup {i}: each article indexed once");
        counts.push(articles);
    }
    assert!(counts.windows(2).all(|w| w[0] <= w[1]) && counts[0] >= 100, "{counts:?}");
    drop(served);
}
