//! The document as the quote finder reads it: its mentions in order, its quoted passages
//! (marks of two styles nesting, a mark never closed ending at its paragraph), and lookups
//! over both.

use super::*;

/// The document as the quote finder reads it.
pub(super) struct View<'a> {
    pub(super) doc: &'a Document,
    /// (mention span, entity id, canonical name, kind, pronoun)
    pub(super) mentions: Vec<(Span, &'a str, &'a str, EntityKind, bool)>,
    /// Spans of quoted passages, marks included.
    pub(super) marks: Vec<Span>,
    /// The same, sorted for lookups (marks of two styles nest).
    pub(super) quoted: nesting::Spans,
    /// Whether the time expressions are in order and apart, so that the one holding a token
    /// can be found by binary search.
    pub(super) times_apart: bool,
}

impl<'a> View<'a> {
    pub(super) fn new(doc: &'a Document) -> View<'a> {
        View::with_marks(doc, quoted_passages(doc))
    }

    /// A view whose quoted passages (`quoted_passages`) were found already.
    pub(super) fn with_marks(doc: &'a Document, marks: Vec<Span>) -> View<'a> {
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
    pub(super) fn mentions_starting(&self, from: u32, to: u32) -> &[(Span, &'a str, &'a str, EntityKind, bool)] {
        let a = self.mentions.partition_point(|m| m.0.start < from);
        let b = self.mentions.partition_point(|m| m.0.start < to);
        &self.mentions[a..b.max(a)]
    }

    /// The time expressions that start in `from..=to` (all of them, in order, when they
    /// overlap and cannot be searched).
    pub(super) fn times_starting(&self, from: u32, to: u32) -> &[newsgraph_document::TimeExpression] {
        let times = &self.doc.time_expressions;
        if !self.times_apart {
            return times;
        }
        let a = times.partition_point(|t| t.span.start < from);
        let b = times.partition_point(|t| t.span.start <= to);
        &times[a..b.max(a)]
    }

    /// The time expression that holds `span`, if any.
    pub(super) fn time_holding(&self, span: Span) -> Option<&newsgraph_document::TimeExpression> {
        let times = &self.doc.time_expressions;
        if !self.times_apart {
            return times.iter().find(|x| x.span.contains(span));
        }
        // In order and apart, only the last that starts by `span` can hold it.
        let k = times.partition_point(|t| t.span.start <= span.start);
        k.checked_sub(1).map(|k| &times[k]).filter(|x| x.span.contains(span))
    }

    pub(super) fn word(&self, t: usize) -> &'a str {
        self.doc.tokens.get(t).map_or("", |k| self.doc.slice(k.span))
    }

    /// Index of the first token starting at or after byte `pos`.
    pub(super) fn token_at(&self, pos: u32) -> usize {
        self.doc.tokens.partition_point(|t| t.span.start < pos)
    }

    pub(super) fn sentence_of(&self, pos: u32) -> Span {
        let i = self.doc.sentences.partition_point(|s| s.end <= pos);
        self.doc.sentences.get(i).copied().unwrap_or(Span::new(pos as usize, pos as usize))
    }

    /// Whether a token lies inside a name (not a pronoun): "Stevie Wonder" holds no cue.
    pub(super) fn in_name(&self, t: usize) -> bool {
        let Some(span) = self.doc.tokens.get(t).map(|k| k.span) else { return false };
        let i = self.mentions.partition_point(|m| m.0.start <= span.start);
        self.mentions[..i].iter().rev().take(4).any(|m| !m.4 && m.0.contains(span))
    }

    pub(super) fn in_quote(&self, pos: u32) -> bool {
        self.quoted.inside(pos)
    }

    /// The speaker whose mention ends at or just before byte `end` (a few tokens of slack).
    pub(super) fn speaker_ending_at(&self, from: u32, end: u32) -> Option<Speaker> {
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
    pub(super) fn latest_mention(&self, speaker: Speaker, from: u32, to: u32) -> Speaker {
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
    pub(super) fn speaker_starting_at(&self, start: u32, limit: u32) -> Option<Speaker> {
        self.speaker_opening_in(start, limit, limit)
    }

    /// The first person (or pronoun) mention that opens in `start..opens_before` and ends by
    /// `limit`, else the first such organisation: "said Atlantic City Mayor Don Guardian".
    pub(super) fn speaker_opening_in(&self, start: u32, opens_before: u32, limit: u32) -> Option<Speaker> {
        let within = || self.mentions_starting(start, opens_before).iter().filter(|m| m.0.end <= limit);
        let m = within()
            .find(|m| m.3 == EntityKind::Person || m.4)
            .or_else(|| within().find(|m| m.3 == EntityKind::Organisation))?;
        Some(Speaker { span: m.0, entity: Some(m.1.to_string()), name: Some(m.2.to_string()), confidence: None })
    }
}

pub(super) fn is_open_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '«' | '„')
}

pub(super) fn is_close_mark(c: char) -> bool {
    matches!(c, '"' | '”' | '»' | '“')
}

/// The characters of a paragraph as (byte offset, char, byte length), with the doubled
/// apostrophes and backticks of NYT-style text (``…'' and ''…'') read as double marks.
pub(super) fn folded_chars(text: &str) -> Vec<(usize, char, usize)> {
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
pub(super) fn quoted_passages(doc: &Document) -> Vec<Span> {
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
pub(super) fn mark_len(text: &str, rev: bool) -> usize {
    for doubled in ["''", "``"] {
        if (!rev && text.starts_with(doubled)) || (rev && doubled == "''" && text.ends_with(doubled)) {
            return 2;
        }
    }
    let c = if rev { text.chars().next_back() } else { text.chars().next() };
    c.filter(|&c| if rev { is_close_mark(c) } else { is_open_mark(c) || c == '”' }).map_or(0, char::len_utf8)
}

/// The content of a passage: inside its marks, trimmed.
pub(super) fn inside(doc: &Document, passage: Span) -> Span {
    let text = &doc.text[passage.range()];
    let first = mark_len(text, false);
    let last = mark_len(&text[first..], true);
    let inner = &text[first..text.len() - last];
    let lead = inner.len() - inner.trim_start().len();
    let trail = inner.len() - inner.trim_end().len();
    Span::new(passage.start as usize + first + lead, passage.end as usize - last - trail)
}
