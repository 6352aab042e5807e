//! Language identification for bodies that do not declare one.

/// ISO 639-1 code of the text's language, when the detector is confident.
pub(crate) fn detect(text: &str) -> Option<String> {
    let mut end = text.len().min(4000);
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

/// Two-letter codes for the languages whatlang knows that have one.
fn iso639_1(code3: &str) -> Option<&'static str> {
    Some(match code3 {
        "eng" => "en", "deu" => "de", "fra" => "fr", "spa" => "es", "ita" => "it", "por" => "pt",
        "nld" => "nl", "rus" => "ru", "ukr" => "uk", "pol" => "pl", "ces" => "cs", "slk" => "sk",
        "slv" => "sl", "hrv" => "hr", "srp" => "sr", "bul" => "bg", "ron" => "ro", "hun" => "hu",
        "fin" => "fi", "swe" => "sv", "dan" => "da", "nob" => "nb", "est" => "et", "lav" => "lv",
        "lit" => "lt", "ell" => "el", "tur" => "tr", "ara" => "ar", "heb" => "he", "pes" => "fa",
        "hin" => "hi", "ben" => "bn", "urd" => "ur", "cmn" => "zh", "jpn" => "ja", "kor" => "ko",
        "vie" => "vi", "tha" => "th", "ind" => "id", "epo" => "eo", "afr" => "af", "cat" => "ca",
        "bel" => "be", "kat" => "ka", "hye" => "hy", "aze" => "az", "kaz" => "kk", "uzb" => "uz",
        "tgl" => "tl", "swa" => "sw", "yor" => "yo", "zul" => "zu", "tam" => "ta", "tel" => "te",
        "mar" => "mr", "guj" => "gu", "pan" => "pa", "kan" => "kn", "mal" => "ml", "nep" => "ne",
        "sin" => "si", "khm" => "km", "mya" => "my", "amh" => "am", "lat" => "la", "jav" => "jv",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn english_is_en() {
        let t = "The finance minister said on Friday that the government would not change its policy on trade this year.";
        assert_eq!(super::detect(t).as_deref(), Some("en"));
        assert_eq!(super::detect(""), None);
    }
}
