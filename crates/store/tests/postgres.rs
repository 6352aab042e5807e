//! What only the PostgreSQL store has: the ingest queue (claims, leases, completion by the
//! holder only, give-ups), and its own schema versioning.

use std::time::Duration;

use newsgraph_document::Document;
use newsgraph_store::{Failure, Outcome, PostgresStore, Store};

fn store(test: &str) -> Option<PostgresStore> {
    let url = newsgraph_pgcluster::database(test)?;
    Some(PostgresStore::connect(&url).expect("connect"))
}

fn docs(n: usize) -> Vec<Document> {
    (0..n).map(|i| Document::new("text", format!("Queued article number {i} about grain exports."))).collect()
}

#[test]
fn enqueue_is_idempotent_and_skips_stored_articles() {
    let Some(mut s) = store("enqueue") else { return };
    let d = docs(4);
    s.put_batch(&d[..1]).unwrap();
    let q = s.queue().unwrap();
    assert_eq!(q.enqueue(&d).unwrap(), 3, "the stored one is not queued");
    assert_eq!(q.enqueue(&d).unwrap(), 0, "queueing again queues nothing");
    assert_eq!(q.queued().unwrap().waiting, 3);
}

#[test]
fn claims_do_not_overlap_and_the_holder_completes() {
    let Some(mut a) = store("claims") else { return };
    let q = a.queue().unwrap();
    q.enqueue(&docs(5)).unwrap();
    let first = q.claim("w1", 3, Duration::from_secs(60)).unwrap();
    let second = q.claim("w2", 3, Duration::from_secs(60)).unwrap();
    assert_eq!((first.len(), second.len()), (3, 2));
    assert!(first.iter().all(|c| second.iter().all(|d| d.seq != c.seq)));
    assert!(q.claim("w3", 3, Duration::from_secs(60)).unwrap().is_empty(), "everything is held");
    let done: Vec<(i64, Document)> = first.iter().map(|c| (c.seq, c.doc.clone())).collect();
    // w2 cannot complete what w1 holds.
    assert_eq!(q.complete("w2", &done, &[]).unwrap(), vec![None, None, None]);
    assert_eq!(q.complete("w1", &done, &[]).unwrap(), vec![Some(Outcome::New); 3]);
    let failed = [(second[0].seq, Failure { origin: second[0].doc.id.clone(), reason: "annotator panicked".into() })];
    let rest = [(second[1].seq, second[1].doc.clone())];
    assert_eq!(q.complete("w2", &rest, &failed).unwrap(), vec![Some(Outcome::New)]);
    assert_eq!(q.queued().unwrap(), Default::default());
    let stats = a.stats().unwrap();
    assert_eq!((stats.articles, stats.failures), (4, 1));
}

#[test]
fn an_expired_lease_passes_the_batch_to_another_worker() {
    let Some(mut s) = store("lease") else { return };
    let q = s.queue().unwrap();
    q.enqueue(&docs(2)).unwrap();
    let dead = q.claim("dead", 10, Duration::from_millis(200)).unwrap();
    assert_eq!(dead.len(), 2);
    std::thread::sleep(Duration::from_millis(400));
    let live = q.claim("live", 10, Duration::from_secs(60)).unwrap();
    assert_eq!(live.len(), 2, "the dead worker's lease ran out");
    let done: Vec<(i64, Document)> = live.iter().map(|c| (c.seq, c.doc.clone())).collect();
    // The dead worker wakes up late: its results are not stored twice.
    let late: Vec<(i64, Document)> = dead.iter().map(|c| (c.seq, c.doc.clone())).collect();
    assert_eq!(q.complete("dead", &late, &[]).unwrap(), vec![None, None]);
    assert_eq!(q.complete("live", &done, &[]).unwrap(), vec![Some(Outcome::New); 2]);
    assert_eq!(s.stats().unwrap().articles, 2);
}

