//! Calendar dates ("21 April 2018", "April 26-27", "2018-04-21", "3/12/2018"), holidays,
//! days with a part ("today", "yesterday morning") and clock times.

use super::*;

/// "25/03/2018", "03/25/2018", "2018/03/12" (see `explicit_date`).
pub(super) fn slashed_date(c: &Cursor<'_, '_>, i: usize) -> Option<Found> {
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

/// "Thanksgiving Day", "Christmas Eve", "Election Day": capitalised, as names are.
pub(super) fn holiday_at(c: &Cursor<'_, '_>, start: usize, i: usize, shift: Option<i32>) -> Option<Found> {
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
pub(super) fn day_after(c: &Cursor<'_, '_>, i: usize, hour: u32) -> Option<Found> {
    if let Some(next) = core(c, i + 1)
        && matches!(next.sem, Sem::Weekday { .. } | Sem::Deictic { .. } | Sem::Calendar { .. })
    {
        return found(i, next.end, Sem::Clock { hour, minute: 0, on: Some(Box::new(next.sem)) });
    }
    found(i, i + 1, Sem::Clock { hour, minute: 0, on: None })
}

pub(super) fn with_part(c: &Cursor<'_, '_>, i: usize, days: i64) -> Option<Found> {
    if let Some(p) = part_of_day(c.lower(i + 1)) {
        return found(i, i + 2, Sem::Deictic { days, part: Some(p) });
    }
    found(i, i + 1, Sem::Deictic { days, part: None })
}

/// "Month Day[, Year]", "Month Day-Day", "Month Year", "Day Month [Year]", "Month",
/// ISO "2018-04-21".
pub(super) fn explicit_date(c: &Cursor<'_, '_>, i: usize) -> Option<Found> {
    // ISO date split at hyphens.
    if let (Some(y), true) = (year_of(c.lower(i)), c.hyphen(i)) {
        let m = c.lower(i + 1).parse::<u32>().ok().filter(|m| (1..=12).contains(m));
        if let Some(m) = m
            && c.hyphen(i + 1)
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
    // Two days coordinated, each its own date as TimeML marks them: the second of "May 4
    // and 5[, 1945]" (the month before the first), the first of "7 and 8 May" (the month
    // after the second).
    let digits = |k: usize| day_of(c.lower(k)).filter(|_| c.lower(k).bytes().all(|b| b.is_ascii_digit()));
    if let Some(d) = digits(i) {
        if c.is(i.wrapping_sub(1), &["and", "or"])
            && digits(i.wrapping_sub(2)).is_some_and(|d1| d1 < d)
            && let Some(m) = month(c.lower(i.wrapping_sub(3))).filter(|_| c.capitalised(i.wrapping_sub(3)))
        {
            let comma = usize::from(c.is(i + 1, &[","]));
            let (year, end) = match year_of(c.lower(i + 1 + comma)) {
                Some(y) => (Some(y), i + 2 + comma),
                None => (None, i + 1),
            };
            return found(i, end, Sem::Calendar { year, month: m, day: Some(d), to_day: None });
        }
        if c.is(i + 1, &["and", "or"])
            && digits(i + 2).is_some_and(|d2| d2 > d)
            && let Some(m) = month(c.lower(i + 3)).filter(|_| c.capitalised(i + 3))
        {
            let year = year_of(c.lower(i + 4));
            return found(i, i + 1, Sem::Calendar { year, month: m, day: Some(d), to_day: None });
        }
    }
    // A span of days, day first: "22-25 April 1951", "6–7 January", "15 to 22 February".
    if let Some(d) = day_of(c.lower(i)).filter(|_| c.lower(i).bytes().all(|b| b.is_ascii_digit()))
        && (c.hyphen(i) || c.is(i + 1, &["–", "-", "to"]))
    {
        let k = if c.hyphen(i) { i + 1 } else { i + 2 };
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
        if c.hyphen(end - 1) || c.is(end, &["-", "–", "to", "through"]) {
            let k = if c.hyphen(end - 1) { end } else { end + 1 };
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
        } else if c.is(end, &["and", "or"]) && day_of(c.lower(end + 1)).is_some_and(|d2| d2 > d) {
            // "May 4 and 5, 1945": the year after the second day is the first's too.
            let comma = usize::from(c.is(end + 2, &[","]));
            year = year_of(c.lower(end + 2 + comma));
        }
        return found(i, end, Sem::Calendar { year, month: m, day: Some(d), to_day });
    }
    let comma = usize::from(c.is(end, &[","]));
    if let Some(y) = year_of(c.lower(end + comma)) {
        return found(i, end + comma + 1, Sem::Calendar { year: Some(y), month: m, day: None, to_day: None });
    }
    // "August-September 1950", "February–March": a span of months.
    if c.hyphen(i) || c.is(i + 1, &["–"]) {
        let k = if c.hyphen(i) { i + 1 } else { i + 2 };
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

/// Time zones written after a clock time.
#[rustfmt::skip]
pub(super) const ZONES: &[&str] = &[
    "edt", "est", "cdt", "cst", "mdt", "mst", "pdt", "pst", "gmt", "utc", "bst", "cet", "cest", "jst",
];

/// "3 p.m.", "10:30", "10:30 a.m. Friday", "9 o'clock".
/// A word split into its number and a meridiem or "hrs" written onto it ("5:30pm" →
/// ("5:30", "pm"), "0530hrs" → ("05:30", "hrs")); the word itself and `None` otherwise.
fn glued_meridiem(w: &str) -> (std::borrow::Cow<'_, str>, Option<&'static str>) {
    for (suffix, meridiem) in [("a.m.", "am"), ("p.m.", "pm"), ("am", "am"), ("pm", "pm"), ("hrs", "hrs")] {
        let Some(number) = w.strip_suffix(suffix) else { continue };
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit() || b == b':') {
            continue;
        }
        if meridiem == "hrs" {
            // Only a clock reading: "05:30hrs", "0530hrs"; "48hrs" is a length.
            if number.contains(':') {
                return (number.into(), Some("hrs"));
            }
            if number.len() == 4 {
                return (format!("{}:{}", &number[..2], &number[2..]).into(), Some("hrs"));
            }
            continue;
        }
        return (number.into(), Some(meridiem));
    }
    (w.into(), None)
}

pub(super) fn clock(c: &Cursor<'_, '_>, i: usize) -> Option<Found> {
    // A meridiem or "hrs" written onto the number: "5:30PM", "10am", "05:30hrs".
    let (w, glued) = glued_meridiem(c.lower(i));
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
    let meridiem = glued.map_or_else(|| c.lower(end).replace('.', ""), str::to_string);
    let next = usize::from(glued.is_none());
    let hour = match meridiem.as_str() {
        "am" => {
            end += next;
            if hour == 12 { 0 } else { hour }
        }
        "pm" => {
            end += next;
            if hour == 12 { 12 } else { hour + 12 }
        }
        // Military style: "05:30hrs", "0530hrs".
        "hrs" if glued.is_some() => hour,
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
