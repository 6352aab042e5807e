//! Normalisation: a recognised meaning anchored to the reference date (the article's date),
//! in the direction the tense points, as a TimeML value.

use chrono::{Datelike, Days, Months, NaiveDate};
use newsgraph_document::TimeType;

use crate::lexicon::{Holiday, Unit};
use crate::recognize::Sem;
use crate::tense::Direction;

/// A normalised expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    pub kind: TimeType,
    pub value: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A year as TimeML writes it: "1998", "0476", "BC0490".
fn year_value(y: i32) -> String {
    if y < 0 { format!("BC{:04}", -y) } else { format!("{y:04}") }
}

fn week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

fn quarter_of(month: u32) -> u32 {
    (month - 1) / 3 + 1
}

fn shift_months(d: NaiveDate, months: i32) -> NaiveDate {
    if months >= 0 {
        d.checked_add_months(Months::new(months as u32))
    } else {
        d.checked_sub_months(Months::new((-months) as u32))
    }
    .unwrap_or(d)
}

fn shift_days(d: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 { d.checked_add_days(Days::new(days as u64)) } else { d.checked_sub_days(Days::new((-days) as u64)) }
        .unwrap_or(d)
}

/// The year that puts `(month, day)` where the direction says, relative to `dct`.
fn infer_year(dct: NaiveDate, month: u32, day: Option<u32>, dir: Direction) -> i32 {
    let key = |m: u32, d: Option<u32>| (m, d.unwrap_or(0));
    let here = key(dct.month(), day.map(|_| dct.day()));
    let there = key(month, day);
    match dir {
        Direction::Past => {
            if there <= here {
                dct.year()
            } else {
                dct.year() - 1
            }
        }
        Direction::Future => {
            if there >= here {
                dct.year()
            } else {
                dct.year() + 1
            }
        }
        Direction::Unknown => {
            // The closest: within six months either way.
            let diff = month as i32 - dct.month() as i32;
            if diff > 6 {
                dct.year() - 1
            } else if diff < -6 {
                dct.year() + 1
            } else {
                dct.year()
            }
        }
    }
}

/// The year of a month-day without one: the tense decides, unless it would put the date
/// more than ten months away when the same year puts it within two — tense cues are noisy,
/// news dates are close to the article.
fn calendar_year(dct: NaiveDate, month: u32, day: Option<u32>, dir: Direction) -> i32 {
    let by_tense = infer_year(dct, month, day, dir);
    let same = NaiveDate::from_ymd_opt(dct.year(), month, day.unwrap_or(1));
    match same {
        Some(same) if by_tense != dct.year() && (same - dct).num_days().abs() <= 60 => dct.year(),
        _ => by_tense,
    }
}

fn weekday_date(dct: NaiveDate, day: u32, shift: Option<i32>, dir: Direction) -> NaiveDate {
    let today = dct.weekday().number_from_monday() as i64;
    let target = day as i64;
    match shift {
        Some(0) => shift_days(dct, target - today),
        Some(s) if s < 0 => {
            let back = (today - target).rem_euclid(7);
            shift_days(dct, -(if back == 0 { 7 } else { back }))
        }
        Some(_) => {
            let ahead = (target - today).rem_euclid(7);
            shift_days(dct, if ahead == 0 { 7 } else { ahead })
        }
        None => match dir {
            Direction::Future => shift_days(dct, (target - today).rem_euclid(7)),
            _ => shift_days(dct, -(today - target).rem_euclid(7)),
        },
    }
}

