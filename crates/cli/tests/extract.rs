//! `newsgraph extract`: the JSON contract on the seed article and on each format.

mod common;

use common::*;

#[test]
fn seed_article_metadata_and_body() {
    let Some(shared) = shared() else { return };
    let seed = shared.join("seed/000_f5e73e40193edf61.txt");
    let out = newsgraph().arg("extract").arg(&seed).arg("--json").output().unwrap();
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json(&out);
    assert_eq!(doc["published"], "2018-04-21");
    assert_eq!(doc["dateline_place"], "TOKYO");
    assert_eq!(doc["source"], "BLOOMBERG");
    assert_eq!(
        doc["related_stories"],
        serde_json::json!([
            "Japan finance minister suspects US wants bilateral FTA",
            "Japan to propose new framework to discuss trade with US: Nikkei",
            "Japan warns G-20 that protectionism will hurt financial markets"
        ])
    );
    let text = doc["text"].as_str().unwrap();
    for absent in ["Related Story", "date 2018-04-21", "(BLOOMBERG)", "TOKYO"] {
        assert!(!text.contains(absent), "{absent:?} in body");
    }
    assert!(text.starts_with("Japanese Finance Minister Taro Aso won't have an easy homecoming."));
    for layer in ["entities", "quotes", "time_expressions", "events"] {
        assert!(doc[layer].is_array(), "{layer}");
    }
    // Spans are code points into `text` and carry their text.
    for s in doc["sentences"].as_array().unwrap() {
        let (start, end) = (s["start"].as_u64().unwrap() as usize, s["end"].as_u64().unwrap() as usize);
        let slice: String = text.chars().skip(start).take(end - start).collect();
        assert_eq!(slice, s["text"].as_str().unwrap());
    }
}

#[test]
fn plain_text_keeps_offsets_in_line_with_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("note.txt");
    let body = "Ferry fares rise\n\nThe ferry company in Ålesund raised fares on Monday. Passengers complained.\n";
    std::fs::write(&file, body).unwrap();
    let out = newsgraph().arg("extract").arg(&file).args(["--json", "--date", "2026-03-02"]).output().unwrap();
    let doc = json(&out);
    assert_eq!(doc["text"], body);
    assert_eq!(doc["published"], "2026-03-02");
    assert_eq!(doc["title"], "Ferry fares rise");
    let chars: Vec<char> = body.chars().collect();
    for s in doc["sentences"].as_array().unwrap() {
        let (start, end) = (s["start"].as_u64().unwrap() as usize, s["end"].as_u64().unwrap() as usize);
        assert_eq!(chars[start..end].iter().collect::<String>(), s["text"].as_str().unwrap());
    }
}

#[test]
fn every_example_format_is_read() {
    let examples = root().join("examples");
    let out = newsgraph().arg("extract").arg(&examples).arg("--json").output().unwrap();
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let docs: Vec<serde_json::Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(docs.len() >= 30, "{} articles", docs.len());
    for reader in ["newswire", "text", "jsonl", "html", "feed"] {
        assert!(docs.iter().any(|d| d["reader"] == reader), "no article from the {reader} reader");
    }
    assert!(
        docs.iter().any(|d| d["origin"].as_str().unwrap().contains("crawl.warc.gz#record")),
        "no article from the WARC"
    );
    for d in &docs {
        assert!(!d["text"].as_str().unwrap().trim().is_empty());
        if d["reader"] != "text" {
            assert!(d["published"].is_string(), "every dated example keeps its date: {}", d["origin"]);
        }
        assert_eq!(d["id"].as_str().unwrap().len(), 16);
    }
    let html = docs.iter().find(|d| d["reader"] == "html").unwrap();
    assert!(html["url"].as_str().unwrap().starts_with("https://"));
}

