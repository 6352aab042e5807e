//! `newsgraph ingest`, `search`, `show`, `stats`: the store and index end to end.

mod common;

use std::io::Write;

use common::*;

#[test]
fn ingesting_twice_stores_once_and_everything_can_be_found() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let examples = root().join("examples");
    let examples = examples.to_str().unwrap();

    let first = run(&data, &["ingest", examples, "--json"]);
    assert_eq!(code(&first), 0, "{}", String::from_utf8_lossy(&first.stderr));
    let first = json(&first);
    let new = first["new"].as_u64().unwrap();
    assert!(new >= 30, "{first}");
    assert_eq!((first["duplicate"].as_u64(), first["failed"].as_u64()), (Some(0), Some(0)));
    assert!(first["failures"].as_array().unwrap().is_empty());

    let second = json(&run(&data, &["ingest", examples, "--json"]));
    assert_eq!((second["new"].as_u64(), second["duplicate"].as_u64()), (Some(0), Some(new)), "{second}");

    let stats = json(&run(&data, &["stats", "--json"]));
    assert_eq!((stats["articles"].as_u64(), stats["indexed"].as_u64()), (Some(new), Some(new)));
    for layer in ["entities", "quotes", "time_expressions"] {
        assert!(stats[layer].as_u64().unwrap() >= new, "{layer}: {stats}");
    }

    // Found by words of the body, with filters.
    let found = json(&run(&data, &["search", "harbour strike", "--json"]));
    assert!(found["total"].as_u64().unwrap() >= 2, "{found}");
    let hit = &found["hits"][0];
    let id = hit["id"].as_str().unwrap().to_string();
    let none = json(&run(&data, &["search", "harbour strike", "--to", "1999-12-31", "--json"]));
    assert_eq!(none["total"], 0);
    let missing = run(&data, &["search", "zzyzxqq"]);
    assert_eq!(code(&missing), 1);

    // Shown in full, by id or prefix.
    let shown = json(&run(&data, &["show", &id, "--json"]));
    assert_eq!(shown["id"], id.as_str());
    assert!(!shown["text"].as_str().unwrap().is_empty());
    let human = run(&data, &["show", &id[..8]]);
    assert_eq!(code(&human), 0);
    assert!(stdout(&human).contains(&id));
    assert_eq!(code(&run(&data, &["show", "0000000000000000"])), 1);

    // The examples end with a story that six outlets reported within hours and none before
    // (examples/README.md, story E): what is happening now has it as breaking, and only it.
    let trends = json(&run(&data, &["trends", "--json"]));
    let breaking: Vec<&serde_json::Value> =
        trends["stories"].as_array().unwrap().iter().filter(|s| s["breaking"] == true).collect();
    assert_eq!(breaking.len(), 1, "{trends}");
    assert!(breaking[0]["title"].as_str().unwrap().contains("Bosphorus"), "{trends}");
    assert_eq!(breaking[0]["new_sources"], 6, "{trends}");
}

