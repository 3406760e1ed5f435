//! Robustness against the plain analyses it re-runs: with nothing uncertain it must give
//! exactly their results, and its result must not depend on the number of threads.

use super::*;
use crate::analysis::blocs::detect_blocs;
use crate::analysis::centrality::centrality;
use crate::analysis::influence::influence_on;
use crate::model::{Actor, ActorKind, Relation, RelationKind};
use proptest::prelude::*;

fn certain(samples: usize) -> RobustnessOptions {
    RobustnessOptions {
        samples,
        model: SampleModel {
            keep: KeepTable::CERTAIN,
            jitter: 0.0,
        },
        ..RobustnessOptions::default()
    }
}

/// Checks `r` against the plain analyses of `g`.
fn assert_reproduces_plain(g: &ActorGraph, opts: &RobustnessOptions, r: &RobustnessResult) {
    let blocs = detect_blocs(g, &opts.blocs);
    // Every pair: probability 1 when detect_blocs puts them together, else 0 (and then not
    // listed).
    for p in &r.blocs.pairs {
        let together = blocs.bloc_of(&p.a) == blocs.bloc_of(&p.b);
        assert_eq!(p.probability, if together { 1.0 } else { 0.0 }, "{p:?}");
        assert_eq!(p.plain, together);
    }
    let together_pairs: usize = blocs
        .blocs
        .iter()
        .map(|b| b.members.len() * (b.members.len() - 1) / 2)
        .sum();
    assert_eq!(r.blocs.pairs.len(), together_pairs);
    // The consensus is detect_blocs's partition, each member certain.
    let consensus: Vec<Vec<ActorId>> = r
        .blocs
        .consensus
        .iter()
        .map(|b| b.members.clone())
        .collect();
    let plain: Vec<Vec<ActorId>> = blocs.blocs.iter().map(|b| b.members.clone()).collect();
    assert_eq!(consensus, plain);
    assert_eq!(r.blocs.consensus_frustration, 0.0);
    for b in &r.blocs.consensus {
        assert!(b.membership.iter().all(|&m| m == Some(1.0)), "{b:?}");
    }
    for x in [
        r.frustration.absolute.min,
        r.frustration.absolute.max,
        r.frustration.plain,
    ] {
        assert_eq!(x, blocs.frustration);
    }
    // Rank intervals degenerate at the ranks of the plain values.
    let c = centrality(
        g,
        &CentralityOptions {
            measures: opts.measures.clone(),
            ..CentralityOptions::default()
        },
        None,
    );
    for m in &r.centrality {
        let values = c.values(m.measure).unwrap();
        let ranks = competition_ranks(&values);
        assert_eq!(m.actors.len(), g.actor_count());
        for a in &m.actors {
            let u = c.actors.iter().position(|x| x.actor == a.actor).unwrap();
            let want = Some(ranks[u]);
            assert_eq!(
                (a.plain, a.p5, a.median, a.p95),
                (want, want, want, want),
                "{a:?}"
            );
        }
    }
    for inf in &r.influence {
        assert_eq!(
            (inf.same_first, inf.same_top, inf.mean_overlap),
            (1.0, 1.0, 1.0)
        );
        let plain = influence_on(g, &inf.target, &opts.influence).unwrap();
        let scores: Vec<f64> = c
            .actors
            .iter()
            .map(|a| {
                plain
                    .ranking
                    .iter()
                    .find(|i| i.actor == a.actor)
                    .map_or(0.0, |i| i.score)
            })
            .collect();
        let ranks = competition_ranks(&scores);
        for a in &inf.actors {
            let u = c.actors.iter().position(|x| x.actor == a.actor).unwrap();
            let want = (scores[u] > 0.0).then_some(ranks[u]);
            assert_eq!((a.plain, a.p5, a.p95), (want, want, want), "{a:?}");
            assert!(a.in_top == 0.0 || a.in_top == 1.0);
        }
    }
}

#[test]
fn with_nothing_uncertain_the_shipped_graph_gives_its_plain_analysis() {
    let g = crate::format::builtin().graph;
    let g = g.filtered(&crate::model::Filter {
        as_of: g.latest_date(),
        min_confidence: None,
    });
    let opts = certain(8);
    let r = robustness(&g, &opts, None).unwrap();
    assert_eq!(r.samples, 8);
    assert_eq!(r.samples_not_optimal, 0);
    assert_reproduces_plain(&g, &opts, &r);
    // Every finding holds with every claim; the loosest level is the graph itself.
    let last = r.holds.levels.last().unwrap();
    assert_eq!(last.relations, g.relation_count());
    assert_eq!(last.camps_held, g.actor_count());
    assert_eq!(last.frustration, r.frustration.plain);
}

