//! Story profiles: weighted terms and entities, compared by cosine.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// Most features a profile keeps. Measured on 2026-12-07 (`bench/stories-cv.py`, B-cubed F1:
/// ECB+ train CV / dev / NewsWCL50): 40 → 0.870 / 0.835 / 0.903; 60 → 0.872 / 0.842 / 0.984;
/// 80 → 0.874 / 0.847 / 0.984; 100 → 0.889 / 0.860 / 0.954; 150 → 0.882 / 0.858 / 0.919.
/// The gain at 100 comes from two folds of five, and it costs NewsWCL50 (outlets of opposite
/// leanings telling one event) three points, so 60 stays.
pub const MAX_FEATURES: usize = 60;

/// Weighted features (words, and `e:ID` for entities), L2-normalised, heaviest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Profile(pub Vec<(String, f32)>);

#[rustfmt::skip]
const STOPWORDS: &[&str] = &[
    "the", "and", "for", "that", "with", "was", "were", "are", "has", "have", "had", "but", "not", "from", "said",
    "says", "this", "its", "his", "her", "their", "they", "will", "would", "could", "should", "been", "after",
    "before", "over", "about", "into", "than", "more", "also", "which", "who", "whom", "whose", "when", "where",
    "while", "there", "what", "can", "one", "two", "three", "new", "last", "next", "week", "year", "years", "month",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "told", "reporters", "added",
    "mr", "mrs", "ms", "percent", "per", "cent", "our", "out", "all", "any", "some", "other", "such", "only", "just",
    "most", "many", "much", "did", "does", "being", "those", "these", "them", "him", "she", "you", "may", "might",
    "under", "between", "against", "during", "since", "until", "then", "because", "however", "still", "says",
    "according", "including", "earlier", "later", "today", "yesterday", "tomorrow", "on", "in", "at", "of", "to",
];

/// Content words of a text with their counts: lower-cased, three letters or more, no
/// function words or calendar words (they say nothing about which story it is).
pub fn terms(text: &str) -> HashMap<String, f32> {
    let mut out: HashMap<String, f32> = HashMap::new();
    for w in text.split(|c: char| !c.is_alphanumeric() && c != '-') {
        let w = w.trim_matches('-');
        if w.chars().count() < 3 || w.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let lower = w.to_lowercase();
        if STOPWORDS.contains(&lower.as_str()) {
            continue;
        }
        *out.entry(lower).or_default() += 1.0;
    }
    out
}

impl Profile {
    /// A profile from raw weights: the heaviest [`MAX_FEATURES`], normalised.
    pub fn from_weights(weights: HashMap<String, f32>) -> Profile {
        let mut v: Vec<(String, f32)> = weights.into_iter().filter(|(_, w)| *w > 0.0).collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v.truncate(MAX_FEATURES);
        let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            for (_, w) in &mut v {
                *w /= norm;
            }
        }
        Profile(v)
    }

    /// Cosine similarity (both are normalised).
    pub fn cosine(&self, other: &Profile) -> f32 {
        let (small, large) = if self.0.len() <= other.0.len() { (self, other) } else { (other, self) };
        let index: HashMap<&str, f32> = large.0.iter().map(|(k, w)| (k.as_str(), *w)).collect();
        small.0.iter().filter_map(|(k, w)| index.get(k.as_str()).map(|o| o * w)).sum()
    }

    /// Cosine over the words alone (entity features `e:…` left out, each side renormalised):
    /// how far two profiles are about the same thing, whoever is involved.
    pub fn topic_cosine(&self, other: &Profile) -> f32 {
        fn words(p: &Profile) -> HashMap<&str, f32> {
            p.0.iter().filter(|(k, _)| !k.starts_with("e:")).map(|(k, w)| (k.as_str(), *w)).collect()
        }
        let (a, b) = (words(self), words(other));
        let norm = |m: &HashMap<&str, f32>| m.values().map(|w| w * w).sum::<f32>().sqrt();
        let (na, nb) = (norm(&a), norm(&b));
        if na == 0.0 || nb == 0.0 {
            return 0.0;
        }
        a.iter().filter_map(|(k, w)| b.get(k).map(|o| o * w)).sum::<f32>() / (na * nb)
    }

    /// The profile of a story after adding an article: the running sum of its members'
    /// profiles, `size` being how many there were before.
    pub fn absorb(&self, article: &Profile, size: u32) -> Profile {
        let mut weights: HashMap<String, f32> = self.0.iter().map(|(k, w)| (k.clone(), w * size as f32)).collect();
        for (k, w) in &article.0 {
            *weights.entry(k.clone()).or_default() += w;
        }
        Profile::from_weights(weights)
    }

    /// The features a story is found by: its heaviest `n`.
    pub fn keys(&self, n: usize) -> impl Iterator<Item = &str> {
        self.0.iter().take(n).map(|(k, _)| k.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_story_is_closer_than_another() {
        let p = |t: &str| Profile::from_weights(terms(t));
        let a = p("Dock workers strike at Durban port over pay; container traffic halted");
        let b = p("Durban port strike enters second day as dock workers demand higher pay");
        let c = p("Central bank raises interest rates to fight inflation");
        assert!(a.cosine(&b) > a.cosine(&c));
        assert!((a.cosine(&a) - 1.0).abs() < 1e-5);
        let story = a.absorb(&b, 1);
        assert!(story.cosine(&b) > 0.5);
        assert!(!terms("the and of 2026").contains_key("2026"));
    }

    #[test]
    fn topic_cosine_ignores_shared_entities() {
        let with = |t: &str, e: &str| {
            let mut w = terms(t);
            w.insert(format!("e:{e}"), 5.0);
            Profile::from_weights(w)
        };
        let strike = with("Dock workers strike at Durban port over pay", "G1");
        let budget = with("Finance ministry budget cuts hospital spending", "G1");
        let strike2 = with("Durban port strike: dock workers demand pay rise", "G2");
        // The same person makes the profiles close; their words are not.
        assert!(strike.cosine(&budget) > 0.5);
        assert!(strike.topic_cosine(&budget) < 0.05);
        assert!(strike.topic_cosine(&strike2) > 0.4);
        assert_eq!(Profile::default().topic_cosine(&strike), 0.0);
    }
}
