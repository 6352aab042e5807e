use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use newsgraph_document::Document;
use newsgraph_pipeline::Pipeline;
use newsgraph_readers::ReadOptions;
use newsgraph_store::{Failure, LinkReport, Linked, Outcome};
use serde::Serialize;

use crate::reading::{self, Batch};
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
    pub(crate) fn renamed(&self, origin: String) -> String {
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
    /// Where the time went.
    pub stages: Stages,
}

/// Where an ingest's time went, in seconds. Reading and annotation run on a thread of their
/// own beside storing, linking and indexing, so the stages overlap and add up to more than
/// the wall time; `waiting` is the time the engine's thread had no annotated batch to store.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Stages {
    /// Reading and decoding the inputs.
    #[serde(serialize_with = "seconds")]
    pub read: Duration,
    /// Annotating (the wall time of each batch's parallel annotation).
    #[serde(serialize_with = "seconds")]
    pub annotate: Duration,
    /// The engine's thread waiting for the next annotated batch.
    #[serde(serialize_with = "seconds")]
    pub waiting: Duration,
    /// Storing batches: one transaction each (and the failures recorded with them).
    #[serde(serialize_with = "seconds")]
    pub store: Duration,
    /// Linking across articles: near-duplicates, entities, stories, quotes and events.
    #[serde(serialize_with = "seconds")]
    pub link: Duration,
    /// Matching alerts and adding new articles to the index.
    #[serde(serialize_with = "seconds")]
    pub index: Duration,
    /// Index commits, and recording in the store what the index holds.
    #[serde(serialize_with = "seconds")]
    pub commit: Duration,
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
pub(crate) fn file_of(origin: &str) -> &str {
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
    ///
    /// Two stages overlap: a thread reads and annotates the next batch (`reading.rs`) while
    /// this one stores, links and indexes the batch before, one batch waiting between them at
    /// most. Batches are stored in the order they were read, each in one transaction.
    pub fn ingest<P: AsRef<Path> + Sync>(
        &mut self,
        paths: &[P],
        options: &IngestOptions,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<IngestReport> {
        let start = Instant::now();
        let mut report = IngestReport::default();
        self.link_pending(&mut report.links, &[])?;
        report.recovered = self.catch_up_index(true)?;
        // A store with a queue takes raw articles for its workers: nothing to annotate here.
        let queued = options.queue && self.store.queue().is_some();
        let pipeline = (!queued).then(|| Arc::clone(&self.pipeline));
        let mut pending = Vec::new();
        let mut last_index_commit = Instant::now();
        let (tally, stored) = std::thread::scope(|scope| {
            let (sender, batches) = std::sync::mpsc::sync_channel::<Batch>(1);
            let reader = scope.spawn(move || reading::read(paths, options, pipeline.as_deref(), sender));
            let mut stored = Ok(());
            loop {
                let waited = Instant::now();
                let Ok(mut batch) = batches.recv() else { break };
                report.stages.waiting += waited.elapsed();
                stored = self.store_batch(
                    queued,
                    &mut batch.docs,
                    &mut batch.failures,
                    &mut report,
                    &mut pending,
                    &mut last_index_commit,
                    None,
                );
                if stored.is_err() {
                    break;
                }
                progress(Progress {
                    articles: report.articles(),
                    failed: batch.failed,
                    bytes: batch.bytes,
                    input_bytes: batch.input_bytes,
                    elapsed: start.elapsed(),
                });
            }
            // On an error the reader finds the channel closed and stops.
            drop(batches);
            let tally = reader.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (tally, stored)
        });
        stored?;
        self.commit_index(&mut pending, &mut report.stages)?;
        // Articles of earlier batches that a merge or split moved to another story are filed
        // again under it (linking marked them unindexed).
        self.catch_up_index(false)?;
        report.files = tally.files;
        report.warnings = tally.warnings;
        report.failures = tally.failures;
        report.failed = tally.failed;
        report.skipped = tally.skipped;
        report.bytes = tally.bytes;
        report.stages.read = tally.read;
        report.stages.annotate = tally.annotate;
        report.elapsed = start.elapsed();
        progress(Progress {
            articles: report.articles(),
            failed: report.failed,
            bytes: report.bytes,
            input_bytes: tally.input_bytes,
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
        self.store_documents(docs, failures, options, true)
    }

    /// The pipeline, when this engine annotates what it ingests with `options` (not when it
    /// queues articles for workers). A caller whose documents come in over time (the
    /// follower) annotates them as they come, while the batch before is stored, and hands
    /// them to [`Engine::ingest_annotated`].
    pub fn annotator(&mut self, options: &IngestOptions) -> Option<Arc<Pipeline>> {
        let queued = options.queue && self.store.queue().is_some();
        (!queued).then(|| self.pipeline.clone())
    }

    /// [`Engine::ingest_documents`] for documents the pipeline of [`Engine::annotator`]
    /// annotated already.
    pub fn ingest_annotated(
        &mut self,
        docs: Vec<Document>,
        failures: Vec<Notice>,
        options: &IngestOptions,
    ) -> Result<(IngestReport, Vec<Option<Outcome>>)> {
        self.store_documents(docs, failures, options, false)
    }

    fn store_documents(
        &mut self,
        docs: Vec<Document>,
        failures: Vec<Notice>,
        options: &IngestOptions,
        annotate: bool,
    ) -> Result<(IngestReport, Vec<Option<Outcome>>)> {
        let start = Instant::now();
        let mut report = IngestReport::default();
        self.link_pending(&mut report.links, &[])?;
        report.recovered = self.catch_up_index(true)?;
        let mut failed: Vec<Failure> =
            failures.iter().map(|n| Failure { origin: n.origin.clone(), reason: n.reason.clone() }).collect();
        report.failed = failed.len() as u64;
        report.failures = failures;
        let mut pending = Vec::new();
        let mut last_index_commit = Instant::now();
        let mut outcomes = Vec::with_capacity(docs.len());
        let queued = options.queue && self.store.queue().is_some();
        let mut docs = docs.into_iter().peekable();
        while docs.peek().is_some() || !failed.is_empty() {
            let mut batch: Vec<Document> = docs.by_ref().take(options.batch_size.max(1)).collect();
            report.bytes += batch.iter().map(|d| d.text.len() as u64).sum::<u64>();
            if !queued && annotate {
                let began = Instant::now();
                self.pipeline.annotate_batch(&mut batch);
                report.stages.annotate += began.elapsed();
            }
            self.store_batch(
                queued,
                &mut batch,
                &mut failed,
                &mut report,
                &mut pending,
                &mut last_index_commit,
                Some(&mut outcomes),
            )?;
        }
        self.commit_index(&mut pending, &mut report.stages)?;
        // Articles of earlier batches that a merge or split moved to another story are filed
        // again under it (linking marked them unindexed).
        self.catch_up_index(false)?;
        report.elapsed = start.elapsed();
        Ok((report, outcomes))
    }

    /// Stores a batch (annotated, or raw for a store's queue) in one transaction, links
    /// what is pending, then indexes what was new. The index commits less often than the
    /// store (a commit costs fsyncs and segment work): every `INDEX_COMMIT_DOCS` articles or
    /// `INDEX_COMMIT_EVERY`, and at the end.
    #[allow(clippy::too_many_arguments)]
    fn store_batch(
        &mut self,
        queued: bool,
        batch: &mut Vec<Document>,
        failures: &mut Vec<Failure>,
        report: &mut IngestReport,
        pending: &mut Vec<String>,
        last_index_commit: &mut Instant,
        mut outcomes_out: Option<&mut Vec<Option<Outcome>>>,
    ) -> Result<()> {
        let began = Instant::now();
        self.store.record_failures(failures)?;
        failures.clear();
        if batch.is_empty() {
            return Ok(());
        }
        if queued && let Some(queue) = self.store.queue() {
            let queued = queue.enqueue(batch)?;
            if let Some(out) = outcomes_out.as_deref_mut() {
                out.extend(batch.iter().map(|_| None));
            }
            report.queued += queued;
            report.duplicate += batch.len() as u64 - queued;
            batch.clear();
            return Ok(());
        }
        let outcomes = self.store.put_batch(batch)?;
        let stored = Instant::now();
        report.stages.store += stored - began;
        // Linking follows the store commit; an interrupted ingest links what is left next time.
        // What this batch stored is linked as held here, not read back from the store.
        let new: Vec<&Document> =
            batch.iter().zip(&outcomes).filter(|(_, o)| **o != Outcome::Duplicate).map(|(d, _)| d).collect();
        let linked = self.link_pending(&mut report.links, &new)?;
        let linked_at = Instant::now();
        report.stages.link += linked_at - stored;
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
        report.stages.index += linked_at.elapsed();
        if pending.len() >= INDEX_COMMIT_DOCS || last_index_commit.elapsed() >= INDEX_COMMIT_EVERY {
            self.commit_index(pending, &mut report.stages)?;
            *last_index_commit = Instant::now();
        }
        Ok(())
    }

    /// Commits the index and records that it holds the pending articles.
    fn commit_index(&mut self, pending: &mut Vec<String>, stages: &mut Stages) -> Result<()> {
        if pending.is_empty() {
            return Ok(());
        }
        let began = Instant::now();
        self.index.commit()?;
        let ids: Vec<&str> = pending.iter().map(String::as_str).collect();
        self.store.mark_indexed(&ids)?;
        pending.clear();
        stages.commit += began.elapsed();
        Ok(())
    }
}

/// Puts what linking found on a document: duplicate, story, thread, global entity ids.
pub(crate) fn apply_links(doc: &mut Document, l: &Linked) {
    doc.duplicate_of.clone_from(&l.duplicate_of);
    doc.story.clone_from(&l.story);
    doc.thread.clone_from(&l.thread);
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
