//! The `quotes` annotator: who said what, to whom, when and where.
//!
//! Direct quotes are text in quotation marks (straight or curly, a paragraph at most when a
//! mark is never closed), attributed by a reporting verb after them ("…," Mr Kuwahara
//! said), before them (Mr Aso told reporters: "…") or by continuation of the previous
//! speaker. Indirect quotes come from a lexicon of reporting verbs with their argument
//! patterns: "X said (that) …", "…, X said", "…, said X", "according to X, …", "X, saying
//! that …". Speakers are entity mentions (names, pronouns) or descriptors ("a spokeswoman
//! for the ministry"); quotes with no speaker are kept, unattributed.

mod averaged;
mod content;
mod direct;
mod indirect;
mod join;
mod learned;
mod lexicon;
mod lower_words;
mod merge;
mod nesting;
mod speaker;
mod speaker_paths;
mod subjects;
mod view;

pub use content::{ContentExample, ContentModel, ContentOptions, CueTable, ModelError, Trainer};
pub use join::{JoinExample, Joiner, train_joiner};
pub use learned::{CueExample, learn_cues};
pub use merge::{MergeOptions, merge, merge_spans};
pub use speaker::{SpeakerRanker, train_speakers};

use newsgraph_document::{Document, EntityKind, Layer, Quote, QuoteKind, Span, Speaker};
use newsgraph_pipeline::Annotator;

use lexicon::{CUE_VERBS, DESCRIPTOR_HEADS, takes_addressee};

use direct::*;
use indirect::*;
use subjects::*;
use view::*;

/// Finds direct, indirect and mixed quotes and attributes them: the rules, then (unless
/// built with [`Quotes::rules`]) the learned content model joined with them.
pub struct Quotes {
    learned: Option<&'static ContentModel>,
}

/// The content model shipped with newsgraph (`models/quotes.bin`, rebuilt by `newsgraph
/// train quotes`); an empty file means none.
static BUILTIN_MODEL: &[u8] = include_bytes!("../../../../models/quotes.bin");

fn builtin_model() -> Option<&'static ContentModel> {
    static MODEL: std::sync::LazyLock<Option<ContentModel>> = std::sync::LazyLock::new(|| {
        (!BUILTIN_MODEL.is_empty())
            .then(|| ContentModel::from_bytes(BUILTIN_MODEL).expect("models/quotes.bin reads with this build"))
    });
    MODEL.as_ref()
}

impl Default for Quotes {
    fn default() -> Self {
        Quotes { learned: builtin_model() }
    }
}

impl Quotes {
    /// The rules alone: what the content model is trained on top of.
    pub fn rules() -> Quotes {
        Quotes { learned: None }
    }
}

impl Annotator for Quotes {
    fn name(&self) -> &'static str {
        "quotes"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Paragraphs, Layer::Tokens, Layer::Sentences, Layer::Entities, Layer::TimeExpressions]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Quotes]
    }
    fn annotate(&self, doc: &mut Document) {
        let view = View::new(doc);
        let mut quotes = direct_quotes(&view);
        let used_cues: Vec<Span> = quotes.iter().filter_map(|q| q.cue).collect();
        let indirect = indirect_quotes(&view, &view.marks, &used_cues);
        // A quoted fragment inside reported speech ("said the claim was “true”") is part of
        // that mixed quote, not a quote of its own.
        let reported = nesting::Spans::new(indirect.iter().map(|i| i.content));
        quotes.retain(|d| {
            !(reported.strictly_contain(d.content) || d.kind == QuoteKind::Mixed && reported.overlap(d.content))
        });
        quotes.extend(indirect);
        // A report inside another's content ("Flynn said Trump was right when he said that
        // …") belongs to the outer speaker's claim: the outer quote carries it, and on
        // PolNeAR train such nested reports are mostly not separate attributions.
        let outer = nesting::Spans::new(quotes.iter().map(|q| q.content));
        quotes.retain(|q| !outer.strictly_contain(q.content));
        quotes.sort_by_key(|q| q.content.start);
        inherit_participle_speakers(&view, &mut quotes);
        inherit_continued_speakers(&view, &mut quotes);
        for q in &mut quotes {
            decorate(&view, q);
        }
        let marks = view.marks;
        doc.quotes = quotes;
        if let Some(model) = self.learned {
            doc.quotes = merge::merge_with(doc, model, &model.merge, marks);
        }
    }
}

/// Whether a word is a reporting verb (hash lookup; lower-cases only capitalised words).
pub(crate) fn is_cue(w: &str) -> bool {
    // Most words are lower-case already.
    if w.bytes().any(|b| b.is_ascii_uppercase()) { any_cue(&w.to_ascii_lowercase()) } else { any_cue(w) }
}

/// Whether a lower-cased word is in either lexicon, the hand-listed reporting verbs or the
/// learned cues: one set, so that a word that is neither (most words) is hashed once.
fn any_cue(lower: &str) -> bool {
    static CUES: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::LazyLock::new(|| CUE_VERBS.iter().copied().chain(learned::learned_cues()).collect());
    CUES.contains(lower)
}

/// Whether a word attributes a quotation next to it: a reporting verb, or a verb of manner
/// that reports only a quotation ("“…?” Hannity pressed", "beamed Donald Hartley").
fn is_quote_cue(w: &str) -> bool {
    is_cue(w) || MANNER_CUES.iter().any(|m| m.eq_ignore_ascii_case(w))
}

