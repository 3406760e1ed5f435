//! Properties of how a graph is read (issue 19): collapsing a graph without `part_of` changes
//! nothing; a collapsed graph has no member left, no tie inside a family, one relation per
//! tie, and is valid; every rule keeps
//! net ties in [−1, 1] and does not depend on the order of the relations; the layers split
//! the relations, and reading every layer is reading the graph.

use entente::analysis::blocs::{BlocOptions, detect_blocs};
use entente::generate::{GenerateOptions, generate};
use entente::model::{ActorGraph, ActorId, Combine, Reading, Snapshot};
use proptest::prelude::*;
use std::collections::BTreeMap;

fn multiplex(actors: usize, pairs: usize, seed: u64) -> ActorGraph {
    generate(&GenerateOptions {
        actors,
        relations: pairs,
        blocs: 3,
        noise: 0.2,
        seed,
        multiplex: 4,
        ..GenerateOptions::default()
    })
    .unwrap()
    .graph
}

/// Net tie of each pair (undirected view), by actor ids.
fn net_ties(g: &ActorGraph) -> BTreeMap<(String, String), f64> {
    let s = Snapshot::new(g);
    s.ties()
        .map(|(u, v, w)| {
            let (a, b) = (s.ids[u].to_string(), s.ids[v].to_string());
            (if a < b { (a, b) } else { (b, a) }, w)
        })
        .collect()
}

/// The same graph with its relations in another order.
fn reordered(g: &ActorGraph, seed: u64) -> ActorGraph {
    let mut rels: Vec<_> = g.relations().cloned().collect();
    let mut rng = entente::generate::SplitMix64::new(seed);
    for i in (1..rels.len()).rev() {
        rels.swap(i, rng.below(i + 1));
    }
    let mut h = ActorGraph::new(g.name.clone());
    for a in g.actors() {
        h.add_actor(a.clone()).unwrap();
    }
    for r in rels {
        h.add_relation(r).unwrap();
    }
    h
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn collapsing_without_part_of_changes_nothing(seed in 0u64..1000, actors in 12usize..40) {
        let g = multiplex(actors, actors * 2 / 3, seed);
        let mut read = g.clone();
        Reading { collapse: true, ..Reading::default() }.apply(&mut read);
        prop_assert_eq!(&read, &g);
        let opts = BlocOptions::default();
        prop_assert_eq!(
            serde_json::to_value(detect_blocs(&read, &opts)).unwrap(),
            serde_json::to_value(detect_blocs(&g, &opts)).unwrap()
        );
    }

    #[test]
    fn a_collapsed_graph_has_no_members_and_no_family_ties(
        seed in 0u64..1000,
        actors in 12usize..30,
        parents in proptest::collection::vec(proptest::option::of(0usize..30), 30),
    ) {
        let mut g = multiplex(actors, actors * 2 / 3, seed);
        let ids: Vec<ActorId> = g.actors().map(|a| a.id.clone()).collect();
        // A forest: each actor may belong to one declared before it.
        for (i, id) in ids.iter().enumerate() {
            if let Some(p) = parents[i].filter(|&p| p < i) {
                g.actor_mut(id).unwrap().part_of = Some(ids[p].clone());
            }
        }
        prop_assert!(g.validate().iter().all(|d| !d.is_error()));
        let top = g.top_parents();
        let root = |id: &ActorId| top.get(id).unwrap_or(id).clone();
        // Relations between families, one per tie (kind, ends, direction) once re-attached.
        let kept: std::collections::BTreeSet<_> = g
            .relations()
            .map(|r| (r.kind, r.directed, root(&r.from), root(&r.to)))
            .filter(|(_, _, a, b)| a != b)
            .map(|(k, d, a, b)| if d || a <= b { (k, d, a, b) } else { (k, d, b, a) })
            .collect();
        let c = g.collapsed();
        prop_assert!(c.actors().all(|a| a.part_of.is_none() && !top.contains_key(&a.id)));
        prop_assert_eq!(c.actor_count(), g.actor_count() - top.len());
        prop_assert_eq!(c.relation_count(), kept.len());
        prop_assert!(c.validate().iter().all(|d| !d.is_error()));
    }

    #[test]
    fn every_rule_is_bounded_and_ignores_the_order_of_relations(seed in 0u64..1000, order in 0u64..1000) {
        let g = multiplex(20, 40, seed);
        let h = reordered(&g, order);
        for &rule in Combine::ALL {
            let (mut g, mut h) = (g.clone(), h.clone());
            g.combine = rule;
            h.combine = rule;
            let (a, b) = (net_ties(&g), net_ties(&h));
            prop_assert!(a.values().all(|w| (-1.0..=1.0).contains(w)));
            prop_assert_eq!(a, b, "{}", rule);
        }
    }

    #[test]
    fn noisy_or_stays_in_bounds_and_an_allied_tie_never_weakens_a_pair(
        weights in proptest::collection::vec(-1.0f64..=1.0, 0..40),
        extra in 0.0f64..=1.0,
    ) {
        let net = Combine::NoisyOr.combine(&mut weights.clone());
        prop_assert!((-1.0..=1.0).contains(&net), "{net}");
        let mut more = weights.clone();
        more.push(extra);
        let with = Combine::NoisyOr.combine(&mut more);
        prop_assert!((-1.0..=1.0).contains(&with), "{with}");
        // Nine decimals: the rule rounds its result.
        prop_assert!(with >= net - 1e-9, "{net} -> {with}");
    }

    #[test]
    fn layers_split_the_relations(seed in 0u64..1000) {
        let g = multiplex(20, 40, seed);
        let layers: Vec<String> = g.layers.layers().iter().map(|l| l.to_string()).collect();
        let mut total = 0;
        for l in &layers {
            let mut one = g.clone();
            Reading { layers: Some(vec![l.clone()]), ..Reading::default() }.apply(&mut one);
            prop_assert!(one.relations().all(|r| g.layers.layer_of(r.kind) == l));
            total += one.relation_count();
        }
        prop_assert_eq!(total, g.relation_count());
        let mut all = g.clone();
        Reading { layers: Some(layers), ..Reading::default() }.apply(&mut all);
        prop_assert_eq!(net_ties(&all), net_ties(&g));
    }
}
