//! What a source lists: the items of an RSS/Atom feed, the URLs of a sitemap (with Google
//! News `<news:publication_date>`), the child sitemaps of a sitemap index, or the links of
//! a section front that look like articles.

use std::time::Duration;

use newsgraph_document::Published;
use quick_xml::events::Event;
use url::Url;

use crate::canonical::looks_like_article;

/// What a source turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// RSS or Atom.
    Feed,
    /// A sitemap or a sitemap index.
    Sitemap,
    /// An HTML page whose links are articles.
    Front,
}

impl Kind {
    /// Its name in the store.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Feed => "feed",
            Kind::Sitemap => "sitemap",
            Kind::Front => "front",
        }
    }
}

/// One item a source lists.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    /// The article's URL, as listed.
    pub url: String,
    /// Its headline, when listed.
    pub title: Option<String>,
    /// Its publication date, when listed.
    pub published: Option<Published>,
    /// Its content or summary (HTML or text), the fallback when the page cannot be read.
    pub content: Option<String>,
    /// Its authors, when listed.
    pub authors: Vec<String>,
}

/// Everything one fetch of a source lists.
#[derive(Debug, Clone)]
pub struct Listing {
    /// What the source is.
    pub kind: Kind,
    /// Its name (a feed's title, a page's title).
    pub title: Option<String>,
    /// The items, in the order listed.
    pub entries: Vec<Entry>,
    /// Child sitemaps (of a sitemap index), newest first when dated.
    pub sitemaps: Vec<String>,
    /// How often the source says it changes (`ttl`, `sy:updatePeriod`).
    pub update_hint: Option<Duration>,
}

/// Reads a fetched source; `url` is where it came from (links are resolved against it).
pub fn read_listing(url: &str, body: &[u8], media_type: Option<&str>) -> Result<Listing, String> {
    let head = String::from_utf8_lossy(&body[..body.len().min(2048)]).to_ascii_lowercase();
    if head.contains("<urlset") || head.contains("<sitemapindex") {
        return read_sitemap(body);
    }
    if head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf") {
        return read_feed(body);
    }
    if head.contains("<html") || head.contains("<!doctype html") || media_type.is_some_and(|m| m.contains("html")) {
        return read_front(url, body);
    }
    if head.trim_start().starts_with("<?xml") {
        return Err("XML that is neither an RSS/Atom feed nor a sitemap".to_string());
    }
    Err("neither a feed, a sitemap nor an HTML page".to_string())
}

fn read_feed(body: &[u8]) -> Result<Listing, String> {
    // Through the readers' parse, which keeps feed-rs from panicking on hostile feeds.
    let (feed, _) = newsgraph_readers::parse_feed(body)?;
    let text = String::from_utf8_lossy(body);
    let ttl = feed.ttl.map(|m| Duration::from_secs(u64::from(m) * 60));
    let entries = feed
        .entries
        .into_iter()
        .filter_map(|e| {
            let link = e
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .map(|l| l.href.trim().to_string())
                // RSS items without a <link> often carry the URL as a permalink GUID.
                .or_else(|| e.id.starts_with("http").then(|| e.id.clone()))?;
            let content =
                e.content.and_then(|c| c.body).filter(|b| !b.trim().is_empty()).or(e.summary.map(|s| s.content));
            Some(Entry {
                url: link,
                title: e.title.map(|t| newsgraph_readers::fragment_text(&t.content)).filter(|t| !t.is_empty()),
                published: e.published.or(e.updated).map(|d| Published::Zoned(d.fixed_offset())),
                content,
                authors: e.authors.into_iter().filter_map(|p| p.name).collect(),
            })
        })
        .collect();
    Ok(Listing {
        kind: Kind::Feed,
        title: feed.title.map(|t| t.content.trim().to_string()).filter(|t| !t.is_empty()),
        entries,
        sitemaps: Vec::new(),
        update_hint: ttl.or_else(|| update_period(&text)),
    })
}

