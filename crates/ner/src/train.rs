//! Training: greedy decoding with the current weights, perceptron updates where a
//! prediction differs from the gold tag, documents shuffled with a seed each epoch, the
//! averaged weights of the best epoch on the development set kept.

use crate::conll::{ConllDocument, Score};
use crate::features::{DocumentHistory, sentence_features};
use crate::gazetteer::Gazetteers;
use crate::model::{Model, Training};
use crate::Recognizer;
use crate::tags::{Tag, bilou_from_spans, spans_from_iob};

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
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions { epochs: 12, seed: 2026, gold_column: -1, prune: 0.05 }
    }
}

struct Example {
    words: Vec<String>,
    gold: Vec<Tag>,
    fixed: Vec<Vec<u64>>,
}

fn examples(docs: &[ConllDocument], gold_column: isize, gazetteers: &Gazetteers) -> Vec<Vec<Example>> {
    docs.iter()
        .map(|d| {
            d.sentences
                .iter()
                .map(|s| {
                    let words = s.words();
                    let gold = bilou_from_spans(&spans_from_iob(&s.column(gold_column)), words.len());
                    let fixed = sentence_features(&words, gazetteers);
                    Example { words: words.iter().map(|w| w.to_string()).collect(), gold, fixed }
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

/// Trains on `train`, reporting dev F1 after each epoch through `log`; returns the model of
/// the best epoch on `dev` (or of the last epoch when `dev` is empty).
pub fn train(train: &[ConllDocument], dev: &[ConllDocument], options: &TrainOptions, log: &mut dyn FnMut(String)) -> Model {
    let gazetteers = Gazetteers::builtin();
    let data = examples(train, options.gold_column, &gazetteers);
    let mut weights = Training::default();
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = options.seed.max(1);
    let mut best: Option<(f64, Model)> = None;
    let mut feats = Vec::with_capacity(64);
    for epoch in 1..=options.epochs {
        // Fisher–Yates with xorshift: reproducible for a seed.
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        let (mut errors, mut tokens) = (0usize, 0usize);
        for &d in &order {
            let mut history = DocumentHistory::default();
            for ex in &data[d] {
                let words: Vec<&str> = ex.words.iter().map(String::as_str).collect();
                // Decode token by token so that each update sees the features it scored.
                let n = words.len();
                let mut tags = Vec::with_capacity(n);
                let (mut prev, mut prev2) = (Tag::O, Tag::O);
                for i in 0..n {
                    feats.clear();
                    feats.extend_from_slice(&ex.fixed[i]);
                    crate::features::dynamic_features(&words, i, prev, prev2, &history, &mut feats);
                    let mut scores = [0f32; crate::CLASSES];
                    weights.score(&feats, &mut scores);
                    let guess = crate::best_allowed(&scores, prev, i + 1 == n);
                    if guess != ex.gold[i] {
                        weights.update(&feats, ex.gold[i].0 as usize, guess.0 as usize);
                        errors += 1;
                    }
                    weights.tick();
                    tokens += 1;
                    tags.push(guess);
                    prev2 = prev;
                    prev = guess;
                }
                history.record(&words, &tags);
            }
        }
        let model = weights.finish(options.prune);
        let msg = format!("epoch {epoch}: {errors} training errors in {tokens} tokens, {} feature rows", model.len());
        if dev.is_empty() {
            log(msg);
            best = Some((0.0, model));
            continue;
        }
        let recognizer = Recognizer::new(model, Gazetteers::builtin());
        let f1 = evaluate(&recognizer, dev, options.gold_column).overall.f1();
        log(format!("{msg}; dev F1 {:.2}", 100.0 * f1));
        if best.as_ref().is_none_or(|(b, _)| f1 > *b) {
            best = Some((f1, recognizer.model));
        }
    }
    best.map(|(_, m)| m).unwrap_or_else(|| weights.finish(options.prune))
}
