//! Reported content, learned: a greedy averaged perceptron that tags every token as the
//! beginning of a content (B), inside one (I) or outside (O), reading the words, the
//! reporting cues around them, quotation marks, the entity layer and what the rules found.
//! Trained on attribution-annotated news (PolNeAR train) by `newsgraph train quotes`; the
//! shipped model is `models/quotes.bin`.

mod features;
#[cfg(test)]
mod tests;
mod train;

use std::collections::HashMap;

use newsgraph_ner::BuildIdentity;

pub use features::CueTable;
pub use train::{ContentExample, ContentOptions, Trainer};

use super::merge::MergeOptions;

use features::{DenseSink, DenseWeights, Feature, Tokens, tag_features};
pub(crate) use features::{F, bucket};

use super::join::Joiner;
use super::lower_words::LowerWords;
use super::speaker::SpeakerRanker;
use newsgraph_document::{Document, Span};

const MAGIC: &[u8; 8] = b"NGQTE007";
pub(crate) const O: u8 = 0;
pub(crate) const B: u8 = 1;
pub(crate) const I: u8 = 2;
pub(crate) const L: u8 = 3;
pub(crate) const U: u8 = 4;
/// Tags: outside, first, inside, last, and a one-token content.
pub(crate) const TAGS: usize = 5;

/// Whether tag `next` may follow `prev`: a content once begun runs until a tag ends it, so
/// that one doubtful token inside cannot cut it in two.
pub(crate) fn allowed(prev: u8, next: u8) -> bool {
    match prev {
        B | I => matches!(next, I | L),
        _ => matches!(next, O | B | U),
    }
}

/// The best allowed tag for these scores.
pub(crate) fn best_allowed(s: &[f32; TAGS], prev: u8) -> u8 {
    (0..TAGS as u8).filter(|&t| allowed(prev, t)).max_by(|&a, &b| s[a as usize].total_cmp(&s[b as usize])).unwrap_or(O)
}

/// The content tagger.
pub struct ContentModel {
    pub(crate) cues: CueTable,
    pub(crate) weights: HashMap<u64, [f32; TAGS], BuildIdentity>,
    /// The weights of the small features again, as a dense table (built from `weights`).
    dense: DenseWeights,
    /// How its contents join the rules' quotes, as cross-validation chose.
    pub merge: MergeOptions,
    /// Ranks each quote's candidate speakers; empty when not trained.
    pub(crate) speakers: SpeakerRanker,
    /// Joins the pieces of an interrupted quotation; empty when not trained.
    pub(crate) joiner: Joiner,
}

/// Errors reading a model file.
#[derive(Debug)]
pub struct ModelError(pub String);

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "quote model: {}", self.0)
    }
}
impl std::error::Error for ModelError {}

impl ContentModel {
    /// The content spans of a document (byte offsets), each with the confidence of its
    /// start: the start tag's score over the outside tag's, scaled into 0–1.
    ///
    /// A content ends where the model closes it or, when `to_sentence_end`, at the end of
    /// that sentence if no other content starts first, with the fragments the model left in
    /// one sentence joined: attribution corpora mark the whole reported clause, and the
    /// model's ends are its least reliable decisions (on PolNeAR train, held-out articles:
    /// content F1 0.686 as tagged, 0.750 with ends to the sentence's).
    pub fn spans(&self, doc: &Document, to_sentence_end: bool) -> Vec<(Span, f32)> {
        self.spans_and_words(doc, to_sentence_end).0
    }

    /// [`ContentModel::spans`], and the document's words lower-cased, which the speaker
    /// ranker reads next.
    pub(crate) fn spans_and_words(&self, doc: &Document, to_sentence_end: bool) -> (Vec<(Span, f32)>, LowerWords) {
        let t = Tokens::new(doc, &self.cues);
        let (tags, confidence) = self.tag(&t);
        (self.spans_of(doc, to_sentence_end, &tags, &confidence), t.lower)
    }

