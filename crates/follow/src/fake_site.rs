//! A fake news site on loopback, for the tests, the README example and benches: feeds,
//! a sitemap index with a Google News sitemap, a section front, article pages and a
//! robots.txt — and the troubles of the real web: 304s, 429/503 with `Retry-After`, 500s,
//! a server that never answers, one that trickles a byte a second, a redirect loop, a
//! redirect to a private address, a 50 MB page, a gzip bomb, malformed XML, a page in
//! Latin-1, one article in three feeds under three URLs, GUIDs that change on every fetch
//! and a path robots.txt forbids. It records every request, so a test can check what the
//! follower asked for, when, and whether two requests ever overlapped.
//!
//! Everything it serves is fictional and made up here.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

/// One request the site saw.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The path and query asked for.
    pub path: String,
    /// When it arrived.
    pub at: Instant,
    /// Requests in progress when it arrived (itself not counted).
    pub overlapping: usize,
    /// The `User-Agent` it came with.
    pub user_agent: String,
}

#[derive(Default)]
struct Shared {
    /// Pages given by the caller (a bench's feeds and articles), served before the site's own.
    extra: HashMap<String, (String, Vec<u8>)>,
    hits: Mutex<Vec<Hit>>,
    active: AtomicUsize,
    guid_fetches: AtomicUsize,
    stop: AtomicBool,
}

impl Shared {
    /// How many times `path` has been asked for, this request included.
    fn asked(&self, path: &str) -> usize {
        let hits = self.hits.lock().unwrap_or_else(PoisonError::into_inner);
        hits.iter().filter(|h| h.path.split(['?', '#']).next() == Some(path)).count()
    }
}

/// A running fake site; stops when dropped.
pub struct FakeSite {
    addr: SocketAddr,
    shared: Arc<Shared>,
}

/// The sources of the site that deliver articles (what the README example follows).
pub const GOOD_SOURCES: &[&str] = &[
    "/feeds/world.rss",
    "/feeds/business.rss",
    "/feeds/atom.xml",
    "/feeds/etag.rss",
    "/feeds/changing.rss",
    "/sitemap-index.xml",
    "/world",
];

/// The sources of the site that fail, each in its own way.
pub const BAD_SOURCES: &[&str] = &[
    "/feeds/malformed.rss",
    "/feeds/loop.rss",
    "/feeds/internal.rss",
    "/feeds/slow.rss",
    "/feeds/trickle.rss",
    "/feeds/error.rss",
];

/// The harbour story: one article listed by three feeds under three URLs.
pub const SHARED_ARTICLE: &str = "/2026/03/10/harbour-strike-ends";

impl FakeSite {
    /// Starts a site on `127.0.0.1` at a free port.
    pub fn start() -> std::io::Result<FakeSite> {
        FakeSite::bind("127.0.0.1:0")
    }

    /// Starts a site at `addr` (a loopback address: the follower refuses others anyway).
    pub fn bind(addr: &str) -> std::io::Result<FakeSite> {
        FakeSite::with_pages(addr, HashMap::new())
    }

    /// Starts a site at `addr` that also serves `pages`: path → (content type, body).
    pub fn with_pages(addr: &str, pages: HashMap<String, (String, Vec<u8>)>) -> std::io::Result<FakeSite> {
        let listener = TcpListener::bind(addr)?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared { extra: pages, ..Shared::default() });
        let state = Arc::clone(&shared);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if state.stop.load(Ordering::Relaxed) {
                    return;
                }
                let Ok(stream) = stream else { continue };
                let state = Arc::clone(&state);
                std::thread::spawn(move || serve(stream, addr, &state));
            }
        });
        Ok(FakeSite { addr, shared })
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Every request so far, in order of arrival.
    pub fn hits(&self) -> Vec<Hit> {
        self.shared.hits.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// How many requests asked for a path starting with `prefix`.
    pub fn count(&self, prefix: &str) -> usize {
        self.hits().iter().filter(|h| h.path.starts_with(prefix)).count()
    }
}

impl Drop for FakeSite {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        // Wake the accepting thread so that it sees the stop.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(200));
    }
}

