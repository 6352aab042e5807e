//! One writer at a time per data directory. Two `ingest`s (or an ingest and a follower)
//! writing one SQLite store and one tantivy index at once met midway as "database is
//! locked" or a busy index lock, and the second failed with half its work undone. Now the
//! second waits for the first and then runs: articles the first stored are found as
//! duplicates, so both succeed and each article is stored once. The lock is an advisory
//! lock on `writer.lock`, released by the system when the process ends, `kill -9` included.
//! A PostgreSQL database needs none: its workers are made to write side by side.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::Path;

use crate::{Error, Location, Result};

/// Held while a process writes a data directory; dropping it lets the next writer in.
#[derive(Debug)]
pub struct WriterLock {
    _file: File,
}

impl WriterLock {
    /// Takes the writer lock of `location` (none for PostgreSQL). When another process holds
    /// it, calls `waiting` with what that process wrote into the lock (its pid, command and
    /// start), then waits for it. `command` is what this process writes in turn.
    pub fn acquire(location: &Location, command: &str, waiting: impl FnOnce(&str)) -> Result<Option<WriterLock>> {
        let Location::Dir(dir) = location else { return Ok(None) };
        Self::acquire_in(dir, command, waiting).map(Some)
    }

    /// Takes the lock if no other process holds it; else fails at once with
    /// [`Error::WriterBusy`] naming the holder (for a server, which should not keep a request
    /// waiting for an ingest to end).
    pub fn try_acquire(location: &Location, command: &str) -> Result<Option<WriterLock>> {
        let Location::Dir(dir) = location else { return Ok(None) };
        let mut busy = None;
        let lock = Self::lock_in(dir, command, |holder| {
            busy = Some(holder.to_string());
            false
        })?;
        match (lock, busy) {
            (Some(lock), _) => Ok(Some(lock)),
            (None, holder) => Err(Error::WriterBusy(holder.unwrap_or_default())),
        }
    }

    fn acquire_in(dir: &Path, command: &str, waiting: impl FnOnce(&str)) -> Result<WriterLock> {
        let lock = Self::lock_in(dir, command, |holder| {
            waiting(holder);
            true
        })?;
        Ok(lock.expect("a writer that waits gets the lock"))
    }

    /// Takes the lock; when another process holds it, asks `wait` (given the holder) whether
    /// to wait for it, and gives up with `None` if not.
    fn lock_in(dir: &Path, command: &str, wait: impl FnOnce(&str) -> bool) -> Result<Option<WriterLock>> {
        let path = dir.join("writer.lock");
        let failed = |source: std::io::Error| Error::Lock { path: path.display().to_string(), source };
        std::fs::create_dir_all(dir).map_err(failed)?;
        let mut file =
            OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path).map_err(failed)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                // Best effort: the holder may be rewriting it this very moment.
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                if !wait(if holder.is_empty() { "another newsgraph process" } else { holder }) {
                    return Ok(None);
                }
                file.lock().map_err(failed)?;
            }
            Err(TryLockError::Error(e)) => return Err(failed(e)),
        }
        let since = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
        let who = format!("newsgraph {command} (pid {}, since {since})\n", std::process::id());
        file.set_len(0).and_then(|()| file.rewind()).and_then(|()| file.write_all(who.as_bytes())).map_err(failed)?;
        Ok(Some(WriterLock { _file: file }))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_second_writer_waits_for_the_first_and_is_told_who_holds_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let at = Location::Dir(dir.path().join("data"));
        let first = WriterLock::acquire(&at, "ingest a.jsonl", |_| panic!("nobody holds it yet")).expect("lock");
        let (told, heard) = mpsc::channel();
        let (done, finished) = mpsc::channel();
        let second = {
            let at = at.clone();
            std::thread::spawn(move || {
                let lock = WriterLock::acquire(&at, "ingest b.jsonl", |holder| told.send(holder.to_string()).unwrap());
                done.send(()).unwrap();
                lock
            })
        };
        let holder = heard.recv_timeout(Duration::from_secs(10)).expect("the second writer is told it waits");
        assert!(holder.starts_with("newsgraph ingest a.jsonl (pid "), "{holder}");
        assert!(finished.recv_timeout(Duration::from_millis(300)).is_err(), "the second must wait");
        drop(first);
        finished.recv_timeout(Duration::from_secs(10)).expect("the second writer goes on once the first is done");
        assert!(second.join().unwrap().expect("lock").is_some());
        let now = std::fs::read_to_string(dir.path().join("data/writer.lock")).unwrap();
        assert!(now.starts_with("newsgraph ingest b.jsonl"), "{now}");
    }

    #[test]
    fn trying_while_another_writes_fails_at_once_naming_the_writer() {
        let dir = tempfile::tempdir().expect("temp dir");
        let at = Location::Dir(dir.path().to_path_buf());
        let first = WriterLock::acquire(&at, "ingest a.jsonl", |_| ()).expect("lock");
        match WriterLock::try_acquire(&at, "serve") {
            Err(Error::WriterBusy(holder)) => assert!(holder.starts_with("newsgraph ingest a.jsonl"), "{holder}"),
            other => panic!("expected busy, got {other:?}"),
        }
        drop(first);
        assert!(WriterLock::try_acquire(&at, "serve").expect("free now").is_some());
    }

    #[test]
    fn a_postgres_database_takes_no_lock() {
        let at = Location::Postgres("postgres://nowhere/db".into());
        assert!(WriterLock::acquire(&at, "ingest", |_| ()).unwrap().is_none());
    }
}