    fn spans_of(&self, doc: &Document, to_sentence_end: bool, tags: &[u8], confidence: &[f32]) -> Vec<(Span, f32)> {
        let mut out: Vec<(Span, f32)> = Vec::new();
        let mut start = 0;
        for (k, &tag) in tags.iter().enumerate() {
            if matches!(tag, B | U) {
                start = k;
            }
            // A content still open at the end of the text ends there.
            if matches!(tag, L | U) || (matches!(tag, B | I) && k + 1 == tags.len()) {
                let span = Span::new(doc.tokens[start].span.start as usize, doc.tokens[k].span.end as usize);
                out.push((span, confidence[start]));
            }
        }
        if to_sentence_end {
            // Fragments in one sentence are one content cut short: join them.
            let sentence = |pos: u32| doc.sentences.partition_point(|s| s.end <= pos);
            let mut joined: Vec<(Span, f32)> = Vec::with_capacity(out.len());
            for (span, c) in out {
                match joined.last_mut() {
                    Some(last) if sentence(last.0.start) == sentence(span.start) => {
                        last.0.end = span.end;
                        last.1 = last.1.max(c);
                    }
                    _ => joined.push((span, c)),
                }
            }
            let mut out = joined;
            for j in 0..out.len() {
                let end = out[j].0.end;
                let next = out.get(j + 1).map_or(u32::MAX, |x| x.0.start);
                let s = doc.sentences.partition_point(|s| s.end < end);
                if let Some(s) = doc.sentences.get(s).filter(|s| s.end > end && s.end <= next) {
                    out[j].0.end = s.end;
                }
            }
            return out;
        }
        out
    }

    fn tag(&self, t: &Tokens) -> (Vec<u8>, Vec<f32>) {
        let mut tags = Vec::with_capacity(t.len());
        let mut confidence = Vec::with_capacity(t.len());
        let mut feats = DenseSink { dense: &self.dense, out: Vec::with_capacity(64) };
        for i in 0..t.len() {
            feats.out.clear();
            t.static_features(i, &mut feats);
            let prev = if i > 0 { tags[i - 1] } else { O };
            let prev2 = if i > 1 { tags[i - 2] } else { O };
            tag_features(t, i, prev, prev2, &mut feats);
            let s = self.scores(&feats.out);
            let tag = best_allowed(&s, prev);
            let (a, o) = (s[tag as usize], s[O as usize]);
            confidence.push(if tag == O { 0.0 } else { ((a - o) / (a.abs() + o.abs() + 1e-6)).clamp(0.0, 1.0) });
            tags.push(tag);
        }
        (tags, confidence)
    }

    /// The features' weights summed in order. A dense slot of a feature the model lacks holds
    /// zeros, and adding +0.0 changes no sum (a sum that starts at +0.0 is never −0.0), so the
    /// scores are bit for bit those of looking every feature up by its key.
    fn scores(&self, feats: &[Feature]) -> [f32; TAGS] {
        let mut s = [0f32; TAGS];
        for f in feats {
            let w = match *f {
                Feature::Slot(i) => &self.dense.rows[i as usize],
                Feature::Key(k) => match self.weights.get(&k) {
                    Some(w) => w,
                    None => continue,
                },
            };
            for c in 0..TAGS {
                s[c] += w[c];
            }
        }
        s
    }

    /// A model from its parts.
    pub(crate) fn new(
        cues: CueTable,
        weights: HashMap<u64, [f32; TAGS], BuildIdentity>,
        merge: MergeOptions,
        speakers: SpeakerRanker,
    ) -> ContentModel {
        let dense = DenseWeights::new(&weights);
        ContentModel { cues, weights, dense, merge, speakers, joiner: Joiner::default() }
    }

