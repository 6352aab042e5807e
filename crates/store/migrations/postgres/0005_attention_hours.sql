-- Attention per hour, kept by linking (store/src/attention.rs): how many articles each story
-- got from each source, and how many articles named each entity, per UTC hour (hours since
-- the Unix epoch; an article dated to the day only counts at its day's noon). Trends read a
-- window and a baseline of these rows, never the articles.
CREATE TABLE story_hours (
    story    TEXT COLLATE "C" NOT NULL,
    hour     BIGINT NOT NULL,
    source   TEXT COLLATE "C" NOT NULL,
    articles BIGINT NOT NULL,
    PRIMARY KEY (story, hour, source)
);
CREATE INDEX story_hours_hour ON story_hours(hour);
CREATE TABLE entity_hours (
    entity   TEXT COLLATE "C" NOT NULL,
    hour     BIGINT NOT NULL,
    articles BIGINT NOT NULL,
    PRIMARY KEY (entity, hour)
);
CREATE INDEX entity_hours_hour ON entity_hours(hour);
-- Articles linked before this migration, counted once. `published` is what `Published`
-- prints: a day, a local date-time (taken as UTC) or RFC 3339.
CREATE FUNCTION pg_temp.published_hour(p TEXT) RETURNS BIGINT LANGUAGE SQL IMMUTABLE AS $$
    SELECT CASE WHEN length(p) = 10 THEN (p::date - DATE '1970-01-01') * 24 + 12
        ELSE floor(extract(epoch FROM (CASE WHEN p ~ '(Z|[+-][0-9][0-9]:?[0-9][0-9])$' THEN p ELSE p || 'Z' END)::timestamptz) / 3600)::bigint
    END
$$;
INSERT INTO story_hours (story, hour, source, articles)
SELECT story, pg_temp.published_hour(published), coalesce(source, ''), count(*)
FROM articles
WHERE linked = 1 AND story IS NOT NULL AND published IS NOT NULL
GROUP BY 1, 2, 3;
INSERT INTO entity_hours (entity, hour, articles)
SELECT m.entity, pg_temp.published_hour(a.published), count(*)
FROM mentions m JOIN articles a ON a.id = m.article
WHERE a.published IS NOT NULL
GROUP BY 1, 2;
