//! Tokens per second on one core for tokeniser + sentences, for tokeniser + sentences +
//! entities (the recogniser with mention grouping and roles), with time expressions, quotes, events and places, over fictional generated
//! articles, or over a JSON Lines file given as the first argument (as
//! `bench/peers/spacy_ner.py` does, to run spaCy on the same text). The place, time, quote
//! and event layers are also timed alone, over documents the layers before them annotated: on a shared
//! machine the difference of two whole runs is noisier than what one layer costs.
//!
//! `cargo bench -p newsgraph-annotators --bench pipeline [-- FILE.jsonl] [--entities-only | --quotes-only]`
//! (`--entities-only`: the tokeniser + sentences + entities line alone, for a peer script
//! that alternates with its peer on a noisy machine; `--quotes-only`: that line and the quote
//! layer alone, to profile it).

use std::time::Instant;

use newsgraph_document::Document;
use newsgraph_pipeline::{Annotator, Pipeline};

fn corpus() -> Vec<String> {
    let arg = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    match arg {
        Some(path) => std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v["text"].as_str().map(str::to_string))
            .collect(),
        None => {
            let g = newsgraph_synth::Generator::new(7);
            (0..2000).map(|n| g.article(n).text).collect()
        }
    }
}

fn run(name: &str, names: &[&str], texts: &[String]) -> f64 {
    let pipeline = Pipeline::from_names(&newsgraph_annotators::registry(), names).expect("pipeline");
    // Warm up: the recogniser's model loads on first use.
    let mut warm = Document::new("text", texts[0].clone());
    pipeline.annotate(&mut warm);
    let mut best = f64::MAX;
    let mut tokens = 0;
    for _ in 0..7 {
        let start = Instant::now();
        tokens = 0;
        for t in texts {
            let mut doc = Document::new("text", t.clone());
            pipeline.annotate(&mut doc);
            tokens += doc.tokens.len();
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    let rate = tokens as f64 / best;
    println!("{name:<34} {tokens} tokens in {best:.3}s: {rate:>10.0} tokens/s (one core, best of 7)");
    rate
}

fn main() {
    let texts = corpus();
    let words: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    println!("pipeline bench: {} articles, {words} words", texts.len());
    run("tokens + sentences", &["paragraphs", "tokens", "sentences"], &texts);
    let entities = run("tokens + sentences + entities", &["paragraphs", "tokens", "sentences", "entities"], &texts);
    if std::env::args().any(|a| a == "--entities-only") {
        return;
    }
    if std::env::args().any(|a| a == "--quotes-only") {
        quote_layer(entities, &texts);
        return;
    }
    let time = run("... + time expressions", &["paragraphs", "tokens", "sentences", "entities", "time"], &texts);
    let rules = run(
        "... + quotes (rules alone)",
        &["paragraphs", "tokens", "sentences", "entities", "time", "quote-rules"],
        &texts,
    );
    let quotes = run("... + quotes", &["paragraphs", "tokens", "sentences", "entities", "time", "quotes"], &texts);
    let events =
        run("... + events", &["paragraphs", "tokens", "sentences", "entities", "time", "quotes", "events"], &texts);
    let places = run("... + places (the whole pipeline)", newsgraph_annotators::DEFAULT_PIPELINE, &texts);
    println!("time layer adds {:.1}% to the entity pipeline's time", 100.0 * (entities / time - 1.0));
    println!("quote layer adds {:.1}% to the entity pipeline's time", 100.0 * (entities / quotes - entities / time));
    println!("  of which the rules {:.1}%", 100.0 * (entities / rules - entities / time));
    println!("event layer adds {:.1}% to the entity pipeline's time", 100.0 * (entities / events - entities / quotes));
    println!("place layer adds {:.1}% to the whole pipeline's time", 100.0 * (events / places - 1.0));
    // The place layer alone, over documents the rest of the pipeline annotated: the
    // difference of two whole runs above is within the machine's noise.
    let rest: Vec<&str> = newsgraph_annotators::DEFAULT_PIPELINE.iter().copied().filter(|n| *n != "places").collect();
    let alone = layer_alone(&rest, &newsgraph_annotators::Places::default(), &texts);
    println!("place layer alone: {:.1}% of the whole pipeline's time", 100.0 * alone * places / tokens_of(&texts));
    // Likewise the time layer: on this shared machine two whole runs a few seconds apart
    // differ by more than the layer costs.
    let alone = layer_alone(&["paragraphs", "tokens", "sentences"], &newsgraph_annotators::TimeExpressions, &texts);
    println!("time layer alone: {:.1}% of the entity pipeline's time", 100.0 * alone * entities / tokens_of(&texts));
    quote_layer(entities, &texts);
    // And the event layer, over documents with everything it reads.
    let before = ["paragraphs", "tokens", "sentences", "entities", "time", "quotes"];
    let alone = layer_alone(&before, &newsgraph_annotators::Events, &texts);
    println!("event layer alone: {:.1}% of the entity pipeline's time", 100.0 * alone * entities / tokens_of(&texts));
}

/// The quote layer, whole and as rules alone, over documents with entities and time, as a
/// share of the entity pipeline's time (`entities`: its tokens/s).
fn quote_layer(entities: f64, texts: &[String]) {
    let before = ["paragraphs", "tokens", "sentences", "entities", "time"];
    let alone = layer_alone(&before, &newsgraph_annotators::Quotes::default(), texts);
    let rules = layer_alone(&before, &newsgraph_annotators::Quotes::rules(), texts);
    let share = |secs: f64| 100.0 * secs * entities / tokens_of(texts);
    println!(
        "quote layer alone: {:.1}% of the entity pipeline's time (rules alone {:.1}%)",
        share(alone),
        share(rules)
    );
}

/// Seconds one annotator takes over documents that the annotators `before` have annotated
/// (best of 7).
fn layer_alone(before: &[&str], annotator: &dyn Annotator, texts: &[String]) -> f64 {
    let before = Pipeline::from_names(&newsgraph_annotators::registry(), before).expect("pipeline");
    let docs: Vec<Document> = texts
        .iter()
        .map(|t| {
            let mut d = Document::new("text", t.clone());
            before.annotate(&mut d);
            d
        })
        .collect();
    let mut warm = docs[0].clone();
    annotator.annotate(&mut warm);
    let mut best = f64::MAX;
    for _ in 0..7 {
        let mut batch = docs.clone();
        let start = Instant::now();
        for d in &mut batch {
            annotator.annotate(d);
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    best
}

fn tokens_of(texts: &[String]) -> f64 {
    let tokenize =
        Pipeline::from_names(&newsgraph_annotators::registry(), &["paragraphs", "tokens"]).expect("pipeline");
    texts
        .iter()
        .map(|t| {
            let mut d = Document::new("text", t.clone());
            tokenize.annotate(&mut d);
            d.tokens.len()
        })
        .sum::<usize>() as f64
}
