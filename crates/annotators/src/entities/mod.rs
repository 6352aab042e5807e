//! The `entities` annotator: named-entity mentions from the recogniser, grouped into
//! entities (name variants, acronyms, pronouns), with the titles and employers the text
//! gives each person.

mod mentions;
mod resolve;
mod roles;

use newsgraph_document::{Document, Layer};
use newsgraph_ner::Recognizer;
use newsgraph_pipeline::Annotator;

pub(crate) use mentions::Mention;
pub(crate) use mentions::SentenceTokens;
pub(crate) use resolve::is_country;

/// Finds people, organisations, places and other names, and ties every mention (pronouns
/// included) to one entity of the document.
pub struct Entities {
    recognizer: Option<&'static Recognizer>,
}

impl Default for Entities {
    fn default() -> Entities {
        Entities { recognizer: Recognizer::shared() }
    }
}

impl Annotator for Entities {
    fn name(&self) -> &'static str {
        "entities"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Entities]
    }
    fn annotate(&self, doc: &mut Document) {
        let Some(recognizer) = self.recognizer else {
            doc.entities.clear();
            return;
        };
        let sentences = SentenceTokens::of(doc);
        let found = mentions::find(doc, &sentences, recognizer);
        doc.entities = resolve::resolve(doc, &sentences, found);
    }
}

#[cfg(test)]
mod tests;
