//! A request target through the HTTP API's parameter and id parsing (properties in the owning crate's `fuzzing` module).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(target) = std::str::from_utf8(data) {
        newsgraph_server::fuzzing::request(target)
    }
});
