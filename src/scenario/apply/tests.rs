use super::doc::{insert_at, remove_at};
use super::edits::relation_label;
use super::*;
use crate::model::{Actor, Relation};
use crate::model::{ActorKind, RelationKind};
use crate::scenario::edit::RelationRef;

fn base() -> ActorGraph {
    let mut g = ActorGraph::new("base");
    for id in ["RUS", "AZE", "TUR", "WAG"] {
        g.add_actor(Actor::new(id, id, ActorKind::State)).unwrap();
    }
    g.add_relation(Relation::new("RUS", "AZE", RelationKind::Hostility, -0.6))
        .unwrap();
    g.add_relation(Relation::new("TUR", "AZE", RelationKind::Alliance, 0.9))
        .unwrap();
    g.add_relation(Relation::new("RUS", "TUR", RelationKind::Trade, 0.4))
        .unwrap();
    g.add_relation(Relation::new("WAG", "AZE", RelationKind::CovertAction, -0.7).directed())
        .unwrap();
    g.add_relation(Relation::new("WAG", "RUS", RelationKind::Alliance, 0.8))
        .unwrap();
    g
}

#[test]
fn merge_moves_relations_and_drops_the_tie_between_the_two() {
    let g = base();
    let edits = vec![Edit::MergeActors {
        from: "WAG".into(),
        into: "RUS".into(),
    }];
    let out = apply(&g, &edits).unwrap();
    assert!(!out.graph.contains(&"WAG".into()));
    let rus: Vec<String> = out
        .graph
        .relations_of(&"RUS".into())
        .iter()
        .map(|(_, r)| relation_label(r))
        .collect();
    assert_eq!(
        rus,
        [
            "RUS – AZE Hostility (-0.6)",
            "RUS – TUR Trade (0.4)",
            "RUS → AZE CovertAction (-0.7)"
        ]
    );
    assert_eq!(out.undo(), g);
}

#[test]
fn did_you_mean_names_base_actors_still_there_and_actors_the_edits_added() {
    let g = base();
    let hint = |edits: Vec<Edit>| {
        apply(&g, &edits).unwrap_err()[0]
            .hint
            .clone()
            .unwrap_or_default()
    };
    // An actor an earlier edit added.
    let added = hint(vec![
        Edit::AddActor(Actor::new("ARMENIA", "Armenia", ActorKind::State)),
        Edit::RemoveActor {
            id: "ARMENIAA".into(),
        },
    ]);
    assert_eq!(added, "did you mean `ARMENIA`?");
    // A base actor removed before is not offered (its own id is reported as removed).
    let removed = hint(vec![
        Edit::RemoveActor { id: "WAG".into() },
        Edit::RemoveActor { id: "WAGG".into() },
    ]);
    assert!(!removed.contains("`WAG`"), "{removed}");
    assert_eq!(
        hint(vec![Edit::RemoveActor { id: "TUX".into() }]),
        "did you mean `TUR`?"
    );
}

#[test]
fn one_bad_edit_rejects_everything_and_all_problems_are_reported() {
    let g = base();
    let edits = vec![
        Edit::RemoveRelation(RelationRef::new("RUS", "AZE").kind(RelationKind::Trade)),
        Edit::RemoveActor { id: "AZR".into() },
        Edit::ScaleRelations {
            actor: Some("TUR".into()),
            kind: None,
            factor: 2.0,
        },
        Edit::SetRelation(Relation::new("TUR", "AZE", RelationKind::Alliance, 1.5)),
    ];
    let errs = apply(&g, &edits).unwrap_err();
    let codes: Vec<&str> = errs.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["E034", "E033", "E015"]);
    assert_eq!(errs[1].hint.as_deref(), Some("did you mean `AZE`?"));
    assert!(errs[0].hint.as_deref().unwrap().contains("Hostility"));
}

#[test]
fn scaling_clamps_and_undo_restores_exact_weights() {
    let g = base();
    let edits = vec![Edit::ScaleRelations {
        actor: Some("AZE".into()),
        kind: None,
        factor: 1.5,
    }];
    let out = apply(&g, &edits).unwrap();
    let w: Vec<f64> = out.graph.relations().map(|r| r.weight).collect();
    assert_eq!(w, [-0.8999999999999999, 1.0, 0.4, -1.0, 0.8]);
    assert_eq!(out.undo(), g);
}

#[test]
fn removed_actor_is_named_in_later_errors() {
    let g = base();
    let edits = vec![
        Edit::RemoveActor { id: "WAG".into() },
        Edit::AddRelation(Relation::new("WAG", "TUR", RelationKind::Rivalry, -0.2)),
    ];
    let errs = apply(&g, &edits).unwrap_err();
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].hint.as_deref(), Some("`WAG` was removed by edit 1"));
}

#[test]
fn insert_and_remove_at_are_inverse() {
    let mut v: Vec<u32> = (0..10).collect();
    let removed = remove_at(&mut v, &[0, 3, 4, 9]);
    assert_eq!(v, [1, 2, 5, 6, 7, 8]);
    insert_at(&mut v, removed);
    assert_eq!(v, (0..10).collect::<Vec<_>>());
}
