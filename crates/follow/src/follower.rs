//! The follower: polls the sources that are due, on a few threads, and stores what they
//! deliver through the engine's ingest path.
//!
//! The engine (and its store) stays on the calling thread: fetching threads send it the
//! URLs they want checked against the store and, per source, the articles and the new
//! fetch state, which it stores as they arrive — articles first, then the poll record, so
//! that a crash between the two refetches nothing (a stored article's URL counts as seen).

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{RecvTimeoutError, Sender, channel};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use newsgraph_document::Document;
use newsgraph_engine::{Engine, IngestOptions, Notice, Outcome, WriterLock};
use newsgraph_store::{SeenItem, Source};
use serde::Serialize;

use crate::Result;
use crate::article::{Made, make_article};
use crate::canonical::canonical_url;
use crate::fetch::{FetchOptions, Fetched, Fetcher, Validators};
use crate::listing::{Entry, Kind, read_listing};
use crate::schedule::{Schedule, stamp};

/// Longest a finished poll waits to be stored with others.
const FLUSH_EVERY: Duration = Duration::from_secs(2);

/// Most threads a round fetches on.
pub const MAX_THREADS: usize = 512;

/// Settings of the follower.
#[derive(Debug, Clone)]
pub struct FollowOptions {
    /// How to fetch.
    pub fetch: FetchOptions,
    /// When to poll.
    pub schedule: Schedule,
    /// Threads fetching at once, at most one per host due and [`MAX_THREADS`] (each host
    /// still sees one request at a time, so a thread mostly waits for its host's turn).
    pub threads: usize,
    /// New items fetched from one source per poll; the rest wait for the next poll.
    pub items_per_poll: usize,
    /// Child sitemaps of a sitemap index read per poll, the newest first.
    pub child_sitemaps: usize,
    /// How articles are stored (batch size; queueing for workers on PostgreSQL).
    pub ingest: IngestOptions,
    /// Polls at which an item whose page failed in passing (and whose feed has no text) is
    /// tried before it is recorded as failed.
    pub item_tries: u32,
    /// How long the sources a round claims stay this follower's, so that other followers on
    /// the same store leave them alone; each one's recorded poll sets its real next poll.
    /// Longer than a round takes; a follower killed mid-round leaves its sources to be polled
    /// again when the lease ends.
    pub claim_lease: Duration,
}

impl Default for FollowOptions {
    fn default() -> FollowOptions {
        FollowOptions {
            fetch: FetchOptions::default(),
            schedule: Schedule::default(),
            threads: 64,
            items_per_poll: 200,
            child_sitemaps: 3,
            ingest: IngestOptions::default(),
            item_tries: 3,
            claim_lease: Duration::from_secs(10 * 60),
        }
    }
}

/// What polling one source did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SourceReport {
    /// The source.
    pub source: String,
    /// What it is (`feed`, `sitemap`, `front`), once known.
    pub kind: Option<String>,
    /// Whether it answered with something new to read (false for a 304 or an error).
    pub modified: bool,
    /// Items listed that had not been seen.
    pub new_items: usize,
    /// Articles stored for the first time (new versions included).
    pub stored: u64,
    /// Articles already stored (another feed's copy, the same text at another URL).
    pub duplicate: u64,
    /// Articles queued for workers (PostgreSQL).
    pub queued: u64,
    /// Items that could not be read, with the reason (recorded as failures).
    pub failed: Vec<Notice>,
    /// Articles stored despite a problem (the page refused, its text taken from the feed;
    /// a charset guessed).
    pub warnings: Vec<Notice>,
    /// Items left for a later poll (their host resting, a stop asked for, or their page
    /// failing in passing: those are also in `retrying`).
    pub later: usize,
    /// Items whose page failed in a way that may pass and whose feed has no text: tried again
    /// at the next polls, then recorded as failed (`FollowOptions::item_tries`).
    pub retrying: Vec<Notice>,
    /// Why the source itself failed, if it did.
    pub error: Option<String>,
    /// When it is polled next.
    pub next_poll: String,
}

/// What one round over the due sources did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RoundReport {
    /// Sources polled.
    pub sources: usize,
    /// Of those, sources that failed.
    pub failed_sources: usize,
    /// Articles stored for the first time.
    pub stored: u64,
    /// Articles already stored.
    pub duplicate: u64,
    /// Articles queued for workers.
    pub queued: u64,
    /// Items that could not be read.
    pub failed_items: usize,
}

