//! `newsgraph train event-arguments`: the learned agent and patient of the events layer, from
//! MEANTIME's participant links (PropBank Arg0 → agent, Arg1 → patient, for every event word
//! of the first sentences of Wikinews articles, as `../shared/data/events-ood` holds them).
//! With `--folds K` the number of epochs is chosen by K-fold cross-validation over the
//! training articles; `--dev` sets are scored once at the end and choose nothing.

use std::path::PathBuf;

use clap::Args;
use newsgraph_annotators::{
    ARGUMENT_ROLES, ArgumentExample, ArgumentModel, ArgumentSite, argument_sites, train_arguments,
};
use newsgraph_document::Span;

use super::event_ood_eval::{GoldDoc, Offsets, annotate, read_gold};
use super::train::CrossValidationArgs;
use crate::exit;

#[derive(Args)]
pub struct ArgumentArgs {
    /// Training articles (events-ood JSON Lines with gold participants).
    #[arg(long, default_value = "../shared/data/events-ood/meantime-train.jsonl")]
    train: PathBuf,
    /// Also train on these (e.g. the dev split, once the design is frozen).
    #[arg(long)]
    also: Vec<PathBuf>,
    /// Extra training articles (verbs' subjects and objects from a treebank,
    /// `models/event-arguments/gum.py`): always trained on, never held out or scored.
    #[arg(long)]
    extra: Vec<PathBuf>,
    /// Scored once the model is trained, for the report; they choose nothing.
    #[arg(long, default_values = ["../shared/data/events-ood/meantime-dev.jsonl"])]
    dev: Vec<PathBuf>,
    #[command(flatten)]
    cv: CrossValidationArgs,
    /// Passes over the data (without `--folds`; with it, the largest tried).
    #[arg(long, default_value_t = 10)]
    epochs: usize,
    /// How much less likely "nobody" is made, tried in cross-validation (with `--folds`;
    /// without, the one used).
    #[arg(long, value_delimiter = ',', default_values_t = [0.0f32, 0.25, 0.5, 1.0, 2.0])]
    nobody: Vec<f32>,
    /// Seed of the example order.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Train with dependency-path features (the layer then parses every sentence it ranks
    /// candidates in: several times the rest of the layer's time).
    #[arg(long)]
    trees: bool,
    /// Where to write the model.
    #[arg(long, default_value = "models/event-arguments.bin")]
    out: PathBuf,
}

/// One role of one gold event: the options, which are right, and what the rules chose.
struct Labelled {
    example: ArgumentExample,
    /// The role has a gold participant (found among the candidates or not).
    has_gold: bool,
    rule: Option<usize>,
}

/// The labelled roles of each article's gold events.
fn examples(docs: &[GoldDoc], trees: bool) -> Vec<Vec<Labelled>> {
    let pipeline = newsgraph_engine::default_pipeline();
    docs.iter()
        .map(|d| {
            let doc = annotate(d, &pipeline);
            let at = Offsets::new(&doc.text);
            let byte = |s: usize, e: usize| Span::new(at.byte(s), at.byte(e));
            let triggers: Vec<Span> = d.events.iter().map(|e| byte(e.trigger.start, e.trigger.end)).collect();
            let mut out = Vec::new();
            for (e, site) in d.events.iter().zip(argument_sites(&doc, &triggers, trees)) {
                let Some(ArgumentSite { spans, options, rule }) = site else { continue };
                for (r, (options, rule)) in options.into_iter().zip(rule).enumerate() {
                    let gold: Vec<Span> = e
                        .participants
                        .iter()
                        .filter(|p| p.role == ARGUMENT_ROLES[r])
                        .flat_map(|p| std::iter::once([p.start, p.end]).chain(p.alt.iter().copied()))
                        .map(|[s, e]| byte(s, e))
                        .collect();
                    let overlaps = |s: &Span| gold.iter().any(|g| g.start < s.end && s.start < g.end);
                    let mut right: Vec<usize> = (0..spans.len()).filter(|&k| overlaps(&spans[k])).collect();
                    if gold.is_empty() {
                        right.push(spans.len());
                    }
                    out.push(Labelled {
                        example: ArgumentExample { options, gold: right },
                        has_gold: !gold.is_empty(),
                        rule,
                    });
                }
            }
            out
        })
        .collect()
}

/// Precision, recall and F1 of one role's choices.
#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    system: usize,
    gold: usize,
}

impl Counts {
    fn add(&mut self, l: &Labelled, chosen: Option<usize>) {
        self.gold += usize::from(l.has_gold);
        if let Some(k) = chosen {
            self.system += 1;
            self.tp += usize::from(l.example.gold.contains(&k));
        }
    }
    fn f1(&self) -> f64 {
        if self.tp == 0 { 0.0 } else { 2.0 * self.tp as f64 / (self.system + self.gold) as f64 }
    }
    fn line(&self) -> String {
        let p = self.tp as f64 / self.system.max(1) as f64;
        let r = self.tp as f64 / self.gold.max(1) as f64;
        format!("P {p:.3} R {r:.3} F1 {:.3} (gold {}, system {}, tp {})", self.f1(), self.gold, self.system, self.tp)
    }
}

