//! Years: bare, in spans ("1861-1863"), before the common era ("490 BC"), centuries and
//! decades, and when a number reads as a year rather than a count.

use super::*;

/// The era marks that put a number of years before the common era.
pub(super) fn before_common_era(w: &str) -> bool {
    matches!(w, "bc" | "b.c." | "b.c" | "bce" | "b.c.e." | "b.c.e")
}

/// A number that can be a year before the common era: one to four digits, no leading zero.
pub(super) fn era_year(w: &str) -> Option<i32> {
    (!w.is_empty() && w.len() <= 4 && w.bytes().all(|b| b.is_ascii_digit()) && !w.starts_with('0'))
        .then(|| w.parse().ok())
        .flatten()
}

/// The number of a century: "19th", "nineteenth", "twenty-first"; with the next word.
pub(super) fn century_number(c: &Cursor<'_, '_>, i: usize) -> Option<(i32, usize)> {
    let w = c.lower(i);
    if w == "twenty" && c.hyphen(i) {
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
pub(super) fn years_before_common_era(c: &Cursor<'_, '_>, i: usize) -> Option<Found> {
    let first = era_year(c.lower(i))?;
    if before_common_era(c.lower(i + 1)) {
        return found(i, i + 2, Sem::Year(-first));
    }
    // A span: "264–241" as one word, or split at a hyphen or a dash.
    let k = if c.hyphen(i) {
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

/// "347 AD", "AD 347", "A.D. 1066", "347 CE": the era mark makes any number a year.
pub(super) fn years_of_common_era(c: &Cursor<'_, '_>, i: usize) -> Option<Found> {
    let mark = |w: &str| matches!(w, "ad" | "a.d." | "a.d" | "ce" | "c.e." | "c.e");
    if let Some(y) = era_year(c.lower(i))
        && mark(c.lower(i + 1))
        // "CE" after a number is a year only as written, in capitals ("20 ce" is no era).
        && c.text(i + 1).starts_with(['A', 'C'])
    {
        return found(i, i + 2, Sem::Year(y));
    }
    if matches!(c.lower(i), "ad" | "a.d." | "a.d")
        && c.text(i).starts_with('A')
        && let Some(y) = era_year(c.lower(i + 1))
    {
        return found(i, i + 2, Sem::Year(y));
    }
    None
}

/// "1861-1863", "1939–45", "1998-99" (a hyphen or a dash between them, or a word of its
/// own "1861–1863"): one expression from the first year to the second.
pub(super) fn year_span(c: &Cursor<'_, '_>, i: usize) -> Option<Found> {
    let w = c.lower(i);
    // Written as one word with a dash ("1861–1863"), which the word stream does not cut.
    if let Some((a, b)) = w.split_once(['–', '—']) {
        let from = year_of(a)?;
        let to = span_end(from, b)?;
        return found(i, i + 1, Sem::Years { from, to });
    }
    let from = year_of(w)?;
    let k = if c.hyphen(i) {
        i + 1
    } else if c.is(i + 1, &["–", "—"]) || c.is(i + 1, &["-"]) && year_of(c.lower(i + 2)).is_some() {
        // A spaced hyphen only between two full years ("1710 - 1715").
        i + 2
    } else {
        return None;
    };
    let to = span_end(from, c.lower(k))?;
    // "1998-99" must end its token: "1998-99-12" is something else.
    if c.hyphen(k) {
        return None;
    }
    found(i, k + 1, Sem::Years { from, to })
}

/// The second year of a span: four digits, or the last two ("99" after 1998), later than
/// the first and within a century of it.
pub(super) fn span_end(from: i32, w: &str) -> Option<i32> {
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

/// "of the year", "of this year" at `k`: the year of the article.
pub(super) fn this_year(c: &Cursor<'_, '_>, k: usize) -> bool {
    c.is(k, &["of"]) && c.is(k + 1, &["the", "this"]) && c.is(k + 2, &["year"])
}

/// "of 1994", "of nineteen ninety-four" at `k`: the year and the end of the phrase.
pub(super) fn of_year(c: &Cursor<'_, '_>, k: usize) -> Option<(i32, usize)> {
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

pub(super) fn reads_as_year(c: &Cursor<'_, '_>, i: usize) -> bool {
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
    let y = year_of(w.lower).filter(|y| is_year(*y))?;
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
pub(super) fn counts_something(c: &Cursor<'_, '_>, i: usize) -> bool {
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

/// "1990s", "'90s", with the decade's first three digits.
pub(super) fn decade(c: &Cursor<'_, '_>, start: usize, i: usize) -> Option<Found> {
    let w = c.lower(i);
    if let Some(d) = w.strip_suffix('s').and_then(year_of).filter(|y| y % 10 == 0) {
        return found(start, i + 1, Sem::Decade(d / 10));
    }
    // "the 470s BC": a decade before the common era.
    if let Some(d) = w.strip_suffix('s').and_then(era_year).filter(|y| y % 10 == 0)
        && before_common_era(c.lower(i + 1))
    {
        return found(start, i + 2, Sem::Decade(-d / 10));
    }
    let short = w.strip_prefix('\'').or_else(|| w.strip_prefix('’'))?.strip_suffix('s')?;
    if short.len() == 2 && short.bytes().all(|b| b.is_ascii_digit()) {
        let d: i32 = short.parse().ok()?;
        return found(start, i + 1, Sem::Decade(190 + d / 10));
    }
    None
}
