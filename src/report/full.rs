//! `entente report`: every analysis of a graph in one document, opening with the key
//! findings read off the results ([`super::findings`]). Each analysis adds its section
//! here, under one line saying what it measures and how to read it.

use super::findings::{
    Finding, Inputs, ReportCascade, WithoutWeak, cascade_finding, findings, sharpest_hostility,
};
use super::{Block, Document, Readers, Table, ToDocument, plural};
use crate::analysis::balance::{BalanceOptions, BalanceResult, balance_on};
use crate::analysis::blocs::{BlocOptions, BlocResult, detect_blocs_keeping};
use crate::analysis::brokers::{BrokerOptions, BrokerResult, brokers_with};
use crate::analysis::cascade::{CascadeOptions, cascade};
use crate::analysis::centrality::{CentralityOptions, CentralityResult, Measure, centrality_in};
use crate::analysis::influence::{InfluenceOptions, InfluenceResult, influence_on_in};
use crate::analysis::info::{Summary, summarize_in};
use crate::diagnostic::Diagnostic;
use crate::model::{ActorGraph, ActorId, AsOf, Event, Snapshot};
use crate::scenario::diff::{Diff, DiffOptions, Sources, diff};
use serde::Serialize;

mod sections;
pub use sections::ReportSection;

/// Validation outcome shown at the top of a report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Validation {
    pub errors: usize,
    pub warnings: Vec<Diagnostic>,
}

/// What `entente report` shows. Sections are in reading order; its JSON holds the keys of
/// the sections shown ([`Report::only`]).
#[derive(Debug, Clone)]
pub struct Report {
    pub graph: String,
    pub source: String,
    /// Which relations were read by date: the date every section analyses.
    pub relations: String,
    pub validation: Validation,
    /// The key findings, in reading order (see [`super::findings`]).
    pub findings: Vec<Finding>,
    pub summary: Summary,
    /// Every centrality measure for every actor.
    pub centrality: CentralityResult,
    /// Who holds influence over the actor asked for (`--focus`), else over the actor with
    /// the highest PageRank (`null` for a graph without actors).
    pub influence: Option<InfluenceResult>,
    /// The actor asked for with `--focus` (absent when the influence section is on the most
    /// central actor).
    pub focus: Option<ActorId>,
    /// The blocs (free number, default seed).
    pub blocs: BlocResult,
    /// Structural balance against those blocs.
    pub balance: BalanceResult,
    /// Bridges and brokerage roles against those blocs.
    pub brokers: BrokerResult,
    /// Who joins whom if the attacker asked for attacks the target, else in the graph's
    /// sharpest hostility (`null` when no tie is hostile).
    pub cascade: Option<ReportCascade>,
    /// The graph's dated events up to the report's date, oldest first.
    pub events: Vec<Event>,
    /// Which findings survive the graph's uncertain claims (a few samples; the last section).
    pub robustness: super::robustness::section::Section,
    /// When the input is a scenario: what it changes in its base (present only then).
    pub scenario: Option<Diff>,
    /// The diagram files written beside the report (`report --out-dir` only).
    pub diagram: Option<DiagramFiles>,
    /// The sections shown, in reading order (every one unless [`Report::only`] says).
    pub shown: Vec<ReportSection>,
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
    /// The date choice the graph was filtered with, for the cascade (as `entente cascade`).
    pub as_of: AsOf,
    /// The actor whose influencers are ranked (default: the most central).
    pub focus: Option<ActorId>,
    /// The cascade's attacker and target (default: the sharpest hostility's pair).
    pub attack: Option<(ActorId, ActorId)>,
    /// The rule the cascade nets each pair's relations by (`--combine`, as `entente
    /// cascade`); `None`: each relation pulls on its own.
    pub cascade_combine: Option<crate::model::Combine>,
}

