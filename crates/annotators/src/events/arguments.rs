//! Who an event's agent and patient are, learned: for each role, a ranking perceptron over
//! the possible participants of the trigger's sentence (entity mentions, pronouns, unnamed
//! descriptions such as "police" or "14 people") and a "nobody" option. It reads where a
//! candidate stands against the trigger (side, distance, what lies between: commas, clause
//! breaks, verbs, other candidates), the words around both, voice, the trigger's form and
//! word, and what the rules' subject finder says. It answers for any predicate, so it is
//! trained on every MEANTIME event (PropBank Arg0 → agent, Arg1 → patient; `newsgraph train
//! event-arguments`); the shipped model is `models/event-arguments.bin`. With an empty model
//! the rules decide alone.

use std::collections::HashMap;
use std::sync::LazyLock;

use newsgraph_document::{Document, EntityKind, Span};
use newsgraph_ner::BuildIdentity;

use super::lexicon::{self, Kind};
use super::{Clause, Draft, MAX_PARTICIPANTS, Site, View};
use crate::feature_hash::F;
use crate::training_order::TrainingOrder;

const MAGIC: &[u8; 8] = b"NGARG001";
static BUILTIN: &[u8] = include_bytes!("../../../../models/event-arguments.bin");

/// The roles the model fills, in the order it fills them.
pub const ARGUMENT_ROLES: [&str; 2] = ["agent", "patient"];

/// Pronouns that may stand for a participant the entity layer did not resolve.
const PRONOUNS: &[&str] = &[
    "i", "we", "you", "he", "she", "they", "it", "my", "our", "your", "his", "her", "their", "its", "me", "us", "him",
    "them",
];

/// What a candidate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum What {
    Name(EntityKind),
    /// A pronoun the entity layer tied to a name.
    Resolved,
    /// A pronoun tied to nothing: the model may choose it, the layer reports no one.
    Pronoun,
    Description,
}

/// A possible participant: tokens `first..=last`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Candidate {
    pub(super) first: usize,
    pub(super) last: usize,
    pub(super) what: What,
    pub(super) mention: Option<usize>,
}

/// Weights per hashed feature.
#[derive(Default, Clone)]
pub struct ArgumentModel {
    weights: HashMap<u64, f32, BuildIdentity>,
}

impl ArgumentModel {
    /// The model compiled into the binary.
    pub fn builtin() -> &'static ArgumentModel {
        static MODEL: LazyLock<ArgumentModel> = LazyLock::new(|| {
            ArgumentModel::from_bytes(BUILTIN).expect("models/event-arguments.bin is an argument model")
        });
        &MODEL
    }

    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// Whether the model was trained with dependency-path features (`syntax_paths.rs`): then
    /// the layer parses the sentences it ranks in, else it spends no time on trees. Read off
    /// the weights of the path-length feature, which every tree-trained model has.
    pub fn reads_trees(&self) -> bool {
        (0..ARGUMENT_ROLES.len() as u64)
            .any(|r| (0..6).any(|steps| self.weights.contains_key(&super::syntax_paths::path_length(r, steps))))
    }

    /// Makes "nobody" less likely by `by` in both roles (chosen by cross-validation: the
    /// perceptron alone answers too rarely for the best F1).
    pub fn lower_nobody(&mut self, by: f32) {
        for r in 0..ARGUMENT_ROLES.len() {
            *self.weights.entry(F::new(40).num(r as u64).done()).or_insert(0.0) -= by;
        }
    }

    fn score(&self, features: &[u64]) -> f32 {
        features.iter().filter_map(|f| self.weights.get(f)).sum()
    }

    /// The best option (the last is "nobody") among those not `excluded`, and its margin
    /// over the runner-up squashed into 0.5–1.
    pub fn choose(&self, options: &[Vec<u64>], excluded: Option<usize>) -> (usize, f32) {
        let mut best = (options.len().saturating_sub(1), f32::NEG_INFINITY);
        let mut second = f32::NEG_INFINITY;
        for (k, o) in options.iter().enumerate() {
            if Some(k) == excluded && k + 1 != options.len() {
                continue;
            }
            let s = self.score(o);
            if s > best.1 {
                second = best.1;
                best = (k, s);
            } else if s > second {
                second = s;
            }
        }
        let margin = if second.is_finite() { best.1 - second } else { 10.0 };
        (best.0, 1.0 / (1.0 + (-margin).exp()))
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut keys: Vec<&u64> = self.weights.keys().collect();
        keys.sort_unstable();
        let mut out = MAGIC.to_vec();
        out.extend((keys.len() as u64).to_le_bytes());
        for k in keys {
            out.extend(k.to_le_bytes());
            out.extend(self.weights[k].to_le_bytes());
        }
        out
    }

    pub fn from_bytes(b: &[u8]) -> Result<ArgumentModel, String> {
        let rest = b.strip_prefix(MAGIC.as_slice()).ok_or("not an event argument model (bad magic)")?;
        let n = rest.get(..8).map(|x| u64::from_le_bytes(x.try_into().expect("8 bytes"))).ok_or("truncated")?;
        let body = &rest[8..];
        if (body.len() as u64) != n.saturating_mul(12) {
            return Err(format!("{} bytes of weights for {n} rows", body.len()));
        }
        let mut weights = HashMap::with_capacity_and_hasher(n as usize, BuildIdentity::default());
        for row in body.chunks_exact(12) {
            let k = u64::from_le_bytes(row[..8].try_into().expect("8 bytes"));
            weights.insert(k, f32::from_le_bytes(row[8..].try_into().expect("4 bytes")));
        }
        Ok(ArgumentModel { weights })
    }
}

