//! Layout of influence paths and of influence rankings.

use super::table::{MAX_ROWS, ids_for_people};
use super::{Document, Readers, Table, ToDocument, num, plural};
use crate::analysis::influence::{Aggregate, InfluenceResult};
use crate::analysis::paths::{InfluencePath, NoPath, PathResult};

/// `A → B → C`.
pub fn chain<T: std::fmt::Display>(actors: &[T]) -> String {
    actors
        .iter()
        .map(|a| a.to_string())
        .collect::<Vec<_>>()
        .join(" → ")
}

fn sign_word(sign: i8) -> &'static str {
    if sign < 0 { "hostile" } else { "allied" }
}

fn paths_table(paths: &[InfluencePath]) -> Table {
    let mut t = Table::new(["#", "strength", "sign", "hops", "path"]).right(&[0, 1, 3]);
    for (i, p) in paths.iter().enumerate() {
        t.row([
            (i + 1).to_string(),
            num(p.strength, 4),
            sign_word(p.sign).to_string(),
            p.hops.len().to_string(),
            chain(&p.actors),
        ]);
    }
    t
}

impl ToDocument for PathResult {
    fn to_document_for(&self, _readers: Readers) -> Document {
        let mut d = Document::new();
        d.heading(
            2,
            format!("Influence paths from {} to {}", self.from, self.to),
        );
        let ties = if self.allow_hostile {
            "allied and hostile ties (a path's sign is the product of its ties' signs)"
        } else {
            "allied ties only"
        };
        let found = if self.paths.len() < self.k {
            format!(
                "{} (asked for {}: no more exist)",
                plural(self.paths.len(), "simple path", "simple paths"),
                self.k
            )
        } else {
            plural(
                self.paths.len(),
                "strongest simple path",
                "strongest simple paths",
            )
        };
        d.paragraph(format!(
            "{found}, through {ties}. Strength = product of |weight| along the path."
        ));
        d.table("paths", paths_table(&self.paths));
        d.heading(3, "Hop by hop");
        d.paragraph(
            "Each hop's net tie is the sum of its relations, clamped to [-1, 1]; each relation \
             is listed under it with its own weight (→: directed).",
        );
        let mut t = Table::new([
            "#",
            "from",
            "to",
            "net",
            "relation",
            "weight",
            "confidence",
            "note",
        ])
        .right(&[0, 3, 5]);
        for (i, p) in self.paths.iter().enumerate() {
            for h in &p.hops {
                for (j, r) in hop_relations(h).into_iter().enumerate() {
                    let head = if j == 0 {
                        [
                            (i + 1).to_string(),
                            h.from.to_string(),
                            h.to.to_string(),
                            num(h.weight, 3),
                        ]
                    } else {
                        Default::default()
                    };
                    let [n, from, to, net] = head;
                    let [kind, weight, confidence, note] = r;
                    t.row([n, from, to, net, kind, weight, confidence, note]);
                }
            }
        }
        d.table("hops", t);
        d
    }
}

impl ToDocument for NoPath {
    fn to_document_for(&self, _readers: Readers) -> Document {
        let mut d = Document::new();
        d.heading(2, "No influence path");
        d.paragraph(self.to_string());
        d
    }
}

/// A hop's relations, each as (kind with → when directed, own weight, confidence, note);
/// the representative relation alone for a hop that lists none.
fn hop_relations(h: &crate::analysis::paths::Hop) -> Vec<[String; 4]> {
    let arrow = |d: bool| if d { " →" } else { "" };
    if h.relations.is_empty() {
        return vec![[
            format!("{}{}", h.kind, arrow(h.directed)),
            num(h.weight, 3),
            h.confidence.to_string(),
            h.note.clone().unwrap_or_default(),
        ]];
    }
    h.relations
        .iter()
        .map(|r| {
            [
                format!("{}{}", r.kind, arrow(r.directed)),
                num(r.weight, 3),
                r.confidence.to_string(),
                r.note.clone().unwrap_or_default(),
            ]
        })
        .collect()
}

/// What `--by` means, for people.
pub fn aggregate_description(by: Aggregate, k: usize) -> String {
    match by {
        Aggregate::Best => "the strength of its strongest path".to_string(),
        Aggregate::SumK => format!("the sum of the strengths of its {k} strongest simple paths"),
        Aggregate::NoisyOr => format!(
            "1 − Π(1 − strength) over its {k} strongest simple paths (chance that at least \
             one channel carries influence)"
        ),
    }
}

