use newsgraph_document::{Document, Layer, Span};
use newsgraph_pipeline::Annotator;

/// Splits the text into paragraphs at blank lines (lines of only whitespace). Text with no
/// blank line but several lines is taken one line per paragraph, as feeds and pasted text
/// often are. Paragraph spans exclude surrounding whitespace.
pub struct Paragraphs;

impl Annotator for Paragraphs {
    fn name(&self) -> &'static str {
        "paragraphs"
    }
    fn requires(&self) -> &'static [Layer] {
        &[]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Paragraphs]
    }
    fn annotate(&self, doc: &mut Document) {
        doc.paragraphs = paragraphs(&doc.text);
    }
}

/// Paragraph spans of `text`.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let lines = lines(text);
    let has_blank = lines.iter().any(|&(s, e)| text[s..e].trim().is_empty());
    let mut out = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    for (s, e) in lines {
        let line = &text[s..e];
        if line.trim().is_empty() || !has_blank {
            if let Some(p) = current.take() {
                push_trimmed(text, p, &mut out);
            }
            if !has_blank {
                push_trimmed(text, (s, e), &mut out);
            }
            continue;
        }
        current = Some(match current {
            Some((ps, _)) => (ps, e),
            None => (s, e),
        });
    }
    if let Some(p) = current {
        push_trimmed(text, p, &mut out);
    }
    out
}

/// Byte ranges of lines, without their terminators.
fn lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            let end = if i > start && text.as_bytes()[i - 1] == b'\r' { i - 1 } else { i };
            out.push((start, end));
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out
}

fn push_trimmed(text: &str, (s, e): (usize, usize), out: &mut Vec<Span>) {
    let slice = &text[s..e];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if s + lead < e - trail {
        out.push(Span::new(s + lead, e - trail));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<&str> {
        paragraphs(t).into_iter().map(|s| &t[s.range()]).collect()
    }

    #[test]
    fn blank_lines_separate_paragraphs() {
        assert_eq!(texts(" One.\nstill one.\n \r\n\nTwo.\n"), ["One.\nstill one.", "Two."]);
    }

    #[test]
    fn without_blank_lines_each_line_is_a_paragraph() {
        assert_eq!(texts("One.\nTwo.\r\nThree."), ["One.", "Two.", "Three."]);
    }

    #[test]
    fn empty_and_blank_texts_have_none() {
        assert!(paragraphs("").is_empty());
        assert!(paragraphs(" \n\t\n").is_empty());
    }
}
