use std::fmt;
use std::str::FromStr;

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Newswire text: a `date YYYY-MM-DD` header, a dateline, `Related Story` lines.
    Newswire,
    /// Plain text, kept unchanged.
    Text,
    /// JSON Lines (or a JSON array), one article per object.
    Jsonl,
    /// An HTML page.
    Html,
    /// An RSS or Atom feed.
    Feed,
    /// A WARC or ARC crawl.
    Warc,
}

impl Format {
    /// All formats.
    pub const ALL: [Format; 6] =
        [Format::Newswire, Format::Text, Format::Jsonl, Format::Html, Format::Feed, Format::Warc];

    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Newswire => "newswire",
            Format::Text => "text",
            Format::Jsonl => "jsonl",
            Format::Html => "html",
            Format::Feed => "feed",
            Format::Warc => "warc",
        }
    }

    /// Guesses the format from the file name (without any `.gz`) and its first bytes.
    pub fn detect(name: &str, head: &[u8]) -> Format {
        let lower = name.to_ascii_lowercase();
        let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        let sniffed = sniff(head);
        match ext {
            "warc" | "arc" => Format::Warc,
            "jsonl" | "ndjson" | "json" => Format::Jsonl,
            "html" | "htm" | "xhtml" | "shtml" => Format::Html,
            "rss" | "atom" | "rdf" => Format::Feed,
            "xml" => match sniffed {
                Some(Format::Html) => Format::Html,
                _ => Format::Feed,
            },
            "txt" | "text" => match sniffed {
                Some(Format::Newswire) => Format::Newswire,
                _ => Format::Text,
            },
            _ => sniffed.unwrap_or(Format::Text),
        }
    }
}

/// Format from content alone.
fn sniff(head: &[u8]) -> Option<Format> {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(head.len());
    let t = &head[start..];
    let lower: Vec<u8> = t.iter().take(1024).map(u8::to_ascii_lowercase).collect();
    let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
    if t.starts_with(b"WARC/") || t.starts_with(b"filedesc://") {
        Some(Format::Warc)
    } else if lower.starts_with(b"date ") && t.len() >= 15 && t[5..9].iter().all(u8::is_ascii_digit) && t[9] == b'-' {
        Some(Format::Newswire)
    } else if lower.starts_with(b"<!doctype html")
        || lower.starts_with(b"<html")
        || (lower.starts_with(b"<") && has(b"<body"))
    {
        Some(Format::Html)
    } else if lower.starts_with(b"<") && (has(b"<rss") || has(b"<feed") || has(b"<rdf:rdf")) {
        Some(Format::Feed)
    } else if lower.starts_with(b"<") && has(b"<html") {
        Some(Format::Html)
    } else if t.starts_with(b"{") || t.starts_with(b"[") {
        Some(Format::Jsonl)
    } else {
        None
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        Format::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| format!("unknown format {s:?} (one of: newswire, text, jsonl, html, feed, warc)"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_then_content() {
        assert_eq!(Format::detect("a.txt", b" date 2018-04-21 TOKYO"), Format::Newswire);
        assert_eq!(Format::detect("a.txt", b"Just text"), Format::Text);
        assert_eq!(Format::detect("a.xml", b"<?xml version='1.0'?><rss>"), Format::Feed);
        assert_eq!(Format::detect("noext", b"<!DOCTYPE html><html>"), Format::Html);
        assert_eq!(Format::detect("noext", b"WARC/1.0\r\n"), Format::Warc);
        assert_eq!(Format::detect("-", b"{\"title\":1}"), Format::Jsonl);
        assert_eq!(Format::detect("x.WARC", b""), Format::Warc);
    }
}
