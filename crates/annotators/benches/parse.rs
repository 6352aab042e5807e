//! Words per second of the tagger and dependency parser (`syntax.bin`) on one core, over the
//! sentences of fictional generated articles, beside the entity pipeline on the same text: a
//! layer that parses a sentence pays the ratio printed last for each of its words.
//!
//! `cargo bench -p newsgraph-annotators --bench parse [-- MODEL.bin]` (default: the model
//! built into the binary; another file, such as one `newsgraph train syntax --prune` wrote,
//! to weigh a smaller model's speed against its accuracy).

use std::time::Instant;

use newsgraph_annotators::Syntax;
use newsgraph_document::Document;
use newsgraph_pipeline::Pipeline;

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed().as_secs_f64()
        })
        .fold(f64::MAX, f64::min)
}

fn main() {
    let model = std::env::args().skip(1).find(|a| !a.starts_with("--")).map(|path| {
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
        Syntax::from_bytes(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"))
    });
    let Some(syntax) = model.as_ref().or(Syntax::builtin()) else {
        println!("parse bench: this build carries no syntax model");
        return;
    };
    let g = newsgraph_synth::Generator::new(7);
    let texts: Vec<String> = (0..300).map(|n| g.article(n).text).collect();
    let split = Pipeline::from_names(&newsgraph_annotators::registry(), &["paragraphs", "tokens", "sentences"])
        .expect("pipeline");
    let mut sentences: Vec<Vec<String>> = Vec::new();
    for t in &texts {
        let mut d = Document::new("text", t.clone());
        split.annotate(&mut d);
        for s in &d.sentences {
            let words: Vec<String> = d
                .tokens
                .iter()
                .filter(|t| t.span.start >= s.start && t.span.end <= s.end)
                .map(|t| d.slice(t.span).to_string())
                .collect();
            if !words.is_empty() {
                sentences.push(words);
            }
        }
    }
    let words: usize = sentences.iter().map(Vec::len).sum();
    let refs: Vec<Vec<&str>> = sentences.iter().map(|s| s.iter().map(String::as_str).collect()).collect();
    syntax.parse(&refs[0]);
    let parse = best_of(5, || refs.iter().map(|s| syntax.parse(s).heads.len()).sum::<usize>());
    let entities =
        Pipeline::from_names(&newsgraph_annotators::registry(), &["paragraphs", "tokens", "sentences", "entities"])
            .expect("pipeline");
    let recognise = best_of(5, || {
        texts
            .iter()
            .map(|t| {
                let mut d = Document::new("text", t.clone());
                entities.annotate(&mut d);
                d.tokens.len()
            })
            .sum::<usize>()
    });
    let (tags, labels, weights) = syntax.sizes();
    println!(
        "parse bench: {} sentences, {words} words; model: {tags} tags, {labels} labels, {weights} weights",
        refs.len()
    );
    println!("tag + parse                        {:>10.0} words/s (one core, best of 5)", words as f64 / parse);
    println!("tokens + sentences + entities      {:>10.0} words/s", words as f64 / recognise);
    println!("parsing a sentence costs {:.1}× the entity pipeline per word", parse / recognise);
}
