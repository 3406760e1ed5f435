//! Layout of an analysis run on each layer ([`crate::analysis::layers`]): a row per layer
//! with its headline numbers, then, for blocs, each actor's bloc on each layer side by side.

use super::table::MAX_ROWS;
use super::{Document, Readers, Table, ToDocument, num};
use crate::analysis::balance::BalanceResult;
use crate::analysis::blocs::BlocResult;
use crate::analysis::layers::EachLayer;

/// "0.3 of 13.58 (2.2 %)".
fn share(part: f64, total: f64) -> String {
    if total > 0.0 {
        format!(
            "{} of {} ({} %)",
            num(part, 4),
            num(total, 4),
            num(100.0 * part / total, 1)
        )
    } else {
        num(part, 4)
    }
}

fn proved(optimal: bool) -> &'static str {
    if optimal { "optimal" } else { "best found" }
}

impl ToDocument for EachLayer<BlocResult> {
    fn to_document_for(&self, readers: Readers) -> Document {
        let mut d = Document::new();
        d.heading(1, format!("Blocs by layer: {}", self.graph));
        d.paragraph(
            "Each layer read alone (as --layer L reads it): its blocs and their frustration. \
             Bloc numbers are each layer's own; – marks an actor without a tie on that layer.",
        );
        let mut t = Table::new([
            "layer",
            "relations",
            "net ties",
            "actors tied",
            "blocs",
            "frustration of total |weight|",
            "status",
        ])
        .right(&[1, 2, 3, 4]);
        for l in &self.layers {
            let r = &l.result;
            let blocs = r
                .blocs
                .iter()
                .filter(|b| b.members.iter().any(|m| l.tied.binary_search(m).is_ok()))
                .count();
            t.row([
                l.layer.clone(),
                l.relations.to_string(),
                l.ties.to_string(),
                l.tied.len().to_string(),
                blocs.to_string(),
                share(r.frustration, r.total_weight),
                proved(r.optimal).to_string(),
            ]);
        }
        d.table("layers", t);
        d.heading(2, "Each actor's bloc on each layer");
        let mut headers = vec!["actor".to_string()];
        headers.extend(self.layers.iter().map(|l| l.layer.clone()));
        let mut t = Table::new(headers)
            .right(&(1..=self.layers.len()).collect::<Vec<_>>())
            .for_readers(readers, MAX_ROWS);
        // Each layer's blocs with a tied member, numbered 0, 1, … in the result's order (the
        // JSON keeps the result's own numbers, which count the untied actors' blocs too).
        let numbers: Vec<std::collections::BTreeMap<usize, usize>> = self
            .layers
            .iter()
            .map(|l| {
                let mut ids: Vec<usize> =
                    l.tied.iter().filter_map(|a| l.result.bloc_of(a)).collect();
                ids.sort_unstable();
                ids.dedup();
                ids.into_iter().enumerate().map(|(i, b)| (b, i)).collect()
            })
            .collect();
        for a in self.actors() {
            t.row_with(|| {
                let mut row = vec![a.to_string()];
                for (l, numbers) in self.layers.iter().zip(&numbers) {
                    let tied = l.tied.binary_search(a).is_ok();
                    row.push(match l.result.bloc_of(a).filter(|_| tied) {
                        Some(b) => numbers[&b].to_string(),
                        None => "–".to_string(),
                    });
                }
                row
            });
        }
        t.cut_for_people("actors");
        d.table("actors by layer", t);
        d
    }
}

impl ToDocument for EachLayer<BalanceResult> {
    fn to_document_for(&self, _readers: Readers) -> Document {
        let mut d = Document::new();
        d.heading(1, format!("Structural balance by layer: {}", self.graph));
        d.paragraph(
            "Each layer read alone (as --layer L reads it). ties: net ties (+ allied, − \
             hostile); L: the frustration index, ties (or |w|) whose removal leaves two clean \
             camps; balance: 1 − L/(ties/2); triangles balanced: strict (Cartwright–Harary) \
             and Davis's (three enemies balanced); the linear-time tests.",
        );
        let mut t = Table::new([
            "layer",
            "ties",
            "+",
            "−",
            "L",
            "balance",
            "L |w|",
            "triangles",
            "strict",
            "Davis",
            "balanced",
            "clusterable",
        ])
        .right(&[1, 2, 3, 4, 5, 6, 7, 8, 9]);
        let opt = |x: Option<f64>| x.map_or_else(|| "–".to_string(), |v| num(v, 4));
        let yes = |b: bool| if b { "yes" } else { "no" }.to_string();
        for l in &self.layers {
            let r = &l.result;
            let (f, w) = (&r.frustration_index, &r.weighted_frustration_index);
            let mark = |optimal: bool| if optimal { "" } else { "*" };
            t.row([
                l.layer.clone(),
                r.ties.to_string(),
                r.allied_ties.to_string(),
                r.hostile_ties.to_string(),
                format!("{}{}", num(f.value, 4), mark(f.optimal)),
                opt(f.normalised_balance),
                format!("{}{}", num(w.value, 4), mark(w.optimal)),
                r.triangles.total.to_string(),
                opt(r.triangles.strict_balance),
                opt(r.triangles.generalised_balance),
                yes(r.balanced.holds),
                yes(r.clusterable.holds),
            ]);
        }
        d.table("layers", t);
        if self.layers.iter().any(|l| {
            !(l.result.frustration_index.optimal && l.result.weighted_frustration_index.optimal)
        }) {
            d.paragraph("* best found, not proved optimal (the lower bound is in the JSON).");
        }
        d
    }
}
