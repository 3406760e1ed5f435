//! Play a what-if in code: load the shipped graph, apply edits, see what changed, undo them,
//! and run the escalation cascade on the result.
//!
//! Run with `cargo run --example scenario`.

use entente::analysis::cascade::{CascadeOptions, Side, cascade};
use entente::model::{Confidence, RelationKind};
use entente::scenario::diff::{DiffOptions, Sources, diff};
use entente::scenario::{Edit, RelationChange, RelationRef, apply};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = entente::format::builtin().graph;

    // Russia's hostility towards Azerbaijan becomes armed conflict; trade stops.
    let edits = vec![
        Edit::ChangeRelation {
            relation: RelationRef::new("RUS", "AZE").kind(RelationKind::Hostility),
            change: RelationChange {
                kind: Some(RelationKind::ArmedConflict),
                weight: Some(-0.95),
                confidence: Some(Confidence::PossiblyTrue),
                note: Some("What if: Russian strikes on Azerbaijan.".into()),
            },
        },
        Edit::RemoveRelation(RelationRef::new("AZE", "RUS").kind(RelationKind::Trade)),
    ];
    // All or nothing: an edit naming an unknown actor or relation rejects the whole list.
    let applied = match apply(&base, &edits) {
        Ok(a) => a,
        Err(diagnostics) => {
            for d in diagnostics {
                eprintln!("{}: {}", d.code, d.message);
            }
            return Err("the scenario does not apply".into());
        }
    };

    let d = diff(
        &base,
        &applied.graph,
        &Sources::default(),
        &DiffOptions {
            analyses: false,
            ..DiffOptions::default()
        },
    );
    println!("{}", d.headline());
    for r in &d.changes.relations_changed {
        println!(
            "  {} {}: {}",
            r.after.pair(),
            r.after.kind.ron_name(),
            r.changes.join("; ")
        );
    }

    // Every edit has an inverse: undoing them gives the base back exactly.
    assert_eq!(applied.undo(), base);

    let c = cascade(
        &applied.graph,
        &"RUS".into(),
        &"AZE".into(),
        &CascadeOptions::default(),
    )?;
    let first = &c.rounds[0];
    for j in first
        .joins
        .iter()
        .filter(|j| j.side == Side::Target)
        .take(3)
    {
        println!(
            "round 1: {} joins Azerbaijan: {}",
            j.name,
            j.reasons[0].text()
        );
    }
    Ok(())
}
