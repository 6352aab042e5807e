//! The averaged perceptron's weights over hashed features, as the speaker ranker and the
//! joiner train them: each weight's running sum is brought up to date lazily, only when the
//! weight changes, so an update costs the features it touches, not the whole table.

use std::collections::HashMap;

use newsgraph_ner::BuildIdentity;

#[derive(Default)]
pub(crate) struct Averaged {
    pub(crate) weights: HashMap<u64, f32, BuildIdentity>,
    /// For each weight, its sum over the steps up to the last change, and that step.
    totals: HashMap<u64, (f64, u64), BuildIdentity>,
}

impl Averaged {
    /// The current score of a feature set.
    pub(crate) fn score(&self, features: &[u64]) -> f32 {
        features.iter().filter_map(|f| self.weights.get(f)).sum()
    }

    /// Adds `delta` to each feature's weight at `step`.
    pub(crate) fn update(&mut self, features: &[u64], delta: f32, step: u64) {
        for f in features {
            let v = self.weights.entry(*f).or_default();
            let t = self.totals.entry(*f).or_insert((0.0, step));
            t.0 += (step - t.1) as f64 * *v as f64;
            t.1 = step;
            *v += delta;
        }
    }

    /// Each weight averaged over `steps` steps; zeros left out.
    pub(crate) fn average(self, steps: u64) -> HashMap<u64, f32, BuildIdentity> {
        let Averaged { weights, totals } = self;
        weights
            .into_iter()
            .map(|(f, v)| {
                let (t, s) = totals.get(&f).copied().unwrap_or((0.0, steps));
                (f, ((t + (steps - s) as f64 * v as f64) / steps.max(1) as f64) as f32)
            })
            .filter(|(_, v)| *v != 0.0)
            .collect()
    }
}
