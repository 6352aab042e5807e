//! Attention over time: how many articles a search matches per day or hour, and what share
//! of all articles of that period they are (Media Cloud's normalisation: a topic that fills
//! a thin day matters more than the same count on a busy one).
//!
//! Both counts come from the index ([`TextIndex::counts`](newsgraph_search::TextIndex)):
//! one pass over the search's matches, one over every article (the denominator), reading
//! fast fields only, so the work grows with the matches, never with the articles' text.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate};
use newsgraph_search::{Interval, PeriodCounts};
use serde::Serialize;

use crate::{Error, Result};

/// Most periods one timeline lists: 27 years by day, 833 days by hour.
pub const MAX_PERIODS: i64 = 20_000;

/// A search's articles per period, raw and as a share of all articles of the period.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Timeline {
    /// `day` (the article's own calendar day) or `hour` (UTC).
    pub by: Interval,
    /// Articles the search matches in all.
    pub total: u64,
    /// Of those, articles without a publication date (in no period).
    pub undated: u64,
    /// Of those, by hour only: articles dated to the day with no time (in no period).
    pub day_only: u64,
    /// Every period from the first to the last (or from `from` to `to`, when wider), those
    /// without articles included, oldest first.
    pub periods: Vec<Period>,
}

/// One day or hour of a timeline.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Period {
    /// Its start: `2026-03-10` by day, `2026-03-10T09:00:00Z` by hour.
    pub start: String,
    /// Articles the search matches.
    pub count: u64,
    /// Articles of the period in all, whatever they say (the denominator).
    pub all: u64,
    /// `count / all` (0 when the period has no articles).
    pub share: f64,
}

impl Timeline {
    /// The timeline of `matched` against `all` (the same counts over every article), over
    /// the periods from the first match to the last, widened to `[from, to]` when given.
    pub(crate) fn new(
        by: Interval,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        matched: PeriodCounts,
        all: &PeriodCounts,
    ) -> Result<Timeline> {
        let step = by.seconds();
        let midnight = |d: NaiveDate| d.and_hms_opt(0, 0, 0).map_or(0, |t| t.and_utc().timestamp());
        let first = [matched.periods.keys().next().copied(), from.map(midnight)].into_iter().flatten().min();
        let last = [matched.periods.keys().next_back().copied(), to.map(|d| by.start_of(midnight(d) + 86_399))]
            .into_iter()
            .flatten()
            .max();
        let periods = match (first, last) {
            (Some(first), Some(last)) if last >= first => {
                let n = (last - first) / step + 1;
                if n > MAX_PERIODS {
                    return Err(Error::Invalid(format!(
                        "the timeline would have {n} {by}s, more than {MAX_PERIODS}: narrow it with from and to{}",
                        if by == Interval::Hour { ", or count by day" } else { "" }
                    )));
                }
                (0..n).map(|i| period(by, first + i * step, &matched.periods, &all.periods)).collect()
            }
            _ => Vec::new(),
        };
        Ok(Timeline { by, total: matched.total, undated: matched.undated, day_only: matched.day_only, periods })
    }
}

