//! Property tests: the solvers against enumeration of every partition of small random
//! signed graphs.

use super::bound::{Cycles, Effort, packing_bound, triangle_packing};
use super::heuristic::{
    KMode, Settled, compact, crossover, ejection_moves, local_moves_reporting, louvain,
    polish_skipping, relocate_k_skipping,
};
use super::lp;
use super::rng::Rng;
use super::signed::SignedGraph;
use super::signed::UNITS;
use super::{BlocOptions, solve, solve_from};
use proptest::prelude::*;

/// Every set partition of 0..n as restricted growth strings, with at most `kmax` blocs.
fn partitions(n: usize, kmax: usize, f: &mut impl FnMut(&[u32])) {
    fn rec(l: &mut Vec<u32>, n: usize, used: u32, kmax: usize, f: &mut impl FnMut(&[u32])) {
        if l.len() == n {
            f(l);
            return;
        }
        for c in 0..=used.min(kmax as u32 - 1) {
            l.push(c);
            rec(l, n, used.max(c + 1), kmax, f);
            l.pop();
        }
    }
    rec(&mut Vec::with_capacity(n), n, 0, kmax, f);
}

/// The minimal frustration over partitions accepted by `mode`, by enumeration.
fn brute_force(g: &SignedGraph, mode: KMode) -> f64 {
    let n = g.n();
    let (kmax, kmin) = match mode {
        KMode::Free => (n, 0),
        KMode::AtMost(k) => (k.min(n), 0),
        KMode::Exactly(k) => (k.min(n), k.min(n)),
    };
    let mut best = f64::INFINITY;
    partitions(n, kmax.max(1), &mut |l| {
        let count = l.iter().map(|&x| x as usize + 1).max().unwrap_or(0);
        if count >= kmin {
            best = best.min(g.frustration(l));
        }
    });
    best
}

fn bloc_count(labels: &[u32]) -> usize {
    let mut v: Vec<u32> = labels.to_vec();
    v.sort_unstable();
    v.dedup();
    v.len()
}

prop_compose! {
    fn signed_graph(max_n: usize)(n in 1..=max_n)
        (n in Just(n), raw in proptest::collection::vec((0..n, 0..n, -4i32..=4), 0..(n * 3)))
        -> SignedGraph {
        let edges: Vec<(usize, usize, f64)> = raw
            .into_iter()
            .filter(|&(u, v, w)| u != v && w != 0)
            .map(|(u, v, w)| (u, v, w as f64 / 4.0))
            .collect();
        SignedGraph::from_edges(n, &edges)
    }
}

prop_compose! {
    /// 100–200 actors, half as many random ties, and two hubs tied to about three actors in
    /// four each (far above the group moves' degree cap); with a starting partition.
    fn graph_with_hubs()(n in 100usize..=200)
        (n in Just(n),
         raw in proptest::collection::vec((0..n, 0..n, -4i32..=4), n / 2),
         spokes in proptest::collection::vec((0u8..4, -4i32..=4), 2 * n),
         labels in proptest::collection::vec(0u32..8, n))
        -> (SignedGraph, Vec<u32>) {
        let mut seen = std::collections::BTreeSet::new();
        let mut edges: Vec<(usize, usize, f64)> = Vec::new();
        let mut tie = |u: usize, v: usize, w: i32| {
            if u != v && w != 0 && seen.insert((u.min(v), u.max(v))) {
                edges.push((u, v, w as f64 / 4.0));
            }
        };
        for (hub, spokes) in spokes.chunks(n).enumerate() {
            for (v, &(keep, w)) in spokes.iter().enumerate() {
                if keep > 0 {
                    tie(hub, v, w);
                }
            }
        }
        for (u, v, w) in raw {
            tie(u, v, w);
        }
        (SignedGraph::from_edges(n, &edges), labels)
    }
}

prop_compose! {
    /// Dense graphs (each pair tied with probability ~3/4), where odd wheels abound, with a
    /// value in [0, 1] per pair for the LP's variables.
    fn dense_graph_and_point(max_n: usize)(n in 4..=max_n)
        (n in Just(n), raw in proptest::collection::vec((-4i32..=4, 0u8..4, 0.0f64..=1.0), n * n))
        -> (SignedGraph, Vec<f64>) {
        let mut edges = Vec::new();
        let mut x = vec![0.0; n * n];
        for u in 0..n {
            for v in u + 1..n {
                let (w, keep, xv) = raw[u * n + v];
                if w != 0 && keep > 0 {
                    edges.push((u, v, w as f64 / 4.0));
                }
                x[u * n + v] = xv;
            }
        }
        (SignedGraph::from_edges(n, &edges), x)
    }
}

