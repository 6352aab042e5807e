-- Per-article layer sizes, so that `stats` can total them without reading every document.
ALTER TABLE articles ADD COLUMN n_entities INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN n_quotes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN n_time_expressions INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN n_events INTEGER NOT NULL DEFAULT 0;
