//! `newsgraph train syntax`: the tagger and dependency parser (`models/syntax.bin`), from the
//! Georgetown University Multilayer corpus's Universal Dependencies trees, on its training
//! documents (its `splits.md`; Reddit threads left out). With `--folds K`, each number of
//! parser epochs in `--parser-epochs` is scored by K-fold cross-validation over the training
//! documents and the best is used; the dev documents are scored once at the end and choose
//! nothing.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use clap::Args;
use newsgraph_annotators::{Syntax, SyntaxOptions, TreebankSentence, read_conllu, train_syntax};

use super::train::CrossValidationArgs;
use crate::exit;

#[derive(Args)]
pub struct SyntaxArgs {
    /// The treebank's CoNLL-U files, one per document.
    #[arg(long, default_value = "../shared/data/gum/dep")]
    dir: PathBuf,
    /// Which documents are train, dev and test (GUM's `splits.md`: `## NAME` headings over
    /// `* DOCUMENT` lines).
    #[arg(long, default_value = "../shared/data/gum/splits.md")]
    splits: PathBuf,
    /// Also train on the dev documents (once the design is frozen).
    #[arg(long)]
    with_dev: bool,
    #[command(flatten)]
    cv: CrossValidationArgs,
    /// Passes of the tagger.
    #[arg(long, default_value_t = 8)]
    tagger_epochs: usize,
    /// Passes of the parser: with `--folds`, each is tried; without, the largest is used.
    #[arg(long, value_delimiter = ',', default_values_t = [12usize])]
    parser_epochs: Vec<usize>,
    /// Folds of the jackknife giving the parser predicted tags (below 2: gold tags).
    #[arg(long, default_value_t = 5)]
    jackknife: usize,
    /// Drop averaged weights smaller than this (1.0: a model of 16 MB instead of 44 MB, GUM
    /// dev UAS 0.823 instead of 0.827).
    #[arg(long, default_value_t = 1.0)]
    prune: f32,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Where to write the model.
    #[arg(long, default_value = "models/syntax.bin")]
    out: PathBuf,
}

/// Documents by split name, from GUM's `splits.md`.
fn splits(path: &Path) -> Result<Vec<(String, String)>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut split = String::new();
    let mut out = Vec::new();
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("## ") {
            split = name.trim().to_string();
        } else if let Some(doc) = line.trim().strip_prefix("* ") {
            out.push((split.clone(), doc.trim().to_string()));
        }
    }
    Ok(out)
}

fn documents(args: &SyntaxArgs, wanted: &[&str]) -> Result<Vec<Vec<TreebankSentence>>, String> {
    let wanted: HashSet<&str> = wanted.iter().copied().collect();
    let mut out = Vec::new();
    for (split, doc) in splits(&args.splits)? {
        if !wanted.contains(split.as_str()) || doc.contains("_reddit_") {
            continue;
        }
        let path = args.dir.join(format!("{doc}.conllu"));
        let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        out.push(read_conllu(&text).map_err(|e| format!("{}: {e}", path.display()))?);
    }
    Ok(out)
}

fn print_scores(what: &str, model: &Syntax, sentences: &[TreebankSentence]) {
    let s = model.evaluate(sentences);
    println!("{what}: {} tokens  tags {:.4}  UAS {:.4}  LAS {:.4}", s.tokens, s.tag_accuracy, s.uas, s.las);
}

pub fn run(args: SyntaxArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let train_docs = documents(&args, if args.with_dev { &["train", "dev"] } else { &["train"] })?;
    let dev: Vec<TreebankSentence> = documents(&args, &["dev"])?.concat();
    if train_docs.is_empty() {
        eprintln!("no training documents under {}", args.dir.display());
        return Ok(exit::ERROR);
    }
    let options = |epochs: usize| SyntaxOptions {
        tagger_epochs: args.tagger_epochs,
        parser_epochs: epochs,
        jackknife: args.jackknife,
        seed: args.seed,
        prune: args.prune,
    };
    let mut epochs = *args.parser_epochs.iter().max().unwrap_or(&12);
    if let Some(k) = args.cv.folds.filter(|&k| k >= 2) {
        let mut best = (f64::MIN, epochs);
        for &e in &args.parser_epochs {
            let (mut uas, mut las, mut n) = (0.0, 0.0, 0usize);
            for fold in 0..k {
                let train: Vec<TreebankSentence> = train_docs
                    .iter()
                    .enumerate()
                    .filter(|(d, _)| d % k != fold)
                    .flat_map(|(_, s)| s.iter().cloned())
                    .collect();
                let held: Vec<TreebankSentence> = train_docs
                    .iter()
                    .enumerate()
                    .filter(|(d, _)| d % k == fold)
                    .flat_map(|(_, s)| s.iter().cloned())
                    .collect();
                let model = train_syntax(&train, options(e), &mut |_| {});
                let s = model.evaluate(&held);
                uas += s.uas * s.tokens as f64;
                las += s.las * s.tokens as f64;
                n += s.tokens;
            }
            let (uas, las) = (uas / n.max(1) as f64, las / n.max(1) as f64);
            println!("cv {k} folds, {e} parser epochs: UAS {uas:.4}  LAS {las:.4}");
            if las > best.0 {
                best = (las, e);
            }
        }
        epochs = best.1;
        println!("chosen: {epochs} parser epochs");
        if args.cv.cv_only {
            return Ok(exit::OK);
        }
    }
    let sentences: Vec<TreebankSentence> = train_docs.concat();
    let started = std::time::Instant::now();
    let model = train_syntax(&sentences, options(epochs), &mut |m| eprintln!("{m}"));
    let (tags, labels, weights) = model.sizes();
    eprintln!(
        "trained on {} sentences in {:.0} s: {tags} tags, {labels} labels, {weights} weights",
        sentences.len(),
        started.elapsed().as_secs_f64()
    );
    print_scores("dev", &model, &dev);
    let bytes = model.to_bytes();
    std::fs::write(&args.out, &bytes)?;
    eprintln!("wrote {} ({:.1} MB)", args.out.display(), bytes.len() as f64 / 1e6);
    Ok(exit::OK)
}