/// A source's poll, as a fetching thread hands it to the engine's thread.
struct Polled {
    state: Source,
    docs: Vec<(String, Document)>,
    failed: Vec<Notice>,
    warnings: Vec<Notice>,
    retrying: Vec<Notice>,
    later: usize,
    new_items: usize,
    modified: bool,
    error: Option<String>,
}

enum Message {
    /// Which of these URLs are seen already?
    Seen(Vec<String>, Sender<HashSet<String>>),
    Polled(Box<Polled>),
}

/// A write turn: runs the function it is given with an engine for writing (see
/// [`Follower::poll_due_in_turns`]).
pub type Turn<'a> = dyn Fn(&mut dyn FnMut(&mut Engine)) -> newsgraph_engine::Result<()> + 'a;

/// Polls sources and stores their articles.
pub struct Follower {
    fetcher: Fetcher,
    options: FollowOptions,
    /// Item URLs taken by a thread this round: two feeds listing one article fetch it once.
    in_hand: Mutex<HashSet<String>>,
    /// Tries so far of items whose page failed in passing. Kept in memory only: a restarted
    /// follower gives each of them its tries again.
    tries: Mutex<HashMap<String, u32>>,
    /// Sources of the round in progress not taken up yet, and sources being fetched: what a
    /// progress view shows ([`Follower::progress`]).
    due: AtomicUsize,
    fetching: AtomicUsize,
}

/// Where the round in progress stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Sources due that no thread has taken up yet.
    pub due: usize,
    /// Sources being fetched (their listing and its new items).
    pub fetching: usize,
}

impl Follower {
    /// A follower with these settings.
    pub fn new(options: FollowOptions) -> Follower {
        Follower {
            fetcher: Fetcher::new(options.fetch.clone()),
            options,
            in_hand: Mutex::default(),
            tries: Mutex::default(),
            due: AtomicUsize::new(0),
            fetching: AtomicUsize::new(0),
        }
    }

    /// Where the round in progress stands (for a progress view, from any thread).
    pub fn progress(&self) -> Progress {
        Progress { due: self.due.load(Ordering::Relaxed), fetching: self.fetching.load(Ordering::Relaxed) }
    }

    /// Polls every source due now once, storing what they deliver; `report` hears of each
    /// source as it is stored. Sources not taken up before `stop` is set are left due;
    /// a source in hand is finished (its remaining items left for the next poll).
    pub fn poll_due(
        &self,
        engine: &mut Engine,
        stop: &AtomicBool,
        report: &mut dyn FnMut(&SourceReport),
    ) -> Result<RoundReport> {
        // Each store opens an engine and drops it afterwards: an engine keeps its index
        // writer, and the index lock with it, for as long as it lives, so another `follow` or
        // `ingest` on the same data directory could not store until this one exited.
        let location = engine.location().clone();
        let turn = move |store: &mut dyn FnMut(&mut Engine)| -> newsgraph_engine::Result<()> {
            store(&mut Engine::open_at(&location)?);
            Ok(())
        };
        self.poll_due_in_turns(engine, &turn, stop, report)
    }

