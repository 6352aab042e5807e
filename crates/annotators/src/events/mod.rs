//! The `events` annotator: who did what with whom, where and when, and whether it happened.
//!
//! Triggers are verbs ("met", "will visit", "after attending") and nominalisations ("his
//! meeting with …", "calls for his resignation", "the central bank's monetary policy
//! meeting") from the vocabulary in `docs/events.md`. Participants are entity mentions found
//! by clause-level patterns: the subject before a verb group (skipping relative clauses and
//! appositives), a possessor before a noun, the object or a `with`/`between`/`on`/`of`
//! complement after the trigger. Place, date and status come from locative complements, the
//! time layer, and the words of the verb group (tense, modality, negation). An unnamed
//! participant is given by its description ("police", "14 villagers"); the same event
//! mentioned twice in an article is kept once, with its later mentions.

mod arguments;
mod earlier;
mod lexicon;
mod participants;
mod rules;
mod setting;
mod status;
mod syntax_paths;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use newsgraph_document::{Document, EntityKind, Event, EventStatus, Layer, Participant, Span, TimeType};
use newsgraph_pipeline::Annotator;

pub use arguments::{ARGUMENT_ROLES, ArgumentExample, ArgumentModel, ArgumentSite, argument_sites, train_arguments};
use earlier::Earlier;
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
        let mut events = view.events();
        // The place's coordinates, when the places layer ran before (it is not required:
        // events stand without it, as in the benches' partial pipelines).
        for e in &mut events {
            e.geo = e.place.as_ref().and_then(|name| {
                doc.entities.iter().find(|x| &x.name == name && x.kind == EntityKind::Location)?.geo.clone()
            });
        }
        doc.events = events;
    }
}

/// A small count spelled out ("two" … "five").
fn number_word(w: &str) -> Option<usize> {
    Some(match w {
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        _ => return None,
    })
}

