//! Training: greedy decoding with the current weights, perceptron updates where a
//! prediction differs from the gold tag, documents shuffled with a seed each epoch, the
//! averaged weights of the best epoch on the development set kept.
//!
//! Two stages (Ratinov & Roth's prediction aggregation): the second stage sees what the
//! first stage called the same word elsewhere in the document. Its training features come
//! from first-stage models that did not see the document (two-fold jackknife), as at test
//! time.

use crate::conll::{ConllDocument, Score};
use crate::features::{DocumentAggregate, DocumentHistory, TokenKey, dynamic_features, sentence_features};
use crate::gazetteer::{Gazetteers, LearnedLists};
use crate::model::{Model, Training};
use crate::tags::{Tag, bilou_from_spans, spans_from_iob};
use crate::{CLASSES, Recognizer, WordClasses, best_allowed};

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training documents.
    pub epochs: usize,
    /// Seed of the document shuffle.
    pub seed: u64,
    /// Column of the gold label in the CoNLL files (negative: from the end).
    pub gold_column: isize,
    /// Averaged weights below this are pruned from the shipped model.
    pub prune: f32,
    /// Train the second (aggregating) stage.
    pub two_stage: bool,
    /// Word classes learned from unlabelled text, used as features.
    pub classes: WordClasses,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            epochs: 12,
            seed: 2026,
            gold_column: -1,
            prune: 0.05,
            two_stage: true,
            classes: WordClasses::default(),
        }
    }
}

struct Example {
    words: Vec<String>,
    gold: Vec<Tag>,
    fixed: Vec<Vec<u64>>,
    keys: Vec<TokenKey>,
}

impl Example {
    fn words(&self) -> Vec<&str> {
        self.words.iter().map(String::as_str).collect()
    }
}

/// Entity strings of documents, for the learned lists.
fn learned_lists<'a>(docs: impl Iterator<Item = &'a ConllDocument>, gold_column: isize) -> LearnedLists {
    let mut entities: Vec<(Vec<String>, usize)> = Vec::new();
    for s in docs.flat_map(|d| &d.sentences) {
        let words = s.words();
        for span in spans_from_iob(&s.column(gold_column)) {
            entities.push((words[span.start..span.end].iter().map(|w| w.to_string()).collect(), span.kind as usize));
        }
    }
    let borrowed: Vec<(Vec<&str>, usize)> =
        entities.iter().map(|(t, k)| (t.iter().map(String::as_str).collect(), *k)).collect();
    LearnedLists::from_entities(borrowed.iter().map(|(t, k)| (t.as_slice(), *k)))
}

/// Training examples. Each document's learned-list features come from lists mined from
/// the other fold only (two-fold jackknife), so that the model learns how far such lists
/// can be trusted on names it has not seen, as at test time.
fn examples(docs: &[ConllDocument], gold_column: isize, classes: &WordClasses) -> Vec<Vec<Example>> {
    let folds: Vec<Gazetteers> = (0..2)
        .map(|f| {
            let mut lists =
                learned_lists(docs.iter().enumerate().filter(|(i, _)| i % 2 != f).map(|(_, d)| d), gold_column);
            lists.classes = classes.clone();
            Gazetteers::with_learned(&lists)
        })
        .collect();
    docs.iter()
        .enumerate()
        .map(|(i, d)| {
            let gazetteers = &folds[i % 2];
            d.sentences
                .iter()
                .map(|s| {
                    let words = s.words();
                    let gold = bilou_from_spans(&spans_from_iob(&s.column(gold_column)), words.len());
                    let f = sentence_features(&words, gazetteers);
                    Example { words: words.iter().map(|w| w.to_string()).collect(), gold, fixed: f.fixed, keys: f.keys }
                })
                .collect()
        })
        .collect()
}

/// Scores a recogniser on CoNLL documents (exact spans).
pub fn evaluate(recognizer: &Recognizer, docs: &[ConllDocument], gold_column: isize) -> Score {
    let mut score = Score::default();
    for d in docs {
        let sentences: Vec<Vec<&str>> = d.sentences.iter().map(|s| s.words()).collect();
        let predicted = recognizer.spans(&sentences);
        for (s, p) in d.sentences.iter().zip(predicted) {
            score.add(&spans_from_iob(&s.column(gold_column)), &p, s.lines.len());
        }
    }
    score
}

/// Decodes one document with training weights, updating them when `learn` is set.
fn pass(weights: &mut Training, doc: &[Example], learn: bool, errors: &mut usize) -> Vec<Vec<Tag>> {
    let mut history = DocumentHistory::default();
    let mut feats = Vec::with_capacity(96);
    let mut out = Vec::with_capacity(doc.len());
    for ex in doc {
        let words = ex.words();
        let n = words.len();
        let mut tags = Vec::with_capacity(n);
        let (mut prev, mut prev2) = (Tag::O, Tag::O);
        for i in 0..n {
            feats.clear();
            feats.extend_from_slice(&ex.fixed[i]);
            dynamic_features(ex.keys[i], prev, prev2, &history, &mut feats);
            let mut scores = [0f32; CLASSES];
            weights.score(&feats, &mut scores);
            let guess = best_allowed(&scores, prev, i + 1 == n);
            if learn {
                if guess != ex.gold[i] {
                    weights.update(&feats, ex.gold[i].0 as usize, guess.0 as usize);
                    *errors += 1;
                }
                weights.tick();
            }
            tags.push(guess);
            prev2 = prev;
            prev = guess;
        }
        history.record(&ex.keys, &tags);
        out.push(tags);
    }
    out
}

