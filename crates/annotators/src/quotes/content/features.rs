//! What the content tagger sees of each token: its words, the reporting cues near it (from a
//! cue table learned with the model), the rule layer's opinion, quotation marks, sentence
//! position and the entity layer. Features are 64-bit hashes; nothing is allocated per
//! feature.

use newsgraph_document::{Document, EntityKind, QuoteKind};

use crate::quotes::lower_words::LowerWords;

/// How often each lower-cased word is (part of) an annotated reporting cue.
#[derive(Default, Clone)]
pub struct CueTable {
    pub ratio: rustc_hash::FxHashMap<String, f32>,
}

impl CueTable {
    /// A coarse level of a word's cue ratio: 0 (never a cue) to 5 (a cue most of the time).
    pub fn level(&self, lower: &str) -> u8 {
        match self.ratio.get(lower).copied().unwrap_or(0.0) {
            r if r >= 0.5 => 5,
            r if r >= 0.25 => 4,
            r if r >= 0.1 => 3,
            r if r >= 0.03 => 2,
            r if r > 0.0 => 1,
            _ => 0,
        }
    }
}

pub(crate) use crate::feature_hash::F;

/// Per-token facts computed once per document.
pub(super) struct Tokens {
    pub lower: LowerWords,
    pub cue: Vec<u8>,
    /// The rule layer: 0 outside its quotes, else 1 + 2×kind + (0 first token, 1 inside).
    pub rule: Vec<u8>,
    /// 1 for the rule layer's cue, 2 for its speaker.
    pub rule_role: Vec<u8>,
    pub quoted: Vec<bool>,
    /// 0 none, 1 person, 2 organisation, 3 other name, 4 pronoun.
    pub entity: Vec<u8>,
    pub sentence_start: Vec<bool>,
    pub sentence_end: Vec<bool>,
    pub paragraph_start: Vec<bool>,
    /// The strongest cue before each token in its sentence (within 40 tokens; the nearest
    /// of equal strength) and how far back; (0, 0) when none.
    pub left_cue: Vec<(u8, u16)>,
    /// … and after it.
    pub right_cue: Vec<(u8, u16)>,
    /// Each word's hash ([`word_hash`]) and [`shape`], computed once: every token reads its
    /// neighbours' a dozen times.
    pub hash: Vec<u64>,
    pub shape: Vec<u8>,
}

/// A lower-cased word as one number, for the features that read words.
fn word_hash(w: &str) -> u64 {
    F::new(0xFF).bytes(w.as_bytes()).done()
}

/// For each token, the strongest cue level strictly before it since the last reset (a
/// sentence boundary), within 40 tokens, nearest first among equals, with its distance.
/// One pass, keeping where each level was last seen.
fn strongest_before(cue: &[u8], reset: impl Fn(usize) -> bool, order: impl Iterator<Item = usize>) -> Vec<(u8, u16)> {
    let mut out = vec![(0u8, 0u16); cue.len()];
    let mut last: [Option<usize>; 6] = [None; 6];
    for (steps, i) in order.enumerate() {
        if reset(i) {
            last = [None; 6];
        }
        let best =
            (1..6usize).rev().find_map(|lvl| last[lvl].filter(|&at| steps - at <= 40).map(|at| (lvl, steps - at)));
        if let Some((lvl, d)) = best {
            out[i] = (lvl as u8, d as u16);
        }
        last[cue[i] as usize] = Some(steps);
    }
    out
}

fn is_mark(w: &str) -> bool {
    matches!(w, "\"" | "“" | "”" | "«" | "»" | "''" | "``" | "„")
}