impl Report {
    /// Runs every analysis on `g`. `warnings` are the loader's warnings for the file.
    pub fn build(g: &ActorGraph, warnings: &[Diagnostic], opts: &ReportOptions) -> Report {
        // One snapshot for every section, and two independent chains side by side:
        // centrality → influence → cascade, and blocs → (balance, brokers). Each analysis
        // is deterministic on its own, so the result does not depend on the schedule.
        // Influence and the cascade need only PageRank and could start beside the other
        // measures, but three sections' scratch at once took the 1M report's peak near
        // issue 21's 400 MB (bench/RESULTS.md, "Report, seventh step").
        let snapshot = Snapshot::new(g);
        let s = &snapshot;
        let robustness = super::robustness::section::build(g);
        let (
            (summary, (centrality, (influence, (cascade, cascade_found)))),
            (blocs, ((balance, without), brokers)),
        ) = rayon::join(
            || {
                rayon::join(
                    || summarize_in(g, s),
                    || {
                        let c = centrality_section(g, s);
                        let i = influence_section(g, s, &c, opts.focus.as_ref());
                        let k = cascade_section(g, s, &c, opts);
                        let f = k.as_ref().map(|k| cascade_finding(g, s, k));
                        (c, (i, (k, f)))
                    },
                )
            },
            || {
                // The balance reads the bloc search's signed graph and its triangles.
                let (blocs, signed) = detect_blocs_keeping(g, s, &BlocOptions::default(), None);
                let rest = rayon::join(
                    || {
                        rayon::join(
                            || balance_on(g, s, &blocs, signed, &BalanceOptions::default()),
                            || without_weak(g),
                        )
                    },
                    || brokers_with(s, &blocs, &BrokerOptions::default()),
                );
                (blocs, rest)
            },
        );
        let focus = opts.focus.clone().filter(|f| g.contains(f));
        let findings = findings(&Inputs {
            graph: g,
            snapshot: s,
            centrality: &centrality,
            influence: influence.as_ref(),
            focused: focus.is_some(),
            blocs: &blocs,
            brokers: &brokers,
            cascade: cascade_found.as_ref(),
            without_weak: without.as_ref(),
        });
        let mut events = g.events().to_vec();
        events.sort_by_key(|e| e.date.first_day());
        Report {
            graph: g.name.clone(),
            source: opts.source.clone(),
            relations: opts.relations.clone(),
            validation: Validation {
                errors: 0,
                warnings: warnings.to_vec(),
            },
            findings,
            summary,
            influence,
            focus,
            centrality,
            blocs,
            balance,
            brokers,
            cascade,
            events,
            robustness,
            scenario: None,
            diagram: None,
            shown: ReportSection::ALL.to_vec(),
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
/// O(n·m) each; measured: the six take 46 s of CPU at 10k actors and 50k relations, so some
/// two and a half hours at 100k and 1M; bench/RESULTS.md, "Report, thirteenth step").
/// Betweenness is then estimated from sampled sources within
/// [`SAMPLED_BETWEENNESS_BUDGET`] (Brandes & Pich 2007); the others are left out, and a note
/// says how to compute them with `entente centrality`.
pub const PATH_MEASURES_BUDGET: u64 = 100_000_000;

/// What searching from every actor costs, as the notes of `entente centrality` and
/// `entente timeline --centrality` say it above [`PATH_MEASURES_BUDGET`] (the measurement
/// of its doc).
pub const PATH_MEASURES_COST: &str = "a time that grows as actors × relations (the six such \
    measures took 46 s of CPU at 10k actors and 50k relations, so some two and a half hours \
    at 100k and 1M)";

/// Sampled sources × relations for the betweenness estimate on graphs over
/// [`PATH_MEASURES_BUDGET`]: 30 sources at 1M relations. Each source is a breadth-first
/// search and an accumulation over every tie (~60 ms of memory-bound work at 1M relations),
/// and this keeps the estimate within the report's few seconds; `entente centrality
/// --sample K` takes more.
pub const SAMPLED_BETWEENNESS_BUDGET: u64 = 30_000_000;

/// The report's centrality section: every measure within [`PATH_MEASURES_BUDGET`], betweenness
/// sampled above it. [`Report::build`] runs its sections through these functions; they are
/// public so that a benchmark can measure each on its own (`benches/memory.rs`).
pub fn centrality_section(g: &ActorGraph, s: &Snapshot) -> CentralityResult {
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

/// The camps and bridges read again without the relations below `probably-true`, for the
/// weak-ties finding; left out over [`PATH_MEASURES_BUDGET`] (a second bloc search).
pub fn without_weak(g: &ActorGraph) -> Option<WithoutWeak> {
    if g.actor_count() as u64 * g.relation_count() as u64 > PATH_MEASURES_BUDGET {
        return None;
    }
    WithoutWeak::build(g, &BlocOptions::default(), &BrokerOptions::default())
}

/// The most central actor: the highest PageRank (ties by id).
fn most_central(c: &CentralityResult) -> Option<crate::model::ActorId> {
    c.ranking_top(Measure::Pagerank, 1)
        .first()
        .map(|a| a.actor.clone())
}

/// The report's influence section: who holds influence over `focus`, else over the most
/// central actor of `c`.
pub fn influence_section(
    g: &ActorGraph,
    s: &Snapshot,
    c: &CentralityResult,
    focus: Option<&ActorId>,
) -> Option<InfluenceResult> {
    let target = match focus {
        Some(f) if g.contains(f) => f.clone(),
        _ => most_central(c)?,
    };
    // An actor's own ministries and forces (`part_of` it) are not influences on it: the
    // report leaves them out, as `influence --exclude-own` does, and says so.
    let opts = InfluenceOptions {
        top: Some(REPORT_TOP),
        exclude_own: true,
        ..InfluenceOptions::default()
    };
    influence_on_in(g, s, &target, &opts).ok()
}

/// The cascade of the pair asked for, else of the sharpest hostility; read on the report's
/// date choice as `entente cascade` reads it.
pub fn cascade_section(
    g: &ActorGraph,
    s: &Snapshot,
    c: &CentralityResult,
    opts: &ReportOptions,
) -> Option<ReportCascade> {
    let (attacker, target, chosen) = match &opts.attack {
        Some((a, t)) => (a.clone(), t.clone(), "requested"),
        None => {
            let (a, t, _) = sharpest_hostility(s, c)?;
            (a, t, "sharpest-hostility")
        }
    };
    let tie = match (s.index_of(&attacker), s.index_of(&target)) {
        (Some(u), Some(v)) => s
            .undirected
            .neighbors(u)
            .find(|&(x, _)| x == v)
            .map_or(0.0, |(_, w)| w),
        _ => 0.0,
    };
    let copts = CascadeOptions {
        as_of: opts.as_of,
        combine: opts.cascade_combine,
        ..CascadeOptions::default()
    };
    let result = cascade(g, &attacker, &target, &copts).ok()?;
    Some(ReportCascade {
        chosen: chosen.to_string(),
        tie,
        result,
    })
}

/// A section's document under its one-line reading guide (after its heading), with its
/// headings moved `down` levels so that they nest under the report's title.
fn section(doc: Document, guide: &str, down: u8) -> Document {
    let mut blocks = doc.blocks.into_iter().map(|b| match b {
        Block::Heading(l, t) => Block::Heading(l + down, t),
        other => other,
    });
    let mut d = Document::new();
    d.blocks.extend(blocks.next());
    d.paragraph(guide);
    d.blocks.extend(blocks);
    d
}

impl ToDocument for Report {
    fn to_document_for(&self, readers: Readers) -> Document {
        let mut d = Document::new();
        d.heading(1, format!("entente report: {}", self.graph));
        let warnings = &self.validation.warnings;
        let valid = if warnings.is_empty() {
            "valid, no warnings".to_string()
        } else if self.shows(ReportSection::Validation) {
            format!(
                "valid, {} (listed under Validation)",
                plural(warnings.len(), "warning", "warnings")
            )
        } else {
            format!(
                "valid, {} (`entente check` lists them)",
                plural(warnings.len(), "warning", "warnings")
            )
        };
        d.paragraph(format!(
            "Source: {}\n{}\n{}, {}, {}; {valid}.",
            self.source,
            self.relations,
            plural(self.summary.actors, "actor", "actors"),
            plural(self.summary.relations, "relation", "relations"),
            plural(self.summary.events, "event", "events"),
        ));
        let on = |x: ReportSection| self.shows(x);
        if on(ReportSection::Findings) {
            d.append(self.findings_document());
        }
        if let Some(files) = self.diagram.as_ref().filter(|_| on(ReportSection::Diagram)) {
            d.heading(2, "Diagram");
            d.paragraph(
                "The actors in their blocs; one line per pair, blue allied and red hostile by \
                 the pair's net tie, thicker when stronger.",
            );
            d.image(
                format!("{}: the actors in their blocs", self.graph),
                &files.svg,
            );
            d.fields([
                ("DOT", files.dot.clone()),
                ("SVG", format!("{} (drawn by {})", files.svg, files.engine)),
            ]);
        }
        if let Some(sc) = self
            .scenario
            .as_ref()
            .filter(|_| on(ReportSection::Scenario))
        {
            d.append(sc.section_document());
        }
        if on(ReportSection::Blocs) {
            d.append(section(
                self.blocs.to_document_for(readers),
                "Camps that leave the least weight out of place (hostile ties inside a bloc, \
                 allied ties across blocs); the frustrated relations at the end are the ties that \
                 do not fit.",
                0,
            ));
        }
        if on(ReportSection::Balance) {
            d.append(section(
                self.balance.to_document_for(readers),
                "How far the graph is from two clean camps: frustration 0 and triangle index 1 \
                 mean perfectly balanced; each unbalanced triad is a strained triangle.",
                0,
            ));
        }
        if on(ReportSection::Brokers) {
            d.append(section(
                self.brokers.to_document_for(readers),
                "Who sits between hostile actors: bridges are allied to both sides of a hostile \
                 tie; brokerage roles count allied paths a → b → c that only b connects.",
                0,
            ));
        }
        if let Some(inf) = self
            .influence
            .as_ref()
            .filter(|_| on(ReportSection::Influence))
        {
            d.append(self.influence_document(inf, readers));
        }
        if on(ReportSection::Centrality) {
            d.append(section(
                self.centrality.top(REPORT_TOP).to_document_for(readers),
                "Who matters by position: degree counts ties, betweenness the shortest paths \
                 through an actor; PageRank, eigenvector and Katz count allied ties only, PN \
                 scores allied ties up and hostile ties down.",
                0,
            ));
        }
        if let Some(c) = self.cascade.as_ref().filter(|_| on(ReportSection::Cascade)) {
            let why = if c.chosen == "requested" {
                "the pair asked for (--attacker, --target)".to_string()
            } else {
                format!(
                    "the graph's sharpest hostility (net tie {}; --attacker A --target B for \
                     another)",
                    super::num(c.tie, 3)
                )
            };
            d.append(section(
                c.result.to_document_for(readers),
                &format!(
                    "Who would join whom, round by round, if {} attacked {}: {why}. A threshold \
                     model of commitments (docs/analysis/cascade.md), not a forecast.",
                    c.result.attacker, c.result.target
                ),
                1,
            ));
        }
        if on(ReportSection::Events) {
            d.append(self.events_document());
        }
        if !warnings.is_empty() && on(ReportSection::Validation) {
            d.heading(2, "Validation");
            let mut t = Table::new(["code", "warning"]);
            for w in warnings {
                t.row([w.code.to_string(), w.message.clone()]);
            }
            d.table("warnings", t);
        }
        if on(ReportSection::Summary) {
            d.append(section(
                self.summary.to_document_for(readers),
                "What is in the graph: counts by kind and confidence, components and dates.",
                0,
            ));
        }
        if on(ReportSection::Robustness) {
            d.append(self.robustness.to_document_for(readers));
        }
        d
    }
}

impl Report {
    /// The key findings under their reading guide.
    fn findings_document(&self) -> Document {
        let mut d = Document::new();
        d.heading(2, "Key findings");
        d.fields(
            self.findings
                .iter()
                .map(|f| (f.topic.clone(), f.text.clone())),
        );
        // After the findings, so that they all fit a terminal's first screen.
        d.paragraph(
            "Each read off the sections below. A finding rests on weak ties when it reads \
             differently without the relations rated below probably-true: a tie, path or join \
             it names, or a camp or bridge that changes.",
        );
        d
    }

    /// Who can move the influence target, and why that actor.
    fn influence_document(&self, inf: &InfluenceResult, readers: Readers) -> Document {
        let why = match &self.focus {
            Some(f) => format!("{f} was asked for (--focus)"),
            None => format!(
                "{} is the most central actor by PageRank (--focus ACTOR for another)",
                inf.target
            ),
        };
        let mut d = section(
            inf.to_document_for(readers),
            &format!(
                "Who can move {}: each actor scored by its strongest path into it through allied \
                 ties, the product of their weights (1: a direct full-strength tie); {why}.",
                inf.target
            ),
            0,
        );
        d.paragraph(format!(
            "`entente influence --on {}` ranks everyone.",
            inf.target
        ));
        d
    }
}

impl Report {
    /// The dated events as a timeline, oldest first.
    fn events_document(&self) -> Document {
        let mut d = Document::new();
        d.heading(2, "Events");
        if self.events.is_empty() {
            d.paragraph("The graph records no events up to its date.");
            return d;
        }
        d.paragraph(
            "What happened, oldest first, up to the report's date; score runs from −10 (most \
             conflictual) to +10 (most cooperative).",
        );
        // One text column, so that the summary has the room: kind, actors, then what happened.
        let mut t = Table::new(["date", "score", "event"]).right(&[1]);
        for e in &self.events {
            let actors = match e.direction() {
                Some((f, to)) => format!("{f} → {to}"),
                None => e
                    .actors
                    .iter()
                    .map(|a| a.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            let doubt = if e.confidence == crate::model::Confidence::Confirmed {
                String::new()
            } else {
                format!(" ({})", e.confidence.kebab_name())
            };
            t.row([
                e.date.to_string(),
                super::num(e.score, 2),
                format!(
                    "{}, {actors}: {}{doubt}",
                    e.kind.replace('_', " "),
                    e.summary
                ),
            ]);
        }
        d.table("events", t);
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The report for people leaves out the long tables' rows nobody sees (the cascade's
    /// joins, the brokers, the frustrated relations) and reads exactly as the whole one.
    #[test]
    fn the_report_for_people_reads_as_the_whole_report() {
        let g = crate::generate::sample(3_000, 20_000);
        let r = Report::build(&g, &[], &ReportOptions::default());
        let (people, whole) = (r.to_document_for(Readers::People), r.to_document());
        let left_out = |d: &Document| -> usize {
            d.blocks
                .iter()
                .map(|b| match b {
                    Block::Table(_, t) => t.left_out,
                    _ => 0,
                })
                .sum()
        };
        assert!(
            left_out(&people) > 1_000,
            "{} rows left out",
            left_out(&people)
        );
        assert_eq!(left_out(&whole), 0);
        assert_eq!(people.to_text(), whole.to_text());
        assert_eq!(people.to_markdown(), whole.to_markdown());
        assert_eq!(people.to_html(), whole.to_html());
    }

    #[test]
    fn a_report_written_as_rendered_is_the_rendered_text() {
        let g = crate::format::builtin().graph;
        let r = Report::build(&g, &[], &ReportOptions::default());
        for format in [
            crate::report::OutputFormat::Json,
            crate::report::OutputFormat::Table,
            crate::report::OutputFormat::Md,
            crate::report::OutputFormat::Csv,
        ] {
            let mut out = Vec::new();
            crate::report::render_into(&r, format, &mut out).unwrap();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                crate::report::render(&r, format)
            );
        }
    }

    #[test]
    fn large_graphs_leave_out_the_all_pairs_measures_and_say_so() {
        let builtin = crate::format::builtin().graph;
        let small = centrality_section(&builtin, &Snapshot::new(&builtin));
        assert_eq!(small.measures.len(), Measure::ALL.len());
        assert!(small.notes.iter().all(|n| !n.contains("left out")));

        let g = crate::generate::sample(1_000, 5_000);
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
