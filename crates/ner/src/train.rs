//! Training: greedy decoding with the current weights, perceptron updates where a
//! prediction differs from the gold tag, documents shuffled with a seed each epoch, the
//! averaged weights after a fixed number of epochs kept. The number of epochs, like every
//! other choice, is made by [`cross_validate`] over the training documents: no held-out set
//! is looked at while training.
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
use crate::titles::TitleSet;
use crate::{CLASSES, Recognizer, WordClasses, best_allowed};

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training documents.
    pub epochs: usize,
    /// Seed of the document shuffle.
    pub seed: u64,
    /// Perceptrons trained side by side on differently shuffled documents, their weights
    /// averaged.
    pub ensemble: usize,
    /// Column of the gold label in the CoNLL files (negative: from the end).
    pub gold_column: isize,
    /// Averaged weights below this are pruned from the shipped model.
    pub prune: f32,
    /// Train the second (aggregating) stage.
    pub two_stage: bool,
    /// Word classes learned from unlabelled text, used as features.
    pub classes: WordClasses,
    /// Clusters of word vectors (keyed by lower-cased word), used as features.
    pub vectors: WordClasses,
    /// Titles of encyclopaedia articles, used as features.
    pub titles: TitleSet,
    /// The perceptron's step on silver documents (gold documents step by one).
    pub silver_step: f32,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            epochs: 12,
            seed: 2026,
            ensemble: 1,
            gold_column: -1,
            prune: 0.05,
            two_stage: true,
            classes: WordClasses::default(),
            vectors: WordClasses::default(),
            titles: TitleSet::default(),
            silver_step: 1.0,
        }
    }
}

