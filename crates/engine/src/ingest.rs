use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use newsgraph_document::Document;
use newsgraph_readers::{Item, ReadOptions, read_paths};
use newsgraph_store::{Failure, LinkReport, Linked, Outcome};
use serde::Serialize;

use crate::{Engine, Result};

/// Articles added to the index before it commits.
const INDEX_COMMIT_DOCS: usize = 20_000;
/// Longest time between index commits during an ingest.
const INDEX_COMMIT_EVERY: Duration = Duration::from_secs(2);

/// Settings of an ingest.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// How inputs are read.
    pub read: ReadOptions,
    /// Articles per batch: one annotation round and one store transaction each.
    pub batch_size: usize,
    /// With a store that has an ingest queue (PostgreSQL): queue articles for workers
    /// instead of annotating them here. Off, the ingest annotates and stores in place.
    pub queue: bool,
    /// Records this name as the origin of what is read from the path, instead of the path
    /// (an HTTP body written to a temporary file is stored as from `request`).
    pub origin_as: Option<(String, String)>,
}

impl Default for IngestOptions {
    fn default() -> IngestOptions {
        IngestOptions { read: ReadOptions::default(), batch_size: 256, queue: true, origin_as: None }
    }
}

impl IngestOptions {
    /// `origin` with the renamed path put back to its name (`/tmp/x/request#2` → `request#2`).
    fn renamed(&self, origin: String) -> String {
        match &self.origin_as {
            Some((path, name)) if origin.starts_with(path.as_str()) => format!("{name}{}", &origin[path.len()..]),
            _ => origin,
        }
    }
}

/// A problem with one input, named by file and record.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Notice {
    /// File and record (`path#record3`, `path:12` for a line).
    pub origin: String,
    /// What happened.
    pub reason: String,
}

/// What one file (or container) yielded.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct FileCount {
    /// Records or articles read from it.
    pub records: u64,
    /// Articles among them.
    pub articles: u64,
    /// Records that hold no article (counted, skipped).
    pub skipped: u64,
    /// Records or the file itself that failed.
    pub failed: u64,
}

/// The outcome of an ingest.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IngestReport {
    /// Articles stored for the first time (new versions included).
    pub new: u64,
    /// Of those, new versions of an article already stored at the same URL.
    pub versions: u64,
    /// Articles already stored (or already queued).
    pub duplicate: u64,
    /// Articles queued for workers (a PostgreSQL store: `ingest` reads, workers annotate).
    pub queued: u64,
    /// Inputs that could not be read.
    pub failed: u64,
    /// Records without an article (WARC request records, images, …).
    pub skipped: u64,
    /// Articles indexed on opening, left over from an interrupted ingest.
    pub recovered: u64,
    /// What linking across articles did: near-duplicates, stories begun and merged.
    pub links: LinkReport,
    /// Every failure.
    pub failures: Vec<Notice>,
    /// Articles stored despite a problem (e.g. invalid UTF-8 replaced).
    pub warnings: Vec<Notice>,
    /// Per file (or container).
    pub files: BTreeMap<String, FileCount>,
    /// Body bytes of the articles read.
    pub bytes: u64,
    /// Wall time.
    #[serde(serialize_with = "seconds")]
    pub elapsed: Duration,
}

pub(crate) fn seconds<S: serde::Serializer>(d: &Duration, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_f64((d.as_secs_f64() * 1000.0).round() / 1000.0)
}

impl IngestReport {
    /// Articles read (new + duplicate + queued).
    pub fn articles(&self) -> u64 {
        self.new + self.duplicate + self.queued
    }
}

/// Progress after each batch.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    /// Articles read so far.
    pub articles: u64,
    /// Failures so far.
    pub failed: u64,
    /// Body bytes so far.
    pub bytes: u64,
    /// Input bytes so far: the sizes of the files read to their end (compare with
    /// `newsgraph_readers::input_size` for a share done).
    pub input_bytes: u64,
    /// Since the start.
    pub elapsed: Duration,
}

/// The file part of an origin: `path#record3` → `path`, `path:12` → `path`.
fn file_of(origin: &str) -> &str {
    if let Some((file, rec)) = origin.rsplit_once('#')
        && (rec.starts_with("record") || rec.starts_with("item") || rec.bytes().all(|b| b.is_ascii_digit()))
    {
        return file;
    }
    if let Some((file, line)) = origin.rsplit_once(':')
        && !line.is_empty()
        && line.bytes().all(|b| b.is_ascii_digit())
    {
        return file;
    }
    origin
}

