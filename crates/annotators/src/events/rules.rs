//! Status by rule: the words of the verb group and of what governs the trigger (negation,
//! modality, the future, aspect), the verb governing an infinitive as TimeML's links learned
//! it, and the event's date against the publication date. `status.rs` holds the learned
//! alternative, measured and shipped empty.

use newsgraph_document::EventStatus;

use super::lexicon;
use super::{Clause, STATUS_CLASSES, Site, StatusModel, View};

impl View<'_> {
    /// Whether a calendar date lies after the publication day: what happens then is scheduled.
    pub(super) fn after_publication(&self, date: Option<&str>) -> bool {
        let (Some(date), Some(dct)) = (date, self.doc.published) else { return false };
        let dct = dct.date().format("%Y-%m-%d").to_string();
        let n = date.len().min(10);
        let calendar = date.as_bytes().get(4) == Some(&b'-') && date.as_bytes().get(5) != Some(&b'W');
        calendar && dct.get(..n).is_some_and(|p| date[..n] > *p)
    }

    /// The rules' status and the event's date: the clause's words, then a date after
    /// publication makes what would have happened scheduled.
    pub(super) fn rule_status(&self, s: &Site, c: &Clause) -> (EventStatus, Option<String>) {
        let status = self.status(c, s.i);
        let date = self.date_near(&(s.i..s.end), &s.range, status == EventStatus::Hypothetical);
        if matches!(status, EventStatus::Happened | EventStatus::Ongoing) && self.after_publication(date.as_deref()) {
            return (EventStatus::Scheduled, date);
        }
        (status, date)
    }

    /// The status the layer reports, with its date and confidence: the learned model's
    /// choice over the rules' (which keep "ongoing", a distinction the training data lacks).
    pub(super) fn decide(&self, s: &Site, c: &Clause) -> (EventStatus, Option<String>, Option<f32>) {
        let (rule, date) = self.rule_status(s, c);
        let model = StatusModel::builtin();
        if model.is_empty() {
            return (rule, date, None);
        }
        let features = self.features(s, c, rule, date.as_deref());
        let (class, confidence) = model.predict(&features);
        let status = match STATUS_CLASSES[class] {
            EventStatus::Happened if rule == EventStatus::Ongoing => EventStatus::Ongoing,
            other => other,
        };
        // A hypothetical event takes no date from before it.
        let date = if status == EventStatus::Hypothetical && rule != EventStatus::Hypothetical {
            self.date_near(&(s.i..s.end), &s.range, true)
        } else {
            date
        };
        (status, date, Some(confidence))
    }

    /// Whether what follows a noun says it is still going on: "talks … entered a second
    /// day", "a strike … for a fifth day", "has shut schools since Wednesday", "remain stalled".
    fn continues_after(&self, i: usize) -> bool {
        let ordinal = |w: &str| {
            matches!(w, "second" | "third" | "fourth" | "fifth" | "sixth" | "seventh" | "eighth" | "ninth" | "tenth")
                || (w.len() > 2
                    && w.starts_with(|c: char| c.is_ascii_digit())
                    && (w.ends_with("th") || w.ends_with("nd") || w.ends_with("rd")))
        };
        let mut perfect = false;
        for k in i + 1..(i + 14).min(self.words.len()) {
            let w = self.w(k);
            if matches!(w, "." | ";" | "said" | "says") {
                return false;
            }
            perfect |= matches!(w, "has" | "have");
            let next = self.w(k + 1);
            let day = |t: usize| matches!(self.w(t), "day" | "week" | "month" | "straight");
            if (matches!(w, "entered" | "enters" | "entering") && ordinal(self.w(k + 2)))
                || (w == "for" && matches!(next, "a" | "the") && ordinal(self.w(k + 2)) && day(k + 3))
                || (perfect && w == "since")
                || matches!(w, "remain" | "remains" | "continue" | "continues")
            {
                return true;
            }
        }
        false
    }

    /// The status from the clause's words: negation, then modality, then the future, then aspect.
    pub(super) fn status(&self, c: &Clause, i: usize) -> EventStatus {
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
        } else if c.cues.iter().any(|w| lexicon::schedules(w)) || noun_future {
            EventStatus::Scheduled
        } else if governed(lexicon::Governs::Possibly) {
            EventStatus::Hypothetical
        } else if c.progressive
            || c.cues
                .iter()
                .any(|w| matches!(*w, "began" | "begins" | "started" | "starts" | "continues" | "continuing"))
            || (c.noun && self.continues_after(i))
        {
            EventStatus::Ongoing
        } else {
            EventStatus::Happened
        }
    }

    /// Words of the clause around a subject that bear on its verb: a subordinator before it
    /// ("if Australia went ahead", "until the ministry agreed") or, for a "that" clause, the
    /// verb that governs it ("denied on Monday that he had met").
    pub(super) fn clause_cues<'s>(&'s self, before: usize, lo: usize, cues: &mut Vec<&'s str>) {
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
}
