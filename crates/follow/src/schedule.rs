//! When to poll a source again, and how a source is doing.
//!
//! Adaptive: a poll that finds new items halves the interval, one that finds none
//! lengthens it by half, always within [`Schedule::min`] and [`Schedule::max`]; a source's
//! own hint (`ttl`, `sy:updatePeriod`, `Cache-Control: max-age`) is a floor, as is a
//! `Retry-After`. Errors back off exponentially from the shortest interval.

use std::time::Duration;

use chrono::{DateTime, Utc};
use newsgraph_store::Source;
use serde::Serialize;

/// The bounds of polling.
#[derive(Debug, Clone, Copy)]
pub struct Schedule {
    /// The shortest interval (default 5 minutes).
    pub min: Duration,
    /// The longest interval (default 24 hours).
    pub max: Duration,
    /// A new source's first interval (default 30 minutes).
    pub initial: Duration,
}

impl Default for Schedule {
    fn default() -> Schedule {
        Schedule { min: Duration::from_secs(300), max: Duration::from_secs(86_400), initial: Duration::from_secs(1800) }
    }
}

impl Schedule {
    /// The interval after a successful poll that found `new_items`, from `current`, with
    /// the source's own hint of how often it changes.
    pub fn after_success(&self, current: Duration, new_items: usize, hint: Option<Duration>) -> Duration {
        let next = if new_items > 0 { current / 2 } else { current + current / 2 };
        let next = next.max(hint.unwrap_or(Duration::ZERO));
        next.clamp(self.min, self.max)
    }

    /// The wait after the `errors`-th failure in a row; at least what `Retry-After` asked.
    pub fn after_error(&self, errors: u32, retry_after: Option<Duration>) -> Duration {
        let backoff = self.min.saturating_mul(1u32 << errors.saturating_sub(1).min(16));
        backoff.max(retry_after.unwrap_or(Duration::ZERO)).min(self.max)
    }
}

/// How a source is doing, for `newsgraph sources`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Health {
    /// Not polled yet.
    New,
    /// Answering and delivering as before.
    Ok,
    /// Three polls or more failed in a row.
    Failing,
    /// It used to deliver articles but has listed nothing new for a long while (three of
    /// its intervals and at least three days).
    Quiet,
}

/// Failures in a row from which a source is failing.
const FAILING_AFTER: i64 = 3;

/// How `source` is doing at `now`.
pub fn health(source: &Source, now: DateTime<Utc>) -> Health {
    if source.last_poll.is_none() {
        return Health::New;
    }
    if source.errors >= FAILING_AFTER {
        return Health::Failing;
    }
    let quiet_for = chrono::Duration::seconds((source.interval_secs * 3).max(3 * 86_400));
    let since = |t: &Option<String>| t.as_deref().and_then(|t| DateTime::parse_from_rfc3339(t).ok());
    if source.articles > 0
        && let Some(last_new) = since(&source.last_new)
        && now - last_new.with_timezone(&Utc) > quiet_for
    {
        return Health::Quiet;
    }
    Health::Ok
}

/// Articles a day over the last week, or over the days since the source was added when
/// fewer (at least one), to one decimal.
pub fn articles_per_day(source: &Source, now: DateTime<Utc>) -> f64 {
    let days = DateTime::parse_from_rfc3339(&source.added_at)
        .map(|a| (now - a.with_timezone(&Utc)).num_seconds() as f64 / 86_400.0)
        .unwrap_or(7.0)
        .clamp(1.0, 7.0);
    (source.articles_week as f64 / days * 10.0).round() / 10.0
}

/// An instant as the store keeps it (RFC 3339, UTC, seconds).
pub fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_items_shorten_and_none_lengthen_within_bounds() {
        let s = Schedule::default();
        let hour = Duration::from_secs(3600);
        assert_eq!(s.after_success(hour, 3, None), hour / 2);
        assert_eq!(s.after_success(hour, 0, None), hour + hour / 2);
        assert_eq!(s.after_success(Duration::from_secs(400), 5, None), s.min);
        assert_eq!(s.after_success(Duration::from_secs(80_000), 0, None), s.max);
        // A feed's ttl of two hours is a floor.
        assert_eq!(s.after_success(hour, 3, Some(2 * hour)), 2 * hour);
    }

    #[test]
    fn errors_back_off_exponentially_and_honour_retry_after() {
        let s = Schedule::default();
        let waits: Vec<u64> = (1..=4).map(|e| s.after_error(e, None).as_secs()).collect();
        assert_eq!(waits, [300, 600, 1200, 2400]);
        assert_eq!(s.after_error(40, None), s.max);
        assert_eq!(s.after_error(1, Some(Duration::from_secs(7200))).as_secs(), 7200);
    }

    #[test]
    fn health_flags() {
        let now = DateTime::parse_from_rfc3339("2026-03-20T00:00:00Z").unwrap().with_timezone(&Utc);
        let mut s = Source {
            url: "https://a.example.test/feed".into(),
            kind: None,
            title: None,
            added_at: "2026-03-01T00:00:00Z".into(),
            etag: None,
            last_modified: None,
            interval_secs: 1800,
            next_poll: "2026-03-20T00:00:00Z".into(),
            last_poll: None,
            last_success: None,
            last_new: None,
            last_error: None,
            last_error_at: None,
            errors: 0,
            articles: 0,
            articles_week: 0,
        };
        assert_eq!(health(&s, now), Health::New);
        s.last_poll = Some("2026-03-19T23:00:00Z".into());
        s.last_new = Some("2026-03-10T00:00:00Z".into());
        assert_eq!(health(&s, now), Health::Ok, "never delivered: not quiet");
        s.articles = 12;
        assert_eq!(health(&s, now), Health::Quiet);
        s.last_new = Some("2026-03-19T00:00:00Z".into());
        assert_eq!(health(&s, now), Health::Ok);
        s.errors = 3;
        assert_eq!(health(&s, now), Health::Failing);
        // Fourteen articles in the week: two a day; added yesterday, fourteen a day.
        s.articles_week = 14;
        assert_eq!(articles_per_day(&s, now), 2.0);
        s.added_at = "2026-03-19T00:00:00Z".into();
        assert_eq!(articles_per_day(&s, now), 14.0);
    }
}
