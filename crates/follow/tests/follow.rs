//! The follower against the fake news site on loopback: what is stored, what is refused,
//! what is recorded, and how the site was treated.

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use newsgraph_document::Document;
use newsgraph_engine::{Engine, IngestOptions};
use newsgraph_follow::fake_site::{BAD_SOURCES, FakeSite, GOOD_SOURCES, SHARED_ARTICLE};
use newsgraph_follow::{AddressPolicy, FetchOptions, FollowOptions, Follower, Progress, SourceReport, stamp};
use newsgraph_store::NewSource;

const DELAY: Duration = Duration::from_millis(150);
const CONTACT: &str = "https://newsgraph.example.org/contact";

fn options() -> FollowOptions {
    FollowOptions {
        fetch: FetchOptions {
            user_agent: FetchOptions::user_agent_for(Some(CONTACT)),
            min_delay: DELAY,
            timeout: Duration::from_millis(1500),
            max_bytes: 2 << 20,
            addresses: AddressPolicy::AllowLoopback,
            max_wait: Duration::from_secs(30),
            ..FetchOptions::default()
        },
        threads: 4,
        ingest: IngestOptions { batch_size: 16, ..IngestOptions::default() },
        ..FollowOptions::default()
    }
}

fn sources(site: &FakeSite, paths: &[&str]) -> Vec<NewSource> {
    paths.iter().map(|p| NewSource { url: site.url(p), title: None }).collect()
}

/// Every stored article, by URL.
fn stored(engine: &Engine) -> HashMap<String, Document> {
    engine
        .recent(1000)
        .unwrap()
        .into_iter()
        .map(|r| engine.article(&r.id).unwrap().unwrap())
        .map(|d| (d.url.clone().unwrap_or_default(), d))
        .collect()
}

/// Makes every source that answered last time due now (as if its interval had passed);
/// failing ones keep their backoff and `Retry-After`.
fn all_due(engine: &mut Engine) {
    for mut s in engine.sources().unwrap().into_iter().filter(|s| s.errors == 0) {
        s.next_poll = stamp(chrono::Utc::now() - chrono::Duration::seconds(1));
        engine.record_poll(&s, &[]).unwrap();
    }
}

