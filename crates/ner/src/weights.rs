//! The weights of both stages in one table, for tagging.
//!
//! Looking a feature up is most of the recogniser's time, and most lookups miss the cache:
//! the table is far larger than the cache and features are scattered over it. The second
//! stage reads every feature the first stage read (plus a few of its own), so each
//! feature's rows of both stages sit side by side under one key: a token's fixed features
//! are looked up once and give both stages' scores, and the slots of the features to come
//! are fetched while earlier ones are scored.

use std::collections::HashMap;

use crate::hash::BuildIdentity;
use crate::model::Model;
use crate::tags::CLASSES;

/// One key's rows: the first stage's `CLASSES` weights, then the second's (zero where a
/// stage has no row for the key), and which stages had a row (bit 0 the first; no bit: an
/// empty slot).
#[derive(Clone, Copy)]
struct Slot {
    key: u64,
    weights: [i16; 2 * CLASSES],
    had: u8,
}

const EMPTY: Slot = Slot { key: 0, weights: [0; 2 * CLASSES], had: 0 };

/// How far ahead of the feature being scored its successors' slots are fetched: far enough
/// that a fetch from memory is back when its feature's turn comes.
const PREFETCH_AHEAD: usize = 12;

/// Both stages' rows under one key each, in an open-addressing table (linear probing, half
/// full): a key's slot is known from the key alone, so it can be fetched from memory before
/// it is needed, which a general hash map does not offer.
#[derive(Clone)]
pub(crate) struct StageWeights {
    slots: Vec<Slot>,
    /// Rows each stage had.
    counts: [usize; 2],
}

impl StageWeights {
    /// Moves the rows out of the stages' models into one table.
    pub fn fuse(first: &mut Model, second: Option<&mut Model>) -> StageWeights {
        let taken: Vec<HashMap<u64, [i16; CLASSES], BuildIdentity>> =
            std::iter::once(first).chain(second).map(Model::take_rows).collect();
        let keys: std::collections::HashSet<u64, BuildIdentity> =
            taken.iter().flat_map(|rows| rows.keys().copied()).collect();
        // Half full: a key is found in 1.5 probes on average, an absent one in 2.5 (Knuth),
        // and the table takes the room a general hash map of both stages took.
        let mut table = StageWeights { slots: vec![EMPTY; keys.len() * 2 + 1], counts: [0; 2] };
        for (stage, rows) in taken.into_iter().enumerate() {
            table.counts[stage] = rows.len();
            for (key, row) in rows {
                let slot = table.slot_mut(key);
                slot.key = key;
                slot.weights[stage * CLASSES..(stage + 1) * CLASSES].copy_from_slice(&row);
                slot.had |= 1 << stage;
            }
        }
        table
    }

    /// Where `key`'s probe starts: the keys are well-spread hashes, so their high bits
    /// scaled to the table's size (Lemire's multiply-shift) spread evenly over it.
    #[inline]
    fn home(&self, key: u64) -> usize {
        ((key as u128 * self.slots.len() as u128) >> 64) as usize
    }

    /// The slot after `i`, wrapping around.
    #[inline]
    fn next(&self, i: usize) -> usize {
        if i + 1 == self.slots.len() { 0 } else { i + 1 }
    }

    /// The slot that holds `key`, or the empty one where it would go.
    fn slot_mut(&mut self, key: u64) -> &mut Slot {
        let mut i = self.home(key);
        while self.slots[i].had != 0 && self.slots[i].key != key {
            i = self.next(i);
        }
        &mut self.slots[i]
    }

    /// The slot holding `key`, if any.
    #[inline]
    fn get(&self, key: u64) -> Option<&Slot> {
        let mut i = self.home(key);
        loop {
            let slot = &self.slots[i];
            if slot.had == 0 {
                return None;
            }
            if slot.key == key {
                return Some(slot);
            }
            i = self.next(i);
        }
    }

    /// Brings `key`'s slot into the cache: both its ends (a slot can cross a cache line),
    /// read but unused. Nothing waits on these loads, so several are in flight at once
    /// while earlier features are scored (a prefetch instruction would need `unsafe`).
    #[inline]
    fn prefetch(&self, key: u64) {
        let slot = &self.slots[self.home(key)];
        std::hint::black_box((slot.key, slot.had));
    }

    /// Gives each stage's model its rows back (the inverse of [`StageWeights::fuse`]).
    pub fn split(self, first: &mut Model, second: Option<&mut Model>) {
        for (stage, model) in std::iter::once(first).chain(second).enumerate() {
            let mut rows = HashMap::with_capacity_and_hasher(self.counts[stage], BuildIdentity::default());
            for slot in self.slots.iter().filter(|s| s.had & (1 << stage) != 0) {
                let row = slot.weights[stage * CLASSES..(stage + 1) * CLASSES].try_into().expect("one stage");
                rows.insert(slot.key, row);
            }
            model.put_rows(rows);
        }
    }