    /// [`Follower::poll_due`], storing each batch in a turn that `turn` gives: it runs its
    /// argument with an engine for writing, for as long as the store takes, and returns.
    /// A server polls so (`serve --follow`): `engine` only reads (items seen), and the
    /// server's other writes wait for one store, not for a whole round of fetching.
    pub fn poll_due_in_turns(
        &self,
        engine: &mut Engine,
        turn: &Turn<'_>,
        stop: &AtomicBool,
        report: &mut dyn FnMut(&SourceReport),
    ) -> Result<RoundReport> {
        let now = Utc::now();
        let lease_until = stamp(now + chrono::Duration::from_std(self.options.claim_lease).unwrap_or_default());
        let due = self.write(turn, |w| Ok(w.claim_due_sources(&stamp(now), &lease_until, 100_000)?))?;
        let mut round = RoundReport::default();
        if due.is_empty() {
            return Ok(round);
        }
        self.in_hand.lock().unwrap_or_else(PoisonError::into_inner).clear();
        self.due.store(due.len(), Ordering::Relaxed);
        let queue = HostQueue::new(due);
        let hosts = queue.hosts.len();
        let queue = Mutex::new(queue);
        // A thread spends most of its time waiting for its host's turn: more threads than
        // hosts would only wait behind each other.
        let threads = self.options.threads.clamp(1, MAX_THREADS).min(hosts);
        let (tx, rx) = channel::<Message>();
        // What the fetching threads made goes through one thread that annotates it (on the
        // pipeline's own worker threads) while this one stores the batch before: the two
        // stages of `ingest`. Without an annotator (articles queued for workers) it passes.
        let annotator = engine.annotator(&self.options.ingest);
        let annotated = annotator.is_some();
        let (made, to_annotate) = channel::<Box<Polled>>();
        let polled = std::thread::scope(|scope| -> Result<()> {
            {
                let tx = tx.clone();
                scope.spawn(move || {
                    for mut p in to_annotate {
                        if let Some(pipeline) = &annotator {
                            let (urls, mut docs): (Vec<String>, Vec<Document>) =
                                std::mem::take(&mut p.docs).into_iter().unzip();
                            pipeline.annotate_batch(&mut docs);
                            p.docs = urls.into_iter().zip(docs).collect();
                        }
                        if tx.send(Message::Polled(p)).is_err() {
                            return;
                        }
                    }
                });
            }
            for _ in 0..threads {
                let tx = tx.clone();
                let made = made.clone();
                let queue = &queue;
                scope.spawn(move || {
                    let mut host = None;
                    loop {
                        if stop.load(Ordering::Relaxed) {
                            return;
                        }
                        let next = queue.lock().unwrap_or_else(PoisonError::into_inner).take(host.take());
                        let Some((at, source)) = next else { return };
                        host = Some(at);
                        self.due.fetch_sub(1, Ordering::Relaxed);
                        self.fetching.fetch_add(1, Ordering::Relaxed);
                        let polled = self.poll(source, &tx, stop);
                        self.fetching.fetch_sub(1, Ordering::Relaxed);
                        if made.send(Box::new(polled)).is_err() {
                            return;
                        }
                    }
                });
            }
            drop((tx, made));
            let mut failure: Option<crate::Error> = None;
            // Polls are stored together, every batch of articles or FLUSH_EVERY: one
            // annotation round and one index commit for many small feeds.
            let mut held: Vec<Polled> = Vec::new();
            let mut held_since: Option<Instant> = None;
            let batch = self.options.ingest.batch_size.max(1);
            loop {
                let wait = held_since.map_or(Duration::from_secs(3600), |t| FLUSH_EVERY.saturating_sub(t.elapsed()));
                let done = match rx.recv_timeout(wait) {
                    Ok(Message::Seen(urls, reply)) => {
                        let seen = engine.seen_urls(&urls).map(|s| s.into_iter().collect()).unwrap_or_else(|e| {
                            failure.get_or_insert(e.into());
                            // Nothing is fetched while the store cannot be asked.
                            urls.into_iter().collect()
                        });
                        let _ = reply.send(seen);
                        false
                    }
                    Ok(Message::Polled(p)) => {
                        held.push(*p);
                        held_since.get_or_insert_with(Instant::now);
                        false
                    }
                    Err(RecvTimeoutError::Timeout) => false,
                    Err(RecvTimeoutError::Disconnected) => true,
                };
                let due = held.iter().map(|p| p.docs.len()).sum::<usize>() >= batch
                    || held_since.is_some_and(|t| t.elapsed() >= FLUSH_EVERY);
                if (done || due) && !held.is_empty() && failure.is_none() {
                    held_since = None;
                    let polls = std::mem::take(&mut held);
                    match self.write(turn, |writer| self.store(writer, polls, annotated)) {
                        Ok(reports) => {
                            for r in &reports {
                                round.sources += 1;
                                round.failed_sources += usize::from(r.error.is_some());
                                round.stored += r.stored;
                                round.duplicate += r.duplicate;
                                round.queued += r.queued;
                                round.failed_items += r.failed.len();
                                report(r);
                            }
                        }
                        Err(e) => {
                            // The store failed: stop taking sources, let the others finish.
                            stop.store(true, Ordering::Relaxed);
                            failure = Some(e);
                        }
                    }
                }
                if done {
                    break;
                }
            }
            failure.map_or(Ok(()), Err)
        });
        // Sources claimed but not taken up (a stop was asked for) are due again at once.
        let untaken: Vec<Source> = queue.into_inner().unwrap_or_else(PoisonError::into_inner).into_rest();
        self.due.store(0, Ordering::Relaxed);
        if !untaken.is_empty() {
            self.write(turn, |w| {
                for source in &untaken {
                    w.record_poll(source, &[])?;
                }
                Ok(())
            })?;
        }
        polled?;
        Ok(round)
    }

