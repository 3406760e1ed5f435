//! Command-line interface: argument parsing (clap) and dispatch to the library. No analysis
//! logic lives here.

mod balance;
mod bench_run;
mod blocs;
mod brokers;
mod cascade;
mod centrality;
mod check;
mod common;
mod dot;
mod events;
mod explore;
mod generate;
mod interchange;
mod meta;
mod paths;
mod progress;
mod render;
mod robustness;
mod scenario;
mod timeline;

use clap::{Parser, Subcommand};
use common::{CliError, ColorChoice, FormatArg, GraphArgs, emit, emit_rendered};
use entente::model::ActorId;
use entente::report::{self, full::Report, full::ReportOptions, full::ReportSection};
use std::process::ExitCode;

/// Explore signed actor-relationship graphs: blocs, balance, influence paths, centrality,
/// brokers, scenarios and Graphviz diagrams.
///
/// Every command that reads a graph works on the built-in South Caucasus 2025 graph when no
/// FILE is given.
#[derive(Debug, Parser)]
#[command(
    name = "entente",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// When to colour diagnostics on stderr.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate graph files: every error and warning, located, with hints.
    Check(check::CheckArgs),
    /// Counts by kind and sign, components, density, date range.
    Info {
        #[command(flatten)]
        graph: GraphArgs,
        #[arg(long, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
    },
    /// Every analysis of a graph in one report.
    Report {
        #[command(flatten)]
        graph: GraphArgs,
        /// html: one page with every section, the diagram and the explorer, printable.
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        /// Write the report (report.txt|json|md|html, or report/ with one CSV file per table
        /// and index.csv) and its diagram (diagram.dot,
        /// diagram.svg) into this directory instead of printing.
        #[arg(long, value_name = "DIR")]
        out_dir: Option<std::path::PathBuf>,
        /// With --out-dir: overwrite files already there.
        #[arg(long, requires = "out_dir")]
        force: bool,
        /// Rank the influences on this actor (default: the most central by PageRank).
        #[arg(long, value_name = "ACTOR")]
        focus: Option<String>,
        /// Run the cascade of this actor attacking --target (default: the graph's sharpest
        /// hostility).
        #[arg(long, value_name = "ACTOR", requires = "target")]
        attacker: Option<String>,
        /// The actor attacked in the report's cascade.
        #[arg(long, value_name = "ACTOR", requires = "attacker")]
        target: Option<String>,
        /// Only these sections, in reading order (comma-separated): findings, diagram,
        /// scenario, blocs, balance, brokers, influence, centrality, cascade, events,
        /// validation, summary, robustness. The title, source, date and counts always.
        #[arg(long, value_name = "LIST", value_delimiter = ',')]
        sections: Vec<ReportSection>,
    },
    /// The strongest influence paths from one actor to another.
    Path(paths::PathArgs),
    /// Who holds influence over an actor: everyone ranked by their paths into it.
    Influence(paths::InfluenceArgs),
    /// Centrality measures: degree, betweenness, closeness, harmonic, eigenvector, PageRank,
    /// Katz, PN.
    Centrality(centrality::CentralityArgs),
    /// The graph as a Graphviz DOT diagram (styled by kind, sign, weight and confidence).
    Dot(dot::DotArgs),
    /// One self-contained interactive HTML page of the graph (or scenario): filters, time
    /// slider, actor panels, influence paths, export.
    Explore(explore::ExploreArgs),
    /// Blocs: the partition of the actors that minimises frustration (hostile ties inside
    /// blocs, allied ties between them), with every relation that does not fit.
    Blocs(blocs::BlocsArgs),
    /// Structural balance: frustration index, triangle index, balance and clusterability
    /// tests, unbalanced triads.
    Balance(balance::BalanceArgs),
    /// Brokers: actors allied to both sides of a hostility, and Gould–Fernandez brokerage
    /// roles against the blocs.
    Brokers(brokers::BrokersArgs),
    /// Event data (GDELT, ICEWS, plain CSV) into relations over time: import, summary.
    #[command(subcommand)]
    Events(events::EventsCommand),
    /// Write a synthetic signed graph with planted blocs (for benchmarks and tests).
    Generate(generate::GenerateArgs),
    /// If one actor attacks another, who joins which side, round by round, and why.
    Cascade(cascade::CascadeArgs),
    /// Which findings survive what the analyst is unsure of: blocs, ranks and influence over
    /// samples of the uncertain relations, and what holds at each confidence level.
    Robustness(robustness::RobustnessArgs),
    /// What changed when: a pair's tie over time with its change points, blocs per period,
    /// ranks per period.
    Timeline(timeline::TimelineArgs),
    /// One analysis on one file, timed by phase, as JSON (for bench/compare).
    #[command(hide = true)]
    BenchRun(bench_run::BenchRunArgs),
    /// What changed between two graphs (or scenario results): relations, blocs, centrality,
    /// influence, paths.
    Diff(scenario::TwoFilesArgs),
    /// What-if scenarios: apply one to its base graph, or see what it changes.
    #[command(subcommand)]
    Scenario(scenario::ScenarioCommand),
    /// Write the graph as GEXF (Gephi), GraphML, node-link JSON or CSV.
    Export(interchange::ExportArgs),
    /// Read a graph from CSV (edges [+ nodes]), GraphML, GEXF or node-link JSON into RON.
    Import(Box<interchange::ImportArgs>),
    /// Draw the graph as SVG or PNG (system Graphviz, or the embedded engine without it).
    Render(render::RenderArgs),
    /// Print a shell completion script.
    Completions(meta::CompletionsArgs),
    /// Print the man page, or write one page per command into a directory.
    Man(meta::ManArgs),
}