/// Normalises `sem` against `dct`. Without a reference date, relative values stay
/// underspecified (`XXXX-WXX-5`) rather than guessed.
pub fn normalize(sem: &Sem, dct: Option<NaiveDate>, dir: Direction, quarterly: bool) -> Option<Value> {
    use TimeType::{Date, Duration as Dur, Set, Time};
    let v = |kind, value: String| Some(Value { kind, value, from: None, to: None });
    match sem {
        Sem::Calendar { year, month, day, to_day } => {
            let y = match (year, dct) {
                (Some(y), _) => Some(*y),
                (None, Some(d)) => Some(calendar_year(d, *month, *day, dir)),
                (None, None) => None,
            };
            let ys = y.map_or("XXXX".to_string(), year_value);
            let Some(d) = day else { return v(Date, format!("{ys}-{month:02}")) };
            // An impossible day ("February 30") keeps only what is certain: the month.
            if let Some(y) = y
                && NaiveDate::from_ymd_opt(y, *month, *d).is_none()
            {
                return v(Date, format!("{ys}-{month:02}"));
            }
            let start = format!("{ys}-{month:02}-{d:02}");
            match to_day {
                Some(e) if y.is_none_or(|y| NaiveDate::from_ymd_opt(y, *month, *e).is_some()) => Some(Value {
                    kind: Date,
                    value: start.clone(),
                    from: Some(start),
                    to: Some(format!("{ys}-{month:02}-{e:02}")),
                }),
                _ => v(Date, start),
            }
        }
        Sem::Year(y) => v(Date, year_value(*y)),
        Sem::Years { from, to } => Some(Value {
            kind: Date,
            value: year_value(*from),
            from: Some(year_value(*from)),
            to: Some(year_value(*to)),
        }),
        Sem::Decade(d) if *d < 0 => v(Date, format!("BC{:03}", -d)),
        Sem::Decade(d) => v(Date, format!("{d:03}")),
        // TimeML writes a century by its first two digits: the 19th is "18", 490s BC "BC04".
        Sem::Century(n) if *n < 0 => v(Date, format!("BC{:02}", -n - 1)),
        Sem::Century(n) => v(Date, format!("{:02}", n - 1)),
        Sem::Weekday { day, part, shift } => match dct {
            Some(d) => {
                let date = weekday_date(d, *day, *shift, dir);
                // "Friday morning": TimeBank types it a date, with the part of the day.
                match part {
                    Some(p) => v(Date, format!("{}T{p}", self::date(date))),
                    None => v(Date, self::date(date)),
                }
            }
            None => v(Date, format!("XXXX-WXX-{day}")),
        },
        Sem::Months { year, from, to } => {
            // A span that crosses the new year ("December-January 1999") starts the year before.
            let last = year.or_else(|| dct.map(|d| calendar_year(d, *to, None, dir)));
            let first = last.map(|y| if from > to { y - 1 } else { y });
            let at = |y: Option<i32>, m: u32| format!("{}-{m:02}", y.map_or("XXXX".into(), year_value));
            Some(Value { kind: Date, value: at(first, *from), from: Some(at(first, *from)), to: Some(at(last, *to)) })
        }
        Sem::Month { month, shift } => {
            let Some(d) = dct else { return v(Date, format!("XXXX-{month:02}")) };
            // "last May" is the latest May before this month (in October: this year's, as
            // TimeBank has it); "June last year" (shift 99) is last year's.
            let y = match shift {
                Some(s) if *s >= 99 => d.year() + (s - 100),
                Some(0) => d.year(),
                Some(s) if *s < 0 => d.year() - i32::from(*month >= d.month()),
                Some(_) => d.year() + 1,
                None => infer_year(d, *month, None, dir),
            };
            v(Date, format!("{y:04}-{month:02}"))
        }
        Sem::Deictic { days, part } => {
            let Some(d) = dct else { return v(Date, "XXXX-XX-XX".into()) };
            let day = date(shift_days(d, *days));
            match part {
                Some(p) => v(Time, format!("{day}T{p}")),
                None => v(Date, day),
            }
        }
        Sem::Anaphoric { unit, offset } => {
            normalize(&Sem::Relative { unit: *unit, offset: *offset }, dct, dir, quarterly)
        }
        Sem::Relative { unit, offset } => {
            let Some(d) = dct else { return v(Date, "XXXX".into()) };
            let o = *offset;
            match unit {
                Unit::Year => v(Date, format!("{:04}", d.year() + o)),
                Unit::Month => {
                    let m = shift_months(d, o);
                    v(Date, format!("{:04}-{:02}", m.year(), m.month()))
                }
                Unit::Week => v(Date, week(shift_days(d, 7 * o as i64))),
                Unit::Weekend => {
                    // "the weekend" in a past-tense sentence written on a weekday is the one before.
                    let back = o == 0 && dir == Direction::Past && d.weekday().number_from_monday() <= 5;
                    let o = if back { -1 } else { o };
                    v(Date, format!("{}-WE", week(shift_days(d, 7 * o as i64))))
                }
                Unit::Quarter => {
                    let m = shift_months(d, 3 * o);
                    v(Date, format!("{:04}-Q{}", m.year(), quarter_of(m.month())))
                }
                Unit::Decade => v(Date, format!("{:03}", (d.year() + 10 * o) / 10)),
                Unit::Century => v(Date, format!("{:02}", (d.year() + 100 * o) / 100)),
                Unit::Day => v(Date, date(shift_days(d, o as i64))),
                Unit::Hour | Unit::Minute | Unit::Second => v(Date, "PRESENT_REF".into()),
            }
        }
        Sem::Quarter { q, year, offset } => {
            let Some(d) = dct else {
                return v(
                    Date,
                    format!(
                        "{}-Q{}",
                        year.map_or("XXXX".into(), |y| format!("{y:04}")),
                        q.map_or("X".into(), |q| q.to_string())
                    ),
                );
            };
            match q {
                Some(q) => {
                    // With a quarter named, `offset` counts years ("next year's first quarter").
                    let y = year.or(offset.map(|o| d.year() + o)).unwrap_or_else(|| {
                        let current = quarter_of(d.month());
                        if dir == Direction::Past && *q > current { d.year() - 1 } else { d.year() }
                    });
                    v(Date, format!("{y:04}-Q{q}"))
                }
                None => {
                    let m = shift_months(d, 3 * offset.unwrap_or(0));
                    v(Date, format!("{:04}-Q{}", m.year(), quarter_of(m.month())))
                }
            }
        }
        Sem::Half { h, year } => {
            let y = year.or(dct.map(|d| d.year()));
            v(Date, format!("{}-H{h}", y.map_or("XXXX".into(), |y| format!("{y:04}"))))
        }
        Sem::Season { code, year, offset, latest } => {
            // "this past summer" is the latest summer over before this month (in October, this
            // year's); "last summer" is last year's, as TimeBank has both.
            // "the summer" (no offset) goes by the tense: in April, "talks stalled in the
            // summer" is last year's.
            let (first_month, last_month) = match *code {
                "SP" => (3, 5),
                "SU" => (6, 8),
                "FA" => (9, 11),
                _ => (12, 14),
            };
            let y = year.or_else(|| {
                dct.map(|d| match offset {
                    _ if *latest => d.year() - i32::from(d.month() <= last_month),
                    None if dir == Direction::Past => d.year() - i32::from(d.month() < first_month),
                    None if dir == Direction::Future => d.year() + i32::from(d.month() > last_month),
                    o => d.year() + o.unwrap_or(0),
                })
            });
            v(Date, format!("{}-{code}", y.map_or("XXXX".into(), year_value)))
        }
        Sem::Ref(r) => v(Date, (*r).to_string()),
        Sem::Duration { n, unit } => v(Dur, unit.duration(&n.map_or("X".to_string(), |n| n.to_string()))),
        Sem::HalfMore { n, unit } => v(Dur, unit.half_duration(*n).unwrap_or_else(|| unit.duration(&n.to_string()))),
        Sem::Shifted { n, unit, sign, .. } => {
            let Some(d) = dct else { return v(Date, "XXXX".into()) };
            let n = *n as i32 * sign;
            match unit {
                Unit::Year if quarterly && n.abs() == 1 => {
                    let m = shift_months(d, 12 * n - 3);
                    v(Date, format!("{:04}-Q{}", m.year(), quarter_of(m.month())))
                }
                Unit::Year => v(Date, format!("{:04}", d.year() + n)),
                Unit::Quarter => {
                    let m = shift_months(d, 3 * n);
                    v(Date, format!("{:04}-Q{}", m.year(), quarter_of(m.month())))
                }
                Unit::Month => {
                    let m = shift_months(d, n);
                    v(Date, format!("{:04}-{:02}", m.year(), m.month()))
                }
                Unit::Week | Unit::Weekend => v(Date, week(shift_days(d, 7 * n as i64))),
                Unit::Day => v(Date, date(shift_days(d, n as i64))),
                Unit::Decade => v(Date, format!("{:03}", (d.year() + 10 * n) / 10)),
                Unit::Century => v(Date, format!("{:02}", (d.year() + 100 * n) / 100)),
                Unit::Hour | Unit::Minute | Unit::Second => v(Time, date(d)),
            }
        }
        Sem::Clock { hour, minute, on } => {
            let day = match (on.as_deref(), dct) {
                (Some(sem), _) => {
                    normalize(sem, dct, dir, quarterly).map(|v| v.value.chars().take(10).collect::<String>())
                }
                (None, Some(d)) => Some(date(d)),
                (None, None) => None,
            }
            .unwrap_or_else(|| "XXXX-XX-XX".into());
            v(Time, format!("{day}T{hour:02}:{minute:02}"))
        }
        Sem::PartOfDay { part, on } => {
            let day = match (on.as_deref(), dct) {
                (Some(sem), _) => normalize(sem, dct, dir, quarterly).map(|v| v.value.chars().take(10).collect()),
                (None, d) => d.map(date),
            };
            v(Time, format!("{}T{part}", day.unwrap_or_else(|| "XXXX-XX-XX".into())))
        }
        Sem::WeekOf(day) => {
            let day = normalize(day, dct, dir, quarterly)?;
            let d = NaiveDate::parse_from_str(day.value.get(..10)?, "%Y-%m-%d").ok();
            v(Date, d.map_or_else(|| "XXXX-WXX".into(), week))
        }
        Sem::Set(value) => v(Set, value.clone()),
        // Resolved from the text around them before normalisation, or not dates.
        Sem::DayOfMonth(_) | Sem::ShortYear(_) => None,
        Sem::Holiday { day, shift } => {
            let Some(d) = dct else { return v(Date, "XXXX-XX-XX".into()) };
            v(Date, holiday_date(*day, d, *shift, dir).map_or_else(|| "XXXX-XX-XX".into(), date))
        }
    }
}