    /// Runs `f` with the engine the write turn gives.
    fn write<T: Default>(&self, turn: &Turn<'_>, f: impl FnOnce(&mut Engine) -> Result<T>) -> Result<T> {
        let (mut f, mut out) = (Some(f), None);
        turn(&mut |writer| {
            if let Some(f) = f.take() {
                out = Some(f(writer));
            }
        })?;
        out.unwrap_or_else(|| Ok(T::default()))
    }

    /// Polls due sources until `stop` is set, sleeping until the next one is due.
    pub fn run(&self, engine: &mut Engine, stop: &AtomicBool, report: &mut dyn FnMut(&SourceReport)) -> Result<()> {
        while !stop.load(Ordering::Relaxed) {
            self.poll_due(engine, stop, report)?;
            let wait = Follower::next_wait(engine)?;
            let until = Instant::now() + wait;
            while Instant::now() < until && !stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100).min(until.saturating_duration_since(Instant::now())));
            }
        }
        Ok(())
    }

    /// How long until the next source is due (at most a minute, so that sources added by
    /// another process are taken up soon).
    pub fn next_wait(engine: &Engine) -> Result<Duration> {
        let next = engine.sources()?.iter().filter_map(|s| DateTime::parse_from_rfc3339(&s.next_poll).ok()).min();
        Ok(next
            .map(|n| (n.with_timezone(&Utc) - Utc::now()).to_std().unwrap_or(Duration::ZERO))
            .unwrap_or(Duration::from_secs(60))
            .min(Duration::from_secs(60)))
    }

    /// Stores the articles of several polls in one go, then records each poll (a crash in
    /// between leaves polls unrecorded, and their stored articles count as seen).
    fn store(&self, engine: &mut Engine, polls: Vec<Polled>, annotated: bool) -> Result<Vec<SourceReport>> {
        let mut docs = Vec::new();
        let mut failures = Vec::new();
        for p in &polls {
            docs.extend(p.docs.iter().map(|(_, d)| d.clone()));
            failures.extend(p.failed.iter().cloned());
            if let Some(e) = &p.error {
                failures.push(Notice { origin: p.state.url.clone(), reason: e.clone() });
            }
        }
        // An `ingest` into the same data directory stores first; the fetched articles wait.
        let writing = WriterLock::acquire(engine.location(), "follow", |_| ())?;
        let (_, outcomes) = if annotated {
            engine.ingest_annotated(docs, failures, &self.options.ingest)?
        } else {
            engine.ingest_documents(docs, failures, &self.options.ingest)?
        };
        drop(writing);
        let mut outcomes = outcomes.into_iter();
        let mut reports = Vec::with_capacity(polls.len());
        for p in polls {
            let (mut stored, mut duplicate, mut queued) = (0, 0, 0);
            let mut items: Vec<SeenItem> = Vec::with_capacity(p.docs.len() + p.failed.len());
            for (url, doc) in &p.docs {
                match outcomes.next().flatten() {
                    Some(Outcome::Duplicate) => duplicate += 1,
                    Some(_) => stored += 1,
                    None => queued += 1,
                }
                items.push(SeenItem { url: url.clone(), article: Some(doc.id.clone()) });
            }
            items.extend(p.failed.iter().map(|n| SeenItem { url: n.origin.clone(), article: None }));
            engine.record_poll(&p.state, &items)?;
            reports.push(SourceReport {
                source: p.state.url.clone(),
                kind: p.state.kind.clone(),
                modified: p.modified,
                new_items: p.new_items,
                stored,
                duplicate,
                queued,
                failed: p.failed,
                warnings: p.warnings,
                retrying: p.retrying,
                later: p.later,
                error: p.error,
                next_poll: p.state.next_poll,
            });
        }
        Ok(reports)
    }

    /// Fetches one source and the articles of its new items (on a fetching thread).
    fn poll(&self, source: Source, tx: &Sender<Message>, stop: &AtomicBool) -> Polled {
        let now = Utc::now();
        let schedule = &self.options.schedule;
        let mut state = source.clone();
        state.last_poll = Some(stamp(now));
        let mut polled = Polled {
            state,
            docs: Vec::new(),
            failed: Vec::new(),
            warnings: Vec::new(),
            retrying: Vec::new(),
            later: 0,
            new_items: 0,
            modified: false,
            error: None,
        };
        let validators = Validators { etag: source.etag.clone(), last_modified: source.last_modified.clone() };
        let interval = Duration::from_secs(source.interval_secs.max(1) as u64);
        let failed = |mut p: Polled, reason: String, retry_after: Option<Duration>| {
            p.state.errors += 1;
            p.state.last_error = Some(reason.clone());
            p.state.last_error_at = Some(stamp(now));
            let wait = schedule.after_error(p.state.errors.clamp(1, 64) as u32, retry_after);
            p.state.next_poll = stamp(now + chrono::Duration::from_std(wait).unwrap_or_default());
            p.error = Some(reason);
            p
        };
        let page = match self.fetcher.get(&source.url, Some(&validators)) {
            Ok(Fetched::Page(page)) => page,
            Ok(Fetched::NotModified) => {
                let mut p = polled;
                p.state.errors = 0;
                p.state.last_success = Some(stamp(now));
                p.state.interval_secs = schedule.after_success(interval, 0, None).as_secs() as i64;
                p.state.next_poll = stamp(now + chrono::Duration::seconds(p.state.interval_secs));
                return p;
            }
            Err(e) => {
                let retry = e.retry_after();
                return failed(polled, e.to_string(), retry);
            }
        };
        let listing = match read_listing(&page.url, &page.body, page.media_type.as_deref()) {
            Ok(l) => l,
            Err(reason) => return failed(polled, reason, None),
        };
        polled.modified = true;
        let mut entries = listing.entries;
        if listing.kind == Kind::Sitemap {
            for child in listing.sitemaps.iter().take(self.options.child_sitemaps) {
                match self.fetcher.get(child, None) {
                    Ok(Fetched::Page(p)) => match read_listing(&p.url, &p.body, p.media_type.as_deref()) {
                        Ok(l) => entries.extend(l.entries),
                        Err(reason) => polled.failed.push(Notice { origin: child.clone(), reason }),
                    },
                    Ok(Fetched::NotModified) => {}
                    Err(e) => polled.failed.push(Notice { origin: child.clone(), reason: e.to_string() }),
                }
            }
        }
        let fresh = self.unseen(entries, tx);
        polled.new_items = fresh.len();
        let title = source.title.clone().or(listing.title.clone());
        for (key, mut entry) in fresh.into_iter().take(self.options.items_per_poll) {
            if stop.load(Ordering::Relaxed) {
                polled.later += 1;
                continue;
            }
            // Fetched without its tracking parameters: they are for counting readers, not us.
            entry.url.clone_from(&key);
            match make_article(&self.fetcher, &entry, &source.url, title.as_deref(), Utc::now()) {
                Made::Article(doc, warnings) => {
                    polled.warnings.extend(warnings.into_iter().map(|reason| Notice { origin: key.clone(), reason }));
                    polled.docs.push((key, *doc));
                }
                Made::Failed(reason) => polled.failed.push(Notice { origin: key, reason }),
                Made::Later(_) => polled.later += 1,
                Made::Retry(reason) => {
                    let mut tries = self.tries.lock().unwrap_or_else(PoisonError::into_inner);
                    let n = tries.entry(key.clone()).or_insert(0);
                    *n += 1;
                    let n = *n;
                    if n >= self.options.item_tries {
                        tries.remove(&key);
                        let reason = format!("{reason}; and the feed has no text for it (given up after {n} tries)");
                        polled.failed.push(Notice { origin: key, reason });
                    } else {
                        polled.later += 1;
                        let reason =
                            format!("{reason}; tried again at a later poll ({n} of {} tries)", self.options.item_tries);
                        polled.retrying.push(Notice { origin: key, reason });
                    }
                }
            }
        }
        polled.later += polled.new_items.saturating_sub(self.options.items_per_poll);
        let p = &mut polled.state;
        p.kind = Some(listing.kind.name().to_string());
        p.title = title;
        p.etag = page.validators.etag;
        p.last_modified = page.validators.last_modified;
        p.errors = 0;
        p.last_success = Some(stamp(now));
        if polled.new_items > 0 {
            p.last_new = Some(stamp(now));
        }
        let hint = listing.update_hint.max(page.max_age);
        p.interval_secs = schedule.after_success(interval, polled.new_items, hint).as_secs() as i64;
        // Items left over are fetched at the shortest interval, not after a long wait.
        let wait = if polled.later > 0 { schedule.min.as_secs() as i64 } else { p.interval_secs };
        p.next_poll = stamp(now + chrono::Duration::seconds(wait));
        polled
    }

    /// The entries not seen before, keyed by canonical URL, each once, in listed order.
    fn unseen(&self, entries: Vec<Entry>, tx: &Sender<Message>) -> Vec<(String, Entry)> {
        let mut keyed: Vec<(String, Entry)> = Vec::new();
        let mut keys = HashSet::new();
        for e in entries {
            let key = canonical_url(&e.url);
            if keys.insert(key.clone()) {
                keyed.push((key, e));
            }
        }
        // A sitemap of years: only the newest thousand are worth asking about.
        keyed.truncate(1000);
        let (reply, answer) = channel();
        let urls: Vec<String> = keyed.iter().map(|(k, _)| k.clone()).collect();
        if tx.send(Message::Seen(urls, reply)).is_err() {
            return Vec::new();
        }
        let seen = answer.recv().unwrap_or_default();
        let mut in_hand = self.in_hand.lock().unwrap_or_else(PoisonError::into_inner);
        keyed.retain(|(k, _)| !seen.contains(k) && in_hand.insert(k.clone()));
        keyed
    }
}

