//! Named-entity recognition for news English: PER, ORG, LOC, MISC.
//!
//! A greedy left-to-right averaged perceptron over BILOU tags (Ratinov & Roth 2009): hashed
//! features of the word, its shape, affixes and neighbours, gazetteer matches, the previous
//! two predictions, and what the document already called the same word. Decoding respects
//! BILOU transitions. The trained model is compiled into the binary.
//!
//! This crate tags token sequences; tokenising text, grouping mentions into entities and
//! finding titles belong to the annotators.
//!
//! ```
//! let Some(ner) = newsgraph_ner::Recognizer::builtin() else { return };
//! let sentence = ["Bank", "of", "Japan", "Governor", "Haruhiko", "Kuroda", "spoke", "in", "Tokyo", "."];
//! let spans = ner.spans(&[sentence.to_vec()]);
//! assert!(spans[0].iter().any(|s| s.kind == newsgraph_ner::Kind::Per && (s.start, s.end) == (4, 6)));
//! ```

mod conll;
mod features;
mod gazetteer;
mod hash;
mod model;
mod tags;
mod train;

pub use conll::{ConllDocument, Counts, Score, Sentence, parse as parse_conll};
pub use gazetteer::Gazetteers;
pub use model::Model;
pub use tags::{CLASSES, Kind, Position, Tag, TokenSpan, bilou_from_spans, iob2_from_spans, spans_from_bilou, spans_from_iob};
pub use train::{TrainOptions, evaluate, train};

use features::{DocumentHistory, dynamic_features, sentence_features};

/// Errors of the recogniser.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A model file that cannot be read.
    #[error("NER model: {0}")]
    Model(String),
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The model shipped with newsgraph (`models/ner.bin`, retrained by `newsgraph train ner`).
static BUILTIN_MODEL: &[u8] = include_bytes!("../../../models/ner.bin");

/// A trained recogniser.
pub struct Recognizer {
    model: Model,
    gazetteers: Gazetteers,
}

impl Recognizer {
    /// A recogniser from a model and gazetteers.
    pub fn new(model: Model, gazetteers: Gazetteers) -> Recognizer {
        Recognizer { model, gazetteers }
    }

    /// The shipped model, or `None` when this build carries no trained model.
    pub fn builtin() -> Option<Recognizer> {
        if BUILTIN_MODEL.is_empty() {
            return None;
        }
        Some(Recognizer::new(Model::from_bytes(BUILTIN_MODEL).ok()?, Gazetteers::builtin()))
    }

    /// Loads a model file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Recognizer> {
        Ok(Recognizer::new(Model::from_bytes(bytes)?, Gazetteers::builtin()))
    }

    /// The weights.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// BILOU tags for the sentences of one document, in order.
    pub fn tag(&self, sentences: &[Vec<&str>]) -> Vec<Vec<Tag>> {
        let mut history = DocumentHistory::default();
        let mut out = Vec::with_capacity(sentences.len());
        let mut feats = Vec::with_capacity(64);
        for words in sentences {
            let fixed = sentence_features(words, &self.gazetteers);
            let tags = decode(words, &fixed, &history, &mut feats, |f, scores| {
                let mut s = [0i32; CLASSES];
                self.model.score(f, &mut s);
                for (o, v) in scores.iter_mut().zip(s) {
                    *o = v as f32;
                }
            });
            history.record(words, &tags);
            out.push(tags);
        }
        out
    }

    /// Entity spans for the sentences of one document.
    pub fn spans(&self, sentences: &[Vec<&str>]) -> Vec<Vec<TokenSpan>> {
        self.tag(sentences).iter().map(|t| spans_from_bilou(t)).collect()
    }
}

/// Greedy left-to-right decoding under BILOU constraints.
pub(crate) fn decode(
    words: &[&str],
    fixed: &[Vec<u64>],
    history: &DocumentHistory,
    feats: &mut Vec<u64>,
    mut score: impl FnMut(&[u64], &mut [f32; CLASSES]),
) -> Vec<Tag> {
    let n = words.len();
    let mut tags = Vec::with_capacity(n);
    let (mut prev, mut prev2) = (Tag::O, Tag::O);
    for i in 0..n {
        feats.clear();
        feats.extend_from_slice(&fixed[i]);
        dynamic_features(words, i, prev, prev2, history, feats);
        let mut scores = [0f32; CLASSES];
        score(feats, &mut scores);
        let best = best_allowed(&scores, prev, i + 1 == n);
        tags.push(best);
        prev2 = prev;
        prev = best;
    }
    tags
}

/// The best-scoring tag that may follow `prev` (and end the sentence, when `last`).
pub(crate) fn best_allowed(scores: &[f32; CLASSES], prev: Tag, last: bool) -> Tag {
    let mut best = Tag::O;
    let mut best_score = f32::NEG_INFINITY;
    for (c, &s) in scores.iter().enumerate() {
        let t = Tag(c as u8);
        if prev.allows(t) && (!last || t.can_end()) && s > best_score {
            best = t;
            best_score = s;
        }
    }
    if best_score == f32::NEG_INFINITY {
        // Only reachable after an ill-formed prefix: close whatever is open.
        if let Some((_, k)) = prev.parts() {
            return Tag::new(Position::Last, k);
        }
    }
    best
}
