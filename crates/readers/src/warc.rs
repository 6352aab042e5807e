//! WARC (1.0/1.1) and ARC (v1/v2) crawl files, plain or gzipped, read as a stream record
//! by record. HTTP responses (and resources) holding HTML go through the HTML reader; every
//! other record is counted and skipped. A file that breaks off keeps the records read
//! before the break and reports the break. Written by hand because no maintained crate
//! reads ARC, and WARC's framing is a page of code.

use std::io::{BufRead, Read};

use flate2::read::{MultiGzDecoder, ZlibDecoder};

use crate::html::emit_page;
use crate::input::io_reason;
use crate::{Format, Input, Item, ReadOptions, Reader};

pub(crate) struct WarcReader;

impl Reader for WarcReader {
    fn format(&self) -> Format {
        Format::Warc
    }

    fn read(&self, input: &mut Input<'_>, options: &ReadOptions, sink: &mut dyn FnMut(Item)) {
        let name = input.name.clone();
        let limit = input.limit();
        let stream = input.stream();
        let mut n = 0usize;
        loop {
            n += 1;
            let origin = format!("{name}#record{n}");
            match next_record(stream, limit) {
                Ok(None) => break,
                // A record too large to read is an article lost, as a file over the limit is:
                // a failure with its reason, not a silent skip. The next record is read.
                Ok(Some(Record::TooLarge { length })) => sink(Item::Failed {
                    origin,
                    reason: format!(
                        "record of {length} bytes is over the limit of {limit} bytes (raise it with --max-bytes)"
                    ),
                }),
                Ok(Some(Record::Full(r))) => handle(&origin, r, options, sink),
                Err(reason) => {
                    sink(Item::Failed { origin, reason });
                    break;
                }
            }
        }
    }
}

struct RawRecord {
    /// `response`, `resource`, `request`, `warcinfo`, …; for ARC, `arc`.
    kind: String,
    target: Option<String>,
    content_type: String,
    date: Option<String>,
    block: Vec<u8>,
}

enum Record {
    Full(RawRecord),
    TooLarge { length: u64 },
}

fn read_line(stream: &mut dyn BufRead, line: &mut Vec<u8>) -> Result<usize, String> {
    line.clear();
    // Header lines are short; a megabyte without a newline is not a header.
    let n = stream.take(1 << 20).read_until(b'\n', line).map_err(|e| io_reason(&e))?;
    Ok(n)
}

fn next_record(stream: &mut dyn BufRead, limit: u64) -> Result<Option<Record>, String> {
    let mut line = Vec::new();
    // Skip the blank lines that end the previous record.
    loop {
        if read_line(stream, &mut line)? == 0 {
            return Ok(None);
        }
        if !line.iter().all(u8::is_ascii_whitespace) {
            break;
        }
    }
    let first = String::from_utf8_lossy(&line).trim().to_string();
    let (kind, target, content_type, date, length) = if first.starts_with("WARC/") {
        let mut headers = Vec::new();
        loop {
            if read_line(stream, &mut line)? == 0 {
                return Err("truncated: the file ends inside a WARC header".to_string());
            }
            let l = String::from_utf8_lossy(&line).trim_end().to_string();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
            }
        }
        let get = |k: &str| headers.iter().find(|(h, _)| h == k).map(|(_, v)| v.clone());
        let length = get("content-length")
            .and_then(|v| v.parse::<u64>().ok())
            .ok_or_else(|| "WARC record without a valid Content-Length".to_string())?;
        (
            get("warc-type").unwrap_or_default(),
            get("warc-target-uri"),
            get("content-type").unwrap_or_default(),
            get("warc-date"),
            length,
        )
    } else {
        // ARC: "URL IP DATE CONTENT-TYPE [...] LENGTH"
        let fields: Vec<&str> = first.split_whitespace().collect();
        if fields.len() < 5 {
            return Err(format!("not a WARC or ARC record header: {:?}", first.chars().take(80).collect::<String>()));
        }
        let length =
            fields[fields.len() - 1].parse::<u64>().map_err(|_| format!("ARC header with a bad length: {first:?}"))?;
        let kind = if fields[0].starts_with("filedesc:") { "arcinfo" } else { "arc" };
        (kind.to_string(), Some(fields[0].to_string()), fields[3].to_string(), Some(fields[2].to_string()), length)
    };
    if length > limit {
        let skipped = std::io::copy(&mut stream.take(length), &mut std::io::sink()).map_err(|e| io_reason(&e))?;
        if skipped < length {
            return Err("truncated: the file ends inside a record".to_string());
        }
        return Ok(Some(Record::TooLarge { length }));
    }
    let mut block = Vec::with_capacity(length as usize);
    stream.take(length).read_to_end(&mut block).map_err(|e| io_reason(&e))?;
    if (block.len() as u64) < length {
        return Err(format!("truncated: record declares {length} bytes but only {} remain", block.len()));
    }
    Ok(Some(Record::Full(RawRecord { kind, target, content_type, date, block })))
}

