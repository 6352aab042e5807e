//! Who takes part: the subject before a verb group, a possessor before a noun, objects and
//! prepositional complements after the trigger, and unnamed participants by their
//! description ("police", "14 villagers").

use std::ops::Range;

use newsgraph_document::EntityKind;

use super::lexicon::{self, Form, Kind};
use super::{Draft, MAX_PARTICIPANTS, REACH, View};

/// Whether a lower-case word looks like a plural noun ("officials", "gunmen", "police" is
/// collective, not plural).
pub(super) fn plural(w: &str) -> bool {
    (w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is"))
        || w.ends_with("men")
        || matches!(w, "people" | "children")
}

impl View<'_> {
    /// A word that can be part of a description of a participant: a lower-case noun,
    /// adjective or number ("police", "two suicide bombers", "14 people"), not a function word.
    pub(super) fn descriptive(&self, k: usize) -> bool {
        let w = self.w(k);
        // A sentence-initial capital is still a common noun ("Police detained …").
        let opens = self.sentences.binary_search_by_key(&k, |r| r.start).is_ok();
        let lower_or_number = !self.capitalised(k) || opens || w.chars().all(|c| c.is_ascii_digit());
        let number = w.starts_with(|c: char| c.is_ascii_digit())
            && w.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.');
        (w.chars().all(char::is_alphabetic) || number)
            && !w.is_empty()
            && lower_or_number
            && !lexicon::ends_clause(w)
            && !lexicon::VERB_GROUP.contains(&w)
            && !lexicon::locative(w)
            && !self.in_time[k]
            && self.starts[k].is_none()
            && self.ends[k].is_none()
            && !matches!(
                w,
                "who"
                    | "which"
                    | "that"
                    | "this"
                    | "these"
                    | "those"
                    | "it"
                    | "he"
                    | "she"
                    | "they"
                    | "we"
                    | "i"
                    | "you"
                    | "also"
                    | "not"
                    | "never"
                    | "and"
                    | "or"
                    | "but"
                    | "to"
                    | "of"
                    | "for"
                    | "with"
                    | "by"
                    | "as"
                    | "than"
                    | "then"
                    | "there"
                    | "here"
                    | "what"
                    | "about"
                    | "after"
                    | "before"
                    | "over"
                    | "up"
                    | "out"
                    | "off"
                    | "down"
                    | "into"
                    | "onto"
                    | "from"
                    | "said"
                    | "says"
                    | "so"
                    | "if"
            )
            && !(w.ends_with("ly") && w.len() > 4)
            && lexicon::trigger(w).is_none()
    }

    /// A one-word miscellaneous name used as an adjective ("Bulgarian officials").
    pub(super) fn adjectival_name(&self, m: usize) -> bool {
        let mm = self.mentions[m];
        mm.kind == EntityKind::Misc && mm.first == mm.last && !self.actor(m) && self.descriptive(mm.last + 1)
    }

    /// The description of an unnamed subject ending just before `k` ("Police", "a suicide
    /// bomber", "gunmen"), with its determiner; None when the word before is no noun.
    pub(super) fn description_ending(&self, k: usize, lo: usize) -> Option<Range<usize>> {
        if k <= lo || !self.descriptive(k - 1) || lexicon::determiner(self.w(k - 1)) {
            return None;
        }
        // Modifiers stop at a reporting verb ("patients say officials") or another plural.
        let modifier = |t: usize| {
            (self.descriptive(t) && !crate::quotes::is_cue(self.w(t)) && !plural(self.w(t)))
                || lexicon::determiner(self.w(t))
        };
        let mut start = k - 1;
        let mut determined = false;
        while start > lo && k - start < 5 && modifier(start - 1) {
            start -= 1;
            if lexicon::determiner(self.w(start)) {
                determined = true;
                break;
            }
        }
        // Without a determiner an English subject is a plural, a mass or collective noun, or
        // counted ("14 soldiers"); "frequent" before "attacks" is no subject.
        let head = self.w(k - 1);
        let counted = self.w(start).starts_with(|c: char| c.is_ascii_digit());
        if !(determined || counted || plural(head) || lexicon::collective(head)) {
            return None;
        }
        if determined {
            return Some(start..k);
        }
        // A nationality before it: "Bulgarian officials", "the Syrian army".
        if let Some(m) = self.ends.get(start.wrapping_sub(1)).copied().flatten().filter(|&m| self.adjectival_name(m)) {
            start = self.np_start(self.mentions[m].first, lo);
        }
        Some(start..k)
    }

    /// Whether the word at `k` continues a phrase whose plural modifier came before it
    /// ("arms dealers", "sales executives"): a plural followed by another plural noun.
    fn descriptive_plural_modifier(&self, k: usize) -> bool {
        self.descriptive(k) && plural(self.w(k))
    }

    /// The description of an unnamed object starting at `k` ("14 people", "three soldiers"),
    /// up to the next preposition or punctuation; None when a name or nothing follows.
    pub(super) fn description_starting(&self, k: usize, hi: usize) -> Option<Range<usize>> {
        let mut end = k;
        if end < hi && lexicon::determiner(self.w(end)) {
            end += 1;
        }
        if let Some(m) = self.starts.get(end).copied().flatten().filter(|&m| self.adjectival_name(m)) {
            end = self.mentions[m].last + 1;
        }
        // A plural ends the phrase: what follows "security forces" is their verb.
        let mut headed = false;
        while end < hi && end - k < 5 && self.descriptive(end) && !lexicon::determiner(self.w(end)) {
            end += 1;
            if plural(self.w(end - 1)) && !self.descriptive_plural_modifier(end) {
                headed = true;
                break;
            }
        }
        let nouns = (k..end).filter(|&t| !lexicon::determiner(self.w(t))).count();
        let stop = self.w(end);
        let clean = headed
            || end >= hi
            || lexicon::VERB_GROUP.contains(&stop)
            || lexicon::ends_clause(stop)
            || matches!(
                stop,
                "," | "." | "in" | "on" | "at" | "near" | "during" | "after" | "and" | "with" | "for" | "to" | "that"
            );
        (nouns > 0 && clean).then_some(k..end)
    }

    /// Walks left from a verb at `i` over its verb group to its subject. Returns where the
    /// verb group starts and the subject's mentions (coordinated subjects in order); none when
    /// the subject is not a name ("the two ministers agreed", "Police detained").
    pub(super) fn subject(&self, i: usize, lo: usize) -> (usize, Vec<usize>) {
        self.subject_within(i, lo, 2)
    }

    pub(super) fn subject_within(&self, i: usize, lo: usize, depth: u8) -> (usize, Vec<usize>) {
        let mut j = i;
        while j > lo {
            let w = self.w(j - 1);
            let adverb = (w.ends_with("ly") && !self.capitalised(j - 1) && w.len() > 4)
                || matches!(w, "himself" | "herself" | "themselves" | "itself");
            // Time adverbials sit between subject and verb: "China on Monday criticised".
            let time = self.in_time[j - 1]
                || (matches!(w, "on" | "in" | "at" | "last" | "this" | ",")
                    && self.in_time.get(j).copied() == Some(true));
            if lexicon::VERB_GROUP.contains(&w) || adverb || time {
                j -= 1;
            } else {
                break;
            }
        }
        let group_start = j;
        let infinitive = self.w(group_start) == "to";
        let mut k = j;
        for _ in 0..4 {
            if k <= lo {
                break;
            }
            let w = self.w(k - 1);
            if let Some(m) = self.ends[k - 1].filter(|&m| self.actor(m)) {
                // "Police in Dhaka arrested": a complement, not the subject; but the one
                // called on to act is its subject ("called on Schiff to resign").
                let called_on = infinitive
                    && self.mentions[m].first >= lo + 2
                    && matches!(self.w(self.mentions[m].first - 1), "on" | "upon")
                    && matches!(self.w(self.mentions[m].first - 2), "called" | "calls" | "call" | "calling");
                if self.complement(m) && !called_on {
                    break;
                }
                return (group_start, self.coordinated(m, lo));
            }
            if matches!(w, "who" | "which" | "that") {
                k -= 1;
                if k > lo && self.w(k - 1) == "," {
                    k -= 1;
                }
                // "the cafe in Calle del Correo, Madrid, Spain which killed 13": "which"
                // stands for a thing, and the place before it did nothing.
                if w == "which" && self.ends[k - 1].is_some_and(|m| self.mentions[m].kind == EntityKind::Location) {
                    return (group_start, Vec::new());
                }
                continue;
            }
            if w == "," {
                // A parenthetical between subject and verb: ", who also attended …," or an
                // appositive ", a senior economist at X,".
                let open = (lo..k - 1).rev().find(|&c| self.w(c) == ",");
                match open {
                    Some(c)
                        if matches!(self.w(c + 1), "who" | "whose" | "which" | "a" | "an" | "the")
                            || self.ends.get(c.wrapping_sub(1)).is_some_and(Option::is_some) =>
                    {
                        k = c;
                        continue;
                    }
                    _ => break,
                }
            }
            // A second verb of the same subject: "attended … and will take part in …".
            if matches!(w, "and" | "but" | "or") && depth > 0 {
                let earlier = (lo..k - 1).rev().take(REACH).find(|&t| {
                    (lexicon::trigger(self.w(t)).is_some_and(|(_, f)| f == Form::Verb) && !self.adjectival(t, lo))
                        || lexicon::governs(self.w(t))
                });
                if let Some(t) = earlier {
                    let (_, subject) = self.subject_within(t, lo, depth - 1);
                    return (group_start, subject);
                }
            }
            // A common noun or unnamed subject right before the verb: no named agent.
            let function_word = matches!(
                w,
                "after"
                    | "before"
                    | "while"
                    | "by"
                    | "when"
                    | "since"
                    | "without"
                    | "upon"
                    | ","
                    | "and"
                    | "or"
                    | "but"
                    | "then"
                    | "of"
                    | "for"
                    | "as"
                    | "in"
                    | "on"
            );
            if !infinitive && !function_word && w.chars().all(char::is_alphabetic) {
                // An organisation named before its description is the subject: "the
                // Islamic State militant group launched", "the Taliban movement said".
                let mut t = k - 1;
                while t > lo && k - t < 4 && self.descriptive(t) && !lexicon::determiner(self.w(t)) {
                    t -= 1;
                }
                if let Some(m) = self.ends[t].filter(|&m| self.mentions[m].kind == EntityKind::Organisation)
                    && !self.complement(m)
                    && t + 1 < k
                {
                    return (group_start, vec![m]);
                }
                return (group_start, Vec::new());
            }
            break;
        }
        // Fallback: the nearest earlier name that is not a complement or a possessor.
        let found = (lo..group_start).rev().find_map(|t| {
            let m = self.ends[t]?;
            let ok =
                self.actor(m) && !self.complement(m) && !self.title_modifier(m) && !matches!(self.w(t + 1), "'s" | "'");
            ok.then_some(m)
        });
        (group_start, found.into_iter().collect())
    }

    /// Whether a mention is the object of a preposition.
    pub(super) fn complement(&self, m: usize) -> bool {
        let first = self.mentions[m].first;
        first > 0
            && matches!(
                self.w(first - 1),
                "of" | "in"
                    | "at"
                    | "with"
                    | "for"
                    | "to"
                    | "from"
                    | "by"
                    | "on"
                    | "against"
                    | "about"
                    | "around"
                    | "near"
                    | "into"
                    | "across"
                    | "between"
                    | "among"
                    | "over"
            )
    }

    /// A mention and the mentions coordinated before it: "France, Germany and Italy".
    pub(super) fn coordinated(&self, m: usize, lo: usize) -> Vec<usize> {
        let mut out = vec![m];
        let mut first = self.mentions[m].first;
        while out.len() < MAX_PARTICIPANTS && first >= lo + 2 {
            // "Vietnam and the Philippines": the article is part of the later name.
            let mut before = first - 1;
            if self.w(before) == "the" && before > lo + 1 {
                before -= 1;
            }
            if !matches!(self.w(before), "and" | "," | "&") {
                break;
            }
            if self.w(before) == "and" && before > lo + 1 && self.w(before - 1) == "," {
                before -= 1;
            }
            match before.checked_sub(1).and_then(|b| self.ends[b]).filter(|&p| self.actor(p)) {
                Some(p) => {
                    out.insert(0, p);
                    first = self.mentions[p].first;
                }
                None => break,
            }
        }
        out
    }

    /// An organisation or place that is part of a person's title ("US Treasury Secretary
    /// Steven Mnuchin", "Bank of Japan Governor Haruhiko Kuroda").
    pub(super) fn title_modifier(&self, m: usize) -> bool {
        let mm = self.mentions[m];
        if mm.kind == EntityKind::Person || mm.pronoun {
            return false;
        }
        let mut t = mm.last + 1;
        let mut titles = 0;
        while t < self.words.len() && titles < 4 {
            if let Some(n) = self.starts[t] {
                return titles > 0 && self.mentions[n].kind == EntityKind::Person;
            }
            if !self.capitalised(t) && !matches!(self.w(t), "-" | "of" | "for") {
                return false;
            }
            titles += 1;
            t += 1;
        }
        false
    }

    /// Walks left from a noun trigger over its modifiers. Returns where the noun phrase
    /// starts and its possessor ("Abe's meeting", "his resignation", "US tariffs").
    pub(super) fn possessor(&self, i: usize, lo: usize) -> (usize, Option<usize>) {
        let mut k = i;
        let mut steps = 0;
        while k > lo && steps < 6 {
            steps += 1;
            let w = self.w(k - 1);
            if (w == "'s" || w == "'") && k - 1 > lo {
                if let Some(m) = self.ends[k - 2].filter(|&m| self.actor(m)) {
                    return (self.np_start(self.mentions[m].first, lo), Some(m));
                }
                // An unnamed owner ("the central bank's meeting"): part of the noun phrase.
                k -= 1;
                continue;
            }
            if let Some(m) = self.ends[k - 1] {
                let mm = self.mentions[m];
                if mm.pronoun {
                    return (mm.first, matches!(w, "his" | "her" | "their" | "its").then_some(m));
                }
                // A name as modifier: "US tariffs", "Russian airstrikes"; for gatherings it
                // is what the meeting is ("the G-20 gathering").
                if self.actor(m) && mm.kind != EntityKind::Person {
                    return (self.np_start(mm.first, lo), Some(m));
                }
                return (mm.first, None);
            }
            let modifier = !lexicon::ends_clause(w)
                && !matches!(w, "," | "." | "a" | "an" | "the" | "this" | "that" | "of" | "for" | "with" | "and")
                && !lexicon::locative(w)
                && !lexicon::governs(w)
                && !lexicon::VERB_GROUP.contains(&w)
                && lexicon::trigger(w).is_none();
            if !modifier {
                let det = matches!(w, "a" | "an" | "the" | "this" | "that");
                return (if det { k - 1 } else { k }, None);
            }
            k -= 1;
        }
        (k, None)
    }

    /// Where a noun phrase that begins with a possessor starts (its determiner).
    pub(super) fn np_start(&self, first: usize, lo: usize) -> usize {
        if first > lo && matches!(self.w(first - 1), "the" | "a" | "an") { first - 1 } else { first }
    }

    /// Objects and complements after the trigger: counterparts, targets, place, what.
    pub(super) fn complements(
        &self,
        d: &mut Draft,
        end: usize,
        hi: usize,
        form: Form,
        passive: bool,
        consumed: &mut [bool],
    ) {
        let kind = d.kind;
        let mut t = end;
        // "called for his resignation": the particle is the preposition of what follows.
        let mut prep: &str = if end > d.trigger.start + 1 { self.w(end - 1) } else { "" };
        let mut nouns = 0usize;
        let mut direct_open = form != Form::Noun && !passive;
        let mut last_role: Option<&'static str> = None;
        while t < hi {
            let w = self.w(t);
            // ", replacing X": a participial clause of its own; "as prime minister" a role.
            let participle = w == "," && self.w(t + 1).ends_with("ing") && !self.capitalised(t + 1);
            if lexicon::ends_clause(w) || participle || w == "as" {
                break;
            }
            // Another trigger verb starts its own event.
            if t > end && lexicon::trigger(w).is_some_and(|(_, f)| f == Form::Verb) && self.starts[t].is_none() {
                break;
            }
            if let Some(m) = self.starts[t] {
                let mm = self.mentions[m];
                // Determiner-like mentions: "attended his first G-20 gathering", "Danish
                // counterpart", "Qatar's Al Bayan Gas", "US Treasury Secretary Steven Mnuchin".
                let possessive = mm.pronoun && matches!(w, "his" | "her" | "its" | "their") && prep.is_empty();
                // "criticised Canada's plan" targets Canada; "with Qatar's Al Bayan Gas" does not.
                let owner = matches!(self.w(mm.last + 1), "'s" | "'") && (kind.symmetric() || kind == Kind::Attend);
                if possessive || mm.kind == EntityKind::Misc || self.title_modifier(m) || owner {
                    t = mm.last + 1 + usize::from(owner);
                    continue;
                }
                let country = mm.kind == EntityKind::Location && crate::entities::is_country(&self.name(m));
                let role: Option<&'static str> = match prep {
                    p if lexicon::locative(p) => {
                        if mm.kind == EntityKind::Location && d.place.is_none() && p != "from" {
                            d.place = Some(self.name(m));
                        }
                        None
                    }
                    "to" | "" if kind == Kind::Visit && (prep == "to" || direct_open) => {
                        if mm.kind == EntityKind::Location {
                            d.place.get_or_insert_with(|| self.name(m));
                        }
                        (mm.kind != EntityKind::Location || country).then_some("target")
                    }
                    "between" | "among" => Some("agent"),
                    "with" | "and" if kind.symmetric() => Some("counterpart"),
                    "from" if form == Form::Noun && kind == Kind::Criticise => Some("agent"),
                    "of" if (form == Form::Noun || kind == Kind::Demand) && !kind.symmetric() => {
                        Some(if matches!(kind, Kind::Resign | Kind::Protest) { "agent" } else { "target" })
                    }
                    "on" | "against" | "for" | "to" if !kind.symmetric() && kind != Kind::Attend => Some("target"),
                    "by" if passive || form == Form::Noun => Some("agent"),
                    "" if direct_open => match kind {
                        Kind::Attend => {
                            d.what.get_or_insert_with(|| self.name(m));
                            None
                        }
                        Kind::Resign | Kind::Protest => None,
                        k if k.symmetric() => Some("counterpart"),
                        _ => Some("target"),
                    },
                    // ", Al-Monitor reported": the source of the sentence, not one more name
                    // of the list.
                    "," | "&" if crate::quotes::is_cue(self.w(mm.last + 1)) => None,
                    "," | "&" => last_role,
                    _ => None,
                };
                if let Some(role) = role.filter(|_| self.actor(m)) {
                    if d.participants.len() < MAX_PARTICIPANTS {
                        d.participants.push((m, role));
                    }
                    last_role = Some(role);
                } else {
                    last_role = None;
                }
                direct_open = false;
                t = mm.last + 1;
                continue;
            }
            // A gathering named as the object of attend: "attended the G-20 gathering".
            if matches!(kind, Kind::Attend)
                && form != Form::Noun
                && let Some((Kind::Meet, Form::Noun)) = lexicon::trigger(w)
            {
                consumed[t] = true;
                let np: Vec<&str> = (end..=t)
                    .filter(|&k| !matches!(self.w(k), "the" | "a" | "an" | "his" | "her" | "their" | "its" | "in"))
                    .map(|k| self.doc.slice(self.doc.tokens[k].span))
                    .collect();
                d.what.get_or_insert_with(|| np.join(" "));
            }
            let preposition = matches!(
                w,
                "with" | "between" | "among" | "of" | "on" | "against" | "for" | "to" | "by" | "as" | "over"
            ) || lexicon::locative(w);
            if matches!(w, "," | "and" | "&") {
                if last_role.is_some() {
                    prep = if w == "and" && prep == "between" {
                        prep
                    } else if w == "and" {
                        ","
                    } else {
                        w
                    };
                }
            } else if preposition {
                // "by agents of the bureau", "on steel products from China": the outer
                // preposition still governs the name.
                let outer = matches!(prep, "on" | "against" | "for" | "by" | "with" | "between")
                    && matches!(w, "of" | "from")
                    && nouns > 0;
                if !outer {
                    prep = w;
                    nouns = 0;
                }
                direct_open = false;
            } else if w.chars().all(char::is_alphabetic) && !lexicon::determiner(w) && !self.capitalised(t) {
                nouns += 1;
                // A word between a comma and a name ends the list: ", his spokesman X said".
                if prep == "," || (prep == "and" && last_role.is_some()) {
                    prep = "";
                    last_role = None;
                }
                if nouns > 3 && !prep.is_empty() {
                    prep = "";
                }
                direct_open = direct_open && t < end + 4 && !matches!(w, "to" | "about");
            }
            t += 1;
        }
    }
}
