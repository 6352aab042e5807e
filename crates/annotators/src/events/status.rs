//! Event status, learned: a multiclass averaged perceptron over the clause around an event
//! word — the verb group and what governs it (the rules' cue words), the rules' own answer,
//! the words just before and after, conditionals and negation in the sentence, and the
//! event's date against the publication date. It answers for any predicate, so it is trained
//! and measured on every MEANTIME event (`newsgraph train event-status`, `eval
//! events-status`); the shipped model is `models/event-status.bin`. With an empty model the
//! rules decide alone.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use newsgraph_document::{Document, EventStatus, Span};
use newsgraph_ner::BuildIdentity;

use super::lexicon;
use super::{Clause, Form, Site, View};
use crate::feature_hash::F;
use crate::training_order::TrainingOrder;

const MAGIC: &[u8; 8] = b"NGSTA001";
static BUILTIN: &[u8] = include_bytes!("../../../../models/event-status.bin");

/// The statuses the model chooses between (MEANTIME has no "ongoing": the rules keep it).
pub const CLASSES: [EventStatus; 4] =
    [EventStatus::Happened, EventStatus::Scheduled, EventStatus::Negated, EventStatus::Hypothetical];
const N: usize = CLASSES.len();

/// The index of a status among [`CLASSES`] (ongoing counts as happened).
pub fn class_of(s: EventStatus) -> usize {
    match s {
        EventStatus::Happened | EventStatus::Ongoing => 0,
        EventStatus::Scheduled => 1,
        EventStatus::Negated => 2,
        EventStatus::Hypothetical => 3,
    }
}

/// Weights per hashed feature.
#[derive(Default)]
pub struct StatusModel {
    weights: Weights,
}

impl StatusModel {
    /// The model compiled into the binary.
    pub fn builtin() -> &'static StatusModel {
        static MODEL: LazyLock<StatusModel> =
            LazyLock::new(|| StatusModel::from_bytes(BUILTIN).expect("models/event-status.bin is a status model"));
        &MODEL
    }

    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// The best class and its margin over the runner-up, squashed into 0.5–1.
    pub fn predict(&self, features: &[u64]) -> (usize, f32) {
        predict(&self.weights, features)
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut keys: Vec<&u64> = self.weights.keys().collect();
        keys.sort_unstable();
        let mut out = MAGIC.to_vec();
        out.extend((keys.len() as u64).to_le_bytes());
        for k in keys {
            out.extend(k.to_le_bytes());
            for w in &self.weights[k] {
                out.extend(w.to_le_bytes());
            }
        }
        out
    }

    pub fn from_bytes(b: &[u8]) -> Result<StatusModel, String> {
        let rest = b.strip_prefix(MAGIC.as_slice()).ok_or("not an event status model (bad magic)")?;
        let n = rest.get(..8).map(|x| u64::from_le_bytes(x.try_into().expect("8 bytes"))).ok_or("truncated")?;
        let row = 8 + 4 * N;
        let body = &rest[8..];
        if (body.len() as u64) != n.saturating_mul(row as u64) {
            return Err(format!("truncated: {} weight rows announced, {} bytes present", n, body.len()));
        }
        let mut weights = HashMap::with_capacity_and_hasher(n as usize, BuildIdentity::default());
        for r in body.chunks_exact(row) {
            let k = u64::from_le_bytes(r[..8].try_into().expect("8 bytes"));
            let mut w = [0.0; N];
            for (c, x) in w.iter_mut().enumerate() {
                *x = f32::from_le_bytes(r[8 + 4 * c..12 + 4 * c].try_into().expect("4 bytes"));
            }
            weights.insert(k, w);
        }
        Ok(StatusModel { weights })
    }
}

type Weights = HashMap<u64, [f32; N], BuildIdentity>;

