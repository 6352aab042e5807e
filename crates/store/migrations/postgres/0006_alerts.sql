-- Alerts (saved searches, store/src/alerts.rs): a name, the search as JSON (the engine's
-- `SavedSearch`), and every article that matched it, recorded once.
CREATE TABLE alerts (
    name       TEXT COLLATE "C" PRIMARY KEY,
    search     TEXT NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL
);
CREATE TABLE alert_matches (
    alert      TEXT COLLATE "C" NOT NULL,
    article    TEXT COLLATE "C" NOT NULL,
    matched_at TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (alert, article)
);
CREATE INDEX alert_matches_recent ON alert_matches(alert, matched_at);
