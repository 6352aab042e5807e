//! `newsgraph train quotes`: the learned content model of the quotes annotator, trained on
//! brat attribution files (PolNeAR), with its settings chosen by K-fold cross-validation
//! over the training articles (folds by article) and the dev split scored once, at the end.

use std::path::{Path, PathBuf};

use clap::Args;
use newsgraph_annotators::{
    ContentExample, ContentModel, ContentOptions, Joiner, MergeOptions, SpeakerRanker, merge, merge_spans,
    train_joiner, train_speakers,
};
use newsgraph_document::{Document, Published, Span};
use newsgraph_pipeline::Pipeline;

use super::attribution::{Attribution, Counts, annotations_by_article, read_ann, score};
use crate::exit;

#[derive(Args)]
pub struct QuoteArgs {
    /// The training split (DIR/text/NAME.txt, DIR/attributions/NAME[_annotator].ann).
    #[arg(long, default_value = "../shared/data/polnear/train")]
    train: PathBuf,
    /// Scored once the model is trained, for the report; it chooses nothing.
    #[arg(long, default_value = "../shared/data/polnear/dev")]
    dev: PathBuf,
    /// Score no dev split.
    #[arg(long)]
    no_dev: bool,
    #[command(flatten)]
    cv: super::train::CrossValidationArgs,
    /// Passes over the data.
    #[arg(long, default_value_t = 6)]
    epochs: usize,
    /// Shuffle seed.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Drop content weights whose averaged magnitude is at most this (for every tag): a
    /// smaller table, fewer cache misses. 1.0 as cross-validation chose (`models/README.md`).
    #[arg(long, default_value_t = 1.0)]
    prune: f32,
    /// Rank speakers with dependency-path features too (the layer then parses every
    /// sentence holding a quote's cue: several times the rest of the layer's time).
    #[arg(long)]
    trees: bool,
    /// Where to write the model.
    #[arg(long, default_value = "models/quotes.bin")]
    out: PathBuf,
}

/// One article: the document as the rules leave it, and each annotator's attributions.
struct Article {
    doc: Document,
    gold: Vec<Vec<Attribution>>,
}

/// Reads and annotates (rules only) every article of a split.
fn read_split(dir: &Path, pipeline: &Pipeline) -> Result<Vec<Article>, Box<dyn std::error::Error>> {
    let mut out = Vec::new();
    for (base, anns) in annotations_by_article(dir)? {
        let txt = dir.join("text").join(format!("{base}.txt"));
        let Ok(text) = std::fs::read_to_string(&txt) else { continue };
        let mut doc = Document::new("text", text);
        // PolNeAR file names carry the publication date: source_YYYY-MM-DD_slug.
        doc.published = base.split('_').find_map(|p| Published::parse(p).ok());
        pipeline.annotate(&mut doc);
        let gold = anns.iter().map(|a| Ok(read_ann(&std::fs::read_to_string(a)?))).collect::<std::io::Result<_>>()?;
        out.push(Article { doc, gold });
    }
    Ok(out)
}

/// brat's code-point spans as byte spans of the document.
fn byte_spans(doc: &Document, spans: &[(usize, usize)]) -> Vec<Span> {
    let bytes: Vec<usize> = doc.text.char_indices().map(|(b, _)| b).chain([doc.text.len()]).collect();
    let at = |cp: usize| bytes.get(cp).copied().unwrap_or(doc.text.len());
    spans.iter().map(|&(a, b)| Span::new(at(a), at(b))).collect()
}

fn examples<'a>(articles: &[&'a Article]) -> Vec<ContentExample<'a>> {
    articles
        .iter()
        .flat_map(|a| {
            a.gold.iter().map(move |g| ContentExample {
                doc: &a.doc,
                contents: g.iter().map(|x| byte_spans(&a.doc, &x.content)).collect(),
                cues: g.iter().flat_map(|x| byte_spans(&a.doc, &x.cue)).collect(),
            })
        })
        .collect()
}

/// The merge settings cross-validation chooses among.
fn merge_grid() -> Vec<MergeOptions> {
    let mut out = Vec::new();
    for to_sentence_end in [false, true] {
        for require_cue in [false, true] {
            for min_cue_level in [3] {
                for learned_direct in [false, true] {
                    for min_confidence in [0.0, 0.3] {
                        out.push(MergeOptions {
                            keep_unconfirmed: true,
                            require_cue,
                            min_cue_level,
                            min_tokens: 2,
                            to_sentence_end,
                            learned_direct,
                            min_confidence,
                            rerank_speakers: false,
                            rule_speaker_margin: 2.0,
                        });
                    }
                }
            }
        }
    }
    out
}

