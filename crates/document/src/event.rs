use serde::{Deserialize, Serialize};

use crate::{Geo, Span};

/// Whether an event happened, is happening, or is expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventStatus {
    /// Reported as past.
    Happened,
    /// Under way.
    Ongoing,
    /// Planned for the future.
    Scheduled,
    /// Explicitly did not or will not happen.
    Negated,
    /// Possible, conditional or demanded.
    Hypothetical,
}

/// Something that someone did or will do, with its evidence in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Event type from the vocabulary in `docs/events.md` ("meet", "attend", …).
    #[serde(rename = "type")]
    pub kind: String,
    /// Nearest CAMEO root code.
    pub cameo: String,
    /// The word or phrase that signals the event.
    pub trigger: Span,
    /// Who took part.
    #[serde(default)]
    pub participants: Vec<Participant>,
    /// What the event is, when it has a name: the gathering attended ("G-20"), the meeting
    /// chaired ("monetary policy meeting").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub what: Option<String>,
    /// Where, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Where the place lies, when the `places` annotator resolved it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geo: Option<Geo>,
    /// When, as a TimeML value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Happened, ongoing, scheduled, negated or hypothetical.
    pub status: EventStatus,
    /// The text a reader can check.
    pub evidence: Span,
    /// Later mentions of the same event in the text ("… exploded … the blast"), beside
    /// `trigger`, the first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<Span>,
    /// How sure the status model is of `status` (0.5–1), when a model decided it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
}

/// A participant of an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    /// Entity id in the document.
    pub entity: Option<String>,
    /// Canonical name.
    pub name: String,
    /// `agent`, `counterpart` or `target`.
    pub role: String,
    /// The mention the event was read from (a name, a pronoun, or a description such as
    /// "police" when no name is given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}
