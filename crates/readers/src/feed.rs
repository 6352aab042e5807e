//! RSS 2.0 and Atom feeds through `feed-rs`: one article per item, its HTML content (or
//! summary) turned into paragraphs of text.

use newsgraph_document::{Document, Published};

use crate::decode::{declared_xml_encoding, decode};
use crate::{Format, Input, Item, ReadOptions, Reader, finish};

pub(crate) struct FeedReader;

impl Reader for FeedReader {
    fn format(&self) -> Format {
        Format::Feed
    }

    fn read(&self, input: &mut Input<'_>, options: &ReadOptions, sink: &mut dyn FnMut(Item)) {
        let name = input.name.clone();
        let bytes = match input.bytes() {
            Ok(b) => b,
            Err(reason) => return sink(Item::Failed { origin: name, reason }),
        };
        let (feed, warning) = match parse_feed(&bytes) {
            Ok(parsed) => parsed,
            Err(reason) => return sink(Item::Failed { origin: name, reason }),
        };
        let feed_title = feed.title.map(|t| t.content.trim().to_string()).filter(|t| !t.is_empty());
        for (i, entry) in feed.entries.into_iter().enumerate() {
            let origin = format!("{name}#item{}", i + 1);
            let body = entry
                .content
                .and_then(|c| c.body)
                .filter(|b| !b.trim().is_empty())
                .or_else(|| entry.summary.map(|s| s.content))
                .unwrap_or_default();
            let text = fragment_text(&body);
            if text.is_empty() {
                sink(Item::Failed { origin, reason: "feed item has no content or summary".to_string() });
                continue;
            }
            let mut doc = Document::new("feed", text);
            doc.title = entry.title.map(|t| fragment_text(&t.content)).filter(|t| !t.is_empty());
            doc.url =
                entry.links.iter().find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate")).map(|l| l.href.clone());
            doc.published = entry.published.or(entry.updated).map(|d| Published::Zoned(d.fixed_offset()));
            doc.authors = entry
                .authors
                .into_iter()
                .filter_map(|p| p.name)
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty())
                .collect();
            doc.source = feed_title.clone();
            doc.language = entry
                .language
                .or_else(|| feed.language.clone())
                .map(|l| l.split(['-', '_']).next().unwrap_or("").to_lowercase())
                .filter(|l| !l.is_empty());
            if !entry.id.is_empty() {
                doc.metadata.insert("guid".into(), entry.id.into());
            }
            let mut doc = finish(doc, options);
            doc.origin = Some(origin);
            sink(Item::Article { doc, warnings: warning.iter().cloned().collect() });
        }
    }
}

/// Parses a feed with feed-rs, and a warning when its text needed repair.
///
/// The bytes are decoded here (a BOM, else the encoding the XML declaration names, else
/// UTF-8) and every XML declaration is removed before feed-rs sees them: feed-rs switches
/// its decoder at each declaration it meets, and quick-xml panics when that happens past
/// the start of the input, as with a second declaration in feeds a CMS concatenated.
pub fn parse_feed(bytes: &[u8]) -> Result<(feed_rs::model::Feed, Option<String>), String> {
    let decoded = decode(bytes, declared_xml_encoding(bytes).as_deref())?;
    let xml = without_xml_declarations(&decoded.text);
    let feed = feed_rs::parser::parse(xml.as_bytes()).map_err(|e| format!("not a valid RSS or Atom feed: {e}"))?;
    Ok((feed, decoded.warning))
}

