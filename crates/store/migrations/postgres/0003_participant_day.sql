-- An entity's events, latest first, straight from one index: the participant rows carry their
-- event's day, so `events --with` and the entity profile read the newest rows of the entity
-- and stop, rather than gathering and sorting every event of a much-mentioned entity.
ALTER TABLE event_participants ADD COLUMN day TEXT COLLATE "C";
UPDATE event_participants p SET day = e.day FROM events e WHERE e.article = p.article AND e.seq = p.seq;
DROP INDEX event_participants_entity;
CREATE INDEX event_participants_entity ON event_participants(entity, day DESC NULLS LAST, article, seq);