fn random_graph(n: usize, ties: &[(usize, usize, i8, u8)]) -> ActorGraph {
    let mut g = ActorGraph::new("random");
    for i in 0..n {
        g.add_actor(Actor::new(
            format!("A{i:02}"),
            format!("actor {i}"),
            ActorKind::State,
        ))
        .unwrap();
    }
    for &(a, b, w, c) in ties {
        let (a, b) = (a % n, b % n);
        if a == b || w == 0 {
            continue;
        }
        let w = f64::from(w) / 10.0;
        let kind = RelationKind::default_for_weight(w);
        let r = Relation::new(format!("A{a:02}"), format!("A{b:02}"), kind, w)
            .with_confidence(Confidence::ALL[c as usize % 6]);
        let _ = g.add_relation(r);
    }
    g
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn with_every_relation_confirmed_and_no_jitter_robustness_is_the_plain_analysis(
        n in 2usize..14,
        ties in proptest::collection::vec((0usize..14, 0usize..14, -10i8..=10, 0u8..6), 0..40),
    ) {
        let mut g = random_graph(n, &ties);
        let edges: Vec<_> = g.relation_entries().map(|(e, _)| e).collect();
        for e in edges {
            g.relation_mut(e).unwrap().confidence = Confidence::Confirmed;
        }
        let opts = RobustnessOptions {
            model: SampleModel { keep: KeepTable::default(), jitter: 0.0 },
            ..certain(5)
        };
        let r = robustness(&g, &opts, None).unwrap();
        assert_reproduces_plain(&g, &opts, &r);
    }
}

#[test]
fn the_result_does_not_depend_on_the_thread_count() {
    let g = random_graph(
        12,
        &(0..40u8)
            .map(|i| {
                let i = usize::from(i);
                (i * 7, i * 3 + 1, [5, -6, 8, -3, 9][i % 5], i as u8)
            })
            .collect::<Vec<_>>(),
    );
    let opts = RobustnessOptions {
        samples: 150,
        seed: 9,
        ..RobustnessOptions::default()
    };
    let on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| robustness(&g, &opts, None).unwrap())
    };
    let one = on(1);
    assert_eq!(one, on(3));
    assert_eq!(
        crate::report::to_json(&one),
        crate::report::to_json(&robustness(&g, &opts, None).unwrap())
    );
    // Something did vary.
    assert!(
        one.blocs
            .pairs
            .iter()
            .any(|p| p.probability > 0.0 && p.probability < 1.0)
    );
}

#[test]
fn a_doubtful_tie_splits_its_pair_as_often_as_it_is_dropped() {
    // A and B are allied by a doubtful tie only; C and D by a confirmed one; B and C hostile.
    let mut g = ActorGraph::new("t");
    for id in ["A", "B", "C", "D"] {
        g.add_actor(Actor::new(id, id, ActorKind::State)).unwrap();
    }
    let rel = |a: &str, b: &str, w: f64, c: Confidence| {
        Relation::new(a, b, RelationKind::default_for_weight(w), w).with_confidence(c)
    };
    g.add_relation(rel("A", "B", 0.8, Confidence::Doubtful))
        .unwrap();
    g.add_relation(rel("C", "D", 0.8, Confidence::Confirmed))
        .unwrap();
    g.add_relation(rel("B", "C", -0.5, Confidence::Confirmed))
        .unwrap();
    let r = robustness(
        &g,
        &RobustnessOptions {
            samples: 2000,
            ..RobustnessOptions::default()
        },
        None,
    )
    .unwrap();
    let p = |a: &str, b: &str| {
        r.blocs
            .pairs
            .iter()
            .find(|p| p.a.as_str() == a && p.b.as_str() == b)
            .map_or(0.0, |p| p.probability)
    };
    // Kept with probability 0.3: A–B together in 30 % ± 4 sd of 2000 draws.
    assert!((0.26..=0.34).contains(&p("A", "B")), "{}", p("A", "B"));
    assert_eq!(p("C", "D"), 1.0);
    assert_eq!(p("B", "C"), 0.0);
    // The consensus leaves A alone, as most samples do.
    let a = r
        .blocs
        .consensus
        .iter()
        .find(|b| b.members == [ActorId::from("A")])
        .unwrap();
    assert!((0.66..=0.74).contains(&a.membership[0].unwrap()));
    // At doubtful and looser, A–B holds; above, A has no tie.
    let camp_a = r
        .holds
        .findings
        .iter()
        .find(|f| f.kind == holds::FindingKind::Camp && f.actor.as_str() == "A")
        .unwrap();
    assert_eq!(camp_a.holds_from, Confidence::Doubtful);
}
