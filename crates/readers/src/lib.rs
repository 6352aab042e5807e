//! Readers: files in the formats people have, turned into [`Document`]s.
//!
//! One module per format — newswire text, plain text, JSON Lines, HTML pages, RSS/Atom
//! feeds, WARC/ARC crawls — each implementing [`Reader`]; [`read_paths`] walks files,
//! directories and stdin, undoes gzip, sniffs the format and streams [`Item`]s to a sink.
//! A bad file or record becomes an [`Item::Failed`] naming it, and reading goes on.
//!
//! Readers fill metadata and text only; annotation is the pipeline's job, storage the
//! store's.
//!
//! ```
//! use newsgraph_readers::{Item, ReadOptions, read_bytes};
//! let wire = b" date 2018-04-21 TOKYO (WIRE) - Rates held.\n\nRelated Story Banks wait\n";
//! let mut docs = Vec::new();
//! read_bytes("a.txt", wire, &ReadOptions::default(), &mut |item| {
//!     if let Item::Article { doc, .. } = item { docs.push(doc) }
//! });
//! assert_eq!(docs[0].dateline_place.as_deref(), Some("TOKYO"));
//! assert_eq!(docs[0].text, "Rates held.");
//! assert_eq!(docs[0].related_stories, ["Banks wait"]);
//! ```

mod decode;
mod feed;
mod format;
#[doc(hidden)]
pub mod fuzzing;
mod html;
mod input;
mod jsonl;
mod language;
mod newswire;
mod text;
mod warc;

use newsgraph_document::{Document, Published};

pub use feed::{fragment_text, parse_feed};
pub use format::Format;
pub use html::html_to_document;
pub use input::{Input, input_size, read_bytes, read_paths};

/// What reading produces, one item per article or record.
// Items are moved once, from reader to sink: boxing the document would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Item {
    /// An article, with anything odd about its input (e.g. invalid UTF-8 replaced).
    Article {
        /// The document, metadata and text filled.
        doc: Document,
        /// Problems that did not stop it.
        warnings: Vec<String>,
    },
    /// A record that holds no article (a WARC request record, an image), counted and skipped.
    Skipped {
        /// File and record.
        origin: String,
        /// Why it holds no article.
        reason: String,
    },
    /// A file or record that could not be read.
    Failed {
        /// File and, where there is one, record or line.
        origin: String,
        /// What went wrong.
        reason: String,
    },
}

/// Settings for reading.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Publication date for inputs that carry none (plain text).
    pub date: Option<Published>,
    /// Largest file (or WARC record, or line of JSON Lines) read, in bytes, after decompression.
    pub max_bytes: u64,
    /// Force a format instead of sniffing it.
    pub format: Option<Format>,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions { date: None, max_bytes: 64 << 20, format: None }
    }
}

/// A reader of one format.
pub trait Reader: Sync {
    /// The format it reads.
    fn format(&self) -> Format;
    /// Reads one input, emitting an item per article or record, in order.
    fn read(&self, input: &mut Input<'_>, options: &ReadOptions, sink: &mut dyn FnMut(Item));
}

/// The reader of each format: adding a format is one module plus one line here.
pub fn reader(format: Format) -> &'static dyn Reader {
    match format {
        Format::Newswire => &newswire::NewswireReader,
        Format::Text => &text::TextReader,
        Format::Jsonl => &jsonl::JsonlReader,
        Format::Html => &html::HtmlReader,
        Format::Feed => &feed::FeedReader,
        Format::Warc => &warc::WarcReader,
    }
}

/// Reads one web page fetched over HTTP: `charset` is the one its `Content-Type` declares
/// (the page's own `<meta>` is looked at when there is none), `url` where it was fetched.
pub fn read_page(origin: &str, bytes: &[u8], charset: Option<&str>, url: Option<&str>, options: &ReadOptions) -> Item {
    let mut out = None;
    html::emit_page(origin, bytes, charset, url, options, &mut |item| out = Some(item));
    out.unwrap_or_else(|| Item::Failed { origin: origin.to_string(), reason: "nothing read from the page".to_string() })
}

/// Finishes a document made outside the readers (an article from a feed item's own
/// content): language detected, dateline taken from the body, title tidied, id set.
pub fn finish_document(doc: Document, options: &ReadOptions) -> Document {
    finish(doc, options)
}

/// Fills what every reader leaves to the end: language (detected when not given) and id.
pub(crate) fn finish(mut doc: Document, options: &ReadOptions) -> Document {
    // Plain text stays exactly as read; every other reader's body loses its dateline.
    if doc.reader != "text" && doc.dateline_place.is_none() {
        newswire::take_dateline(&mut doc);
    }
    if doc.published.is_none() {
        doc.published = options.date;
    }
    if doc.language.is_none() {
        doc.language = language::detect(&doc.text);
    }
    if let Some(t) = &doc.title {
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        doc.title = (!t.is_empty()).then_some(t);
    }
    doc.refresh_id();
    doc
}
