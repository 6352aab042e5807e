//! Entity identity across articles: the keys an entity is known by, and its global id.
//!
//! Merging is conservative. A person is found by first and last name ("Taro Aso", "Mr Taro
//! Aso", "Taro A. Aso" share `p:taro aso`); a bare surname ("Kim") only joins a known person
//! when exactly one person with that surname is known and the article gives other evidence
//! (the caller checks co-occurring entities). Organisations and places are found by any of
//! their names, acronyms included, with articles, honorifics, accents and corporate suffixes
//! ignored ("Nomura Securities Co" = "Nomura Securities"). Keys carry the kind, so "Jordan"
//! the country never meets Jordan the person.

use newsgraph_document::EntityKind;
use sha2::{Digest, Sha256};

/// Most characters of a name used in keys (an absurd 5,000-character "name" stays cheap).
const MAX_NAME: usize = 200;

const HONORIFICS: &[&str] = &["mr", "mrs", "ms", "miss", "dr", "sir", "madam", "dame", "lord", "lady", "prof"];
const SUFFIXES: &[&str] =
    &["co", "corp", "corporation", "inc", "ltd", "limited", "plc", "ag", "sa", "nv", "llc", "group", "holdings"];

/// Lower case, accents off, punctuation to spaces, honorifics and a leading "the" dropped.
pub fn fold(name: &str) -> Vec<String> {
    let mut s = String::with_capacity(name.len().min(MAX_NAME));
    for c in name.chars().take(MAX_NAME) {
        for l in c.to_lowercase() {
            s.push(match l {
                'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
                'ç' | 'ć' | 'č' => 'c',
                'ď' | 'đ' => 'd',
                'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
                'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
                'ł' => 'l',
                'ñ' | 'ń' | 'ň' => 'n',
                'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
                'ř' => 'r',
                'ś' | 'š' | 'ş' => 's',
                'ť' | 'ţ' => 't',
                'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
                'ý' | 'ÿ' => 'y',
                'ź' | 'ż' | 'ž' => 'z',
                '’' | '\'' => '\'',
                c if c.is_alphanumeric() => c,
                _ => ' ',
            });
        }
    }
    let mut words: Vec<String> =
        s.split_whitespace().map(|w| w.trim_end_matches("'s").trim_matches('\'').to_string()).collect();
    words.retain(|w| !w.is_empty());
    while words.first().is_some_and(|w| w == "the" || HONORIFICS.contains(&w.as_str())) {
        words.remove(0);
    }
    words
}

/// The keys of one name of an entity of `kind`; empty when the name is empty.
/// For a person's bare surname this is the weak key `ps:` (see [`is_weak`]).
pub fn name_keys(kind: EntityKind, name: &str) -> Vec<String> {
    let mut words = fold(name);
    if words.is_empty() {
        return Vec::new();
    }
    match kind {
        EntityKind::Person => {
            // Hyphenated given names stay whole ("Kim Seo-yeon"); middle names and initials go.
            if words.len() == 1 {
                return vec![format!("ps:{}", words[0])];
            }
            let (first, last) = (&words[0], &words[words.len() - 1]);
            vec![format!("p:{first} {last}"), format!("ps:{last}")]
        }
        EntityKind::Organisation => {
            while words.len() > 1 && words.last().is_some_and(|w| SUFFIXES.contains(&w.as_str())) {
                words.pop();
            }
            vec![format!("o:{}", words.join(" "))]
        }
        EntityKind::Location => vec![format!("l:{}", words.join(" "))],
        EntityKind::Misc => vec![format!("m:{}", words.join(" "))],
    }
}

/// Whether a key only hints at an identity (a bare surname).
pub fn is_weak(key: &str) -> bool {
    key.starts_with("ps:")
}

/// The global id of an entity first known under `key`: a kind letter and 15 hex digits.
pub fn global_id(key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("{}{}", key.chars().next().unwrap_or('x').to_ascii_uppercase(), &hex[..15])
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntityKind::*;

    #[test]
    fn keys_ignore_honorifics_accents_and_suffixes() {
        assert_eq!(name_keys(Person, "Mr Taro Aso")[0], "p:taro aso");
        assert_eq!(name_keys(Person, "Taro A. Aso")[0], "p:taro aso");
        assert_eq!(name_keys(Person, "Dragan Petrović")[0], name_keys(Person, "Dragan Petrovic")[0]);
        assert_eq!(name_keys(Person, "Kim"), vec!["ps:kim"]);
        assert_ne!(name_keys(Person, "Kim Seo-yeon")[0], name_keys(Person, "Kim Tae-hoon")[0]);
        assert_eq!(name_keys(Organisation, "Nomura Securities Co"), name_keys(Organisation, "the Nomura Securities"));
        assert_ne!(name_keys(Location, "Jordan"), name_keys(Person, "Jordan"));
        assert!(name_keys(Person, "  ").is_empty());
        assert!(name_keys(Person, &"x".repeat(5000))[0].len() < 300);
        assert_eq!(global_id("p:taro aso"), global_id("p:taro aso"));
        assert!(global_id("p:taro aso").starts_with('P'));
    }
}
