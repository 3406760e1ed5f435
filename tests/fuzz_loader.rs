//! No input makes the loader panic: arbitrary text, and many seeded mutations of the shipped
//! graph (byte flips, deletions, duplications, truncations), which reach deep into the
//! decoder and validator rather than stopping at the first character.

use entente::format::ron;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,200}") {
        let _ = ron::from_str(&s);
    }

    #[test]
    fn ron_like_text_never_panics(s in "[()\\[\\]{}:,\"'#!a-zA-Z0-9_.+\\-\\\\ \n/*r]{0,120}") {
        let _ = ron::from_str(&s);
    }
}

/// SplitMix64: a tiny deterministic generator so the mutations are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[test]
fn mutations_of_the_shipped_graph_never_panic() {
    let base = entente::format::BUILTIN_SOUTH_CAUCASUS.as_bytes();
    let alphabet = b"()[]{}:,\"'-.0123456789eE_aZ \n\\#/*NaNinf";
    let mut rng = Rng(2025);
    let mut rejected = 0;
    for _ in 0..3000 {
        let mut bytes = base.to_vec();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(bytes.len());
            match rng.below(5) {
                0 => bytes[at] = alphabet[rng.below(alphabet.len())],
                1 => {
                    let end = (at + 1 + rng.below(40)).min(bytes.len());
                    bytes.drain(at..end);
                }
                2 => {
                    let end = (at + 1 + rng.below(200)).min(bytes.len());
                    let chunk = bytes[at..end].to_vec();
                    let to = rng.below(bytes.len());
                    bytes.splice(to..to, chunk);
                }
                3 => bytes.truncate(at),
                _ => bytes.insert(at, alphabet[rng.below(alphabet.len())]),
            }
        }
        let text = String::from_utf8_lossy(&bytes);
        if ron::from_str(&text).is_err() {
            rejected += 1;
        }
    }
    // Most mutations break the file; the loader must have said so for them, not panicked.
    assert!(rejected > 1000, "only {rejected} mutations were rejected");
}