fn predict(weights: &Weights, features: &[u64]) -> (usize, f32) {
    let mut s = [0.0f32; N];
    for f in features {
        if let Some(w) = weights.get(f) {
            for (a, b) in s.iter_mut().zip(w) {
                *a += b;
            }
        }
    }
    let best = (0..N).max_by(|&a, &b| s[a].total_cmp(&s[b])).unwrap_or(0);
    let second = (0..N).filter(|&c| c != best).map(|c| s[c]).fold(f32::NEG_INFINITY, f32::max);
    (best, 1.0 / (1.0 + (-(s[best] - second)).exp()))
}

/// A labelled event word for training: its features and its gold class.
pub struct StatusExample {
    pub features: Vec<u64>,
    pub class: usize,
    /// What the rules alone answer, for comparison.
    pub rule: usize,
}

/// The features of each event word (byte spans) in an annotated document, with the rules'
/// answer (a class of [`CLASSES`]).
pub fn status_features(doc: &Document, triggers: &[Span]) -> Vec<(Vec<u64>, usize)> {
    let view = View::new(doc);
    triggers
        .iter()
        .map(|t| match view.site_of(*t) {
            Some((site, clause)) => {
                let (rule, date) = view.rule_status(&site, &clause);
                (view.features(&site, &clause, rule, date.as_deref()), class_of(rule))
            }
            None => (vec![F::new(0).done()], 0),
        })
        .collect()
}

/// Trains a model: `epochs` passes in an order shuffled by `seed`, weights averaged.
pub fn train_status(examples: &[StatusExample], epochs: usize, seed: u64) -> StatusModel {
    let mut w: Weights = HashMap::default();
    let mut total: Weights = HashMap::default();
    let mut stamp: HashMap<u64, [u64; N], BuildIdentity> = HashMap::default();
    let mut order = TrainingOrder::new(examples.len(), seed);
    let mut step = 0u64;
    for _ in 0..epochs {
        for &e in order.shuffle() {
            step += 1;
            let ex = &examples[e];
            let (guess, _) = predict(&w, &ex.features);
            if guess == ex.class {
                continue;
            }
            for &f in &ex.features {
                for (c, delta) in [(ex.class, 1.0f32), (guess, -1.0)] {
                    let wr = w.entry(f).or_insert([0.0; N]);
                    let tr = total.entry(f).or_insert([0.0; N]);
                    let sr = stamp.entry(f).or_insert([0; N]);
                    tr[c] += (step - sr[c]) as f32 * wr[c];
                    sr[c] = step;
                    wr[c] += delta;
                }
            }
        }
    }
    let mut weights = HashMap::default();
    for (f, wr) in &w {
        let tr = total.get(f).copied().unwrap_or([0.0; N]);
        let sr = stamp.get(f).copied().unwrap_or([0; N]);
        let mut avg = [0.0; N];
        for c in 0..N {
            avg[c] = (tr[c] + (step - sr[c]) as f32 * wr[c]) / step.max(1) as f32;
        }
        if avg.iter().any(|x| x.abs() > 1e-6) {
            weights.insert(*f, avg);
        }
    }
    StatusModel { weights }
}

