-- Alerts (saved searches, store/src/alerts.rs): a name, the search as JSON (the engine's
-- `SavedSearch`), where to POST its matches (a webhook and the secret that signs them), and
-- every article that matched it, recorded once, with its delivery to the webhook.
CREATE TABLE alerts (
    name       TEXT COLLATE "C" PRIMARY KEY,
    search     TEXT NOT NULL,
    webhook    TEXT,
    secret     TEXT,
    created_at TEXT COLLATE "C" NOT NULL
);
CREATE TABLE alert_matches (
    alert      TEXT COLLATE "C" NOT NULL,
    article    TEXT COLLATE "C" NOT NULL,
    matched_at TEXT COLLATE "C" NOT NULL,
    delivered  BIGINT NOT NULL DEFAULT 0,
    attempts   BIGINT NOT NULL DEFAULT 0,
    next_attempt TEXT COLLATE "C",
    PRIMARY KEY (alert, article)
);
CREATE INDEX alert_matches_recent ON alert_matches(alert, matched_at);
CREATE INDEX alert_matches_undelivered ON alert_matches(next_attempt) WHERE delivered = 0;
