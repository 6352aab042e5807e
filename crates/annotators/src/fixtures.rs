//! Shared by the annotators' unit tests.

use newsgraph_document::{Document, Published};
use newsgraph_pipeline::Pipeline;

/// `text` through the default pipeline, published on 2026-03-14; `None` when the
/// recogniser's model is not compiled in.
pub(crate) fn annotate(text: &str) -> Option<Document> {
    newsgraph_ner::Recognizer::shared()?;
    let pipeline = Pipeline::from_names(&crate::registry(), crate::DEFAULT_PIPELINE).unwrap();
    let mut doc = Document::new("text", text.to_string());
    doc.published = Some(Published::parse("2026-03-14").unwrap());
    pipeline.annotate(&mut doc);
    Some(doc)
}
