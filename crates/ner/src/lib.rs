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

mod clusters;
mod conll;
mod features;
mod gazetteer;
mod hash;
mod model;
mod tags;
mod titles;
mod train;
mod weights;
mod word_scores;

pub use clusters::{ClassLookup, GRANULARITIES, WordClasses, learn as learn_word_classes};
pub use conll::{ConllDocument, Counts, Score, Sentence, parse as parse_conll};
pub use features::shape_into as word_shape_into;
pub use gazetteer::{Gazetteers, LearnedLists};
pub use hash::{BuildIdentity, IdentityHasher};
pub use model::Model;
pub use tags::{
    CLASSES, Kind, Position, Tag, TokenSpan, bilou_from_spans, iob2_from_spans, spans_from_bilou, spans_from_iob,
};
pub use titles::TitleSet;
pub use train::{CrossValidation, TrainOptions, cross_validate, evaluate, train};

use features::{DocumentAggregate, DocumentHistory, SentenceView, TokenKey, dynamic_features};
use weights::StageWeights;
use word_scores::WordRows;

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

/// A trained recogniser: a first stage, and optionally a second that sees what the first
/// called the same words elsewhere in the document.
pub struct Recognizer {
    /// The stages' scales and lists; their rows live in `weights` while tagging.
    stage1: Model,
    stage2: Option<Model>,
    weights: StageWeights,
    gazetteers: Gazetteers,
    /// Tells this recogniser's word rows from another's in the per-thread cache.
    id: u64,
}

const BUNDLE_MAGIC: &[u8; 8] = b"NGNERB1\0";

impl Recognizer {
    /// A recogniser from its stages (the name lists come with the first stage).
    pub fn from_models(mut stage1: Model, mut stage2: Option<Model>) -> Recognizer {
        let gazetteers = Gazetteers::with_learned(&stage1.learned);
        let weights = StageWeights::fuse(&mut stage1, stage2.as_mut());
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Recognizer { stage1, stage2, weights, gazetteers, id }
    }

    /// The word-vector clusters of a lower-cased word (GloVe, 128 / 512 / 2,048 clusters),
    /// when the model carries them: a part-of-speech-like class for other components.
    pub fn vector_classes(&self, lower: &str) -> Option<[u16; 3]> {
        self.gazetteers.vector_classes(lower)
    }

    /// The stages.
    pub fn into_models(mut self) -> (Model, Option<Model>) {
        self.weights.split(&mut self.stage1, self.stage2.as_mut());
        (self.stage1, self.stage2)
    }

