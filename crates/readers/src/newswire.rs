//! The newswire text format: an optional ` date YYYY-MM-DD` header, an optional `By NAME`
//! byline, a dateline `PLACE (SOURCE) - ` (or `PLACE, Month Day (SOURCE) – `, en/em dash,
//! no source) opening the first paragraph, paragraphs split by blank lines, and
//! `Related Story <title>` lines that belong to related stories, not to the body.

use std::sync::LazyLock;

use newsgraph_document::{Document, Published};
use regex::Regex;

use crate::{Format, Input, Item, ReadOptions, Reader, finish};

pub(crate) struct NewswireReader;

impl Reader for NewswireReader {
    fn format(&self) -> Format {
        Format::Newswire
    }

    fn read(&self, input: &mut Input<'_>, options: &ReadOptions, sink: &mut dyn FnMut(Item)) {
        let origin = input.name.clone();
        match input.text(None) {
            Ok(decoded) => {
                let (doc, mut warnings) = parse(&decoded.text);
                warnings.extend(decoded.warning);
                let mut doc = finish(doc, options);
                doc.origin = Some(origin);
                sink(Item::Article { doc, warnings });
            }
            Err(reason) => sink(Item::Failed { origin, reason }),
        }
    }
}

static HEADER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^date[ \t]+(\S+)").expect("valid regex"));
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^By\s+(\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|de|van|von|da|al|bin|and|,))*)\s*$")
        .expect("valid regex")
});
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?P<place>\p{Lu}[\p{Lu}\p{M}.'’ -]*?\p{Lu}\.?(?:,\s*\p{Lu}[\p{L}.]+(?:\s\p{Lu}[\p{L}.]+)?)?)",
        r"(?:,\s*(?P<day>\p{Lu}\p{Ll}{2,8}\.?\s+\d{1,2}))?",
        r"\s*(?:\((?P<source>[^()\n]{1,60})\))?",
        r"\s*(?:-{1,2}|–|—)\s+",
    ))
    .expect("valid regex")
});
static RELATED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^Related (?:Story|Stories|Article|Articles):?\s+(.+)$").expect("valid regex"));

/// Splits a newswire text into metadata and body. Never fails: text without the
/// conventions comes back as its paragraphs.
pub(crate) fn parse(raw: &str) -> (Document, Vec<String>) {
    let mut warnings = Vec::new();
    let mut rest = raw.trim_start();
    let mut published = None;
    if let Some(m) = HEADER.captures(rest) {
        let value = &m[1];
        match Published::parse(value) {
            Ok(p) => published = Some(p),
            Err(e) => warnings.push(format!("date header: {e}; stored without a date")),
        }
        rest = rest[m.get(0).map_or(0, |g| g.end())..].trim_start();
    }

    let mut authors = Vec::new();
    let mut related = Vec::new();
    let mut paragraphs: Vec<String> = Vec::new();
    for block in blocks(rest) {
        let mut kept = Vec::new();
        for line in block.lines() {
            let line = line.trim();
            if paragraphs.len() < 2
                && kept.is_empty()
                && authors.is_empty()
                && let Some(m) = BYLINE.captures(line)
            {
                authors = split_authors(&m[1]);
                continue;
            }
            if let Some(m) = RELATED.captures(line) {
                related.push(m[1].trim().to_string());
                continue;
            }
            kept.push(line);
        }
        if !kept.is_empty() {
            paragraphs.push(kept.join("\n"));
        }
    }

    let mut doc = Document::new("newswire", String::new());
    doc.text = paragraphs.into_iter().filter(|p| !p.trim().is_empty()).collect::<Vec<_>>().join("\n\n");
    take_dateline(&mut doc);
    doc.published = published;
    doc.authors = authors;
    doc.related_stories = related;
    (doc, warnings)
}

