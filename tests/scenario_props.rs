//! Properties of scenario edits: applying then undoing gives the original graph exactly, a
//! rejected scenario changes nothing, a result is always valid, and a scenario written back
//! to RON reads as the same edits.

use entente::model::{
    Actor, ActorGraph, ActorId, ActorKind, AttrValue, Event, Relation, RelationKind, Sign,
};
use entente::scenario::load::{Scenario, parse_str};
use entente::scenario::{Edit, RelationChange, RelationRef, apply};
use proptest::prelude::*;
use std::collections::BTreeMap;

/// Ids drawn from a pool a little larger than the graph, so that some edits name actors
/// that do not exist (and must be rejected).
const POOL: usize = 8;

fn id(i: usize) -> String {
    format!("A{i}")
}

fn aid(i: usize) -> ActorId {
    ActorId::from(id(i))
}

fn kind_strategy() -> impl Strategy<Value = RelationKind> {
    (0..RelationKind::ALL.len()).prop_map(|i| RelationKind::ALL[i])
}

/// A weight whose sign fits the kind; a few fall outside [-1, 1] to exercise rejection.
fn weight_for(kind: RelationKind, magnitude: f64, flip: bool) -> f64 {
    let w = match kind.sign() {
        Sign::Positive => magnitude,
        Sign::Negative => -magnitude,
        Sign::Either if flip => -magnitude,
        Sign::Either => magnitude,
    };
    (w * 1000.0).round() / 1000.0
}

fn relation_strategy() -> impl Strategy<Value = Relation> {
    (
        0..POOL,
        0..POOL,
        kind_strategy(),
        0.05f64..1.1,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(a, b, kind, m, flip, directed)| {
            let mut r = Relation::new(id(a), id(b), kind, weight_for(kind, m, flip));
            r.directed = directed;
            r
        })
}

fn graph_strategy() -> impl Strategy<Value = ActorGraph> {
    (
        3..POOL,
        prop::collection::vec(relation_strategy(), 0..16),
        prop::collection::vec((0..POOL, 0..POOL, -10i32..=10), 0..4),
    )
        .prop_map(|(n, rels, events)| {
            let mut g = ActorGraph::new("base");
            for i in 0..n {
                g.add_actor(Actor::new(id(i), format!("Actor {i}"), ActorKind::State))
                    .unwrap();
            }
            for r in rels {
                if r.weight.abs() <= 1.0 {
                    // Unknown actors, self-relations and duplicates are refused; skip them.
                    let _ = g.add_relation(r);
                }
            }
            for (a, b, score) in events {
                if a < n && b < n {
                    g.add_event(Event {
                        date: "2025-06".parse().unwrap(),
                        actors: vec![aid(a), aid(b)],
                        from: None,
                        to: None,
                        kind: "incident".into(),
                        score: score as f64,
                        confidence: Default::default(),
                        summary: format!("event {a} {b}"),
                        sources: Vec::new(),
                    });
                }
            }
            g
        })
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    let rref = || {
        (0..POOL, 0..POOL, prop::option::of(kind_strategy())).prop_map(|(a, b, k)| RelationRef {
            from: aid(a),
            to: aid(b),
            kind: k,
            directed: None,
        })
    };
    prop_oneof![
        (0..POOL + 2).prop_map(|i| Edit::AddActor(Actor::new(id(i), "new", ActorKind::Company))),
        (0..POOL).prop_map(|i| Edit::RemoveActor { id: aid(i) }),
        (0..POOL, 0..POOL + 2).prop_map(|(a, b)| Edit::RenameActor {
            from: aid(a),
            to: aid(b)
        }),
        relation_strategy().prop_map(Edit::AddRelation),
        relation_strategy().prop_map(Edit::SetRelation),
        rref().prop_map(Edit::RemoveRelation),
        (
            rref(),
            prop::option::of(-1.0f64..1.0),
            prop::option::of(kind_strategy())
        )
            .prop_map(|(relation, weight, kind)| Edit::ChangeRelation {
                relation,
                change: RelationChange {
                    weight: weight.map(|w| (w * 100.0).round() / 100.0),
                    kind,
                    confidence: None,
                    note: Some("changed".into()),
                },
            }),
        (
            prop::option::of(0..POOL),
            prop::option::of(kind_strategy()),
            0.1f64..3.0
        )
            .prop_map(|(a, kind, factor)| Edit::ScaleRelations {
                actor: a.map(aid),
                kind,
                factor,
            }),
        (0..POOL, 0..POOL).prop_map(|(a, b)| Edit::MergeActors {
            from: aid(a),
            into: aid(b)
        }),
        (0..POOL, any::<bool>()).prop_map(|(a, b)| Edit::SetAttributes {
            actor: aid(a),
            attributes: BTreeMap::from([("flag".to_string(), AttrValue::Bool(b))]),
        }),
        (0..POOL).prop_map(|a| Edit::AddEvent(Event {
            date: "2025-10".parse().unwrap(),
            actors: vec![aid(a)],
            from: None,
            to: None,
            kind: "strike".into(),
            score: -5.0,
            confidence: Default::default(),
            summary: "added".into(),
            sources: Vec::new(),
        })),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn apply_then_undo_gives_the_original_graph(
        g in graph_strategy(),
        edits in prop::collection::vec(edit_strategy(), 1..6),
    ) {
        match apply(&g, &edits) {
            Ok(applied) => {
                prop_assert_eq!(applied.inverses.len(), edits.len());
                let errors: Vec<_> = applied.graph.validate().into_iter().filter(|d| d.is_error()).collect();
                prop_assert!(errors.is_empty(), "result is invalid: {:?}", errors);
                prop_assert_eq!(applied.undo(), g.clone());
                // Undoing only the last edit gives the result of the others.
                if let Ok(prefix) = apply(&g, &edits[..edits.len() - 1]) {
                    let back = entente::scenario::undo(&applied.graph, &applied.inverses[edits.len() - 1..]);
                    prop_assert_eq!(back, prefix.graph);
                }
            }
            Err(diags) => {
                prop_assert!(diags.iter().any(|d| d.is_error()));
            }
        }
    }

    #[test]
    fn each_edit_alone_is_undone_exactly(g in graph_strategy(), edit in edit_strategy()) {
        if let Ok(applied) = apply(&g, std::slice::from_ref(&edit)) {
            prop_assert_eq!(applied.undo(), g);
        }
    }

    #[test]
    fn scenarios_written_as_ron_read_back_the_same(
        edits in prop::collection::vec(edit_strategy(), 0..8),
    ) {
        let s = Scenario {
            name: "p".into(),
            description: "round trip".into(),
            base: "base.ron".into(),
            edits,
        };
        let parsed = parse_str(&s.to_ron()).unwrap();
        prop_assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        prop_assert_eq!(parsed.scenario, s);
    }
}
