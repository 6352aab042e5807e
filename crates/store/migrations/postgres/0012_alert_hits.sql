-- Matches are recorded a batch at a time: see the SQLite migration 0016_alert_hits.sql.
ALTER TABLE alerts ADD COLUMN matches BIGINT NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN last_batch BIGINT;
CREATE TABLE alert_batches (
    batch BIGSERIAL PRIMARY KEY,
    at    TEXT COLLATE "C" NOT NULL
);
CREATE TABLE alert_hits (
    batch    BIGINT NOT NULL,
    alert    TEXT COLLATE "C" NOT NULL,
    articles TEXT COLLATE "C" NOT NULL,
    prev     BIGINT,
    PRIMARY KEY (batch, alert)
);
CREATE TABLE alert_seen (article TEXT COLLATE "C" PRIMARY KEY);

INSERT INTO alert_batches (batch, at)
SELECT row_number() OVER (ORDER BY matched_at), matched_at FROM (SELECT DISTINCT matched_at FROM alert_matches) d;
SELECT setval(pg_get_serial_sequence('alert_batches', 'batch'), coalesce((SELECT max(batch) FROM alert_batches), 0) + 1, false);
INSERT INTO alert_hits (batch, alert, articles, prev)
SELECT batch, alert, articles, lag(batch) OVER (PARTITION BY alert ORDER BY batch) FROM (
    SELECT b.batch AS batch, m.alert AS alert, string_agg(m.article, ' ' ORDER BY m.article) AS articles
    FROM alert_matches m JOIN alert_batches b ON b.at = m.matched_at
    GROUP BY b.batch, m.alert
) g;
UPDATE alerts SET
    matches = (SELECT count(*) FROM alert_matches m WHERE m.alert = alerts.name),
    last_batch = (SELECT max(h.batch) FROM alert_hits h WHERE h.alert = alerts.name);
INSERT INTO alert_seen (article) SELECT DISTINCT article FROM alert_matches;
DELETE FROM alert_matches WHERE alert IN (SELECT name FROM alerts WHERE webhook IS NULL);
DROP INDEX alert_matches_recent;