/// `report --format`: the data formats, and a page.
#[derive(Debug, Clone, Copy, clap::ValueEnum, Default, PartialEq, Eq)]
pub enum ReportFormat {
    /// Aligned tables for people.
    #[default]
    Table,
    /// Stable JSON for scripts (see docs/json.md).
    Json,
    /// Markdown, for briefings.
    Md,
    /// CSV.
    Csv,
    /// One self-contained HTML page: sortable tables, the diagram, the explorer; printable.
    Html,
}

impl ReportFormat {
    /// The data format, `None` for the page.
    fn data(self) -> Option<FormatArg> {
        match self {
            ReportFormat::Table => Some(FormatArg::Table),
            ReportFormat::Json => Some(FormatArg::Json),
            ReportFormat::Md => Some(FormatArg::Md),
            ReportFormat::Csv => Some(FormatArg::Csv),
            ReportFormat::Html => None,
        }
    }
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let color = cli.color;
    report::set_text_width(common::text_width());
    // An interrupted write leaves no temporary file behind.
    entente::format::output::install_interrupt_cleanup();
    let result = match cli.command {
        Command::Check(args) => check::run(&args, color),
        Command::Info { graph, format } => info(&graph, format, color),
        Command::Report {
            graph,
            format,
            out_dir,
            force,
            focus,
            attacker,
            target,
            sections,
        } => {
            let choice = ReportChoice {
                focus,
                attack: attacker.zip(target),
                sections,
            };
            report_cmd(&graph, format, out_dir.as_deref(), force, &choice, color)
        }
        Command::Path(args) => paths::path(&args, color),
        Command::Influence(args) => paths::influence(&args, color),
        Command::Centrality(args) => centrality::run(&args, color),
        Command::Dot(args) => dot::run(&args, color),
        Command::Explore(args) => explore::run(&args, color),
        Command::Blocs(args) => blocs::run(&args, color),
        Command::Balance(args) => balance::run(&args, color),
        Command::Brokers(args) => brokers::run(&args, color),
        Command::Events(cmd) => events::run(&cmd, color),
        Command::Generate(args) => generate::run(&args),
        Command::Cascade(args) => cascade::run(&args, color),
        Command::Robustness(args) => robustness::run(&args, color),
        Command::Timeline(args) => timeline::run(&args, color),
        Command::BenchRun(args) => bench_run::run(&args, color),
        Command::Diff(args) => scenario::diff_files(&args, color),
        Command::Scenario(cmd) => scenario::run(&cmd, color),
        Command::Render(args) => render::run(&args, color),
        Command::Export(args) => interchange::export(&args, color),
        Command::Import(args) => interchange::import(&args, color),
        Command::Completions(args) => meta::completions(&args),
        Command::Man(args) => meta::man(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            match &e {
                CliError::BadInput(msg) => common::note(&format!("error: {msg}")),
                CliError::Failure(err) => common::note(&format!("error: {err:#}")),
            }
            e.exit_code()
        }
    }
}

