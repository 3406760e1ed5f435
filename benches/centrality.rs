//! Centrality speed: betweenness (unweighted and weighted) on a 10k-actor, 50k-relation
//! graph and PageRank on a 1M-relation graph. Run with `cargo bench --bench centrality`.
//!
//! The graphs are made here by a seeded generator (SplitMix64): distinct random pairs,
//! mutual relations, weights uniform in ±[0.1, 1] (70% allied). The peer comparison
//! (igraph, rustworkx, NetworkX on the same graphs) lives in the comparison script.

mod support;

use entente::analysis::centrality::{Adjacency, Parallelism, betweenness, pagerank};

fn main() {
    divan::main();
}

/// `m` distinct undirected signed ties on `n` actors, as symmetric arcs.
pub fn random_arcs(n: usize, m: usize, seed: u64) -> Vec<(u32, u32, f64)> {
    support::random_ties(n, m, seed)
        .into_iter()
        .flat_map(|(a, b, w)| [(a as u32, b as u32, w), (b as u32, a as u32, w)])
        .collect()
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
