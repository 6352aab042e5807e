//! The `quotes` annotator: who said what, to whom, when and where.
//!
//! Direct quotes are text in quotation marks (straight or curly, a paragraph at most when a
//! mark is never closed), attributed by a reporting verb after them ("…," Mr Kuwahara
//! said), before them (Mr Aso told reporters: "…") or by continuation of the previous
//! speaker. Indirect quotes come from a lexicon of reporting verbs with their argument
//! patterns: "X said (that) …", "…, X said", "…, said X", "according to X, …", "X, saying
//! that …". Speakers are entity mentions (names, pronouns) or descriptors ("a spokeswoman
//! for the ministry"); quotes with no speaker are kept, unattributed.

mod content;
mod learned;
mod lexicon;
mod lower_words;
mod merge;
mod nesting;
mod speaker;
mod speaker_paths;

pub use content::{ContentExample, ContentModel, ContentOptions, CueTable, ModelError, Trainer};
pub use learned::{CueExample, learn_cues};
pub use merge::{MergeOptions, merge, merge_spans};
pub use speaker::{SpeakerRanker, train_speakers};

use newsgraph_document::{Document, EntityKind, Layer, Quote, QuoteKind, Span, Speaker};
use newsgraph_pipeline::Annotator;

use lexicon::{CUE_VERBS, DESCRIPTOR_HEADS, takes_addressee};

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

/// The document as the quote finder reads it.
struct View<'a> {
    doc: &'a Document,
    /// (mention span, entity id, canonical name, kind, pronoun)
    mentions: Vec<(Span, &'a str, &'a str, EntityKind, bool)>,
    /// Spans of quoted passages, marks included.
    marks: Vec<Span>,
    /// The same, sorted for lookups (marks of two styles nest).
    quoted: nesting::Spans,
    /// Whether the time expressions are in order and apart, so that the one holding a token
    /// can be found by binary search.
    times_apart: bool,
}

impl<'a> View<'a> {
    fn new(doc: &'a Document) -> View<'a> {
        View::with_marks(doc, quoted_passages(doc))
    }

    /// A view whose quoted passages (`quoted_passages`) were found already.
    fn with_marks(doc: &'a Document, marks: Vec<Span>) -> View<'a> {
        let mut mentions = Vec::new();
        for e in &doc.entities {
            for m in &e.mentions {
                mentions.push((m.span, e.id.as_str(), e.name.as_str(), e.kind, m.pronoun));
            }
        }
        mentions.sort_by_key(|m| m.0.start);
        let quoted = nesting::Spans::new(marks.iter().copied());
        let times_apart = doc.time_expressions.windows(2).all(|w| w[0].span.end <= w[1].span.start);
        View { doc, mentions, marks, quoted, times_apart }
    }

    /// The mentions that start in `from..to`, in order: `mentions` is sorted by start, and
    /// scanning all of them for every quote made a long text's cost grow with its square.
    fn mentions_starting(&self, from: u32, to: u32) -> &[(Span, &'a str, &'a str, EntityKind, bool)] {
        let a = self.mentions.partition_point(|m| m.0.start < from);
        let b = self.mentions.partition_point(|m| m.0.start < to);
        &self.mentions[a..b.max(a)]
    }

    /// The time expressions that start in `from..=to` (all of them, in order, when they
    /// overlap and cannot be searched).
    fn times_starting(&self, from: u32, to: u32) -> &[newsgraph_document::TimeExpression] {
        let times = &self.doc.time_expressions;
        if !self.times_apart {
            return times;
        }
        let a = times.partition_point(|t| t.span.start < from);
        let b = times.partition_point(|t| t.span.start <= to);
        &times[a..b.max(a)]
    }

    /// The time expression that holds `span`, if any.
    fn time_holding(&self, span: Span) -> Option<&newsgraph_document::TimeExpression> {
        let times = &self.doc.time_expressions;
        if !self.times_apart {
            return times.iter().find(|x| x.span.contains(span));
        }
        // In order and apart, only the last that starts by `span` can hold it.
        let k = times.partition_point(|t| t.span.start <= span.start);
        k.checked_sub(1).map(|k| &times[k]).filter(|x| x.span.contains(span))
    }

    fn word(&self, t: usize) -> &'a str {
        self.doc.tokens.get(t).map_or("", |k| self.doc.slice(k.span))
    }

    /// Index of the first token starting at or after byte `pos`.
    fn token_at(&self, pos: u32) -> usize {
        self.doc.tokens.partition_point(|t| t.span.start < pos)
    }

    fn sentence_of(&self, pos: u32) -> Span {
        let i = self.doc.sentences.partition_point(|s| s.end <= pos);
        self.doc.sentences.get(i).copied().unwrap_or(Span::new(pos as usize, pos as usize))
    }

    /// Whether a token lies inside a name (not a pronoun): "Stevie Wonder" holds no cue.
    fn in_name(&self, t: usize) -> bool {
        let Some(span) = self.doc.tokens.get(t).map(|k| k.span) else { return false };
        let i = self.mentions.partition_point(|m| m.0.start <= span.start);
        self.mentions[..i].iter().rev().take(4).any(|m| !m.4 && m.0.contains(span))
    }

    fn in_quote(&self, pos: u32) -> bool {
        self.quoted.inside(pos)
    }

    /// The speaker whose mention ends at or just before byte `end` (a few tokens of slack).
    fn speaker_ending_at(&self, from: u32, end: u32) -> Option<Speaker> {
        let m = self
            .mentions_starting(from, end.saturating_add(1))
            .iter()
            .filter(|m| m.0.end <= end)
            .filter(|m| matches!(m.3, EntityKind::Person | EntityKind::Organisation) || m.4)
            .max_by_key(|m| m.0.end)?;
        Some(Speaker { span: m.0, entity: Some(m.1.to_string()), name: Some(m.2.to_string()), confidence: None })
    }

    /// The speaker's latest mention in `from..to` (the one a reader ties a continued quote
    /// to), else the speaker as it was.
    fn latest_mention(&self, speaker: Speaker, from: u32, to: u32) -> Speaker {
        let Some(id) = speaker.entity.as_deref() else { return speaker };
        // "from his office": a possessive is not where a reader finds the speaker.
        let possessive =
            |m: Span| matches!(self.doc.slice(m).to_ascii_lowercase().as_str(), "his" | "her" | "its" | "their");
        match self
            .mentions_starting(from, to.saturating_add(1))
            .iter()
            .rev()
            .find(|m| m.1 == id && m.0.end <= to && !self.in_quote(m.0.start) && !possessive(m.0))
        {
            Some(m) => Speaker { span: m.0, ..speaker },
            None => speaker,
        }
    }

    /// The first person (or pronoun) mention in `start..limit`, else the first organisation.
    fn speaker_starting_at(&self, start: u32, limit: u32) -> Option<Speaker> {
        self.speaker_opening_in(start, limit, limit)
    }

    /// The first person (or pronoun) mention that opens in `start..opens_before` and ends by
    /// `limit`, else the first such organisation: "said Atlantic City Mayor Don Guardian".
    fn speaker_opening_in(&self, start: u32, opens_before: u32, limit: u32) -> Option<Speaker> {
        let within = || self.mentions_starting(start, opens_before).iter().filter(|m| m.0.end <= limit);
        let m = within()
            .find(|m| m.3 == EntityKind::Person || m.4)
            .or_else(|| within().find(|m| m.3 == EntityKind::Organisation))?;
        Some(Speaker { span: m.0, entity: Some(m.1.to_string()), name: Some(m.2.to_string()), confidence: None })
    }
}

fn is_open_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '«' | '„')
}