fn serve(mut stream: TcpStream, addr: SocketAddr, shared: &Shared) {
    let overlapping = shared.active.fetch_add(1, Ordering::SeqCst);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut request_line = String::new();
    let mut headers = Vec::new();
    if reader.read_line(&mut request_line).is_ok() {
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) if line.trim().is_empty() => break,
                Ok(_) => {
                    if let Some((k, v)) = line.split_once(':') {
                        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
                    }
                }
            }
        }
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let header = |name: &str| headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    shared.hits.lock().unwrap_or_else(PoisonError::into_inner).push(Hit {
        path: path.clone(),
        at: Instant::now(),
        overlapping,
        user_agent: header("user-agent").unwrap_or_default(),
    });
    let base = format!("http://{addr}");
    match shared.extra.get(&path) {
        Some((content_type, body)) => respond(&mut stream, "200 OK", &[("Content-Type", content_type)], body),
        None => route(&mut stream, &path, &base, &header("if-none-match"), shared),
    }
    let _ = stream.flush();
    shared.active.fetch_sub(1, Ordering::SeqCst);
}

fn respond(stream: &mut TcpStream, status: &str, headers: &[(&str, &str)], body: &[u8]) {
    let mut head = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n", body.len());
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
}

/// Waits up to `total`, returning early (false) when the client hangs up.
fn linger(stream: &mut TcpStream, total: Duration) -> bool {
    let until = Instant::now() + total;
    let _ = stream.set_read_timeout(Some(Duration::from_millis(50)));
    let mut byte = [0u8; 1];
    while Instant::now() < until {
        match stream.read(&mut byte) {
            Ok(0) => return false,
            Ok(_) => {}
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
            Err(_) => return false,
        }
    }
    true
}

