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
        let steps = f64::from(self.step.max(1));
        let rows = self
            .table
            .iter()
            .map(|(&key, row)| {
                let mut cells: Vec<Cell> = row
                    .iter()
                    .filter_map(|e| {
                        let total = e.total + f64::from(e.weight) * f64::from(self.step - e.stamp);
                        let avg = (total / steps) as f32;
                        (avg.abs() >= prune && avg != 0.0).then_some(Cell { weight: avg, class: e.class })
                    })
                    .collect();
                cells.sort_by_key(|c| c.class);
                (key, cells)
            })
            .collect();
        Weights::from_rows(self.classes, rows)
    }
}

/// One class's weight in a frozen row.
#[derive(Clone, Copy)]
struct Cell {
    weight: f32,
    class: u8,
}

/// Where a feature's row lies in [`Weights::cells`]; `len == 0` marks an empty slot.
#[derive(Clone, Copy, Default)]
struct Slot {
    key: u64,
    start: u32,
    len: u32,
}

/// Features scored together: their slots are fetched first, then their rows, then summed,
/// so that the memory reads of a whole group are in flight at once.
const GROUP: usize = 32;

/// Averaged weights, frozen: an open-addressing table (linear probing, at most half full)
/// from each feature to its run of classes and weights. A transition reads some eighty
/// features scattered over a table far larger than the cache; a key's slot is known from the
/// key alone, so all of them can be fetched before any is needed, which a general hash map
/// does not offer (the recogniser's `StageWeights` does the same).
#[derive(Default, Clone)]
pub(crate) struct Weights {
    classes: usize,
    slots: Vec<Slot>,
    cells: Vec<Cell>,
}

impl Weights {
    /// Builds the table from rows (rows without cells are left out).
    fn from_rows(classes: usize, rows: Vec<(u64, Vec<Cell>)>) -> Weights {
        let filled = rows.iter().filter(|(_, c)| !c.is_empty()).count();
        let mut w = Weights { classes, slots: vec![Slot::default(); filled * 2 + 1], cells: Vec::new() };
        for (key, cells) in rows {
            if cells.is_empty() {
                continue;
            }
            let mut i = w.home(key);
            while w.slots[i].len != 0 {
                i = w.next(i);
            }
            w.slots[i] = Slot { key, start: w.cells.len() as u32, len: cells.len() as u32 };
            w.cells.extend(cells);
        }
        w
    }

    /// Where `key`'s probe starts: keys are well-spread hashes, so their high bits scaled to
    /// the table's size spread evenly over it.
    #[inline]
    fn home(&self, key: u64) -> usize {
        ((u128::from(key) * self.slots.len() as u128) >> 64) as usize
    }

    #[inline]
    fn next(&self, i: usize) -> usize {
        if i + 1 == self.slots.len() { 0 } else { i + 1 }
    }

    #[inline]
    fn get(&self, key: u64) -> Option<Slot> {
        let mut i = self.home(key);
        loop {
            let slot = self.slots[i];
            if slot.len == 0 {
                return None;
            }
            if slot.key == key {
                return Some(slot);
            }
            i = self.next(i);
        }
    }

    pub(crate) fn classes(&self) -> usize {
        self.classes
    }

    pub(crate) fn len(&self) -> usize {
        self.cells.len()
    }

    pub(crate) fn scores(&self, features: &[u64], out: &mut Vec<f32>) {
        out.clear();
        out.resize(self.classes, 0.0);
        if self.slots.is_empty() {
            return;
        }
        let mut rows = [Slot::default(); GROUP];
        for group in features.chunks(GROUP) {
            // Reads nothing waits on: several are in flight at once (a prefetch instruction
            // would need `unsafe`).
            for &f in group {
                std::hint::black_box(self.slots[self.home(f)].key);
            }
            let mut found = 0;
            for &f in group {
                if let Some(slot) = self.get(f) {
                    std::hint::black_box(self.cells[slot.start as usize].class);
                    rows[found] = slot;
                    found += 1;
                }
            }
            for slot in &rows[..found] {
                for c in &self.cells[slot.start as usize..(slot.start + slot.len) as usize] {
                    out[c.class as usize] += c.weight;
                }
            }
        }
    }

    /// Classes, then rows by key (key, length as u16, then each class and weight),
    /// little-endian.
    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.classes as u32).to_le_bytes());
        let mut rows: Vec<&Slot> = self.slots.iter().filter(|s| s.len != 0).collect();
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        rows.sort_unstable_by_key(|s| s.key);
        for slot in rows {
            out.extend_from_slice(&slot.key.to_le_bytes());
            out.extend_from_slice(&(slot.len as u16).to_le_bytes());
            for c in &self.cells[slot.start as usize..(slot.start + slot.len) as usize] {
                out.push(c.class);
                out.extend_from_slice(&c.weight.to_le_bytes());
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
        let count = u32_at(bytes)? as usize;
        let mut rows = Vec::with_capacity(count.min(bytes.len() / 10));
        for _ in 0..count {
            let key = u64::from_le_bytes(take(bytes, 8)?.try_into().unwrap());
            let len = u16::from_le_bytes(take(bytes, 2)?.try_into().unwrap()) as usize;
            let mut cells = Vec::with_capacity(len);
            for _ in 0..len {
                let class = take(bytes, 1)?[0];
                if class as usize >= classes {
                    return None;
                }
                cells.push(Cell { class, weight: f32::from_le_bytes(take(bytes, 4)?.try_into().unwrap()) });
            }
            rows.push((key, cells));
        }
        Some(Weights::from_rows(classes, rows))
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
