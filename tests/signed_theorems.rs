//! The frustration index against two published theorems on the largest frustration a
//! signing of a graph can have. The exact solver has to find and prove these values on
//! signings built to be as unbalanced as possible, where every two-camp split is nearly
//! equally bad and the bounds are weakest.
//!
//! - **Complete graphs** (Petersdorf 1966, as stated by Bowlin below): "the maximum
//!   frustration of a signed complete graph K_n is equal to floor[(n-1)^2/4], and it is
//!   achieved by the all-negative signing."
//! - **Complete bipartite graphs** (G. S. Bowlin, "Maximum frustration in bipartite signed
//!   graphs", *Electronic Journal of Combinatorics* 19(4), 2012, #P10): the maximum
//!   frustration of a signed K_{l,r} is at most (lr/2)·(1 − C(l−1, ⌊(l−1)/2⌋) / 2^{l−1}),
//!   a unique family of signings reaches it, and (Bowlin's seminar abstract, Binghamton
//!   combinatorics seminar, 9 February 2009) a signing of K_{l,2^{l−1}} does. That signing
//!   gives the r = 2^{l−1} right-hand actors every pattern of signs towards the l left-hand
//!   ones, up to negating all of them; its frustration equals the bound (every split of the
//!   left side leaves the same total).
//!
//! Sources read 2026-11-26: the EJC abstract (www.combinatorics.org, article v19i4p10) and
//! the seminar abstract (www2.math.binghamton.edu, seminars/comb/abstract.200902bow).

#[path = "support/untimed.rs"]
mod untimed;

use entente::analysis::balance::balance;
use entente::analysis::blocs::{BlocOptions, detect_blocs};
use entente::model::{Actor, ActorGraph, ActorKind, Relation, RelationKind};
use proptest::prelude::*;

fn graph(n: usize, ties: &[(usize, usize, f64)]) -> ActorGraph {
    let mut g = ActorGraph::new("theorem");
    for i in 0..n {
        g.add_actor(Actor::new(format!("a{i:02}"), "", ActorKind::State))
            .unwrap();
    }
    for &(a, b, w) in ties {
        let kind = RelationKind::default_for_weight(w);
        g.add_relation(Relation::new(
            format!("a{a:02}"),
            format!("a{b:02}"),
            kind,
            w,
        ))
        .unwrap();
    }
    g
}

/// The proved frustration index (two camps, one may be empty), as `entente balance` reports
/// it.
fn frustration_index(g: &ActorGraph) -> f64 {
    let r = balance(g, &untimed::balance_options());
    assert!(r.frustration_index.optimal, "not proved");
    assert_eq!(r.frustration_index.lower_bound, r.frustration_index.value);
    r.frustration_index.value
}

/// The same by the bloc solver alone (at most two blocs): `balance` also partitions the graph
/// with a free number of blocs, which on the largest extremal signing is the slow part.
fn at_most_two_blocs(g: &ActorGraph) -> f64 {
    let r = detect_blocs(
        g,
        &BlocOptions {
            k: Some(2),
            k_at_most: true,
            ..untimed::bloc_options()
        },
    );
    assert!(r.optimal, "not proved");
    assert_eq!(r.lower_bound, r.frustration);
    r.frustration
}

fn complete(n: usize, mut sign: impl FnMut(usize, usize) -> f64) -> ActorGraph {
    let mut ties = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            ties.push((a, b, sign(a, b)));
        }
    }
    graph(n, &ties)
}

fn petersdorf(n: usize) -> f64 {
    ((n - 1) * (n - 1) / 4) as f64
}

fn binomial(n: usize, k: usize) -> usize {
    (0..k).fold(1, |acc, i| acc * (n - i) / (i + 1))
}

/// Bowlin's upper bound on the frustration of any signed K_{l,r}.
fn bowlin(l: usize, r: usize) -> f64 {
    let central = binomial(l - 1, (l - 1) / 2) as f64;
    (l * r) as f64 / 2.0 * (1.0 - central / (1usize << (l - 1)) as f64)
}

