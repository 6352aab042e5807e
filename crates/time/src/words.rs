//! The word stream the recogniser reads: tokens split at hyphens ("third-quarter",
//! "26-27", "2018-04-21"), each part with its byte offsets.

/// A word of the stream.
#[derive(Debug, Clone)]
pub struct Word<'a> {
    /// As written.
    pub text: &'a str,
    /// Lower case (a slice of one buffer for the whole text: no allocation per word).
    pub lower: &'a str,
    /// Byte offsets in the text.
    pub start: usize,
    /// End offset.
    pub end: usize,
    /// Joined to the next word by a hyphen (or a slash between words) inside one token.
    pub hyphen: bool,
    /// Index of the sentence.
    pub sentence: usize,
    /// First part of its token.
    pub token_start: bool,
    /// Last part of its token.
    pub token_end: bool,
}

/// Splits tokens (byte spans, grouped by sentence) into words, lower-casing them into
/// `lowered` (cleared first), which the words then borrow.
pub fn words<'a>(text: &'a str, sentences: &[Vec<(usize, usize)>], lowered: &'a mut String) -> Vec<Word<'a>> {
    lowered.clear();
    // Word by word with the range of its lower case in `lowered`; the slices are taken once
    // the buffer is complete.
    let mut out: Vec<(Word<'a>, std::ops::Range<usize>)> = Vec::new();
    for (si, tokens) in sentences.iter().enumerate() {
        for &(s, e) in tokens {
            let tok = &text[s..e];
            let splittable = tok.contains('-') && !tok.starts_with('-') && !tok.ends_with('-') && !tok.contains("--");
            // Where the token is cut: at its hyphens (or a slash between words), or before a
            // plural possessive's mark, which is a word of its own ("two weeks' time").
            let mut cuts: Vec<(usize, bool)> = Vec::new();
            // "August/September 1956": a slash between two words joins them as a hyphen
            // does ("9/11", "1/2" keep theirs: numbers are read whole).
            let words_on_both_sides = tok.split('/').count() == 2
                && tok.split('/').all(|part| part.len() > 1 && part.chars().all(char::is_alphabetic));
            if splittable {
                cuts.extend(tok.match_indices('-').map(|(k, _)| (s + k, true)));
            } else if words_on_both_sides {
                cuts.extend(tok.match_indices('/').map(|(k, _)| (s + k, true)));
            } else if let Some(body) = tok.strip_suffix('\'').or_else(|| tok.strip_suffix('’'))
                && body.len() > 1
                && body.ends_with(['s', 'S'])
            {
                cuts.push((s + body.len(), false));
            }
            let mut at = s;
            for (k, &(cut, hyphen)) in cuts.iter().chain(std::iter::once(&(e, false))).enumerate() {
                let part = &text[at..cut];
                let from = lowered.len();
                if part.is_ascii() {
                    lowered.push_str(part);
                    lowered[from..].make_ascii_lowercase();
                } else {
                    lowered.push_str(&part.to_lowercase());
                }
                out.push((
                    Word {
                        text: part,
                        lower: "",
                        start: at,
                        end: cut,
                        hyphen,
                        sentence: si,
                        token_start: k == 0,
                        token_end: cut == e,
                    },
                    from..lowered.len(),
                ));
                // A hyphen is no part of either word.
                at = if hyphen { cut + 1 } else { cut };
            }
        }
    }
    let lowered: &'a str = lowered;
    out.into_iter().map(|(w, r)| Word { lower: &lowered[r], ..w }).collect()
}
