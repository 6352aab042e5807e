//! Gazetteers: lists of names (places, first and last names), matched over tokens longest
//! first. A match gives each token a feature: which list, and where in the entry it stands.

use std::collections::{HashMap, HashSet};

use crate::clusters::{ClassLookup, WordClasses};
use crate::hash::{BuildIdentity, FeatureHash};
use crate::tags::Position;
use crate::titles::TitleSet;

/// The lists compiled into the binary (built by `models/gazetteers/build.py`).
const BUILTIN: &[(&str, &str)] = &[
    ("country", include_str!("../../../models/gazetteers/location-country.txt")),
    ("city", include_str!("../../../models/gazetteers/location-city.txt")),
    ("region", include_str!("../../../models/gazetteers/location-region.txt")),
    ("first", include_str!("../../../models/gazetteers/person-first.txt")),
    ("last", include_str!("../../../models/gazetteers/person-last.txt")),
    // Written for newsgraph: titles that precede names ("Governor"), and honorifics.
    ("title", include_str!("../../../models/gazetteers/titles.txt")),
    ("honorific", include_str!("../../../models/gazetteers/honorifics.txt")),
];

/// Lists learned from training data: entity strings seen with each type. Stored in the
/// model as hashes only (no text), and used as features like the lists above.
pub const LEARNED: [&str; 4] = ["seen-PER", "seen-ORG", "seen-LOC", "seen-MISC"];

/// Longest entry, in tokens.
const MAX_TOKENS: usize = 6;

/// Name lists, keyed by the hash of their lower-cased token sequence.
#[derive(Default)]
pub struct Gazetteers {
    names: Vec<&'static str>,
    /// Entry hash → bit set of lists.
    entries: HashMap<u64, u32, BuildIdentity>,
    /// Hashes of entries' first tokens, to skip most positions at once.
    firsts: HashSet<u64, BuildIdentity>,
    /// Single tokens seen inside entities of training data → bit set of kinds.
    tokens: HashMap<u64, u8, BuildIdentity>,
    /// Word classes learned from unlabelled text.
    classes: ClassLookup,
    /// Clusters of word vectors, keyed by the lower-cased word.
    vectors: ClassLookup,
    /// Titles of encyclopaedia articles.
    titles: TitleSet,
}

/// A token's place in a gazetteer match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GazetteerHit {
    /// List index.
    pub list: u8,
    /// Position in the matched entry.
    pub position: Position,
}

pub(crate) fn token_hash(t: &str) -> u64 {
    let lower = t.to_lowercase();
    FeatureHash::new(0).bytes(lower.as_bytes()).finish()
}

fn seq_hash(hashes: &[u64]) -> u64 {
    hashes.iter().fold(FeatureHash::new(1), |h, &t| h.num(t)).finish()
}

impl Gazetteers {
    /// The built-in lists.
    pub fn builtin() -> Gazetteers {
        let mut g = Gazetteers::default();
        for (name, text) in BUILTIN {
            g.add_list(name, text);
        }
        g
    }

    /// The built-in lists plus lists learned from training data (see [`LearnedLists`]).
    pub fn with_learned(learned: &LearnedLists) -> Gazetteers {
        let mut g = Gazetteers::builtin();
        let base = g.names.len();
        g.names.extend(LEARNED);
        for &(h, mask) in &learned.entries {
            *g.entries.entry(h).or_default() |= mask << base;
        }
        g.firsts.extend(learned.firsts.iter().copied());
        g.tokens.extend(learned.tokens.iter().copied());
        g.classes = ClassLookup::new(&learned.classes);
        g.vectors = ClassLookup::new(&learned.vectors);
        g.titles = learned.titles.clone();
        g
    }

    /// Each token's position in an encyclopaedia title over capitalised tokens (see
    /// [`TitleSet::positions`]).
    pub fn title_positions(&self, lower_hashes: &[u64], capitalised: &[bool], words: &[&str]) -> Vec<Option<Position>> {
        self.titles.positions(lower_hashes, capitalised, words)
    }

    /// Clusters of a lower-cased word's vector (coarse to fine), when known.
    pub fn vector_classes(&self, lower: &str) -> Option<[u16; 3]> {
        self.vectors.classes(lower)
    }

    /// Word classes of a word (coarse to fine), when known.
    pub fn classes(&self, word: &str) -> Option<[u16; 3]> {
        self.classes.classes(word)
    }

    /// Kinds (bit set over [`LEARNED`]) of training entities that contained this token.
    pub fn token_kinds(&self, word: &str) -> u8 {
        self.token_kinds_of(token_hash(word))
    }

    /// [`Gazetteers::token_kinds`] of a word given by the hash of its lower-cased form.
    pub fn token_kinds_of(&self, lower_hash: u64) -> u8 {
        self.tokens.get(&lower_hash).copied().unwrap_or(0)
    }