/// `sy:updatePeriod` / `sy:updateFrequency` (RSS 1.0 syndication module): how often a
/// feed says it changes.
fn update_period(feed: &str) -> Option<Duration> {
    let tag = |name: &str| -> Option<String> {
        let open = format!("<sy:{name}>");
        let start = feed.find(&open)? + open.len();
        let end = feed[start..].find('<')? + start;
        Some(feed[start..end].trim().to_ascii_lowercase())
    };
    let period = match tag("updatePeriod")?.as_str() {
        "hourly" => 3600,
        "daily" => 86_400,
        "weekly" => 7 * 86_400,
        "monthly" => 30 * 86_400,
        "yearly" => 365 * 86_400,
        _ => return None,
    };
    let frequency = tag("updateFrequency").and_then(|f| f.parse::<u64>().ok()).filter(|&f| f > 0).unwrap_or(1);
    Some(Duration::from_secs(period / frequency))
}

fn read_sitemap(body: &[u8]) -> Result<Listing, String> {
    let text = std::str::from_utf8(body).map_err(|e| format!("sitemap is not UTF-8: {e}"))?;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut entries = Vec::new();
    let mut sitemaps: Vec<(Option<Published>, String)> = Vec::new();
    let (mut path, mut value) = (Vec::<String>::new(), String::new());
    let mut current = Entry::default();
    loop {
        match reader.read_event().map_err(|e| format!("malformed sitemap XML: {e}"))? {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_ascii_lowercase();
                if name == "url" || name == "sitemap" {
                    current = Entry::default();
                }
                path.push(name);
                value.clear();
            }
            Event::Text(t) => value.push_str(&t.xml10_content()),
            Event::CData(t) => value.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let name = r.into_inner();
                let c = match &*name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ => quick_xml::events::BytesRef::new(name.to_string()).resolve_char_ref().ok().flatten(),
                };
                value.extend(c);
            }
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                let v = value.trim().to_string();
                match name.as_str() {
                    "loc" => current.url = v,
                    "lastmod" if current.published.is_none() => current.published = Published::parse(&v).ok(),
                    // Google News sitemaps: the article's own date wins over the file's lastmod.
                    "publication_date" => current.published = Published::parse(&v).ok().or(current.published),
                    "title" if path.iter().any(|p| p == "news") => current.title = Some(v).filter(|t| !t.is_empty()),
                    "url" if !current.url.is_empty() => entries.push(std::mem::take(&mut current)),
                    "sitemap" if !current.url.is_empty() => {
                        let e = std::mem::take(&mut current);
                        sitemaps.push((e.published, e.url));
                    }
                    _ => {}
                }
                value.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !path.is_empty() {
        return Err(format!("malformed sitemap XML: <{}> is never closed", path.join("> <")));
    }
    // The newest first: an index of a news site lists years of monthly sitemaps.
    sitemaps.sort_by_key(|(date, _)| std::cmp::Reverse(date.map(|d| d.date())));
    entries.sort_by_key(|e| std::cmp::Reverse(e.published.map(|d| d.date())));
    Ok(Listing {
        kind: Kind::Sitemap,
        title: None,
        entries,
        sitemaps: sitemaps.into_iter().map(|(_, u)| u).collect(),
        update_hint: None,
    })
}

