-- Threads: stories that continue one another over weeks or months (see the SQLite
-- migration 0012_threads.sql).
CREATE TABLE threads (
    id          TEXT COLLATE "C" PRIMARY KEY,
    title       TEXT COLLATE "C",
    first_seen  TEXT COLLATE "C",
    last_seen   TEXT COLLATE "C",
    stories     BIGINT NOT NULL,
    articles    BIGINT NOT NULL
);
CREATE INDEX threads_last_seen ON threads(last_seen);
ALTER TABLE stories ADD COLUMN thread TEXT COLLATE "C";
CREATE INDEX stories_thread ON stories(thread) WHERE thread IS NOT NULL;