impl Engine {
    /// Reads every path, annotates, stores and indexes the articles in batches. Bad inputs
    /// are reported, never fatal; only a store or index failure stops the ingest (what was
    /// committed before stays).
    pub fn ingest<P: AsRef<Path>>(
        &mut self,
        paths: &[P],
        options: &IngestOptions,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<IngestReport> {
        let start = Instant::now();
        let mut report = IngestReport::default();
        self.link_pending(&mut report.links)?;
        report.recovered = self.catch_up_index(true)?;
        let mut batch: Vec<Document> = Vec::with_capacity(options.batch_size);
        let mut failures: Vec<Failure> = Vec::new();
        let mut error = None;
        let mut pending = Vec::new();
        let mut last_index_commit = Instant::now();
        let mut input_bytes = 0u64;
        // The file being read: when another file's first record arrives, the one before has
        // been read to its end and its size counts as input read.
        let mut current_file = String::new();
        let mut next_file = |file: &str, input_bytes: &mut u64| {
            if file != current_file {
                *input_bytes += std::fs::metadata(&current_file).map_or(0, |m| m.len());
                current_file = file.to_string();
            }
        };
        read_paths(paths, &options.read, &mut |item| {
            if error.is_some() {
                return;
            }
            match item {
                Item::Article { mut doc, warnings } => {
                    doc.origin = doc.origin.take().map(|o| options.renamed(o));
                    let origin = doc.origin.clone().unwrap_or_default();
                    next_file(file_of(&origin), &mut input_bytes);
                    let count = report.files.entry(file_of(&origin).to_string()).or_default();
                    count.records += 1;
                    count.articles += 1;
                    report.bytes += doc.text.len() as u64;
                    report
                        .warnings
                        .extend(warnings.into_iter().map(|reason| Notice { origin: origin.clone(), reason }));
                    batch.push(doc);
                }
                Item::Skipped { origin, .. } => {
                    let origin = options.renamed(origin);
                    next_file(file_of(&origin), &mut input_bytes);
                    let count = report.files.entry(file_of(&origin).to_string()).or_default();
                    count.records += 1;
                    count.skipped += 1;
                    report.skipped += 1;
                }
                Item::Failed { origin, reason } => {
                    let origin = options.renamed(origin);
                    next_file(file_of(&origin), &mut input_bytes);
                    let count = report.files.entry(file_of(&origin).to_string()).or_default();
                    count.records += 1;
                    count.failed += 1;
                    report.failed += 1;
                    report.failures.push(Notice { origin: origin.clone(), reason: reason.clone() });
                    failures.push(Failure { origin, reason });
                }
            }
            if batch.len() >= options.batch_size {
                if let Err(e) = self.commit_batch(
                    options,
                    &mut batch,
                    &mut failures,
                    &mut report,
                    &mut pending,
                    &mut last_index_commit,
                    None,
                ) {
                    error = Some(e);
                }
                progress(Progress {
                    articles: report.articles(),
                    failed: report.failed,
                    bytes: report.bytes,
                    input_bytes,
                    elapsed: start.elapsed(),
                });
            }
        });
        if let Some(e) = error {
            return Err(e);
        }
        self.commit_batch(options, &mut batch, &mut failures, &mut report, &mut pending, &mut last_index_commit, None)?;
        self.commit_index(&mut pending)?;
        next_file("", &mut input_bytes);
        report.elapsed = start.elapsed();
        progress(Progress {
            articles: report.articles(),
            failed: report.failed,
            bytes: report.bytes,
            input_bytes,
            elapsed: report.elapsed,
        });
        Ok(report)
    }

    /// Annotates, stores and indexes documents that were read elsewhere (fetched by the
    /// follower), and records `failures` — the same path as [`Engine::ingest`] after reading:
    /// one batch of `options.batch_size` per store transaction, duplicates and versions by
    /// the same rules, linking and indexing after each commit, a queue for workers when the
    /// store has one and `options.queue` is set. Also returns each document's outcome, in
    /// order (`None` for one queued for workers).
    pub fn ingest_documents(
        &mut self,
        docs: Vec<Document>,
        failures: Vec<Notice>,
        options: &IngestOptions,
    ) -> Result<(IngestReport, Vec<Option<Outcome>>)> {
        let start = Instant::now();
        let mut report = IngestReport::default();
        self.link_pending(&mut report.links)?;
        report.recovered = self.catch_up_index(true)?;
        let mut failed: Vec<Failure> =
            failures.iter().map(|n| Failure { origin: n.origin.clone(), reason: n.reason.clone() }).collect();
        report.failed = failed.len() as u64;
        report.failures = failures;
        let mut pending = Vec::new();
        let mut last_index_commit = Instant::now();
        let mut outcomes = Vec::with_capacity(docs.len());
        let mut docs = docs.into_iter().peekable();
        while docs.peek().is_some() || !failed.is_empty() {
            let mut batch: Vec<Document> = docs.by_ref().take(options.batch_size.max(1)).collect();
            report.bytes += batch.iter().map(|d| d.text.len() as u64).sum::<u64>();
            self.commit_batch(
                options,
                &mut batch,
                &mut failed,
                &mut report,
                &mut pending,
                &mut last_index_commit,
                Some(&mut outcomes),
            )?;
        }
        self.commit_index(&mut pending)?;
        report.elapsed = start.elapsed();
        Ok((report, outcomes))
    }

    /// Annotates a batch, stores it in one transaction, then indexes what was new. The index
    /// commits less often than the store (a commit costs fsyncs and segment work): every
    /// `INDEX_COMMIT_DOCS` articles or `INDEX_COMMIT_EVERY`, and at the end.
    #[allow(clippy::too_many_arguments)]
    fn commit_batch(
        &mut self,
        options: &IngestOptions,
        batch: &mut Vec<Document>,
        failures: &mut Vec<Failure>,
        report: &mut IngestReport,
        pending: &mut Vec<String>,
        last_index_commit: &mut Instant,
        mut outcomes_out: Option<&mut Vec<Option<Outcome>>>,
    ) -> Result<()> {
        self.store.record_failures(failures)?;
        failures.clear();
        if batch.is_empty() {
            return Ok(());
        }
        if options.queue
            && let Some(queue) = self.store.queue()
        {
            let queued = queue.enqueue(batch)?;
            if let Some(out) = outcomes_out.as_deref_mut() {
                out.extend(batch.iter().map(|_| None));
            }
            report.queued += queued;
            report.duplicate += batch.len() as u64 - queued;
            batch.clear();
            return Ok(());
        }
        self.pipeline.annotate_batch(batch);
        let outcomes = self.store.put_batch(batch)?;
        // Linking follows the store commit; an interrupted ingest links what is left next time.
        let linked = self.link_pending(&mut report.links)?;
        let mut fresh = Vec::new();
        for (doc, outcome) in batch.drain(..).zip(outcomes) {
            if let Some(out) = outcomes_out.as_deref_mut() {
                out.push(Some(outcome.clone()));
            }
            match outcome {
                Outcome::Duplicate => report.duplicate += 1,
                Outcome::New => {
                    report.new += 1;
                    fresh.push(doc);
                }
                Outcome::NewVersion { .. } => {
                    report.new += 1;
                    report.versions += 1;
                    fresh.push(doc);
                }
            }
        }
        for doc in &mut fresh {
            if let Some(l) = linked.get(&doc.id) {
                apply_links(doc, l);
            }
        }
        // Alerts see every new article before the index does (see `alerts.rs`).
        self.match_alerts(&fresh)?;
        if !fresh.is_empty() {
            // The store commit came first: if we die before the index commits, the next
            // ingest replays these from the store.
            self.index.add(&fresh)?;
            pending.extend(fresh.into_iter().map(|d| d.id));
        }
        if pending.len() >= INDEX_COMMIT_DOCS || last_index_commit.elapsed() >= INDEX_COMMIT_EVERY {
            self.commit_index(pending)?;
            *last_index_commit = Instant::now();
        }
        Ok(())
    }

    /// Commits the index and records that it holds the pending articles.
    fn commit_index(&mut self, pending: &mut Vec<String>) -> Result<()> {
        if pending.is_empty() {
            return Ok(());
        }
        self.index.commit()?;
        let ids: Vec<&str> = pending.iter().map(String::as_str).collect();
        self.store.mark_indexed(&ids)?;
        pending.clear();
        Ok(())
    }
}

/// Puts what linking found on a document: duplicate, story, global entity ids.
pub(crate) fn apply_links(doc: &mut Document, l: &Linked) {
    doc.duplicate_of.clone_from(&l.duplicate_of);
    doc.story.clone_from(&l.story);
    for e in &mut doc.entities {
        e.global = l.entities.iter().find(|(local, _)| *local == e.id).map(|(_, g)| g.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::file_of;

    #[test]
    fn origins_map_to_files() {
        assert_eq!(file_of("a/b.warc.gz#record3"), "a/b.warc.gz");
        assert_eq!(file_of("feeds/x.rss#item2"), "feeds/x.rss");
        assert_eq!(file_of("x.jsonl:12"), "x.jsonl");
        assert_eq!(file_of("x.jsonl#4"), "x.jsonl");
        assert_eq!(file_of("C:odd#name.txt"), "C:odd#name.txt");
    }
}