#[test]
fn bad_inputs_are_reported_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    let put = |name: &str, bytes: &[u8]| std::fs::write(inputs.join(name), bytes).unwrap();
    put("01-good.txt", b" date 2026-03-01 OSLO (NORTHSTAR) - The ferry strike ended on Sunday.");
    put("02-latin1.txt", b"Caf\xe9 owners in the old town protested against new rents.");
    put("03-junk.bin.txt", b"\x00\x01\x02\x03\x04\xff\xfe\x00garbage");
    put("04-empty.txt", b"");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all("A long enough article body about the harbour. ".repeat(50).as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    put("05-truncated.txt.gz", &gz[..gz.len() / 2]);
    put("06-malformed.html", b"<html><body><div><p>The council voted <b>to close the <i>old bridge for repairs, officials said on Monday, after inspectors found cracks in two of its pillars and warned of a risk of collapse.<p>Traffic will be diverted");
    put("07-notxml.rss", b"this is not a feed at all");
    put("08-lines.jsonl", b"{\"title\":\"Fine\",\"text\":\"A fine line about wheat prices.\",\"date\":\"2026-03-02\"}\n{broken json\n{\"title\":\"Odd date\",\"text\":\"Barley prices fell.\",\"date\":\"the day after\"}\n");
    let big = std::fs::File::create(inputs.join("09-huge.txt")).unwrap();
    big.set_len(200 << 20).unwrap();
    drop(big);

    let data = dir.path().join("data");
    let out = run(&data, &["ingest", inputs.to_str().unwrap(), "--json", "--max-bytes", "100000000"]);
    assert_eq!(code(&out), 1, "some inputs failed");
    let report = json(&out);
    let failures = report["failures"].as_array().unwrap();
    let reason_for = |name: &str| -> String {
        failures
            .iter()
            .find(|f| f["origin"].as_str().unwrap().contains(name))
            .map(|f| f["reason"].as_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("no failure for {name}: {report}"))
    };
    assert!(reason_for("03-junk").contains("binary"));
    assert!(reason_for("04-empty").contains("empty"));
    assert!(reason_for("05-truncated").contains("truncated"));
    assert!(reason_for("07-notxml").contains("not a valid RSS or Atom feed"));
    assert!(reason_for("08-lines.jsonl:2").contains("invalid JSON"));
    assert!(reason_for("09-huge").contains("limit of 100000000 bytes"));
    assert_eq!(report["failed"], 6);
    // good, latin1 (decoded lossily, with a warning), malformed HTML, two JSON lines
    assert_eq!(report["new"], 5, "{report}");
    let warnings = report["warnings"].as_array().unwrap();
    assert!(warnings.iter().any(
        |w| w["origin"].as_str().unwrap().contains("02-latin1") && w["reason"].as_str().unwrap().contains("UTF-8")
    ));
    assert!(warnings.iter().any(|w| w["origin"].as_str().unwrap().contains("08-lines.jsonl:3")
        && w["reason"].as_str().unwrap().contains("date")));
    let stats = json(&run(&data, &["stats", "--json"]));
    assert_eq!((stats["articles"].as_u64(), stats["failures"].as_u64()), (Some(5), Some(6)));
    let bridge = json(&run(&data, &["search", "bridge pillars", "--json"]));
    assert_eq!(bridge["total"], 1, "malformed HTML still yields its text");
}

#[test]
fn every_crawl_file_is_read_and_a_truncated_copy_keeps_what_came_before() {
    let Some(shared) = shared() else { return };
    let crawls = shared.join("data/warc/small-arcs-and-warcs");
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let report = json(&run(&data, &["ingest", crawls.to_str().unwrap(), "--json"]));
    let files = report["files"].as_object().unwrap();
    for entry in std::fs::read_dir(&crawls).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap();
        if name.ends_with(".txt") {
            continue;
        }
        let count =
            files.iter().find(|(f, _)| f.ends_with(name)).map(|(_, c)| c).unwrap_or_else(|| panic!("{name} not read"));
        assert!(count["records"].as_u64().unwrap() >= 5, "{name}: {count}");
        assert!(count["articles"].as_u64().unwrap() >= 1, "{name}: {count}");
    }

    // Cut a crawl in the middle of a record: the records before the cut are kept.
    let whole = std::fs::read(crawls.join("IAH-20080430204825-00000-blackbook-truncated.warc")).unwrap();
    let cut = dir.path().join("cut.warc");
    std::fs::write(&cut, &whole[..whole.len() * 2 / 3]).unwrap();
    let out = run(&dir.path().join("data2"), &["ingest", cut.to_str().unwrap(), "--json"]);
    assert_eq!(code(&out), 1);
    let r = json(&out);
    assert!(r["failures"][0]["reason"].as_str().unwrap().contains("truncated"), "{r}");
    let c = &r["files"][cut.to_str().unwrap()];
    assert!(c["records"].as_u64().unwrap() > 5 && c["failed"] == 1, "{c}");
    assert!(r["new"].as_u64().unwrap() >= 1, "articles before the cut are stored: {r}");

    // The same cut, gzipped per record as crawlers write it, then truncated.
    let gz_whole = std::fs::read(crawls.join("IAH-20080430204825-00000-blackbook-truncated.warc.gz")).unwrap();
    let gz_cut = dir.path().join("cut.warc.gz");
    std::fs::write(&gz_cut, &gz_whole[..gz_whole.len() * 2 / 3]).unwrap();
    let r = json(&run(&dir.path().join("data3"), &["ingest", gz_cut.to_str().unwrap(), "--json"]));
    assert!(r["failures"][0]["reason"].as_str().unwrap().contains("truncated"), "{r}");
    assert!(r["files"][gz_cut.to_str().unwrap()]["records"].as_u64().unwrap() > 5, "{r}");
}

