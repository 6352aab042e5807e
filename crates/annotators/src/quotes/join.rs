//! Interrupted quotations, joined: a learned decision, for each two quotes that follow one
//! another, whether they are one quotation told in pieces ("…," said X, chair of Y. "…").
//!
//! The rules join a quote interrupted by its own attribution when they see one; what they
//! miss (a second part with a cue of its own, a part the learned contents found, a gap the
//! rules do not read as an attribution) leaves two quotes where attribution corpora mark one:
//! PolNeAR annotates 2,277 of its 7,218 training quotations in quotation marks as one content
//! in several pieces. A binary averaged perceptron over what lies between the two (its words,
//! whether a line break or a sentence end is in it, whose cue and speaker it holds) and what
//! each side is (its kind, quotation marks, speaker, length) learns which pairs those are;
//! `newsgraph train quotes` trains it on the layer's own quotes of PolNeAR train, a pair
//! counting as one when both overlap one gold content.

use std::collections::HashMap;

use newsgraph_document::{Document, Quote, QuoteKind, Span};
use newsgraph_ner::BuildIdentity;

use crate::feature_hash::F;

/// The weights of the join decision; empty joins nothing.
#[derive(Clone, Default, Debug)]
pub struct Joiner {
    pub(crate) weights: HashMap<u64, f32, BuildIdentity>,
}

/// A document's quotes (in the layer's order) and, for each two consecutive ones, whether
/// they are one quotation: a training example.
pub type JoinExample<'a> = (&'a Document, Vec<Quote>, Vec<bool>);

impl Joiner {
    /// Whether the joiner holds no weights (and so joins nothing).
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// How many weights it holds.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    fn score(&self, features: &[u64]) -> f32 {
        features.iter().filter_map(|f| self.weights.get(f)).sum()
    }

    /// The quotes with each run of consecutive quotes the model calls one quotation joined
    /// into one quote in parts. Quotes are taken in order of their start; a quote that
    /// overlaps the one before it is never joined to it.
    pub fn join(&self, doc: &Document, quotes: Vec<Quote>) -> Vec<Quote> {
        if self.is_empty() || quotes.len() < 2 {
            return quotes;
        }
        let decisions: Vec<bool> = (1..quotes.len())
            .map(|i| {
                joinable(&quotes[i - 1], &quotes[i]) && self.score(&features(doc, &quotes[i - 1], &quotes[i])) > 0.0
            })
            .collect();
        let mut out: Vec<Quote> = Vec::with_capacity(quotes.len());
        for (i, q) in quotes.into_iter().enumerate() {
            match out.last_mut() {
                Some(p) if i > 0 && decisions[i - 1] => absorb(p, q),
                _ => out.push(q),
            }
        }
        out
    }
}

/// Two quotes can be one only when the second begins where the first has ended.
fn joinable(p: &Quote, q: &Quote) -> bool {
    q.content.start >= p.content.end
}

/// `q` joined to `p`: the parts of both, the first's speaker and cue (the second's when the
/// first has none), one kind when both have it, else mixed.
fn absorb(p: &mut Quote, q: Quote) {
    let parts = |x: &Quote| if x.parts.is_empty() { vec![x.content] } else { x.parts.clone() };
    let mut all = parts(p);
    all.extend(parts(&q));
    p.parts = all;
    p.content = Span::new(p.content.start as usize, q.content.end as usize);
    if p.speaker.is_none() && q.speaker.is_some() {
        p.speaker = q.speaker;
        p.cue = q.cue;
    }
    if p.kind != q.kind {
        p.kind = QuoteKind::Mixed;
    }
    p.confidence = match (p.confidence, q.confidence) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    p.date = p.date.take().or(q.date);
    p.place = p.place.take().or(q.place);
    p.manner = p.manner.take().or(q.manner);
    p.addressee = p.addressee.take().or(q.addressee);
}

/// A coarse count.
fn bucket(n: usize) -> u64 {
    match n {
        0 => 0,
        1..=3 => 1,
        4..=8 => 2,
        9..=15 => 3,
        16..=30 => 4,
        _ => 5,
    }
}

const MARKS: [char; 5] = ['"', '“', '”', '«', '»'];

