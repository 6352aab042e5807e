use serde::{Deserialize, Serialize};

use crate::Span;

/// How a quote reports what was said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Words in quotation marks.
    Direct,
    /// Reported speech without quotation marks ("he said that …").
    Indirect,
    /// Reported speech with a quoted fragment.
    Mixed,
}

/// An attributed statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// Direct, indirect or mixed.
    pub kind: QuoteKind,
    /// What was said: for a quote interrupted by its attribution ("…," she said. "…"), from
    /// the first quoted part to the last.
    pub content: Span,
    /// The quoted parts of an interrupted quote, in order; empty when `content` is one piece.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Span>,
    /// Who said it; `None` when the text does not say.
    pub speaker: Option<Speaker>,
    /// The reporting verb or phrase ("said", "told reporters", "according to").
    pub cue: Option<Span>,
    /// To whom it was said ("reporters").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addressee: Option<String>,
    /// When it was said, as a TimeML value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Where it was said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// How it was said ("in a phone interview").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manner: Option<String>,
    /// How sure the content model is that this is reported content, 0–1: for a content only
    /// the model found, the margin of its first tag; for a rule quote, the share of its
    /// characters inside the model's contents. `None` without a content model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
}

impl Quote {
    /// The words quoted: the content, or its parts joined by " … " when it was interrupted.
    pub fn text<'a>(&self, text: &'a str) -> std::borrow::Cow<'a, str> {
        let slice = |s: Span| text.get(s.range()).unwrap_or("");
        if self.parts.is_empty() {
            return slice(self.content).into();
        }
        self.parts.iter().map(|&p| slice(p)).collect::<Vec<_>>().join(" … ").into()
    }
}

/// The mention that speaks, resolved to an entity where the text allows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Speaker {
    /// The speaking mention.
    #[serde(flatten)]
    pub span: Span,
    /// The entity id, when resolved.
    pub entity: Option<String>,
    /// The entity's canonical name, or the descriptor when unresolved.
    pub name: Option<String>,
    /// How far the speaker ranker prefers this speaker to the runner-up, 0–1 (1 when it
    /// had no other candidate). `None` when no ranker chose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
}
