//! Where bytes come from: files, directories, stdin, gzip; size limits; format dispatch.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use flate2::bufread::MultiGzDecoder;

use crate::decode::{Decoded, decode};
use crate::{Format, Item, ReadOptions, reader};

/// One input being read: its name (path, `-`, or record) and a buffered byte stream.
pub struct Input<'a> {
    /// Path or other name, used in messages and `origin`.
    pub name: String,
    stream: &'a mut dyn BufRead,
    limit: u64,
}

impl<'a> Input<'a> {
    /// An input over a stream, read at most `limit` bytes far.
    pub fn new(name: String, stream: &'a mut dyn BufRead, limit: u64) -> Input<'a> {
        Input { name, stream, limit }
    }

    /// The underlying stream, for readers that stream records.
    pub fn stream(&mut self) -> &mut dyn BufRead {
        self.stream
    }

    /// The largest size read at once.
    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// Every byte, or an error when the input is over the limit or breaks off.
    pub fn bytes(&mut self) -> Result<Vec<u8>, String> {
        let mut buf = Vec::new();
        let limit = self.limit;
        match (&mut self.stream).take(limit + 1).read_to_end(&mut buf) {
            Ok(_) if buf.len() as u64 > limit => {
                Err(format!("larger than the limit of {limit} bytes (raise it with --max-bytes)"))
            }
            Ok(_) => Ok(buf),
            Err(e) => Err(io_reason(&e)),
        }
    }

    /// The whole input as text; fails on binary data and empty input.
    pub(crate) fn text(&mut self, charset: Option<&str>) -> Result<Decoded, String> {
        let bytes = self.bytes()?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err("empty input".to_string());
        }
        decode(&bytes, charset)
    }
}

/// Human wording of an I/O error met while reading.
pub(crate) fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::UnexpectedEof => {
            "truncated: the data ends in the middle (incomplete gzip stream or record)".to_string()
        }
        io::ErrorKind::InvalidData | io::ErrorKind::InvalidInput => format!("corrupt data: {e}"),
        _ => e.to_string(),
    }
}

/// Reads files, directories (recursively, in name order, hidden entries skipped) and `-`
/// (stdin), emitting items in order. Never stops early: a bad path is a failed item.
pub fn read_paths<P: AsRef<Path>>(paths: &[P], options: &ReadOptions, sink: &mut dyn FnMut(Item)) {
    for path in paths {
        let path = path.as_ref();
        if path == Path::new("-") {
            let stdin = io::stdin();
            let mut lock = stdin.lock();
            read_stream("-", &mut lock, options, sink);
            continue;
        }
        if path.is_dir() {
            let walker = walkdir::WalkDir::new(path)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
            for entry in walker {
                match entry {
                    Ok(e) if e.file_type().is_file() && is_article_file(e.path()) => read_file(e.path(), options, sink),
                    Ok(_) => {}
                    Err(e) => sink(Item::Failed {
                        origin: e.path().unwrap_or(path).display().to_string(),
                        reason: e.to_string(),
                    }),
                }
            }
        } else {
            read_file(path, options, sink);
        }
    }
}

/// Total size in bytes and number of the files [`read_paths`] would read, or `None` when
/// one of the paths is stdin (`-`), whose size is not known in advance. Paths that cannot
/// be read count nothing (they become failed items when read).
pub fn input_size<P: AsRef<Path>>(paths: &[P]) -> Option<(u64, usize)> {
    let (mut total, mut files) = (0, 0);
    for path in paths {
        let path = path.as_ref();
        if path == Path::new("-") {
            return None;
        }
        if path.is_dir() {
            let walker = walkdir::WalkDir::new(path)
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
            for e in walker.flatten() {
                if e.file_type().is_file() && is_article_file(e.path()) {
                    total += e.metadata().map_or(0, |m| m.len());
                    files += 1;
                }
            }
        } else {
            total += std::fs::metadata(path).map_or(0, |m| m.len());
            files += 1;
        }
    }
    Some((total, files))
}

/// Inside directories, only files whose extension (after any `.gz`) is an article format,
/// or that have none, are read: a README or a script beside the articles is not an article.
/// Files named explicitly are always read.
fn is_article_file(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    match name.rsplit_once('.') {
        None => true,
        Some((_, ext)) => matches!(
            ext,
            "txt"
                | "text"
                | "jsonl"
                | "ndjson"
                | "json"
                | "html"
                | "htm"
                | "xhtml"
                | "shtml"
                | "rss"
                | "atom"
                | "rdf"
                | "xml"
                | "warc"
                | "arc"
        ),
    }
}