fn route(stream: &mut TcpStream, path: &str, base: &str, if_none_match: &Option<String>, shared: &Shared) {
    const XML: (&str, &str) = ("Content-Type", "application/rss+xml; charset=utf-8");
    const HTML: (&str, &str) = ("Content-Type", "text/html; charset=utf-8");
    let ok = "200 OK";
    let bare = path.split(['?', '#']).next().unwrap_or(path);
    match bare {
        "/robots.txt" => {
            respond(stream, ok, &[("Content-Type", "text/plain")], b"User-agent: *\nDisallow: /private/\n")
        }
        "/feeds/world.rss" => {
            let items = [
                item(base, &format!("{SHARED_ARTICLE}?utm_source=world"), "Harbour strike ends", true),
                item(base, "/2026/03/10/ministers-agree-budget", "Ministers agree budget", true),
                item(base, "/private/secret-memo", "A memo robots.txt keeps private", true),
                item(base, "/articles/broken-page", "A page that fails, with text in the feed", true),
                item(base, "/articles/gone-without-text", "A page that is gone, with no text in the feed", false),
                item(base, "/articles/huge-page", "A fifty megabyte page", false),
                item(base, "/articles/gzip-bomb", "A gzip bomb", false),
                item(base, "/articles/latin1-cafe-report", "A page in Latin-1", false),
            ];
            respond(stream, ok, &[XML], rss("World", &items.concat()).as_bytes())
        }
        "/feeds/business.rss" => {
            let items = [
                item(
                    base,
                    &format!("{SHARED_ARTICLE}?utm_source=business&utm_medium=rss"),
                    "Harbour strike ends",
                    true,
                ),
                item(base, "/2026/03/11/ferry-fares-rise", "Ferry fares rise", true),
            ];
            respond(stream, ok, &[XML], rss("Business", &items.concat()).as_bytes())
        }
        "/feeds/atom.xml" => {
            let atom = format!(
                r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title><id>urn:fake:atom</id><updated>2026-03-10T12:00:00Z</updated>
<entry><title>Harbour strike ends</title><id>urn:fake:harbour</id><link href="{base}{SHARED_ARTICLE}#comments"/><updated>2026-03-10T09:00:00Z</updated><summary>The strike is over.</summary></entry></feed>"#
            );
            respond(stream, ok, &[("Content-Type", "application/atom+xml")], atom.as_bytes())
        }
        "/feeds/etag.rss" => {
            if if_none_match.as_deref() == Some("\"v1\"") {
                return respond(stream, "304 Not Modified", &[("ETag", "\"v1\"")], b"");
            }
            let body = rss("Etag Desk", &item(base, "/2026/03/13/river-barges-return", "River barges return", true));
            respond(stream, ok, &[XML, ("ETag", "\"v1\""), ("Cache-Control", "max-age=600")], body.as_bytes())
        }
        "/feeds/changing.rss" => {
            let n = shared.guid_fetches.fetch_add(1, Ordering::SeqCst);
            let body = format!(
                r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Changing</title><item><title>Orchard harvest begins</title><link>{base}/2026/03/13/orchard-harvest-begins</link><guid isPermaLink="false">guid-{n}</guid><description>Harvest.</description></item></channel></rss>"#
            );
            respond(stream, ok, &[XML], body.as_bytes())
        }
        "/sitemap-index.xml" => {
            let body = format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{base}/sitemap-2025.xml</loc><lastmod>2025-12-31</lastmod></sitemap>
<sitemap><loc>{base}/news-sitemap.xml</loc><lastmod>2026-03-12</lastmod></sitemap></sitemapindex>"#
            );
            respond(stream, ok, &[("Content-Type", "application/xml")], body.as_bytes())
        }
        "/news-sitemap.xml" => {
            let body = format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>{base}/2026/03/12/river-levels-fall</loc><news:news><news:publication><news:name>Fake Times</news:name><news:language>en</news:language></news:publication><news:publication_date>2026-03-12T06:30:00Z</news:publication_date><news:title>River levels fall</news:title></news:news></url>
<url><loc>{base}{SHARED_ARTICLE}</loc><lastmod>2026-03-10</lastmod></url></urlset>"#
            );
            respond(stream, ok, &[("Content-Type", "application/xml")], body.as_bytes())
        }
        "/sitemap-2025.xml" => {
            let body = format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{base}/2025/12/30/year-end-review-of-the-port</loc><lastmod>2025-12-30</lastmod></url></urlset>"#
            );
            respond(stream, ok, &[("Content-Type", "application/xml")], body.as_bytes())
        }
        "/world" => {
            let body = format!(
                r#"<!DOCTYPE html><html><head><title>World | Fake Times</title></head><body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/tag/ports">Ports</a> <a href="/about">About</a></nav>
<main><h2><a href="/2026/03/12/council-approves-new-library">Council approves new library</a></h2>
<h2><a href="{base}/news/rail-workers-vote-to-accept-pay-offer">Rail workers vote to accept pay offer</a></h2></main></body></html>"#
            );
            respond(stream, ok, &[HTML], body.as_bytes())
        }
        "/feeds/malformed.rss" => respond(
            stream,
            ok,
            &[XML],
            b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Broken<item><title>x</title></channel>",
        ),
        "/feeds/loop.rss" => respond(stream, "302 Found", &[("Location", "/feeds/loop-b.rss")], b""),
        "/feeds/loop-b.rss" => respond(stream, "302 Found", &[("Location", "/feeds/loop.rss")], b""),
        // A redirect to an internal service: the follower must refuse it without connecting.
        "/feeds/internal.rss" => respond(stream, "302 Found", &[("Location", "http://10.0.0.1/admin/feed.rss")], b""),
        "/feeds/slow.rss" => {
            if linger(stream, Duration::from_secs(20)) {
                respond(stream, ok, &[XML], rss("Slow", "").as_bytes());
            }
        }
        "/feeds/trickle.rss" => {
            let body = rss("Trickle", "");
            let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
            let _ = stream.write_all(head.as_bytes());
            for b in body.bytes() {
                if stream.write_all(&[b]).is_err() || !linger(stream, Duration::from_secs(1)) {
                    return;
                }
            }
        }
        "/feeds/error.rss" => respond(stream, "500 Internal Server Error", &[], b"oops"),
        "/feeds/busy.rss" => respond(stream, "429 Too Many Requests", &[("Retry-After", "3600")], b"slow down"),
        "/feeds/down.rss" => respond(stream, "503 Service Unavailable", &[("Retry-After", "7200")], b"maintenance"),
        "/articles/broken-page" => respond(stream, "500 Internal Server Error", &[], b"oops"),
        // Fails once, then answers: what a follower should try again rather than give up on.
        "/2026/03/12/flaky-page-recovers" if shared.asked(bare) == 1 => {
            respond(stream, "503 Service Unavailable", &[], b"try again")
        }
        "/articles/always-unavailable" => respond(stream, "503 Service Unavailable", &[], b"try again"),
        "/feeds/flaky.rss" => {
            let items = [
                item(base, "/2026/03/12/flaky-page-recovers", "A page that fails once, no text in the feed", false),
                item(base, "/articles/always-unavailable", "A page that always fails, no text in the feed", false),
            ];
            respond(stream, ok, &[XML], rss("Flaky", &items.concat()).as_bytes())
        }
        "/articles/gone-without-text" => respond(stream, "404 Not Found", &[], b"gone"),
        "/articles/huge-page" => {
            let total = 50_000_000usize;
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {total}\r\nConnection: close\r\n\r\n"
            );
            let _ = stream.write_all(head.as_bytes());
            let chunk = "<p>filler filler filler filler filler filler filler.</p>\n".repeat(1024);
            let mut sent = 0;
            while sent < total {
                let n = chunk.len().min(total - sent);
                if stream.write_all(&chunk.as_bytes()[..n]).is_err() {
                    return;
                }
                sent += n;
            }
        }
        "/articles/gzip-bomb" => {
            respond(stream, ok, &[HTML, ("Content-Encoding", "gzip")], gzip_bomb());
        }
        "/articles/latin1-cafe-report" => {
            let page = article_page(base, bare, "Café owners report a busy season");
            let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&page);
            respond(stream, ok, &[("Content-Type", "text/html; charset=ISO-8859-1")], &bytes)
        }
        _ if bare.starts_with("/20") || bare.starts_with("/news/") || bare.starts_with("/private/") => {
            let slug = bare.rsplit('/').next().unwrap_or("story");
            let title = title_of(slug);
            respond(stream, ok, &[HTML], article_page(base, bare, &title).as_bytes())
        }
        _ => respond(stream, "404 Not Found", &[], b"not here"),
    }
}