/// Runs the epochs over the documents `docs` of `data`; after each, `check` gets the
/// averaged model and may return a dev F1. Returns the model of the best epoch (or the
/// last one, when `check` gives no score).
fn fit(
    data: &[Vec<Example>],
    docs: &[usize],
    options: &TrainOptions,
    learned: &LearnedLists,
    stage: &str,
    log: &mut dyn FnMut(String),
    check: &mut dyn FnMut(Model) -> (Option<f64>, Model),
) -> Model {
    let mut weights = Training::default();
    let mut order = docs.to_vec();
    let mut rng = options.seed.max(1);
    let mut best: Option<(f64, Model)> = None;
    let mut last = None;
    for epoch in 1..=options.epochs {
        // Fisher–Yates with xorshift: reproducible for a seed.
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        let mut errors = 0;
        for &d in &order {
            pass(&mut weights, &data[d], true, &mut errors);
        }
        let (f1, model) = check(weights.finish(options.prune, learned));
        match f1 {
            Some(f1) => {
                log(format!(
                    "{stage} epoch {epoch}: {errors} training errors, {} feature rows; dev F1 {:.2}",
                    model.len(),
                    100.0 * f1
                ));
                if best.as_ref().is_none_or(|(b, _)| f1 > *b) {
                    best = Some((f1, model));
                }
            }
            None => {
                log(format!("{stage} epoch {epoch}: {errors} training errors, {} feature rows", model.len()));
                last = Some(model);
            }
        }
    }
    best.map(|(_, m)| m).or(last).unwrap_or_else(|| weights.finish(options.prune, learned))
}

/// Second-stage examples: first-stage features plus what `stage1_tags` called each word
/// elsewhere in its document.
fn aggregated(data: &[Vec<Example>], stage1_tags: &[Vec<Vec<Tag>>]) -> Vec<Vec<Example>> {
    data.iter()
        .zip(stage1_tags)
        .map(|(doc, tags)| {
            let sentences: Vec<Vec<&str>> = doc.iter().map(Example::words).collect();
            let agg = DocumentAggregate::new(&sentences, tags);
            doc.iter()
                .zip(tags)
                .map(|(ex, t)| {
                    let fixed = ex
                        .fixed
                        .iter()
                        .enumerate()
                        .map(|(i, f)| {
                            let mut f = f.clone();
                            agg.features(&ex.words[i], t[i], &mut f);
                            f
                        })
                        .collect();
                    Example { words: ex.words.clone(), gold: ex.gold.clone(), fixed, keys: ex.keys.clone() }
                })
                .collect()
        })
        .collect()
}

/// Trains on `train`, reporting dev F1 after each epoch through `log`; returns the
/// recogniser's models (first stage, and second when `two_stage`) of the best epochs on
/// `dev` (or of the last epochs when `dev` is empty).
pub fn train(
    train: &[ConllDocument],
    dev: &[ConllDocument],
    options: &TrainOptions,
    log: &mut dyn FnMut(String),
) -> Recognizer {
    let data = examples(train, options.gold_column, &options.classes);
    let mut learned = learned_lists(train.iter(), options.gold_column);
    learned.classes = options.classes.clone();
    let all: Vec<usize> = (0..data.len()).collect();
    let dev_f1 = |r: &Recognizer| (!dev.is_empty()).then(|| evaluate(r, dev, options.gold_column).overall.f1());

    let stage1 = fit(&data, &all, options, &learned, "stage 1", log, &mut |m| {
        let r = Recognizer::from_models(m, None);
        (dev_f1(&r), r.into_models().0)
    });
    if !options.two_stage {
        return Recognizer::from_models(stage1, None);
    }

    // First-stage tags of every training document from a model that did not see it.
    let mut stage1_tags: Vec<Vec<Vec<Tag>>> = vec![Vec::new(); data.len()];
    for fold in 0..2 {
        let seen: Vec<usize> = all.iter().copied().filter(|d| d % 2 != fold).collect();
        let quiet = TrainOptions { epochs: options.epochs.min(8), ..options.clone() };
        let model = fit(&data, &seen, &quiet, &learned, &format!("jackknife {fold}"), log, &mut |m| (None, m));
        let mut weights = Training::from_model(&model);
        for d in all.iter().copied().filter(|d| d % 2 == fold) {
            stage1_tags[d] = pass(&mut weights, &data[d], false, &mut 0);
        }
    }
    let data2 = aggregated(&data, &stage1_tags);
    let stage1_bytes = stage1.to_bytes();
    let stage2 = fit(&data2, &all, options, &learned, "stage 2", log, &mut |m| {
        let first = Model::from_bytes(&stage1_bytes).expect("a model reads back");
        let r = Recognizer::from_models(first, Some(m));
        let f1 = dev_f1(&r);
        (f1, r.into_models().1.expect("second stage"))
    });
    Recognizer::from_models(stage1, Some(stage2))
}