/// One role of one event word, for training: the features of each option (the last is
/// "nobody") and which options are right.
pub struct ArgumentExample {
    pub options: Vec<Vec<u64>>,
    pub gold: Vec<usize>,
}

/// The candidates around an event word and, per role, the features of each option.
pub struct ArgumentSite {
    /// Byte span of each candidate (options beyond these are "nobody").
    pub spans: Vec<Span>,
    /// Per role of [`ARGUMENT_ROLES`]: one feature list per candidate, then "nobody".
    pub options: [Vec<Vec<u64>>; 2],
    /// The candidate the rules make each role's participant, if any.
    pub rule: [Option<usize>; 2],
}

/// The argument options of each event word (byte spans) of an annotated document; None for
/// a span in no sentence. With `trees`, the options carry dependency-path features (parsing
/// costs several times the rest of the event layer; models/README.md).
pub fn argument_sites(doc: &Document, triggers: &[Span], trees: bool) -> Vec<Option<ArgumentSite>> {
    let mut view = View::new(doc);
    view.trees = trees;
    triggers
        .iter()
        .map(|t| {
            let (site, clause) = view.site_of(*t)?;
            let candidates = view.candidates(&site);
            let tokens = &doc.tokens;
            let spans = candidates
                .iter()
                .map(|c| Span::new(tokens[c.first].span.start as usize, tokens[c.last].span.end as usize))
                .collect();
            let rule = view.rule_roles(&clause, &candidates);
            let options = [0, 1].map(|r| view.options(&site, &clause, &candidates, &rule, r));
            let rule = [0, 1].map(|r| rule.iter().position(|&x| x == r as u8 + 1));
            Some(ArgumentSite { spans, options, rule })
        })
        .collect()
}

/// Trains a ranking perceptron: `epochs` passes in an order shuffled by `seed`, weights
/// averaged. An update moves toward the best-scoring right option.
pub fn train_arguments(examples: &[ArgumentExample], epochs: usize, seed: u64) -> ArgumentModel {
    let mut m = ArgumentModel::default();
    let mut total: HashMap<u64, f32, BuildIdentity> = HashMap::default();
    let mut stamp: HashMap<u64, u64, BuildIdentity> = HashMap::default();
    let mut order = TrainingOrder::new(examples.len(), seed);
    let mut step = 0u64;
    for _ in 0..epochs {
        for &e in order.shuffle() {
            step += 1;
            let ex = &examples[e];
            if ex.gold.is_empty() {
                continue;
            }
            let (guess, _) = m.choose(&ex.options, None);
            if ex.gold.contains(&guess) {
                continue;
            }
            let right = ex
                .gold
                .iter()
                .copied()
                .max_by(|&a, &b| m.score(&ex.options[a]).total_cmp(&m.score(&ex.options[b])))
                .expect("not empty");
            for (o, delta) in [(right, 1.0f32), (guess, -1.0)] {
                for &f in &ex.options[o] {
                    let w = m.weights.entry(f).or_insert(0.0);
                    let t = total.entry(f).or_insert(0.0);
                    let s = stamp.entry(f).or_insert(0);
                    *t += (step - *s) as f32 * *w;
                    *s = step;
                    *w += delta;
                }
            }
        }
    }
    let mut weights = HashMap::default();
    for (f, w) in &m.weights {
        let avg = (total.get(f).copied().unwrap_or(0.0) + (step - stamp.get(f).copied().unwrap_or(0)) as f32 * w)
            / step.max(1) as f32;
        if avg.abs() > 1e-6 {
            weights.insert(*f, avg);
        }
    }
    ArgumentModel { weights }
}

