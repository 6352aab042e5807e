//! Scoring events against hand-annotated paragraphs (`eval/events-dev.json`, format in
//! `eval/events-README.md`). `eval/events_score.py` computes the same figures independently.
//!
//! A system event matches a gold event when the type is the same and the two participant
//! name sets correspond one to one, names compared without honorifics or a leading "the",
//! one name's words a contiguous run of the other's ("Tanabe" ~ "Hiroshi Tanabe"). Matching
//! is greedy in gold order. Status, date, place and roles are scored on matched pairs.
//!
//! The sets annotate only events with a named participant (guideline 1 of
//! `eval/events-README.md`): participants without an entity (descriptions such as "police")
//! are left out, and so are events with no named participant left.

use serde::Deserialize;

use newsgraph_document::{Document, Event};

#[derive(Deserialize)]
pub struct Paragraph {
    pub id: String,
    pub date: String,
    pub text: String,
    pub events: Vec<GoldEvent>,
}

#[derive(Deserialize)]
pub struct GoldEvent {
    #[serde(rename = "type")]
    pub kind: String,
    pub participants: Vec<GoldParticipant>,
    pub place: Option<String>,
    pub date: Option<String>,
    pub status: String,
}

#[derive(Deserialize)]
pub struct GoldParticipant {
    pub name: String,
    pub role: String,
}

/// Counts over a set of paragraphs.
#[derive(Default, Debug, Clone, Copy)]
pub struct Counts {
    pub gold: usize,
    pub system: usize,
    pub matched: usize,
    pub status_ok: usize,
    pub dated: usize,
    pub date_ok: usize,
    pub placed: usize,
    pub place_ok: usize,
    pub roles: usize,
    pub roles_ok: usize,
}

fn words(name: &str) -> Vec<String> {
    let lower = name.to_lowercase().replace('’', "'");
    let mut w: Vec<String> = lower
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(|s| s.trim_end_matches('.').to_string())
        .collect();
    while w.first().is_some_and(|f| matches!(f.as_str(), "the" | "mr" | "mrs" | "ms" | "dr" | "sir")) {
        w.remove(0);
    }
    w
}

/// Whether two names denote the same participant (see the module docs).
pub fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (words(a), words(b));
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    !short.is_empty() && long.windows(short.len()).any(|w| w == short.as_slice())
}

fn participants_match(gold: &GoldEvent, sys: &Event) -> bool {
    if gold.participants.len() != sys.participants.len() {
        return false;
    }
    let mut used = vec![false; sys.participants.len()];
    gold.participants.iter().all(|g| {
        let found = sys.participants.iter().enumerate().find(|(i, s)| !used[*i] && same_name(&g.name, &s.name));
        found.map(|(i, _)| used[i] = true).is_some()
    })
}

fn status_name(e: &Event) -> String {
    serde_json::to_value(e.status).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// The document's events as the sets annotate them: named participants only.
fn in_scope(doc: &Document) -> Vec<Event> {
    doc.events
        .iter()
        .map(|e| Event {
            participants: e.participants.iter().filter(|p| p.entity.is_some()).cloned().collect(),
            ..e.clone()
        })
        .filter(|e| !e.participants.is_empty())
        .collect()
}

/// Scores one annotated paragraph; with `verbose`, prints misses and false alarms.
pub fn score(p: &Paragraph, doc: &Document, counts: &mut Counts, verbose: bool) {
    let events = in_scope(doc);
    counts.gold += p.events.len();
    counts.system += events.len();
    let mut used = vec![false; events.len()];
    for g in &p.events {
        let found = events.iter().enumerate().find(|(i, s)| !used[*i] && s.kind == g.kind && participants_match(g, s));
        let Some((i, s)) = found else {
            if verbose {
                let names: Vec<&str> = g.participants.iter().map(|p| p.name.as_str()).collect();
                println!("{}\tMISS\t{} {:?} {}", p.id, g.kind, names, g.status);
            }
            continue;
        };
        used[i] = true;
        counts.matched += 1;
        let status = status_name(s);
        counts.status_ok += usize::from(status == g.status);
        if verbose && status != g.status {
            println!("{}\tSTATUS\t{} gold {} system {status}", p.id, g.kind, g.status);
        }
        if let Some(date) = &g.date {
            counts.dated += 1;
            counts.date_ok += usize::from(s.date.as_deref() == Some(date.as_str()));
            if verbose && s.date.as_deref() != Some(date.as_str()) {
                println!("{}\tDATE\t{} gold {date} system {:?}", p.id, g.kind, s.date);
            }
        }
        if let Some(place) = &g.place {
            counts.placed += 1;
            counts.place_ok += usize::from(s.place.as_deref().is_some_and(|sp| same_name(place, sp)));
        }
        for gp in &g.participants {
            counts.roles += 1;
            let role = s.participants.iter().find(|sp| same_name(&gp.name, &sp.name)).map(|sp| sp.role.as_str());
            counts.roles_ok += usize::from(role == Some(gp.role.as_str()));
        }
    }
    if verbose {
        for (s, _) in events.iter().zip(&used).filter(|(_, u)| !**u) {
            let names: Vec<&str> = s.participants.iter().map(|p| p.name.as_str()).collect();
            println!("{}\tFALSE\t{} {:?} {} «{}»", p.id, s.kind, names, status_name(s), doc.slice(s.trigger));
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

impl Counts {
    /// The report printed by `newsgraph eval events`.
    pub fn report(&self) -> String {
        let p = ratio(self.matched, self.system);
        let r = ratio(self.matched, self.gold);
        let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        format!(
            "gold {} system {} matched {}\n\
             type+participants P {p:.3} R {r:.3} F1 {f:.3}\n\
             status accuracy {:.3} ({}/{} matched)\n\
             date accuracy {:.3} ({}/{} matched with a gold date)\n\
             place accuracy {:.3} ({}/{} matched with a gold place)\n\
             role accuracy {:.3} ({}/{} participants of matched events)",
            self.gold,
            self.system,
            self.matched,
            ratio(self.status_ok, self.matched),
            self.status_ok,
            self.matched,
            ratio(self.date_ok, self.dated),
            self.date_ok,
            self.dated,
            ratio(self.place_ok, self.placed),
            self.place_ok,
            self.placed,
            ratio(self.roles_ok, self.roles),
            self.roles_ok,
            self.roles,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::same_name;

    #[test]
    fn names_match_by_contiguous_words() {
        assert!(same_name("Hiroshi Tanabe", "Mr Tanabe"));
        assert!(same_name("the Health Ministry", "Health Ministry"));
        assert!(!same_name("Anna Berg", "Anna Lind"));
        assert!(!same_name("", "Anna"));
    }
}