    /// Adds a list of entries, one per line, tokenised on spaces and hyphens kept.
    pub fn add_list(&mut self, name: &'static str, text: &str) {
        let bit = 1u32 << self.names.len();
        self.names.push(name);
        for line in text.lines() {
            let tokens: Vec<u64> = line.split_whitespace().map(token_hash).collect();
            if tokens.is_empty() || tokens.len() > MAX_TOKENS {
                continue;
            }
            self.firsts.insert(tokens[0]);
            *self.entries.entry(seq_hash(&tokens)).or_default() |= bit;
        }
    }

    /// List names, by index.
    pub fn names(&self) -> &[&'static str] {
        &self.names
    }

    /// For each token, the gazetteer hits it is part of (longest match from each start).
    pub fn hits(&self, words: &[&str]) -> Vec<Vec<GazetteerHit>> {
        let hashes: Vec<u64> = words.iter().map(|w| token_hash(w)).collect();
        self.hits_of(&hashes)
    }

    /// [`Gazetteers::hits`] of words given by the hashes of their lower-cased forms (as
    /// [`crate::features::TokenKey`] holds them).
    pub fn hits_of(&self, hashes: &[u64]) -> Vec<Vec<GazetteerHit>> {
        let mut out = vec![Vec::new(); hashes.len()];
        let mut i = 0;
        while i < hashes.len() {
            let mut matched = 0;
            if self.firsts.contains(&hashes[i]) {
                for len in (1..=MAX_TOKENS.min(hashes.len() - i)).rev() {
                    if let Some(&mask) = self.entries.get(&seq_hash(&hashes[i..i + len])) {
                        for list in 0..self.names.len() {
                            if mask & (1 << list) != 0 {
                                for (k, slot) in out[i..i + len].iter_mut().enumerate() {
                                    let position = match (k, len) {
                                        (_, 1) => Position::Unit,
                                        (0, _) => Position::Begin,
                                        (k, l) if k == l - 1 => Position::Last,
                                        _ => Position::Inside,
                                    };
                                    slot.push(GazetteerHit { list: list as u8, position });
                                }
                            }
                        }
                        matched = len;
                        break;
                    }
                }
            }
            i += matched.max(1);
        }
        out
    }
}

/// Entity strings learned from training data, by type, as hashes of their token sequences.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LearnedLists {
    /// Sequence hash → bit set over [`LEARNED`].
    pub entries: Vec<(u64, u32)>,
    /// Hashes of first tokens.
    pub firsts: Vec<u64>,
    /// Token hash → bit set of the kinds of entities it occurred in.
    pub tokens: Vec<(u64, u8)>,
    /// Word classes from unlabelled text.
    pub classes: WordClasses,
    /// Clusters of word vectors (GloVe), keyed by lower-cased word.
    pub vectors: WordClasses,
    /// Titles of encyclopaedia articles (DBpedia).
    pub titles: TitleSet,
}

impl LearnedLists {
    /// Collects entries from `(tokens, kind index)` pairs.
    pub fn from_entities<'a>(entities: impl IntoIterator<Item = (&'a [&'a str], usize)>) -> LearnedLists {
        let mut map: HashMap<u64, u32> = HashMap::new();
        let mut firsts = HashSet::new();
        let mut token_kinds: HashMap<u64, u8> = HashMap::new();
        for (tokens, kind) in entities {
            let hashes: Vec<u64> = tokens.iter().map(|t| token_hash(t)).collect();
            for (t, h) in tokens.iter().zip(&hashes) {
                if t.chars().next().is_some_and(char::is_uppercase) {
                    *token_kinds.entry(*h).or_default() |= 1 << kind;
                }
            }
            if tokens.is_empty() || tokens.len() > MAX_TOKENS {
                continue;
            }
            firsts.insert(hashes[0]);
            *map.entry(seq_hash(&hashes)).or_default() |= 1 << kind;
        }
        let mut entries: Vec<(u64, u32)> = map.into_iter().collect();
        entries.sort_unstable();
        let mut firsts: Vec<u64> = firsts.into_iter().collect();
        firsts.sort_unstable();
        let mut tokens: Vec<(u64, u8)> = token_kinds.into_iter().collect();
        tokens.sort_unstable();
        LearnedLists { entries, firsts, tokens, ..LearnedLists::default() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_match_with_positions() {
        let mut g = Gazetteers::default();
        g.add_list("city", "New York\nYork\nOslo\n");
        g.add_list("first", "Oslo\n");
        let hits = g.hits(&["in", "New", "York", "and", "oslo"]);
        assert!(hits[0].is_empty());
        assert_eq!(hits[1], [GazetteerHit { list: 0, position: Position::Begin }]);
        assert_eq!(hits[2], [GazetteerHit { list: 0, position: Position::Last }]);
        assert_eq!(hits[4].len(), 2);
    }

    #[test]
    fn builtin_lists_load() {
        let g = Gazetteers::builtin();
        let hits = g.hits(&["Nairobi", "and", "United", "States"]);
        assert!(!hits[0].is_empty());
        assert!(!hits[2].is_empty());
    }
}