/// Whether a quotation mark is in the span or within two characters of it (as the scorer
/// tells direct speech).
fn marked(text: &str, s: Span) -> bool {
    let lo = text.floor_char_boundary((s.start as usize).saturating_sub(2));
    let hi = text.ceil_char_boundary((s.end as usize + 2).min(text.len()));
    let window = &text[lo..hi];
    window.contains(MARKS) || window.contains("''") || window.contains("``")
}

fn kind_code(k: QuoteKind) -> u64 {
    match k {
        QuoteKind::Direct => 0,
        QuoteKind::Indirect => 1,
        QuoteKind::Mixed => 2,
    }
}

/// The features of the pair (`p`, `q`), `q` beginning after `p` ends.
fn features(doc: &Document, p: &Quote, q: &Quote) -> Vec<u64> {
    let text = doc.text.as_str();
    let gap_span = Span::new(p.content.end as usize, q.content.start as usize);
    let gap = text.get(gap_span.range()).unwrap_or("");
    let words: Vec<String> =
        gap.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    let line = gap.contains('\n');
    let gw = bucket(words.len());
    let chars: Vec<char> = gap.chars().collect();
    let sentence_ends = (0..chars.len())
        .filter(|&i| {
            matches!(chars[i], '.' | '!' | '?') && {
                let mut j = i + 1;
                if chars.get(j).is_some_and(|c| matches!(c, '"' | '”' | '’' | '\'')) {
                    j += 1;
                }
                chars.get(j).is_some_and(|c| c.is_whitespace())
            }
        })
        .count()
        .min(3) as u64;
    let (pd, qd) = (marked(text, p.content), marked(text, q.content));
    let inside = |s: Option<Span>| s.is_some_and(|s| gap_span.contains(s));
    let (pc, qc) = (inside(p.cue), inside(q.cue));
    let (p_own, q_own) = (p.cue.is_some() && !pc, q.cue.is_some() && !qc);
    let same_speaker = match (&p.speaker, &q.speaker) {
        (Some(a), Some(b)) => (a.entity.is_some() && a.entity == b.entity) || a.span == b.span,
        _ => false,
    };
    let speaker_inside = inside(p.speaker.as_ref().map(|s| s.span)) || inside(q.speaker.as_ref().map(|s| s.span));
    let trimmed = gap.trim();
    let first = trimmed.chars().next().map_or(0, u64::from);
    let last = trimmed.chars().last().map_or(0, u64::from);
    let p_text = text.get(p.content.range()).unwrap_or("").trim_end();
    let q_text = text.get(q.content.range()).unwrap_or("");
    let b = u64::from;
    let mut f = vec![
        F::new(0).done(),
        F::new(1).num(b(line)).done(),
        F::new(2).num(gw).done(),
        F::new(3).num(gw).num(b(line)).done(),
        F::new(4).num(sentence_ends).done(),
        F::new(5).num(b(pd)).num(b(qd)).done(),
        F::new(6).num(kind_code(p.kind)).num(kind_code(q.kind)).done(),
        F::new(7).num(b(pc)).num(b(qc)).done(),
        F::new(8).num(b(p_own)).num(b(q_own)).done(),
        F::new(9).num(b(pc)).num(b(qc)).num(gw).num(b(pd)).num(b(qd)).done(),
        F::new(10).num(b(p.speaker.is_some())).num(b(q.speaker.is_some())).num(b(same_speaker)).done(),
        F::new(11).num(b(speaker_inside)).done(),
        F::new(12).num(first).done(),
        F::new(13).num(last).done(),
        F::new(14).num(first).num(last).num(b(line)).done(),
        F::new(15).num(p_text.chars().last().map_or(0, u64::from)).done(),
        F::new(16).num(b(q_text.chars().next().is_some_and(char::is_uppercase))).done(),
        F::new(17).num(bucket(p_text.split_whitespace().count())).done(),
        F::new(18).num(bucket(q_text.split_whitespace().count())).done(),
    ];
    for w in words.iter().take(3) {
        f.push(F::new(19).bytes(w.as_bytes()).done());
    }
    if let Some(w) = words.last() {
        f.push(F::new(20).bytes(w.as_bytes()).done());
    }
    f
}

