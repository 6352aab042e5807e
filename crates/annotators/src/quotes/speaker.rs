//! Speakers, learned: for each quote, the entity mentions of its sentence and the one before
//! (outside its content), the speaker the rules chose, and words that are no mention but are
//! often the source (the subject next to the cue, unresolved and relative pronouns), ranked
//! by a perceptron over where each stands relative to the cue and the content, what kind of
//! candidate it is and the words around it. Trained on attribution sources (PolNeAR) with the
//! content model.

use std::collections::HashMap;

use newsgraph_document::{Document, EntityKind, Quote, Span, Speaker};
use newsgraph_ner::BuildIdentity;

use super::content::{F, bucket};
use super::lower_words::LowerWords;
use super::speaker_paths::Parses;

/// Candidate speakers' weights.
#[derive(Default, Clone)]
pub struct SpeakerRanker {
    pub(crate) weights: HashMap<u64, f32, BuildIdentity>,
}

/// One candidate: its span, entity id and name when it is a mention, and its features.
struct Candidate {
    span: Span,
    /// What kind of candidate: [`kind_code`] for mentions, 5 for the rules' speaker,
    /// [`WORD_CANDIDATE`] and up for words that are no mention.
    code: u64,
    entity: Option<(String, String)>,
    features: Vec<u64>,
}

fn kind_code(kind: EntityKind, pronoun: bool) -> u64 {
    if pronoun {
        return 0;
    }
    match kind {
        EntityKind::Person => 1,
        EntityKind::Organisation => 2,
        EntityKind::Location => 3,
        _ => 4,
    }
}

/// The candidates of one quote, the rules' choice marked by a feature.
/// A mention as the candidates read it: span, entity id, entity name, kind, pronoun.
type MentionRow<'d> = (Span, &'d str, &'d str, EntityKind, bool);

/// Every entity mention of a document sorted by start (entities' order kept among equal
/// starts), built once: a quote's candidates are found by binary search, where scanning
/// every mention for every quote made a long text's cost grow with its square.
struct Mentions<'d> {
    sorted: Vec<MentionRow<'d>>,
}

impl<'d> Mentions<'d> {
    fn of(doc: &'d Document) -> Mentions<'d> {
        let mut sorted: Vec<MentionRow<'d>> = doc
            .entities
            .iter()
            .flat_map(|e| e.mentions.iter().map(move |m| (m.span, e.id.as_str(), e.name.as_str(), e.kind, m.pronoun)))
            .collect();
        sorted.sort_by_key(|m| m.0.start);
        Mentions { sorted }
    }

    /// The mentions that start at or after `from` and end by `to`, by start.
    fn within(&self, from: u32, to: u32) -> Vec<MentionRow<'d>> {
        let first = self.sorted.partition_point(|m| m.0.start < from);
        self.sorted[first..].iter().take_while(|m| m.0.start <= to).filter(|m| m.0.end <= to).copied().collect()
    }
}

