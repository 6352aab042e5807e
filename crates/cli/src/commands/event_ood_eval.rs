//! Scoring events on the public sets (MEANTIME, RAMS, WikiEvents as `../shared/data/events-ood`
//! holds them: JSON Lines, code-point offsets). The figures are those of
//! `../shared/tools/events_ood_score.py`, computed the same way so the two agree:
//!
//! - events match one to one when their trigger spans overlap, greedily: same type first, then
//!   the longest overlap, then the closest boundaries, then document order;
//! - only system events starting inside the gold `annotated` ranges take part;
//! - participants match within matched events when the roles agree and the spans overlap (the
//!   gold span or a coreferent `alt`), as a maximum one-to-one matching.
//!
//! `eval events-status` scores only the status component: it asks the layer for the status of
//! every gold trigger in its context, so that every MEANTIME event counts, typed or not.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::json;

use newsgraph_document::{Document, EventStatus, Published, Span};

const TYPES: [&str; 15] = [
    "meet",
    "visit",
    "attend",
    "negotiate",
    "agree",
    "criticise",
    "warn",
    "threaten",
    "impose",
    "demand",
    "appoint",
    "resign",
    "protest",
    "arrest",
    "attack",
];
const STATUSES: [&str; 4] = ["happened", "scheduled", "negated", "hypothetical"];
const ROLES: [&str; 5] = ["agent", "patient", "place", "time", "other"];

#[derive(Deserialize)]
pub struct GoldDoc {
    pub id: String,
    pub text: String,
    pub dct: Option<String>,
    pub annotated: Option<Vec<[usize; 2]>>,
    #[serde(default)]
    pub events: Vec<GoldEvent>,
}

#[derive(Deserialize)]
pub struct GoldEvent {
    pub trigger: GoldSpan,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub status: Option<String>,
    #[serde(default)]
    pub participants: Vec<GoldParticipant>,
}

#[derive(Deserialize)]
pub struct GoldSpan {
    pub start: usize,
    pub end: usize,
}

#[derive(Deserialize)]
pub struct GoldParticipant {
    pub role: String,
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub alt: Vec<[usize; 2]>,
}

/// An event in code points, gold or system.
struct Ev {
    span: (usize, usize),
    kind: Option<String>,
    status: Option<String>,
    /// Role and spans (the first is the mention; gold adds its coreferent `alt` spans).
    parts: Vec<(String, Vec<(usize, usize)>)>,
}

/// Reads a JSON Lines gold file.
pub fn read_gold(path: &Path) -> Result<Vec<GoldDoc>, Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut docs = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let d: GoldDoc = serde_json::from_str(line)
            .map_err(|e| format!("{}:{}: not an event document: {e}", path.display(), n + 1))?;
        docs.push(d);
    }
    if docs.iter().all(|d| d.events.is_empty()) {
        return Err(format!("{}: no gold events to score", path.display()).into());
    }
    Ok(docs)
}

/// The document annotated by the default pipeline, dated by the gold creation time.
pub fn annotate(d: &GoldDoc, pipeline: &newsgraph_pipeline::Pipeline) -> Document {
    let mut doc = Document::new("text", d.text.clone());
    doc.published = d.dct.as_deref().and_then(|s| Published::parse(s).ok());
    doc.origin = Some(d.id.clone());
    pipeline.annotate(&mut doc);
    doc
}

/// Byte offset to code-point offset.
pub struct Offsets(Vec<usize>);

impl Offsets {
    pub fn new(text: &str) -> Offsets {
        // A byte inside a character counts as that character.
        let mut out = Vec::with_capacity(text.len() + 1);
        let mut chars = 0;
        for b in 0..=text.len() {
            if text.is_char_boundary(b) {
                out.push(chars);
                chars += 1;
            } else {
                out.push(chars - 1);
            }
        }
        Offsets(out)
    }
    pub fn span(&self, s: Span) -> (usize, usize) {
        (self.0[s.start as usize], self.0[s.end as usize])
    }
    /// Code-point offset to byte offset (the first byte at or after it).
    pub fn byte(&self, cp: usize) -> usize {
        self.0.partition_point(|&c| c < cp)
    }
}

