//! `entente events import` and `entente events summary`.

use super::common::{
    CliError, CliResult, ColorChoice, FormatArg, ReadArgs as Reading, emit, emit_rendered, note,
    parse_date, print_diagnostics, write_output,
};
use super::progress::Progress;
use clap::{Args, Subcommand};
use entente::analysis::events::summarize;
use entente::events::cameo::GoldsteinTable;
use entente::events::dictionary::Dictionary;
use entente::events::layout::Format;
use entente::events::{ImportOptions, ImportReport, Imported, Importer};
use entente::model::{Date, EventWeighting, Granularity};
use entente::report;
use std::path::{Path, PathBuf};

#[derive(Debug, Subcommand)]
pub enum EventsCommand {
    /// Read event files (GDELT, ICEWS, plain CSV; .gz and .zip too) into a graph of dyad ×
    /// period tallies and the relations they give.
    Import(ImportArgs),
    /// Events per directed dyad and period: counts, mentions, mean Goldstein scores,
    /// QuadClass counts.
    Summary(SummaryArgs),
}

/// How rows are read (both subcommands).
#[derive(Debug, Clone, Args)]
pub struct EventFiles {
    /// Event files (GDELT raw or headered exports, ICEWS, plain CSV; .gz, .zip), or graphs
    /// (.ron) whose tallies and directed events are added.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,

    /// Actor dictionary (CSV `code,actor[,name,kind]` or RON `ActorDictionary(...)`):
    /// actor codes to actor ids by longest prefix. Without it, 3-letter country codes.
    #[arg(long, value_name = "FILE")]
    pub dictionary: Option<PathBuf>,

    /// CAMEO code → Goldstein score table replacing the built-in one (`code<TAB>score`).
    #[arg(long, value_name = "FILE")]
    pub goldstein: Option<PathBuf>,

    /// Stop at the first bad row (exit code 2) instead of counting it and going on.
    #[arg(long)]
    pub strict: bool,

    /// How many bad rows to show located on stderr (all are counted).
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub show_problems: usize,
}

#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    pub read: EventFiles,

    /// The graph to write (RON).
    #[arg(short = 'o', long = "output", value_name = "OUT.ron", required = true)]
    pub output: PathBuf,

    /// Overwrite OUT.ron when it exists (an input is never overwritten).
    #[arg(long)]
    pub force: bool,

    /// Period of the tallies: day (weights exact at any date), week, month, quarter, year
    /// (smaller files; a period counts from its last day).
    #[arg(long, value_name = "PERIOD", default_value = "day", value_parser = parse_granularity)]
    pub by: Granularity,

    /// Days after which an event counts half in a relation's weight.
    #[arg(long, value_name = "DAYS", default_value_t = 90.0)]
    pub half_life: f64,

    /// Neutral pseudo-events a dyad's mean score is shrunk with (few events, weak weight).
    #[arg(long, value_name = "N", default_value_t = 5.0)]
    pub prior: f64,

    /// Average scores per mention rather than per event.
    #[arg(long)]
    pub by_mentions: bool,

    /// Write the relations as of this date (default: the last day with events).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,

    /// The graph's name (default: from the first file).
    #[arg(long)]
    pub name: Option<String>,

    /// How the import report is printed.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,

    /// Write the graph read this way (its relations are `interaction`s, in the `other`
    /// layer unless a graph read maps them elsewhere); --collapse merges the members of
    /// graphs read.
    #[command(flatten)]
    pub reading: Reading,
}

#[derive(Debug, Clone, Args)]
pub struct SummaryArgs {
    #[command(flatten)]
    pub read: EventFiles,

    /// Period: day, week (ISO), month, quarter or year.
    #[arg(long, value_name = "PERIOD", default_value = "month", value_parser = parse_granularity)]
    pub by: Granularity,

    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,

    /// Refused: the summary counts events as recorded, before they are relations of a
    /// graph (see docs/analysis/layers.md).
    #[command(flatten)]
    pub reading: Reading,
}

/// Why `events summary` refuses `--combine`, `--layer` and `--collapse`.
pub const SUMMARY_REFUSAL: &str = "events summary counts events as recorded, before they are \
     relations of a graph, so there is nothing to combine, layer or collapse; pass the \
     options to a command that reads the graph `entente events import` writes";

fn parse_granularity(s: &str) -> Result<Granularity, String> {
    s.parse()
}

pub fn run(cmd: &EventsCommand, color: ColorChoice) -> CliResult {
    match cmd {
        EventsCommand::Import(a) => import(a, color),
        EventsCommand::Summary(a) => summary(a, color),
    }
}

