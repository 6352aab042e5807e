//! Parts of speech and dependency trees: a greedy tagger and an arc-hybrid transition parser,
//! both sparse averaged perceptrons, trained on the Georgetown University Multilayer corpus's
//! Universal Dependencies trees (`newsgraph train syntax`; `models/syntax.bin`). The parser
//! learns with a dynamic oracle (Goldberg and Nivre 2012), so it also learns to recover from
//! its own mistakes, and on tags a jackknifed tagger predicted, as it will meet them.
//!
//! Layers that need to know who does what to whom (event participants) parse the sentences
//! they care about; the pipeline does not parse every sentence. Words are the tokenizer's
//! tokens; word-vector clusters of the recogniser stand in for words the treebank never had.
//!
//! ```
//! use newsgraph_annotators::Syntax;
//! if let Some(syntax) = Syntax::builtin() {
//!     let words = ["Police", "arrested", "two", "men", "on", "Friday", "."];
//!     let tree = syntax.parse(&words);
//!     assert_eq!(tree.heads.len(), words.len());
//!     // every word has a head: another word, or the root (words.len())
//!     assert!(tree.heads.iter().all(|&h| h as usize <= words.len()));
//! }
//! ```

mod conllu;
mod parser;
mod perceptron;
mod tagger;

use std::sync::LazyLock;

pub use conllu::{TreebankSentence, read_conllu};
use perceptron::Weights;

use crate::feature_hash::F;

const MAGIC: &[u8; 8] = b"NGSYN001";
static BUILTIN: &[u8] = include_bytes!("../../../../models/syntax.bin");

/// A sentence's parts of speech and dependency tree. `heads[i] == words.len()` is the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tree {
    pub tags: Vec<u8>,
    pub heads: Vec<u32>,
    pub labels: Vec<u8>,
}

impl Tree {
    /// The dependents of word `h`, left to right.
    pub fn dependents(&self, h: usize) -> impl Iterator<Item = usize> + '_ {
        self.heads.iter().enumerate().filter(move |&(_, &x)| x as usize == h).map(|(i, _)| i)
    }

    /// The word of `words` whose head lies outside them (the last such: names end in their
    /// head word); `words` must not be empty.
    pub fn head_of(&self, words: std::ops::Range<usize>) -> usize {
        words.clone().rev().find(|&k| !words.contains(&(self.heads[k] as usize))).unwrap_or(words.end - 1)
    }

    /// The path between two words through their lowest common ancestor, climbing at most
    /// `max_climb` steps from either: the words passed going up from `from` (itself first, the
    /// ancestor excluded) and going up from `to` (likewise), or `None` when the climbs do not
    /// meet. The root is `heads.len()`.
    pub fn path(&self, from: usize, to: usize, max_climb: usize) -> Option<(Vec<usize>, Vec<usize>)> {
        let n = self.heads.len();
        let climb = |mut k: usize| -> Vec<usize> {
            let mut up = vec![k];
            while k < n && up.len() <= max_climb {
                k = self.heads[k] as usize;
                up.push(k);
            }
            up
        };
        let (up, down) = (climb(from), climb(to));
        let (a, b) = up.iter().enumerate().find_map(|(a, x)| down.iter().position(|y| y == x).map(|b| (a, b)))?;
        Some((up[..a].to_vec(), down[..b].to_vec()))
    }
}

/// The tagger and parser, with the names of their tags and labels.
#[derive(Clone)]
pub struct Syntax {
    tags: Vec<String>,
    labels: Vec<String>,
    tagger: Weights,
    parser: Weights,
}

/// How a trained model scores on a treebank: every token counts, punctuation too.
#[derive(Debug, Clone, Copy, Default)]
pub struct SyntaxScores {
    pub tokens: usize,
    pub tag_accuracy: f64,
    /// Unlabelled attachment score.
    pub uas: f64,
    /// Labelled attachment score.
    pub las: f64,
}

