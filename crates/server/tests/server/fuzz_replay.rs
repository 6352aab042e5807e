//! Replays the API parameter parsing's fuzz corpus (`fuzz/corpus/api_params`,
//! `fuzz/regressions/api_params`) through the checks the libFuzzer target runs.

#[test]
fn any_request_target_is_parsed_or_refused_as_a_client_error() {
    newsgraph_document::fuzzing::replay("api_params", |bytes| {
        if let Ok(target) = std::str::from_utf8(bytes) {
            newsgraph_server::fuzzing::request(target);
        }
    });
}
