//! The annotation pipeline.
//!
//! An [`Annotator`] declares which [`Layer`]s it requires and which it assigns; a
//! [`Pipeline`] is built from annotators by name through a [`Registry`] and checked once,
//! when built, so that no component runs before what it needs. Documents then stream
//! through in batches, annotated in parallel.
//!
//! This crate holds no annotators itself (see `newsgraph-annotators`) and knows nothing of
//! files or storage.
//!
//! ```
//! use newsgraph_document::{Document, Layer, Span};
//! use newsgraph_pipeline::{Annotator, Pipeline, Registry};
//!
//! struct WholeText;
//! impl Annotator for WholeText {
//!     fn name(&self) -> &'static str { "whole" }
//!     fn requires(&self) -> &'static [Layer] { &[] }
//!     fn assigns(&self) -> &'static [Layer] { &[Layer::Paragraphs] }
//!     fn annotate(&self, doc: &mut Document) { doc.paragraphs = vec![Span::new(0, doc.text.len())]; }
//! }
//! let registry = Registry::default().with("whole", || Box::new(WholeText));
//! let pipeline = Pipeline::from_names(&registry, &["whole"]).unwrap();
//! let mut doc = Document::new("text", "Hello.".into());
//! pipeline.annotate(&mut doc);
//! assert_eq!(doc.paragraphs.len(), 1);
//! ```

use std::collections::BTreeSet;

use newsgraph_document::{Document, Layer};
use rayon::prelude::*;

/// Errors found while building a pipeline.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Error {
    /// No annotator is registered under this name.
    #[error("unknown annotator {0:?} (known: {1})")]
    Unknown(String, String),
    /// An annotator needs a layer that no earlier annotator assigns.
    #[error("annotator {annotator:?} requires layer {layer}, which no earlier annotator assigns")]
    MissingLayer {
        /// The annotator that cannot run.
        annotator: &'static str,
        /// The missing layer.
        layer: Layer,
    },
    /// Two annotators assign the same layer.
    #[error("layer {layer} is assigned by both {first:?} and {second:?}")]
    Conflict {
        /// The layer.
        layer: Layer,
        /// The earlier annotator.
        first: &'static str,
        /// The later annotator.
        second: &'static str,
    },
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A pipeline component: reads some layers of a document and fills others.
pub trait Annotator: Send + Sync {
    /// Registry name.
    fn name(&self) -> &'static str;
    /// Layers that must be present before it runs.
    fn requires(&self) -> &'static [Layer];
    /// Layers it fills (replacing what was there).
    fn assigns(&self) -> &'static [Layer];
    /// Annotates one document. Must not panic on any text, and must run in time linear
    /// (or near-linear) in the text length.
    fn annotate(&self, doc: &mut Document);
}

type Factory = fn() -> Box<dyn Annotator>;

/// Names mapped to annotator constructors: adding an annotator is one `with` line.
#[derive(Default, Clone)]
pub struct Registry {
    entries: Vec<(&'static str, Factory)>,
}

impl Registry {
    /// Adds an annotator under `name`.
    pub fn with(mut self, name: &'static str, factory: Factory) -> Registry {
        self.entries.push((name, factory));
        self
    }

    /// Every registered name, in registration order.
    pub fn names(&self) -> Vec<&'static str> {
        self.entries.iter().map(|(n, _)| *n).collect()
    }

    fn build(&self, name: &str) -> Result<Box<dyn Annotator>> {
        self.entries
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| f())
            .ok_or_else(|| Error::Unknown(name.to_string(), self.names().join(", ")))
    }
}

/// An ordered, checked list of annotators.
pub struct Pipeline {
    annotators: Vec<Box<dyn Annotator>>,
}

impl Pipeline {
    /// Builds and checks a pipeline from annotator instances.
    pub fn new(annotators: Vec<Box<dyn Annotator>>) -> Result<Pipeline> {
        let mut assigned: Vec<(Layer, &'static str)> = Vec::new();
        for a in &annotators {
            for &layer in a.requires() {
                if !assigned.iter().any(|(l, _)| *l == layer) {
                    return Err(Error::MissingLayer { annotator: a.name(), layer });
                }
            }
            for &layer in a.assigns() {
                if let Some((_, first)) = assigned.iter().find(|(l, _)| *l == layer) {
                    return Err(Error::Conflict { layer, first, second: a.name() });
                }
                assigned.push((layer, a.name()));
            }
        }
        Ok(Pipeline { annotators })
    }

    /// Builds and checks a pipeline from registry names, in order.
    pub fn from_names(registry: &Registry, names: &[&str]) -> Result<Pipeline> {
        let annotators = names.iter().map(|n| registry.build(n)).collect::<Result<Vec<_>>>()?;
        Pipeline::new(annotators)
    }

    /// Names of the annotators, in order.
    pub fn names(&self) -> Vec<&'static str> {
        self.annotators.iter().map(|a| a.name()).collect()
    }

    /// The layers this pipeline fills.
    pub fn layers(&self) -> BTreeSet<Layer> {
        self.annotators.iter().flat_map(|a| a.assigns().iter().copied()).collect()
    }

    /// Runs every annotator over one document.
    pub fn annotate(&self, doc: &mut Document) {
        for a in &self.annotators {
            a.annotate(doc);
        }
    }

    /// Annotates a batch, documents in parallel.
    pub fn annotate_batch(&self, docs: &mut [Document]) {
        docs.par_iter_mut().for_each(|d| self.annotate(d));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fake(&'static str, &'static [Layer], &'static [Layer]);
    impl Annotator for Fake {
        fn name(&self) -> &'static str {
            self.0
        }
        fn requires(&self) -> &'static [Layer] {
            self.1
        }
        fn assigns(&self) -> &'static [Layer] {
            self.2
        }
        fn annotate(&self, _: &mut Document) {}
    }

    #[test]
    fn order_is_checked_when_built() {
        let tok = || Box::new(Fake("tok", &[], &[Layer::Tokens])) as Box<dyn Annotator>;
        let sent = || Box::new(Fake("sent", &[Layer::Tokens], &[Layer::Sentences])) as Box<dyn Annotator>;
        assert!(Pipeline::new(vec![tok(), sent()]).is_ok());
        assert_eq!(
            Pipeline::new(vec![sent(), tok()]).err(),
            Some(Error::MissingLayer { annotator: "sent", layer: Layer::Tokens })
        );
        assert!(matches!(Pipeline::new(vec![tok(), tok()]), Err(Error::Conflict { .. })));
    }

    #[test]
    fn unknown_names_are_reported_with_the_known_ones() {
        let registry = Registry::default().with("tok", || Box::new(Fake("tok", &[], &[Layer::Tokens])));
        let err = Pipeline::from_names(&registry, &["nope"]).err().unwrap();
        assert_eq!(err.to_string(), "unknown annotator \"nope\" (known: tok)");
    }
}
