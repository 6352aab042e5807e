//! What every fuzz target checks of a document, and where the fuzz corpora live.
//!
//! The libFuzzer targets in `fuzz/` and the ordinary tests that replay their corpora call
//! the same functions, so a property broken by fuzzing fails `cargo test` too. Hidden from
//! the documentation: it is a testing aid, not part of the document model.

use std::path::{Path, PathBuf};

use crate::{Document, Span, content_id};

/// Every span of every layer, with the layer it belongs to.
pub fn spans(doc: &Document) -> Vec<(&'static str, Span)> {
    let mut out = Vec::new();
    out.extend(doc.paragraphs.iter().map(|&s| ("paragraph", s)));
    out.extend(doc.sentences.iter().map(|&s| ("sentence", s)));
    out.extend(doc.tokens.iter().map(|t| ("token", t.span)));
    for e in &doc.entities {
        out.extend(e.mentions.iter().map(|m| ("entity mention", m.span)));
    }
    out.extend(doc.places.iter().map(|p| ("place", p.span)));
    for q in &doc.quotes {
        out.push(("quote content", q.content));
        out.extend(q.parts.iter().map(|&s| ("quote part", s)));
        out.extend(q.speaker.as_ref().map(|s| ("quote speaker", s.span)));
        out.extend(q.cue.map(|s| ("quote cue", s)));
    }
    out.extend(doc.time_expressions.iter().map(|t| ("time expression", t.span)));
    for e in &doc.events {
        out.push(("event trigger", e.trigger));
        out.push(("event evidence", e.evidence));
        out.extend(e.mentions.iter().map(|&s| ("event mention", s)));
        out.extend(e.participants.iter().filter_map(|p| p.span).map(|s| ("event participant", s)));
    }
    out
}

/// Panics unless every span runs forwards, lies inside the text and starts and ends on
/// char boundaries: what slicing and the code-point JSON form both rely on.
pub fn assert_spans_inside(doc: &Document) {
    for (layer, span) in spans(doc) {
        assert!(span.start <= span.end, "{layer} span {span:?} runs backwards");
        assert!(span.end as usize <= doc.text.len(), "{layer} span {span:?} ends past the text ({})", doc.text.len());
        for at in [span.start, span.end] {
            assert!(doc.text.is_char_boundary(at as usize), "{layer} span {span:?}: byte {at} is inside a character");
        }
    }
}

/// Panics unless the document's JSON form reads back as the same document (tokens are not
/// part of the form, so they are left out of the comparison).
pub fn assert_json_round_trip(doc: &Document) {
    let json = doc.to_json();
    let back = Document::from_json(&json).unwrap_or_else(|e| panic!("its own JSON does not read back: {e}\n{json}"));
    let expected = Document { tokens: Vec::new(), ..doc.clone() };
    assert_eq!(back, expected, "JSON round trip changed the document\n{json}");
}

/// Panics unless the document's id is the content id of its title and text, as every
/// reader and the store assume.
pub fn assert_id_current(doc: &Document) {
    assert_eq!(doc.id, content_id(doc.title.as_deref(), &doc.text), "id is stale");
}

/// The fuzz crate's directory (`fuzz/` at the top of the repository).
pub fn fuzz_dir() -> PathBuf {
    // The package whose tests run (cargo sets this when it runs them; every package sits in
    // `crates/`), before the one this crate was compiled in: a build cache shared between
    // checkouts may hold this crate compiled in another, since removed.
    let package = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    package.unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()).join("../../fuzz")
}

/// The inputs that replay a fuzz target: its committed corpus (`fuzz/corpus/TARGET`) and
/// the inputs of crashes it once found (`fuzz/regressions/TARGET`), in name order, with
/// their paths. Panics when the target has neither, so a renamed target cannot silently
/// replay nothing.
pub fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let mut inputs = Vec::new();
    for dir in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(fuzz_dir().join(dir).join(target)) else { continue };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect();
        paths.sort();
        for path in paths {
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            inputs.push((path, bytes));
        }
    }
    assert!(!inputs.is_empty(), "no corpus for fuzz target {target} under {}", fuzz_dir().display());
    inputs
}

/// Runs `check` over every input of a target's corpus, naming the input that fails.
pub fn replay(target: &str, check: impl Fn(&[u8])) {
    for (path, bytes) in corpus(target) {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&bytes)));
        if let Err(e) = outcome {
            let message = e
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| e.downcast_ref::<&str>().copied())
                .unwrap_or("panic");
            panic!("fuzz target {target} fails on {}: {message}", path.display());
        }
    }
}
