//! Bloc detection, balance and brokers on synthetic signed graphs with planted blocs
//! (`entente::generate`: power-law degrees, 4 blocs, 5 % of signs flipped), and the exact
//! solver on small graphs.
//!
//!     cargo bench --bench blocs
//!
//! Graphs are generated once per size, outside the timings. The comparison with
//! leidenalg lives with the other benchmark tooling.

use divan::Bencher;
use entente::analysis::balance::{BalanceOptions, balance};
use entente::analysis::blocs::{BlocOptions, detect_blocs};
use entente::analysis::brokers::{BrokerOptions, brokers};
use entente::generate::{GenerateOptions, generate};
use entente::model::ActorGraph;
use std::sync::OnceLock;

fn main() {
    divan::main();
}

fn planted(actors: usize, relations: usize, noise: f64) -> ActorGraph {
    generate(&GenerateOptions {
        actors,
        relations,
        noise,
        seed: 1,
        ..GenerateOptions::default()
    })
    .expect("valid generator options")
    .graph
}

fn graph_10k() -> &'static ActorGraph {
    static G: OnceLock<ActorGraph> = OnceLock::new();
    G.get_or_init(|| planted(10_000, 50_000, 0.05))
}

fn graph_100k() -> &'static ActorGraph {
    static G: OnceLock<ActorGraph> = OnceLock::new();
    G.get_or_init(|| planted(100_000, 1_000_000, 0.05))
}

/// 40 actors, 120 relations, 15 % noise: a case for the exact solver.
fn graph_40() -> &'static ActorGraph {
    static G: OnceLock<ActorGraph> = OnceLock::new();
    G.get_or_init(|| planted(40, 120, 0.15))
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn blocs_10k_actors_50k_relations(b: Bencher) {
    let g = graph_10k();
    b.bench(|| detect_blocs(g, &BlocOptions::default()));
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn blocs_100k_actors_1m_relations(b: Bencher) {
    let g = graph_100k();
    b.bench(|| detect_blocs(g, &BlocOptions::default()));
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn blocs_two_of_10k_actors(b: Bencher) {
    let g = graph_10k();
    let opts = BlocOptions {
        k: Some(2),
        ..BlocOptions::default()
    };
    b.bench(|| detect_blocs(g, &opts));
}

#[divan::bench(sample_count = 20)]
fn exact_40_actors(b: Bencher) {
    let g = graph_40();
    b.bench(|| detect_blocs(g, &untimed()));
}

/// The exact benches time a whole proof: no time limit to cut it short.
fn untimed() -> BlocOptions {
    BlocOptions {
        time_limit: None,
        ..BlocOptions::default()
    }
}

/// 40 actors, 195 relations (the generator's densest), 30 % noise, free number of blocs:
/// proved by the LP-based branch and cut (tests/fixtures/dense40).
fn graph_40_dense() -> &'static ActorGraph {
    static G: OnceLock<ActorGraph> = OnceLock::new();
    G.get_or_init(|| {
        generate(&GenerateOptions {
            actors: 40,
            relations: 195,
            noise: 0.3,
            seed: 3,
            ..GenerateOptions::default()
        })
        .expect("valid generator options")
        .graph
    })
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn exact_40_actors_dense_noisy(b: Bencher) {
    let g = graph_40_dense();
    b.bench(|| {
        let r = detect_blocs(g, &untimed());
        assert!(r.optimal);
        r
    });
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn balance_10k_actors(b: Bencher) {
    let g = graph_10k();
    b.bench(|| balance(g, &BalanceOptions::default()));
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn brokers_10k_actors(b: Bencher) {
    let g = graph_10k();
    b.bench(|| brokers(g, &BrokerOptions::default()));
}
