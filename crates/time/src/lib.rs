//! Time expressions for news: recognition of TimeML TIMEX3 expressions (DATE, TIME,
//! DURATION, SET) and their normalisation against the article's date.
//!
//! Rules, not a model: a recogniser reads words (tokens split at hyphens) and finds the
//! longest expression at each position ("early next year", "the past two months", "April
//! 26-27"); a normaliser anchors it to the document creation time in the direction the
//! tense of the sentence points ("will be chairing … on April 26-27" looks ahead, "said on
//! Friday" back). Without a creation time, relative values stay underspecified.
//!
//! News speaks of its own days; a history narrates another period. A text whose stated
//! years lie far from its creation time, and which seldom speaks of days relative to it,
//! is read as a narrative: there a date without a year ("on February 7", "that winter")
//! takes the year the text last stated, and "two days later" counts from the date it last
//! named (in news too).
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

#[doc(hidden)]
pub mod fuzzing;
mod lexicon;
mod normalize;
mod recognize;
mod tense;
pub mod timeml;
mod words;

use chrono::{Datelike, NaiveDate};
use lexicon::Unit;
use newsgraph_document::{Span, TimeExpression};

pub use normalize::Value;
pub use tense::Direction;

/// Time expressions of a text, whose tokens (byte spans) are grouped by sentence, anchored
/// to `dct` (the document creation time).
pub fn tag(text: &str, sentences: &[Vec<(usize, usize)>], dct: Option<NaiveDate>) -> Vec<TimeExpression> {
    let mut lowered = String::new();
    let words = words::words(text, sentences, &mut lowered);
    let found = recognize_all(&words);
    let narrative = narrates(&found, dct);
    let found = with_years_as_elsewhere(&words, found, narrative);
    let far = |y: i32| far_from(dct, y);
    let mut out = Vec::new();
    let mut anchor: Option<Anchor> = None;
    let mut day: Option<(NaiveDate, usize)> = None;
    // The year the text last stated outright ("in February 1861", "1998").
    let mut told: Option<i32> = None;
    // "between March and April 1918", "July 1 to July 3, 1863", "summer and autumn 1918",
    // "from the 13th to the 19th of October": the date a yearless date is joined to.
    let joined_to: Vec<Option<&recognize::Found>> = (0..found.len())
        .map(|k| {
            let next = &found.get(k + 1)?.0;
            let between = &words[found[k].0.end..next.start];
            // Joined by a hyphen inside a token ("summer-fall 1919"), or by a word or two.
            let hyphened = between.is_empty() && words[found[k].0.end - 1].hyphen;
            let joined = hyphened
                || between.len() <= 2
                    && !between.is_empty()
                    && between.iter().all(|w| {
                        matches!(w.lower, "and" | "or" | "to" | "through" | "until" | "till" | "-" | "–" | "—")
                    });
            joined.then_some(next)
        })
        .collect();
    // A yearless date joined to a dated one takes its year.
    let joined_years: Vec<Option<i32>> = (0..found.len())
        .map(|k| {
            let next = joined_to[k]?;
            let between = &words[found[k].0.end..next.start];
            let y = stated_year(&next.sem)?;
            // "from October to March 1945": the span crosses the new year. Seasons do not:
            // TimeML's "1920-WI" is the winter that ends in 1920.
            let season = matches!(found[k].0.sem, recognize::Sem::Season { .. });
            let wraps = !season
                && match (first_month(&found[k].0.sem), first_month(&next.sem)) {
                    (Some(a), Some(b)) => a > b && !between.iter().any(|w| matches!(w.lower, "and" | "or")),
                    _ => false,
                };
            Some(if wraps { y - 1 } else { y })
        })
        .collect();
    // A day named by its number alone ("from the 13th to the 19th of October") takes the
    // month of the date it is joined to.
    let joined_months: Vec<Option<u32>> = joined_to
        .iter()
        .map(|next| {
            next.and_then(|n| if let recognize::Sem::Calendar { month, .. } = n.sem { Some(month) } else { None })
        })
        .collect();
    drop(joined_to);
    for (k, (f, quarterly)) in found.into_iter().enumerate() {
        let sentence = words[f.start].sentence;
        let dir = tense::direction(&words, f.start, f.end);
        // Anaphoric expressions take the last date the text mentioned as their reference.
        // A clock time with no day of its own is on the last day the text named.
        // The last date the text mentioned, when it is at least as fine as `unit` needs
        // ("two days later" needs a day, "the next year" a year).
        let mentioned = |unit: Unit| anchor.filter(|a| a.fine_enough(unit)).map(|a| a.date);
        let reference = match &f.sem {
            recognize::Sem::Anaphoric { .. } => anchor.map(|a| a.date).or(dct),
            recognize::Sem::Shifted { anaphoric: true, unit, .. } => mentioned(*unit).or(dct),
            // Only a day named in this sentence or the one before: further back, the text
            // has usually moved on.
            // In a history, no day named means no day known.
            recognize::Sem::Clock { on: None, .. } | recognize::Sem::PartOfDay { on: None, .. } => {
                day.filter(|(_, s)| sentence <= s + 1).map(|(d, _)| d).or(dct.filter(|_| !narrative))
            }
            // A history's "the end of the year", "in the spring", "on Sunday" are in the period
            // it narrates.
            recognize::Sem::Relative { offset: 0, unit } if narrative => mentioned(*unit).or(dct),
            recognize::Sem::Weekday { shift: None, .. } if narrative => mentioned(Unit::Day).or(dct),
            recognize::Sem::Season { offset: None, .. } if narrative => mentioned(Unit::Year).or(dct),
            _ => dct,
        };
        // Numbers that mean a date only through what the text said before: "the 5th" is a
        // day of the month it joins or last named (none named, no date), "'99" the year
        // with those digits nearest the last year stated (or the creation time's).
        let f = match f.sem {
            recognize::Sem::DayOfMonth(d) => {
                let named = anchor.filter(|a| matches!(a.precision, Unit::Month | Unit::Day));
                let (year, month) = match (joined_months[k], named) {
                    (Some(m), _) => (None, m),
                    (None, Some(a)) => (Some(a.date.year()), a.date.month()),
                    (None, None) => continue,
                };
                recognize::Found { sem: recognize::Sem::Calendar { year, month, day: Some(d), to_day: None }, ..f }
            }
            recognize::Sem::ShortYear(n) => {
                let Some(near) = told.or(dct.map(|d| d.year())) else { continue };
                recognize::Found { sem: recognize::Sem::Year(nearest_year(n, near)), ..f }
            }
            _ => f,
        };
        // A date without a year ("on February 7", "in June") belongs to the period the text
        // narrates when that lies far from the creation time.
        let sem = match (joined_years[k], told) {
            (Some(y), _) => in_year(&f.sem, y),
            // What the writer looks ahead to ("will join on March 12") is not in a past
            // the text narrates.
            (None, Some(y)) if narrative && far(y) && dir != Direction::Future => in_year(&f.sem, y),
            _ => None,
        };
        let sem = sem.as_ref().unwrap_or(&f.sem);
        if let Some(y) = stated_year(sem) {
            told = Some(y);
        }
        if let Some(v) = normalize::normalize(sem, reference, dir, quarterly) {
            if let Some(a) = Anchor::of(&v.value) {
                anchor = Some(a);
                if a.precision == Unit::Day {
                    day = Some((a.date, sentence));
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
    }
    out
}

/// The year ending in the two digits `n` nearest to `near` ("'89" near 1790 is 1789).
fn nearest_year(n: u32, near: i32) -> i32 {
    let base = near - near.rem_euclid(100) + n as i32;
    [base - 100, base, base + 100].into_iter().min_by_key(|y| (y - near).abs()).unwrap_or(base)
}

/// Whether a stated year lies far enough from the creation time to be another period.
fn far_from(dct: Option<NaiveDate>, year: i32) -> bool {
    dct.is_none_or(|d| (d.year() - year).abs() >= NARRATIVE_YEARS)
}

/// Whether a text narrates another period: the years it states lie far from its creation
/// time and it seldom speaks of days relative to it (a history, a biography). There, a
/// stated year holds until the next one. In news it does not, not even in its own
/// sentence: "invited in July 1997, they will join on March 12" is this year's March;
/// news says "on Tuesday", "last week", "yesterday". The thresholds (five far years, and
/// twice as many as near years and such days together) are the loosest that leave the
/// values of TimeBank, AQUAINT and TE3 Silver news unchanged.
fn narrates(found: &[(recognize::Found, bool)], dct: Option<NaiveDate>) -> bool {
    let far = |y: i32| far_from(dct, y);
    let (far_years, near_years) = found
        .iter()
        .filter_map(|(f, _)| stated_year(&f.sem))
        .fold((0, 0), |(a, b), y| if far(y) { (a + 1, b) } else { (a, b + 1) });
    let deictic = found.iter().filter(|(f, _)| speaks_of_now(&f.sem)).count();
    far_years >= 5 && far_years > 2 * (near_years + deictic)
}

/// Adds the bare numbers the text uses as years elsewhere ("in 1777 … the 1777 campaign").
fn with_years_as_elsewhere(
    words: &[words::Word<'_>],
    found: Vec<(recognize::Found, bool)>,
    narrative: bool,
) -> Vec<(recognize::Found, bool)> {
    let mut years: Vec<i32> =
        found.iter().filter_map(|(f, _)| if let recognize::Sem::Year(y) = f.sem { Some(y) } else { None }).collect();
    years.sort_unstable();
    years.dedup();
    // A history's years run between the first and last it states: "the 1784 Treaty" in a
    // history of 1775-1783 is a year even if "1784" appears nowhere else.
    let span = match (years.first(), years.last()) {
        (Some(&first), Some(&last)) if narrative => Some((first - 10, last + 10)),
        _ => None,
    };
    if years.is_empty() {
        return found;
    }
    let is_year = |y: i32| span.is_some_and(|(a, b)| (a..=b).contains(&y)) || years.binary_search(&y).is_ok();
    let mut out = Vec::with_capacity(found.len());
    let mut next = found.into_iter().peekable();
    let mut i = 0;
    while i < words.len() {
        if let Some((f, _)) = next.peek()
            && f.start <= i
        {
            i = i.max(f.end);
            out.extend(next.next());
            continue;
        }
        if let Some(f) = recognize::year_as_elsewhere(words, i, is_year) {
            let quarterly = out.last().is_some_and(|(_, q)| *q);
            out.push((f, quarterly));
        }
        i += 1;
    }
    out.extend(next);
    out
}

/// Whether a date that ends at a hyphen inside a token is followed by another date: a
/// year or day before it, a capitalised month or a year after it.
fn starts_date_after_hyphen(words: &[words::Word<'_>], f: &recognize::Found) -> bool {
    let last = &words[f.end - 1];
    let Some(next) = words.get(f.end) else { return false };
    let digits = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit());
    let clock = |w: &str| w.contains(':') && digits(&w.replace(':', ""));
    // "19:00-03:00hrs": from one time of day to another.
    if let recognize::Sem::Clock { .. } = f.sem {
        return last.hyphen
            && clock(last.lower)
            && recognize::at_word(words, f.end).is_some_and(|g| matches!(g.sem, recognize::Sem::Clock { .. }));
    }
    last.hyphen
        && digits(last.lower)
        && matches!(f.sem, recognize::Sem::Calendar { .. } | recognize::Sem::Year(_))
        && (next.text.starts_with(|ch: char| ch.is_uppercase()) || digits(next.lower))
        && recognize::at_word(words, f.end).is_some_and(|g| match (&f.sem, &g.sem) {
            // Years run forwards: "1998-1995" is a score.
            (recognize::Sem::Year(a), recognize::Sem::Year(b)) => b > a,
            (_, g) => {
                matches!(g, recognize::Sem::Calendar { .. } | recognize::Sem::Month { .. } | recognize::Sem::Year(_))
            }
        })
}

/// Whether the hyphen right after a date is an unspaced dash, not the joint of a compound
/// modifier ("a 1950-style car"): the date starts a token and what follows the hyphen
/// opens a phrase or clause of its own ("on 2 October 1950-the day after", "since
/// January-protesting that"), or the date runs over several tokens, which no compound
/// modifier does.
fn ends_at_dash(words: &[words::Word<'_>], f: &recognize::Found) -> bool {
    let (first, last) = (&words[f.start], &words[f.end - 1]);
    let Some(next) = words.get(f.end) else { return false };
    let opens = matches!(
        next.lower,
        "the"
            | "a"
            | "an"
            | "that"
            | "which"
            | "who"
            | "whom"
            | "whose"
            | "when"
            | "where"
            | "while"
            | "as"
            | "and"
            | "but"
            | "or"
            | "his"
            | "her"
            | "its"
            | "their"
            | "he"
            | "she"
            | "it"
            | "they"
            | "we"
            | "this"
            | "these"
            | "those"
            | "after"
            | "before"
            | "until"
            | "then"
            | "with"
    ) || next.lower.len() > 5 && next.lower.ends_with("ing") && next.text.starts_with(char::is_lowercase);
    let several_tokens = words[f.start..f.end - 1].iter().any(|w| w.token_end);
    first.token_start && last.hyphen && next.token_end && (opens || several_tokens)
}

/// An expression whose first word prose writes in lower case but the text capitalises
/// where no sentence starts, in a sentence written in sentence case: a name, not a time
/// ("China Daily", "VOA Today", "High Noon", ABC's "This Week"). Months, weekdays and
/// holidays are capitalised wherever they stand, and some writers capitalise seasons
/// ("attacked in Spring"), so those are never told so. In TimeBank, AQUAINT, WikiWars and
/// TE3 Silver none of the 69 such words is a time expression.
fn written_as_a_name(words: &[words::Word<'_>], f: &recognize::Found) -> bool {
    let first = &words[f.start];
    let mut chars = first.text.chars();
    let capitalised = chars.next().is_some_and(char::is_uppercase) && chars.clone().any(char::is_lowercase);
    if !capitalised || !chars.all(|c| c.is_lowercase() || !c.is_alphabetic()) {
        return false;
    }
    let lower: Vec<&str> = words[f.start..f.end.min(f.start + 3)].iter().map(|w| w.lower).collect();
    if lexicon::month(first.lower).is_some()
        || lexicon::weekday(first.lower).is_some()
        || lexicon::holiday(&lower).is_some()
        || lexicon::season(first.lower).is_some()
    {
        return false;
    }
    // Not where a sentence, a quotation or a clause after a colon or dash begins.
    let Some(prev) = f.start.checked_sub(1).map(|k| &words[k]).filter(|p| p.sentence == first.sentence) else {
        return false;
    };
    // (After "Co." a sentence may begin that the splitter joined to the one before.)
    if prev.text.ends_with('.')
        || !prev.text.chars().any(char::is_alphanumeric) && !matches!(prev.text, "," | "'s" | "’s")
    {
        return false;
    }
    // Not in a headline in title case, where every word is capitalised.
    let same = |w: &&words::Word<'_>| w.sentence == first.sentence;
    let begins = f.start - words[..f.start].iter().rev().take_while(same).count();
    let sentence = words[begins..].iter().take_while(same).filter(|w| w.token_start);
    let (mut alpha, mut capitals) = (0, 0);
    for w in sentence.skip(1) {
        if w.text.starts_with(char::is_alphabetic) {
            alpha += 1;
            capitals += w.text.starts_with(char::is_uppercase) as usize;
        }
    }
    capitals * 2 < alpha
}

/// Whether a season is joined by a hyphen to the next ("the winter-spring of 1920").
fn seasons_joined(words: &[words::Word<'_>], f: &recognize::Found) -> bool {
    matches!(f.sem, recognize::Sem::Season { .. })
        && words[f.end - 1].hyphen
        && words.get(f.end).is_some_and(|next| lexicon::season(next.lower).is_some())
}

/// Every expression the recogniser finds, left to right, each with whether the text spoke
/// of quarters before it (then "last year" in a results story is the year-ago quarter).
fn recognize_all(words: &[words::Word<'_>]) -> Vec<(recognize::Found, bool)> {
    let mut out = Vec::new();
    let mut quarterly = false;
    let mut i = 0;
    while i < words.len() {
        let Some(f) = recognize::may_start(words[i].lower).then(|| recognize::at(words, i)).flatten() else {
            if words[i].lower.contains("quarter") {
                quarterly = true;
            }
            i += 1;
            continue;
        };
        if written_as_a_name(words, &f) {
            i = f.end;
            continue;
        }
        if matches!(f.sem, recognize::Sem::Quarter { .. }) {
            quarterly = true;
        }
        // Extents follow tokens: a match inside a hyphenated token takes the whole token
        // only when it covers it ("third-quarter"), else it is dropped ("30-year-old") —
        // unless the hyphen joins two dates ("December 1979-February 1980"), where the next
        // date starts after it.
        let end_word = (f.end..words.len()).find(|&k| words[k - 1].token_end).unwrap_or(f.end);
        let range = end_word != f.end && (starts_date_after_hyphen(words, &f) || seasons_joined(words, &f));
        if end_word != f.end
            && !range
            && !ends_at_dash(words, &f)
            && !matches!(f.sem, recognize::Sem::Quarter { .. } | recognize::Sem::Duration { .. })
        {
            i += 1;
            continue;
        }
        i = f.end;
        out.push((f, quarterly));
        if range && let Some(next) = recognize::at_word(words, i) {
            i = next.end;
            out.push((next, quarterly));
        }
    }
    out
}

/// How far (in years) from the creation time a stated year must lie before yearless dates
/// after it are read in it.
const NARRATIVE_YEARS: i32 = 2;

/// The year an expression states in words or digits.
fn stated_year(sem: &recognize::Sem) -> Option<i32> {
    use recognize::Sem;
    match sem {
        Sem::Year(y)
        | Sem::Years { from: y, .. }
        | Sem::Calendar { year: Some(y), .. }
        | Sem::Months { year: Some(y), .. }
        | Sem::Season { year: Some(y), .. }
        | Sem::Quarter { year: Some(y), .. }
        | Sem::Half { year: Some(y), .. } => Some(*y),
        _ => None,
    }
}

/// An expression anchored to the day of writing: "yesterday", "on Tuesday", "last week",
/// "three days ago".
fn speaks_of_now(sem: &recognize::Sem) -> bool {
    use recognize::Sem;
    matches!(sem, Sem::Deictic { .. } | Sem::Weekday { .. } | Sem::Relative { .. } | Sem::Shifted { .. })
}

/// The month a date or span without a year starts in (a season's first month).
fn first_month(sem: &recognize::Sem) -> Option<u32> {
    use recognize::Sem;
    match sem {
        Sem::Calendar { month, .. } | Sem::Month { month, .. } => Some(*month),
        Sem::Months { from, .. } => Some(*from),
        Sem::Season { code, .. } => Some(match *code {
            "SP" => 3,
            "SU" => 6,
            "FA" => 9,
            _ => 12,
        }),
        _ => None,
    }
}

/// A date without a year of its own, put in `year`; `None` for anything else.
fn in_year(sem: &recognize::Sem, year: i32) -> Option<recognize::Sem> {
    use recognize::Sem;
    match sem {
        Sem::Calendar { year: None, month, day, to_day } => {
            Some(Sem::Calendar { year: Some(year), month: *month, day: *day, to_day: *to_day })
        }
        Sem::Months { year: None, from, to } => Some(Sem::Months { year: Some(year), from: *from, to: *to }),
        Sem::Month { month, shift: None } => {
            Some(Sem::Calendar { year: Some(year), month: *month, day: None, to_day: None })
        }
        // "in the winter", "that winter".
        Sem::Season { code, year: None, offset: None | Some(0), latest: false } => {
            Some(Sem::Season { code, year: Some(year), offset: None, latest: false })
        }
        _ => None,
    }
}

/// A date a value names, as a reference for later anaphoric expressions: a day, or the
/// middle of a month or year, with how precise it is.
#[derive(Debug, Clone, Copy)]
struct Anchor {
    date: NaiveDate,
    precision: Unit,
}

impl Anchor {
    fn of(value: &str) -> Option<Anchor> {
        let num = |s: &str| s.parse::<u32>().ok();
        let year = value.get(..4).filter(|y| y.bytes().all(|b| b.is_ascii_digit()))?.parse::<i32>().ok()?;
        let (date, precision) = match value.len() {
            4 => (NaiveDate::from_ymd_opt(year, 7, 1)?, Unit::Year),
            7 => (NaiveDate::from_ymd_opt(year, num(&value[5..7])?, 15)?, Unit::Month),
            n if n >= 10 => (NaiveDate::from_ymd_opt(year, num(&value[5..7])?, num(&value[8..10])?)?, Unit::Day),
            _ => return None,
        };
        Some(Anchor { date, precision })
    }

    /// Whether counting `unit`s from here names a real date: from a year, "the next year"
    /// does; "two days later" does not.
    fn fine_enough(self, unit: Unit) -> bool {
        match self.precision {
            Unit::Year => matches!(unit, Unit::Year | Unit::Decade | Unit::Century),
            Unit::Month => {
                !matches!(unit, Unit::Day | Unit::Week | Unit::Weekend | Unit::Hour | Unit::Minute | Unit::Second)
            }
            _ => true,
        }
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