fn is_close_mark(c: char) -> bool {
    matches!(c, '"' | '”' | '»' | '“')
}

/// The characters of a paragraph as (byte offset, char, byte length), with the doubled
/// apostrophes and backticks of NYT-style text (``…'' and ''…'') read as double marks.
fn folded_chars(text: &str) -> Vec<(usize, char, usize)> {
    let mut out = Vec::with_capacity(text.len());
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let doubled = matches!(c, '\'' | '`') && it.peek().is_some_and(|&(_, n)| n == c);
        if doubled {
            it.next();
            out.push((i, if c == '`' { '“' } else { '"' }, 2));
        } else {
            out.push((i, c, c.len_utf8()));
        }
    }
    out
}

/// Quoted passages of each paragraph, marks included. Marks of the other style nest
/// (`"… “Shark Tank.” …"`); a mark never closed ends at its paragraph's end; inch marks
/// after digits are not quotation marks; a right mark between a space and a word opens.
fn quoted_passages(doc: &Document) -> Vec<Span> {
    let mut out = Vec::new();
    for p in &doc.paragraphs {
        let text = &doc.text[p.range()];
        // Only an opening mark starts a passage; most paragraphs have none.
        if !text.contains(['"', '“', '”', '«', '„']) && !text.contains("``") && !text.contains("''") {
            continue;
        }
        let chars = folded_chars(text);
        // (offset of the outer opening mark, whether it is straight), nesting depth.
        let mut open: Option<(usize, bool)> = None;
        let mut depth = 0usize;
        for (k, &(i, c, len)) in chars.iter().enumerate() {
            let prev = k.checked_sub(1).map(|k| chars[k].1);
            let next = chars.get(k + 1).map(|x| x.1);
            if c == '"' && prev.is_some_and(|p| p.is_ascii_digit()) {
                continue;
            }
            let opens = is_open_mark(c) && next.is_some_and(|n| !n.is_whitespace());
            let right_opens =
                c == '”' && prev.is_none_or(char::is_whitespace) && next.is_some_and(char::is_alphanumeric);
            match open {
                None if opens || right_opens => open = Some((i, c == '"')),
                Some((o, straight)) => {
                    // Sloppy text mixes styles (`“…,"`): at the outer level, the other style's
                    // closing mark closes too.
                    let closes_outer = if straight {
                        c == '"' || (c == '”' && depth == 0)
                    } else {
                        matches!(c, '”' | '»')
                            || (c == '“' && next.is_none_or(char::is_whitespace))
                            || (c == '"' && depth == 0 && !opens && prev.is_some_and(|p| !p.is_whitespace()))
                    };
                    let inner_open =
                        if straight { matches!(c, '“' | '«' | '‘') && opens } else { c == '"' && opens };
                    let inner_close = if straight { matches!(c, '”' | '»') } else { c == '"' && !opens };
                    if depth > 0 && inner_close {
                        depth -= 1;
                    } else if inner_open {
                        depth += 1;
                    } else if closes_outer && depth == 0 {
                        out.push(Span::new(p.start as usize + o, p.start as usize + i + len));
                        open = None;
                    }
                }
                None => {}
            }
        }
        if let Some((o, _)) = open {
            out.push(Span::new(p.start as usize + o, p.end as usize));
        }
    }
    out
}

/// The length of the quotation mark that `text` starts with (`rev`: ends with), if any.
fn mark_len(text: &str, rev: bool) -> usize {
    for doubled in ["''", "``"] {
        if (!rev && text.starts_with(doubled)) || (rev && doubled == "''" && text.ends_with(doubled)) {
            return 2;
        }
    }
    let c = if rev { text.chars().next_back() } else { text.chars().next() };
    c.filter(|&c| if rev { is_close_mark(c) } else { is_open_mark(c) || c == '”' }).map_or(0, char::len_utf8)
}

