//! The newsgraph document model.
//!
//! A [`Document`] owns one article: its metadata, its body text, and annotation layers
//! (paragraphs, sentences, tokens, entities, quotes, time expressions, events) that refer
//! to the text by offsets. Every other crate reads or fills these layers; none keeps its own
//! copy of the text.
//!
//! Key choice: inside the process a [`Span`] holds **byte** offsets (cheap slicing, what
//! tokenisers produce); the public JSON form holds **Unicode code-point** offsets plus the
//! span text, converted once per document while (de)serialising.
//!
//! This crate does not read files, annotate, or store anything.
//!
//! ```
//! use newsgraph_document::{Document, Span};
//! let mut doc = Document::new("text", "Mr Aso said so. Él habló.".to_string());
//! doc.sentences = vec![Span::new(0, 15), Span::new(16, 27)];
//! let json = doc.to_json();
//! assert!(json.contains(r#"{"start":16,"end":25,"text":"Él habló."}"#));
//! let back = newsgraph_document::Document::from_json(&json).unwrap();
//! assert_eq!(back.sentences, doc.sentences);
//! ```

mod document;
mod entity;
mod error;
mod event;
#[doc(hidden)]
pub mod fuzzing;
mod id;
mod layer;
mod offsets;
mod place;
mod published;
mod quote;
mod span;
mod time;
mod token;

pub use document::{Document, shortened};
pub use entity::{Entity, EntityKind, Mention, Role};
pub use error::{Error, Result};
pub use event::{Event, EventStatus, Participant};
pub use id::content_id;
pub use layer::Layer;
pub use place::{Geo, PlaceKind, PlaceMention};
pub use published::Published;
pub use quote::{Quote, QuoteKind, Speaker};
pub use span::Span;
pub use time::{TimeExpression, TimeType};
pub use token::Token;
