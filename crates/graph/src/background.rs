//! How common each word is in news at large: document frequencies counted once over about
//! 24,000 articles of unlabelled news (`models/term-df/`), added to a store's own counts when
//! story profiles weigh words. A new or small collection has too few articles to tell a
//! topic word from an everyday one ("pants" in one article out of ten weighs more than
//! "Oscars" in five), so early articles began stories of their own.

use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

static TABLE: &[u8] = include_bytes!("../../../models/term-df/term-df.tsv.gz");

/// Document frequencies of words in the background news.
pub struct Background {
    docs: u32,
    df: HashMap<String, u32>,
}

impl Background {
    /// The compiled-in table (read on first use).
    pub fn get() -> &'static Background {
        static ONCE: OnceLock<Background> = OnceLock::new();
        ONCE.get_or_init(|| {
            let mut text = String::new();
            // The table is part of the build; a corrupt one fails every story test at once.
            flate2::read::GzDecoder::new(TABLE).read_to_string(&mut text).expect("models/term-df/term-df.tsv.gz reads");
            Background::parse(&text)
        })
    }

    fn parse(text: &str) -> Background {
        let mut docs = 0;
        let mut df = HashMap::new();
        for line in text.lines() {
            let Some((term, n)) = line.split_once('\t') else { continue };
            let Ok(n) = n.parse() else { continue };
            if term == "#docs" {
                docs = n;
            } else {
                df.insert(term.to_string(), n);
            }
        }
        Background { docs, df }
    }

    /// Articles the counts were taken over.
    pub fn docs(&self) -> u32 {
        self.docs
    }

    /// Articles of the background that use `term` (0 for words it never or rarely saw, and
    /// for entity features).
    pub fn df(&self, term: &str) -> u32 {
        self.df.get(term).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everyday_words_are_common_and_names_are_not() {
        let bg = Background::get();
        assert!(bg.docs() > 20_000);
        assert!(bg.df("government") > 1_000, "{}", bg.df("government"));
        assert!(bg.df("government") > 20 * bg.df("earthquake").max(1));
        assert_eq!(bg.df("e:P0123456789abcdef"), 0);
        assert_eq!(bg.df("the"), 0, "function words are not profile terms");
    }
}
