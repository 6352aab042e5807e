-- Every resolved place mention (the `places` layer) for `export --table places`, and the
-- coordinates of each event's place for the GDELT-style export's ActionGeo columns.
CREATE TABLE places (
    article    TEXT COLLATE "C" NOT NULL,
    seq        BIGINT NOT NULL,
    start_char BIGINT NOT NULL,
    end_char   BIGINT NOT NULL,
    text       TEXT NOT NULL,
    entity     TEXT COLLATE "C",
    geonameid  BIGINT NOT NULL,
    name       TEXT NOT NULL,
    kind       TEXT COLLATE "C" NOT NULL,
    country    TEXT COLLATE "C",
    division   TEXT,
    lat        DOUBLE PRECISION NOT NULL,
    lon        DOUBLE PRECISION NOT NULL,
    confidence DOUBLE PRECISION NOT NULL,
    day        TEXT COLLATE "C",
    PRIMARY KEY (article, seq)
);
CREATE INDEX places_geonameid ON places(geonameid, day);
CREATE INDEX places_country ON places(country, day);
CREATE INDEX places_lat ON places(lat, lon);
ALTER TABLE events ADD COLUMN geonameid BIGINT;
ALTER TABLE events ADD COLUMN lat DOUBLE PRECISION;
ALTER TABLE events ADD COLUMN lon DOUBLE PRECISION;
ALTER TABLE events ADD COLUMN country TEXT COLLATE "C";
ALTER TABLE events ADD COLUMN place_kind TEXT COLLATE "C";