/// The content of a passage: inside its marks, trimmed.
fn inside(doc: &Document, passage: Span) -> Span {
    let text = &doc.text[passage.range()];
    let first = mark_len(text, false);
    let last = mark_len(&text[first..], true);
    let inner = &text[first..text.len() - last];
    let lead = inner.len() - inner.trim_start().len();
    let trail = inner.len() - inner.trim_end().len();
    Span::new(passage.start as usize + first + lead, passage.end as usize - last - trail)
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

/// A bare speaker phrase in tokens `from..to` when no entity mention covers it: a pronoun,
/// or a short phrase opening with a capital or a determiner ("the announcer", "Fallon").
fn bare_speaker(v: &View<'_>, from: usize, to: usize) -> Option<Speaker> {
    let doc = v.doc;
    let mut a = from;
    while a < to && !v.word(a).starts_with(char::is_alphanumeric) {
        a += 1;
    }
    let mut b = a;
    while b < to && b - a < 7 {
        let w = v.word(b);
        if matches!(w, "," | "." | ";" | ":" | "(" | ")" | "\"" | "“" | "”" | "—" | "--")
            || doc.time_expressions.iter().any(|x| x.span.contains(doc.tokens[b].span))
        {
            break;
        }
        b += 1;
    }
    // "my grandmother often said": adverbs and auxiliaries before the cue are not the speaker.
    while b > a + 1 && is_adverbial(v.word(b - 1)) {
        b -= 1;
    }
    if a >= b {
        return None;
    }
    let first = v.word(a);
    let span = if is_pronoun(first) {
        doc.tokens[a].span
    } else {
        let opens = first.starts_with(char::is_uppercase)
            || matches!(
                first,
                "the" | "a" | "an" | "his" | "her" | "their" | "its" | "my" | "our" | "your" | "one" | "another"
            );
        // A phrase that runs on past the limit is a clause, not a speaker.
        if !opens || (b < to && b - a >= 7) || is_cue(first) {
            return None;
        }
        Span::new(doc.tokens[a].span.start as usize, doc.tokens[b - 1].span.end as usize)
    };
    Some(Speaker { span, entity: None, name: Some(doc.slice(span).to_string()), confidence: None })
}

/// How a quoted passage sits in its sentence: a quote of its own (opening the sentence or
/// introduced by a colon, comma or reporting verb, and closing it or followed by its
/// attribution), or a fragment embedded in the writer's words ("called it “a con” twice").
fn stands_alone(v: &View<'_>, passage: Span, content: Span, before: &str, limit: u32) -> bool {
    let doc = v.doc;
    let before = before.trim_end();
    // "…," he said, but "…": a conjunction after the attribution still opens a quote.
    let before = before.strip_suffix(" but").or_else(|| before.strip_suffix(" and")).unwrap_or(before);
    let last_word = before.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    let opens = before.is_empty()
        || before.ends_with([':', ',', '—', '―', '-', '(', '.', '!', '?', ';'])
        || (!last_word.is_empty() && is_cue(last_word));
    if !opens {
        return false;
    }
    let inner = &doc.text[content.range()];
    let after = doc.text.get(passage.end as usize..limit.max(passage.end) as usize).unwrap_or("").trim_start();
    let t = v.token_at(passage.end);
    inner.ends_with([',', '.', '!', '?', '…', ';', ':'])
        || after.is_empty()
        || after.starts_with([',', '.', ';', '!', '?', ')', '—', '―', '-', ':', '\n'])
        || (t..t + 6).any(|k| doc.tokens.get(k).is_some_and(|k| k.span.end <= limit) && is_quote_cue(v.word(k)))
}

/// A quoted fragment after a naming verb in its sentence: "she called the plan “a con”"
/// is a mixed quote from the verb's object to the fragment's end.
fn named_fragment(v: &View<'_>, sentence: Span, passage: Span, out: &mut [Quote]) -> Option<Quote> {
    let doc = v.doc;
    let open = v.token_at(passage.start);
    let first = v.token_at(sentence.start);
    let k = (first..open).rev().take(12).find(|&k| NAMING_CUES.contains(&v.word(k).to_ascii_lowercase().as_str()))?;
    let cue = doc.tokens[k].span;
    // "called X “a” and “b”": one quote, grown.
    if let Some(prev) = out.last_mut().filter(|q| q.cue == Some(cue)) {
        prev.content = Span::new(prev.content.start as usize, passage.end as usize);
        return None;
    }
    // "called on X to …", "called for …": the particle belongs to the cue.
    let object = if matches!(v.word(k + 1), "on" | "for") { k + 2 } else { k + 1 };
    let start = doc.tokens.get(object)?.span.start.min(passage.start);
    let speaker = subject_before(v, sentence, k).or_else(|| {
        (first < k).then(|| bare_speaker(v, first, k)).flatten().filter(|s| s.span.start == sentence.start)
    });
    Some(Quote {
        kind: QuoteKind::Mixed,
        content: Span::new(start as usize, passage.end as usize),
        parts: Vec::new(),
        speaker,
        cue: Some(cue),
        addressee: None,
        date: None,
        place: None,
        manner: None,
        confidence: None,
    })
}

/// "the mayor said, adding that …", "Trump defended it, saying “…”": a participle's
/// speaker is the subject of the clause it hangs on — the speaker of an earlier cue in the
/// sentence, else a name or pronoun opening the sentence.
fn inherit_participle_speakers(v: &View<'_>, quotes: &mut [Quote]) {
    let doc = v.doc;
    for i in 0..quotes.len() {
        let Some(cue) = quotes[i].cue.filter(|_| quotes[i].speaker.is_none()) else { continue };
        let t = v.token_at(cue.start);
        if !v.word(t).ends_with("ing") || t == 0 || v.word(t - 1) != "," {
            continue;
        }
        let sentence = v.sentence_of(cue.start);
        let earlier = quotes
            .iter()
            .filter(|q| q.cue.is_some_and(|c| c.end <= cue.start && c.start >= sentence.start))
            .filter_map(|q| q.speaker.clone())
            .next_back();
        let first = v.token_at(sentence.start);
        let opening_end = doc.tokens.get(first + 3).map_or(sentence.end, |k| k.span.end);
        let opening = || v.speaker_starting_at(sentence.start, opening_end).filter(|s| s.span.start == sentence.start);
        quotes[i].speaker = earlier.or_else(opening);
    }
}

/// A quote with no attribution of its own within 40 words after a reported one (direct,
/// mixed or indirect: `golf clubs are “just scratching out a profit,” Mr. Hedge said.
/// “Golf is …”`, or the next paragraph's unattributed quote) continues its speaker, named
/// at the speaker's latest mention.
fn inherit_continued_speakers(v: &View<'_>, quotes: &mut [Quote]) {
    for i in 1..quotes.len() {
        if quotes[i].kind != QuoteKind::Direct || quotes[i].speaker.is_some() || quotes[i].cue.is_some() {
            continue;
        }
        let start = quotes[i].content.start;
        let prev = quotes[..i].iter().filter(|q| q.content.end <= start).max_by_key(|q| q.content.end);
        let continued = prev.filter(|p| {
            let gap = &v.doc.text[p.content.end as usize..start as usize];
            gap.split_whitespace().count() <= 40 && !gap.contains("\n\n\n")
        });
        quotes[i].speaker = match continued {
            Some(p) => p.speaker.clone().map(|s| v.latest_mention(s, p.content.start, start)),
            None => subject_of_previous_sentence(v, start),
        };
    }
}

/// "Sen. X identified … as a reason. “The younger people are …”": an unattributed quote
/// after a sentence of the writer's in its paragraph is the words of that sentence's subject.
fn subject_of_previous_sentence(v: &View<'_>, start: u32) -> Option<Speaker> {
    let doc = v.doc;
    let own = v.sentence_of(start);
    let para = doc.paragraphs.iter().find(|p| p.contains(own))?;
    if own.start <= para.start {
        return None;
    }
    let i = doc.sentences.partition_point(|s| s.start < own.start);
    let prev = *doc.sentences.get(i.checked_sub(1)?)?;
    if prev.start < para.start {
        return None;
    }
    v.speaker_starting_at(prev.start, prev.end)
}

/// The attribution after a closing mark: "…," X said / said X / "…" ― X.
fn cue_after(v: &View<'_>, passage: Span, limit: u32) -> Option<(Span, Option<Speaker>)> {
    let doc = v.doc;
    let start = v.token_at(passage.end);
    let same_line =
        doc.tokens.get(start).is_some_and(|k| !doc.text[passage.end as usize..k.span.start as usize].contains('\n'));
    if same_line && matches!(v.word(start), "―" | "—" | "--" | "-") {
        // "…” ― Pamela Padilla": a signature, to the end of its line.
        let from = doc.tokens[start].span.end;
        let para_end = doc.paragraphs.iter().find(|p| p.contains(doc.tokens[start].span)).map_or(limit, |p| p.end);
        let end = doc.text[from as usize..para_end as usize].find('\n').map_or(para_end, |n| from + n as u32);
        let to = doc.tokens[start..].iter().take_while(|k| k.span.end <= end).count() + start;
        if let Some(speaker) = v.speaker_starting_at(from, end).or_else(|| bare_speaker(v, start + 1, to)) {
            return Some((doc.tokens[start].span, Some(speaker)));
        }
    }
    let mut t = start;
    while t < doc.tokens.len() && doc.tokens[t].span.end <= limit {
        let w = v.word(t);
        if is_quote_cue(w) && !v.in_name(t) {
            let cue = doc.tokens[t].span;
            // The subject comes first after the quote: "…," Mr X, an economist at Y, said.
            let after_end = doc.tokens.get(t + 4).map_or(limit, |k| k.span.end.min(limit));
            let to = doc.tokens[t..].iter().take_while(|k| k.span.end <= limit).count() + t;
            let speaker = v
                .speaker_starting_at(passage.end, cue.start)
                .or_else(|| descriptor_before(v, passage.end, t))
                .or_else(|| bare_speaker(v, start, t))
                .or_else(|| v.speaker_opening_in(cue.end, after_end, limit))
                .or_else(|| bare_speaker(v, t + 1, to));
            return Some((cue, speaker));
        }
        t += 1;
    }
    None
}

/// The attribution before an opening mark: X said: "…" / X said, "…" / X said "…".
fn cue_before(v: &View<'_>, passage: Span) -> Option<(Span, Option<Speaker>)> {
    let doc = v.doc;
    let mut sentence = v.sentence_of(passage.start);
    let t = v.token_at(passage.start);
    // A colon introduces the quote even across a sentence or paragraph break: "In a 1963
    // speech, he declared:\n\n“…”", "As Mr. X put it: “…”", "Trump told the Post, “…”".
    let colon = t > 0 && v.word(t - 1) == ":";
    if colon && doc.tokens[t - 1].span.start < sentence.start {
        sentence = v.sentence_of(doc.tokens[t - 1].span.start);
    }
    let window = if colon || (t > 0 && v.word(t - 1) == ",") { 9 } else { 4 };
    let mut k = t;
    while k > 0 && doc.tokens[k - 1].span.start >= sentence.start && t - k < window {
        k -= 1;
        // "As Mr. X put it, “…”".
        let put_it = v.word(k) == "put" && v.word(k + 1) == "it";
        if (is_quote_cue(v.word(k)) || put_it) && !v.in_name(k) {
            let cue = doc.tokens[k].span;
            // "Said Ellis: “…”", "According to Limbaugh, “…”": the source follows the cue.
            let lower = v.word(k).to_ascii_lowercase();
            let opens_sentence = doc.tokens[k].span.start == sentence.start;
            let after = match lower.as_str() {
                "said" | "says" | "added" | "asked" if opens_sentence => Some(k + 1),
                "according" if v.word(k + 1) == "to" => Some(k + 2),
                _ => None,
            };
            if let Some(a) = after {
                let from = doc.tokens.get(a).map_or(cue.end, |x| x.span.start);
                let speaker = v.speaker_starting_at(from, passage.start).or_else(|| bare_speaker(v, a, t));
                return Some((cue, speaker));
            }
            let speaker = relative_speaker(v, sentence, k)
                .or_else(|| v.speaker_ending_at(sentence.start, cue.start))
                .or_else(|| plain_subject_before(v, sentence, k));
            return Some((cue, speaker));
        }
    }
    // "More from Jones: “…”", "Pew Research: “…”": a name right before the colon.
    if colon {
        let mark = doc.tokens[t - 1].span;
        if let Some(speaker) = v.speaker_ending_at(sentence.start, mark.start).filter(|s| s.span.end == mark.start) {
            return Some((mark, Some(speaker)));
        }
    }
    None
}

fn direct_quotes(v: &View<'_>) -> Vec<Quote> {
    let doc = v.doc;
    let mut out: Vec<Quote> = Vec::new();
    // The quote whose last paragraph left its mark open: the next paragraph's opening mark
    // continues it (each paragraph of a long quote reopens the mark, the last one closes).
    let mut open_quote: Option<usize> = None;
    for (n, &passage) in v.marks.iter().enumerate() {
        let mut content = inside(doc, passage);
        let unclosed = mark_len(&doc.text[passage.range()], true) == 0;
        let opens_paragraph = doc.paragraphs.binary_search_by_key(&passage.start, |p| p.start).is_ok();
        let continues = open_quote.take().filter(|_| opens_paragraph);
        if content.is_empty() {
            continue;
        }
        let words = doc.text[content.range()].split_whitespace().count();
        let sentence = v.sentence_of(passage.end.saturating_sub(1));
        let start_sentence = v.sentence_of(passage.start);
        let next_quote = v.marks.get(n + 1).map_or(u32::MAX, |m| m.start);
        let mut limit = sentence.end.min(next_quote).max(passage.end);
        // "“…?” Graham asked.": the splitter ended the sentence with the quote; a short
        // attribution on the same line is still its own.
        if sentence.end <= passage.end {
            let next = v.sentence_of(passage.end);
            let gap = doc.text.get(passage.end as usize..next.start as usize).unwrap_or("\n");
            let t = v.token_at(next.start);
            let words = doc.text[next.range()].split_whitespace().count();
            if next.start >= passage.end
                && !gap.contains('\n')
                && words <= 6
                && (t..t + 4)
                    .any(|k| doc.tokens.get(k).is_some_and(|x| x.span.end <= next.end) && is_quote_cue(v.word(k)))
            {
                limit = next.end.min(next_quote);
            }
        }
        let prev_end = n.checked_sub(1).map_or(0, |k| v.marks[k].end);
        let from = start_sentence.start.max(prev_end).min(passage.start);
        let before = &doc.text[from as usize..passage.start as usize];
        // A line break ends the writer's words as a sentence end does.
        let before = before.rsplit('\n').next().unwrap_or(before);
        if !stands_alone(v, passage, content, before, limit) {
            if let Some(q) = named_fragment(v, start_sentence, passage, &mut out) {
                out.push(q);
            }
            continue;
        }
        let (mut cue, mut speaker) = match cue_after(v, passage, limit).or_else(|| cue_before(v, passage)) {
            Some((cue, speaker)) => (Some(cue), speaker),
            None => (None, None),
        };
        // Transcripts: "PENCE: Well, look, …" — the speaker's name opens the passage.
        if cue.is_none() {
            let body = &doc.text[content.range()];
            if let Some((name, _)) = body.split_once(": ")
                && (2..=30).contains(&name.len())
                && name.chars().all(|c| c.is_uppercase() || c == ' ' || c == '.')
            {
                let name_span = Span::new(content.start as usize, content.start as usize + name.len());
                speaker = v.speaker_starting_at(name_span.start, name_span.end).or_else(|| {
                    Some(Speaker { span: name_span, entity: None, name: Some(name.to_string()), confidence: None })
                });
                cue = Some(Span::new(name_span.end as usize, name_span.end as usize + 1));
                content = Span::new(name_span.end as usize + 2, content.end as usize);
            }
        }
        // A paragraph with an attribution of its own, or a transcript's next speaker
        // ("WALLACE: …"), starts a new quote.
        if let Some(i) = continues.filter(|_| cue.is_none()) {
            let q = &mut out[i];
            if q.parts.is_empty() {
                q.parts.push(q.content);
            }
            q.parts.push(content);
            q.content = Span::new(q.content.start as usize, content.end as usize);
            if unclosed {
                open_quote = Some(i);
            }
            continue;
        }
        // Scare quotes and titles: short, unattributed, not a sentence of their own.
        let sentence_like = doc.text[content.range()].ends_with(['.', '!', '?', ',']);
        if cue.is_none() && words < 4 && !sentence_like {
            continue;
        }
        // "…," he said, "…": the second part finds the first part's cue before it.
        let shared_cue = cue.is_some() && out.last().is_some_and(|q| q.cue == cue && q.kind == QuoteKind::Direct);
        if (cue.is_none() || shared_cue)
            && let Some(prev) = out.last_mut().filter(|q| q.speaker.is_some())
        {
            let gap_span = Span::new(prev.content.end as usize, content.start as usize);
            let gap = &doc.text[gap_span.range()];
            // An attribution that interrupts one quote ("…," she said. "…"): one quote in parts.
            let interrupted = !gap.contains('\n')
                && gap.split_whitespace().count() <= 30
                && (prev.cue.is_some_and(|c| gap_span.contains(c)) || !gap.contains(char::is_alphanumeric));
            if interrupted {
                if prev.parts.is_empty() {
                    prev.parts.push(prev.content);
                }
                prev.parts.push(content);
                prev.content = Span::new(prev.content.start as usize, content.end as usize);
                if unclosed {
                    open_quote = Some(out.len() - 1);
                }
                continue;
            }
        }
        if unclosed {
            open_quote = Some(out.len());
        }
        out.push(Quote {
            kind: QuoteKind::Direct,
            content,
            parts: Vec::new(),
            speaker,
            cue,
            addressee: None,
            date: None,
            place: None,
            manner: None,
            confidence: None,
        });
    }
    out
}

/// "a spokeswoman for the ministry said": a noun phrase ending right before the cue token
/// `cue_token`, starting after byte `from`, headed by a descriptor noun.
fn descriptor_before(v: &View<'_>, from: u32, cue_token: usize) -> Option<Speaker> {
    let doc = v.doc;
    let mut start = cue_token;
    while start > 0 && cue_token - start < 8 {
        let w = v.word(start - 1);
        if doc.tokens[start - 1].span.start < from || matches!(w, "," | "." | "\"" | "“" | "”" | ";" | ":") {
            break;
        }
        start -= 1;
    }
    if start == cue_token {
        return None;
    }
    let words: Vec<&str> = (start..cue_token).map(|t| v.word(t)).collect();
    let head = words.iter().position(|w| DESCRIPTOR_HEADS.contains(&w.to_ascii_lowercase().as_str()))?;
    let det = words[..=head]
        .iter()
        .position(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "a" | "an" | "the" | "one" | "two" | "three" | "some" | "several" | "many"
            )
        })
        .unwrap_or(0);
    // "The statement also referenced": adverbs before the cue are not part of the phrase.
    let mut last = cue_token - 1;
    while last > start + head && is_adverbial(v.word(last)) {
        last -= 1;
    }
    let span = Span::new(doc.tokens[start + det].span.start as usize, doc.tokens[last].span.end as usize);
    Some(Speaker { span, entity: None, name: Some(doc.slice(span).to_string()), confidence: None })
}

