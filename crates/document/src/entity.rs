use serde::{Deserialize, Serialize};

use crate::{Geo, Span};

/// Coarse entity types, as in CoNLL-2003.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EntityKind {
    /// A person.
    #[serde(rename = "PER")]
    Person,
    /// An organisation: company, ministry, party, team, body.
    #[serde(rename = "ORG")]
    Organisation,
    /// A place: country, city, region, landmark.
    #[serde(rename = "LOC")]
    Location,
    /// Other names: nationalities, events, laws, products, agreements.
    #[serde(rename = "MISC")]
    Misc,
}

/// One real-world entity of a document with every mention that refers to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Document-local id (`E1`, `E2`, …).
    pub id: String,
    /// The entity across articles, once a store has linked the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub global: Option<String>,
    /// Entity type.
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// Canonical name: the fullest name the text gives.
    pub name: String,
    /// Other names used for it in the text ("Mr Aso", "TPP").
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Titles, employers and affiliations the text gives.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// Every mention, names and pronouns alike, in text order.
    #[serde(default)]
    pub mentions: Vec<Mention>,
    /// Where a place (or a people's name, "Turkish") lies, when the `places` annotator could
    /// tell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geo: Option<Geo>,
}

/// A title held by a person ("Finance Minister" of "Japan").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    /// The title or position ("Governor", "senior economist").
    pub title: String,
    /// The organisation or country it is held at, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<String>,
    /// Where the person is based, when given ("Tokyo-based").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
}

/// One mention of an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Where the mention is.
    #[serde(flatten)]
    pub span: Span,
    /// True for pronoun mentions ("he", "she", "it").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pronoun: bool,
}