fn handle(origin: &str, r: RawRecord, options: &ReadOptions, sink: &mut dyn FnMut(Item)) {
    let skip = |reason: String, sink: &mut dyn FnMut(Item)| sink(Item::Skipped { origin: origin.to_string(), reason });
    let http = match r.kind.as_str() {
        "response" => r.content_type.to_ascii_lowercase().contains("application/http") || r.block.starts_with(b"HTTP/"),
        "arc" => r.target.as_deref().is_some_and(|t| t.starts_with("http")),
        "resource" => false,
        other => return skip(format!("{} record", if other.is_empty() { "untyped" } else { other }), sink),
    };
    let (content_type, body) = if http {
        match parse_http(&r.block) {
            Ok(Http { status, content_type, body }) => {
                if !(200..300).contains(&status) {
                    return skip(format!("HTTP status {status}"), sink);
                }
                (content_type, body)
            }
            // Old ARC files sometimes store the page without its HTTP headers.
            Err(_) if r.kind == "arc" && !r.block.starts_with(b"HTTP/") => {
                (r.content_type.clone(), Ok(r.block.clone()))
            }
            Err(reason) => return sink(Item::Failed { origin: origin.to_string(), reason }),
        }
    } else {
        (r.content_type.clone(), Ok(r.block.clone()))
    };
    let lower = content_type.to_ascii_lowercase();
    if !(lower.contains("text/html") || lower.contains("application/xhtml")) {
        let shown = lower.split(';').next().unwrap_or("").trim().to_string();
        return skip(format!("not HTML ({})", if shown.is_empty() { "no content type" } else { &shown }), sink);
    }
    let body = match body {
        Ok(b) => b,
        Err(reason) => return sink(Item::Failed { origin: origin.to_string(), reason }),
    };
    let charset =
        lower.split(';').find_map(|p| p.trim().strip_prefix("charset=").map(|c| c.trim_matches('"').to_string()));
    let mut with_crawl_date = |item: Item| match item {
        Item::Article { mut doc, warnings } => {
            if let Some(d) = &r.date {
                doc.metadata.insert("crawled".into(), d.clone().into());
            }
            sink(Item::Article { doc, warnings })
        }
        other => sink(other),
    };
    emit_page(origin, &body, charset.as_deref(), r.target.as_deref(), options, &mut with_crawl_date);
}

struct Http {
    status: u16,
    content_type: String,
    body: Result<Vec<u8>, String>,
}

