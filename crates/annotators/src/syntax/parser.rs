//! The arc-hybrid transition system (Kuhlmann, Gómez-Rodríguez and Satta 2011) with the root
//! after the last word: SHIFT moves the next word onto the stack; LEFT(l) makes the next word
//! the head of the stack's top; RIGHT(l) makes the word below the top its head. Greedy, so
//! linear in the sentence; trained with Goldberg and Nivre's dynamic oracle, following its
//! own predictions, so that it learns the best move from states its mistakes lead to.

use super::perceptron::{Learner, Weights};
use super::{Token, best};
use crate::feature_hash::F;
use crate::training_order::TrainingOrder;

pub(super) struct Example {
    pub(super) tokens: Vec<Token>,
    pub(super) tags: Vec<u8>,
    /// Gold heads (`tokens.len()` is the root) and labels.
    pub(super) heads: Vec<u32>,
    pub(super) labels: Vec<u8>,
}

const SHIFT: usize = 0;
const NONE: u64 = 0x5eed_0001;
const ROOT: u64 = 0x5eed_0002;
const NO_LABEL: u64 = 0x5eed_0003;

fn left(label: u8) -> usize {
    1 + 2 * label as usize
}

fn right(label: u8) -> usize {
    2 + 2 * label as usize
}

/// A parse in progress.
struct State {
    n: usize,
    /// The front of the buffer; `n` is the root.
    i: usize,
    stack: Vec<u32>,
    heads: Vec<u32>,
    labels: Vec<u8>,
    /// Dependents attached so far, innermost first.
    lefts: Vec<Vec<u32>>,
    rights: Vec<Vec<u32>>,
}

impl State {
    fn new(n: usize) -> State {
        State {
            n,
            i: 0,
            stack: Vec::with_capacity(n),
            heads: vec![n as u32; n],
            labels: vec![0; n],
            lefts: vec![Vec::new(); n + 1],
            rights: vec![Vec::new(); n + 1],
        }
    }

    fn done(&self) -> bool {
        self.stack.is_empty() && self.i >= self.n
    }

    fn valid(&self, class: usize) -> bool {
        match class {
            SHIFT => self.i < self.n,
            c if c % 2 == 1 => !self.stack.is_empty(),
            _ => self.stack.len() >= 2,
        }
    }

    fn apply(&mut self, class: usize) {
        if class == SHIFT {
            self.stack.push(self.i as u32);
            self.i += 1;
            return;
        }
        let label = ((class - 1) / 2) as u8;
        let dep = self.stack.pop().expect("a valid move") as usize;
        let head = if class % 2 == 1 { self.i } else { *self.stack.last().expect("a valid move") as usize };
        self.heads[dep] = head as u32;
        self.labels[dep] = label;
        if dep < head {
            self.lefts[head].push(dep as u32);
        } else {
            self.rights[head].push(dep as u32);
        }
    }

    fn s(&self, k: usize) -> Option<usize> {
        self.stack.len().checked_sub(k + 1).map(|j| self.stack[j] as usize)
    }

    /// Zero-cost moves against the gold tree (Goldberg and Nivre's arc-hybrid oracle), with
    /// the gold label of the word a LEFT or RIGHT would attach.
    fn gold_moves(&self, gold: &[u32], glabels: &[u8], out: &mut Vec<usize>) {
        out.clear();
        let Some(s0) = self.s(0) else {
            out.push(SHIFT);
            return;
        };
        let i = self.i;
        let lbl = glabels[s0];
        if self.valid(SHIFT) && gold[i] as usize == s0 {
            out.push(SHIFT);
            return;
        }
        if gold[s0] as usize == i {
            out.push(left(lbl));
            return;
        }
        let linked = |a: usize, b: usize| -> bool {
            (a < self.n && gold[a] as usize == b) || (b < self.n && gold[b] as usize == a)
        };
        let mut shift = self.valid(SHIFT);
        let mut l = true;
        let mut r = self.valid(right(0));
        if self.s(1).is_some_and(|s1| gold[s0] as usize == s1) {
            l = false;
        }
        if shift && self.stack.iter().any(|&w| linked(i, w as usize)) {
            shift = false;
        }
        if (i + 1..=self.n).any(|b| linked(s0, b)) {
            l = false;
            r = false;
        }
        if shift {
            out.push(SHIFT);
        }
        if l {
            out.push(left(lbl));
        }
        if r {
            out.push(right(lbl));
        }
    }

