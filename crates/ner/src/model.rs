//! Weights: an averaged perceptron while training, quantised rows keyed by feature hash
//! once trained. Only features that training ever updated have a row.

use std::collections::HashMap;

use crate::Error;
use crate::gazetteer::LearnedLists;
use crate::hash::BuildIdentity;
use crate::tags::CLASSES;
use crate::titles::TitleSet;

const MAGIC: &[u8; 8] = b"NGNER06\0";
/// The previous format: the same without encyclopaedia titles.
const MAGIC_WITHOUT_TITLES: &[u8; 8] = b"NGNER05\0";

/// Trained weights, quantised to `i16` with one scale, and the name lists learned with them.
pub struct Model {
    /// Feature hash → its row, kept inline so that scoring a feature touches one place in
    /// memory rather than an index and then a row (scoring is most of the recogniser's time).
    rows: HashMap<u64, [i16; CLASSES], BuildIdentity>,
    scale: f32,
    /// Entity strings of the training data, as hashes.
    pub learned: LearnedLists,
}

impl Model {
    /// Adds the rows of `features` into `scores`.
    #[inline]
    pub fn score(&self, features: &[u64], scores: &mut [i32; CLASSES]) {
        for f in features {
            if let Some(row) = self.rows.get(f) {
                for (s, w) in scores.iter_mut().zip(row) {
                    *s += *w as i32;
                }
            }
        }
    }

    /// Moves the rows out (for [`crate::weights::StageWeights`]).
    pub(crate) fn take_rows(&mut self) -> HashMap<u64, [i16; CLASSES], BuildIdentity> {
        std::mem::take(&mut self.rows)
    }

    /// Puts rows back (the inverse of [`Model::take_rows`]).
    pub(crate) fn put_rows(&mut self, rows: HashMap<u64, [i16; CLASSES], BuildIdentity>) {
        self.rows = rows;
    }

    /// The same model with no rows: its scale and lists.
    pub(crate) fn without_rows(&self) -> Model {
        Model { rows: HashMap::default(), scale: self.scale, learned: self.learned.clone() }
    }