/// The holiday's date in `year`.
fn holiday_in(h: Holiday, year: i32) -> Option<NaiveDate> {
    let nth = |month: u32, weekday: u32, nth: u32| -> Option<NaiveDate> {
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        let offset = (weekday as i64 - first.weekday().number_from_monday() as i64).rem_euclid(7);
        let mut d = shift_days(first, offset + 7 * (nth as i64 - 1));
        while d.month() != month {
            d = shift_days(d, -7);
        }
        Some(d)
    };
    match h {
        Holiday::Fixed(m, d) => NaiveDate::from_ymd_opt(year, m, d),
        Holiday::Nth { month, weekday, nth: n } => nth(month, weekday, n),
        Holiday::Election => nth(11, 1, 1).map(|monday| shift_days(monday, 1)),
    }
}

/// Which occurrence of a holiday: the shift ("last Christmas") or the tense decides, else
/// the closest to the reference date.
fn holiday_date(h: Holiday, dct: NaiveDate, shift: Option<i32>, dir: Direction) -> Option<NaiveDate> {
    let years = [dct.year() - 1, dct.year(), dct.year() + 1];
    let dates: Vec<NaiveDate> = years.iter().filter_map(|&y| holiday_in(h, y)).collect();
    let before = dates.iter().rev().find(|&&x| x < dct).copied();
    let after = dates.iter().find(|&&x| x > dct).copied();
    let on = dates.iter().find(|&&x| x == dct).copied();
    match (shift, dir) {
        (Some(0), _) => holiday_in(h, dct.year()),
        (Some(s), _) if s < 0 => before,
        (Some(_), _) => after,
        (None, Direction::Past) => on.or(before),
        (None, Direction::Future) => on.or(after),
        (None, Direction::Unknown) => on.or_else(|| {
            let gap = |x: &NaiveDate| (*x - dct).num_days().abs();
            [before, after].into_iter().flatten().min_by_key(gap)
        }),
    }
}