/// The status the layer gives an event word (any predicate, not only the vocabulary's) at
/// `trigger` in an annotated document: what `eval events-status` measures.
pub fn status_of(doc: &Document, trigger: Span) -> EventStatus {
    let view = View::new(doc);
    view.site_of(trigger).map_or(EventStatus::Happened, |(site, clause)| view.decide(&site, &clause).0)
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
    parses: syntax_paths::ParseCache,
    /// Whether argument options read dependency trees (as the built-in model was trained).
    trees: bool,
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

/// An event word in its sentence: tokens `i..end` of the sentence `range`, read as `form`.
struct Site {
    i: usize,
    end: usize,
    range: Range<usize>,
    form: Form,
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
    /// A city naming where a noun happened: "the Orlando massacre".
    place: Option<usize>,
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
        View {
            doc,
            words,
            mentions,
            ends,
            starts,
            sentences,
            dates,
            in_time,
            parses: Default::default(),
            trees: ArgumentModel::builtin().reads_trees(),
        }
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
        // "the name of X", "his name" are nouns; "signed up" is no agreement.
        if matches!(w, "name" | "names")
            && (lexicon::determiner(prev) || matches!(prev, "his" | "her" | "their" | "its" | "'s"))
            || (kind == Kind::Agree && self.w(i + 1) == "up")
        {
            return None;
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
            } else if particles == ["to"] && kind == Kind::Demand {
                // "asked the ministry to act": an object, then an infinitive, in one clause.
                (i + 2..(i + 8).min(range.end))
                    .take_while(|&k| !lexicon::ends_clause(self.w(k)) && self.w(k) != ",")
                    .find(|&k| {
                    self.w(k) == "to"
                        && !lexicon::determiner(self.w(k + 1))
                        && self.w(k + 1).chars().all(char::is_alphabetic)
                        && self.starts.get(k + 1).copied().flatten().is_none()
                })?;
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
                || self.ends.get(i.wrapping_sub(1)).copied().flatten().is_some_and(|m| {
                    // "the Orlando massacre": a name after a determiner modifies a noun.
                    let first = self.mentions[m].first;
                    self.mentions[m].kind != EntityKind::Misc
                        && !(first > range.start && lexicon::determiner(self.w(first - 1)))
                });
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
        // An election is an appointment only as someone's: "her election in May"; "the
        // election", "a controversial election" are votes.
        if self.w(i) == "election" && clause.possessor.is_none() {
            return None;
        }
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
            place: clause.place.map(|m| self.name(m)),
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
            let role = if kind.symmetric() { "counterpart" } else { "target" };
            // "detained 14 people, including spokesman Julien Marchetti": one of them, named.
            if let Some(m) = self.included(np.end, hi)
                && d.participants.len() < MAX_PARTICIPANTS
            {
                d.participants.push((m, role));
            }
            d.descriptors.push((np, role));
        }
        // An unnamed complement: "attacks on security forces", "the killing of 130 people"
        // (a target); "was killed by gunmen" (the agent).
        let prep = self.w(end);
        let role = match prep {
            "of" | "on" | "against" if form == Form::Noun && !kind.symmetric() => {
                Some(if matches!(kind, Kind::Resign | Kind::Protest) { "agent" } else { "target" })
            }
            "by" if clause.passive || form == Form::Noun => Some("agent"),
            _ => None,
        };
        if let Some(role) = role
            && self.starts.get(end + 1).copied().flatten().is_none()
            && let Some(np) = self.description_starting(end + 1, hi)
        {
            d.descriptors.push((np, role));
        }
        let site = Site { i, end, range: range.clone(), form };
        let model = ArgumentModel::builtin();
        // The model ranks (and parses the sentence) only where its patient would be used.
        if !model.is_empty() && self.wants_patient(&d) {
            let chosen = self.learned_roles(model, &site, &clause);
            self.fill_patient(&mut d, chosen, lo, hi);
        }
        (d.status, d.date, d.confidence) = self.decide(&site, &clause);
        if d.place.is_none() {
            d.place = self.place_in(&range, &d.trigger);
        }
        Some(d)
    }

    /// The name ", including" introduces after a description, past lower-case title words
    /// ("including alliance spokesman Julien Marchetti"); none when a preposition comes first
    /// ("including several close to X": X is not one of them).
    fn included(&self, k: usize, hi: usize) -> Option<usize> {
        if !(self.w(k) == "," && self.w(k + 1) == "including") {
            return None;
        }
        let mut t = k + 2;
        while t < hi && t < k + 6 {
            if let Some(m) = self.starts[t] {
                return self.actor(m).then_some(m);
            }
            let w = self.w(t);
            if !w.chars().all(char::is_alphabetic) || lexicon::locative(w) || matches!(w, "to" | "of" | "with" | "for")
            {
                return None;
            }
            t += 1;
        }
        None
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
                // A place that is no country, before the noun without "'s", is where it
                // happened ("the Orlando massacre", "the Manchester bombing"); a country is
                // who did it ("US tariffs").
                let located = possessor.filter(|&m| {
                    let mm = self.mentions[m];
                    mm.kind == EntityKind::Location
                        && !matches!(self.w(mm.last + 1), "'s" | "'")
                        && !crate::entities::is_country(&self.name(m))
                });
                let possessor = if located.is_some() { None } else { possessor };
                c.place = located;
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
                        if subject.is_empty()
                            && !demand
                            && let Some(np) = self.description_ending(group_start, lo)
                        {
                            c.descriptors.push((np, "agent"));
                        }
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

    /// The named sides a counted description refers back to ("the two leaders", "both
    /// countries", "the four countries", "the two"): the latest earlier event in the same
    /// paragraph with exactly that many named participants of the kind the noun names.
    fn counted_back(&self, r: &Range<usize>, span: Span, out: &[(Vec<usize>, Event)]) -> Option<Vec<usize>> {
        let words: Vec<&str> = r.clone().map(|k| self.w(k)).collect();
        let (count, noun) = match words.as_slice() {
            ["both", noun] => (2, *noun),
            ["the", n] => (number_word(n)?, ""),
            ["the", n, noun] => (number_word(n)?, *noun),
            _ => return None,
        };
        let kind = match noun {
            "" => None,
            "countries" | "nations" | "governments" | "states" | "neighbours" | "neighbors" => {
                Some(EntityKind::Location)
            }
            "leaders" | "ministers" | "men" | "women" | "presidents" | "officials" | "politicians" | "sides" => {
                Some(EntityKind::Person)
            }
            "companies" | "firms" | "groups" | "parties" | "banks" => Some(EntityKind::Organisation),
            _ => return None,
        };
        let paragraph = |pos: u32| self.doc.paragraphs.partition_point(|p| p.end <= pos);
        let here = paragraph(span.start);
        out.iter().rev().filter(|(_, e)| paragraph(e.trigger.start) == here).find_map(|(named, _)| {
            let fits = named.len() == count
                && named.iter().all(|&e| {
                    let k = self.doc.entities[e].kind;
                    kind.is_none_or(|want| k == want || (want == EntityKind::Location && k == EntityKind::Organisation))
                });
            fits.then(|| named.clone())
        })
    }

    /// The organisation a definite description names again by its head noun: "the ministry"
    /// after "the Finance Ministry", "the union" after "the Cockpit Crew Union"; the latest
    /// one mentioned before it.
    fn named_before(&self, r: &Range<usize>, span: Span) -> Option<usize> {
        let words: Vec<&str> = r.clone().map(|k| self.w(k)).collect();
        let ["the", noun] = words.as_slice() else { return None };
        if participants::plural(noun) {
            return None;
        }
        self.mentions
            .iter()
            .filter(|m| m.kind == EntityKind::Organisation && !m.pronoun && m.first < r.start)
            .filter(|m| self.doc.tokens[m.last].span.end <= span.start)
            .rfind(|m| m.last > m.first && self.w(m.last) == *noun)
            .map(|m| m.entity)
    }

    /// Drafts into events: participants by entity, one event per type and participants.
    fn finish(&self, drafts: Vec<Draft>) -> Vec<Event> {
        let mut out: Vec<(Vec<usize>, Event)> = Vec::new();
        let mut earlier = Earlier::default();
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
                // "The two leaders", "both countries": the sides of the last such event;
                // "the ministry": the organisation named before with that head noun.
                let referent = self.counted_back(r, span, &out).or_else(|| self.named_before(r, span).map(|e| vec![e]));
                if let Some(sides) = referent {
                    for e in sides {
                        if !entities.contains(&e) && participants.len() < MAX_PARTICIPANTS {
                            entities.push(e);
                            let entity = &self.doc.entities[e];
                            participants.push(Participant {
                                entity: Some(entity.id.clone()),
                                name: entity.name.clone(),
                                role: role.to_string(),
                                span: Some(span),
                            });
                        }
                    }
                    continue;
                }
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
            if let Some(i) = earlier.find(d.kind.name(), d.status, &key, d.definite, |i| &out[i].0) {
                let (k, same) = &mut out[i];
                let tokens = &self.doc.tokens;
                same.mentions.push(Span::new(
                    tokens[d.trigger.start].span.start as usize,
                    tokens[d.trigger.end - 1].span.end as usize,
                ));
                if key.len() > k.len() {
                    earlier.named(i, d.kind.name(), d.status, &key);
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
            earlier.file(out.len(), d.kind.name(), d.status, &key);
            out.push((
                key,
                Event {
                    kind: d.kind.name().to_string(),
                    cameo: d.kind.cameo().to_string(),
                    trigger,
                    participants,
                    what: d.what,
                    place: d.place,
                    geo: None,
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
        // Each person's places are gathered once (comparing every event with every other
        // cost a long document its length squared).
        let people: HashSet<&str> =
            self.doc.entities.iter().filter(|x| x.kind == EntityKind::Person).map(|x| x.id.as_str()).collect();
        let agents = |e: &Event| -> Vec<String> {
            let agents = e.participants.iter().filter(|p| p.role == "agent");
            agents.filter_map(|p| p.entity.clone()).filter(|id| people.contains(id.as_str())).collect()
        };
        // Per person: the place of their first placed event, and whether every other agrees.
        let mut places: HashMap<String, (String, bool)> = HashMap::new();
        for (_, e) in out.iter().filter(|(_, e)| e.status == EventStatus::Happened) {
            let Some(place) = &e.place else { continue };
            for id in agents(e) {
                let seen = places.entry(id).or_insert_with(|| (place.clone(), true));
                seen.1 &= &seen.0 == place;
            }
        }
        for (_, e) in out.iter_mut().filter(|(_, e)| e.place.is_none() && e.status == EventStatus::Happened) {
            let mut theirs = agents(e).into_iter().filter_map(|id| places.get(&id));
            if let Some(first) = theirs.next()
                && first.1
                && theirs.all(|p| p.1 && p.0 == first.0)
            {
                e.place = Some(first.0.clone());
            }
        }
        out.into_iter().map(|(_, e)| e).collect()
    }
}
