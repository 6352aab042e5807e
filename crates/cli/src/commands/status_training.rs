//! `newsgraph train event-status`: the learned status of the events layer, from MEANTIME's
//! factuality annotation (every event word of the first sentences of Wikinews articles, as
//! `../shared/data/events-ood` holds it). With `--folds K` the number of epochs is chosen
//! by K-fold cross-validation over the training articles.

use std::path::PathBuf;

use clap::Args;
use newsgraph_annotators::{StatusExample, StatusModel, status_class, status_features, train_status};
use newsgraph_document::{EventStatus, Span};

use super::event_ood_eval::{GoldDoc, Offsets, annotate, read_gold};
use super::train::CrossValidationArgs;
use crate::exit;

#[derive(Args)]
pub struct StatusArgs {
    /// Training articles (events-ood JSON Lines with gold statuses).
    #[arg(long, default_value = "../shared/data/events-ood/meantime-train.jsonl")]
    train: PathBuf,
    /// Also train on these (e.g. the dev split, once the design is frozen).
    #[arg(long)]
    also: Vec<PathBuf>,
    /// Extra training articles with statuses from another scheme (TimeBank's EVENT
    /// attributes turned into statuses): always trained on, never held out or scored.
    #[arg(long)]
    extra: Vec<PathBuf>,
    /// Scored once the model is trained, for the report; it chooses nothing.
    #[arg(long, default_value = "../shared/data/events-ood/meantime-dev.jsonl")]
    dev: PathBuf,
    #[command(flatten)]
    cv: CrossValidationArgs,
    /// Passes over the data (without `--folds`; with it, the largest tried).
    #[arg(long, default_value_t = 8)]
    epochs: usize,
    /// Seed of the example order.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Where to write the model.
    #[arg(long, default_value = "models/event-status.bin")]
    out: PathBuf,
}

const CLASSES: [&str; 4] = ["happened", "scheduled", "negated", "hypothetical"];

fn class_named(s: &str) -> Option<usize> {
    let status = match s {
        "happened" => EventStatus::Happened,
        "scheduled" => EventStatus::Scheduled,
        "negated" => EventStatus::Negated,
        "hypothetical" => EventStatus::Hypothetical,
        _ => return None,
    };
    Some(status_class(status))
}

/// The labelled event words of each article.
fn examples(docs: &[GoldDoc]) -> Vec<Vec<StatusExample>> {
    let pipeline = newsgraph_engine::default_pipeline();
    docs.iter()
        .map(|d| {
            let doc = annotate(d, &pipeline);
            let at = Offsets::new(&doc.text);
            let labelled: Vec<(Span, usize)> = d
                .events
                .iter()
                .filter_map(|e| {
                    let class = class_named(e.status.as_deref()?)?;
                    Some((Span::new(at.byte(e.trigger.start), at.byte(e.trigger.end)), class))
                })
                .collect();
            let spans: Vec<Span> = labelled.iter().map(|l| l.0).collect();
            status_features(&doc, &spans)
                .into_iter()
                .zip(&labelled)
                .map(|((features, rule), &(_, class))| StatusExample { features, class, rule })
                .collect()
        })
        .collect()
}

/// Accuracy and macro-F1 over the classes present in gold.
#[derive(Default)]
struct Confusion([[usize; 4]; 4]);

