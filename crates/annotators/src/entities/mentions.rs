//! Mentions: the recogniser's spans over each sentence's tokens, as byte spans.

use newsgraph_document::{Document, EntityKind, Span};
use newsgraph_ner::{Kind, Recognizer};

/// The tokens of each sentence, as index ranges into `doc.tokens`.
pub(crate) struct SentenceTokens {
    pub ranges: Vec<std::ops::Range<usize>>,
}

impl SentenceTokens {
    /// Token ranges of the document's sentences (tokens outside any sentence are skipped).
    pub fn of(doc: &Document) -> SentenceTokens {
        let mut ranges = Vec::with_capacity(doc.sentences.len());
        let mut t = 0;
        for s in &doc.sentences {
            while t < doc.tokens.len() && doc.tokens[t].span.start < s.start {
                t += 1;
            }
            let first = t;
            while t < doc.tokens.len() && doc.tokens[t].span.end <= s.end {
                t += 1;
            }
            ranges.push(first..t);
        }
        SentenceTokens { ranges }
    }
}

/// A named or pronoun mention.
#[derive(Debug, Clone)]
pub(crate) struct Mention {
    pub span: Span,
    pub kind: EntityKind,
    /// Sentence index.
    pub sentence: usize,
    /// Token range in `doc.tokens`.
    pub tokens: std::ops::Range<usize>,
    pub pronoun: bool,
}

fn kind(k: Kind) -> EntityKind {
    match k {
        Kind::Per => EntityKind::Person,
        Kind::Org => EntityKind::Organisation,
        Kind::Loc => EntityKind::Location,
        Kind::Misc => EntityKind::Misc,
    }
}

/// Very long sentences (a paragraph with no full stop) are tagged in windows: tagging is
/// linear anyway, but the feature buffers stay small.
const WINDOW: usize = 400;

/// Institutions named by a bare capitalised word ("Parliament approved …"), and summit
/// groups ("G-20", "G7"): organisations the recogniser, trained on 1990s wire text, misses.
fn institution(word: &str) -> bool {
    matches!(
        word,
        "Parliament"
            | "Congress"
            | "Senate"
            | "Cabinet"
            | "Bundestag"
            | "Duma"
            | "Knesset"
            | "Diet"
            | "Politburo"
            | "Kremlin"
            | "Pentagon"
            | "Treasury"
            | "Fed"
            | "NATO"
            | "OPEC"
            | "IMF"
            | "WTO"
            | "ECB"
            | "BOJ"
    ) || {
        let w = word.strip_prefix('G').unwrap_or("");
        let w = w.strip_prefix('-').unwrap_or(w);
        !w.is_empty() && w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit())
    }
}

/// Named mentions, in text order.
pub(crate) fn find(doc: &Document, sentences: &SentenceTokens, recognizer: &Recognizer) -> Vec<Mention> {
    let mut chunks: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    for (i, r) in sentences.ranges.iter().enumerate() {
        let mut start = r.start;
        while start < r.end {
            let end = (start + WINDOW).min(r.end);
            chunks.push((i, start..end));
            start = end;
        }
    }
    let words: Vec<Vec<&str>> =
        chunks.iter().map(|(_, r)| doc.tokens[r.clone()].iter().map(|t| doc.slice(t.span)).collect()).collect();
    let spans = recognizer.spans(&words);
    let mut out = Vec::new();
    for ((sentence, range), spans) in chunks.into_iter().zip(spans) {
        let mut covered = vec![false; range.len()];
        for s in &spans {
            covered[s.start..s.end].fill(true);
        }
        for s in spans {
            let (first, last) = (range.start + s.start, range.start + s.end);
            let span = Span::new(doc.tokens[first].span.start as usize, doc.tokens[last - 1].span.end as usize);
            // "Tokyo-based": the place, not an adjective of it.
            let text = doc.slice(span);
            if last - first == 1
                && let Some(place) = text.strip_suffix("-based").filter(|p| !p.is_empty())
            {
                let span = Span::new(span.start as usize, span.start as usize + place.len());
                out.push(Mention { span, kind: EntityKind::Location, sentence, tokens: first..last, pronoun: false });
                continue;
            }
            let kind = kind(s.kind);
            // The recogniser's span ran on: a person's name never ends in a lower-case word
            // ("Ms. White said", "Mr. Manafort and"), no name in a function word ("The
            // Associated Press of the").
            let mut last = last;
            while last - first > 1 && {
                let w = doc.slice(doc.tokens[last - 1].span);
                let lower = w.starts_with(|c: char| c.is_lowercase()) && !w.contains(char::is_uppercase);
                (kind == EntityKind::Person && lower)
                    || matches!(
                        w,
                        "and" | "of" | "the" | "a" | "said" | "says" | "was" | "is" | "in" | "on" | "for" | "to"
                    )
            } {
                last -= 1;
            }
            let span = Span::new(span.start as usize, doc.tokens[last - 1].span.end as usize);
            let first = match kind {
                EntityKind::Person => super::roles::name_after_title(doc, first..last).unwrap_or(first),
                _ => first,
            };
            let span = Span::new(doc.tokens[first].span.start as usize, span.end as usize);
            out.push(Mention { span, kind, sentence, tokens: first..last, pronoun: false });
        }
        for (i, t) in range.clone().enumerate() {
            if !covered[i] && institution(doc.slice(doc.tokens[t].span)) {
                let span = doc.tokens[t].span;
                out.push(Mention { span, kind: EntityKind::Organisation, sentence, tokens: t..t + 1, pronoun: false });
            }
        }
    }
    out.sort_by_key(|m| m.span.start);
    out
}
