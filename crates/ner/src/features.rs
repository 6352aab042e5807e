//! Feature templates. Static features depend on the words only and are computed once per
//! sentence; dynamic features depend on earlier predictions (the previous two tags, and what
//! the document has already called the same word) and are added while decoding.

use std::collections::HashMap;

use crate::gazetteer::{GazetteerHit, Gazetteers};
use crate::hash::FeatureHash;
use crate::tags::{Kind, Tag};

// Template ids: one byte each, never reused for another meaning.
const BIAS: u8 = 1;
const WORD: u8 = 2;
const LOWER: u8 = 3;
const SHAPE: u8 = 4;
const PREFIX: u8 = 5;
const SUFFIX: u8 = 6;
const LOWER_AT: u8 = 7;
const SHAPE_AT: u8 = 8;
const BIGRAM_LEFT: u8 = 9;
const BIGRAM_RIGHT: u8 = 10;
const GAZ: u8 = 11;
const GAZ_AT: u8 = 12;
const SENTENCE_START: u8 = 13;
const CAPS_LINE: u8 = 14;
const PREV_TAG: u8 = 15;
const PREV_TWO_TAGS: u8 = 16;
const PREV_TAG_WORD: u8 = 17;
const HISTORY: u8 = 18;
const LENGTH: u8 = 19;
const SHAPE_TRIGRAM: u8 = 20;
const LOWER_SHAPE_NEXT: u8 = 21;
const HISTORY_NOCASE: u8 = 22;
const AGG_KIND: u8 = 23;
const AGG_MAJOR: u8 = 24;
const AGG_NONE: u8 = 25;
const WORD_AT: u8 = 26;
const SUFFIX_AT: u8 = 27;
const CAP_AFTER_PERIOD: u8 = 28;
const PREFIX_AT: u8 = 29;
const SEEN_TOKEN: u8 = 30;
const CLASS: u8 = 31;
const CLASS_AT: u8 = 32;
const CLASS_PAIR: u8 = 33;
const VECTOR: u8 = 34;
const VECTOR_AT: u8 = 35;
const TITLE: u8 = 36;

/// Word shape: upper → X, lower → x, digit → d, others kept; runs cut at two
/// ("Kuroda" → "Xxx", "1996" → "dd").
#[cfg(test)]
fn shape(word: &str) -> String {
    let mut out = String::with_capacity(8);
    shape_into(word, &mut out);
    out
}

/// [`shape`], appended to `out` (the parser reads the same shapes).
pub fn shape_into(word: &str, out: &mut String) {
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars() {
        let m = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if m == last {
            run += 1;
            if run >= 2 {
                continue;
            }
        } else {
            run = 0;
            last = m;
        }
        out.push(m);
    }
}

/// Appends the lower-cased form of `word` to `out`: as `str::to_lowercase` does, without
/// an allocation for ASCII words.
fn lower_into(word: &str, out: &mut String) {
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
    } else {
        out.push_str(&word.to_lowercase());
    }
}

/// Hash of the lower-cased form of `word` (the key of [`TokenKey::lower`]); short ASCII
/// words, nearly all of them, are lower-cased on the stack.
fn lower_hash(word: &str) -> u64 {
    let mut stack = [0u8; 32];
    if word.is_ascii() && word.len() <= stack.len() {
        let lower = &mut stack[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        return FeatureHash::new(0).bytes(lower).finish();
    }
    FeatureHash::new(0).bytes(word.to_lowercase().as_bytes()).finish()
}

/// Each word transformed into one shared buffer, and the pieces as slices of it: one
/// allocation for a sentence instead of one per word.
fn transformed<'b>(words: &[&str], buf: &'b mut String, f: fn(&str, &mut String)) -> Vec<&'b str> {
    buf.clear();
    let mut ends = Vec::with_capacity(words.len());
    for w in words {
        f(w, buf);
        ends.push(buf.len());
    }
    let mut start = 0;
    ends.into_iter()
        .map(|end| {
            let piece = &buf[start..end];
            start = end;
            piece
        })
        .collect()
}

