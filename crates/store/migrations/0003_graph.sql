-- Across articles: near-duplicates, stories, entities merged over articles, and the quotes and
-- events that point at them. Filled by linking (src/links.rs) in publication order.
ALTER TABLE articles ADD COLUMN linked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN duplicate_of TEXT;
ALTER TABLE articles ADD COLUMN story TEXT;
CREATE INDEX articles_unlinked ON articles(linked) WHERE linked = 0;
CREATE INDEX articles_story ON articles(story);
CREATE INDEX articles_title ON articles(title);

-- MinHash signatures and their band keys (locality-sensitive lookup of near-duplicates).
CREATE TABLE fingerprints (article TEXT PRIMARY KEY, signature BLOB NOT NULL);
CREATE TABLE fingerprint_bands (band_key INTEGER NOT NULL, article TEXT NOT NULL);
CREATE INDEX fingerprint_bands_key ON fingerprint_bands(band_key);

-- Document frequencies of story terms, and counters.
CREATE TABLE term_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE graph_counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);

CREATE TABLE stories (
    id          TEXT PRIMARY KEY,
    title       TEXT,
    first_seen  TEXT,
    last_seen   TEXT,
    size        INTEGER NOT NULL,
    profile     TEXT NOT NULL,
    merged_into TEXT
);
CREATE INDEX stories_last_seen ON stories(last_seen) WHERE merged_into IS NULL;
CREATE TABLE story_keys (key TEXT NOT NULL, story TEXT NOT NULL, last_seen TEXT NOT NULL, PRIMARY KEY (key, story)) WITHOUT ROWID;
CREATE INDEX story_keys_recent ON story_keys(key, last_seen);

CREATE TABLE entities (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    name       TEXT NOT NULL,
    first_seen TEXT,
    last_seen  TEXT,
    articles   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX entities_name ON entities(name COLLATE NOCASE);
-- Every key an entity is found by (see newsgraph-graph's identity module), with the name it came from.
CREATE TABLE entity_keys (key TEXT NOT NULL, entity TEXT NOT NULL, alias TEXT NOT NULL, PRIMARY KEY (key, entity, alias)) WITHOUT ROWID;
CREATE INDEX entity_keys_entity ON entity_keys(entity);
CREATE TABLE entity_roles (
    entity     TEXT NOT NULL,
    title      TEXT NOT NULL,
    of         TEXT NOT NULL DEFAULT '',
    first_seen TEXT,
    last_seen  TEXT,
    PRIMARY KEY (entity, title, of)
) WITHOUT ROWID;
CREATE TABLE mentions (entity TEXT NOT NULL, article TEXT NOT NULL, day TEXT, count INTEGER NOT NULL, PRIMARY KEY (entity, article)) WITHOUT ROWID;
CREATE INDEX mentions_entity_day ON mentions(entity, day);
CREATE INDEX mentions_article ON mentions(article);

CREATE TABLE quotes (
    article      TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    speaker      TEXT,
    speaker_name TEXT,
    kind         TEXT NOT NULL,
    content      TEXT NOT NULL,
    cue          TEXT,
    date         TEXT,
    day          TEXT,
    PRIMARY KEY (article, seq)
);
CREATE INDEX quotes_speaker ON quotes(speaker, day);
CREATE INDEX quotes_day ON quotes(day);
CREATE TABLE events (
    article      TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    type         TEXT NOT NULL,
    status       TEXT NOT NULL,
    date         TEXT,
    day          TEXT,
    place        TEXT,
    what         TEXT,
    evidence     TEXT NOT NULL,
    participants TEXT NOT NULL,
    PRIMARY KEY (article, seq)
);
CREATE INDEX events_day ON events(day);
CREATE TABLE event_participants (article TEXT NOT NULL, seq INTEGER NOT NULL, entity TEXT NOT NULL, role TEXT NOT NULL);
CREATE INDEX event_participants_entity ON event_participants(entity);
