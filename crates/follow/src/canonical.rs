//! URLs as the follower compares them: tracking parameters and fragments stripped, so that
//! one article reached through several feeds (each with its own `utm_source`) is one URL;
//! and what a URL says about its page (an article's path, a date in it).

use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;
use url::Url;

/// Query parameters that say who linked, not what is linked.
const TRACKING: &[&str] = &[
    "fbclid",
    "gclid",
    "dclid",
    "gclsrc",
    "msclkid",
    "yclid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "ocid",
    "cmpid",
    "ref",
    "ref_src",
    "src",
    "smid",
    "sr_share",
    "at_medium",
    "at_campaign",
    "at_custom1",
    "rss",
    "feed",
    "xtor",
    "ito",
    "ns_mchannel",
    "ns_campaign",
    "ns_source",
    "ns_linkname",
    "cid",
];

/// `url` without tracking parameters (`utm_*` and the like) or fragment; host lowercased,
/// default port dropped (by the URL parser). Not a URL: returned trimmed, as it was.
pub fn canonical_url(url: &str) -> String {
    let Ok(mut u) = Url::parse(url.trim()) else { return url.trim().to_string() };
    u.set_fragment(None);
    if u.query().is_some() {
        let kept: Vec<(String, String)> = u
            .query_pairs()
            .filter(|(k, _)| {
                let k = k.to_ascii_lowercase();
                !(k.starts_with("utm_") || TRACKING.contains(&k.as_str()))
            })
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if kept.is_empty() {
            u.set_query(None);
        } else {
            u.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    u.to_string()
}

static DATE_IN_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|/)((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])(?:[/-](0?[1-9]|[12]\d|3[01]))?(?:/|-|$)")
        .expect("valid regex")
});
static COMPACT_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|/|-|_)((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:/|-|_|\.|$)").expect("valid regex")
});

/// The date a URL's path carries (`/2026/03/10/…`, `/2026-03-10-…`, `/20260310/…`); only
/// a whole day counts.
pub fn date_in_url(url: &str) -> Option<NaiveDate> {
    let path = Url::parse(url).ok()?.path().to_string();
    if let Some(c) = DATE_IN_PATH.captures(&path) {
        let day = c.get(3)?;
        return NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, day.as_str().parse().ok()?);
    }
    let c = COMPACT_DATE.captures(&path)?;
    NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
}

/// Path segments of pages that list or describe, not report.
const NOT_ARTICLES: &[&str] = &[
    "tag",
    "tags",
    "topic",
    "topics",
    "category",
    "categories",
    "author",
    "authors",
    "section",
    "search",
    "login",
    "signin",
    "subscribe",
    "account",
    "about",
    "contact",
    "privacy",
    "terms",
    "feed",
    "rss",
    "page",
    "video-gallery",
];

/// Whether a link on a section front looks like an article: a date in its path, a slug of
/// at least four words, or a long numeric id; never a tag, author or section page.
pub fn looks_like_article(url: &Url) -> bool {
    let segments: Vec<&str> = url.path_segments().map(|s| s.filter(|p| !p.is_empty()).collect()).unwrap_or_default();
    let Some(last) = segments.last() else { return false };
    if segments.iter().any(|s| NOT_ARTICLES.contains(&s.to_ascii_lowercase().as_str())) {
        return false;
    }
    let stem = last.split('.').next().unwrap_or(last);
    let words = stem.split(['-', '_']).filter(|w| w.chars().any(|c| c.is_alphabetic())).count();
    let long_id = segments.iter().any(|s| s.len() >= 6 && s.bytes().all(|b| b.is_ascii_digit()));
    date_in_url(url.as_str()).is_some() && segments.len() >= 2 || words >= 4 || long_id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_is_stripped() {
        for u in [
            "https://News.Example.test/a/strike?utm_source=rss&utm_medium=feed",
            "https://news.example.test:443/a/strike#comments",
            "https://news.example.test/a/strike?fbclid=xyz",
        ] {
            assert_eq!(canonical_url(u), "https://news.example.test/a/strike", "{u}");
        }
        assert_eq!(canonical_url("https://n.example.test/a?id=7&utm_campaign=x"), "https://n.example.test/a?id=7");
        assert_eq!(canonical_url(" not a url "), "not a url");
    }

    #[test]
    fn dates_in_urls() {
        let d = |u: &str| date_in_url(u).map(|d| d.to_string());
        assert_eq!(d("https://n.example.test/2026/03/10/strike-ends").as_deref(), Some("2026-03-10"));
        assert_eq!(d("https://n.example.test/world/2026-03-10-strike").as_deref(), Some("2026-03-10"));
        assert_eq!(d("https://n.example.test/news/20260310/strike").as_deref(), Some("2026-03-10"));
        assert_eq!(d("https://n.example.test/2026/03/strike"), None);
        assert_eq!(d("https://n.example.test/2026/13/45/strike"), None);
        assert_eq!(d("https://n.example.test/item/1234567"), None);
    }

    #[test]
    fn article_links() {
        let yes = |u: &str| looks_like_article(&Url::parse(u).unwrap());
        assert!(yes("https://n.example.test/2026/03/10/strike"));
        assert!(yes("https://n.example.test/world/harbour-strike-ends-after-nine-days"));
        assert!(yes("https://n.example.test/story/12345678"));
        assert!(!yes("https://n.example.test/world"));
        assert!(!yes("https://n.example.test/tag/harbour-strike-ends-after-nine-days"));
        assert!(!yes("https://n.example.test/"));
    }
}
