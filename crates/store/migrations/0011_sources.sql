-- Sources that `follow` polls (feeds, sitemaps, section fronts) and what it last saw of each.
-- Times are RFC 3339 UTC text ("2026-03-02T08:00:00Z"), which sorts as it compares.
CREATE TABLE sources (
    url           TEXT PRIMARY KEY,
    kind          TEXT,
    title         TEXT,
    added_at      TEXT NOT NULL,
    etag          TEXT,
    last_modified TEXT,
    interval_secs INTEGER NOT NULL,
    next_poll     TEXT NOT NULL,
    last_poll     TEXT,
    last_success  TEXT,
    last_new      TEXT,
    last_error    TEXT,
    last_error_at TEXT,
    errors        INTEGER NOT NULL DEFAULT 0,
    articles      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sources_next_poll ON sources(next_poll);

-- Every item a source listed that was stored or given up on, by canonical URL: a restarted
-- follower fetches none of them again.
CREATE TABLE source_items (
    url     TEXT PRIMARY KEY,
    source  TEXT NOT NULL,
    article TEXT,
    seen_at TEXT NOT NULL
);
CREATE INDEX source_items_source ON source_items(source, seen_at);