/// The candidates of one quote; `parses` is `None` when the ranker reads no trees.
fn candidates(
    doc: &Document,
    all: &Mentions<'_>,
    lower: &LowerWords,
    q: &Quote,
    parses: Option<&mut Parses>,
) -> Vec<Candidate> {
    let token_at = |pos: u32| doc.tokens.partition_point(|t| t.span.start < pos);
    let anchor = q.cue.map_or(q.content.start, |c| c.start);
    let si = doc.sentences.partition_point(|s| s.end <= anchor);
    let Some(sentence) = doc.sentences.get(si).copied() else { return Vec::new() };
    let from = if si > 0 { doc.sentences[si - 1].start } else { sentence.start };
    let quoted = |s: Span| {
        if q.parts.is_empty() { q.content.overlaps(s) } else { q.parts.iter().any(|p| p.overlaps(s)) }
    };
    let lower = |k: usize| lower.get(k).unwrap_or_default();
    let cue_word = q.cue.map_or(String::new(), |c| doc.slice(c).to_lowercase());
    let (cue_first, cue_last) = q.cue.map_or((token_at(q.content.start), token_at(q.content.start)), |c| {
        (token_at(c.start), token_at(c.end).saturating_sub(1))
    });
    let content_first = token_at(q.content.start);
    let content_last = token_at(q.content.end);
    let chosen = q.speaker.as_ref().map(|s| s.span);
    let kind = q.kind as u64;
    let mentions = all.within(from, sentence.end);
    // A name that modifies the person right after it ("Bank of Japan Governor Haruhiko
    // Kuroda") is that person's employer, not a candidate of its own: the person heads the
    // phrase (attribution corpora mark the whole phrase, so both would overlap the source).
    let person_after = |span: Span| {
        let end = token_at(span.end);
        mentions.iter().any(|m| {
            let start = token_at(m.0.start);
            m.3 == EntityKind::Person
                && !m.4
                && m.0.start >= span.end
                && start <= end + 2
                // Only capitalised title words in between: "Bank of Japan Governor Haruhiko
                // Kuroda", not "the ministry told John Smith".
                && doc.tokens[end..start].iter().all(|t| doc.slice(t.span).starts_with(char::is_uppercase))
        })
    };
    let cue_tree = q
        .cue
        .zip(parses)
        .and_then(|(_, p)| p.cue_tree(doc, token_at(sentence.start)..token_at(sentence.end), cue_first..cue_last + 1));
    let mut out: Vec<Candidate> = Vec::new();
    let mut push = |span: Span, code: u64, entity: Option<(String, String)>, order: usize| {
        if out.iter().any(|c| c.span == span) || quoted(span) || (code != 1 && code != 0 && person_after(span)) {
            return;
        }
        let (a, b) = (token_at(span.start), token_at(span.end).saturating_sub(1));
        let same = span.start >= sentence.start;
        let side: u64 = match (same, q.cue.is_some()) {
            (false, _) => 0,
            (true, true) if b < cue_first => 1,
            (true, true) => 2,
            (true, false) if b < content_first => 3,
            (true, false) => 4,
        };
        let dist = if side == 1 || side == 3 {
            cue_first.saturating_sub(b + 1)
        } else if b < cue_first {
            cue_first - b
        } else {
            a.saturating_sub(cue_last + 1)
        };
        let after_content = u64::from(a >= content_last);
        let is_chosen = chosen.is_some_and(|c| c.overlaps(span));
        let before = if a > 0 { lower(a - 1) } else { "" };
        let after = lower(b + 1);
        let mut f = Vec::with_capacity(16);
        f.push(F::new(60).num(u64::from(is_chosen)).done());
        f.push(F::new(61).num(code).num(side).done());
        f.push(F::new(62).num(side).num(bucket(dist)).done());
        f.push(F::new(63).num(side).num(bucket(dist)).num(code).done());
        f.push(F::new(64).bytes(before.as_bytes()).num(side).done());
        f.push(F::new(65).bytes(after.as_bytes()).num(side).done());
        f.push(F::new(66).bytes(cue_word.as_bytes()).num(side).done());
        f.push(F::new(67).num(kind).num(side).num(after_content).done());
        f.push(F::new(68).num(u64::from(is_chosen)).num(side).num(code).done());
        f.push(F::new(69).num(bucket(order)).num(side).done());
        if code == 0 || code >= WORD_CANDIDATE {
            f.push(F::new(70).bytes(doc.slice(span).to_lowercase().as_bytes()).num(side).done());
        }
        // Inside a relative clause before the cue ("Kuroda, who attended the G-20
        // gathering, warned …"): rarely the one speaking.
        let relative = b < cue_first
            && (a.saturating_sub(6)..a).any(|k| matches!(lower(k), "who" | "which" | "whose"))
            && (b + 1..cue_first).any(|k| lower(k) == ",");
        f.push(F::new(73).num(u64::from(relative)).num(code).done());
        f.push(
            F::new(71)
                .num(u64::from(
                    a == 0 || doc.sentences.binary_search_by_key(&doc.tokens[a].span.start, |s| s.start).is_ok(),
                ))
                .num(side)
                .done(),
        );
        out.push(Candidate { span, code, entity, features: f });
    };
    for (order, m) in mentions.iter().enumerate() {
        push(m.0, kind_code(m.3, m.4), Some((m.1.to_string(), m.2.to_string())), order);
    }
    if let Some(s) = &q.speaker {
        push(s.span, 5, s.entity.clone().zip(s.name.clone()), mentions.len());
    }
    // Sources that are no entity mention: a common noun in subject position ("Protesters
    // were frustrated", "said the spokesman"), a relative or unlinked pronoun ("some who
    // saw the comment as a dig", "it attacked Trump"). Attribution corpora mark them as
    // sources as often as names; without them the ranker can only pick a wrong name.
    // A word inside a mention or the rules' speaker ("the caretaker") is already a candidate.
    let mention_at =
        |span: Span| mentions.iter().any(|m| m.0.overlaps(span)) || chosen.is_some_and(|c| c.overlaps(span));
    if q.cue.is_some() {
        let word = |k: usize| doc.tokens.get(k).map(|t| (t.span, doc.slice(t.span)));
        let is_word = |w: &str| w.chars().next().is_some_and(char::is_alphabetic);
        let mut k = cue_first;
        while k > 0 && k > cue_first.saturating_sub(4) {
            k -= 1;
            let Some((span, w)) = word(k) else { break };
            if span.start < sentence.start || !is_word(w) {
                break;
            }
            if !BETWEEN_SUBJECT_AND_CUE.contains(&lower(k)) {
                if !mention_at(span) {
                    push(span, WORD_CANDIDATE, None, mentions.len() + 1);
                }
                break;
            }
        }
        // The word that opens the cue's sentence: the subject when the predicate runs long
        // before the cue ("Caucus-goers were slightly more likely to say", "Hundreds of
        // voters are lining up to see"), where the walk back from the cue stops at "to".
        let mut k = token_at(sentence.start);
        while let Some((span, w)) = word(k).filter(|_| k < cue_first) {
            if is_word(w) && !SENTENCE_OPENERS.contains(&lower(k)) {
                if !mention_at(span) {
                    push(span, WORD_CANDIDATE + 3, None, mentions.len() + 4);
                }
                break;
            }
            k += 1;
        }
        let mut k = cue_last + 1;
        while let Some((span, w)) = word(k) {
            if span.end > sentence.end || !is_word(w) || k > cue_last + 3 {
                break;
            }
            if !matches!(lower(k), "the" | "a" | "an" | "its" | "his" | "her" | "their") {
                if !mention_at(span) {
                    push(span, WORD_CANDIDATE + 1, None, mentions.len() + 2);
                }
                break;
            }
            k += 1;
        }
    }
    // The cue's subject in the tree ("Most voters in Iowa said", where the word before the
    // cue is a name).
    if let Some(k) = cue_tree.as_ref().and_then(|t| t.subject_token()) {
        let span = doc.tokens[k].span;
        if !mention_at(span) {
            push(span, WORD_CANDIDATE + 4, None, mentions.len() + 5);
        }
    }
    for k in token_at(from)..token_at(sentence.end) {
        let Some(t) = doc.tokens.get(k) else { break };
        let w = lower(k);
        if SOURCE_PRONOUNS.contains(&w) && !mention_at(t.span) {
            // A relative pronoun speaks for the name it follows ("Kuroda, who attended the
            // gathering, warned …"): the span stays where sources are marked, the entity is
            // the name's.
            let antecedent = matches!(w, "who" | "which")
                .then(|| {
                    let mut j = k.checked_sub(1)?;
                    if doc.slice(doc.tokens[j].span) == "," {
                        j = j.checked_sub(1)?;
                    }
                    let end = doc.tokens[j].span.end;
                    mentions.iter().find(|m| m.0.end == end && !m.4).map(|m| (m.1.to_string(), m.2.to_string()))
                })
                .flatten();
            push(t.span, WORD_CANDIDATE + 2, antecedent, mentions.len() + 3);
        }
    }
    if let Some(tree) = &cue_tree {
        for c in &mut out {
            let (a, b) = (token_at(c.span.start), token_at(c.span.end).saturating_sub(1));
            c.features.extend(tree.features(a, b, c.code));
        }
    }
    out
}