impl Confusion {
    fn add(&mut self, model: &StatusModel, examples: &[StatusExample]) {
        for e in examples {
            self.0[e.class][model.predict(&e.features).0] += 1;
        }
    }
    /// The rules where they found a cue, the model where they did not.
    fn add_hybrid(&mut self, model: &StatusModel, examples: &[StatusExample]) {
        for e in examples {
            let c = if e.rule != 0 { e.rule } else { model.predict(&e.features).0 };
            self.0[e.class][c] += 1;
        }
    }
    fn accuracy(&self) -> f64 {
        let n: usize = self.0.iter().flatten().sum();
        (0..4).map(|c| self.0[c][c]).sum::<usize>() as f64 / n.max(1) as f64
    }
    fn f1(&self, c: usize) -> f64 {
        let tp = self.0[c][c] as f64;
        let gold: usize = self.0[c].iter().sum();
        let sys: usize = (0..4).map(|g| self.0[g][c]).sum();
        if tp == 0.0 { 0.0 } else { 2.0 * tp / (gold + sys) as f64 }
    }
    fn macro_f1(&self) -> f64 {
        let present: Vec<usize> = (0..4).filter(|&c| self.0[c].iter().sum::<usize>() > 0).collect();
        present.iter().map(|&c| self.f1(c)).sum::<f64>() / present.len().max(1) as f64
    }
    fn line(&self) -> String {
        let per: Vec<String> = (0..4).map(|c| format!("{} {:.3}", CLASSES[c], self.f1(c))).collect();
        format!("acc {:.3}  macro-F1 {:.3}  ({})", self.accuracy(), self.macro_f1(), per.join(", "))
    }
}

pub fn run(args: StatusArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let mut docs = read_gold(&args.train)?;
    for p in &args.also {
        docs.extend(read_gold(p)?);
    }
    let by_doc = examples(&docs);
    let mut extra_docs = Vec::new();
    for p in &args.extra {
        extra_docs.extend(read_gold(p)?);
    }
    let extra: Vec<StatusExample> = examples(&extra_docs).into_iter().flatten().collect();
    let copy = |e: &StatusExample| StatusExample { features: e.features.clone(), class: e.class, rule: e.rule };
    let mut rules = Confusion::default();
    for e in by_doc.iter().flatten() {
        rules.0[e.class][e.rule] += 1;
    }
    println!("rules alone: {}", rules.line());
    let n: usize = by_doc.iter().map(Vec::len).sum();
    eprintln!("{} articles, {n} event words with a status", docs.len());
    let mut epochs = args.epochs;
    if let Some(k) = args.cv.folds {
        if k < 2 || k > by_doc.len() {
            return Err(format!("--folds must be between 2 and the number of articles ({})", by_doc.len()).into());
        }
        let mut best = (f64::NEG_INFINITY, 0);
        for e in 1..=args.epochs {
            let mut confusion = Confusion::default();
            let mut hybrid = Confusion::default();
            for fold in 0..k {
                let train: Vec<StatusExample> = by_doc
                    .iter()
                    .enumerate()
                    .filter(|(d, _)| d % k != fold)
                    .flat_map(|(_, x)| x.iter().map(copy))
                    .chain(extra.iter().map(copy))
                    .collect();
                let model = train_status(&train, e, args.seed);
                for (_, held) in by_doc.iter().enumerate().filter(|(d, _)| d % k == fold) {
                    confusion.add(&model, held);
                    hybrid.add_hybrid(&model, held);
                }
            }
            println!("cv hybrid {e} epochs: {}", hybrid.line());
            println!("cv {k} folds, {e} epochs: {}", confusion.line());
            // Macro-F1 first: accuracy alone rewards answering "happened".
            let score = confusion.macro_f1() + confusion.accuracy();
            if score > best.0 {
                best = (score, e);
            }
        }
        epochs = best.1;
        println!("chosen: {epochs} epochs");
        if args.cv.cv_only {
            return Ok(exit::OK);
        }
    }
    let all: Vec<StatusExample> = by_doc.into_iter().flatten().chain(extra).collect();
    let model = train_status(&all, epochs, args.seed);
    std::fs::write(&args.out, model.to_bytes()).map_err(|e| format!("cannot write {}: {e}", args.out.display()))?;
    println!("wrote {} ({epochs} epochs, {} examples)", args.out.display(), all.len());
    if args.dev.exists() {
        let dev = read_gold(&args.dev)?;
        let mut confusion = Confusion::default();
        for held in examples(&dev) {
            confusion.add(&model, &held);
        }
        println!("dev {}: {}", args.dev.display(), confusion.line());
    }
    Ok(exit::OK)
}
