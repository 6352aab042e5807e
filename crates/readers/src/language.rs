//! Language identification for bodies that do not declare one.

/// ISO 639-1 code of the text's language, when the detector is confident.
pub(crate) fn detect(text: &str) -> Option<String> {
    // Fast path for the common case: English function words are frequent enough in any
    // English prose that a fifth of the first hundred words being one of them settles it,
    // without trigram scoring against every language profile (the detector's cost).
    if looks_english(text) {
        return Some("en".to_string());
    }
    // A few hundred characters identify a language reliably; trigram scoring of more
    // costs time on every article for nothing.
    let mut end = text.len().min(600);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let info = whatlang::detect(&text[..end])?;
    if !info.is_reliable() {
        return None;
    }
    let code = info.lang().code();
    Some(iso639_1(code).unwrap_or(code).to_string())
}

fn looks_english(text: &str) -> bool {
    const FUNCTION_WORDS: &[&str] = &[
        "the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "was", "with", "he", "she", "it", "as", "at",
        "by", "said", "from", "his", "her", "has", "have", "had", "be", "are", "were", "will", "would", "not", "an",
        "this", "they", "who", "which", "their", "been", "but", "its",
    ];
    let mut words = 0;
    let mut hits = 0;
    for w in text.split_whitespace().take(100) {
        words += 1;
        let w = w.trim_matches(|c: char| !c.is_alphabetic());
        if FUNCTION_WORDS.iter().any(|f| w.eq_ignore_ascii_case(f)) {
            hits += 1;
        }
    }
    words >= 8 && hits * 5 >= words
}

/// Two-letter codes for the languages whatlang knows that have one.
fn iso639_1(code3: &str) -> Option<&'static str> {
    Some(match code3 {
        "eng" => "en",
        "deu" => "de",
        "fra" => "fr",
        "spa" => "es",
        "ita" => "it",
        "por" => "pt",
        "nld" => "nl",
        "rus" => "ru",
        "ukr" => "uk",
        "pol" => "pl",
        "ces" => "cs",
        "slk" => "sk",
        "slv" => "sl",
        "hrv" => "hr",
        "srp" => "sr",
        "bul" => "bg",
        "ron" => "ro",
        "hun" => "hu",
        "fin" => "fi",
        "swe" => "sv",
        "dan" => "da",
        "nob" => "nb",
        "est" => "et",
        "lav" => "lv",
        "lit" => "lt",
        "ell" => "el",
        "tur" => "tr",
        "ara" => "ar",
        "heb" => "he",
        "pes" => "fa",
        "hin" => "hi",
        "ben" => "bn",
        "urd" => "ur",
        "cmn" => "zh",
        "jpn" => "ja",
        "kor" => "ko",
        "vie" => "vi",
        "tha" => "th",
        "ind" => "id",
        "epo" => "eo",
        "afr" => "af",
        "cat" => "ca",
        "bel" => "be",
        "kat" => "ka",
        "hye" => "hy",
        "aze" => "az",
        "kaz" => "kk",
        "uzb" => "uz",
        "tgl" => "tl",
        "swa" => "sw",
        "yor" => "yo",
        "zul" => "zu",
        "tam" => "ta",
        "tel" => "te",
        "mar" => "mr",
        "guj" => "gu",
        "pan" => "pa",
        "kan" => "kn",
        "mal" => "ml",
        "nep" => "ne",
        "sin" => "si",
        "khm" => "km",
        "mya" => "my",
        "amh" => "am",
        "lat" => "la",
        "jav" => "jv",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn english_is_en() {
        let t =
            "The finance minister said on Friday that the government would not change its policy on trade this year.";
        assert_eq!(super::detect(t).as_deref(), Some("en"));
        assert_eq!(super::detect(""), None);
        let de = "Der Finanzminister sagte am Freitag, dass die Regierung ihre Handelspolitik in diesem Jahr nicht ändern werde.";
        assert_eq!(super::detect(de).as_deref(), Some("de"));
    }
}
