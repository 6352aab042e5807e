//! Excluded clauses (`-word`, `-"a phrase"`) wrapped so that tantivy seeks them as its
//! `DocSet` contract allows.
//!
//! tantivy's exclusion asks an excluded scorer about a document that may lie before the
//! one the scorer already stands on; the default `seek_danger` answers "not there", but the
//! phrase scorer's asserts it never happens, so `ferry -"rates held"` panicked in every
//! build with debug assertions (found by fuzzing the search box). The wrapper keeps each
//! excluded scorer's own `seek` and leaves `seek_danger` to the default.

use tantivy::query::{BooleanQuery, EnableScoring, Explanation, Occur, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term};

/// `query` with every excluded clause, at any depth of boolean queries, wrapped.
pub(crate) fn guard_exclusions(query: Box<dyn Query>) -> Box<dyn Query> {
    let Some(boolean) = query.downcast_ref::<BooleanQuery>() else { return query };
    let clauses = boolean
        .clauses()
        .iter()
        .map(|(occur, clause)| {
            let clause = guard_exclusions(clause.box_clone());
            let clause: Box<dyn Query> = if *occur == Occur::MustNot { Box::new(Excluded(clause)) } else { clause };
            (*occur, clause)
        })
        .collect();
    Box::new(BooleanQuery::with_minimum_required_clauses(clauses, boolean.get_minimum_number_should_match()))
}

/// An excluded clause.
#[derive(Debug)]
struct Excluded(Box<dyn Query>);

impl Clone for Excluded {
    fn clone(&self) -> Excluded {
        Excluded(self.0.box_clone())
    }
}

impl Query for Excluded {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(ExcludedWeight(self.0.weight(enable_scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor);
    }
}

struct ExcludedWeight(Box<dyn Weight>);

impl Weight for ExcludedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(ExcludedScorer(self.0.scorer(reader, boost)?)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }
}

/// Everything but `seek_danger` is the wrapped scorer's.
struct ExcludedScorer(Box<dyn Scorer>);

impl DocSet for ExcludedScorer {
    fn advance(&mut self) -> DocId {
        self.0.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.0.seek(target)
    }

    fn doc(&self) -> DocId {
        self.0.doc()
    }

    fn size_hint(&self) -> u32 {
        self.0.size_hint()
    }

    fn cost(&self) -> u64 {
        self.0.cost()
    }
}

impl Scorer for ExcludedScorer {
    fn score(&mut self) -> Score {
        self.0.score()
    }
}