/// `run` from one seed with the skipping (`true`) and without it (`false`): for each, the
/// labels found and the next random number after it (equal when the two drew the same).
fn both_ways(seed: u64, run: impl Fn(&mut Rng, bool) -> Vec<u32>) -> [(Vec<u32>, u64); 2] {
    [true, false].map(|skip| {
        let mut rng = Rng::new(seed);
        let labels = run(&mut rng, skip);
        (labels, rng.next_u64())
    })
}

fn mode_strategy() -> impl Strategy<Value = KMode> {
    prop_oneof![
        Just(KMode::Free),
        (1usize..=4).prop_map(KMode::AtMost),
        (1usize..=4).prop_map(KMode::Exactly),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Skipping settled nodes finds what full sweeps find, from singletons or from any
    /// partition, and draws the same random numbers (so what follows is unchanged too).
    #[test]
    fn skipping_settled_nodes_moves_as_full_sweeps(
        g in signed_graph(60),
        raw in proptest::collection::vec(0u32..6, 60),
        seed in any::<u64>(),
        from_singletons in any::<bool>(),
    ) {
        let n = g.n();
        let init = (!from_singletons).then(|| raw[..n].iter().map(|&l| l % n as u32).collect());
        let [skipping, full] = both_ways(seed, |rng, skip| {
            local_moves_reporting(&g, init.clone(), rng, skip, &mut |_| {}).0
        });
        prop_assert_eq!(skipping, full);
    }

    /// Group moves skipping the actors found to stay and untouched since move as full passes
    /// do, with the tracking kept throughout or dropped part-way (a small budget).
    #[test]
    fn skipping_unchanged_actors_polishes_as_full_passes(
        g in signed_graph(60),
        raw in proptest::collection::vec(0u32..12, 60),
        budget in prop_oneof![Just(usize::MAX), 0usize..200],
        seed in any::<u64>(),
    ) {
        let n = g.n();
        let init: Vec<u32> = raw[..n].iter().map(|&l| l % n as u32).collect();
        let [skipping, full] = both_ways(seed, |rng, skip| {
            polish_skipping(&g, init.clone(), Settled::default(), rng, skip.then_some(budget)).0
        });
        prop_assert_eq!(skipping, full);
    }

    /// The same on sparse graphs with hubs (stars tied to most actors), which group moves
    /// leave out and the tracking does not walk through.
    #[test]
    fn skipping_unchanged_actors_polishes_as_full_passes_around_hubs(
        (g, init) in graph_with_hubs(),
        seed in any::<u64>(),
    ) {
        let [skipping, full] = both_ways(seed, |rng, skip| {
            polish_skipping(&g, init.clone(), Settled::default(), rng, skip.then_some(g.n())).0
        });
        prop_assert_eq!(skipping, full);
    }

    /// Passes over a partition no single or group move improves are drawn, not run
    /// ([`Settled`]): polishing it, moving from it and crossing it with another give the
    /// same labels and leave the same random numbers as when the passes run. And a Louvain
    /// run that moved nothing returned its start.
    #[test]
    fn passes_over_a_settled_partition_are_drawn_not_run(
        g in signed_graph(60),
        raw in proptest::collection::vec(0u32..12, 60),
        other in proptest::collection::vec(0u32..12, 60),
        seed in any::<u64>(),
    ) {
        let n = g.n();
        let init: Vec<u32> = raw[..n].iter().map(|&l| l % n as u32).collect();
        let other: Vec<u32> = other[..n].iter().map(|&l| l % n as u32).collect();
        let (settled, known) =
            polish_skipping(&g, init, Settled::default(), &mut Rng::new(seed), Some(n));
        prop_assume!(known == Settled { single: true, groups: true });
        let run = |known: Settled| {
            let mut rng = Rng::new(seed.wrapping_add(1));
            let polished = polish_skipping(&g, settled.clone(), known, &mut rng, Some(n));
            let moved = louvain(&g, Some(settled.clone()), known.single, &mut rng);
            let crossed = crossover(&g, &settled, known.single, &other, &mut rng);
            (polished, moved, crossed, rng.next_u64())
        };
        let (drawn, ran) = (run(known), run(Settled::default()));
        prop_assert_eq!(&drawn, &ran);
        let (mut start, (mut moved, any)) = (settled.clone(), ran.1);
        if !any {
            compact(&mut start);
            compact(&mut moved);
            prop_assert_eq!(start, moved);
        }
    }

    #[test]
    fn skipping_settled_nodes_relocates_as_full_sweeps(
        g in signed_graph(60),
        raw in proptest::collection::vec(0u32..6, 60),
        k in 2usize..6,
        exactly in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let n = g.n();
        let init: Vec<u32> = raw[..n].iter().map(|&l| l % k as u32).collect();
        let [skipping, full] = both_ways(seed, |rng, skip| {
            let mut labels = init.clone();
            relocate_k_skipping(&g, &mut labels, k, exactly, rng, skip);
            labels
        });
        prop_assert_eq!(skipping, full);
    }

    #[test]
    fn exact_equals_enumeration(g in signed_graph(8), mode in mode_strategy()) {
        let opts = BlocOptions::default();
        let sol = solve(&g, mode, &opts);
        let truth = brute_force(&g, mode);
        prop_assert!(sol.optimal);
        prop_assert!((sol.frustration - truth).abs() < 1e-9, "{} vs {}", sol.frustration, truth);
        prop_assert!((g.frustration(&sol.labels) - sol.frustration).abs() < 1e-9);
        prop_assert_eq!(sol.lower_bound, sol.frustration);
        let count = bloc_count(&sol.labels);
        match mode {
            KMode::AtMost(k) => prop_assert!(count <= k),
            KMode::Exactly(k) => prop_assert_eq!(count, k.min(g.n())),
            KMode::Free => {}
        }
    }

    #[test]
    fn ejections_only_ever_lower_frustration(
        g in signed_graph(9),
        start in proptest::collection::vec(0u32..4, 9),
        seed in 0u64..1000,
    ) {
        // compact() wants labels below n.
        let mut labels: Vec<u32> = start[..g.n()].iter().map(|&l| l % g.n() as u32).collect();
        compact(&mut labels);
        let before = g.frustration(&labels);
        let moved = ejection_moves(&g, &mut labels, &mut Rng::new(seed));
        let after = g.frustration(&labels);
        if moved {
            prop_assert!(after < before - 1e-9, "{} -> {}", before, after);
        } else {
            prop_assert_eq!(after, before);
        }
        // Labels stay compact: 0..count, each used.
        let count = bloc_count(&labels);
        prop_assert!(labels.iter().all(|&l| (l as usize) < count));
        prop_assert!(after >= brute_force(&g, KMode::Free) - 1e-9);
    }

    #[test]
    fn branch_and_cut_equals_enumeration(g in signed_graph(8), budget in 0u64..4) {
        // From the worst start (every actor alone); with a budget of a few LP nodes the
        // bound must still be valid.
        let alone: Vec<u32> = (0..g.n() as u32).collect();
        let truth = brute_force(&g, KMode::Free);
        let out = lp::solve(&g, &alone, budget, &super::clock::Clock::unlimited()).expect("the LP solves");
        let f = out.cost as f64 / UNITS;
        prop_assert!((g.frustration(&out.labels) - f).abs() < 1e-9);
        prop_assert!(f >= truth - 1e-9);
        prop_assert!(out.lower_bound as f64 / UNITS <= truth + 1e-6);
        let full = lp::solve(&g, &alone, u64::MAX, &super::clock::Clock::unlimited()).expect("the LP solves");
        prop_assert!(full.optimal);
        prop_assert!((full.cost as f64 / UNITS - truth).abs() < 1e-9, "{} vs {}", full.cost, truth);
    }

    /// Every odd wheel the separation returns is a wheel of the graph (a centre tied to
    /// every node of an odd cycle of ties), is violated by the point, and holds for every
    /// partition (x = 1 on ties between blocs): the cuts never remove a partition.
    #[test]
    fn odd_wheel_cuts_are_wheels_violated_and_valid((g, x) in dense_graph_and_point(7)) {
        let n = g.n();
        let tied = |u: usize, v: usize| g.range(u).any(|i| g.targets[i] as usize == v);
        let wheels = lp::violated_wheels(&g, &|u, v| x[u * n + v]);
        let mut parts = Vec::new();
        partitions(n, n, &mut |l| parts.push(l.to_vec()));
        for (rim, spokes, rhs) in wheels {
            let k = rim.len();
            prop_assert!(k >= 3 && k % 2 == 1 && spokes.len() == k);
            prop_assert_eq!(rhs, ((k - 1) / 2) as f64);
            // The centre: the node shared by every spoke.
            let (a, b) = spokes[0];
            let centre = if spokes.iter().all(|&(p, q)| p == a || q == a) { a } else { b };
            let mut hub: Vec<usize> = spokes
                .iter()
                .map(|&(p, q)| if p == centre { q } else { p })
                .collect();
            prop_assert!(spokes.iter().all(|&(p, q)| p == centre || q == centre));
            hub.sort_unstable();
            hub.dedup();
            prop_assert_eq!(hub.len(), k);
            // The rim: a single cycle through exactly those nodes.
            let mut degree = vec![0; n];
            for &(p, q) in &rim {
                prop_assert!(tied(p, q) && hub.contains(&p) && hub.contains(&q));
                degree[p] += 1;
                degree[q] += 1;
            }
            prop_assert!(hub.iter().all(|&v| degree[v] == 2));
            let mut seen = vec![hub[0]];
            while seen.len() < k {
                let last = *seen.last().unwrap();
                let next = rim.iter().find_map(|&(p, q)| {
                    let other = if p == last { q } else if q == last { p } else { return None };
                    (!seen.contains(&other)).then_some(other)
                });
                match next {
                    Some(v) => seen.push(v),
                    None => break,
                }
            }
            prop_assert_eq!(seen.len(), k, "the rim is one cycle");
            for &(p, q) in &spokes {
                prop_assert!(tied(p, q));
            }
            let lhs = |y: &dyn Fn(usize, usize) -> f64| {
                rim.iter().map(|&(p, q)| y(p, q)).sum::<f64>()
                    - spokes.iter().map(|&(p, q)| y(p, q)).sum::<f64>()
            };
            prop_assert!(lhs(&|p, q| x[p.min(q) * n + p.max(q)]) > rhs);
            for l in &parts {
                let apart = |p: usize, q: usize| f64::from(u8::from(l[p] != l[q]));
                prop_assert!(lhs(&apart) <= rhs, "partition {:?} violates a wheel", l);
            }
        }
    }

    #[test]
    fn packing_bounds_never_exceed_the_optimum(g in signed_graph(9)) {
        let free = brute_force(&g, KMode::Free);
        let two = brute_force(&g, KMode::AtMost(2));
        for max_len in [2, 3, 64] {
            let effort = Effort { max_len, work: u64::MAX };
            let one = packing_bound(&g, 0, Cycles::OneNegative, effort) as f64 / UNITS;
            let odd = packing_bound(&g, 0, Cycles::OddNegative, effort) as f64 / UNITS;
            prop_assert!(one <= free + 1e-9, "len {max_len}: {one} > {free}");
            prop_assert!(odd <= two + 1e-9, "len {max_len}: {odd} > {two}");
        }
        let one = triangle_packing(&g, Cycles::OneNegative) as f64 / UNITS;
        let odd = triangle_packing(&g, Cycles::OddNegative) as f64 / UNITS;
        prop_assert!(one <= free + 1e-9, "triangles: {one} > {free}");
        prop_assert!(odd <= two + 1e-9, "triangles: {odd} > {two}");
    }

    /// Starting from a given partition (as balance does from the blocs): a valid partition
    /// of the wanted size, never below the optimum, its bound never above it; with the
    /// exact solver, the optimum whatever the start.
    #[test]
    fn a_given_start_gives_valid_results(
        g in signed_graph(9),
        mode in mode_strategy(),
        start in proptest::collection::vec(0u32..12, 9),
    ) {
        let truth = brute_force(&g, mode);
        let start = &start[..g.n()];
        let h = solve_from(&g, mode, &BlocOptions { exact_limit: 0, ..BlocOptions::default() }, Some(start), None);
        prop_assert!(h.frustration >= truth - 1e-9);
        prop_assert!(h.lower_bound <= truth + 1e-9);
        prop_assert!((g.frustration(&h.labels) - h.frustration).abs() < 1e-9);
        let count = bloc_count(&h.labels);
        match mode {
            KMode::AtMost(k) => prop_assert!(count <= k),
            KMode::Exactly(k) => prop_assert_eq!(count, k.min(g.n())),
            KMode::Free => {}
        }
        let e = solve_from(&g, mode, &BlocOptions::default(), Some(start), None);
        prop_assert!(e.optimal);
        prop_assert!((e.frustration - truth).abs() < 1e-9);
    }

    #[test]
    fn heuristic_and_budgeted_search_respect_the_bounds(
        g in signed_graph(9),
        mode in mode_strategy(),
        budget in 1u64..50,
    ) {
        let truth = brute_force(&g, mode);
        // Heuristic only: never below the truth, and its bound never above it.
        let h = solve(&g, mode, &BlocOptions { exact_limit: 0, ..BlocOptions::default() });
        prop_assert!(h.frustration >= truth - 1e-9);
        prop_assert!(h.lower_bound <= truth + 1e-9);
        prop_assert!(h.lower_bound <= h.frustration);
        // A starved branch and bound: still a valid bound, never worse than the heuristic.
        let b = solve(&g, mode, &BlocOptions { node_budget: budget, ..BlocOptions::default() });
        prop_assert!(b.frustration >= truth - 1e-9);
        prop_assert!(b.lower_bound <= truth + 1e-9);
        prop_assert!(b.frustration <= h.frustration + 1e-9);
        if b.optimal {
            prop_assert!((b.frustration - truth).abs() < 1e-9);
        }
    }
}
