//! Bytes read as a file of a chosen name: gzip, charset decoding and format sniffing (properties in the owning crate's `fuzzing` module).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| newsgraph_readers::fuzzing::read_named(data));
