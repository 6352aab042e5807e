//! Feature hashing for the learned components (quote contents, event status): a feature is a
//! 64-bit hash of its template and its parts, computed from the bytes without allocating.

/// Feature hash of a template and its parts.
#[derive(Clone, Copy)]
pub(crate) struct F(u64);

impl F {
    pub(crate) fn new(t: u8) -> F {
        F(0x9E37_79B9_7F4A_7C15 ^ (t as u64).wrapping_mul(0xff51_afd7_ed55_8ccd))
    }
    pub(crate) fn bytes(mut self, b: &[u8]) -> F {
        for &x in b {
            self.0 = (self.0 ^ x as u64).wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = (self.0.rotate_left(7) ^ b.len() as u64).wrapping_mul(0x517c_c1b7_2722_0a95);
        self
    }
    pub(crate) fn num(mut self, n: u64) -> F {
        self.0 = (self.0.rotate_left(5) ^ n.wrapping_add(0x1234_5678)).wrapping_mul(0x517c_c1b7_2722_0a95);
        self
    }
    pub(crate) fn done(self) -> u64 {
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^ (x >> 33)
    }
}