/// The due sources by host, for threads that each work through one host's sources at a
/// time. A thread that finishes a source takes the next of the same host, else a source of
/// a host no thread is on; when every host left has its thread, it ends. So as many hosts
/// are fetched at once as there are threads, and no host sits idle while threads queue for
/// another host's turn (each host sees one request at a time anyway).
struct HostQueue {
    /// Host, its sources not taken yet, and whether a thread is on it.
    hosts: Vec<(String, VecDeque<Source>, bool)>,
    /// Where the search for a free host starts: the hosts are taken in turn.
    next: usize,
}

impl HostQueue {
    fn new(due: Vec<Source>) -> HostQueue {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut hosts: Vec<(String, VecDeque<Source>, bool)> = Vec::new();
        for s in due {
            let host = url::Url::parse(&s.url).map(|u| crate::fetch::host_key(&u)).unwrap_or_default();
            let i = *index.entry(host.clone()).or_insert_with(|| {
                hosts.push((host, VecDeque::new(), false));
                hosts.len() - 1
            });
            hosts[i].1.push_back(s);
        }
        HostQueue { hosts, next: 0 }
    }

    /// The next source for a thread that was on host `previous` (index), with its host.
    fn take(&mut self, previous: Option<usize>) -> Option<(usize, Source)> {
        if let Some(h) = previous {
            if let Some(s) = self.hosts[h].1.pop_front() {
                return Some((h, s));
            }
            self.hosts[h].2 = false;
        }
        let n = self.hosts.len();
        let free = (0..n).map(|k| (self.next + k) % n).find(|&h| !self.hosts[h].2 && !self.hosts[h].1.is_empty())?;
        self.next = (free + 1) % n.max(1);
        self.hosts[free].2 = true;
        self.hosts[free].1.pop_front().map(|s| (free, s))
    }