fn bucket(d: usize) -> u64 {
    match d {
        0..=3 => d as u64,
        4..=5 => 4,
        6..=8 => 5,
        9..=12 => 6,
        _ => 7,
    }
}

impl View<'_> {
    /// The possible participants of the event word at `site`: in its sentence, not in it.
    pub(super) fn candidates(&self, site: &Site) -> Vec<Candidate> {
        let Site { i, end, ref range, .. } = *site;
        let outside = |first: usize, last: usize| last < i || first >= end;
        let mut out = Vec::new();
        let mut k = range.start;
        while k < range.end {
            if let Some(m) = self.starts[k] {
                let mm = self.mentions[m];
                if mm.last < range.end && outside(mm.first, mm.last) {
                    let what = if mm.pronoun { What::Resolved } else { What::Name(mm.kind) };
                    out.push(Candidate { first: mm.first, last: mm.last, what, mention: Some(m) });
                }
                k = mm.last.max(k) + 1;
                continue;
            }
            if !outside(k, k) {
                k += 1;
                continue;
            }
            if PRONOUNS.contains(&self.w(k)) {
                out.push(Candidate { first: k, last: k, what: What::Pronoun, mention: None });
                k += 1;
                continue;
            }
            // A description: a run of nouns, adjectives and numbers, with its determiner.
            let start = k;
            let mut last = None;
            while k < range.end && outside(k, k) && self.starts[k].is_none() && self.descriptive(k) {
                last = Some(k);
                k += 1;
            }
            match last {
                Some(last) => {
                    let first = if start > range.start
                        && outside(start - 1, start - 1)
                        && lexicon::determiner(self.w(start - 1))
                    {
                        start - 1
                    } else {
                        start
                    };
                    out.push(Candidate { first, last, what: What::Description, mention: None });
                }
                None => k += 1,
            }
        }
        out
    }

    /// What the rules' clause reading makes of each candidate: 0 nothing, 1 agent, 2 patient.
    pub(super) fn rule_roles(&self, clause: &Clause, candidates: &[Candidate]) -> Vec<u8> {
        let role = |r: &str| if r == "agent" { 1 } else { 2 };
        candidates
            .iter()
            .map(|c| {
                let named = c.mention.and_then(|m| clause.participants.iter().find(|p| p.0 == m)).map(|p| role(p.1));
                named
                    .or_else(|| {
                        clause
                            .descriptors
                            .iter()
                            .find(|(r, _)| r.start <= c.last && c.first < r.end)
                            .map(|(_, x)| role(x))
                    })
                    .unwrap_or(0)
            })
            .collect()
    }

    /// The features of each option for role `r` (0 agent, 1 patient): candidates, then nobody.
    /// `rules` is [`View::rule_roles`] of the same candidates, read once for both roles.
    pub(super) fn options(
        &self,
        site: &Site,
        clause: &Clause,
        candidates: &[Candidate],
        rules: &[u8],
        r: usize,
    ) -> Vec<Vec<u64>> {
        let Site { i, end, ref range, form } = *site;
        let r = r as u64;
        let tw = self.w(i);
        let stem = super::status::stem(tw);
        let before_t = if i > range.start { self.w(i - 1) } else { "<s>" };
        let after_t = if end < range.end { self.w(end) } else { "</s>" };
        let kind = lexicon::trigger(tw).map_or(99, |(k, _)| k as u64);
        let voice = u64::from(clause.passive) + 2 * u64::from(clause.noun);
        let word = |k: usize| -> &str {
            if k < range.start || k >= range.end {
                return "<edge>";
            }
            let w = self.w(k);
            if w.chars().all(char::is_alphabetic) && !self.capitalised(k) || !w.chars().any(char::is_alphanumeric) {
                w
            } else if w.starts_with(|c: char| c.is_ascii_digit()) {
                "<num>"
            } else {
                "<Cap>"
            }
        };
        // Word-vector clusters stand in for parts of speech, which the pipeline does not tag.
        let recogniser = newsgraph_ner::Recognizer::shared();
        let cluster = |k: usize, level: usize| -> u64 {
            if k < range.start || k >= range.end {
                return 9999;
            }
            recogniser.and_then(|r| r.vector_classes(self.w(k))).map_or(8888, |c| u64::from(c[level]))
        };
        let tc = cluster(i, 1);
        let spans: Vec<(usize, usize)> = candidates.iter().map(|c| (c.first, c.last)).collect();
        let mut paths = self.path_features(range, i..end, &spans, r).into_iter();
        let mut out = Vec::with_capacity(candidates.len() + 1);
        for (n, c) in candidates.iter().enumerate() {
            let after = c.first >= end;
            let dir = u64::from(after);
            let (gap, between) = if after { (c.first - end, end..c.first) } else { (i - c.last - 1, c.last + 1..i) };
            let d = bucket(gap);
            let what = match c.what {
                What::Name(k) => k as u64,
                What::Resolved => 10,
                What::Pronoun => 11,
                What::Description => 12,
            };
            let others = candidates.iter().filter(|o| between.contains(&o.first)).count().min(3) as u64;
            let commas = between.clone().filter(|&k| self.w(k) == ",").count().min(2) as u64;
            let breaks = between.clone().any(|k| lexicon::ends_clause(self.w(k)) && self.w(k) != ",");
            let verbs = between.clone().filter(|&k| lexicon::VERB_GROUP.contains(&self.w(k))).count().min(2) as u64;
            let cue = between.clone().any(|k| crate::quotes::is_cue(self.w(k)));
            let prev = word(c.first.wrapping_sub(1));
            let next = word(c.last + 1);
            let possessor = !after && gap <= 2 && matches!(self.w(c.last + 1), "'s" | "'")
                || c.what == What::Pronoun && matches!(self.w(c.first), "his" | "her" | "their" | "its" | "our" | "my");
            let nearest = others == 0;
            let f = vec![
                F::new(10).num(r).num(dir).done(),
                F::new(11).num(r).num(dir).num(d).done(),
                F::new(12).num(r).num(dir).num(what).done(),
                F::new(13).num(r).num(dir).bytes(prev.as_bytes()).done(),
                F::new(14).num(r).num(dir).bytes(next.as_bytes()).done(),
                F::new(15).num(r).num(dir).bytes(stem.as_bytes()).done(),
                F::new(16).num(r).num(dir).num(form as u64).num(voice).done(),
                F::new(17).num(r).num(dir).num(voice).bytes(prev.as_bytes()).num(u64::from(gap <= 1)).done(),
                F::new(18).num(r).num(dir).num(others).done(),
                F::new(19).num(r).num(dir).num(commas).num(u64::from(breaks)).done(),
                F::new(20).num(r).num(dir).num(verbs).num(u64::from(cue)).done(),
                F::new(21).num(r).num(u64::from(rules[n])).done(),
                F::new(22).num(r).num(dir).num(u64::from(rules[n])).num(what).done(),
                F::new(23).num(r).num(dir).bytes(before_t.as_bytes()).done(),
                F::new(24).num(r).num(dir).bytes(after_t.as_bytes()).num(d.min(2)).done(),
                F::new(25).num(r).num(dir).num(kind).done(),
                F::new(26).num(r).num(dir).num(u64::from(possessor)).num(voice).done(),
                F::new(27).num(r).num(dir).num(u64::from(nearest)).num(what).done(),
                F::new(28).num(r).num(dir).num(d).num(u64::from(nearest)).num(voice).done(),
                F::new(29).num(r).num(dir).num(tc).done(),
                F::new(30).num(r).num(dir).num(cluster(c.last, 0)).num(what).done(),
                F::new(31).num(r).num(dir).num(cluster(c.first.wrapping_sub(1), 0)).done(),
                F::new(32).num(r).num(dir).num(cluster(c.last + 1, 0)).done(),
                F::new(33).num(r).num(dir).num(tc).num(cluster(c.last, 0)).done(),
            ];
            let mut f = f;
            f.extend(paths.next().unwrap_or_default());
            out.push(f);
        }
        let before = candidates.iter().any(|c| c.last < i);
        let after = candidates.iter().any(|c| c.first >= end);
        out.push(vec![
            F::new(40).num(r).done(),
            F::new(41).num(r).num(form as u64).num(voice).done(),
            F::new(42).num(r).bytes(stem.as_bytes()).done(),
            F::new(43).num(r).num(u64::from(before)).num(u64::from(after)).done(),
            F::new(44).num(r).num(kind).done(),
            F::new(45).num(r).bytes(after_t.as_bytes()).done(),
            F::new(46).num(r).bytes(before_t.as_bytes()).done(),
            F::new(47).num(r).num(u64::from(rules.contains(&(r as u8 + 1)))).done(),
            F::new(48).num(r).num(tc).done(),
        ]);
        out
    }

    /// The model's agent and patient for the event word at `site`, with their confidence.
    pub(super) fn learned_roles(
        &self,
        model: &ArgumentModel,
        site: &Site,
        clause: &Clause,
    ) -> [Option<(Candidate, f32)>; 2] {
        let candidates = self.candidates(site);
        let rules = self.rule_roles(clause, &candidates);
        let mut chosen: [Option<(Candidate, f32)>; 2] = [None, None];
        let mut taken = None;
        for r in 0..2 {
            let options = self.options(site, clause, &candidates, &rules, r);
            let (k, confidence) = model.choose(&options, taken);
            if k < candidates.len() {
                taken = Some(k);
                chosen[r] = Some((candidates[k], confidence));
            }
        }
        chosen
    }
}

