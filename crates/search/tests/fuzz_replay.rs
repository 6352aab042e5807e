//! Replays the query parser's fuzz corpus (`fuzz/corpus/search_query`,
//! `fuzz/regressions/search_query`) through the checks the libFuzzer target runs.

#[test]
fn anything_typed_into_the_search_box_answers() {
    newsgraph_document::fuzzing::replay("search_query", |bytes| {
        if let Ok(text) = std::str::from_utf8(bytes) {
            newsgraph_search::fuzzing::search(text);
        }
    });
}
