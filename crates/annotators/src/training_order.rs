//! The order a perceptron visits its examples in: shuffled afresh each epoch by a seeded
//! xorshift, so that training is reproducible and needs no random-number crate.

pub(crate) struct TrainingOrder {
    order: Vec<usize>,
    state: u64,
}

impl TrainingOrder {
    pub(crate) fn new(n: usize, seed: u64) -> TrainingOrder {
        TrainingOrder { order: (0..n).collect(), state: seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1 }
    }

    /// The next epoch's order (Fisher–Yates over the previous one).
    pub(crate) fn shuffle(&mut self) -> &[usize] {
        for k in (1..self.order.len()).rev() {
            self.state ^= self.state << 13;
            self.state ^= self.state >> 7;
            self.state ^= self.state << 17;
            self.order.swap(k, (self.state % (k as u64 + 1)) as usize);
        }
        &self.order
    }
}
