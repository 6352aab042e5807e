//! Backup and restore of a data directory. A backup is the store alone, copied by SQLite's
//! online backup (consistent, and safe while `serve` and `ingest` run: see
//! [`SqliteStore::backup`]). The search index is not copied: it is a view derived from the
//! store, and a copy of it would have to be taken at the very instant of the store's copy
//! while an ingest commits to both (an index ahead of the store finds articles the store
//! lacks; one behind hides articles the store records as indexed). Restoring rebuilds it,
//! which costs the restore a reindex and makes the backup smaller.

use std::path::Path;

use newsgraph_store::{LinkReport, SqliteStore};

use crate::{Engine, Error, Result};

/// The store's file in a data directory, and in a backup.
const STORE: &str = "newsgraph.db";

/// Writes a backup of the data directory `data` into the directory `dest` (created; it must
/// be new or empty). Returns the backup's file and its schema version.
pub fn backup(data: &Path, dest: &Path) -> Result<(std::path::PathBuf, i64)> {
    if dest.is_file() || dest.read_dir().is_ok_and(|mut d| d.next().is_some()) {
        return Err(Error::Invalid(format!("{} is not an empty directory: back up into a new one", dest.display())));
    }
    std::fs::create_dir_all(dest)
        .map_err(|source| newsgraph_store::Error::Io { path: dest.display().to_string(), source })?;
    let copy = dest.join(STORE);
    let version = SqliteStore::backup(&data.join(STORE), &copy)?;
    Ok((copy, version))
}

/// Restores the backup `src` (the directory [`backup`] wrote, or its file) as the data
/// directory `data`, which must hold no knowledge base, and builds its index. A backup of an
/// older schema is migrated on the way, as any store is when opened. Returns the articles
/// indexed.
pub fn restore(src: &Path, data: &Path) -> Result<u64> {
    let file = if src.is_dir() { src.join(STORE) } else { src.to_path_buf() };
    if !file.is_file() {
        return Err(Error::Invalid(format!(
            "no backup at {}: give the directory `newsgraph backup` wrote",
            src.display()
        )));
    }
    if data.join(STORE).exists() || data.join("index").exists() {
        return Err(Error::Invalid(format!(
            "{} already holds a knowledge base: restore into a new directory, or remove this one first",
            data.display()
        )));
    }
    std::fs::create_dir_all(data)
        .map_err(|source| newsgraph_store::Error::Io { path: data.display().to_string(), source })?;
    SqliteStore::backup(&file, &data.join(STORE))?;
    Engine::open(data)?.index_restored()
}

impl Engine {
    /// Builds the index of a store just restored. First what the next ingest would have done
    /// in the backed-up directory — link what was stored but not linked, match the articles
    /// stored but not yet indexed against the alerts and index them — so that articles the
    /// backup caught in flight fire their alerts once, as they would have; then every article
    /// is indexed anew, with no alert (the rest were matched on their way in).
    fn index_restored(&mut self) -> Result<u64> {
        self.link_pending(&mut LinkReport::default(), &[])?;
        self.catch_up_index(true)?;
        self.reindex()
    }
}
