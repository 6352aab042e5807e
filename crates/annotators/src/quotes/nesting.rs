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

    /// Whether byte `pos` lies strictly inside a span (after its first byte, before its end).
    pub(super) fn inside(&self, pos: u32) -> bool {
        self.before(pos).1.is_some_and(|e| e > pos)
    }

    /// The spans sharing a byte with `span`, last starting first. Walks back from the last
    /// span starting before `span` ends while an earlier one may still reach it, so the cost
    /// is the spans it passes, not all of them.
    pub(super) fn overlapping(&self, span: Span) -> impl Iterator<Item = Span> + '_ {
        let (k, _) = self.before(span.end);
        (0..k)
            .rev()
            .take_while(move |&i| self.max_end[i] > span.start)
            .map(|i| self.sorted[i])
            .filter(move |s| s.end > span.start)
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
                let inside = set.iter().any(|o| o.start < q.start && q.start < o.end);
                assert_eq!(spans.inside(q.start), inside, "{} inside {set:?}", q.start);
                let mut found: Vec<Span> = spans.overlapping(q).collect();
                let mut want: Vec<Span> = set.iter().copied().filter(|o| o.overlaps(q)).collect();
                found.sort_unstable_by_key(|s| (s.start, s.end));
                want.sort_unstable_by_key(|s| (s.start, s.end));
                assert_eq!(found, want, "overlapping {q:?} in {set:?}");
            }
        }
    }
}
