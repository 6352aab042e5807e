//! Words of time: months, weekdays, numbers, units, seasons, parts of the day. Every
//! function takes the word already in lower case (the word stream keeps it so).

/// Month number of a month name or abbreviation ("Sept.", "sep", "September").
pub fn month(w: &str) -> Option<u32> {
    Some(match w.trim_end_matches('.') {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sept" | "sep" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

/// ISO weekday number (Monday 1 … Sunday 7).
pub fn weekday(w: &str) -> Option<u32> {
    Some(match w.trim_end_matches('.') {
        "monday" | "mon" => 1,
        "tuesday" | "tue" | "tues" => 2,
        "wednesday" | "wed" => 3,
        "thursday" | "thu" | "thur" | "thurs" => 4,
        "friday" | "fri" => 5,
        "saturday" | "sat" => 6,
        "sunday" | "sun" => 7,
        _ => return None,
    })
}

/// Units of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Weekend,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

impl Unit {
    /// The ISO 8601 duration designator (`P3D`, `PT2H`).
    pub fn duration(self, n: &str) -> String {
        match self {
            Unit::Second => format!("PT{n}S"),
            Unit::Minute => format!("PT{n}M"),
            Unit::Hour => format!("PT{n}H"),
            Unit::Day => format!("P{n}D"),
            Unit::Week | Unit::Weekend => format!("P{n}W"),
            Unit::Month => format!("P{n}M"),
            Unit::Quarter => format!("P{n}Q"),
            Unit::Year => format!("P{n}Y"),
            // Annotators count decades and centuries in years ("two decades" → P20Y).
            Unit::Decade => n.parse::<u32>().map_or(format!("P{n}DE"), |n| format!("P{}Y", 10 * n)),
            Unit::Century => n.parse::<u32>().map_or(format!("P{n}CE"), |n| format!("P{}Y", 100 * n)),
        }
    }

    /// `n` and a half units as a whole number of a smaller unit (a year and a half: 18
    /// months), for shifting dates by them.
    pub fn in_smaller(self, n: u32) -> Option<(u32, Unit)> {
        Some(match self {
            Unit::Year => (12 * n + 6, Unit::Month),
            Unit::Day => (24 * n + 12, Unit::Hour),
            Unit::Hour => (60 * n + 30, Unit::Minute),
            Unit::Decade => (10 * n + 5, Unit::Year),
            Unit::Century => (100 * n + 50, Unit::Year),
            _ => return None,
        })
    }

    /// `n` and a half units in TimeML's mixed units ("PT5H30M", "P2Y6M", "PT30M" for half an
    /// hour); `None` for units whose half is no whole number of a smaller one.
    pub fn half_duration(self, n: u32) -> Option<String> {
        // The whole unit's designator, the half in the next smaller unit, and whether both
        // stand after TimeML's "T".
        let (unit, half, time) = match self {
            Unit::Minute => ("M", "30S", true),
            Unit::Hour => ("H", "30M", true),
            Unit::Day => ("D", "T12H", false),
            Unit::Month => ("M", "15D", false),
            Unit::Year => ("Y", "6M", false),
            Unit::Decade | Unit::Century => return self.in_smaller(n).map(|(years, _)| format!("P{years}Y")),
            _ => return None,
        };
        let whole = if n == 0 { String::new() } else { format!("{n}{unit}") };
        Some(format!("P{}{whole}{half}", if time { "T" } else { "" }))
    }
}

/// A unit word, singular or plural ("days", "year"), and whether it was plural.
pub fn unit(w: &str) -> Option<(Unit, bool)> {
    let singular = |s: &str| -> Option<Unit> {
        Some(match s {
            "second" | "sec" => Unit::Second,
            "minute" | "min" => Unit::Minute,
            "hour" | "hr" => Unit::Hour,
            "day" => Unit::Day,
            "week" => Unit::Week,
            "weekend" => Unit::Weekend,
            "month" => Unit::Month,
            "quarter" => Unit::Quarter,
            "year" | "yr" => Unit::Year,
            "decade" => Unit::Decade,
            "century" => Unit::Century,
            _ => return None,
        })
    };
    if w == "centuries" {
        return Some((Unit::Century, true));
    }
    if let Some(u) = singular(w) {
        return Some((u, false));
    }
    w.strip_suffix('s').and_then(singular).map(|u| (u, true))
}

/// Value of a number word or numeral ("three", "twenty-four", "12", "a").
pub fn number(w: &str) -> Option<u32> {
    if !w.is_empty() && w.len() <= 6 && w.bytes().all(|b| b.is_ascii_digit()) {
        return w.parse().ok();
    }
    Some(match w {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "hundred" => 100,
        _ => return None,
    })
}

/// Vague quantities: "several days" → `X`.
pub fn vague_quantity(w: &str) -> bool {
    matches!(w, "several" | "few" | "many" | "some" | "couple" | "numerous")
}

/// Ordinal value ("first", "3rd", "twenty-first").
pub fn ordinal(w: &str) -> Option<u32> {
    for suffix in ["st", "nd", "rd", "th"] {
        if let Some(n) = w.strip_suffix(suffix)
            && !n.is_empty()
            && n.bytes().all(|b| b.is_ascii_digit())
        {
            return n.parse().ok();
        }
    }
    Some(match w {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        _ => return None,
    })
}

/// Season code (`SP`, `SU`, `FA`, `WI`).
pub fn season(w: &str) -> Option<&'static str> {
    Some(match w {
        "spring" => "SP",
        "summer" => "SU",
        "fall" | "autumn" => "FA",
        "winter" => "WI",
        _ => return None,
    })
}

/// Part of the day code (`MO`, `AF`, `EV`, `NI`).
pub fn part_of_day(w: &str) -> Option<&'static str> {
    Some(match w {
        "morning" => "MO",
        "afternoon" => "AF",
        "evening" => "EV",
        "night" | "overnight" => "NI",
        _ => return None,
    })
}

/// Holidays news dates things by. Only those whose date is the same wherever the reader
/// is (or whose country is unambiguous in English news) are listed; Easter-like feasts
/// are left out: their names are more often other things ("Easter Island").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holiday {
    /// A fixed month and day.
    Fixed(u32, u32),
    /// The `nth` (1-based; 5 = last) weekday (ISO number) of a month.
    Nth { month: u32, weekday: u32, nth: u32 },
    /// US Election Day: the Tuesday after the first Monday in November.
    Election,
}