fn rss(title: &str, items: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Fake Times: {title}</title><link>http://fake.test/</link><description>{title}</description><ttl>10</ttl>{items}</channel></rss>"#
    )
}

fn item(base: &str, path: &str, title: &str, with_text: bool) -> String {
    let link = format!("{base}{path}").replace('&', "&amp;");
    let description = if with_text {
        format!(
            "<description>&lt;p&gt;{title}: the feed's own summary of the story, written for readers of the feed.&lt;/p&gt;</description>"
        )
    } else {
        String::new()
    };
    format!(
        "<item><title>{title}</title><link>{link}</link><guid>{link}</guid><pubDate>Tue, 10 Mar 2026 08:00:00 GMT</pubDate>{description}</item>"
    )
}

fn title_of(slug: &str) -> String {
    let words = slug.replace('-', " ");
    let mut c = words.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

/// An article page: a headline, five paragraphs made from its title (so that each article
/// has its own text, the same on every fetch), JSON-LD with its date, a canonical link,
/// and the boilerplate real pages carry.
fn article_page(base: &str, path: &str, title: &str) -> String {
    let date = crate::canonical::date_in_url(&format!("{base}{path}"))
        .map_or("2026-03-09T10:00:00Z".to_string(), |d| format!("{d}T07:45:00Z"));
    let seed = title.bytes().fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    let n = |k: u32| (seed.wrapping_mul(k + 13) >> 7) % 90 + 10;
    let paragraphs = [
        format!(
            "{title}, officials in the coastal town of Valdora confirmed on Tuesday, after {} days of talks that ran late into the night and drew crowds to the town hall.",
            n(1)
        ),
        format!(
            "\"We have been waiting for this for a long time,\" said Marta Solis, who has lived in Valdora for {} years and followed every meeting from the public gallery.",
            n(2)
        ),
        format!(
            "The decision affects about {} families in the district, according to figures published by the regional council, and will be reviewed again in the spring.",
            n(3) * 10
        ),
        format!(
            "Critics said the plan left too many questions open. Opposition councillor Tomas Berg called it rushed and said {} amendments had been ignored without debate.",
            n(4)
        ),
        "The council will publish the full text next week. Residents can comment until the end of the month at the library or online, officials said.".to_string(),
    ];
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | Fake Times</title>
<link rel="canonical" href="{base}{path}"><meta property="og:site_name" content="Fake Times">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":"{title}","datePublished":"{date}"}}</script>
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav><div class="cookie">We use cookies.</div>
<article><h1>{title}</h1>
{body}</article><aside><h3>Most read</h3><ul><li><a href="/x">Other story</a></li></ul></aside><footer>© Fake Times</footer></body></html>"#
    )
}

/// 32 MB of one letter, gzipped to a few dozen kilobytes.
fn gzip_bomb() -> &'static [u8] {
    static BOMB: OnceLock<Vec<u8>> = OnceLock::new();
    BOMB.get_or_init(|| {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let block = vec![b'a'; 1 << 20];
        for _ in 0..32 {
            let _ = gz.write_all(&block);
        }
        gz.finish().unwrap_or_default()
    })
}
