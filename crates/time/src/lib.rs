//! Time expressions for news: recognition of TimeML TIMEX3 expressions (DATE, TIME,
//! DURATION, SET) and their normalisation against the article's date.
//!
//! Rules, not a model: a recogniser reads words (tokens split at hyphens) and finds the
//! longest expression at each position ("early next year", "the past two months", "April
//! 26-27"); a normaliser anchors it to the document creation time in the direction the
//! tense of the sentence points ("will be chairing … on April 26-27" looks ahead, "said on
//! Friday" back). Without a creation time, relative values stay underspecified.
//!
//! This crate does not tokenise: callers pass token spans grouped by sentence.
//! `timeml` reads and writes TempEval-3 files and scores them.
//!
//! ```
//! use chrono::NaiveDate;
//! let text = "He said on Friday that the bank will meet on April 26-27.";
//! let tokens = newsgraph_time::whitespace_tokens(text);
//! let found = newsgraph_time::tag(text, &[tokens], NaiveDate::from_ymd_opt(2018, 4, 21));
//! let values: Vec<&str> = found.iter().map(|t| t.value.as_str()).collect();
//! assert_eq!(values, ["2018-04-20", "2018-04-26"]);
//! assert_eq!(found[1].to.as_deref(), Some("2018-04-27"));
//! ```

mod lexicon;
mod normalize;
mod recognize;
mod tense;
pub mod timeml;
mod words;

use chrono::NaiveDate;
use newsgraph_document::{Span, TimeExpression};

pub use normalize::Value;
pub use tense::Direction;

/// Time expressions of a text, whose tokens (byte spans) are grouped by sentence, anchored
/// to `dct` (the document creation time).
pub fn tag(text: &str, sentences: &[Vec<(usize, usize)>], dct: Option<NaiveDate>) -> Vec<TimeExpression> {
    let words = words::words(text, sentences);
    let mut out = Vec::new();
    let mut quarterly = false;
    let mut anchor: Option<NaiveDate> = None;
    let mut day: Option<(NaiveDate, usize)> = None;
    let mut i = 0;
    while i < words.len() {
        let Some(f) = recognize::at(&words, i) else {
            if words[i].lower.contains("quarter") {
                quarterly = true;
            }
            i += 1;
            continue;
        };
        if matches!(f.sem, recognize::Sem::Quarter { .. }) {
            quarterly = true;
        }
        // Extents follow tokens: a match inside a hyphenated token takes the whole token
        // only when it covers it ("third-quarter"), else it is dropped ("30-year-old").
        let end_word = (f.end..words.len()).find(|&k| words[k - 1].token_end).unwrap_or(f.end);
        if end_word != f.end && !matches!(f.sem, recognize::Sem::Quarter { .. } | recognize::Sem::Duration { .. }) {
            i += 1;
            continue;
        }
        let dir = tense::direction(&words, f.start, f.end);
        // Anaphoric expressions take the last date the text mentioned as their reference.
        // A clock time with no day of its own is on the last day the text named.
        let reference = match f.sem {
            recognize::Sem::Anaphoric { .. } => anchor.or(dct),
            // Only a day named in this sentence or the one before: further back, the text
            // has usually moved on.
            recognize::Sem::Clock { on: None, .. } => {
                day.filter(|(_, s)| words[f.start].sentence <= s + 1).map(|(d, _)| d).or(dct)
            }
            _ => dct,
        };
        if let Some(v) = normalize::normalize(&f.sem, reference, dir, quarterly) {
            if let Some(d) = anchor_of(&v.value) {
                anchor = Some(d);
                if v.value.len() >= 10 {
                    day = Some((d, words[f.start].sentence));
                }
            }
            let (s, e) = (words[f.start].start, words[f.end - 1].end);
            out.push(TimeExpression {
                span: Span::new(s, e),
                kind: v.kind,
                value: v.value,
                from: v.from,
                to: v.to,
                modifier: f.modifier.map(str::to_string),
            });
        }
        i = f.end;
    }
    out
}

/// The date a value names, as a reference for later anaphoric expressions: a day, or the
/// middle of a month or year.
fn anchor_of(value: &str) -> Option<NaiveDate> {
    let num = |s: &str| s.parse::<u32>().ok();
    let year = value.get(..4).filter(|y| y.bytes().all(|b| b.is_ascii_digit()))?.parse::<i32>().ok()?;
    match value.len() {
        4 => NaiveDate::from_ymd_opt(year, 7, 1),
        7 => NaiveDate::from_ymd_opt(year, num(&value[5..7])?, 15),
        n if n >= 10 => NaiveDate::from_ymd_opt(year, num(&value[5..7])?, num(&value[8..10])?),
        _ => None,
    }
}

/// Whitespace-and-punctuation tokens of a text, for callers without a tokeniser (tests,
/// examples): words, numbers, and single punctuation marks.
pub fn whitespace_tokens(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, ch) in text.char_indices() {
        let word = ch.is_alphanumeric() || matches!(ch, '-' | '\'' | ':' | '.' | '/') && start.is_some();
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                push_word(text, s, i, &mut out);
                start = None;
            }
            _ => {}
        }
        if !word && !ch.is_whitespace() {
            out.push((i, i + ch.len_utf8()));
        }
    }
    if let Some(s) = start {
        push_word(text, s, text.len(), &mut out);
    }
    out
}

fn push_word(text: &str, s: usize, e: usize, out: &mut Vec<(usize, usize)>) {
    // A final stop ends the sentence unless it belongs to an abbreviation ("p.m.").
    let w = &text[s..e];
    if w.ends_with('.')
        && !w[..w.len() - 1].contains('.')
        && w.len() > 1
        && !matches!(&w[..w.len() - 1], "Sept" | "Jan" | "Feb" | "Aug" | "Oct" | "Nov" | "Dec" | "Mr")
    {
        out.push((s, e - 1));
        out.push((e - 1, e));
    } else if w.len() > 2 && w.ends_with("'s") {
        // "Friday's": the possessive is a word of its own, as the pipeline's tokenizer has it.
        out.push((s, e - 2));
        out.push((e - 2, e));
    } else {
        out.push((s, e));
    }
}

#[cfg(test)]
mod tests;