/// The subject before token `cue` in its sentence: the nearest person or organisation
/// mention (or pronoun), skipping a parenthetical ", who …," or appositive ", a …,".
fn subject_before(v: &View<'_>, sentence: Span, cue: usize) -> Option<Speaker> {
    relative_speaker(v, sentence, cue).or_else(|| plain_subject_before(v, sentence, cue))
}

/// "Glenn Beck, who said there were …": the relative pronoun is the speaking mention (as
/// attribution corpora mark it: PolNeAR train, 404 of 422 cues after "who"), standing for
/// its antecedent's entity and name.
fn relative_speaker(v: &View<'_>, sentence: Span, cue: usize) -> Option<Speaker> {
    let doc = v.doc;
    let mut k = cue;
    loop {
        // "who in 2010 said", "who on Tuesday also said": a time and adverbs in between.
        let time = k.checked_sub(1).and_then(|p| {
            let t = doc.tokens[p].span;
            v.time_holding(t).map(|x| v.token_at(x.span.start))
        });
        if let Some(start) = time {
            k = start;
            if k > 0 && matches!(v.word(k - 1), "in" | "on" | "at" | "during" | "since" | "earlier" | "later") {
                k -= 1;
            }
        } else if k > 0 && is_adverbial(v.word(k - 1)) {
            k -= 1;
        } else {
            break;
        }
    }
    let rel = k.checked_sub(1).filter(|&r| matches!(v.word(r), "who" | "which"))?;
    let span = v.doc.tokens[rel].span;
    if span.start < sentence.start {
        return None;
    }
    let antecedent = plain_subject_before(v, sentence, rel);
    let (entity, name) = match antecedent {
        Some(a) => (a.entity, a.name.or_else(|| Some(v.doc.slice(a.span).to_string()))),
        None => (None, None),
    };
    Some(Speaker { span, entity, name: name.or_else(|| Some(v.word(rel).to_string())), confidence: None })
}

