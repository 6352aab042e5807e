//! CoNLL-2003 columns: reading, writing with a predicted column, and conlleval-style scoring.

use std::collections::BTreeMap;
use std::fmt;

use crate::tags::{Kind, TokenSpan, spans_from_iob};

/// One sentence: its lines as read, and the token (first column) of each.
#[derive(Debug, Clone, Default)]
pub struct Sentence {
    /// Whole lines, columns separated by spaces.
    pub lines: Vec<String>,
}

impl Sentence {
    /// The tokens (first column).
    pub fn words(&self) -> Vec<&str> {
        self.lines.iter().map(|l| l.split_whitespace().next().unwrap_or("")).collect()
    }

    /// Column `col` (negative counts from the end) of each line.
    pub fn column(&self, col: isize) -> Vec<&str> {
        self.lines
            .iter()
            .map(|l| {
                let cols: Vec<&str> = l.split_whitespace().collect();
                let i = if col < 0 { cols.len() as isize + col } else { col };
                cols.get(i.max(0) as usize).copied().unwrap_or("O")
            })
            .collect()
    }
}

/// A document: the sentences between two `-DOCSTART-` lines.
#[derive(Debug, Clone, Default)]
pub struct ConllDocument {
    /// Its sentences.
    pub sentences: Vec<Sentence>,
    /// Labelled by a machine (a teacher model), not by people: trains with a smaller step
    /// and adds nothing to the name lists mined from training data.
    pub silver: bool,
}

/// Parses CoNLL text into documents. A file without `-DOCSTART-` is one document.
pub fn parse(text: &str) -> Vec<ConllDocument> {
    let mut docs = vec![ConllDocument::default()];
    let mut sentence = Sentence::default();
    let flush = |sentence: &mut Sentence, docs: &mut Vec<ConllDocument>| {
        if !sentence.lines.is_empty() {
            docs.last_mut().expect("one document").sentences.push(std::mem::take(sentence));
        }
    };
    for line in text.lines() {
        let line = line.trim_end();
        if line.starts_with("-DOCSTART-") {
            flush(&mut sentence, &mut docs);
            if !docs.last().expect("one document").sentences.is_empty() {
                docs.push(ConllDocument::default());
            }
        } else if line.trim().is_empty() {
            flush(&mut sentence, &mut docs);
        } else {
            sentence.lines.push(line.to_string());
        }
    }
    flush(&mut sentence, &mut docs);
    docs.retain(|d| !d.sentences.is_empty());
    docs
}

/// Precision, recall and F1 for one type or overall.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    /// Spans in both.
    pub correct: usize,
    /// Spans predicted.
    pub predicted: usize,
    /// Spans in the gold standard.
    pub gold: usize,
}

impl Counts {
    /// Precision.
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 { 0.0 } else { self.correct as f64 / self.predicted as f64 }
    }
    /// Recall.
    pub fn recall(&self) -> f64 {
        if self.gold == 0 { 0.0 } else { self.correct as f64 / self.gold as f64 }
    }
    /// F1.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

/// Exact-span scores, per type and overall, as conlleval computes them.
#[derive(Debug, Clone, Default)]
pub struct Score {
    /// All types together.
    pub overall: Counts,
    /// Per type.
    pub by_kind: BTreeMap<Kind, Counts>,
    /// Tokens scored.
    pub tokens: usize,
}

impl Score {
    /// Adds one sentence's gold and predicted spans.
    pub fn add(&mut self, gold: &[TokenSpan], predicted: &[TokenSpan], tokens: usize) {
        self.tokens += tokens;
        for g in gold {
            self.overall.gold += 1;
            self.by_kind.entry(g.kind).or_default().gold += 1;
        }
        for p in predicted {
            self.overall.predicted += 1;
            let c = self.by_kind.entry(p.kind).or_default();
            c.predicted += 1;
            if gold.contains(p) {
                self.overall.correct += 1;
                c.correct += 1;
            }
        }
    }

    /// Adds a sentence given as gold and predicted IOB label columns.
    pub fn add_labels(&mut self, gold: &[&str], predicted: &[&str]) {
        self.add(&spans_from_iob(gold), &spans_from_iob(predicted), gold.len());
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let row = |f: &mut fmt::Formatter<'_>, name: &str, c: &Counts| {
            writeln!(
                f,
                "{name:>8}  precision {:6.2}%  recall {:6.2}%  F1 {:6.2}   ({} gold, {} predicted, {} correct)",
                100.0 * c.precision(),
                100.0 * c.recall(),
                100.0 * c.f1(),
                c.gold,
                c.predicted,
                c.correct
            )
        };
        writeln!(f, "{} tokens, {} gold entities", self.tokens, self.overall.gold)?;
        row(f, "overall", &self.overall)?;
        for (k, c) in &self.by_kind {
            row(f, k.label(), c)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_documents_and_scores_exact_spans() {
        let text = "-DOCSTART- -X- -X- O\n\nAlma NNP B-NP B-PER B-PER\nFord NNP I-NP I-PER I-PER\nsaw VBD B-VP O O\nOslo NNP B-NP B-LOC B-ORG\n\n-DOCSTART- -X- -X- O\n\nHi UH O O O\n";
        let docs = parse(text);
        assert_eq!(docs.len(), 2);
        let s = &docs[0].sentences[0];
        assert_eq!(s.words(), ["Alma", "Ford", "saw", "Oslo"]);
        let mut score = Score::default();
        score.add_labels(&s.column(3), &s.column(-1));
        assert_eq!(score.overall, Counts { correct: 1, predicted: 2, gold: 2 });
        assert_eq!(score.overall.f1(), 0.5);
    }
}