/// Trains the joiner: a binary averaged perceptron, `epochs` passes over every pair of
/// consecutive quotes of the examples, in an order shuffled by `seed`.
pub fn train_joiner(examples: &[JoinExample<'_>], epochs: usize, seed: u64) -> Joiner {
    let mut pairs: Vec<(Vec<u64>, bool)> = Vec::new();
    for (doc, quotes, same) in examples {
        for (i, &one) in same.iter().enumerate() {
            let (p, q) = (&quotes[i], &quotes[i + 1]);
            if joinable(p, q) {
                pairs.push((features(doc, p, q), one));
            }
        }
    }
    let mut w = super::averaged::Averaged::default();
    let mut step = 0u64;
    let mut state = seed | 1;
    let mut order: Vec<usize> = (0..pairs.len()).collect();
    for _ in 0..epochs {
        // Fisher–Yates with xorshift: the same order for the same seed on every machine.
        for i in (1..order.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            order.swap(i, (state % (i as u64 + 1)) as usize);
        }
        for &k in &order {
            step += 1;
            let (feats, one) = &pairs[k];
            let y = if *one { 1.0 } else { -1.0 };
            if w.score(feats) * y > 0.0 {
                continue;
            }
            w.update(feats, y, step);
        }
    }
    Joiner { weights: w.average(step + 1) }
}

#[cfg(test)]
mod tests {
    use newsgraph_document::{Document, Quote, QuoteKind, Span, Speaker};

    use super::{Joiner, train_joiner};

    fn span_of(doc: &Document, part: &str) -> Span {
        let start = doc.text.find(part).expect("part in text");
        Span::new(start, start + part.len())
    }

    fn quote(doc: &Document, content: &str, speaker: Option<&str>, cue: Option<&str>) -> Quote {
        Quote {
            kind: QuoteKind::Direct,
            content: span_of(doc, content),
            parts: Vec::new(),
            speaker: speaker.map(|s| Speaker {
                span: span_of(doc, s),
                entity: None,
                name: Some(s.into()),
                confidence: None,
            }),
            cue: cue.map(|c| span_of(doc, c)),
            addressee: None,
            date: None,
            place: None,
            manner: None,
            confidence: None,
        }
    }

    /// Two quotes an attribution interrupts, and two a paragraph break and a second speaker
    /// keep apart.
    fn example() -> (Document, Vec<Quote>) {
        let doc = Document::new(
            "t",
            "\"The port will reopen,\" said Ilse Varga, head of the harbour board. \"Ships are waiting.\"\n\n\
             \"We doubt it,\" Tomas Brel replied."
                .to_string(),
        );
        let quotes = vec![
            quote(&doc, "The port will reopen,", Some("Ilse Varga"), Some("said")),
            quote(&doc, "Ships are waiting.", None, None),
            quote(&doc, "We doubt it,", Some("Tomas Brel"), Some("replied")),
        ];
        (doc, quotes)
    }

    #[test]
    fn an_empty_joiner_joins_nothing() {
        let (doc, quotes) = example();
        assert_eq!(Joiner::default().join(&doc, quotes.clone()), quotes);
    }

    #[test]
    fn a_trained_joiner_joins_an_interrupted_quotation_into_parts() {
        let (doc, quotes) = example();
        let examples = vec![(&doc, quotes.clone(), vec![true, false])];
        let joiner = train_joiner(&examples, 5, 7);
        assert!(!joiner.is_empty());
        let joined = joiner.join(&doc, quotes);
        assert_eq!(joined.len(), 2, "{joined:?}");
        let first = &joined[0];
        assert_eq!(first.text(&doc.text), "The port will reopen, … Ships are waiting.");
        assert_eq!(first.speaker.as_ref().and_then(|s| s.name.as_deref()), Some("Ilse Varga"));
        assert_eq!(doc.slice(first.cue.expect("cue")), "said");
        assert_eq!(first.kind, QuoteKind::Direct);
        assert_eq!(doc.slice(joined[1].content), "We doubt it,");
    }

    #[test]
    fn overlapping_quotes_are_never_joined() {
        let (doc, mut quotes) = example();
        // The second now begins inside the first.
        quotes[1].content = Span::new(quotes[0].content.end as usize - 3, quotes[1].content.end as usize);
        let examples = vec![(&doc, example().1, vec![true, true])];
        let joiner = train_joiner(&examples, 5, 7);
        let first = quotes[0].clone();
        let joined = joiner.join(&doc, quotes);
        assert_eq!(joined[0], first, "{joined:?}");
    }
}
