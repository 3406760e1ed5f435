//! Layout of robustness: the sampling model, the consensus blocs with how sure each member
//! is, the contested pairs, rank intervals, influence stability, the frustration's spread,
//! and what holds at each confidence level.

use super::{Document, Readers, Table, ToDocument, num, plural};
use crate::analysis::robustness::holds::FindingKind;
use crate::analysis::robustness::{RankInterval, RobustnessResult, Spread};
use std::collections::BTreeMap;

/// Members at least this sure of their consensus bloc are listed as sure.
const SURE: f64 = 0.95;
/// Contested pairs shown to people.
const PAIRS_SHOWN: usize = 20;
/// Rank rows shown to people.
const RANKS_SHOWN: usize = 40;

fn pct(x: f64) -> String {
    format!("{} %", num(100.0 * x, 1))
}

fn rank(r: Option<u32>) -> String {
    r.map_or_else(|| "–".into(), |r| r.to_string())
}

/// "3 (2–5)": the rank on the graph and its 5–95 % interval over the samples.
fn interval(a: &RankInterval) -> String {
    if a.p5 == a.p95 && a.p5 == a.plain {
        rank(a.plain)
    } else {
        format!("{} ({}–{})", rank(a.plain), rank(a.p5), rank(a.p95))
    }
}

fn spread(s: &Spread, f: impl Fn(f64) -> String) -> String {
    format!("mean {}, 5–95 %: {} to {}", f(s.mean), f(s.p5), f(s.p95))
}

