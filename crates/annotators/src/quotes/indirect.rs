//! Reported speech: "X said (that) …", "…, X said", "…, said X", "according to X, …",
//! headlines ("X: …"), with the reported clause's extent.

use super::*;

pub(super) fn indirect_quotes(v: &View<'_>, direct: &[Span], used_cues: &[Span]) -> Vec<Quote> {
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
pub(super) fn is_label(w: &str) -> bool {
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
pub(super) fn headline_source(v: &View<'_>, sentence: Span, first: usize, direct: &nesting::Spans) -> Option<Quote> {
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

pub(super) fn clause_end(v: &View<'_>, from: usize, sentence: Span) -> u32 {
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
pub(super) const CLAUSE_WITHOUT_THAT: &[&str] = &[
    "say", "says", "said", "saying", "add", "adds", "added", "adding", "insist", "insists", "insisted", "claim",
    "claims", "claimed", "argue", "argues", "argued", "believe", "believes", "believed", "think", "thinks", "thought",
    "warn", "warns", "warned", "predict", "predicted", "predicts", "write", "writes", "wrote", "tweeted", "note", "noted",
    "found", "finds", "shows", "showed", "indicated", "indicates", "agreed", "agrees", "acknowledged", "announced",
    "hopes", "hoped", "fears", "feared", "expects", "revealed", "learned",
];

pub(super) fn verb_quote(v: &View<'_>, sentence: Span, t: usize) -> Option<Quote> {
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

pub(super) fn according_to(v: &View<'_>, sentence: Span, t: usize) -> Option<Quote> {
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
