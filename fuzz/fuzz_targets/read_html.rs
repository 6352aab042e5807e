//! Bytes read as an HTML page (properties in the owning crate's `fuzzing` module).
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph_readers::Format;

fuzz_target!(|data: &[u8]| newsgraph_readers::fuzzing::read(Some(Format::Html), data));
