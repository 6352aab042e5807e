use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use newsgraph_document::Document;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, EmptyQuery, EnableScoring, Occur, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DateTime, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term, doc};

use crate::exclusion::guard_exclusions;
use crate::periods::{Interval, PeriodCollector, PeriodCounts};
use crate::{Error, Hit, Result, SearchQuery, SearchResults};

/// Bumped whenever the schema changes; an index of another layout must be rebuilt.
const LAYOUT: &str = "newsgraph-index-3";
/// The layout before the publication instant (`published_at`) was indexed: it still opens
/// and answers everything but hourly counts, which ask for a `newsgraph reindex`.
const LAYOUT_WITHOUT_HOURS: &str = "newsgraph-index-2";
const LAYOUT_FILE: &str = "newsgraph-layout";
/// The fast fields timelines read: the publication day (midnight of the article's own
/// calendar day) and the publication instant.
const PUBLISHED: &str = "published";
const PUBLISHED_AT: &str = "published_at";

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    title: Field,
    body: Field,
    source: Field,
    source_name: Field,
    published: Field,
    published_text: Field,
    /// The publication instant (UTC) of articles whose time is known; absent in an index of
    /// [`LAYOUT_WITHOUT_HOURS`].
    published_at: Option<Field>,
    entity: Field,
    story: Field,
}

/// The tantivy index of a data directory.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Option<IndexWriter>,
    fields: Fields,
    path: PathBuf,
    /// Every article's counts per period, with the searcher generation they were counted
    /// on: the denominator of every timeline, the same until the next commit, and the
    /// costliest pass (it reads every document).
    everything: Mutex<Vec<(u64, Interval, PeriodCounts)>>,
}

/// The schema of [`LAYOUT`], or with `hours` false of [`LAYOUT_WITHOUT_HOURS`].
fn schema(hours: bool) -> Schema {
    let mut b = Schema::builder();
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("en_stem")
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    b.add_text_field("id", STRING | STORED);
    b.add_text_field("title", text.clone());
    b.add_text_field("body", text);
    b.add_text_field("source", STRING);
    b.add_text_field("source_name", STORED);
    b.add_date_field(PUBLISHED, INDEXED | STORED | FAST);
    b.add_text_field("published_text", STORED);
    // Global entity ids and the story, from linking across articles.
    b.add_text_field("entity", STRING);
    b.add_text_field("story", STRING | STORED);
    if hours {
        b.add_date_field(PUBLISHED_AT, FAST);
    }
    b.build()
}

