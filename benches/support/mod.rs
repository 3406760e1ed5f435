//! The random graphs the centrality and path benchmarks share: `m` distinct undirected
//! signed ties on `n` actors from a seeded SplitMix64 (Steele, Lea & Flood 2014), 70%
//! allied, |w| uniform in [0.1, 1].

use std::collections::HashSet;

struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// `m` distinct undirected signed ties `(a, b, w)` on `n` actors, in the order drawn.
pub fn random_ties(n: usize, m: usize, seed: u64) -> Vec<(usize, usize, f64)> {
    let mut rng = SplitMix64(seed);
    let mut seen = HashSet::with_capacity(m);
    let mut ties = Vec::with_capacity(m);
    while seen.len() < m {
        let (a, b) = (rng.below(n), rng.below(n));
        if a == b || !seen.insert((a.min(b), a.max(b))) {
            continue;
        }
        let mag = 0.1 + 0.9 * rng.unit();
        let w = if rng.unit() < 0.7 { mag } else { -mag };
        ties.push((a, b, w));
    }
    ties
}