/// `xml` without its `<?xml …?>` declarations (other processing instructions stay).
fn without_xml_declarations(xml: &str) -> std::borrow::Cow<'_, str> {
    let is_declaration = |at: usize| {
        let rest = &xml.as_bytes()[at + 5..];
        xml[at + 2..at + 5].eq_ignore_ascii_case("xml")
            && rest.first().is_none_or(|b| b.is_ascii_whitespace() || *b == b'?')
    };
    let mut out = String::new();
    let mut copied = 0;
    let mut from = 0;
    while let Some(found) = xml[from..].find("<?").map(|i| from + i) {
        from = found + 2;
        if xml.len() < found + 5 || !xml.is_char_boundary(found + 5) || !is_declaration(found) {
            continue;
        }
        // An unterminated declaration is left for the parser to refuse.
        let Some(end) = xml[found..].find("?>").map(|i| found + i + 2) else { break };
        out.push_str(&xml[copied..found]);
        copied = end;
        from = end;
    }
    if copied == 0 {
        return xml.into();
    }
    out.push_str(&xml[copied..]);
    out.into()
}

/// Text of an HTML fragment (or plain text), one paragraph per block, blank-line separated.
pub fn fragment_text(s: &str) -> String {
    let raw =
        if s.contains('<') { dom_query::Document::fragment(s).formatted_text().to_string() } else { s.to_string() };
    raw.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use crate::{Item, ReadOptions, read_bytes};

    #[test]
    fn rss_items_become_articles() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Meridian Wire</title><language>en-us</language>
<item><title>Talks resume</title><link>https://meridian.example.test/1</link><pubDate>Mon, 16 Mar 2026 08:00:00 GMT</pubDate>
<description>&lt;p&gt;Negotiators met again.&lt;/p&gt;&lt;p&gt;No deal yet.&lt;/p&gt;</description><guid>m-1</guid></item>
<item><title>Empty</title></item></channel></rss>"#;
        let mut items = Vec::new();
        read_bytes("m.rss", rss.as_bytes(), &ReadOptions::default(), &mut |i| items.push(i));
        let Item::Article { doc, .. } = &items[0] else { panic!("{items:?}") };
        assert_eq!(doc.text, "Negotiators met again.\n\nNo deal yet.");
        assert_eq!(doc.title.as_deref(), Some("Talks resume"));
        assert_eq!(doc.source.as_deref(), Some("Meridian Wire"));
        assert_eq!(doc.url.as_deref(), Some("https://meridian.example.test/1"));
        assert_eq!(doc.published.unwrap().date().to_string(), "2026-03-16");
        assert_eq!(doc.language.as_deref(), Some("en"));
        assert!(matches!(&items[1], Item::Failed { origin, .. } if origin == "m.rss#item2"));
    }

    #[test]
    fn declarations_are_dropped_and_their_encoding_used() {
        // quick-xml (inside feed-rs) panicked on a second declaration naming an encoding.
        let twice = br#"<?xml version="1.0"?><rss version="2.0"><channel><item><title>A</title><description>x</description></item><?xml version="1.0" encoding="ISO-8859-1"?></channel></rss>"#;
        let mut items = Vec::new();
        read_bytes("twice.rss", twice, &ReadOptions::default(), &mut |i| items.push(i));
        assert!(matches!(&items[..], [Item::Article { doc, .. }] if doc.text == "x"), "{items:?}");
        let latin1 = b"<?xml version='1.0' encoding='ISO-8859-1'?>\n<?xml-stylesheet href='s.xsl'?><rss version='2.0'><channel><item><title>Caf\xe9</title><description>cr\xe8me</description></item></channel></rss>";
        items.clear();
        read_bytes("latin1.rss", latin1, &ReadOptions::default(), &mut |i| items.push(i));
        assert!(
            matches!(&items[..], [Item::Article { doc, .. }] if doc.text == "crème" && doc.title.as_deref() == Some("Café")),
            "{items:?}"
        );
        assert_eq!(super::without_xml_declarations("<?xml?><a><?xmlfoo?></a><?xml "), "<a><?xmlfoo?></a><?xml ");
    }

    #[test]
    fn not_xml_is_a_clear_failure() {
        let mut items = Vec::new();
        read_bytes("bad.rss", b"this is not a feed", &ReadOptions::default(), &mut |i| items.push(i));
        assert!(matches!(&items[..], [Item::Failed { reason, .. }] if reason.contains("not a valid RSS or Atom feed")));
    }
}
