//! Build a small graph in code, validate it, and save it as RON.
//!
//! Run with `cargo run --example build_graph [OUT.ron]` (default: build_graph.ron in the
//! system's temporary directory).

use entente::model::{Actor, ActorGraph, ActorKind, Confidence, Relation, RelationKind};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut g = ActorGraph::new("Caspian sketch");
    g.description = "A three-actor example built with the entente library.".into();

    let mut aze = Actor::new("AZE", "Azerbaijan", ActorKind::State);
    aze.region = Some("South Caucasus".into());
    g.add_actor(aze)?;
    g.add_actor(Actor::new("TUR", "Turkey", ActorKind::State))?;
    g.add_actor(Actor::new("RUS", "Russia", ActorKind::State))?;

    g.add_relation(
        Relation::new("AZE", "TUR", RelationKind::Alliance, 0.9)
            .with_confidence(Confidence::Confirmed)
            .with_note("Close alliance resting on ethnic kinship."),
    )?;
    let mut strained = Relation::new("RUS", "AZE", RelationKind::Hostility, -0.6)
        .with_confidence(Confidence::ProbablyTrue)
        .with_note("Relations soured after the 2025 incidents.");
    strained.since = Some("2025-06".parse()?);
    g.add_relation(strained)?;

    // `add_relation` refuses unknown actors, self-relations and duplicates; `validate`
    // checks the rest (weights, signs against kinds, dates) and warns about oddities.
    let problems = g.validate();
    for d in &problems {
        eprintln!("{:?} {}: {}", d.severity, d.code, d.message);
    }
    if problems.iter().any(|d| d.is_error()) {
        return Err("the graph is invalid".into());
    }

    let out = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("build_graph.ron"));
    entente::save_ron(&g, &out)?;
    println!(
        "saved {} actors and {} relations to {}",
        g.actor_count(),
        g.relation_count(),
        out.display()
    );

    // What was saved loads back to the same graph.
    let again = entente::load_file(&out)?;
    assert_eq!(again.graph, g);
    Ok(())
}
