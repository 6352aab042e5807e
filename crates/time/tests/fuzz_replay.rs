//! Replays the time normaliser's fuzz corpus (`fuzz/corpus/time_normalise`,
//! `fuzz/regressions/time_normalise`) through the checks the libFuzzer target runs.

#[test]
fn any_text_against_any_anchor_tags_soundly() {
    newsgraph_document::fuzzing::replay("time_normalise", newsgraph_time::fuzzing::tag_with_anchor);
}