/// Scores every merge setting (and, last, the rules alone) on articles.
fn evaluate_grid(articles: &[&Article], model: &ContentModel, grid: &[MergeOptions]) -> Vec<[Counts; 2]> {
    let mut counts = vec![[Counts::default(); 2]; grid.len() + 1];
    for a in articles {
        let spans = [model.spans(&a.doc, false), model.spans(&a.doc, true)];
        let mut doc = a.doc.clone();
        for (c, m) in counts.iter_mut().zip(grid) {
            doc.quotes = merge_spans(&a.doc, model, &spans[usize::from(m.to_sentence_end)], m);
            for g in &a.gold {
                score(&doc, g, c);
            }
        }
        for g in &a.gold {
            score(&a.doc, g, &mut counts[grid.len()]);
        }
    }
    counts
}

/// Scores a model (or the rules alone, with `None`) on articles.
fn evaluate(articles: &[&Article], model: Option<&ContentModel>) -> [Counts; 2] {
    let mut counts = [Counts::default(); 2];
    for a in articles {
        let mut doc = a.doc.clone();
        if let Some(m) = model {
            doc.quotes = merge(&a.doc, m, &m.merge);
        }
        for g in &a.gold {
            score(&doc, g, &mut counts);
        }
    }
    counts
}

fn describe(m: &MergeOptions) -> String {
    format!(
        "end={} cue={} level={} direct={} conf={:.1}",
        if m.to_sentence_end { "sentence" } else { "model" },
        m.require_cue,
        m.min_cue_level,
        m.learned_direct,
        m.min_confidence
    )
}

/// Passes of the speaker ranker over its examples.
const SPEAKER_EPOCHS: usize = 5;

/// Other numbers of passes cross-validation reports beside [`SPEAKER_EPOCHS`].
const OTHER_SPEAKER_EPOCHS: [usize; 3] = [2, 10, 20];

/// The speaker ranker trained on the quotes `model` gives the articles, each matched (as the
/// scorer matches) to a gold attribution whose source it learns.
fn speaker_ranker(articles: &[&Article], model: &ContentModel, epochs: usize, trees: bool) -> SpeakerRanker {
    // The quotes with the speakers the rules and the cues gave them: the ranker learns to
    // choose over those. Reranking with a ranker not yet trained would put an arbitrary
    // candidate in the rules' place, and the ranker would learn from that one instead
    // (which the shipped model did until 2026-12-07: CV speaker accuracy 0.873 against 0.877).
    let opts = MergeOptions { rerank_speakers: false, ..model.merge.clone() };
    let mut examples = Vec::new();
    for a in articles {
        let quotes = merge(&a.doc, model, &opts);
        for g in &a.gold {
            let gold: Vec<(Vec<Span>, Vec<Span>)> =
                g.iter().map(|x| (byte_spans(&a.doc, &x.content), byte_spans(&a.doc, &x.source))).collect();
            let sources = quotes
                .iter()
                .map(|q| {
                    let overlap = |spans: &[Span]| {
                        spans
                            .iter()
                            .map(|s| q.content.end.min(s.end).saturating_sub(q.content.start.max(s.start)))
                            .sum::<u32>()
                    };
                    gold.iter()
                        .filter(|(c, _)| 2 * overlap(c) >= c.iter().map(|s| s.end - s.start).sum::<u32>())
                        .max_by_key(|(c, _)| overlap(c))
                        .map(|(_, src)| src.clone())
                        .unwrap_or_default()
                })
                .collect();
            examples.push((&a.doc, quotes.clone(), sources));
        }
    }
    train_speakers(&examples, epochs, trees)
}

/// Passes of the joiner of interrupted quotations over its examples.
const JOIN_EPOCHS: usize = 10;

/// Whether the layer joins interrupted quotations with a learned joiner, as the last
/// cross-validation chose (`models/README.md`): `train quotes` without `--folds` builds the
/// shipped model.
const JOIN: bool = true;

