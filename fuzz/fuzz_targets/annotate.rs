//! UTF-8 text through the whole default annotation pipeline (properties in the owning crate's `fuzzing` module).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        newsgraph_annotators::fuzzing::annotate(text)
    }
});
