//! JSON Lines, one article per line (or a JSON array of articles). Recognised fields and
//! their common aliases fill the metadata; every other field is kept in `metadata`.

use newsgraph_document::{Document, Published};
use serde_json::{Map, Value};

use std::io::{BufRead, Read};

use crate::decode::{decode, looks_binary};
use crate::input::io_reason;
use crate::{Format, Input, Item, ReadOptions, Reader, finish};

pub(crate) struct JsonlReader;

const TEXT: &[&str] = &["text", "body", "content", "maintext", "article"];
const TITLE: &[&str] = &["title", "headline"];
const URL: &[&str] = &["url", "link", "canonical_url"];
const DATE: &[&str] = &["published", "date", "date_publish", "published_at", "pubDate", "datePublished"];
const SOURCE: &[&str] = &["source", "publisher", "source_domain", "site_name", "outlet"];
const AUTHORS: &[&str] = &["authors", "author", "byline"];
const LANGUAGE: &[&str] = &["language", "lang"];
const DATELINE: &[&str] = &["dateline_place", "dateline"];
const RELATED: &[&str] = &["related_stories"];
/// Fields of newsgraph's own JSON form that are recomputed, not kept as metadata.
const DERIVED: &[&str] = &[
    "id",
    "reader",
    "origin",
    "paragraphs",
    "sentences",
    "tokens",
    "entities",
    "quotes",
    "time_expressions",
    "events",
    "metadata",
];

impl Reader for JsonlReader {
    fn format(&self) -> Format {
        Format::Jsonl
    }

    fn read(&self, input: &mut Input<'_>, options: &ReadOptions, sink: &mut dyn FnMut(Item)) {
        let name = input.name.clone();
        let head = match input.stream().fill_buf() {
            Ok(head) => head,
            Err(e) => return sink(Item::Failed { origin: name, reason: io_reason(&e) }),
        };
        // An archive of JSON Lines can be any size (a month of a monitor's articles): it is
        // read a line at a time, and the size limit holds for each line, one article. A JSON
        // array, a pretty-printed object, UTF-16 and binary junk are read whole, as before.
        let head = head.strip_prefix(UTF8_BOM).unwrap_or(head);
        let first = head.iter().find(|b| !b.is_ascii_whitespace()).copied();
        let whole = head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff]) || looks_binary(head);
        if whole || first.is_none() || first == Some(b'[') {
            return read_whole(input, options, sink);
        }
        read_lines(input, options, sink);
    }
}

const UTF8_BOM: &[u8] = &[0xef, 0xbb, 0xbf];