/// [`subject_before`] without the relative pronoun: the antecedent itself.
fn plain_subject_before(v: &View<'_>, sentence: Span, cue: usize) -> Option<Speaker> {
    let doc = v.doc;
    // "Paul Ryan (R-Wis.) said": a bracket is not between subject and verb.
    let skip_bracket = |t: usize| {
        (t > 0 && v.word(t - 1) == ")")
            .then(|| (t.saturating_sub(10)..t - 1).rev().find(|&k| v.word(k) == "("))
            .flatten()
            .filter(|&open| doc.tokens[open].span.start >= sentence.start)
            .unwrap_or(t)
    };
    let cue = skip_bracket(cue);
    let mut end = doc.tokens[cue].span.start;
    // Skip appositives back to the subject: "Ms. Rawlings, 59, of Ashton, Md., said",
    // "Mr. X, who leads the union, said".
    let mut close = cue;
    for _ in 0..4 {
        if close == 0 || v.word(close - 1) != "," {
            break;
        }
        let Some(k) = (v.token_at(sentence.start)..close - 1).rev().take(25).find(|&k| v.word(k) == ",") else {
            break;
        };
        let opener = v.word(k + 1);
        let lower = opener.to_ascii_lowercase();
        // ", also campaigning in Wisconsin,", ", for example,": asides between subject and cue.
        let aside = matches!(lower.as_str(), "also" | "for" | "however" | "meanwhile" | "too" | "in" | "at" | "like")
            || (lower.ends_with("ing") && opener.starts_with(char::is_lowercase));
        let appositive = aside
            || matches!(lower.as_str(), "who" | "whose" | "which" | "a" | "an" | "the" | "of" | "from")
            || opener.starts_with(|c: char| c.is_ascii_digit())
            || opener.starts_with(char::is_uppercase) && close - k <= 4
            || {
                let at = doc.tokens[k + 1].span.start;
                !v.mentions_starting(at, at + 1).is_empty()
            };
        if !appositive {
            break;
        }
        close = skip_bracket(k);
        end = doc.tokens[close].span.start;
    }
    let from = sentence.start.max(end.saturating_sub(120));
    v.speaker_ending_at(from, end)
        .filter(|s| {
            // Nothing but a few words between the subject and the cue (adverbs, auxiliaries).
            let gap = &doc.text[s.span.end as usize..end as usize];
            gap.split_whitespace().count() <= 3 && !gap.contains(['.', ';', '"', '“', '”'])
        })
        .or_else(|| descriptor_before(v, sentence.start, v.token_at(end)))
        .or_else(|| bare_subject(v, sentence, v.token_at(end)))
        .or_else(|| coordinated_subject(v, sentence, cue))
}