/// The joiner of interrupted quotations trained on the quotes `model` gives the articles: two
/// consecutive quotes are one when both overlap one gold content (of any annotator).
fn joiner(articles: &[&Article], model: &ContentModel, epochs: usize, seed: u64) -> Joiner {
    let mut examples = Vec::new();
    for a in articles {
        let quotes = merge(&a.doc, model, &model.merge);
        let contents: Vec<Vec<Span>> = a.gold.iter().flatten().map(|x| byte_spans(&a.doc, &x.content)).collect();
        let touches = |c: &[Span], q: Span| c.iter().any(|s| s.overlaps(q));
        let same = quotes
            .windows(2)
            .map(|w| contents.iter().any(|c| touches(c, w[0].content) && touches(c, w[1].content)))
            .collect();
        examples.push((&a.doc, quotes, same));
    }
    train_joiner(&examples, epochs, seed)
}

/// The articles of a fold's training side and of its held-out side (fold `f` of `k`: the
/// articles whose index is `f` mod `k`).
fn fold(train: &[Article], k: usize, f: usize) -> (Vec<&Article>, Vec<&Article>) {
    let (inside, held): (Vec<_>, Vec<_>) = train.iter().enumerate().partition(|(i, _)| i % k != f);
    (inside.into_iter().map(|x| x.1).collect(), held.into_iter().map(|x| x.1).collect())
}

/// Runs `run` on each of `k` folds, `threads` at a time, and returns what each gave, by fold.
fn in_folds<T: Send>(k: usize, threads: usize, run: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let folds: Vec<usize> = (0..k).collect();
    let mut out = Vec::with_capacity(k);
    for chunk in folds.chunks(threads.max(1)) {
        let run = &run;
        let got: Vec<T> = std::thread::scope(|s| {
            let handles: Vec<_> = chunk.iter().map(|&f| s.spawn(move || run(f))).collect();
            handles.into_iter().map(|h| h.join().expect("fold thread")).collect()
        });
        out.extend(got);
    }
    out
}

/// The content model trained on `articles` for `epochs`, with these settings and, when they
/// rank speakers, its speaker ranker.
fn trained(
    articles: &[&Article],
    opts: &ContentOptions,
    epochs: usize,
    merge_opts: &MergeOptions,
    trees: bool,
) -> ContentModel {
    let mut trainer = newsgraph_annotators::Trainer::new(&examples(articles), opts);
    for _ in 0..epochs {
        trainer.epoch();
    }
    let model = trainer.model(merge_opts.clone());
    if merge_opts.rerank_speakers {
        let ranker = speaker_ranker(articles, &model, SPEAKER_EPOCHS, trees);
        return model.with_speakers(ranker);
    }
    model
}

fn f1(c: &Counts) -> f64 {
    let p = if c.system == 0 { 0.0 } else { c.matched as f64 / c.system as f64 };
    let r = if c.gold == 0 { 0.0 } else { c.matched as f64 / c.gold as f64 };
    if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
}

fn speaker(c: &Counts) -> f64 {
    if c.source_gold == 0 { 0.0 } else { c.source_ok as f64 / c.source_gold as f64 }
}

fn mean_sd(xs: &[f64]) -> (f64, f64) {
    let n = xs.len().max(1) as f64;
    let m = xs.iter().sum::<f64>() / n;
    (m, (xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / n).sqrt())
}

/// The default pipeline with the quote rules alone in place of the quotes annotator.
pub fn rules_pipeline() -> Result<Pipeline, Box<dyn std::error::Error>> {
    let names: Vec<&str> =
        newsgraph_annotators::DEFAULT_PIPELINE.iter().map(|n| if *n == "quotes" { "quote-rules" } else { n }).collect();
    Ok(Pipeline::from_names(&newsgraph_annotators::registry(), &names)?)
}

