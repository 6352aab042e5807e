//! What is happening now: each story's and entity's articles in a recent window (6 hours by
//! default) against its own baseline (the 14 days before), read from the hourly counters
//! linking keeps (`Store::attention`), so a request costs what the window's busiest stories
//! weigh, never a scan of the articles.
//!
//! # The statistic
//!
//! Under the baseline, a story's articles in the window are taken as Poisson with mean
//! `λ = baseline articles × window / baseline span`; the surprise of seeing `k` is
//! `−log10 P(X ≥ k)` (3 means a one-in-a-thousand window). Two guards keep it from firing
//! on tiny counts, which a bare z-score or likelihood ratio does (a story with no baseline
//! "surges" from 0 to 2):
//!
//! - `λ` is never below [`EXPECTED_FLOOR`] (one article per window): any story may get an
//!   article or two by chance, however quiet it was, so 1 → 2 is never surprising;
//! - a story is breaking only with at least [`MIN_ARTICLES`] articles and [`MIN_NEW_SOURCES`]
//!   sources new to it in the window.
//!
//! The exact Poisson tail, not its normal approximation, because the counts are small: the
//! normal approximation makes 4 articles against λ = 1 a "3σ" event when the true tail is
//! 1.9%. The baseline span is the story's own: from its first article in the baseline (at
//! least [`MIN_BASELINE_HOURS`]) to the window, so that a story two days old is judged on its
//! two days, not diluted over fourteen.
//!
//! A story is **breaking** when both its articles and the sources new to it in the window are
//! well above what its baseline explains ([`BREAKING_SURPRISE`], [`NEW_SOURCE_SURPRISE`]): a
//! big story that stays big has a high λ; a single outlet spamming one story adds no sources.
//! An entity is **rising** when its articles are ([`RISING_SURPRISE`]).

use std::collections::HashMap;

use chrono::DateTime;
use newsgraph_store::{Attention, AttentionQuery, Subject};
use serde::Serialize;

use crate::{Engine, Error, Result};

/// The least number of articles a window is expected to have, whatever the baseline.
pub const EXPECTED_FLOOR: f64 = 1.0;
/// Articles in the window below which a story is never breaking.
pub const MIN_ARTICLES: u64 = 5;
/// Sources new to a story in the window below which it is never breaking.
pub const MIN_NEW_SOURCES: u64 = 3;
/// Surprise of the window's articles from which a story can be breaking (p ≤ 0.001).
pub const BREAKING_SURPRISE: f64 = 3.0;
/// Surprise of the window's new sources from which a story can be breaking (p ≤ 0.01).
pub const NEW_SOURCE_SURPRISE: f64 = 2.0;
/// Articles in the window below which an entity is never rising.
pub const MIN_RISING_ARTICLES: u64 = 3;
/// Surprise from which an entity is rising.
pub const RISING_SURPRISE: f64 = 3.0;
/// The shortest baseline a rate is measured over.
pub const MIN_BASELINE_HOURS: i64 = 24;
/// Stories and entities followed per request: the window's busiest.
const FOLLOWED: usize = 300;
/// Most points of a sparkline.
const MAX_POINTS: i64 = 120;

/// What to compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrendOptions {
    /// The end of the window, Unix seconds; none: the end of the newest hour counted (so an
    /// archive read from files has a "now").
    pub now: Option<i64>,
    /// Length of the recent window, hours.
    pub window_hours: i64,
    /// Length of the baseline before it, hours.
    pub baseline_hours: i64,
    /// Stories and entities listed (breaking stories are listed whatever their rank).
    pub limit: usize,
}

impl Default for TrendOptions {
    fn default() -> TrendOptions {
        TrendOptions { now: None, window_hours: 6, baseline_hours: 14 * 24, limit: 10 }
    }
}

/// What is happening now.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Trends {
    /// The end of the window (RFC 3339, UTC); none when nothing dated is stored.
    pub now: Option<String>,
    /// Length of the window, hours.
    pub window_hours: i64,
    /// Length of the baseline, hours.
    pub baseline_hours: i64,
    /// The window's top stories: most sources first, then most articles.
    pub stories: Vec<StoryTrend>,
    /// Entities rising above their baseline, most surprising first.
    pub entities: Vec<EntityTrend>,
}

/// One story now.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StoryTrend {
    /// Story id.
    pub id: String,
    /// Its title.
    pub title: Option<String>,
    /// Articles in the window.
    pub articles: u64,
    /// Sources with articles in the window.
    pub sources: u64,
    /// Of those, sources that had not covered the story in the baseline.
    pub new_sources: u64,
    /// Articles in the baseline.
    pub baseline_articles: u64,
    /// Sources in the baseline.
    pub baseline_sources: u64,
    /// Articles the baseline explains in a window (never below [`EXPECTED_FLOOR`]).
    pub expected_articles: f64,
    /// New sources the baseline explains in a window (the rate it gained sources at).
    pub expected_new_sources: f64,
    /// `−log10 P(articles or more | expected)`.
    pub surprise: f64,
    /// `−log10 P(new sources or more | expected)`.
    pub source_surprise: f64,
    /// Articles and new sources well above the baseline.
    pub breaking: bool,
    /// Articles per window-long block over the baseline and the window, oldest first (the
    /// last point is the window).
    pub sparkline: Vec<u64>,
}