impl View<'_> {
    /// Tokens `i..end` of a byte span and the sentence holding it.
    pub(super) fn locate(&self, t: Span) -> (usize, usize, Option<Range<usize>>) {
        let tokens = &self.doc.tokens;
        let i = tokens.partition_point(|k| k.span.end <= t.start);
        let end = tokens.partition_point(|k| k.span.start < t.end).max(i + 1);
        let range = self.sentences.iter().find(|r| r.contains(&i)).cloned().filter(|_| i < tokens.len());
        let end = range.as_ref().map_or(end, |r| end.min(r.end));
        (i, end, range)
    }

    /// Verb or noun, for any event word: the vocabulary's form where it has one; otherwise a
    /// verb follows its auxiliaries or a subject or is inflected as one, a noun a determiner.
    pub(super) fn form_of(&self, i: usize, range: &Range<usize>) -> (Form, Option<super::Kind>) {
        let w = self.w(i);
        let prev = if i > range.start { self.w(i - 1) } else { "" };
        let known = lexicon::trigger(w);
        let form = match known {
            Some((_, f)) if f != Form::Either => f,
            _ if lexicon::determiner(prev) || matches!(prev, "'s" | "his" | "her" | "its" | "their" | "our") => {
                Form::Noun
            }
            _ if lexicon::VERB_GROUP.contains(&prev)
                || matches!(prev, "he" | "she" | "they" | "we" | "i" | "you" | "it" | "who" | "which")
                || w.ends_with("ed")
                || w.ends_with("ing") =>
            {
                Form::Verb
            }
            _ if self.ends.get(i.wrapping_sub(1)).copied().flatten().is_some() => Form::Verb,
            _ => Form::Noun,
        };
        (form, known.map(|(k, _)| k))
    }

    /// The event word at a byte span with its clause, for a status asked from outside the
    /// layer (any predicate); None when the span lies in no sentence.
    pub(super) fn site_of(&self, trigger: Span) -> Option<(Site, Clause<'_>)> {
        let (i, end, range) = self.locate(trigger);
        let range = range?;
        let (form, kind) = self.form_of(i, &range);
        let lo = range.start.max(i.saturating_sub(super::REACH));
        let clause = self.clause(i, end, kind, form, lo);
        Some((Site { i, end, range, form }, clause))
    }

    /// What the learned model reads about the event word at `site`.
    pub(super) fn features(&self, site: &Site, c: &Clause, rule: EventStatus, date: Option<&str>) -> Vec<u64> {
        let Site { i, end, ref range, form } = *site;
        let mut f = Vec::with_capacity(48);
        let w = self.w(i);
        f.push(F::new(1).done());
        f.push(F::new(2).num(class_of(rule) as u64).num(u64::from(rule == EventStatus::Ongoing)).done());
        f.push(F::new(3).bytes(w.as_bytes()).done());
        let suffix = &w[w.char_indices().rev().nth(2).map_or(0, |(k, _)| k)..];
        f.push(F::new(4).bytes(suffix.as_bytes()).num(form as u64).done());
        f.push(F::new(5).num(form as u64).num(u64::from(c.passive)).num(u64::from(c.progressive)).done());
        for cue in &c.cues {
            f.push(F::new(6).bytes(cue.as_bytes()).done());
        }
        for k in 1..=2 {
            let prev = if i >= range.start + k { self.w(i - k) } else { "<s>" };
            f.push(F::new(7).num(k as u64).bytes(prev.as_bytes()).done());
        }
        f.push(F::new(8).bytes(self.w(end).as_bytes()).done());
        f.push(F::new(9).bytes(self.w(i.saturating_sub(1)).as_bytes()).bytes(w.as_bytes()).done());
        // The sentence before the word: conditionals, modals, negation, intentions
        // ("intends to", "fears of"), by stem so that "plans", "planned", "planning" agree.
        for k in range.start.max(i.saturating_sub(8))..i {
            let x = self.w(k);
            f.push(F::new(10).bytes(stem(x).as_bytes()).done());
            if lexicon::negates(x) && i - k <= 3 {
                f.push(F::new(11).done());
            }
        }
        // What governs it: the verb before an infinitive's "to", the word before a noun
        // phrase ("fears of a recession", "the now-cancelled deal").
        let mut k = i;
        while k > range.start && (lexicon::determiner(self.w(k - 1)) || self.w(k - 1).ends_with("ly")) {
            k -= 1;
        }
        if k > range.start && self.w(k - 1) == "to" {
            let g = (range.start..k - 1).rev().find(|&g| !self.w(g).ends_with("ly") && self.w(g) != "not");
            f.push(F::new(16).bytes(g.map_or("", |g| stem(self.w(g))).as_bytes()).done());
        } else if k > range.start {
            f.push(F::new(17).bytes(stem(self.w(k - 1)).as_bytes()).num(form as u64).done());
            if k > range.start + 1 {
                f.push(F::new(18).bytes(stem(self.w(k - 2)).as_bytes()).bytes(stem(self.w(k - 1)).as_bytes()).done());
            }
        }
        if (range.start..i).any(|k| matches!(self.w(k), "if" | "unless" | "whether")) {
            f.push(F::new(12).done());
        }
        // And just after it: "to", "that", an object.
        for k in end..(end + 3).min(range.end) {
            f.push(F::new(13).num((k - end) as u64).bytes(self.w(k).as_bytes()).done());
        }
        let when = match date {
            None => 0,
            Some(_) if self.after_publication(date) => 1,
            Some(_) => 2,
        };
        f.push(F::new(14).num(when).done());
        // Every time expression of the sentence near the word, by where it points: "over
        // the next four years" makes cuts scheduled though it gives no calendar date.
        let tokens = &self.doc.tokens;
        let (lo, hi) = (tokens[range.start].span.start, tokens[range.end - 1].span.end);
        for t in self.doc.time_expressions.iter().filter(|t| t.span.start >= lo && t.span.end <= hi) {
            let after = t.span.start >= tokens[i].span.start;
            let v = t.value.as_str();
            let to = t.to.as_deref().unwrap_or(v);
            let points = if v == "FUTURE_REF" || self.after_publication(Some(to)) {
                1
            } else if v == "PAST_REF" || v.starts_with(|c: char| c.is_ascii_digit()) {
                2
            } else if v == "PRESENT_REF" {
                3
            } else {
                4
            };
            f.push(F::new(19).num(points).num(u64::from(after)).num(t.kind as u64).done());
            let words = &self.doc.text[t.span.range()];
            if let Some(first) = words.split_whitespace().next() {
                f.push(F::new(20).bytes(first.to_lowercase().as_bytes()).num(u64::from(after)).done());
            }
        }
        let first_sentence = self.sentences.first().is_some_and(|s| s.start == range.start);
        f.push(F::new(15).num(u64::from(first_sentence)).done());
        f
    }
}

