-- A match of an alert without a webhook has nothing to deliver: from now on it is recorded
-- as delivered (store/src/alerts.rs), so the index of deliveries waiting holds only what a
-- webhook waits for, and the delivery loop no longer reads past every feed-only match.
UPDATE alert_matches SET delivered = 1
WHERE delivered = 0 AND alert IN (SELECT name FROM alerts WHERE webhook IS NULL);
