//! `newsgraph eval events` on the public sets' format, `eval events-status` and `train
//! event-status`, on text written here (code-point offsets, with a non-ASCII word first so
//! byte and code-point offsets differ).

mod common;

use common::*;

/// One JSON line of the events-ood format: `events` as (trigger, type, status, participants
/// as (role, text)), offsets found in the text.
fn doc(id: &str, text: &str, events: &[(&str, Option<&str>, Option<&str>, &[(&str, &str)])]) -> String {
    let cp = |s: &str| {
        let at = text.find(s).unwrap_or_else(|| panic!("{s} in {text}"));
        let start = text[..at].chars().count();
        serde_json::json!({"start": start, "end": start + s.chars().count(), "text": s})
    };
    let events: Vec<_> = events
        .iter()
        .map(|(trigger, kind, status, parts)| {
            let parts: Vec<_> = parts
                .iter()
                .map(|(role, t)| {
                    let mut p = cp(t);
                    p["role"] = (*role).into();
                    p
                })
                .collect();
            serde_json::json!({"trigger": cp(trigger), "type": kind, "status": status, "participants": parts})
        })
        .collect();
    serde_json::json!({"id": id, "text": text, "dct": "2026-03-02", "annotated": null, "events": events}).to_string()
}

#[test]
fn eval_events_scores_a_public_format_set_in_code_points() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("set.jsonl");
    let text = "Café owners gathered in the square. Police arrested Lena Brandt in Bergen on Friday.";
    let lines = [
        doc(
            "a",
            text,
            &[
                ("gathered", None, None, &[]),
                (
                    "arrested",
                    Some("arrest"),
                    None,
                    &[("patient", "Lena Brandt"), ("place", "Bergen"), ("time", "Friday")],
                ),
            ],
        ),
        doc("b", "Nothing happened here.", &[]),
    ];
    std::fs::write(&gold, lines.join("\n")).unwrap();
    let sys = dir.path().join("sys.jsonl");
    let out = newsgraph().args(["eval", "events"]).arg(&gold).arg("--out").arg(&sys).output().unwrap();
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("in ontology  R  1.000   gold 1  matched 1"), "{report}");
    assert!(report.contains("type accuracy   1.000"), "{report}");
    // Participants by span: the name, the place and the date, in code points.
    for role in ["patient", "place", "time"] {
        assert!(report.contains(&format!("{role:12} P  1.000  R  1.000")), "{role}: {report}");
    }
    // The system file is the scorer's format, spans in code points.
    let written = std::fs::read_to_string(&sys).unwrap();
    let first: serde_json::Value = serde_json::from_str(written.lines().next().unwrap()).unwrap();
    let arrest = first["events"].as_array().unwrap().iter().find(|e| e["type"] == "arrest").expect("arrest");
    let chars: Vec<char> = text.chars().collect();
    let (s, e) =
        (arrest["trigger"]["start"].as_u64().unwrap() as usize, arrest["trigger"]["end"].as_u64().unwrap() as usize);
    assert_eq!(chars[s..e].iter().collect::<String>(), "arrested");
    // --verbose names what was missed: the untyped gold event is not listed, the arrest was found.
    let out = newsgraph().args(["eval", "events", "--verbose"]).arg(&gold).output().unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(!report.contains("MISS"), "{report}");
    std::fs::write(
        &gold,
        doc("m", "Crowds gathered. Nobody arrested them.", &[("gathered", Some("protest"), None, &[])]),
    )
    .unwrap();
    let out = newsgraph().args(["eval", "events", "--verbose"]).arg(&gold).output().unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("m\tMISS\tprotest\t«gathered»"), "{report}");
    // No gold events at all is an error, not a row of zeros.
    std::fs::write(&gold, doc("c", "Quiet.", &[])).unwrap();
    let out = newsgraph().args(["eval", "events"]).arg(&gold).output().unwrap();
    assert_ne!(code(&out), 0);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no gold events"));
}

