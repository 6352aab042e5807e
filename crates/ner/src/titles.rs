//! Titles of encyclopaedia articles (DBpedia), as a set of fingerprints: whether a run of
//! capitalised tokens is the whole title of some article. Titles carry no type, but they
//! mark where a long name begins and ends ("Battle of the Bulge", "Bank of New Zealand"),
//! the boundaries a model trained on one newswire gets wrong elsewhere.
//!
//! Millions of titles fit in a few megabytes because only a 32-bit fingerprint of each
//! is kept, split into 16-bit buckets and 16-bit remainders: a lookup reads one bucket of
//! about a hundred sorted remainders. A false match costs one feature on one run of
//! capitalised words, at a rate of about one in a thousand for the lists we build.

use crate::hash::FeatureHash;
use crate::tags::Position;

/// Titles with more tokens are not looked up.
pub const MAX_TITLE_TOKENS: usize = 6;

const BUCKETS: usize = 1 << 16;

/// A set of title fingerprints.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TitleSet {
    /// `starts[b]..starts[b + 1]` indexes the remainders of bucket `b` (empty when no titles).
    starts: Vec<u32>,
    /// Low 16 bits of the fingerprints, sorted within each bucket.
    rests: Vec<u16>,
}

/// The fingerprint of a token sequence given by the hashes of its lower-cased tokens.
fn fingerprint(hashes: &[u64]) -> u32 {
    (hashes.iter().fold(FeatureHash::new(3), |h, &t| h.num(t)).finish() >> 32) as u32
}

/// Tokens of a title as CoNLL-style text splits them: words joined by `_` or spaces,
/// punctuation and the possessive `'s` apart.
pub fn title_tokens(title: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in title.split(['_', ' ']).filter(|w| !w.is_empty()) {
        let mut current = String::new();
        for c in word.chars() {
            if matches!(c, ',' | ';' | ':' | '(' | ')' | '"' | '!' | '?') {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
                out.push(c.to_string());
            } else {
                current.push(c);
            }
        }
        if current.len() > 2 && (current.ends_with("'s") || current.ends_with("’s")) {
            let cut = current.len() - if current.ends_with("'s") { 2 } else { 4 };
            let rest = current.split_off(cut);
            out.push(current);
            out.push(rest);
        } else if !current.is_empty() {
            out.push(current);
        }
    }
    out
}

impl TitleSet {
    /// Titles of two to [`MAX_TITLE_TOKENS`] tokens, one per line; single words are left
    /// out (nearly every word is the title of some article).
    pub fn from_lines(text: &str) -> TitleSet {
        let mut prints: Vec<u32> = text
            .lines()
            .filter_map(|line| {
                let tokens = title_tokens(line.trim());
                (2..=MAX_TITLE_TOKENS).contains(&tokens.len()).then(|| {
                    let hashes: Vec<u64> = tokens.iter().map(|t| crate::gazetteer::token_hash(t)).collect();
                    fingerprint(&hashes)
                })
            })
            .collect();
        prints.sort_unstable();
        prints.dedup();
        TitleSet::from_fingerprints(&prints)
    }

    fn from_fingerprints(sorted: &[u32]) -> TitleSet {
        if sorted.is_empty() {
            return TitleSet::default();
        }
        let mut starts = vec![0u32; BUCKETS + 1];
        for &p in sorted {
            starts[(p >> 16) as usize + 1] += 1;
        }
        for b in 0..BUCKETS {
            starts[b + 1] += starts[b];
        }
        TitleSet { starts, rests: sorted.iter().map(|&p| p as u16).collect() }
    }

    /// Number of titles.
    pub fn len(&self) -> usize {
        self.rests.len()
    }

    /// True when there are no titles.
    pub fn is_empty(&self) -> bool {
        self.rests.is_empty()
    }

    fn contains(&self, print: u32) -> bool {
        if self.rests.is_empty() {
            return false;
        }
        let b = (print >> 16) as usize;
        let bucket = &self.rests[self.starts[b] as usize..self.starts[b + 1] as usize];
        bucket.binary_search(&(print as u16)).is_ok()
    }

