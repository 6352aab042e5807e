//! Pages per second of the HTML reader's main-text extraction alone (no annotation), on one
//! core, over a folder of pages: the figure issue "Follow the news" compares with Python
//! trafilatura's `extract()` (`bench/peers/html_extraction.py` times the peer on the same
//! pages).
//!
//! `cargo bench -p newsgraph-readers --bench html -- DIR [DIR …]` (for instance the `eval/`
//! and `cache/` folders of `../shared/data/html/trafilatura-eval.tar.zst`, unpacked).

use std::time::Instant;

fn main() {
    let dirs: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    if dirs.is_empty() {
        eprintln!("usage: cargo bench -p newsgraph-readers --bench html -- DIR [DIR …]");
        return;
    }
    let mut pages: Vec<String> = Vec::new();
    for dir in &dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            eprintln!("cannot read {dir}");
            continue;
        };
        for e in entries.flatten() {
            if let Ok(bytes) = std::fs::read(e.path()) {
                pages.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
    let bytes: usize = pages.iter().map(String::len).sum();
    println!("html bench: {} pages, {:.1} MB", pages.len(), bytes as f64 / 1e6);
    let mut best = f64::MAX;
    let mut failed = 0;
    for _ in 0..3 {
        let start = Instant::now();
        failed = 0;
        for p in &pages {
            if newsgraph_readers::html_to_document(p, None).is_err() {
                failed += 1;
            }
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "main text of {} pages ({failed} without one) in {best:.2}s: {:.1} pages/s (one core, best of 3)",
        pages.len(),
        pages.len() as f64 / best
    );
}