/// One article per line, streamed.
fn read_lines(input: &mut Input<'_>, options: &ReadOptions, sink: &mut dyn FnMut(Item)) {
    let name = input.name.clone();
    let limit = input.limit();
    let stream = input.stream();
    let mut line = Vec::new();
    let mut number = 0usize;
    loop {
        number += 1;
        line.clear();
        let origin = format!("{name}:{number}");
        match read_line(stream, &mut line, limit) {
            Ok(Line::End) => return,
            Ok(Line::Read) => {}
            Ok(Line::TooLong) => {
                sink(Item::Failed {
                    origin,
                    reason: format!("line longer than the limit of {limit} bytes (raise it with --max-bytes)"),
                });
                continue;
            }
            Err(e) => return sink(Item::Failed { origin, reason: io_reason(&e) }),
        }
        let mut bytes = &line[..];
        if number == 1 {
            bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let decoded = match decode(bytes, None) {
            Ok(d) => d,
            Err(reason) => {
                sink(Item::Failed { origin, reason });
                continue;
            }
        };
        match serde_json::from_str::<Value>(&decoded.text) {
            Ok(v) => emit(origin, v, decoded.warning, options, sink),
            // A pretty-printed single object (a `.json` file) is one article, not many lines.
            Err(_) if number == 1 && decoded.text.trim_start().starts_with('{') => {
                return read_pretty(&name, line, input_rest(stream, limit), options, sink);
            }
            Err(e) => sink(Item::Failed { origin, reason: format!("invalid JSON: {e}") }),
        }
    }
}

/// What reading a line gave.
enum Line {
    Read,
    /// Over the limit: skipped up to its end.
    TooLong,
    End,
}

/// Reads one line (without its `\n` or `\r\n`) of at most `limit` bytes into `line`.
fn read_line(stream: &mut dyn BufRead, line: &mut Vec<u8>, limit: u64) -> std::io::Result<Line> {
    let read = (&mut *stream).take(limit + 1).read_until(b'\n', line)?;
    if read == 0 {
        return Ok(Line::End);
    }
    if line.last() == Some(&b'\n') {
        line.pop();
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        return Ok(Line::Read);
    }
    if (line.len() as u64) <= limit {
        return Ok(Line::Read); // the last line, without a newline
    }
    // Over the limit: drop the rest of the line without keeping it.
    loop {
        let buf = stream.fill_buf()?;
        if buf.is_empty() {
            return Ok(Line::TooLong);
        }
        match buf.iter().position(|&b| b == b'\n') {
            Some(at) => {
                stream.consume(at + 1);
                return Ok(Line::TooLong);
            }
            None => {
                let n = buf.len();
                stream.consume(n);
            }
        }
    }
}

/// The rest of the stream, within what the limit leaves.
fn input_rest(stream: &mut dyn BufRead, limit: u64) -> std::io::Result<Vec<u8>> {
    let mut rest = Vec::new();
    stream.take(limit + 1).read_to_end(&mut rest)?;
    Ok(rest)
}

/// A document whose first line is not JSON by itself: one pretty-printed object.
fn read_pretty(
    name: &str,
    first: Vec<u8>,
    rest: std::io::Result<Vec<u8>>,
    options: &ReadOptions,
    sink: &mut dyn FnMut(Item),
) {
    let mut bytes = first;
    bytes.push(b'\n');
    match rest {
        Ok(rest) => bytes.extend_from_slice(&rest),
        Err(e) => return sink(Item::Failed { origin: name.to_string(), reason: io_reason(&e) }),
    }
    let mut whole = &bytes[..];
    let mut input = Input::new(name.to_string(), &mut whole, options.max_bytes);
    read_whole(&mut input, options, sink)
}

/// The whole input at once: a JSON array, a pretty-printed object, or lines in UTF-16.
fn read_whole(input: &mut Input<'_>, options: &ReadOptions, sink: &mut dyn FnMut(Item)) {
    let name = input.name.clone();
    let decoded = match input.text(None) {
        Ok(d) => d,
        Err(reason) => return sink(Item::Failed { origin: name, reason }),
    };
    let text = decoded.text.trim_start();
    if text.starts_with('[') {
        match serde_json::from_str::<Vec<Value>>(text) {
            Ok(values) => {
                for (i, v) in values.into_iter().enumerate() {
                    emit(format!("{name}#{}", i + 1), v, decoded.warning.clone(), options, sink);
                }
            }
            Err(e) => sink(Item::Failed { origin: name, reason: format!("invalid JSON array: {e}") }),
        }
        return;
    }
    if text.starts_with('{')
        && text.lines().next().is_some_and(|l| serde_json::from_str::<Value>(l).is_err())
        && let Ok(v) = serde_json::from_str::<Value>(text)
    {
        return emit(name, v, decoded.warning, options, sink);
    }
    for (i, line) in decoded.text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let origin = format!("{name}:{}", i + 1);
        match serde_json::from_str::<Value>(line) {
            Ok(v) => emit(origin, v, decoded.warning.clone(), options, sink),
            Err(e) => sink(Item::Failed { origin, reason: format!("invalid JSON: {e}") }),
        }
    }
}