#[test]
fn follows_a_site_politely_and_stores_each_article_once() {
    let site = FakeSite::start().unwrap();
    // Troubles that make a whole host rest get hosts of their own.
    let (busy, down) = (FakeSite::start().unwrap(), FakeSite::start().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let mut engine = Engine::open(dir.path()).unwrap();
    let mut list = sources(&site, GOOD_SOURCES);
    list.extend(sources(&site, BAD_SOURCES));
    list.extend(sources(&busy, &["/feeds/busy.rss"]));
    list.extend(sources(&down, &["/feeds/down.rss"]));
    let total = list.len();
    assert_eq!(engine.add_sources(&list, 1800).unwrap(), total as u64);

    let follower = Follower::new(options());
    let stop = AtomicBool::new(false);
    let mut reports: Vec<SourceReport> = Vec::new();
    let started = chrono::Utc::now();
    let round = follower.poll_due(&mut engine, &stop, &mut |r| reports.push(r.clone())).unwrap();
    assert_eq!(round.sources, total);

    // What was stored: twelve articles, each once.
    let articles = stored(&engine);
    let expected = [
        SHARED_ARTICLE,
        "/2026/03/10/ministers-agree-budget",
        "/2026/03/11/ferry-fares-rise",
        "/private/secret-memo",
        "/articles/broken-page",
        "/articles/latin1-cafe-report",
        "/2026/03/13/river-barges-return",
        "/2026/03/13/orchard-harvest-begins",
        "/2026/03/12/river-levels-fall",
        "/2025/12/30/year-end-review-of-the-port",
        "/2026/03/12/council-approves-new-library",
        "/news/rail-workers-vote-to-accept-pay-offer",
    ];
    let mut want: Vec<String> = expected.iter().map(|p| site.url(p)).collect();
    want.sort();
    let mut got: Vec<String> = articles.keys().cloned().collect();
    got.sort();
    assert_eq!(got, want, "reports: {reports:#?}");
    assert_eq!((round.stored, engine.stats().unwrap().articles), (12, 12));
    // The harbour story, listed by three feeds and a sitemap under four URLs, was fetched
    // once, without the feeds' tracking parameters.
    assert!(site.hits().iter().all(|h| !h.path.contains("utm_")));
    assert_eq!(site.count(SHARED_ARTICLE), 1);

    // robots.txt forbids /private/: never fetched; the feed's own text was stored instead.
    assert_eq!(site.count("/private/"), 0);
    let memo = &articles[&site.url("/private/secret-memo")];
    assert_eq!(memo.reader, "feed");
    assert!(memo.text.contains("the feed's own summary"), "{}", memo.text);
    assert_eq!(articles[&site.url("/articles/broken-page")].reader, "feed");
    // Each fallback is reported with the reason the page was not read.
    let warnings: Vec<&newsgraph_engine::Notice> = reports.iter().flat_map(|r| &r.warnings).collect();
    let warned = |path: &str, why: &str| {
        warnings
            .iter()
            .any(|w| w.origin == site.url(path) && w.reason.contains(why) && w.reason.contains("text from the feed"))
    };
    assert!(warned("/private/secret-memo", "disallowed by robots.txt"), "{warnings:#?}");
    assert!(warned("/articles/broken-page", "HTTP 500"), "{warnings:#?}");

    // Pages read by the HTML reader, with their dates: the feed's, the news sitemap's, the
    // page's JSON-LD; the Latin-1 page decoded by its HTTP charset.
    let harbour = &articles[&site.url(SHARED_ARTICLE)];
    assert_eq!(harbour.reader, "html");
    assert!(harbour.text.contains("Marta Solis"), "{}", harbour.text);
    assert!(!harbour.text.contains("cookies"), "{}", harbour.text);
    let day = |p: &str| articles[&site.url(p)].published.map(|d| d.date().to_string());
    assert_eq!(day(SHARED_ARTICLE).as_deref(), Some("2026-03-10"));
    assert_eq!(day("/2026/03/12/river-levels-fall").as_deref(), Some("2026-03-12"));
    assert_eq!(day("/news/rail-workers-vote-to-accept-pay-offer").as_deref(), Some("2026-03-09"));
    let cafe = &articles[&site.url("/articles/latin1-cafe-report")];
    assert!(cafe.text.contains("Café") || cafe.title.as_deref().unwrap_or("").contains("Café"), "{cafe:?}");
    assert!(!cafe.text.contains('\u{fffd}'), "{}", cafe.text);
    // Whichever of its sources was polled first delivered it.
    let from = harbour.metadata["followed_from"].as_str().unwrap().to_string();
    let listing_it = ["/feeds/world.rss", "/feeds/business.rss", "/feeds/atom.xml", "/sitemap-index.xml"];
    assert!(listing_it.iter().any(|p| site.url(p) == from), "{from}");

    // Every bad item and source is recorded with its reason.
    let failures: HashMap<String, String> =
        engine.failures(100, 0).unwrap().into_iter().map(|f| (f.origin, f.reason)).collect();
    let reason =
        |url: String| failures.get(&url).cloned().unwrap_or_else(|| panic!("{url} not recorded: {failures:#?}"));
    assert!(reason(site.url("/articles/gone-without-text")).contains("HTTP 404"));
    assert!(reason(site.url("/articles/huge-page")).contains("larger than the limit"));
    assert!(reason(site.url("/articles/gzip-bomb")).contains("larger than the limit"));
    assert!(reason(site.url("/feeds/malformed.rss")).contains("not a valid RSS"));
    assert!(reason(site.url("/feeds/loop.rss")).contains("redirect loop"));
    assert!(reason(site.url("/feeds/internal.rss")).contains("refused"));
    assert!(reason(site.url("/feeds/slow.rss")).contains("timed out"));
    assert!(reason(site.url("/feeds/trickle.rss")).contains("timed out"));
    assert!(reason(site.url("/feeds/error.rss")).contains("HTTP 500"));
    assert!(reason(busy.url("/feeds/busy.rss")).contains("HTTP 429"));
    assert!(reason(down.url("/feeds/down.rss")).contains("HTTP 503"));
    assert_eq!(round.failed_items, 3);

    // Retry-After sets the next poll (kept to the second); the source keeps its error.
    let state: HashMap<String, newsgraph_store::Source> =
        engine.sources().unwrap().into_iter().map(|s| (s.url.clone(), s)).collect();
    let next = |u: String| chrono::DateTime::parse_from_rfc3339(&state[&u].next_poll).unwrap();
    assert!(next(busy.url("/feeds/busy.rss")) >= started + chrono::Duration::seconds(3599));
    assert!(next(down.url("/feeds/down.rss")) >= started + chrono::Duration::seconds(7199));
    assert_eq!(state[&busy.url("/feeds/busy.rss")].errors, 1);
    let world = &state[&site.url("/feeds/world.rss")];
    assert_eq!((world.kind.as_deref(), world.errors), (Some("feed"), 0));
    assert_eq!(state.values().map(|s| s.articles).sum::<i64>(), 12, "each article counted for one source");
    assert_eq!(state[&site.url("/world")].kind.as_deref(), Some("front"));
    assert_eq!(state[&site.url("/sitemap-index.xml")].kind.as_deref(), Some("sitemap"));

    // The site was treated politely: one request at a time, at least DELAY apart, each
    // naming newsgraph and the contact.
    let hits = site.hits();
    assert!(hits.iter().all(|h| h.overlapping == 0), "{hits:#?}");
    for pair in hits.windows(2) {
        assert!(pair[1].at - pair[0].at >= DELAY, "{} then {} too soon", pair[0].path, pair[1].path);
    }
    assert!(hits.iter().all(|h| h.user_agent.contains("newsgraph/") && h.user_agent.contains(CONTACT)));
    assert_eq!(site.count("/robots.txt"), 1);

    // A second poll, by a new follower on the reopened store (a restart): the ETag feed
    // answers 304, the feed whose GUIDs change refetches nothing, nothing is stored twice.
    drop(engine);
    let mut engine = Engine::open(dir.path()).unwrap();
    all_due(&mut engine);
    let pages_before = site.count("/20") + site.count("/news/") + site.count("/articles/");
    let follower = Follower::new(options());
    let mut again: Vec<SourceReport> = Vec::new();
    let round = follower.poll_due(&mut engine, &stop, &mut |r| again.push(r.clone())).unwrap();
    assert_eq!((round.sources, round.stored, round.failed_items), (GOOD_SOURCES.len(), 0, 0), "{again:#?}");
    let etag = again.iter().find(|r| r.source == site.url("/feeds/etag.rss")).unwrap();
    assert!(!etag.modified && etag.error.is_none(), "{etag:?}");
    assert_eq!(site.count("/feeds/changing.rss"), 2);
    assert_eq!(site.count("/2026/03/13/orchard-harvest-begins"), 1);
    assert_eq!(site.count("/20") + site.count("/news/") + site.count("/articles/"), pages_before);
    assert_eq!(engine.stats().unwrap().articles, 12);
    // The busy host asked for an hour's rest: its source was not asked again.
    assert_eq!(busy.count("/feeds/busy.rss"), 1);
}

#[test]
fn a_page_failing_in_passing_is_tried_again_then_given_up() {
    let site = FakeSite::start().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut engine = Engine::open(dir.path()).unwrap();
    engine.add_sources(&sources(&site, &["/feeds/flaky.rss"]), 1800).unwrap();
    let follower = Follower::new(options());
    let stop = AtomicBool::new(false);
    let poll = |engine: &mut Engine| {
        let mut reports = Vec::new();
        follower.poll_due(engine, &stop, &mut |r| reports.push(r.clone())).unwrap();
        all_due(engine);
        let [report] = &reports[..] else { panic!("{reports:#?}") };
        report.clone()
    };
    let (flaky, down) = (site.url("/2026/03/12/flaky-page-recovers"), site.url("/articles/always-unavailable"));

    // Both pages answer 503 and their feed has no text: nothing stored, nothing recorded
    // as failed, both to be tried again.
    let first = poll(&mut engine);
    assert_eq!((first.stored, first.failed.len(), first.later), (0, 0, 2), "{first:#?}");
    assert!(first.retrying.iter().all(|n| n.reason.contains("HTTP 503") && n.reason.contains("1 of 3")), "{first:#?}");
    // The next poll stores the page that recovered; the other is tried a second time.
    let second = poll(&mut engine);
    assert_eq!((second.stored, second.failed.len()), (1, 0), "{second:#?}");
    assert_eq!(second.retrying.iter().map(|n| n.origin.as_str()).collect::<Vec<_>>(), [down.as_str()]);
    assert!(stored(&engine).contains_key(&flaky));
    // The third try is the last: recorded as failed, with its reason, and never fetched again.
    let third = poll(&mut engine);
    assert!(third.retrying.is_empty(), "{third:#?}");
    assert!(
        matches!(&third.failed[..], [n] if n.origin == down && n.reason.contains("given up after 3 tries")),
        "{third:#?}"
    );
    let fourth = poll(&mut engine);
    assert_eq!((fourth.new_items, fourth.later), (0, 0), "{fourth:#?}");
    let asked = site.hits().iter().filter(|h| h.path == "/articles/always-unavailable").count();
    assert_eq!(asked, 3);
}

/// Two followers on one store (two `follow` processes, or machines sharing PostgreSQL) claim
/// sources: each is polled by one of them, and each article fetched once.
#[test]
fn two_followers_on_one_store_poll_each_source_once() {
    let site = FakeSite::start().unwrap();
    let dir = tempfile::tempdir().unwrap();
    Engine::open(dir.path()).unwrap().add_sources(&sources(&site, GOOD_SOURCES), 1800).unwrap();
    let rounds: Vec<_> = std::thread::scope(|scope| {
        let followers: Vec<_> = (0..2)
            .map(|_| {
                scope.spawn(|| {
                    let mut engine = Engine::open(dir.path()).unwrap();
                    Follower::new(options()).poll_due(&mut engine, &AtomicBool::new(false), &mut |_| {}).unwrap()
                })
            })
            .collect();
        followers.into_iter().map(|f| f.join().unwrap()).collect()
    });
    assert_eq!(rounds.iter().map(|r| r.sources).sum::<usize>(), GOOD_SOURCES.len(), "{rounds:?}");
    let hits = site.hits();
    let asked = |path: &str| hits.iter().filter(|h| h.path.split('?').next() == Some(path)).count();
    for source in GOOD_SOURCES {
        assert_eq!(asked(source), 1, "{source} polled by both followers");
    }
    for h in hits.iter().filter(|h| h.path.starts_with("/20")) {
        assert_eq!(asked(h.path.split('?').next().unwrap()), 1, "{} fetched twice", h.path);
    }
    let engine = Engine::open(dir.path()).unwrap();
    assert!(engine.sources().unwrap().iter().all(|s| s.last_poll.is_some()));
}

/// A follower that has stored keeps no lock on the index: another one, on the same data
/// directory while the first is still running, stores too.
#[test]
fn a_follower_that_stored_leaves_the_index_to_another() {
    let site = FakeSite::start().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (mut first, mut second) = (Engine::open(dir.path()).unwrap(), Engine::open(dir.path()).unwrap());
    let stop = AtomicBool::new(false);
    first.add_sources(&sources(&site, &["/feeds/world.rss"]), 1800).unwrap();
    let round = Follower::new(options()).poll_due(&mut first, &stop, &mut |_| {}).unwrap();
    assert!(round.stored > 0, "{round:?}");
    second.add_sources(&sources(&site, &["/feeds/business.rss"]), 1800).unwrap();
    let round = Follower::new(options()).poll_due(&mut second, &stop, &mut |_| {}).unwrap();
    assert_eq!((round.sources, round.failed_sources), (1, 0), "{round:?}");
    assert!(stored(&first).contains_key(&site.url("/2026/03/11/ferry-fares-rise")));
}

/// A progress view sees the round: sources due, then being fetched, then none.
#[test]
fn progress_shows_sources_due_and_being_fetched() {
    let site = FakeSite::start().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut engine = Engine::open(dir.path()).unwrap();
    // The slow feed answers after 20 s; the fetch gives up after 2.
    engine.add_sources(&sources(&site, &["/feeds/slow.rss"]), 1800).unwrap();
    let mut opts = options();
    opts.fetch.timeout = Duration::from_secs(2);
    let follower = Follower::new(opts);
    assert_eq!(follower.progress(), Progress::default());
    std::thread::scope(|scope| {
        let round = scope.spawn(|| follower.poll_due(&mut engine, &AtomicBool::new(false), &mut |_| {}).unwrap());
        let start = Instant::now();
        while follower.progress() != (Progress { due: 0, fetching: 1 }) {
            assert!(start.elapsed() < Duration::from_secs(2), "{:?}", follower.progress());
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(round.join().unwrap().sources, 1);
    });
    assert_eq!(follower.progress(), Progress::default());
}

#[test]
fn loopback_is_refused_unless_allowed() {
    let site = FakeSite::start().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut engine = Engine::open(dir.path()).unwrap();
    engine.add_sources(&sources(&site, &["/feeds/world.rss"]), 1800).unwrap();
    let mut options = options();
    options.fetch.addresses = AddressPolicy::PublicOnly;
    let stop = AtomicBool::new(false);
    let mut reports = Vec::new();
    let started = Instant::now();
    Follower::new(options).poll_due(&mut engine, &stop, &mut |r| reports.push(r.clone())).unwrap();
    let error = reports[0].error.clone().unwrap();
    assert!(error.contains("refused to connect"), "{error}");
    assert!(site.hits().is_empty(), "nothing reached the site");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(engine.stats().unwrap().articles, 0);
}

#[test]
fn a_stop_leaves_sources_not_taken_due() {
    let site = FakeSite::start().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut engine = Engine::open(dir.path()).unwrap();
    engine.add_sources(&sources(&site, GOOD_SOURCES), 1800).unwrap();
    let stop = AtomicBool::new(true);
    let round = Follower::new(options()).poll_due(&mut engine, &stop, &mut |_| {}).unwrap();
    assert_eq!(round.sources, 0);
    assert_eq!(engine.due_sources(&stamp(chrono::Utc::now()), 100).unwrap().len(), GOOD_SOURCES.len());
    assert!(site.hits().is_empty());
}

#[test]
fn crawl_delay_spaces_requests_beyond_the_minimum() {
    let robots = "User-agent: *\nCrawl-delay: 1\nDisallow: /private/\n";
    let pages = HashMap::from([("/robots.txt".to_string(), ("text/plain".to_string(), robots.as_bytes().to_vec()))]);
    let site = FakeSite::with_pages("127.0.0.1:0", pages).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut engine = Engine::open(dir.path()).unwrap();
    engine.add_sources(&sources(&site, &["/feeds/business.rss"]), 1800).unwrap();
    let round = Follower::new(options()).poll_due(&mut engine, &AtomicBool::new(false), &mut |_| {}).unwrap();
    assert_eq!(round.stored, 2);
    let hits = site.hits();
    // robots.txt, the feed, two articles: the three after robots.txt a second apart.
    assert_eq!(hits.len(), 4, "{hits:#?}");
    for pair in hits[1..].windows(2) {
        assert!(pair[1].at - pair[0].at >= Duration::from_secs(1), "{} then {}", pair[0].path, pair[1].path);
    }
}