/// Moves a dateline opening the text (`PLACE (SOURCE) - `) into the metadata. Feeds, JSON
/// and web pages carry datelines too, so every reader but plain text calls this.
pub(crate) fn take_dateline(doc: &mut Document) {
    let Some(m) = DATELINE.captures(&doc.text) else { return };
    let place = m["place"].trim();
    // "A - b" or "US - China" are not datelines: a place of two letters needs a source.
    if place.chars().filter(|c| c.is_alphabetic()).count() < 3 && m.name("source").is_none() {
        return;
    }
    let end = m.get(0).map_or(0, |g| g.end());
    if doc.text[end..].trim().is_empty() {
        return;
    }
    doc.dateline_place = Some(place.to_string());
    if doc.source.is_none() {
        doc.source = m.name("source").map(|s| s.as_str().trim().to_string());
    }
    if let Some(day) = m.name("day") {
        doc.metadata.insert("dateline_date".into(), day.as_str().into());
    }
    doc.text.replace_range(..end, "");
}

/// Blocks of text separated by blank lines.
fn blocks(text: &str) -> impl Iterator<Item = String> + '_ {
    let mut current = String::new();
    let mut lines = text.lines().peekable();
    std::iter::from_fn(move || {
        while let Some(line) = lines.next() {
            if line.trim().is_empty() {
                if !current.is_empty() {
                    return Some(std::mem::take(&mut current));
                }
            } else {
                if !current.is_empty() {
                    current.push('\n');
                }
                current.push_str(line);
            }
            if lines.peek().is_none() && !current.is_empty() {
                return Some(std::mem::take(&mut current));
            }
        }
        None
    })
}

/// Names in a byline: "A and B", "A, B".
pub(crate) fn split_authors(s: &str) -> Vec<String> {
    s.split(" and ").flat_map(|p| p.split(',')).map(str::trim).filter(|p| !p.is_empty()).map(String::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_dateline_and_related_stories() {
        let raw = " date 2018-04-21 TOKYO (BLOOMBERG) - First para.\n\nSecond para.\n\nRelated Story One title\n\nRelated Story Two: title\n\nLast para.";
        let (doc, warnings) = parse(raw);
        assert!(warnings.is_empty());
        assert_eq!(doc.published.unwrap().to_string(), "2018-04-21");
        assert_eq!(doc.dateline_place.as_deref(), Some("TOKYO"));
        assert_eq!(doc.source.as_deref(), Some("BLOOMBERG"));
        assert_eq!(doc.related_stories, ["One title", "Two: title"]);
        assert_eq!(doc.text, "First para.\n\nSecond para.\n\nLast para.");
    }

    #[test]
    fn dateline_variants() {
        for (raw, place, source) in [
            ("NEW YORK, March 14 (NORTHSTAR NEWS) – Text.", "NEW YORK", Some("NORTHSTAR NEWS")),
            ("GENEVA (MERIDIAN WIRE) — Text.", "GENEVA", Some("MERIDIAN WIRE")),
            ("NAIROBI - Text.", "NAIROBI", None),
            ("WASHINGTON, D.C. (AP) -- Text.", "WASHINGTON, D.C.", Some("AP")),
            ("SÃO PAULO (WIRE) - Text.", "SÃO PAULO", Some("WIRE")),
            ("VALPARAÍSO, Chile (NORTHSTAR NEWS) - Text.", "VALPARAÍSO, Chile", Some("NORTHSTAR NEWS")),
            ("SPRINGFIELD, Ill. - Text.", "SPRINGFIELD, Ill.", None),
        ] {
            let (doc, _) = parse(raw);
            assert_eq!(doc.dateline_place.as_deref(), Some(place), "{raw}");
            assert_eq!(doc.source.as_deref(), source, "{raw}");
            assert_eq!(doc.text, "Text.", "{raw}");
        }
    }

    #[test]
    fn not_a_dateline() {
        for raw in ["US - China talks stall.", "The minister - who was absent - said no.", "Shares rose."] {
            let (doc, _) = parse(raw);
            assert_eq!(doc.dateline_place, None, "{raw}");
            assert_eq!(doc.text, raw);
        }
    }

    #[test]
    fn byline_and_bad_date() {
        let (doc, warnings) = parse("date 2026-02-30\nBy Jane Doe and Omar Haddad\n\nBERLIN (WIRE) - Text.");
        assert_eq!(doc.authors, ["Jane Doe", "Omar Haddad"]);
        assert!(doc.published.is_none());
        assert!(warnings[0].contains("unparseable date"), "{warnings:?}");
        assert_eq!(doc.text, "Text.");
    }
}
