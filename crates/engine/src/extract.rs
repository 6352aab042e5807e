use std::path::Path;

use newsgraph_document::Document;
use newsgraph_pipeline::Pipeline;
use newsgraph_readers::{Item, ReadOptions, read_paths};

use crate::Notice;

/// What [`extract`] yields per input: an annotated document with any warnings about its
/// input, or a failure.
pub type Extracted = std::result::Result<(Document, Vec<String>), Notice>;

/// Reads and annotates without storing: each document (or failure) goes to `sink` in input
/// order, annotated in batches of `batch_size` so that the pipeline runs in parallel.
pub fn extract<P: AsRef<Path>>(
    paths: &[P],
    options: &ReadOptions,
    pipeline: &Pipeline,
    batch_size: usize,
    sink: &mut dyn FnMut(Extracted),
) {
    let mut pending: Vec<Extracted> = Vec::new();
    let flush = |pending: &mut Vec<Extracted>, sink: &mut dyn FnMut(Extracted)| {
        let mut docs: Vec<Document> = Vec::new();
        let mut slots = Vec::with_capacity(pending.len());
        for p in pending.drain(..) {
            match p {
                Ok((d, warnings)) => {
                    docs.push(d);
                    slots.push(Ok(warnings));
                }
                Err(n) => slots.push(Err(n)),
            }
        }
        pipeline.annotate_batch(&mut docs);
        let mut docs = docs.into_iter();
        for slot in slots {
            sink(slot.map(|warnings| (docs.next().expect("one document per slot"), warnings)));
        }
    };
    read_paths(paths, options, &mut |item| {
        match item {
            Item::Article { doc, warnings } => pending.push(Ok((doc, warnings))),
            Item::Failed { origin, reason } => pending.push(Err(Notice { origin, reason })),
            Item::Skipped { .. } => {}
        }
        if pending.len() >= batch_size.max(1) {
            flush(&mut pending, sink);
        }
    });
    flush(&mut pending, sink);
}