    /// Number of feature rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when the model has no weights.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The binary form (see [`Model::from_bytes`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut keys: Vec<(u64, &[i16; CLASSES])> = self.rows.iter().map(|(&k, r)| (k, r)).collect();
        keys.sort_unstable_by_key(|&(k, _)| k);
        let mut out = Vec::with_capacity(24 + keys.len() * (8 + 2 * CLASSES));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(CLASSES as u32).to_le_bytes());
        out.extend_from_slice(&(keys.len() as u32).to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        for (k, _) in &keys {
            out.extend_from_slice(&k.to_le_bytes());
        }
        for (_, r) in &keys {
            for w in *r {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        out.extend_from_slice(&(self.learned.entries.len() as u32).to_le_bytes());
        for (h, m) in &self.learned.entries {
            out.extend_from_slice(&h.to_le_bytes());
            out.extend_from_slice(&m.to_le_bytes());
        }
        out.extend_from_slice(&(self.learned.firsts.len() as u32).to_le_bytes());
        for h in &self.learned.firsts {
            out.extend_from_slice(&h.to_le_bytes());
        }
        out.extend_from_slice(&(self.learned.tokens.len() as u32).to_le_bytes());
        for (h, m) in &self.learned.tokens {
            out.extend_from_slice(&h.to_le_bytes());
            out.push(*m);
        }
        for classes in [&self.learned.classes, &self.learned.vectors] {
            out.extend_from_slice(&(classes.entries.len() as u32).to_le_bytes());
            for (h, c) in &classes.entries {
                out.extend_from_slice(&h.to_le_bytes());
                for id in c {
                    out.extend_from_slice(&id.to_le_bytes());
                }
            }
        }
        self.learned.titles.write(&mut out);
        out
    }

    /// Reads the binary form, all little-endian: magic, class count, row count, scale, sorted
    /// keys, rows of `i16` weights; then the learned lists: count, (hash, mask) pairs, count,
    /// first-token hashes, count, (token hash, kind mask) pairs, then twice (word classes,
    /// then vector clusters) count, (word hash, three u16 class ids).
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, Error> {
        let bad = |why: &str| Error::Model(why.to_string());
        let with_titles = bytes.len() >= 8 && &bytes[..8] == MAGIC;
        if bytes.len() < 20 || !(with_titles || &bytes[..8] == MAGIC_WITHOUT_TITLES) {
            return Err(bad("not a newsgraph NER model (bad magic)"));
        }
        let u32_at = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().expect("4 bytes"));
        if u32_at(8) as usize != CLASSES {
            return Err(bad("model has another tag set"));
        }
        let n = u32_at(12) as usize;
        let scale = f32::from_le_bytes(bytes[16..20].try_into().expect("4 bytes"));
        let keys_at = 20;
        let rows_at = keys_at + n * 8;
        let lists_at = rows_at + n * CLASSES * 2;
        if bytes.len() < lists_at + 8 {
            return Err(bad("model file is truncated"));
        }
        let mut rows = HashMap::with_capacity_and_hasher(n, BuildIdentity::default());
        for r in 0..n {
            let k = u64::from_le_bytes(bytes[keys_at + r * 8..keys_at + r * 8 + 8].try_into().expect("8 bytes"));
            let mut row = [0i16; CLASSES];
            for (c, w) in row.iter_mut().enumerate() {
                let at = rows_at + (r * CLASSES + c) * 2;
                *w = i16::from_le_bytes([bytes[at], bytes[at + 1]]);
            }
            rows.insert(k, row);
        }
        let mut at = lists_at;
        let mut take = |len: usize| -> Result<&[u8], Error> {
            let slice = bytes.get(at..at + len).ok_or_else(|| bad("model file is truncated"))?;
            at += len;
            Ok(slice)
        };
        let count = u32::from_le_bytes(take(4)?.try_into().expect("4 bytes")) as usize;
        let mut learned = LearnedLists::default();
        for _ in 0..count {
            let h = u64::from_le_bytes(take(8)?.try_into().expect("8 bytes"));
            let m = u32::from_le_bytes(take(4)?.try_into().expect("4 bytes"));
            learned.entries.push((h, m));
        }
        let count = u32::from_le_bytes(take(4)?.try_into().expect("4 bytes")) as usize;
        for _ in 0..count {
            learned.firsts.push(u64::from_le_bytes(take(8)?.try_into().expect("8 bytes")));
        }
        let count = u32::from_le_bytes(take(4)?.try_into().expect("4 bytes")) as usize;
        for _ in 0..count {
            let h = u64::from_le_bytes(take(8)?.try_into().expect("8 bytes"));
            learned.tokens.push((h, take(1)?[0]));
        }
        for classes in [&mut learned.classes, &mut learned.vectors] {
            let count = u32::from_le_bytes(take(4)?.try_into().expect("4 bytes")) as usize;
            for _ in 0..count {
                let h = u64::from_le_bytes(take(8)?.try_into().expect("8 bytes"));
                let c = take(6)?;
                let id = |i: usize| u16::from_le_bytes([c[2 * i], c[2 * i + 1]]);
                classes.entries.push((h, [id(0), id(1), id(2)]));
            }
        }
        if with_titles {
            learned.titles = TitleSet::read(|n| take(n).map(<[u8]>::to_vec), |why| bad(&format!("titles: {why}")))?;
        }
        if at != bytes.len() {
            return Err(bad("model file has trailing bytes"));
        }
        Ok(Model { rows, scale, learned })
    }

    /// The scale that turns a quantised score back into perceptron units.
    pub fn scale(&self) -> f32 {
        self.scale
    }
}

/// Averaged perceptron weights under training (Daumé's trick: `avg = w - u / c`).
pub struct Training {
    index: HashMap<u64, u32, BuildIdentity>,
    w: Vec<[f32; CLASSES]>,
    u: Vec<[f64; CLASSES]>,
    /// Examples seen, for the averaging.
    pub clock: f64,
}

impl Default for Training {
    fn default() -> Training {
        Training { index: HashMap::default(), w: Vec::new(), u: Vec::new(), clock: 1.0 }
    }
}

