//! Direct quotes: passages in quotation marks, attributed by a cue after them ("…," Mr X
//! said), before them (Mr X told reporters: "…"), or by continuing the previous speaker.

use super::*;

/// A bare speaker phrase in tokens `from..to` when no entity mention covers it: a pronoun,
/// or a short phrase opening with a capital or a determiner ("the announcer", "Fallon").
pub(super) fn bare_speaker(v: &View<'_>, from: usize, to: usize) -> Option<Speaker> {
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
pub(super) fn stands_alone(v: &View<'_>, passage: Span, content: Span, before: &str, limit: u32) -> bool {
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
pub(super) fn named_fragment(v: &View<'_>, sentence: Span, passage: Span, out: &mut [Quote]) -> Option<Quote> {
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
pub(super) fn inherit_participle_speakers(v: &View<'_>, quotes: &mut [Quote]) {
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
pub(super) fn inherit_continued_speakers(v: &View<'_>, quotes: &mut [Quote]) {
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
pub(super) fn subject_of_previous_sentence(v: &View<'_>, start: u32) -> Option<Speaker> {
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
pub(super) fn cue_after(v: &View<'_>, passage: Span, limit: u32) -> Option<(Span, Option<Speaker>)> {
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
pub(super) fn cue_before(v: &View<'_>, passage: Span) -> Option<(Span, Option<Speaker>)> {
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

pub(super) fn direct_quotes(v: &View<'_>) -> Vec<Quote> {
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
