-- Alerts (saved searches, store/src/alerts.rs): a name, the search as JSON (the engine's
-- `SavedSearch`), and every article that matched it, recorded once.
CREATE TABLE alerts (
    name       TEXT PRIMARY KEY,
    search     TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE alert_matches (
    alert      TEXT NOT NULL,
    article    TEXT NOT NULL,
    matched_at TEXT NOT NULL,
    PRIMARY KEY (alert, article)
);
CREATE INDEX alert_matches_recent ON alert_matches(alert, matched_at);
