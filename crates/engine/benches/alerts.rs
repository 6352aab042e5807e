//! Alerts at scale: ingest (read, annotate, store, link, index) of N generated articles
//! (default 2,000) into a fresh data directory with no alert, then with 10,000 saved
//! searches (`NEWSGRAPH_BENCH_ALERTS`), each two words of a generated headline, one in ten
//! also filtered by source; prints both rates, their ratio and the matches recorded. Runs
//! alternate (none, alerts, none, alerts, …) so that a machine's drift hits both.
//!
//! `cargo bench -p newsgraph-engine --bench alerts [-- COUNT [RUNS]]`

use std::io::Write;
use std::time::Instant;

use newsgraph_engine::{Engine, IngestOptions};
use newsgraph_store::{SqliteStore, Store};
use newsgraph_synth::Generator;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let count: u64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(2_000);
    let runs: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(2);
    let alerts: u64 = std::env::var("NEWSGRAPH_BENCH_ALERTS").ok().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus.jsonl");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&corpus).expect("corpus file"));
    let generator = Generator::new(2026);
    for n in 0..count {
        writeln!(out, "{}", generator.article(n).json_line()).expect("write corpus");
    }
    out.flush().expect("flush corpus");
    drop(out);
    // Searches from other seeds' headlines: some match, most do not, as in use.
    let other = Generator::new(7);
    let searches: Vec<String> = (0..alerts)
        .map(|n| {
            let a = other.article(n);
            let words: Vec<&str> = a.title.split_whitespace().filter(|w| w.len() > 3).collect();
            let text = words.iter().skip((n % 3) as usize).take(2).copied().collect::<Vec<_>>().join(" ");
            let source = (n % 10 == 0).then(|| a.source.clone());
            serde_json::json!({"text": text, "source": source}).to_string()
        })
        .collect();
    println!("alerts: {count} generated articles, {alerts} saved searches, {runs} runs of each");
    let (mut plain, mut with) = (Vec::new(), Vec::new());
    for run in 0..runs * 2 {
        let data = dir.path().join(format!("data{run}"));
        let saved = run % 2 == 1;
        if saved {
            // Saved straight into the store: what is measured is matching, not saving.
            let mut store = SqliteStore::open(&data.join("newsgraph.db")).expect("store");
            for (n, s) in searches.iter().enumerate() {
                store.add_alert(&format!("a{n}"), s, None, None).expect("alert");
            }
        }
        let mut engine = Engine::open(&data).expect("open engine");
        let start = Instant::now();
        let report = engine.ingest(&[&corpus], &IngestOptions::default(), &mut |_| {}).expect("ingest");
        let rate = count as f64 / start.elapsed().as_secs_f64();
        assert_eq!(report.new, count);
        let matches: u64 = engine.alerts().expect("alerts").iter().map(|a| a.matches).sum();
        println!("  {}: {rate:.0} articles/s, {matches} matches recorded", if saved { "with alerts" } else { "none" });
        if saved { with.push(rate) } else { plain.push(rate) }
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (p, w) = (median(plain), median(with));
    println!("median {p:.0} articles/s without alerts, {w:.0} with {alerts}: {:.0}% of the throughput", w / p * 100.0);
}