#[test]
fn read_commands_refuse_a_missing_or_empty_data_directory_and_create_nothing() {
    let scratch = tempfile::tempdir().unwrap();
    let missing = scratch.path().join("newsgrpah-data");
    let commands: [&[&str]; 9] = [
        &["search", "election"],
        &["stats"],
        &["show", "abc"],
        &["entity", "Kim"],
        &["export", "--table", "articles", "x.jsonl"],
        &["quotes"],
        &["events"],
        &["stories"],
        &["reindex"],
    ];
    for args in commands {
        let o = run(&missing, args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(code(&o), 2, "{args:?} on a missing directory: {err}");
        assert!(err.contains("does not exist") && err.contains("newsgrpah-data"), "{args:?}: {err}");
        assert!(!missing.exists(), "{args:?} created {}", missing.display());
    }
    // An existing but empty directory, and a file given as the directory.
    let empty = scratch.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let o = run(&empty, &["stats"]);
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("no newsgraph.db"), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!empty.join("newsgraph.db").exists());
    let file = scratch.path().join("notes.txt");
    std::fs::write(&file, "not a store").unwrap();
    let o = run(&file, &["search", "x"]);
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("is a file, not a data directory"));
    // Ingest creates the store; then the same read commands work.
    let text = scratch.path().join("a.txt");
    std::fs::write(&text, "Mayor Ana Ruiz opened the bridge on Monday.\n").unwrap();
    assert_eq!(code(&run(&missing, &["ingest", text.to_str().unwrap()])), 0);
    assert_eq!(code(&run(&missing, &["stats"])), 0);
}

