-- Sources that `follow` polls (feeds, sitemaps, section fronts) and what it last saw of each.
-- Times are RFC 3339 UTC text ("2026-03-02T08:00:00Z"), which sorts as it compares.
CREATE TABLE sources (
    url           TEXT COLLATE "C" PRIMARY KEY,
    kind          TEXT COLLATE "C",
    title         TEXT,
    added_at      TEXT COLLATE "C" NOT NULL,
    etag          TEXT,
    last_modified TEXT,
    interval_secs BIGINT NOT NULL,
    next_poll     TEXT COLLATE "C" NOT NULL,
    last_poll     TEXT COLLATE "C",
    last_success  TEXT COLLATE "C",
    last_new      TEXT COLLATE "C",
    last_error    TEXT,
    last_error_at TEXT COLLATE "C",
    errors        BIGINT NOT NULL DEFAULT 0,
    articles      BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX sources_next_poll ON sources(next_poll);

-- Every item a source listed that was stored or given up on, by canonical URL: a restarted
-- follower fetches none of them again.
CREATE TABLE source_items (
    url     TEXT COLLATE "C" PRIMARY KEY,
    source  TEXT COLLATE "C" NOT NULL,
    article TEXT COLLATE "C",
    seen_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX source_items_source ON source_items(source, seen_at);