impl ToDocument for RobustnessResult {
    fn to_document_for(&self, readers: Readers) -> Document {
        let mut d = Document::new();
        d.heading(2, format!("Robustness: {}", self.graph));
        d.paragraph(format!(
            "{} (seed {}): each relation kept with the probability given to its confidence \
             level, each kept weight moved by up to ±{} %, and the blocs, centrality and \
             influence re-run on each sample.",
            plural(self.samples, "sample", "samples"),
            self.seed,
            num(100.0 * self.model.jitter, 1)
        ));
        let keep: Vec<String> = self
            .model
            .levels
            .iter()
            .filter(|l| l.relations > 0)
            .map(|l| format!("{} {} ({})", l.confidence, num(l.keep, 3), l.relations))
            .collect();
        let b = &self.blocs;
        let f = &self.frustration;
        d.fields([
            (
                "relations",
                format!(
                    "{}; {} kept per sample on average",
                    self.relations,
                    num(self.model.expected_relations, 1)
                ),
            ),
            ("kept with", keep.join(", ")),
            (
                "blocs",
                format!(
                    "{} on the graph; per sample median {}, 5–95 %: {} to {}",
                    b.plain_blocs,
                    num(b.blocs_per_sample.median, 0),
                    num(b.blocs_per_sample.p5, 0),
                    num(b.blocs_per_sample.p95, 0)
                ),
            ),
            (
                "frustration",
                format!(
                    "{} on the graph ({} of Σ|w|); samples {}",
                    num(f.plain, 4),
                    pct(f.plain_share),
                    spread(&f.absolute, |x| num(x, 3))
                ),
            ),
            (
                "as a share",
                format!("of each sample's Σ|w|: {}", spread(&f.share, pct)),
            ),
            (
                "bloc searches",
                if self.samples_not_optimal == 0 {
                    "every sample's partition proved optimal".to_string()
                } else {
                    format!(
                        "{} of {} not proved optimal (best found: the heuristic above the \
                         exact limit, or the node budget)",
                        self.samples_not_optimal, self.samples
                    )
                },
            ),
        ]);

        d.heading(3, "Consensus blocs");
        d.paragraph(format!(
            "The partition that agrees best with how often each pair shares a bloc. A member \
             shown with a share sits with the others in that share of the samples on average \
             (below {}); the others are sure.",
            pct(SURE)
        ));
        let mut t = Table::new(["bloc", "size", "members"]).right(&[0, 1]);
        for c in &b.consensus {
            let members: Vec<String> = c
                .members
                .iter()
                .zip(&c.membership)
                .map(|(a, m)| match m {
                    Some(p) if *p >= SURE => a.to_string(),
                    Some(p) => format!("{a} ({})", pct(*p)),
                    None => format!("{a} (?)"),
                })
                .collect();
            t.row([
                c.id.to_string(),
                c.members.len().to_string(),
                members.join(" "),
            ]);
        }
        d.table("consensus blocs", t);

        d.heading(3, "Contested pairs");
        let contested: Vec<_> = b
            .pairs
            .iter()
            .filter(|p| p.probability > 0.05 && p.probability < SURE)
            .collect();
        d.paragraph(format!(
            "{} of the pairs followed share a bloc in 5 % to 95 % of the samples{}.",
            contested.len(),
            if contested.len() > PAIRS_SHOWN {
                format!("; the {PAIRS_SHOWN} least certain")
            } else {
                String::new()
            }
        ));
        let mut t = Table::new(["pair", "together", "on the graph"])
            .right(&[1])
            .for_readers(readers, PAIRS_SHOWN);
        for p in &contested {
            t.row_with(|| {
                [
                    format!("{} – {}", p.a, p.b),
                    pct(p.probability),
                    (if p.plain { "together" } else { "apart" }).to_string(),
                ]
            });
        }
        t.cut_for_people_at(PAIRS_SHOWN, "pairs");
        d.table("contested pairs", t);

        if !self.centrality.is_empty() {
            d.heading(3, "Centrality rank intervals");
            d.paragraph(
                "Rank on the graph (5–95 % of the samples); tied actors share the best rank.",
            );
            let mut headers = vec!["actor".to_string()];
            headers.extend(self.centrality.iter().map(|m| m.measure.name().to_string()));
            let mut t = Table::new(headers).for_readers(readers, RANKS_SHOWN);
            let by_actor: Vec<BTreeMap<&str, &RankInterval>> = self
                .centrality
                .iter()
                .map(|m| m.actors.iter().map(|a| (a.actor.as_str(), a)).collect())
                .collect();
            for a in &self.centrality[0].actors {
                t.row_with(|| {
                    let mut row = vec![a.actor.to_string()];
                    row.extend(by_actor.iter().map(|m| {
                        m.get(a.actor.as_str())
                            .map_or(String::new(), |a| interval(a))
                    }));
                    row
                });
            }
            t.cut_for_people_at(RANKS_SHOWN, "actors");
            d.table("centrality ranks", t);
        }

        for inf in &self.influence {
            d.heading(3, format!("Influence on {}", inf.target));
            let plain_top = inf
                .actors
                .iter()
                .filter(|a| a.plain.is_some_and(|r| r as usize <= self.top))
                .count();
            d.fields([
                ("same strongest", pct(inf.same_first)),
                (
                    "top kept",
                    format!(
                        "{} of the graph's top {} on average",
                        num(inf.mean_overlap * plain_top as f64, 2),
                        plain_top
                    ),
                ),
                ("same top", pct(inf.same_top)),
            ]);
            let mut t = Table::new([
                "actor",
                "rank",
                "5–95 %",
                format!("in top {}", self.top).as_str(),
            ])
            .right(&[1, 3]);
            for a in &inf.actors {
                t.row([
                    a.actor.to_string(),
                    rank(a.plain),
                    format!("{}–{}", rank(a.p5), rank(a.p95)),
                    pct(a.in_top),
                ]);
            }
            d.table(format!("influence on {}", inf.target), t);
        }

        let h = &self.holds;
        d.heading(3, "What holds at confidence ≥ X");
        d.paragraph(
            "The graph read with every relation below each level dropped: how many of its \
             findings still hold (an actor's camp; the top ranks of each measure and \
             influence ranking).",
        );
        let mut headers = vec![
            "level".to_string(),
            "relations".to_string(),
            "blocs of 2+".to_string(),
            "frustration".to_string(),
            "camps".to_string(),
        ];
        headers.extend(h.series.iter().map(|s| format!("top {}: {s}", self.top)));
        let right: Vec<usize> = (1..headers.len()).collect();
        let mut t = Table::new(headers).right(&right);
        for l in &h.levels {
            let mut row = vec![
                format!("≥ {}", l.confidence),
                l.relations.to_string(),
                l.blocs.to_string(),
                num(l.frustration, 3),
                format!("{}/{}", l.camps_held, self.actors),
            ];
            row.extend(
                l.top_held
                    .iter()
                    .zip(&h.series_findings)
                    .map(|(k, n)| format!("{k}/{n}")),
            );
            t.row(row);
        }
        d.table("holds by level", t);
        // Findings grouped by what and the level they hold from; those that hold on
        // confirmed claims alone are summed up in a sentence.
        let mut weaker: BTreeMap<(usize, String, usize), Vec<String>> = BTreeMap::new();
        let mut firm = 0;
        for (i, f) in h.findings.iter().enumerate() {
            if f.holds_from == crate::model::Confidence::Confirmed {
                firm += 1;
                continue;
            }
            let order = match f.kind {
                FindingKind::Camp => 0,
                FindingKind::Rank => 1,
                FindingKind::Influence => 2,
            };
            let first = h
                .findings
                .iter()
                .position(|g| g.what == f.what)
                .unwrap_or(i);
            weaker
                .entry((
                    order * 1_000_000 + first,
                    f.what.clone(),
                    f.holds_from as usize,
                ))
                .or_default()
                .push(f.actor.to_string());
        }
        d.paragraph(format!(
            "{} of {} findings hold on confirmed claims alone; the others need weaker ones:",
            firm,
            h.findings.len()
        ));
        let mut t = Table::new(["finding", "holds from", "actors"]);
        for ((_, what, level), actors) in &weaker {
            t.row([
                what.clone(),
                format!("≥ {}", crate::model::Confidence::ALL[*level]),
                actors.join(" "),
            ]);
        }
        t.list_for_people("actors", " ", "actor", "actors");
        d.table("findings needing weaker claims", t);
        for n in &self.notes {
            d.paragraph(format!("Note: {n}"));
        }
        d
    }
}

