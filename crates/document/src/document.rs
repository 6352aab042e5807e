use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::offsets::Scope;
use crate::{Entity, Error, Event, PlaceMention, Published, Quote, Span, TimeExpression, Token, content_id};

/// One article: metadata, body text, and annotation layers keyed by byte offsets into the text.
///
/// The JSON form (see `docs/json.md`) is a public contract: top-level metadata, `text`, then
/// the layers, with spans as `{"start", "end", "text"}` in code points.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Document {
    /// Stable id: [`content_id`] of title and body.
    pub id: String,
    /// Canonical URL, when known.
    pub url: Option<String>,
    /// Publisher or wire ("BLOOMBERG").
    pub source: Option<String>,
    /// Place named in the dateline ("TOKYO").
    pub dateline_place: Option<String>,
    /// Publication date or date-time.
    pub published: Option<Published>,
    /// Headline.
    pub title: Option<String>,
    /// Bylines.
    #[serde(default)]
    pub authors: Vec<String>,
    /// ISO 639-1 code of the body's language, when known or detected.
    pub language: Option<String>,
    /// Titles of stories the article itself lists as related.
    #[serde(default)]
    pub related_stories: Vec<String>,
    /// Name of the reader that produced the document ("newswire", "html", …).
    #[serde(default)]
    pub reader: String,
    /// Where it was read from: file path and, inside a container, the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// The earlier article this one nearly copies (set by a store that links articles).
    #[serde(default)]
    pub duplicate_of: Option<String>,
    /// The story it belongs to (set by a store that links articles).
    #[serde(default)]
    pub story: Option<String>,
    /// The thread its story belongs to: stories that continue one another (set by a store
    /// that links articles, when the story is in one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread: Option<String>,
    /// Fields of the input that have no place above (kept, not interpreted).
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub metadata: Map<String, Value>,
    /// The body. For plain-text input it is the input unchanged.
    pub text: String,
    /// Paragraph spans.
    #[serde(default)]
    pub paragraphs: Vec<Span>,
    /// Sentence spans.
    #[serde(default)]
    pub sentences: Vec<Span>,
    /// Tokens: in-process only, not serialised.
    #[serde(skip)]
    pub tokens: Vec<Token>,
    /// Named entities.
    #[serde(default)]
    pub entities: Vec<Entity>,
    /// Every mention of a place, resolved to coordinates.
    #[serde(default)]
    pub places: Vec<PlaceMention>,
    /// Quotes.
    #[serde(default)]
    pub quotes: Vec<Quote>,
    /// Time expressions.
    #[serde(default)]
    pub time_expressions: Vec<TimeExpression>,
    /// Events.
    #[serde(default)]
    pub events: Vec<Event>,
}

/// Longest label, in characters, before it is cut at a word with an ellipsis.
const LABEL_CHARS: usize = 120;

/// `text` cut to at most [`LABEL_CHARS`] characters at a word boundary, with `…` when cut.
pub fn shortened(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= LABEL_CHARS {
        return text.to_string();
    }
    let cut = text.char_indices().nth(LABEL_CHARS).map_or(text.len(), |(b, _)| b);
    let head = &text[..cut];
    // Back to the last space, unless that leaves too little (one very long word).
    let head = match head.rfind(char::is_whitespace) {
        Some(b) if b >= head.len() / 2 => &head[..b],
        _ => head,
    };
    format!("{}…", head.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-')))
}

impl Document {
    /// What to call the article where a title is shown: its title, or for an untitled one
    /// (plain text, some wires) its first sentence, cut at a word after 120 characters;
    /// `None` only when it has no text either.
    pub fn label(&self) -> Option<String> {
        if let Some(t) = self.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            return Some(t.to_string());
        }
        let first = self.sentences.first().map_or(self.text.as_str(), |s| self.slice(*s));
        let first = first.lines().map(str::trim).find(|l| !l.is_empty())?;
        Some(shortened(first))
    }

    /// A document with body `text`, produced by `reader`, its id computed from the text.
    pub fn new(reader: &str, text: String) -> Document {
        let mut doc = Document { reader: reader.to_string(), text, ..Document::default() };
        doc.refresh_id();
        doc
    }

    /// Recomputes the id after the title or text changed.
    pub fn refresh_id(&mut self) {
        self.id = content_id(self.title.as_deref(), &self.text);
    }

    /// The text of a span.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// The JSON form, one line.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&Public(self)).expect("a document always serialises")
    }

    /// Parses the JSON form.
    pub fn from_json(json: &str) -> Result<Document, Error> {
        let value: Value = serde_json::from_str(json)?;
        Document::from_value(value)
    }

    /// Builds a document from a parsed JSON value.
    pub fn from_value(mut value: Value) -> Result<Document, Error> {
        let text = value.get("text").and_then(Value::as_str).unwrap_or("").to_string();
        // Tokens are not part of the form; drop any that a client sent.
        if let Some(obj) = value.as_object_mut() {
            obj.remove("tokens");
        }
        let _scope = Scope::enter(&text);
        Ok(serde_json::from_value::<Private>(value)?.0)
    }
}

