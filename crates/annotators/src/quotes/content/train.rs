//! Training the content tagger: a cue table counted from the examples' annotated cues, then
//! an averaged perceptron over B/I/O tags, greedy left to right with its own predicted
//! history (as it will run), documents shuffled by a seeded generator every epoch.

use std::collections::HashMap;

use newsgraph_document::{Document, Span};

use super::features::{CueTable, Tokens, tag_features};
use super::{B, ContentModel, I, L, O, TAGS, U, allowed, best_allowed};
use crate::quotes::merge::MergeOptions;

/// One annotated document: the document as the rule pipeline left it (tokens, sentences,
/// entities, rule quotes) and one annotator's contents and cues, as byte spans.
pub struct ContentExample<'a> {
    pub doc: &'a Document,
    pub contents: Vec<Vec<Span>>,
    pub cues: Vec<Span>,
}

/// Training settings.
#[derive(Clone, Debug)]
pub struct ContentOptions {
    pub epochs: usize,
    pub seed: u64,
    /// A word enters the cue table when it is part of an annotated cue this often.
    pub min_cue_count: usize,
    /// Averaged weights whose largest magnitude is below this are dropped from the model.
    pub prune: f32,
}

impl Default for ContentOptions {
    fn default() -> Self {
        ContentOptions { epochs: 6, seed: 1, min_cue_count: 2, prune: 0.0 }
    }
}

fn token_at(doc: &Document, pos: u32) -> usize {
    doc.tokens.partition_point(|t| t.span.start < pos)
}