#[test]
fn eval_stories_refuses_a_missing_file_and_one_without_labels() {
    let scratch = tempfile::tempdir().unwrap();
    let missing = scratch.path().join("stories.jsonl");
    let o = newsgraph().args(["eval", "stories"]).arg(&missing).output().unwrap();
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("no such file"), "{}", String::from_utf8_lossy(&o.stderr));
    let unlabelled = scratch.path().join("plain.jsonl");
    std::fs::write(&unlabelled, "{\"id\":\"a\",\"text\":\"Mayor Ana Ruiz opened the bridge on Monday.\"}\n").unwrap();
    let o = newsgraph().args(["eval", "stories"]).arg(&unlabelled).output().unwrap();
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("truth"), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn eval_stories_reads_a_labelled_set_of_real_news() {
    let scratch = tempfile::tempdir().unwrap();
    let set = scratch.path().join("set.jsonl");
    let record = |id: &str, cluster: &str, split: &str, text: &str| {
        serde_json::json!({"id": id, "cluster": cluster, "split": split, "date": "2026-03-02", "text": text})
            .to_string()
    };
    let bridge = "The Harbour Bridge in Port Elwin collapsed on Monday after a barge struck one of its piers, \
        the city's transport office said. Mayor Ana Ruiz said divers were searching the river.";
    let strike = "Dock workers in Valmora began a strike on Tuesday over pay, the Valmora Dockers Union said, \
        halting cargo at the port. Union leader Tomas Brell said the walkout would last a week.";
    let lines = [
        record("1", "bridge", "dev", bridge),
        record("2", "bridge", "dev", &bridge.replace("Monday", "Monday night")),
        record("3", "strike", "dev", strike),
        record("4", "strike", "train", strike),
    ];
    std::fs::write(&set, lines.join("\n") + "\n").unwrap();
    let o = newsgraph().args(["eval", "stories"]).arg(&set).args(["--split", "dev"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    assert!(stdout.starts_with("3 articles"), "{stdout}");
    let stories = stdout.lines().find(|l| l.starts_with("stories")).expect(&stdout);
    assert!(stories.contains("B-cubed") && stories.contains("(3 items)"), "{stdout}");
    // Real news marks no duplicates or people: only stories are scored.
    assert!(!stdout.contains("duplicates ") && !stdout.contains("entities "), "{stdout}");
    let o = newsgraph().args(["eval", "stories"]).arg(&set).args(["--split", "test"]).output().unwrap();
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("no record of split `test`"));
}

#[test]
fn every_eval_refuses_input_without_gold() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path();
    std::fs::create_dir_all(dir.join("split/attributions")).unwrap();
    std::fs::create_dir_all(dir.join("split/text")).unwrap();
    std::fs::create_dir_all(dir.join("timeml")).unwrap();
    std::fs::write(dir.join("plain.conll"), "Ana NNP B-NP O\nspoke VBD B-VP O\n").unwrap();
    std::fs::write(dir.join("events.json"), "[]").unwrap();
    let cases: [(&str, &str, &str); 4] = [
        ("ner", "plain.conll", "no gold entities"),
        ("timex", "timeml", "no TimeML"),
        ("quotes", "split", "no brat annotation"),
        ("events", "events.json", "no annotated paragraphs"),
    ];
    for (task, input, message) in cases {
        let o = newsgraph().args(["eval", task]).arg(dir.join(input)).output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(code(&o), 2, "eval {task}: {err}");
        assert!(err.contains(message), "eval {task}: {err}");
    }
}

#[test]
fn eval_ner_writes_what_it_scored() {
    let dir = tempfile::tempdir().unwrap();
    let gold = "-DOCSTART- O\n\nMaria B-PER\nSchmidt I-PER\nvisited O\nBerlin B-LOC\n. O\n";
    std::fs::write(dir.path().join("g.conll"), gold).unwrap();
    let out = dir.path().join("pred.txt");
    let o = newsgraph().args(["eval", "ner"]).arg(dir.path().join("g.conll")).arg("--out").arg(&out).output().unwrap();
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let written = std::fs::read_to_string(&out).unwrap();
    let rows: Vec<Vec<&str>> = written
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with("-DOCSTART-"))
        .map(|l| l.split(' ').collect())
        .collect();
    assert_eq!(rows.len(), 5, "{written}");
    assert!(rows.iter().all(|r| r.len() == 3), "{written}");
    assert_eq!(rows[0][..2], ["Maria", "B-PER"]);
    // Scoring the written file again (gold, then prediction) gives the figures just printed.
    let again = newsgraph().args(["eval", "ner", "--predicted"]).arg(&out).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&again.stdout), String::from_utf8_lossy(&o.stdout));
}

