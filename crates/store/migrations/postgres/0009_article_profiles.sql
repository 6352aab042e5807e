-- Each article's story profile, kept so that a story can be looked at again as it grows and
-- split when its articles turn out to tell two happenings (src/splits.rs). Articles linked
-- before this migration have none: their stories are split on what later articles bring.
CREATE TABLE article_profiles (article TEXT COLLATE "C" PRIMARY KEY, profile TEXT NOT NULL);
