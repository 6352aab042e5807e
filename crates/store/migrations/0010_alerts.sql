-- Alerts (saved searches, store/src/alerts.rs): a name, the search as JSON (the engine's
-- `SavedSearch`), where to POST its matches (a webhook and the secret that signs them), and
-- every article that matched it, recorded once, with its delivery to the webhook.
CREATE TABLE alerts (
    name       TEXT PRIMARY KEY,
    search     TEXT NOT NULL,
    webhook    TEXT,
    secret     TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE alert_matches (
    alert      TEXT NOT NULL,
    article    TEXT NOT NULL,
    matched_at TEXT NOT NULL,
    delivered  INTEGER NOT NULL DEFAULT 0,
    attempts   INTEGER NOT NULL DEFAULT 0,
    next_attempt TEXT,
    PRIMARY KEY (alert, article)
);
CREATE INDEX alert_matches_recent ON alert_matches(alert, matched_at);
CREATE INDEX alert_matches_undelivered ON alert_matches(next_attempt) WHERE delivered = 0;
