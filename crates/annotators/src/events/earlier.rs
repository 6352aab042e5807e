//! Which earlier event of the document a new mention continues. Comparing each mention with
//! every event before it cost a long document its length squared (8 MB of news spent a
//! fifth of its time there), so the events are filed by type and status, and within those
//! by each named participant: an event with names can only continue one that shares a name.

use std::collections::HashMap;

use newsgraph_document::EventStatus;

/// An event's type name and status.
type Bucket = (&'static str, u8);

fn bucket(kind: &'static str, status: EventStatus) -> Bucket {
    (kind, status as u8)
}

/// The events found so far (indices into the finder's output, in order of filing).
#[derive(Default)]
pub(super) struct Earlier {
    /// By bucket and entity: the events naming that entity, ascending.
    by_entity: HashMap<(Bucket, usize), Vec<usize>>,
    /// By bucket: the events filed with no names, ascending (they may gain names later).
    unnamed: HashMap<Bucket, Vec<usize>>,
    /// By bucket: the latest event.
    latest: HashMap<Bucket, usize>,
}

impl Earlier {
    /// The latest event of this type and status that a mention naming `key` (sorted entity
    /// indices) continues: one whose names contain its names or are contained in them; with
    /// no names on either side, only a definite noun ("the blast") continues an event.
    /// `names(i)` gives event `i`'s names now.
    pub(super) fn find<'a>(
        &self,
        kind: &'static str,
        status: EventStatus,
        key: &[usize],
        definite: bool,
        names: impl Fn(usize) -> &'a [usize],
    ) -> Option<usize> {
        let b = bucket(kind, status);
        if key.is_empty() {
            return if definite { self.latest.get(&b).copied() } else { None };
        }
        let subset = |a: &[usize], b: &[usize]| a.iter().all(|x| b.contains(x));
        let mut best = if definite {
            self.unnamed.get(&b).and_then(|v| v.iter().rev().find(|&&i| names(i).is_empty()).copied())
        } else {
            None
        };
        for &e in key {
            let Some(events) = self.by_entity.get(&(b, e)) else { continue };
            let found = events.iter().rev().find(|&&i| {
                let k = names(i);
                subset(key, k) || subset(k, key)
            });
            best = best.max(found.copied());
        }
        best
    }

    /// Files a new event `i` with its names.
    pub(super) fn file(&mut self, i: usize, kind: &'static str, status: EventStatus, names: &[usize]) {
        let b = bucket(kind, status);
        self.latest.insert(b, i);
        if names.is_empty() {
            self.unnamed.entry(b).or_default().push(i);
        }
        self.named(i, kind, status, names);
    }

    /// Files event `i` under names it has gained (an earlier event is re-filed in order).
    pub(super) fn named(&mut self, i: usize, kind: &'static str, status: EventStatus, names: &[usize]) {
        let b = bucket(kind, status);
        for &e in names {
            let events = self.by_entity.entry((b, e)).or_default();
            if let Err(at) = events.binary_search(&i) {
                events.insert(at, i);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Against the scan it replaces, over every small pattern of names.
    #[test]
    fn finds_what_scanning_every_earlier_event_finds() {
        let sets: Vec<Vec<usize>> = vec![vec![], vec![0], vec![1], vec![0, 1], vec![1, 2], vec![0, 1, 2]];
        let statuses = [EventStatus::Happened, EventStatus::Scheduled];
        for seed in 0..200usize {
            let mut earlier = Earlier::default();
            let mut out: Vec<(Vec<usize>, EventStatus)> = Vec::new();
            let mut x = seed;
            for _ in 0..12 {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407) >> 3;
                let key = sets[x % sets.len()].clone();
                let status = statuses[(x / 7) % 2];
                let definite = (x / 13) % 2 == 0;
                let subset = |a: &[usize], b: &[usize]| a.iter().all(|y| b.contains(y));
                let want = out.iter().rposition(|(k, s)| {
                    *s == status
                        && if key.is_empty() || k.is_empty() { definite } else { subset(&key, k) || subset(k, &key) }
                });
                let got = earlier.find("meet", status, &key, definite, |i| &out[i].0);
                assert_eq!(got, want, "seed {seed}: {key:?} against {out:?}");
                match got {
                    Some(i) if key.len() > out[i].0.len() => {
                        out[i].0 = key.clone();
                        earlier.named(i, "meet", status, &key);
                    }
                    Some(_) => {}
                    None => {
                        earlier.file(out.len(), "meet", status, &key);
                        out.push((key, status));
                    }
                }
            }
        }
    }
}
