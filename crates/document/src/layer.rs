use std::fmt;

/// The annotation layers of a [`Document`](crate::Document). Pipeline components declare
/// which they require and which they assign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    /// Paragraph spans.
    Paragraphs,
    /// Token spans.
    Tokens,
    /// Sentence spans.
    Sentences,
    /// Named entities with their mentions and roles.
    Entities,
    /// Places resolved to coordinates (the `geo` of entities).
    Places,
    /// Direct and indirect quotes.
    Quotes,
    /// Time expressions normalised against the publication date.
    TimeExpressions,
    /// Events with participants, place, date and status.
    Events,
}

impl Layer {
    /// The layer's name in the JSON form.
    pub fn name(self) -> &'static str {
        match self {
            Layer::Paragraphs => "paragraphs",
            Layer::Tokens => "tokens",
            Layer::Sentences => "sentences",
            Layer::Entities => "entities",
            Layer::Places => "places",
            Layer::Quotes => "quotes",
            Layer::TimeExpressions => "time_expressions",
            Layer::Events => "events",
        }
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