fn period(by: Interval, start: i64, matched: &BTreeMap<i64, u64>, all: &BTreeMap<i64, u64>) -> Period {
    let count = matched.get(&start).copied().unwrap_or(0);
    let all = all.get(&start).copied().unwrap_or(0);
    let at = DateTime::from_timestamp(start, 0).unwrap_or_default();
    let start = match by {
        Interval::Day => at.format("%Y-%m-%d").to_string(),
        Interval::Hour => at.format("%Y-%m-%dT%H:00:00Z").to_string(),
    };
    Period { start, count, all, share: if all == 0 { 0.0 } else { count as f64 / all as f64 } }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Engine, IngestOptions, PlaceFilter, SearchQuery};

    /// Six articles written for this test: four about ferries (one undated), one day-only
    /// article and one about markets.
    fn engine() -> (tempfile::TempDir, Engine) {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("articles.jsonl");
        let lines = [
            r#"{"title": "Ferry strike", "source": "Tagus Wire", "published": "2026-03-10T09:15:00Z", "text": "Ferry crews walked out at dawn, stranding commuters on the south bank."}"#,
            r#"{"title": "Ferry fares", "source": "Porto Post", "published": "2026-03-10T09:45:00+02:00", "text": "The ferry operator said fares would rise by a tenth in April."}"#,
            r#"{"title": "Bridge repairs", "source": "Tagus Wire", "published": "2026-03-10", "text": "Engineers began repairs on the old iron bridge over the river."}"#,
            r#"{"title": "Night ferry", "source": "Tagus Wire", "published": "2026-03-12T23:30:00-05:00", "text": "A night ferry ran aground on a sandbank; nobody was hurt."}"#,
            r#"{"title": "Market day", "source": "Porto Post", "published": "2026-03-12T10:00:00Z", "text": "Fish prices fell at the morning market as boats returned."}"#,
            r#"{"title": "Ferry history", "source": "Porto Post", "text": "The first steam ferry crossed the estuary a century and a half ago."}"#,
        ];
        std::fs::write(&input, lines.join("\n")).unwrap();
        let mut engine = Engine::open(&dir.path().join("data")).unwrap();
        let report = engine.ingest(&[&input], &IngestOptions::default(), &mut |_| {}).unwrap();
        assert_eq!((report.new, report.failed), (6, 0), "{:?}", report.failures);
        (dir, engine)
    }

    fn find<'a>(t: &'a Timeline, start: &str) -> &'a Period {
        t.periods.iter().find(|p| p.start == start).unwrap_or_else(|| panic!("no period {start}: {t:?}"))
    }

    /// Every matching article is in a period or counted apart.
    fn accounted(t: &Timeline) -> bool {
        t.periods.iter().map(|p| p.count).sum::<u64>() + t.undated + t.day_only == t.total
    }

    #[test]
    fn counts_and_shares_by_day_and_by_hour() {
        let (_dir, engine) = engine();
        let none = PlaceFilter::default();
        let ferry = SearchQuery::new("ferry");

        let days = engine.timeline(&ferry, &none, Interval::Day).unwrap();
        assert_eq!((days.total, days.undated, days.day_only), (4, 1, 0));
        let starts: Vec<&str> = days.periods.iter().map(|p| p.start.as_str()).collect();
        // The article's own day: 23:30 at UTC-5 on the 12th is the 12th; the gap is listed.
        assert_eq!(starts, ["2026-03-10", "2026-03-11", "2026-03-12"]);
        let tenth = find(&days, "2026-03-10");
        assert_eq!((tenth.count, tenth.all), (2, 3), "the day-only bridge article is of the 10th");
        assert!((tenth.share - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(
            (find(&days, "2026-03-11").count, find(&days, "2026-03-11").all, find(&days, "2026-03-11").share),
            (0, 0, 0.0)
        );
        assert_eq!((find(&days, "2026-03-12").count, find(&days, "2026-03-12").share), (1, 0.5));
        assert!(accounted(&days));

        let hours = engine.timeline(&ferry, &none, Interval::Hour).unwrap();
        assert_eq!((hours.total, hours.undated, hours.day_only), (4, 1, 0));
        // UTC: 09:45+02:00 is 07:00Z's hour; 23:30-05:00 on the 12th is 04:00Z on the 13th.
        assert_eq!(hours.periods.first().unwrap().start, "2026-03-10T07:00:00Z");
        assert_eq!(hours.periods.last().unwrap().start, "2026-03-13T04:00:00Z");
        assert_eq!(hours.periods.len(), 3 * 24 - 7 + 5);
        for (start, count, all) in [
            ("2026-03-10T07:00:00Z", 1, 1),
            ("2026-03-10T08:00:00Z", 0, 0),
            ("2026-03-10T09:00:00Z", 1, 1),
            ("2026-03-12T10:00:00Z", 0, 1),
            ("2026-03-13T04:00:00Z", 1, 1),
        ] {
            let p = find(&hours, start);
            assert_eq!((p.count, p.all), (count, all), "{start}");
        }
        assert!(accounted(&hours));

        // The empty search is every article: the denominator itself.
        let everything = engine.timeline(&SearchQuery::new(""), &none, Interval::Hour).unwrap();
        assert_eq!((everything.total, everything.undated, everything.day_only), (6, 1, 1));
        assert!(everything.periods.iter().all(|p| p.count == p.all));
        assert!(accounted(&everything));

        // Filters narrow the matches, not the denominator; from/to widen the periods listed.
        let mut porto = SearchQuery::new("");
        porto.source = Some("porto post".into());
        porto.from = Some("2026-03-09".parse().unwrap());
        porto.to = Some("2026-03-12".parse().unwrap());
        let t = engine.timeline(&porto, &none, Interval::Day).unwrap();
        assert_eq!((t.total, t.undated), (2, 0), "the undated article is outside any range");
        let counts: Vec<(u64, u64)> = t.periods.iter().map(|p| (p.count, p.all)).collect();
        assert_eq!(counts, [(0, 0), (1, 3), (0, 0), (1, 2)]);
    }

    #[test]
    fn nothing_matched_is_an_empty_timeline_and_too_many_hours_is_refused() {
        let empty =
            Timeline::new(Interval::Day, None, None, PeriodCounts::default(), &PeriodCounts::default()).unwrap();
        assert!(empty.periods.is_empty() && empty.total == 0);
        let from = Some("2000-01-01".parse().unwrap());
        let to = Some("2026-01-01".parse().unwrap());
        let wide = Timeline::new(Interval::Hour, from, to, PeriodCounts::default(), &PeriodCounts::default());
        assert!(matches!(wide, Err(Error::Invalid(m)) if m.contains("by day")));
        let by_day = Timeline::new(Interval::Day, from, to, PeriodCounts::default(), &PeriodCounts::default()).unwrap();
        assert_eq!(by_day.periods.len(), 9498);
    }
}