/// One entity now.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EntityTrend {
    /// Global entity id.
    pub id: String,
    /// Its name.
    pub name: Option<String>,
    /// `PER`, `ORG`, `LOC` or `MISC`.
    pub kind: Option<String>,
    /// Articles naming it in the window.
    pub articles: u64,
    /// Articles naming it in the baseline.
    pub baseline_articles: u64,
    /// Articles the baseline explains in a window.
    pub expected_articles: f64,
    /// `−log10 P(articles or more | expected)`.
    pub surprise: f64,
    /// Articles per window-long block, as [`StoryTrend::sparkline`].
    pub sparkline: Vec<u64>,
}

/// Articles a window of `window` hours is expected to hold at the rate of `baseline`
/// articles over `span` hours, never below [`EXPECTED_FLOOR`].
pub fn expected(baseline: u64, span: i64, window: i64) -> f64 {
    (baseline as f64 * window as f64 / span.max(1) as f64).max(EXPECTED_FLOOR)
}

/// `−log10 P(X ≥ observed)` for `X` Poisson with mean `expected` (0 when `observed` is not
/// above it): summed exactly from the term at `observed`, in logs, so that large counts
/// neither overflow nor round to zero.
pub fn surprise(observed: u64, expected: f64) -> f64 {
    if expected <= 0.0 || observed as f64 <= expected {
        return 0.0;
    }
    let k = observed as f64;
    let ln_term = k * expected.ln() - expected - ln_factorial(observed);
    // The terms after it, relative to it: each is the one before × λ / (k + 1), below 1
    // since k > λ, so the sum converges.
    let (mut sum, mut term, mut n) = (1.0_f64, 1.0_f64, k);
    while term > 1e-12 * sum && n < k + 1e6 {
        n += 1.0;
        term *= expected / n;
        sum += term;
    }
    (-(ln_term + sum.ln()) / std::f64::consts::LN_10).max(0.0)
}

/// `ln n!`: exact below 64, Stirling's series (error below 1e-10) above.
fn ln_factorial(n: u64) -> f64 {
    if n < 64 {
        return (2..=n).map(|i| (i as f64).ln()).sum();
    }
    let x = n as f64;
    x * x.ln() - x + 0.5 * (2.0 * std::f64::consts::PI * x).ln() + 1.0 / (12.0 * x) - 1.0 / (360.0 * x.powi(3))
}

/// "Now" as given on a command line or in a query: an RFC 3339 (or ISO 8601) date-time, a
/// time without a zone taken as UTC, or a day, meaning its end; as Unix seconds.
pub fn parse_now(text: &str) -> Result<i64> {
    let published = newsgraph_document::Published::parse(text)
        .map_err(|_| Error::Invalid(format!("{text:?} is not a date or date-time (2026-03-10T12:00:00Z)")))?;
    Ok(match published.utc_seconds() {
        Some(s) => s,
        None => published.date().and_hms_opt(0, 0, 0).map_or(0, |t| t.and_utc().timestamp()) + 86_399,
    })
}

/// The hours compared: baseline `[since, window)`, window `[window, until)`.
#[derive(Debug, Clone, Copy)]
struct Span {
    since: i64,
    window: i64,
    until: i64,
}

impl Span {
    /// Articles per window-long block, oldest first, the last block ending at `until`.
    fn sparkline(&self, hours: &[(i64, u64)]) -> Vec<u64> {
        let width = self.until - self.window;
        let blocks = ((self.until - self.since + width - 1) / width).clamp(1, MAX_POINTS);
        let mut points = vec![0; blocks as usize];
        for &(hour, n) in hours {
            let back = (self.until - 1 - hour) / width;
            if (0..blocks).contains(&back) {
                points[(blocks - 1 - back) as usize] += n;
            }
        }
        points
    }

    /// Articles in the baseline and the window, and the baseline's own span in hours: from
    /// its first article (at least [`MIN_BASELINE_HOURS`]).
    fn split(&self, hours: &[(i64, u64)]) -> (u64, u64, i64) {
        let (mut before, mut now, mut first) = (0, 0, None);
        for &(hour, n) in hours {
            if hour < self.window {
                before += n;
                first = Some(first.map_or(hour, |f: i64| f.min(hour)));
            } else {
                now += n;
            }
        }
        let full = self.window - self.since;
        let span = first.map_or(full, |f| (self.window - f).clamp(MIN_BASELINE_HOURS.min(full), full));
        (before, now, span)
    }
}