/// What dynamic features need of a token, computed once: the hash of its lower-cased form
/// and whether it is capitalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenKey {
    /// Hash of the lower-cased word.
    pub lower: u64,
    /// First character upper case.
    pub capitalised: bool,
}

/// Static features of a sentence's tokens, and their keys.
pub struct SentenceFeatures {
    /// Per token.
    pub fixed: Vec<Vec<u64>>,
    /// Per token.
    pub keys: Vec<TokenKey>,
}

/// Static features of every token of a sentence.
pub fn sentence_features(words: &[&str], gazetteers: &Gazetteers) -> SentenceFeatures {
    let (mut flat, mut ends) = (Vec::new(), Vec::new());
    let keys = sentence_features_flat(words, gazetteers, &mut flat, &mut ends);
    let mut start = 0;
    let fixed = ends
        .iter()
        .map(|&end| {
            // Room for the second stage's aggregates, so that no token reallocates.
            let mut f = Vec::with_capacity(end - start + 8);
            f.extend_from_slice(&flat[start..end]);
            start = end;
            f
        })
        .collect();
    SentenceFeatures { fixed, keys }
}

/// [`sentence_features`] into one buffer: every token's features appended to `out`, one
/// token after another, and where each token's end pushed to `ends`. Returns the keys.
pub fn sentence_features_flat(
    words: &[&str],
    gazetteers: &Gazetteers,
    out: &mut Vec<u64>,
    ends: &mut Vec<usize>,
) -> Vec<TokenKey> {
    let (mut lower_buf, mut shape_buf) = (String::new(), String::new());
    let view = SentenceView::new(words, gazetteers, &mut lower_buf, &mut shape_buf);
    for i in 0..words.len() {
        for d in -2..=2 {
            match view.at(i, d) {
                Some(j) => view.word_features(j, d, out),
                None => view.pad_features(d, out),
            }
        }
        view.context_features(i, |j| view.classes(j).map(|c| c[0]), out);
        ends.push(out.len());
    }
    view.keys
}

/// Words that are written in lower case inside an English sentence and capitalised in a
/// headline written in title case: prepositions, conjunctions, auxiliaries, determiners.
/// Left out are those that begin names or are names themselves ("The", "Of", "And", "May",
/// "Will", "A"). Sorted, none longer than seven letters.
const HEADLINE_WORDS: &[&str] = &[
    "about", "after", "against", "among", "an", "are", "as", "at", "be", "been", "before", "between", "but", "by",
    "could", "did", "do", "does", "during", "for", "from", "had", "has", "have", "her", "his", "how", "if", "into",
    "is", "its", "might", "must", "my", "nor", "on", "onto", "or", "our", "over", "should", "so", "than", "that",
    "their", "then", "these", "this", "those", "through", "to", "under", "upon", "was", "were", "what", "when",
    "where", "who", "why", "with", "within", "without", "would", "your",
];

/// Whether `word` (ASCII, any case) is one of [`HEADLINE_WORDS`], which are sorted.
fn is_headline_word(word: &str) -> bool {
    let mut buf = [0u8; 7];
    if word.len() > buf.len() || !word.is_ascii() {
        return false;
    }
    let lower = &mut buf[..word.len()];
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    HEADLINE_WORDS.binary_search_by(|h| h.as_bytes().cmp(lower)).is_ok()
}

/// A headline in title case ("Lohan Checks Into Rehab at Betty Ford Center"): capitals say
/// as little there as in a line of capitals, so it is read the same way. Told by most words
/// after the first being capitalised, one of them a word prose writes in lower case.
fn title_case_line(words: &[&str]) -> bool {
    let (mut alpha, mut capitalised, mut headline_words) = (0, 0, 0);
    for w in words.iter().skip(1) {
        let mut chars = w.chars();
        let Some(first) = chars.next().filter(|c| c.is_alphabetic()) else { continue };
        alpha += 1;
        if first.is_uppercase() {
            capitalised += 1;
            // "Into", not "INTO" (a line in capitals, or an acronym).
            if chars.all(char::is_lowercase) && is_headline_word(w) {
                headline_words += 1;
            }
        }
    }
    alpha >= 4 && capitalised * 4 >= alpha * 3 && headline_words >= 1
}

