//! The word stream the recogniser reads: tokens split at hyphens ("third-quarter",
//! "26-27", "2018-04-21"), each part with its byte offsets.

/// A word of the stream.
#[derive(Debug, Clone)]
pub struct Word<'a> {
    /// As written.
    pub text: &'a str,
    /// Lower case.
    pub lower: String,
    /// Byte offsets in the text.
    pub start: usize,
    /// End offset.
    pub end: usize,
    /// Joined to the next word by a hyphen (inside one token).
    pub hyphen: bool,
    /// Index of the sentence.
    pub sentence: usize,
    /// First part of its token.
    pub token_start: bool,
    /// Last part of its token.
    pub token_end: bool,
}

/// Splits tokens (byte spans, grouped by sentence) into words.
pub fn words<'a>(text: &'a str, sentences: &[Vec<(usize, usize)>]) -> Vec<Word<'a>> {
    let mut out = Vec::new();
    for (si, tokens) in sentences.iter().enumerate() {
        for &(s, e) in tokens {
            let tok = &text[s..e];
            let splittable = tok.contains('-') && !tok.starts_with('-') && !tok.ends_with('-') && !tok.contains("--");
            // "two weeks' time": a plural possessive's mark is a word of its own.
            let mark = ["s'", "s’"].iter().find(|m| tok.len() > m.len() && tok.to_lowercase().ends_with(**m));
            if let Some(m) = mark.filter(|_| !splittable) {
                let cut = e - (m.len() - 1);
                out.push(Word {
                    text: &text[s..cut],
                    lower: text[s..cut].to_lowercase(),
                    start: s,
                    end: cut,
                    hyphen: false,
                    sentence: si,
                    token_start: true,
                    token_end: false,
                });
                out.push(Word {
                    text: &text[cut..e],
                    lower: text[cut..e].to_string(),
                    start: cut,
                    end: e,
                    hyphen: false,
                    sentence: si,
                    token_start: false,
                    token_end: true,
                });
                continue;
            }
            if !splittable {
                out.push(Word {
                    text: tok,
                    lower: tok.to_lowercase(),
                    start: s,
                    end: e,
                    hyphen: false,
                    sentence: si,
                    token_start: true,
                    token_end: true,
                });
                continue;
            }
            let parts: Vec<&str> = tok.split('-').collect();
            let mut at = s;
            for (k, p) in parts.iter().enumerate() {
                let last = k + 1 == parts.len();
                out.push(Word {
                    text: p,
                    lower: p.to_lowercase(),
                    start: at,
                    end: at + p.len(),
                    hyphen: !last,
                    sentence: si,
                    token_start: k == 0,
                    token_end: last,
                });
                at += p.len() + 1;
            }
        }
    }
    out
}