/// Candidate codes from here up are words that are no entity mention.
const WORD_CANDIDATE: u64 = 6;

/// Words that stand between a subject and its cue ("protesters were frustrated", "the
/// group has also said"): skipped to find the subject.
const BETWEEN_SUBJECT_AND_CUE: &[&str] = &[
    "was",
    "were",
    "is",
    "are",
    "has",
    "have",
    "had",
    "will",
    "would",
    "could",
    "also",
    "not",
    "then",
    "later",
    "reportedly",
    "repeatedly",
    "previously",
    "again",
    "never",
    "often",
    "once",
    "still",
    "already",
    "be",
    "been",
    "did",
    "does",
    "do",
    "may",
    "might",
    "should",
    "can",
    "just",
];

/// Words that open a sentence before its subject ("But voters said …").
const SENTENCE_OPENERS: &[&str] =
    &["but", "and", "so", "yet", "still", "however", "meanwhile", "now", "then", "also", "instead", "or"];

/// Pronouns that can be a source whether or not they joined an entity.
const SOURCE_PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i", "who", "which", "you"];

impl SpeakerRanker {
    /// Whether the ranker was trained with dependency-path features (`speaker_paths.rs`);
    /// read off the weights of the path-length feature, which such a ranker always has.
    pub fn reads_trees(&self) -> bool {
        (0..7).any(|steps| self.weights.contains_key(&super::speaker_paths::path_length(steps)))
    }