/// A sentence's words and what the feature templates read of each.
///
/// A token's features are of two sorts: those a word gives the token `d` places from it
/// (−2 to 2; the token itself at 0), which depend on that word alone and on whether the line
/// is in capitals, and those that depend on the words together (bigrams, shape trigrams,
/// gazetteer and title matches, the sentence start). The first sort can be summed once per
/// word and reused (see the recogniser's word cache).
pub(crate) struct SentenceView<'a> {
    words: &'a [&'a str],
    lower: Vec<&'a str>,
    shapes: Vec<&'a str>,
    /// Headlines and sports tables in capitals: word shape says nothing there.
    pub caps_line: bool,
    /// Word classes, vector clusters and learned-list kinds are looked up when a word's
    /// features are made, not for every token: the recogniser's word cache makes most
    /// words' features once.
    gazetteers: &'a Gazetteers,
    hits: Vec<Vec<GazetteerHit>>,
    titles: Vec<Option<crate::tags::Position>>,
    /// Per token.
    pub keys: Vec<TokenKey>,
}

impl<'a> SentenceView<'a> {
    /// Reads a sentence; `lower_buf` and `shape_buf` hold its lower-cased words and shapes.
    pub fn new(
        words: &'a [&'a str],
        gazetteers: &'a Gazetteers,
        lower_buf: &'a mut String,
        shape_buf: &'a mut String,
    ) -> SentenceView<'a> {
        let lower = transformed(words, lower_buf, lower_into);
        let shapes = transformed(words, shape_buf, shape_into);
        let letters = words.iter().flat_map(|w| w.chars()).filter(|c| c.is_alphabetic());
        let (mut upper, mut all) = (0, 0);
        for c in letters {
            all += 1;
            upper += c.is_uppercase() as usize;
        }
        let caps_line = (all >= 6 && upper * 10 >= all * 9) || title_case_line(words);
        let keys: Vec<TokenKey> = words
            .iter()
            .zip(&lower)
            .map(|(w, l)| TokenKey {
                lower: FeatureHash::new(0).bytes(l.as_bytes()).finish(),
                capitalised: w.chars().next().is_some_and(char::is_uppercase),
            })
            .collect();
        let lower_hashes: Vec<u64> = keys.iter().map(|k| k.lower).collect();
        let hits = gazetteers.hits_of(&lower_hashes);
        let capitalised: Vec<bool> = keys.iter().map(|k| k.capitalised).collect();
        let titles = gazetteers.title_positions(&lower_hashes, &capitalised, words);
        SentenceView { words, lower, shapes, caps_line, gazetteers, hits, titles, keys }
    }

    /// The token `d` places from token `i`, if the sentence has one there.
    #[inline]
    pub fn at(&self, i: usize, d: isize) -> Option<usize> {
        let j = i as isize + d;
        (j >= 0 && (j as usize) < self.words.len()).then_some(j as usize)
    }

    /// Word classes of word `j` (coarse to fine), when known.
    pub fn classes(&self, j: usize) -> Option<[u16; 3]> {
        self.gazetteers.classes(self.words[j])
    }

    /// The lower-cased word, or the boundary marker before or after the sentence.
    fn lower_or_pad(&self, i: usize, d: isize) -> &[u8] {
        match self.at(i, d) {
            Some(j) => self.lower[j].as_bytes(),
            None if d < 0 => b"<s>",
            None => b"</s>",
        }
    }

    /// The shape, or the boundary marker.
    fn shape_or_pad(&self, i: usize, d: isize) -> &[u8] {
        match self.at(i, d) {
            Some(j) => self.shapes[j].as_bytes(),
            None if d < 0 => b"<s>",
            None => b"</s>",
        }
    }

    /// What word `j` gives the token `d` places from it (−2…2): a function of the word and
    /// of [`SentenceView::caps_line`] only.
    pub fn word_features(&self, j: usize, d: isize, f: &mut Vec<u64>) {
        let (w, l, shape) = (self.words[j], self.lower[j].as_bytes(), self.shapes[j].as_bytes());
        let classes = self.classes(j);
        let vectors = self.gazetteers.vector_classes(self.lower[j]);
        let caps_line = self.caps_line;
        if d == 0 {
            f.push(FeatureHash::new(BIAS).finish());
            f.push(FeatureHash::new(LOWER).bytes(l).finish());
            if !caps_line {
                f.push(FeatureHash::new(WORD).bytes(w.as_bytes()).finish());
                f.push(FeatureHash::new(SHAPE).bytes(shape).finish());
            } else {
                f.push(FeatureHash::new(CAPS_LINE).bytes(l).finish());
            }
            let lw = self.lower[j];
            for (end, _) in lw.char_indices().skip(1).chain(std::iter::once((l.len(), ' '))).take(4) {
                f.push(FeatureHash::new(PREFIX).bytes(&l[..end]).finish());
            }
            for (start, _) in lw.char_indices().rev().take(4) {
                f.push(FeatureHash::new(SUFFIX).bytes(&l[start..]).finish());
            }
            f.push(FeatureHash::new(LENGTH).num(lw.chars().count().min(12) as u64).finish());
            if let Some(c) = classes {
                for (g, id) in c.iter().enumerate() {
                    f.push(FeatureHash::new(CLASS).num(g as u64).num(*id as u64).finish());
                }
            }
            // Clusters of word vectors learned from far more text than the labelled data,
            // and blind to case: they carry over to names never seen in training and to
            // headlines.
            if let Some(c) = vectors {
                for (g, id) in c.iter().enumerate() {
                    f.push(FeatureHash::new(VECTOR).num(g as u64).num(*id as u64).finish());
                }
            }
        } else {
            f.push(FeatureHash::new(LOWER_AT).num(d as u64).bytes(l).finish());
            if !caps_line {
                f.push(FeatureHash::new(SHAPE_AT).num(d as u64).bytes(shape).finish());
                f.push(FeatureHash::new(WORD_AT).num(d as u64).bytes(w.as_bytes()).finish());
            }
            if d.abs() == 1 {
                if !caps_line {
                    let lw = self.lower[j];
                    let cut = lw.char_indices().rev().nth(2).map_or(0, |(b, _)| b);
                    f.push(FeatureHash::new(SUFFIX_AT).num(d as u64).bytes(&l[cut..]).finish());
                    let pre = lw.char_indices().nth(3).map_or(l.len(), |(b, _)| b);
                    f.push(FeatureHash::new(PREFIX_AT).num(d as u64).bytes(&l[..pre]).finish());
                }
                if let Some(c) = classes {
                    f.push(FeatureHash::new(CLASS_AT).num(d as u64).num(c[1] as u64).finish());
                }
            }
            if let Some(c) = vectors {
                f.push(FeatureHash::new(VECTOR_AT).num(d as u64).num(c[1] as u64).finish());
            }
        }
        if d.abs() <= 1 {
            let kinds = self.gazetteers.token_kinds_of(self.keys[j].lower);
            for k in 0..4 {
                if kinds & (1 << k) != 0 {
                    f.push(FeatureHash::new(SEEN_TOKEN).num(d as u64).num(k).finish());
                }
            }
        }
    }

    /// What the boundary gives a token whose neighbour `d` places away is beyond the
    /// sentence.
    pub fn pad_features(&self, d: isize, f: &mut Vec<u64>) {
        if d == 0 {
            return;
        }
        let pad: &[u8] = if d < 0 { b"<s>" } else { b"</s>" };
        f.push(FeatureHash::new(LOWER_AT).num(d as u64).bytes(pad).finish());
        if !self.caps_line {
            f.push(FeatureHash::new(SHAPE_AT).num(d as u64).bytes(pad).finish());
        }
    }

    /// Features of token `i` that depend on several words at once; `coarse` gives the
    /// coarsest word class of a token (see [`SentenceView::classes`]).
    pub fn context_features(&self, i: usize, coarse: impl Fn(usize) -> Option<u16>, f: &mut Vec<u64>) {
        let l = self.lower[i].as_bytes();
        let shape = self.shapes[i].as_bytes();
        let caps_line = self.caps_line;
        if !caps_line && i > 0 && matches!(self.words[i - 1], "." | ":" | "\"" | "-" | "(") {
            f.push(FeatureHash::new(CAP_AFTER_PERIOD).bytes(shape).bytes(self.words[i - 1].as_bytes()).finish());
        }
        f.push(FeatureHash::new(BIGRAM_LEFT).bytes(self.lower_or_pad(i, -1)).bytes(l).finish());
        f.push(FeatureHash::new(BIGRAM_RIGHT).bytes(l).bytes(self.lower_or_pad(i, 1)).finish());
        if !caps_line {
            f.push(
                FeatureHash::new(SHAPE_TRIGRAM)
                    .bytes(self.shape_or_pad(i, -1))
                    .bytes(shape)
                    .bytes(self.shape_or_pad(i, 1))
                    .finish(),
            );
            f.push(FeatureHash::new(LOWER_SHAPE_NEXT).bytes(l).bytes(self.shape_or_pad(i, 1)).finish());
        }
        if let (Some(a), Some(b)) = (coarse(i), self.at(i, 1).and_then(&coarse)) {
            f.push(FeatureHash::new(CLASS_PAIR).num(a as u64).num(b as u64).finish());
        }
        if i == 0 {
            f.push(FeatureHash::new(SENTENCE_START).bytes(shape).finish());
        }
        for d in [-1isize, 0, 1] {
            let Some(j) = self.at(i, d) else { continue };
            for GazetteerHit { list, position } in &self.hits[j] {
                let t = if d == 0 { GAZ } else { GAZ_AT };
                f.push(FeatureHash::new(t).num(d as u64).num(*list as u64).num(*position as u64).finish());
            }
            // Where an encyclopaedia title begins and ends: boundaries of long names.
            if let Some(position) = self.titles[j] {
                f.push(FeatureHash::new(TITLE).num(d as u64).num(position as u64).finish());
            }
        }
    }
}

