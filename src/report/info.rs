//! Layout of the graph summary.

use super::{Document, Readers, Table, ToDocument, num};
use crate::analysis::info::Summary;

fn counts_table(name: &str, m: &std::collections::BTreeMap<String, usize>) -> Table {
    let mut t = Table::new([name, "count"]).right(&[1]);
    let mut v: Vec<_> = m.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (k, c) in v {
        t.row([k.clone(), c.to_string()]);
    }
    t
}

impl ToDocument for Summary {
    fn to_document_for(&self, _readers: Readers) -> Document {
        let mut d = Document::new();
        d.heading(2, format!("Summary: {}", self.name));
        let range = match (self.first_date, self.last_date) {
            (Some(a), Some(b)) => format!("{a} to {b}"),
            _ => "no dates".to_string(),
        };
        let sizes: Vec<String> = self.component_sizes.iter().map(|s| s.to_string()).collect();
        d.fields([
            ("actors", self.actors.to_string()),
            (
                "relations",
                format!(
                    "{} ({} allied, {} hostile; {} directed, {} mutual)",
                    self.relations, self.positive, self.negative, self.directed, self.mutual
                ),
            ),
            ("events", self.events.to_string()),
            ("tied pairs", self.ties.to_string()),
            ("density", num(self.density, 4)),
            (
                "components",
                format!("{} (sizes {})", self.components, sizes.join(", ")),
            ),
            ("dates", range),
        ]);
        if !self.isolated.is_empty() {
            d.paragraph(format!("Isolated actors: {}", self.isolated.join(", ")));
        }
        d.heading(3, "Actors by kind");
        d.table("actors_by_kind", counts_table("kind", &self.actors_by_kind));
        d.heading(3, "Relations by kind");
        d.table(
            "relations_by_kind",
            counts_table("kind", &self.relations_by_kind),
        );
        if !self.layers.is_empty() {
            d.heading(3, "Relations by layer");
            let mut t = Table::new([
                "layer",
                "relations",
                "allied",
                "hostile",
                "pairs",
                "net allied",
                "net hostile",
            ])
            .right(&[1, 2, 3, 4, 5, 6]);
            for l in &self.layers {
                t.row([
                    l.layer.clone(),
                    l.relations.to_string(),
                    l.allied.to_string(),
                    l.hostile.to_string(),
                    l.pairs.to_string(),
                    l.allied_pairs.to_string(),
                    l.hostile_pairs.to_string(),
                ]);
            }
            d.table("relations_by_layer", t);
        }
        d.heading(3, "Relations by confidence");
        d.table(
            "relations_by_confidence",
            counts_table("confidence", &self.relations_by_confidence),
        );
        d
    }
}