/// The fields by name in an index's own schema, so that an index of an older layout is read
/// by what its fields are called, not by where they stand.
fn fields(schema: &Schema) -> Result<Fields> {
    let field = |name: &str| schema.get_field(name);
    Ok(Fields {
        id: field("id")?,
        title: field("title")?,
        body: field("body")?,
        source: field("source")?,
        source_name: field("source_name")?,
        published: field(PUBLISHED)?,
        published_text: field("published_text")?,
        published_at: field(PUBLISHED_AT).ok(),
        entity: field("entity")?,
        story: field("story")?,
    })
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it when absent.
    pub fn open(dir: &Path) -> Result<SearchIndex> {
        let io = |source| Error::Io { path: dir.display().to_string(), source };
        std::fs::create_dir_all(dir).map_err(io)?;
        let layout_path = dir.join(LAYOUT_FILE);
        let index = if dir.join("meta.json").exists() {
            let layout = std::fs::read_to_string(&layout_path).unwrap_or_default();
            if ![LAYOUT, LAYOUT_WITHOUT_HOURS].contains(&layout.trim()) {
                return Err(Error::Layout(dir.display().to_string()));
            }
            Index::open_in_dir(dir)?
        } else {
            let index = Index::create_in_dir(dir, schema(true))?;
            std::fs::write(&layout_path, LAYOUT).map_err(io)?;
            index
        };
        let fields = fields(&index.schema())?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::OnCommitWithDelay).try_into()?;
        Ok(SearchIndex { index, reader, writer: None, fields, path: dir.to_path_buf(), everything: Mutex::default() })
    }

    /// Deletes the index and creates an empty one in its place.
    pub fn recreate(dir: &Path) -> Result<SearchIndex> {
        if dir.exists() {
            std::fs::remove_dir_all(dir).map_err(|source| Error::Io { path: dir.display().to_string(), source })?;
        }
        SearchIndex::open(dir)
    }

    /// An empty index held in memory, for the fuzz target: nothing to clean up between
    /// runs, and no disk traffic to slow it.
    pub(crate) fn in_ram() -> Result<SearchIndex> {
        let index = Index::create_in_ram(schema(true));
        let fields = fields(&index.schema())?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(SearchIndex { index, reader, writer: None, fields, path: PathBuf::new(), everything: Mutex::default() })
    }

    /// Where the index lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn writer(&mut self) -> Result<&mut IndexWriter> {
        if self.writer.is_none() {
            self.writer = Some(self.index.writer_with_num_threads(1, 64 << 20)?);
        }
        Ok(self.writer.as_mut().expect("just set"))
    }

    /// Adds (or replaces) documents; visible after [`SearchIndex::commit`].
    pub fn add(&mut self, docs: &[Document]) -> Result<()> {
        self.add_all(docs).map_err(|e| self.explained(e))
    }

    fn add_all(&mut self, docs: &[Document]) -> Result<()> {
        let f = self.fields;
        let writer = self.writer()?;
        for d in docs {
            writer.delete_term(Term::from_field_text(f.id, &d.id));
            let mut td = doc!(f.id => d.id.clone(), f.body => d.text.clone());
            if let Some(t) = &d.title {
                td.add_text(f.title, t);
            }
            if let Some(s) = &d.source {
                td.add_text(f.source, s.to_lowercase());
                td.add_text(f.source_name, s);
            }
            if let Some(p) = &d.published {
                let secs = p.date().and_hms_opt(0, 0, 0).map_or(0, |t| t.and_utc().timestamp());
                td.add_date(f.published, DateTime::from_timestamp_secs(secs));
                td.add_text(f.published_text, p.to_string());
                if let (Some(field), Some(at)) = (f.published_at, p.utc_seconds()) {
                    td.add_date(field, DateTime::from_timestamp_secs(at));
                }
            }
            for e in d.entities.iter().filter_map(|e| e.global.as_ref()) {
                td.add_text(f.entity, e);
            }
            if let Some(s) = &d.story {
                td.add_text(f.story, s);
            }
            writer.add_document(td)?;
        }
        Ok(())
    }

    /// Makes added documents durable and searchable.
    pub fn commit(&mut self) -> Result<()> {
        if let Some(w) = self.writer.as_mut() {
            w.commit().map_err(|e| self.explained(e.into()))?;
            self.reader.reload()?;
        }
        Ok(())
    }

    /// When the indexing thread dies (of a full disk, most often), tantivy logs the cause and
    /// what reaches the caller is only "an index writer was killed". The writer cannot be used
    /// again; and if a small file cannot be written beside the index either, the error says
    /// that the disk is full, so that ingest can tell the user what to do.
    fn explained(&mut self, e: Error) -> Error {
        if !matches!(e, Error::Tantivy(tantivy::TantivyError::ErrorInThread(_))) {
            return e;
        }
        self.writer = None;
        match space_probe(&self.path) {
            Err(source) if source.kind() == std::io::ErrorKind::StorageFull => {
                Error::Io { path: self.path.display().to_string(), source }
            }
            _ => e,
        }
    }

    /// Number of indexed documents.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The words of a search as a query (`None` when there are none: everything matches),
    /// and the whole query with its filters.
    fn query(&self, q: &SearchQuery) -> (Option<Box<dyn Query>>, Box<dyn Query>) {
        let f = self.fields;
        let text = q.text.trim();
        let words: Option<Box<dyn Query>> = if text.is_empty() || text == "*" { None } else { Some(self.words(text)) };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some(w) = &words {
            clauses.push((Occur::Must, w.box_clone()));
        }
        if q.from.is_some() || q.to.is_some() {
            let term = |d: chrono::NaiveDate| {
                let secs = d.and_hms_opt(0, 0, 0).map_or(0, |t| t.and_utc().timestamp());
                Term::from_field_date_for_search(f.published, DateTime::from_timestamp_secs(secs))
            };
            let lower = q.from.map_or(Bound::Unbounded, |d| Bound::Included(term(d)));
            let upper = q.to.map_or(Bound::Unbounded, |d| Bound::Included(term(d)));
            clauses.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
        }
        if let Some(s) = &q.source {
            let term = Term::from_field_text(f.source, &s.to_lowercase());
            clauses.push((Occur::Must, Box::new(TermQuery::new(term, IndexRecordOption::Basic))));
        }
        if let Some(ids) = &q.articles {
            let terms = ids.iter().map(|id| Term::from_field_text(f.id, id));
            clauses.push((Occur::Must, Box::new(tantivy::query::TermSetQuery::new(terms))));
        }
        if let Some(stories) = &q.stories {
            let terms = stories.iter().map(|s| Term::from_field_text(f.story, s));
            clauses.push((Occur::Must, Box::new(tantivy::query::TermSetQuery::new(terms))));
        }
        for (field, value) in [(f.entity, &q.entity), (f.story, &q.story)] {
            if let Some(v) = value {
                let term = Term::from_field_text(field, v);
                clauses.push((Occur::Must, Box::new(TermQuery::new(term, IndexRecordOption::Basic))));
            }
        }
        let query: Box<dyn Query> =
            if clauses.is_empty() { Box::new(AllQuery) } else { Box::new(BooleanQuery::new(clauses)) };
        (words, query)
    }

    /// The words of a search as a query. Lenient: a stray quote or bracket in what a user
    /// typed is not an error. What parses but cannot run — `title:*` asks whether a field
    /// that is not a fast field exists, `x:*` a field that does not exist, and both fail at
    /// search time (found by fuzzing) — is searched for as its words alone, the query
    /// syntax dropped; with no words left it matches nothing.
    fn words(&self, text: &str) -> Box<dyn Query> {
        let f = self.fields;
        let parse = |text: &str| {
            let mut parser = QueryParser::for_index(&self.index, vec![f.title, f.body]);
            parser.set_conjunction_by_default();
            parser.set_field_boost(f.title, 2.0);
            parser.parse_query_lenient(text).0
        };
        let query = guard_exclusions(parse(text));
        let schema = self.index.schema();
        if query.weight(EnableScoring::disabled_from_schema(&schema)).is_ok() {
            return query;
        }
        let plain: String = text.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
        if plain.trim().is_empty() { Box::new(EmptyQuery) } else { guard_exclusions(parse(&plain)) }
    }

    /// Counts the articles a search matches per day or hour of publication, from the fast
    /// fields alone (no stored article is read). Paging (`limit`, `offset`) is ignored.
    pub fn counts(&self, q: &SearchQuery, interval: Interval) -> Result<PeriodCounts> {
        if interval == Interval::Hour && self.fields.published_at.is_none() {
            return Err(Error::NoHours(self.path.display().to_string()));
        }
        let searcher = self.reader.searcher();
        let generation = searcher.generation().generation_id();
        let everything = q.matches_everything();
        let kept = || self.everything.lock().unwrap_or_else(PoisonError::into_inner);
        if everything && let Some((_, _, counts)) = kept().iter().find(|(g, i, _)| *g == generation && *i == interval) {
            return Ok(counts.clone());
        }
        let (_, query) = self.query(q);
        let collector = PeriodCollector { interval, day_field: PUBLISHED, hour_field: PUBLISHED_AT };
        let counts = searcher.search(&query, &collector)?;
        if everything {
            let mut kept = kept();
            kept.retain(|(g, i, _)| *g == generation && *i != interval);
            kept.push((generation, interval, counts.clone()));
        }
        Ok(counts)
    }

    /// Runs a search.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults> {
        let f = self.fields;
        let searcher = self.reader.searcher();
        let (words, query) = self.query(q);
        let limit = q.limit.max(1);
        let (total, addresses): (usize, Vec<(f32, tantivy::DocAddress)>) = if words.is_some() {
            let (top, total) =
                searcher.search(&query, &(TopDocs::with_limit(limit).and_offset(q.offset).order_by_score(), Count))?;
            (total, top)
        } else {
            // No words: newest first.
            let collector = TopDocs::with_limit(limit)
                .and_offset(q.offset)
                .order_by_fast_field::<DateTime>(PUBLISHED, tantivy::Order::Desc);
            let (top, total) = searcher.search(&query, &(collector, Count))?;
            (total, top.into_iter().map(|(_, a)| (0.0, a)).collect())
        };
        let snippets = match &words {
            Some(w) => {
                let mut g = SnippetGenerator::create(&searcher, w.as_ref(), f.body)?;
                g.set_max_num_chars(240);
                Some(g)
            }
            None => None,
        };
        let mut hits = Vec::with_capacity(addresses.len());
        for (score, address) in addresses {
            let d: TantivyDocument = searcher.doc(address)?;
            let get = |field: Field| d.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
            let body = get(f.body).unwrap_or_default();
            let (snippet, highlights) = match &snippets {
                Some(g) => {
                    let s = g.snippet(&body);
                    let text = s.fragment().to_string();
                    if text.is_empty() {
                        (lead(&body), Vec::new())
                    } else {
                        (text, s.highlighted().iter().map(|r| (r.start, r.end)).collect())
                    }
                }
                None => (lead(&body), Vec::new()),
            };
            hits.push(Hit {
                id: get(f.id).unwrap_or_default(),
                score,
                title: get(f.title),
                source: get(f.source_name),
                published: get(f.published_text),
                snippet,
                highlights,
            });
        }
        Ok(SearchResults { total, hits })
    }
}

