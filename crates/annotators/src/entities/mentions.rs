//! Mentions: the recogniser's spans over each sentence's tokens, as byte spans.

use newsgraph_document::{Document, EntityKind, Span};
use newsgraph_ner::{Kind, Recognizer};

/// The tokens of each sentence, as index ranges into `doc.tokens`.
pub(crate) struct SentenceTokens {
    pub ranges: Vec<std::ops::Range<usize>>,
}

impl SentenceTokens {
    /// Token ranges of the document's sentences (tokens outside any sentence are skipped).
    pub fn of(doc: &Document) -> SentenceTokens {
        let mut ranges = Vec::with_capacity(doc.sentences.len());
        let mut t = 0;
        for s in &doc.sentences {
            while t < doc.tokens.len() && doc.tokens[t].span.start < s.start {
                t += 1;
            }
            let first = t;
            while t < doc.tokens.len() && doc.tokens[t].span.end <= s.end {
                t += 1;
            }
            ranges.push(first..t);
        }
        SentenceTokens { ranges }
    }
}

/// A named or pronoun mention.
#[derive(Debug, Clone)]
pub(crate) struct Mention {
    pub span: Span,
    pub kind: EntityKind,
    /// Sentence index.
    pub sentence: usize,
    /// Token range in `doc.tokens`.
    pub tokens: std::ops::Range<usize>,
    pub pronoun: bool,
}

fn kind(k: Kind) -> EntityKind {
    match k {
        Kind::Per => EntityKind::Person,
        Kind::Org => EntityKind::Organisation,
        Kind::Loc => EntityKind::Location,
        Kind::Misc => EntityKind::Misc,
    }
}

/// Very long sentences (a paragraph with no full stop) are tagged in windows: tagging is
/// linear anyway, but the feature buffers stay small.
const WINDOW: usize = 400;

/// Institutions named by a bare capitalised word ("Parliament approved …"), and summit
/// groups ("G-20", "G7"): organisations the recogniser, trained on 1990s wire text, misses.
fn institution(word: &str) -> bool {
    matches!(
        word,
        "Parliament"
            | "Congress"
            | "Senate"
            | "Cabinet"
            | "Bundestag"
            | "Duma"
            | "Knesset"
            | "Diet"
            | "Politburo"
            | "Kremlin"
            | "Pentagon"
            | "Treasury"
            | "Fed"
            | "NATO"
            | "OPEC"
            | "IMF"
            | "WTO"
            | "ECB"
            | "BOJ"
    ) || {
        let w = word.strip_prefix('G').unwrap_or("");
        let w = w.strip_prefix('-').unwrap_or(w);
        !w.is_empty() && w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit())
    }
}

/// The employer a title was run together with ("Tidewater" in "Tidewater Chief Executive
/// Anton Verwey"): tagged on its own by the recogniser, an organisation when it says
/// nothing else; none for a nationality or a possessive ("Japanese", "Japan's"), which the
/// roles read as the country.
fn employer(
    doc: &Document,
    recognizer: &Recognizer,
    sentence: usize,
    tokens: std::ops::Range<usize>,
) -> Option<Mention> {
    let words: Vec<&str> = doc.tokens[tokens.clone()].iter().map(|t| doc.slice(t.span)).collect();
    let last = *words.last()?;
    if matches!(last, "'s" | "’s") || super::roles::is_nationality(&words.join(" ")) {
        return None;
    }
    let whole = recognizer.spans(&[words.clone()]).into_iter().flatten().find(|s| (s.start, s.end) == (0, words.len()));
    let kind = match whole.map(|s| kind(s.kind)) {
        Some(EntityKind::Location) => EntityKind::Location,
        _ => EntityKind::Organisation,
    };
    let span = Span::new(doc.tokens[tokens.start].span.start as usize, doc.tokens[tokens.end - 1].span.end as usize);
    Some(Mention { span, kind, sentence, tokens, pronoun: false })
}

/// Words a name may hold in lower case ("Bank of Japan", "Doctors without Borders",
/// "Frankfurt am Main").
const NAME_FUNCTION_WORDS: &[&str] = &[
    "of", "the", "and", "for", "de", "del", "della", "di", "da", "du", "des", "la", "le", "el", "al", "van", "von",
    "der", "den", "zu", "am", "y", "e", "et", "on", "upon", "in", "at", "to", "with", "without", "under", "against",
    "sans", "over", "a", "an", "&",
];

