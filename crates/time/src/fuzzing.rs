//! The time normaliser's fuzz property, shared by the libFuzzer target in `fuzz/` and the
//! test that replays its corpus (`tests/fuzz_replay.rs`).
//!
//! Any text against any anchor date: no panic, every expression inside the text on char
//! boundaries, a value for each, and the same answer twice.

use chrono::{Days, NaiveDate};

use crate::{tag, whitespace_tokens};

/// Reads an anchor date from the first four bytes and tags the rest (as lossy UTF-8).
///
/// The first byte picks the kind of anchor: none (relative values stay underspecified), a
/// day within some 180 years of 2000 (ordinary news), or any day chrono can represent
/// (published dates are parsed with `%Y`, which takes years far outside 0–9999).
pub fn tag_with_anchor(bytes: &[u8]) {
    let Some((head, rest)) = bytes.split_first_chunk::<4>() else { return };
    let base = NaiveDate::from_ymd_opt(2000, 1, 1).expect("a date");
    let dct =
        match head[0] % 4 {
            0 => None,
            1 => Some(
                NaiveDate::from_num_days_from_ce_opt(i32::from_le_bytes(*head) >> 5)
                    .unwrap_or(if head[3] & 0x80 == 0 { NaiveDate::MAX } else { NaiveDate::MIN }),
            ),
            _ => base.checked_add_days(Days::new(u64::from(u16::from_le_bytes([head[1], head[2]])))),
        };
    tag_text(&String::from_utf8_lossy(rest), dct);
}

/// Tags `text`, split into sentences at `.`, `!` and `?`, against `dct`, and checks the
/// expressions found.
pub fn tag_text(text: &str, dct: Option<NaiveDate>) {
    let mut sentences = vec![Vec::new()];
    for (s, e) in whitespace_tokens(text) {
        sentences.last_mut().expect("one sentence at least").push((s, e));
        if matches!(&text[s..e], "." | "!" | "?") {
            sentences.push(Vec::new());
        }
    }
    let found = tag(text, &sentences, dct);
    for t in &found {
        let (s, e) = (t.span.start as usize, t.span.end as usize);
        assert!(s < e && e <= text.len(), "expression {:?} outside the text ({})", t.span, text.len());
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e), "expression {:?} splits a character", t.span);
        assert!(!t.value.is_empty(), "expression {:?} without a value", t.span);
    }
    assert_eq!(found, tag(text, &sentences, dct), "tagging the same text twice differs");
}
