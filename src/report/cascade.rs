//! Layout of an escalation cascade: round by round, who joins which side and why.

use super::table::{MAX_ROWS, ids_for_people as ids};
use super::{Document, Readers, Table, ToDocument, num, plural};
use crate::analysis::cascade::{CascadeResult, Fragile, Involvement, Outcome, Reason, Side, Stop};

fn side_word(s: Side) -> &'static str {
    match s {
        Side::Attacker => "attacker",
        Side::Target => "target",
    }
}

/// "target, sanctions", "uncommitted".
fn outcome(o: &Outcome) -> String {
    match (o.side, o.involvement) {
        (None, _) => "uncommitted".into(),
        (Some(s), Some(f)) => format!("{}, {}", side_word(s), f.words()),
        (Some(s), None) => side_word(s).into(),
    }
}

/// "≤ 0.52: uncommitted": the threshold at which a fragile outcome changes, and to what.
fn fragile(f: &Fragile, threshold: f64) -> String {
    let dir = if f.at < threshold { "≤" } else { "≥" };
    format!("{dir} {}: {}", num(f.at, 3), outcome(&f.becomes))
}

impl ToDocument for CascadeResult {
    fn to_document_for(&self, readers: Readers) -> Document {
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
                    "linear threshold θ = {}, incoming ties × {}, up to {} rounds{}",
                    num(self.threshold, 3),
                    num(self.incoming, 3),
                    self.max_rounds,
                    self.combine
                        .map(|c| format!(", each pair's pulls netted by {c}"))
                        .unwrap_or_default()
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
                    ids(self.attacker_side.iter().map(|a| a.as_str()))
                ),
            ),
            (
                "target's side",
                format!(
                    "{} ({})",
                    self.target_side.len(),
                    ids(self.target_side.iter().map(|a| a.as_str()))
                ),
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
        let joins: Vec<_> = self.rounds.iter().flat_map(|r| &r.joins).collect();
        let mut forms = Vec::new();
        for side in [Side::Target, Side::Attacker] {
            for f in Involvement::ALL {
                let who: Vec<&str> = joins
                    .iter()
                    .filter(|j| j.side == side && j.involvement == f)
                    .map(|j| j.actor.as_str())
                    .collect();
                if !who.is_empty() {
                    let name = match side {
                        Side::Target => &self.target,
                        Side::Attacker => &self.attacker,
                    };
                    forms.push((format!("for {name}: {}", f.words()), ids(who.into_iter())));
                }
            }
        }
        if !forms.is_empty() {
            d.paragraph(
                "How they take part (only a defence commitment or an alliance with the actor \
                 attacked, or membership of a belligerent, obliges combat):",
            );
            d.fields(forms);
        }
        if self.rounds.is_empty() {
            d.paragraph(format!(
                "Nobody joins either side: no actor's commitments to {} or {} reach the threshold.",
                self.attacker, self.target
            ));
        }
        for r in &self.rounds {
            d.heading(2, format!("Round {}", r.round));
            let mut t = Table::new(["actor", "name", "joins", "as", "pull", "against", "because"])
                .right(&[4, 5])
                .for_readers(readers, MAX_ROWS);
            for j in &r.joins {
                t.row_with(|| {
                    let mut why: Vec<String> = j.reasons.iter().take(2).map(Reason::text).collect();
                    if j.reasons.len() > 2 {
                        why.push(format!("and {} more", j.reasons.len() - 2));
                    }
                    if let Some(f) = &j.fragile {
                        why.push(format!("fragile: {}", fragile(f, self.threshold)));
                    }
                    [
                        j.actor.to_string(),
                        j.name.clone(),
                        side_word(j.side).to_string(),
                        j.involvement.words().to_string(),
                        num(j.pull, 3),
                        num(j.against, 3),
                        why.join("; "),
                    ]
                });
            }
            t.cut_for_people(&format!("joins in round {}", r.round));
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
            .right(&[2, 3])
            .for_readers(readers, MAX_ROWS);
            for u in &self.uncommitted {
                t.row_with(|| {
                    let mut why = u
                        .strongest
                        .as_ref()
                        .map_or_else(|| "no tie to either side".to_string(), |r| r.text());
                    if u.torn {
                        why = format!("torn: equal pulls; {why}");
                    }
                    if let Some(f) = &u.fragile {
                        why = format!("{why}; fragile: {}", fragile(f, self.threshold));
                    }
                    [
                        u.actor.to_string(),
                        u.name.clone(),
                        num(u.pull_attacker, 3),
                        num(u.pull_target, 3),
                        why,
                    ]
                });
            }
            t.cut_for_people("uncommitted actors");
            d.table("uncommitted", t);
        }
        let sw = &self.sweep;
        d.heading(2, "Threshold sweep");
        d.paragraph(format!(
            "The sides at other thresholds (actors on each side, belligerents included; in \
             combat: joining to fight). {} change side or form with the threshold moved by \
             at most {} (marked fragile above).",
            plural(sw.fragile, "outcome", "outcomes"),
            num(sw.within, 3)
        ));
        let mut t = Table::new([
            "θ",
            "attacker's side",
            "target's side",
            "in combat",
            "uncommitted",
        ])
        .right(&[0, 1, 2, 3, 4]);
        for p in &sw.points {
            let mark = if (p.threshold - self.threshold).abs() < 1e-9 {
                " ◆"
            } else {
                ""
            };
            t.row([
                format!("{}{mark}", num(p.threshold, 3)),
                p.attacker_side.to_string(),
                p.target_side.to_string(),
                p.combat.to_string(),
                p.uncommitted.to_string(),
            ]);
        }
        d.table("threshold sweep", t);
        d
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::cascade::{CascadeOptions, cascade};
    use crate::model::Snapshot;
    use crate::report::{OutputFormat, render};

    /// A cascade that moves thousands of actors: people see the first 50 of each long list
    /// and how many more; CSV keeps every row of the tables, JSON everything.
    #[test]
    fn long_lists_are_cut_for_people_and_kept_whole_for_scripts() {
        let g = crate::generate::sample(3_000, 20_000);
        let s = Snapshot::new(&g);
        let pagerank = crate::analysis::centrality::CentralityOptions {
            measures: vec![crate::analysis::centrality::Measure::Pagerank],
            ..Default::default()
        };
        let c = crate::analysis::centrality::centrality(&g, &pagerank, None);
        let (a, t, _) = crate::report::findings::sharpest_hostility(&s, &c).unwrap();
        let r = cascade(&g, &a, &t, &CascadeOptions::default()).unwrap();
        let joins: usize = r.rounds.iter().map(|x| x.joins.len()).sum();
        assert!(joins > 1_000, "a large cascade: {joins} joins");
        let side = r.attacker_side.len().max(r.target_side.len());
        let text = render(&r, OutputFormat::Table);
        // The text wraps at the terminal's width: read it as one line of words.
        let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let more = format!("… and {} more; `--format json` lists all {side}", side - 50);
        assert!(words.contains(&more), "{more}");
        let long = r.rounds.iter().find(|x| x.joins.len() > 100).unwrap();
        let note = format!(
            "… {} more joins in round {}; `--format csv` or `--format json` lists all {}.",
            long.joins.len() - 50,
            long.round,
            long.joins.len()
        );
        assert!(words.contains(&note), "{note}");
        assert!(
            text.lines().count() < 3_000,
            "{} lines",
            text.lines().count()
        );
        let csv = render(&r, OutputFormat::Csv);
        for j in &long.joins {
            let row = format!(",actor,{}\n", j.actor);
            assert!(csv.contains(&row), "{} in the CSV", j.actor);
        }
        let json: serde_json::Value =
            serde_json::from_str(&render(&r, OutputFormat::Json)).unwrap();
        assert_eq!(
            json["attacker_side"].as_array().unwrap().len(),
            r.attacker_side.len()
        );
    }
}
