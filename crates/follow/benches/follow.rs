//! Following a local site: FEEDS feeds of ITEMS generated articles each, spread over HOSTS
//! loopback addresses (127.0.1.1, 127.0.1.2, …), each host limited to one request per
//! DELAY_MS. Prints articles/s through `follow` (fetch, extract, annotate, store, index),
//! the same pages ingested from disk for comparison, and the largest request rate any one
//! host saw. `cargo bench -p newsgraph-follow --bench follow [-- FEEDS ITEMS HOSTS DELAY_MS]`
//! (default 1000 20 250 1000, the set-up; `-- 100 20 50 200` for a quick run).

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use newsgraph_engine::{Engine, IngestOptions};
use newsgraph_follow::fake_site::{FakeSite, Hit};
use newsgraph_follow::{AddressPolicy, FetchOptions, FollowOptions, Follower};
use newsgraph_store::NewSource;
use newsgraph_synth::Generator;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn page(a: &newsgraph_synth::Article) -> String {
    let body: String = a.text.split("\n\n").map(|p| format!("<p>{}</p>\n", escape(p))).collect();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t}</title>\
         <meta property=\"og:title\" content=\"{t}\"><meta property=\"og:site_name\" content=\"{s}\">\
         <meta property=\"article:published_time\" content=\"{d}T08:00:00Z\"></head><body>\
         <nav><a href=\"/\">Home</a></nav><article><h1>{t}</h1>\n{body}</article><footer>© {s}</footer></body></html>",
        t = escape(&a.title),
        s = escape(&a.source),
        d = a.date
    )
}

/// The most requests one host saw in any one-second window.
fn peak_rate(hits: &[Hit]) -> usize {
    let mut best = 0;
    let mut start = 0;
    for end in 0..hits.len() {
        while hits[end].at - hits[start].at >= Duration::from_secs(1) {
            start += 1;
        }
        best = best.max(end - start + 1);
    }
    best
}

fn main() {
    let args: Vec<u64> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let feeds = args.first().copied().unwrap_or(1000) as usize;
    let items = args.get(1).copied().unwrap_or(20) as usize;
    let hosts = args.get(2).copied().unwrap_or(250).clamp(1, 250) as usize;
    let delay = Duration::from_millis(args.get(3).copied().unwrap_or(1000));
    let generator = Generator::new(2026);
    let dir = tempfile::tempdir().expect("temp dir");
    let pages_dir = dir.path().join("pages");
    std::fs::create_dir_all(&pages_dir).expect("pages dir");

    // Each host's pages: its feeds and their articles.
    let mut per_host: Vec<HashMap<String, (String, Vec<u8>)>> = vec![HashMap::new(); hosts];
    let addrs: Vec<String> = (0..hosts).map(|h| format!("127.0.1.{}", h + 1)).collect();
    let mut bytes = 0;
    for f in 0..feeds {
        let host = f % hosts;
        let mut rss = String::from("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Bench</title>");
        for i in 0..items {
            let a = generator.article((f * items + i) as u64);
            let path = format!("/bench/{f}/{i}/story");
            let html = page(&a);
            bytes += html.len();
            std::fs::write(pages_dir.join(format!("{f}-{i}.html")), &html).expect("write page");
            rss.push_str(&format!(
                "<item><title>{}</title><link>http://HOST{path}</link><pubDate>Tue, 10 Mar 2026 08:00:00 GMT</pubDate></item>",
                escape(&a.title)
            ));
            per_host[host].insert(path, ("text/html; charset=utf-8".into(), html.into_bytes()));
        }
        rss.push_str("</channel></rss>");
        per_host[host].insert(format!("/bench/feed-{f}.rss"), ("application/rss+xml".into(), rss.into_bytes()));
    }
    let mut sites = Vec::new();
    for (h, mut pages) in per_host.into_iter().enumerate() {
        // The port is known once bound: bind once to learn it, then serve with links filled.
        let probe = std::net::TcpListener::bind(format!("{}:0", addrs[h])).expect("bind a loopback address");
        let addr = probe.local_addr().expect("address");
        drop(probe);
        for (path, (_, body)) in pages.iter_mut() {
            if path.ends_with(".rss") {
                *body = String::from_utf8_lossy(body).replace("http://HOST", &format!("http://{addr}")).into_bytes();
            }
        }
        sites.push(FakeSite::with_pages(&addr.to_string(), pages).expect("start a fake site"));
    }
    let sources: Vec<NewSource> = (0..feeds)
        .map(|f| NewSource { url: sites[f % hosts].url(&format!("/bench/feed-{f}.rss")), title: None })
        .collect();
    let total = feeds * items;
    println!(
        "follow: {feeds} feeds x {items} items = {total} articles ({:.1} MB of HTML) on {hosts} hosts, one request per {delay:?} per host",
        bytes as f64 / 1e6
    );

    let mut engine = Engine::open(&dir.path().join("followed")).expect("engine");
    engine.add_sources(&sources, 1800).expect("add sources");
    let options = FollowOptions {
        fetch: FetchOptions { min_delay: delay, addresses: AddressPolicy::AllowLoopback, ..FetchOptions::default() },
        threads: hosts,
        items_per_poll: items,
        ..FollowOptions::default()
    };
    let follower = Follower::new(options);
    let start = Instant::now();
    let round = follower.poll_due(&mut engine, &AtomicBool::new(false), &mut |_| {}).expect("poll");
    let secs = start.elapsed().as_secs_f64();
    assert_eq!(round.stored as usize, total, "{round:?}");
    let peak = sites.iter().map(|s| peak_rate(&s.hits())).max().unwrap_or(0);
    println!(
        "  follow: {secs:.1}s, {:.0} articles/s; busiest host: {peak} requests in one second (limit {:.1}/s)",
        total as f64 / secs,
        1.0 / delay.as_secs_f64().max(1e-9)
    );

    let mut engine = Engine::open(&dir.path().join("ingested")).expect("engine");
    let start = Instant::now();
    let report = engine.ingest(&[&pages_dir], &IngestOptions::default(), &mut |_| {}).expect("ingest");
    let ingest_secs = start.elapsed().as_secs_f64();
    assert_eq!(report.new as usize, total);
    println!(
        "  ingest of the same pages from disk: {ingest_secs:.1}s, {:.0} articles/s; follow / ingest = {:.2}",
        total as f64 / ingest_secs,
        ingest_secs / secs
    );
}