fn info(graph: &GraphArgs, format: FormatArg, color: ColorChoice) -> common::CliResult {
    let loaded = graph.load(color)?;
    let summary = entente::analysis::info::summarize(&loaded.graph);
    let done = emit(&common::dated(
        format,
        &graph.date_line(&loaded.graph),
        report::render(&summary, format.into()),
    ));
    // The process ends here: leave the graph to the system rather than free its millions of
    // small allocations one by one (~0.6 s at 10M relations).
    std::mem::forget(loaded);
    done
}

/// The report's `--focus` and `--attacker/--target`, as typed.
struct ReportChoice {
    focus: Option<String>,
    attack: Option<(String, String)>,
    /// `--sections`: empty for every section.
    sections: Vec<ReportSection>,
}

/// An actor named on the command line, checked against the graph.
fn known_actor(g: &entente::ActorGraph, flag: &str, id: &str) -> Result<ActorId, CliError> {
    let id = ActorId::new(id.trim());
    if g.contains(&id) {
        return Ok(id);
    }
    let hint = entente::diagnostic::suggest(id.as_str(), g.actors().map(|x| x.id.as_str()))
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default();
    Err(CliError::BadInput(format!(
        "{flag}: no actor `{id}` in the graph{hint}"
    )))
}

fn report_cmd(
    graph: &GraphArgs,
    format: ReportFormat,
    out_dir: Option<&std::path::Path>,
    force: bool,
    choice: &ReportChoice,
    color: ColorChoice,
) -> common::CliResult {
    let (mut loaded, scenario) = graph.load_with_scenario(color)?;
    let g = &loaded.graph;
    let focus = match &choice.focus {
        Some(f) => Some(known_actor(g, "--focus", f)?),
        None => None,
    };
    let attack = match &choice.attack {
        Some((a, t)) => {
            let (a, t) = (
                known_actor(g, "--attacker", a)?,
                known_actor(g, "--target", t)?,
            );
            if a == t {
                return Err(CliError::BadInput(format!("`{a}` cannot attack itself")));
            }
            Some((a, t))
        }
        None => None,
    };
    // The report lists warnings without quoting the file: free its text (as large as the
    // graph itself for a big file) before the analyses run.
    loaded.source = String::new();
    let opts = ReportOptions {
        source: graph.source_name(),
        relations: graph.date_line(&loaded.graph),
        as_of: graph.as_of(),
        focus,
        attack,
        cascade_combine: graph.read.combine,
    };
    let mut r = Report::build(&loaded.graph, &loaded.warnings, &opts);
    if let Some(s) = &scenario {
        r = r.with_scenario(&s.base.graph, &loaded.graph, &scenario::scenario_sources(s));
    }
    if !choice.sections.is_empty() {
        r = r.only(&choice.sections);
    }
    // Left to the system at exit, as the graph below (a cascade of a million joins is
    // millions of small allocations).
    let r = std::mem::ManuallyDrop::new(r);
    let done = match (out_dir, format.data()) {
        (None, Some(f)) => emit_rendered(&*r, f.into()),
        (None, None) => {
            let page = dot::report_html(&r, graph, &loaded.graph, None, color)?;
            emit(&page)
        }
        (Some(dir), _) => dot::write_report_dir(
            std::mem::ManuallyDrop::into_inner(r),
            graph,
            &loaded.graph,
            &loaded.files,
            format,
            dir,
            force,
            color,
        ),
    };
    // The process ends here: leave the graph to the system rather than free its millions of
    // small allocations one by one (~0.1 s at 1M relations).
    std::mem::forget(loaded);
    done
}
