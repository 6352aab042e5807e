//! The `events` annotator: who did what with whom, where and when, and whether it happened.
//!
//! Triggers are verbs ("met", "will visit", "after attending") and nominalisations ("his
//! meeting with …", "calls for his resignation", "the central bank's monetary policy
//! meeting") from the vocabulary in `docs/events.md`. Participants are entity mentions found
//! by clause-level patterns: the subject before a verb group (skipping relative clauses and
//! appositives), a possessor before a noun, the object or a `with`/`between`/`on`/`of`
//! complement after the trigger. Place, date and status come from locative complements, the
//! time layer, and the words of the verb group (tense, modality, negation). Events need at
//! least one named participant; the same event mentioned twice in an article is kept once.

mod lexicon;
mod status;
#[cfg(test)]
mod tests;

use std::ops::Range;

use newsgraph_document::{Document, EntityKind, Event, EventStatus, Layer, Participant, Span, TimeType};
use newsgraph_pipeline::Annotator;

use lexicon::{Form, Kind};
pub use status::{CLASSES as STATUS_CLASSES, StatusExample, StatusModel, class_of, status_features, train_status};

/// Finds events with participants, place, date and status.
pub struct Events;

/// The event types the annotator assigns (`docs/events.md`), for filters that must reject
/// an unknown one.
pub fn event_types() -> impl Iterator<Item = &'static str> {
    Kind::ALL.into_iter().map(Kind::name)
}

impl Annotator for Events {
    fn name(&self) -> &'static str {
        "events"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences, Layer::Entities, Layer::TimeExpressions]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Events]
    }
    fn annotate(&self, doc: &mut Document) {
        let view = View::new(doc);
        let events = view.events();
        doc.events = events;
    }
}

/// Whether a lower-case word looks like a plural noun ("officials", "gunmen", "police" is
/// collective, not plural).
fn plural(w: &str) -> bool {
    (w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is"))
        || w.ends_with("men")
        || matches!(w, "people" | "children")
}

/// The status the layer gives an event word (any predicate, not only the vocabulary's) at
/// `trigger` in an annotated document: what `eval events-status` measures.
pub fn status_of(doc: &Document, trigger: Span) -> EventStatus {
    let view = View::new(doc);
    let (i, end, range) = view.locate(trigger);
    let Some(range) = range else { return EventStatus::Happened };
    let (form, kind) = view.form_of(i, &range);
    let lo = range.start.max(i.saturating_sub(REACH));
    let clause = view.clause(i, end, kind, form, lo);
    view.decide(i, end, &range, &clause, form).0
}

/// Longest scan, in tokens, in either direction from a trigger: keeps every event bounded.
const REACH: usize = 40;
/// Most participants one event keeps.
const MAX_PARTICIPANTS: usize = 64;

/// An entity mention, in tokens.
#[derive(Debug, Clone, Copy)]
struct M {
    first: usize,
    last: usize,
    entity: usize,
    kind: EntityKind,
    pronoun: bool,
}

/// The document as the event finder reads it: lower-cased words, mentions by token.
struct View<'a> {
    doc: &'a Document,
    words: Vec<String>,
    mentions: Vec<M>,
    /// Mention index ending at each token.
    ends: Vec<Option<usize>>,
    /// Mention index starting at each token.
    starts: Vec<Option<usize>>,
    sentences: Vec<Range<usize>>,
    /// Token range and index of each dated time expression (DATE or TIME with a calendar value).
    dates: Vec<(usize, usize, usize)>,
    /// Whether each token is part of a time expression.
    in_time: Vec<bool>,
}

