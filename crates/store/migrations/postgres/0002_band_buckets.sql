-- Near-duplicate bands filed by publication week (the Julian day number over seven, see
-- `links::band_bucket`) ahead of the band key: an article looks for copies in the weeks
-- around its own, so inserts and lookups stay in the recent, hot part of the index however
-- large the store grows, rather than landing on a random page each.
ALTER TABLE fingerprint_bands ADD COLUMN bucket BIGINT NOT NULL DEFAULT 0;
UPDATE fingerprint_bands f SET bucket = to_char(a.published_day::date, 'J')::bigint / 7
    FROM articles a WHERE a.id = f.article AND a.published_day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
        AND a.published_day >= '0001-01-01';
DROP INDEX fingerprint_bands_key;
CREATE INDEX fingerprint_bands_key ON fingerprint_bands(bucket, band_key, rowid);
