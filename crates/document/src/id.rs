use sha2::{Digest, Sha256};

/// The stable id of an article: 16 hex digits of the SHA-256 of its normalised title and
/// body (whitespace runs collapsed to one space, ends trimmed), so that the same article read
/// twice, from any format, gets the same id, and any change of wording a new one.
pub fn content_id(title: Option<&str>, text: &str) -> String {
    let mut hasher = Sha256::new();
    feed_normalised(&mut hasher, title.unwrap_or(""));
    hasher.update([0x1f]);
    feed_normalised(&mut hasher, text);
    let digest = hasher.finalize();
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

fn feed_normalised(hasher: &mut Sha256, s: &str) {
    let mut first = true;
    for word in s.split_whitespace() {
        if !first {
            hasher.update(b" ");
        }
        hasher.update(word.as_bytes());
        first = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_does_not_change_the_id_but_words_do() {
        let a = content_id(Some("Title"), "One  two\n\nthree ");
        let b = content_id(Some(" Title"), "One two three");
        let c = content_id(Some("Title"), "One two four");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.len(), 16);
    }

    #[test]
    fn title_and_body_are_kept_apart() {
        assert_ne!(content_id(Some("a b"), "c"), content_id(Some("a"), "b c"));
    }
}
