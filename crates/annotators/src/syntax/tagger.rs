//! Parts of speech, greedily left to right: each word's tag from its own form, suffix, shape
//! and clusters, its neighbours', and the two tags already chosen before it.

use super::perceptron::{Learner, Weights};
use super::{Token, best};
use crate::feature_hash::F;
use crate::training_order::TrainingOrder;

#[derive(Clone)]
pub(super) struct Example {
    pub(super) tokens: Vec<Token>,
    pub(super) tags: Vec<u8>,
}

const NONE: u64 = 0x5eed;

fn features(tokens: &[Token], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    out.clear();
    let at = |d: isize| -> Option<&Token> { tokens.get(i.checked_add_signed(d)?) };
    let w = |d: isize| at(d).map_or(NONE.wrapping_add(d as u64), |t| t.word);
    let t = &tokens[i];
    out.extend([
        F::new(0).done(),
        F::new(1).num(t.word).done(),
        F::new(2).num(t.suffix).done(),
        F::new(3).num(t.prefix).done(),
        F::new(4).num(t.shape).done(),
        F::new(5).num(t.cluster[0]).done(),
        F::new(6).num(t.cluster[1]).done(),
        F::new(7).num(t.cluster[2]).done(),
        F::new(8).num(p1).done(),
        F::new(9).num(p2).done(),
        F::new(10).num(p1).num(p2).done(),
        F::new(11).num(p1).num(t.word).done(),
        F::new(12).num(w(-1)).done(),
        F::new(13).num(at(-1).map_or(NONE, |t| t.suffix)).done(),
        F::new(14).num(w(-2)).done(),
        F::new(15).num(w(1)).done(),
        F::new(16).num(at(1).map_or(NONE, |t| t.suffix)).done(),
        F::new(17).num(w(2)).done(),
        F::new(18).num(at(1).map_or(NONE, |t| t.cluster[1])).done(),
        F::new(19).num(at(-1).map_or(NONE, |t| t.cluster[1])).done(),
        F::new(20).num(t.shape).num(u64::from(i == 0)).done(),
        F::new(21).num(p1).num(t.suffix).done(),
        F::new(22).num(t.word).num(w(1)).done(),
    ]);
}

pub(super) fn tag(weights: &Weights, tokens: &[Token]) -> Vec<u8> {
    let mut out = Vec::with_capacity(tokens.len());
    let (mut f, mut scores) = (Vec::new(), Vec::new());
    for i in 0..tokens.len() {
        let p1 = out.last().map_or(NONE, |&t: &u8| u64::from(t));
        let p2 = if i >= 2 { u64::from(out[i - 2]) } else { NONE };
        features(tokens, i, p1, p2, &mut f);
        weights.scores(&f, &mut scores);
        out.push(best(&scores, 0..weights.classes()).unwrap_or(0) as u8);
    }
    out
}

pub(super) fn train(
    data: &[Example],
    classes: usize,
    epochs: usize,
    seed: u64,
    prune: f32,
    report: &mut dyn FnMut(&str),
) -> Weights {
    let mut learner = Learner::new(classes);
    let mut order = TrainingOrder::new(data.len(), seed);
    let (mut f, mut scores) = (Vec::new(), Vec::new());
    for epoch in 0..epochs {
        let (mut right, mut all) = (0usize, 0usize);
        for &k in order.shuffle() {
            let e = &data[k];
            let mut guesses: Vec<u8> = Vec::with_capacity(e.tags.len());
            for i in 0..e.tokens.len() {
                let p1 = guesses.last().map_or(NONE, |&t| u64::from(t));
                let p2 = if i >= 2 { u64::from(guesses[i - 2]) } else { NONE };
                features(&e.tokens, i, p1, p2, &mut f);
                learner.tick();
                learner.scores(&f, &mut scores);
                let guess = best(&scores, 0..classes).unwrap_or(0);
                learner.update(e.tags[i] as usize, guess, &f);
                right += usize::from(guess == e.tags[i] as usize);
                all += 1;
                guesses.push(guess as u8);
            }
        }
        report(&format!("tagger epoch {}: training accuracy {:.4}", epoch + 1, right as f64 / all.max(1) as f64));
    }
    learner.average(prune)
}