    /// The sources no thread took.
    fn into_rest(self) -> Vec<Source> {
        self.hosts.into_iter().flat_map(|(_, list, _)| list).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_spread_over_hosts() {
        let source = |url: &str| Source {
            url: url.to_string(),
            kind: None,
            title: None,
            added_at: String::new(),
            etag: None,
            last_modified: None,
            interval_secs: 1800,
            next_poll: String::new(),
            last_poll: None,
            last_success: None,
            last_new: None,
            last_error: None,
            last_error_at: None,
            errors: 0,
            articles: 0,
            articles_week: 0,
        };
        let due = ["http://a.test/1", "http://a.test/2", "http://a.test/3", "http://b.test/1", "http://c.test/1"];
        let mut queue = HostQueue::new(due.iter().map(|u| source(u)).collect());
        assert_eq!(queue.hosts.len(), 3);
        let mut take = |previous| queue.take(previous).map(|(h, s)| (h, s.url));
        // Three threads start on three hosts.
        let (a, first) = take(None).unwrap();
        let (b, second) = take(None).unwrap();
        let (c, third) = take(None).unwrap();
        assert_eq!([first.as_str(), &second, &third], ["http://a.test/1", "http://b.test/1", "http://c.test/1"]);
        // A fourth finds no free host with work left.
        assert_eq!(take(None), None);
        // b's thread is done with b and does not queue for a: it ends.
        assert_eq!(take(Some(b)), None);
        // a's thread stays on a.
        assert_eq!(take(Some(a)), Some((a, "http://a.test/2".to_string())));
        assert_eq!(take(Some(c)), None);
        assert_eq!(take(Some(a)), Some((a, "http://a.test/3".to_string())));
        assert_eq!(take(Some(a)), None);
        assert!(queue.into_rest().is_empty());
    }
}
