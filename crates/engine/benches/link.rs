//! Linking across articles as the store grows, and query latency on a large store.
//!
//! A pool of generated story articles (`newsgraph_synth::Generator::collection`) is annotated
//! once; the store is then filled with copies of it, each copy shifted by whole weeks and
//! given its own ids, so every copy is new news. The bench reports the time to store and
//! link 1,000 more articles when the store holds 10,000, 100,000 (and, with
//! `NEWSGRAPH_BENCH_MILLION=1`, 1,000,000) articles, then the latency of `entity` and
//! `stories` queries (p50 and p99) on the largest store.
//!
//! `cargo bench -p newsgraph-engine --bench link`

use std::time::Instant;

use newsgraph_document::{Document, Published};
use newsgraph_store::{SqliteStore, Store, StoryFilter};

fn pool() -> Vec<Document> {
    let pipeline = newsgraph_engine::default_pipeline();
    let mut docs: Vec<Document> = newsgraph_synth::Generator::new(11)
        .collection(300)
        .into_iter()
        .map(|a| {
            let mut d = Document::new("jsonl", a.article.text.clone());
            d.title = Some(a.article.title.clone());
            d.source = Some(a.article.source.clone());
            d.published = Published::parse(&a.article.date).ok();
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

/// Copy `c` of the pool: dates moved by `c` years and a week per block, ids of its own.
fn copy(pool: &[Document], c: usize) -> Vec<Document> {
    pool.iter()
        .map(|d| {
            let mut d = d.clone();
            if let Some(p) = d.published {
                let day = p.date() + chrono::Duration::days(7 * c as i64 % 3650) + chrono::Duration::days(366 * (c as i64 / 520));
                d.published = Published::parse(&day.format("%Y-%m-%d").to_string()).ok();
            }
            d.id = format!("{:016x}", fxhash(&format!("{c}/{}", d.id)));
            d.text.push_str(&format!("\n\nCopy {c}."));
            d
        })
        .collect()
}

fn fxhash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

fn fill(store: &mut SqliteStore, pool: &[Document], next: &mut usize, target: usize) {
    let mut have = store.stats().unwrap().articles as usize;
    while have < target {
        let batch = copy(pool, *next);
        *next += 1;
        let take = batch.len().min(target - have);
        store.put_batch(&batch[..take]).unwrap();
        while store.link_pending(2048).unwrap().linked > 0 {}
        have += take;
    }
}

fn timed_thousand(store: &mut SqliteStore, pool: &[Document], next: &mut usize) -> f64 {
    let mut docs = Vec::new();
    while docs.len() < 1000 {
        docs.extend(copy(pool, *next));
        *next += 1;
    }
    docs.truncate(1000);
    let start = Instant::now();
    store.put_batch(&docs).unwrap();
    while store.link_pending(2048).unwrap().linked > 0 {}
    start.elapsed().as_secs_f64()
}

fn percentiles(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    (v[v.len() / 2], v[(v.len() * 99 / 100).min(v.len() - 1)])
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(&dir.path().join("bench.db")).unwrap();
    let pool = pool();
    println!("link bench: pool of {} annotated articles", pool.len());
    let mut sizes = vec![10_000, 100_000];
    if std::env::var("NEWSGRAPH_BENCH_MILLION").is_ok_and(|v| v == "1") {
        sizes.push(1_000_000);
    }
    let mut next = 0;
    let mut first = None;
    for &n in &sizes {
        let start = Instant::now();
        fill(&mut store, &pool, &mut next, n);
        let filled = start.elapsed().as_secs_f64();
        let t = (0..3).map(|_| timed_thousand(&mut store, &pool, &mut next)).fold(f64::MAX, f64::min);
        let base = *first.get_or_insert(t);
        println!(
            "store of {n:>9} articles (filled in {filled:.0}s): 1,000 more stored and linked in {:.3}s ({:.0} articles/s), {:.2}x the first size",
            t,
            1000.0 / t,
            t / base
        );
    }
    // Query latency on the largest store.
    let names: Vec<String> = pool.iter().flat_map(|d| d.entities.iter().map(|e| e.name.clone())).take(200).collect();
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
