-- Mentions per entity and day, kept as articles are linked, so that an entity's timeline is
-- read from a few hundred rows rather than summed over every article that names it.
CREATE TABLE entity_days (entity TEXT NOT NULL, day TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (entity, day)) WITHOUT ROWID;
INSERT INTO entity_days (entity, day, count)
    SELECT entity, day, sum(count) FROM mentions WHERE day IS NOT NULL GROUP BY entity, day;