/// What a document has predicted so far for each word, for the history features.
#[derive(Default)]
pub struct DocumentHistory {
    seen: HashMap<u64, [u16; 4], crate::hash::BuildIdentity>,
}

impl DocumentHistory {
    /// Records the predicted entities of a sentence.
    pub fn record(&mut self, keys: &[TokenKey], tags: &[Tag]) {
        for (key, t) in keys.iter().zip(tags) {
            if let Some((_, k)) = t.parts() {
                let counts = self.seen.entry(key.lower).or_default();
                counts[k as usize] = counts[k as usize].saturating_add(1);
            }
        }
    }

    /// The kind most often predicted for this word earlier in the document.
    pub fn majority(&self, key: TokenKey) -> Option<Kind> {
        let counts = self.seen.get(&key.lower)?;
        let (i, &n) = counts.iter().enumerate().max_by_key(|&(_, n)| *n)?;
        (n > 0).then_some(Kind::ALL[i])
    }
}

/// Adds the dynamic features of token `i` to `out`.
pub fn dynamic_features(key: TokenKey, prev: Tag, prev2: Tag, history: &DocumentHistory, out: &mut Vec<u64>) {
    out.push(FeatureHash::new(PREV_TAG).num(prev.0 as u64).finish());
    out.push(FeatureHash::new(PREV_TWO_TAGS).num(prev2.0 as u64).num(prev.0 as u64).finish());
    out.push(FeatureHash::new(PREV_TAG_WORD).num(prev.0 as u64).num(key.lower).finish());
    if let Some(k) = history.majority(key) {
        let t = if key.capitalised { HISTORY } else { HISTORY_NOCASE };
        out.push(FeatureHash::new(t).num(k as u64).finish());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_words_are_sorted_and_found() {
        assert!(HEADLINE_WORDS.windows(2).all(|w| w[0] < w[1]) && HEADLINE_WORDS.iter().all(|w| w.len() <= 7));
        assert!(HEADLINE_WORDS.iter().all(|w| is_headline_word(w)));
        assert!(is_headline_word("Into") && !is_headline_word("Intel") && !is_headline_word("Throughout"));
    }

    #[test]
    fn headlines_in_title_case_are_read_like_lines_in_capitals() {
        fn line(s: &str) -> Vec<&str> {
            s.split(' ').collect()
        }
        for headline in [
            "Actress Checks Into Rehab at Harbour View Clinic",
            "Mayor Of Springfield Resigns After Audit , Calls It Unfair",
            "Firefighters Battle Blaze With Little Help From Rain",
        ] {
            assert!(title_case_line(&line(headline)), "{headline}");
        }
        for text in [
            // Prose, a results table, a list of names, a sentence with a work's title.
            "The mayor of Springfield resigned after the audit on Monday .",
            "Manchester United 3 Liverpool 1 , Arsenal 2 Chelsea 2",
            "Anna Berg , Tom Lind , Eva Holm and Ola Dahl",
            "She reviewed Gone With The Wind for the local paper .",
            "FIRE CHIEF QUITS OVER BUDGET",
        ] {
            assert!(!title_case_line(&line(text)), "{text}");
        }
    }

    #[test]
    fn shapes() {
        assert_eq!(shape("Kuroda"), "Xxx");
        assert_eq!(shape("G-20"), "X-dd");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("1,000"), "d,dd");
        assert_eq!(shape("1996"), "dd");
    }
}