/// Counts per role of a model's (or, without one, the rules') choices.
fn score(model: Option<&ArgumentModel>, labelled: &[&Labelled]) -> [Counts; 2] {
    let mut c = [Counts::default(); 2];
    for (n, l) in labelled.iter().enumerate() {
        let r = n % 2;
        let none = l.example.options.len() - 1;
        let chosen = match model {
            Some(m) => {
                // The agent's candidate is not the patient too (as the layer decodes).
                let taken = (r == 1).then(|| m.choose(&labelled[n - 1].example.options, None).0);
                Some(m.choose(&l.example.options, taken.filter(|&k| k != none)).0).filter(|&k| k != none)
            }
            None => l.rule,
        };
        c[r].add(l, chosen);
    }
    c
}

fn report(label: &str, c: &[Counts; 2]) {
    println!("{label}: agent {} | patient {}", c[0].line(), c[1].line());
}

pub fn run(args: ArgumentArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let mut docs = read_gold(&args.train)?;
    for p in &args.also {
        docs.extend(read_gold(p)?);
    }
    let by_doc = examples(&docs, args.trees);
    let all: Vec<&Labelled> = by_doc.iter().flatten().collect();
    report("rules alone", &score(None, &all));
    for r in 0..2 {
        let roles = all.iter().skip(r).step_by(2).filter(|l| l.has_gold);
        let (n, reachable) = roles.fold((0, 0), |(n, k), l| (n + 1, k + usize::from(!l.example.gold.is_empty())));
        println!("{}: {reachable} of {n} gold participants overlap a candidate", ARGUMENT_ROLES[r]);
    }
    eprintln!("{} articles, {} event roles", docs.len(), all.len());
    let mut extra_docs = Vec::new();
    for p in &args.extra {
        extra_docs.extend(read_gold(p)?);
    }
    let extra: Vec<Labelled> = examples(&extra_docs, args.trees).into_iter().flatten().collect();
    eprintln!("{} extra articles, {} event roles", extra_docs.len(), extra.len());
    let copy = |l: &Labelled| ArgumentExample { options: l.example.options.clone(), gold: l.example.gold.clone() };
    let mut epochs = args.epochs;
    let mut nobody = args.nobody.first().copied().unwrap_or(0.0);
    if let Some(k) = args.cv.folds {
        if k < 2 || k > by_doc.len() {
            return Err(format!("--folds must be between 2 and the number of articles ({})", by_doc.len()).into());
        }
        let mut best = (f64::NEG_INFINITY, 0, 0.0);
        for e in 1..=args.epochs {
            let mut counts = vec![[Counts::default(); 2]; args.nobody.len()];
            for fold in 0..k {
                let train: Vec<ArgumentExample> = by_doc
                    .iter()
                    .enumerate()
                    .filter(|(d, _)| d % k != fold)
                    .flat_map(|(_, x)| x.iter().map(copy))
                    .chain(extra.iter().map(copy))
                    .collect();
                let model = train_arguments(&train, e, args.seed);
                let held: Vec<&Labelled> =
                    by_doc.iter().enumerate().filter(|(d, _)| d % k == fold).flat_map(|(_, x)| x.iter()).collect();
                for (b, &by) in args.nobody.iter().enumerate() {
                    let mut m = model.clone();
                    m.lower_nobody(by);
                    for (c, f) in counts[b].iter_mut().zip(score(Some(&m), &held)) {
                        c.tp += f.tp;
                        c.system += f.system;
                        c.gold += f.gold;
                    }
                }
            }
            for (b, &by) in args.nobody.iter().enumerate() {
                report(&format!("cv {k} folds, {e} epochs, nobody -{by}"), &counts[b]);
                let mean = (counts[b][0].f1() + counts[b][1].f1()) / 2.0;
                if mean > best.0 {
                    best = (mean, e, by);
                }
            }
        }
        nobody = best.2;
        println!("chosen: {} epochs, nobody -{nobody}", best.1);
        epochs = best.1;
        if args.cv.cv_only {
            return Ok(exit::OK);
        }
    }
    let train: Vec<ArgumentExample> = all.iter().map(|l| copy(l)).chain(extra.iter().map(copy)).collect();
    let mut model = train_arguments(&train, epochs, args.seed);
    model.lower_nobody(nobody);
    std::fs::write(&args.out, model.to_bytes()).map_err(|e| format!("cannot write {}: {e}", args.out.display()))?;
    println!("wrote {} ({epochs} epochs, nobody -{nobody}, {} examples)", args.out.display(), train.len());
    for dev in &args.dev {
        if dev.exists() {
            let held = examples(&read_gold(dev)?, args.trees);
            let held: Vec<&Labelled> = held.iter().flatten().collect();
            report(&format!("{} rules alone", dev.display()), &score(None, &held));
            report(&format!("{} model", dev.display()), &score(Some(&model), &held));
        }
    }
    Ok(exit::OK)
}
