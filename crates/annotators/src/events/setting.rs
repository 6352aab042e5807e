//! Where and when: the place named in the trigger's clause or the sentence's opening
//! adverbial, and the nearest dated time expression of the clause.

use std::ops::Range;

use newsgraph_document::EntityKind;

use super::View;
use super::lexicon;

impl View<'_> {
    /// Whether a clause boundary lies between two tokens.
    pub(super) fn separated(&self, a: usize, b: usize) -> bool {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        (a + 1..b)
            .any(|t| lexicon::ends_clause(self.w(t)) && !matches!(self.w(t), "\"" | "“" | "”" | "(" | ")" | "since"))
    }

    /// A place named with a locative preposition in the trigger's clause (a temporal clause
    /// shares it: "in Washington after attending"), or in the sentence's opening adverbial,
    /// which sets the scene for the whole sentence ("Earlier in the week in Washington, …").
    pub(super) fn place_in(&self, range: &Range<usize>, trigger: &Range<usize>) -> Option<String> {
        let opening = (range.start..range.end.min(range.start + 10)).find(|&t| self.w(t) == ",").unwrap_or(range.start);
        let barrier = |a: usize, b: usize| {
            let (a, b) = if a <= b { (a, b) } else { (b, a) };
            (a + 1..b).any(|t| {
                let w = self.w(t);
                lexicon::ends_clause(w)
                    && !matches!(w, "after" | "before" | "when" | "since" | "\"" | "“" | "”" | "(" | ")")
            })
        };
        (range.clone())
            .filter(|&t| lexicon::locative(self.w(t)) && self.w(t) != "from")
            .filter(|&t| t < opening || (t.abs_diff(trigger.start) <= 12 && !barrier(t, trigger.start)))
            .filter_map(|t| self.starts.get(t + 1).copied().flatten())
            .filter(|&m| self.mentions[m].kind == EntityKind::Location)
            .min_by_key(|&m| self.mentions[m].first.abs_diff(trigger.start))
            .map(|m| self.name(m))
    }

    /// The calendar value of the time expression nearest the trigger in its sentence.
    /// A hypothetical event takes no date from before it ("on Tuesday called for his
    /// resignation": Tuesday is when the call was made).
    pub(super) fn date_near(&self, trigger: &Range<usize>, range: &Range<usize>, hypothetical: bool) -> Option<String> {
        self.dates
            .iter()
            .filter(|(a, b, _)| *a >= range.start && *b < range.end)
            .filter(|(a, _, _)| !(hypothetical && *a < trigger.start))
            .filter(|(a, _, _)| !self.separated(*a, trigger.start))
            .min_by_key(|(a, b, _)| {
                // Dates after the trigger bind more closely ("meeting on April 26-27").
                if *a >= trigger.end { a - trigger.end } else { trigger.start.saturating_sub(*b) * 2 }
            })
            .filter(|(a, b, _)| a.abs_diff(trigger.start).min(b.abs_diff(trigger.start)) <= 20)
            .map(|&(_, _, i)| self.doc.time_expressions[i].value.clone())
    }
}
