//! Feature hashing: every feature is a 64-bit hash of its template and its parts, computed
//! straight from the bytes, so that extracting features allocates nothing per feature.

/// Hash of a feature template applied to some parts.
#[derive(Clone, Copy)]
pub struct FeatureHash(u64);

impl FeatureHash {
    /// Starts a feature of template `t`.
    #[inline]
    pub fn new(t: u8) -> FeatureHash {
        FeatureHash(0x9E37_79B9_7F4A_7C15 ^ (t as u64).wrapping_mul(0xff51_afd7_ed55_8ccd))
    }

    /// Mixes in bytes (a word, a shape…).
    #[inline]
    pub fn bytes(mut self, b: &[u8]) -> FeatureHash {
        let mut chunks = b.chunks_exact(8);
        for c in &mut chunks {
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(c.try_into().expect("8 bytes")))
                .wrapping_mul(0x517c_c1b7_2722_0a95);
        }
        let rest = chunks.remainder();
        let mut last = [0u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(last) ^ ((b.len() as u64) << 56))
            .wrapping_mul(0x517c_c1b7_2722_0a95);
        self
    }

    /// Mixes in a small number (a tag, a position).
    #[inline]
    pub fn num(mut self, n: u64) -> FeatureHash {
        self.0 = (self.0.rotate_left(5) ^ n.wrapping_add(0x1234_5678)).wrapping_mul(0x517c_c1b7_2722_0a95);
        self
    }

    /// The final, well-spread hash.
    #[inline]
    pub fn finish(self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
        z = (z ^ (z >> 33)).wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        z ^ (z >> 33)
    }
}

/// A hasher for keys that are already hashes.
#[derive(Default, Clone, Copy)]
pub struct IdentityHasher(u64);

impl std::hash::Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// `BuildHasher` for [`IdentityHasher`].
pub type BuildIdentity = std::hash::BuildHasherDefault<IdentityHasher>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_and_parts_are_distinguished() {
        let a = FeatureHash::new(1).bytes(b"ab").bytes(b"c").finish();
        let b = FeatureHash::new(1).bytes(b"a").bytes(b"bc").finish();
        let c = FeatureHash::new(2).bytes(b"ab").bytes(b"c").finish();
        assert_ne!(a, b);
        assert_ne!(a, c);
        assert_eq!(a, FeatureHash::new(1).bytes(b"ab").bytes(b"c").finish());
    }
}
