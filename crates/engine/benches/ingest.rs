//! Read + annotate + store + index N generated articles (default 10,000) into a fresh data
//! directory; prints articles/s, MB/s and peak RSS. `cargo bench -p newsgraph-engine --bench
//! ingest [-- COUNT [RUNS]]`.

use std::io::Write;
use std::time::Instant;

use newsgraph_engine::{Engine, IngestOptions};
use newsgraph_synth::Generator;

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let count: u64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let runs: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(3);
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus.jsonl");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&corpus).expect("corpus file"));
    let generator = Generator::new(2026);
    for n in 0..count {
        writeln!(out, "{}", generator.article(n).json_line()).expect("write corpus");
    }
    out.flush().expect("flush corpus");
    drop(out);
    let mb = std::fs::metadata(&corpus).expect("corpus size").len() as f64 / 1e6;
    println!("ingest: {count} generated articles, {mb:.1} MB of JSON Lines, {runs} runs");
    let mut rates = Vec::new();
    for run in 0..runs {
        let data = dir.path().join(format!("data{run}"));
        let mut engine = Engine::open(&data).expect("open engine");
        let start = Instant::now();
        let report = engine.ingest(&[&corpus], &IngestOptions::default(), &mut |_| {}).expect("ingest");
        let secs = start.elapsed().as_secs_f64();
        assert_eq!(report.new, count);
        let rate = count as f64 / secs;
        println!("  run {run}: {secs:.2}s  {rate:.0} articles/s  {:.1} MB/s", mb / secs);
        rates.push(rate);
    }
    rates.sort_by(f64::total_cmp);
    println!(
        "median {:.0} articles/s, {:.1} MB/s; peak RSS {} MiB",
        rates[rates.len() / 2],
        rates[rates.len() / 2] * mb / count as f64,
        peak_rss_kib().map_or("?".into(), |k| (k / 1024).to_string())
    );
}
