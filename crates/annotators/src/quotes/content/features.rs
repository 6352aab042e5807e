//! What the content tagger sees of each token: its words, the reporting cues near it (from a
//! cue table learned with the model), the rule layer's opinion, quotation marks, sentence
//! position and the entity layer. Features are 64-bit hashes; nothing is allocated per
//! feature.

use newsgraph_document::{Document, EntityKind, QuoteKind};

use crate::quotes::lower_words::LowerWords;

use super::TAGS;

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
    pub(super) fn static_features(&self, i: usize, out: &mut impl Sink) {
        let k = i as isize;
        let w = self.word(k);
        let shape = self.shape_at(k);
        out.small(0, &[]);
        out.key(F::new(1).num(self.h(k)).done());
        out.key(F::new(2).num(self.h(k - 1)).done());
        out.key(F::new(3).num(self.h(k + 1)).done());
        out.key(F::new(4).num(self.h(k - 2)).done());
        out.key(F::new(5).num(self.h(k - 1)).num(self.h(k)).done());
        out.small(6, &[(self.cue_at(k), CUE)]);
        out.small(7, &[(self.cue_at(k - 1), CUE)]);
        out.small(8, &[(self.cue_at(k - 2), CUE)]);
        out.small(9, &[(self.cue_at(k + 1), CUE)]);
        out.key(F::new(10).num(self.cue_at(k - 1)).num(self.h(k)).done());
        out.key(F::new(11).num(self.cue_at(k - 2)).num(self.h(k - 1)).done());
        out.small(12, &[(shape, SHAPE)]);
        let (best, dist) = self.left_cue[i];
        out.small(13, &[(best as u64, LEVEL), (bucket(dist as usize), BUCKET)]);
        let (best_r, dist_r) = self.right_cue[i];
        out.small(14, &[(best_r as u64, LEVEL), (bucket(dist_r as usize), BUCKET)]);
        out.small(15, &[(best as u64, LEVEL), (best_r as u64, LEVEL)]);
        let r = |d: isize| {
            let j = k + d;
            if j < 0 { 99 } else { self.rule.get(j as usize).map_or(99, |&x| x as u64) }
        };
        out.small(16, &[(r(0), RULE)]);
        out.small(17, &[(r(0), RULE), (r(-1), RULE)]);
        out.small(18, &[(r(0), RULE), (r(1), RULE)]);
        let role = |d: isize| {
            let j = k + d;
            if j < 0 { 99 } else { self.rule_role.get(j as usize).map_or(99, |&x| x as u64) }
        };
        out.small(19, &[(role(0), ROLE), (role(-1), ROLE)]);
        out.small(20, &[(u64::from(self.quoted[i]), BOOL), (u64::from(is_mark(w)), BOOL)]);
        out.small(21, &[(u64::from(self.sentence_start[i]), BOOL), (u64::from(self.paragraph_start[i]), BOOL)]);
        out.small(22, &[(u64::from(self.sentence_end[i]), BOOL), (shape, SHAPE)]);
        let e = |d: isize| {
            let j = k + d;
            if j < 0 { 9 } else { self.entity.get(j as usize).map_or(9, |&x| x as u64) }
        };
        out.small(23, &[(e(0), ENTITY), (e(-1), ENTITY)]);
        out.small(24, &[(e(-1), ENTITY), (self.cue_at(k), CUE)]);
        out.key(F::new(25).num(self.h(k - 1)).num(self.cue_at(k - 2)).num(e(-3)).done());
        out.small(26, &[(self.cue_at(k - 1), CUE), (u64::from(self.quoted[i]), BOOL), (r(0), RULE)]);
    }
}