    fn score(&self, c: &Candidate) -> f32 {
        c.features.iter().filter_map(|f| self.weights.get(f)).sum()
    }

    /// Gives each quote its best-ranked speaker, with the margin over the runner-up; a
    /// speaker already chosen is replaced only when the margin is at least `keep_below`.
    pub fn rerank(&self, doc: &Document, quotes: &mut [Quote], keep_below: f32) {
        self.rerank_groups(doc, &LowerWords::of(doc), &mut [(quotes, keep_below)]);
    }

    /// [`SpeakerRanker::rerank`] for groups of one document's quotes, each with its own
    /// `keep_below`, reading the document once.
    pub(crate) fn rerank_groups(&self, doc: &Document, lower: &LowerWords, groups: &mut [(&mut [Quote], f32)]) {
        let mentions = Mentions::of(doc);
        let mut parses = Parses::default();
        let trees = self.reads_trees();
        for (q, keep_below) in groups.iter_mut().flat_map(|(g, k)| g.iter_mut().map(move |q| (q, *k))) {
            let cands = candidates(doc, &mentions, lower, q, trees.then_some(&mut parses));
            let mut scored: Vec<(f32, &Candidate)> = cands.iter().map(|c| (self.score(c), c)).collect();
            scored.sort_by(|a, b| b.0.total_cmp(&a.0));
            let Some(&(top, best)) = scored.first() else { continue };
            let confidence = match scored.get(1) {
                Some(&(second, _)) => ((top - second) / (top.abs() + second.abs() + 1e-6)).clamp(0.0, 1.0),
                None => 1.0,
            };
            if let Some(s) = q.speaker.as_mut().filter(|s| s.span == best.span || confidence < keep_below) {
                if s.span == best.span {
                    s.confidence = Some(confidence);
                }
                continue;
            }
            let (entity, name) = match &best.entity {
                Some((id, name)) => (Some(id.clone()), Some(name.clone())),
                None => (None, Some(doc.slice(best.span).to_string())),
            };
            q.speaker = Some(Speaker { span: best.span, entity, name, confidence: Some(confidence) });
        }
    }
}

