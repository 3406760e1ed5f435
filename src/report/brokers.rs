//! Layout of brokers: bridges between hostile actors, then Gould–Fernandez roles.

use super::{Document, Readers, Table, ToDocument, num};
use crate::analysis::brokers::BrokerResult;

/// Rows shown per table for people; CSV and JSON have everything.
const TOP: usize = 25;

impl ToDocument for BrokerResult {
    fn to_document_for(&self, readers: Readers) -> Document {
        let mut d = Document::new();
        d.heading(2, "Brokers");
        d.heading(3, "Bridges between hostile actors");
        d.paragraph(
            "Actors allied to both sides of a hostile tie; strength sums the weaker of the two \
             allied ties over the pairs.",
        );
        let mut t = Table::new([
            "actor",
            "bloc",
            "hostile pairs",
            "strength",
            "strongest pairs",
        ])
        .right(&[1, 2, 3])
        .for_readers(readers, TOP);
        for b in &self.bridges {
            t.row_with(|| {
                let pairs: Vec<String> = b
                    .pairs
                    .iter()
                    .take(3)
                    .map(|p| format!("{}/{}", p.a, p.b))
                    .collect();
                [
                    b.actor.to_string(),
                    b.bloc.to_string(),
                    b.hostile_pairs.to_string(),
                    num(b.strength, 3),
                    pairs.join(", "),
                ]
            });
        }
        t.cut_for_people_at(TOP, "bridges");
        d.table("bridges", t);
        d.heading(3, "Brokerage roles (Gould & Fernandez 1989)");
        d.paragraph(format!(
            "Counted against the {} detected blocs on allied influence ties: broker b in \
             a → b → c with no allied tie a → c. coordinator: all in one bloc; itinerant: a \
             and c in one bloc, b outside; representative: b in a's bloc; gatekeeper: b in \
             c's bloc; liaison: three blocs.",
            self.blocs
        ));
        let mut t = Table::new([
            "actor",
            "bloc",
            "coordinator",
            "itinerant",
            "representative",
            "gatekeeper",
            "liaison",
            "total",
        ])
        .right(&[1, 2, 3, 4, 5, 6, 7])
        .for_readers(readers, TOP);
        for r in &self.roles {
            t.row_with(|| {
                [
                    r.actor.to_string(),
                    r.bloc.to_string(),
                    r.coordinator.to_string(),
                    r.itinerant.to_string(),
                    r.representative.to_string(),
                    r.gatekeeper.to_string(),
                    r.liaison.to_string(),
                    r.total.to_string(),
                ]
            });
        }
        t.cut_for_people_at(TOP, "actors with brokerage roles");
        d.table("brokerage_roles", t);
        d
    }
}