/// The features of token `i` given the tags of the two tokens before it.
pub(super) fn tag_features(t: &Tokens, i: usize, prev: u8, prev2: u8, out: &mut impl Sink) {
    let k = i as isize;
    let p = prev as u64;
    out.small(40, &[(p, TAG)]);
    out.small(41, &[(p, TAG), (prev2 as u64, TAG)]);
    out.key(F::new(42).num(p).num(t.h(k)).done());
    out.small(43, &[(p, TAG), (t.shape_at(k), SHAPE), (u64::from(t.sentence_start[i]), BOOL)]);
    out.small(44, &[(p, TAG), (t.cue_at(k - 1), CUE)]);
    out.small(45, &[(p, TAG), (t.rule[i] as u64, RULE)]);
    out.small(46, &[(p, TAG), (u64::from(t.quoted[i]), BOOL), (u64::from(t.paragraph_start[i]), BOOL)]);
    out.key(F::new(47).num(p).num(t.h(k - 1)).done());
    let after_end = t.sentence_end[i.saturating_sub(1)] && i > 0;
    out.small(48, &[(p, TAG), (u64::from(after_end), BOOL), (t.rule[i] as u64, RULE)]);
    // Where a content ends: what comes next.
    let next_par = t.paragraph_start.get(i + 1).copied().unwrap_or(true);
    let ent = |j: usize| t.entity.get(j).map_or(9, |&x| x as u64);
    out.key(F::new(49).num(p).num(t.h(k + 1)).done());
    out.small(
        50,
        &[(p, TAG), (t.shape_at(k + 1), SHAPE), (u64::from(t.sentence_end[i]), BOOL), (u64::from(next_par), BOOL)],
    );
    out.small(51, &[(p, TAG), (t.cue_at(k + 1), CUE), (ent(i + 1), ENTITY)]);
    out.small(52, &[(p, TAG), (t.cue_at(k + 2), CUE), (t.shape_at(k + 1), SHAPE)]);
    out.small(53, &[(p, TAG), (t.cue_at(k + 3), CUE), (ent(i + 2), ENTITY), (t.shape_at(k + 1), SHAPE)]);
    let rule_next = t.rule.get(i + 1).map_or(9, |&x| x as u64);
    out.small(54, &[(p, TAG), (t.rule[i] as u64, RULE), (rule_next, RULE_NEXT)]);
    out.key(F::new(55).num(p).num(t.h(k)).num(t.h(k + 1)).done());
}

/// The values one part of a small feature takes: `0..n`, and perhaps one more value beyond
/// them (what a position outside the text reads).
#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) struct Dim {
    n: u64,
    beyond: Option<u64>,
}

impl Dim {
    const fn size(self) -> u64 {
        self.n + self.beyond.is_some() as u64
    }

    fn index(self, v: u64) -> Option<u64> {
        if v < self.n {
            Some(v)
        } else if self.beyond == Some(v) {
            Some(self.n)
        } else {
            None
        }
    }

    fn value(self, index: u64) -> u64 {
        if index < self.n { index } else { self.beyond.unwrap_or(index) }
    }
}

const BOOL: Dim = Dim { n: 2, beyond: None };
/// Cue levels (0–5); 9 outside the text.
const CUE: Dim = Dim { n: 6, beyond: Some(9) };
/// The strongest cue level before or after a token.
const LEVEL: Dim = Dim { n: 6, beyond: None };
/// [`bucket`]s.
const BUCKET: Dim = Dim { n: 7, beyond: None };
/// [`shape`]s.
const SHAPE: Dim = Dim { n: 11, beyond: None };
/// The rule layer's quotes (`Tokens::rule`); 99 outside the text.
const RULE: Dim = Dim { n: 7, beyond: Some(99) };
/// … 9 after the text.
const RULE_NEXT: Dim = Dim { n: 7, beyond: Some(9) };
/// The rule layer's cue and speaker (`Tokens::rule_role`); 99 outside the text.
const ROLE: Dim = Dim { n: 3, beyond: Some(99) };
/// `Tokens::entity`; 9 outside the text.
const ENTITY: Dim = Dim { n: 5, beyond: Some(9) };
const TAG: Dim = Dim { n: TAGS as u64, beyond: None };

/// The templates whose values are all small numbers, with their parts. Their weights can sit
/// in one dense table, indexed by the values, instead of behind a hash of them: a third of a
/// token's lookups for a tenth of the cost.
const SMALL: &[(u8, &[Dim])] = &[
    (0, &[]),
    (6, &[CUE]),
    (7, &[CUE]),
    (8, &[CUE]),
    (9, &[CUE]),
    (12, &[SHAPE]),
    (13, &[LEVEL, BUCKET]),
    (14, &[LEVEL, BUCKET]),
    (15, &[LEVEL, LEVEL]),
    (16, &[RULE]),
    (17, &[RULE, RULE]),
    (18, &[RULE, RULE]),
    (19, &[ROLE, ROLE]),
    (20, &[BOOL, BOOL]),
    (21, &[BOOL, BOOL]),
    (22, &[BOOL, SHAPE]),
    (23, &[ENTITY, ENTITY]),
    (24, &[ENTITY, CUE]),
    (26, &[CUE, BOOL, RULE]),
    (40, &[TAG]),
    (41, &[TAG, TAG]),
    (43, &[TAG, SHAPE, BOOL]),
    (44, &[TAG, CUE]),
    (45, &[TAG, RULE]),
    (46, &[TAG, BOOL, BOOL]),
    (48, &[TAG, BOOL, RULE]),
    (50, &[TAG, SHAPE, BOOL, BOOL]),
    (51, &[TAG, CUE, ENTITY]),
    (52, &[TAG, CUE, SHAPE]),
    (53, &[TAG, CUE, ENTITY, SHAPE]),
    (54, &[TAG, RULE, RULE_NEXT]),
];

