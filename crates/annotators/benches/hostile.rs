//! Time per MB of each annotator on hostile text against ordinary news, at 1 MB and 8 MB:
//! no input should cost more than 10× ordinary news per MB, and cost per MB should not grow
//! with size (a quadratic step shows as 8× per MB from 1 to 8 MB).
//!
//! `cargo bench -p newsgraph-annotators --bench hostile [-- --small]` (`--small`: 1 MB only)

use std::time::Instant;

use newsgraph_document::Document;
use newsgraph_pipeline::Pipeline;

const MB: usize = 1 << 20;

/// Repeats `unit` until the text reaches `size` bytes.
fn repeated(unit: &str, size: usize) -> String {
    let mut s = String::with_capacity(size + unit.len());
    while s.len() < size {
        s.push_str(unit);
    }
    s
}

fn names(size: usize) -> String {
    let first = ["Anna", "Omar", "Li", "Kofi", "Maria", "Jonas", "Priya", "Tomasz", "Aiko", "Rafael"];
    let last = ["Kessler", "Haddad", "Moreau", "Okafor", "Lindqvist", "Tanaka", "Novak", "Silva", "Brandt", "Adler"];
    let mut s = String::from("Those present included ");
    let mut n = 0usize;
    while s.len() < size {
        s.push_str(first[n % 10]);
        s.push(' ');
        s.push_str(last[(n / 10) % 10]);
        s.push_str(if n % 7 == 0 { " Jr, " } else { ", " });
        n += 1;
    }
    s
}

fn news(size: usize) -> String {
    let g = newsgraph_synth::Generator::new(11);
    let mut s = String::with_capacity(size);
    let mut n = 0;
    while s.len() < size {
        s.push_str(&g.article(n).text);
        s.push_str("\n\n");
        n += 1;
    }
    s
}

fn inputs(size: usize) -> Vec<(&'static str, String)> {
    let words = ["market", "river", "council", "winter", "harbour", "ledger", "signal", "orchard"];
    let mut sentence = String::with_capacity(size);
    let mut n = 0;
    while sentence.len() < size {
        sentence.push_str(words[n % words.len()]);
        sentence.push(' ');
        n += 1;
    }
    vec![
        ("ordinary news", news(size)),
        ("quotation marks", repeated("\"", size)),
        ("curly quotes and spaces", repeated("\u{201c} \u{201d} ", size)),
        ("nested brackets", {
            let depth = 100_000.min(size / 2);
            repeated(&format!("{}x{}", "(".repeat(depth), ")".repeat(depth)), size)
        }),
        ("said said said", repeated("said ", size)),
        ("a list of names", names(size)),
        ("one sentence of words", sentence),
        ("time expressions in a row", repeated("on Monday, March 3, 2025 at 5 pm, ", size)),
        ("one token", repeated("a", size)),
        ("digits and dots", repeated("1.", size)),
    ]
}

/// Seconds each annotator of the default pipeline takes over `text`, in pipeline order: the
/// difference between the pipelines ending before and at it (a pipeline checks that what an
/// annotator needs comes before it, so it cannot run alone).
fn layers(text: &str) -> Vec<(&'static str, f64)> {
    let registry = newsgraph_annotators::registry();
    let names = newsgraph_annotators::DEFAULT_PIPELINE;
    let mut out = Vec::new();
    let mut before = 0.0;
    for i in 0..names.len() {
        let prefix = Pipeline::from_names(&registry, &names[..=i]).expect("pipeline");
        let mut doc = Document::new("text", text.to_string());
        let start = Instant::now();
        prefix.annotate(&mut doc);
        let t = start.elapsed().as_secs_f64();
        out.push((names[i], (t - before).max(0.0)));
        before = t;
    }
    out
}

fn main() {
    let small = std::env::args().any(|a| a == "--small");
    // Warm up: models load on first use.
    layers("Warm-up text. Anna Kessler said on Monday that \"nothing changed\".");
    let sizes: &[usize] = if small { &[MB] } else { &[MB, 8 * MB] };
    for &size in sizes {
        let mut baseline = None;
        println!("\n{} MB", size / MB);
        for (name, text) in inputs(size) {
            let mb = text.len() as f64 / MB as f64;
            let times = layers(&text);
            let total: f64 = times.iter().map(|t| t.1).sum::<f64>() / mb;
            if std::env::var_os("HOSTILE_VERBOSE").is_some() {
                eprintln!("{name}: {times:?}");
            }
            let base = *baseline.get_or_insert(total);
            let (worst, worst_t) = times.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1)).expect("layers");
            println!(
                "{name:28} {:>9.1} ms/MB  {:>6.1}× news   slowest: {worst} {:.1} ms/MB",
                total * 1e3,
                total / base,
                worst_t / mb * 1e3
            );
        }
    }
}
