-- Attention per hour, kept by linking (store/src/attention.rs): how many articles each story
-- got from each source, and how many articles named each entity, per UTC hour (hours since
-- the Unix epoch; an article dated to the day only counts at its day's noon). Trends read a
-- window and a baseline of these rows, never the articles.
CREATE TABLE story_hours (
    story    TEXT NOT NULL,
    hour     INTEGER NOT NULL,
    source   TEXT NOT NULL,
    articles INTEGER NOT NULL,
    PRIMARY KEY (story, hour, source)
);
CREATE INDEX story_hours_hour ON story_hours(hour);
CREATE TABLE entity_hours (
    entity   TEXT NOT NULL,
    hour     INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    PRIMARY KEY (entity, hour)
);
CREATE INDEX entity_hours_hour ON entity_hours(hour);
-- Articles linked before this migration, counted once.
INSERT INTO story_hours (story, hour, source, articles)
SELECT story,
       CASE WHEN length(published) = 10 THEN CAST(strftime('%s', published) AS INTEGER) / 3600 + 12
            ELSE CAST(strftime('%s', published) AS INTEGER) / 3600 END,
       coalesce(source, ''), count(*)
FROM articles
WHERE linked = 1 AND story IS NOT NULL AND strftime('%s', published) IS NOT NULL
GROUP BY 1, 2, 3;
INSERT INTO entity_hours (entity, hour, articles)
SELECT m.entity,
       CASE WHEN length(a.published) = 10 THEN CAST(strftime('%s', a.published) AS INTEGER) / 3600 + 12
            ELSE CAST(strftime('%s', a.published) AS INTEGER) / 3600 END,
       count(*)
FROM mentions m JOIN articles a ON a.id = m.article
WHERE strftime('%s', a.published) IS NOT NULL
GROUP BY 1, 2;
