//! Robustness (`entente robustness`): the shipped graph at the 1 000 samples, and the
//! generated 10 000-actor graph, whose cost is its analyses' times the samples.
//!
//!     cargo bench --bench robustness
//!
//! Graphs are read or generated once, outside the timings; bench/RESULTS.md gives the
//! numbers and what they mean per sample.

use divan::Bencher;
use entente::analysis::centrality::Measure;
use entente::analysis::robustness::{RobustnessOptions, robustness};
use entente::generate::{GenerateOptions, generate};
use entente::model::{ActorGraph, Filter};
use std::sync::OnceLock;

fn main() {
    divan::main();
}

/// The shipped graph on its latest date, as the command reads it.
fn shipped() -> &'static ActorGraph {
    static G: OnceLock<ActorGraph> = OnceLock::new();
    G.get_or_init(|| {
        let g = entente::format::builtin().graph;
        g.filtered(&Filter {
            as_of: g.latest_date(),
            min_confidence: None,
        })
    })
}

fn graph_10k() -> &'static ActorGraph {
    static G: OnceLock<ActorGraph> = OnceLock::new();
    G.get_or_init(|| {
        generate(&GenerateOptions {
            actors: 10_000,
            relations: 50_000,
            seed: 1,
            ..GenerateOptions::default()
        })
        .expect("valid generator options")
        .graph
    })
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn shipped_1000_samples(b: Bencher) {
    let g = shipped();
    let opts = RobustnessOptions::default();
    b.bench(|| robustness(g, &opts, None).unwrap());
}

/// The default measures (betweenness among them: O(n·m) per sample).
#[divan::bench(sample_count = 1, sample_size = 1)]
fn generated_10k_actors_10_samples(b: Bencher) {
    let g = graph_10k();
    let opts = RobustnessOptions {
        samples: 10,
        ..RobustnessOptions::default()
    };
    b.bench(|| robustness(g, &opts, None).unwrap());
}

/// Without the path measures: `--measure pagerank,weighted_degree`.
#[divan::bench(sample_count = 1, sample_size = 1)]
fn generated_10k_actors_100_samples_pagerank(b: Bencher) {
    let g = graph_10k();
    let opts = RobustnessOptions {
        samples: 100,
        measures: vec![Measure::Pagerank, Measure::WeightedDegree],
        ..RobustnessOptions::default()
    };
    b.bench(|| robustness(g, &opts, None).unwrap());
}

/// What `entente robustness` runs by default on this graph: its 1 000 samples, with the
/// default measures but betweenness (left out above 10⁸ actors × relations).
#[divan::bench(sample_count = 1, sample_size = 1)]
fn generated_10k_actors_1000_samples_command_default(b: Bencher) {
    let g = graph_10k();
    let mut measures = entente::analysis::robustness::DEFAULT_MEASURES.to_vec();
    measures.retain(|m| !m.searches_from_every_actor());
    let opts = RobustnessOptions {
        measures,
        ..RobustnessOptions::default()
    };
    b.bench(|| robustness(g, &opts, None).unwrap());
}
