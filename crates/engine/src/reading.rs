//! The first stage of an ingest: reading the inputs and annotating them, a batch at a time,
//! on a thread of its own, so that the next batch is read and annotated while the engine
//! stores, links and indexes this one (`Engine::ingest`). The channel between the stages
//! holds one batch: a reader that gets ahead waits, so an ingest holds at most three batches
//! (one being annotated, one waiting, one being stored) whatever the size of its input.
//!
//! Nothing here writes: a batch reaches the store only through the engine's thread, in the
//! order it was read, so a `kill -9` still leaves whole batches or nothing, and what was read
//! or annotated but not stored is simply read again by the next ingest.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::mpsc::SyncSender;
use std::time::{Duration, Instant};

use newsgraph_document::Document;
use newsgraph_pipeline::Pipeline;
use newsgraph_readers::{Item, read_paths};
use newsgraph_store::Failure;

use crate::ingest::{FileCount, IngestOptions, Notice, file_of};

/// A batch read (and annotated, unless it goes to a queue), ready to be stored.
pub(crate) struct Batch {
    /// The articles, in input order.
    pub docs: Vec<Document>,
    /// Inputs that failed since the batch before, to be recorded with this one.
    pub failures: Vec<Failure>,
    /// Running totals when the batch was cut, for progress.
    pub failed: u64,
    /// Body bytes read so far.
    pub bytes: u64,
    /// Input bytes of the files read to their end so far.
    pub input_bytes: u64,
}

/// What reading found over the whole ingest, handed to the report at the end.
#[derive(Default)]
pub(crate) struct Tally {
    pub files: BTreeMap<String, FileCount>,
    pub warnings: Vec<Notice>,
    pub failures: Vec<Notice>,
    pub failed: u64,
    pub skipped: u64,
    pub bytes: u64,
    pub input_bytes: u64,
    /// Time spent reading and decoding the inputs.
    pub read: Duration,
    /// Time spent annotating (wall time of the parallel annotation of each batch).
    pub annotate: Duration,
    /// Time spent waiting for the engine to take a batch (backpressure).
    pub blocked: Duration,
}

/// Reads every path, cuts batches of `options.batch_size` articles, annotates each with
/// `pipeline` (none: the batch is queued raw for workers) and sends it to `out`. Stops
/// sending (and annotating) once the receiver is gone: the engine hit an error.
pub(crate) fn read<P: AsRef<Path>>(
    paths: &[P],
    options: &IngestOptions,
    pipeline: Option<&Pipeline>,
    out: SyncSender<Batch>,
) -> Tally {
    let start = Instant::now();
    let mut tally = Tally::default();
    let mut docs: Vec<Document> = Vec::with_capacity(options.batch_size);
    let mut failures: Vec<Failure> = Vec::new();
    let mut stopped = false;
    // The file being read: when another file's first record arrives, the one before has
    // been read to its end and its size counts as input read.
    let mut current_file = String::new();
    let mut next_file = |file: &str, input_bytes: &mut u64| {
        if file != current_file {
            *input_bytes += std::fs::metadata(&current_file).map_or(0, |m| m.len());
            current_file = file.to_string();
        }
    };
    let send = |docs: &mut Vec<Document>, failures: &mut Vec<Failure>, tally: &mut Tally, stopped: &mut bool| {
        if *stopped {
            return;
        }
        let began = Instant::now();
        if let Some(pipeline) = pipeline {
            pipeline.annotate_batch(docs);
        }
        let annotated = Instant::now();
        tally.annotate += annotated - began;
        let batch = Batch {
            docs: std::mem::replace(docs, Vec::with_capacity(options.batch_size)),
            failures: std::mem::take(failures),
            failed: tally.failed,
            bytes: tally.bytes,
            input_bytes: tally.input_bytes,
        };
        *stopped = out.send(batch).is_err();
        tally.blocked += annotated.elapsed();
    };
    read_paths(paths, &options.read, &mut |item| {
        if stopped {
            return;
        }
        match item {
            Item::Article { mut doc, warnings } => {
                doc.origin = doc.origin.take().map(|o| options.renamed(o));
                let origin = doc.origin.clone().unwrap_or_default();
                next_file(file_of(&origin), &mut tally.input_bytes);
                let count = tally.files.entry(file_of(&origin).to_string()).or_default();
                count.records += 1;
                count.articles += 1;
                tally.bytes += doc.text.len() as u64;
                tally.warnings.extend(warnings.into_iter().map(|reason| Notice { origin: origin.clone(), reason }));
                docs.push(doc);
            }
            Item::Skipped { origin, .. } => {
                let origin = options.renamed(origin);
                next_file(file_of(&origin), &mut tally.input_bytes);
                let count = tally.files.entry(file_of(&origin).to_string()).or_default();
                count.records += 1;
                count.skipped += 1;
                tally.skipped += 1;
            }
            Item::Failed { origin, reason } => {
                let origin = options.renamed(origin);
                next_file(file_of(&origin), &mut tally.input_bytes);
                let count = tally.files.entry(file_of(&origin).to_string()).or_default();
                count.records += 1;
                count.failed += 1;
                tally.failed += 1;
                tally.failures.push(Notice { origin: origin.clone(), reason: reason.clone() });
                failures.push(Failure { origin, reason });
            }
        }
        if docs.len() >= options.batch_size {
            send(&mut docs, &mut failures, &mut tally, &mut stopped);
        }
    });
    next_file("", &mut tally.input_bytes);
    // The last, partial batch (or only failures): the engine records them even when empty.
    send(&mut docs, &mut failures, &mut tally, &mut stopped);
    tally.read = start.elapsed().saturating_sub(tally.annotate + tally.blocked);
    tally
}