    /// Rows over both stages, as the models count them.
    pub fn len(&self) -> usize {
        self.counts[0] + self.counts[1]
    }

    /// For each token, the sums of its features' rows under both stages: `features` holds
    /// every token's features one after another, `ends[t]` where token `t`'s end.
    pub fn score_tokens(
        &self,
        features: &[u64],
        ends: &[usize],
        first: &mut [[i32; CLASSES]],
        second: &mut [[i32; CLASSES]],
    ) {
        for &f in features.iter().take(PREFETCH_AHEAD) {
            self.prefetch(f);
        }
        let mut start = 0;
        for (t, &end) in ends.iter().enumerate() {
            let mut sum = [0i32; 2 * CLASSES];
            for i in start..end {
                if let Some(&ahead) = features.get(i + PREFETCH_AHEAD) {
                    self.prefetch(ahead);
                }
                if let Some(slot) = self.get(features[i]) {
                    for (s, w) in sum.iter_mut().zip(&slot.weights) {
                        *s += *w as i32;
                    }
                }
            }
            first[t].copy_from_slice(&sum[..CLASSES]);
            second[t].copy_from_slice(&sum[CLASSES..]);
            start = end;
        }
    }

    /// The rows of `features` of both stages, summed.
    pub fn sum(&self, features: &[u64]) -> [i32; 2 * CLASSES] {
        let mut sum = [0i32; 2 * CLASSES];
        for &f in features {
            if let Some(slot) = self.get(f) {
                for (s, w) in sum.iter_mut().zip(&slot.weights) {
                    *s += *w as i32;
                }
            }
        }
        sum
    }

    /// Adds the rows of `features` of one stage (0 or 1).
    #[inline]
    pub fn score(&self, stage: usize, features: &[u64], scores: &mut [i32; CLASSES]) {
        for &f in features {
            if let Some(slot) = self.get(f) {
                for (s, w) in scores.iter_mut().zip(&slot.weights[stage * CLASSES..(stage + 1) * CLASSES]) {
                    *s += *w as i32;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Training;

    fn model(updates: &[(u64, usize, usize)]) -> Model {
        let mut t = Training::default();
        for &(f, gold, predicted) in updates {
            t.update_by(&[f], gold, predicted, 1.0);
            t.tick();
        }
        Training::finish_average(std::slice::from_ref(&t), 0.0, &Default::default())
    }

    #[test]
    fn both_stages_score_as_their_own_models_and_split_back() {
        // Keys chosen to crowd one end of a small table, so that probes wrap around.
        let keys: Vec<u64> = (0..40u64).map(|k| u64::MAX - k).collect();
        let one: Vec<(u64, usize, usize)> = keys.iter().step_by(2).map(|&k| (k, 1, 0)).collect();
        let two: Vec<(u64, usize, usize)> = keys.iter().skip(5).map(|&k| (k, 2, 3)).collect();
        let (mut first, mut second) = (model(&one), model(&two));
        let expected = |m: &Model, f: &[u64]| {
            let mut s = [0i32; CLASSES];
            m.score(f, &mut s);
            s
        };
        let features: Vec<u64> = keys.iter().copied().chain([7, 8, 9]).collect();
        let ends = [10, 25, features.len()];
        let mut want = Vec::new();
        let mut start = 0;
        for &end in &ends {
            want.push((expected(&first, &features[start..end]), expected(&second, &features[start..end])));
            start = end;
        }
        let before = (first.to_bytes(), second.to_bytes());
        let weights = StageWeights::fuse(&mut first, Some(&mut second));
        assert!(first.is_empty() && second.is_empty(), "the rows moved into the table");
        let mut a = vec![[0i32; CLASSES]; ends.len()];
        let mut b = vec![[0i32; CLASSES]; ends.len()];
        weights.score_tokens(&features, &ends, &mut a, &mut b);
        for (t, (wa, wb)) in want.iter().enumerate() {
            assert_eq!((&a[t], &b[t]), (wa, wb), "token {t}");
            let mut single = [0i32; CLASSES];
            weights.score(1, &features[if t == 0 { 0 } else { ends[t - 1] }..ends[t]], &mut single);
            assert_eq!(&single, wb);
        }
        assert_eq!(weights.len(), one.len() + two.len());
        weights.split(&mut first, Some(&mut second));
        assert_eq!((first.to_bytes(), second.to_bytes()), before);
    }
}
