//! From a listed item to an article: the page fetched and read by the HTML reader, else
//! the feed's own content; the publication date from the feed, else the page's metadata,
//! else the URL, and never in the future; the canonical URL with tracking stripped.

use chrono::{DateTime, Utc};
use newsgraph_document::{Document, Published};
use newsgraph_readers::{Item, ReadOptions};

use crate::canonical::{canonical_url, date_in_url};
use crate::fetch::{FetchError, Fetched, Fetcher};
use crate::listing::Entry;

/// An article made from an item, or why none could be.
#[derive(Debug)]
pub enum Made {
    /// The article, and anything odd about it (the page refused, its text from the feed).
    Article(Box<Document>, Vec<String>),
    /// Nothing stored, for good (recorded as a failure).
    Failed(String),
    /// Nothing now, maybe later (the host rests): left for a later poll, not recorded.
    Later(String),
    /// The page failed in a way that may pass (a timeout, a dropped connection, a 5xx or 429
    /// answer) and the feed has no text to fall back on: worth another try at a later poll.
    Retry(String),
}

/// Makes the article of `entry`, listed by `source` (named `source_title`).
pub fn make_article(
    fetcher: &Fetcher,
    entry: &Entry,
    source: &str,
    source_title: Option<&str>,
    now: DateTime<Utc>,
) -> Made {
    let read = ReadOptions { max_bytes: fetcher.options().max_bytes, ..ReadOptions::default() };
    let mut warnings = Vec::new();
    let page = match fetcher.get(&entry.url, None) {
        Ok(Fetched::Page(page)) => {
            let html = page.media_type.as_deref().is_none_or(|m| m.contains("html") || m.starts_with("text/"));
            if !html {
                Err((format!("the page is {}, not HTML", page.media_type.as_deref().unwrap_or("?")), false))
            } else {
                match newsgraph_readers::read_page(
                    &entry.url,
                    &page.body,
                    page.charset.as_deref(),
                    Some(&page.url),
                    &read,
                ) {
                    Item::Article { doc, warnings: w } => {
                        warnings.extend(w);
                        Ok((doc, page.body))
                    }
                    Item::Failed { reason, .. } | Item::Skipped { reason, .. } => Err((reason, false)),
                }
            }
        }
        Ok(Fetched::NotModified) => Err(("304 to an unconditional request".to_string(), false)),
        Err(e @ FetchError::Resting(_)) => return Made::Later(e.to_string()),
        Err(e) => Err((e.to_string(), e.is_transient())),
    };
    let (mut doc, body) = match page {
        Ok(found) => found,
        Err((reason, transient)) => match from_feed(entry, &read) {
            Some(doc) => {
                warnings.push(format!("page not read ({reason}); text from the feed"));
                (doc, Vec::new())
            }
            None if transient => return Made::Retry(reason),
            None => return Made::Failed(format!("{reason}; and the feed has no text for it")),
        },
    };
    doc.published = publication(entry, &doc, &body, now);
    doc.url = Some(canonical_url(doc.url.as_deref().unwrap_or(&entry.url)));
    // The feed's headline, unless the page has none: pages' titles carry the site's name.
    match (&doc.title, &entry.title) {
        (None, _) => doc.title.clone_from(&entry.title),
        (Some(page), Some(listed)) if page.contains(listed.as_str()) => doc.title = Some(listed.clone()),
        _ => {}
    }
    if doc.authors.is_empty() {
        doc.authors.clone_from(&entry.authors);
    }
    if doc.source.is_none() {
        doc.source = source_title.map(str::to_string);
    }
    doc.origin = Some(entry.url.clone());
    doc.metadata.insert("followed_from".into(), source.into());
    doc.refresh_id();
    Made::Article(Box::new(doc), warnings)
}

/// The item's own content as an article (the fallback when its page cannot be read).
fn from_feed(entry: &Entry, read: &ReadOptions) -> Option<Document> {
    let text = newsgraph_readers::fragment_text(entry.content.as_deref()?);
    if text.is_empty() {
        return None;
    }
    let mut doc = Document::new("feed", text);
    doc.title.clone_from(&entry.title);
    doc.url = Some(entry.url.clone());
    Some(newsgraph_readers::finish_document(doc, read))
}

/// The publication date: the feed's, else the page's JSON-LD `datePublished`, else what
/// the HTML reader found (Open Graph `article:published_time`, `<time datetime>`, …), else
/// the URL's; a date in the future is never taken.
fn publication(entry: &Entry, doc: &Document, body: &[u8], now: DateTime<Utc>) -> Option<Published> {
    let not_future = |p: &Published| match p.utc_seconds() {
        Some(s) => s <= now.timestamp() + 300,
        None => p.date() <= now.date_naive(),
    };
    let json_ld = || json_ld_date(&String::from_utf8_lossy(body));
    let from_url = || date_in_url(&entry.url).map(Published::Date);
    [entry.published, json_ld(), doc.published, from_url()].into_iter().flatten().find(not_future)
}

/// `datePublished` of the page's JSON-LD (an `Article` or `NewsArticle`, possibly inside
/// `@graph` or a list).
fn json_ld_date(html: &str) -> Option<Published> {
    if !html.contains("application/ld+json") {
        return None;
    }
    let dom = dom_query::Document::from(html);
    for script in dom.select("script[type='application/ld+json']").iter() {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(script.text().trim()) else { continue };
        if let Some(p) = find_date(&value) {
            return Some(p);
        }
    }
    None
}

fn find_date(v: &serde_json::Value) -> Option<Published> {
    match v {
        serde_json::Value::Array(items) => items.iter().find_map(find_date),
        serde_json::Value::Object(map) => map
            .get("datePublished")
            .and_then(|d| d.as_str())
            .and_then(|d| Published::parse(d).ok())
            .or_else(|| map.get("@graph").and_then(find_date)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn dates_come_in_order_and_never_from_the_future() {
        let now = at("2026-03-20T12:00:00Z");
        let page = r#"<html><head><script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","datePublished":"2026-03-18T07:30:00Z"}]}</script></head></html>"#;
        let mut entry = Entry { url: "https://n.example.test/2026/03/17/strike".into(), ..Entry::default() };
        let mut doc = Document::new("html", "x".into());
        doc.published = Some(Published::parse("2026-03-19").unwrap());
        let day = |p: Option<Published>| p.map(|p| p.date().to_string());
        assert_eq!(day(publication(&entry, &doc, page.as_bytes(), now)).as_deref(), Some("2026-03-18"));
        assert_eq!(day(publication(&entry, &doc, b"", now)).as_deref(), Some("2026-03-19"));
        doc.published = None;
        assert_eq!(day(publication(&entry, &doc, b"", now)).as_deref(), Some("2026-03-17"));
        // A feed date in the future is passed over for the next one.
        entry.published = Some(Published::parse("2027-01-01T00:00:00Z").unwrap());
        assert_eq!(day(publication(&entry, &doc, page.as_bytes(), now)).as_deref(), Some("2026-03-18"));
        entry.published = Some(Published::parse("2026-03-16T08:00:00Z").unwrap());
        assert_eq!(day(publication(&entry, &doc, page.as_bytes(), now)).as_deref(), Some("2026-03-16"));
        entry.url = "https://n.example.test/2099/01/01/later".into();
        entry.published = None;
        assert_eq!(publication(&entry, &doc, b"", now), None);
    }
}
