-- The PostgreSQL schema: the same tables and columns as SQLite's migrations 0001-0005 (the
-- shared SQL in src/articles.rs, links.rs and queries.rs runs on both), with 64-bit integers,
-- BYTEA for blobs, byte-order ("C") collation so that days and ids sort as in SQLite, and
-- `rowid` columns (BIGSERIAL) standing in for SQLite's implicit rowid.
CREATE TABLE articles (
    rowid          BIGSERIAL,
    id             TEXT COLLATE "C" PRIMARY KEY,
    url            TEXT COLLATE "C",
    text_hash      TEXT COLLATE "C" NOT NULL,
    source         TEXT COLLATE "C",
    published      TEXT COLLATE "C",
    published_day  TEXT COLLATE "C",
    title          TEXT COLLATE "C",
    dateline_place TEXT COLLATE "C",
    language       TEXT COLLATE "C",
    reader         TEXT COLLATE "C" NOT NULL,
    origin         TEXT COLLATE "C",
    version        BIGINT NOT NULL DEFAULT 1,
    supersedes     TEXT COLLATE "C" REFERENCES articles(id),
    ingested_at    TEXT COLLATE "C" NOT NULL,
    indexed        BIGINT NOT NULL DEFAULT 0,
    doc            TEXT NOT NULL,
    n_entities         BIGINT NOT NULL DEFAULT 0,
    n_quotes           BIGINT NOT NULL DEFAULT 0,
    n_time_expressions BIGINT NOT NULL DEFAULT 0,
    n_events           BIGINT NOT NULL DEFAULT 0,
    linked         BIGINT NOT NULL DEFAULT 0,
    duplicate_of   TEXT COLLATE "C",
    story          TEXT COLLATE "C"
);
CREATE INDEX articles_url ON articles(url) WHERE url IS NOT NULL;
CREATE INDEX articles_day ON articles(published_day);
CREATE INDEX articles_unindexed ON articles(indexed) WHERE indexed = 0;
CREATE INDEX articles_unlinked ON articles(linked) WHERE linked = 0;
CREATE INDEX articles_story ON articles(story);
CREATE INDEX articles_title ON articles(title);

CREATE TABLE ingest_failures (
    seq      BIGSERIAL PRIMARY KEY,
    origin   TEXT NOT NULL,
    reason   TEXT NOT NULL,
    at       TEXT NOT NULL
);

CREATE TABLE fingerprints (article TEXT COLLATE "C" PRIMARY KEY, signature BYTEA NOT NULL);
CREATE TABLE fingerprint_bands (rowid BIGSERIAL, band_key BIGINT NOT NULL, article TEXT COLLATE "C" NOT NULL);
CREATE INDEX fingerprint_bands_key ON fingerprint_bands(band_key, rowid);

CREATE TABLE term_df (term TEXT COLLATE "C" PRIMARY KEY, df BIGINT NOT NULL);
CREATE TABLE graph_counters (name TEXT COLLATE "C" PRIMARY KEY, value BIGINT NOT NULL);

CREATE TABLE stories (
    id          TEXT COLLATE "C" PRIMARY KEY,
    title       TEXT COLLATE "C",
    first_seen  TEXT COLLATE "C",
    last_seen   TEXT COLLATE "C",
    size        BIGINT NOT NULL,
    profile     TEXT NOT NULL,
    merged_into TEXT COLLATE "C"
);
CREATE INDEX stories_last_seen ON stories(last_seen) WHERE merged_into IS NULL;
CREATE TABLE story_keys (key TEXT COLLATE "C" NOT NULL, story TEXT COLLATE "C" NOT NULL,
    last_seen TEXT COLLATE "C" NOT NULL, PRIMARY KEY (key, story));
CREATE INDEX story_keys_recent ON story_keys(key, last_seen);

CREATE TABLE entities (
    id         TEXT COLLATE "C" PRIMARY KEY,
    kind       TEXT COLLATE "C" NOT NULL,
    name       TEXT COLLATE "C" NOT NULL,
    first_seen TEXT COLLATE "C",
    last_seen  TEXT COLLATE "C",
    articles   BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX entities_name ON entities(lower(name));
CREATE INDEX entities_articles ON entities(articles DESC, id);
CREATE TABLE entity_keys (key TEXT COLLATE "C" NOT NULL, entity TEXT COLLATE "C" NOT NULL,
    alias TEXT COLLATE "C" NOT NULL, PRIMARY KEY (key, entity, alias));
CREATE INDEX entity_keys_entity ON entity_keys(entity);
CREATE TABLE entity_roles (
    entity     TEXT COLLATE "C" NOT NULL,
    title      TEXT COLLATE "C" NOT NULL,
    of         TEXT COLLATE "C" NOT NULL DEFAULT '',
    first_seen TEXT COLLATE "C",
    last_seen  TEXT COLLATE "C",
    PRIMARY KEY (entity, title, of)
);
CREATE TABLE mentions (entity TEXT COLLATE "C" NOT NULL, article TEXT COLLATE "C" NOT NULL, day TEXT COLLATE "C",
    count BIGINT NOT NULL, PRIMARY KEY (entity, article));
CREATE INDEX mentions_entity_day ON mentions(entity, day);
CREATE INDEX mentions_article ON mentions(article);
CREATE TABLE entity_days (entity TEXT COLLATE "C" NOT NULL, day TEXT COLLATE "C" NOT NULL, count BIGINT NOT NULL,
    PRIMARY KEY (entity, day));

CREATE TABLE quotes (
    article      TEXT COLLATE "C" NOT NULL,
    seq          BIGINT NOT NULL,
    speaker      TEXT COLLATE "C",
    speaker_name TEXT COLLATE "C",
    kind         TEXT COLLATE "C" NOT NULL,
    content      TEXT NOT NULL,
    cue          TEXT COLLATE "C",
    date         TEXT COLLATE "C",
    day          TEXT COLLATE "C",
    PRIMARY KEY (article, seq)
);
CREATE INDEX quotes_speaker ON quotes(speaker, day);
CREATE INDEX quotes_day ON quotes(day);
CREATE TABLE events (
    article      TEXT COLLATE "C" NOT NULL,
    seq          BIGINT NOT NULL,
    type         TEXT COLLATE "C" NOT NULL,
    status       TEXT COLLATE "C" NOT NULL,
    date         TEXT COLLATE "C",
    day          TEXT COLLATE "C",
    place        TEXT COLLATE "C",
    what         TEXT COLLATE "C",
    evidence     TEXT NOT NULL,
    participants TEXT NOT NULL,
    cameo        TEXT COLLATE "C",
    PRIMARY KEY (article, seq)
);
CREATE INDEX events_day ON events(day);
CREATE TABLE event_participants (article TEXT COLLATE "C" NOT NULL, seq BIGINT NOT NULL,
    entity TEXT COLLATE "C" NOT NULL, role TEXT COLLATE "C" NOT NULL);
CREATE INDEX event_participants_entity ON event_participants(entity);

-- Distributed ingest: raw articles waiting for a worker. A worker claims a batch by setting
-- `worker` and `lease_until` (FOR UPDATE SKIP LOCKED); a batch whose lease ran out is
-- claimed again. Stored articles leave the queue in the transaction that stores them.
CREATE TABLE ingest_queue (
    seq         BIGSERIAL PRIMARY KEY,
    id          TEXT COLLATE "C" NOT NULL UNIQUE,
    doc         TEXT NOT NULL,
    queued_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    worker      TEXT,
    lease_until TIMESTAMPTZ,
    attempts    BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX ingest_queue_lease ON ingest_queue(lease_until NULLS FIRST, seq);