/// A holiday by its words (lower case); the number of words it takes.
pub fn holiday(words: &[&str]) -> Option<(Holiday, usize)> {
    let w = |k: usize| words.get(k).copied().unwrap_or("");
    let with_day = |h: Holiday| Some((h, if w(1) == "day" { 2 } else { 1 }));
    match (w(0), w(1), w(2)) {
        ("thanksgiving", _, _) => with_day(Holiday::Nth { month: 11, weekday: 4, nth: 4 }),
        ("christmas", "eve", _) => Some((Holiday::Fixed(12, 24), 2)),
        ("christmas", _, _) => with_day(Holiday::Fixed(12, 25)),
        ("new", "year's" | "year’s", "day") => Some((Holiday::Fixed(1, 1), 3)),
        ("new", "year's" | "year’s", "eve") => Some((Holiday::Fixed(12, 31), 3)),
        ("halloween", _, _) => Some((Holiday::Fixed(10, 31), 1)),
        ("valentine's" | "valentine’s", "day", _) => Some((Holiday::Fixed(2, 14), 2)),
        ("election", "day", _) => Some((Holiday::Election, 2)),
        ("labor", "day", _) => Some((Holiday::Nth { month: 9, weekday: 1, nth: 1 }, 2)),
        ("memorial", "day", _) => Some((Holiday::Nth { month: 5, weekday: 1, nth: 5 }, 2)),
        ("independence", "day", _) => Some((Holiday::Fixed(7, 4), 2)),
        _ => None,
    }
}