    /// The model as bytes: magic, cue table, weights (little-endian).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        let m = &self.merge;
        out.extend([
            u8::from(m.keep_unconfirmed),
            u8::from(m.require_cue),
            m.min_cue_level,
            m.min_tokens as u8,
            u8::from(m.to_sentence_end),
            u8::from(m.learned_direct),
            u8::from(m.rerank_speakers),
        ]);
        out.extend(m.min_confidence.to_le_bytes());
        out.extend(m.rule_speaker_margin.to_le_bytes());
        let mut cues: Vec<(&String, &f32)> = self.cues.ratio.iter().collect();
        cues.sort_by(|a, b| a.0.cmp(b.0));
        out.extend((cues.len() as u32).to_le_bytes());
        for (w, r) in cues {
            out.extend((w.len() as u16).to_le_bytes());
            out.extend(w.as_bytes());
            out.extend(r.to_le_bytes());
        }
        let mut weights: Vec<(&u64, &[f32; TAGS])> = self.weights.iter().collect();
        weights.sort_by_key(|w| *w.0);
        out.extend((weights.len() as u32).to_le_bytes());
        for (k, w) in weights {
            out.extend(k.to_le_bytes());
            for x in w {
                out.extend(x.to_le_bytes());
            }
        }
        write_scalars(&mut out, &self.speakers.weights);
        // The joiner last, and only when trained: a file written before it existed reads
        // as a model without one.
        if !self.joiner.is_empty() {
            write_scalars(&mut out, &self.joiner.weights);
        }
        out
    }

    /// The model with this joiner of interrupted quotations.
    pub fn with_joiner(mut self, joiner: Joiner) -> ContentModel {
        self.joiner = joiner;
        self
    }

    /// The model with this speaker ranker.
    pub fn with_speakers(mut self, speakers: SpeakerRanker) -> ContentModel {
        self.speakers = speakers;
        self
    }

    /// Reads [`ContentModel::to_bytes`].
    pub fn from_bytes(b: &[u8]) -> Result<ContentModel, ModelError> {
        let mut r = Reader { b, at: 0 };
        if r.take(8)? != MAGIC {
            return Err(ModelError("not a newsgraph quote model (bad magic)".into()));
        }
        let m = r.take(7)?;
        let merge = MergeOptions {
            keep_unconfirmed: m[0] != 0,
            require_cue: m[1] != 0,
            min_cue_level: m[2],
            min_tokens: m[3] as usize,
            to_sentence_end: m[4] != 0,
            learned_direct: m[5] != 0,
            rerank_speakers: m[6] != 0,
            min_confidence: r.f32()?,
            rule_speaker_margin: r.f32()?,
        };
        let n = r.u32()? as usize;
        let mut ratio = rustc_hash::FxHashMap::default();
        ratio.reserve(n);
        for _ in 0..n {
            let len = u16::from_le_bytes(r.take(2)?.try_into().expect("2 bytes")) as usize;
            let w = std::str::from_utf8(r.take(len)?).map_err(|_| ModelError("cue is not UTF-8".into()))?;
            ratio.insert(w.to_string(), r.f32()?);
        }
        let n = r.u32()? as usize;
        let mut weights = HashMap::with_capacity_and_hasher(n, BuildIdentity::default());
        for _ in 0..n {
            let k = u64::from_le_bytes(r.take(8)?.try_into().expect("8 bytes"));
            let mut w = [0f32; TAGS];
            for x in &mut w {
                *x = r.f32()?;
            }
            weights.insert(k, w);
        }
        let speakers = r.scalars()?;
        let joiner = if r.at < b.len() { r.scalars()? } else { HashMap::default() };
        if r.at != b.len() {
            return Err(ModelError("trailing bytes".into()));
        }
        Ok(ContentModel::new(CueTable { ratio }, weights, merge, SpeakerRanker { weights: speakers })
            .with_joiner(Joiner { weights: joiner }))
    }

    /// How many weights the model holds.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// Whether the model holds no weights.
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// The cue level (0–5) of a lower-cased word in the model's learned cue table.
    pub(crate) fn cue_level(&self, lower: &str) -> u8 {
        self.cues.level(lower)
    }
}

/// One weight per feature, sorted by feature: a count, then (feature, weight) pairs.
fn write_scalars(out: &mut Vec<u8>, weights: &HashMap<u64, f32, BuildIdentity>) {
    let mut sorted: Vec<(&u64, &f32)> = weights.iter().collect();
    sorted.sort_by_key(|w| *w.0);
    out.extend((sorted.len() as u32).to_le_bytes());
    for (k, w) in sorted {
        out.extend(k.to_le_bytes());
        out.extend(w.to_le_bytes());
    }
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let s = self.b.get(self.at..self.at + n).ok_or_else(|| ModelError("truncated".into()))?;
        self.at += n;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("4 bytes")))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_le_bytes(self.take(4)?.try_into().expect("4 bytes")))
    }

    /// What [`write_scalars`] wrote.
    fn scalars(&mut self) -> Result<HashMap<u64, f32, BuildIdentity>, ModelError> {
        let n = self.u32()? as usize;
        let mut out = HashMap::with_capacity_and_hasher(n, BuildIdentity::default());
        for _ in 0..n {
            let k = u64::from_le_bytes(self.take(8)?.try_into().expect("8 bytes"));
            out.insert(k, self.f32()?);
        }
        Ok(out)
    }
}