impl ToDocument for InfluenceResult {
    fn to_document_for(&self, readers: Readers) -> Document {
        let mut d = Document::new();
        let title = if self.target_name.is_empty() || self.target_name == self.target.as_str() {
            format!("Influence on {}", self.target)
        } else {
            format!("Influence on {} ({})", self.target, self.target_name)
        };
        d.heading(2, title);
        let ties = if self.allow_hostile {
            "allied and hostile ties"
        } else {
            "allied ties only"
        };
        d.paragraph(format!(
            "Each actor is scored by {}, through {ties}.",
            aggregate_description(self.by, self.k)
        ));
        if !self.excluded_own.is_empty() {
            let ids: Vec<&str> = self.excluded_own.iter().map(|a| a.as_str()).collect();
            d.paragraph(format!(
                "Left out as {}'s own members (`part_of` it; influence --exclude-own): {}.",
                self.target,
                ids.join(", ")
            ));
        }
        let mut t = Table::new([
            "#",
            "actor",
            "name",
            "score",
            "best",
            "sign",
            "hops",
            "first hop",
            "strongest path",
        ])
        .right(&[0, 3, 4, 6]);
        for (i, inf) in self.ranking.iter().enumerate() {
            t.row([
                (i + 1).to_string(),
                inf.actor.to_string(),
                inf.name.clone(),
                num(inf.score, 4),
                num(inf.strength, 4),
                sign_word(inf.sign).to_string(),
                inf.hops.to_string(),
                inf.first_hop.to_string(),
                chain(&inf.path),
            ]);
        }
        d.table("ranking", t);
        d.heading(3, format!("Direct relations of {}", self.target));
        let mut t = Table::new(["actor", "direction", "kind", "weight", "confidence", "note"])
            .right(&[3])
            .for_readers(readers, MAX_ROWS);
        for r in &self.direct {
            t.row_with(|| {
                let dir = match r.direction {
                    "to-target" => format!("→ {}", self.target),
                    "from-target" => format!("{} →", self.target),
                    _ => "mutual".to_string(),
                };
                [
                    r.actor.to_string(),
                    dir,
                    r.kind.to_string(),
                    num(r.weight, 3),
                    r.confidence.to_string(),
                    r.note.clone().unwrap_or_default(),
                ]
            });
        }
        t.cut_for_people("direct relations");
        d.table("direct", t);
        if !self.unreachable.is_empty() {
            d.paragraph(format!(
                "No path into {}: {}",
                self.target,
                ids_for_people(self.unreachable.iter().map(|a| a.as_str()))
            ));
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::influence::{InfluenceOptions, influence_on};
    use crate::model::{Actor, ActorGraph, ActorId, ActorKind, Relation, RelationKind};
    use crate::report::{OutputFormat, render};

    /// A hub with 150 allies and 150 actors hostile to it only: tables for people show 50 of
    /// each list and say where the rest are; JSON keeps all.
    #[test]
    fn long_lists_are_cut_for_people_and_kept_in_json() {
        let mut g = ActorGraph::new("hub");
        g.add_actor(Actor::new("HUB", "Hub", ActorKind::State))
            .unwrap();
        for i in 0..300 {
            let id = format!("A{i:03}");
            g.add_actor(Actor::new(id.clone(), "", ActorKind::State))
                .unwrap();
            let (kind, w) = if i < 150 {
                (RelationKind::Alliance, 0.5)
            } else {
                (RelationKind::Hostility, -0.5)
            };
            g.add_relation(Relation::new(id, "HUB", kind, w)).unwrap();
        }
        let r = influence_on(&g, &ActorId::from("HUB"), &InfluenceOptions::default()).unwrap();
        assert_eq!(r.direct.len(), 300);
        assert_eq!(r.unreachable.len(), 150);
        let text = render(&r, OutputFormat::Table);
        assert!(text.contains(
            "… 250 more direct relations; `--format csv` or `--format json` lists all 300."
        ));
        let csv = render(&r, OutputFormat::Csv);
        assert!(csv.lines().count() > 300, "CSV keeps every row");
        assert!(text.contains("… and 100 more; `--format json` lists all 150"));
        assert!(text.lines().count() < 300, "{} lines", text.lines().count());
        let json: serde_json::Value =
            serde_json::from_str(&render(&r, OutputFormat::Json)).unwrap();
        assert_eq!(json["direct"].as_array().unwrap().len(), 300);
        assert_eq!(json["unreachable"].as_array().unwrap().len(), 150);
    }
}