fn story_trend(span: &Span, a: Attention) -> StoryTrend {
    let hours: Vec<(i64, u64)> = a.hours.iter().map(|h| (h.hour, h.articles)).collect();
    let (baseline_articles, articles, own) = span.split(&hours);
    // Each source's first and last hour in the span read.
    let mut sources: HashMap<&str, (i64, i64)> = HashMap::new();
    for h in &a.hours {
        if let Some(s) = h.source.as_deref() {
            let e = sources.entry(s).or_insert((h.hour, h.hour));
            e.0 = e.0.min(h.hour);
            e.1 = e.1.max(h.hour);
        }
    }
    let in_window = sources.values().filter(|(_, last)| *last >= span.window).count() as u64;
    let new_sources = sources.values().filter(|(first, _)| *first >= span.window).count() as u64;
    let baseline_sources = sources.values().filter(|(first, _)| *first < span.window).count() as u64;
    let window = span.until - span.window;
    let expected_articles = expected(baseline_articles, own, window);
    let expected_new_sources = expected(baseline_sources, own, window);
    let surprise_articles = surprise(articles, expected_articles);
    let source_surprise = surprise(new_sources, expected_new_sources);
    let breaking = articles >= MIN_ARTICLES
        && new_sources >= MIN_NEW_SOURCES
        && surprise_articles >= BREAKING_SURPRISE
        && source_surprise >= NEW_SOURCE_SURPRISE;
    StoryTrend {
        id: a.id,
        title: a.label,
        articles,
        sources: in_window,
        new_sources,
        baseline_articles,
        baseline_sources,
        expected_articles,
        expected_new_sources,
        surprise: surprise_articles,
        source_surprise,
        breaking,
        sparkline: span.sparkline(&hours),
    }
}

fn entity_trend(span: &Span, a: Attention) -> EntityTrend {
    let hours: Vec<(i64, u64)> = a.hours.iter().map(|h| (h.hour, h.articles)).collect();
    let (baseline_articles, articles, own) = span.split(&hours);
    let expected_articles = expected(baseline_articles, own, span.until - span.window);
    EntityTrend {
        id: a.id,
        name: a.label,
        kind: a.kind,
        articles,
        baseline_articles,
        expected_articles,
        surprise: surprise(articles, expected_articles),
        sparkline: span.sparkline(&hours),
    }
}