/// Counts, over the examples, how often each word is part of a cue.
fn cue_table(examples: &[ContentExample<'_>], min_count: usize) -> CueTable {
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut cue: HashMap<String, u32> = HashMap::new();
    for ex in examples {
        let doc = ex.doc;
        let mut is_cue = vec![false; doc.tokens.len()];
        for c in &ex.cues {
            for k in token_at(doc, c.start)..token_at(doc, c.end) {
                is_cue[k] = true;
            }
        }
        for (k, t) in doc.tokens.iter().enumerate() {
            let w = doc.slice(t.span);
            if !w.chars().any(char::is_alphabetic) {
                continue;
            }
            let w = w.to_lowercase();
            if is_cue[k] {
                *cue.entry(w.clone()).or_default() += 1;
            }
            *seen.entry(w).or_default() += 1;
        }
    }
    let ratio = cue
        .into_iter()
        .filter(|(_, n)| *n as usize >= min_count)
        .map(|(w, n)| {
            let r = n as f32 / seen[&w].max(1) as f32;
            (w, r)
        })
        .collect();
    CueTable { ratio }
}

/// The gold tags of one example: contents that overlap one already tagged (nested
/// attributions) are left to the outer one.
pub(super) fn gold_tags(ex: &ContentExample<'_>) -> Vec<u8> {
    let doc = ex.doc;
    let mut tags = vec![O; doc.tokens.len()];
    let mut parts: Vec<Span> = ex.contents.iter().flatten().copied().collect();
    parts.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    for p in parts {
        let (a, b) = (token_at(doc, p.start).min(tags.len()), token_at(doc, p.end).min(tags.len()));
        // A token that starts before the end but ends after it (a part ending mid-token).
        if a >= b || tags[a..b].iter().any(|&t| t != O) {
            continue;
        }
        if b == a + 1 {
            tags[a] = U;
        } else {
            tags[a] = B;
            tags[a + 1..b - 1].iter_mut().for_each(|t| *t = I);
            tags[b - 1] = L;
        }
    }
    tags
}

/// The gold tag as it can follow the predicted history: after a wrong start the content
/// is already open, so the best move is to close it where gold has none (L) or go on
/// where gold goes on; after a wrong end, gold's inside tokens begin a new content.
pub(super) fn repair(prev: u8, gold: u8, next: u8) -> u8 {
    if allowed(prev, gold) {
        return gold;
    }
    let goes_on = matches!(next, I | L);
    match (matches!(prev, B | I), gold) {
        // Open, gold outside or starting anew: close here.
        (true, _) => L,
        // Closed, gold inside: start (or a one-token content).
        (false, I) if goes_on => B,
        (false, _) => U,
    }
}

struct Weight {
    w: [f32; TAGS],
    total: [f64; TAGS],
    stamp: u64,
}

/// Trains a content model, one epoch at a time, so that every epoch count can be scored.
pub struct Trainer {
    docs: Vec<(Tokens, Vec<Vec<u64>>, Vec<u8>)>,
    cues: CueTable,
    weights: HashMap<u64, Weight, newsgraph_ner::BuildIdentity>,
    step: u64,
    rng: u64,
    order: Vec<usize>,
    prune: f32,
}

impl Trainer {
    /// Prepares the examples: the cue table, every token's fixed features, the gold tags.
    pub fn new(examples: &[ContentExample<'_>], opts: &ContentOptions) -> Trainer {
        let cues = cue_table(examples, opts.min_cue_count);
        let docs: Vec<(Tokens, Vec<Vec<u64>>, Vec<u8>)> = examples
            .iter()
            .map(|ex| {
                let t = Tokens::new(ex.doc, &cues);
                let feats = (0..t.len())
                    .map(|i| {
                        let mut f = Vec::with_capacity(30);
                        t.static_features(i, &mut f);
                        f
                    })
                    .collect();
                (t, feats, gold_tags(ex))
            })
            .collect();
        let order = (0..docs.len()).collect();
        Trainer {
            docs,
            cues,
            weights: HashMap::default(),
            step: 0,
            rng: opts.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1,
            order,
            prune: opts.prune,
        }
    }

    /// One pass over the shuffled documents.
    pub fn epoch(&mut self) {
        let order = &mut self.order;
        // Fisher–Yates with xorshift.
        for i in (1..order.len()).rev() {
            self.rng ^= self.rng << 13;
            self.rng ^= self.rng >> 7;
            self.rng ^= self.rng << 17;
            order.swap(i, (self.rng % (i as u64 + 1)) as usize);
        }
        let weights = &mut self.weights;
        let mut feats = Vec::with_capacity(48);
        for &d in order.iter() {
            let (t, stat, gold) = &self.docs[d];
            let mut tags: Vec<u8> = Vec::with_capacity(t.len());
            for i in 0..t.len() {
                self.step += 1;
                let step = self.step;
                feats.clear();
                feats.extend_from_slice(&stat[i]);
                let prev = if i > 0 { tags[i - 1] } else { O };
                let prev2 = if i > 1 { tags[i - 2] } else { O };
                tag_features(t, i, prev, prev2, &mut feats);
                let mut s = [0f32; TAGS];
                for f in &feats {
                    if let Some(w) = weights.get(f) {
                        for c in 0..TAGS {
                            s[c] += w.w[c];
                        }
                    }
                }
                let guess = best_allowed(&s, prev);
                let want = repair(prev, gold[i], gold.get(i + 1).copied().unwrap_or(O));
                if guess != want {
                    for f in &feats {
                        let w = weights.entry(*f).or_insert(Weight { w: [0.0; TAGS], total: [0.0; TAGS], stamp: step });
                        let gap = (step - w.stamp) as f64;
                        for c in 0..TAGS {
                            w.total[c] += gap * w.w[c] as f64;
                        }
                        w.stamp = step;
                        w.w[want as usize] += 1.0;
                        w.w[guess as usize] -= 1.0;
                    }
                }
                tags.push(guess);
            }
        }
    }

    /// The averaged model so far, joined with the rules as `merge` says.
    pub fn model(&self, merge: MergeOptions) -> ContentModel {
        let steps = self.step.max(1) as f64;
        let weights = self
            .weights
            .iter()
            .filter_map(|(k, w)| {
                let gap = (self.step - w.stamp) as f64;
                let avg: [f32; TAGS] = std::array::from_fn(|c| ((w.total[c] + gap * w.w[c] as f64) / steps) as f32);
                (avg.iter().any(|x| x.abs() > self.prune.max(f32::MIN_POSITIVE))).then_some((*k, avg))
            })
            .collect();
        ContentModel::new(self.cues.clone(), weights, merge, Default::default())
    }
}