/// "Mr. X was forced into damage control and said that …", "Pence praised Ryan but added,
/// “…”": a cue coordinated with an earlier verb shares the subject that opens the sentence.
fn coordinated_subject(v: &View<'_>, sentence: Span, cue: usize) -> Option<Speaker> {
    let doc = v.doc;
    let mut k = cue;
    while k > 0 && is_adverbial(v.word(k - 1)) {
        k -= 1;
    }
    if k == 0 || !matches!(v.word(k - 1), "and" | "but") {
        return None;
    }
    let first = v.token_at(sentence.start);
    let opening_end = doc.tokens.get(first + 6).map_or(sentence.end, |t| t.span.end).min(doc.tokens[k - 1].span.start);
    let within = || v.mentions_starting(sentence.start, opening_end).iter();
    let m = within().find(|m| m.3 == EntityKind::Person || m.4)?;
    Some(Speaker { span: m.0, entity: Some(m.1.to_string()), name: Some(m.2.to_string()), confidence: None })
}

/// The noun phrase right before token `cue` when no mention or descriptor was found
/// ("the mayor said", "63 percent said"): its head, extended left over its modifiers to a
/// determiner, skipping auxiliaries and adverbs between it and the cue.
fn bare_subject(v: &View<'_>, sentence: Span, cue: usize) -> Option<Speaker> {
    let doc = v.doc;
    let first = v.token_at(sentence.start);
    let mut k = cue;
    while k > first && is_adverbial(v.word(k - 1)) {
        k -= 1;
    }
    let head = k.checked_sub(1).filter(|&h| h >= first)?;
    let function = |w: &str| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "and"
                | "but"
                | "or"
                | "that"
                | "which"
                | "who"
                | "as"
                | "if"
                | "when"
                | "while"
                | "because"
                | "it"
                | "there"
                | "this"
                | "so"
                | "to"
                | "of"
                | "in"
                | "on"
                | "at"
                | "for"
                | "with"
                | "by"
                | "from"
        )
    };
    let word = |w: &str| w.starts_with(char::is_alphanumeric);
    let w = v.word(head);
    let verbal = |w: &str| {
        matches!(
            w,
            "be" | "been"
                | "being"
                | "could"
                | "would"
                | "should"
                | "can"
                | "may"
                | "might"
                | "must"
                | "than"
                | "do"
                | "did"
                | "does"
                | "to"
        )
    };
    if !word(w) || function(w) || is_cue(w) || verbal(w) {
        return None;
    }
    if is_pronoun(w) {
        let span = doc.tokens[head].span;
        return Some(Speaker { span, entity: None, name: Some(w.to_string()), confidence: None });
    }
    let mut start = head;
    while start > first && head - start < 5 {
        let p = v.word(start - 1);
        if !word(p) || function(p) || is_cue(p) {
            break;
        }
        start -= 1;
        if matches!(p.to_ascii_lowercase().as_str(), "the" | "a" | "an" | "his" | "her" | "their" | "its" | "our") {
            break;
        }
    }
    let span = Span::new(doc.tokens[start].span.start as usize, doc.tokens[head].span.end as usize);
    Some(Speaker { span, entity: None, name: Some(doc.slice(span).to_string()), confidence: None })
}

