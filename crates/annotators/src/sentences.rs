use newsgraph_document::{Document, Layer, Span, Token};
use newsgraph_pipeline::Annotator;

use crate::abbreviations::{is_dotted, is_terminal, is_title};

/// Sentence splitter over tokens: a sentence ends at `.`, `!`, `?` or `…` (with any closing
/// quotes and brackets after it) when the next token can start a sentence, and at every
/// paragraph end. Abbreviations that keep their stop ("Mr.", initials) never end one;
/// those that may ("Co.", "U.S.") do when a typical sentence opener follows. No sentence
/// runs past [`MAX_SENTENCE_TOKENS`].
pub struct Sentences;

/// The longest sentence, in tokens. Reported news sentences stay far below it (CoNLL's
/// longest has 124 tokens); text with no stops at all (a list, a dump, "said said said …")
/// would otherwise make one sentence of the whole paragraph, and the annotators that look
/// across a sentence (quotes, events, entity roles) would cost its length squared.
pub const MAX_SENTENCE_TOKENS: usize = 250;

impl Annotator for Sentences {
    fn name(&self) -> &'static str {
        "sentences"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Paragraphs, Layer::Tokens]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Sentences]
    }
    fn annotate(&self, doc: &mut Document) {
        doc.sentences = sentences(&doc.text, &doc.paragraphs, &doc.tokens);
    }
}

/// Sentence spans from paragraph and token spans.
pub fn sentences(text: &str, paragraphs: &[Span], tokens: &[Token]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut t = 0;
    for para in paragraphs {
        while t < tokens.len() && tokens[t].span.end <= para.start {
            t += 1;
        }
        let first = t;
        while t < tokens.len() && tokens[t].span.start < para.end {
            t += 1;
        }
        split_paragraph(text, &tokens[first..t], &mut out);
    }
    out
}

fn split_paragraph(text: &str, tokens: &[Token], out: &mut Vec<Span>) {
    let word = |i: usize| &text[tokens[i].span.range()];
    let mut start = 0;
    let mut i = 0;
    while i < tokens.len() {
        if i - start >= MAX_SENTENCE_TOKENS {
            // Cut after the last clause mark of the sentence's second half, else here.
            let cut = (start + MAX_SENTENCE_TOKENS / 2..i)
                .rev()
                .find(|&k| matches!(word(k), ";" | "," | ":" | "—" | "–"))
                .map_or(i, |k| k + 1);
            out.push(Span::new(tokens[start].span.start as usize, tokens[cut - 1].span.end as usize));
            start = cut;
            i = cut;
            continue;
        }
        let w = word(i);
        let ends = match w {
            "." | "!" | "?" | "…" | "..." | "!!" | "?!" => true,
            _ if w.ends_with('.') && w.len() > 1 => {
                let core = &w[..w.len() - 1];
                !(is_title(core) || is_dotted(core) && core.len() == 1)
                    && (is_terminal(core) || is_dotted(core))
                    && i + 1 < tokens.len()
                    && is_opener(word(next_non_closing(text, tokens, i + 1)))
            }
            _ => false,
        };
        if ends {
            let mut end = i + 1;
            while end < tokens.len() && is_closer(word(end)) && !tokens[end].space_before {
                end += 1;
            }
            // A quote mark after a space opens the next sentence unless it closes this one
            // ("…," he said. "Next …").
            let next_starts = end >= tokens.len() || starts_sentence(word(end));
            if next_starts {
                out.push(Span::new(tokens[start].span.start as usize, tokens[end - 1].span.end as usize));
                start = end;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    if start < tokens.len() {
        out.push(Span::new(tokens[start].span.start as usize, tokens[tokens.len() - 1].span.end as usize));
    }
}

fn next_non_closing(text: &str, tokens: &[Token], mut i: usize) -> usize {
    while i + 1 < tokens.len() && is_closer(&text[tokens[i].span.range()]) && !tokens[i].space_before {
        i += 1;
    }
    i
}

fn is_closer(w: &str) -> bool {
    matches!(w, "\"" | "'" | "”" | "’" | ")" | "]" | "»" | "›")
}

fn starts_sentence(w: &str) -> bool {
    let c = w.chars().next().unwrap_or(' ');
    c.is_uppercase()
        || c.is_numeric()
        || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '-' | '—' | '–' | '¿' | '¡' | '$' | '€' | '£')
        || !c.is_alphabetic() && !c.is_ascii_punctuation()
}

/// Words that typically open a sentence after an abbreviation that may end one.
fn is_opener(w: &str) -> bool {
    matches!(
        w,
        "The"
            | "A"
            | "An"
            | "He"
            | "She"
            | "It"
            | "They"
            | "We"
            | "I"
            | "You"
            | "This"
            | "That"
            | "These"
            | "Those"
            | "But"
            | "And"
            | "In"
            | "On"
            | "At"
            | "For"
            | "Its"
            | "His"
            | "Her"
            | "Their"
            | "Our"
            | "There"
            | "If"
            | "When"
            | "While"
            | "After"
            | "Before"
            | "Shares"
            | "Mr"
            | "Mrs"
            | "Ms"
            | "Dr"
            | "Mr."
            | "Mrs."
            | "Ms."
            | "Dr."
            | "\""
            | "“"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paragraphs::paragraphs;
    use crate::tokenize;

    fn split(t: &str) -> Vec<&str> {
        sentences(t, &paragraphs(t), &tokenize(t)).into_iter().map(|s| &t[s.range()]).collect()
    }

    #[test]
    fn splits_at_stops_but_not_abbreviations() {
        assert_eq!(
            split(
                "Mr. Aso met J. Smith in the U.S. capital. He left on Jan. 5. Prices rose 2.5% at Acme Co. The firm said so!"
            ),
            [
                "Mr. Aso met J. Smith in the U.S. capital.",
                "He left on Jan. 5.",
                "Prices rose 2.5% at Acme Co.",
                "The firm said so!"
            ]
        );
    }

    #[test]
    fn quotes_close_with_their_sentence() {
        assert_eq!(
            split("\"No progress was made.\" Mr Kuwahara said so. \"The end,\" he said."),
            ["\"No progress was made.\"", "Mr Kuwahara said so.", "\"The end,\" he said."]
        );
    }

    #[test]
    fn lowercase_after_a_stop_continues() {
        assert_eq!(split("It was 5 p.m. when he left."), ["It was 5 p.m. when he left."]);
    }

    #[test]
    fn no_sentence_runs_past_the_limit() {
        let listing = "said ".repeat(1000);
        let sentences = split(&listing);
        assert_eq!(sentences.len(), 4, "1000 tokens in sentences of 250");
        assert!(sentences.iter().all(|s| s.split_whitespace().count() == MAX_SENTENCE_TOKENS));
        // A long stretch with commas is cut after one of them.
        let clauses = "alpha beta gamma delta, ".repeat(80);
        let sentences = split(&clauses);
        assert!(sentences.len() >= 2, "{}", sentences.len());
        assert!(sentences[0].ends_with(','), "{:?}", &sentences[0][sentences[0].len() - 20..]);
        assert_eq!(sentences.concat().replace(' ', ""), clauses.replace(' ', ""));
    }

    #[test]
    fn paragraphs_always_end_sentences() {
        assert_eq!(split("No stop here\n\nNext one"), ["No stop here", "Next one"]);
    }
}
