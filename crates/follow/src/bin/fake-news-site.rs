//! `fake-news-site [ADDR] [--sources FILE]`: serves the fake news site of the tests on a
//! loopback address (default 127.0.0.1:8089) until stopped, and writes the list of its
//! sources that deliver articles to FILE (or prints it), for `newsgraph follow`.

use newsgraph_follow::fake_site::{FakeSite, GOOD_SOURCES};

fn main() {
    let mut addr = "127.0.0.1:8089".to_string();
    let mut sources_file = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--sources" => sources_file = args.next(),
            "-h" | "--help" => {
                println!("usage: fake-news-site [ADDR] [--sources FILE]   (ADDR default 127.0.0.1:8089)");
                return;
            }
            _ => addr = a,
        }
    }
    let ip_ok = addr.parse::<std::net::SocketAddr>().is_ok_and(|a| a.ip().is_loopback());
    if !ip_ok {
        eprintln!("fake-news-site: {addr} is not a loopback address with a port (e.g. 127.0.0.1:8089)");
        std::process::exit(2);
    }
    let site = FakeSite::bind(&addr).unwrap_or_else(|e| {
        eprintln!("fake-news-site: cannot listen on {addr}: {e}");
        std::process::exit(2);
    });
    let list: String = GOOD_SOURCES.iter().map(|p| format!("{}\n", site.url(p))).collect();
    match sources_file {
        Some(f) => {
            if let Err(e) = std::fs::write(&f, &list) {
                eprintln!("fake-news-site: cannot write {f}: {e}");
                std::process::exit(2);
            }
            eprintln!("fake-news-site: serving http://{addr}/, sources in {f}");
        }
        None => print!("{list}"),
    }
    loop {
        std::thread::park();
    }
}
