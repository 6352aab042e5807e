//! Word classes learned from unlabelled text, as features for words the labelled data
//! rarely shows ("Rotor" behaves like other club names).
//!
//! The exchange algorithm (Kneser & Ney 1993; Martin, Liermann & Ney 1998): every word
//! starts in a class, then each word in turn moves to the class that most increases the
//! likelihood of a class bigram model, until few words move. Run at several class counts,
//! it gives coarse and fine classes, the way prefixes of Brown clusters do. The classes are
//! kept as (word hash → class ids): no text of the corpus is stored.

use std::collections::HashMap;

use crate::hash::{BuildIdentity, FeatureHash};

/// Class counts learned, coarse to fine.
pub const GRANULARITIES: [usize; 3] = [64, 256, 1024];

/// Word → class at each granularity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordClasses {
    /// Sorted (word hash, class ids) pairs.
    pub entries: Vec<(u64, [u16; 3])>,
}

impl WordClasses {
    /// Classes from lines `word<TAB>c1<TAB>c2<TAB>c3` (coarse to fine), as
    /// `models/word-vectors/build.py` writes them; lines that do not parse are skipped.
    pub fn from_tsv(text: &str) -> WordClasses {
        let mut entries: Vec<(u64, [u16; 3])> = text
            .lines()
            .filter_map(|line| {
                let mut cols = line.split('\t');
                let word = cols.next()?;
                Some((word_key(word), class_ids(cols)?))
            })
            .collect();
        entries.sort_unstable();
        entries.dedup_by_key(|e| e.0);
        WordClasses { entries }
    }

    /// The hashed form (`hash<TAB>c1<TAB>c2<TAB>c3`, hash in hex), to cache classes
    /// without the words.
    pub fn to_hashed_tsv(&self) -> String {
        self.entries.iter().map(|(h, c)| format!("{h:016x}\t{}\t{}\t{}\n", c[0], c[1], c[2])).collect()
    }

    /// Reads [`WordClasses::to_hashed_tsv`].
    pub fn from_hashed_tsv(text: &str) -> WordClasses {
        let entries = text
            .lines()
            .filter_map(|line| {
                let mut cols = line.split('\t');
                let h = u64::from_str_radix(cols.next()?, 16).ok()?;
                Some((h, class_ids(cols)?))
            })
            .collect();
        WordClasses { entries }
    }

    /// Number of words with classes.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no word has classes.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Three class ids from the remaining columns of a line.
fn class_ids<'a>(mut cols: impl Iterator<Item = &'a str>) -> Option<[u16; 3]> {
    let mut ids = [0u16; 3];
    for id in &mut ids {
        *id = cols.next()?.parse().ok()?;
    }
    Some(ids)
}

/// Hash of a word as clusters key it (exact case).
pub fn word_key(word: &str) -> u64 {
    FeatureHash::new(2).bytes(word.as_bytes()).finish()
}

/// Fast lookup of [`WordClasses`].
#[derive(Default)]
pub struct ClassLookup {
    map: HashMap<u64, [u16; 3], BuildIdentity>,
}

impl ClassLookup {
    /// Index of learned classes.
    pub fn new(classes: &WordClasses) -> ClassLookup {
        ClassLookup { map: classes.entries.iter().copied().collect() }
    }

    /// The classes of a word, when it was frequent enough in the unlabelled text.
    pub fn classes(&self, word: &str) -> Option<[u16; 3]> {
        self.map.get(&word_key(word)).copied()
    }
}

fn xlogx(x: f64) -> f64 {
    if x <= 0.0 { 0.0 } else { x * x.ln() }
}

/// Learns classes of every word seen at least `min_count` times in `sentences`.
pub fn learn(
    sentences: &[Vec<String>],
    granularities: [usize; 3],
    min_count: usize,
    iterations: usize,
    log: &mut dyn FnMut(String),
) -> WordClasses {
    // Vocabulary: id 0 collects rare words and sentence boundaries, in a class of its own.
    let mut freq: HashMap<&str, usize> = HashMap::new();
    for s in sentences {
        for w in s {
            *freq.entry(w.as_str()).or_default() += 1;
        }
    }
    let mut vocab: Vec<(&str, usize)> = freq.into_iter().filter(|&(_, n)| n >= min_count).collect();
    vocab.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let id: HashMap<&str, u32> = vocab.iter().enumerate().map(|(i, (w, _))| (*w, i as u32 + 1)).collect();
    let v = vocab.len() + 1;
    let mut succ: Vec<HashMap<u32, u32>> = vec![HashMap::new(); v];
    let mut unigram = vec![0f64; v];
    for s in sentences {
        let ids: Vec<u32> = std::iter::once(0)
            .chain(s.iter().map(|w| id.get(w.as_str()).copied().unwrap_or(0)))
            .chain(std::iter::once(0))
            .collect();
        for pair in ids.windows(2) {
            *succ[pair[0] as usize].entry(pair[1]).or_default() += 1;
        }
        for &i in &ids[1..] {
            unigram[i as usize] += 1.0;
        }
    }
    let mut pred: Vec<Vec<(u32, u32)>> = vec![Vec::new(); v];
    let succ: Vec<Vec<(u32, u32)>> = succ
        .into_iter()
        .enumerate()
        .map(|(u, m)| {
            let mut list: Vec<(u32, u32)> = m.into_iter().collect();
            list.sort_unstable();
            for &(w, n) in &list {
                pred[w as usize].push((u as u32, n));
            }
            list
        })
        .collect();
    log(format!("word classes: {} words of vocabulary over {} sentences", v - 1, sentences.len()));

    let mut result: Vec<[u16; 3]> = vec![[0; 3]; v];
    for (g, &k) in granularities.iter().enumerate() {
        let classes = exchange(&succ, &pred, &unigram, k, iterations, log);
        for (w, c) in classes.iter().enumerate() {
            result[w][g] = *c as u16;
        }
    }
    let mut entries: Vec<(u64, [u16; 3])> =
        vocab.iter().enumerate().map(|(i, (w, _))| (word_key(w), result[i + 1])).collect();
    entries.sort_unstable();
    WordClasses { entries }
}