/// The layer's events in the scorer's terms: roles agent/patient/place/time, spans in code
/// points; an event mentioned several times is one event mention per trigger, as the public
/// sets annotate them.
fn system_events(doc: &Document, at: &Offsets) -> Vec<Ev> {
    let text = &doc.text;
    doc.events
        .iter()
        .flat_map(|e| {
            let mut parts: Vec<(String, Vec<(usize, usize)>)> = e
                .participants
                .iter()
                .filter_map(|p| {
                    let role = if p.role == "agent" { "agent" } else { "patient" };
                    Some((role.to_string(), vec![at.span(p.span?)]))
                })
                .collect();
            let near = |a: usize| a.abs_diff(e.trigger.start as usize);
            if let Some(place) = &e.place {
                let ev = &text[e.evidence.range()];
                let found = ev
                    .match_indices(place.as_str())
                    .map(|(i, _)| e.evidence.start as usize + i)
                    .min_by_key(|&i| near(i));
                if let Some(i) = found {
                    parts.push(("place".into(), vec![at.span(Span::new(i, i + place.len()))]));
                }
            }
            if let Some(date) = &e.date {
                let found = doc
                    .time_expressions
                    .iter()
                    .filter(|t| &t.value == date)
                    .filter(|t| t.span.start >= e.evidence.start && t.span.end <= e.evidence.end)
                    .min_by_key(|t| near(t.span.start as usize));
                if let Some(t) = found {
                    parts.push(("time".into(), vec![at.span(t.span)]));
                }
            }
            // Coreferent mentions share the event's participants.
            std::iter::once(e.trigger).chain(e.mentions.iter().copied()).map(move |t| Ev {
                span: at.span(t),
                kind: Some(e.kind.clone()),
                status: Some(status_name(e.status).to_string()),
                parts: parts.clone(),
            })
        })
        .collect()
}

pub fn status_name(s: EventStatus) -> &'static str {
    match s {
        EventStatus::Happened => "happened",
        EventStatus::Ongoing => "ongoing",
        EventStatus::Scheduled => "scheduled",
        EventStatus::Negated => "negated",
        EventStatus::Hypothetical => "hypothetical",
    }
}

fn gold_events(d: &GoldDoc) -> Vec<Ev> {
    d.events
        .iter()
        .map(|e| Ev {
            span: (e.trigger.start, e.trigger.end),
            kind: e.kind.clone(),
            status: e.status.clone(),
            parts: e
                .participants
                .iter()
                .map(|p| {
                    let mut spans = vec![(p.start, p.end)];
                    spans.extend(p.alt.iter().map(|a| (a[0], a[1])));
                    (p.role.clone(), spans)
                })
                .collect(),
        })
        .collect()
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> isize {
    a.1.min(b.1) as isize - a.0.max(b.0) as isize
}

fn match_events(gold: &[Ev], system: &[Ev]) -> Vec<(usize, usize)> {
    let mut cands = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        for (si, s) in system.iter().enumerate() {
            let ov = overlap(g.span, s.span);
            if ov > 0 {
                let same = g.kind.is_some() && g.kind == s.kind;
                let dist = g.span.0.abs_diff(s.span.0) + g.span.1.abs_diff(s.span.1);
                cands.push((!same, -ov, dist, gi, si));
            }
        }
    }
    cands.sort();
    let (mut used_g, mut used_s) = (vec![false; gold.len()], vec![false; system.len()]);
    let mut pairs = Vec::new();
    for (_, _, _, gi, si) in cands {
        if !used_g[gi] && !used_s[si] {
            used_g[gi] = true;
            used_s[si] = true;
            pairs.push((gi, si));
        }
    }
    pairs
}

