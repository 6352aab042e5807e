//! Replays the annotation pipeline's fuzz corpus (`fuzz/corpus/annotate`,
//! `fuzz/regressions/annotate`) through the checks the libFuzzer target runs.

use newsgraph_document::fuzzing::replay;

#[test]
fn any_text_annotates_into_a_sound_document() {
    replay("annotate", |bytes| {
        // The target feeds only valid UTF-8 to the pipeline; so does the replay.
        if let Ok(text) = std::str::from_utf8(bytes) {
            newsgraph_annotators::fuzzing::annotate(text);
        }
    });
}