#[test]
fn eval_events_status_reads_the_clause_of_any_event_word() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("status.jsonl");
    let text = "Oskar Lind will meet Hana Sato next week. Lind did not sign the accord. \
                Sato could resign. Lind visited Oslo on Sunday. Sales rose on Friday.";
    let line = doc(
        "a",
        text,
        &[
            ("meet", Some("meet"), Some("scheduled"), &[]),
            ("sign", None, Some("negated"), &[]),
            ("resign", Some("resign"), Some("hypothetical"), &[]),
            ("visited", Some("visit"), Some("happened"), &[]),
            // Outside the vocabulary: the status still comes from its clause.
            ("rose", None, Some("happened"), &[]),
        ],
    );
    std::fs::write(&gold, line).unwrap();
    let sys = dir.path().join("sys.jsonl");
    let out = newsgraph().args(["eval", "events-status"]).arg(&gold).arg("--out").arg(&sys).output().unwrap();
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("5 gold triggers with a status"), "{report}");
    assert!(report.contains("status         acc  1.000  macro-F1  1.000"), "{report}");
    let written: serde_json::Value = serde_json::from_str(std::fs::read_to_string(&sys).unwrap().trim()).unwrap();
    assert_eq!(written["events"].as_array().unwrap().len(), 5);
}

#[test]
fn train_event_status_cross_validates_and_writes_a_model() {
    let dir = tempfile::tempdir().unwrap();
    let train = dir.path().join("train.jsonl");
    let sentences = [
        ("Anna Berg will visit Riga next month.", "visit", "scheduled"),
        ("Anna Berg visited Riga last month.", "visited", "happened"),
        ("Omar Haddad did not attend the summit.", "attend", "negated"),
        ("Omar Haddad might attend the summit.", "attend", "hypothetical"),
    ];
    let lines: Vec<String> = (0..8)
        .map(|n| {
            let (text, trigger, status) = sentences[n % 4];
            doc(&format!("d{n}"), text, &[(trigger, None, Some(status), &[])])
        })
        .collect();
    std::fs::write(&train, lines.join("\n")).unwrap();
    let model = dir.path().join("status.bin");
    let out = newsgraph()
        .args(["train", "event-status", "--folds", "2", "--epochs", "2", "--train"])
        .arg(&train)
        .arg("--dev")
        .arg(dir.path().join("absent.jsonl"))
        .arg("--out")
        .arg(&model)
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("rules alone: acc"), "{report}");
    assert!(report.contains("cv 2 folds, 2 epochs: acc"), "{report}");
    assert!(report.contains("chosen:"), "{report}");
    let bytes = std::fs::read(&model).unwrap();
    assert!(bytes.starts_with(b"NGSTA001") && bytes.len() > 16, "{} bytes", bytes.len());
}

#[test]
fn train_event_arguments_cross_validates_and_learns_who_acts() {
    let dir = tempfile::tempdir().unwrap();
    let train = dir.path().join("train.jsonl");
    let sentences = [
        ("Anna Berg criticised Omar Haddad on Tuesday.", "criticised", "Anna Berg", "Omar Haddad"),
        ("Omar Haddad was criticised by Anna Berg.", "criticised", "Anna Berg", "Omar Haddad"),
        ("Lena Vik praised Tomas Ruud in Oslo.", "praised", "Lena Vik", "Tomas Ruud"),
        ("Tomas Ruud was praised by Lena Vik.", "praised", "Lena Vik", "Tomas Ruud"),
    ];
    // Folds take every other article: both voices fall in each.
    let lines: Vec<String> = (0..12)
        .map(|n| {
            let (text, trigger, agent, patient) = sentences[(n / 2) % 4];
            doc(&format!("d{n}"), text, &[(trigger, None, None, &[("agent", agent), ("patient", patient)])])
        })
        .collect();
    std::fs::write(&train, lines.join("\n")).unwrap();
    let model = dir.path().join("arguments.bin");
    let out = newsgraph()
        .args(["train", "event-arguments", "--folds", "2", "--epochs", "8", "--nobody", "0,1", "--train"])
        .arg(&train)
        .arg("--dev")
        .arg(&train)
        .arg("--out")
        .arg(&model)
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("agent: 12 of 12 gold participants overlap a candidate"), "{report}");
    assert!(report.contains("cv 2 folds, 8 epochs, nobody -1: agent P"), "{report}");
    // Voice decides who acts: on its own training data the model must get both roles right.
    let model_line = report.lines().find(|l| l.contains(" model: agent")).expect("a dev report");
    assert!(model_line.contains("agent P 1.000 R 1.000") && model_line.contains("patient P 1.000 R 1.000"), "{report}");
    let bytes = std::fs::read(&model).unwrap();
    assert!(bytes.starts_with(b"NGARG001") && bytes.len() > 16, "{} bytes", bytes.len());
}