/// Size of a maximum one-to-one matching between gold and system participants.
fn match_parts(
    gold: &[&(String, Vec<(usize, usize)>)],
    system: &[&(String, Vec<(usize, usize)>)],
    role: bool,
) -> usize {
    let adj: Vec<Vec<usize>> = gold
        .iter()
        .map(|g| {
            (0..system.len())
                .filter(|&si| (!role || g.0 == system[si].0) && g.1.iter().any(|&a| overlap(a, system[si].1[0]) > 0))
                .collect()
        })
        .collect();
    let mut owner: Vec<Option<usize>> = vec![None; system.len()];
    fn augment(gi: usize, adj: &[Vec<usize>], seen: &mut [bool], owner: &mut [Option<usize>]) -> bool {
        for &si in &adj[gi] {
            if !seen[si] {
                seen[si] = true;
                if owner[si].is_none_or(|o| augment(o, adj, seen, owner)) {
                    owner[si] = Some(gi);
                    return true;
                }
            }
        }
        false
    }
    (0..gold.len()).filter(|&gi| augment(gi, &adj, &mut vec![false; system.len()], &mut owner)).count()
}

/// Precision, recall and F1 as the scorer defines them (None where undefined).
fn prf(tp: usize, n_sys: usize, n_gold: usize) -> (Option<f64>, Option<f64>, Option<f64>) {
    let p = if n_sys > 0 {
        Some(tp as f64 / n_sys as f64)
    } else if n_gold > 0 {
        Some(0.0)
    } else {
        None
    };
    let r = (n_gold > 0).then(|| tp as f64 / n_gold as f64);
    let f = match (p, r) {
        (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
        (Some(_), Some(_)) => Some(0.0),
        _ => None,
    };
    (p, r, f)
}

fn fmt(x: Option<f64>) -> String {
    x.map_or("   -  ".to_string(), |x| format!("{x:6.3}"))
}

fn mean(v: impl Iterator<Item = f64>) -> Option<f64> {
    let v: Vec<f64> = v.collect();
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

#[derive(Default)]
struct Tally {
    gold: usize,
    sys: usize,
    matched: usize,
    gold_onto: usize,
    matched_onto: usize,
    type_n: usize,
    type_ok: usize,
    type_gold: BTreeMap<String, usize>,
    type_sys: BTreeMap<String, usize>,
    type_tp: BTreeMap<String, usize>,
    /// Gold status → system status → count.
    confusion: BTreeMap<String, BTreeMap<String, usize>>,
    gold_with_status: usize,
    role_gold: BTreeMap<&'static str, usize>,
    role_sys: BTreeMap<&'static str, usize>,
    role_tp: BTreeMap<&'static str, usize>,
}

impl Tally {
    fn add(&mut self, gold: &[Ev], system: &[Ev]) {
        let pairs = match_events(gold, system);
        self.gold += gold.len();
        self.sys += system.len();
        self.matched += pairs.len();
        for (gi, g) in gold.iter().enumerate() {
            if let Some(t) = &g.kind {
                self.gold_onto += 1;
                *self.type_gold.entry(t.clone()).or_default() += 1;
                self.matched_onto += usize::from(pairs.iter().any(|p| p.0 == gi));
            }
            self.gold_with_status += usize::from(g.status.is_some());
        }
        for t in system.iter().filter_map(|s| s.kind.clone()) {
            *self.type_sys.entry(t).or_default() += 1;
        }
        for &(gi, si) in &pairs {
            let (g, s) = (&gold[gi], &system[si]);
            if let Some(t) = &g.kind {
                self.type_n += 1;
                if s.kind.as_ref() == Some(t) {
                    self.type_ok += 1;
                    *self.type_tp.entry(t.clone()).or_default() += 1;
                }
            }
            if let Some(gs) = &g.status {
                let st = match s.status.as_deref() {
                    Some("ongoing") => "happened",
                    Some(x) => x,
                    None => "(none)",
                };
                *self.confusion.entry(gs.clone()).or_default().entry(st.to_string()).or_default() += 1;
            }
            for role in ROLES {
                let gp: Vec<_> = g.parts.iter().filter(|p| p.0 == role).collect();
                let sp: Vec<_> = s.parts.iter().filter(|p| p.0 == role).collect();
                *self.role_gold.entry(role).or_default() += gp.len();
                *self.role_sys.entry(role).or_default() += sp.len();
                *self.role_tp.entry(role).or_default() += match_parts(&gp, &sp, true);
            }
            let gp: Vec<_> = g.parts.iter().filter(|p| ROLES.contains(&p.0.as_str())).collect();
            let sp: Vec<_> = s.parts.iter().filter(|p| ROLES.contains(&p.0.as_str())).collect();
            *self.role_gold.entry("any_role").or_default() += gp.len();
            *self.role_sys.entry("any_role").or_default() += sp.len();
            *self.role_tp.entry("any_role").or_default() += match_parts(&gp, &sp, false);
        }
    }

    /// Status accuracy and macro-F1 over the statuses present in gold.
    fn status(&self) -> (usize, Option<f64>, Option<f64>, Vec<String>) {
        let n: usize = self.confusion.values().flat_map(|c| c.values()).sum();
        let cell = |g: &str, s: &str| self.confusion.get(g).and_then(|c| c.get(s)).copied().unwrap_or(0);
        let ok: usize = STATUSES.iter().map(|s| cell(s, s)).sum();
        let mut lines = Vec::new();
        let mut f1s = Vec::new();
        for s in STATUSES {
            let gold: usize = self.confusion.get(s).map_or(0, |c| c.values().sum());
            let sys: usize = self.confusion.keys().map(|g| cell(g, s)).sum();
            let (p, r, f) = prf(cell(s, s), sys, gold);
            if gold > 0 {
                f1s.push(f.unwrap_or(0.0));
            }
            lines.push(format!("  {s:12} P {}  R {}  F1 {}   gold {gold:4}  system {sys:4}", fmt(p), fmt(r), fmt(f)));
        }
        (n, (n > 0).then(|| ok as f64 / n as f64), mean(f1s.into_iter()), lines)
    }

    fn report(&self, recall_only: bool) -> String {
        let mut out = Vec::new();
        let hide = |x: Option<f64>| if recall_only { None } else { x };
        let (p, r, f) = prf(self.matched, self.sys, self.gold);
        out.push(format!(
            "trigger        P {}  R {}  F1 {}   gold {}  system {}  matched {}",
            fmt(hide(p)),
            fmt(r),
            fmt(hide(f)),
            self.gold,
            self.sys,
            self.matched
        ));
        let onto = (self.gold_onto > 0).then(|| self.matched_onto as f64 / self.gold_onto as f64);
        out.push(format!("  in ontology  R {}   gold {}  matched {}", fmt(onto), self.gold_onto, self.matched_onto));
        let acc = (self.type_n > 0).then(|| self.type_ok as f64 / self.type_n as f64);
        out.push(format!("type accuracy  {}   on {} matched events with a gold type", fmt(acc), self.type_n));
        let get = |m: &BTreeMap<String, usize>, t: &str| m.get(t).copied().unwrap_or(0);
        let tp: usize = self.type_tp.values().sum();
        let (p, r, f) = prf(tp, self.type_sys.values().sum(), self.type_gold.values().sum());
        out.push(format!(
            "typed micro    P {}  R {}  F1 {}   gold {}  system {}  tp {tp}",
            fmt(hide(p)),
            fmt(r),
            fmt(hide(f)),
            self.type_gold.values().sum::<usize>(),
            self.type_sys.values().sum::<usize>()
        ));
        let mut per_type = Vec::new();
        let (mut ps, mut rs, mut fs) = (Vec::new(), Vec::new(), Vec::new());
        for t in TYPES.iter().filter(|t| self.type_gold.contains_key(**t) || self.type_sys.contains_key(**t)) {
            let (g, s, k) = (get(&self.type_gold, t), get(&self.type_sys, t), get(&self.type_tp, t));
            let (p, r, f) = prf(k, s, g);
            if g > 0 {
                ps.push(p.unwrap_or(0.0));
                rs.extend(r);
                fs.push(f.unwrap_or(0.0));
            }
            per_type.push(format!(
                "  {t:12} P {}  R {}  F1 {}   gold {g:4}  system {s:4}  tp {k:4}",
                fmt(hide(p)),
                fmt(r),
                fmt(hide(f))
            ));
        }
        let types = fs.len();
        out.push(format!(
            "typed macro    P {}  R {}  F1 {}   over {types} gold types",
            fmt(hide(mean(ps.into_iter()))),
            fmt(mean(rs.into_iter())),
            fmt(hide(mean(fs.into_iter())))
        ));
        out.extend(per_type);
        if self.gold_with_status > 0 {
            let (n, acc, macro_f1, lines) = self.status();
            out.push(format!(
                "status         acc {}  macro-F1 {}   on {n} matched of {} gold with status",
                fmt(acc),
                fmt(macro_f1),
                self.gold_with_status
            ));
            out.extend(lines);
        }
        out.push("participants on matched events (same role, overlapping span or coreferent alt):".into());
        let role = |m: &BTreeMap<&'static str, usize>, r: &str| m.get(r).copied().unwrap_or(0);
        for r in ROLES.iter().chain(&["any_role"]) {
            let (g, s, k) = (role(&self.role_gold, r), role(&self.role_sys, r), role(&self.role_tp, r));
            let (p, rr, f) = prf(k, s, g);
            out.push(format!(
                "  {r:12} P {}  R {}  F1 {}   gold {g:4}  system {s:4}  tp {k:4}",
                fmt(p),
                fmt(rr),
                fmt(f)
            ));
        }
        let sum = |m: &BTreeMap<&'static str, usize>| ROLES.iter().map(|r| role(m, r)).sum::<usize>();
        let (g, s, k) = (sum(&self.role_gold), sum(&self.role_sys), sum(&self.role_tp));
        let (p, rr, f) = prf(k, s, g);
        out.push(format!(
            "  {:12} P {}  R {}  F1 {}   gold {g:4}  system {s:4}  tp {k:4}",
            "all",
            fmt(p),
            fmt(rr),
            fmt(f)
        ));
        out.join("\n")
    }
}

fn write_lines(path: &Path, lines: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let mut text = lines.join("\n");
    text.push('\n');
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()).into())
}