pub fn run(args: QuoteArgs) -> Result<u8, Box<dyn std::error::Error>> {
    let pipeline = rules_pipeline()?;
    let t0 = std::time::Instant::now();
    let train = read_split(&args.train, &pipeline)?;
    eprintln!("{} training articles read and annotated in {:.1?}", train.len(), t0.elapsed());
    let opts = ContentOptions { epochs: args.epochs, seed: args.seed, prune: args.prune, ..ContentOptions::default() };
    let grid = merge_grid();
    let (mut epochs, mut merge_opts, mut join) = (args.epochs, MergeOptions::default(), JOIN);
    if let Some(k) = args.cv.folds.filter(|&k| k >= 2) {
        // results[fold][epoch][setting] (the last setting: the rules alone)
        let fold_run = |f: usize| -> Vec<Vec<[Counts; 2]>> {
            let (inside, held) = fold(&train, k, f);
            let mut trainer = newsgraph_annotators::Trainer::new(&examples(&inside), &opts);
            (0..args.epochs)
                .map(|_| {
                    trainer.epoch();
                    evaluate_grid(&held, &trainer.model(MergeOptions::default()), &grid)
                })
                .collect()
        };
        let results = in_folds(k, args.cv.threads, fold_run);
        println!("{k}-fold cross-validation over {} training articles (folds by article)", train.len());
        println!(
            "epochs  setting                                              all F1 (mean±sd)  direct F1  speaker all/direct"
        );
        let line = |e: usize, s: usize, name: &str| {
            let all: Vec<f64> = results.iter().map(|r| f1(&r[e][s][0])).collect();
            let dir: Vec<f64> = results.iter().map(|r| f1(&r[e][s][1])).collect();
            let sp: Vec<f64> = results.iter().map(|r| speaker(&r[e][s][0])).collect();
            let spd: Vec<f64> = results.iter().map(|r| speaker(&r[e][s][1])).collect();
            let (ma, sa) = mean_sd(&all);
            println!(
                "{:6}  {name:52} {ma:.4}±{sa:.4}     {:.4}     {:.4}/{:.4}",
                e + 1,
                mean_sd(&dir).0,
                mean_sd(&sp).0,
                mean_sd(&spd).0
            );
            ma
        };
        line(0, grid.len(), "rules alone");
        let mut best = (f64::MIN, 0, 0);
        for e in 0..args.epochs {
            // Each epoch's three best settings, and every setting's figure for the choice.
            let mut ranked: Vec<(f64, usize)> = (0..grid.len())
                .map(|s| (mean_sd(&results.iter().map(|r| f1(&r[e][s][0])).collect::<Vec<_>>()).0, s))
                .collect();
            ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
            for &(_, s) in ranked.iter().take(3) {
                line(e, s, &describe(&grid[s]));
            }
            if ranked[0].0 > best.0 {
                best = (ranked[0].0, e + 1, ranked[0].1);
            }
        }
        epochs = best.1;
        merge_opts = grid[best.2].clone();
        println!("chosen: {epochs} epochs, {} (CV all F1 {:.4})", describe(&merge_opts), best.0);
        // Then the speaker ranker, on the quotes of the chosen content model.
        const MARGINS: [f32; 5] = [2.0, 0.6, 0.4, 0.2, 0.0];
        let speaker_run = |f: usize| -> Vec<[Counts; 2]> {
            let (inside, held) = fold(&train, k, f);
            let mut trainer = newsgraph_annotators::Trainer::new(&examples(&inside), &opts);
            for _ in 0..epochs {
                trainer.epoch();
            }
            let model = trainer.model(merge_opts.clone());
            let ranker = speaker_ranker(&inside, &model, SPEAKER_EPOCHS, args.trees);
            let without = evaluate(&held, Some(&model));
            let mut ranked = trainer.model(merge_opts.clone()).with_speakers(ranker);
            ranked.merge.rerank_speakers = true;
            let mut out = vec![without];
            for m in MARGINS {
                ranked.merge.rule_speaker_margin = m;
                out.push(evaluate(&held, Some(&ranked)));
            }
            // The ranker's own passes, at the last margin: measured, not chosen here.
            for e in OTHER_SPEAKER_EPOCHS {
                let mut ranked =
                    trainer.model(merge_opts.clone()).with_speakers(speaker_ranker(&inside, &model, e, args.trees));
                ranked.merge.rerank_speakers = true;
                ranked.merge.rule_speaker_margin = MARGINS[MARGINS.len() - 1];
                out.push(evaluate(&held, Some(&ranked)));
            }
            out
        };
        let runs = in_folds(k, args.cv.threads, speaker_run);
        let mut best = (f64::MIN, 0);
        for v in 0..=MARGINS.len() {
            let name = match v {
                0 => "speakers as the rules give them".to_string(),
                1 => "ranked where the rules give none".to_string(),
                _ => format!("… and over the rules' at margin ≥ {:.1}", MARGINS[v - 1]),
            };
            let sp: Vec<f64> = runs.iter().map(|r| speaker(&r[v][0])).collect();
            let spd: Vec<f64> = runs.iter().map(|r| speaker(&r[v][1])).collect();
            let (m, sd) = mean_sd(&sp);
            println!("{name:44} speaker all {m:.4}±{sd:.4}  direct {:.4}", mean_sd(&spd).0);
            if m > best.0 {
                best = (m, v);
            }
        }
        for (i, e) in OTHER_SPEAKER_EPOCHS.iter().enumerate() {
            let v = MARGINS.len() + 1 + i;
            let sp: Vec<f64> = runs.iter().map(|r| speaker(&r[v][0])).collect();
            let spd: Vec<f64> = runs.iter().map(|r| speaker(&r[v][1])).collect();
            let (m, sd) = mean_sd(&sp);
            let name = format!("  (at the last margin, {e} ranker passes instead of {SPEAKER_EPOCHS})");
            println!("{name:44} speaker all {m:.4}±{sd:.4}  direct {:.4}", mean_sd(&spd).0);
        }
        merge_opts.rerank_speakers = best.1 >= 1;
        merge_opts.rule_speaker_margin = if best.1 >= 1 { MARGINS[best.1 - 1] } else { 2.0 };
        println!(
            "chosen: speakers {}",
            match best.1 {
                0 => "from the rules".to_string(),
                1 => "ranked where the rules give none".to_string(),
                _ => format!("ranked, over the rules' at margin ≥ {:.1}", merge_opts.rule_speaker_margin),
            }
        );
        // Then the joiner of interrupted quotations, on the quotes of the chosen settings.
        let join_run = |f: usize| -> [[Counts; 2]; 2] {
            let (inside, held) = fold(&train, k, f);
            let model = trained(&inside, &opts, epochs, &merge_opts, args.trees);
            let without = evaluate(&held, Some(&model));
            let joined = joiner(&inside, &model, JOIN_EPOCHS, args.seed);
            let model = model.with_joiner(joined);
            [without, evaluate(&held, Some(&model))]
        };
        let runs = in_folds(k, args.cv.threads, join_run);
        let mut means = [0.0; 2];
        for (v, name) in ["interrupted quotations as found", "… joined where the joiner says"].iter().enumerate() {
            let all: Vec<f64> = runs.iter().map(|r| f1(&r[v][0])).collect();
            let dir: Vec<f64> = runs.iter().map(|r| f1(&r[v][1])).collect();
            let sp: Vec<f64> = runs.iter().map(|r| speaker(&r[v][0])).collect();
            let spd: Vec<f64> = runs.iter().map(|r| speaker(&r[v][1])).collect();
            let (m, sd) = mean_sd(&all);
            means[v] = m;
            println!(
                "{name:44} all F1 {m:.4}±{sd:.4}  direct F1 {:.4}  speaker all/direct {:.4}/{:.4}",
                mean_sd(&dir).0,
                mean_sd(&sp).0,
                mean_sd(&spd).0
            );
        }
        join = means[1] > means[0];
        println!("chosen: interrupted quotations {}", if join { "joined" } else { "as found" });
        if args.cv.cv_only {
            return Ok(exit::OK);
        }
    }
    let all: Vec<&Article> = train.iter().collect();
    let mut model = trained(&all, &opts, epochs, &merge_opts, args.trees);
    if join {
        let joined = joiner(&all, &model, JOIN_EPOCHS, args.seed);
        model = model.with_joiner(joined);
    }
    let bytes = model.to_bytes();
    std::fs::write(&args.out, &bytes).map_err(|e| format!("cannot write {}: {e}", args.out.display()))?;
    eprintln!("wrote {} ({} weights, {:.1} MB)", args.out.display(), model.len(), bytes.len() as f64 / 1e6);
    if !args.no_dev {
        let dev = read_split(&args.dev, &pipeline)?;
        let dev: Vec<&Article> = dev.iter().collect();
        let rules = evaluate(&dev, None);
        let learned = evaluate(&dev, Some(&model));
        println!("dev ({} articles), once, after training:", dev.len());
        println!("rules   {}", rules[0].line("all"));
        println!("rules   {}", rules[1].line("direct"));
        println!("learned {}", learned[0].line("all"));
        println!("learned {}", learned[1].line("direct"));
    }
    Ok(exit::OK)
}
