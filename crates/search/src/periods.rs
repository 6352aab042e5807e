//! Counts of matching articles per day or per hour of publication, read from the index (a
//! fast field over publication time in tantivy, a `GROUP BY` in PostgreSQL), never from the
//! articles themselves.
//!
//! Days are the article's own calendar day, as the `from`/`to` filters and every listing
//! read it. Hours are instants in UTC: an hour is only comparable across sources in one
//! zone, and a date-time without a zone is taken as UTC. An article dated to the day only
//! has no hour; it is counted apart (`day_only`), never put at midnight.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DateTime, DocId, Score, SegmentOrdinal, SegmentReader};

/// Seconds in a day and in an hour.
pub(crate) const DAY: i64 = 86_400;
pub(crate) const HOUR: i64 = 3_600;

/// How long one period of a timeline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    /// A calendar day (the article's own).
    #[default]
    Day,
    /// An hour, in UTC.
    Hour,
}

impl Interval {
    /// The period's length in seconds.
    pub fn seconds(self) -> i64 {
        match self {
            Interval::Day => DAY,
            Interval::Hour => HOUR,
        }
    }

    /// The start of the period holding `secs` (Unix seconds).
    pub fn start_of(self, secs: i64) -> i64 {
        secs.div_euclid(self.seconds()) * self.seconds()
    }
}

impl FromStr for Interval {
    type Err = String;
    fn from_str(s: &str) -> Result<Interval, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "day" => Ok(Interval::Day),
            "hour" => Ok(Interval::Hour),
            other => Err(format!("`{other}` is not a period: write day or hour")),
        }
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Interval::Day => "day",
            Interval::Hour => "hour",
        })
    }
}

/// Matching articles by period: what an index can count without reading an article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeriodCounts {
    /// Articles per period, keyed by the period's start (Unix seconds; a day's start is its
    /// midnight); periods without articles are absent.
    pub periods: BTreeMap<i64, u64>,
    /// Matching articles in all.
    pub total: u64,
    /// Matching articles without a publication date.
    pub undated: u64,
    /// Per hour only: matching articles dated to the day, with no time to place them in an hour.
    pub day_only: u64,
}

impl PeriodCounts {
    /// Adds one article published at `secs` (`None`: no date or, by hour, no time).
    fn add(&mut self, interval: Interval, secs: Option<i64>) {
        self.total += 1;
        if let Some(s) = secs {
            *self.periods.entry(interval.start_of(s)).or_default() += 1;
        }
    }

    fn merge(&mut self, other: PeriodCounts) {
        for (start, n) in other.periods {
            *self.periods.entry(start).or_default() += n;
        }
        self.total += other.total;
        self.undated += other.undated;
        self.day_only += other.day_only;
    }
}

/// A tantivy collector counting matches per period from the date fast fields: the
/// publication day (`day_field`) and, by hour, the publication instant (`hour_field`).
pub(crate) struct PeriodCollector {
    pub interval: Interval,
    pub day_field: &'static str,
    pub hour_field: &'static str,
}

pub(crate) struct SegmentPeriods {
    interval: Interval,
    day: Column<DateTime>,
    hour: Option<Column<DateTime>>,
    counts: PeriodCounts,
}

impl Collector for PeriodCollector {
    type Fruit = PeriodCounts;
    type Child = SegmentPeriods;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<SegmentPeriods> {
        let fast = segment.fast_fields();
        let hour = match self.interval {
            Interval::Day => None,
            Interval::Hour => Some(fast.date(self.hour_field)?),
        };
        Ok(SegmentPeriods {
            interval: self.interval,
            day: fast.date(self.day_field)?,
            hour,
            counts: PeriodCounts::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<PeriodCounts>) -> tantivy::Result<PeriodCounts> {
        let mut all = PeriodCounts::default();
        for f in fruits {
            all.merge(f);
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentPeriods {
    type Fruit = PeriodCounts;

    fn collect(&mut self, doc: DocId, _: Score) {
        let day = self.day.first(doc).map(|d| d.into_timestamp_secs());
        let secs = match (&self.hour, day) {
            (_, None) => {
                self.counts.undated += 1;
                None
            }
            (None, Some(d)) => Some(d),
            (Some(hour), Some(_)) => {
                let at = hour.first(doc).map(|t| t.into_timestamp_secs());
                if at.is_none() {
                    self.counts.day_only += 1;
                }
                at
            }
        };
        self.counts.add(self.interval, secs);
    }

    fn harvest(self) -> PeriodCounts {
        self.counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_start_at_midnight_and_on_the_hour() {
        // 2026-03-10T09:30:00Z
        let t = 1_773_135_000;
        assert_eq!(Interval::Day.start_of(t), 1_773_100_800);
        assert_eq!(Interval::Hour.start_of(t), 1_773_133_200);
        // Before 1970, still the period's start, not the next one.
        assert_eq!(Interval::Day.start_of(-1), -DAY);
        assert_eq!("HOUR".parse::<Interval>(), Ok(Interval::Hour));
        assert!("week".parse::<Interval>().is_err());
    }
}
