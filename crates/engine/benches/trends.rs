//! What is happening now on a large store: the latency of `Engine::trends` (the window's
//! busiest stories and entities, their hourly counters over the 14-day baseline, the
//! statistic and the sparklines) on a store of 100,000 linked articles
//! (`NEWSGRAPH_BENCH_ARTICLES` for another size).
//!
//! The articles are `newsgraph generate`'s (seed 2026), about eleven an hour over a year,
//! not annotated: each is given three people from a cast of 2,000 so that entities are
//! counted, and linked (near-duplicates, entities, stories) as ingest links, which fills the
//! counters the way it does in use. The time measured is the engine's, for "now" at 100
//! hours spread over the store's last three months (or all of it, when shorter).
//!
//! `cargo bench -p newsgraph-engine --bench trends`
//! (`NEWSGRAPH_BENCH_STORE=dir` keeps the filled data directory for the next run.)

use std::time::Instant;

use newsgraph_document::{Document, Entity, EntityKind, Mention, Published, Span};
use newsgraph_engine::{Engine, TrendOptions};
use newsgraph_store::{SqliteStore, Store};

/// First instant of the stream: 2025-01-01T00:00:00Z.
const START: i64 = 1_735_689_600;

fn article(generator: &newsgraph_synth::Generator, n: u64) -> Document {
    let a = generator.article(n);
    let mut d = Document::new("jsonl", a.text);
    d.title = Some(a.title);
    d.source = Some(a.source);
    // About eleven articles an hour, in order.
    let at = START + (n as i64) * 327;
    d.published = Published::parse(&chrono::DateTime::from_timestamp(at, 0).unwrap().to_rfc3339()).ok();
    d.refresh_id();
    d.entities = (0..3)
        .map(|k| {
            let p = (n * 7 + k * 613) % 2000;
            Entity {
                id: format!("E{k}"),
                global: None,
                kind: EntityKind::Person,
                name: format!("Person{p} Castmember{}", p % 97),
                aliases: Vec::new(),
                roles: Vec::new(),
                mentions: vec![Mention { span: Span::new(0, 1), pronoun: false }],
                geo: None,
            }
        })
        .collect();
    d
}

fn fill(dir: &std::path::Path, count: u64) {
    let mut store = SqliteStore::open(&dir.join("newsgraph.db")).unwrap();
    let have = store.stats().unwrap().articles;
    if have >= count {
        return;
    }
    let generator = newsgraph_synth::Generator::new(2026);
    let start = Instant::now();
    for first in (have..count).step_by(2000) {
        let docs: Vec<Document> = (first..(first + 2000).min(count)).map(|n| article(&generator, n)).collect();
        store.put_batch(&docs).unwrap();
        while store.link_pending(2048).unwrap().linked > 0 {}
    }
    println!("stored and linked {count} articles in {:.0}s", start.elapsed().as_secs_f64());
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
    let dir = std::env::var_os("NEWSGRAPH_BENCH_STORE").map_or_else(|| temp.path().to_path_buf(), Into::into);
    fill(&dir, count);
    let engine = Engine::open(&dir).unwrap();
    let end = START + count as i64 * 327;
    let spread = (count as i64 * 327).min(90 * 24 * 3600);
    let nows: Vec<i64> = (0..100).map(|k| end - k * spread / 100).collect();
    // Once each before measuring: page cache warm.
    for &now in &nows {
        engine.trends(&TrendOptions { now: Some(now), ..TrendOptions::default() }).unwrap();
    }
    let mut ms = Vec::new();
    let (mut stories, mut entities, mut breaking) = (0, 0, 0);
    for _ in 0..3 {
        for &now in &nows {
            let start = Instant::now();
            let t = engine.trends(&TrendOptions { now: Some(now), ..TrendOptions::default() }).unwrap();
            ms.push(start.elapsed().as_secs_f64() * 1000.0);
            stories = stories.max(t.stories.len());
            entities = entities.max(t.entities.len());
            breaking += t.stories.iter().filter(|s| s.breaking).count();
        }
    }
    let n = ms.len();
    let (p50, p99) = p50_p99(ms);
    println!(
        "trends on {count} articles: p50 {p50:.2} ms, p99 {p99:.2} ms ({n} calls; up to {stories} stories and {entities} rising entities listed, {breaking} breaking in all)"
    );
}
