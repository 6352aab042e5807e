//! A sparse multiclass averaged perceptron: each hashed feature keeps weights only for the
//! classes it was ever updated towards or against. A transition parser has about a hundred
//! classes (a shift and each label in each direction) but a feature meets only a few of them,
//! so a dense row per feature would be mostly zeros and ten times the model.

use std::collections::HashMap;

use newsgraph_ner::BuildIdentity;

/// One class's weight of a feature while training, with what averaging needs.
#[derive(Clone, Copy)]
struct Entry {
    class: u8,
    weight: f32,
    /// Sum of the weight over the steps before `stamp`.
    total: f64,
    stamp: u32,
}

/// The perceptron while it learns.
pub(crate) struct Learner {
    classes: usize,
    table: HashMap<u64, Vec<Entry>, BuildIdentity>,
    step: u32,
}

impl Learner {
    pub(crate) fn new(classes: usize) -> Learner {
        assert!(classes <= 256, "class ids are bytes");
        Learner { classes, table: HashMap::default(), step: 0 }
    }

    /// Scores of every class (current weights, as training decides with them).
    pub(crate) fn scores(&self, features: &[u64], out: &mut Vec<f32>) {
        out.clear();
        out.resize(self.classes, 0.0);
        for f in features {
            if let Some(row) = self.table.get(f) {
                for e in row {
                    out[e.class as usize] += e.weight;
                }
            }
        }
    }

    /// One example seen: the clock the averages run on.
    pub(crate) fn tick(&mut self) {
        self.step += 1;
    }

    pub(crate) fn update(&mut self, truth: usize, guess: usize, features: &[u64]) {
        if truth == guess {
            return;
        }
        let step = self.step;
        for &f in features {
            let row = self.table.entry(f).or_default();
            for (class, delta) in [(truth, 1.0f32), (guess, -1.0)] {
                let k = match row.iter().position(|e| e.class as usize == class) {
                    Some(k) => k,
                    None => {
                        row.push(Entry { class: class as u8, weight: 0.0, total: 0.0, stamp: step });
                        row.len() - 1
                    }
                };
                let e = &mut row[k];
                e.total += f64::from(e.weight) * f64::from(step - e.stamp);
                e.stamp = step;
                e.weight += delta;
            }
        }
    }

    /// The averaged weights, dropping those whose average is below `prune` in magnitude.
    pub(crate) fn average(&self, prune: f32) -> Weights {
        let mut keys: Vec<u64> = self.table.keys().copied().collect();
        keys.sort_unstable();
        let mut w = Weights { classes: self.classes, ..Weights::default() };
        let steps = f64::from(self.step.max(1));
        for key in keys {
            let start = w.class.len();
            let mut row: Vec<&Entry> = self.table[&key].iter().collect();
            row.sort_by_key(|e| e.class);
            for e in row {
                let total = e.total + f64::from(e.weight) * f64::from(self.step - e.stamp);
                let avg = (total / steps) as f32;
                if avg.abs() >= prune && avg != 0.0 {
                    w.class.push(e.class);
                    w.weight.push(avg);
                }
            }
            let len = w.class.len() - start;
            if len > 0 {
                w.index.insert(key, (start as u32, len as u32));
            }
        }
        w
    }
}

/// Averaged weights, frozen: each feature's classes in one run of two flat arrays.
#[derive(Default, Clone)]
pub(crate) struct Weights {
    classes: usize,
    index: HashMap<u64, (u32, u32), BuildIdentity>,
    class: Vec<u8>,
    weight: Vec<f32>,
}

impl Weights {
    pub(crate) fn classes(&self) -> usize {
        self.classes
    }

    pub(crate) fn len(&self) -> usize {
        self.weight.len()
    }

    pub(crate) fn scores(&self, features: &[u64], out: &mut Vec<f32>) {
        out.clear();
        out.resize(self.classes, 0.0);
        for f in features {
            if let Some(&(start, len)) = self.index.get(f) {
                let (s, e) = (start as usize, (start + len) as usize);
                for (c, w) in self.class[s..e].iter().zip(&self.weight[s..e]) {
                    out[*c as usize] += *w;
                }
            }
        }
    }

    /// Classes, then rows (key, length as u16, then each class and weight), little-endian.
    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.classes as u32).to_le_bytes());
        out.extend_from_slice(&(self.index.len() as u32).to_le_bytes());
        let mut rows: Vec<(&u64, &(u32, u32))> = self.index.iter().collect();
        rows.sort_unstable_by_key(|(k, _)| **k);
        for (key, &(start, len)) in rows {
            out.extend_from_slice(&key.to_le_bytes());
            out.extend_from_slice(&(len as u16).to_le_bytes());
            for k in start as usize..(start + len) as usize {
                out.push(self.class[k]);
                out.extend_from_slice(&self.weight[k].to_le_bytes());
            }
        }
    }

    pub(crate) fn read(bytes: &mut &[u8]) -> Option<Weights> {
        fn take<'a>(b: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
            if b.len() < n {
                return None;
            }
            let (head, rest) = b.split_at(n);
            *b = rest;
            Some(head)
        }
        let u32_at = |b: &mut &[u8]| take(b, 4).map(|x| u32::from_le_bytes(x.try_into().unwrap()));
        let classes = u32_at(bytes)? as usize;
        let rows = u32_at(bytes)? as usize;
        let mut w = Weights { classes, ..Weights::default() };
        w.index.reserve(rows);
        for _ in 0..rows {
            let key = u64::from_le_bytes(take(bytes, 8)?.try_into().unwrap());
            let len = u16::from_le_bytes(take(bytes, 2)?.try_into().unwrap()) as usize;
            let start = w.class.len() as u32;
            for _ in 0..len {
                let c = take(bytes, 1)?[0];
                if c as usize >= classes {
                    return None;
                }
                w.class.push(c);
                w.weight.push(f32::from_le_bytes(take(bytes, 4)?.try_into().unwrap()));
            }
            w.index.insert(key, (start, len as u32));
        }
        Some(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_survives_a_round_trip() {
        let mut l = Learner::new(3);
        let examples = [(vec![1u64, 10], 0usize), (vec![2, 10], 1), (vec![3, 10], 2)];
        let mut scores = Vec::new();
        for _ in 0..5 {
            for (f, truth) in &examples {
                l.tick();
                l.scores(f, &mut scores);
                let guess = (0..3).max_by(|&a, &b| scores[a].total_cmp(&scores[b]).then(b.cmp(&a))).unwrap();
                l.update(*truth, guess, f);
            }
        }
        let w = l.average(0.0);
        let mut bytes = Vec::new();
        w.write(&mut bytes);
        let back = Weights::read(&mut bytes.as_slice()).unwrap();
        for (f, truth) in &examples {
            back.scores(f, &mut scores);
            let best = (0..3).max_by(|&a, &b| scores[a].total_cmp(&scores[b])).unwrap();
            assert_eq!(best, *truth);
        }
        assert!(Weights::read(&mut &bytes[..bytes.len() - 1]).is_none());
    }
}
