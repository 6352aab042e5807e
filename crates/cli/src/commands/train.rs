use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Args, Subcommand};
use newsgraph_document::Document;
use newsgraph_engine::{ReadOptions, extract};
use newsgraph_ner::{
    ConllDocument, GRANULARITIES, TitleSet, TrainOptions, WordClasses, cross_validate, evaluate, learn_word_classes,
    parse_conll, train,
};
use newsgraph_pipeline::Pipeline;

use crate::exit;

#[derive(Args)]
pub struct TrainArgs {
    #[command(subcommand)]
    model: TrainModel,
}

#[derive(Subcommand)]
enum TrainModel {
    /// Train the named-entity recogniser on CoNLL-2003 files. With `--folds K`, the number
    /// of epochs is chosen by K-fold cross-validation over the training documents first.
    Ner(NerArgs),
    /// Train the content model of the quotes annotator on brat attribution files (PolNeAR);
    /// with `--folds K`, epochs and how it joins the rules are chosen by cross-validation.
    Quotes(super::quote_training::QuoteArgs),
    /// Train the status model of the events layer on MEANTIME's factuality annotation
    /// (events-ood JSON Lines); with `--folds K`, epochs are chosen by cross-validation.
    EventStatus(super::status_training::StatusArgs),
    /// Train the agent and patient model of the events layer on MEANTIME's participant links
    /// (events-ood JSON Lines); with `--folds K`, epochs are chosen by cross-validation.
    EventArguments(super::argument_training::ArgumentArgs),
    /// Train the tagger and dependency parser on a Universal Dependencies treebank (GUM);
    /// with `--folds K`, parser epochs are chosen by cross-validation over its documents.
    Syntax(super::syntax_training::SyntaxArgs),
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

/// Cross-validation flags shared by the trainers.
#[derive(Args)]
pub struct CrossValidationArgs {
    /// Cross-validate over the training documents with this many folds (by document) and
    /// train with the settings that scored best there.
    #[arg(long)]
    pub folds: Option<usize>,
    /// With `--folds`: report the cross-validation only, write no model.
    #[arg(long)]
    pub cv_only: bool,
    /// Threads for the folds.
    #[arg(long, default_value_t = 2)]
    pub threads: usize,
}

#[derive(Args)]
struct NerArgs {
    /// Training file (CoNLL columns, gold IOB tag last).
    #[arg(long, default_value = "../shared/data/conll2003/train.txt")]
    train: PathBuf,
    /// Also train on these files (e.g. the dev file, once the design is frozen).
    #[arg(long)]
    also: Vec<PathBuf>,
    /// Machine-labelled (silver) CoNLL files: added to the training documents of every fold
    /// and of the final model, never scored (`models/ner-teacher/`).
    #[arg(long)]
    silver: Vec<PathBuf>,
    /// Cross-validate only these folds (0-based), e.g. the one fold a silver set's teacher
    /// did not see.
    #[arg(long = "fold")]
    only_folds: Vec<usize>,
    /// The perceptron's step on silver sentences (one on gold).
    #[arg(long, default_value_t = 1.0)]
    silver_step: f32,
    /// Scored once the model is trained, for the report; it chooses nothing.
    #[arg(long, default_value = "../shared/data/conll2003/valid.txt")]
    dev: PathBuf,
    /// Score no dev file.
    #[arg(long)]
    no_dev: bool,
    #[command(flatten)]
    cv: CrossValidationArgs,
    /// Passes over the data per stage (without `--folds`; with it, the largest tried).
    #[arg(long, default_value_t = 12)]
    epochs: usize,
    /// Shuffle seed.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Perceptrons per stage trained on differently shuffled documents, weights averaged.
    #[arg(long, default_value_t = 1)]
    ensemble: usize,
    /// Drop weights whose averaged value stays below this (perceptron units) from the model:
    /// smaller and faster, at what cost cross-validation tells.
    #[arg(long, default_value_t = 0.05)]
    prune: f32,
    /// Unlabelled news text for word classes: files or directories any reader takes, and
    /// `.txt.gz` files of stories separated by blank lines (`../shared/data/unlabeled/`).
    #[arg(long, default_values = [
        "../shared/data/unlabeled/reuters21578.txt.gz",
        "../shared/data/unlabeled/bbc-news.txt.gz",
        "../shared/data/polnear/train/text",
        "../shared/data/stories/ecbplus-traindev.jsonl",
    ])]
    unlabelled: Vec<PathBuf>,
    /// Learn word classes from no unlabelled text.
    #[arg(long)]
    no_unlabelled: bool,
    /// Also learn the word classes from the training file's words.
    #[arg(long)]
    classes_from_train: bool,
    /// Keep the learned word classes in this file, and read them from it when it exists
    /// (hashes only): cross-validation runs then skip relearning them.
    #[arg(long)]
    classes_cache: Option<PathBuf>,
    /// Word-vector clusters (`word<TAB>c1<TAB>c2<TAB>c3`, gzipped or not), from
    /// `models/word-vectors/build.py`.
    #[arg(long, default_value = "models/word-vectors/glove-clusters.tsv.gz")]
    vectors: PathBuf,
    /// Use no word-vector clusters.
    #[arg(long)]
    no_vectors: bool,
    /// Titles of encyclopaedia articles, one per line (gzipped or not), from
    /// `models/gazetteers/titles.py`; matched over capitalised tokens as features.
    #[arg(long)]
    titles: Option<PathBuf>,
    /// Train the first stage only (no document-level aggregation).
    #[arg(long)]
    one_stage: bool,
    /// Where to write the model.
    #[arg(long, default_value = "models/ner.bin")]
    out: PathBuf,
}