/// Parses an HTTP response message: status, headers, and the body with chunked transfer
/// coding and gzip/deflate content coding undone.
fn parse_http(block: &[u8]) -> Result<Http, String> {
    let head_end = find(block, b"\r\n\r\n").map(|i| (i, i + 4)).or_else(|| find(block, b"\n\n").map(|i| (i, i + 2)));
    let (head_len, body_start) = head_end.ok_or_else(|| "HTTP response without the end of its headers".to_string())?;
    let head = String::from_utf8_lossy(&block[..head_len]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    if !status_line.starts_with("HTTP/") {
        return Err(format!("not an HTTP response: {:?}", status_line.chars().take(60).collect::<String>()));
    }
    let status = status_line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let mut content_type = String::new();
    let mut chunked = false;
    let mut encoding = String::new();
    for l in lines {
        if let Some((k, v)) = l.split_once(':') {
            match k.trim().to_ascii_lowercase().as_str() {
                "content-type" => content_type = v.trim().to_string(),
                "transfer-encoding" => chunked = v.to_ascii_lowercase().contains("chunked"),
                "content-encoding" => encoding = v.trim().to_ascii_lowercase(),
                _ => {}
            }
        }
    }
    let mut body = block[body_start..].to_vec();
    let decoded = (|| {
        if chunked {
            body = dechunk(&body)?;
        }
        match encoding.as_str() {
            "" | "identity" => Ok(body),
            "gzip" | "x-gzip" => {
                let mut out = Vec::new();
                MultiGzDecoder::new(&body[..]).read_to_end(&mut out).map_err(|e| format!("bad gzip body: {e}"))?;
                Ok(out)
            }
            "deflate" => {
                let mut out = Vec::new();
                ZlibDecoder::new(&body[..]).read_to_end(&mut out).map_err(|e| format!("bad deflate body: {e}"))?;
                Ok(out)
            }
            other => Err(format!("unsupported content encoding {other:?}")),
        }
    })();
    Ok(Http { status, content_type, body: decoded })
}

fn dechunk(mut data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    loop {
        let nl = find(data, b"\n").ok_or_else(|| "bad chunked body".to_string())?;
        let size_str = String::from_utf8_lossy(&data[..nl]);
        let size = usize::from_str_radix(size_str.trim().split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| "bad chunk size in chunked body".to_string())?;
        data = &data[nl + 1..];
        if size == 0 {
            return Ok(out);
        }
        if data.len() < size {
            out.extend_from_slice(data);
            return Ok(out);
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size..];
        data = data.strip_prefix(b"\r\n").or_else(|| data.strip_prefix(b"\n")).unwrap_or(data);
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read_bytes;

    fn record(kind: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: https://site.example.test/a\r\nWARC-Date: 2026-03-01T00:00:00Z\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    const PAGE: &str = "<html><head><title>Bridge opens</title></head><body><article><p>The new bridge over the river opened to traffic on Sunday, two years late and well over budget, city officials said.</p><p>About 30,000 vehicles are expected to cross it every day once the old ferry stops running next month.</p></article></body></html>";

    fn http(body: &str) -> Vec<u8> {
        format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{body}").into_bytes()
    }

    #[test]
    fn responses_become_articles_others_are_counted_and_truncation_keeps_what_was_read() {
        let mut file = record("warcinfo", "application/warc-fields", b"software: test\r\n");
        file.extend(record("request", "application/http; msgtype=request", b"GET /a HTTP/1.1\r\n\r\n"));
        file.extend(record("response", "application/http; msgtype=response", &http(PAGE)));
        file.extend(record(
            "response",
            "application/http; msgtype=response",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
        ));
        let whole = file.len();
        file.extend(record("response", "application/http; msgtype=response", &http(PAGE)));
        file.truncate(whole + 150);
        let mut items = Vec::new();
        read_bytes("c.warc", &file, &ReadOptions::default(), &mut |i| items.push(i));
        let kinds: Vec<&str> = items
            .iter()
            .map(|i| match i {
                Item::Article { .. } => "article",
                Item::Skipped { .. } => "skipped",
                Item::Failed { .. } => "failed",
            })
            .collect();
        assert_eq!(kinds, ["skipped", "skipped", "article", "skipped", "failed"]);
        let Item::Article { doc, .. } = &items[2] else { panic!() };
        assert!(doc.text.contains("new bridge"));
        assert_eq!(doc.url.as_deref(), Some("https://site.example.test/a"));
        assert!(
            matches!(&items[4], Item::Failed { reason, origin } if reason.contains("truncated") && origin.ends_with("#record5"))
        );
    }

    #[test]
    fn a_record_over_the_limit_is_a_failure_and_the_next_is_read() {
        let big = format!("<html><body><article><p>{}</p></article></body></html>", "word ".repeat(400));
        let mut file = record("response", "application/http; msgtype=response", &http(&big));
        file.extend(record("response", "application/http; msgtype=response", &http(PAGE)));
        let options = ReadOptions { max_bytes: 1000, ..ReadOptions::default() };
        let mut items = Vec::new();
        read_bytes("c.warc", &file, &options, &mut |i| items.push(i));
        assert!(
            matches!(&items[0], Item::Failed { reason, origin } if reason.contains("over the limit of 1000 bytes") && reason.contains("--max-bytes") && origin.ends_with("#record1")),
            "{items:?}"
        );
        assert!(matches!(&items[1], Item::Article { .. }), "{items:?}");
    }

    #[test]
    fn chunked_bodies_are_decoded() {
        assert_eq!(dechunk(b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n").unwrap(), b"Wikipedia");
    }

    #[test]
    fn arc_records() {
        let body = http(PAGE);
        let mut arc = b"filedesc://x.arc 0.0.0.0 20080430204825 text/plain 9\n1 0 Test\n\n".to_vec();
        arc.extend(
            format!("https://site.example.test/b 10.0.0.1 20080430204826 text/html {}\n", body.len()).into_bytes(),
        );
        arc.extend(&body);
        arc.push(b'\n');
        let mut items = Vec::new();
        read_bytes("x.arc", &arc, &ReadOptions::default(), &mut |i| items.push(i));
        assert!(matches!(&items[0], Item::Skipped { reason, .. } if reason == "arcinfo record"), "{items:?}");
        assert!(matches!(&items[1], Item::Article { .. }), "{items:?}");
        assert_eq!(items.len(), 2);
    }
}
