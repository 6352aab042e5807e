//! Followed sources and their fetch state, as the store keeps them (the follower in
//! `newsgraph-follow` decides when and how to poll).

use newsgraph_store::{NewSource, SeenItem, Source};

use crate::{Engine, Result};

impl Engine {
    /// Follows sources not followed yet (first polled every `interval_secs`); how many were new.
    pub fn add_sources(&mut self, sources: &[NewSource], interval_secs: i64) -> Result<u64> {
        Ok(self.store.add_sources(sources, interval_secs)?)
    }

    /// Every followed source with its fetch state.
    pub fn sources(&self) -> Result<Vec<Source>> {
        Ok(self.store.sources()?)
    }

    /// Up to `limit` sources due at `now` (RFC 3339 UTC), the longest overdue first.
    pub fn due_sources(&self, now: &str, limit: usize) -> Result<Vec<Source>> {
        Ok(self.store.due_sources(now, limit)?)
    }

    /// Claims up to `limit` sources due at `now` for this follower until `lease_until` (see
    /// `Store::claim_due_sources`).
    pub fn claim_due_sources(&mut self, now: &str, lease_until: &str, limit: usize) -> Result<Vec<Source>> {
        Ok(self.store.claim_due_sources(now, lease_until, limit)?)
    }

    /// Records a poll: the source's new state and the items it stored or gave up on.
    pub fn record_poll(&mut self, source: &Source, items: &[SeenItem]) -> Result<()> {
        Ok(self.store.record_poll(source, items)?)
    }

    /// Which of these URLs are dealt with already (so not fetched again).
    pub fn seen_urls(&self, urls: &[String]) -> Result<Vec<String>> {
        Ok(self.store.seen_urls(urls)?)
    }
}