impl Syntax {
    /// The model compiled into the binary, or `None` when this build carries none.
    pub fn builtin() -> Option<&'static Syntax> {
        static MODEL: LazyLock<Option<Syntax>> = LazyLock::new(|| {
            if BUILTIN.len() <= MAGIC.len() {
                return None;
            }
            Some(Syntax::from_bytes(BUILTIN).expect("models/syntax.bin is a syntax model"))
        });
        MODEL.as_ref()
    }

    pub fn tag_name(&self, t: u8) -> &str {
        self.tags.get(t as usize).map_or("?", String::as_str)
    }

    pub fn label_name(&self, l: u8) -> &str {
        self.labels.get(l as usize).map_or("?", String::as_str)
    }

    /// The id of a label, if the model has it.
    pub fn label(&self, name: &str) -> Option<u8> {
        self.labels.iter().position(|l| l == name).map(|k| k as u8)
    }

    /// A feature of the dependency path between two words of `tree` (see [`Tree::path`]):
    /// the relations going up from `from`, then down to `to`, hashed under feature `id`
    /// (the root's relation is "root"), and the path's number of steps (0 when the climbs
    /// do not meet).
    pub(crate) fn path_feature(&self, tree: &Tree, from: usize, to: usize, max_climb: usize, id: u8) -> (u64, usize) {
        let n = tree.heads.len();
        let label = |k: usize| if k >= n { "root" } else { self.label_name(tree.labels[k]) };
        let mut p = F::new(id);
        match tree.path(from, to, max_climb) {
            Some((up, down)) => {
                for &x in &up {
                    p = p.bytes(label(x).as_bytes()).num(1);
                }
                for &y in down.iter().rev() {
                    p = p.bytes(label(y).as_bytes()).num(2);
                }
                (p.done(), up.len() + down.len())
            }
            None => (p.num(99).done(), 0),
        }
    }

    /// Tags and parses one sentence of tokens.
    pub fn parse(&self, words: &[&str]) -> Tree {
        let tokens = Token::of(words);
        let tags = tagger::tag(&self.tagger, &tokens);
        let (heads, labels) = parser::parse(&self.parser, &tokens, &tags);
        Tree { tags, heads, labels }
    }

    /// Tags, labels and weights (how many of each), for the model card.
    pub fn sizes(&self) -> (usize, usize, usize) {
        (self.tags.len(), self.labels.len(), self.tagger.len() + self.parser.len())
    }

    pub fn evaluate(&self, sentences: &[TreebankSentence]) -> SyntaxScores {
        let (mut n, mut tags, mut heads, mut both) = (0usize, 0usize, 0usize, 0usize);
        for s in sentences {
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            let tree = self.parse(&words);
            for i in 0..words.len() {
                n += 1;
                tags += usize::from(self.tag_name(tree.tags[i]) == s.tags[i]);
                let head_ok = tree.heads[i] as usize == s.heads[i];
                heads += usize::from(head_ok);
                both += usize::from(head_ok && self.label_name(tree.labels[i]) == s.labels[i]);
            }
        }
        let share = |k: usize| k as f64 / n.max(1) as f64;
        SyntaxScores { tokens: n, tag_accuracy: share(tags), uas: share(heads), las: share(both) }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        for names in [&self.tags, &self.labels] {
            out.extend_from_slice(&(names.len() as u32).to_le_bytes());
            for n in names {
                out.push(n.len() as u8);
                out.extend_from_slice(n.as_bytes());
            }
        }
        self.tagger.write(&mut out);
        self.parser.write(&mut out);
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Syntax, &'static str> {
        let mut b = bytes.strip_prefix(MAGIC.as_slice()).ok_or("not a syntax model (bad magic)")?;
        let mut names = || -> Option<Vec<String>> {
            let n = u32::from_le_bytes(b.get(..4)?.try_into().ok()?) as usize;
            b = &b[4..];
            let mut out = Vec::with_capacity(n.min(256));
            for _ in 0..n {
                let len = *b.first()? as usize;
                out.push(String::from_utf8(b.get(1..1 + len)?.to_vec()).ok()?);
                b = &b[1 + len..];
            }
            Some(out)
        };
        let tags = names().ok_or("truncated syntax model (tags)")?;
        let labels = names().ok_or("truncated syntax model (labels)")?;
        let tagger = Weights::read(&mut b).ok_or("truncated syntax model (tagger)")?;
        let parser = Weights::read(&mut b).ok_or("truncated syntax model (parser)")?;
        if tagger.classes() != tags.len() || parser.classes() != 1 + 2 * labels.len() {
            return Err("syntax model's classes do not match its names");
        }
        Ok(Syntax { tags, labels, tagger, parser })
    }
}

/// What the features read of a word, hashed once per sentence.
#[derive(Clone, Copy)]
pub(crate) struct Token {
    /// The lower-cased word, numbers and hyphenated words folded into classes.
    word: u64,
    suffix: u64,
    prefix: u64,
    shape: u64,
    /// Word-vector clusters, coarse to fine (0 when unknown).
    cluster: [u64; 3],
}