/// K_{l,r}: left actors 0..l, right actors l..l+r; `sign(i, j)` for left i, right j.
fn complete_bipartite(l: usize, r: usize, sign: impl Fn(usize, usize) -> f64) -> ActorGraph {
    let mut ties = Vec::new();
    for i in 0..l {
        for j in 0..r {
            ties.push((i, l + j, sign(i, j)));
        }
    }
    graph(l + r, &ties)
}

#[test]
fn all_hostile_complete_graphs_reach_petersdorfs_maximum() {
    for n in 2..=20 {
        let g = complete(n, |_, _| -1.0);
        let want = petersdorf(n);
        assert_eq!(frustration_index(&g), want, "K{n}");
        // Exactly two blocs is the same problem: hostile ties inside the two halves.
        let two = detect_blocs(
            &g,
            &BlocOptions {
                k: Some(2),
                ..untimed::bloc_options()
            },
        );
        assert!(two.optimal, "K{n}, two blocs: not proved");
        assert_eq!(two.frustration, want, "K{n}, two blocs");
        let sizes: Vec<usize> = two.blocs.iter().map(|b| b.members.len()).collect();
        assert_eq!(sizes, [n.div_ceil(2), n / 2], "K{n}: the halves");
        // With a free number of blocs every actor stands alone and nothing is frustrated.
        let free = detect_blocs(&g, &untimed::bloc_options());
        assert!(free.optimal);
        assert_eq!((free.frustration, free.blocs.len()), (0.0, n), "K{n}, free");
    }
}

#[test]
fn bowlins_extremal_complete_bipartite_signings_reach_his_bound() {
    for l in 2..=6 {
        let r = 1usize << (l - 1);
        // Right actor j's pattern: hostile to left actor i ≥ 1 when bit i − 1 of j is set,
        // allied to left actor 0 (fixing it picks one pattern of each negated pair).
        let g = complete_bipartite(l, r, |i, j| {
            if i > 0 && (j >> (i - 1)) & 1 == 1 {
                -1.0
            } else {
                1.0
            }
        });
        let want = bowlin(l, r);
        assert_eq!(want.fract(), 0.0);
        assert_eq!(at_most_two_blocs(&g), want, "K{l},{r}");
        if l <= 5 {
            assert_eq!(frustration_index(&g), want, "K{l},{r}");
        }
    }
    assert_eq!(
        [
            bowlin(2, 2),
            bowlin(3, 4),
            bowlin(4, 8),
            bowlin(5, 16),
            bowlin(6, 32)
        ],
        [1.0, 3.0, 10.0, 25.0, 66.0]
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// No signing of K_n is more frustrated than the all-hostile one, nor than m/2.
    #[test]
    fn no_signed_complete_graph_exceeds_petersdorfs_maximum(
        n in 3usize..=9,
        signs in proptest::collection::vec(any::<bool>(), 36),
    ) {
        let mut k = 0;
        let g = complete(n, |_, _| {
            k += 1;
            if signs[k - 1] { 1.0 } else { -1.0 }
        });
        let l = frustration_index(&g);
        prop_assert!(l <= petersdorf(n), "K{}: {} > {}", n, l, petersdorf(n));
        prop_assert!(l <= (n * (n - 1) / 2) as f64 / 2.0);
    }

    /// No signing of K_{l,r} is more frustrated than Bowlin's bound.
    #[test]
    fn no_signed_complete_bipartite_graph_exceeds_bowlins_bound(
        l in 2usize..=4,
        r in 1usize..=7,
        signs in proptest::collection::vec(any::<bool>(), 28),
    ) {
        let g = complete_bipartite(l, r, |i, j| if signs[i * r + j] { 1.0 } else { -1.0 });
        let f = frustration_index(&g);
        prop_assert!(f <= bowlin(l, r) + 1e-9, "K{},{}: {} > {}", l, r, f, bowlin(l, r));
    }
}
