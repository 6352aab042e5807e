//! Linking across articles as the store grows, and query latency on a large store.
//!
//! The store is filled with a stream of generated story collections
//! (`newsgraph_synth::Generator::collection`), annotated, each chunk's dates after the last's. The bench reports the time to store and
//! link 1,000 more articles when the store holds 10,000, 100,000 (and, with
//! `NEWSGRAPH_BENCH_MILLION=1`, 1,000,000) articles, then the latency of `entity` and
//! `stories` queries (p50 and p99) on the largest store.
//!
//! `cargo bench -p newsgraph-engine --bench link`

use std::time::Instant;

use newsgraph_document::{Document, Published};
use newsgraph_store::{SqliteStore, Store, StoryFilter};

/// Chunk `c` of the stream: a generated story collection (about 1,000 articles) of its own,
/// annotated, its dates moved 300 days past the previous chunk's so that the stream keeps
/// one density of stories per day however long it runs.
fn chunk(c: u64) -> Vec<Document> {
    let pipeline = newsgraph_engine::default_pipeline();
    let mut docs: Vec<Document> = newsgraph_synth::Generator::new(1000 + c)
        .collection(150)
        .into_iter()
        .map(|a| {
            let mut d = Document::new("jsonl", a.article.text.clone());
            d.title = Some(a.article.title.clone());
            d.source = Some(a.article.source.clone());
            let day = chrono::NaiveDate::parse_from_str(&a.article.date, "%Y-%m-%d").unwrap()
                + chrono::Duration::days(300 * c as i64);
            d.published = Published::parse(&day.format("%Y-%m-%d").to_string()).ok();
            d.refresh_id();
            d
        })
        .collect();
    pipeline.annotate_batch(&mut docs);
    for d in &mut docs {
        d.tokens.clear();
    }
    docs
}

fn link_all(store: &mut SqliteStore) {
    while store.link_pending(2048).unwrap().linked > 0 {}
}

fn fill(store: &mut SqliteStore, next: &mut u64, target: usize) {
    let mut have = store.stats().unwrap().articles as usize;
    while have < target {
        let docs = chunk(*next);
        *next += 1;
        let take = docs.len().min(target - have);
        store.put_batch(&docs[..take]).unwrap();
        link_all(store);
        have += take;
    }
}

/// Seconds to store and link the first 1,000 articles of the next chunk.
fn timed_thousand(store: &mut SqliteStore, next: &mut u64) -> f64 {
    let mut docs = chunk(*next);
    *next += 1;
    docs.truncate(1000);
    let start = Instant::now();
    store.put_batch(&docs).unwrap();
    link_all(store);
    start.elapsed().as_secs_f64()
}

fn percentiles(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    (v[v.len() / 2], v[(v.len() * 99 / 100).min(v.len() - 1)])
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    // NEWSGRAPH_BENCH_STORE=path keeps the filled store (and the next chunk number beside it,
    // in `path.next`) so that a large store is filled once and measured, or profiled, again.
    let kept = std::env::var_os("NEWSGRAPH_BENCH_STORE").map(std::path::PathBuf::from);
    let path = kept.clone().unwrap_or_else(|| dir.path().join("bench.db"));
    let mut store = SqliteStore::open(&path).unwrap();
    let next_file = kept.map(|p| p.with_extension("next"));
    let mut sizes = vec![10_000, 100_000];
    if std::env::var("NEWSGRAPH_BENCH_MILLION").is_ok_and(|v| v == "1") {
        sizes.push(1_000_000);
    }
    // A quick comparison at chosen sizes: NEWSGRAPH_BENCH_SIZES=10000.
    if let Ok(list) = std::env::var("NEWSGRAPH_BENCH_SIZES") {
        sizes = list.split(',').filter_map(|n| n.trim().parse().ok()).collect();
    }
    let mut next: u64 = next_file
        .as_ref()
        .and_then(|f| std::fs::read_to_string(f).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0);
    let mut first = None;
    for &n in &sizes {
        let start = Instant::now();
        fill(&mut store, &mut next, n);
        let filled = start.elapsed().as_secs_f64();
        if let Some(f) = &next_file {
            std::fs::write(f, next.to_string()).unwrap();
        }
        let t = (0..3).map(|_| timed_thousand(&mut store, &mut next)).fold(f64::MAX, f64::min);
        if let Some(f) = &next_file {
            std::fs::write(f, next.to_string()).unwrap();
        }
        let base = *first.get_or_insert(t);
        println!(
            "store of {n:>9} articles (filled in {filled:.0}s, annotation included): 1,000 more stored and linked in {t:.3}s ({:.0} articles/s), {:.2}x the cost at the first size",
            1000.0 / t,
            t / base
        );
    }
    // Query latency on the largest store.
    let sample = chunk(0);
    let names: Vec<String> = sample.iter().flat_map(|d| d.entities.iter().map(|e| e.name.clone())).take(200).collect();
    let mut entity_ms = Vec::new();
    for name in &names {
        let start = Instant::now();
        let _ = store.entity(name).unwrap();
        entity_ms.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    let mut stories_ms = Vec::new();
    for k in 0..200 {
        let start = Instant::now();
        let _ = store.stories(&StoryFilter { limit: 20, offset: (k % 10) * 20, ..Default::default() }).unwrap();
        stories_ms.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    let (e50, e99) = percentiles(entity_ms);
    let (s50, s99) = percentiles(stories_ms);
    println!("entity  query: p50 {e50:.2} ms, p99 {e99:.2} ms (200 names)");
    println!("stories query: p50 {s50:.2} ms, p99 {s99:.2} ms (20 per page, 200 pages)");
}
