//! The engines the server queries through. An [`Engine`] holds a SQLite connection, which
//! one thread may use at a time, so the server keeps a small pool of engines opened on the
//! same data directory (SQLite WAL and tantivy readers let them read side by side) and lends
//! one to each request. Writes open their own engine, one at a time, and drop it afterwards,
//! so the index writer's lock is held only while an ingest runs and a `newsgraph ingest` in
//! another process can take its turn.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use newsgraph_engine::{Engine, IngestOptions, IngestReport, Result};

/// A pool of engines over one data directory.
pub struct Engines {
    readers: Vec<Mutex<Engine>>,
    next: AtomicUsize,
    writes: Mutex<()>,
    data_dir: PathBuf,
}

impl Engines {
    /// Opens `readers` engines (at least one) on `data_dir`.
    pub fn open(data_dir: &Path, readers: usize) -> Result<Engines> {
        let readers = (0..readers.max(1)).map(|_| Engine::open(data_dir).map(Mutex::new)).collect::<Result<_>>()?;
        Ok(Engines { readers, next: AtomicUsize::new(0), writes: Mutex::new(()), data_dir: data_dir.to_path_buf() })
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Runs `f` with a free engine, waiting for one when all are busy. Blocks: call it from
    /// a blocking task.
    pub fn read<T>(&self, f: impl FnOnce(&Engine) -> T) -> T {
        let n = self.readers.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        for i in 0..n {
            if let Ok(engine) = self.readers[(start + i) % n].try_lock() {
                return f(&engine);
            }
        }
        f(&lock(&self.readers[start % n]))
    }

    /// Ingests `paths` with an engine of its own, one ingest at a time.
    pub fn ingest(&self, paths: &[&Path], options: &IngestOptions) -> Result<IngestReport> {
        let _turn = lock(&self.writes);
        let mut engine = Engine::open(&self.data_dir)?;
        engine.ingest(paths, options, &mut |_| {})
    }
}

/// Locks, ignoring poison: a panic in a query leaves the engine as it was (queries do not
/// write), so the next request may use it.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