fn ev_json(e: &Ev, text_chars: &[char]) -> serde_json::Value {
    let slice = |(a, b): (usize, usize)| text_chars[a..b].iter().collect::<String>();
    json!({
        "trigger": {"start": e.span.0, "end": e.span.1, "text": slice(e.span)},
        "type": e.kind,
        "status": e.status,
        "participants": e.parts.iter().map(|(role, spans)| json!({
            "role": role, "start": spans[0].0, "end": spans[0].1, "text": slice(spans[0]),
        })).collect::<Vec<_>>(),
    })
}

/// Annotates every gold document, asks `system` for its events, tallies them against the
/// gold and writes them to `out` in the scorer's format.
fn score(
    docs: &[GoldDoc],
    out: Option<&Path>,
    system: impl Fn(&GoldDoc, &Document, &Offsets) -> Vec<Ev>,
) -> Result<Tally, Box<dyn std::error::Error>> {
    let pipeline = newsgraph_engine::default_pipeline();
    let mut tally = Tally::default();
    let mut lines = Vec::new();
    for d in docs {
        let doc = annotate(d, &pipeline);
        let at = Offsets::new(&doc.text);
        let events = system(d, &doc, &at);
        tally.add(&gold_events(d), &events);
        let chars: Vec<char> = d.text.chars().collect();
        let events: Vec<_> = events.iter().map(|e| ev_json(e, &chars)).collect();
        lines.push(json!({"id": d.id, "events": events}).to_string());
    }
    if let Some(o) = out {
        write_lines(o, &lines)?;
    }
    Ok(tally)
}

