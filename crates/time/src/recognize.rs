//! Recognition: at each word, the longest time expression that starts there, as a meaning
//! ([`Sem`]) still independent of the article's date.

use crate::lexicon::{
    Holiday, Unit, holiday, month, number, ordinal, part_of_day, season, unit, vague_quantity, weekday,
};
use crate::words::Word;

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
        self.words.get(i).map_or("", |w| w.lower.as_str())
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
                let ones = if c.words[i + 1].hyphen { number(c.lower(i + 2)).filter(|n| *n < 10) } else { None };
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
            && (k > i + a + 1 || a == 1 || c.words[i].hyphen)
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
    if c.is(i, &["year"]) && c.words[i].hyphen && c.is(i + 1, &["earlier", "ago"]) {
        return found(i, i + 2, Sem::Shifted { n: 1, unit: Unit::Year, sign: -1, anaphoric: false });
    }
    // "day-long", "year-long", "decades-long": a length of one (or some) of the unit.
    if c.words[i].hyphen
        && c.is(i + 1, &["long"])
        && let Some((u, plural)) = unit(w)
    {
        return found(i, i + 2, Sem::Duration { n: (!plural).then_some(1), unit: u });
    }
    // "year-end", "year end", "year's end": the end of this year.
    if c.is(i, &["year"]) {
        let k = i + 1 + usize::from(c.is(i + 1, &["'s", "’s"]));
        if c.is(k, &["end"]) && !c.words[k].hyphen {
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
    if let Some(code) = season(w)
        && (c.text(i).starts_with(|ch: char| ch.is_lowercase()) || c.is(i + 1, &SEASONAL))
        && !c.is(i + 1, &["of"])
    {
        let before = c.lower(i.wrapping_sub(1));
        // "the spring and summer", "summer and autumn 1918": seasons joined to seasons.
        let joined = |k: usize| season(c.lower(k)).is_some();
        let framed = matches!(
            before,
            "in" | "during" | "by" | "until" | "till" | "through" | "throughout" | "since" | "early" | "late" | "mid"
        ) || (matches!(code, "SU" | "WI") || w == "autumn") && matches!(before, "over" | "that" | "each" | "every")
            || matches!(before, "and" | "or") && joined(i.wrapping_sub(2))
            || c.is(i + 1, &["and", "or"]) && joined(i + 2)
            // "the middle of summer", "the end of winter".
            || before == "of" && c.is(i.wrapping_sub(2), &["middle", "end", "beginning", "start", "height", "depth"])
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
    // "20th century", "5th century BC" (with "the", see `the_phrase`).
    if let Some((n, end)) =
        century_number(c, i).filter(|_| ordinal(w).is_some_and(|n| n > 12) || w.ends_with("th") || w.ends_with("st"))
        && c.is(end, &["century"])
    {
        let bc = before_common_era(c.lower(end + 1));
        return found(i, end + 1 + usize::from(bc), Sem::Century(if bc { -n } else { n }));
    }
    if let Some(f) = years_before_common_era(c, i) {
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

/// The era marks that put a number of years before the common era.
fn before_common_era(w: &str) -> bool {
    matches!(w, "bc" | "b.c." | "b.c" | "bce" | "b.c.e." | "b.c.e")
}

/// A number that can be a year before the common era: one to four digits, no leading zero.
fn era_year(w: &str) -> Option<i32> {
    (!w.is_empty() && w.len() <= 4 && w.bytes().all(|b| b.is_ascii_digit()) && !w.starts_with('0'))
        .then(|| w.parse().ok())
        .flatten()
}

/// The number of a century: "19th", "nineteenth", "twenty-first"; with the next word.
fn century_number(c: &Cursor<'_, '_>, i: usize) -> Option<(i32, usize)> {
    let w = c.lower(i);
    if w == "twenty" && c.words[i].hyphen {
        return ordinal(c.lower(i + 1)).filter(|n| *n <= 2).map(|n| (20 + n as i32, i + 2));
    }
    let spelled = match w {
        "thirteenth" => Some(13),
        "fourteenth" => Some(14),
        "fifteenth" => Some(15),
        "sixteenth" => Some(16),
        "seventeenth" => Some(17),
        "eighteenth" => Some(18),
        "nineteenth" => Some(19),
        "twentieth" => Some(20),
        _ => None,
    };
    spelled.or_else(|| ordinal(w).map(|n| n as i32)).filter(|n| (1..=22).contains(n)).map(|n| (n, i + 1))
}

/// "490 BC", "146 B.C.", "264–241 BC", "490-479 BC": the era mark makes any number a year.
fn years_before_common_era(c: &Cursor<'_, '_>, i: usize) -> Option<Found> {
    let first = era_year(c.lower(i))?;
    if before_common_era(c.lower(i + 1)) {
        return found(i, i + 2, Sem::Year(-first));
    }
    // A span: "264–241" as one word, or split at a hyphen or a dash.
    let k = if c.words[i].hyphen {
        i + 1
    } else if c.is(i + 1, &["–", "—", "-", "to"]) {
        i + 2
    } else {
        return None;
    };
    let (second, end) = (era_year(c.lower(k))?, k + 1);
    (second < first && before_common_era(c.lower(end))).then(|| Found {
        start: i,
        end: end + 1,
        sem: Sem::Years { from: -first, to: -second },
        modifier: None,
    })
}

/// "1861-1863", "1939–45", "1998-99" (a hyphen or a dash between them, or a word of its
/// own "1861–1863"): one expression from the first year to the second.
fn year_span(c: &Cursor<'_, '_>, i: usize) -> Option<Found> {
    let w = c.lower(i);
    // Written as one word with a dash ("1861–1863"), which the word stream does not cut.
    if let Some((a, b)) = w.split_once(['–', '—']) {
        let from = year_of(a)?;
        let to = span_end(from, b)?;
        return found(i, i + 1, Sem::Years { from, to });
    }
    let from = year_of(w)?;
    let k = if c.words[i].hyphen {
        i + 1
    } else if c.is(i + 1, &["–", "—"]) {
        i + 2
    } else {
        return None;
    };
    let to = span_end(from, c.lower(k))?;
    // "1998-99" must end its token: "1998-99-12" is something else.
    if c.words[k].hyphen {
        return None;
    }
    found(i, k + 1, Sem::Years { from, to })
}

/// The second year of a span: four digits, or the last two ("99" after 1998), later than
/// the first and within a century of it.
fn span_end(from: i32, w: &str) -> Option<i32> {
    let to = match w.len() {
        4 => year_of(w)?,
        2 if w.bytes().all(|b| b.is_ascii_digit()) => {
            let two: i32 = w.parse().ok()?;
            let century = from - from % 100;
            if century + two > from { century + two } else { century + 100 + two }
        }
        _ => return None,
    };
    (to > from && to - from < 100).then_some(to)
}

/// "25/03/2018", "03/25/2018", "2018/03/12" (see `explicit_date`).
fn slashed_date(c: &Cursor<'_, '_>, i: usize) -> Option<Found> {
    let mut parts = c.lower(i).split('/');
    let (Some(a), Some(b), Some(y), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return None;
    };
    let num = |s: &str| (!s.is_empty() && s.len() <= 2).then(|| s.parse::<u32>().ok()).flatten();
    let calendar = |y: i32, m: u32, d: u32| {
        chrono::NaiveDate::from_ymd_opt(y, m, d)?;
        found(i, i + 1, Sem::Calendar { year: Some(y), month: m, day: Some(d), to_day: None })
    };
    if let (Some(y), Some(m), Some(d)) = (year_of(a), num(b), num(y)) {
        return calendar(y, m, d);
    }
    let (a, b, y) = (num(a)?, num(b)?, year_of(y)?);
    match (a > 12, b > 12) {
        (true, false) => calendar(y, b, a),
        (false, true) => calendar(y, a, b),
        (false, false) if a >= 1 && b >= 1 => found(i, i + 1, Sem::Year(y)),
        _ => None,
    }
}

/// "of the year", "of this year" at `k`: the year of the article.
fn this_year(c: &Cursor<'_, '_>, k: usize) -> bool {
    c.is(k, &["of"]) && c.is(k + 1, &["the", "this"]) && c.is(k + 2, &["year"])
}

/// "of 1994", "of nineteen ninety-four" at `k`: the year and the end of the phrase.
fn of_year(c: &Cursor<'_, '_>, k: usize) -> Option<(i32, usize)> {
    if !c.is(k, &["of"]) {
        return None;
    }
    if let Some(y) = year_of(c.lower(k + 1)) {
        return Some((y, k + 2));
    }
    match core(c, k + 1)? {
        Found { sem: Sem::Year(y), end, .. } => Some((y, end)),
        _ => None,
    }
}

/// "Thanksgiving Day", "Christmas Eve", "Election Day": capitalised, as names are.
fn holiday_at(c: &Cursor<'_, '_>, start: usize, i: usize, shift: Option<i32>) -> Option<Found> {
    if !c.capitalised(i) {
        return None;
    }
    let words = [c.lower(i), c.lower(i + 1), c.lower(i + 2)];
    let (day, n) = holiday(&words)?;
    // Every word of the name is capitalised ("election day" in lower case is generic).
    if !(i..i + n).all(|k| c.capitalised(k)) {
        return None;
    }
    found(start, i + n, Sem::Holiday { day, shift })
}

/// "noon Thursday": a clock time with the day after it.
fn day_after(c: &Cursor<'_, '_>, i: usize, hour: u32) -> Option<Found> {
    if let Some(next) = core(c, i + 1)
        && matches!(next.sem, Sem::Weekday { .. } | Sem::Deictic { .. } | Sem::Calendar { .. })
    {
        return found(i, next.end, Sem::Clock { hour, minute: 0, on: Some(Box::new(next.sem)) });
    }
    found(i, i + 1, Sem::Clock { hour, minute: 0, on: None })
}

fn with_part(c: &Cursor<'_, '_>, i: usize, days: i64) -> Option<Found> {
    if let Some(p) = part_of_day(c.lower(i + 1)) {
        return found(i, i + 2, Sem::Deictic { days, part: Some(p) });
    }
    found(i, i + 1, Sem::Deictic { days, part: None })
}

fn reads_as_year(c: &Cursor<'_, '_>, i: usize) -> bool {
    if counts_something(c, i) {
        return false;
    }
    // Earlier years ("in 1722") need a word that makes them dates: alone, "1500" is more
    // often a count.
    let dated = matches!(
        c.lower(i.wrapping_sub(1)),
        "in" | "since"
            | "from"
            | "by"
            | "until"
            | "till"
            | "of"
            | "before"
            | "after"
            | "around"
            | "circa"
            | "between"
            | "and"
            | "to"
            | "early"
            | "late"
            | "mid"
            | "year"
    );
    // "(1791)": a number alone in brackets, after a name, is its year.
    let bracketed = c.is(i.wrapping_sub(1), &["("]) && c.is(i + 1, &[")"]);
    year_of(c.lower(i)).is_some_and(|y| (1800..=2100).contains(&y) || ((dated || bracketed) && y < 1800))
}

/// A number the text uses as a year elsewhere is a year here too ("in 1777 … the 1777
/// campaign"), unless it counts something here ("1777 soldiers").
pub fn year_as_elsewhere(words: &[Word<'_>], i: usize, is_year: impl Fn(i32) -> bool) -> Option<Found> {
    let c = Cursor { words };
    let w = &words[i];
    let y = year_of(&w.lower).filter(|y| is_year(*y))?;
    // A plural after it is what it counts ("1777 soldiers"), whatever the list above knows.
    let plural = words.get(i + 1).is_some_and(|n| n.lower.len() > 2 && n.lower.ends_with('s') && n.text == n.lower);
    (w.token_start && w.token_end && !counts_something(&c, i) && !plural && !c.is(i + 1, &["-", "–"])).then(|| Found {
        start: i,
        end: i + 1,
        sem: Sem::Year(y),
        modifier: None,
    })
}

/// Whether the number at `i` counts or measures something ("1500 tons", "$1999", "No. 1998").
fn counts_something(c: &Cursor<'_, '_>, i: usize) -> bool {
    let next = c.lower(i + 1);
    let prev = c.text(i.wrapping_sub(1));
    if matches!(
        next,
        "%" | "percent"
            | "per"
            | "people"
            | "tons"
            | "tonnes"
            | "shares"
            | "feet"
            | "metres"
            | "meters"
            | "miles"
            | "points"
            | "votes"
            | "jobs"
            | "workers"
            | "troops"
            | "cars"
            | "units"
            | "barrels"
            | "acres"
            | "pounds"
            | "dollars"
            | "yen"
            | "euros"
    ) || prev.starts_with('$')
        || matches!(prev, "$" | "€" | "£" | "¥" | "No." | "no." | "number" | "Route" | "Boeing")
    {
        return true;
    }
    false
}

/// "Month Day[, Year]", "Month Day-Day", "Month Year", "Day Month [Year]", "Month",
/// ISO "2018-04-21".
fn explicit_date(c: &Cursor<'_, '_>, i: usize) -> Option<Found> {
    // ISO date split at hyphens.
    if let (Some(y), true) = (year_of(c.lower(i)), c.words[i].hyphen) {
        let m = c.lower(i + 1).parse::<u32>().ok().filter(|m| (1..=12).contains(m));
        if let Some(m) = m
            && c.words[i + 1].hyphen
            && let Some(d) = day_of(c.lower(i + 2)).filter(|_| c.lower(i + 2).len() == 2)
        {
            return found(i, i + 3, Sem::Calendar { year: Some(y), month: m, day: Some(d), to_day: None });
        }
    }
    // "12/03/2018", "2018/03/12": day and month only where the order is certain (a part
    // above 12, or the year first); "12/03/2018" could be either, so only its year is kept.
    if let Some(f) = slashed_date(c, i) {
        return Some(f);
    }
    // "15th of May [2018]".
    if c.is(i + 1, &["of"])
        && let Some(d) = ordinal(c.lower(i)).filter(|d| (1..=31).contains(d))
        && let Some(m) = month(c.lower(i + 2)).filter(|_| c.capitalised(i + 2))
    {
        let (year, end) = match year_of(c.lower(i + 3)) {
            Some(y) => (Some(y), i + 4),
            None => (None, i + 3),
        };
        return found(i, end, Sem::Calendar { year, month: m, day: Some(d), to_day: None });
    }
    // A span of days, day first: "22-25 April 1951", "6–7 January", "15 to 22 February".
    if let Some(d) = day_of(c.lower(i)).filter(|_| c.lower(i).bytes().all(|b| b.is_ascii_digit()))
        && (c.words[i].hyphen || c.is(i + 1, &["–", "-", "to"]))
    {
        let k = if c.words[i].hyphen { i + 1 } else { i + 2 };
        if let Some(d2) = day_of(c.lower(k)).filter(|d2| *d2 > d)
            && let Some(m) = month(c.lower(k + 1)).filter(|_| c.capitalised(k + 1))
        {
            let (year, end) = match year_of(c.lower(k + 2)) {
                Some(y) => (Some(y), k + 3),
                None => (None, k + 2),
            };
            return found(i, end, Sem::Calendar { year, month: m, day: Some(d), to_day: Some(d2) });
        }
    }
    // Day Month [Year]: "21 April 2018".
    if let Some(d) = day_of(c.lower(i))
        && let Some(m) = month(c.lower(i + 1)).filter(|_| c.capitalised(i + 1))
    {
        let (year, end) = match year_of(c.lower(i + 2)) {
            Some(y) => (Some(y), i + 3),
            None => (None, i + 2),
        };
        return found(i, end, Sem::Calendar { year, month: m, day: Some(d), to_day: None });
    }
    let m = month(c.lower(i)).filter(|_| c.capitalised(i))?;
    // "May" and "March" are words too: need a day, a year, or a time word before them.
    let ambiguous = matches!(c.lower(i), "may" | "march" | "sun" | "mar" | "jan" | "dec") && !c.text(i).ends_with('.');
    let mut end = i + 1;
    if let Some(d) = day_of(c.lower(end)) {
        end += 1;
        let mut to_day = None;
        if c.words[end - 1].hyphen || c.is(end, &["-", "–", "to", "through"]) {
            let k = if c.words[end - 1].hyphen { end } else { end + 1 };
            if let Some(d2) = day_of(c.lower(k)).filter(|d2| *d2 > d) {
                to_day = Some(d2);
                end = k + 1;
            }
        }
        let mut year = None;
        let comma = usize::from(c.is(end, &[","]));
        if let Some(y) = year_of(c.lower(end + comma)) {
            year = Some(y);
            end += comma + 1;
        }
        return found(i, end, Sem::Calendar { year, month: m, day: Some(d), to_day });
    }
    let comma = usize::from(c.is(end, &[","]));
    if let Some(y) = year_of(c.lower(end + comma)) {
        return found(i, end + comma + 1, Sem::Calendar { year: Some(y), month: m, day: None, to_day: None });
    }
    // "August-September 1950", "February–March": a span of months.
    if c.words[i].hyphen || c.is(i + 1, &["–"]) {
        let k = if c.words[i].hyphen { i + 1 } else { i + 2 };
        if let Some(m2) = month(c.lower(k)).filter(|m2| *m2 != m && c.capitalised(k)) {
            let year = year_of(c.lower(k + 1));
            let end = if year.is_some() { k + 2 } else { k + 1 };
            return found(i, end, Sem::Months { year, from: m, to: m2 });
        }
    }
    // "June last year", "January this year".
    if c.is(end, &["last", "this", "next"]) && c.is(end + 1, &["year"]) {
        let offset = match c.lower(end) {
            "last" => -1,
            "next" => 1,
            _ => 0,
        };
        return found(i, end + 2, Sem::Month { month: m, shift: Some(100 + offset) });
    }
    if let Some(Found { end: e, sem: Sem::Year(y), .. }) = core(c, end).filter(|f| matches!(f.sem, Sem::Year(_))) {
        return found(i, e, Sem::Calendar { year: Some(y), month: m, day: None, to_day: None });
    }
    let prev = c.lower(i.wrapping_sub(1));
    if ambiguous
        && !matches!(
            prev,
            "in" | "since"
                | "until"
                | "by"
                | "early"
                | "late"
                | "mid"
                | "last"
                | "next"
                | "this"
                | "of"
                | "during"
                | "from"
                | "through"
                | "before"
                | "after"
                | "between"
                | "to"
                | "and"
                | "or"
                | "till"
        )
    {
        return None;
    }
    // "and Jan Kavan", "to May Smith": after a conjunction, a first name before a surname.
    if ambiguous && matches!(prev, "to" | "and" | "or" | "till") && c.capitalised(end) {
        return None;
    }
    found(i, end, Sem::Month { month: m, shift: None })
}

/// "last week", "next Friday", "this summer", "the past year", "coming months".
fn shifted_unit(c: &Cursor<'_, '_>, start: usize, i: usize) -> Option<Found> {
    // "that same day" is "the same day".
    if c.is(i, &["that"]) && c.is(i + 1, &["same"]) {
        return shifted_unit(c, start, i + 1);
    }
    let offset = match c.lower(i) {
        "last" | "past" | "previous" => -1,
        "next" | "coming" | "following" => 1,
        "this" | "that" | "current" | "same" | "present" => 0,
        _ => return None,
    };
    let j = i + 1 + usize::from(c.is(i + 1, &["fiscal"]) && c.is(i + 2, &["year"]));
    let w = c.lower(j);
    if let Some(day) = weekday(w).filter(|_| c.capitalised(j)) {
        let shift = if c.is(i, &["that", "same"]) { None } else { Some(offset) };
        let mut end = j + 1;
        let mut part = None;
        if let Some(p) = part_of_day(c.lower(end)) {
            part = Some(p);
            end += 1;
        }
        return found(start, end, Sem::Weekday { day, part, shift });
    }
    if let Some(m) = month(w).filter(|_| c.capitalised(j)) {
        // "last Oct. 23" is a date; the shift word only says which way.
        if let Some(f) = explicit_date(c, j).filter(|f| matches!(f.sem, Sem::Calendar { day: Some(_), .. })) {
            return Some(f);
        }
        return found(start, j + 1, Sem::Month { month: m, shift: Some(offset) });
    }
    if let Some(f) = holiday_at(c, start, j, Some(offset).filter(|_| !c.is(i, &["that", "same"]))) {
        return Some(f);
    }
    if let Some(code) = season(w) {
        let latest = c.is(i, &["past"]) && i > 0 && c.is(i - 1, &["this"]);
        return found(start, j + 1, Sem::Season { code, year: None, offset: Some(offset), latest });
    }
    // "that night", "that same morning": the day the text is on.
    if c.is(i, &["that", "same"])
        && let Some(p) = part_of_day(w).filter(|_| w != "overnight")
    {
        return found(start, j + 1, Sem::PartOfDay { part: p, on: None });
    }
    if c.is(i, &["last"]) && c.is(j, &["night"]) {
        return found(start, j + 1, Sem::Deictic { days: -1, part: Some("NI") });
    }
    if c.is(i, &["this"])
        && let Some(p) = part_of_day(w)
    {
        return found(start, j + 1, Sem::Deictic { days: 0, part: Some(p) });
    }
    // "the next morning", "the following evening": the day after the one the text is on.
    let the_next = c.is(i, &["following", "previous"]) || (c.is(i, &["next"]) && start < i && c.is(start, &["the"]));
    if the_next && part_of_day(w).is_some() {
        return found(start, j + 1, Sem::Anaphoric { unit: Unit::Day, offset });
    }
    // "the past two months", "the next few years": durations.
    if c.is(i, &["past", "last", "next", "coming", "previous", "following", "first"])
        && let Some(f) = quantity_phrase(c, start, j)
        && let Sem::Duration { .. } = f.sem
    {
        return Some(f);
    }
    if let Some(f) = ordinal_quarter(c, start, i, Some(offset)) {
        return Some(f);
    }
    let (u, plural) = unit(w)?;
    if plural {
        // "coming months", "past years": vague durations.
        return found(start, j + 1, Sem::Duration { n: None, unit: u });
    }
    if c.words[j].hyphen {
        return None;
    }
    // "the following day", "that year": relative to the date the text is talking about.
    let anaphoric = c.is(i, &["following", "previous", "that", "same"]) || (the_next && u == Unit::Day);
    if anaphoric && !matches!(u, Unit::Hour | Unit::Minute | Unit::Second) {
        return found(start, j + 1, Sem::Anaphoric { unit: u, offset });
    }
    if matches!(u, Unit::Day | Unit::Hour | Unit::Minute | Unit::Second) {
        return None;
    }
    // "this year's third quarter", "next year's first quarter": that year's quarter.
    if u == Unit::Year
        && c.is(j + 1, &["'s", "’s"])
        && let Some(q) = ordinal(c.lower(j + 2)).filter(|q| (1..=4).contains(q))
        && c.is(j + 3, &["quarter"])
    {
        return found(start, j + 4, Sem::Quarter { q: Some(q), year: None, offset: Some(offset) });
    }
    found(start, j + 1, Sem::Relative { unit: u, offset })
}

/// "earlier this year", "later this month", "earlier in the week".
/// The words after a quantity that shift from the text's last date rather than from the
/// day of writing: "three days later" (but "three days ago").
const ANAPHORIC_SHIFTS: [&str; 1] = ["later"];

fn earlier_later(c: &Cursor<'_, '_>, i: usize) -> Option<Found> {
    let m = if c.is(i, &["earlier"]) { "START" } else { "END" };
    // "Earlier Sunday", "later today": the day alone is the expression.
    if core(c, i + 1).is_some_and(|f| matches!(f.sem, Sem::Weekday { .. } | Sem::Deictic { .. })) {
        return None;
    }
    let j = if c.is(i + 1, &["in"]) && c.is(i + 2, &["the"]) {
        i + 3
    } else if c.is(i + 1, &["this"]) {
        i + 2
    } else {
        return None;
    };
    let (u, false) = unit(c.lower(j))? else { return None };
    // "later in the day" is narrative, not a date annotators mark.
    if u == Unit::Day {
        return None;
    }
    let mut f = found(i, j + 1, Sem::Relative { unit: u, offset: 0 })?;
    f.modifier = Some(m);
    Some(f)
}

/// "every Monday", "each year", "every other week".
fn every(c: &Cursor<'_, '_>, i: usize) -> Option<Found> {
    let mut j = i + 1;
    let mut n = 1;
    if c.is(j, &["other"]) {
        n = 2;
        j += 1;
    }
    if let Some(d) = weekday(c.lower(j)) {
        return found(i, j + 1, Sem::Set(format!("XXXX-WXX-{d}")));
    }
    if let Some(m) = month(c.lower(j)).filter(|_| c.capitalised(j)) {
        return found(i, j + 1, Sem::Set(format!("XXXX-{m:02}")));
    }
    // "every two weeks".
    if let Some((k, after)) = quantity(c, j).filter(|(k, after)| *k > 1 && unit(c.lower(*after)).is_some()) {
        n = k;
        j = after;
    }
    let (u, _) = unit(c.lower(j))?;
    found(i, j + 1, Sem::Set(u.duration(&n.to_string())))
}

/// Time zones written after a clock time.
#[rustfmt::skip]
const ZONES: &[&str] = &[
    "edt", "est", "cdt", "cst", "mdt", "mst", "pdt", "pst", "gmt", "utc", "bst", "cet", "cest", "jst",
];

/// "3 p.m.", "10:30", "10:30 a.m. Friday", "9 o'clock".
fn clock(c: &Cursor<'_, '_>, i: usize) -> Option<Found> {
    let w = c.lower(i);
    let (hour, minute) = match w.split_once(':') {
        Some((h, m))
            if !h.is_empty()
                && h.len() <= 2
                && m.len() == 2
                && h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) =>
        {
            (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?)
        }
        None if !w.is_empty() && w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit()) => (w.parse().ok()?, 0),
        _ => return None,
    };
    if hour > 24 || minute > 59 {
        return None;
    }
    let mut end = i + 1;
    let meridiem = c.lower(end).replace('.', "");
    let hour = match meridiem.as_str() {
        "am" => {
            end += 1;
            if hour == 12 { 0 } else { hour }
        }
        "pm" => {
            end += 1;
            if hour == 12 { 12 } else { hour + 12 }
        }
        "o'clock" => {
            end += 1;
            hour
        }
        // "4 in the morning", "9 in the evening", "11 at night".
        "in" if hour <= 12 && c.is(end + 1, &["the"]) && c.is(end + 2, &["morning", "afternoon", "evening"]) => {
            let pm = !c.is(end + 2, &["morning"]);
            end += 3;
            if pm && hour < 12 {
                hour + 12
            } else if !pm && hour == 12 {
                0
            } else {
                hour
            }
        }
        "at" if (7..=12).contains(&hour) && c.is(end + 1, &["night"]) => {
            end += 2;
            if hour == 12 { 0 } else { hour + 12 }
        }
        _ if w.contains(':') => hour,
        _ => return None,
    };
    if hour > 24 {
        return None;
    }
    // A time zone belongs to the time ("4 a.m. EDT"); TimeML values leave it out.
    if c.is(end, ZONES) {
        end += 1;
    }
    let is_day = |f: &Found| matches!(f.sem, Sem::Weekday { .. } | Sem::Deictic { .. } | Sem::Calendar { .. });
    // A day right after: "3 p.m. Friday", "10 a.m. yesterday".
    let mut on = None;
    if let Some(next) = core(c, end).filter(is_day) {
        end = next.end;
        on = Some(Box::new(next.sem));
    } else if c.is(end, &["on"])
        && let Some(next) = core(c, end + 1).filter(is_day)
    {
        // "8 p.m. on Sunday": the day dates the time, as an expression of its own.
        on = Some(Box::new(next.sem));
    } else if c.is(end, &[","])
        && let Some(date) = explicit_date(c, end + 1).filter(|f| matches!(f.sem, Sem::Calendar { day: Some(_), .. }))
    {
        // "5 p.m. EST, Nov. 6": the date after the comma is the time's.
        end = date.end;
        on = Some(Box::new(date.sem));
    } else if c.is(end, &["("]) {
        // "10:35 a.m. (0735 GMT) Friday": the day after the aside still dates the time,
        // though it is no longer part of the expression.
        let close = (end + 1..end + 5).find(|&k| c.is(k, &[")"]));
        if let Some(next) = close.and_then(|k| core(c, k + 1)).filter(is_day) {
            on = Some(Box::new(next.sem));
        }
    }
    found(i, end, Sem::Clock { hour, minute, on })
}

/// "the first quarter", "third-quarter", "the fiscal first quarter", "the latest quarter",
/// "the first half"; `i` at the ordinal (or "latest", "fiscal").
fn ordinal_quarter(c: &Cursor<'_, '_>, start: usize, i: usize, offset: Option<i32>) -> Option<Found> {
    let mut j = i;
    if c.is(j, &["fiscal"]) {
        j += 1;
    }
    // "the latest quarter" is the last completed one; "the current quarter" this one.
    let (q, offset) = if c.is(j, &["latest", "recent"]) {
        (None, Some(-1))
    } else if c.is(j, &["current"]) {
        (None, Some(0))
    } else if offset.is_some() && c.is(j, &["last", "this", "next", "past", "previous", "same"]) {
        (None, offset)
    } else {
        (Some(ordinal(c.lower(j)).filter(|q| (1..=4).contains(q))?), offset)
    };
    let k = j + 1;
    if c.is(k, &["fiscal"]) {
        return ordinal_quarter(c, start, k, offset).filter(|_| q.is_none());
    }
    if c.is(k, &["quarter", "quarters"]) {
        // "third-quarter profit" keeps only the date part.
        let mut end = k + 1;
        let mut year = None;
        let mut this = false;
        if c.is(end, &["of"])
            && let Some(y) = year_of(c.lower(end + 1))
        {
            year = Some(y);
            end += 2;
        } else if this_year(c, end) {
            this = true;
            end += 3;
        }
        // "of this year": the article's year.
        let offset = if q.is_none() { offset.or(Some(0)) } else { this.then_some(0) };
        return found(start, end, Sem::Quarter { q, year, offset });
    }
    if c.is(k, &["half"]) {
        // "the first half of 1989"; "the last half" of a named year is its second.
        let year = year_of(c.lower(k + 2)).filter(|_| c.is(k + 1, &["of"]));
        let h = match q {
            None if c.is(j, &["last"]) && (year.is_some() || this_year(c, k + 1)) => 2,
            q => q.filter(|h| *h <= 2)?,
        };
        let end = if year.is_some() {
            k + 3
        } else if this_year(c, k + 1) {
            k + 4
        } else {
            k + 1
        };
        return found(start, end, Sem::Half { h, year });
    }
    None
}

/// "three weeks", "a year", "two-year", "24 hours", "several days", "three days ago",
/// "a year earlier", "the first nine months"; `i` at the quantity.
fn quantity_phrase(c: &Cursor<'_, '_>, start: usize, i: usize) -> Option<Found> {
    // "a couple of years" is two, as annotators count it.
    let couple = |k: usize| c.is(k, &["couple"]).then_some(2);
    let mut half = false;
    let (n, j) = if vague_quantity(c.lower(i)) {
        let j = if c.is(i, &["couple"]) && c.is(i + 1, &["of"]) { i + 2 } else { i + 1 };
        (couple(i), j)
    } else if c.is(i, &["a", "an"]) && c.is(i + 1, &["few", "couple"]) {
        let j = if c.is(i + 2, &["of"]) { i + 3 } else { i + 2 };
        (couple(i + 1), j)
    } else {
        let (n, mut j) = quantity(c, i)?;
        // "5 1/2 hours", "two and a half years".
        if c.is(j, &["1/2", "½"]) {
            (half, j) = (true, j + 1);
        } else if c.is(j, &["and"]) && c.is(j + 1, &["a"]) && c.is(j + 2, &["half"]) {
            (half, j) = (true, j + 3);
        }
        // "two more weeks", "three additional years".
        let j = if c.is(j, &["more", "additional", "extra", "further"]) && unit(c.lower(j + 1)).is_some() {
            j + 1
        } else {
            j
        };
        (Some(n), j)
    };
    let (u, plural) = unit(c.lower(j))?;
    // "the 1988 second quarter", "the 1988 quarter": a year is not a count (transcripts do
    // write "five year" for "five-year").
    if n.is_some_and(|n| (1800..=2100).contains(&n)) && !plural && !c.words[j - 1].hyphen {
        return None;
    }
    // "60 Minutes", "48 Hours": a capitalised unit after a figure, mid-sentence, is a title.
    if c.capitalised(j) && c.lower(i).bytes().all(|b| b.is_ascii_digit()) && !c.capitalised(start.wrapping_sub(1)) {
        return None;
    }
    // "a day-long strike": the article is not part of "day-long"; "a two-week-long trip" ends
    // at "long".
    if c.words[j].hyphen && c.is(j + 1, &["long"]) {
        if c.is(i, &["a", "an"]) {
            return None;
        }
        return found(start, j + 2, Sem::Duration { n, unit: u });
    }
    // "a second attack", "a second time": the ordinal, not a second of time, unless a word
    // of time follows ("a second later").
    if u == Unit::Second
        && c.is(i, &["a"])
        && c.lower(j + 1).starts_with(|ch: char| ch.is_alphabetic())
        && !c.is(j + 1, &["later", "earlier", "ago", "or", "and", "before", "after", "longer"])
    {
        return None;
    }
    // "three quarters of the vote", "a quarter of an hour": fractions.
    if u == Unit::Quarter && c.is(j + 1, &["of"]) && !vague_quantity(c.lower(i)) && year_of(c.lower(j + 2)).is_none() {
        return None;
    }
    // "30-year-old" and "52 years old" are ages, not times.
    if c.is(j + 1, &["old"]) {
        return None;
    }
    // "a day" after a frequency ("twice a day") is a set, not handled here.
    let end = j + 1;
    // "an hour and a half", "a minute and a half".
    let halves = u.half_duration(0).is_some();
    let (half, end) = if !half && halves && c.is(end, &["and"]) && c.is(end + 1, &["a"]) && c.is(end + 2, &["half"]) {
        (true, end + 3)
    } else {
        (half, end)
    };
    if c.is(end, &["ago", "earlier"]) || (c.is(end, &["later"]) && !c.words[end - 1].hyphen) {
        let sign = if c.is(end, &["ago", "earlier"]) { -1 } else { 1 };
        // "a year and a half ago" is 18 months ago.
        let (n, u) = match n {
            Some(n) if half => u.in_smaller(n).map_or((Some(n), u), |(n, u)| (Some(n), u)),
            n => (n, u),
        };
        return match n {
            Some(n) => {
                found(start, end + 1, Sem::Shifted { n, unit: u, sign, anaphoric: c.is(end, &ANAPHORIC_SHIFTS) })
            }
            // "several years ago"
            None => found(start, end + 1, Sem::Ref(if sign < 0 { "PAST_REF" } else { "FUTURE_REF" })),
        };
    }
    // "three-quarters" of something is a fraction.
    if u == Unit::Quarter && c.words[j - 1].hyphen {
        return None;
    }
    if c.is(end, &["from"])
        && c.is(end + 1, &["now"])
        && let Some(n) = n
    {
        return found(start, end + 2, Sem::Shifted { n, unit: u, sign: 1, anaphoric: false });
    }
    if let Some(n) = n.filter(|_| half && halves) {
        return found(start, end, Sem::HalfMore { n, unit: u });
    }
    // A bare number before a unit needs to be a real count: "1" "day" yes, "a" "day" yes.
    found(start, end, Sem::Duration { n, unit: u })
}

/// "1990s", "'90s", with the decade's first three digits.
fn decade(c: &Cursor<'_, '_>, start: usize, i: usize) -> Option<Found> {
    let w = c.lower(i);
    if let Some(d) = w.strip_suffix('s').and_then(year_of).filter(|y| y % 10 == 0) {
        return found(start, i + 1, Sem::Decade(d / 10));
    }
    let short = w.strip_prefix('\'').or_else(|| w.strip_prefix('’'))?.strip_suffix('s')?;
    if short.len() == 2 && short.bytes().all(|b| b.is_ascii_digit()) {
        let d: i32 = short.parse().ok()?;
        return found(start, i + 1, Sem::Decade(190 + d / 10));
    }
    None
}

/// Phrases that start with "the".
fn the_phrase(c: &Cursor<'_, '_>, i: usize) -> Option<Found> {
    let j = i + 1;
    // "the 1988 second quarter": the year before the ordinal.
    if let Some(y) = year_of(c.lower(j))
        && let Some(mut f) = ordinal_quarter(c, i, j + 1, None)
        && let Sem::Quarter { q: Some(_), year, .. } = &mut f.sem
    {
        *year = Some(y);
        return Some(f);
    }
    // "the 15th of May".
    if ordinal(c.lower(j)).is_some()
        && c.is(j + 1, &["of"])
        && let Some(mut f) = explicit_date(c, j)
    {
        f.start = i;
        return Some(f);
    }
    // "the year 2000", "the year two thousand (and one)": the year named.
    if c.is(j, &["year"]) {
        if let Some(y) = year_of(c.lower(j + 1)) {
            return found(i, j + 2, Sem::Year(y));
        }
        if c.is(j + 1, &["two"]) && c.is(j + 2, &["thousand"]) {
            let and = usize::from(c.is(j + 3, &["and"]));
            return match number(c.lower(j + 3 + and)).filter(|n| *n < 100) {
                Some(n) => found(i, j + 4 + and, Sem::Year(2000 + n as i32)),
                None => found(i, j + 3, Sem::Year(2000)),
            };
        }
    }
    // "the 19th century", "the early twentieth century", "the 5th century BC".
    let (m, k) = match c.lower(j) {
        "early" => (Some("START"), j + 1),
        "late" => (Some("END"), j + 1),
        "mid" => (Some("MID"), j + 1),
        _ => (None, j),
    };
    if let Some((n, end)) = century_number(c, k)
        && c.is(end, &["century"])
    {
        let bc = before_common_era(c.lower(end + 1));
        let mut f = found(i, end + 1 + usize::from(bc), Sem::Century(if bc { -n } else { n }))?;
        f.modifier = m;
        return Some(f);
    }
    // "in the morning", "the night": a part of the day the text is on, unless the word
    // names something else ("the evening news", "the morning paper").
    if let Some(p) = part_of_day(c.lower(j)).filter(|_| c.lower(j) != "overnight")
        && !c.is(
            j + 1,
            &[
                "news",
                "paper",
                "papers",
                "newspaper",
                "newspapers",
                "show",
                "shows",
                "edition",
                "star",
                "prayer",
                "prayers",
                "session",
                "sessions",
                "shift",
                "shifts",
            ],
        )
        && !c.words[j].hyphen
    {
        if c.is(j + 1, &["of"])
            && let Some(date) = explicit_date(c, j + 2).filter(|f| matches!(f.sem, Sem::Calendar { day: Some(_), .. }))
        {
            return found(i, date.end, Sem::PartOfDay { part: p, on: Some(Box::new(date.sem)) });
        }
        return found(i, j + 1, Sem::PartOfDay { part: p, on: None });
    }
    match c.lower(j) {
        "past" if !c.words[j].hyphen => {
            if let Some(f) = shifted_unit(c, i, j) {
                return Some(f);
            }
            return found(i, j + 1, Sem::Ref("PAST_REF"));
        }
        "future" => return found(i, j + 1, Sem::Ref("FUTURE_REF")),
        "present" => return found(i, j + 1, Sem::Ref("PRESENT_REF")),
        "weekend" => return found(i, j + 1, Sem::Relative { unit: Unit::Weekend, offset: 0 }),
        "week"
            if c.is(j + 1, &["of"])
                && let Some(day) = explicit_date(c, j + 2)
                    .filter(|f| matches!(f.sem, Sem::Calendar { day: Some(_), to_day: None, .. })) =>
        {
            return found(i, day.end, Sem::WeekOf(Box::new(day.sem)));
        }
        "year" | "month" | "week"
            if !c.words[j].hyphen && !c.is(j + 1, &["'s", "before", "after", "earlier", "ago"]) =>
        {
            let (u, _) = unit(c.lower(j))?;
            return found(i, j + 1, Sem::Relative { unit: u, offset: 0 });
        }
        "quarter" if !c.words[j].hyphen => {
            return found(i, j + 1, Sem::Quarter { q: None, year: None, offset: Some(-1) });
        }
        "next" | "last" | "coming" | "previous" | "following" | "same" | "current" => {
            if let Some(f) = shifted_unit(c, i, j) {
                return Some(f);
            }
            if let Some(f) = ordinal_quarter(c, i, j, Some(0)) {
                return Some(f);
            }
        }
        "first" | "second" | "third" | "fourth" | "fiscal" | "latest" => {
            // "the third-quarter results": the article is not part of the adjective.
            let start = if c.words[j].hyphen { j } else { i };
            if let Some(f) = ordinal_quarter(c, start, j, Some(0)) {
                return Some(f);
            }
            // "the first nine months"
            if c.is(j, &["first"]) {
                return quantity_phrase(c, i, j + 1);
            }
        }
        _ => {}
    }
    if let Some(f) = decade(c, i, j) {
        return Some(f);
    }
    match c.lower(j) {
        "nineties" | "eighties" | "seventies" | "sixties" => {
            let d = match c.lower(j) {
                "nineties" => 199,
                "eighties" => 198,
                "seventies" => 197,
                _ => 196,
            };
            return found(i, j + 1, Sem::Decade(d));
        }
        "near" | "foreseeable" if c.is(j + 1, &["future", "term"]) => return found(i, j + 2, Sem::Ref("FUTURE_REF")),
        "full" | "fiscal" if c.is(j + 1, &["year"]) => {
            return found(i, j + 2, Sem::Relative { unit: Unit::Year, offset: 0 });
        }
        w if season(w).is_some() => {
            if let Some((y, end)) = of_year(c, j + 1) {
                let code = season(w).unwrap_or("SU");
                return found(i, end, Sem::Season { code, year: Some(y), offset: None, latest: false });
            }
            // "the fall of Saigon", "the spring of discontent": not seasons.
            if c.is(j + 1, &["of"]) {
                return None;
            }
            return found(
                i,
                j + 1,
                Sem::Season { code: season(w).unwrap_or("SU"), year: None, offset: None, latest: false },
            );
        }
        _ => {}
    }
    // "the nine months" keeps its article; in "the two-week strike" the duration is the
    // adjective "two-week" alone.
    let f = quantity_phrase(c, i, j)?;
    let unit_word = f.end - 1;
    if matches!(f.sem, Sem::Duration { n: Some(_), .. }) && !c.words[unit_word - 1].hyphen {
        return Some(f);
    }
    None
}