fn read_file(path: &Path, options: &ReadOptions, sink: &mut dyn FnMut(Item)) {
    let name = path.display().to_string();
    match File::open(path) {
        Ok(f) => read_stream(&name, &mut BufReader::with_capacity(64 << 10, f), options, sink),
        Err(e) => sink(Item::Failed { origin: name, reason: format!("cannot open: {e}") }),
    }
}

/// Reads in-memory bytes as if from a file called `name`.
pub fn read_bytes(name: &str, bytes: &[u8], options: &ReadOptions, sink: &mut dyn FnMut(Item)) {
    read_stream(name, &mut &bytes[..], options, sink)
}

/// Undoes gzip, detects the format and hands the stream to its reader.
fn read_stream(name: &str, stream: &mut dyn BufRead, options: &ReadOptions, sink: &mut dyn FnMut(Item)) {
    let gz = match stream.fill_buf() {
        Ok(head) => head.starts_with(&[0x1f, 0x8b]),
        Err(e) => return sink(Item::Failed { origin: name.to_string(), reason: io_reason(&e) }),
    };
    if gz {
        let mut unzipped = BufReader::with_capacity(64 << 10, MultiGzDecoder::new(stream));
        let inner = name.strip_suffix(".gz").or_else(|| name.strip_suffix(".GZ")).unwrap_or(name);
        return dispatch(name, inner, &mut unzipped, options, sink);
    }
    dispatch(name, name, stream, options, sink)
}

fn dispatch(name: &str, inner_name: &str, stream: &mut dyn BufRead, options: &ReadOptions, sink: &mut dyn FnMut(Item)) {
    let format = match options.format {
        Some(f) => f,
        None => match stream.fill_buf() {
            Ok([]) => return sink(Item::Failed { origin: name.to_string(), reason: "empty input".to_string() }),
            Ok(head) => Format::detect(inner_name, head),
            Err(e) => return sink(Item::Failed { origin: name.to_string(), reason: io_reason(&e) }),
        },
    };
    let mut input = Input::new(name.to_string(), stream, options.max_bytes);
    reader(format).read(&mut input, options, sink);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn collect(name: &str, bytes: &[u8], options: &ReadOptions) -> Vec<Item> {
        let mut items = Vec::new();
        read_bytes(name, bytes, options, &mut |i| items.push(i));
        items
    }

    fn failure(items: &[Item]) -> String {
        match items {
            [Item::Failed { reason, .. }] => reason.clone(),
            other => panic!("expected one failure, got {other:?}"),
        }
    }

    #[test]
    fn gzip_is_transparent_and_truncation_is_reported() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"Some plain text about a harbour strike.").unwrap();
        let bytes = gz.finish().unwrap();
        let items = collect("a.txt.gz", &bytes, &ReadOptions::default());
        assert!(matches!(&items[..], [Item::Article { doc, .. }] if doc.text.starts_with("Some plain")));
        let reason = failure(&collect("a.txt.gz", &bytes[..bytes.len() - 6], &ReadOptions::default()));
        assert!(reason.contains("truncated"), "{reason}");
    }

    #[test]
    fn size_limit_binary_and_empty() {
        let options = ReadOptions { max_bytes: 10, ..ReadOptions::default() };
        assert!(failure(&collect("big.txt", &[b'a'; 100], &options)).contains("limit of 10 bytes"));
        assert!(failure(&collect("junk.bin", b"\x00\x01\x02\x03\xff\xfe", &ReadOptions::default())).contains("binary"));
        assert!(failure(&collect("empty.txt", b"", &ReadOptions::default())).contains("empty"));
        assert!(failure(&collect("blank.txt", b" \n\n ", &ReadOptions::default())).contains("empty"));
    }

    #[test]
    fn missing_path_is_a_failure_not_a_stop() {
        let mut items = Vec::new();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.txt"), "Second file.").unwrap();
        read_paths(&[dir.path().join("nope.txt"), dir.path().join("b.txt")], &ReadOptions::default(), &mut |i| {
            items.push(i)
        });
        assert!(matches!(&items[0], Item::Failed { reason, .. } if reason.contains("cannot open")));
        assert!(matches!(&items[1], Item::Article { .. }));
    }
}
