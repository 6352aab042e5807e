//! The rows each word gives the tokens around it, summed once per word and kept per thread.
//!
//! Most of a token's features come from one word alone: the token's own word (its case,
//! affixes, classes) and its neighbours up to two places away, each through templates that
//! read only that word and its offset. Their rows, summed, are the same wherever the word
//! occurs (in a line of the same casing), and news repeats its words: summing them once per
//! word instead of once per occurrence leaves a few context features (bigrams, gazetteer and
//! title matches) to look up per token.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::hash::{BuildIdentity, FeatureHash};
use crate::tags::CLASSES;

/// Both stages' summed rows (the first stage's `CLASSES`, then the second's).
pub(crate) type Row = [i32; 2 * CLASSES];

/// What a word gives the token at offsets −2…2 from it, and its coarsest word class (for
/// the class-pair feature, which reads two words).
#[derive(Clone, Copy)]
pub(crate) struct WordRows {
    pub rows: [Row; 5],
    pub coarse: Option<u16>,
}

/// Words kept per thread: the most frequent few thousand words make up most of news text;
/// 684 bytes each, 5.6 MB at most.
const MAX_WORDS: usize = 8192;

/// One thread's words and their rows, for one recogniser.
#[derive(Default)]
pub(crate) struct WordScores {
    /// The recogniser the rows were summed for.
    owner: u64,
    index: HashMap<u64, u32, BuildIdentity>,
    rows: Vec<WordRows>,
}

thread_local! {
    static WORD_SCORES: RefCell<WordScores> = RefCell::new(WordScores::default());
}

/// Runs `f` with this thread's word rows for recogniser `owner` (emptied if they were
/// summed for another).
pub(crate) fn with<R>(owner: u64, f: impl FnOnce(&mut WordScores) -> R) -> R {
    WORD_SCORES.with(|cell| {
        let mut scores = cell.borrow_mut();
        if scores.owner != owner {
            scores.clear();
            scores.owner = owner;
        }
        f(&mut scores)
    })
}

/// The key of a word in a line of the given casing.
pub(crate) fn word_key(word: &str, caps_line: bool) -> u64 {
    FeatureHash::new(0xFF).bytes(word.as_bytes()).num(caps_line as u64).finish()
}

impl WordScores {
    fn clear(&mut self) {
        self.index.clear();
        self.rows.clear();
    }

    /// Makes room for `words` more words: slots handed out before stay valid until the next
    /// call.
    pub fn make_room(&mut self, words: usize) {
        if self.rows.len() + words > MAX_WORDS {
            self.clear();
        }
    }

    /// The slot of a word's rows, summed by `sum` the first time.
    pub fn slot(&mut self, key: u64, sum: impl FnOnce() -> WordRows) -> u32 {
        if let Some(&slot) = self.index.get(&key) {
            return slot;
        }
        let slot = self.rows.len() as u32;
        self.rows.push(sum());
        self.index.insert(key, slot);
        slot
    }

    /// The rows in a slot.
    pub fn rows(&self, slot: u32) -> &WordRows {
        &self.rows[slot as usize]
    }
}