#[test]
fn stdin_and_forced_format() {
    use std::io::Write;
    let mut child = newsgraph()
        .args(["extract", "-", "--json", "--format", "newswire"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"date 2026-01-05 LIMA (ANDES WIRE) - Rain.").unwrap();
    let out = child.wait_with_output().unwrap();
    let doc = json(&out);
    assert_eq!((doc["dateline_place"].as_str(), doc["text"].as_str()), (Some("LIMA"), Some("Rain.")));
}

#[test]
fn usage_errors_exit_2() {
    let out = newsgraph().args(["extract", "x.txt", "--date", "someday"]).output().unwrap();
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--date"));
    assert_eq!(code(&newsgraph().args(["frobnicate"]).output().unwrap()), 2);
}

/// `name_key` of the independent scorer: lower case, spaces collapsed, leading honorific dropped.
fn name_key(s: &str) -> String {
    let lower = s.to_lowercase().replace('’', "'");
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    while words
        .first()
        .is_some_and(|w| ["mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "madam"].contains(w))
    {
        words.remove(0);
    }
    words.join(" ")
}

fn names_of(e: &serde_json::Value) -> Vec<String> {
    let mut names = vec![name_key(e["name"].as_str().unwrap_or(""))];
    names.extend(e["aliases"].as_array().into_iter().flatten().map(|a| name_key(a.as_str().unwrap_or(""))));
    names.extend(
        e["mentions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|m| m["pronoun"] != true)
            .map(|m| name_key(m["text"].as_str().unwrap_or(""))),
    );
    names
}

/// The seed's expected extraction and what `extract --json` makes of the seed article.
fn seed_extraction() -> Option<(serde_json::Value, serde_json::Value)> {
    let shared = shared()?;
    let expected = serde_json::from_str(&std::fs::read_to_string(shared.join("seed/expected.json")).unwrap()).unwrap();
    let out =
        newsgraph().arg("extract").arg(shared.join("seed/000_f5e73e40193edf61.txt")).arg("--json").output().unwrap();
    Some((expected, json(&out)))
}

#[test]
fn seed_entities_match_the_expected_extraction() {
    let Some((expected, doc)) = seed_extraction() else { return };
    let entities = doc["entities"].as_array().unwrap();
    let find = |name: &str, types: &[&str]| {
        entities.iter().find(|e| types.contains(&e["type"].as_str().unwrap()) && names_of(e).contains(&name_key(name)))
    };
    for p in expected["people"].as_array().unwrap() {
        let name = p["name"].as_str().unwrap();
        let e = find(name, &["PER"]).unwrap_or_else(|| panic!("person {name} not found"));
        assert_eq!(name_key(e["name"].as_str().unwrap()), name_key(name), "canonical name");
        for alias in p["aliases"].as_array().unwrap() {
            assert!(names_of(e).contains(&name_key(alias.as_str().unwrap())), "alias {alias} of {name}");
        }
        for role in p["roles"].as_array().unwrap() {
            let title = role["title"].as_str().unwrap().to_lowercase();
            let found = e["roles"].as_array().unwrap().iter().any(|r| {
                let t = r["title"].as_str().unwrap_or("").to_lowercase();
                title.split_whitespace().all(|w| t.contains(w))
                    && role.get("of").is_none_or(|of| {
                        let of = of.as_str().unwrap().to_lowercase();
                        r["of"].as_str().unwrap_or("").to_lowercase().contains(&of) || t.contains(&of)
                    })
            });
            assert!(found, "role {role} of {name}: {}", e["roles"]);
        }
    }
    for o in expected["organizations"].as_array().unwrap() {
        assert!(find(o.as_str().unwrap(), &["ORG", "MISC"]).is_some(), "organisation {o}");
    }
    for p in expected["places"].as_array().unwrap() {
        assert!(find(p.as_str().unwrap(), &["LOC"]).is_some(), "place {p}");
    }
    for o in expected["other_entities"].as_array().unwrap() {
        let e = find(o["name"].as_str().unwrap(), &["ORG", "MISC", "LOC"]).unwrap_or_else(|| panic!("{o}"));
        for alias in o["aliases"].as_array().unwrap() {
            assert!(names_of(e).contains(&name_key(alias.as_str().unwrap())), "alias {alias}");
        }
    }
    // "he" in "he said he's not considering stepping down" is Mr Aso.
    let aso = find("Taro Aso", &["PER"]).unwrap();
    let text = doc["text"].as_str().unwrap();
    let he = text.find("he said he's").unwrap();
    let he_chars = text[..he].chars().count() as u64;
    assert!(
        aso["mentions"].as_array().unwrap().iter().any(|m| m["pronoun"] == true && m["start"] == he_chars),
        "pronoun he → Taro Aso"
    );
}

#[test]
fn seed_events_match_the_expected_extraction() {
    let Some((expected, doc)) = seed_extraction() else { return };
    let events = doc["events"].as_array().unwrap();
    for ev in expected["events"].as_array().unwrap() {
        let found = events.iter().any(|se| {
            let names: Vec<String> = se["participants"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| name_key(p["name"].as_str().unwrap_or("")))
                .collect();
            se["type"] == ev["type"]
                && ev["participants"].as_array().unwrap().iter().all(|p| names.contains(&name_key(p.as_str().unwrap())))
                && ev.get("date").is_none_or(|d| se["date"].as_str().unwrap_or("").starts_with(d.as_str().unwrap()))
                && ev.get("status").is_none_or(|s| se["status"] == *s)
                && ev.get("place").is_none_or(|p| se["place"] == *p)
        });
        assert!(found, "event {ev} in {events:#?}");
    }
    // "calls for his resignation" (demanded, hypothetical) and "not considering stepping down" (negated).
    let resign = |status: &str| events.iter().any(|e| e["type"] == "resign" && e["status"] == status);
    assert!(resign("hypothetical") && resign("negated"), "{events:#?}");
}

#[test]
fn eval_events_scores_a_hand_written_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("events.json");
    std::fs::write(
        &file,
        r#"[{"id": "a", "date": "2026-02-02", "text": "Finance Minister Oskar Lind met Premier Hana Sato in Tokyo on Friday.",
             "events": [{"type": "meet", "participants": [{"name": "Oskar Lind", "role": "agent"}, {"name": "Hana Sato", "role": "counterpart"}],
                         "place": "Tokyo", "date": "2026-01-30", "status": "happened", "trigger": "met"}]},
            {"id": "b", "date": "2026-02-02", "text": "Officials talked.", "events": []}]"#,
    )
    .unwrap();
    let out = newsgraph().args(["eval", "events"]).arg(&file).output().unwrap();
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("type+participants P 1.000 R 1.000 F1 1.000"), "{report}");
    assert!(report.contains("date accuracy 1.000 (1/1"), "{report}");
    std::fs::write(&file, "not json").unwrap();
    let out = newsgraph().args(["eval", "events"]).arg(&file).output().unwrap();
    assert_ne!(code(&out), 0);
}