impl Token {
    fn of(words: &[&str]) -> Vec<Token> {
        let recogniser = newsgraph_ner::Recognizer::shared();
        words
            .iter()
            .map(|w| {
                let lower = w.to_lowercase();
                let norm: &str = if w.contains('-') && !w.starts_with('-') && w.len() > 1 {
                    "<hyphen>"
                } else if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) {
                    "<year>"
                } else if w.starts_with(|c: char| c.is_ascii_digit()) {
                    "<digits>"
                } else {
                    &lower
                };
                let chars: Vec<char> = lower.chars().collect();
                let suffix: String = chars[chars.len().saturating_sub(3)..].iter().collect();
                let prefix: String = chars.iter().take(1).collect();
                let cluster =
                    recogniser.and_then(|r| r.vector_classes(&lower)).map_or([0; 3], |c| c.map(|x| u64::from(x) + 1));
                Token {
                    word: F::new(1).bytes(norm.as_bytes()).done(),
                    suffix: F::new(2).bytes(suffix.as_bytes()).done(),
                    prefix: F::new(3).bytes(prefix.as_bytes()).done(),
                    shape: shape(w),
                    cluster,
                }
            })
            .collect()
    }
}

/// The word's shape ("Kuroda" → "Xxx", "1996" → "dd"), as the recogniser reads it.
fn shape(w: &str) -> u64 {
    let mut out = String::with_capacity(8);
    newsgraph_ner::word_shape_into(w, &mut out);
    F::new(4).bytes(out.as_bytes()).done()
}

/// Options of [`train_syntax`].
#[derive(Debug, Clone, Copy)]
pub struct SyntaxOptions {
    pub tagger_epochs: usize,
    pub parser_epochs: usize,
    /// Folds of the jackknife that gives the parser predicted tags to train on; with fewer
    /// than two, the parser trains on the gold tags.
    pub jackknife: usize,
    pub seed: u64,
    /// Averaged weights smaller than this are dropped.
    pub prune: f32,
}

/// Trains the tagger, then the parser on jackknifed tags; `report` hears each epoch's
/// progress.
pub fn train_syntax(sentences: &[TreebankSentence], opts: SyntaxOptions, report: &mut dyn FnMut(&str)) -> Syntax {
    let mut tags: Vec<String> = sentences.iter().flat_map(|s| s.tags.iter().cloned()).collect();
    tags.sort();
    tags.dedup();
    let mut labels: Vec<String> = sentences.iter().flat_map(|s| s.labels.iter().cloned()).collect();
    labels.sort();
    labels.dedup();
    assert!(tags.len() <= 255 && 1 + 2 * labels.len() <= 256, "too many tags or labels");
    let tag_id = |t: &str| tags.binary_search_by(|x| x.as_str().cmp(t)).unwrap() as u8;
    let label_id = |l: &str| labels.binary_search_by(|x| x.as_str().cmp(l)).unwrap() as u8;
    let data: Vec<tagger::Example> = sentences
        .iter()
        .map(|s| {
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            tagger::Example { tokens: Token::of(&words), tags: s.tags.iter().map(|t| tag_id(t)).collect() }
        })
        .collect();
    let tagger = tagger::train(&data, tags.len(), opts.tagger_epochs, opts.seed, opts.prune, report);
    // Tags for the parser from taggers that did not see the sentence.
    let k = opts.jackknife;
    let mut predicted: Vec<Vec<u8>> = data.iter().map(|e| e.tags.clone()).collect();
    for fold in 0..if k >= 2 { k } else { 0 } {
        let train: Vec<tagger::Example> =
            data.iter().enumerate().filter(|(i, _)| i % k != fold).map(|(_, e)| e.clone()).collect();
        let w = tagger::train(&train, tags.len(), opts.tagger_epochs, opts.seed, opts.prune, &mut |_| {});
        for (i, e) in data.iter().enumerate().filter(|(i, _)| i % k == fold) {
            predicted[i] = tagger::tag(&w, &e.tokens);
        }
    }
    if k >= 2 {
        report(&format!("jackknifed tags over {k} folds"));
    }
    let parses: Vec<parser::Example> = data
        .into_iter()
        .zip(predicted)
        .zip(sentences)
        .filter(|((e, _), s)| !e.tokens.is_empty() && parser::projective(&s.heads))
        .map(|((e, tags), s)| parser::Example {
            tokens: e.tokens,
            tags,
            heads: s.heads.iter().map(|&h| h as u32).collect(),
            labels: s.labels.iter().map(|l| label_id(l)).collect(),
        })
        .collect();
    report(&format!("{} of {} sentences projective", parses.len(), sentences.len()));
    let parser = parser::train(&parses, labels.len(), opts.parser_epochs, opts.seed, opts.prune, report);
    Syntax { tags, labels, tagger, parser }
}

/// The index of the largest score among `allowed` classes (the first on ties).
pub(crate) fn best(scores: &[f32], allowed: impl Iterator<Item = usize>) -> Option<usize> {
    let mut out: Option<usize> = None;
    for c in allowed {
        if out.is_none_or(|b| scores[c] > scores[b]) {
            out = Some(c);
        }
    }
    out
}

#[cfg(test)]
mod tests;
