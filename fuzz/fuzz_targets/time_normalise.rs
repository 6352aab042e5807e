//! An anchor date and text through the time expression recogniser and normaliser (properties in the owning crate's `fuzzing` module).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| newsgraph_time::fuzzing::tag_with_anchor(data));
