//! Plain text: the body is the input unchanged, so offsets line up with the file. A short
//! first line followed by a blank line is taken as the title (and left in the text).

use crate::{Format, Input, Item, ReadOptions, Reader, finish};
use newsgraph_document::Document;

pub(crate) struct TextReader;

impl Reader for TextReader {
    fn format(&self) -> Format {
        Format::Text
    }

    fn read(&self, input: &mut Input<'_>, options: &ReadOptions, sink: &mut dyn FnMut(Item)) {
        let origin = input.name.clone();
        match input.text(None) {
            Ok(decoded) => {
                let mut doc = Document::new("text", decoded.text);
                doc.title = headline(&doc.text);
                let mut doc = finish(doc, options);
                doc.origin = Some(origin);
                sink(Item::Article { doc, warnings: decoded.warning.into_iter().collect() });
            }
            Err(reason) => sink(Item::Failed { origin, reason }),
        }
    }
}

/// The first line, when it reads as a headline: short, no final stop, a blank line after.
fn headline(text: &str) -> Option<String> {
    let mut lines = text.trim_start().lines();
    let first = lines.next()?.trim();
    let blank_after = lines.next().is_some_and(|l| l.trim().is_empty());
    let looks_like = !first.is_empty() && first.chars().count() <= 150 && !first.ends_with(['.', ',', ';', ':']);
    (blank_after && looks_like && lines.any(|l| !l.trim().is_empty())).then(|| first.to_string())
}

#[cfg(test)]
mod tests {
    use super::headline;

    #[test]
    fn headline_needs_a_blank_line_and_more_text() {
        assert_eq!(headline("Port strike ends\n\nWorkers return.").as_deref(), Some("Port strike ends"));
        assert_eq!(headline("A sentence.\n\nMore."), None);
        assert_eq!(headline("Only a line"), None);
    }
}
