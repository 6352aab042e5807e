use newsgraph_document::{Document, Layer};
use newsgraph_pipeline::Annotator;

/// Time expressions, normalised against the article's publication date.
pub struct TimeExpressions;

impl Annotator for TimeExpressions {
    fn name(&self) -> &'static str {
        "time"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::TimeExpressions]
    }
    fn annotate(&self, doc: &mut Document) {
        let sentences = crate::entities::SentenceTokens::of(doc);
        let spans: Vec<Vec<(usize, usize)>> = sentences
            .ranges
            .iter()
            .map(|r| doc.tokens[r.clone()].iter().map(|t| (t.span.start as usize, t.span.end as usize)).collect())
            .collect();
        let dct = doc.published.map(|p| p.date());
        doc.time_expressions = newsgraph_time::tag(&doc.text, &spans, dct);
    }
}
