//! UTF-8 text as a search query over a small in-memory index (properties in the owning crate's `fuzzing` module).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        newsgraph_search::fuzzing::search(text)
    }
});
