//! Centrality speed: betweenness (unweighted and weighted) on a 10k-actor, 50k-relation
//! graph and PageRank on a 1M-relation graph. Run with `cargo bench --bench centrality`.
//!
//! The graphs are made here by a seeded generator (SplitMix64): distinct random pairs,
//! mutual relations, weights uniform in ±[0.1, 1] (70% allied). The peer comparison
//! (igraph, rustworkx, NetworkX on the same graphs) lives in the comparison script.

use entente::analysis::centrality::{Adjacency, Parallelism, betweenness, pagerank};
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

/// `m` distinct undirected signed ties on `n` actors, as symmetric arcs.
pub fn random_arcs(n: usize, m: usize, seed: u64) -> Vec<(u32, u32, f64)> {
    let mut rng = SplitMix64(seed);
    let mut seen = HashSet::with_capacity(m);
    let mut arcs = Vec::with_capacity(2 * m);
    while seen.len() < m {
        let (a, b) = (rng.below(n), rng.below(n));
        if a == b || !seen.insert((a.min(b), a.max(b))) {
            continue;
        }
        let mag = 0.1 + 0.9 * rng.unit();
        let w = if rng.unit() < 0.7 { mag } else { -mag };
        arcs.push((a as u32, b as u32, w));
        arcs.push((b as u32, a as u32, w));
    }
    arcs
}

fn graph_10k() -> Adjacency {
    Adjacency::from_arcs(10_000, &random_arcs(10_000, 50_000, 42))
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn betweenness_unweighted_10k(bencher: divan::Bencher) {
    let adj = graph_10k();
    bencher.bench(|| betweenness(&adj, None, Parallelism::Auto, None));
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn betweenness_weighted_10k(bencher: divan::Bencher) {
    let adj = graph_10k();
    let lengths = adj.lengths();
    bencher.bench(|| betweenness(&adj, Some(&lengths), Parallelism::Auto, None));
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn betweenness_unweighted_10k_sequential(bencher: divan::Bencher) {
    let adj = graph_10k();
    bencher.bench(|| betweenness(&adj, None, Parallelism::Sequential, None));
}

/// 200k actors, 1M allied relations (2M arcs), tolerance 1e-10 per actor.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn pagerank_1m(bencher: divan::Bencher) {
    let arcs: Vec<(u32, u32, f64)> = random_arcs(200_000, 1_000_000, 7)
        .into_iter()
        .map(|(a, b, w)| (a, b, w.abs()))
        .collect();
    let incoming = Adjacency::from_arcs(200_000, &arcs).reversed();
    bencher.bench(|| pagerank(&incoming, 0.85, 1e-10, 1000));
}
