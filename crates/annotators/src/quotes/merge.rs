//! Joining the learned contents with the rule layer: every rule quote stays, with its cue; a
//! content only the model found gets the nearest learned cue in its sentence (before it: "X
//! argued that …", or after it: "…, X argued") and that cue's subject as speaker. Then the
//! speaker ranker may choose other speakers, as the settings say.

use newsgraph_document::{Document, Quote, Span};

use super::content::ContentModel;
use super::lower_words::LowerWords;
use super::nesting::Spans;
use super::{View, decorate, is_label, reported, subject_before};

/// How the two are joined (chosen by cross-validation on PolNeAR train).
#[derive(Clone, Debug)]
pub struct MergeOptions {
    /// Keep rule quotes the model does not mark as content.
    pub keep_unconfirmed: bool,
    /// Drop a learned content with no cue in its sentence.
    pub require_cue: bool,
    /// The least cue level (of the model's cue table, 0–5) a word needs to be taken as cue.
    pub min_cue_level: u8,
    /// Learned contents shorter than this many tokens are dropped.
    pub min_tokens: usize,
    /// Run a learned content to the end of its sentence (see [`ContentModel::spans`]).
    pub to_sentence_end: bool,
    /// Keep learned contents with quotation marks (else direct speech is the rules' alone).
    pub learned_direct: bool,
    /// Learned contents whose start is less certain than this are dropped.
    pub min_confidence: f32,
    /// Let the model's speaker ranker choose the speakers of learned quotes and of rule
    /// quotes without one.
    pub rerank_speakers: bool,
    /// … and of the rule quotes that have one, when the ranker's margin is at least this
    /// (above 1: never).
    pub rule_speaker_margin: f32,
}

/// The settings the last cross-validation chose (`models/README.md`), so that `newsgraph
/// train quotes` without `--folds` builds the shipped model.
impl Default for MergeOptions {
    fn default() -> Self {
        MergeOptions {
            keep_unconfirmed: true,
            require_cue: false,
            min_cue_level: 3,
            min_tokens: 2,
            to_sentence_end: true,
            learned_direct: true,
            min_confidence: 0.0,
            rerank_speakers: true,
            rule_speaker_margin: 0.0,
        }
    }
}

fn overlap(a: Span, b: Span) -> u32 {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

fn half_of(a: Span, b: Span) -> bool {
    2 * overlap(a, b) >= a.end - a.start
}

/// The document's quotes: `doc.quotes` (the rules' output) joined with the model's contents.
pub fn merge(doc: &Document, model: &ContentModel, opts: &MergeOptions) -> Vec<Quote> {
    merge_with(doc, model, opts, View::new(doc).marks)
}

/// [`merge`] given the quoted passages the rules found (`View::marks`), which the text
/// alone decides: the annotator hands them over rather than finding them twice.
pub(crate) fn merge_with(doc: &Document, model: &ContentModel, opts: &MergeOptions, marks: Vec<Span>) -> Vec<Quote> {
    let (spans, lower) = model.spans_and_words(doc, opts.to_sentence_end);
    merge_spans_with(doc, model, &spans, opts, View::with_marks(doc, marks), &lower)
}

/// [`merge`] with the model's contents already found (cross-validation tries several
/// settings on one tagging).
pub fn merge_spans(doc: &Document, model: &ContentModel, spans: &[(Span, f32)], opts: &MergeOptions) -> Vec<Quote> {
    merge_spans_with(doc, model, spans, opts, View::new(doc), &LowerWords::of(doc))
}

fn merge_spans_with(
    doc: &Document,
    model: &ContentModel,
    spans: &[(Span, f32)],
    opts: &MergeOptions,
    view: View<'_>,
    lower: &LowerWords,
) -> Vec<Quote> {
    let mut out: Vec<Quote> = doc
        .quotes
        .iter()
        .filter(|q| opts.keep_unconfirmed || spans.iter().any(|s| half_of(q.content, s.0)))
        .cloned()
        .collect();
    // Each rule quote against the contents near it, and each content against the rule
    // quotes near it: comparing every pair cost a long text its length squared.
    let contents = Spans::new(spans.iter().map(|s| s.0));
    for q in &mut out {
        let covered: u32 = contents.overlapping(q.content).map(|s| overlap(q.content, s)).sum();
        q.confidence = Some((covered as f32 / (q.content.end - q.content.start).max(1) as f32).min(1.0));
    }
    let rules_attributed = out.len();
    let rule_contents = Spans::new(out.iter().map(|q| q.content));
    let mut learned = Vec::new();
    for &(s, confidence) in spans {
        if confidence < opts.min_confidence {
            continue;
        }
        if !opts.learned_direct && doc.text[s.range()].contains(['"', '“', '”', '«', '»']) {
            continue;
        }
        if rule_contents.overlapping(s).any(|q| half_of(q, s) || half_of(s, q)) {
            continue;
        }
        let first = view.token_at(s.start);
        let last = view.token_at(s.end);
        if last - first < opts.min_tokens {
            continue;
        }
        let sentence = view.sentence_of(s.start);
        let is_cue = |k: usize| model.cue_level(lower.get(k).unwrap_or_default()) >= opts.min_cue_level;
        let lo = view.token_at(sentence.start);
        // "Editor's note: …", "Update: …": a label, not a source (the rules' list).
        if let Some(colon) = (lo..first).rev().take(3).find(|&k| view.word(k) == ":")
            && (lo..colon).any(|k| is_label(view.word(k)))
        {
            continue;
        }
        let before = (lo..first).rev().take(5).find(|&k| is_cue(k));
        let end_sentence = view.sentence_of(s.end.saturating_sub(1));
        let hi = view.token_at(end_sentence.end);
        let after = if before.is_none() { (last..hi).take(6).find(|&k| is_cue(k)) } else { None };
        let (cue, speaker) = match (before, after) {
            (Some(k), _) => (Some(k), subject_before(&view, sentence, k)),
            (None, Some(k)) => {
                let cue_span = doc.tokens[k].span;
                let speaker = view
                    .speaker_starting_at(cue_span.end, end_sentence.end)
                    .or_else(|| view.speaker_ending_at(s.end, cue_span.start));
                (Some(k), speaker)
            }
            (None, None) => (None, None),
        };
        if cue.is_none() && opts.require_cue {
            continue;
        }
        let cue_span = cue.map(|k| doc.tokens[k].span);
        let mut q = reported(doc, s, speaker, cue_span.unwrap_or(s), None);
        q.cue = cue_span;
        q.confidence = Some(confidence);
        learned.push(q);
    }
    for q in &mut learned {
        decorate(&view, q);
    }
    if opts.rerank_speakers {
        model.speakers.rerank_groups(
            doc,
            lower,
            &mut [(&mut learned[..], 0.0), (&mut out[..rules_attributed], opts.rule_speaker_margin)],
        );
    }
    out.extend(learned);
    out.sort_by_key(|q| q.content.start);
    model.joiner.join(doc, out)
}
