//! Path speed: the 10 strongest simple paths (Yen) between actors of a 10k-actor,
//! 50k-relation graph. Run with `cargo bench --bench paths`.

use entente::analysis::paths::{PathOptions, strongest_paths_in};
use entente::{Actor, ActorGraph, ActorId, ActorKind, Relation, RelationKind, Snapshot};
use std::collections::HashSet;

fn main() {
    divan::main();
}

/// SplitMix64 (Steele, Lea & Flood 2014).
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

/// `n` actors and `m` mutual relations between distinct pairs, 70% allied, |w| in [0.1, 1].
fn random_graph(n: usize, m: usize, seed: u64) -> ActorGraph {
    let mut rng = SplitMix64(seed);
    let mut g = ActorGraph::new("bench");
    for i in 0..n {
        g.add_actor(Actor::new(format!("A{i}"), "", ActorKind::State))
            .unwrap();
    }
    let mut seen = HashSet::with_capacity(m);
    while seen.len() < m {
        let (a, b) = (rng.below(n), rng.below(n));
        if a == b || !seen.insert((a.min(b), a.max(b))) {
            continue;
        }
        let mag = 0.1 + 0.9 * rng.unit();
        let w = if rng.unit() < 0.7 { mag } else { -mag };
        g.add_relation(Relation::new(
            format!("A{a}"),
            format!("A{b}"),
            RelationKind::default_for_weight(w),
            w,
        ))
        .unwrap();
    }
    g
}

#[divan::bench(args = [false, true], sample_count = 5, sample_size = 1)]
fn ten_best_paths_10k(bencher: divan::Bencher, allow_hostile: bool) {
    let g = random_graph(10_000, 50_000, 42);
    let s = Snapshot::new(&g);
    let opts = PathOptions {
        k: 10,
        allow_hostile,
        ..PathOptions::default()
    };
    let pairs: Vec<(ActorId, ActorId)> = [(0, 5000), (17, 9999), (123, 4567)]
        .iter()
        .map(|&(a, b)| (ActorId::new(format!("A{a}")), ActorId::new(format!("A{b}"))))
        .collect();
    bencher.bench(|| {
        for (a, b) in &pairs {
            let r = strongest_paths_in(&g, &s, a, b, &opts).unwrap();
            assert_eq!(r.paths.len(), 10);
        }
    });
}
