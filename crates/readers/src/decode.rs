//! Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, a declared legacy charset
//! for HTML, else UTF-8 decoded lossily with a warning. Binary data is refused.

/// Decoded text and, when something was replaced or guessed, a warning.
pub(crate) struct Decoded {
    pub text: String,
    pub warning: Option<String>,
}

/// Decodes `bytes`; `charset` is a label declared by the container (HTTP or `<meta>`).
pub(crate) fn decode(bytes: &[u8], charset: Option<&str>) -> Result<Decoded, String> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok(Decoded {
            text: text.into_owned(),
            warning: had_errors.then(|| format!("invalid {} replaced with U+FFFD", enc.name())),
        });
    }
    if looks_binary(bytes) {
        return Err("binary data, not text".to_string());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Decoded { text: s.to_string(), warning: None }),
        Err(e) => {
            if let Some(enc) = charset.and_then(|c| encoding_rs::Encoding::for_label(c.trim().as_bytes()))
                && enc != encoding_rs::UTF_8
            {
                let (text, _, had_errors) = enc.decode(bytes);
                return Ok(Decoded {
                    text: text.into_owned(),
                    warning: had_errors.then(|| format!("invalid {} replaced with U+FFFD", enc.name())),
                });
            }
            Ok(Decoded {
                text: String::from_utf8_lossy(bytes).into_owned(),
                warning: Some(format!("invalid UTF-8 from byte {} replaced with U+FFFD", e.valid_up_to())),
            })
        }
    }
}

/// NUL bytes or many control characters in the first 8 KiB mean binary data.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let control = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)).count();
    control * 10 > head.len().max(1)
}

/// The charset a page declares in its first bytes (`<meta charset>` or `http-equiv`).
pub(crate) fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let rest = head[at..].trim_start_matches(['"', '\'']);
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(rest.len());
    (end > 0).then(|| rest[..end].to_string())
}

/// The encoding an XML declaration at the start of `bytes` names
/// (`<?xml version="1.0" encoding="ISO-8859-1"?>`).
pub(crate) fn declared_xml_encoding(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]);
    let declaration = head.trim_start().strip_prefix("<?xml")?;
    let declaration = &declaration[..declaration.find("?>")?];
    let after = declaration.split_once("encoding")?.1.trim_start().strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let label = after[1..].split(quote).next()?.trim();
    (!label.is_empty() && after[1..].contains(quote)).then(|| label.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_latin1_and_junk() {
        assert_eq!(decode("héllo".as_bytes(), None).unwrap().text, "héllo");
        let latin1 = b"caf\xe9";
        let lossy = decode(latin1, None).unwrap();
        assert_eq!(lossy.text, "caf\u{fffd}");
        assert!(lossy.warning.unwrap().contains("byte 3"));
        assert_eq!(decode(latin1, Some("iso-8859-1")).unwrap().text, "café");
        assert!(decode(b"\x00\x01\x02binary", None).is_err());
        assert_eq!(decode(b"\xef\xbb\xbfbom", None).unwrap().text, "bom");
    }

    #[test]
    fn finds_the_xml_declared_encoding() {
        assert_eq!(
            declared_xml_encoding(b" <?xml version='1.0' encoding = 'ISO-8859-1' ?><rss>").as_deref(),
            Some("ISO-8859-1")
        );
        assert_eq!(declared_xml_encoding(b"<?xml version=\"1.0\"?><rss encoding=\"x\">"), None);
        assert_eq!(declared_xml_encoding(b"<?xml encoding=\"utf-8"), None);
        assert_eq!(declared_xml_encoding(b"<rss>"), None);
    }

    #[test]
    fn finds_meta_charset() {
        assert_eq!(declared_charset(b"<meta charset=\"windows-1252\">").as_deref(), Some("windows-1252"));
        assert_eq!(declared_charset(b"<html>").as_deref(), None);
    }
}