    /// For each token, its position in the longest title that starts and ends on a
    /// capitalised token (or a number: "Apollo 11"), left to right.
    pub fn positions(&self, lower_hashes: &[u64], capitalised: &[bool], words: &[&str]) -> Vec<Option<Position>> {
        let n = lower_hashes.len();
        let mut out = vec![None; n];
        if self.is_empty() {
            return out;
        }
        let ends_title = |j: usize| capitalised[j] || words[j].starts_with(|c: char| c.is_ascii_digit());
        let mut i = 0;
        while i < n {
            let mut matched = 0;
            if capitalised[i] {
                // The fingerprint of each prefix, hashed once, then tried longest first.
                let longest = MAX_TITLE_TOKENS.min(n - i);
                let mut prints = [0u32; MAX_TITLE_TOKENS + 1];
                let mut h = FeatureHash::new(3);
                for len in 1..=longest {
                    h = h.num(lower_hashes[i + len - 1]);
                    prints[len] = (h.finish() >> 32) as u32;
                }
                for len in (2..=longest).rev() {
                    if ends_title(i + len - 1) && self.contains(prints[len]) {
                        matched = len;
                        break;
                    }
                }
            }
            for (k, slot) in out[i..i + matched].iter_mut().enumerate() {
                *slot = Some(match k {
                    0 => Position::Begin,
                    k if k == matched - 1 => Position::Last,
                    _ => Position::Inside,
                });
            }
            i += matched.max(1);
        }
        out
    }

    /// Serialised: count, then (when not empty) the bucket starts and the remainders, little-endian.
    pub fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.rests.len() as u32).to_le_bytes());
        if self.rests.is_empty() {
            return;
        }
        for s in &self.starts {
            out.extend_from_slice(&s.to_le_bytes());
        }
        for r in &self.rests {
            out.extend_from_slice(&r.to_le_bytes());
        }
    }

    /// Reads what [`TitleSet::write`] wrote, from `take(n)` returning the next `n` bytes.
    pub fn read<E>(mut take: impl FnMut(usize) -> Result<Vec<u8>, E>, bad: impl Fn(&str) -> E) -> Result<TitleSet, E> {
        let count = u32::from_le_bytes(take(4)?.try_into().map_err(|_| bad("truncated"))?) as usize;
        if count == 0 {
            return Ok(TitleSet::default());
        }
        let starts: Vec<u32> = take((BUCKETS + 1) * 4)?
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes")))
            .collect();
        let rests: Vec<u16> =
            take(count * 2)?.chunks_exact(2).map(|c| u16::from_le_bytes(c.try_into().expect("2 bytes"))).collect();
        if starts[0] != 0 || starts[BUCKETS] as usize != count || starts.windows(2).any(|w| w[0] > w[1]) {
            return Err(bad("title buckets are inconsistent"));
        }
        Ok(TitleSet { starts, rests })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::token_hash;

    fn positions(set: &TitleSet, words: &[&str]) -> Vec<Option<Position>> {
        let hashes: Vec<u64> = words.iter().map(|w| token_hash(w)).collect();
        let caps: Vec<bool> = words.iter().map(|w| w.starts_with(char::is_uppercase)).collect();
        set.positions(&hashes, &caps, words)
    }

    #[test]
    fn longest_capitalised_title_matches() {
        let set = TitleSet::from_lines("battle_of_the_bulge\nthe_bulge\nleland,_illinois\nparis\napollo_11\n");
        assert_eq!(set.len(), 4, "single words are left out");
        let p = positions(&set, &["the", "Battle", "of", "the", "Bulge", "ended"]);
        assert_eq!(
            p,
            [None, Some(Position::Begin), Some(Position::Inside), Some(Position::Inside), Some(Position::Last), None]
        );
        // Lower-case start: no title ("the bulge" is a title, but "the" is not capitalised).
        assert_eq!(positions(&set, &["the", "bulge"]), [None, None]);
        assert_eq!(positions(&set, &["Leland", ",", "Illinois"])[2], Some(Position::Last));
        assert_eq!(positions(&set, &["APOLLO", "11"])[0], Some(Position::Begin));
        assert_eq!(positions(&set, &["Paris"]), [None]);
    }

    #[test]
    fn round_trip() {
        let set = TitleSet::from_lines("new_york_times\nbank_of_england\n");
        let mut bytes = Vec::new();
        set.write(&mut bytes);
        let mut at = 0;
        let back = TitleSet::read(
            |n| {
                let s = bytes.get(at..at + n).map(<[u8]>::to_vec).ok_or("truncated");
                at += n;
                s
            },
            |_| "bad",
        )
        .unwrap();
        assert_eq!(back, set);
        assert_eq!(title_tokens("mcdonald's_corporation"), ["mcdonald", "'s", "corporation"]);
    }
}