impl Training {
    /// Current (not averaged) scores.
    pub fn score(&self, features: &[u64], scores: &mut [f32; CLASSES]) {
        for f in features {
            if let Some(&r) = self.index.get(f) {
                for (s, w) in scores.iter_mut().zip(&self.w[r as usize]) {
                    *s += w;
                }
            }
        }
    }

    /// Moves weights by `step` towards `gold` and away from `predicted` (a step below one
    /// for examples whose labels are less certain).
    pub fn update_by(&mut self, features: &[u64], gold: usize, predicted: usize, step: f32) {
        for f in features {
            let r = *self.index.entry(*f).or_insert_with(|| {
                self.w.push([0.0; CLASSES]);
                self.u.push([0.0; CLASSES]);
                (self.w.len() - 1) as u32
            }) as usize;
            self.w[r][gold] += step;
            self.u[r][gold] += self.clock * step as f64;
            self.w[r][predicted] -= step;
            self.u[r][predicted] -= self.clock * step as f64;
        }
    }

    /// Training weights that score like a finished model (for decoding with it).
    pub fn from_model(model: &Model) -> Training {
        let mut t = Training::default();
        for (&k, row) in &model.rows {
            let mut w = [0f32; CLASSES];
            for (c, q) in row.iter().enumerate() {
                w[c] = *q as f32 * model.scale;
            }
            t.index.insert(k, t.w.len() as u32);
            t.w.push(w);
            t.u.push([0.0; CLASSES]);
        }
        t
    }

    /// Advances the clock by one example.
    pub fn tick(&mut self) {
        self.clock += 1.0;
    }

    /// Averages and quantises: the mean of the members' averaged weights (perceptrons
    /// trained on the same data in different orders; usually one). Rows whose largest
    /// weight is below `prune` (in perceptron units) are dropped: they change almost no
    /// decision and cost memory.
    pub fn finish_average(members: &[Training], prune: f32, learned: &LearnedLists) -> Model {
        let share = 1.0 / members.len().max(1) as f32;
        let mut avg: HashMap<u64, [f32; CLASSES], BuildIdentity> = HashMap::default();
        for t in members {
            for (&k, &r) in &t.index {
                let (w, u) = (&t.w[r as usize], &t.u[r as usize]);
                let a = avg.entry(k).or_insert([0.0; CLASSES]);
                for c in 0..CLASSES {
                    a[c] += share * (w[c] - (u[c] / t.clock) as f32);
                }
            }
        }
        let max = avg.values().flat_map(|r| r.iter()).fold(0.0f32, |m, w| m.max(w.abs())).max(1e-6);
        let scale = max / i16::MAX as f32;
        let mut rows = HashMap::default();
        for (k, a) in avg {
            if a.iter().all(|w| w.abs() < prune) {
                continue;
            }
            let mut q = [0i16; CLASSES];
            for c in 0..CLASSES {
                q[c] = (a[c] / scale).round() as i16;
            }
            rows.insert(k, q);
        }
        Model { rows, scale, learned: learned.clone() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averaging_quantising_and_bytes_round_trip() {
        let mut t = Training::default();
        t.update_by(&[7, 9], 1, 0, 1.0);
        t.tick();
        t.tick();
        let learned = LearnedLists {
            entries: vec![(5, 1)],
            firsts: vec![3],
            tokens: vec![(9, 2)],
            classes: crate::WordClasses { entries: vec![(4, [1, 2, 3])] },
            vectors: crate::WordClasses { entries: vec![(6, [4, 5, 6])] },
            titles: TitleSet::from_lines("bank_of_england\n"),
        };
        let m = Training::finish_average(std::slice::from_ref(&t), 0.0, &learned);
        let mut s = [0i32; CLASSES];
        m.score(&[7, 9, 11], &mut s);
        assert!(s[1] > 0 && s[0] < 0);
        let back = Model::from_bytes(&m.to_bytes()).unwrap();
        let mut s2 = [0i32; CLASSES];
        back.score(&[7, 9], &mut s2);
        assert_eq!(s, s2);
        assert_eq!(back.learned, learned);
        assert!(Model::from_bytes(b"junk").is_err());
        let mut cut = m.to_bytes();
        cut.pop();
        assert!(Model::from_bytes(&cut).is_err());
    }
}
