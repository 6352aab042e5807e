use newsgraph_document::{Document, Layer, Span, Token};
use newsgraph_pipeline::Annotator;

use crate::abbreviations::keeps_dot;

/// Rule-based tokeniser for news English, Penn-Treebank-like: punctuation, brackets and
/// quotes split off; clitics (`'s`, `n't`, `'re`, …) split off; abbreviations ("Mr.", "Co.",
/// "U.S.", "Jan.", initials) keep their full stop; numbers keep their separators
/// ("1,000.50", "10:30"); hyphenated words ("G-20", "Tokyo-based"), URLs and e-mail addresses
/// stay whole. One pass, linear in the text.
pub struct Tokenizer;

impl Annotator for Tokenizer {
    fn name(&self) -> &'static str {
        "tokens"
    }
    fn requires(&self) -> &'static [Layer] {
        &[]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }
    fn annotate(&self, doc: &mut Document) {
        doc.tokens = tokenize(&doc.text);
    }
}

/// Tokens of `text`.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut chunk_start = None;
    let mut space_before = true;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() || c.is_control() {
            if let Some(s) = chunk_start.take() {
                split_chunk(text, s, i, space_before, &mut out);
            }
            space_before = true;
        } else if chunk_start.is_none() {
            chunk_start = Some(i);
        }
    }
    if let Some(s) = chunk_start {
        split_chunk(text, s, text.len(), space_before, &mut out);
    }
    out
}

fn is_opening(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '«' | '‹' | '(' | '[' | '{' | '<' | '„' | '$' | '€' | '£' | '¥' | '¿' | '¡' | '`'
    )
}

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '>' | ',' | ';' | ':' | '!' | '?' | '%' | '…')
}

fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '―')
}

/// Splits one whitespace-free chunk `[start, end)` into tokens.
fn split_chunk(text: &str, mut start: usize, mut end: usize, space_before: bool, out: &mut Vec<Token>) {
    let mut space = space_before;
    let push = |out: &mut Vec<Token>, s: usize, e: usize, space: &mut bool| {
        if s < e {
            out.push(Token { span: Span::new(s, e), space_before: *space });
            *space = false;
        }
    };
    // URLs and e-mail addresses: peel only brackets/quotes and final sentence punctuation.
    let whole = &text[start..end];
    let is_link = whole.contains("://") || whole.starts_with("www.") || (whole.contains('@') && whole.contains('.'));

    // Leading punctuation, each its own token.
    while start < end {
        let c = text[start..end].chars().next().unwrap_or(' ');
        // "''60 Minutes''" opens a quotation with a doubled apostrophe: no year there.
        let quoted = text[..start].ends_with(['\'', '`', '"', '“', '‘']);
        if is_opening(c) && !(c == '\'' && !quoted && starts_decade(&text[start..end])) {
            push(out, start, start + c.len_utf8(), &mut space);
            start += c.len_utf8();
        } else {
            break;
        }
    }
    // Trailing punctuation, collected in reverse.
    let mut trailing: Vec<(usize, usize)> = Vec::new();
    while start < end {
        let body = &text[start..end];
        let c = body.chars().next_back().unwrap_or(' ');
        if c == '.' {
            let dots = body.bytes().rev().take_while(|&b| b == b'.').count();
            if dots >= 2 {
                trailing.push((end - dots, end));
                end -= dots;
                continue;
            }
            let core = &body[..body.len() - 1];
            if is_link || keeps_dot(core.trim_start_matches(|ch: char| !ch.is_alphanumeric())) {
                break;
            }
            trailing.push((end - 1, end));
            end -= 1;
        } else if body.len() > 2 && body.ends_with("''") && !is_link {
            // A doubled closing mark (`days''`) closes a quotation, never a possessive: two
            // marks, as after any other word.
            trailing.push((end - 1, end));
            trailing.push((end - 2, end - 1));
            end -= 2;
        } else if is_closing(c) && (!is_link || matches!(c, ',' | ';' | ':' | '!' | '?' | ')' | '"' | '”' | '\'' | '’'))
        {
            // A closing apostrophe that is a clitic of its own word ("Jones'") stays attached.
            if (c == '\'' || c == '’') && body.len() > c.len_utf8() && !ends_in_quote_context(body) {
                break;
            }
            trailing.push((end - c.len_utf8(), end));
            end -= c.len_utf8();
        } else {
            break;
        }
    }
    if !is_link {
        split_middle(text, start, end, &mut space, out);
    } else {
        push(out, start, end, &mut space);
    }
    for (s, e) in trailing.into_iter().rev() {
        push(out, s, e, &mut space);
    }
}

/// `'90s`-style decades and `'99`-style years keep their apostrophe.
fn starts_decade(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 3
        && b[1].is_ascii_digit()
        && b[2].is_ascii_digit()
        && b.get(3).is_none_or(|&c| c == b's' || !c.is_ascii_alphanumeric())
}

/// A final apostrophe closes a quotation unless it marks a plural possessive ("the Joneses'").
fn ends_in_quote_context(body: &str) -> bool {
    let before = body[..body.len() - body.chars().next_back().map_or(0, char::len_utf8)].chars().next_back();
    !matches!(before, Some('s'))
}

