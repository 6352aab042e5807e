use std::path::PathBuf;
use std::time::Instant;

use clap::{Args, Subcommand};
use newsgraph_engine::{ReadOptions, default_pipeline, extract};
use newsgraph_ner::{ConllDocument, GRANULARITIES, TrainOptions, WordClasses, learn_word_classes, parse_conll, train};

use crate::exit;

#[derive(Args)]
pub struct TrainArgs {
    #[command(subcommand)]
    model: TrainModel,
}

#[derive(Subcommand)]
enum TrainModel {
    /// Train the named-entity recogniser on CoNLL-2003 files.
    Ner {
        /// Training file (CoNLL columns, gold IOB tag last).
        #[arg(long, default_value = "../shared/data/conll2003/train.txt")]
        train: PathBuf,
        /// Development file: the best epoch on it is kept (pass `--dev ''` for none).
        #[arg(long, default_value = "../shared/data/conll2003/valid.txt")]
        dev: PathBuf,
        /// Also train on these files (e.g. the dev file, once the design is frozen).
        #[arg(long)]
        also: Vec<PathBuf>,
        /// Passes over the data.
        #[arg(long, default_value_t = 12)]
        epochs: usize,
        /// Shuffle seed.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Unlabelled news text for word classes (files or directories any reader takes);
        /// the training file's words are always used too. Pass `--unlabelled ''` for none.
        #[arg(long, default_values = ["../shared/data/polnear/train/text", "../shared/data/stories/ecbplus-traindev.jsonl"])]
        unlabelled: Vec<PathBuf>,
        /// Train the first stage only (no document-level aggregation).
        #[arg(long)]
        one_stage: bool,
        /// Where to write the model.
        #[arg(long, default_value = "models/ner.bin")]
        out: PathBuf,
    },
    /// Learn the reporting-cue lexicon of the quotes annotator from brat attribution files
    /// (PolNeAR's layout: DIR/text/NAME.txt, DIR/attributions/NAME[_annotator].ann).
    Cues {
        /// The training split.
        #[arg(long, default_value = "../shared/data/polnear/train")]
        dir: PathBuf,
        /// Keep words annotated as (part of) a cue at least this often.
        #[arg(long, default_value_t = 3)]
        min_count: usize,
        /// Keep words annotated as (part of) a cue in at least this share of their occurrences.
        #[arg(long, default_value_t = 0.5)]
        min_ratio: f64,
        /// Where to write the lexicon.
        #[arg(long, default_value = "models/cues.tsv")]
        out: PathBuf,
    },
}

pub fn run(args: TrainArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let (train_path, dev, also, epochs, seed, unlabelled, one_stage, out) = match args.model {
        TrainModel::Ner { train, dev, also, epochs, seed, unlabelled, one_stage, out } => {
            (train, dev, also, epochs, seed, unlabelled, one_stage, out)
        }
        TrainModel::Cues { dir, min_count, min_ratio, out } => return cues(&dir, min_count, min_ratio, &out),
    };
    let read = |p: &PathBuf| std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
    let mut docs = parse_conll(&read(&train_path)?);
    for p in &also {
        docs.extend(parse_conll(&read(p)?));
    }
    let dev_docs = if dev.as_os_str().is_empty() { Vec::new() } else { parse_conll(&read(&dev)?) };
    eprintln!(
        "training on {} documents ({} sentences), {} dev documents",
        docs.len(),
        docs.iter().map(|d| d.sentences.len()).sum::<usize>(),
        dev_docs.len()
    );
    let start = Instant::now();
    let classes = word_classes(&docs, &unlabelled, &start);
    let options = TrainOptions { epochs, seed, two_stage: !one_stage, classes, ..TrainOptions::default() };
    let model =
        train(&docs, &dev_docs, &options, &mut |line| eprintln!("{line}  [{:.0}s]", start.elapsed().as_secs_f64()));
    let bytes = model.to_bytes();
    std::fs::write(&out, &bytes).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    eprintln!("wrote {} ({} feature rows, {:.1} MB)", out.display(), model.len(), bytes.len() as f64 / 1e6);
    Ok(exit::OK)
}

/// Word classes from the training words and the unlabelled texts, tokenised and split into
/// sentences by newsgraph's own pipeline (as text will be at run time).
fn word_classes(docs: &[ConllDocument], unlabelled: &[PathBuf], start: &Instant) -> WordClasses {
    let mut sentences: Vec<Vec<String>> =
        docs.iter().flat_map(|d| &d.sentences).map(|s| s.words().iter().map(|w| w.to_string()).collect()).collect();
    let paths: Vec<&PathBuf> = unlabelled.iter().filter(|p| !p.as_os_str().is_empty()).collect();
    if !paths.is_empty() {
        let pipeline = default_pipeline();
        extract(&paths, &ReadOptions::default(), &pipeline, 256, &mut |item| {
            if let Ok((doc, _)) = item {
                for s in &doc.sentences {
                    let words: Vec<String> = doc
                        .tokens
                        .iter()
                        .filter(|t| s.contains(t.span))
                        .map(|t| doc.slice(t.span).to_string())
                        .collect();
                    sentences.push(words);
                }
            }
        });
    }
    let tokens: usize = sentences.iter().map(Vec::len).sum();
    eprintln!(
        "word classes from {} sentences, {tokens} tokens  [{:.0}s]",
        sentences.len(),
        start.elapsed().as_secs_f64()
    );
    learn_word_classes(&sentences, GRANULARITIES, 3, 10, &mut |line| {
        eprintln!("{line}  [{:.0}s]", start.elapsed().as_secs_f64())
    })
}

/// The cue lexicon from every annotated article of `dir`.
fn cues(
    dir: &std::path::Path,
    min_count: usize,
    min_ratio: f64,
    out: &std::path::Path,
) -> Result<u8, Box<dyn std::error::Error>> {
    use super::attribution::{base_name, read_ann};
    let anns_dir = dir.join("attributions");
    let mut by_article: std::collections::BTreeMap<String, Vec<PathBuf>> = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(&anns_dir).map_err(|e| format!("cannot read {}: {e}", anns_dir.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|x| x == "ann")
            && let Some(base) = base_name(&path)
        {
            by_article.entry(base).or_default().push(path);
        }
    }
    let mut texts = Vec::new();
    for (base, anns) in &by_article {
        let txt = dir.join("text").join(format!("{base}.txt"));
        let Ok(text) = std::fs::read_to_string(&txt) else { continue };
        // brat offsets count code points; the learner takes byte offsets.
        let bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
        let at = |cp: usize| bytes.get(cp).copied().unwrap_or(text.len());
        let mut cues = Vec::new();
        for ann in anns {
            let gold = read_ann(&std::fs::read_to_string(ann)?);
            cues.push(gold.iter().flat_map(|a| a.cue.iter().map(|&(s, e)| (at(s), at(e)))).collect());
        }
        texts.push((text, cues));
    }
    let examples: Vec<newsgraph_annotators::CueExample<'_>> = texts
        .iter()
        .map(|(text, cues): &(String, Vec<Vec<(usize, usize)>>)| newsgraph_annotators::CueExample {
            text,
            cues: cues.clone(),
        })
        .collect();
    let tsv = newsgraph_annotators::learn_cues(&examples, min_count, min_ratio);
    std::fs::write(out, &tsv).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    eprintln!(
        "{} articles; wrote {} ({} cue words)",
        examples.len(),
        out.display(),
        tsv.lines().filter(|l| !l.starts_with('#')).count()
    );
    Ok(exit::OK)
}