struct Example {
    /// The perceptron's step on this example.
    step: f32,
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
    for s in docs.filter(|d| !d.silver).flat_map(|d| &d.sentences) {
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
fn examples(docs: &[ConllDocument], options: &TrainOptions) -> Vec<Vec<Example>> {
    let gold_column = options.gold_column;
    let folds: Vec<Gazetteers> = (0..2)
        .map(|f| {
            let mut lists =
                learned_lists(docs.iter().enumerate().filter(|(i, _)| i % 2 != f).map(|(_, d)| d), gold_column);
            lists.classes = options.classes.clone();
            lists.vectors = options.vectors.clone();
            lists.titles = options.titles.clone();
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
                    Example {
                        step: if d.silver { options.silver_step } else { 1.0 },
                        words: words.iter().map(|w| w.to_string()).collect(),
                        gold,
                        fixed: f.fixed,
                        keys: f.keys,
                    }
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
                    weights.update_by(&feats, ex.gold[i].0 as usize, guess.0 as usize, ex.step);
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

/// Runs the epochs over the documents `docs` of `data` and returns the averaged model of
/// the last one. After each epoch, `monitor` gets the averaged model (to score it on
/// held-out documents: it never changes what is trained).
fn fit(
    data: &[Vec<Example>],
    docs: &[usize],
    options: &TrainOptions,
    learned: &LearnedLists,
    stage: &str,
    log: &dyn Fn(String),
    mut monitor: Option<&mut dyn FnMut(usize, &Model)>,
) -> Model {
    let members = options.ensemble.max(1);
    let mut weights: Vec<Training> = (0..members).map(|_| Training::default()).collect();
    let mut orders: Vec<Vec<usize>> = vec![docs.to_vec(); members];
    let mut rngs: Vec<u64> =
        (0..members as u64).map(|m| options.seed.wrapping_add(m.wrapping_mul(0x9E37_79B9)).max(1)).collect();
    for epoch in 1..=options.epochs {
        let mut errors = 0;
        for ((weights, order), rng) in weights.iter_mut().zip(&mut orders).zip(&mut rngs) {
            // Fisher–Yates with xorshift: reproducible for a seed.
            for i in (1..order.len()).rev() {
                *rng ^= *rng << 13;
                *rng ^= *rng >> 7;
                *rng ^= *rng << 17;
                order.swap(i, (*rng % (i as u64 + 1)) as usize);
            }
            for &d in order.iter() {
                pass(weights, &data[d], true, &mut errors);
            }
        }
        log(format!("{stage} epoch {epoch}: {errors} training errors"));
        if epoch < options.epochs
            && let Some(monitor) = monitor.as_mut()
        {
            monitor(epoch, &Training::finish_average(&weights, options.prune, learned));
        }
    }
    let model = Training::finish_average(&weights, options.prune, learned);
    if let Some(monitor) = monitor.as_mut() {
        monitor(options.epochs, &model);
    }
    model
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
                    Example {
                        step: ex.step,
                        words: ex.words.clone(),
                        gold: ex.gold.clone(),
                        fixed,
                        keys: ex.keys.clone(),
                    }
                })
                .collect()
        })
        .collect()
}

/// Trains on `train` for `options.epochs` epochs per stage; returns the recogniser (first
/// stage, and second when `two_stage`).
pub fn train(train: &[ConllDocument], options: &TrainOptions, log: &dyn Fn(String)) -> Recognizer {
    train_monitored(train, options, log, None)
}

/// Training, with `monitor(stage, epoch, recogniser)` called after every epoch of each stage
/// (stage 2 with the finished first stage).
fn train_monitored(
    train: &[ConllDocument],
    options: &TrainOptions,
    log: &dyn Fn(String),
    mut monitor: Option<&mut dyn FnMut(usize, usize, &Recognizer)>,
) -> Recognizer {
    let data = examples(train, options);
    let mut learned = learned_lists(train.iter(), options.gold_column);
    learned.classes = options.classes.clone();
    learned.vectors = options.vectors.clone();
    learned.titles = options.titles.clone();
    let all: Vec<usize> = (0..data.len()).collect();
    let reload = |m: &Model| Model::from_bytes(&m.to_bytes()).expect("a model reads back");
    let monitoring = monitor.is_some();

    let mut monitor1 = |epoch: usize, m: &Model| {
        if let Some(monitor) = monitor.as_mut() {
            monitor(1, epoch, &Recognizer::from_models(reload(m), None))
        }
    };
    let stage1 = fit(&data, &all, options, &learned, "stage 1", log, monitoring.then_some(&mut monitor1 as _));
    if !options.two_stage {
        return Recognizer::from_models(stage1, None);
    }

    // First-stage tags of every training document from a model that did not see it.
    let mut stage1_tags: Vec<Vec<Vec<Tag>>> = vec![Vec::new(); data.len()];
    for fold in 0..2 {
        let seen: Vec<usize> = all.iter().copied().filter(|d| d % 2 != fold).collect();
        // Fewer epochs: these models only tag the other half, and half the data converges sooner.
        let quiet = TrainOptions { epochs: options.epochs.min(8), ..options.clone() };
        let model = fit(&data, &seen, &quiet, &learned, &format!("jackknife {fold}"), log, None);
        let mut weights = Training::from_model(&model);
        for d in all.iter().copied().filter(|d| d % 2 == fold) {
            stage1_tags[d] = pass(&mut weights, &data[d], false, &mut 0);
        }
    }
    let data2 = aggregated(&data, &stage1_tags);
    let mut monitor2 = |epoch: usize, m: &Model| {
        if let Some(monitor) = monitor.as_mut() {
            monitor(2, epoch, &Recognizer::from_models(reload(&stage1), Some(reload(m))))
        }
    };
    // The name lists, classes and titles travel with the first stage only: the recogniser
    // reads them from there, and a second copy would double the model file.
    let none = LearnedLists::default();
    let stage2 = fit(&data2, &all, options, &none, "stage 2", log, monitoring.then_some(&mut monitor2 as _));
    Recognizer::from_models(stage1, Some(stage2))
}

/// Cross-validation over training documents: per fold, per stage, the held-out score after
/// each epoch.
#[derive(Debug, Clone, Default)]
pub struct CrossValidation {
    /// `folds[f][stage - 1][epoch - 1]`: fold `f`'s held-out score.
    pub folds: Vec<[Vec<Score>; 2]>,
}

impl CrossValidation {
    /// Mean and (sample) standard deviation over folds of the overall F1 after `epoch`
    /// epochs of `stage` (1 or 2), in percent.
    pub fn f1(&self, stage: usize, epoch: usize) -> Option<(f64, f64)> {
        let values: Vec<f64> =
            self.folds.iter().filter_map(|f| f[stage - 1].get(epoch - 1)).map(|s| 100.0 * s.overall.f1()).collect();
        mean_sd(&values)
    }