fn indirect_quotes(v: &View<'_>, direct: &[Span], used_cues: &[Span]) -> Vec<Quote> {
    let doc = v.doc;
    let mut out = Vec::new();
    // Looked up at every cue word: sorted once rather than scanned each time.
    let mut used: Vec<(u32, u32)> = used_cues.iter().map(|s| (s.start, s.end)).collect();
    used.sort_unstable();
    let quoted = nesting::Spans::new(direct.iter().copied());
    for &sentence in &doc.sentences {
        let first = v.token_at(sentence.start);
        if let Some(q) = headline_source(v, sentence, first, &quoted) {
            out.push(q);
        }
        let mut t = first;
        while t < doc.tokens.len() && doc.tokens[t].span.end <= sentence.end {
            let span = doc.tokens[t].span;
            let w = v.word(t);
            let according = w.eq_ignore_ascii_case("according") && v.word(t + 1) == "to";
            if !according && !is_cue(w) {
                t += 1;
                continue;
            }
            // After a determiner or a possessive the word is a noun ("Editor's note", "a call"),
            // a cue only with its that-clause ("his claim that …").
            let noun = t > first && v.word(t + 1) != "that" && {
                let p = v.word(t - 1);
                matches!(
                    p.to_ascii_lowercase().as_str(),
                    "the"
                        | "a"
                        | "an"
                        | "his"
                        | "her"
                        | "their"
                        | "its"
                        | "our"
                        | "my"
                        | "your"
                        | "this"
                        | "these"
                        | "those"
                ) || p.ends_with("’s")
                    || p.ends_with("'s")
            };
            if !according && noun {
                t += 1;
                continue;
            }
            if v.in_quote(span.start) || used.binary_search(&(span.start, span.end)).is_ok() || quoted.contain(span) {
                t += 1;
                continue;
            }
            // "according to X, …" / "…, according to X."
            if according {
                if let Some(q) = according_to(v, sentence, t) {
                    out.push(q);
                }
                t += 2;
                continue;
            }
            if let Some(q) = verb_quote(v, sentence, t) {
                out.push(q);
            }
            t += 1;
        }
    }
    out
}

/// Words that make "WORD: …" a label ("Update:", "Editor's note:"), not a source.
fn is_label(w: &str) -> bool {
    matches!(
        w.to_ascii_lowercase().as_str(),
        "update"
            | "updated"
            | "note"
            | "correction"
            | "photo"
            | "photos"
            | "video"
            | "watch"
            | "read"
            | "related"
            | "listen"
            | "transcript"
            | "source"
            | "sources"
            | "credit"
            | "editor"
            | "warning"
            | "breaking"
            | "q"
            | "a"
            | "and"
            | "the"
            | "by"
            | "via"
            | "tags"
            | "more"
    )
}

/// Headline attribution: "Poll: Voters Abandon the Party", "Pence: Flowers Won't Be at
/// Debate" — a short capitalised source, a colon, then the claim (not a label such as
/// "Update:" or "Editor's note:").
fn headline_source(v: &View<'_>, sentence: Span, first: usize, direct: &nesting::Spans) -> Option<Quote> {
    let doc = v.doc;
    let colon = (first..first + 5)
        .find(|&k| v.word(k) == ":" && doc.tokens.get(k).is_some_and(|x| x.span.end < sentence.end))?;
    if colon == first || direct.overlap(sentence) {
        return None;
    }
    let source: Vec<&str> = (first..colon).map(|k| v.word(k)).collect();
    if !source.iter().all(|w| w.starts_with(char::is_uppercase))
        || source.iter().any(|w| is_label(w) || w.ends_with("’s"))
    {
        return None;
    }
    let start = doc.tokens.get(colon + 1)?.span.start;
    let end = doc.text[..sentence.end as usize].trim_end_matches(['.', ' ', '\n']).len() as u32;
    let claim = doc.text.get(start as usize..end as usize)?;
    if end <= start || claim.split_whitespace().count() < 3 {
        return None;
    }
    let src = Span::new(doc.tokens[first].span.start as usize, doc.tokens[colon - 1].span.end as usize);
    let speaker = v.speaker_starting_at(src.start, src.end).filter(|s| s.span == src).or_else(|| {
        Some(Speaker { span: src, entity: None, name: Some(doc.slice(src).to_string()), confidence: None })
    });
    Some(reported(doc, Span::new(start as usize, end as usize), speaker, doc.tokens[colon].span, None))
}

fn clause_end(v: &View<'_>, from: usize, sentence: Span) -> u32 {
    let doc = v.doc;
    let mut t = from;
    let mut end = sentence.end;
    while t < doc.tokens.len() && doc.tokens[t].span.end <= sentence.end {
        let w = v.word(t);
        if w == ";" || (w == "," && matches!(v.word(t + 1), "while" | "whereas")) {
            end = doc.tokens[t].span.start;
            break;
        }
        t += 1;
    }
    // Without the final stop.
    let text = &doc.text[..end as usize];
    let trimmed = text.trim_end_matches(['.', ' ', '\n', '!', '?']);
    trimmed.len() as u32
}

/// Reporting verbs that introduce a clause without "that" ("he said he would").
#[rustfmt::skip]
const CLAUSE_WITHOUT_THAT: &[&str] = &[
    "say", "says", "said", "saying", "add", "adds", "added", "adding", "insist", "insists", "insisted", "claim",
    "claims", "claimed", "argue", "argues", "argued", "believe", "believes", "believed", "think", "thinks", "thought",
    "warn", "warns", "warned", "predict", "predicted", "predicts", "write", "writes", "wrote", "tweeted", "note", "noted",
    "found", "finds", "shows", "showed", "indicated", "indicates", "agreed", "agrees", "acknowledged", "announced",
    "hopes", "hoped", "fears", "feared", "expects", "revealed", "learned",
];

