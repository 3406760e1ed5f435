//! `entente scenario apply|diff` and `entente diff`.

use super::common::{
    CliError, CliResult, ColorChoice, FormatArg, ReadArgs, as_of_choice, date_line, dated, emit,
    input_paths, note, parse_confidence, parse_date, print_diagnostics, read_reporting,
    write_output,
};
use clap::{Args, Subcommand};
use entente::diagnostic::suggest;
use entente::format;
use entente::input::Input;
use entente::model::{ActorGraph, ActorId, Confidence, Date, Filter};
use entente::report;
use entente::scenario::LoadedScenario;
use entente::scenario::diff::{DiffOptions, ScenarioInfo, Sources, diff};
use std::path::{Path, PathBuf};

#[derive(Debug, Subcommand)]
pub enum ScenarioCommand {
    /// Apply a scenario to its base and write the resulting graph (RON).
    Apply(ApplyArgs),
    /// What a scenario changes: relations, blocs, centrality, influence, paths.
    Diff(ScenarioDiffArgs),
}

#[derive(Debug, Args)]
#[command(after_help = "\
Compares the scenario's base with its result: relations added, removed and changed; blocs
(who moved, mergers, ties that break the blocs, frustration); unbalanced triads; centrality
rank movers (weighted degree, PageRank, weighted betweenness); influence on --on targets;
strongest paths for --pair. See docs/scenarios.md and docs/json.md.

Examples:
  entente scenario diff graphs/scenarios/turkey_israel_rift.ron --on AZE
  entente scenario diff graphs/scenarios/russian_escalation.ron --pair RUS,TUR --format md")]
pub struct ScenarioDiffArgs {
    /// The scenario file.
    pub scenario: PathBuf,
    #[command(flatten)]
    pub diff: DiffArgs,
}

/// `entente diff A B`.
#[derive(Debug, Args)]
#[command(after_help = "\
Either file may be a graph or a scenario (its result is compared). See entente scenario diff
--help for what is compared.

Examples:
  entente diff graphs/south_caucasus_2025.ron new.ron --format md
  entente diff graphs/scenarios/russian_escalation.ron graphs/scenarios/turkey_israel_rift.ron")]
pub struct TwoFilesArgs {
    /// The graph before (a graph or a scenario file).
    pub before: PathBuf,
    /// The graph after (a graph or a scenario file).
    pub after: PathBuf,
    #[command(flatten)]
    pub diff: DiffArgs,
}

fn parse_pair(s: &str) -> Result<(ActorId, ActorId), String> {
    match s.split_once(',') {
        Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() && !b.contains(',') => {
            Ok((ActorId::new(a.trim()), ActorId::new(b.trim())))
        }
        _ => Err(format!(
            "`{s}` is not two actor ids: write FROM,TO (e.g. RUS,TUR)"
        )),
    }
}

/// What a diff compares, and how it is written.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Compare who holds influence over these actors (comma-separated ids).
    #[arg(long, value_name = "ACTOR,...", value_delimiter = ',')]
    pub on: Vec<String>,
    /// Compare the strongest influence path from one actor to another (repeatable).
    #[arg(long, value_name = "FROM,TO", value_parser = parse_pair)]
    pub pair: Vec<(ActorId, ActorId)>,
    /// How many rank movers and influence changes to list (N ≥ 1).
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = super::common::at_least_one)]
    pub top: usize,
    /// Only the relation-level diff: skip blocs and centrality.
    #[arg(long)]
    pub no_analyses: bool,
    /// Seed of the bloc heuristic (used on graphs too large to solve exactly).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Read the relations in force on this date, in both graphs. Default: the latest date
    /// either graph names.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Read every relation of both graphs, ended or not.
    #[arg(long, conflicts_with = "as_of")]
    pub all_dates: bool,
    /// Keep only relations at least this credible, in both graphs.
    #[arg(long, value_name = "LEVEL", value_parser = parse_confidence)]
    pub min_confidence: Option<Confidence>,
    #[command(flatten)]
    pub read: ReadArgs,
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
}

impl DiffArgs {
    /// The options, after checking that every named actor is in one of the graphs.
    fn options(&self, before: &ActorGraph, after: &ActorGraph) -> Result<DiffOptions, CliError> {
        let check = |id: &ActorId| -> Result<(), CliError> {
            if before.contains(id) || after.contains(id) {
                return Ok(());
            }
            let ids = before.actors().chain(after.actors()).map(|a| a.id.as_str());
            let hint = suggest(id.as_str(), ids)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            Err(CliError::BadInput(format!(
                "no actor `{id}` in either graph{hint}"
            )))
        };
        let on: Vec<ActorId> = self.on.iter().map(|s| ActorId::new(s.trim())).collect();
        for id in on.iter().chain(self.pair.iter().flat_map(|(a, b)| [a, b])) {
            check(id)?;
        }
        Ok(DiffOptions {
            analyses: !self.no_analyses,
            on,
            pairs: self.pair.clone(),
            top: self.top,
            seed: self.seed,
        })
    }