fn emit(origin: String, value: Value, warning: Option<String>, options: &ReadOptions, sink: &mut dyn FnMut(Item)) {
    match to_document(value) {
        Ok((doc, mut warnings)) => {
            warnings.extend(warning);
            let mut doc = finish(doc, options);
            doc.origin = Some(origin);
            sink(Item::Article { doc, warnings });
        }
        Err(reason) => sink(Item::Failed { origin, reason }),
    }
}

fn take_str(obj: &mut Map<String, Value>, keys: &[&str]) -> Option<String> {
    for k in keys {
        if let Some(Value::String(s)) = obj.get(*k) {
            let s = s.trim().to_string();
            obj.remove(*k);
            if !s.is_empty() {
                return Some(s);
            }
        }
    }
    None
}

fn take_list(obj: &mut Map<String, Value>, keys: &[&str]) -> Vec<String> {
    for k in keys {
        match obj.remove(*k) {
            Some(Value::String(s)) => {
                return vec![s.trim().to_string()].into_iter().filter(|s| !s.is_empty()).collect();
            }
            Some(Value::Array(items)) => {
                return items
                    .into_iter()
                    .filter_map(|v| match v {
                        Value::String(s) => Some(s),
                        Value::Object(mut o) => take_str(&mut o, &["name"]),
                        _ => None,
                    })
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect();
            }
            Some(other) => {
                obj.insert((*k).to_string(), other);
            }
            None => {}
        }
    }
    Vec::new()
}

fn to_document(value: Value) -> Result<(Document, Vec<String>), String> {
    let Value::Object(mut obj) = value else {
        return Err("expected a JSON object".to_string());
    };
    let text =
        take_str(&mut obj, TEXT).ok_or_else(|| format!("no article text (expected one of: {})", TEXT.join(", ")))?;
    let mut warnings = Vec::new();
    let mut doc = Document::new("jsonl", text);
    doc.title = take_str(&mut obj, TITLE);
    doc.url = take_str(&mut obj, URL);
    if let Some(date) = take_str(&mut obj, DATE) {
        match Published::parse(&date) {
            Ok(p) => doc.published = Some(p),
            Err(e) => {
                warnings.push(format!("{e}; stored without a date"));
                obj.insert("published_raw".into(), date.into());
            }
        }
    }
    doc.source = take_str(&mut obj, SOURCE);
    doc.authors = take_list(&mut obj, AUTHORS);
    doc.language = take_str(&mut obj, LANGUAGE);
    doc.dateline_place = take_str(&mut obj, DATELINE);
    doc.related_stories = take_list(&mut obj, RELATED);
    for k in DERIVED {
        obj.remove(*k);
    }
    doc.metadata = obj;
    Ok((doc, warnings))
}

#[cfg(test)]
mod tests {
    use crate::{Item, ReadOptions, read_bytes};

    #[test]
    fn lines_with_aliases_bad_lines_and_extra_fields() {
        let data = concat!(
            r#"{"title":"A","text":"Body one.","url":"https://x.test/a","published":"2026-03-15T09:30:00Z","source":"Wire","section":"World"}"#,
            "\n",
            "{not json\n",
            r#"{"headline":"B","body":"Body two.","date":"yesterday-ish","author":["Ann Lee",{"name":"Bo Kim"}]}"#,
            "\n",
            r#"{"title":"C"}"#,
            "\n",
        );
        let mut items = Vec::new();
        read_bytes("f.jsonl", data.as_bytes(), &ReadOptions::default(), &mut |i| items.push(i));
        assert_eq!(items.len(), 4);
        let Item::Article { doc, warnings } = &items[0] else { panic!("{:?}", items[0]) };
        assert_eq!((doc.title.as_deref(), doc.source.as_deref()), (Some("A"), Some("Wire")));
        assert_eq!(doc.published.unwrap().to_string(), "2026-03-15T09:30:00+00:00");
        assert_eq!(doc.metadata["section"], "World");
        assert_eq!(doc.origin.as_deref(), Some("f.jsonl:1"));
        assert!(warnings.is_empty());
        assert!(
            matches!(&items[1], Item::Failed { origin, reason } if origin == "f.jsonl:2" && reason.contains("invalid JSON"))
        );
        let Item::Article { doc, warnings } = &items[2] else { panic!() };
        assert_eq!(doc.authors, ["Ann Lee", "Bo Kim"]);
        assert!(doc.published.is_none() && warnings[0].contains("unparseable date"));
        assert!(matches!(&items[3], Item::Failed { reason, .. } if reason.contains("no article text")));
    }