    fn features(&self, tokens: &[Token], tags: &[u8], out: &mut Vec<u64>) {
        out.clear();
        let n = self.n;
        let word = |x: Option<usize>| match x {
            None => NONE,
            Some(x) if x == n => ROOT,
            Some(x) => tokens[x].word,
        };
        let tag = |x: Option<usize>| match x {
            None => NONE,
            Some(x) if x == n => ROOT,
            Some(x) => u64::from(tags[x]),
        };
        let cluster = |x: Option<usize>| match x {
            None => NONE,
            Some(x) if x == n => ROOT,
            Some(x) => tokens[x].cluster[1],
        };
        let label = |x: Option<usize>| x.map_or(NO_LABEL, |x| u64::from(self.labels[x]));
        let nth = |v: &Vec<u32>, k: usize| v.len().checked_sub(k + 1).map(|j| v[j] as usize);
        let (s0, s1, s2) = (self.s(0), self.s(1), self.s(2));
        let n0 = Some(self.i);
        let n1 = (self.i + 1 < n).then_some(self.i + 1);
        let n2 = (self.i + 2 < n).then_some(self.i + 2);
        let kids = |x: Option<usize>, rightward: bool, k: usize| {
            x.and_then(|x| nth(if rightward { &self.rights[x] } else { &self.lefts[x] }, k))
        };
        let (s0l1, s0l2, s0r1, s0r2) = (kids(s0, false, 0), kids(s0, false, 1), kids(s0, true, 0), kids(s0, true, 1));
        let (n0l1, n0l2) = (kids(n0, false, 0), kids(n0, false, 1));
        let valency = |x: Option<usize>, rightward: bool| {
            x.map_or(0, |x| if rightward { self.rights[x].len() } else { self.lefts[x].len() }).min(4) as u64
        };
        let (vs0l, vs0r, vn0l) = (valency(s0, false), valency(s0, true), valency(n0, false));
        let dist = match s0 {
            Some(s0) => (self.i - s0).min(5) as u64,
            None => 0,
        };
        let (ws0, wn0, wn1, ws1) = (word(s0), word(n0), word(n1), word(s1));
        let (ts0, tn0, tn1, tn2, ts1, ts2) = (tag(s0), tag(n0), tag(n1), tag(n2), tag(s1), tag(s2));
        let (cs0, cn0, cn1, cs1) = (cluster(s0), cluster(n0), cluster(n1), cluster(s1));
        let f = |t: u8| F::new(t);
        out.push(f(0).done());
        // Words, tags and clusters of the positions.
        for (k, x) in [s0, s1, s2, n0, n1, n2, s0l1, s0l2, s0r1, s0r2, n0l1, n0l2].into_iter().enumerate() {
            let k = k as u64;
            out.push(f(1).num(k).num(word(x)).done());
            out.push(f(2).num(k).num(tag(x)).done());
            if k < 6 {
                out.push(f(3).num(k).num(word(x)).num(tag(x)).done());
                out.push(f(4).num(k).num(cluster(x)).done());
            }
        }
        // Pairs of the stack's top and the buffer's front.
        out.extend([
            f(10).num(ws0).num(wn0).done(),
            f(11).num(wn0).num(tn0).num(ws0).done(),
            f(12).num(wn0).num(tn0).num(ts0).done(),
            f(13).num(ws0).num(ts0).num(wn0).done(),
            f(14).num(ws0).num(ts0).num(tn0).done(),
            f(15).num(ws0).num(ts0).num(wn0).num(tn0).done(),
            f(16).num(ts0).num(tn0).done(),
            f(17).num(tn0).num(tn1).done(),
            f(18).num(cs0).num(cn0).done(),
            f(19).num(cs0).num(tn0).done(),
            f(20).num(ts0).num(cn0).done(),
            f(21).num(cn0).num(cn1).done(),
            f(22).num(cs1).num(cs0).done(),
            f(23).num(ws1).num(ws0).done(),
            f(24).num(wn0).num(wn1).done(),
        ]);
        // Tag triples.
        for (k, (a, b, c)) in [
            (tn0, tn1, tn2),
            (ts0, tn0, tn1),
            (ts0, ts1, tn0),
            (ts0, tag(s0r1), tn0),
            (ts0, tn0, tag(n0l1)),
            (ts0, tag(s0l1), tag(s0l2)),
            (ts0, tag(s0r1), tag(s0r2)),
            (tn0, tag(n0l1), tag(n0l2)),
            (ts0, ts1, ts2),
            (ts1, ts0, tag(s0l1)),
        ]
        .into_iter()
        .enumerate()
        {
            out.push(f(30).num(k as u64).num(a).num(b).num(c).done());
        }
        // Valency and distance.
        for (k, (a, v)) in [
            (ws0, vs0r),
            (ws0, vs0l),
            (wn0, vn0l),
            (ts0, vs0r),
            (ts0, vs0l),
            (tn0, vn0l),
            (ws0, dist),
            (wn0, dist),
            (ts0, dist),
            (tn0, dist),
            (ts0.wrapping_mul(31).wrapping_add(tn0), dist),
            (ws0.wrapping_mul(31).wrapping_add(wn0), dist),
        ]
        .into_iter()
        .enumerate()
        {
            out.push(f(40).num(k as u64).num(a).num(v).done());
        }
        // Labels of the dependents found so far.
        out.extend([
            f(50).num(ts0).num(label(s0l1)).done(),
            f(51).num(ts0).num(label(s0r1)).done(),
            f(52).num(tn0).num(label(n0l1)).done(),
            f(53).num(ts0).num(label(s0l1)).num(label(s0l2)).done(),
            f(54).num(ts0).num(label(s0r1)).num(label(s0r2)).done(),
            f(55).num(tn0).num(label(n0l1)).num(label(n0l2)).done(),
            f(56).num(ws0).num(label(s0l1)).done(),
            f(57).num(ws0).num(label(s0r1)).done(),
            f(58).num(wn0).num(label(n0l1)).done(),
        ]);
    }
}

