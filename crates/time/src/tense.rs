//! Which way an underspecified date points: the tense around it. "will be chairing … on
//! April 26-27" is ahead of the article's date, "said on Friday" behind it.

use crate::words::Word;

/// Direction of an underspecified reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Before the reference date.
    Past,
    /// After it.
    Future,
    /// No cue: the closest occurrence.
    Unknown,
}

#[rustfmt::skip]
const FUTURE: &[&str] = &[
    "will", "'ll", "shall", "going", "plans", "plan", "planning", "planned", "expects", "expected", "scheduled", "due",
    "upcoming", "next", "intends", "intend", "soon", "would",
];
#[rustfmt::skip]
const PAST_IRREGULAR: &[&str] = &[
    "said", "was", "were", "had", "did", "met", "told", "went", "came", "made", "took", "gave", "left", "saw", "held",
    "began", "won", "lost", "fell", "rose", "got", "became", "spoke", "wrote", "ran", "sold", "bought", "paid", "led",
    "felt", "kept", "brought", "thought", "found", "knew", "shot", "struck", "quit", "ago", "earlier", "last", "been",
];
/// Words ending in "-ed" that are not past tenses (or not verbs of the sentence).
#[rustfmt::skip]
const NOT_PAST: &[&str] = &[
    "succeed", "proceed", "exceed", "indeed", "speed", "bleed", "breed", "heed", "embed", "need", "hundred", "united",
    "limited", "based", "related", "proposed", "expected", "scheduled", "planned", "fixed", "detailed", "advanced",
    "combined", "owned", "listed", "priced", "red", "shed",
];

fn is_past(w: &str) -> bool {
    PAST_IRREGULAR.contains(&w) || (w.len() > 4 && w.ends_with("ed") && !NOT_PAST.contains(&w))
}

/// The direction suggested by the words of the sentence around `start..end` (word indices).
pub fn direction(words: &[Word<'_>], start: usize, end: usize) -> Direction {
    let sentence = words.get(start).map_or(0, |w| w.sentence);
    let cue = |w: &Word<'_>| -> Option<Direction> {
        let l = w.lower.as_str();
        if FUTURE.contains(&l) {
            Some(Direction::Future)
        } else if is_past(l) {
            Some(Direction::Past)
        } else {
            None
        }
    };
    // The nearest cue before (within the sentence), then after.
    let before =
        (start.saturating_sub(10)..start).rev().filter(|&i| words[i].sentence == sentence).find_map(|i| cue(&words[i]));
    if let Some(d) = before {
        return d;
    }
    (end..(end + 6).min(words.len()))
        .filter(|&i| words[i].sentence == sentence)
        .find_map(|i| cue(&words[i]))
        .unwrap_or(Direction::Unknown)
}