pub fn run(args: TrainArgs) -> Result<u8, Box<dyn std::error::Error>> {
    match args.model {
        TrainModel::Ner(args) => ner(args),
        TrainModel::Quotes(args) => super::quote_training::run(args),
        TrainModel::EventStatus(args) => super::status_training::run(args),
        TrainModel::EventArguments(args) => super::argument_training::run(args),
        TrainModel::Syntax(args) => super::syntax_training::run(args),
        TrainModel::Cues { dir, min_count, min_ratio, out } => cues(&dir, min_count, min_ratio, &out),
    }
}

fn read_text(p: &Path) -> Result<String, String> {
    let bytes = std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
    if p.extension().is_some_and(|x| x == "gz") {
        let mut text = String::new();
        flate2::read::MultiGzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read {}: {e}", p.display()))?;
        return Ok(text);
    }
    String::from_utf8(bytes).map_err(|e| format!("cannot read {}: {e}", p.display()))
}

fn ner(args: NerArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let mut docs = parse_conll(&read_text(&args.train)?);
    for p in &args.also {
        docs.extend(parse_conll(&read_text(p)?));
    }
    let mut silver = Vec::new();
    for p in &args.silver {
        silver.extend(parse_conll(&read_text(p)?).into_iter().map(|d| ConllDocument { silver: true, ..d }));
    }
    let dev_docs = if args.no_dev { Vec::new() } else { parse_conll(&read_text(&args.dev)?) };
    eprintln!(
        "training on {} documents ({} sentences) and {} silver documents ({} sentences)",
        docs.len(),
        docs.iter().map(|d| d.sentences.len()).sum::<usize>(),
        silver.len(),
        silver.iter().map(|d| d.sentences.len()).sum::<usize>(),
    );
    let start = Instant::now();
    let log = |line: String| eprintln!("{line}  [{:.0}s]", start.elapsed().as_secs_f64());
    let classes = match &args.classes_cache {
        Some(cache) if cache.exists() => {
            let classes = WordClasses::from_hashed_tsv(&read_text(cache)?);
            log(format!("word classes of {} words from {}", classes.len(), cache.display()));
            classes
        }
        cache => {
            let train_words = if args.classes_from_train { &docs[..] } else { &[] };
            let unlabelled = if args.no_unlabelled { &[][..] } else { &args.unlabelled[..] };
            let classes = word_classes(train_words, unlabelled, &log)?;
            if let Some(cache) = cache {
                std::fs::write(cache, classes.to_hashed_tsv())
                    .map_err(|e| format!("cannot write {}: {e}", cache.display()))?;
            }
            classes
        }
    };
    let vectors = if args.no_vectors {
        WordClasses::default()
    } else {
        let v = WordClasses::from_tsv(&read_text(&args.vectors)?);
        log(format!("vector clusters of {} words from {}", v.len(), args.vectors.display()));
        v
    };
    let titles = match &args.titles {
        Some(p) => {
            let t = TitleSet::from_lines(&read_text(p)?);
            log(format!("{} encyclopaedia titles from {}", t.len(), p.display()));
            t
        }
        None => TitleSet::default(),
    };
    let mut options = TrainOptions {
        epochs: args.epochs,
        seed: args.seed,
        prune: args.prune,
        ensemble: args.ensemble,
        two_stage: !args.one_stage,
        classes,
        vectors,
        titles,
        silver_step: args.silver_step,
        ..TrainOptions::default()
    };
    if let Some(folds) = args.cv.folds.filter(|&k| k > 1) {
        if let Some(bad) = args.only_folds.iter().find(|&&f| f >= folds) {
            return Err(format!("--fold {bad}: folds are numbered 0 to {}", folds - 1).into());
        }
        if args.silver_step.is_nan() || args.silver_step <= 0.0 {
            return Err(format!("--silver-step {}: the step must be above zero", args.silver_step).into());
        }
        let cv = cross_validate(&docs, &silver, folds, &args.only_folds, args.cv.threads, &options, &log);
        let stages = if options.two_stage { 2 } else { 1 };
        println!("{folds}-fold cross-validation over {} training documents (F1, mean ± sd over folds)", docs.len());
        for stage in 1..=stages {
            for epoch in 1..=options.epochs {
                if let Some((mean, sd)) = cv.f1(stage, epoch) {
                    println!("  stage {stage} epoch {epoch:>2}: {mean:6.2} ± {sd:.2}");
                }
            }
        }
        let best = cv.best_epochs(stages).unwrap_or(options.epochs);
        let (mean, sd) = cv.f1(stages, best).unwrap_or_default();
        let kinds: Vec<String> =
            cv.f1_by_kind(stages, best).iter().map(|(k, f)| format!("{} {f:.2}", k.label())).collect();
        println!("chosen: {best} epochs; CV F1 {mean:.2} ± {sd:.2} ({})", kinds.join(", "));
        if args.cv.cv_only {
            return Ok(exit::OK);
        }
        options.epochs = best;
    }
    docs.extend(silver);
    let model = train(&docs, &options, &log);
    let bytes = model.to_bytes();
    std::fs::write(&args.out, &bytes).map_err(|e| format!("cannot write {}: {e}", args.out.display()))?;
    eprintln!("wrote {} ({} feature rows, {:.1} MB)", args.out.display(), model.len(), bytes.len() as f64 / 1e6);
    if !dev_docs.is_empty() {
        println!("dev ({}), scored once after training:\n{}", args.dev.display(), evaluate(&model, &dev_docs, -1));
    }
    Ok(exit::OK)
}

