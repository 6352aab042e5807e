//! Bytes read as a fetched web page with a chosen declared charset (properties in the owning crate's `fuzzing` module).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| newsgraph_readers::fuzzing::read_fetched_page(data));
