//! Layout of an escalation cascade: round by round, who joins which side and why.

use super::{Document, Table, ToDocument, num, plural};
use crate::analysis::cascade::{CascadeResult, Side, Stop};
use crate::model::ActorId;

fn ids(v: &[ActorId]) -> String {
    v.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(", ")
}

impl ToDocument for CascadeResult {
    fn to_document(&self) -> Document {
        let mut d = Document::new();
        d.heading(
            1,
            format!(
                "Escalation cascade: {} attacks {}",
                self.attacker_name, self.target_name
            ),
        );
        d.fields([
            (
                "model",
                format!(
                    "linear threshold θ = {}, incoming ties × {}, up to {} rounds",
                    num(self.threshold, 3),
                    num(self.incoming, 3),
                    self.max_rounds
                ),
            ),
            (
                "relations in force on",
                self.as_of.map_or_else(
                    || "every relation, whatever its dates".to_string(),
                    |d| d.to_string(),
                ),
            ),
            (
                "attacker's side",
                format!(
                    "{} ({})",
                    self.attacker_side.len(),
                    ids(&self.attacker_side)
                ),
            ),
            (
                "target's side",
                format!("{} ({})", self.target_side.len(), ids(&self.target_side)),
            ),
            ("uncommitted", self.uncommitted.len().to_string()),
            (
                "stopped",
                match self.stop {
                    Stop::Settled => format!(
                        "after round {}: nobody else reaches the threshold",
                        self.rounds.len()
                    ),
                    Stop::MaxRounds => format!(
                        "after {} rounds (--max-rounds); more may follow",
                        self.max_rounds
                    ),
                },
            ),
        ]);
        d.paragraph(format!(
            "{} join {}'s side and {} join {}'s, in {}; {} stay out.",
            self.target_side.len() - 1,
            self.target_name,
            self.attacker_side.len() - 1,
            self.attacker_name,
            plural(self.rounds.len(), "round", "rounds"),
            self.uncommitted.len()
        ));
        if self.rounds.is_empty() {
            d.paragraph(format!(
                "Nobody joins either side: no actor's commitments to {} or {} reach the threshold.",
                self.attacker, self.target
            ));
        }
        for r in &self.rounds {
            d.heading(2, format!("Round {}", r.round));
            let mut t =
                Table::new(["actor", "name", "joins", "pull", "against", "because"]).right(&[3, 4]);
            for j in &r.joins {
                let mut why: Vec<String> =
                    j.reasons.iter().take(2).map(|x| x.text.clone()).collect();
                if j.reasons.len() > 2 {
                    why.push(format!("and {} more", j.reasons.len() - 2));
                }
                t.row([
                    j.actor.to_string(),
                    j.name.clone(),
                    match j.side {
                        Side::Attacker => "attacker",
                        Side::Target => "target",
                    }
                    .to_string(),
                    num(j.pull, 3),
                    num(j.against, 3),
                    why.join("; "),
                ]);
            }
            d.table(format!("round_{}", r.round), t);
        }
        if !self.uncommitted.is_empty() {
            d.heading(2, "Uncommitted");
            let mut t = Table::new([
                "actor",
                "name",
                "pull to attacker",
                "pull to target",
                "strongest tie to a side",
            ])
            .right(&[2, 3]);
            for u in &self.uncommitted {
                let mut why = u
                    .strongest
                    .as_ref()
                    .map_or_else(|| "no tie to either side".to_string(), |r| r.text.clone());
                if u.torn {
                    why = format!("torn: equal pulls; {why}");
                }
                t.row([
                    u.actor.to_string(),
                    u.name.clone(),
                    num(u.pull_attacker, 3),
                    num(u.pull_target, 3),
                    why,
                ]);
            }
            d.table("uncommitted", t);
        }
        d
    }
}
