//! The annotation pipeline's fuzz property, shared by the libFuzzer target in `fuzz/` and
//! the test that replays its corpus (`tests/fuzz_replay.rs`).
//!
//! Any text through the default pipeline: no panic, every span of every layer inside the
//! text and on char boundaries, and a JSON form that reads back as the same document.

use std::sync::OnceLock;

use newsgraph_document::fuzzing::{assert_json_round_trip, assert_spans_inside};
use newsgraph_document::{Document, Published};
use newsgraph_pipeline::Pipeline;

/// Annotates `text` (published on a fixed day, so relative dates resolve) and checks the
/// document.
pub fn annotate(text: &str) {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    let pipeline = PIPELINE.get_or_init(|| {
        Pipeline::from_names(&crate::registry(), crate::DEFAULT_PIPELINE).expect("the default pipeline is valid")
    });
    let mut doc = Document::new("text", text.to_string());
    doc.published = Some(Published::parse("2026-03-14").expect("a date"));
    pipeline.annotate(&mut doc);
    assert_spans_inside(&doc);
    assert_json_round_trip(&doc);
}