/// An organisation's or place's span cut at lower-case content words: a name holds
/// lower-case function words but not common nouns ("the Democratic Renewal party and the
/// Green Left", "Civic Unity movement"). Function words at the ends of a part are dropped,
/// and parts without a capitalised word.
fn name_parts(doc: &Document, tokens: std::ops::Range<usize>) -> Vec<std::ops::Range<usize>> {
    let word = |t: usize| doc.slice(doc.tokens[t].span);
    let content_lower = |w: &str| {
        w.starts_with(char::is_lowercase)
            && w.chars().all(|c| c.is_lowercase() || c == '-')
            && !NAME_FUNCTION_WORDS.contains(&w)
    };
    let mut parts = Vec::new();
    let mut start = tokens.start;
    for t in tokens.clone() {
        if content_lower(word(t)) {
            parts.push(start..t);
            start = t + 1;
        }
    }
    parts.push(start..tokens.end);
    if parts.len() == 1 {
        return parts;
    }
    parts
        .into_iter()
        .filter_map(|mut r| {
            while !r.is_empty() && NAME_FUNCTION_WORDS.contains(&word(r.start)) {
                r.start += 1;
            }
            while !r.is_empty() && NAME_FUNCTION_WORDS.contains(&word(r.end - 1)) {
                r.end -= 1;
            }
            r.clone().any(|t| word(t).starts_with(char::is_uppercase)).then_some(r)
        })
        .collect()
}

/// One recognised span as a mention (or two, when a title sits between an employer and a
/// person), its edges trimmed.
fn push_mention(
    doc: &Document,
    recognizer: &Recognizer,
    sentence: usize,
    sentence_start: usize,
    tokens: std::ops::Range<usize>,
    kind: EntityKind,
    out: &mut Vec<Mention>,
) {
    let word = |t: usize| doc.slice(doc.tokens[t].span);
    let (mut first, mut last) = (tokens.start, tokens.end);
    // "The" opening a sentence is capitalised for the sentence, not for the name (CoNLL's
    // names start with it 3% of the times it precedes one).
    if first == sentence_start && last - first > 1 && word(first) == "The" {
        first += 1;
    }
    // The recogniser's span ran on: a person's name never ends in a lower-case word ("Ms.
    // White said", "Mr. Manafort and"), no name in a function word ("The Associated Press
    // of the").
    while last - first > 1 && {
        let w = word(last - 1);
        let lower = w.starts_with(|c: char| c.is_lowercase()) && !w.contains(char::is_uppercase);
        (kind == EntityKind::Person && lower)
            || matches!(w, "and" | "of" | "the" | "a" | "said" | "says" | "was" | "is" | "in" | "on" | "for" | "to")
    } {
        last -= 1;
    }
    // A title closing an organisation's span, the person named after it: the organisation
    // is their employer, the title a role.
    if kind == EntityKind::Organisation
        && let Some(title) = super::roles::title_at_end(doc, first..last)
    {
        last = title;
    }
    // A title inside a person's or organisation's span: what follows it is the person; what
    // precedes it, their employer (or country: left to the roles).
    let mut kind = kind;
    if matches!(kind, EntityKind::Person | EntityKind::Organisation)
        && let Some((title, name)) = super::roles::title_inside(doc, first..last)
    {
        if title > first {
            out.extend(employer(doc, recognizer, sentence, first..title));
        }
        (kind, first) = (EntityKind::Person, name);
    }
    let span = Span::new(doc.tokens[first].span.start as usize, doc.tokens[last - 1].span.end as usize);
    out.push(Mention { span, kind, sentence, tokens: first..last, pronoun: false });
}

