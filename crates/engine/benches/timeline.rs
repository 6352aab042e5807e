//! Attention over time on a large index: the latency of `Engine::timeline` (the search's
//! counts per period and the denominator's, both from fast fields) on an index of 100,000
//! articles (`NEWSGRAPH_BENCH_ARTICLES` for another size).
//!
//! The articles are `newsgraph generate`'s (seed 2026, as `bench/load.sh` fills its store),
//! indexed directly, not annotated: annotating 100,000 articles takes this machine the better
//! part of an hour and changes nothing the timeline reads. Each is given a time of day, one
//! in ten a date without a time and one in fifty no date; the entity and story filters use
//! ids dealt round-robin (each entity in about 1 article in 500, each story in 25 articles).
//! The time measured is the engine's: both index passes and the assembly of every period.
//! Every article's counts (the denominator) are kept by the index until its next commit; the
//! first call after opening, which counts them, is reported apart.
//!
//! `cargo bench -p newsgraph-engine --bench timeline`
//! (`NEWSGRAPH_BENCH_INDEX=dir` keeps the filled data directory for the next run.)

use std::time::Instant;

use newsgraph_document::{Document, Entity, EntityKind, Published};
use newsgraph_engine::{Engine, Interval, PlaceFilter, SearchQuery};
use newsgraph_search::SearchIndex;

/// Article `n` as the index sees it.
fn article(generator: &newsgraph_synth::Generator, n: u64) -> Document {
    let a = generator.article(n);
    let mut d = Document::new("jsonl", a.text);
    d.title = Some(a.title);
    d.source = Some(a.source);
    let secs = (n * 7919) % 86_400;
    d.published = match n % 50 {
        0 => None,
        k if k % 10 == 1 => Published::parse(&a.date).ok(),
        _ => Published::parse(&format!("{}T{:02}:{:02}:00Z", a.date, secs / 3600, secs / 60 % 60)).ok(),
    };
    d.refresh_id();
    d.entities = [format!("P{}", n % 500), format!("O{}", n % 40)]
        .into_iter()
        .map(|global| Entity {
            id: "E1".into(),
            global: Some(global),
            kind: EntityKind::Person,
            name: String::new(),
            aliases: Vec::new(),
            roles: Vec::new(),
            mentions: Vec::new(),
            geo: None,
        })
        .collect();
    d.story = Some(format!("S{}", n / 25));
    d
}

fn fill(dir: &std::path::Path, count: u64) {
    let generator = newsgraph_synth::Generator::new(2026);
    let mut index = SearchIndex::open(&dir.join("index")).unwrap();
    if index.len() >= count {
        return;
    }
    let start = Instant::now();
    for first in (0..count).step_by(10_000) {
        let docs: Vec<Document> = (first..(first + 10_000).min(count)).map(|n| article(&generator, n)).collect();
        index.add(&docs).unwrap();
    }
    index.commit().unwrap();
    println!("indexed {count} articles in {:.0}s", start.elapsed().as_secs_f64());
}

/// Median and 99th percentile, in milliseconds.
fn p50_p99(mut ms: Vec<f64>) -> (f64, f64) {
    ms.sort_by(f64::total_cmp);
    let at = |q: usize| ms[(ms.len() * q / 100).min(ms.len() - 1)];
    (at(50), at(99))
}

fn main() {
    let count: u64 = std::env::var("NEWSGRAPH_BENCH_ARTICLES").ok().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let temp = tempfile::tempdir().unwrap();
    let dir = std::env::var_os("NEWSGRAPH_BENCH_INDEX").map_or_else(|| temp.path().to_path_buf(), Into::into);
    fill(&dir, count);
    let engine = Engine::open(&dir).unwrap();

    // Words of the first titles, as bench/load.sh picks them.
    let generator = newsgraph_synth::Generator::new(2026);
    let mut words: Vec<String> = (0..200)
        .flat_map(|n| generator.article(n).title.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>())
        .filter(|w| w.len() > 4 && w.chars().all(char::is_alphabetic))
        .collect();
    words.sort();
    words.dedup();
    let sources: Vec<String> = (0..50).map(|n| generator.article(n).source).collect();
    let query = |text: &str| SearchQuery::new(text);
    let mut cases: Vec<(&str, SearchQuery)> = vec![("all", query(""))];
    cases.extend(words.iter().take(20).map(|w| ("words", query(w))));
    cases.extend(words.iter().zip(words.iter().skip(1)).take(10).map(|(a, b)| ("words", query(&format!("{a} {b}")))));
    cases.extend(sources.iter().take(10).map(|s| ("source", SearchQuery { source: Some(s.clone()), ..query("") })));
    cases.extend((0..10).map(|k| ("entity", SearchQuery { entity: Some(format!("O{k}")), ..query("") })));
    cases.extend((0..10).map(|k| ("entity", SearchQuery { entity: Some(format!("P{}", k * 37)), ..query("") })));
    cases.extend((0..10).map(|k| ("story", SearchQuery { story: Some(format!("S{}", k * 97)), ..query("") })));
    cases.extend(words.iter().take(10).map(|w| {
        let from = Some("2026-03-01".parse().unwrap());
        ("words+dates", SearchQuery { from, to: Some("2026-04-30".parse().unwrap()), ..query(w) })
    }));

    let none = PlaceFilter::default();
    for by in [Interval::Day, Interval::Hour] {
        // The first timeline after opening (or after a commit) also counts every article,
        // the denominator the index then keeps until the next commit.
        let start = Instant::now();
        engine.timeline(&query(""), &none, by).unwrap();
        let cold = start.elapsed().as_secs_f64() * 1000.0;
        // Once each before measuring: the steady state, page cache warm.
        for (_, q) in &cases {
            let _ = engine.timeline(q, &none, by);
        }
        let mut all_ms = Vec::new();
        let mut by_kind: Vec<(&str, Vec<f64>)> = Vec::new();
        let mut periods = 0;
        let mut failed = 0;
        for _ in 0..10 {
            for (kind, q) in &cases {
                let start = Instant::now();
                match engine.timeline(q, &none, by) {
                    Ok(t) => periods = periods.max(t.periods.len()),
                    Err(_) => failed += 1,
                }
                let ms = start.elapsed().as_secs_f64() * 1000.0;
                all_ms.push(ms);
                match by_kind.iter_mut().find(|(k, _)| k == kind) {
                    Some((_, v)) => v.push(ms),
                    None => by_kind.push((kind, vec![ms])),
                }
            }
        }
        let n = all_ms.len();
        let (p50, p99) = p50_p99(all_ms);
        println!(
            "timeline by {by:<4} on {count} articles: p50 {p50:.2} ms, p99 {p99:.2} ms ({n} calls, up to {periods} periods; {failed} refused); first call, every article counted: {cold:.2} ms"
        );
        for (kind, ms) in by_kind {
            let (p50, p99) = p50_p99(ms);
            println!("    {kind:<12} p50 {p50:7.2} ms  p99 {p99:7.2} ms");
        }
    }
}
