use super::*;
use crate::model::ActorKind;
use crate::model::{Actor, Relation, RelationKind};
use crate::scenario::{Edit, RelationChange, RelationRef, apply};

fn base() -> ActorGraph {
    let mut g = ActorGraph::new("base");
    for id in ["RUS", "AZE", "TUR"] {
        g.add_actor(Actor::new(id, id, ActorKind::State)).unwrap();
    }
    g.add_relation(Relation::new("RUS", "AZE", RelationKind::Hostility, -0.6))
        .unwrap();
    g.add_relation(Relation::new("TUR", "AZE", RelationKind::Alliance, 0.9))
        .unwrap();
    g.add_relation(Relation::new("RUS", "TUR", RelationKind::Trade, 0.4))
        .unwrap();
    g
}

#[test]
fn lists_added_removed_and_changed_relations_and_kind_changes() {
    let g = base();
    let edits = vec![
        Edit::ChangeRelation {
            relation: RelationRef::new("AZE", "RUS"),
            change: RelationChange {
                kind: Some(RelationKind::ArmedConflict),
                weight: Some(-0.9),
                ..Default::default()
            },
        },
        Edit::ChangeRelation {
            relation: RelationRef::new("TUR", "AZE"),
            change: RelationChange {
                weight: Some(1.0),
                ..Default::default()
            },
        },
        Edit::RemoveRelation(RelationRef::new("RUS", "TUR")),
        Edit::AddActor(Actor::new("USA", "United States", ActorKind::State)),
        Edit::AddRelation(Relation::new("USA", "AZE", RelationKind::Partnership, 0.6)),
    ];
    let after = apply(&g, &edits).unwrap().graph;
    let c = changes(&g, &after);
    assert_eq!(c.actors_added.len(), 1);
    assert_eq!(c.relations_removed.len(), 1);
    assert_eq!(c.relations_removed[0].pair(), "RUS – TUR");
    assert_eq!(c.relations_added.len(), 1);
    assert_eq!(c.relations_added[0].pair(), "USA – AZE");
    let ch: Vec<&Vec<String>> = c.relations_changed.iter().map(|r| &r.changes).collect();
    assert_eq!(
        ch,
        [
            &vec![
                "kind Hostility → ArmedConflict".to_string(),
                "weight -0.6 → -0.9".to_string()
            ],
            &vec!["weight 0.9 → 1".to_string()],
        ]
    );
    assert!(changes(&g, &g).is_empty());
}

/// Two camps, {A, B} and {C, D}, hostile across; E sits with A and B.
fn camps() -> ActorGraph {
    let mut g = ActorGraph::new("camps");
    for id in ["A", "B", "C", "D", "E"] {
        g.add_actor(Actor::new(id, id, ActorKind::State)).unwrap();
    }
    for (a, b, k, w) in [
        ("A", "B", RelationKind::Alliance, 0.9),
        ("C", "D", RelationKind::Alliance, 0.9),
        ("A", "C", RelationKind::Hostility, -0.8),
        ("B", "D", RelationKind::Hostility, -0.8),
        ("E", "A", RelationKind::Partnership, 0.6),
        ("E", "B", RelationKind::Partnership, 0.6),
        ("E", "C", RelationKind::Rivalry, -0.5),
    ] {
        g.add_relation(Relation::new(a, b, k, w)).unwrap();
    }
    g
}

fn rel(a: &str, b: &str) -> RelationRef {
    RelationRef::new(a, b)
}

#[test]
fn an_actor_that_changes_sides_is_a_move() {
    let g = camps();
    let turn = |r: RelationRef, kind, w| Edit::ChangeRelation {
        relation: r,
        change: RelationChange {
            kind: Some(kind),
            weight: Some(w),
            ..Default::default()
        },
    };
    let edits = vec![
        turn(rel("E", "A"), RelationKind::Rivalry, -0.6),
        turn(rel("E", "B"), RelationKind::Rivalry, -0.6),
        turn(rel("E", "C"), RelationKind::Alliance, 0.7),
    ];
    let after = apply(&g, &edits).unwrap().graph;
    let d = diff(&g, &after, &Sources::default(), &DiffOptions::default());
    let b = d.blocs.unwrap();
    assert_eq!(b.before.len(), 2);
    assert_eq!(b.after.len(), 2);
    assert!(b.origins.iter().all(|o| o.fate == BlocFate::Continues));
    assert_eq!(b.moved.len(), 1);
    let m = &b.moved[0];
    assert_eq!(m.actor.as_str(), "E");
    // E leaves the bloc of A and B for the bloc of C and D, numbered as before.
    let bloc_of = |rows: &[BlocRow], id: &str| {
        rows.iter()
            .find(|r| r.members.iter().any(|x| x.as_str() == id))
            .map(|r| r.id)
    };
    assert_eq!(m.from, bloc_of(&b.before, "A"));
    assert_eq!(m.to, bloc_of(&b.after, "C"));
    assert_eq!(bloc_of(&b.after, "A"), bloc_of(&b.before, "A"));
    assert_eq!(b.frustration_before, 0.0);
    assert_eq!(b.frustration_after, 0.0);
}

#[test]
fn reconciled_camps_merge_and_the_old_hostility_is_resolved() {
    let g = camps();
    let edits = vec![
        Edit::SetRelation(Relation::new("A", "C", RelationKind::Hostility, -0.1)),
        Edit::SetRelation(Relation::new("B", "D", RelationKind::Hostility, -0.1)),
        Edit::AddRelation(Relation::new("A", "D", RelationKind::Alliance, 0.9)),
        Edit::AddRelation(Relation::new("B", "C", RelationKind::Alliance, 0.9)),
        Edit::SetRelation(Relation::new("E", "C", RelationKind::Rivalry, -0.1)),
    ];
    let after = apply(&g, &edits).unwrap().graph;
    let d = diff(&g, &after, &Sources::default(), &DiffOptions::default());
    let b = d.blocs.unwrap();
    assert_eq!(b.after.len(), 1, "{:?}", b.after);
    assert_eq!(b.origins[0].fate, BlocFate::Merged);
    assert_eq!(b.origins[0].continues, [0, 1]);
    // The three weak hostilities are now inside the one bloc.
    let new: Vec<String> = b
        .frustrated
        .iter()
        .filter(|f| f.before.is_none())
        .map(|f| format!("{}–{}", f.a, f.b))
        .collect();
    assert_eq!(new.len(), 3, "{new:?}");
    assert!((b.frustration_after - 0.3).abs() < 1e-9);
}