/// Splits the core of a chunk at inner punctuation and clitics.
fn split_middle(text: &str, start: usize, end: usize, space: &mut bool, out: &mut Vec<Token>) {
    let mut seg_start = start;
    let s = &text[start..end];
    let mut chars = s.char_indices().peekable();
    let mut prev: Option<char> = None;
    while let Some((off, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let at = start + off;
        let split_here = if is_dash(c) {
            // "26–27" stays whole; "word—word" splits.
            !(prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit()))
        } else if matches!(c, ',' | ';' | '!' | '?' | '(' | ')' | '[' | ']' | '"' | '“' | '”') {
            !(c == ',' && prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit()))
        } else {
            c == '-' && next == Some('-')
        };
        if split_here {
            emit_word(text, seg_start, at, space, out);
            let mut e = at + c.len_utf8();
            if c == '-' {
                while text[e..end].starts_with('-') {
                    e += 1;
                }
                // skip consumed dashes in the iterator
                while chars.peek().is_some_and(|&(o, _)| start + o < e) {
                    chars.next();
                }
            }
            out.push(Token { span: Span::new(at, e), space_before: *space });
            *space = false;
            seg_start = e;
        }
        prev = Some(c);
    }
    emit_word(text, seg_start, end, space, out);
}

/// Emits a word, splitting off an English clitic at its end.
fn emit_word(text: &str, start: usize, end: usize, space: &mut bool, out: &mut Vec<Token>) {
    if start >= end {
        return;
    }
    let w = &text[start..end];
    let split = clitic_start(w).map(|c| start + c).filter(|&c| c > start);
    match split {
        Some(c) => {
            out.push(Token { span: Span::new(start, c), space_before: *space });
            out.push(Token { span: Span::new(c, end), space_before: false });
        }
        None => out.push(Token { span: Span::new(start, end), space_before: *space }),
    }
    *space = false;
}

/// Byte offset in `w` where a clitic starts (`n't`, `'s`, `'re`, `'ve`, `'ll`, `'d`, `'m`).
fn clitic_start(w: &str) -> Option<usize> {
    const CLITICS: &[&str] =
        &["n't", "'s", "'re", "'ve", "'ll", "'d", "'m", "n’t", "’s", "’re", "’ve", "’ll", "’d", "’m"];
    // Cheap rejection: every clitic contains an apostrophe.
    if !w.contains(['\'', '’']) {
        return None;
    }
    CLITICS.iter().find_map(|c| {
        let at = w.len().checked_sub(c.len()).filter(|&at| at > 0 && w.is_char_boundary(at))?;
        w[at..].eq_ignore_ascii_case(c).then_some(at)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(t: &str) -> Vec<&str> {
        tokenize(t).into_iter().map(|k| &t[k.span.range()]).collect()
    }

    #[test]
    fn news_english() {
        assert_eq!(
            toks("Mr. Aso won't go to the U.S. on Jan. 5, he said."),
            ["Mr.", "Aso", "wo", "n't", "go", "to", "the", "U.S.", "on", "Jan.", "5", ",", "he", "said", "."]
        );
        assert_eq!(
            toks("\"No progress,\" said J. Smith of Acme Co. (the G-20's host)."),
            [
                "\"", "No", "progress", ",", "\"", "said", "J.", "Smith", "of", "Acme", "Co.", "(", "the", "G-20",
                "'s", "host", ")", "."
            ]
        );
        assert_eq!(
            toks("It cost $1,000.50, or 3.5%..."),
            ["It", "cost", "$", "1,000.50", ",", "or", "3.5", "%", "..."]
        );
        assert_eq!(
            toks("“Yes” — at 10:30 a.m. on April 26–27"),
            ["“", "Yes", "”", "—", "at", "10:30", "a.m.", "on", "April", "26–27"]
        );
        assert_eq!(toks("a Tokyo-based economist--really"), ["a", "Tokyo-based", "economist", "--", "really"]);
        assert_eq!(toks("see https://example.test/a?b=c, then"), ["see", "https://example.test/a?b=c", ",", "then"]);
        assert_eq!(toks("the '90s and the Joneses' house"), ["the", "'90s", "and", "the", "Joneses'", "house"]);
        assert_eq!(toks("the Club of '89."), ["the", "Club", "of", "'89", "."]);
        assert_eq!(toks("on ''60 Minutes''"), ["on", "'", "'", "60", "Minutes", "'", "'"]);
        // Transcripts' doubled marks close a quotation even after an "s".
        assert_eq!(toks("``in three days'' more"), ["`", "`", "in", "three", "days", "'", "'", "more"]);
    }

    #[test]
    fn space_before_is_tracked() {
        let t = tokenize("Hi, you.");
        assert_eq!(t.iter().map(|k| k.space_before).collect::<Vec<_>>(), [true, false, true, false]);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for t in ["", "...", "'", "\"\"\"", "\u{0}\u{7}x", "—", "----", "ü'ß", "('')", "n't", "'s"] {
            let tokens = tokenize(t);
            for k in tokens {
                assert!(
                    !k.span.is_empty()
                        && t.is_char_boundary(k.span.start as usize)
                        && t.is_char_boundary(k.span.end as usize)
                );
            }
        }
    }
}
