-- Near-duplicate bands filed by publication week (the Julian day number over seven, see
-- `links::band_bucket`) ahead of the band key: an article looks for copies in the weeks
-- around its own, so inserts and lookups stay in the recent, hot part of the index however
-- large the store grows, rather than landing on a random page each.
ALTER TABLE fingerprint_bands ADD COLUMN bucket INTEGER NOT NULL DEFAULT 0;
UPDATE fingerprint_bands SET bucket = coalesce(
    (SELECT CAST(julianday(a.published_day) + 0.5 AS INTEGER) / 7 FROM articles a WHERE a.id = fingerprint_bands.article), 0);
DROP INDEX fingerprint_bands_key;
CREATE INDEX fingerprint_bands_key ON fingerprint_bands(bucket, band_key);