    /// One date for both graphs: the chosen one, or the latest either names.
    fn filter(&self, before: &ActorGraph, after: &ActorGraph) -> Filter {
        Filter {
            as_of: as_of_choice(self.as_of, self.all_dates).date(&[before, after]),
            min_confidence: self.min_confidence,
        }
    }

    fn run(&self, before: &ActorGraph, after: &ActorGraph, sources: &Sources) -> CliResult {
        let filter = self.filter(before, after);
        let (mut b, mut a) = (before.filtered(&filter), after.filtered(&filter));
        self.read.apply(&mut b)?;
        self.read.apply(&mut a)?;
        let line = date_line(as_of_choice(self.as_of, self.all_dates), &[before, after]);
        let opts = self.options(&b, &a)?;
        emit(&dated(
            self.format,
            &line,
            report::render(&diff(&b, &a, sources, &opts), self.format.into()),
        ))
    }
}

#[derive(Debug, Args)]
#[command(after_help = "\
The scenario's edits are applied to its base (a graph, or another scenario), all or nothing;
any error is reported, located, and nothing is written. See docs/scenarios.md.

Examples:
  entente scenario apply graphs/scenarios/russian_escalation.ron -o escalated.ron
  entente scenario apply my_scenario.ron > result.ron")]
pub struct ApplyArgs {
    /// The scenario file.
    pub scenario: PathBuf,
    /// Write the graph here (atomically) instead of to stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite the output file if it exists. The scenario and its bases are never
    /// overwritten.
    #[arg(long)]
    pub force: bool,
    /// Write the result read this way: only the relations of --layer, members merged into
    /// their parents with --collapse (their parallel relations of one kind combined by
    /// --combine). Relations of different kinds stay apart, as in any graph file.
    #[command(flatten)]
    pub read: ReadArgs,
}

pub fn run(cmd: &ScenarioCommand, color: ColorChoice) -> CliResult {
    match cmd {
        ScenarioCommand::Apply(args) => apply(args, color),
        ScenarioCommand::Diff(args) => scenario_diff(args, color),
    }
}

/// How a scenario is described in a diff.
pub fn scenario_sources(s: &LoadedScenario) -> Sources {
    Sources {
        before: s.base.path.display().to_string(),
        after: s.path.display().to_string(),
        scenario: Some(ScenarioInfo {
            name: s.scenario.name.clone(),
            description: s.scenario.description.clone(),
            base: s.scenario.base.clone(),
            edits: s.scenario.edits.iter().map(|e| e.describe()).collect(),
        }),
    }
}

fn scenario_diff(args: &ScenarioDiffArgs, color: ColorChoice) -> CliResult {
    let s = read_scenario(&args.scenario, color)?;
    args.diff
        .run(&s.base.graph, &s.applied.graph, &scenario_sources(&s))
}

/// `entente diff BEFORE AFTER`.
pub fn diff_files(args: &TwoFilesArgs, color: ColorChoice) -> CliResult {
    let before = read_reporting(&args.before, color)?;
    let after = read_reporting(&args.after, color)?;
    let sources = Sources {
        before: args.before.display().to_string(),
        after: args.after.display().to_string(),
        scenario: None,
    };
    args.diff.run(before.graph(), after.graph(), &sources)
}

/// Reads a file that must be a scenario.
fn read_scenario(path: &Path, color: ColorChoice) -> Result<Box<LoadedScenario>, CliError> {
    match read_reporting(path, color)? {
        Input::Scenario(s) => Ok(s),
        Input::Graph(_) => Err(CliError::BadInput(format!(
            "{} is a graph, not a scenario (a scenario's root is `Scenario(...)`)",
            path.display()
        ))),
    }
}

fn apply(args: &ApplyArgs, color: ColorChoice) -> CliResult {
    let mut s = read_scenario(&args.scenario, color)?;
    print_diagnostics(
        &s.applied.warnings,
        &s.path.display().to_string(),
        &s.source,
        color,
    );
    args.read.apply(&mut s.applied.graph)?;
    let text = format::ron::to_string(&s.applied.graph);
    let Some(out) = &args.output else {
        return emit(&text);
    };
    write_output(out, text.as_bytes(), &input_paths(&s.chain), args.force)?;
    let g = &s.applied.graph;
    let how = if args.read.given() {
        format!(", read with {}", args.read.describe())
    } else {
        String::new()
    };
    note(&format!(
        "wrote {}: {} actors, {} relations, {} events ({} on {}{how})",
        out.display(),
        g.actor_count(),
        g.relation_count(),
        g.events().len(),
        entente::report::plural(s.scenario.edits.len(), "edit", "edits"),
        s.base.path.display()
    ));
    Ok(())
}