fn patient_role(role: &str) -> bool {
    matches!(role, "target" | "counterpart")
}

impl View<'_> {
    /// The model's patient where the rules found none (places, dates, what and every role
    /// the rules filled stay theirs). Replacing the rules' roles or filling agents too did
    /// worse on RAMS, WikiEvents and the hand-written sets (models/README.md). A name comes
    /// with the names coordinated with it ("France, Germany and Italy"); an unresolved
    /// pronoun names no one, so it is left out.
    pub(super) fn fill_patient(&self, d: &mut Draft, chosen: [Option<(Candidate, f32)>; 2], lo: usize, hi: usize) {
        if !self.wants_patient(d) {
            return;
        }
        let role = if d.kind.symmetric() { "counterpart" } else { "target" };
        self.fill(d, chosen[1], patient_role, role, lo, hi);
    }

    /// Whether [`View::fill_patient`] would use a patient for this draft: what is attended,
    /// visited, resigned from or protested is the event's "what" or place, not a participant
    /// (as the rules read unnamed objects), and a patient the rules found stays.
    pub(super) fn wants_patient(&self, d: &Draft) -> bool {
        !matches!(d.kind, Kind::Resign | Kind::Protest | Kind::Attend | Kind::Visit)
            && !d.participants.iter().any(|p| patient_role(p.1))
            && !d.descriptors.iter().any(|p| patient_role(p.1))
    }

    /// Adds the chosen candidate in `role` unless a participant the rules found already
    /// holds a role that `filled` accepts.
    fn fill(
        &self,
        d: &mut Draft,
        chosen: Option<(Candidate, f32)>,
        filled: impl Fn(&str) -> bool,
        role: &'static str,
        lo: usize,
        hi: usize,
    ) {
        if d.participants.iter().any(|p| filled(p.1)) || d.descriptors.iter().any(|p| filled(p.1)) {
            return;
        }
        let Some((c, _)) = chosen else { return };
        let taken = |d: &Draft, m: usize| d.participants.iter().any(|p| p.0 == m);
        match c.mention {
            Some(m) if self.actor(m) && !taken(d, m) => {
                for m in self.coordinated(m, lo).into_iter().chain(self.coordinated_after(m, hi)) {
                    if !taken(d, m) && d.participants.len() < MAX_PARTICIPANTS {
                        d.participants.push((m, role));
                    }
                }
            }
            None if c.what == What::Description
                && !d.descriptors.iter().any(|(r, _)| r.start <= c.last && c.first < r.end) =>
            {
                d.descriptors.push((c.first..c.last + 1, role))
            }
            _ => {}
        }
    }

    /// The names coordinated after a mention: "France, Germany and Italy" from "France".
    fn coordinated_after(&self, m: usize, hi: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut last = self.mentions[m].last;
        while out.len() < 8 {
            let mut k = last + 1;
            if self.w(k) == "," {
                k += 1;
            }
            if self.w(k) == "and" {
                k += 1;
            }
            if k == last + 1 {
                break;
            }
            if self.w(k) == "the" {
                k += 1;
            }
            match self.starts.get(k).copied().flatten().filter(|&p| self.actor(p) && self.mentions[p].last < hi) {
                Some(p) => {
                    out.push(p);
                    last = self.mentions[p].last;
                }
                None => break,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trained_ranker_prefers_its_gold_option_and_survives_a_round_trip() {
        let ex = |gold: usize| ArgumentExample { options: vec![vec![1, 10], vec![2, 10], vec![3]], gold: vec![gold] };
        let examples: Vec<ArgumentExample> = (0..20).map(|k| ex(if k % 4 == 0 { 2 } else { 1 })).collect();
        let m = train_arguments(&examples, 5, 7);
        assert_eq!(m.choose(&examples[1].options, None).0, 1);
        assert_eq!(m.choose(&examples[1].options, Some(1)).0, 2, "an excluded option is passed over");
        let back = ArgumentModel::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(back.choose(&examples[1].options, None).0, 1);
        assert!(ArgumentModel::from_bytes(b"NGARG001\x05\0\0\0\0\0\0\0").is_err());
    }
}
