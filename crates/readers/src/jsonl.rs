//! JSON Lines, one article per line (or a JSON array of articles). Recognised fields and
//! their common aliases fill the metadata; every other field is kept in `metadata`.

use newsgraph_document::{Document, Published};
use serde_json::{Map, Value};

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
        // A pretty-printed single object (a `.json` file) is one article, not many lines.
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
}
