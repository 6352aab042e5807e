//! Which quotes lie inside others. A long text can hold hundreds of thousands of candidate
//! quotes ("said said said …" makes one per word), and comparing each with every other took
//! minutes per megabyte; sorted once, each question is a binary search.

use newsgraph_document::Span;

/// Spans sorted by start, the longest first among those starting together, with the
/// largest end of every prefix.
pub(super) struct Spans {
    sorted: Vec<Span>,
    max_end: Vec<u32>,
}

impl Spans {
    pub(super) fn new(spans: impl IntoIterator<Item = Span>) -> Spans {
        let mut sorted: Vec<Span> = spans.into_iter().collect();
        sorted.sort_unstable_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut max = 0;
        let max_end = sorted
            .iter()
            .map(|s| {
                max = max.max(s.end);
                max
            })
            .collect();
        Spans { sorted, max_end }
    }

    /// How many spans start before `at`, and the largest end among them.
    fn before(&self, at: u32) -> (usize, Option<u32>) {
        let k = self.sorted.partition_point(|s| s.start < at);
        (k, k.checked_sub(1).map(|last| self.max_end[last]))
    }

    /// Whether a span contains `span` and is not the same span.
    pub(super) fn strictly_contain(&self, span: Span) -> bool {
        let (k, end) = self.before(span.start);
        // One starting earlier that ends at or after it, or one starting with it that ends
        // later (the longest of those comes first).
        end.is_some_and(|e| e >= span.end)
            || self.sorted.get(k).is_some_and(|s| s.start == span.start && s.end > span.end)
    }

    /// Whether a span contains `span` (or is it).
    pub(super) fn contain(&self, span: Span) -> bool {
        self.before(span.start + 1).1.is_some_and(|e| e >= span.end)
    }

    /// Whether a span shares a byte with `span`.
    pub(super) fn overlap(&self, span: Span) -> bool {
        self.before(span.end).1.is_some_and(|e| e > span.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Against the pairwise definitions, on every pair of small spans.
    #[test]
    fn answers_what_comparing_every_pair_answers() {
        let all: Vec<Span> = (0..6).flat_map(|s| (s..7).map(move |e| Span::new(s, e))).collect();
        for n in 0..all.len() {
            // Several sets: every third span, every fifth, …, with duplicates.
            let set: Vec<Span> = all.iter().copied().skip(n).step_by(n % 4 + 2).chain(all.get(n).copied()).collect();
            let spans = Spans::new(set.iter().copied());
            for &q in &all {
                let contained = set.iter().any(|o| o.contains(q) && *o != q);
                let overlapped = set.iter().any(|o| o.overlaps(q));
                assert_eq!(spans.strictly_contain(q), contained, "{q:?} in {set:?}");
                assert_eq!(spans.overlap(q), overlapped, "{q:?} against {set:?}");
                assert_eq!(spans.contain(q), set.iter().any(|o| o.contains(q)), "{q:?} in {set:?}");
            }
        }
    }
}