fn read_file(path: &Path) -> Result<String, CliError> {
    std::fs::read_to_string(path)
        .map_err(|e| CliError::Failure(anyhow::anyhow!("cannot read {}: {e}", path.display())))
}

/// Inputs of this many bytes get a spinner (~1 s of reading).
const SPIN_FROM_BYTES: u64 = 100 << 20;

/// Reads every file, printing the located bad rows and a line of counts on stderr.
fn read_all(args: &EventFiles, by: Granularity, color: ColorChoice) -> Result<Imported, CliError> {
    let mut opts = ImportOptions {
        granularity: by,
        strict: args.strict,
        keep_problems: args.show_problems,
        ..ImportOptions::default()
    };
    if let Some(p) = &args.dictionary {
        let text = read_file(p)?;
        opts.dictionary = Dictionary::parse(&text).map_err(|diags| {
            print_diagnostics(&diags, &p.display().to_string(), &text, color);
            CliError::BadInput(format!("{}: not a valid actor dictionary", p.display()))
        })?;
    }
    if let Some(p) = &args.goldstein {
        opts.goldstein = GoldsteinTable::parse(&read_file(p)?)
            .map_err(|e| CliError::BadInput(format!("{}: {e}", p.display())))?;
    }
    let mut importer = Importer::new(opts);
    let size: u64 = args
        .files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let progress = Progress::new("reading events").spin_if(size >= SPIN_FROM_BYTES);
    let read = args.files.iter().try_for_each(|f| importer.read_path(f));
    progress.finish();
    {
        read.map_err(|e| match e {
            entente::events::ImportError::Strict(p) => {
                note(&p.to_string());
                CliError::BadInput(format!(
                    "--strict: stopped at the first bad row ({}:{})",
                    p.file, p.line
                ))
            }
            other => CliError::BadInput(other.to_string()),
        })?;
    }
    let imported = importer.finish();
    report_problems(&imported.report);
    Ok(imported)
}

fn report_problems(r: &ImportReport) {
    for p in &r.problems {
        note(&format!("{p}\n"));
    }
    let more = r.skipped.bad_rows.saturating_sub(r.problems.len() as u64);
    if more > 0 {
        note(&format!(
            "... and {more} more bad row(s), counted in the report"
        ));
    }
    let s = &r.skipped;
    let graphs: Vec<_> = r
        .files
        .iter()
        .filter(|f| f.format == Format::Graph)
        .collect();
    let from_graphs: u64 = graphs.iter().map(|f| f.events).sum();
    if r.rows > 0 || graphs.is_empty() {
        note(&format!(
            "read {} row(s): {} event(s) counted; skipped {} with one actor, {} with both actors the same, {} with an unmapped actor, {} duplicate(s), {} bad",
            r.rows,
            r.events - from_graphs,
            s.one_actor,
            s.same_actor,
            s.unmapped,
            s.duplicates,
            s.bad_rows
        ));
    }
    if !graphs.is_empty() {
        note(&format!(
            "read {} graph(s): {from_graphs} event(s) in their tallies and directed events",
            graphs.len()
        ));
    }
}

fn import(a: &ImportArgs, color: ColorChoice) -> CliResult {
    let weighting = EventWeighting {
        half_life_days: a.half_life,
        prior_events: a.prior,
        by_mentions: a.by_mentions,
    };
    if let Some(why) = weighting.problem() {
        return Err(CliError::BadInput(why));
    }
    let inputs: Vec<&Path> = a.read.files.iter().map(PathBuf::as_path).collect();
    super::common::check_output(&a.output, &inputs, a.force)?;
    let imported = read_all(&a.read, a.by, color)?;
    let report = imported.report.clone();
    let name = a.name.clone().unwrap_or_else(|| {
        let first = a.read.files[0]
            .file_name()
            .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
        format!("Events: {first}")
    });
    let mut graph = imported.into_graph(&name, weighting, a.as_of.map(|d| d.last_day()));
    a.reading.apply(&mut graph)?;
    write_output(
        &a.output,
        entente::format::ron::to_string(&graph).as_bytes(),
        &inputs,
        a.force,
    )?;
    emit_rendered(&report, a.format.into())
}

fn summary(a: &SummaryArgs, color: ColorChoice) -> CliResult {
    a.reading.refuse(SUMMARY_REFUSAL)?;
    // Day tallies nest in every period; read straight into the asked one when no graph
    // input (whose tallies may be coarser) is involved.
    let imported = read_all(&a.read, a.by, color)?;
    let s = summarize(&imported.tallies, a.by).map_err(|e| CliError::BadInput(e.to_string()))?;
    let text = match a.format {
        FormatArg::Csv => report::events::summary_csv(&s),
        f => report::render(&s, f.into()),
    };
    emit(&text)
}
