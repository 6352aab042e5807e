//! Replays the readers' fuzz corpora (`fuzz/corpus`, `fuzz/regressions`) through the same
//! property checks the libFuzzer targets run, so CI catches a broken property without
//! libFuzzer.

use newsgraph_document::fuzzing::replay;
use newsgraph_readers::Format;
use newsgraph_readers::fuzzing::{read, read_fetched_page, read_named};

#[test]
fn each_format_reads_its_corpus_soundly() {
    for (target, format) in [
        ("read_text", Format::Text),
        ("read_newswire", Format::Newswire),
        ("read_jsonl", Format::Jsonl),
        ("read_html", Format::Html),
        ("read_feed", Format::Feed),
        ("read_warc", Format::Warc),
    ] {
        replay(target, |bytes| read(Some(format), bytes));
    }
}

#[test]
fn files_of_any_name_read_soundly() {
    replay("read_any", read_named);
}

#[test]
fn fetched_pages_read_soundly() {
    replay("read_page", read_fetched_page);
}
