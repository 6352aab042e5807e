-- The CAMEO root code of each event type, for the GDELT-style export.
ALTER TABLE events ADD COLUMN cameo TEXT;