/// A document, its quotes, and for each quote the gold source spans (empty when unknown:
/// that quote teaches nothing).
pub type SpeakerExample<'a> = (&'a Document, Vec<Quote>, Vec<Vec<Span>>);

/// Trains a [`SpeakerRanker`] on [`SpeakerExample`]s.
/// With `trees`, candidates carry dependency-path features.
pub fn train_speakers(examples: &[SpeakerExample<'_>], epochs: usize, trees: bool) -> SpeakerRanker {
    let mut sets: Vec<(Vec<Candidate>, Vec<bool>)> = Vec::new();
    for (doc, quotes, sources) in examples {
        let mentions = Mentions::of(doc);
        let lower = LowerWords::of(doc);
        let mut parses = Parses::default();
        for (q, gold) in quotes.iter().zip(sources) {
            if gold.is_empty() {
                continue;
            }
            let cands = candidates(doc, &mentions, &lower, q, trees.then_some(&mut parses));
            let good: Vec<bool> = cands.iter().map(|c| gold.iter().any(|g| g.overlaps(c.span))).collect();
            if good.iter().any(|&g| g) && good.iter().any(|&g| !g) {
                sets.push((cands, good));
            }
        }
    }
    let mut w = super::averaged::Averaged::default();
    let mut step = 0u64;
    let score = |w: &super::averaged::Averaged, c: &Candidate| w.score(&c.features);
    for _ in 0..epochs {
        for (cands, good) in &sets {
            step += 1;
            let best =
                (0..cands.len()).max_by(|&a, &b| score(&w, &cands[a]).total_cmp(&score(&w, &cands[b]))).unwrap_or(0);
            if good[best] {
                continue;
            }
            let right = (0..cands.len())
                .filter(|&k| good[k])
                .max_by(|&a, &b| score(&w, &cands[a]).total_cmp(&score(&w, &cands[b])))
                .unwrap_or(0);
            for (k, delta) in [(right, 1.0f32), (best, -1.0)] {
                w.update(&cands[k].features, delta, step);
            }
        }
    }
    let weights = w.average(step);
    SpeakerRanker { weights }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::annotate;

    /// Each candidate of the first quote: its text and the name of its entity.
    fn candidates_of(text: &str) -> Option<Vec<(String, Option<String>)>> {
        let doc = annotate(text)?;
        let q = doc.quotes.first().unwrap_or_else(|| panic!("no quote in {text:?}"));
        Some(
            candidates(&doc, &Mentions::of(&doc), &LowerWords::of(&doc), q, Some(&mut Parses::default()))
                .into_iter()
                .map(|c| (doc.slice(c.span).to_string(), c.entity.map(|e| e.1)))
                .collect(),
        )
    }

    #[test]
    fn pronouns_that_are_no_mention_are_candidates() {
        let Some(c) =
            candidates_of("Under pressure from Senator Ruth Adler, it conceded that the figures had been wrong.")
        else {
            return;
        };
        assert!(c.contains(&("it".into(), None)), "{c:?}");
        assert!(c.iter().any(|(t, e)| t == "Ruth Adler" && e.is_some()), "{c:?}");
    }

    #[test]
    fn the_subject_opening_a_long_predicate_is_a_candidate() {
        // The walk back from "say" stops at "to"; the sentence's subject is far before it.
        let Some(c) = candidates_of(
            "But caucus-goers were slightly more likely than last year to say that the economy mattered most.",
        ) else {
            return;
        };
        assert!(c.iter().any(|(t, e)| t.starts_with("caucus") && e.is_none()), "{c:?}");
        assert!(!c.iter().any(|(t, _)| t == "But"), "an opening conjunction is no subject: {c:?}");
    }

    #[test]
    fn a_relative_pronoun_speaks_for_the_name_before_it() {
        let Some(c) = candidates_of(
            "Bank of Japan Governor Haruhiko Kuroda, who attended the meeting, warned that tariffs would hurt growth.",
        ) else {
            return;
        };
        assert!(c.contains(&("who".into(), Some("Haruhiko Kuroda".into()))), "{c:?}");
    }
}
