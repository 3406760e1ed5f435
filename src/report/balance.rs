//! Layout of the balance measures: indices first, then the tests with their witnesses,
//! then the unbalanced triads with their three relations.

use super::table::rows_shown;
use super::{Document, Readers, Table, ToDocument, num, plural};
use crate::analysis::balance::{BalanceResult, FrustrationIndex, Test};

fn index_line(f: &FrustrationIndex, unit: &str, scale: &str) -> String {
    let status = best_or_optimal(f.optimal, f.lower_bound, f.time_limited);
    let norm = f
        .normalised_balance
        .map(|b| format!("; normalised balance 1 − L/({scale}/2) = {}", num(b, 4)))
        .unwrap_or_default();
    format!(
        "L = {} of {} {unit} ({status}){norm}",
        num(f.value, 4),
        num(f.scale, 4)
    )
}

fn best_or_optimal(optimal: bool, lower_bound: f64, time_limited: bool) -> String {
    match (optimal, time_limited) {
        (true, _) => "optimal".into(),
        (false, false) => format!("best found, lower bound {}", num(lower_bound, 4)),
        (false, true) => format!(
            "best found at the time limit, lower bound {}",
            num(lower_bound, 4)
        ),
    }
}

fn test_line(t: &Test, yes: &str, no: &str) -> String {
    if t.holds {
        yes.to_string()
    } else {
        let ids: Vec<&str> = t.witness.iter().map(|a| a.as_str()).collect();
        format!("{no}: {} – {}", ids.join(" – "), ids[0])
    }
}

impl ToDocument for BalanceResult {
    fn to_document_for(&self, readers: Readers) -> Document {
        let mut d = Document::new();
        d.heading(2, "Structural balance");
        let tri = &self.triangles;
        let share = |x: Option<f64>| {
            x.map(|v| num(v, 4))
                .unwrap_or_else(|| "– (no triangles)".into())
        };
        d.fields([
            (
                "ties",
                format!(
                    "{} ({} allied, {} hostile) among {}",
                    self.ties,
                    self.allied_ties,
                    self.hostile_ties,
                    plural(self.actors, "actor", "actors")
                ),
            ),
            (
                "frustration index (signs)",
                index_line(&self.frustration_index, "ties", "m"),
            ),
            (
                "frustration index (weights)",
                index_line(&self.weighted_frustration_index, "|weight|", "W"),
            ),
            (
                "bloc partition",
                format!(
                    "frustration {} with {} ({})",
                    num(self.bloc_frustration.frustration, 4),
                    plural(self.bloc_frustration.blocs, "bloc", "blocs"),
                    best_or_optimal(
                        self.bloc_frustration.optimal,
                        self.bloc_frustration.lower_bound,
                        self.bloc_frustration.time_limited
                    )
                ),
            ),
            (
                "triangles",
                format!(
                    "{} (+++ {}, ++− {}, +−− {}, −−− {})",
                    tri.total, tri.ppp, tri.ppn, tri.pnn, tri.nnn
                ),
            ),
            (
                "triangle index, strict",
                format!(
                    "{} (Cartwright–Harary: +++ and +−− balanced)",
                    share(tri.strict_balance)
                ),
            ),
            (
                "triangle index, generalised",
                format!(
                    "{} (Davis: −−− balanced too)",
                    share(tri.generalised_balance)
                ),
            ),
            (
                "balanced",
                test_line(
                    &self.balanced,
                    "yes: the signs split into two camps",
                    "no, odd hostile cycle",
                ),
            ),
            (
                "clusterable",
                test_line(
                    &self.clusterable,
                    "yes: no cycle with exactly one hostile tie",
                    "no, one hostile tie in an allied cycle",
                ),
            ),
            ("allied components", self.allied_components.to_string()),
        ]);
        let camp = |c: &[crate::model::ActorId]| {
            c.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(" ")
        };
        if self.actors <= 200 {
            d.paragraph(format!(
                "Two camps of the weighted index: [{}] vs [{}]",
                camp(&self.two_camps[0]),
                camp(&self.two_camps[1])
            ));
        }
        d.heading(3, "Unbalanced triads");
        if (self.unbalanced_triads.len() as u64) < self.unbalanced_triads_total {
            d.paragraph(format!(
                "The {} weightiest of {}.",
                self.unbalanced_triads.len(),
                self.unbalanced_triads_total
            ));
        }
        let triads = self.unbalanced_triads.len();
        let shown = rows_shown(triads);
        let mut t = Table::new(["triad", "signs", "tie", "weight", "kind", "note"])
            .right(&[3])
            .for_readers(readers, 3 * shown);
        for tr in &self.unbalanced_triads {
            let name = format!("{} {} {}", tr.actors[0], tr.actors[1], tr.actors[2]);
            let signs = if tr.davis_balanced {
                "−−− (Davis-balanced)".to_string()
            } else {
                "++−".to_string()
            };
            for (i, tie) in tr.ties.iter().enumerate() {
                t.row_with(|| {
                    [
                        if i == 0 { name.clone() } else { String::new() },
                        if i == 0 { signs.clone() } else { String::new() },
                        format!("{} – {}", tie.a, tie.b),
                        num(tie.weight, 3),
                        tie.kind.to_string(),
                        tie.note.clone().unwrap_or_default(),
                    ]
                });
            }
        }
        t.cut_for_people_with(
            3 * shown,
            format!(
                "… {} more unbalanced triads; `--format csv` or `--format json` lists all {triads}.",
                triads - shown
            ),
        );
        d.table("unbalanced_triads", t);
        d
    }
}