/// Countries the recogniser left out, by the gazetteer: a run of one to three capitalised
/// words outside any name that is exactly a country's name ("Vietnam and the Philippines
/// agreed": CoNLL-2003 has "Vietnam" once, as MISC). A run inside a longer capitalised name
/// ("Vietnam Airlines") is not taken.
fn countries(doc: &Document, sentence: usize, range: std::ops::Range<usize>, covered: &[bool]) -> Vec<Mention> {
    let word = |t: usize| doc.slice(doc.tokens[t].span);
    let open = |t: usize| {
        (range.start..range.end).contains(&t) && !covered[t - range.start] && word(t).starts_with(char::is_uppercase)
    };
    let mut out = Vec::new();
    let mut t = range.start;
    while t < range.end {
        let found = (1..=3).rev().find(|&n| {
            t + n <= range.end
                && (t..t + n).all(open)
                && !open(t + n)
                && (t == range.start || !open(t - 1))
                && super::resolve::is_country(
                    &doc.text[doc.tokens[t].span.start as usize..doc.tokens[t + n - 1].span.end as usize],
                )
        });
        match found {
            Some(n) => {
                let span = Span::new(doc.tokens[t].span.start as usize, doc.tokens[t + n - 1].span.end as usize);
                out.push(Mention { span, kind: EntityKind::Location, sentence, tokens: t..t + n, pronoun: false });
                t += n;
            }
            None => t += 1,
        }
    }
    out
}

/// Named mentions, in text order.
pub(crate) fn find(doc: &Document, sentences: &SentenceTokens, recognizer: &Recognizer) -> Vec<Mention> {
    let mut chunks: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    for (i, r) in sentences.ranges.iter().enumerate() {
        let mut start = r.start;
        while start < r.end {
            let end = (start + WINDOW).min(r.end);
            chunks.push((i, start..end));
            start = end;
        }
    }
    let words: Vec<Vec<&str>> =
        chunks.iter().map(|(_, r)| doc.tokens[r.clone()].iter().map(|t| doc.slice(t.span)).collect()).collect();
    let spans = recognizer.spans(&words);
    let mut out = Vec::new();
    for ((sentence, range), spans) in chunks.into_iter().zip(spans) {
        let mut covered = vec![false; range.len()];
        for s in &spans {
            covered[s.start..s.end].fill(true);
        }
        for &s in &spans {
            let (first, last) = (range.start + s.start, range.start + s.end);
            let span = Span::new(doc.tokens[first].span.start as usize, doc.tokens[last - 1].span.end as usize);
            // "Tokyo-based": the place, not an adjective of it.
            let text = doc.slice(span);
            if last - first == 1
                && let Some(place) = text.strip_suffix("-based").filter(|p| !p.is_empty())
            {
                let span = Span::new(span.start as usize, span.start as usize + place.len());
                out.push(Mention { span, kind: EntityKind::Location, sentence, tokens: first..last, pronoun: false });
                continue;
            }
            let kind = kind(s.kind);
            let parts = match kind {
                EntityKind::Organisation | EntityKind::Location => name_parts(doc, first..last),
                _ => vec![first..last],
            };
            for part in parts {
                // An organisation named by a title alone ("Interior Minister") is a role.
                if kind != EntityKind::Person && super::roles::is_title_phrase(doc, part.clone()) {
                    continue;
                }
                // A name has a capital letter (all but 9 of CoNLL-2003's 23,499 training
                // names); what the recogniser finds in lower case is code, markup or noise.
                let text =
                    &doc.text[doc.tokens[part.start].span.start as usize..doc.tokens[part.end - 1].span.end as usize];
                if !text.contains(char::is_uppercase) {
                    continue;
                }
                push_mention(doc, recognizer, sentence, range.start, part, kind, &mut out);
            }
        }
        // A person named after a title whose employer the recogniser left out.
        for s in spans.iter().filter(|s| s.kind == Kind::Per) {
            let named = |t: usize| t < range.start || covered[t - range.start];
            if let Some(org) = super::roles::employer_before_title(doc, range.clone(), range.start + s.start, named) {
                covered[org.start - range.start..org.end - range.start].fill(true);
                out.extend(employer(doc, recognizer, sentence, org));
            }
        }
        for (i, t) in range.clone().enumerate() {
            if !covered[i] && institution(doc.slice(doc.tokens[t].span)) {
                let span = doc.tokens[t].span;
                out.push(Mention { span, kind: EntityKind::Organisation, sentence, tokens: t..t + 1, pronoun: false });
            }
        }
        out.extend(countries(doc, sentence, range.clone(), &covered));
    }
    out.sort_by_key(|m| m.span.start);
    out
}