/// One run of the exchange algorithm with `k` classes (class 0 is the rare-word class).
fn exchange(
    succ: &[Vec<(u32, u32)>],
    pred: &[Vec<(u32, u32)>],
    unigram: &[f64],
    k: usize,
    iterations: usize,
    log: &mut dyn FnMut(String),
) -> Vec<u32> {
    let v = succ.len();
    // Frequent words first, spread over the classes.
    let mut class: Vec<u32> = (0..v).map(|w| if w == 0 { 0 } else { 1 + ((w - 1) % (k - 1)) as u32 }).collect();
    let mut n_c = vec![0f64; k];
    let mut n_cd = vec![0f64; k * k];
    for u in 0..v {
        n_c[class[u] as usize] += unigram[u];
        for &(w, n) in &succ[u] {
            n_cd[class[u] as usize * k + class[w as usize] as usize] += n as f64;
        }
    }
    let mut a = vec![0f64; k]; // w → class d
    let mut b = vec![0f64; k]; // class d → w
    let mut touched: Vec<usize> = Vec::new();
    for it in 0..iterations {
        let mut moved = 0;
        for w in 1..v {
            let old = class[w] as usize;
            // Class counts of w's neighbours, w itself excluded (self-pairs kept apart).
            touched.clear();
            let mut selfs = 0f64;
            for &(x, n) in &succ[w] {
                if x as usize == w {
                    selfs += n as f64;
                    continue;
                }
                let d = class[x as usize] as usize;
                if a[d] == 0.0 && b[d] == 0.0 {
                    touched.push(d);
                }
                a[d] += n as f64;
            }
            for &(x, n) in &pred[w] {
                if x as usize == w {
                    continue;
                }
                let d = class[x as usize] as usize;
                if a[d] == 0.0 && b[d] == 0.0 {
                    touched.push(d);
                }
                b[d] += n as f64;
            }
            // Take w out of its class.
            for &d in &touched {
                n_cd[old * k + d] -= a[d];
                n_cd[d * k + old] -= b[d];
            }
            n_cd[old * k + old] -= selfs;
            n_c[old] -= unigram[w];
            // The class that gains most from taking it.
            let mut best = old;
            let mut best_gain = f64::NEG_INFINITY;
            for c in 1..k {
                let mut gain = 0.0;
                for &d in &touched {
                    if d != c {
                        let x = n_cd[c * k + d];
                        gain += xlogx(x + a[d]) - xlogx(x);
                        let y = n_cd[d * k + c];
                        gain += xlogx(y + b[d]) - xlogx(y);
                    }
                }
                let cc = n_cd[c * k + c];
                gain += xlogx(cc + a[c] + b[c] + selfs) - xlogx(cc);
                gain -= 2.0 * (xlogx(n_c[c] + unigram[w]) - xlogx(n_c[c]));
                if gain > best_gain + 1e-9 || (c == old && gain >= best_gain - 1e-9) {
                    best_gain = gain;
                    best = c;
                }
            }
            for &d in &touched {
                n_cd[best * k + d] += a[d];
                n_cd[d * k + best] += b[d];
            }
            n_cd[best * k + best] += selfs;
            n_c[best] += unigram[w];
            if best != old {
                class[w] = best as u32;
                moved += 1;
            }
            for &d in &touched {
                a[d] = 0.0;
                b[d] = 0.0;
            }
        }
        log(format!("word classes ({k}): iteration {}: {moved} words moved", it + 1));
        if moved * 200 < v {
            break;
        }
    }
    class
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_the_same_slots_share_a_class() {
        let mut sentences = Vec::new();
        for (i, city) in ["Oslo", "Lima", "Quito", "Accra"].iter().cycle().take(400).enumerate() {
            let name = ["Ana", "Bo", "Cai", "Dev"][i % 4];
            sentences.push(format!("{name} flew to {city} on Monday .").split(' ').map(String::from).collect());
            sentences.push(format!("in {city} , {name} said").split(' ').map(String::from).collect());
        }
        let classes = learn(&sentences, [4, 5, 6], 2, 20, &mut |_| {});
        let lookup = ClassLookup::new(&classes);
        let fine = |w: &str| lookup.classes(w).unwrap()[0];
        assert_eq!(fine("Oslo"), fine("Lima"));
        assert_eq!(fine("Ana"), fine("Dev"));
        assert_ne!(fine("Oslo"), fine("Ana"));
        assert!(lookup.classes("Paris").is_none());
    }

    #[test]
    fn classes_read_from_tsv() {
        let classes = WordClasses::from_tsv("paris\t3\t17\t200\nbroken line\noslo\t3\t17\t201\n");
        assert_eq!(classes.len(), 2);
        let lookup = ClassLookup::new(&classes);
        assert_eq!(lookup.classes("paris"), Some([3, 17, 200]));
        assert_eq!(lookup.classes("Paris"), None, "keys are exact: callers lower-case");
    }
}
