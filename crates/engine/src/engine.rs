use std::path::{Path, PathBuf};

use newsgraph_document::Document;
use newsgraph_pipeline::Pipeline;
use newsgraph_search::{SearchIndex, SearchQuery, SearchResults};
use newsgraph_store::{ArticleRow, SqliteStore, Stats, Store};

use crate::Result;

/// Documents the engine replays into the index at a time.
const REPLAY_BATCH: usize = 512;

/// A newsgraph knowledge base in a data directory.
pub struct Engine {
    pub(crate) store: Box<dyn Store>,
    pub(crate) index: SearchIndex,
    pub(crate) pipeline: Pipeline,
    data_dir: PathBuf,
}

/// The annotation pipeline every ingest and extract runs.
pub fn default_pipeline() -> Pipeline {
    Pipeline::from_names(&newsgraph_annotators::registry(), newsgraph_annotators::DEFAULT_PIPELINE)
        .expect("the default pipeline is well-formed (checked by a test)")
}

impl Engine {
    /// Opens (creating if needed) the knowledge base in `data_dir`: `newsgraph.db` and
    /// `index/`. Opening writes nothing, so queries can run while an ingest does; articles
    /// left unindexed by an interrupted ingest are indexed by the next ingest.
    pub fn open(data_dir: &Path) -> Result<Engine> {
        let store = SqliteStore::open(&data_dir.join("newsgraph.db"))?;
        let index = SearchIndex::open(&data_dir.join("index"))?;
        Ok(Engine { store: Box::new(store), index, pipeline: default_pipeline(), data_dir: data_dir.to_path_buf() })
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Indexes whatever the store holds that the index has not confirmed.
    pub(crate) fn catch_up_index(&mut self) -> Result<u64> {
        let mut done = 0;
        loop {
            let docs = self.store.unindexed(REPLAY_BATCH)?;
            if docs.is_empty() {
                return Ok(done);
            }
            self.index.add(&docs)?;
            self.index.commit()?;
            let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
            self.store.mark_indexed(&ids)?;
            done += docs.len() as u64;
        }
    }

    /// Rebuilds the search index from the store.
    pub fn reindex(&mut self) -> Result<u64> {
        self.index = SearchIndex::recreate(self.index.path().to_path_buf().as_path())?;
        self.store.reset_indexed()?;
        self.catch_up_index()
    }

    /// Full-text search.
    pub fn search(&self, query: &SearchQuery) -> Result<SearchResults> {
        Ok(self.index.search(query)?)
    }

    /// One article by id (or unique id prefix), with its stored layers (tokens, an
    /// in-process layer, are not stored).
    pub fn article(&self, id: &str) -> Result<Option<Document>> {
        Ok(self.store.get(id)?)
    }

    /// Counts over the knowledge base.
    pub fn stats(&self) -> Result<Stats> {
        Ok(self.store.stats()?)
    }

    /// The most recently published articles.
    pub fn recent(&self, limit: usize) -> Result<Vec<ArticleRow>> {
        Ok(self.store.recent(limit)?)
    }
}
