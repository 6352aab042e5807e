use chrono::NaiveDate;
use serde::Serialize;

/// A search: words (tantivy query syntax: phrases in quotes, `-word`, `title:word`, `OR`)
/// and filters.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// The words; empty matches every article (newest first).
    pub text: String,
    /// Earliest publication day, inclusive.
    pub from: Option<NaiveDate>,
    /// Latest publication day, inclusive.
    pub to: Option<NaiveDate>,
    /// Source name (case-insensitive, exact).
    pub source: Option<String>,
    /// Global entity id the article names.
    pub entity: Option<String>,
    /// Story id.
    pub story: Option<String>,
    /// Thread id: only articles of its stories. The index does not know threads: the
    /// engine lists the thread's stories into `stories`.
    pub thread: Option<String>,
    /// Only articles of these stories; none matches an empty list.
    pub stories: Option<Vec<String>>,
    /// Only these articles (ids, as a filter the store computed: places in a country or
    /// near a point); none matches an empty list.
    pub articles: Option<Vec<String>>,
    /// Most hits returned.
    pub limit: usize,
    /// Hits skipped (pagination).
    pub offset: usize,
}

impl SearchQuery {
    /// A query for `text` with no filters, 10 hits.
    pub fn new(text: &str) -> SearchQuery {
        SearchQuery { text: text.to_string(), limit: 10, ..SearchQuery::default() }
    }

    /// True when the query has no words and no filter: it matches every article.
    pub fn matches_everything(&self) -> bool {
        let text = self.text.trim();
        (text.is_empty() || text == "*")
            && self.from.is_none()
            && self.to.is_none()
            && self.source.is_none()
            && self.entity.is_none()
            && self.story.is_none()
            && self.thread.is_none()
            && self.stories.is_none()
            && self.articles.is_none()
    }
}

/// One matching article.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hit {
    /// Article id.
    pub id: String,
    /// BM25 score (0 when the query has no words).
    pub score: f32,
    /// Headline.
    pub title: Option<String>,
    /// Source.
    pub source: Option<String>,
    /// Publication date as stored.
    pub published: Option<String>,
    /// A passage of the body around the best matches, plain text.
    pub snippet: String,
    /// Byte ranges of matched words in `snippet`.
    pub highlights: Vec<(usize, usize)>,
}

/// A page of hits.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SearchResults {
    /// How many articles match in all.
    pub total: usize,
    /// The hits of this page, best first.
    pub hits: Vec<Hit>,
}
