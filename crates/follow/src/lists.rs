//! Source lists: OPML (what every feed reader exports) or plain text, one URL a line
//! (`#` starts a comment; a name may follow the URL after whitespace).

use std::path::Path;

use newsgraph_store::NewSource;
use quick_xml::events::Event;

use crate::{Error, Result};

/// The sources a list file names, in order, each once.
pub fn read_source_list(path: &Path) -> Result<Vec<NewSource>> {
    let bytes =
        std::fs::read(path).map_err(|e| Error::List { path: path.display().to_string(), reason: e.to_string() })?;
    parse_source_list(&String::from_utf8_lossy(&bytes))
        .map_err(|reason| Error::List { path: path.display().to_string(), reason })
}

/// The sources of a list's text (OPML or plain text).
pub fn parse_source_list(text: &str) -> std::result::Result<Vec<NewSource>, String> {
    let head = text.trim_start().get(..512.min(text.trim_start().len())).unwrap_or("").to_ascii_lowercase();
    let mut sources = if head.contains("<opml") { opml(text)? } else { plain(text)? };
    let mut seen = std::collections::HashSet::new();
    sources.retain(|s| seen.insert(s.url.clone()));
    if sources.is_empty() {
        return Err("names no source (OPML outlines with xmlUrl, or one http(s) URL a line)".to_string());
    }
    Ok(sources)
}

fn plain(text: &str) -> std::result::Result<Vec<NewSource>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let (url, title) = match line.split_once(char::is_whitespace) {
            Some((u, t)) => (u, Some(t.trim().to_string()).filter(|t| !t.is_empty())),
            None => (line, None),
        };
        out.push(NewSource { url: checked(url).map_err(|e| format!("line {}: {e}", i + 1))?, title });
    }
    Ok(out)
}

fn opml(text: &str) -> std::result::Result<Vec<NewSource>, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut out = Vec::new();
    loop {
        match reader.read_event().map_err(|e| format!("malformed OPML: {e}"))? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref().eq_ignore_ascii_case("outline") => {
                let mut url = None;
                let mut title = None;
                for a in e.attributes().flatten() {
                    let value = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map(|v| v.trim().to_string())
                        .unwrap_or_default();
                    match a.key.local_name().as_ref() {
                        "xmlUrl" | "xmlurl" => url = Some(value),
                        "title" => title = Some(value),
                        "text" if title.is_none() => title = Some(value),
                        _ => {}
                    }
                }
                // Outlines without xmlUrl are folders.
                if let Some(url) = url.filter(|u: &String| !u.is_empty()) {
                    out.push(NewSource { url: checked(&url)?, title: title.filter(|t| !t.is_empty()) });
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

fn checked(url: &str) -> std::result::Result<String, String> {
    match url::Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => Ok(u.to_string()),
        Ok(_) => Err(format!("`{url}` is not an http(s) URL")),
        Err(e) => Err(format!("`{url}` is not a URL: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opml_outlines_with_feeds() {
        let opml = r#"<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>
<outline text="News"><outline type="rss" text="Wire &amp; Co" xmlUrl="https://wire.example.test/rss"/>
<outline text="Front" title="The Front" xmlUrl="https://front.example.test/world"/></outline>
<outline type="rss" text="again" xmlUrl="https://wire.example.test/rss"/></body></opml>"#;
        let s = parse_source_list(opml).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].url, "https://wire.example.test/rss");
        assert_eq!(s[0].title.as_deref(), Some("Wire & Co"));
        assert_eq!(s[1].title.as_deref(), Some("The Front"));
    }

    #[test]
    fn plain_lines_with_comments() {
        let s = parse_source_list(
            "# my feeds\nhttps://a.example.test/feed.xml  A feed\n\nhttps://b.example.test/sitemap.xml # news\n",
        )
        .unwrap();
        assert_eq!(s[0].title.as_deref(), Some("A feed"));
        assert_eq!(s[1].url, "https://b.example.test/sitemap.xml");
        assert!(parse_source_list("ftp://x.example.test/f\n").unwrap_err().contains("line 1"));
        assert!(parse_source_list("# nothing\n").is_err());
    }
}
