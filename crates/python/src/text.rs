//! One article from a Python string and what the caller knows about it.

use newsgraph_document::{Document, Published};
use newsgraph_readers::{Format, Item, ReadOptions, read_bytes};
use pyo3::PyErr;

use crate::errors::{BadInput, BadParameter, TooLarge};

/// The longest text `extract` annotates, in UTF-8 bytes. The longest news articles are a few
/// hundred kilobytes; a string far past that is almost surely a whole file or corpus passed
/// by mistake, and annotating it would hold the interpreter for minutes and gigabytes.
pub const MAX_TEXT_BYTES: usize = 8 << 20;

/// The name a string is read under: no extension, so its format is sniffed from its content.
pub const ORIGIN: &str = "<text>";

/// What the caller says about a text; each given value replaces what the text itself carries.
#[derive(Debug, Default, Clone)]
pub struct Given {
    pub date: Option<Published>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub source: Option<String>,
    /// Plain text whatever it looks like, so that offsets always index the string (a spaCy
    /// `Doc`'s text, out of which a newswire header must not be taken).
    pub plain: bool,
}

impl Given {
    pub fn new(
        date: Option<&str>,
        url: Option<String>,
        title: Option<String>,
        source: Option<String>,
    ) -> Result<Given, PyErr> {
        let date = date
            .map(|d| Published::parse(d).map_err(|e| BadParameter::new_err(format!("date {d:?}: {e}"))))
            .transpose()?;
        Ok(Given { date, url, title, source, plain: false })
    }
}

/// Reads `text` as one article, the way the CLI reads a file without an extension: a
/// newswire header (`date YYYY-MM-DD PLACE (SOURCE) -`) is taken apart, an HTML page is
/// reduced to its article, and anything else is plain text, kept unchanged so that offsets
/// line up with the string. Formats that hold many articles (JSON Lines, feeds, WARC) are
/// not guessed for one string: it stays plain text.
pub fn article(text: &str, given: &Given) -> Result<Document, PyErr> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(TooLarge::new_err(format!(
            "the text is {} bytes long, over the limit of {MAX_TEXT_BYTES} bytes for one article; \
             split it, or hand files to newsgraph.read()",
            text.len()
        )));
    }
    let format = match Format::detect(ORIGIN, text.as_bytes()) {
        f @ (Format::Newswire | Format::Html) if !given.plain => f,
        _ => Format::Text,
    };
    let options = ReadOptions { date: given.date, max_bytes: MAX_TEXT_BYTES as u64, format: Some(format) };
    let mut read = None;
    read_bytes(ORIGIN, text.as_bytes(), &options, &mut |item| {
        if read.is_none() {
            read = Some(item);
        }
    });
    match read {
        Some(Item::Article { mut doc, .. }) => {
            apply(&mut doc, given);
            Ok(doc)
        }
        Some(Item::Failed { reason, .. } | Item::Skipped { reason, .. }) => {
            Err(BadInput::new_err(format!("no article could be read from the text: {reason}")))
        }
        None => Err(BadInput::new_err("no article could be read from the text")),
    }
}

/// Puts the caller's values over the read ones; the id follows a new title.
fn apply(doc: &mut Document, given: &Given) {
    if given.date.is_some() {
        doc.published = given.date;
    }
    if let Some(url) = &given.url {
        doc.url = Some(url.clone());
    }
    if let Some(source) = &given.source {
        doc.source = Some(source.clone());
    }
    if let Some(title) = &given.title {
        doc.title = Some(title.clone());
        doc.refresh_id();
    }
}
