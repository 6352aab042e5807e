-- Every resolved place mention (the `places` layer) for `export --table places`, and the
-- coordinates of each event's place for the GDELT-style export's ActionGeo columns.
CREATE TABLE places (
    article    TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char   INTEGER NOT NULL,
    text       TEXT NOT NULL,
    entity     TEXT,
    geonameid  INTEGER NOT NULL,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    country    TEXT,
    division   TEXT,
    lat        REAL NOT NULL,
    lon        REAL NOT NULL,
    confidence REAL NOT NULL,
    day        TEXT,
    PRIMARY KEY (article, seq)
);
CREATE INDEX places_geonameid ON places(geonameid, day);
CREATE INDEX places_country ON places(country, day);
CREATE INDEX places_lat ON places(lat, lon);
ALTER TABLE events ADD COLUMN geonameid INTEGER;
ALTER TABLE events ADD COLUMN lat REAL;
ALTER TABLE events ADD COLUMN lon REAL;
ALTER TABLE events ADD COLUMN country TEXT;
ALTER TABLE events ADD COLUMN place_kind TEXT;
