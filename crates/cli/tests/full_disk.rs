//! Ingest into a disk that fills: a small tmpfs the test mounts (as root, where mounting is
//! allowed; elsewhere the test skips with a notice). The ingest stops with exit 2 and a
//! message naming the full disk, the store opens and holds whole batches, and once there is
//! room again the same command finishes with every article stored once and indexed once.
//! The same when only the search index's disk fills: the message names the full disk (tantivy
//! itself says only that its writer was killed), and the rerun catches the index up.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

const TOTAL: u64 = 1_000;
const BATCH: u64 = 10;

/// A mounted tmpfs, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(at).unwrap();
        let out = Command::new("mount").args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"]).arg(at).output();
        match out {
            Ok(o) if o.status.success() => Some(Tmpfs(at.to_path_buf())),
            Ok(o) => {
                eprintln!(
                    "notice: cannot mount a tmpfs ({}); skipping the full-disk test",
                    String::from_utf8_lossy(&o.stderr).trim()
                );
                None
            }
            Err(e) => {
                eprintln!("notice: cannot run mount ({e}); skipping the full-disk test");
                None
            }
        }
    }

    /// Makes room: the same file system, grown (files stay).
    fn grow(&self, size: &str) {
        let o = Command::new("mount").args(["-o", &format!("remount,size={size}")]).arg(&self.0).output().unwrap();
        assert!(o.status.success(), "remount: {}", String::from_utf8_lossy(&o.stderr));
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `TOTAL` generated articles in a file under `dir`.
fn corpus(dir: &Path, seed: u64) -> PathBuf {
    let corpus = dir.join("corpus.jsonl");
    let generated = newsgraph()
        .args(["generate", "--count", &TOTAL.to_string(), "--seed", &seed.to_string()])
        .arg(&corpus)
        .output()
        .unwrap();
    assert_eq!(code(&generated), 0);
    corpus
}

/// The ingest stopped with exit 2 and said what to do.
fn stopped_on_a_full_disk(out: &std::process::Output) {
    assert_eq!(code(out), 2, "stdout: {}\nstderr: {}", stdout(out), stderr(out));
    let said = stderr(out);
    assert!(said.contains("is full") && said.contains("run the same command again"), "{said}");
}

#[test]
fn a_full_disk_stops_ingest_cleanly_and_the_same_ingest_finishes_later() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path(), 11);
    // Room for a few hundred of the thousand articles.
    let Some(disk) = Tmpfs::mount(&dir.path().join("disk"), "3m") else { return };
    let data = disk.0.join("data");
    let ingest = || run(&data, &["ingest", "--json", "--batch-size", &BATCH.to_string(), corpus.to_str().unwrap()]);

    stopped_on_a_full_disk(&ingest());

    // The store opens on the full disk and holds whole batches.
    let stats = run(&data, &["stats", "--json"]);
    assert_eq!(code(&stats), 0, "{}", stderr(&stats));
    let kept = json(&stats)["articles"].as_u64().unwrap();
    assert!(kept > 0 && kept < TOTAL, "the disk filled midway: {kept} of {TOTAL}");
    assert_eq!(kept % BATCH, 0, "whole batches only: {kept}");

    disk.grow("256m");
    let done = ingest();
    assert_eq!(code(&done), 0, "{}", stderr(&done));
    let report = json(&done);
    assert_eq!(report["new"].as_u64().unwrap() + report["duplicate"].as_u64().unwrap(), TOTAL);
    assert_eq!(report["duplicate"].as_u64(), Some(kept), "what was stored is recognised, not stored again");
    let stats = json(&run(&data, &["stats", "--json"]));
    assert_eq!(stats["articles"].as_u64(), Some(TOTAL), "each article stored once");
    assert_eq!(stats["indexed"].as_u64(), Some(TOTAL));
    // Every generated article ends with "The talks, article N in this series, continue."
    let all = json(&run(&data, &["search", "series", "--json", "--limit", "1"]));
    assert_eq!(all["total"].as_u64(), Some(TOTAL), "each article indexed once");
}

#[test]
fn a_full_index_disk_stops_ingest_and_the_index_catches_up_later() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path(), 12);
    // The store has room; the search index, on a disk of its own, has room for part of it.
    let data = dir.path().join("data");
    let Some(disk) = Tmpfs::mount(&data.join("index"), "300k") else { return };
    let ingest = || run(&data, &["ingest", "--json", "--batch-size", &BATCH.to_string(), corpus.to_str().unwrap()]);

    stopped_on_a_full_disk(&ingest());

    // What was stored stays stored; the index is behind it.
    let stats = run(&data, &["stats", "--json"]);
    assert_eq!(code(&stats), 0, "{}", stderr(&stats));
    let (stored, indexed) = (json(&stats)["articles"].as_u64().unwrap(), json(&stats)["indexed"].as_u64().unwrap());
    assert!(stored > 0 && indexed < stored, "{indexed} of {stored} indexed");

    disk.grow("256m");
    let done = ingest();
    assert_eq!(code(&done), 0, "{}", stderr(&done));
    let report = json(&done);
    assert_eq!(report["new"].as_u64().unwrap() + report["duplicate"].as_u64().unwrap(), TOTAL);
    let stats = json(&run(&data, &["stats", "--json"]));
    assert_eq!(stats["articles"].as_u64(), Some(TOTAL), "each article stored once");
    assert_eq!(stats["indexed"].as_u64(), Some(TOTAL), "the index caught up");
    let all = json(&run(&data, &["search", "series", "--json", "--limit", "1"]));
    assert_eq!(all["total"].as_u64(), Some(TOTAL), "each article indexed once");
}
