-- Articles: metadata columns for filtering, the full document (JSON form) for reading back.
CREATE TABLE articles (
    id             TEXT PRIMARY KEY,
    url            TEXT,
    text_hash      TEXT NOT NULL,
    source         TEXT,
    published      TEXT,
    published_day  TEXT,
    title          TEXT,
    dateline_place TEXT,
    language       TEXT,
    reader         TEXT NOT NULL,
    origin         TEXT,
    version        INTEGER NOT NULL DEFAULT 1,
    supersedes     TEXT REFERENCES articles(id),
    ingested_at    TEXT NOT NULL,
    indexed        INTEGER NOT NULL DEFAULT 0,
    doc            TEXT NOT NULL
);
CREATE INDEX articles_url ON articles(url) WHERE url IS NOT NULL;
CREATE INDEX articles_day ON articles(published_day);
CREATE INDEX articles_unindexed ON articles(indexed) WHERE indexed = 0;

-- Inputs that could not be read, kept so that a batch's problems can be looked at later.
CREATE TABLE ingest_failures (
    seq      INTEGER PRIMARY KEY,
    origin   TEXT NOT NULL,
    reason   TEXT NOT NULL,
    at       TEXT NOT NULL
);
