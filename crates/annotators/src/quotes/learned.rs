//! Reporting cues learned from attribution-annotated text (PolNeAR's training split): how
//! often each word is part of an annotated cue, against how often it occurs. The lexicon
//! is compiled in (`models/cues.tsv`); `newsgraph train cues` rebuilds it.

use std::collections::{HashMap, HashSet};

static LEXICON: &str = include_str!("../../../../models/cues.tsv");

/// The words of the learned lexicon.
pub(crate) fn learned_cues() -> impl Iterator<Item = &'static str> {
    LEXICON.lines().filter(|l| !l.starts_with('#')).filter_map(|l| l.split('\t').next())
}

/// One annotated article: its text and, for each annotator, the byte spans of the cues.
pub struct CueExample<'a> {
    pub text: &'a str,
    pub cues: Vec<Vec<(usize, usize)>>,
}

/// The alphabetic words of a text with their byte offsets.
fn words(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_alphabetic() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push((s, &text[s..i]));
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

/// Learns the lexicon: words that are part of an annotated cue in at least `min_ratio` of
/// their occurrences (each annotator counted separately) and at least `min_count` times.
/// Returns the TSV text (`word`, cue count, occurrences), most reliable first.
pub fn learn_cues(examples: &[CueExample<'_>], min_count: usize, min_ratio: f64) -> String {
    let mut cue: HashMap<String, usize> = HashMap::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for ex in examples {
        let mut here: HashMap<String, usize> = HashMap::new();
        for (_, w) in words(ex.text) {
            *here.entry(w.to_lowercase()).or_default() += 1;
        }
        for (w, n) in here {
            *seen.entry(w).or_default() += n * ex.cues.len();
        }
        for spans in &ex.cues {
            let mut positions = HashSet::new();
            for &(a, b) in spans {
                let Some(slice) = ex.text.get(a..b) else { continue };
                for (at, w) in words(slice) {
                    if positions.insert(a + at) {
                        *cue.entry(w.to_lowercase()).or_default() += 1;
                    }
                }
            }
        }
    }
    let mut rows: Vec<(f64, usize, usize, String)> = cue
        .into_iter()
        .filter_map(|(w, c)| {
            let n = seen.get(&w).copied().unwrap_or(0).max(c);
            let ratio = c as f64 / n as f64;
            (c >= min_count && ratio >= min_ratio).then_some((ratio, c, n, w))
        })
        .collect();
    rows.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(a.3.cmp(&b.3)));
    let mut out = format!(
        "# reporting cues learned by `newsgraph train cues` (min count {min_count}, min ratio {min_ratio})\n# word\tcue\toccurrences\n"
    );
    for (_, c, n, w) in rows {
        out.push_str(&format!("{w}\t{c}\t{n}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_mostly_inside_cues_are_learned() {
        let text = "Ada lamented the vote. Bo lamented it too. The vote was close. Cy said so.";
        let at = |w: &str, nth: usize| {
            let i = text.match_indices(w).nth(nth).unwrap().0;
            (i, i + w.len())
        };
        let ex = CueExample { text, cues: vec![vec![at("lamented", 0), at("lamented", 1)], vec![at("lamented", 0)]] };
        let tsv = learn_cues(&[ex], 2, 0.5);
        assert!(tsv.contains("lamented\t3\t4"), "{tsv}");
        assert!(!tsv.contains("vote"), "{tsv}");
        // The shipped lexicon, as the annotator reads it: words without their counts.
        let shipped: Vec<&str> = learned_cues().collect();
        assert!(shipped.contains(&"said") && !shipped.contains(&"the"), "{:?}", &shipped[..shipped.len().min(20)]);
    }
}
