//! `entente report`: every analysis of a graph in one document. Each analysis adds its
//! section here.

use super::{Document, Table, ToDocument, plural};
use crate::analysis::balance::{BalanceOptions, BalanceResult, balance_with};
use crate::analysis::blocs::{BlocOptions, BlocResult, detect_blocs_in};
use crate::analysis::brokers::{BrokerOptions, BrokerResult, brokers_with};
use crate::analysis::centrality::{CentralityOptions, CentralityResult, Measure, centrality_in};
use crate::analysis::influence::{InfluenceOptions, InfluenceResult, influence_on_in};
use crate::analysis::info::{Summary, summarize_in};
use crate::diagnostic::Diagnostic;
use crate::model::{ActorGraph, Snapshot};
use crate::scenario::diff::{Diff, DiffOptions, Sources, diff};
use serde::Serialize;

/// Validation outcome shown at the top of a report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Validation {
    pub errors: usize,
    pub warnings: Vec<Diagnostic>,
}

/// What `entente report` shows. Sections are in reading order.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub graph: String,
    pub source: String,
    /// Which relations were read by date: the date every section analyses.
    pub relations: String,
    pub validation: Validation,
    pub summary: Summary,
    /// Every centrality measure for every actor.
    pub centrality: CentralityResult,
    /// Who holds influence over the actor with the highest PageRank (`null` for a graph
    /// without actors).
    pub influence: Option<InfluenceResult>,
    /// The blocs (free number, default seed).
    pub blocs: BlocResult,
    /// Structural balance against those blocs.
    pub balance: BalanceResult,
    /// Bridges and brokerage roles against those blocs.
    pub brokers: BrokerResult,
    /// When the input is a scenario: what it changes in its base (present only then).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<Diff>,
    /// The diagram files written beside the report (`report --out-dir` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagram: Option<DiagramFiles>,
}

/// The diagram written beside a report: file names relative to the report's directory.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DiagramFiles {
    pub dot: String,
    pub svg: String,
    /// Who drew the SVG (`system Graphviz dot`, or the embedded engine).
    pub engine: String,
}

/// Rows of the report's centrality and influence tables.
const REPORT_TOP: usize = 10;

/// Options that shape a report.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// Where the graph came from, for the title (a path or "built-in").
    pub source: String,
    /// Which relations the report reads by date ("Relations in force on 2025-08, ...").
    pub relations: String,
}

impl Report {
    /// Runs every analysis on `g`. `warnings` are the loader's warnings for the file.
    pub fn build(g: &ActorGraph, warnings: &[Diagnostic], opts: &ReportOptions) -> Report {
        // One snapshot for every section, and two independent chains side by side:
        // centrality → influence, and blocs → (balance, brokers). Each analysis is
        // deterministic on its own, so the result does not depend on the schedule.
        let snapshot = Snapshot::new(g);
        let s = &snapshot;
        let ((summary, (centrality, influence)), (blocs, (balance, brokers))) = rayon::join(
            || {
                rayon::join(
                    || summarize_in(g, s),
                    || {
                        let c = centrality_section(g, s);
                        let i = influence_section(g, s, &c);
                        (c, i)
                    },
                )
            },
            || {
                let blocs = detect_blocs_in(g, s, &BlocOptions::default());
                let rest = rayon::join(
                    || balance_with(g, s, &blocs, &BalanceOptions::default()),
                    || brokers_with(s, &blocs, &BrokerOptions::default()),
                );
                (blocs, rest)
            },
        );
        Report {
            graph: g.name.clone(),
            source: opts.source.clone(),
            relations: opts.relations.clone(),
            validation: Validation {
                errors: 0,
                warnings: warnings.to_vec(),
            },
            summary,
            influence,
            centrality,
            blocs,
            balance,
            brokers,
            scenario: None,
            diagram: None,
        }
    }

    /// Adds the Scenario section: `base` against this report's graph (a scenario's result),
    /// with influence compared on the report's most central actor.
    pub fn with_scenario(
        mut self,
        base: &ActorGraph,
        after: &ActorGraph,
        sources: &Sources,
    ) -> Report {
        let opts = DiffOptions {
            on: self.influence.iter().map(|i| i.target.clone()).collect(),
            top: REPORT_TOP,
            ..DiffOptions::default()
        };
        self.scenario = Some(diff(base, after, sources, &opts));
        self
    }

    /// Records the diagram files written beside the report.
    pub fn with_diagram(mut self, files: DiagramFiles) -> Report {
        self.diagram = Some(files);
        self
    }
}

/// Above this many actor × relation steps (n · m), the report does not search shortest
/// paths from every actor (betweenness, closeness, harmonic and their weighted forms are
/// O(n·m) each; measured: the six take over a minute of CPU at 10k actors and 50k
/// relations, hours at 100k and 1M). Betweenness is then estimated from sampled sources
/// within [`SAMPLED_BETWEENNESS_BUDGET`] (Brandes & Pich 2007); the others are left out,
/// and a note says how to compute them with `entente centrality`.
pub const PATH_MEASURES_BUDGET: u64 = 100_000_000;

