//! The query parser's fuzz property, shared by the libFuzzer target in `fuzz/` and the test
//! that replays its corpus (`tests/fuzz_replay.rs`).
//!
//! Whatever a user types into the search box — stray quotes, brackets, field names, `-`,
//! `OR`, `^2`, ranges — searching answers: no panic, no error, at most `limit` hits, snippet
//! highlights on char boundaries inside the snippet, and the per-day counts agreeing with
//! the search's total.

use std::sync::{Mutex, OnceLock, PoisonError};

use newsgraph_document::{Document, Published};

use crate::{Interval, SearchIndex, SearchQuery};

/// A few articles (written for this index) so that queries have words to match, dated and
/// undated, with titles, sources and a non-ASCII body for the snippets.
const ARTICLES: [(&str, &str, &str, Option<&str>); 4] = [
    (
        "Ferry strike ends",
        "Dock workers in Valdora ended their strike on Friday after the harbour board agreed to a new rota.",
        "Harbour Post",
        Some("2026-03-13"),
    ),
    (
        "Rates held",
        "The central bank kept its rate at 1.5% and said it would meet again on April 26-27.",
        "Wire",
        Some("2026-03-14T09:30:00Z"),
    ),
    ("Über die Brücke", "Die Brücke über den Fluss – „endlich offen“ – kostete 12 Mio. €.", "Blatt", None),
    ("", "Quoted: \"We will not move,\" said the minister (title:none) -- OR AND NOT ^2 * ~1.", "", Some("2025-12-31")),
];

fn index() -> &'static Mutex<SearchIndex> {
    static INDEX: OnceLock<Mutex<SearchIndex>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = SearchIndex::in_ram().expect("an index in memory");
        let docs: Vec<Document> = ARTICLES
            .iter()
            .map(|&(title, body, source, date)| {
                let mut doc = Document::new("text", body.to_string());
                doc.title = (!title.is_empty()).then(|| title.to_string());
                doc.source = (!source.is_empty()).then(|| source.to_string());
                doc.published = date.map(|d| Published::parse(d).expect("a date"));
                doc.refresh_id();
                doc
            })
            .collect();
        index.add(&docs).expect("articles added");
        index.commit().expect("articles committed");
        Mutex::new(index)
    })
}

/// Searches for `text` (and counts its matches per day and per hour), checking the answers.
pub fn search(text: &str) {
    let index = index().lock().unwrap_or_else(PoisonError::into_inner);
    let query = SearchQuery::new(text);
    let found = index.search(&query).unwrap_or_else(|e| panic!("search for {text:?} failed: {e}"));
    assert!(
        found.hits.len() <= query.limit && found.hits.len() <= found.total,
        "{} hits of {}",
        found.hits.len(),
        found.total
    );
    for hit in &found.hits {
        for &(start, end) in &hit.highlights {
            assert!(start <= end && end <= hit.snippet.len(), "highlight {start}..{end} outside {:?}", hit.snippet);
            assert!(
                hit.snippet.is_char_boundary(start) && hit.snippet.is_char_boundary(end),
                "highlight splits a character"
            );
        }
    }
    let by_day = index.counts(&query, Interval::Day).unwrap_or_else(|e| panic!("counts for {text:?} failed: {e}"));
    assert_eq!(by_day.total as usize, found.total, "counts and search disagree on {text:?}");
    assert_eq!(by_day.periods.values().sum::<u64>() + by_day.undated, by_day.total, "days do not add up");
    let by_hour =
        index.counts(&query, Interval::Hour).unwrap_or_else(|e| panic!("counts by hour for {text:?} failed: {e}"));
    assert_eq!(by_hour.total, by_day.total, "counts by hour and by day disagree on {text:?}");
}