impl Engine {
    /// The top stories and rising entities of the window ending at `options.now` (or at the
    /// newest hour stored).
    pub fn trends(&self, options: &TrendOptions) -> Result<Trends> {
        let (window, baseline) = (options.window_hours, options.baseline_hours);
        if !(1..=24 * 31).contains(&window) || !(window..=24 * 366).contains(&baseline) {
            return Err(Error::Invalid(format!(
                "the window must be 1 to 744 hours and the baseline from the window's length to 8784 hours \
                 (given {window} and {baseline})"
            )));
        }
        let until = match options.now {
            // Up to the end of the hour `now` falls in (an hour's start is itself), so that
            // the articles of that hour are in the window.
            Some(now) => Some((now + 3599).div_euclid(3600)),
            None => self.store.latest_hour()?.map(|h| h + 1),
        };
        let mut trends = Trends {
            now: None,
            window_hours: window,
            baseline_hours: baseline,
            stories: Vec::new(),
            entities: Vec::new(),
        };
        let Some(until) = until else { return Ok(trends) };
        trends.now = DateTime::from_timestamp(until * 3600, 0).map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        let span = Span { since: until - window - baseline, window: until - window, until };
        let query = |subject| AttentionQuery {
            subject,
            since: span.since,
            window: span.window,
            until,
            limit: FOLLOWED.max(options.limit),
        };
        let mut stories: Vec<StoryTrend> =
            self.store.attention(&query(Subject::Story))?.into_iter().map(|a| story_trend(&span, a)).collect();
        stories.sort_by(|a, b| b.sources.cmp(&a.sources).then(b.articles.cmp(&a.articles)).then(a.id.cmp(&b.id)));
        let mut rank = 0;
        stories.retain(|s| {
            rank += 1;
            rank <= options.limit || s.breaking
        });
        let mut entities: Vec<EntityTrend> = self
            .store
            .attention(&query(Subject::Entity))?
            .into_iter()
            .map(|a| entity_trend(&span, a))
            .filter(|e| e.articles >= MIN_RISING_ARTICLES && e.surprise >= RISING_SURPRISE)
            .collect();
        entities.sort_by(|a, b| b.surprise.total_cmp(&a.surprise).then(a.id.cmp(&b.id)));
        entities.truncate(options.limit);
        trends.stories = stories;
        trends.entities = entities;
        Ok(trends)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tail_matches_the_poisson_distribution() {
        // P(X ≥ 2 | 1) = 1 − 2/e; P(X ≥ 1 | 0.5) = 1 − e^−0.5.
        let p = 1.0 - 2.0 / std::f64::consts::E;
        assert!((surprise(2, 1.0) - -p.log10()).abs() < 1e-9, "{}", surprise(2, 1.0));
        assert!((surprise(1, 0.5) - -(1.0 - (-0.5_f64).exp()).log10()).abs() < 1e-9);
        assert_eq!(surprise(3, 3.0), 0.0);
        assert_eq!(surprise(0, 1.0), 0.0);
        // Large counts: finite, and growing with the excess.
        let big = surprise(400, 200.0);
        assert!(big.is_finite() && big > 20.0 && big < surprise(500, 200.0), "{big}");
        assert!((ln_factorial(64) - (2..=64).map(|i| (i as f64).ln()).sum::<f64>()).abs() < 1e-9);
    }

    #[test]
    fn now_is_an_instant_or_the_end_of_a_day() {
        assert_eq!(parse_now("1970-01-02T01:30:00Z").unwrap(), 91_800);
        assert_eq!(parse_now("1970-01-02T03:30:00+02:00").unwrap(), 91_800);
        assert_eq!(parse_now("1970-01-01").unwrap(), 86_399);
        assert!(parse_now("yesterday").is_err());
    }

    #[test]
    fn one_to_two_articles_is_not_a_surge() {
        // A quiet story: one article in two weeks, then two in six hours.
        let e = expected(1, 14 * 24, 6);
        assert_eq!(e, EXPECTED_FLOOR);
        assert!(surprise(2, e) < 1.0, "{}", surprise(2, e));
        // A story with no baseline at all and three articles now.
        assert!(surprise(3, expected(0, 14 * 24, 6)) < BREAKING_SURPRISE);
    }

    #[test]
    fn a_real_surge_is_surprising_and_a_steady_story_is_not() {
        // Two articles in two weeks, then twenty in six hours.
        assert!(surprise(20, expected(2, 14 * 24, 6)) > 10.0);
        // Twenty a day for two weeks, then five in six hours: what it always does.
        assert_eq!(surprise(5, expected(280, 14 * 24, 6)), 0.0);
    }

    fn attention(hours: &[(i64, &str, u64)]) -> Attention {
        Attention {
            id: "S1".into(),
            label: None,
            kind: None,
            hours: hours
                .iter()
                .map(|&(hour, source, articles)| newsgraph_store::HourCount {
                    hour,
                    source: Some(source.into()),
                    articles,
                })
                .collect(),
        }
    }

    #[test]
    fn breaking_needs_new_articles_and_new_sources() {
        let span = Span { since: 0, window: 336, until: 342 };
        // Quiet, then eight articles from six outlets in the window.
        let mut hours = vec![(100, "A", 1)];
        hours.extend(["A", "B", "C", "D", "E", "F"].iter().enumerate().map(|(i, s)| (336 + i as i64 % 6, *s, 1)));
        hours.push((341, "B", 2));
        let surge = story_trend(&span, attention(&hours));
        assert_eq!((surge.articles, surge.sources, surge.new_sources, surge.baseline_articles), (8, 6, 5, 1));
        assert!(surge.breaking, "{surge:?}");
        // The same eight articles from one outlet: no new sources.
        let spam = story_trend(&span, attention(&[(100, "A", 1), (338, "A", 8)]));
        assert!(!spam.breaking && spam.surprise >= BREAKING_SURPRISE, "{spam:?}");
        // A big story that stays big: six outlets every six hours for two weeks.
        let steady: Vec<(i64, &str, u64)> =
            (0..57).flat_map(|b| ["A", "B", "C", "D", "E", "F"].map(|s| (b * 6 + 3, s, 1))).collect();
        let steady = story_trend(&span, attention(&steady));
        assert_eq!((steady.articles, steady.new_sources), (6, 0));
        assert!(!steady.breaking && steady.surprise == 0.0, "{steady:?}");
        assert_eq!(steady.sparkline.len(), 57);
        assert_eq!(steady.sparkline.iter().sum::<u64>(), 342);
        assert_eq!(*steady.sparkline.last().unwrap(), 6);
    }

    #[test]
    fn a_young_story_is_judged_on_its_own_days() {
        let span = Span { since: 0, window: 336, until: 342 };
        // Began two days ago at two articles an hour: its baseline rate is not diluted
        // over fourteen days.
        let hours: Vec<(i64, u64)> = (288..336).map(|h| (h, 2)).collect();
        let (before, _, own) = span.split(&hours);
        assert_eq!((before, own), (96, 48));
        assert_eq!(expected(before, own, 6), 12.0);
    }
}
