//! The web UI in a real browser: `newsgraph serve` on the example corpus (and the seed
//! article when `../shared` is there), driven by headless Chromium: search, open an article,
//! follow an entity link, check what the pages hold, take screenshots. Without Chromium the
//! test is skipped with a notice, except under CI (`CI=true`), where it fails.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// Chromium, or `None` (with a notice) when it is missing outside CI.
fn chromium() -> Option<PathBuf> {
    let candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
    if let Some(found) = candidates.iter().map(PathBuf::from).find(|p| p.exists()) {
        return Some(found);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("chromium is missing under CI (.ci/run installs the Debian package `chromium`)");
    }
    eprintln!("notice: chromium not found; skipping the browser test (apt-get install chromium)");
    None
}

/// Runs headless Chromium with a fresh profile, killing it after a minute.
fn browse(chromium: &Path, profile: &Path, args: &[&str], url: &str) -> String {
    let mut child = Command::new(chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(["--window-size=1400,1800", "--hide-scrollbars"])
        .args(args)
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut out = String::new();
    std::io::Read::read_to_string(child.stdout.as_mut().unwrap(), &mut out).unwrap();
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish within a minute on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    out
}

/// The first `href="PREFIX…"` value in a page.
fn first_link<'a>(dom: &'a str, prefix: &str) -> Option<&'a str> {
    let at = dom.find(&format!("href=\"{prefix}"))? + "href=\"".len();
    let end = dom[at..].find('"')? + at;
    Some(&dom[at..end])
}

/// A JSON Lines record whose fields carry markup: it must come out inert in the browser too.
const HOSTILE: &str = r#"{"title": "<script>document.title='pwned'</script> Quay \"><img src=x onerror=alert(1)> notice", "text": "The quay closed <script>alert('body')</script> on Tuesday. \"><img src=x onerror=alert(2)> More about the quay.", "published": "2026-03-01"}"#;

#[test]
fn search_article_entity_in_headless_chromium() {
    let Some(chromium) = chromium() else { return };
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    let hostile = work.path().join("hostile.jsonl");
    std::fs::write(&hostile, HOSTILE).unwrap();
    let seed = shared().map(|s| s.join("seed/000_f5e73e40193edf61.txt"));
    let mut inputs = vec![root().join("examples"), hostile];
    inputs.extend(seed.clone());
    let out = newsgraph().arg("--data").arg(&data).arg("ingest").args(&inputs).output().unwrap();
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));

    let server = serve(&data);
    let profile = work.path().join("chromium-profile");
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&shots).unwrap();

    // Search.
    let query = if seed.is_some() { "Aso" } else { "governor" };
    let results = browse(&chromium, &profile, &["--dump-dom"], &format!("{}/search?q={query}", server.base()));
    assert!(results.contains("matching articles"), "{results}");
    assert!(results.contains("<mark>"), "matches are highlighted: {results}");
    let article = first_link(&results, "/articles/").expect("a hit links to its article").to_string();

    // The article, its layers marked.
    let page = browse(&chromium, &profile, &["--dump-dom"], &format!("{}{article}", server.base()));
    for layer in [r#"class="ent "#, r#"class="quote q-"#, r#"class="time""#, r#"id="show-entities""#] {
        assert!(page.contains(layer), "{layer} missing on {article}");
    }
    if seed.is_some() {
        // The seed's people, roles, quotes and dates.
        assert!(page.contains(r#"title="Taro Aso (person)""#), "{page}");
        assert!(page.contains("Finance Minister"), "role");
        assert!(page.contains(r#"data-value="2018-04-20""#), "'Friday' resolved against the date");
        assert!(page.contains("No progress was made"), "quote");
    }
    let shot = shots.join("article.png");
    browse(&chromium, &profile, &[&format!("--screenshot={}", shot.display())], &format!("{}{article}", server.base()));
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000, "{} bytes", png.len());
    println!("screenshot: {}", shot.display());

    // Follow an entity link from the text to the entity's page.
    let entity = first_link(&page, "/entities/").expect("an entity links to its page").to_string();
    let profile_page = browse(&chromium, &profile, &["--dump-dom"], &format!("{}{entity}", server.base()));
    assert!(profile_page.contains("Mentions by day"), "{profile_page}");
    assert!(profile_page.contains(r#"<svg class="chart""#), "a chart is drawn");
    assert!(profile_page.contains("<rect"), "with bars");
    let shot = shots.join("entity.png");
    browse(&chromium, &profile, &[&format!("--screenshot={}", shot.display())], &format!("{}{entity}", server.base()));
    assert!(std::fs::read(&shot).expect("screenshot written").starts_with(b"\x89PNG"));
    println!("screenshot: {}", shot.display());

    // Hostile markup stays text in the DOM the browser built.
    let hits = browse(&chromium, &profile, &["--dump-dom"], &format!("{}/search?q=quay", server.base()));
    let hostile_article = first_link(&hits, "/articles/").expect("the hostile article is found").to_string();
    for url in
        [format!("{}{hostile_article}", server.base()), format!("{}/search?q=quay", server.base()), server.base()]
    {
        let dom = browse(&chromium, &profile, &["--dump-dom"], &url);
        assert!(!dom.contains("<img") && !dom.contains("<script"), "live markup in {url}:\n{dom}");
        assert!(!dom.contains("<title>pwned"), "{url}");
    }
    let dom = browse(&chromium, &profile, &["--dump-dom"], &format!("{}{hostile_article}", server.base()));
    assert!(dom.contains("&lt;script&gt;alert('body')&lt;/script&gt;"), "the payload is shown as text: {dom}");

    // The front page shows what is breaking in the examples (story E of examples/README.md).
    let home = browse(&chromium, &profile, &["--dump-dom"], &server.base());
    assert!(home.contains(r#"class="badge">Breaking"#) && home.contains("Bosphorus"), "{home}");
}
