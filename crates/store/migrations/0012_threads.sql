-- Threads: stories that continue one another over weeks or months (a later development of
-- the same affair). A story belongs to at most one thread; a story nothing continued has none.
-- Counts are kept by linking so that listing threads reads this table, not the stories.
CREATE TABLE threads (
    id         TEXT PRIMARY KEY,
    title      TEXT,
    first_seen TEXT,
    last_seen  TEXT,
    stories    INTEGER NOT NULL,
    articles   INTEGER NOT NULL
);
CREATE INDEX threads_last_seen ON threads(last_seen);
ALTER TABLE stories ADD COLUMN thread TEXT;
CREATE INDEX stories_thread ON stories(thread) WHERE thread IS NOT NULL;