/// Heads and labels of a tagged sentence.
pub(super) fn parse(weights: &Weights, tokens: &[Token], tags: &[u8]) -> (Vec<u32>, Vec<u8>) {
    let mut state = State::new(tokens.len());
    let (mut f, mut scores) = (Vec::new(), Vec::new());
    while !state.done() {
        state.features(tokens, tags, &mut f);
        weights.scores(&f, &mut scores);
        let Some(c) = best(&scores, (0..weights.classes()).filter(|&c| state.valid(c))) else { break };
        state.apply(c);
    }
    (state.heads, state.labels)
}

/// Whether no two arcs cross (the root after the last word), which the oracle needs.
pub(super) fn projective(heads: &[usize]) -> bool {
    let arcs: Vec<(usize, usize)> = heads.iter().enumerate().map(|(d, &h)| (d.min(h), d.max(h))).collect();
    arcs.iter().all(|&(a, b)| arcs.iter().all(|&(c, d)| !(a < c && c < b && b < d)))
}

pub(super) fn train(
    data: &[Example],
    labels: usize,
    epochs: usize,
    seed: u64,
    prune: f32,
    report: &mut dyn FnMut(&str),
) -> Weights {
    let classes = 1 + 2 * labels;
    let mut learner = Learner::new(classes);
    let mut order = TrainingOrder::new(data.len(), seed ^ 0x9a45);
    let (mut f, mut scores, mut gold) = (Vec::new(), Vec::new(), Vec::new());
    for epoch in 0..epochs {
        let (mut right_heads, mut all) = (0usize, 0usize);
        for &k in order.shuffle() {
            let e = &data[k];
            let mut state = State::new(e.tokens.len());
            while !state.done() {
                state.features(&e.tokens, &e.tags, &mut f);
                learner.tick();
                learner.scores(&f, &mut scores);
                let Some(guess) = best(&scores, (0..classes).filter(|&c| state.valid(c))) else { break };
                state.gold_moves(&e.heads, &e.labels, &mut gold);
                if let Some(truth) = best(&scores, gold.iter().copied()) {
                    learner.update(truth, guess, &f);
                }
                state.apply(guess);
            }
            right_heads += state.heads.iter().zip(&e.heads).filter(|(a, b)| a == b).count();
            all += e.heads.len();
        }
        report(&format!("parser epoch {}: training UAS {:.4}", epoch + 1, right_heads as f64 / all.max(1) as f64));
    }
    learner.average(prune)
}
