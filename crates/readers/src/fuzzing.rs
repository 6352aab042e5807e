//! The readers' fuzz properties, shared by the libFuzzer targets in `fuzz/` and the tests
//! that replay their corpora (`tests/fuzz_replay.rs`).
//!
//! Any bytes, read as any format: no panic, and every article read is a sound document
//! (current id, tidy title, JSON form that reads back as itself). Failures and skips must
//! name where they came from.

use newsgraph_document::fuzzing::{assert_id_current, assert_json_round_trip};

use crate::{Format, Item, ReadOptions, read_bytes, read_page};

/// Largest input read: well above any fuzz input, low enough that a decompression bomb
/// fails at the limit instead of exhausting memory.
const MAX_BYTES: u64 = 4 << 20;

/// Reads `bytes` as `format`, or with the format sniffed when `None` (gzip undone first),
/// and checks every item.
pub fn read(format: Option<Format>, bytes: &[u8]) {
    let options = ReadOptions { format, max_bytes: MAX_BYTES, ..ReadOptions::default() };
    read_bytes("input", bytes, &options, &mut |item| check(&item));
}

/// Reads `bytes` the way files are read, the first byte choosing the file name (and so
/// the extension the format is guessed from) and the rest the content.
pub fn read_named(bytes: &[u8]) {
    const NAMES: [&str; 10] =
        ["input", "a.txt", "a.html", "a.xml", "a.rss", "a.warc", "a.jsonl", "a.txt.gz", "a.warc.gz", "a.arc"];
    let Some((&pick, content)) = bytes.split_first() else { return };
    let options = ReadOptions { max_bytes: MAX_BYTES, ..ReadOptions::default() };
    read_bytes(NAMES[pick as usize % NAMES.len()], content, &options, &mut |item| check(&item));
}

/// Reads `bytes` as a web page fetched over HTTP, the first byte choosing the charset its
/// `Content-Type` declared (or none, so the page's own `<meta>` decides).
pub fn read_fetched_page(bytes: &[u8]) {
    const CHARSETS: [Option<&str>; 7] =
        [None, Some("utf-8"), Some("windows-1252"), Some("shift_jis"), Some("utf-16le"), Some("koi8-r"), Some("bogus")];
    let Some((&pick, content)) = bytes.split_first() else { return };
    let options = ReadOptions { max_bytes: MAX_BYTES, ..ReadOptions::default() };
    let charset = CHARSETS[pick as usize % CHARSETS.len()];
    check(&read_page("page", content, charset, Some("https://example.org/a"), &options));
}

/// Panics unless an item is sound.
fn check(item: &Item) {
    match item {
        Item::Article { doc, .. } => {
            assert_id_current(doc);
            if let Some(title) = &doc.title {
                assert!(!title.is_empty() && title.trim() == title, "untidy title {title:?}");
            }
            assert_json_round_trip(doc);
        }
        Item::Skipped { origin, reason } | Item::Failed { origin, reason } => {
            assert!(!origin.is_empty() && !reason.is_empty(), "an item without origin or reason: {item:?}");
        }
    }
}