impl Tokens {
    pub(super) fn new(doc: &Document, cues: &CueTable) -> Tokens {
        let n = doc.tokens.len();
        let lower = LowerWords::of(doc);
        let cue: Vec<u8> = (0..n).map(|k| cues.level(lower.get(k).unwrap_or_default())).collect();
        let at = |pos: u32| doc.tokens.partition_point(|t| t.span.start < pos);
        let mut rule = vec![0u8; n];
        let mut rule_role = vec![0u8; n];
        for q in &doc.quotes {
            let kind = match q.kind {
                QuoteKind::Direct => 0,
                QuoteKind::Indirect => 1,
                QuoteKind::Mixed => 2,
            };
            let (a, b) = (at(q.content.start), at(q.content.end));
            for (k, r) in rule.iter_mut().enumerate().take(b).skip(a) {
                *r = 1 + 2 * kind + u8::from(k > a);
            }
            if let Some(c) = q.cue {
                rule_role.iter_mut().take(at(c.end)).skip(at(c.start)).for_each(|r| *r = 1);
            }
            if let Some(s) = &q.speaker {
                rule_role.iter_mut().take(at(s.span.end)).skip(at(s.span.start)).for_each(|r| *r = 2);
            }
        }
        // Tokens where a paragraph starts, found paragraph by paragraph.
        let mut paragraph_start = vec![false; n];
        for p in &doc.paragraphs {
            let k = at(p.start);
            if doc.tokens.get(k).is_some_and(|t| t.span.start == p.start) {
                paragraph_start[k] = true;
            }
        }
        let mut open = false;
        let quoted: Vec<bool> = (0..n)
            .map(|k| {
                if paragraph_start[k] {
                    open = false;
                }
                match lower.get(k).unwrap_or_default() {
                    "“" | "``" | "«" => open = true,
                    "”" | "''" | "»" => open = false,
                    "\"" => open = !open,
                    _ => {}
                }
                open
            })
            .collect();
        let mut entity = vec![0u8; n];
        for e in &doc.entities {
            for m in &e.mentions {
                let v = if m.pronoun {
                    4
                } else {
                    match e.kind {
                        EntityKind::Person => 1,
                        EntityKind::Organisation => 2,
                        _ => 3,
                    }
                };
                entity.iter_mut().take(at(m.span.end)).skip(at(m.span.start)).for_each(|x| *x = v);
            }
        }
        let mut sentence_start = vec![false; n];
        let mut sentence_end = vec![false; n];
        for s in &doc.sentences {
            let (a, b) = (at(s.start), at(s.end));
            if a < n {
                sentence_start[a] = true;
            }
            if b > 0 && b <= n {
                sentence_end[b - 1] = true;
            }
        }
        let hash = (0..n).map(|k| word_hash(lower.get(k).unwrap_or_default())).collect();
        let shape = (0..n).map(|k| shape(lower.get(k).unwrap_or_default()) as u8).collect();
        let left_cue = strongest_before(&cue, |i| sentence_start[i], 0..n);
        let right_cue = strongest_before(&cue, |i| sentence_end[i], (0..n).rev());
        Tokens {
            lower,
            cue,
            rule,
            rule_role,
            quoted,
            entity,
            sentence_start,
            sentence_end,
            paragraph_start,
            left_cue,
            right_cue,
            hash,
            shape,
        }
    }

    pub(super) fn len(&self) -> usize {
        self.lower.len()
    }

    fn word(&self, i: isize) -> &str {
        if i < 0 { "<s>" } else { self.lower.get(i as usize).unwrap_or("</s>") }
    }

    /// The hash of [`Tokens::word`].
    fn h(&self, i: isize) -> u64 {
        static EDGES: std::sync::LazyLock<(u64, u64)> =
            std::sync::LazyLock::new(|| (word_hash("<s>"), word_hash("</s>")));
        if i < 0 { EDGES.0 } else { self.hash.get(i as usize).copied().unwrap_or(EDGES.1) }
    }

    /// The [`shape`] of [`Tokens::word`].
    fn shape_at(&self, i: isize) -> u64 {
        if i < 0 { shape("<s>") } else { self.shape.get(i as usize).map_or_else(|| shape("</s>"), |&s| s as u64) }
    }

    fn cue_at(&self, i: isize) -> u64 {
        if i < 0 { 9 } else { self.cue.get(i as usize).map_or(9, |&c| c as u64) }
    }

