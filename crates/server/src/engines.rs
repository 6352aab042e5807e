//! The engines the server queries through. An [`Engine`] holds a SQLite connection, which
//! one thread may use at a time, so the server keeps a few worker threads, each owning an
//! engine opened on the same data directory (SQLite WAL and tantivy readers let them read
//! side by side). Queries wait in one first-in-first-out queue and the next free worker takes
//! the oldest: under load every request waits about as long as the others (a pool of
//! mutexes lets some starve), and work never runs on more threads than there are engines.
//! A query whose client has gone (timed out, disconnected) is dropped unrun.
//!
//! Writes open their own engine, one at a time, and drop it afterwards, so the index
//! writer's lock is held only while an ingest runs and a `newsgraph ingest` in another
//! process can take its turn.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use newsgraph_engine::{Engine, IngestOptions, IngestReport, Location, Result, WriterLock};
use tokio::sync::oneshot;

/// Queries waiting for a worker before new ones are turned away as `busy`.
const QUEUE: usize = 4096;

/// A query for a worker's engine.
type Job = Box<dyn FnOnce(&Engine) + Send>;

/// Why a query got no answer.
#[derive(Debug)]
pub enum Refusal {
    /// The queue is full.
    Busy,
    /// The query panicked (the worker survives).
    Failed,
}

/// Worker engines over one data directory, and the write lock.
pub struct Engines {
    queue: SyncSender<Job>,
    writes: Mutex<()>,
    location: Location,
}

impl Engines {
    /// Opens `workers` engines (at least one) on `location`, each on a thread of its own.
    pub fn open(location: &Location, workers: usize) -> Result<Engines> {
        let mut engines =
            (0..workers.max(1)).map(|_| Engine::open_for_queries(location)).collect::<Result<Vec<_>>>()?;
        let (first, rest) = engines.split_at_mut(1);
        for engine in rest {
            engine.share_kept_profiles(&first[0]);
        }
        let (queue, jobs) = sync_channel::<Job>(QUEUE);
        let jobs = Arc::new(Mutex::new(jobs));
        for (i, engine) in engines.into_iter().enumerate() {
            let jobs = Arc::clone(&jobs);
            std::thread::Builder::new()
                .name(format!("newsgraph-engine-{i}"))
                .spawn(move || work(&engine, &jobs))
                .expect("spawn an engine thread");
        }
        Ok(Engines { queue, writes: Mutex::new(()), location: location.clone() })
    }

    /// The data directory.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// Runs `f` on the next free engine and waits for its answer.
    pub async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Engine) -> T + Send + 'static,
    ) -> std::result::Result<T, Refusal> {
        let (reply, answer) = oneshot::channel();
        let job: Job = Box::new(move |engine| {
            // Nobody waits for this answer any more: skip the work.
            if reply.is_closed() {
                return;
            }
            let _ = reply.send(f(engine));
        });
        match self.queue.try_send(job) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => return Err(Refusal::Busy),
            Err(TrySendError::Disconnected(_)) => return Err(Refusal::Failed),
        }
        answer.await.map_err(|_| Refusal::Failed)
    }

    /// Runs a write other than an ingest (saving an alert) with an engine of its own, one
    /// write at a time. Blocks: call it from a blocking task.
    pub fn write<T>(&self, f: impl FnOnce(&mut Engine) -> Result<T>) -> Result<T> {
        let _turn = lock(&self.writes);
        let mut engine = Engine::open_at(&self.location)?;
        f(&mut engine)
    }

    /// Ingests `paths` with an engine of its own, one ingest at a time. Blocks: call it from
    /// a blocking task.
    pub fn ingest(&self, paths: &[&Path], options: &IngestOptions) -> Result<IngestReport> {
        let _turn = lock(&self.writes);
        // An `ingest` command writing the same directory: answer busy now rather than keep
        // the request waiting for it to end.
        let _writing = WriterLock::try_acquire(&self.location, "serve")?;
        let mut engine = Engine::open_at(&self.location)?;
        engine.ingest(paths, options, &mut |_| {})
    }
}

impl Engines {
    /// Runs `f` with an engine of its own, in the write turn (the follower's rounds, whose
    /// errors are the follower's own). Blocks: call it from a thread of its own.
    pub fn write_turn<T>(&self, f: impl FnOnce(&mut Engine) -> T) -> Result<T> {
        let _turn = lock(&self.writes);
        let mut engine = Engine::open_at(&self.location)?;
        Ok(f(&mut engine))
    }
}

/// A worker: takes the oldest job, runs it, until the server (the queue's sender) is gone.
fn work(engine: &Engine, jobs: &Mutex<Receiver<Job>>) {
    loop {
        let job = match lock(jobs).recv() {
            Ok(job) => job,
            Err(_) => return,
        };
        // A panicking query drops its reply (the request answers `internal`); the engine
        // only reads, so it is as good as before for the next one.
        if catch_unwind(AssertUnwindSafe(|| job(engine))).is_err() {
            eprintln!("newsgraph serve: a query panicked");
        }
    }
}

/// Locks, ignoring poison: nothing guarded here is left half-changed by a panic.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