#[test]
fn an_article_that_keeps_killing_workers_is_given_up() {
    let Some(mut s) = store("giveup") else { return };
    let q = s.queue().unwrap();
    q.enqueue(&docs(1)).unwrap();
    for _ in 0..5 {
        assert_eq!(q.claim("w", 1, Duration::from_millis(1)).unwrap().len(), 1);
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(q.claim("w", 1, Duration::from_secs(60)).unwrap().is_empty());
    assert_eq!(q.queued().unwrap(), Default::default());
    assert_eq!(s.stats().unwrap().failures, 1);
}

#[test]
fn a_newer_schema_is_refused_and_a_dead_address_fails_fast() {
    let Some(url) = newsgraph_pgcluster::database("newer") else { return };
    drop(PostgresStore::connect(&url).unwrap());
    let mut admin = newsgraph_store::postgres_client(&url).unwrap();
    admin.batch_execute("UPDATE newsgraph_schema SET version = 99").unwrap();
    match PostgresStore::connect(&url) {
        Err(newsgraph_store::Error::TooNew { found: 99, .. }) => {}
        other => panic!("expected a refusal, got {:?}", other.map(|_| ())),
    }
    // Nothing listens on this socket: an error, not a hang.
    let started = std::time::Instant::now();
    assert!(PostgresStore::connect("postgresql:///x?host=/nonexistent&user=x").is_err());
    assert!(started.elapsed() < Duration::from_secs(15));
}

#[test]
fn matches_recorded_one_row_each_move_into_batches() {
    let Some(url) = newsgraph_pgcluster::database("alert_batches") else { return };
    drop(PostgresStore::connect(&url).unwrap());
    // Back to schema 11's alert tables, with matches recorded one row each at two times.
    let mut admin = newsgraph_store::postgres_client(&url).unwrap();
    admin
        .batch_execute(
            "DROP TABLE alert_hits, alert_batches, alert_seen;
             ALTER TABLE alerts DROP COLUMN matches, DROP COLUMN last_batch;
             CREATE INDEX alert_matches_recent ON alert_matches(alert, matched_at);
             UPDATE newsgraph_schema SET version = 11;
             INSERT INTO alerts VALUES ('feed', '{}', NULL, NULL, '2026-01-01T00:00:00Z'),
                                       ('hook', '{}', 'http://127.0.0.1:9/', 'k', '2026-01-01T00:00:00Z');
             INSERT INTO alert_matches (alert, article, matched_at, delivered) VALUES
                ('feed', 'a1', '2026-01-02T00:00:00Z', 1), ('feed', 'a2', '2026-01-02T00:00:00Z', 1),
                ('feed', 'a3', '2026-01-03T00:00:00Z', 1), ('hook', 'a3', '2026-01-03T00:00:00Z', 0);",
        )
        .unwrap();
    let mut s = PostgresStore::connect(&url).unwrap();
    let counts: Vec<(String, u64)> = s.alerts().unwrap().into_iter().map(|a| (a.name, a.matches)).collect();
    assert_eq!(counts, [("feed".to_string(), 3), ("hook".to_string(), 1)]);
    let feed: Vec<String> = s.alert_matches(Some("feed"), 10).unwrap().into_iter().map(|m| m.article).collect();
    assert_eq!((feed.len(), feed[0].as_str()), (3, "a3"));
    assert_eq!(s.due_deliveries("2999-01-01T00:00:00Z", 10).unwrap().len(), 1);
    assert_eq!(s.record_alert_matches(&[("feed", "a1")]).unwrap(), 0);
    // New batches are numbered after the migrated ones and chain after them.
    assert_eq!(s.record_alert_matches(&[("feed", "a4")]).unwrap(), 1);
    let newest: Vec<String> = s.alert_matches(Some("feed"), 10).unwrap().into_iter().map(|m| m.article).collect();
    assert_eq!((newest.len(), newest[0].as_str()), (4, "a4"));
}