    /// The shipped model, loaded once per process and shared.
    pub fn shared() -> Option<&'static Recognizer> {
        static SHARED: std::sync::OnceLock<Option<Recognizer>> = std::sync::OnceLock::new();
        SHARED.get_or_init(Recognizer::builtin).as_ref()
    }

    /// The shipped model, or `None` when this build carries no trained model.
    pub fn builtin() -> Option<Recognizer> {
        if BUILTIN_MODEL.is_empty() {
            return None;
        }
        Recognizer::from_bytes(BUILTIN_MODEL).ok()
    }

    /// Reads a model file: magic, then each stage as a length (u64, little-endian) and its
    /// bytes (see [`Model::from_bytes`]).
    pub fn from_bytes(bytes: &[u8]) -> Result<Recognizer> {
        if bytes.len() < 16 || &bytes[..8] != BUNDLE_MAGIC {
            return Err(Error::Model("not a newsgraph NER model file".into()));
        }
        let mut at = 8;
        let mut stages = Vec::new();
        while at < bytes.len() {
            let len = bytes
                .get(at..at + 8)
                .map(|b| u64::from_le_bytes(b.try_into().expect("8 bytes")) as usize)
                .ok_or_else(|| Error::Model("model file is truncated".into()))?;
            let body = bytes.get(at + 8..at + 8 + len).ok_or_else(|| Error::Model("model file is truncated".into()))?;
            stages.push(Model::from_bytes(body)?);
            at += 8 + len;
        }
        let mut stages = stages.into_iter();
        let stage1 = stages.next().ok_or_else(|| Error::Model("model file holds no stage".into()))?;
        Ok(Recognizer::from_models(stage1, stages.next()))
    }

    /// The model file (see [`Recognizer::from_bytes`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut stage1 = self.stage1.without_rows();
        let mut stage2 = self.stage2.as_ref().map(Model::without_rows);
        self.weights.clone().split(&mut stage1, stage2.as_mut());
        let mut out = BUNDLE_MAGIC.to_vec();
        for m in std::iter::once(&stage1).chain(stage2.as_ref()) {
            let b = m.to_bytes();
            out.extend_from_slice(&(b.len() as u64).to_le_bytes());
            out.extend_from_slice(&b);
        }
        out
    }

    /// Feature rows over all stages.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// True when no stage has weights.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// BILOU tags for the sentences of one document, in order.
    pub fn tag(&self, sentences: &[Vec<&str>]) -> Vec<Vec<Tag>> {
        let tokens: usize = sentences.iter().map(Vec::len).sum();
        let mut feats = Vec::with_capacity(96);
        // A normal article's fixed scores of both stages are computed in one pass and kept
        // for the second stage; those of a huge document are computed again, so that memory
        // stays bounded by a sentence.
        if tokens <= KEEP_FEATURES_UP_TO {
            let mut scored: Vec<ScoredSentence> = sentences.iter().map(|w| self.scored(w, &mut feats)).collect();
            let first = self.decode_document(0, scored.iter(), &mut feats);
            if self.stage2.is_none() {
                return first;
            }
            let agg = DocumentAggregate::new(sentences, &first);
            for (i, s) in scored.iter_mut().enumerate() {
                for (t, base) in s.second.iter_mut().enumerate() {
                    feats.clear();
                    agg.features(sentences[i][t], first[i][t], &mut feats);
                    self.weights.score(1, &feats, base);
                }
            }
            return self.decode_document(1, scored.iter(), &mut feats);
        }
        let mut fresh_feats = Vec::with_capacity(96);
        let first = self.decode_document(0, sentences.iter().map(|w| self.scored(w, &mut fresh_feats)), &mut feats);
        if self.stage2.is_none() {
            return first;
        }
        let agg = DocumentAggregate::new(sentences, &first);
        let mut agg_feats = Vec::with_capacity(8);
        let second = sentences.iter().enumerate().map(|(i, w)| {
            let mut s = self.scored(w, &mut fresh_feats);
            for (t, base) in s.second.iter_mut().enumerate() {
                agg_feats.clear();
                agg.features(w[t], first[i][t], &mut agg_feats);
                self.weights.score(1, &agg_feats, base);
            }
            s
        });
        self.decode_document(1, second, &mut feats)
    }

    /// Entity spans for the sentences of one document.
    pub fn spans(&self, sentences: &[Vec<&str>]) -> Vec<Vec<TokenSpan>> {
        self.tag(sentences).iter().map(|t| spans_from_bilou(t)).collect()
    }

    /// The fixed scores of a sentence's tokens under both stages: the context features
    /// looked up per token, the rows each word gives its neighbours summed once per word.
    fn scored(&self, words: &[&str], feats: &mut Vec<u64>) -> ScoredSentence {
        let n = words.len();
        let (mut lower_buf, mut shape_buf) = (String::new(), String::new());
        let view = SentenceView::new(words, &self.gazetteers, &mut lower_buf, &mut shape_buf);
        let mut first = vec![[0i32; CLASSES]; n];
        let mut second = vec![[0i32; CLASSES]; n];
        word_scores::with(self.id, |cache| {
            cache.make_room(n);
            let mut scratch = Vec::with_capacity(32);
            let slots: Vec<u32> = (0..n)
                .map(|j| {
                    cache.slot(word_scores::word_key(words[j], view.caps_line), || {
                        let mut rows = [[0i32; 2 * CLASSES]; 5];
                        for (d, row) in (-2..=2).zip(&mut rows) {
                            scratch.clear();
                            view.word_features(j, d, &mut scratch);
                            *row = self.weights.sum(&scratch);
                        }
                        WordRows { rows, coarse: view.classes(j).map(|c| c[0]) }
                    })
                })
                .collect();
            feats.clear();
            let mut ends = Vec::with_capacity(n);
            for i in 0..n {
                view.context_features(i, |j| cache.rows(slots[j]).coarse, feats);
                for d in [-2, -1, 1, 2] {
                    if view.at(i, d).is_none() {
                        view.pad_features(d, feats);
                    }
                }
                ends.push(feats.len());
            }
            self.weights.score_tokens(feats, &ends, &mut first, &mut second);
            for i in 0..n {
                for d in -2..=2 {
                    // The word at `i + d` gives token `i` its row for offset `d`.
                    let Some(j) = view.at(i, d) else { continue };
                    let row = &cache.rows(slots[j]).rows[(d + 2) as usize];
                    for c in 0..CLASSES {
                        first[i][c] += row[c];
                        second[i][c] += row[CLASSES + c];
                    }
                }
            }
        });
        ScoredSentence { first, second, keys: view.keys }
    }

    /// One stage over a document, sentence by sentence, with the document's history.
    fn decode_document<S: std::borrow::Borrow<ScoredSentence>>(
        &self,
        stage: usize,
        sentences: impl Iterator<Item = S>,
        feats: &mut Vec<u64>,
    ) -> Vec<Vec<Tag>> {
        let mut history = DocumentHistory::default();
        let mut out = Vec::new();
        for sentence in sentences {
            let sentence = sentence.borrow();
            let bases = if stage == 0 { &sentence.first } else { &sentence.second };
            let tags = decode(bases, &sentence.keys, &history, feats, |f, base, scores| {
                let mut s = *base;
                self.weights.score(stage, f, &mut s);
                for (o, v) in scores.iter_mut().zip(s) {
                    *o = v as f32;
                }
            });
            history.record(&sentence.keys, &tags);
            out.push(tags);
        }
        out
    }
}