    /// Mean over folds of each type's F1 after `epoch` epochs of `stage`, in percent.
    pub fn f1_by_kind(&self, stage: usize, epoch: usize) -> Vec<(crate::Kind, f64)> {
        crate::Kind::ALL
            .iter()
            .filter_map(|k| {
                let values: Vec<f64> = self
                    .folds
                    .iter()
                    .filter_map(|f| f[stage - 1].get(epoch - 1))
                    .map(|s| 100.0 * s.by_kind.get(k).copied().unwrap_or_default().f1())
                    .collect();
                mean_sd(&values).map(|(m, _)| (*k, m))
            })
            .collect()
    }

    /// The epoch count with the best mean F1 for `stage`.
    pub fn best_epochs(&self, stage: usize) -> Option<usize> {
        let epochs = self.folds.iter().map(|f| f[stage - 1].len()).min()?;
        (1..=epochs).max_by(|&a, &b| {
            let (fa, fb) = (self.f1(stage, a).map_or(0.0, |x| x.0), self.f1(stage, b).map_or(0.0, |x| x.0));
            fa.total_cmp(&fb).then(b.cmp(&a))
        })
    }
}

fn mean_sd(values: &[f64]) -> Option<(f64, f64)> {
    if values.is_empty() {
        return None;
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = if values.len() > 1 { values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0) } else { 0.0 };
    Some((mean, var.sqrt()))
}

/// `folds`-fold cross-validation by document: fold `f` holds the documents whose index is
/// `f` modulo `folds`; each fold is scored by a recogniser trained on the others plus
/// `extra` (documents that train every fold and are never scored: machine-labelled silver
/// data), after every epoch of each stage. Only the folds in `only` run when it is not
/// empty (a silver set labelled by a teacher that saw every fold but one is fair to that
/// one only). Folds run on `threads` threads.
#[allow(clippy::too_many_arguments)]
pub fn cross_validate(
    docs: &[ConllDocument],
    extra: &[ConllDocument],
    folds: usize,
    only: &[usize],
    threads: usize,
    options: &TrainOptions,
    log: &(dyn Fn(String) + Sync),
) -> CrossValidation {
    let chosen: Vec<usize> = if only.is_empty() { (0..folds).collect() } else { only.to_vec() };
    let results: Vec<std::sync::Mutex<[Vec<Score>; 2]>> = chosen.iter().map(|_| Default::default()).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, chosen.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let slot = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(&f) = chosen.get(slot) else { break };
                    let (held, rest): (Vec<_>, Vec<_>) = docs.iter().enumerate().partition(|(i, _)| i % folds == f);
                    let held: Vec<ConllDocument> = held.into_iter().map(|(_, d)| d.clone()).collect();
                    let rest: Vec<ConllDocument> =
                        rest.into_iter().map(|(_, d)| d.clone()).chain(extra.iter().cloned()).collect();
                    let mut curves: [Vec<Score>; 2] = Default::default();
                    let fold_log = |line: String| log(format!("fold {f} of 0–{}: {line}", folds - 1));
                    let mut monitor = |stage: usize, epoch: usize, r: &Recognizer| {
                        let score = evaluate(r, &held, options.gold_column);
                        fold_log(format!("stage {stage} epoch {epoch}: held-out F1 {:.2}", 100.0 * score.overall.f1()));
                        curves[stage - 1].push(score);
                    };
                    train_monitored(&rest, options, &fold_log, Some(&mut monitor));
                    *results[slot].lock().expect("no panic holds it") = curves;
                }
            });
        }
    });
    CrossValidation { folds: results.into_iter().map(|m| m.into_inner().expect("no panic holds it")).collect() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_conll;

    /// Documents of written sentences: a person from one pool, a place from another, in a
    /// few frames, so that held-out folds hold names the training folds never saw.
    fn corpus(documents: usize) -> Vec<ConllDocument> {
        let firsts = ["Anna", "Boris", "Chiara", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jonas"];
        let lasts = ["Berg", "Okafor", "Lindqvist", "Haddad", "Moreau", "Tanaka", "Novak", "Silva", "Costa", "Weber"];
        let places = ["Oslo", "Lima", "Quito", "Accra", "Hanoi", "Perth", "Tunis", "Riga", "Minsk", "Dakar"];
        let mut text = String::new();
        for d in 0..documents {
            text.push_str("-DOCSTART- -X- -X- O\n\n");
            for s in 0..6 {
                let (f, l, p) = (firsts[(d + s) % 10], lasts[(d * 3 + s) % 10], places[(d * 7 + s) % 10]);
                let lines: Vec<(&str, &str)> = match s % 3 {
                    0 => vec![(f, "B-PER"), (l, "I-PER"), ("visited", "O"), (p, "B-LOC"), ("on", "O"), ("Monday", "O")],
                    1 => vec![("In", "O"), (p, "B-LOC"), (",", "O"), (l, "B-PER"), ("said", "O"), ("talks", "O")],
                    _ => vec![("Officials", "O"), ("met", "O"), (f, "B-PER"), (l, "I-PER"), ("in", "O"), (p, "B-LOC")],
                };
                for (w, t) in lines {
                    text.push_str(&format!("{w} X X {t}\n"));
                }
                text.push_str(". . O O\n\n");
            }
        }
        parse_conll(&text)
    }

    #[test]
    fn cross_validation_scores_every_fold_after_every_epoch() {
        let docs = corpus(16);
        let options = TrainOptions { epochs: 3, ..TrainOptions::default() };
        let cv = cross_validate(&docs, &[], 4, &[], 2, &options, &|_| {});
        assert_eq!(cv.folds.len(), 4);
        assert!(cv.folds.iter().all(|f| f[0].len() == 3 && f[1].len() == 3));
        // Every gold entity of the corpus is scored once over the folds.
        let gold: usize = cv.folds.iter().map(|f| f[1][2].overall.gold).sum();
        assert_eq!(gold, 16 * 6 * 2);
        let (mean, sd) = cv.f1(2, 3).expect("scores");
        assert!(mean > 80.0, "held-out F1 {mean}");
        assert!(sd >= 0.0);
        assert!((1..=3).contains(&cv.best_epochs(2).expect("an epoch")));
    }

    #[test]
    fn silver_documents_train_every_fold_and_are_never_scored() {
        let docs = corpus(8);
        let options = TrainOptions { epochs: 2, two_stage: false, ..TrainOptions::default() };
        // Held-out fold 1 alone: its two documents' 24 gold names are all that is scored,
        // however many silver documents join the training side.
        let silver = corpus(12);
        let cv = cross_validate(&docs, &silver, 4, &[1], 1, &options, &|_| {});
        assert_eq!(cv.folds.len(), 1);
        assert_eq!(cv.folds[0][0][1].overall.gold, 2 * 6 * 2);
        // Silver that calls every person a place teaches the held-out fold to do the same.
        let mut wrong = String::new();
        for d in &silver {
            wrong.push_str("-DOCSTART- -X- -X- O\n\n");
            for s in &d.sentences {
                for (w, t) in s.words().iter().zip(s.column(-1)) {
                    wrong.push_str(&format!("{w} X X {}\n", t.replace("PER", "LOC")));
                }
                wrong.push('\n');
            }
        }
        let misled = cross_validate(&docs, &parse_conll(&wrong), 4, &[1], 1, &options, &|_| {});
        let f1 = |cv: &CrossValidation| cv.f1(1, 2).expect("scores").0;
        assert!(f1(&misled) < f1(&cv) - 20.0, "silver moved nothing: {} vs {}", f1(&misled), f1(&cv));
    }

    #[test]
    fn training_is_reproducible_for_a_seed() {
        let docs = corpus(6);
        let options = TrainOptions { epochs: 2, ..TrainOptions::default() };
        let a = train(&docs, &options, &|_| {}).to_bytes();
        let b = train(&docs, &options, &|_| {}).to_bytes();
        assert_eq!(a, b);
        let other = train(&docs, &TrainOptions { seed: 7, ..options.clone() }, &|_| {}).to_bytes();
        assert_ne!(a, other, "the seed shuffles the documents");
        let pair = train(&docs, &TrainOptions { ensemble: 2, ..options.clone() }, &|_| {});
        assert_ne!(pair.to_bytes(), a, "a second member trained on another order moves the mean");
        assert_eq!(pair.to_bytes(), train(&docs, &TrainOptions { ensemble: 2, ..options }, &|_| {}).to_bytes());
    }
}
