//! MinHash fingerprints of article bodies.
//!
//! 64 hash functions over overlapping 4-word shingles (lower-cased words), cut into 16 bands
//! of 4: two articles whose shingle sets have Jaccard similarity 0.8 share a band with
//! probability 0.9998, at 0.5 with 0.64, at 0.2 with 0.03; candidates are then checked on the
//! full signature. No crate persists LSH bands in a database, and the signature itself is a
//! few lines, so it is written here (SplitMix64 mixing: stable across platforms and runs).

const HASHES: usize = 64;
/// Bands per signature (rows per band: 64 / 16 = 4).
pub const BANDS: usize = 16;
const ROWS: usize = HASHES / BANDS;
const SHINGLE: usize = 4;

/// A MinHash signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint(pub Vec<u32>);

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn word_hash(w: &str) -> u64 {
    // FNV-1a over the lower-cased word.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for c in w.chars().flat_map(char::to_lowercase) {
        let mut buf = [0u8; 4];
        for b in c.encode_utf8(&mut buf).bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

impl Fingerprint {
    /// The fingerprint of a text; `None` when it has too few words to say anything.
    pub fn of(text: &str) -> Option<Fingerprint> {
        let words: Vec<u64> =
            text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(word_hash).collect();
        if words.len() < SHINGLE * 2 {
            return None;
        }
        let mut mins = [u64::MAX; HASHES];
        for window in words.windows(SHINGLE) {
            let shingle = window.iter().fold(0u64, |acc, &w| mix(acc ^ w));
            for (i, m) in mins.iter_mut().enumerate() {
                let h = mix(shingle ^ (i as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93));
                if h < *m {
                    *m = h;
                }
            }
        }
        Some(Fingerprint(mins.iter().map(|&m| (m >> 32) as u32).collect()))
    }

    /// One key per band: articles sharing a key are duplicate candidates.
    pub fn band_keys(&self) -> Vec<i64> {
        self.0
            .chunks(ROWS)
            .enumerate()
            .map(|(b, rows)| {
                let h = rows.iter().fold(mix(b as u64), |acc, &r| mix(acc ^ u64::from(r)));
                h as i64
            })
            .collect()
    }

    /// Estimated Jaccard similarity of the two shingle sets.
    pub fn similarity(&self, other: &Fingerprint) -> f64 {
        if self.0.len() != other.0.len() || self.0.is_empty() {
            return 0.0;
        }
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f64 / self.0.len() as f64
    }

    /// Bytes for storage.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    /// From stored bytes.
    pub fn from_bytes(b: &[u8]) -> Fingerprint {
        Fingerprint(b.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Dock workers in the port walked out on Monday over pay, halting container traffic \
        for the third time this year, as the union said talks with the port authority had failed and \
        the strike would continue until the government stepped in with a new offer for the workers.";

    #[test]
    fn copies_with_edits_are_similar_and_other_texts_are_not() {
        let a = Fingerprint::of(TEXT).unwrap();
        let edited = format!("By Staff Reporter. {} Copyright 2026 Example Wire.", TEXT.replace("Monday", "Tuesday"));
        let b = Fingerprint::of(&edited).unwrap();
        assert!(a.similarity(&b) > 0.6, "{}", a.similarity(&b));
        assert!(a.band_keys().iter().any(|k| b.band_keys().contains(k)));
        let other = Fingerprint::of(
            "The central bank raised interest rates by a quarter point on Thursday, citing \
            stubborn inflation in services and a tight labour market that kept wages rising.",
        )
        .unwrap();
        assert!(a.similarity(&other) < 0.1);
        assert_eq!(Fingerprint::from_bytes(&a.to_bytes()), a);
        assert!(Fingerprint::of("too short").is_none());
    }
}
