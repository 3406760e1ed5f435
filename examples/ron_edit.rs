//! Script an edit in Rust with the `ron` crate: read a graph file into the library's serde
//! types ([`GraphDoc`]) with `ron::from_str`, add an actor and a relation, write the file
//! with `ron::ser::to_string_pretty`, and check the result as entente reads it (the same
//! checks as `entente check`). The two readers agree: `tests/ron_conformance.rs`.
//!
//! Run with `cargo run --example ron_edit [-- FILE]` (default: the shipped graph); the edited
//! graph goes to stdout.

use entente::format::ron::GraphDoc;
use entente::model::{Actor, ActorKind, Relation, RelationKind};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "graphs/south_caucasus_2025.ron".into());
    let text = std::fs::read_to_string(&path)?;
    let mut doc: GraphDoc = ron::from_str(&text)?;

    // Kazakhstan joins, with an energy partnership with Azerbaijan.
    let mut kaz = Actor::new("KAZ", "Kazakhstan", ActorKind::State);
    kaz.region = Some("Central Asia".into());
    kaz.attributes.insert(
        "population".into(),
        entente::model::AttrValue::Integer(20_000_000),
    );
    doc.actors.push(kaz);
    doc.relations.push(
        Relation::new("KAZ", "AZE", RelationKind::Energy, 0.6)
            .with_note("Oil through the Baku–Tbilisi–Ceyhan pipeline."),
    );

    // `implicit_some` writes optional fields plainly, as entente does.
    let config = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    let out = ron::ser::to_string_pretty(&doc, config)?;

    // entente reads what `ron` wrote, with every check a graph file passes.
    let loaded = match entente::format::ron::from_str(&out) {
        Ok(l) => l,
        Err(diagnostics) => {
            let text = entente::diagnostic::render(&diagnostics, "edited.ron", &out, false);
            return Err(text.into());
        }
    };
    eprintln!(
        "{}: {} actors, {} relations",
        loaded.graph.name,
        loaded.graph.actor_count(),
        loaded.graph.relation_count()
    );
    println!("{out}");
    Ok(())
}