/// A crude stem: the inflections that matter for a verb's meaning here ("plans", "planned",
/// "planning" → "plan").
pub(super) fn stem(w: &str) -> &str {
    for suffix in ["ing", "ed", "es", "s"] {
        if let Some(s) = w.strip_suffix(suffix).filter(|s| s.len() >= 3) {
            // A doubled final consonant belongs to the inflection: "planned" → "plan".
            let b = s.as_bytes();
            let doubled = suffix != "s" && b[b.len() - 1] == b[b.len() - 2] && !b"aeiouls".contains(&b[b.len() - 1]);
            return if doubled { &s[..s.len() - 1] } else { s };
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(words: &[u8], class: usize) -> StatusExample {
        StatusExample { features: words.iter().map(|&w| F::new(w).done()).collect(), class, rule: 0 }
    }

    #[test]
    fn a_trained_model_separates_its_classes_and_survives_a_round_trip() {
        let data: Vec<StatusExample> = (0..20).map(|n| example(&[1, 10 + (n % 4) as u8], n % 4)).collect();
        let model = train_status(&data, 5, 7);
        for e in &data {
            assert_eq!(model.predict(&e.features).0, e.class);
        }
        let bytes = model.to_bytes();
        let back = StatusModel::from_bytes(&bytes).unwrap();
        for e in &data {
            assert_eq!(back.predict(&e.features), model.predict(&e.features));
        }
        assert!(StatusModel::from_bytes(&bytes[..bytes.len() - 3]).err().unwrap().contains("truncated"));
        assert!(StatusModel::from_bytes(b"NGQTE006").is_err());
    }

    #[test]
    fn the_stem_joins_inflections() {
        for w in ["planned", "plans", "planning", "plan"] {
            assert_eq!(stem(w), "plan", "{w}");
        }
        assert_eq!(stem("is"), "is");
    }
}