#[test]
fn every_command_reads_days_the_same_way() {
    let scratch = tempfile::tempdir().unwrap();
    let data = one_quoted_article(scratch.path());
    let bad: [&[&str]; 6] = [
        &["quotes", "--from", "17-03-2026"],
        &["stories", "--to", "2026/03/01"],
        &["events", "--from", "yesterday"],
        &["quotes", "--from", "2026/03/17"],
        &["search", "bridge", "--from", "03/17/2026"],
        &["export", "--table", "articles", "--from", "March 17", "out.jsonl"],
    ];
    for args in bad {
        let o = run(&data, args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(code(&o), 2, "{args:?}: {err}");
        assert!(err.contains("is not a day: write YYYY-MM-DD"), "{args:?}: {err}");
    }
    // A good day filters: the article is on 2026-03-17.
    let json = |args: &[&str]| json(&run(&data, args));
    assert_eq!(json(&["search", "bridge", "--from", "2026-03-17", "--json"])["total"], 1);
    assert_eq!(json(&["search", "bridge", "--from", "2026-03-18", "--json"])["total"], 0);
    let on_the_day = json(&["quotes", "--from", "2026-03-17", "--json"]);
    assert_eq!(on_the_day.as_array().map(Vec::len), Some(1), "{on_the_day}");
    let after = json(&["quotes", "--from", "2026-03-18", "--json"]);
    assert_eq!(after.as_array().map(Vec::len), Some(0), "{after}");
}

#[test]
fn an_unknown_event_type_is_refused_with_the_list_of_types() {
    let scratch = tempfile::tempdir().unwrap();
    let o = run(&scratch.path().join("data"), &["events", "--type", "arest"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(code(&o), 2, "{err}");
    assert!(err.contains("unknown event type `arest`") && err.contains("arrest") && err.contains("meet"), "{err}");
}

#[test]
fn show_lists_the_articles_an_ambiguous_prefix_could_mean() {
    let scratch = tempfile::tempdir().unwrap();
    let data = scratch.path().join("data");
    let dir = scratch.path().join("articles");
    std::fs::create_dir(&dir).unwrap();
    for n in 0..40 {
        std::fs::write(
            dir.join(format!("{n}.txt")),
            format!("Council vote number {n}\n\nThe council voted {n} times.\n"),
        )
        .unwrap();
    }
    assert_eq!(code(&run(&data, &["ingest", dir.to_str().unwrap()])), 0);
    let hits = json(&run(&data, &["search", "*", "--json", "--limit", "100"]));
    let ids: Vec<String> =
        hits["hits"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids.len(), 40);
    // Forty ids over sixteen first digits: some digit starts two or more.
    let shared = (0..16)
        .map(|d| format!("{d:x}"))
        .find(|p| ids.iter().filter(|id| id.starts_with(p.as_str())).count() >= 2)
        .unwrap();
    let o = run(&data, &["show", &shared]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(code(&o), 2, "{err}");
    assert!(err.contains("ambiguous"), "{err}");
    for id in ids.iter().filter(|id| id.starts_with(shared.as_str())) {
        assert!(err.contains(id.as_str()), "{id} missing from: {err}");
    }
    // A unique prefix still shows its article.
    assert_eq!(code(&run(&data, &["show", &ids[0][..12]])), 0);
}

#[test]
fn ingesting_a_folder_without_articles_says_so() {
    let scratch = tempfile::tempdir().unwrap();
    let data = scratch.path().join("data");
    let empty = scratch.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let other = scratch.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("photo.bin"), [0u8, 1, 2, 3]).unwrap();
    for dir in [&empty, &other] {
        let o = run(&data, &["ingest", dir.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(code(&o), 1, "{err}");
        assert!(err.contains("no article files found in") && err.contains(dir.to_str().unwrap()), "{err}");
    }
}

#[test]
fn every_listing_says_when_it_found_nothing() {
    let scratch = tempfile::tempdir().unwrap();
    let data = one_quoted_article(scratch.path());
    let cases: [&[&str]; 4] = [
        &["quotes", "--by", "Nobody Atall"],
        &["events", "--with", "Nobody Atall"],
        &["stories", "--from", "2030-01-01"],
        &["network", "Nobody Atall"],
    ];
    for args in cases {
        let o = run(&data, args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(code(&o), 1, "{args:?}: {err}");
        assert!(err.contains("newsgraph: no ") && err.contains(" found"), "{args:?}: {err}");
    }
    // With --json, stdout stays an empty list.
    let o = run(&data, &["quotes", "--by", "Nobody Atall", "--json"]);
    assert_eq!(json(&o), serde_json::json!([]));
}

/// A store in `dir` holding one article of 2026-03-17 with one quote.
fn one_quoted_article(dir: &std::path::Path) -> std::path::PathBuf {
    let data = dir.join("data");
    let text = dir.join("a.txt");
    std::fs::write(&text, "Mayor Ana Ruiz said on Monday that the bridge would open.\n").unwrap();
    assert_eq!(code(&run(&data, &["ingest", "--date", "2026-03-17", text.to_str().unwrap()])), 0);
    data
}

#[test]
fn generate_and_export_name_the_paths_they_write() {
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("gen.jsonl");
    let o = newsgraph().args(["generate", "--count", "3"]).arg(&out).output().unwrap();
    assert_eq!(code(&o), 0);
    assert!(String::from_utf8_lossy(&o.stderr).contains(&format!("wrote 3 articles to {}", out.display())));
    let help = stdout(&newsgraph().arg("--help").output().unwrap());
    assert!(help.contains("generate"), "{help}");
    let nowhere = scratch.path().join("no/such/folder/gen.jsonl");
    let o = newsgraph().args(["generate", "--count", "3"]).arg(&nowhere).output().unwrap();
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains(&nowhere.display().to_string()));
    let data = one_quoted_article(scratch.path());
    let target = scratch.path().join("missing-folder/x.jsonl");
    let o = run(&data, &["export", "--table", "articles", target.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(code(&o), 2, "{err}");
    assert!(err.contains("missing-folder does not exist") && !err.contains(".partial"), "{err}");
}

#[test]
fn entities_lists_the_knowledge_base_by_name_prefix() {
    let scratch = tempfile::tempdir().unwrap();
    let data = one_quoted_article(scratch.path());
    let all = json(&run(&data, &["entities", "--json"]));
    let names: Vec<&str> = all.as_array().unwrap().iter().filter_map(|e| e["name"].as_str()).collect();
    assert!(names.contains(&"Ana Ruiz"), "{all}");
    let ana = json(&run(&data, &["entities", "--prefix", "ana", "--json"]));
    assert_eq!(ana.as_array().unwrap().len(), 1, "{ana}");
    assert_eq!(ana[0]["type"], "PER");
    let o = run(&data, &["entities", "--prefix", "zzz"]);
    assert_eq!(code(&o), 1);
    assert!(String::from_utf8_lossy(&o.stderr).contains("no entities found"));
    let later = run(&data, &["entities", "--since", "2026-03-18", "--json"]);
    assert_eq!(json(&later), serde_json::json!([]));
}

#[test]
fn ingest_reports_progress_in_a_log_with_the_share_done() {
    let scratch = tempfile::tempdir().unwrap();
    let inputs = scratch.path().join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    for (i, place) in ["Port Elwin", "Valmora", "Easthaven"].iter().enumerate() {
        let text =
            format!("Mayor Ana Ruiz opened a new bridge in {place} on Monday, officials said. It cost {i} million.\n");
        std::fs::write(inputs.join(format!("{i}.txt")), text).unwrap();
    }
    // stderr is a pipe here, not a terminal: progress comes as plain lines.
    let o = newsgraph()
        .arg("--data")
        .arg(scratch.path().join("data"))
        .args(["ingest", "--batch-size", "1"])
        .arg(&inputs)
        .output()
        .unwrap();
    assert_eq!(code(&o), 0);
    let err = String::from_utf8_lossy(&o.stderr);
    let line = err.lines().find(|l| l.starts_with("ingest: ")).unwrap_or_else(|| panic!("no progress line: {err}"));
    assert!(line.contains("articles") && line.contains("% of "), "{line}");
    assert!(!err.contains('\r') && !err.contains('\u{1b}'), "no terminal control in a log: {err:?}");
}

#[test]
fn ctrl_c_says_how_far_ingest_got_and_a_rerun_finishes() {
    use std::io::BufRead;
    let scratch = tempfile::tempdir().unwrap();
    let input = scratch.path().join("many.jsonl");
    let g = newsgraph().args(["generate", "--stories", "400"]).arg(&input).output().unwrap();
    assert_eq!(code(&g), 0, "{}", String::from_utf8_lossy(&g.stderr));
    let data = scratch.path().join("data");
    let mut child = newsgraph()
        .arg("--data")
        .arg(&data)
        .args(["ingest", "--batch-size", "8"])
        .arg(&input)
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut err = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    // The first progress line: some articles are committed.
    while err.read_line(&mut line).unwrap() > 0 && !line.starts_with("ingest: ") {
        line.clear();
    }
    let kill = std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(kill.success());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut err, &mut rest).unwrap();
    let status = child.wait().unwrap();
    if rest.contains("interrupted: ") {
        assert_eq!(status.code(), Some(130), "{rest}");
        assert!(rest.contains("run the same command again"), "{rest}");
    } else {
        // The machine was fast enough to finish before the signal arrived.
        assert_eq!(status.code(), Some(0), "{rest}");
    }
    let again = newsgraph().arg("--data").arg(&data).arg("ingest").arg(&input).arg("--json").output().unwrap();
    assert_eq!(code(&again), 0, "{}", String::from_utf8_lossy(&again.stderr));
    let stats = newsgraph().arg("--data").arg(&data).args(["stats", "--json"]).output().unwrap();
    let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    let lines = std::fs::read_to_string(&input).unwrap().lines().count() as u64;
    assert_eq!(stats["articles"].as_u64(), Some(lines), "{stats}");
    assert_eq!(stats["indexed"].as_u64(), Some(lines), "{stats}");
}

#[test]
fn each_listing_says_which_day_its_dates_compare() {
    let help =
        |cmd: &str| String::from_utf8_lossy(&newsgraph().args([cmd, "--help"]).output().unwrap().stdout).to_string();
    let from = |text: &str| text.lines().find(|l| l.trim_start().starts_with("--from")).unwrap_or("").to_string();
    assert!(from(&help("quotes")).contains("publication day") && !from(&help("quotes")).contains("event"));
    assert!(from(&help("stories")).contains("Stories still running"), "{}", help("stories"));
    assert!(from(&help("events")).contains("event's own date"), "{}", help("events"));
}

/// Two `ingest`s of the same file into one data directory at once: the second waits for the
/// first, says whom it waits for, and then finds every article already stored. Before the
/// writer lock the second failed midway with "database is locked".
#[test]
fn two_ingests_at_once_take_turns_and_store_each_article_once() {
    use std::io::BufRead;
    let scratch = tempfile::tempdir().unwrap();
    let input = scratch.path().join("many.jsonl");
    let g = newsgraph().args(["generate", "--count", "300"]).arg(&input).output().unwrap();
    assert_eq!(code(&g), 0, "{}", String::from_utf8_lossy(&g.stderr));
    let data = scratch.path().join("data");
    let ingest = || {
        let mut c = newsgraph();
        c.arg("--data").arg(&data).args(["ingest", "--json", "--batch-size", "8"]).arg(&input);
        c.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
        c
    };
    let mut first = ingest().spawn().unwrap();
    let mut err = std::io::BufReader::new(first.stderr.take().unwrap());
    let mut line = String::new();
    // The first progress line: the first ingest holds the lock and is storing.
    while err.read_line(&mut line).unwrap() > 0 && !line.starts_with("ingest: ") {
        line.clear();
    }
    let first_running = first.try_wait().unwrap().is_none();
    let second = ingest().output().unwrap();
    std::io::Read::read_to_string(&mut err, &mut String::new()).unwrap();
    let first = first.wait_with_output().unwrap();
    assert_eq!(first.status.code(), Some(0));
    let second_err = String::from_utf8_lossy(&second.stderr);
    assert_eq!(code(&second), 0, "{second_err}");
    if first_running {
        assert!(second_err.contains("newsgraph ingest (pid ") && second_err.contains("waiting"), "{second_err}");
    }
    let (a, b) = (json(&first), json(&second));
    assert_eq!(a["new"].as_u64(), Some(300), "{a}");
    assert_eq!((b["new"].as_u64(), b["duplicate"].as_u64()), (Some(0), Some(300)), "{b}");
    let stats = json(&run(&data, &["stats", "--json"]));
    assert_eq!((stats["articles"].as_u64(), stats["indexed"].as_u64()), (Some(300), Some(300)), "{stats}");
}
