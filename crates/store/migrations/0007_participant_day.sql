-- An entity's events, latest first, straight from one index: the participant rows carry their
-- event's day, so `events --with` and the entity profile read the newest rows of the entity
-- and stop, rather than gathering and sorting every event of a much-mentioned entity.
ALTER TABLE event_participants ADD COLUMN day TEXT;
UPDATE event_participants SET day =
    (SELECT e.day FROM events e WHERE e.article = event_participants.article AND e.seq = event_participants.seq);
DROP INDEX event_participants_entity;
CREATE INDEX event_participants_entity ON event_participants(entity, day DESC, article, seq);
