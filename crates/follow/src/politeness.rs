//! Being a guest a site operator accepts: one request at a time per host, a minimum delay
//! between them (or the host's `Crawl-delay`, or its `Retry-After`), and robots.txt obeyed.
//! The gate is shared by every fetching thread, so the limits hold for the process as a
//! whole, not per thread.

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Per-host turns: a thread takes the host's turn, makes its request, reads the body and
/// gives the turn back; the next request to that host may start `delay` after that.
#[derive(Default)]
pub(crate) struct HostGate {
    hosts: Mutex<HashMap<String, Slot>>,
    freed: Condvar,
}

#[derive(Clone, Copy)]
struct Slot {
    busy: bool,
    /// The earliest start of the next request.
    next: Instant,
}

/// Why a turn was not given.
#[derive(Debug)]
pub(crate) struct Resting {
    /// How long the host still rests.
    pub(crate) wait: Duration,
}

impl HostGate {
    /// Waits for `host`'s turn; gives up at once (without waiting) when the host rests for
    /// longer than `max_wait` (a `Retry-After` of an hour must not hold a thread that long).
    pub(crate) fn take(&self, host: &str, max_wait: Duration) -> Result<(), Resting> {
        let mut hosts = self.hosts.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            let now = Instant::now();
            let slot = hosts.entry(host.to_string()).or_insert(Slot { busy: false, next: now });
            if !slot.busy {
                if slot.next <= now {
                    slot.busy = true;
                    return Ok(());
                }
                let wait = slot.next - now;
                if wait > max_wait {
                    return Err(Resting { wait });
                }
                hosts = self.freed.wait_timeout(hosts, wait).unwrap_or_else(PoisonError::into_inner).0;
            } else {
                hosts = self.freed.wait(hosts).unwrap_or_else(PoisonError::into_inner);
            }
        }
    }

    /// Gives `host`'s turn back; its next request starts `delay` from now at the earliest
    /// (later, if it asked to rest longer).
    pub(crate) fn give_back(&self, host: &str, delay: Duration) {
        let mut hosts = self.hosts.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        if let Some(slot) = hosts.get_mut(host) {
            slot.busy = false;
            slot.next = slot.next.max(now + delay);
        }
        drop(hosts);
        self.freed.notify_all();
    }

    /// Makes `host` rest until `rest` from now (a `Retry-After`, a run of errors).
    pub(crate) fn rest(&self, host: &str, rest: Duration) {
        let mut hosts = self.hosts.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        let slot = hosts.entry(host.to_string()).or_insert(Slot { busy: false, next: now });
        slot.next = slot.next.max(now + rest);
    }
}

/// What one host's robots.txt says to this user agent.
pub(crate) enum Robots {
    /// Rules parsed from its robots.txt.
    Rules(texting_robots::Robot),
    /// No robots.txt (a 4xx): everything is allowed.
    AllowAll,
    /// robots.txt could not be fetched (a 5xx, a timeout): nothing is fetched until it can
    /// be, as the robots exclusion protocol (RFC 9309) asks.
    DisallowAll(String),
}

impl Robots {
    /// Whether `url` may be fetched.
    pub(crate) fn allows(&self, url: &str) -> bool {
        match self {
            Robots::Rules(r) => r.allowed(url),
            Robots::AllowAll => true,
            Robots::DisallowAll(_) => false,
        }
    }

    /// The host's `Crawl-delay` for us, if any.
    pub(crate) fn crawl_delay(&self) -> Option<Duration> {
        match self {
            Robots::Rules(r) => r.delay.filter(|d| d.is_finite() && *d > 0.0).map(Duration::from_secs_f32),
            _ => None,
        }
    }
}

/// How long robots.txt answers are kept.
const ROBOTS_KEPT: Duration = Duration::from_secs(24 * 3600);
/// How long a robots.txt that could not be fetched keeps its host closed before it is asked
/// again.
const ROBOTS_RETRY: Duration = Duration::from_secs(600);

/// robots.txt per host (`scheme://host:port`), fetched once and kept.
#[derive(Default)]
pub(crate) struct RobotsCache {
    hosts: Mutex<HashMap<String, (Instant, Arc<Robots>)>>,
    /// One fetch of a host's robots.txt at a time: the threads that need it wait for it.
    fetching: Mutex<HashMap<String, Arc<Mutex<()>>>>,
}

impl RobotsCache {
    /// The rules kept for `origin`, while fresh.
    pub(crate) fn get(&self, origin: &str) -> Option<Arc<Robots>> {
        let hosts = self.hosts.lock().unwrap_or_else(PoisonError::into_inner);
        let (at, robots) = hosts.get(origin)?;
        let keep = if matches!(**robots, Robots::DisallowAll(_)) { ROBOTS_RETRY } else { ROBOTS_KEPT };
        (at.elapsed() < keep).then(|| Arc::clone(robots))
    }

    /// The lock held while `origin`'s robots.txt is fetched.
    pub(crate) fn fetch_lock(&self, origin: &str) -> Arc<Mutex<()>> {
        let mut locks = self.fetching.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(locks.entry(origin.to_string()).or_default())
    }

    /// Keeps the rules for `origin`.
    pub(crate) fn put(&self, origin: &str, robots: Robots) -> Arc<Robots> {
        let robots = Arc::new(robots);
        self.hosts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(origin.to_string(), (Instant::now(), Arc::clone(&robots)));
        robots
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_turn_per_host_and_spacing() {
        let gate = Arc::new(HostGate::default());
        let start = Instant::now();
        let starts = Arc::new(Mutex::new(Vec::new()));
        std::thread::scope(|s| {
            for _ in 0..3 {
                let (gate, starts) = (Arc::clone(&gate), Arc::clone(&starts));
                s.spawn(move || {
                    gate.take("a:80", Duration::from_secs(5)).unwrap();
                    starts.lock().unwrap().push(start.elapsed());
                    std::thread::sleep(Duration::from_millis(20));
                    gate.give_back("a:80", Duration::from_millis(50));
                });
            }
        });
        let mut starts = starts.lock().unwrap().clone();
        starts.sort();
        for pair in starts.windows(2) {
            // 20 ms of request and 50 ms of delay between two starts.
            assert!(pair[1] - pair[0] >= Duration::from_millis(70), "{starts:?}");
        }
        // Another host is not held up.
        gate.take("b:80", Duration::ZERO).unwrap();
        gate.rest("c:80", Duration::from_secs(60));
        assert!(gate.take("c:80", Duration::from_secs(1)).is_err());
    }

    #[test]
    fn robots_rules_and_delay() {
        let txt = b"User-agent: *\nDisallow: /private/\nCrawl-delay: 2\n";
        let robots = Robots::Rules(texting_robots::Robot::new("newsgraph", txt).unwrap());
        assert!(robots.allows("http://h/news/1"));
        assert!(!robots.allows("http://h/private/1"));
        assert_eq!(robots.crawl_delay(), Some(Duration::from_secs(2)));
        assert!(!Robots::DisallowAll("503".into()).allows("http://h/"));
    }
}
