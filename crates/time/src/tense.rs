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
/// Present tenses of verbs of schedules: "Arafat meets Albright Monday" is ahead.
#[rustfmt::skip]
const SCHEDULED: &[&str] = &[
    "meet", "meets", "visit", "visits", "travel", "travels", "arrive", "arrives", "leave", "leaves", "depart",
    "departs", "resume", "resumes", "begin", "begins", "start", "starts", "convene", "convenes", "testify",
    "testifies", "vote", "votes", "expire", "expires", "face", "faces",
];
/// Words that make the schedule word after them a noun ("a strong start", "the vote").
const DETERMINERS: &[&str] = &["a", "an", "the", "its", "their", "his", "her", "our", "this", "that", "next", "last"];
/// Words before an infinitive that looks ahead ("set to", "is to", "agreed to").
#[rustfmt::skip]
const INTENT: &[&str] = &[
    "set", "is", "are", "agreed", "decided", "ready", "likely", "about", "hopes", "hope", "hoped", "wants", "want",
    "wanted", "promised", "vowed", "threatened", "pledged", "aims", "seeks", "sought", "prepared", "preparing",
    "poised", "slated", "asked", "invited", "urged",
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

/// Words that may stand between a modal and the participle it governs ("would still be held").
const VERB_GROUP: &[&str] = &["be", "still", "also", "not", "never", "probably", "likely", "then", "again", "only"];
const MODALS: &[&str] = &["will", "'ll", "would", "shall", "should", "may", "might", "must", "to"];

/// Whether a determiner stands within two words before word `i`, a hyphenated compound
/// counting as one word ("a two-day visit" is a noun like "a visit").
fn after_determiner(words: &[Word<'_>], i: usize) -> bool {
    let mut k = i;
    for _ in 0..2 {
        if k == 0 {
            return false;
        }
        k -= 1;
        while k > 0 && words[k - 1].hyphen {
            k -= 1;
        }
        if DETERMINERS.contains(&words[k].lower) {
            return true;
        }
    }
    false
}

/// The direction suggested by the words of the sentence around `start..end` (word indices).
pub fn direction(words: &[Word<'_>], start: usize, end: usize) -> Direction {
    let sentence = words.get(start).map_or(0, |w| w.sentence);
    // "Wednesday's ruling", "Friday's close": news names a day by what already happened on
    // it (TimeBank and AQUAINT: 17 possessive weekdays, none ahead of the article's date).
    let possessive =
        end > 0 && words.get(end).is_some_and(|w| matches!(w.lower, "'s" | "’s") && w.start == words[end - 1].end);
    if possessive {
        return Direction::Past;
    }
    // "gave them until 9 a.m. Tuesday", "extended its deadline until …", "as soon as
    // Tuesday": a deadline ahead, whatever the verb's tense ("Until Thursday, police had not
    // …" looks back).
    let before = |k: usize| start.checked_sub(k).and_then(|i| words.get(i)).map(|w| w.lower);
    let granted = || {
        (2..6).filter_map(before).any(|w| {
            matches!(
                w,
                "deadline"
                    | "given"
                    | "gave"
                    | "give"
                    | "gives"
                    | "has"
                    | "have"
                    | "had"
                    | "extended"
                    | "extends"
                    | "postponed"
                    | "delayed"
                    | "deferred"
                    | "adjourned"
            )
        })
    };
    let deadline = (matches!(before(1), Some("until" | "till")) && granted())
        || (before(1) == Some("as") && matches!(before(2), Some("soon" | "early")) && before(3) == Some("as"));
    if deadline {
        return Direction::Future;
    }
    let cue = |i: usize| -> Option<Direction> {
        let l = words[i].lower;
        // A capitalised word inside a sentence is a name ("Concerned Residents"), not a verb.
        let first = i == 0 || words[i - 1].sentence != words[i].sentence;
        if !first && words[i].text.starts_with(|ch: char| ch.is_uppercase()) {
            return None;
        }
        // "next to the embassy" is a place, not a time.
        if l == "next" && words.get(i + 1).is_some_and(|w| w.lower == "to") {
            return None;
        }
        // "as early as Tuesday": a deadline ahead.
        let as_early_as =
            l == "early" && i > 0 && words[i - 1].lower == "as" && words.get(i + 1).is_some_and(|w| w.lower == "as");
        // "set to resume Monday", "is to resume trading Tuesday": an infinitive of intent.
        let intent = l == "to" && i > 0 && INTENT.contains(&words[i - 1].lower) && i + 1 < start;
        // "had been due to expire Friday", "had planned to": a plan that is itself past.
        let had = |k: usize| i >= k && words[i - k].lower == "had";
        if (FUTURE.contains(&l) || intent) && (had(1) || (had(2) && words[i - 1].lower == "been")) {
            Some(Direction::Past)
        } else if FUTURE.contains(&l)
            || as_early_as
            // "takes effect on Jan. 1".
            || (matches!(l, "take" | "takes") && words.get(i + 1).is_some_and(|w| w.lower == "effect"))
            || intent
            // An infinitive ("due to expire") is read from the word that governs it, and a
            // noun ("a strong start Monday", "the vote") is no verb at all.
            || (SCHEDULED.contains(&l)
                && !(i > 0 && words[i - 1].lower == "to")
                && !after_determiner(words, i))
        {
            Some(Direction::Future)
        } else if is_past(l) {
            // A participle under a modal looks ahead: "would still be held", "is to be signed".
            let governed = (i.saturating_sub(4)..i)
                .rev()
                .take_while(|&k| words[k].sentence == sentence)
                .map(|k| words[k].lower)
                .find(|w| !VERB_GROUP.contains(w))
                .is_some_and(|w| MODALS.contains(&w));
            let after_be = i > 0 && words[i - 1].lower == "be";
            Some(if governed && after_be { Direction::Future } else { Direction::Past })
        } else {
            None
        }
    };
    // The nearest cue before (within the sentence), then after.
    let before = (start.saturating_sub(10)..start).rev().filter(|&i| words[i].sentence == sentence).find_map(cue);
    if let Some(d) = before {
        return d;
    }
    // Capitalised words after the expression are mostly a subject's name ("On Tuesday, the
    // National Abortion Rights Action League plans …"): they do not use up the window.
    let mut plain = 0;
    (end..words.len())
        .take_while(|&i| words[i].sentence == sentence)
        .take_while(|&i| {
            let capitalised = words[i].text.starts_with(|ch: char| ch.is_uppercase());
            plain += usize::from(!capitalised);
            plain <= AFTER
        })
        .find_map(cue)
        .unwrap_or(Direction::Unknown)
}

/// How far after the expression a cue is looked for ("On Tuesday, the league plans to …").
const AFTER: usize = 6;
