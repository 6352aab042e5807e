use serde::de::{Deserialize, Deserializer};
use serde::ser::{Error as _, Serialize, SerializeStruct, Serializer};

use crate::offsets;

/// A half-open byte range `[start, end)` of a document's text.
///
/// Serialised as `{"start", "end", "text"}` with code-point offsets; that only works while a
/// [`Document`](crate::Document) is being (de)serialised, which provides the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset one past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from byte offsets. Panics in debug builds when `start > end`.
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span {start}..{end}");
        Span { start: start as u32, end: end as u32 }
    }

    /// The byte range, for slicing.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True when the span covers nothing.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// True when `other` lies inside `self`.
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (start, end, text) = offsets::to_public(*self)
            .ok_or_else(|| S::Error::custom("a Span can only be serialised as part of a Document"))?;
        let mut s = serializer.serialize_struct("Span", 3)?;
        s.serialize_field("start", &start)?;
        s.serialize_field("end", &end)?;
        s.serialize_field("text", &text)?;
        s.end()
    }
}

#[derive(serde::Deserialize)]
struct PublicSpan {
    start: u32,
    end: u32,
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Span, D::Error> {
        let public = PublicSpan::deserialize(deserializer)?;
        offsets::from_public(public.start, public.end).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "span {}..{} lies outside the document text (or no document is being read)",
                public.start, public.end
            ))
        })
    }
}
