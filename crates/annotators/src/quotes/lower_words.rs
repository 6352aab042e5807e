//! A document's tokens lower-cased once, in one buffer: the content tagger and the speaker
//! ranker read the lower case of every word near a quote, and lower-casing each word where
//! it was read cost an allocation apiece (a fifth of the quote layer's time).

use newsgraph_document::Document;

pub(crate) struct LowerWords {
    text: String,
    /// Where each token's lower case ends in `text`.
    ends: Vec<u32>,
}

impl LowerWords {
    pub(crate) fn of(doc: &Document) -> LowerWords {
        let mut text = String::with_capacity(doc.text.len());
        let mut ends = Vec::with_capacity(doc.tokens.len());
        for t in &doc.tokens {
            let w = doc.slice(t.span);
            // `str::to_lowercase` for anything beyond lower-case ASCII: it knows final sigma.
            if w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
                text.push_str(w);
            } else {
                text.push_str(&w.to_lowercase());
            }
            ends.push(text.len() as u32);
        }
        LowerWords { text, ends }
    }

    /// Token `k` lower-cased, if there is such a token.
    pub(crate) fn get(&self, k: usize) -> Option<&str> {
        let end = *self.ends.get(k)? as usize;
        let start = if k == 0 { 0 } else { self.ends[k - 1] as usize };
        Some(&self.text[start..end])
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsgraph_document::{Span, Token};

    #[test]
    fn each_token_reads_as_its_own_lower_case() {
        let text = "The ΟΔΟΣ said “Yes” to NATO.";
        let mut doc = Document::new("t", text.to_string());
        let mut at = 0;
        for w in text.split(' ') {
            let start = text[at..].find(w).expect("word") + at;
            doc.tokens.push(Token { span: Span::new(start, start + w.len()), space_before: true });
            at = start + w.len();
        }
        let lower = LowerWords::of(&doc);
        let words: Vec<&str> = (0..lower.len()).map(|k| lower.get(k).expect("token")).collect();
        let expected: Vec<String> = text.split(' ').map(str::to_lowercase).collect();
        assert_eq!(words, expected);
        assert!(words[1].ends_with('ς'), "final sigma: {}", words[1]);
        assert_eq!(lower.get(6), None);
    }
}
