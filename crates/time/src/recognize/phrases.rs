//! Phrases built on a unit or a quantity: shifted units ("last week", "that same day",
//! "the following morning"), "earlier this year", "every Monday", quarters, durations
//! ("the past two months", "three days later") and phrases that begin with "the".

use super::*;

/// "last week", "next Friday", "this summer", "the past year", "coming months".
pub(super) fn shifted_unit(c: &Cursor<'_, '_>, start: usize, i: usize) -> Option<Found> {
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
    if c.hyphen(j) {
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
pub(super) const ANAPHORIC_SHIFTS: [&str; 1] = ["later"];

pub(super) fn earlier_later(c: &Cursor<'_, '_>, i: usize) -> Option<Found> {
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
pub(super) fn every(c: &Cursor<'_, '_>, i: usize) -> Option<Found> {
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

/// "the first quarter", "third-quarter", "the fiscal first quarter", "the latest quarter",
/// "the first half"; `i` at the ordinal (or "latest", "fiscal").
pub(super) fn ordinal_quarter(c: &Cursor<'_, '_>, start: usize, i: usize, offset: Option<i32>) -> Option<Found> {
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
pub(super) fn quantity_phrase(c: &Cursor<'_, '_>, start: usize, i: usize) -> Option<Found> {
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
    if n.is_some_and(|n| (1800..=2100).contains(&n)) && !plural && !c.hyphen(j - 1) {
        return None;
    }
    // "60 Minutes", "48 Hours": a capitalised unit after a figure, mid-sentence, is a title.
    if c.capitalised(j) && c.lower(i).bytes().all(|b| b.is_ascii_digit()) && !c.capitalised(start.wrapping_sub(1)) {
        return None;
    }
    // "a day-long strike": the article is not part of "day-long"; "a two-week-long trip" ends
    // at "long".
    if c.hyphen(j) && c.is(j + 1, &["long"]) {
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
    if c.is(end, &["ago", "earlier"]) || (c.is(end, &["later"]) && !c.hyphen(end - 1)) {
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
    if u == Unit::Quarter && c.hyphen(j - 1) {
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

/// Phrases that start with "the".
pub(super) fn the_phrase(c: &Cursor<'_, '_>, i: usize) -> Option<Found> {
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
    // "on the 5th,", "from the 13th to the 19th of October": a day by its number, where
    // nothing after it makes it a rank ("the 5th Army", "the 20th floor").
    if let Some(d) = day_of(c.lower(j)).filter(|_| c.lower(j).starts_with(|ch: char| ch.is_ascii_digit()))
        && ordinal(c.lower(j)).is_some()
        && (c.is(i.wrapping_sub(1), &["on", "from", "by", "until", "till", "since"]) || c.is(j + 1, &["to", "and"]))
        && (c.is(j + 1, &[",", ".", ";", ")", "to", "and", "-", "–"]) || c.lower(j + 1).is_empty())
    {
        return found(i, j + 1, Sem::DayOfMonth(d));
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
        && !c.hyphen(j)
    {
        if c.is(j + 1, &["of"])
            && let Some(date) = explicit_date(c, j + 2).filter(|f| matches!(f.sem, Sem::Calendar { day: Some(_), .. }))
        {
            return found(i, date.end, Sem::PartOfDay { part: p, on: Some(Box::new(date.sem)) });
        }
        return found(i, j + 1, Sem::PartOfDay { part: p, on: None });
    }
    match c.lower(j) {
        "past" if !c.hyphen(j) => {
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
        "year" | "month" | "week" if !c.hyphen(j) && !c.is(j + 1, &["'s", "before", "after", "earlier", "ago"]) => {
            let (u, _) = unit(c.lower(j))?;
            return found(i, j + 1, Sem::Relative { unit: u, offset: 0 });
        }
        "quarter" if !c.hyphen(j) => {
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
            let start = if c.hyphen(j) { j } else { i };
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
            // "the fall of Saigon", "the spring of discontent": not seasons; nor "the fall"
            // a preposition does not make a time ("The fall took two days").
            if c.is(j + 1, &["of"]) || w == "fall" && !c.is(i.wrapping_sub(1), &SEASON_FRAMES) {
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
    if matches!(f.sem, Sem::Duration { n: Some(_), .. }) && !c.hyphen(unit_word - 1) {
        return Some(f);
    }
    None
}
