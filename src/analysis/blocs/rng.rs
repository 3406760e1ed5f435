//! SplitMix64 (Steele, Lea & Flood 2014): a small, fast, seedable generator, so that the
//! heuristic gives the same partition for the same seed on every platform.

#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0), by Lemire's multiply-shift (bias below 2^-32 for the
    /// sizes used here).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// Fisher–Yates.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }

    /// Advances as [`Rng::shuffle`] of `len` items does (one draw per item after the first),
    /// without the shuffle: the state only counts, so the draws need not be made.
    pub fn skip_shuffle(&mut self, len: usize) {
        let draws = len.saturating_sub(1) as u64;
        self.0 = self
            .0
            .wrapping_add(draws.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_reference_sequence() {
        // First outputs of SplitMix64 seeded with 0 (reference implementation by Vigna).
        let mut r = Rng::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        let mut v: Vec<u32> = (0..10).collect();
        Rng::new(7).shuffle(&mut v);
        let mut sorted = v.clone();
        sorted.sort();
        assert_eq!(sorted, (0..10).collect::<Vec<_>>());
    }

    #[test]
    fn skipping_a_shuffle_draws_as_the_shuffle() {
        for len in [0, 1, 2, 10, 1000] {
            let (mut shuffled, mut skipped) = (Rng::new(3), Rng::new(3));
            shuffled.shuffle(&mut vec![0u8; len]);
            skipped.skip_shuffle(len);
            assert_eq!(shuffled.next_u64(), skipped.next_u64(), "{len} items");
        }
    }
}
