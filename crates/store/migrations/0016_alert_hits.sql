-- Matches are recorded a batch at a time (store/src/alerts.rs): one row per alert that matched
-- in a batch, holding the ids it matched, instead of one row per (alert, article). With ten
-- thousand alerts each batch dirtied two index pages per alert that matched, scattered over
-- indexes that grew with every match; now the batch's rows are appended in key order, and the
-- alert's own row (its count and its newest batch) is what changes. An alert's matches are
-- read newest first by following `prev` from `alerts.last_batch`.
ALTER TABLE alerts ADD COLUMN matches INTEGER NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN last_batch INTEGER;
CREATE TABLE alert_batches (
    batch INTEGER PRIMARY KEY,
    at    TEXT NOT NULL
);
CREATE TABLE alert_hits (
    batch    INTEGER NOT NULL,
    alert    TEXT NOT NULL,
    articles TEXT NOT NULL,  -- article ids, separated by spaces
    prev     INTEGER,        -- the alert's batch before this one
    PRIMARY KEY (batch, alert)
) WITHOUT ROWID;
-- Articles already matched against the alerts: a replay (the index catching up after a crash
-- between recording and indexing) does not record them twice.
CREATE TABLE alert_seen (article TEXT PRIMARY KEY) WITHOUT ROWID;

-- What was recorded before, one batch per recording time.
INSERT INTO alert_batches (batch, at)
SELECT row_number() OVER (ORDER BY matched_at), matched_at FROM (SELECT DISTINCT matched_at FROM alert_matches);
INSERT INTO alert_hits (batch, alert, articles, prev)
SELECT batch, alert, articles, lag(batch) OVER (PARTITION BY alert ORDER BY batch) FROM (
    SELECT b.batch AS batch, m.alert AS alert, group_concat(m.article, ' ') AS articles
    FROM alert_matches m JOIN alert_batches b ON b.at = m.matched_at
    GROUP BY b.batch, m.alert
);
UPDATE alerts SET
    matches = (SELECT count(*) FROM alert_matches m WHERE m.alert = alerts.name),
    last_batch = (SELECT max(h.batch) FROM alert_hits h WHERE h.alert = alerts.name);
INSERT INTO alert_seen (article) SELECT DISTINCT article FROM alert_matches;
-- `alert_matches` now holds deliveries to webhooks only.
DELETE FROM alert_matches WHERE alert IN (SELECT name FROM alerts WHERE webhook IS NULL);
DROP INDEX alert_matches_recent;