/// A tiny attribution split in PolNeAR's layout, written here: each article has one
/// reported claim ("NAME surmises that …") annotated with source, cue and content.
fn write_attribution_split(dir: &std::path::Path, names: &[(&str, &str)]) {
    std::fs::create_dir_all(dir.join("text")).unwrap();
    std::fs::create_dir_all(dir.join("attributions")).unwrap();
    for (n, (name, claim)) in names.iter().enumerate() {
        let text = format!("The council met on Monday. {name} surmises that {claim}. Shops opened late.\n");
        let cp = |s: &str| text[..text.find(s).unwrap()].chars().count();
        let (src, cue, content) = (cp(name), cp("surmises"), cp(claim));
        let ann = format!(
            "T1\tSource {src} {}\t{name}\nT2\tCue {cue} {}\tsurmises\nT3\tContent {content} {}\t{claim}\nE1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n",
            src + name.chars().count(),
            cue + "surmises".chars().count(),
            content + claim.chars().count(),
        );
        let base = format!("paper_2026-03-{:02}_story{n}", n + 1);
        std::fs::write(dir.join("text").join(format!("{base}.txt")), &text).unwrap();
        std::fs::write(dir.join("attributions").join(format!("{base}.ann")), ann).unwrap();
    }
}

#[test]
fn train_quotes_cross_validates_writes_a_model_and_eval_uses_it() {
    let dir = tempfile::tempdir().unwrap();
    let people = [
        ("Lena Varga", "the harbour will reopen in May"),
        ("Piet Olsen", "the budget is far too small"),
        ("Ruth Abebe", "voters have moved on from the scandal"),
        ("Carlos Mendes", "the strike could last a month"),
        ("Yuki Tanaka", "the ferry timetable must change"),
        ("Ivan Petrov", "the mine is safe again"),
    ];
    let train = dir.path().join("train");
    write_attribution_split(&train, &people);
    let dev = dir.path().join("dev");
    write_attribution_split(
        &dev,
        &[("Marta Kowalski", "the bridge will close next year"), ("Tom Lind", "rents will fall")],
    );
    let model = dir.path().join("quotes.bin");
    let out = newsgraph()
        .args(["train", "quotes", "--folds", "2", "--epochs", "3", "--train"])
        .arg(&train)
        .arg("--dev")
        .arg(&dev)
        .arg("--out")
        .arg(&model)
        .output()
        .unwrap();
    let report = stdout(&out);
    assert_eq!(code(&out), 0, "{report}{}", String::from_utf8_lossy(&out.stderr));
    assert!(report.contains("2-fold cross-validation over 6 training articles"), "{report}");
    assert!(report.contains("rules alone") && report.contains("chosen: "), "{report}");
    assert!(report.contains("dev (2 articles), once, after training"), "{report}");
    assert!(std::fs::metadata(&model).unwrap().len() > 0);
    // `eval quotes --model` reads it; "surmises" is in neither rule lexicon, so what it finds
    // beyond the rules it learned from the six articles.
    let eval = |m: &str| {
        let out = newsgraph().args(["eval", "quotes"]).arg(&dev).args(["--model", m]).output().unwrap();
        assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
        stdout(&out)
    };
    let rules = eval("rules");
    let learned = eval(model.to_str().unwrap());
    let matched = |r: &str| -> usize {
        let line = r.lines().find(|l| l.starts_with("all")).unwrap_or_else(|| panic!("{r}"));
        line.split(" matched").next().unwrap().rsplit(' ').next().unwrap().parse().unwrap()
    };
    assert!(matched(&learned) > matched(&rules), "rules:\n{rules}\nlearned:\n{learned}");
    // A damaged model file is a clear error, not a crash.
    std::fs::write(&model, b"NGQTE006 truncated").unwrap();
    let out = newsgraph().args(["eval", "quotes"]).arg(&dev).arg("--model").arg(&model).output().unwrap();
    assert_ne!(code(&out), 0);
    assert!(String::from_utf8_lossy(&out.stderr).contains("quote model"), "{}", String::from_utf8_lossy(&out.stderr));
}