    fn read(data: &[u8], max_bytes: u64) -> Vec<Item> {
        let mut items = Vec::new();
        let options = ReadOptions { max_bytes, ..ReadOptions::default() };
        read_bytes("big.jsonl", data, &options, &mut |i| items.push(i));
        items
    }

    fn line(n: usize) -> String {
        format!("{{\"title\":\"Item {n}\",\"text\":\"The harbour board met on day {n}.\"}}\n")
    }

    #[test]
    fn lines_are_streamed_and_the_limit_holds_for_each_line() {
        // 200 articles, about 14 kB, read with a limit of 1 kB: the file is over the limit,
        // each line is not, so every article is read.
        let data: String = (1..=200).map(line).collect();
        let items = read(data.as_bytes(), 1000);
        assert_eq!(items.len(), 200);
        let Item::Article { doc, .. } = &items[199] else { panic!("{:?}", items[199]) };
        assert_eq!((doc.title.as_deref(), doc.origin.as_deref()), (Some("Item 200"), Some("big.jsonl:200")));

        // One line over the limit fails alone, named by its line; the lines after it are read.
        let long = format!("{{\"title\":\"Long\",\"text\":\"{}\"}}\n", "word ".repeat(400));
        let data = format!("{}{long}{}", line(1), line(3));
        let items = read(data.as_bytes(), 1000);
        assert_eq!(items.len(), 3, "{items:?}");
        assert!(
            matches!(&items[1], Item::Failed { origin, reason } if origin == "big.jsonl:2" && reason.contains("limit of 1000 bytes")),
            "{:?}",
            items[1]
        );
        assert!(matches!(&items[2], Item::Article { doc, .. } if doc.title.as_deref() == Some("Item 3")));

        // A byte-order mark, CRLF line ends, a last line without a newline.
        let data = format!("\u{feff}{}", (1..=3).map(line).collect::<String>().replace('\n', "\r\n"));
        let items = read(data.trim_end().as_bytes(), 1000);
        assert_eq!(items.len(), 3);
        assert!(items.iter().all(|i| matches!(i, Item::Article { warnings, .. } if warnings.is_empty())));

        // Invalid UTF-8 in one line warns on that article only.
        let mut data = line(1).into_bytes();
        data.extend_from_slice(b"{\"title\":\"Bad \xff\",\"text\":\"Text.\"}\n");
        data.extend_from_slice(line(3).as_bytes());
        let items = read(&data, 1000);
        let warned: Vec<bool> =
            items.iter().map(|i| matches!(i, Item::Article { warnings, .. } if !warnings.is_empty())).collect();
        assert_eq!(warned, [false, true, false]);
    }

    #[test]
    fn a_pretty_printed_object_and_an_array_are_read_whole() {
        let pretty = "{\n  \"title\": \"One\",\n  \"text\": \"The council voted.\"\n}\n";
        let items = read(pretty.as_bytes(), 1000);
        assert!(matches!(&items[..], [Item::Article { doc, .. }] if doc.origin.as_deref() == Some("big.jsonl")));
        let items = read(pretty.as_bytes(), 20);
        assert!(matches!(&items[..], [Item::Failed { reason, .. }] if reason.contains("larger than the limit")));
        let array = format!("[{}]", (1..=3).map(|n| line(n).trim().to_string()).collect::<Vec<_>>().join(","));
        assert_eq!(read(array.as_bytes(), 1000).len(), 3);
    }
}