/// Word classes from unlabelled texts (and the training words, when given), tokenised and
/// split into sentences by newsgraph's own pipeline (as text will be at run time).
fn word_classes(
    docs: &[ConllDocument],
    unlabelled: &[PathBuf],
    log: &dyn Fn(String),
) -> Result<WordClasses, Box<dyn std::error::Error>> {
    let mut sentences: Vec<Vec<String>> =
        docs.iter().flat_map(|d| &d.sentences).map(|s| s.words().iter().map(|w| w.to_string()).collect()).collect();
    let pipeline = Pipeline::from_names(&newsgraph_annotators::registry(), &["paragraphs", "tokens", "sentences"])?;
    let mut add = |doc: &Document| {
        for s in &doc.sentences {
            let words: Vec<String> =
                doc.tokens.iter().filter(|t| s.contains(t.span)).map(|t| doc.slice(t.span).to_string()).collect();
            sentences.push(words);
        }
    };
    let (stories, readable): (Vec<&PathBuf>, Vec<&PathBuf>) =
        unlabelled.iter().partition(|p| p.to_string_lossy().ends_with(".txt.gz"));
    // `../shared/data/unlabeled/`: one story a block, blank line between stories.
    for path in stories {
        for story in read_text(path)?.split("\n\n").filter(|s| !s.trim().is_empty()) {
            let mut doc = Document::new("unlabelled", story.to_string());
            pipeline.annotate(&mut doc);
            add(&doc);
        }
    }
    if !readable.is_empty() {
        extract(&readable, &ReadOptions::default(), &pipeline, 256, &mut |item| {
            if let Ok((doc, _)) = item {
                add(&doc);
            }
        });
    }
    let tokens: usize = sentences.iter().map(Vec::len).sum();
    log(format!("word classes from {} sentences, {tokens} tokens", sentences.len()));
    Ok(learn_word_classes(&sentences, GRANULARITIES, 3, 10, &mut |line| log(line)))
}

/// The cue lexicon from every annotated article of `dir`.
fn cues(
    dir: &std::path::Path,
    min_count: usize,
    min_ratio: f64,
    out: &std::path::Path,
) -> Result<u8, Box<dyn std::error::Error>> {
    use super::attribution::{annotations_by_article, read_ann};
    let by_article = annotations_by_article(dir)?;
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
