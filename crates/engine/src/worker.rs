//! Distributed ingest: with a PostgreSQL store, `ingest` only reads and queues articles, and
//! any number of workers, on any machines, claim batches, annotate them and store the
//! results. A worker that dies leaves its batch to the next one once the lease runs out;
//! storing and leaving the queue are one transaction, so each article is stored once.
//! Linking across articles is serial (the store takes a lock for it) and runs after each
//! batch on whichever worker gets the lock; indexing follows linking.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use newsgraph_document::Document;
use newsgraph_store::{Failure, LinkReport, Outcome};
use serde::Serialize;

use crate::{Engine, Error, Result};

/// Settings of a worker.
#[derive(Debug, Clone)]
pub struct WorkOptions {
    /// Its name in the queue (unique per worker: host and process id by default).
    pub name: String,
    /// Articles claimed at a time.
    pub batch_size: usize,
    /// How long a claim lasts before another worker may take the batch.
    pub lease: Duration,
    /// Stop once the queue is empty (else wait for more).
    pub until_empty: bool,
    /// How often an idle worker looks for work.
    pub poll: Duration,
}

impl Default for WorkOptions {
    fn default() -> WorkOptions {
        WorkOptions {
            name: format!("worker-{}", std::process::id()),
            batch_size: 64,
            lease: Duration::from_secs(300),
            until_empty: false,
            poll: Duration::from_secs(1),
        }
    }
}

/// What a worker did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct WorkReport {
    /// Batches claimed.
    pub batches: u64,
    /// Articles stored for the first time.
    pub new: u64,
    /// Articles that were already stored.
    pub duplicate: u64,
    /// Articles the annotators failed on (recorded as failures).
    pub failed: u64,
    /// Claims that passed to another worker before this one finished (its lease ran out).
    pub lost: u64,
    /// Linking done by this worker (of any worker's articles).
    pub links: LinkReport,
    /// Articles indexed by this worker.
    pub indexed: u64,
    /// Wall time.
    #[serde(serialize_with = "crate::ingest::seconds")]
    pub elapsed: Duration,
}

impl Engine {
    /// Works through the shared ingest queue until it is empty (`until_empty`) or forever.
    /// An error of the store (the database gone) ends the worker; its claims go back to the
    /// queue when their lease runs out.
    pub fn work(&mut self, options: &WorkOptions, progress: &mut dyn FnMut(&WorkReport)) -> Result<WorkReport> {
        let start = Instant::now();
        let mut report = WorkReport::default();
        loop {
            let queue = self.store.queue().ok_or(Error::NoQueue)?;
            let claims = queue.claim(&options.name, options.batch_size.max(1), options.lease)?;
            if claims.is_empty() {
                // Nothing to claim: link and index whatever other workers left, then stop or wait.
                self.link_pending(&mut report.links, &[])?;
                report.indexed += self.catch_up_index(true)?;
                let queued = self.store.queue().ok_or(Error::NoQueue)?.queued()?;
                if options.until_empty && queued.waiting == 0 && queued.leased == 0 {
                    break;
                }
                std::thread::sleep(options.poll);
                continue;
            }
            report.batches += 1;
            let (seqs, mut docs): (Vec<i64>, Vec<Document>) = claims.into_iter().map(|c| (c.seq, c.doc)).unzip();
            let failed = self.annotate_isolated(&mut docs);
            let mut done = Vec::with_capacity(docs.len());
            let mut failures = Vec::new();
            for ((seq, doc), why) in seqs.into_iter().zip(docs).zip(failed) {
                match why {
                    None => done.push((seq, doc)),
                    Some(reason) => {
                        failures.push((seq, Failure { origin: doc.origin.clone().unwrap_or(doc.id.clone()), reason }))
                    }
                }
            }
            let outcomes = self.store.queue().ok_or(Error::NoQueue)?.complete(&options.name, &done, &failures)?;
            report.failed += failures.len() as u64;
            for outcome in outcomes {
                match outcome {
                    Some(Outcome::Duplicate) => report.duplicate += 1,
                    Some(_) => report.new += 1,
                    None => report.lost += 1,
                }
            }
            self.link_pending(&mut report.links, &[])?;
            report.indexed += self.catch_up_index(true)?;
            report.elapsed = start.elapsed();
            progress(&report);
        }
        report.elapsed = start.elapsed();
        progress(&report);
        Ok(report)
    }

    /// Annotates a batch; when an annotator panics, annotates one by one to find the
    /// articles at fault. One reason per document that failed, `None` for the others.
    fn annotate_isolated(&self, docs: &mut [Document]) -> Vec<Option<String>> {
        let originals: Vec<Document> = docs.to_vec();
        if catch_unwind(AssertUnwindSafe(|| self.pipeline.annotate_batch(docs))).is_ok() {
            return vec![None; docs.len()];
        }
        docs.iter_mut()
            .zip(originals)
            .map(|(doc, original)| {
                *doc = original;
                catch_unwind(AssertUnwindSafe(|| self.pipeline.annotate(doc)))
                    .err()
                    .map(|_| "an annotator panicked on this article".to_string())
            })
            .collect()
    }
}