fn verb_quote(v: &View<'_>, sentence: Span, t: usize) -> Option<Quote> {
    let doc = v.doc;
    let cue = doc.tokens[t].span;
    let verb = v.word(t).to_ascii_lowercase();
    // What follows the cue: skip "that", an addressee ("told reporters"), time words.
    let mut c = t + 1;
    let mut addressee = None;
    let mut forward = true;
    if takes_addressee(&verb) && !matches!(v.word(c), "that" | "," | "." | ":" | ";") {
        // "told reporters that …": the addressee sits between the verb and "that".
        let start = c;
        // A question word or a subject pronoun ends the addressee: "told reporters how …",
        // "told supporters he would …".
        let wh = |w: &str| {
            matches!(
                w,
                "how" | "what" | "why" | "whether" | "when" | "where" | "he" | "she" | "they" | "we" | "I" | "it"
            )
        };
        while c < doc.tokens.len() && c - start < 4 && !matches!(v.word(c), "that" | "," | "." | ":") && !wh(v.word(c))
        {
            c += 1;
        }
        if wh(v.word(c)) && c > start {
            // "told reporters how …": the question reported, after its addressee.
            let (a, b) = (doc.tokens[start].span.start as usize, doc.tokens[c - 1].span.end as usize);
            addressee = Some(doc.text[a..b].to_string());
        } else if v.word(c) == "that" {
            let (a, b) = (doc.tokens[start].span.start as usize, doc.tokens[c - 1].span.end as usize);
            addressee = Some(doc.text[a..b].to_string());
        } else if (start..start + 6)
            .any(|k| v.word(k) == "to" && doc.tokens.get(k).is_some_and(|k| k.span.end <= sentence.end))
        {
            // "told his advisers to find a way": the request, addressee included.
            c = start;
        } else {
            // "warned against protectionism": an object, not a claim.
            forward = false;
            c = t + 1;
        }
    }
    let participle = verb.ends_with("ing");
    while c < doc.tokens.len() && doc.tokens[c].span.end <= sentence.end {
        let w = v.word(c);
        let in_time = v.time_holding(doc.tokens[c].span).is_some();
        if w == "that"
            || w == ","
            || in_time
            || w == "on" && {
                let next = doc.tokens.get(c + 1).map_or(0, |k| k.span.start);
                v.times_starting(next, next).iter().any(|x| x.span.start == next)
            }
        {
            c += 1;
        } else {
            break;
        }
    }
    // "said during a rally in Michigan that …": a prepositional phrase before the clause.
    if matches!(v.word(c), "during" | "in" | "at" | "on" | "after" | "before" | "outside" | "from" | "to" | "with")
        && let Some(k) = (c + 1..c + 12)
            .take_while(|&k| {
                doc.tokens.get(k).is_some_and(|x| x.span.end <= sentence.end) && !matches!(v.word(k), "," | ";" | ".")
            })
            .find(|&k| v.word(k) == "that")
    {
        c = k + 1;
    }
    let after_start = doc.tokens.get(c).map(|k| k.span.start).filter(|s| *s < sentence.end);
    let after_words = after_start.map_or(0, |s| doc.text[s as usize..sentence.end as usize].split_whitespace().count());
    let speaker_before = if participle {
        // "X …, saying that …": the subject of the sentence.
        v.speaker_starting_at(sentence.start, cue.start)
    } else {
        subject_before(v, sentence, t)
    };
    // "X said (that) CONTENT"; verbs other than "say" and its kin take a that-clause only
    // ("confirmed clear differences" is an object, not a claim). A say-verb with a clause
    // but no speaker found is kept, unattributed.
    let that = (t + 1..c).any(|k| v.word(k) == "that");
    let bare_clause = CLAUSE_WITHOUT_THAT.contains(&verb.as_str());
    if let (Some(s), true) = (after_start, forward && (that || bare_clause)) {
        let speaker = speaker_before.clone();
        let first = v.word(c).to_ascii_lowercase();
        let clause_start = !matches!(
            first.as_str(),
            "in" | "at"
                | "to"
                | "by"
                | "of"
                | "from"
                | "with"
                | "for"
                | "as"
                | "."
                | "about"
                | "against"
                | "after"
                | "before"
                | "it"
                | "during"
                | "through"
        );
        if after_words >= 3 && (clause_start || first == "it" && v.word(c + 1) != ".") {
            let end = clause_end(v, c, sentence);
            if end > s {
                let content = Span::new(s as usize, end as usize);
                return Some(reported(doc, content, speaker, cue, addressee));
            }
        }
    }
    // A learned cue with its complement ("cited the report", "called for a recount",
    // "vowed to appeal"): attributed only when its subject is found.
    let passive = t > 0 && matches!(v.word(t - 1), "is" | "are" | "was" | "were" | "be" | "been" | "being");
    if let (Some(s), Some(speaker)) = (after_start, speaker_before.clone())
        && forward
        && !passive
        && !bare_clause
        && after_words >= 1
    {
        let end = clause_end(v, c, sentence);
        let first = v.word(c).to_ascii_lowercase();
        // "called for a recount", "railed against the deal": the particle belongs to the cue;
        // "accused of", "backed by": not a claim.
        let particle = matches!(first.as_str(), "for" | "against" | "about" | "on");
        let s = if particle { doc.tokens.get(c + 1).map_or(s, |k| k.span.start) } else { s };
        let preposition = matches!(first.as_str(), "of" | "by" | "off" | "up" | "out");
        if end > s && !preposition && !matches!(v.word(c), "." | "," | ";" | ":" | ")") {
            let content = Span::new(s as usize, end as usize);
            return Some(reported(doc, content, Some(speaker), cue, addressee));
        }
    }
    // "CONTENT, X said." / "CONTENT, said X."
    let comma = (v.token_at(sentence.start)..t).rev().find(|&k| v.word(k) == ",")?;
    let tail = &doc.text[cue.end as usize..sentence.end as usize];
    // "…, she said, referring to …": a participle clause may follow the attribution.
    let participle = tail
        .trim_start()
        .strip_prefix(',')
        .and_then(|t| t.split_whitespace().next())
        .is_some_and(|w| w.ends_with("ing"));
    if tail.split_whitespace().count() > 8 && !participle {
        return None;
    }
    let speaker = v
        .speaker_ending_at(doc.tokens[comma].span.end, cue.start)
        .or_else(|| descriptor_before(v, doc.tokens[comma].span.end, t))
        .or_else(|| v.speaker_starting_at(cue.end, sentence.end))?;
    let content_end = doc.tokens[comma].span.start;
    let content = Span::new(sentence.start as usize, content_end as usize);
    if doc.text[content.range()].split_whitespace().count() < 3 {
        return None;
    }
    Some(reported(doc, content, Some(speaker), cue, addressee))
}

fn according_to(v: &View<'_>, sentence: Span, t: usize) -> Option<Quote> {
    let doc = v.doc;
    let cue = Span::new(doc.tokens[t].span.start as usize, doc.tokens[t + 1].span.end as usize);
    let after = doc.tokens.get(t + 2)?.span.start;
    // The source runs to the next comma or the sentence end.
    let mut k = t + 2;
    while k < doc.tokens.len() && doc.tokens[k].span.end <= sentence.end && !matches!(v.word(k), "," | ".") {
        k += 1;
    }
    // "…, according to ." names no source: nothing to attribute (the source's span would
    // run backwards; found by fuzzing).
    if k == t + 2 {
        return None;
    }
    let source_end = doc.tokens[k - 1].span.end;
    let speaker = v.speaker_starting_at(after, source_end).or_else(|| {
        let span = Span::new(after as usize, source_end as usize);
        (!span.is_empty()).then(|| Speaker {
            span,
            entity: None,
            name: Some(doc.slice(span).to_string()),
            confidence: None,
        })
    })?;
    let content = if cue.start > sentence.start + 2 {
        // "CONTENT, according to X."
        let end = doc.text[..cue.start as usize].trim_end_matches([',', ' ']).len();
        Span::new(sentence.start as usize, end)
    } else {
        // "According to X, CONTENT."
        let start = doc.tokens.get(k + 1)?.span.start;
        let end = clause_end(v, k + 1, sentence);
        // The source ran to the end of the sentence: no content after it.
        if start >= end {
            return None;
        }
        Span::new(start as usize, end as usize)
    };
    (content.len() > 10).then(|| reported(doc, content, Some(speaker), cue, None))
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