/// `eval events FILE.jsonl`: the whole layer against a public set.
pub fn run(
    path: &Path,
    out: Option<&Path>,
    recall_only: bool,
    verbose: bool,
) -> Result<(), Box<dyn std::error::Error>> {
    let docs = read_gold(path)?;
    let tally = score(&docs, out, |d, doc, at| {
        let inside =
            |s: &Ev| d.annotated.as_ref().is_none_or(|a| a.iter().any(|r| r[0] <= s.span.0 && s.span.0 < r[1]));
        let system: Vec<Ev> = system_events(doc, at).into_iter().filter(inside).collect();
        if verbose {
            explain(d, &system, recall_only);
        }
        system
    })?;
    println!(
        "documents {}{}",
        docs.len(),
        if recall_only { "   (recall only: event precision not computed)" } else { "" }
    );
    println!("{}", tally.report(recall_only));
    Ok(())
}

/// Prints each typed gold event missed or typed otherwise, and (unless only recall counts)
/// each system event with no gold event of its type: `ID\tMISS|TYPE|FALSE\ttype\t«trigger»`.
fn explain(d: &GoldDoc, system: &[Ev], recall_only: bool) {
    let gold = gold_events(d);
    let pairs = match_events(&gold, system);
    let chars: Vec<char> = d.text.chars().collect();
    let text = |e: &Ev| chars[e.span.0..e.span.1].iter().collect::<String>();
    let kind = |e: &Ev| e.kind.clone().unwrap_or_else(|| "-".into());
    for (gi, g) in gold.iter().enumerate().filter(|(_, g)| g.kind.is_some()) {
        match pairs.iter().find(|p| p.0 == gi) {
            None => println!("{}\tMISS\t{}\t«{}»", d.id, kind(g), text(g)),
            Some(&(_, si)) if system[si].kind != g.kind => {
                println!("{}\tTYPE\t{} as {}\t«{}»", d.id, kind(g), kind(&system[si]), text(g))
            }
            Some(_) => {}
        }
    }
    if !recall_only {
        for (si, s) in system.iter().enumerate() {
            let right = pairs.iter().any(|&(gi, sj)| sj == si && gold[gi].kind == s.kind);
            if !right {
                println!("{}\tFALSE\t{}\t«{}»", d.id, kind(s), text(s));
            }
        }
    }
}

/// `eval events-status FILE.jsonl`: the status the layer gives each gold trigger in context.
pub fn status(path: &Path, out: Option<&Path>) -> Result<(), Box<dyn std::error::Error>> {
    let docs = read_gold(path)?;
    let tally = score(&docs, out, |d, doc, at| {
        gold_events(d)
            .into_iter()
            .map(|g| {
                let trigger = Span::new(at.byte(g.span.0), at.byte(g.span.1));
                let status = newsgraph_annotators::event_status_of(doc, trigger);
                Ev { status: Some(status_name(status).to_string()), parts: Vec::new(), ..g }
            })
            .collect()
    })?;
    let (n, acc, macro_f1, per) = tally.status();
    if tally.gold_with_status == 0 {
        return Err(format!("{}: no gold statuses to score", path.display()).into());
    }
    println!("{} documents, {n} gold triggers with a status", docs.len());
    println!("status         acc {}  macro-F1 {}", fmt(acc), fmt(macro_f1));
    println!("{}", per.join("\n"));
    Ok(())
}