/// Verbs of manner that attribute a quotation but, alone, no reported clause.
#[rustfmt::skip]
const MANNER_CUES: &[&str] = &[
    "pressed", "presses", "barked", "barks", "beamed", "beams", "gushed", "gushes", "thundered", "thunders",
    "whispered", "whispers", "muttered", "mutters", "screamed", "screams", "cried", "cries", "sighed", "sighs",
    "fumed", "fumes", "scolded", "teased", "chimed", "pointed", "points", "laughed", "laughs", "shot",
];

/// Verbs that name what someone called something: "called the plan “a disgrace”".
const NAMING_CUES: &[&str] =
    &["call", "calls", "called", "calling", "described", "describes", "dubbed", "labeled", "labelled", "branded"];

/// Adverbs and auxiliaries between a subject and its cue ("has repeatedly said").
#[rustfmt::skip]
const ADVERBIALS: &[&str] = &[
    "also", "has", "have", "had", "would", "will", "did", "does", "later", "then", "again", "previously", "recently",
    "repeatedly", "further", "once", "not", "never", "often", "is", "was", "were", "are",
];

/// An adverb or auxiliary ("sharply", "has"); "Kelly" is a name, not an adverb.
fn is_adverbial(w: &str) -> bool {
    ADVERBIALS.contains(&w) || (w.ends_with("ly") && w.starts_with(char::is_lowercase))
}

/// Pronouns that speak ("…," he said).
fn is_pronoun(w: &str) -> bool {
    matches!(w, "he" | "she" | "they" | "we" | "I" | "He" | "She" | "They" | "We" | "it" | "It" | "you" | "You")
}

/// Reported speech: indirect, or mixed when the content quotes words.
fn reported(doc: &Document, content: Span, speaker: Option<Speaker>, cue: Span, addressee: Option<String>) -> Quote {
    let kind = if doc.text[content.range()].contains(['"', '“', '”']) || doc.text[content.range()].contains("''") {
        QuoteKind::Mixed
    } else {
        QuoteKind::Indirect
    };
    Quote {
        kind,
        content,
        parts: Vec::new(),
        speaker,
        cue: Some(cue),
        addressee,
        date: None,
        place: None,
        manner: None,
        confidence: None,
    }
}

/// Where a statement was made ("in a statement"), in order of preference.
const MANNER_PHRASES: [&str; 13] = [
    "in a phone interview",
    "in a telephone interview",
    "in an interview",
    "in a statement",
    "in a speech",
    "in a tweet",
    "on twitter",
    "in a post",
    "in a letter",
    "in an email",
    "at a news conference",
    "at a press conference",
    "in a briefing",
];

/// [`MANNER_PHRASES`] as one automaton, matched without regard to ASCII case.
fn manner_phrases() -> &'static aho_corasick::AhoCorasick {
    static AUTOMATON: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(MANNER_PHRASES)
            .expect("fixed phrases build an automaton")
    });
    &AUTOMATON
}

/// Date, place, manner and addressee from the quote's sentence, outside its content.
fn decorate(v: &View<'_>, q: &mut Quote) {
    let doc = v.doc;
    let Some(cue) = q.cue else { return };
    let sentence = v.sentence_of(cue.start);
    let quoted =
        |s: Span| if q.parts.is_empty() { q.content.overlaps(s) } else { q.parts.iter().any(|p| p.overlaps(s)) };
    let outside = |s: Span| !quoted(s) && sentence.contains(s);
    if let Some(t) = v
        .times_starting(sentence.start, sentence.end)
        .iter()
        .find(|t| outside(t.span) && t.kind != newsgraph_document::TimeType::Duration)
    {
        q.date = Some(t.value.clone());
    }
    // "in Washington"
    let in_sentence = v.mentions_starting(sentence.start, sentence.end.saturating_add(1));
    for m in in_sentence.iter().filter(|m| m.3 == EntityKind::Location && !m.4 && outside(m.0)) {
        let before = doc.text[..m.0.start as usize].trim_end();
        if before.ends_with(" in") || before.ends_with("In") || before.ends_with(" from") {
            q.place = Some(m.2.to_string());
            break;
        }
    }
    // Each phrase's first occurrence, phrases in list order: the first not quoted is the
    // manner. One pass over the sentence for all of them.
    let text = &doc.text[sentence.range()];
    let mut first = [None::<usize>; MANNER_PHRASES.len()];
    for m in manner_phrases().find_overlapping_iter(text) {
        first[m.pattern().as_usize()].get_or_insert(m.start());
    }
    for (pat, at) in MANNER_PHRASES.iter().zip(first) {
        let Some(at) = at else { continue };
        let abs = sentence.start as usize + at;
        if !quoted(Span::new(abs, abs + pat.len())) {
            q.manner = Some(text[at..at + pat.len()].to_string());
            break;
        }
    }
    if q.addressee.is_none() {
        let t = v.token_at(cue.start);
        if takes_addressee(&v.word(t).to_ascii_lowercase()) {
            let next = v.word(t + 1);
            if next.chars().next().is_some_and(char::is_alphabetic) && !matches!(next, "that" | "the") {
                q.addressee = Some(next.to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests;