/// Counts of first-stage kinds per lower-cased word (by its hash) over a whole document.
#[derive(Default)]
pub struct DocumentAggregate {
    counts: HashMap<u64, [u16; 5], crate::hash::BuildIdentity>,
}

impl DocumentAggregate {
    /// Aggregates first-stage tags (index 4 counts `O`) of every sentence of a document.
    pub fn new(sentences: &[Vec<&str>], tags: &[Vec<Tag>]) -> DocumentAggregate {
        let mut counts: HashMap<u64, [u16; 5], crate::hash::BuildIdentity> = HashMap::default();
        for (words, tags) in sentences.iter().zip(tags) {
            for (w, t) in words.iter().zip(tags) {
                if !w.chars().next().is_some_and(char::is_alphabetic) {
                    continue;
                }
                let k = t.parts().map_or(4, |(_, k)| k as usize);
                let c = counts.entry(lower_hash(w)).or_default();
                c[k] = c[k].saturating_add(1);
            }
        }
        DocumentAggregate { counts }
    }

    /// Adds, for a token tagged `own` by the first stage, what the rest of the document
    /// called the same word: each kind seen, and the majority.
    pub fn features(&self, word: &str, own: Tag, out: &mut Vec<u64>) {
        let Some(c) = self.counts.get(&lower_hash(word)) else { return };
        let mut c = *c;
        let own = own.parts().map_or(4, |(_, k)| k as usize);
        c[own] = c[own].saturating_sub(1);
        if c.iter().all(|&n| n == 0) {
            out.push(FeatureHash::new(AGG_NONE).finish());
            return;
        }
        for (k, &n) in c.iter().enumerate() {
            if n > 0 {
                out.push(FeatureHash::new(AGG_KIND).num(k as u64).finish());
            }
        }
        let (major, _) = c.iter().enumerate().max_by_key(|&(_, n)| *n).expect("five counts");
        out.push(FeatureHash::new(AGG_MAJOR).num(major as u64).num(own as u64).finish());
    }
}
