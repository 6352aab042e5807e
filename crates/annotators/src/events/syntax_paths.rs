//! How a candidate participant hangs from an event word in the sentence's dependency tree:
//! the relation of the candidate's head word, and the path of relations between the two
//! (`nsubj↑`, `obj↑`, `nsubj↑ xcomp↓` for "X wants to attack"). This is what tells a subject
//! from the subject of another clause, which distances and neighbouring words cannot.

use std::cell::RefCell;
use std::ops::Range;

use crate::feature_hash::F;
use crate::syntax::{Syntax, Tree};

use super::View;

/// The last sentence parsed, by its token range: the roles of one event word and the
/// event words of one sentence share it.
#[derive(Default)]
pub(super) struct ParseCache(RefCell<Option<(Range<usize>, Tree)>>);

/// Steps climbed from either end before giving up on a path.
const MAX_CLIMB: usize = 4;

impl View<'_> {
    fn with_tree<T>(&self, range: &Range<usize>, f: impl FnOnce(&Tree) -> T) -> Option<T> {
        let syntax = Syntax::builtin()?;
        let mut cache = self.parses.0.borrow_mut();
        if cache.as_ref().is_none_or(|(r, _)| r != range) {
            let words: Vec<&str> = range.clone().map(|k| self.doc.slice(self.doc.tokens[k].span)).collect();
            *cache = Some((range.clone(), syntax.parse(&words)));
        }
        cache.as_ref().map(|(_, t)| f(t))
    }

    /// Per candidate (tokens `first..=last`), features of its tree path to the event word
    /// `trigger..trigger_end`, for role `r`; empty lists when no model is built in.
    pub(super) fn path_features(
        &self,
        range: &Range<usize>,
        trigger: Range<usize>,
        candidates: &[(usize, usize)],
        r: u64,
    ) -> Vec<Vec<u64>> {
        if !self.trees {
            return vec![Vec::new(); candidates.len()];
        }
        let out = self.with_tree(range, |tree| {
            let syntax = Syntax::builtin().expect("a tree was parsed");
            let base = range.start;
            let n = tree.heads.len();
            let head_of = |span: Range<usize>| tree.head_of(span.start - base..span.end - base);
            let t = head_of(trigger.clone());
            let label = |k: usize| -> &str { if k >= n { "root" } else { syntax.label_name(tree.labels[k]) } };
            let passive = tree.dependents(t).any(|d| matches!(label(d), "aux:pass" | "nsubj:pass"));
            let tag = syntax.tag_name(tree.tags[t]);
            candidates
                .iter()
                .map(|&(first, last)| {
                    let c = head_of(first..last + 1);
                    // The path: up from the candidate to the lowest common ancestor, then down
                    // to the event word.
                    let (path, steps) = syntax.path_feature(tree, c, t, MAX_CLIMB, 70);
                    let direct = tree.heads[c] as usize == t;
                    let rel = label(c);
                    vec![
                        F::new(71).num(r).num(path).done(),
                        F::new(72).num(r).num(path).num(u64::from(passive)).done(),
                        F::new(73).num(r).num(path).bytes(tag.as_bytes()).done(),
                        path_length(r, steps.min(5) as u64),
                        F::new(75).num(r).num(u64::from(direct)).bytes(rel.as_bytes()).num(u64::from(passive)).done(),
                    ]
                })
                .collect()
        });
        out.unwrap_or_else(|| vec![Vec::new(); candidates.len()])
    }
}

/// The feature of a path's length in steps (at most 5), for role `r`.
pub(super) fn path_length(r: u64, steps: u64) -> u64 {
    F::new(74).num(r).num(steps).done()
}