fn read_front(url: &str, body: &[u8]) -> Result<Listing, String> {
    let base = Url::parse(url).map_err(|e| e.to_string())?;
    let html = String::from_utf8_lossy(body);
    let dom = dom_query::Document::from(html.as_ref());
    let title = Some(dom.select("title").first().text().trim().to_string()).filter(|t| !t.is_empty());
    let mut entries: Vec<Entry> = Vec::new();
    for a in dom.select("a[href]").iter() {
        let Some(href) = a.attr("href") else { continue };
        let Ok(link) = base.join(href.trim()) else { continue };
        if link.host_str() != base.host_str() || link.path() == base.path() || !looks_like_article(&link) {
            continue;
        }
        let mut link = link;
        link.set_fragment(None);
        let text = a.text().split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(known) = entries.iter_mut().find(|e| e.url == link.as_str()) {
            // The same link as an image and as a headline: keep the headline.
            if known.title.is_none() && !text.is_empty() {
                known.title = Some(text);
            }
            continue;
        }
        entries.push(Entry { url: link.to_string(), title: Some(text).filter(|t| !t.is_empty()), ..Entry::default() });
    }
    if entries.is_empty() && !html.contains('<') {
        return Err("not HTML: no markup".to_string());
    }
    Ok(Listing { kind: Kind::Front, title, entries, sitemaps: Vec::new(), update_hint: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeds_list_items_with_hints() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel><title>Wire</title>
<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>
<item><title>One</title><link>https://w.example.test/a/one</link><pubDate>Mon, 16 Mar 2026 08:00:00 GMT</pubDate><description>Body one.</description></item>
<item><title>No link</title><guid>https://w.example.test/a/two</guid></item></channel></rss>"#;
        let l = read_listing("https://w.example.test/feed", rss, None).unwrap();
        assert_eq!(l.kind, Kind::Feed);
        assert_eq!(l.title.as_deref(), Some("Wire"));
        assert_eq!(l.update_hint, Some(Duration::from_secs(1800)));
        let urls: Vec<&str> = l.entries.iter().map(|e| e.url.as_str()).collect();
        assert_eq!(urls, ["https://w.example.test/a/one", "https://w.example.test/a/two"]);
        assert_eq!(l.entries[0].published.unwrap().date().to_string(), "2026-03-16");
        assert_eq!(l.entries[0].content.as_deref(), Some("Body one."));
    }

    #[test]
    fn a_second_xml_declaration_does_not_stop_a_feed() {
        // feed-rs (quick-xml) panicked on it: found by fuzzing the feed reader.
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>W</title><item><title>One</title><link>https://w.example.test/a/one</link></item>
<?xml version="1.0" encoding="ISO-8859-1"?></channel></rss>"#;
        let l = read_listing("https://w.example.test/feed", rss, None).unwrap();
        assert_eq!((l.kind, l.entries.len()), (Kind::Feed, 1));
    }

    #[test]
    fn sitemaps_news_dates_and_indexes() {
        let sm = br#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://s.example.test/old?a=1&amp;b=2</loc><lastmod>2026-01-01</lastmod></url>
<url><loc>https://s.example.test/new</loc><lastmod>2026-01-01</lastmod>
<news:news><news:publication>name</news:publication><news:publication_date>2026-03-10T09:00:00Z</news:publication_date><news:title>New &amp; fresh</news:title></news:news></url>
</urlset>"#;
        let l = read_listing("https://s.example.test/sitemap.xml", sm, None).unwrap();
        assert_eq!(l.kind, Kind::Sitemap);
        assert_eq!(l.entries[0].url, "https://s.example.test/new");
        assert_eq!(l.entries[0].published.unwrap().date().to_string(), "2026-03-10");
        assert_eq!(l.entries[0].title.as_deref(), Some("New & fresh"));
        assert_eq!(l.entries[1].url, "https://s.example.test/old?a=1&b=2");
        let index = br#"<sitemapindex><sitemap><loc>https://s.example.test/2025.xml</loc><lastmod>2025-12-31</lastmod></sitemap>
<sitemap><loc>https://s.example.test/2026.xml</loc><lastmod>2026-03-01</lastmod></sitemap></sitemapindex>"#;
        let l = read_listing("https://s.example.test/index.xml", index, None).unwrap();
        assert_eq!(l.sitemaps, ["https://s.example.test/2026.xml", "https://s.example.test/2025.xml"]);
        let bad =
            read_listing("https://s.example.test/x.xml", b"<urlset><url><loc>https://s.example.test/a</url>", None);
        assert!(bad.unwrap_err().contains("malformed"), "mismatched tags are an error");
    }

    #[test]
    fn fronts_list_article_links_only() {
        let page = br#"<html><head><title>World</title></head><body><nav><a href="/">Home</a><a href="/world">World</a>
<a href="/tag/politics">Politics</a><a href="https://other.example.test/2026/03/10/elsewhere-story">x</a></nav>
<a href="/2026/03/10/harbour-strike-ends"><img src="x.jpg"></a><a href="/2026/03/10/harbour-strike-ends">Harbour strike ends</a>
<a href="/news/ministers-agree-on-budget-after-long-talks">Ministers agree</a><a href="/about">About</a></body></html>"#;
        let l = read_listing("https://f.example.test/world", page, Some("text/html")).unwrap();
        assert_eq!(l.kind, Kind::Front);
        let got: Vec<(&str, Option<&str>)> = l.entries.iter().map(|e| (e.url.as_str(), e.title.as_deref())).collect();
        assert_eq!(
            got,
            [
                ("https://f.example.test/2026/03/10/harbour-strike-ends", Some("Harbour strike ends")),
                ("https://f.example.test/news/ministers-agree-on-budget-after-long-talks", Some("Ministers agree")),
            ]
        );
        assert!(read_listing("https://f.example.test/x", b"just words", None).is_err());
    }
}
