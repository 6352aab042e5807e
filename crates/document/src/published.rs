use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Error;

/// When an article was published: a calendar date, or a date-time with or without a zone.
/// Serialised as ISO 8601 (`2018-04-21`, `2018-04-21T09:30:00+09:00`, `2018-04-21T09:30:00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published {
    /// Only the day is known.
    Date(NaiveDate),
    /// Day and time, zone unknown.
    Local(NaiveDateTime),
    /// Day, time and UTC offset.
    Zoned(DateTime<FixedOffset>),
}

impl Published {
    /// The calendar day (in the article's own zone where one is given).
    pub fn date(&self) -> NaiveDate {
        match self {
            Published::Date(d) => *d,
            Published::Local(dt) => dt.date(),
            Published::Zoned(dt) => dt.date_naive(),
        }
    }

    /// The instant as Unix seconds, when the time is known; a time without a zone is taken
    /// as UTC. `None` for a date alone: it names a day, not an instant.
    pub fn utc_seconds(&self) -> Option<i64> {
        match self {
            Published::Date(_) => None,
            Published::Local(dt) => Some(dt.and_utc().timestamp()),
            Published::Zoned(dt) => Some(dt.timestamp()),
        }
    }

    /// Parses the date forms met in feeds, pages and wires: ISO 8601 dates and date-times
    /// (with `T` or a space, optional seconds, fraction and zone), RFC 3339 and RFC 2822.
    pub fn parse(s: &str) -> Result<Published, Error> {
        let s = s.trim();
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Ok(Published::Date(d));
        }
        if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
            return Ok(Published::Zoned(dt));
        }
        if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
            return Ok(Published::Zoned(dt));
        }
        let normalised = s.replacen(' ', "T", 1);
        for fmt in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M%z", "%Y-%m-%dT%H:%M:%S%.f%:z", "%Y-%m-%dT%H:%M%:z"] {
            if let Ok(dt) = DateTime::parse_from_str(&normalised, fmt) {
                return Ok(Published::Zoned(dt));
            }
        }
        for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
            if let Ok(dt) = NaiveDateTime::parse_from_str(&normalised, fmt) {
                return Ok(Published::Local(dt));
            }
        }
        // "2018-04-21Z", "20180421": seen in WARC headers and sloppy CMS output.
        if let Some(d) = s.strip_suffix('Z').and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
            return Ok(Published::Date(d));
        }
        if s.len() == 8
            && s.bytes().all(|b| b.is_ascii_digit())
            && let Ok(d) = NaiveDate::parse_from_str(s, "%Y%m%d")
        {
            return Ok(Published::Date(d));
        }
        Err(Error::Date(s.chars().take(80).collect()))
    }
}

impl FromStr for Published {
    type Err = Error;
    fn from_str(s: &str) -> Result<Published, Error> {
        Published::parse(s)
    }
}

impl fmt::Display for Published {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Published::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            Published::Local(dt) => write!(f, "{}", dt.format("%Y-%m-%dT%H:%M:%S")),
            Published::Zoned(dt) => write!(f, "{}", dt.to_rfc3339()),
        }
    }
}

impl Serialize for Published {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Published {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Published, D::Error> {
        let s = String::deserialize(d)?;
        Published::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_common_forms() {
        for (input, shown) in [
            ("2018-04-21", "2018-04-21"),
            ("2018-04-21T09:30:00Z", "2018-04-21T09:30:00+00:00"),
            ("2018-04-21T09:30:00+09:00", "2018-04-21T09:30:00+09:00"),
            ("2018-04-21 09:30", "2018-04-21T09:30:00"),
            ("Sat, 21 Apr 2018 09:30:00 +0000", "2018-04-21T09:30:00+00:00"),
            ("2018-04-21T09:30:00.123+0200", "2018-04-21T09:30:00.123+02:00"),
            ("20180421", "2018-04-21"),
        ] {
            assert_eq!(Published::parse(input).unwrap().to_string(), shown, "{input}");
        }
    }

    #[test]
    fn instants_are_utc_and_dates_have_none() {
        let secs = |s: &str| Published::parse(s).unwrap().utc_seconds();
        assert_eq!(secs("2018-04-21"), None);
        assert_eq!(secs("2018-04-21T09:30:00+09:00"), Some(1_524_270_600));
        assert_eq!(secs("2018-04-21T00:30:00Z"), Some(1_524_270_600));
        assert_eq!(secs("2018-04-21 00:30"), Some(1_524_270_600), "no zone: taken as UTC");
    }

    #[test]
    fn rejects_nonsense_and_impossible_days() {
        assert!(Published::parse("next Tuesday").is_err());
        assert!(Published::parse("2018-02-30").is_err());
        assert!(Published::parse("").is_err());
    }
}
