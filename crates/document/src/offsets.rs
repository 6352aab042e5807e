//! Conversion between in-process byte offsets and public code-point offsets.
//!
//! A document sets a thread-local context while it (de)serialises itself, so that every
//! nested [`Span`] can convert without each layer type carrying the text around.

use std::cell::RefCell;
use std::rc::Rc;

use crate::Span;

/// Maps byte offsets to code-point offsets and back for one text.
pub(crate) struct OffsetMap {
    text: Rc<str>,
    /// Byte offset of every char boundary, plus the text length; empty for ASCII text,
    /// where bytes and code points coincide.
    byte_of_char: Vec<u32>,
}

impl OffsetMap {
    pub(crate) fn new(text: &str) -> OffsetMap {
        let byte_of_char = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices().map(|(b, _)| b as u32).chain(std::iter::once(text.len() as u32)).collect()
        };
        OffsetMap { text: Rc::from(text), byte_of_char }
    }

    fn char_of_byte(&self, byte: u32) -> Option<u32> {
        if self.byte_of_char.is_empty() {
            return (byte as usize <= self.text.len()).then_some(byte);
        }
        self.byte_of_char.binary_search(&byte).ok().map(|c| c as u32)
    }

    fn byte_of_char(&self, ch: u32) -> Option<u32> {
        if self.byte_of_char.is_empty() {
            return (ch as usize <= self.text.len()).then_some(ch);
        }
        self.byte_of_char.get(ch as usize).copied()
    }
}

thread_local! {
    static CURRENT: RefCell<Vec<OffsetMap>> = const { RefCell::new(Vec::new()) };
}

/// Makes `text` the reference for spans until the guard drops.
pub(crate) struct Scope;

impl Scope {
    pub(crate) fn enter(text: &str) -> Scope {
        CURRENT.with(|c| c.borrow_mut().push(OffsetMap::new(text)));
        Scope
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        CURRENT.with(|c| c.borrow_mut().pop());
    }
}

/// Code-point start, end and text of a span, or `None` outside a document scope or when
/// the span does not fall on char boundaries of the text.
pub(crate) fn to_public(span: Span) -> Option<(u32, u32, String)> {
    CURRENT.with(|c| {
        let stack = c.borrow();
        let map = stack.last()?;
        let text = map.text.get(span.range())?.to_string();
        Some((map.char_of_byte(span.start)?, map.char_of_byte(span.end)?, text))
    })
}

/// The byte span of code-point offsets, or `None` outside a document scope or out of range.
pub(crate) fn from_public(start: u32, end: u32) -> Option<Span> {
    CURRENT.with(|c| {
        let stack = c.borrow();
        let map = stack.last()?;
        let (s, e) = (map.byte_of_char(start)?, map.byte_of_char(end)?);
        (s <= e).then_some(Span { start: s, end: e })
    })
}
