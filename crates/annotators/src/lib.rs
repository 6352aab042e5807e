//! newsgraph's annotators and the registry that names them.
//!
//! Each annotator is one module implementing [`Annotator`]; [`registry`] has one line per
//! annotator, and [`DEFAULT_PIPELINE`] lists the order the engine runs them in.
//!
//! Annotators here never panic on any input text and run in time linear in its length.
//! They do no I/O: models they need are compiled into the binary.
//!
//! ```
//! use newsgraph_document::Document;
//! use newsgraph_pipeline::Pipeline;
//! let pipeline = Pipeline::from_names(&newsgraph_annotators::registry(), newsgraph_annotators::DEFAULT_PIPELINE).unwrap();
//! let mut doc = Document::new("text", "Mr. Aso flew home. He said no.\n\nA new paragraph.".into());
//! pipeline.annotate(&mut doc);
//! assert_eq!(doc.paragraphs.len(), 2);
//! assert_eq!(doc.sentences.len(), 3);
//! ```

use newsgraph_pipeline::{Annotator, Registry};

mod abbreviations;
mod entities;
mod events;
mod feature_hash;
#[cfg(test)]
mod fixtures;
#[doc(hidden)]
pub mod fuzzing;
mod paragraphs;
mod places;
mod quotes;
mod sentences;
mod syntax;
mod time;
mod tokenizer;
mod training_order;

pub use entities::Entities;
pub use events::{
    ARGUMENT_ROLES, ArgumentExample, ArgumentModel, ArgumentSite, Events, STATUS_CLASSES, StatusExample, StatusModel,
    argument_sites, class_of as status_class, event_types, status_features, status_of as event_status_of,
    train_arguments, train_status,
};
pub use paragraphs::Paragraphs;
pub use places::Places;
pub use quotes::{
    ContentExample, ContentModel, ContentOptions, CueExample, CueTable, JoinExample, Joiner, MergeOptions, ModelError,
    Quotes, SpeakerRanker, Trainer, learn_cues, merge, merge_spans, train_joiner, train_speakers,
};
pub use sentences::Sentences;
pub use syntax::{Syntax, SyntaxOptions, SyntaxScores, Tree, TreebankSentence, read_conllu, train_syntax};
pub use time::TimeExpressions;
pub use tokenizer::{Tokenizer, tokenize};

/// Every annotator by name.
pub fn registry() -> Registry {
    Registry::default()
        .with("paragraphs", || Box::new(Paragraphs))
        .with("tokens", || Box::new(Tokenizer))
        .with("sentences", || Box::new(Sentences))
        .with("entities", || Box::new(Entities::default()))
        .with("places", || Box::new(Places::default()))
        .with("time", || Box::new(TimeExpressions))
        .with("quotes", || Box::new(Quotes::default()))
        .with("quote-rules", || Box::new(Quotes::rules()))
        .with("events", || Box::new(Events))
}

/// The annotators the engine runs, in order.
pub const DEFAULT_PIPELINE: &[&str] =
    &["paragraphs", "tokens", "sentences", "entities", "places", "time", "quotes", "events"];

#[allow(dead_code)]
fn assert_object_safe(_: &dyn Annotator) {}