/// Serialises a document with its text as the reference for every span.
struct Public<'a>(&'a Document);

impl Serialize for Public<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let _scope = Scope::enter(&self.0.text);
        self.0.serialize(serializer)
    }
}

/// Deserialises within a scope set up by [`Document::from_value`].
struct Private(Document);

impl<'de> Deserialize<'de> for Private {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Private, D::Error> {
        Document::deserialize(d).map(Private)
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn labels_are_titles_or_first_sentences_cut_at_a_word() {
        let mut d = Document::new("text", "Short first line.\nMore text.".into());
        assert_eq!(d.label().as_deref(), Some("Short first line."));
        d.title = Some("  A headline ".into());
        assert_eq!(d.label().as_deref(), Some("A headline"));
        assert_eq!(Document::new("text", "   ".into()).label(), None);
        let long = "word ".repeat(40);
        let cut = super::shortened(&long);
        assert!(cut.ends_with("word…") && cut.chars().count() <= 121, "{cut}");
        let one = "x".repeat(200);
        assert_eq!(super::shortened(&one).chars().count(), 121);
    }

    use super::*;
    use crate::{EntityKind, Mention};

    #[test]
    fn json_round_trip_keeps_layers_and_uses_code_points() {
        let mut doc = Document::new("text", "Über Aso: “yes”.".to_string());
        doc.title = Some("T".into());
        doc.published = Some(Published::parse("2018-04-21").unwrap());
        let aso = doc.text.find("Aso").unwrap();
        doc.entities.push(Entity {
            id: "E1".into(),
            global: None,
            kind: EntityKind::Person,
            name: "Aso".into(),
            aliases: vec![],
            roles: vec![],
            mentions: vec![Mention { span: Span::new(aso, aso + 3), pronoun: false }],
            geo: None,
        });
        let json = doc.to_json();
        assert!(json.contains(r#""mentions":[{"start":5,"end":8,"text":"Aso"}]"#), "{json}");
        assert!(json.contains(r#""published":"2018-04-21""#));
        let back = Document::from_json(&json).unwrap();
        assert_eq!(back, doc);
    }

    #[test]
    fn metadata_numbers_read_back_exactly() {
        // Found by fuzzing the JSON Lines reader: without serde_json's float_roundtrip this
        // number printed as 1.2345678901234565e32 and read back one unit lower.
        let doc =
            Document::from_json(r#"{"id":"x","text":"n","metadata":{"i":123456789012345645678901234567890}}"#).unwrap();
        assert_eq!(Document::from_json(&doc.to_json()).unwrap(), doc);
    }

    #[test]
    fn spans_outside_the_text_are_rejected() {
        let json = r#"{"id":"x","text":"abc","paragraphs":[{"start":0,"end":9}]}"#;
        assert!(Document::from_json(json).is_err());
    }

    #[test]
    fn empty_layers_are_empty_lists() {
        let json = Document::new("text", String::new()).to_json();
        for layer in ["entities", "places", "quotes", "time_expressions", "events"] {
            assert!(json.contains(&format!(r#""{layer}":[]"#)), "{layer} in {json}");
        }
    }
}
