//! Bytes read as an RSS/Atom feed (properties in the owning crate's `fuzzing` module).
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph_readers::Format;

fuzz_target!(|data: &[u8]| newsgraph_readers::fuzzing::read(Some(Format::Feed), data));