/// An event being assembled.
struct Draft {
    kind: Kind,
    trigger: Range<usize>,
    sentence: Range<usize>,
    participants: Vec<(usize, &'static str)>,
    /// Unnamed participants, by the words that describe them ("police", "14 people").
    descriptors: Vec<(Range<usize>, &'static str)>,
    /// A definite noun ("the attack", "this blast"): it may refer back to an event already
    /// mentioned, named or not.
    definite: bool,
    what: Option<String>,
    place: Option<String>,
    date: Option<String>,
    status: EventStatus,
    confidence: Option<f32>,
}

/// What the clause around a trigger says: who, and the words that decide the status.
#[derive(Default)]
struct Clause<'s> {
    /// The trigger is a noun ("the cuts"), not a verb.
    noun: bool,
    participants: Vec<(usize, &'static str)>,
    descriptors: Vec<(Range<usize>, &'static str)>,
    definite: bool,
    possessor: Option<usize>,
    cues: Vec<&'s str>,
    passive: bool,
    progressive: bool,
}

impl<'a> View<'a> {
    fn new(doc: &'a Document) -> View<'a> {
        let words: Vec<String> = doc
            .tokens
            .iter()
            .map(|t| {
                let w = doc.slice(t.span);
                let w = w.strip_suffix('.').filter(|s| !s.is_empty()).unwrap_or(w);
                w.to_lowercase().replace('’', "'")
            })
            .collect();
        let n = doc.tokens.len();
        let token_at = |pos: u32| doc.tokens.partition_point(|t| t.span.start < pos);
        let mut mentions = Vec::new();
        for (entity, e) in doc.entities.iter().enumerate() {
            for m in &e.mentions {
                let first = token_at(m.span.start);
                let end = token_at(m.span.end);
                if first < end && end <= n {
                    mentions.push(M { first, last: end - 1, entity, kind: e.kind, pronoun: m.pronoun });
                }
            }
        }
        mentions.sort_by_key(|m| m.first);
        let mut ends = vec![None; n];
        let mut starts = vec![None; n];
        for (i, m) in mentions.iter().enumerate() {
            ends[m.last] = Some(i);
            starts[m.first] = Some(i);
        }
        let sentences =
            doc.sentences.iter().map(|s| token_at(s.start)..token_at(s.end)).filter(|r| r.start < r.end).collect();
        let dates = doc
            .time_expressions
            .iter()
            .enumerate()
            .filter(|(_, t)| matches!(t.kind, TimeType::Date | TimeType::Time))
            .filter(|(_, t)| t.value.starts_with(|c: char| c.is_ascii_digit()))
            .map(|(i, t)| (token_at(t.span.start), token_at(t.span.end).max(1) - 1, i))
            .collect();
        let mut in_time = vec![false; n];
        for t in &doc.time_expressions {
            for flag in &mut in_time[token_at(t.span.start)..token_at(t.span.end).min(n)] {
                *flag = true;
            }
        }
        View { doc, words, mentions, ends, starts, sentences, dates, in_time }
    }

    fn w(&self, i: usize) -> &str {
        self.words.get(i).map_or("", String::as_str)
    }

    fn capitalised(&self, i: usize) -> bool {
        self.doc.tokens.get(i).is_some_and(|t| self.doc.slice(t.span).starts_with(|c: char| c.is_uppercase()))
    }

    /// Whether a mention can take part in an event (people, organisations, places as actors,
    /// and groups named by a plural: "Democrats", "Turks"; not "Russian" or "the Olympics").
    fn actor(&self, m: usize) -> bool {
        let mm = self.mentions[m];
        if mm.kind != EntityKind::Misc {
            return true;
        }
        let last = self.doc.slice(self.doc.tokens[mm.last].span);
        let plural = last.len() > 3 && last.ends_with('s') && !last.ends_with("ss") && mm.first == mm.last;
        plural && !matches!(self.w(mm.first.wrapping_sub(1)), "the") && !self.capitalised(mm.last + 1)
    }

    fn events(&self) -> Vec<Event> {
        let mut drafts: Vec<Draft> = Vec::new();
        let mut consumed = vec![false; self.words.len()];
        for range in &self.sentences {
            let mut i = range.start;
            while i < range.end {
                if !consumed[i]
                    && let Some(d) = self.draft_at(i, range.clone(), &mut consumed)
                {
                    i = d.trigger.end;
                    drafts.push(d);
                    continue;
                }
                i += 1;
            }
        }
        self.finish(drafts)
    }

    fn name(&self, m: usize) -> String {
        self.doc.entities[self.mentions[m].entity].name.clone()
    }

    /// A participle used as an adjective: "visited jailed journalist X", "the detained man".
    fn adjectival(&self, i: usize, start: usize) -> bool {
        let w = self.w(i);
        let prev = if i > start { self.w(i - 1) } else { "" };
        w.ends_with("ed")
            && (matches!(prev, "a" | "an" | "the" | "his" | "her" | "their" | "its")
                || lexicon::trigger(prev).is_some_and(|(_, f)| f == Form::Verb))
            && !self.capitalised(i + 1)
            && self.starts.get(i + 1).is_none_or(Option::is_none)
    }

    /// The trigger starting at token `i`, resolved to its form, and its end.
    fn trigger_at(&self, i: usize, range: &Range<usize>) -> Option<(Kind, Form, usize)> {
        let w = self.w(i);
        let (mut kind, mut form) = lexicon::trigger(w)?;
        // Names and sentence-initial capitals are not triggers ("Rally Ltd", "March").
        if self.capitalised(i) && i != range.start {
            return None;
        }
        if self.starts[i].is_some() || self.ends[i].is_some() {
            return None;
        }
        let mut end = i + 1;
        let prev = if i > range.start { self.w(i - 1) } else { "" };
        // "agreed that …" reports a claim; "agreed to / on / in Manila to …" is a deal.
        if matches!(w, "agreed" | "agrees" | "agree") && matches!(self.w(i + 1), "that" | "," | "with" | ".") {
            return None;
        }
        if self.adjectival(i, range.start) {
            return None;
        }
        if matches!(w, "call" | "calls") && matches!(prev, "phone" | "telephone" | "video" | "conference") {
            return Some((Kind::Meet, Form::Noun, i + 1));
        }
        if let Some(particles) = lexicon::needs_particle(w) {
            let next = self.w(i + 1);
            if particles.is_empty() {
                // "named (finance chief) X as …": a person follows.
                let person = (i + 1..(i + 5).min(range.end))
                    .find_map(|k| self.starts[k])
                    .is_some_and(|m| self.mentions[m].kind == EntityKind::Person);
                if !person {
                    return None;
                }
            } else if w == "charged" {
                (i + 1..(i + 7).min(range.end)).find(|&k| self.w(k) == "with")?;
            } else if particles.contains(&next) {
                // "called on Monday" is a date, "called on the minister" a demand.
                if matches!(next, "on" | "upon")
                    && (self.in_time.get(i + 2).copied().unwrap_or(true) || i + 2 >= range.end)
                {
                    return None;
                }
                if !matches!(next, "a" | "an" | "the" | "to" | "on" | "upon") {
                    end = i + 2;
                }
                if next == "part" && self.w(i + 2) == "in" {
                    end = i + 3;
                }
            } else {
                return None;
            }
        }
        if form == Form::Either {
            // Verbs follow their auxiliaries or subject ("will visit", "Trump calls for");
            // anything else makes a noun ("a visit", "the largest protest", "and calls for").
            let verb = lexicon::VERB_GROUP.contains(&prev)
                || matches!(prev, "they" | "we" | "i" | "you" | "it")
                || (prev.ends_with("ly") && prev.len() > 4)
                || self
                    .ends
                    .get(i.wrapping_sub(1))
                    .copied()
                    .flatten()
                    .is_some_and(|m| self.mentions[m].kind != EntityKind::Misc);
            // After a comma, a participle: ", warning Canada that …".
            let verb = verb || (prev == "," && w.ends_with("ing"));
            form = if verb && !lexicon::determiner(prev) { Form::Verb } else { Form::Noun };
            if matches!(w, "charge" | "charges") && form == Form::Noun {
                return None;
            }
        }
        if matches!(w, "strike" | "strikes") && matches!(prev, "air" | "missile" | "drone" | "military") {
            kind = Kind::Attack;
        }
        if w == "meeting"
            && matches!(prev, "is" | "are" | "was" | "were" | "be" | "been" | "after" | "before" | "while" | "by")
        {
            form = Form::Verb;
        }
        Some((kind, form, end))
    }

    fn draft_at(&self, i: usize, range: Range<usize>, consumed: &mut [bool]) -> Option<Draft> {
        let (kind, form, end) = self.trigger_at(i, &range)?;
        let lo = range.start.max(i.saturating_sub(REACH));
        let hi = range.end.min(end + REACH);
        let clause = self.clause(i, end, Some(kind), form, lo);
        // "Tariffs" alone is a topic; "tariffs on steel", "US tariffs" an imposition.
        if self.w(i) == "tariffs" && !matches!(self.w(end), "on" | "against") && clause.possessor.is_none() {
            return None;
        }
        let mut d = Draft {
            kind,
            trigger: i..end,
            sentence: range.clone(),
            participants: clause.participants.clone(),
            descriptors: clause.descriptors.clone(),
            definite: clause.definite,
            what: None,
            place: None,
            date: None,
            status: EventStatus::Happened,
            confidence: None,
        };
        self.complements(&mut d, end, hi, form, clause.passive, consumed);
        // An unnamed object right after a verb: "killed 14 people", "detained three men".
        if form != Form::Noun
            && !clause.passive
            && !matches!(kind, Kind::Resign | Kind::Protest | Kind::Attend)
            && let Some(np) = self.description_starting(end, hi)
        {
            d.descriptors.push((np, if kind.symmetric() { "counterpart" } else { "target" }));
        }
        (d.status, d.date, d.confidence) = self.decide(i, end, &range, &clause, form);
        if d.place.is_none() {
            d.place = self.place_in(&range, &d.trigger);
        }
        Some(d)
    }

    /// Whether a calendar date lies after the publication day: what happens then is scheduled.
    fn after_publication(&self, date: Option<&str>) -> bool {
        let (Some(date), Some(dct)) = (date, self.doc.published) else { return false };
        let dct = dct.date().format("%Y-%m-%d").to_string();
        let n = date.len().min(10);
        let calendar = date.as_bytes().get(4) == Some(&b'-') && date.as_bytes().get(5) != Some(&b'W');
        calendar && dct.get(..n).is_some_and(|p| date[..n] > *p)
    }

    /// The rules' status and the event's date: the clause's words, then a date after
    /// publication makes what would have happened scheduled.
    fn rule_status(&self, i: usize, end: usize, range: &Range<usize>, c: &Clause) -> (EventStatus, Option<String>) {
        let status = self.status(c, i);
        let date = self.date_near(&(i..end), range, status == EventStatus::Hypothetical);
        if matches!(status, EventStatus::Happened | EventStatus::Ongoing) && self.after_publication(date.as_deref()) {
            return (EventStatus::Scheduled, date);
        }
        (status, date)
    }

    /// The status the layer reports, with its date and confidence: the learned model's
    /// choice over the rules' (which keep "ongoing", a distinction the training data lacks).
    fn decide(
        &self,
        i: usize,
        end: usize,
        range: &Range<usize>,
        c: &Clause,
        form: Form,
    ) -> (EventStatus, Option<String>, Option<f32>) {
        let (rule, date) = self.rule_status(i, end, range, c);
        let model = StatusModel::builtin();
        if model.is_empty() {
            return (rule, date, None);
        }
        let features = self.features(i, end, range, c, form, rule, date.as_deref());
        let (class, confidence) = model.predict(&features);
        let status = match STATUS_CLASSES[class] {
            EventStatus::Happened if rule == EventStatus::Ongoing => EventStatus::Ongoing,
            s => s,
        };
        // A hypothetical event takes no date from before it.
        let date = if status == EventStatus::Hypothetical && rule != EventStatus::Hypothetical {
            self.date_near(&(i..end), range, true)
        } else {
            date
        };
        (status, date, Some(confidence))
    }

    /// The clause around a trigger at `i..end`: its subject or possessor, and the words that
    /// decide the status (the verb group, or what governs a noun). `kind` is None for a
    /// predicate outside the vocabulary (status for any event word).
    fn clause(&self, i: usize, end: usize, kind: Option<Kind>, form: Form, lo: usize) -> Clause<'_> {
        let mut c = Clause::default();
        match form {
            Form::Verb | Form::Either => {
                let (group_start, subject) = self.subject(i, lo);
                c.cues.extend((group_start..i).map(|k| self.w(k)));
                let be = |w: &str| matches!(w, "is" | "are" | "was" | "were" | "be" | "been" | "being" | "am");
                let tw = self.w(i);
                c.passive = c.cues.iter().rev().take(3).any(|w| be(w))
                    && (tw.ends_with("ed") || matches!(tw, "met" | "held" | "named" | "hit" | "struck"))
                    && !(kind == Some(Kind::Meet) && matches!(self.w(end), "to" | "with"));
                c.progressive =
                    tw.ends_with("ing") && c.cues.iter().any(|w| matches!(*w, "is" | "are" | "am" | "been"));
                // An infinitive's status comes from the verb that controls it: "urged X to resign".
                let before = subject.first().map_or(group_start, |&m| self.mentions[m].first);
                if c.cues.first() == Some(&"to") {
                    c.cues.extend((before.saturating_sub(3).max(lo)..before).map(|k| self.w(k)));
                }
                self.clause_cues(before, lo, &mut c.cues);
                let role = if c.passive { "target" } else { "agent" };
                if subject.is_empty()
                    && let Some(np) = self.description_ending(group_start, lo)
                {
                    c.descriptors.push((np, role));
                }
                c.participants.extend(subject.into_iter().map(|m| (m, role)));
            }
            Form::Noun => {
                c.noun = true;
                let (np_start, possessor) = self.possessor(i, lo);
                c.possessor = possessor;
                c.definite = np_start < i && matches!(self.w(np_start), "the" | "this" | "that" | "these" | "those");
                c.participants.extend(possessor.map(|m| (m, "agent")));
                // The verb that governs the noun phrase, with its auxiliaries.
                let mut k = np_start;
                let mut taken = 0;
                while k > lo && taken < 4 {
                    let w = self.w(k - 1);
                    if matches!(w, "," | "." | ";" | ":" | "in" | "at" | "from" | "with" | "on" | "about" | "after")
                        || self.ends[k - 1].is_some()
                    {
                        break;
                    }
                    c.cues.push(w);
                    taken += 1;
                    k -= 1;
                    if lexicon::governs(w) {
                        let demand =
                            matches!(w, "called" | "calls" | "call" | "calling" | "demanded" | "demands" | "urged");
                        let (group_start, subject) = self.subject(k, lo);
                        // Who calls for a strike or talks takes part in them; who calls for
                        // a resignation, arrest or sanctions does not.
                        let joins = matches!(kind, Some(Kind::Protest | Kind::Meet | Kind::Negotiate));
                        let subject = if demand && (possessor.is_some() || !joins) { Vec::new() } else { subject };
                        c.cues.extend((group_start..k).map(|g| self.w(g)));
                        let before = subject.first().map_or(group_start, |&m| self.mentions[m].first);
                        self.clause_cues(before, lo, &mut c.cues);
                        c.progressive = w.ends_with("ing") && c.cues.iter().any(|w| matches!(*w, "is" | "are" | "am"));
                        for m in subject {
                            c.participants.insert(0, (m, "agent"));
                        }
                        break;
                    }
                }
            }
        }
        c
    }

    /// The status from the clause's words: negation, then modality, then the future, then aspect.
    fn status(&self, c: &Clause, i: usize) -> EventStatus {
        let avoided = matches!(
            self.w(i),
            "skipped" | "skips" | "skip" | "skipping" | "boycotted" | "boycotts" | "boycott" | "boycotting" | "missed"
        );
        // The verb that governs an infinitive: "failed to reach", "wants to buy".
        let governor = (i >= 2 && self.w(i - 1) == "to")
            .then(|| {
                (i.saturating_sub(6)..i - 1)
                    .rev()
                    .take_while(|&k| !lexicon::ends_clause(self.w(k)) && self.w(k) != ",")
                    .find_map(|k| lexicon::governs_event(self.w(k)))
            })
            .flatten();
        let governed = |g| governor == Some(g);
        // "those cuts will be made": a noun whose own verb is future.
        let noun_future = c.noun
            && (i + 1..(i + 8).min(self.words.len()))
                .take_while(|&k| !lexicon::ends_clause(self.w(k)) && self.w(k) != ",")
                .find(|&k| lexicon::VERB_GROUP.contains(&self.w(k)))
                .is_some_and(|k| matches!(self.w(k), "will" | "'ll" | "shall"));
        if avoided || c.cues.iter().any(|w| lexicon::negates(w)) || governed(lexicon::Governs::Against) {
            EventStatus::Negated
        } else if c.cues.iter().any(|w| lexicon::hypothesises(w)) {
            EventStatus::Hypothetical
        } else if c.cues.iter().any(|w| lexicon::schedules(w)) {
            EventStatus::Scheduled
        } else if noun_future {
            EventStatus::Scheduled
        } else if governed(lexicon::Governs::Possibly) {
            EventStatus::Hypothetical
        } else if c.progressive
            || c.cues
                .iter()
                .any(|w| matches!(*w, "began" | "begins" | "started" | "starts" | "continues" | "continuing"))
        {
            EventStatus::Ongoing
        } else {
            EventStatus::Happened
        }
    }

    /// A word that can be part of a description of a participant: a lower-case noun,
    /// adjective or number ("police", "two suicide bombers", "14 people"), not a function word.
    fn descriptive(&self, k: usize) -> bool {
        let w = self.w(k);
        // A sentence-initial capital is still a common noun ("Police detained …").
        let opens = self.sentences.binary_search_by_key(&k, |r| r.start).is_ok();
        let lower_or_number = !self.capitalised(k) || opens || w.chars().all(|c| c.is_ascii_digit());
        let number = w.starts_with(|c: char| c.is_ascii_digit()) && w.chars().all(|c| c.is_ascii_digit() || c == ',');
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
    fn adjectival_name(&self, m: usize) -> bool {
        let mm = self.mentions[m];
        mm.kind == EntityKind::Misc && mm.first == mm.last && !self.actor(m) && self.descriptive(mm.last + 1)
    }

    /// The description of an unnamed subject ending just before `k` ("Police", "a suicide
    /// bomber", "gunmen"), with its determiner; None when the word before is no noun.
    fn description_ending(&self, k: usize, lo: usize) -> Option<Range<usize>> {
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

    /// The description of an unnamed object starting at `k` ("14 people", "three soldiers"),
    /// up to the next preposition or punctuation; None when a name or nothing follows.
    fn description_starting(&self, k: usize, hi: usize) -> Option<Range<usize>> {
        let mut end = k;
        if end < hi && lexicon::determiner(self.w(end)) {
            end += 1;
        }
        if let Some(m) = self.starts.get(end).copied().flatten().filter(|&m| self.adjectival_name(m)) {
            end = self.mentions[m].last + 1;
        }
        while end < hi && end - k < 5 && self.descriptive(end) && !lexicon::determiner(self.w(end)) {
            end += 1;
        }
        let nouns = (k..end).filter(|&t| !lexicon::determiner(self.w(t))).count();
        let stop = self.w(end);
        let clean = end >= hi
            || lexicon::ends_clause(stop)
            || matches!(
                stop,
                "," | "." | "in" | "on" | "at" | "near" | "during" | "after" | "and" | "with" | "for" | "to" | "that"
            );
        (nouns > 0 && clean).then_some(k..end)
    }

    /// Words of the clause around a subject that bear on its verb: a subordinator before it
    /// ("if Australia went ahead", "until the ministry agreed") or, for a "that" clause, the
    /// verb that governs it ("denied on Monday that he had met").
    fn clause_cues<'s>(&'s self, before: usize, lo: usize, cues: &mut Vec<&'s str>) {
        let mut k = before;
        let mut steps = 0;
        while k > lo && steps < 6 {
            k -= 1;
            steps += 1;
            let w = self.w(k);
            if matches!(w, "if" | "unless" | "until" | "whether" | "once") {
                cues.push(w);
                return;
            }
            if w == "that" {
                cues.extend((k.saturating_sub(4).max(lo)..k).map(|t| self.w(t)).filter(|w| *w != "not"));
                return;
            }
            if !self.in_time[k]
                && !matches!(w, "on" | "in" | "at" | "," | "had" | "has" | "have" | "would" | "will" | "the")
            {
                return;
            }
        }
    }

    /// Whether a clause boundary lies between two tokens.
    fn separated(&self, a: usize, b: usize) -> bool {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        (a + 1..b)
            .any(|t| lexicon::ends_clause(self.w(t)) && !matches!(self.w(t), "\"" | "“" | "”" | "(" | ")" | "since"))
    }

    /// Walks left from a verb at `i` over its verb group to its subject. Returns where the
    /// verb group starts and the subject's mentions (coordinated subjects in order); none when
    /// the subject is not a name ("the two ministers agreed", "Police detained").
    fn subject(&self, i: usize, lo: usize) -> (usize, Vec<usize>) {
        self.subject_within(i, lo, 2)
    }

    fn subject_within(&self, i: usize, lo: usize, depth: u8) -> (usize, Vec<usize>) {
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
    fn complement(&self, m: usize) -> bool {
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
    fn coordinated(&self, m: usize, lo: usize) -> Vec<usize> {
        let mut out = vec![m];
        let mut first = self.mentions[m].first;
        while out.len() < MAX_PARTICIPANTS && first >= lo + 2 {
            if !matches!(self.w(first - 1), "and" | "," | "&") {
                break;
            }
            let mut before = first - 1;
            if self.w(before) == "the" && before > lo + 1 {
                before -= 1;
                if !matches!(self.w(before), "and" | ",") {
                    break;
                }
            }
            if self.w(before) == "and" && self.w(before - 1) == "," {
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
    fn title_modifier(&self, m: usize) -> bool {
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
    fn possessor(&self, i: usize, lo: usize) -> (usize, Option<usize>) {
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
    fn np_start(&self, first: usize, lo: usize) -> usize {
        if first > lo && matches!(self.w(first - 1), "the" | "a" | "an") { first - 1 } else { first }
    }

    /// Objects and complements after the trigger: counterparts, targets, place, what.
    fn complements(&self, d: &mut Draft, end: usize, hi: usize, form: Form, passive: bool, consumed: &mut [bool]) {
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

    /// A place named with a locative preposition in the trigger's clause (a temporal clause
    /// shares it: "in Washington after attending"), or in the sentence's opening adverbial,
    /// which sets the scene for the whole sentence ("Earlier in the week in Washington, …").
    fn place_in(&self, range: &Range<usize>, trigger: &Range<usize>) -> Option<String> {
        let opening = (range.start..range.end.min(range.start + 10)).find(|&t| self.w(t) == ",").unwrap_or(range.start);
        let barrier = |a: usize, b: usize| {
            let (a, b) = if a <= b { (a, b) } else { (b, a) };
            (a + 1..b).any(|t| {
                let w = self.w(t);
                lexicon::ends_clause(w)
                    && !matches!(w, "after" | "before" | "when" | "since" | "\"" | "“" | "”" | "(" | ")")
            })
        };
        (range.clone())
            .filter(|&t| lexicon::locative(self.w(t)) && self.w(t) != "from")
            .filter(|&t| t < opening || (t.abs_diff(trigger.start) <= 12 && !barrier(t, trigger.start)))
            .filter_map(|t| self.starts.get(t + 1).copied().flatten())
            .filter(|&m| self.mentions[m].kind == EntityKind::Location)
            .min_by_key(|&m| self.mentions[m].first.abs_diff(trigger.start))
            .map(|m| self.name(m))
    }

    /// The calendar value of the time expression nearest the trigger in its sentence.
    /// A hypothetical event takes no date from before it ("on Tuesday called for his
    /// resignation": Tuesday is when the call was made).
    fn date_near(&self, trigger: &Range<usize>, range: &Range<usize>, hypothetical: bool) -> Option<String> {
        self.dates
            .iter()
            .filter(|(a, b, _)| *a >= range.start && *b < range.end)
            .filter(|(a, _, _)| !(hypothetical && *a < trigger.start))
            .filter(|(a, _, _)| !self.separated(*a, trigger.start))
            .min_by_key(|(a, b, _)| {
                // Dates after the trigger bind more closely ("meeting on April 26-27").
                if *a >= trigger.end { a - trigger.end } else { trigger.start.saturating_sub(*b) * 2 }
            })
            .filter(|(a, b, _)| a.abs_diff(trigger.start).min(b.abs_diff(trigger.start)) <= 20)
            .map(|&(_, _, i)| self.doc.time_expressions[i].value.clone())
    }

    /// Drafts into events: participants by entity, one event per type and participants.
    fn finish(&self, drafts: Vec<Draft>) -> Vec<Event> {
        let mut out: Vec<(Vec<usize>, Event)> = Vec::new();
        for d in drafts {
            let mut participants: Vec<Participant> = Vec::new();
            let mut entities: Vec<usize> = Vec::new();
            for &(m, role) in &d.participants {
                let e = self.mentions[m].entity;
                if entities.contains(&e) {
                    continue;
                }
                entities.push(e);
                let entity = &self.doc.entities[e];
                let mm = self.mentions[m];
                let tokens = &self.doc.tokens;
                participants.push(Participant {
                    entity: Some(entity.id.clone()),
                    name: entity.name.clone(),
                    role: role.to_string(),
                    span: Some(Span::new(tokens[mm.first].span.start as usize, tokens[mm.last].span.end as usize)),
                });
            }
            let tokens = &self.doc.tokens;
            for (r, role) in &d.descriptors {
                let span = Span::new(tokens[r.start].span.start as usize, tokens[r.end - 1].span.end as usize);
                if participants.len() < MAX_PARTICIPANTS && !participants.iter().any(|p| p.span == Some(span)) {
                    let name = self.doc.slice(span).to_string();
                    participants.push(Participant { entity: None, name, role: role.to_string(), span: Some(span) });
                }
            }
            let mut key = entities.clone();
            key.sort_unstable();
            // The same event mentioned again, perhaps with fewer names: "appointed Diallo …
            // Ms Diallo's appointment".
            // No names is no evidence of identity: an unnamed mention joins an earlier event
            // only as a definite noun ("… exploded … the blast"), the latest one of its type.
            let subset = |a: &[usize], b: &[usize]| a.iter().all(|x| b.contains(x));
            let same_names = |k: &[usize]| {
                if key.is_empty() || k.is_empty() { d.definite } else { subset(&key, k) || subset(k, &key) }
            };
            if let Some((k, same)) =
                out.iter_mut().rev().find(|(k, e)| e.kind == d.kind.name() && e.status == d.status && same_names(k))
            {
                let tokens = &self.doc.tokens;
                same.mentions.push(Span::new(
                    tokens[d.trigger.start].span.start as usize,
                    tokens[d.trigger.end - 1].span.end as usize,
                ));
                if key.len() > k.len() {
                    *k = key;
                    same.participants = participants;
                }
                if same.place.is_none() {
                    same.place = d.place;
                }
                if same.date.is_none() {
                    same.date = d.date;
                }
                if same.what.is_none() {
                    same.what = d.what;
                }
                continue;
            }
            let tokens = &self.doc.tokens;
            let trigger =
                Span::new(tokens[d.trigger.start].span.start as usize, tokens[d.trigger.end - 1].span.end as usize);
            let evidence =
                Span::new(tokens[d.sentence.start].span.start as usize, tokens[d.sentence.end - 1].span.end as usize);
            out.push((
                key,
                Event {
                    kind: d.kind.name().to_string(),
                    cameo: d.kind.cameo().to_string(),
                    trigger,
                    participants,
                    what: d.what,
                    place: d.place,
                    date: d.date,
                    status: d.status,
                    evidence,
                    mentions: Vec::new(),
                    confidence: d.confidence,
                },
            ));
        }
        // A trip's place carries over to what the same person did on it: Aso's meeting with
        // Mnuchin took place where he attended the G-20, unless the text says otherwise.
        let agents = |e: &Event| -> Vec<String> {
            let people = e.participants.iter().filter(|p| p.role == "agent");
            let person = |id: &String| self.doc.entities.iter().any(|x| &x.id == id && x.kind == EntityKind::Person);
            people.filter_map(|p| p.entity.clone()).filter(person).collect()
        };
        let placed: Vec<(Vec<String>, String)> = out
            .iter()
            .filter(|(_, e)| e.status == EventStatus::Happened)
            .filter_map(|(_, e)| Some((agents(e), e.place.clone()?)))
            .collect();
        for (_, e) in out.iter_mut().filter(|(_, e)| e.place.is_none() && e.status == EventStatus::Happened) {
            let mine = agents(e);
            let mut places = placed.iter().filter(|(p, _)| p.iter().any(|x| mine.contains(x))).map(|(_, pl)| pl);
            if let Some(first) = places.next()
                && places.all(|p| p == first)
            {
                e.place = Some(first.clone());
            }
        }
        out.into_iter().map(|(_, e)| e).collect()
    }
}
