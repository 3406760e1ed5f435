//! Path speed: the 10 strongest simple paths (Yen) between actors of a 10k-actor,
//! 50k-relation graph. Run with `cargo bench --bench paths`.

mod support;

use entente::analysis::paths::{PathOptions, strongest_paths_in};
use entente::{Actor, ActorGraph, ActorId, ActorKind, Relation, RelationKind, Snapshot};

fn main() {
    divan::main();
}

/// `n` actors and `m` mutual relations between distinct pairs, 70% allied, |w| in [0.1, 1].
fn random_graph(n: usize, m: usize, seed: u64) -> ActorGraph {
    let mut g = ActorGraph::new("bench");
    for i in 0..n {
        g.add_actor(Actor::new(format!("A{i}"), "", ActorKind::State))
            .unwrap();
    }
    for (a, b, w) in support::random_ties(n, m, seed) {
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
