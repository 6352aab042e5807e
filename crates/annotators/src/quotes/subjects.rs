//! Who stands before a cue: a named subject, a relative clause's antecedent, a coordinated
//! subject, a descriptor ("a spokeswoman for the ministry") or a bare phrase.

use super::*;

/// "a spokeswoman for the ministry said": a noun phrase ending right before the cue token
/// `cue_token`, starting after byte `from`, headed by a descriptor noun.
pub(super) fn descriptor_before(v: &View<'_>, from: u32, cue_token: usize) -> Option<Speaker> {
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
pub(super) fn subject_before(v: &View<'_>, sentence: Span, cue: usize) -> Option<Speaker> {
    relative_speaker(v, sentence, cue).or_else(|| plain_subject_before(v, sentence, cue))
}

/// "Glenn Beck, who said there were …": the relative pronoun is the speaking mention (as
/// attribution corpora mark it: PolNeAR train, 404 of 422 cues after "who"), standing for
/// its antecedent's entity and name.
pub(super) fn relative_speaker(v: &View<'_>, sentence: Span, cue: usize) -> Option<Speaker> {
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
pub(super) fn plain_subject_before(v: &View<'_>, sentence: Span, cue: usize) -> Option<Speaker> {
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
pub(super) fn coordinated_subject(v: &View<'_>, sentence: Span, cue: usize) -> Option<Speaker> {
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
pub(super) fn bare_subject(v: &View<'_>, sentence: Span, cue: usize) -> Option<Speaker> {
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