/// Writes and syncs 1 MiB in `dir`, then removes it: whether the disk has room.
fn space_probe(dir: &Path) -> std::io::Result<()> {
    use std::io::Write;
    let probe = dir.join(".space-probe");
    let written = std::fs::File::create(&probe).and_then(|mut f| {
        f.write_all(&[0u8; 1 << 20])?;
        f.sync_all()
    });
    let _ = std::fs::remove_file(&probe);
    written
}

impl crate::TextIndex for SearchIndex {
    fn add(&mut self, docs: &[Document]) -> Result<()> {
        SearchIndex::add(self, docs)
    }

    fn commit(&mut self) -> Result<()> {
        SearchIndex::commit(self)
    }

    fn clear(&mut self) -> Result<()> {
        *self = SearchIndex::recreate(&self.path.clone())?;
        Ok(())
    }

    fn search(&self, q: &SearchQuery) -> Result<SearchResults> {
        SearchIndex::search(self, q)
    }

    fn counts(&self, q: &SearchQuery, interval: Interval) -> Result<PeriodCounts> {
        SearchIndex::counts(self, q, interval)
    }
}

/// The first 240 characters of a body, cut at a word.
pub(crate) fn lead(body: &str) -> String {
    if body.chars().count() <= 240 {
        return body.to_string();
    }
    let cut: String = body.chars().take(240).collect();
    match cut.rfind(' ') {
        Some(i) => format!("{}…", &cut[..i]),
        None => cut,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsgraph_document::Published;

    fn article(title: &str, body: &str, source: &str, date: &str) -> Document {
        let mut d = Document::new("text", body.to_string());
        d.title = Some(title.into());
        d.source = Some(source.into());
        d.published = Some(Published::parse(date).unwrap());
        d.refresh_id();
        d
    }

    #[test]
    fn a_list_of_stories_filters_to_their_articles() {
        let dir = tempfile::tempdir().unwrap();
        let mut index = SearchIndex::open(dir.path()).unwrap();
        let mut docs = Vec::new();
        for (n, story) in ["S1", "S2", "S3"].iter().enumerate() {
            let mut d = article(&format!("Ferry {n}"), "Ferry fares rise.", "Tagus Daily", "2026-02-10");
            d.story = Some(story.to_string());
            docs.push(d);
        }
        index.add(&docs).unwrap();
        index.commit().unwrap();
        let mut q = SearchQuery::new("ferry");
        q.stories = Some(vec!["S1".into(), "S3".into()]);
        let mut ids: Vec<String> = index.search(&q).unwrap().hits.into_iter().map(|h| h.id).collect();
        ids.sort();
        let mut want = vec![docs[0].id.clone(), docs[2].id.clone()];
        want.sort();
        assert_eq!(ids, want);
        q.stories = Some(Vec::new());
        assert_eq!(index.search(&q).unwrap().total, 0, "no stories, no articles");
    }

    #[test]
    fn query_syntax_that_cannot_run_is_searched_as_words_and_exclusions_work() {
        let mut index = SearchIndex::in_ram().unwrap();
        index.add(&[article("Port strike", "Dock workers walked out.", "Harbour Ledger", "2026-03-12")]).unwrap();
        index.commit().unwrap();
        // Each once failed the search: "exists" queries on a field that is not fast, or absent.
        // An excluded phrase tripped a debug assertion in tantivy's phrase scorer.
        for (typed, hits) in
            [("title:*", 0), ("@~:*", 0), ("dock @~:*", 1), ("dock -\"walked out\"", 0), ("dock -\"rates held\"", 1)]
        {
            let found = index.search(&SearchQuery::new(typed)).unwrap_or_else(|e| panic!("{typed}: {e}"));
            assert_eq!(found.total, hits, "{typed}");
            assert_eq!(index.counts(&SearchQuery::new(typed), Interval::Day).unwrap().total as usize, hits, "{typed}");
        }
    }

    #[test]
    fn filters_replacement_and_layout_check() {
        let dir = tempfile::tempdir().unwrap();
        let mut index = SearchIndex::open(dir.path()).unwrap();
        let a = article("Geneva talks", "Trade ministers met in Geneva on tariffs.", "Meridian Wire", "2026-03-10");
        let b = article(
            "Port strike",
            "Dock workers in Durban walked out over tariffs and pay.",
            "Harbour Ledger",
            "2026-03-12",
        );
        index.add(&[a.clone(), b.clone()]).unwrap();
        index.add(std::slice::from_ref(&a)).unwrap();
        index.commit().unwrap();
        assert_eq!(index.len(), 2, "re-adding replaces");

        let mut q = SearchQuery::new("tariffs");
        assert_eq!(index.search(&q).unwrap().total, 2);
        q.source = Some("meridian wire".into());
        let r = index.search(&q).unwrap();
        assert_eq!((r.total, r.hits[0].id.as_str()), (1, a.id.as_str()));
        assert_eq!(r.hits[0].source.as_deref(), Some("Meridian Wire"));
        q.source = None;
        q.from = Some("2026-03-11".parse().unwrap());
        assert_eq!(index.search(&q).unwrap().hits[0].id, b.id);
        q.to = Some("2026-03-11".parse().unwrap());
        assert_eq!(index.search(&q).unwrap().total, 0);

        let all = index.search(&SearchQuery::new("")).unwrap();
        assert_eq!(
            all.hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(),
            [b.id.as_str(), a.id.as_str()],
            "newest first"
        );
        assert_eq!(index.search(&SearchQuery::new("\"unbalanced (")).unwrap().total, 0);
        let hit = &index.search(&SearchQuery::new("dock")).unwrap().hits[0];
        let (s, e) = hit.highlights[0];
        assert_eq!(&hit.snippet[s..e], "Dock");

        drop(index);
        std::fs::write(dir.path().join(LAYOUT_FILE), "old").unwrap();
        assert!(matches!(SearchIndex::open(dir.path()), Err(Error::Layout(_))));
    }

    #[test]
    fn counts_per_period_by_day_and_by_hour() {
        let dir = tempfile::tempdir().unwrap();
        let mut index = SearchIndex::open(dir.path()).unwrap();
        let a = article("Geneva talks", "Tariffs talks in Geneva.", "Meridian Wire", "2026-03-10T23:30:00-02:00");
        let b = article("Port strike", "Tariffs and pay in Durban.", "Harbour Ledger", "2026-03-10");
        let mut c = article("Old tariffs", "Tariffs long ago.", "Harbour Ledger", "2026-03-10");
        c.published = None;
        c.refresh_id();
        index.add(&[a, b, c]).unwrap();
        index.commit().unwrap();
        let q = SearchQuery::new("tariffs");
        let days = index.counts(&q, Interval::Day).unwrap();
        // The article's own day: 23:30 at UTC-2 on the 10th is of the 10th.
        assert_eq!(days.periods.into_iter().collect::<Vec<_>>(), [(1_773_100_800, 2)]);
        assert_eq!((days.total, days.undated, days.day_only), (3, 1, 0));
        let hours = index.counts(&q, Interval::Hour).unwrap();
        // ... and 01:00 UTC on the 11th by hour.
        assert_eq!(hours.periods.into_iter().collect::<Vec<_>>(), [(1_773_100_800 + 86_400 + 3_600, 1)]);
        assert_eq!((hours.total, hours.undated, hours.day_only), (3, 1, 1));

        // Every article's counts are kept until the next commit, and no longer.
        let everything = SearchQuery::new("");
        assert_eq!(index.counts(&everything, Interval::Day).unwrap().total, 3);
        assert_eq!(index.counts(&everything, Interval::Day).unwrap().total, 3);
        index.add(&[article("Later", "Another day.", "Meridian Wire", "2026-03-12")]).unwrap();
        index.commit().unwrap();
        let after = index.counts(&everything, Interval::Day).unwrap();
        assert_eq!((after.total, after.periods.len()), (4, 2));
    }

    #[test]
    fn an_index_of_the_layout_before_hours_answers_all_but_hours() {
        let dir = tempfile::tempdir().unwrap();
        Index::create_in_dir(dir.path(), schema(false)).unwrap();
        std::fs::write(dir.path().join(LAYOUT_FILE), LAYOUT_WITHOUT_HOURS).unwrap();
        let mut old = SearchIndex::open(dir.path()).unwrap();
        let mut a = article("Geneva talks", "Tariffs talks in Geneva.", "Meridian Wire", "2026-03-10T23:30:00-02:00");
        a.story = Some("S1".into());
        old.add(&[a.clone(), article("Port strike", "Tariffs in Durban.", "Harbour Ledger", "2026-03-11")]).unwrap();
        old.commit().unwrap();
        // Fields are found by name, whatever their place in the old schema.
        let mut q = SearchQuery::new("tariffs");
        assert_eq!(old.search(&q).unwrap().total, 2);
        q.story = Some("S1".into());
        assert_eq!(old.search(&q).unwrap().hits[0].id, a.id);
        q.story = None;
        q.source = Some("harbour ledger".into());
        let days: Vec<(i64, u64)> = old.counts(&q, Interval::Day).unwrap().periods.into_iter().collect();
        assert_eq!(days, [(1_773_187_200, 1)]);
        assert!(matches!(old.counts(&q, Interval::Hour), Err(Error::NoHours(_))));
        drop(old);
        // `reindex` recreates it in the current layout.
        let new = SearchIndex::recreate(dir.path()).unwrap();
        assert!(new.counts(&q, Interval::Hour).is_ok());
    }
}