    /// The features of token `i` that do not depend on the tags already chosen.
    pub(super) fn static_features(&self, i: usize, out: &mut Vec<u64>) {
        let k = i as isize;
        let w = self.word(k);
        let shape = self.shape_at(k);
        out.push(F::new(0).done());
        out.push(F::new(1).num(self.h(k)).done());
        out.push(F::new(2).num(self.h(k - 1)).done());
        out.push(F::new(3).num(self.h(k + 1)).done());
        out.push(F::new(4).num(self.h(k - 2)).done());
        out.push(F::new(5).num(self.h(k - 1)).num(self.h(k)).done());
        out.push(F::new(6).num(self.cue_at(k)).done());
        out.push(F::new(7).num(self.cue_at(k - 1)).done());
        out.push(F::new(8).num(self.cue_at(k - 2)).done());
        out.push(F::new(9).num(self.cue_at(k + 1)).done());
        out.push(F::new(10).num(self.cue_at(k - 1)).num(self.h(k)).done());
        out.push(F::new(11).num(self.cue_at(k - 2)).num(self.h(k - 1)).done());
        out.push(F::new(12).num(shape).done());
        let (best, dist) = self.left_cue[i];
        out.push(F::new(13).num(best as u64).num(bucket(dist as usize)).done());
        let (best_r, dist_r) = self.right_cue[i];
        out.push(F::new(14).num(best_r as u64).num(bucket(dist_r as usize)).done());
        out.push(F::new(15).num(best as u64).num(best_r as u64).done());
        let r = |d: isize| {
            let j = k + d;
            if j < 0 { 99 } else { self.rule.get(j as usize).map_or(99, |&x| x as u64) }
        };
        out.push(F::new(16).num(r(0)).done());
        out.push(F::new(17).num(r(0)).num(r(-1)).done());
        out.push(F::new(18).num(r(0)).num(r(1)).done());
        let role = |d: isize| {
            let j = k + d;
            if j < 0 { 99 } else { self.rule_role.get(j as usize).map_or(99, |&x| x as u64) }
        };
        out.push(F::new(19).num(role(0)).num(role(-1)).done());
        out.push(F::new(20).num(u64::from(self.quoted[i])).num(u64::from(is_mark(w))).done());
        out.push(F::new(21).num(u64::from(self.sentence_start[i])).num(u64::from(self.paragraph_start[i])).done());
        out.push(F::new(22).num(u64::from(self.sentence_end[i])).num(shape).done());
        let e = |d: isize| {
            let j = k + d;
            if j < 0 { 9 } else { self.entity.get(j as usize).map_or(9, |&x| x as u64) }
        };
        out.push(F::new(23).num(e(0)).num(e(-1)).done());
        out.push(F::new(24).num(e(-1)).num(self.cue_at(k)).done());
        out.push(F::new(25).num(self.h(k - 1)).num(self.cue_at(k - 2)).num(e(-3)).done());
        out.push(F::new(26).num(self.cue_at(k - 1)).num(u64::from(self.quoted[i])).num(r(0)).done());
    }
}

/// The features of token `i` given the tags of the two tokens before it.
pub(super) fn tag_features(t: &Tokens, i: usize, prev: u8, prev2: u8, out: &mut Vec<u64>) {
    let k = i as isize;
    let p = prev as u64;
    out.push(F::new(40).num(p).done());
    out.push(F::new(41).num(p).num(prev2 as u64).done());
    out.push(F::new(42).num(p).num(t.h(k)).done());
    out.push(F::new(43).num(p).num(t.shape_at(k)).num(u64::from(t.sentence_start[i])).done());
    out.push(F::new(44).num(p).num(t.cue_at(k - 1)).done());
    out.push(F::new(45).num(p).num(t.rule[i] as u64).done());
    out.push(F::new(46).num(p).num(u64::from(t.quoted[i])).num(u64::from(t.paragraph_start[i])).done());
    out.push(F::new(47).num(p).num(t.h(k - 1)).done());
    out.push(
        F::new(48).num(p).num(u64::from(t.sentence_end[i.saturating_sub(1)] && i > 0)).num(t.rule[i] as u64).done(),
    );
    // Where a content ends: what comes next.
    let next_par = t.paragraph_start.get(i + 1).copied().unwrap_or(true);
    let ent = |j: usize| t.entity.get(j).map_or(9, |&x| x as u64);
    out.push(F::new(49).num(p).num(t.h(k + 1)).done());
    out.push(
        F::new(50).num(p).num(t.shape_at(k + 1)).num(u64::from(t.sentence_end[i])).num(u64::from(next_par)).done(),
    );
    out.push(F::new(51).num(p).num(t.cue_at(k + 1)).num(ent(i + 1)).done());
    out.push(F::new(52).num(p).num(t.cue_at(k + 2)).num(t.shape_at(k + 1)).done());
    out.push(F::new(53).num(p).num(t.cue_at(k + 3)).num(ent(i + 2)).num(t.shape_at(k + 1)).done());
    out.push(F::new(54).num(p).num(t.rule[i] as u64).num(t.rule.get(i + 1).map_or(9, |&x| x as u64)).done());
    out.push(F::new(55).num(p).num(t.h(k)).num(t.h(k + 1)).done());
}

/// A coarse distance.
pub(crate) fn bucket(d: usize) -> u64 {
    match d {
        0..=3 => d as u64,
        4..=6 => 4,
        7..=12 => 5,
        _ => 6,
    }
}

/// The kind of a token: word, capitalised word, number, a punctuation mark by itself.
fn shape(w: &str) -> u64 {
    let Some(c) = w.chars().next() else { return 0 };
    if c.is_alphabetic() {
        1
    } else if c.is_numeric() {
        2
    } else {
        match c {
            ',' => 3,
            '.' | '!' | '?' => 4,
            ':' => 5,
            ';' => 6,
            '"' | '“' | '”' | '\'' | '‘' | '’' | '`' => 7,
            '(' | ')' | '[' | ']' => 8,
            '-' | '–' | '—' => 9,
            _ => 10,
        }
    }
}
