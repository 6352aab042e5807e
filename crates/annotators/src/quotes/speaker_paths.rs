//! How a candidate speaker hangs from the cue in the dependency tree of the cue's sentence
//! (`syntax.bin`): the subject of "said" is `nsubj↑`, a name in the content's clause is
//! `nsubj↑ ccomp↑`, the subject of "plans to say" is `nsubj↑ xcomp↓`. Distances and
//! neighbouring words cannot tell the subject of the cue from a name in a clause between the
//! two; the tree can. The subject's head word is also a candidate of its own when it is no
//! entity mention ("Most voters in Iowa said …", where the word before the cue is "Iowa").

use std::collections::HashMap;
use std::ops::Range;

use newsgraph_document::Document;

use crate::feature_hash::F;
use crate::syntax::{Syntax, Tree};

/// Steps climbed from either end before giving up on a path.
const MAX_CLIMB: usize = 4;

/// Sentences longer than this are not parsed: a page that lost its punctuation is no
/// sentence, and its tree would say nothing.
const MAX_WORDS: usize = 120;

/// The trees of one document's cue sentences, by the sentence's first token: the quotes of
/// one sentence share a parse.
#[derive(Default)]
pub(super) struct Parses {
    trees: HashMap<usize, Option<Tree>>,
}

/// The tree of one cue sentence, with where it starts and the cue's head word.
pub(super) struct CueTree<'t> {
    syntax: &'static Syntax,
    tree: &'t Tree,
    first: usize,
    cue: usize,
}

impl Parses {
    /// The tree of the sentence of tokens `words`, the cue being tokens `cue` (both document
    /// token indices); `None` when no model is built in or the sentence is too long.
    pub(super) fn cue_tree(&mut self, doc: &Document, words: Range<usize>, cue: Range<usize>) -> Option<CueTree<'_>> {
        let syntax = Syntax::builtin()?;
        if words.is_empty() || words.len() > MAX_WORDS || cue.start < words.start || cue.end > words.end {
            return None;
        }
        let first = words.start;
        let tree = self
            .trees
            .entry(first)
            .or_insert_with(|| {
                let text: Vec<&str> = words.map(|k| doc.slice(doc.tokens[k].span)).collect();
                Some(syntax.parse(&text))
            })
            .as_ref()?;
        let cue = tree.head_of(cue.start - first..cue.end.max(cue.start + 1) - first);
        Some(CueTree { syntax, tree, first, cue })
    }
}

impl CueTree<'_> {
    fn label(&self, k: usize) -> &str {
        if k >= self.tree.heads.len() { "root" } else { self.syntax.label_name(self.tree.labels[k]) }
    }

    /// Features of the path from a candidate (document tokens `a..=b`) to the cue, for a
    /// candidate of kind `code`.
    pub(super) fn features(&self, a: usize, b: usize, code: u64) -> Vec<u64> {
        let n = self.tree.heads.len();
        if a < self.first || b >= self.first + n || a > b {
            return Vec::new();
        }
        let c = self.tree.head_of(a - self.first..b + 1 - self.first);
        let (path, steps) = self.syntax.path_feature(self.tree, c, self.cue, MAX_CLIMB, 74);
        let direct = self.tree.heads[c] as usize == self.cue;
        let cue_tag = self.syntax.tag_name(self.tree.tags[self.cue]);
        vec![
            path,
            F::new(75).num(path).num(code).done(),
            F::new(76).num(path).bytes(cue_tag.as_bytes()).done(),
            path_length(steps.min(6) as u64),
            F::new(78).num(u64::from(direct)).bytes(self.label(c).as_bytes()).done(),
            F::new(79).num(u64::from(Some(c) == self.subject())).num(code).done(),
        ]
    }

    /// The head word of the cue's subject (document token index): the cue's own `nsubj`, or
    /// that of the verb it is the complement or conjunct of ("went on to say", "stood up and
    /// said").
    fn subject(&self) -> Option<usize> {
        let mut k = self.cue;
        for _ in 0..3 {
            if let Some(s) = self.tree.dependents(k).find(|&d| matches!(self.label(d), "nsubj" | "nsubj:outer")) {
                return Some(s);
            }
            if !matches!(self.label(k), "xcomp" | "conj") || self.tree.heads[k] as usize >= self.tree.heads.len() {
                return None;
            }
            k = self.tree.heads[k] as usize;
        }
        None
    }

    /// The cue's subject as a document token, when the parse finds one.
    pub(super) fn subject_token(&self) -> Option<usize> {
        self.subject().map(|s| s + self.first)
    }
}

/// The feature of a path's length in steps (at most 6).
pub(super) fn path_length(steps: u64) -> u64 {
    F::new(77).num(steps).done()
}