/// The robustness section of `entente report`: few samples, so that the report stays fast,
/// and none on a graph where even those would take long.
pub mod section {
    use crate::analysis::robustness::{RobustnessOptions, RobustnessResult, robustness};
    use crate::model::ActorGraph;
    use serde::Serialize;

    /// Samples in the report (`entente robustness` draws 1000 by default).
    pub const REPORT_SAMPLES: usize = 100;

    /// Above this many actor × relation steps (n · m) the report leaves robustness out:
    /// every sample re-runs betweenness, O(n·m).
    pub const REPORT_BUDGET: u64 = 2_000_000;

    /// The report's robustness section: the result, or why it was left out.
    #[derive(Debug, Clone, Serialize)]
    #[serde(untagged)]
    pub enum Section {
        Result(Box<RobustnessResult>),
        LeftOut { left_out: String },
    }

    pub fn build(g: &ActorGraph) -> Section {
        let (n, m) = (g.actor_count() as u64, g.relation_count() as u64);
        if n * m > REPORT_BUDGET {
            return Section::LeftOut {
                left_out: format!(
                    "{n} actors × {m} relations: each sample would re-run betweenness on the \
                     whole graph; run `entente robustness FILE` (with `--measure pagerank` for \
                     speed)"
                ),
            };
        }
        let opts = RobustnessOptions {
            samples: REPORT_SAMPLES,
            ..RobustnessOptions::default()
        };
        match robustness(g, &opts, None) {
            Ok(r) => Section::Result(Box::new(r)),
            Err(e) => Section::LeftOut {
                left_out: e.to_string(),
            },
        }
    }

    impl super::ToDocument for Section {
        fn to_document_for(&self, readers: super::Readers) -> super::Document {
            match self {
                Section::Result(r) => {
                    let mut d = r.to_document_for(readers);
                    d.paragraph(format!(
                        "{REPORT_SAMPLES} samples here; `entente robustness` draws more \
                         (`--samples N`) and says how (docs/analysis/robustness.md)."
                    ));
                    d
                }
                Section::LeftOut { left_out } => {
                    let mut d = super::Document::new();
                    d.heading(2, "Robustness");
                    d.paragraph(format!("Left out: {left_out}."));
                    d
                }
            }
        }
    }
}