/// A sentence's tokens with the sums of their fixed features' rows under each stage.
struct ScoredSentence {
    first: Vec<[i32; CLASSES]>,
    second: Vec<[i32; CLASSES]>,
    keys: Vec<TokenKey>,
}

/// Documents up to this many tokens keep their first-stage features for the second.
const KEEP_FEATURES_UP_TO: usize = 50_000;

/// Greedy left-to-right decoding under BILOU constraints: each token's fixed score plus
/// its dynamic features' rows.
fn decode(
    bases: &[[i32; CLASSES]],
    keys: &[TokenKey],
    history: &DocumentHistory,
    feats: &mut Vec<u64>,
    mut score: impl FnMut(&[u64], &[i32; CLASSES], &mut [f32; CLASSES]),
) -> Vec<Tag> {
    let n = bases.len();
    let mut tags = Vec::with_capacity(n);
    let (mut prev, mut prev2) = (Tag::O, Tag::O);
    for (base, &key) in bases.iter().zip(keys) {
        feats.clear();
        dynamic_features(key, prev, prev2, history, feats);
        let mut scores = [0f32; CLASSES];
        score(feats, base, &mut scores);
        let best = best_allowed(&scores, prev, tags.len() + 1 == n);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Sentences of every shape the word cache must get right: repeated words, a line in
    /// capitals, one- and two-word sentences, words that are not ASCII.
    const SENTENCES: &[&str] = &[
        "Bank of Japan Governor Haruhiko Kuroda spoke in Tokyo on Monday .",
        "Kuroda said the Bank of Japan would keep rates low , Kuroda said .",
        "SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .",
        "Reuters",
        "Zürich 3 São Paulo 1",
        "\"We will see,\" said Ms. Ōtani of the Zürich-based group ÆON .",
    ];

    #[test]
    fn word_rows_summed_once_score_as_every_feature_looked_up() {
        let Some(ner) = Recognizer::builtin() else { return };
        // Twice: the second pass reads every word's rows from the cache.
        for _ in 0..2 {
            for text in SENTENCES {
                let words: Vec<&str> = text.split(' ').collect();
                let mut feats = Vec::new();
                let scored = ner.scored(&words, &mut feats);
                let (mut flat, mut ends) = (Vec::new(), Vec::new());
                let keys = features::sentence_features_flat(&words, &ner.gazetteers, &mut flat, &mut ends);
                let mut first = vec![[0i32; CLASSES]; words.len()];
                let mut second = vec![[0i32; CLASSES]; words.len()];
                ner.weights.score_tokens(&flat, &ends, &mut first, &mut second);
                assert_eq!(scored.keys, keys);
                assert_eq!((scored.first, scored.second), (first, second), "{text}");
            }
        }
    }

    #[test]
    fn the_shipped_model_reads() {
        // A model file written by an older format would otherwise turn every entity test
        // into a silent skip.
        if !super::BUILTIN_MODEL.is_empty() {
            let model =
                super::Recognizer::from_bytes(super::BUILTIN_MODEL).expect("models/ner.bin reads with this build");
            // Tagging keeps both stages' rows in one table; writing splits them again.
            assert!(model.to_bytes() == super::BUILTIN_MODEL, "the model writes back byte for byte");
        }
    }
}