/// Sampled sources × relations for the betweenness estimate on graphs over
/// [`PATH_MEASURES_BUDGET`]: 30 sources at 1M relations. Each source is a breadth-first
/// search and an accumulation over every tie (~60 ms of memory-bound work at 1M relations),
/// and this keeps the estimate within the report's few seconds; `entente centrality
/// --sample K` takes more.
pub const SAMPLED_BETWEENNESS_BUDGET: u64 = 30_000_000;

fn centrality_section(g: &ActorGraph, s: &Snapshot) -> CentralityResult {
    centrality_within(g, s, PATH_MEASURES_BUDGET, SAMPLED_BETWEENNESS_BUDGET)
}

fn centrality_within(
    g: &ActorGraph,
    s: &Snapshot,
    budget: u64,
    sample_budget: u64,
) -> CentralityResult {
    let (n, m) = (g.actor_count() as u64, g.relation_count() as u64);
    let within_budget = n * m <= budget;
    let mut opts = CentralityOptions {
        rank_by: Some(Measure::Pagerank),
        ..CentralityOptions::default()
    };
    if !within_budget {
        opts.measures = Measure::ALL
            .into_iter()
            .filter(|&x| x == Measure::Betweenness || !x.searches_from_every_actor())
            .collect();
        opts.betweenness_samples = Some((sample_budget / m.max(1)).clamp(1, n) as usize);
    }
    let mut c = centrality_in(g, s, &opts, None);
    if !within_budget {
        c.notes.push(format!(
            "closeness, harmonic and weighted betweenness are left out: each searches \
             shortest paths from every actor, and this graph has {n} actors × {m} relations; \
             compute them with `entente centrality FILE --measure \
             weighted_betweenness,closeness,harmonic`"
        ));
    }
    c
}

/// The most central actor: the highest PageRank (ties by id).
fn most_central(c: &CentralityResult) -> Option<crate::model::ActorId> {
    c.ranking(Measure::Pagerank)
        .first()
        .map(|a| a.actor.clone())
}

fn influence_section(
    g: &ActorGraph,
    s: &Snapshot,
    c: &CentralityResult,
) -> Option<InfluenceResult> {
    let target = most_central(c)?;
    let opts = InfluenceOptions {
        top: Some(REPORT_TOP),
        ..InfluenceOptions::default()
    };
    influence_on_in(g, s, &target, &opts).ok()
}

impl ToDocument for Report {
    fn to_document(&self) -> Document {
        let mut d = Document::new();
        d.heading(1, format!("entente report: {}", self.graph));
        d.paragraph(format!("Source: {}", self.source));
        d.paragraph(&self.relations);
        d.heading(2, "Validation");
        if self.validation.warnings.is_empty() {
            d.paragraph("Valid: no errors, no warnings.");
        } else {
            d.paragraph(format!(
                "Valid, with {}:",
                plural(self.validation.warnings.len(), "warning", "warnings")
            ));
            let mut t = Table::new(["code", "warning"]);
            for w in &self.validation.warnings {
                t.row([w.code.to_string(), w.message.clone()]);
            }
            d.table("warnings", t);
        }
        if let Some(sc) = &self.scenario {
            d.append(sc.section_document());
        }
        d.append(self.summary.to_document());
        d.append(self.centrality.clone().top(REPORT_TOP).to_document());
        if let Some(inf) = &self.influence {
            d.append(inf.to_document());
            d.paragraph(format!(
                "{} is the most central actor by PageRank; `entente influence --on {}` \
                 ranks everyone.",
                inf.target, inf.target
            ));
        }
        d.append(self.blocs.to_document());
        d.append(self.balance.to_document());
        d.append(self.brokers.to_document());
        if let Some(files) = &self.diagram {
            d.heading(2, "Diagram");
            d.fields([
                ("DOT", files.dot.clone()),
                ("SVG", format!("{} (drawn by {})", files.svg, files.engine)),
            ]);
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{GenerateOptions, generate};

    #[test]
    fn large_graphs_leave_out_the_all_pairs_measures_and_say_so() {
        let builtin = crate::format::builtin().graph;
        let small = centrality_section(&builtin, &Snapshot::new(&builtin));
        assert_eq!(small.measures.len(), Measure::ALL.len());
        assert!(small.notes.iter().all(|n| !n.contains("left out")));

        let g = generate(&GenerateOptions {
            actors: 1_000,
            relations: 5_000,
            ..GenerateOptions::default()
        })
        .unwrap()
        .graph;
        let c = centrality_within(&g, &Snapshot::new(&g), 1_000_000, 1_000_000);
        assert!(c.measures.contains(&Measure::Pagerank));
        let exact: Vec<Measure> = c
            .measures
            .iter()
            .copied()
            .filter(|&m| m.searches_from_every_actor())
            .collect();
        assert_eq!(exact, [Measure::Betweenness]);
        assert_eq!(c.measures.len(), Measure::ALL.len() - 5);
        // A sample budget of 1e6 steps over 5 000 relations: 200 sampled sources.
        assert_eq!(c.parameters.betweenness_samples, Some(200));
        assert!(
            c.notes
                .iter()
                .any(|n| n.contains("estimated from 200 of 1000"))
        );
        assert!(
            c.notes
                .iter()
                .any(|n| n.contains("left out") && n.contains("1000 actors × 5000 relations"))
        );
    }
}