/// The key of a small feature: its template and values hashed, as every feature's is.
fn small_key(template: u8, values: impl Iterator<Item = u64>) -> u64 {
    values.fold(F::new(template), F::num).done()
}

/// Where features go: as hashed keys (training, and the model file), or as slots of a dense
/// table where a small feature has one (tagging).
pub(super) trait Sink {
    fn key(&mut self, key: u64);
    fn small(&mut self, template: u8, values: &[(u64, Dim)]);
}

impl Sink for Vec<u64> {
    fn key(&mut self, key: u64) {
        self.push(key);
    }

    fn small(&mut self, template: u8, values: &[(u64, Dim)]) {
        self.push(small_key(template, values.iter().map(|v| v.0)));
    }
}

/// A feature while tagging.
#[derive(Clone, Copy)]
pub(super) enum Feature {
    Key(u64),
    Slot(u32),
}

/// The weights of every small feature, dense: a template's block holds a row for each
/// combination of its values (zeros where the model has none).
pub(super) struct DenseWeights {
    /// Start of each template's block, by template number; `u32::MAX` for none.
    starts: [u32; 64],
    /// Each template's parts, as `SMALL` lists them.
    parts: [&'static [Dim]; 64],
    pub rows: Vec<[f32; TAGS]>,
}

impl DenseWeights {
    pub fn new(weights: &std::collections::HashMap<u64, [f32; TAGS], newsgraph_ner::BuildIdentity>) -> DenseWeights {
        let mut starts = [u32::MAX; 64];
        let mut parts: [&'static [Dim]; 64] = [&[]; 64];
        let mut rows = Vec::new();
        for &(template, dims) in SMALL {
            starts[template as usize] = rows.len() as u32;
            parts[template as usize] = dims;
            let size: u64 = dims.iter().map(|d| d.size()).product();
            for index in 0..size {
                // The first part varies slowest, as in `slot`.
                let mut rest = index;
                let mut values = [0u64; 4];
                for (j, d) in dims.iter().enumerate().rev() {
                    values[j] = d.value(rest % d.size());
                    rest /= d.size();
                }
                let key = small_key(template, values[..dims.len()].iter().copied());
                rows.push(weights.get(&key).copied().unwrap_or([0.0; TAGS]));
            }
        }
        DenseWeights { starts, parts, rows }
    }

    /// The slot of a small feature, `None` for a value its template's parts do not expect, or
    /// for parts other than `SMALL` lists (a template changed in one place only is then
    /// looked up by key, right if slower, rather than read from another's block).
    fn slot(&self, template: u8, values: &[(u64, Dim)]) -> Option<u32> {
        let start = *self.starts.get(template as usize).filter(|&&s| s != u32::MAX)?;
        let parts = self.parts[template as usize];
        if parts.len() != values.len() || parts.iter().zip(values).any(|(p, v)| *p != v.1) {
            debug_assert!(false, "template {template}: parts differ from SMALL");
            return None;
        }
        let mut index = 0u64;
        for &(v, d) in values {
            index = index * d.size() + d.index(v)?;
        }
        Some(start + index as u32)
    }
}

/// Features for tagging: small ones as dense slots.
pub(super) struct DenseSink<'a> {
    pub dense: &'a DenseWeights,
    pub out: Vec<Feature>,
}

impl Sink for DenseSink<'_> {
    fn key(&mut self, key: u64) {
        self.out.push(Feature::Key(key));
    }

    fn small(&mut self, template: u8, values: &[(u64, Dim)]) {
        self.out.push(match self.dense.slot(template, values) {
            Some(slot) => Feature::Slot(slot),
            None => Feature::Key(small_key(template, values.iter().map(|v| v.0))),
        });
    }
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
