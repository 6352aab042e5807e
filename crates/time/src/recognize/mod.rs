//! Recognition: at each word, the longest time expression that starts there, as a meaning
//! ([`Sem`]) still independent of the article's date.

use crate::lexicon::{
    Holiday, Unit, holiday, month, number, ordinal, part_of_day, season, unit, vague_quantity, weekday,
};
use crate::words::Word;

mod calendar;
mod phrases;
mod years;

use calendar::*;
use phrases::*;
pub use years::year_as_elsewhere;
use years::*;

/// What an expression means, before it is anchored to a date.
#[derive(Debug, Clone, PartialEq)]
pub enum Sem {
    /// A calendar date, possibly partial; a missing year is inferred from the tense.
    Calendar { year: Option<i32>, month: u32, day: Option<u32>, to_day: Option<u32> },
    /// A century by its number ("the 19th century" → 19; negative before the common era).
    Century(i32),
    /// A year ("1998", "fiscal 1989"); negative before the common era ("490 BC" → -490).
    Year(i32),
    /// A span of years ("1861-1863", "1998-99", "264–241 BC").
    Years { from: i32, to: i32 },
    /// A decade by its first three digits ("the 1990s" → 199).
    Decade(i32),
    /// A weekday: `shift` -1 last, +1 next, 0 this, `None` by tense.
    Weekday { day: u32, part: Option<&'static str>, shift: Option<i32> },
    /// A span of months, the year (if given) the last one's ("August-September 1950").
    Months { year: Option<i32>, from: u32, to: u32 },
    /// A month without day or year, shifted like weekdays ("last April", "in March").
    Month { month: u32, shift: Option<i32> },
    /// Today ± days, with a part of the day.
    Deictic { days: i64, part: Option<&'static str> },
    /// The unit containing the reference date, shifted by `offset` ("last week", "this year").
    Relative { unit: Unit, offset: i32 },
    /// The same, but relative to the date the text last mentioned ("the following day",
    /// "that year", "the previous month").
    Anaphoric { unit: Unit, offset: i32 },
    /// A quarter: number (None for "the quarter"), explicit year; `offset` shifts quarters
    /// from the DCT's when no number is given, years when one is.
    Quarter { q: Option<u32>, year: Option<i32>, offset: Option<i32> },
    /// A half year.
    Half { h: u32, year: Option<i32> },
    /// A season; `latest` for "this past spring", the latest one over, whichever year.
    Season { code: &'static str, year: Option<i32>, offset: Option<i32>, latest: bool },
    /// `PRESENT_REF`, `PAST_REF`, `FUTURE_REF`.
    Ref(&'static str),
    /// A length of time; `n` None is a vague quantity (`PXY`).
    Duration { n: Option<u32>, unit: Unit },
    /// `n` and a half units ("two and a half years", "5 1/2 hours", "half an hour").
    HalfMore { n: u32, unit: Unit },
    /// A date `n` units before (`sign` -1) or after the reference ("three days ago");
    /// `anaphoric` when the reference is the date the text last mentioned ("two days later").
    Shifted { n: u32, unit: Unit, sign: i32, anaphoric: bool },
    /// A part of the day: of the day `on` names ("the night of April 18"), else of the day
    /// the text is on ("that night", "in the morning").
    PartOfDay { part: &'static str, on: Option<Box<Sem>> },
    /// A time of day, on the day of `on` (or the reference date).
    Clock { hour: u32, minute: u32, on: Option<Box<Sem>> },
    /// The week a day falls in ("the week of March 6").
    WeekOf(Box<Sem>),
    /// A recurrence, with its TimeML value.
    Set(String),
    /// A holiday, shifted like weekdays ("last Thanksgiving").
    Holiday { day: Holiday, shift: Option<i32> },
    /// A day by its number alone ("on the 5th"), in a month the text names around it.
    DayOfMonth(u32),
    /// A year by its last two digits ("the Club of '89"), in a century the text is in.
    ShortYear(u32),
}

/// A recognised expression over words `start..end`.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub sem: Sem,
    /// TimeML `mod` ("START", "APPROX", …).
    pub modifier: Option<&'static str>,
}

struct Cursor<'w, 'a> {
    words: &'w [Word<'a>],
}

impl Cursor<'_, '_> {
    fn lower(&self, i: usize) -> &str {
        self.words.get(i).map_or("", |w| w.lower)
    }
    /// Whether word `i` is joined to the next by a hyphen (false past the end).
    fn hyphen(&self, i: usize) -> bool {
        self.words.get(i).is_some_and(|w| w.hyphen)
    }
    fn is(&self, i: usize, options: &[&str]) -> bool {
        options.contains(&self.lower(i))
    }
    fn text(&self, i: usize) -> &str {
        self.words.get(i).map_or("", |w| w.text)
    }
    fn same_sentence(&self, a: usize, b: usize) -> bool {
        match (self.words.get(a), self.words.get(b)) {
            (Some(x), Some(y)) => x.sentence == y.sentence,
            _ => false,
        }
    }
    fn capitalised(&self, i: usize) -> bool {
        self.text(i).chars().next().is_some_and(char::is_uppercase)
    }
}

fn year_of(w: &str) -> Option<i32> {
    (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
        .filter(|y| (1000..=2199).contains(y))
}

fn day_of(w: &str) -> Option<u32> {
    let n = if w.bytes().all(|b| b.is_ascii_digit()) && !w.is_empty() && w.len() <= 2 {
        w.parse().ok()
    } else {
        ordinal(w)
    };
    n.filter(|d| (1..=31).contains(d))
}

/// Number words and numerals over one or two words ("twenty four", "twenty-four", "18").
fn quantity(c: &Cursor<'_, '_>, i: usize) -> Option<(u32, usize)> {
    let first = number(c.lower(i)).filter(|_| !c.lower(i).is_empty())?;
    if c.is(i, &["a", "one"]) && c.is(i + 1, &["hundred"]) {
        return Some((100, i + 2));
    }
    if first >= 20
        && first % 10 == 0
        && first < 100
        && let Some(second) = number(c.lower(i + 1)).filter(|n| (1..=9).contains(n) && c.lower(i + 1) != "a")
    {
        return Some((first + second, i + 2));
    }
    Some((first, i + 1))
}

/// Expression modifiers that TimeML keeps inside the extent.
fn modifier(c: &Cursor<'_, '_>, i: usize) -> Option<(&'static str, usize)> {
    let two = |a: &str, b: &str| c.lower(i) == a && c.lower(i + 1) == b;
    if two("the", "end") && c.lower(i + 2) == "of" {
        return Some(("END", i + 3));
    }
    if (two("the", "beginning") || two("the", "start")) && c.lower(i + 2) == "of" {
        return Some(("START", i + 3));
    }
    if two("the", "middle") && c.lower(i + 2) == "of" {
        return Some(("MID", i + 3));
    }
    if two("more", "than") {
        return Some(("MORE_THAN", i + 2));
    }
    if two("less", "than") || two("fewer", "than") {
        return Some(("LESS_THAN", i + 2));
    }
    if two("at", "least") {
        return Some(("EQUAL_OR_MORE", i + 2));
    }
    if two("up", "to") || two("at", "most") {
        return Some(("EQUAL_OR_LESS", i + 2));
    }
    Some(match c.lower(i) {
        "early" => ("START", i + 1),
        "late" => ("END", i + 1),
        "mid" => ("MID", i + 1),
        // "about" and "some" stay outside the extent, as the TimeBank annotators mostly left them.
        "around" | "approximately" | "nearly" | "almost" | "roughly" => ("APPROX", i + 1),
        "over" if number(c.lower(i + 1)).is_some() => ("MORE_THAN", i + 1),
        _ => return None,
    })
}

/// Whether any expression can start at a word (given in lower case): it holds a digit or
/// an apostrophe ("'99"), or is one of the words a rule below starts on. Most words of a
/// text are none of these, and testing them here costs a fraction of trying every rule.
/// Accepting too much only costs time; `tests.rs` checks that no rule starts elsewhere.
pub fn may_start(lower: &str) -> bool {
    starter(lower.trim_end_matches('.')) || lower.starts_with(['\'', '’']) || lower.bytes().any(|b| b.is_ascii_digit())
}

/// Whether `w` is one of `STARTERS`, through an open-addressing table of their indexes
/// (FNV-1a, a quarter full) built on first use: one hash and usually one comparison.
fn starter(w: &str) -> bool {
    const SLOTS: usize = 1024;
    fn slot(w: &str) -> usize {
        let h = w.bytes().fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
        h as usize % SLOTS
    }
    static TABLE: std::sync::OnceLock<Vec<u16>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = vec![u16::MAX; SLOTS];
        for (k, w) in STARTERS.iter().enumerate() {
            let mut s = slot(w);
            while table[s] != u16::MAX {
                s = (s + 1) % SLOTS;
            }
            table[s] = k as u16;
        }
        table
    });
    if w.len() > 16 {
        return false;
    }
    let mut s = slot(w);
    loop {
        match table[s] {
            u16::MAX => return false,
            k if STARTERS[k as usize] == w => return true,
            _ => s = (s + 1) % SLOTS,
        }
    }
}

/// The first words of every rule (`modifier`, `core` and what it calls), months, weekdays,
/// holidays, numbers, ordinals, units, seasons and vague quantities among them.
#[rustfmt::skip]
pub(crate) const STARTERS: &[&str] = &[
    "a", "a.d", "a.d.", "ad", "almost", "an", "annually", "approximately", "apr", "april", "around", "at",
    "aug", "august", "autumn", "centuries", "century", "centurys", "christmas", "coming", "couple", "current",
    "currently", "daily", "day", "days", "dec", "decade", "decades", "december", "each", "earlier", "early",
    "eight", "eighteen", "eighteenth", "eighth", "eighty", "election", "eleven", "eleventh", "every", "fall",
    "feb", "february", "few", "fewer", "fifteen", "fifteenth", "fifth", "fifty", "first", "fiscal", "five",
    "following", "forty", "four", "fourteen", "fourteenth", "fourth", "fri", "friday", "half", "halloween",
    "hour", "hourly", "hours", "hr", "hrs", "hundred", "independence", "jan", "january", "jul", "july", "jun",
    "june", "labor", "last", "late", "lately", "later", "latest", "less", "many", "mar", "march", "may",
    "memorial", "mid", "midday", "midnight", "min", "mins", "minute", "minutes", "mon", "monday", "month",
    "monthly", "months", "more", "nearly", "new", "next", "nightly", "nine", "nineteen", "nineteenth",
    "ninety", "ninth", "noon", "nov", "november", "now", "nowadays", "numerous", "oct", "october", "one",
    "over", "overnight", "past", "presently", "previous", "quarter", "quarters", "recent", "recently",
    "roughly", "sat", "saturday", "sec", "second", "seconds", "secs", "sep", "sept", "september", "seven",
    "seventeen", "seventeenth", "seventh", "seventy", "several", "six", "sixteen", "sixteenth", "sixth",
    "sixty", "some", "spring", "summer", "sun", "sunday", "ten", "tenth", "thanksgiving", "that", "the",
    "these", "third", "thirteen", "thirteenth", "thirty", "this", "three", "thu", "thur", "thurs", "thursday",
    "today", "tomorrow", "tonight", "tue", "tues", "tuesday", "twelfth", "twelve", "twentieth", "twenty",
    "two", "up", "valentine's", "valentine’s", "wed", "wednesday", "week", "weekend", "weekends", "weekly",
    "weeks", "winter", "year", "yearly", "years", "yesterday", "yr", "yrs",
];

/// The longest expression starting at word `i`.
pub fn at(words: &[Word<'_>], i: usize) -> Option<Found> {
    if !words[i].token_start {
        return None;
    }
    at_word(words, i)
}

/// The longest expression starting at word `i`, even inside a token: after a range's
/// hyphen ("December 1979-February 1980").
pub fn at_word(words: &[Word<'_>], i: usize) -> Option<Found> {
    let c = Cursor { words };
    if let Some((m, next)) = modifier(&c, i)
        && let Some(mut f) = core(&c, next)
    {
        // "some" and "about" only modify quantities; "early"/"late" only dates.
        let fits = match (&f.sem, m) {
            (Sem::Duration { .. }, _) | (Sem::Shifted { .. }, _) => true,
            (Sem::Clock { .. }, "APPROX") => true,
            (_, "APPROX" | "MORE_THAN" | "LESS_THAN" | "EQUAL_OR_MORE" | "EQUAL_OR_LESS") => false,
            _ => true,
        };
        if fits && c.same_sentence(i, f.end - 1) {
            f.start = i;
            f.modifier = Some(m);
            return Some(f);
        }
    }
    core(&c, i)
}

fn found(start: usize, end: usize, sem: Sem) -> Option<Found> {
    Some(Found { start, end, sem, modifier: None })
}

fn core(c: &Cursor<'_, '_>, i: usize) -> Option<Found> {
    let w = c.lower(i);
    if w.is_empty() {
        return None;
    }
    // Determiners that belong to the extent.
    if w == "the" {
        if let Some((m, next)) = modifier(c, i + 1).filter(|(m, _)| matches!(*m, "START" | "END" | "MID"))
            && let Some(mut f) = decade(c, i, next).or_else(|| {
                year_of(c.lower(next)).map(|y| Found { start: i, end: next + 1, sem: Sem::Year(y), modifier: None })
            })
        {
            f.modifier = Some(m);
            return Some(f);
        }
        return the_phrase(c, i);
    }
    if let Some(f) = explicit_date(c, i) {
        return Some(f);
    }
    // Weekdays by full name, or abbreviated with a stop ("Sun" is also a company).
    if let Some(day) = weekday(w).filter(|_| c.capitalised(i) && (w.len() >= 6 || c.text(i).ends_with('.'))) {
        // "Saturday, April 25": the date says which Saturday.
        let k = i + 1 + usize::from(c.is(i + 1, &[",", "("]));
        if let Some(date) = explicit_date(c, k)
            && matches!(date.sem, Sem::Calendar { day: Some(_), .. })
        {
            let end = if c.is(date.end, &[")"]) && c.is(i + 1, &["("]) { date.end + 1 } else { date.end };
            return found(i, end, date.sem);
        }
        let mut end = i + 1;
        let mut part = None;
        if let Some(p) = part_of_day(c.lower(end)) {
            part = Some(p);
            end += 1;
        }
        return found(i, end, Sem::Weekday { day, part, shift: None });
    }
    if let Some(f) = holiday_at(c, i, i, None) {
        return Some(f);
    }
    match w {
        "today" => return with_part(c, i, 0),
        "yesterday" => return with_part(c, i, -1),
        "tomorrow" => return with_part(c, i, 1),
        "tonight" => return found(i, i + 1, Sem::Deictic { days: 0, part: None }),
        "overnight" => return found(i, i + 1, Sem::Deictic { days: 0, part: Some("NI") }),
        "now" | "currently" | "nowadays" | "presently" => return found(i, i + 1, Sem::Ref("PRESENT_REF")),
        "current" if !c.is(i + 1, &["account", "accounts", "affairs", "events"]) => {
            return found(i, i + 1, Sem::Ref("PRESENT_REF"));
        }
        "recently" | "lately" => return found(i, i + 1, Sem::Ref("PAST_REF")),
        "recent" if c.is(i + 1, &["years", "months", "weeks", "days", "decades"]) => {
            return found(i, i + 2, Sem::Ref("PAST_REF"));
        }
        "these" if c.is(i + 1, &["days"]) => return found(i, i + 2, Sem::Ref("PRESENT_REF")),
        "daily" | "nightly" => return found(i, i + 1, Sem::Set("P1D".into())),
        "weekly" => return found(i, i + 1, Sem::Set("P1W".into())),
        "monthly" => return found(i, i + 1, Sem::Set("P1M".into())),
        "annually" | "yearly" => return found(i, i + 1, Sem::Set("P1Y".into())),
        "hourly" => return found(i, i + 1, Sem::Set("PT1H".into())),
        "every" | "each" => return every(c, i),
        "last" | "next" | "this" | "past" | "coming" | "previous" | "following" | "that" => {
            // "this past spring" is the last one.
            let shift_word = if c.is(i, &["this"]) && c.is(i + 1, &["past"]) { i + 1 } else { i };
            if let Some(f) = shifted_unit(c, i, shift_word) {
                return Some(f);
            }
        }
        "earlier" | "later" => return earlier_later(c, i),
        "fiscal" => {
            if let Some(y) = year_of(c.lower(i + 1)) {
                return found(i, i + 2, Sem::Year(y));
            }
        }
        "noon" | "midday" => return day_after(c, i, 12),
        "midnight" => return day_after(c, i, 24),
        "nineteen" | "twenty" if c.words[i].token_end => {
            // Spoken years: "nineteen ninety-six".
            let century = if w == "nineteen" { 1900 } else { 2000 };
            if let Some(tens) = number(c.lower(i + 1)).filter(|n| (10..=90).contains(n)) {
                let ones = if c.hyphen(i + 1) { number(c.lower(i + 2)).filter(|n| *n < 10) } else { None };
                let end = if ones.is_some() { i + 3 } else { i + 2 };
                return found(i, end, Sem::Year(century + tens as i32 + ones.unwrap_or(0) as i32));
            }
        }
        _ => {}
    }
    if let Some(f) = clock(c, i) {
        return Some(f);
    }
    // "half an hour", "half a century", "a half-hour", "half-hour".
    let a = usize::from(c.is(i, &["a"]));
    if c.is(i + a, &["half"]) {
        let k = i + a + 1 + usize::from(a == 0 && c.is(i + 1, &["a", "an"]));
        if let Some((u, false)) = unit(c.lower(k))
            && u.half_duration(0).is_some()
            && (k > i + a + 1 || a == 1 || c.hyphen(i))
        {
            return found(i, k + 1, Sem::HalfMore { n: 0, unit: u });
        }
    }
    if let Some(f) = ordinal_quarter(c, i, i, None) {
        return Some(f);
    }
    // "Q3", "Q1 2018".
    if let Some(q) = w.strip_prefix('q').and_then(|q| q.parse::<u32>().ok()).filter(|q| (1..=4).contains(q))
        && c.text(i).starts_with('Q')
        && w.len() == 2
    {
        return match year_of(c.lower(i + 1)) {
            Some(y) => found(i, i + 2, Sem::Quarter { q: Some(q), year: Some(y), offset: None }),
            None => found(i, i + 1, Sem::Quarter { q: Some(q), year: None, offset: None }),
        };
    }
    if let Some(f) = quantity_phrase(c, i, i) {
        return Some(f);
    }
    // "year-earlier", "year-ago": the same period a year before.
    if c.is(i, &["year"]) && c.hyphen(i) && c.is(i + 1, &["earlier", "ago"]) {
        return found(i, i + 2, Sem::Shifted { n: 1, unit: Unit::Year, sign: -1, anaphoric: false });
    }
    // "day-long", "year-long", "decades-long": a length of one (or some) of the unit.
    if c.hyphen(i)
        && c.is(i + 1, &["long"])
        && let Some((u, plural)) = unit(w)
    {
        return found(i, i + 2, Sem::Duration { n: (!plural).then_some(1), unit: u });
    }
    // "year-end", "year end", "year's end": the end of this year.
    if c.is(i, &["year"]) {
        let k = i + 1 + usize::from(c.is(i + 1, &["'s", "’s"]));
        if c.is(k, &["end"]) && !c.hyphen(k) {
            let mut f = found(i, k + 1, Sem::Relative { unit: Unit::Year, offset: 0 })?;
            f.modifier = Some("END");
            return Some(f);
        }
    }
    // Seasons ("this summer" is handled by shifted units): "summer 1998", "summer of 1998".
    if let Some(code) = season(w)
        && let Some((y, end)) = year_of(c.lower(i + 1)).map(|y| (y, i + 2)).or_else(|| of_year(c, i + 1))
    {
        return found(i, end, Sem::Season { code, year: Some(y), offset: None, latest: false });
    }
    // A season alone, where a preposition or a modifier makes it a time ("in summer",
    // "during the winter" comes through `the_phrase`, "by late spring"). Lower case only:
    // "the Arab Spring", "Prague Spring" are events; "fall" and "spring" are verbs and
    // nouns too often to be taken without a preposition.
    // Capitalised, a preposition right before must frame it ("in Spring", "by Autumn").
    let before = c.lower(i.wrapping_sub(1));
    let prepositional = c.is(i.wrapping_sub(1), &SEASON_FRAMES);
    if let Some(code) = season(w)
        && (c.text(i).starts_with(|ch: char| ch.is_lowercase()) || c.is(i + 1, &SEASONAL) || prepositional)
        && !c.is(i + 1, &["of"])
    {
        // "the spring and summer", "summer and autumn 1918": seasons joined to seasons.
        let joined = |k: usize| season(c.lower(k)).is_some();
        let framed = matches!(
            before,
            "in" | "during" | "by" | "until" | "till" | "through" | "throughout" | "since" | "early" | "late" | "mid"
        ) || (matches!(code, "SU" | "WI") || w == "autumn") && matches!(before, "over" | "that" | "each" | "every")
            || matches!(before, "and" | "or") && joined(i.wrapping_sub(2))
            || c.is(i + 1, &["and", "or"]) && joined(i + 2)
            // "the middle of summer", "the end of winter".
            || before == "of"
                && c.is(i.wrapping_sub(2), &["middle", "end", "beginning", "start", "height", "depth", "onset"])
            // "the winter-spring of 1920", "summer-fall 1919": a span of seasons.
            || c.hyphen(i) && joined(i + 1)
            // "the spring offensive", "winter quarters", "the summer recess": what happens
            // in a season.
            || c.is(i + 1, &SEASONAL);
        if framed {
            return found(i, i + 1, Sem::Season { code, year: None, offset: None, latest: false });
        }
    }
    // Decades: "1990s", "'90s".
    if let Some(f) = decade(c, i, i) {
        return Some(f);
    }
    // "'99", "’89": a year by its last two digits, a token of its own.
    if let Some(n) = w.strip_prefix('\'').or_else(|| w.strip_prefix('’'))
        && n.len() == 2
        && n.bytes().all(|b| b.is_ascii_digit())
        && c.words[i].token_start
        && c.words[i].token_end
        // "'10 killed in blast'" opens a quotation with a count.
        && !c.text(i + 1).starts_with(char::is_lowercase)
    {
        return found(i, i + 1, Sem::ShortYear(n.parse().ok()?));
    }
    // "20th century", "5th century BC" (with "the", see `the_phrase`).
    if let Some((n, end)) =
        century_number(c, i).filter(|_| ordinal(w).is_some_and(|n| n > 12) || w.ends_with("th") || w.ends_with("st"))
        && c.is(end, &["century"])
    {
        let bc = before_common_era(c.lower(end + 1));
        return found(i, end + 1 + usize::from(bc), Sem::Century(if bc { -n } else { n }));
    }
    if let Some(f) = years_before_common_era(c, i).or_else(|| years_of_common_era(c, i)) {
        return Some(f);
    }
    if let Some(f) = year_span(c, i) {
        return Some(f);
    }
    // Bare years, when they read as dates.
    if let Some(y) = year_of(w).filter(|_| reads_as_year(c, i)) {
        return found(i, i + 1, Sem::Year(y));
    }
    // Bare plural units: "years", "months" (vague durations); "weeks"/"days" only with a
    // preposition that makes them time ("for weeks", "in days").
    if let Some((u, true)) = unit(w) {
        let before = c.lower(i.wrapping_sub(1));
        if matches!(u, Unit::Year | Unit::Month | Unit::Decade | Unit::Century)
            || matches!(before, "for" | "in" | "within" | "over" | "took" | "lasted")
        {
            return found(i, i + 1, Sem::Duration { n: None, unit: u });
        }
    }
    None
}

/// Prepositions that make a season a time ("in Spring", "during the fall").
const SEASON_FRAMES: [&str; 10] =
    ["in", "during", "by", "until", "till", "through", "throughout", "since", "over", "from"];

/// Nouns for what happens in a season: "the spring offensive", "winter quarters".
const SEASONAL: [&str; 12] = [
    "offensive",
    "offensives",
    "counter",
    "campaign",
    "campaigns",
    "quarters",
    "session",
    "recess",
    "break",
    "holidays",
    "vacation",
    "fighting",
];
