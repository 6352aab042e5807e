-- What `stats` reports, kept as articles are stored (store/src/articles.rs, `totals`):
-- counting it over `articles` read every stored article, documents included, per request;
-- the soak (bench/soak.py) saw /api/stats take 2 s at 80,000 articles. Keys: 'articles',
-- 'versions', 'entities', 'quotes', 'time_expressions', 'events', 'reader:NAME', and
-- 'source:KEY' (the outlet as `stats` counts it, lower(trim(source))).
CREATE TABLE article_totals (
    k TEXT PRIMARY KEY,
    n INTEGER NOT NULL
);
INSERT INTO article_totals (k, n) SELECT 'articles', COUNT(*) FROM articles;
INSERT INTO article_totals (k, n) SELECT 'versions', COUNT(*) FROM articles WHERE supersedes IS NOT NULL;
INSERT INTO article_totals (k, n)
SELECT 'entities', COALESCE(SUM(n_entities), 0) FROM articles;
INSERT INTO article_totals (k, n)
SELECT 'quotes', COALESCE(SUM(n_quotes), 0) FROM articles;
INSERT INTO article_totals (k, n)
SELECT 'time_expressions', COALESCE(SUM(n_time_expressions), 0) FROM articles;
INSERT INTO article_totals (k, n)
SELECT 'events', COALESCE(SUM(n_events), 0) FROM articles;
INSERT INTO article_totals (k, n)
SELECT 'reader:' || reader, COUNT(*) FROM articles GROUP BY reader;
INSERT INTO article_totals (k, n)
SELECT 'source:' || lower(trim(source)), COUNT(*) FROM articles WHERE source IS NOT NULL GROUP BY lower(trim(source));
