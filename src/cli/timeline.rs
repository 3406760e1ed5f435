//! `entente timeline`: what changed when (see `entente::analysis::timeline`).

use super::common::{
    CliError, CliResult, ColorChoice, FormatArg, ReadArgs, emit, emit_rendered, input_paths,
    load_reporting, note, parse_confidence, parse_date, write_output,
};
use super::progress::Progress;
use clap::{ArgGroup, Args};
use entente::analysis::blocs::BlocOptions;
use entente::analysis::centrality::Measure;
use entente::analysis::timeline::{
    TimelineError, TimelineOptions, blocs::bloc_timeline, pair::pair_timeline, ranks::rank_timeline,
};
use entente::format::{self, chart};
use entente::model::{ActorId, Confidence, Date, Granularity};
use entente::report;
use std::path::PathBuf;

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("view").required(true).args(["pair", "blocs", "centrality"])))]
#[command(after_help = "\
Each period reads what `--as-of` gives on its last day: the relations in force then (and, for \
a graph built from event data, the tallies' weights then). The span runs from the earliest to \
the latest date the graph names unless --from/--to say otherwise.

--pair A,B: the pair's net tie per period, its events, and the change points of the tie \
(PELT, Killick et al. 2012) with the relations that began or ended and the strongest events \
around each. --svg FILE draws it.
--blocs: the blocs of every period, numbered so a bloc keeps its number while its members stay, \
and who changed camp when.
--centrality MEASURE: each actor's rank per period, with the biggest risers and fallers.

Method: docs/analysis/timeline.md.

Examples:
  entente timeline --pair RUS,AZE --by quarter --svg rus-aze.svg
  entente timeline --blocs --by year
  entente timeline --centrality pagerank --by year --from 2022")]
pub struct TimelineArgs {
    /// Graph file (RON), or a scenario file. Without it, the built-in graph.
    pub file: Option<PathBuf>,

    /// Two actors, `A,B`: the series of their tie and its change points.
    #[arg(long, value_name = "A,B")]
    pub pair: Option<String>,

    /// Blocs per period, and who changed camp when.
    #[arg(long)]
    pub blocs: bool,

    /// Each actor's rank on this measure per period (e.g. pagerank, weighted_degree).
    #[arg(long, value_name = "MEASURE")]
    pub centrality: Option<String>,

    /// The period: day, week, month, quarter or year.
    #[arg(long, value_name = "PERIOD", default_value = "quarter", value_parser = parse_granularity)]
    pub by: Granularity,

    /// First date covered (default: the earliest the graph names).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<Date>,

    /// Last date covered (default: the latest the graph names).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<Date>,

    /// Penalty per change point (default: 2·ln(n)·σ², σ the series' noise, at least 0.05).
    /// Higher finds fewer changes.
    #[arg(long, value_name = "BETA")]
    pub penalty: Option<f64>,

    /// Keep only relations at least this credible, in every period.
    #[arg(long, value_name = "LEVEL", value_parser = parse_confidence)]
    pub min_confidence: Option<Confidence>,

    #[command(flatten)]
    pub read: ReadArgs,

    /// With --pair: also draw the series as an SVG line chart here.
    #[arg(long, value_name = "FILE", requires = "pair")]
    pub svg: Option<PathBuf>,

    /// Overwrite the --svg file when it exists.
    #[arg(long)]
    pub force: bool,

    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
}

fn parse_granularity(s: &str) -> Result<Granularity, String> {
    s.parse()
}

fn failure(e: TimelineError) -> CliError {
    CliError::BadInput(e.to_string())
}

pub fn run(args: &TimelineArgs, color: ColorChoice) -> CliResult {
    if let Some(p) = args.penalty
        && !(p.is_finite() && p >= 0.0)
    {
        return Err(CliError::BadInput(format!(
            "--penalty must be a number of 0 or more, not {p}"
        )));
    }
    if let Some(svg) = &args.svg {
        super::common::check_output(
            svg,
            &input_paths(&args.file.iter().cloned().collect::<Vec<_>>()),
            args.force,
        )?;
    }
    let mut loaded = match &args.file {
        None => format::builtin(),
        Some(p) => load_reporting(p, color)?,
    };
    args.read.apply(&mut loaded.graph)?;
    let g = &loaded.graph;
    let opts = TimelineOptions {
        by: args.by,
        from: args.from,
        to: args.to,
        min_confidence: args.min_confidence,
    };
    let text = if let Some(pair) = &args.pair {
        let Some((a, b)) = pair.split_once(',') else {
            return Err(CliError::BadInput(format!(
                "--pair takes two actors as A,B, not `{pair}`"
            )));
        };
        let (a, b) = (ActorId::new(a.trim()), ActorId::new(b.trim()));
        for id in [&a, &b] {
            if !g.contains(id) {
                return Err(super::paths::unknown_actor(g, id));
            }
        }
        let t = pair_timeline(g, &a, &b, &opts, args.penalty).map_err(failure)?;
        emit_rendered(&t, args.format.into())?;
        if let Some(svg) = &args.svg {
            let picture = chart::to_svg(&report::timeline::pair_chart(&t));
            write_output(
                svg,
                picture.as_bytes(),
                &input_paths(&loaded.files),
                args.force,
            )?;
            note(&format!("wrote {}", svg.display()));
        }
        return Ok(());
    } else if args.blocs {
        let blocs = BlocOptions::default();
        let progress = Progress::new("timeline");
        let t = bloc_timeline(g, &opts, &blocs, &|done, total| {
            progress.steps(|| "timeline: blocs per period".into(), done, total)
        });
        progress.finish();
        let t = t.map_err(failure)?;
        let stopped = t.periods.iter().filter(|p| p.time_limited).count();
        if stopped > 0 {
            note(&format!(
                "note: timeline: in {stopped} of {} periods the exact bloc search stopped at its \
                 time limit ({} s each); their blocs are the best found",
                t.periods.len(),
                blocs.time_limit.map_or(0.0, |d| d.as_secs_f64())
            ));
        }
        report::render(&t, args.format.into())
    } else {
        let name = args.centrality.as_deref().unwrap_or_default();
        let measure: Measure = name.parse().map_err(CliError::BadInput)?;
        let (n, m) = (g.actor_count() as u64, g.relation_count() as u64);
        if measure.searches_from_every_actor()
            && n.saturating_mul(m) > report::full::PATH_MEASURES_BUDGET
        {
            note(&format!(
                "note: {} searches shortest paths from each of the {n} actors over {m} \
                 relations in every period, {}. A measure without them (pagerank, \
                 eigenvector, katz, degree) is much faster.",
                measure.name(),
                report::full::PATH_MEASURES_COST
            ));
        }
        let progress = Progress::new("timeline");
        let t = rank_timeline(g, measure, &opts, &|done, total| {
            progress.steps(
                || format!("timeline: {} per period", measure.name()),
                done,
                total,
            )
        });
        progress.finish();
        report::render(&t.map_err(failure)?, args.format.into())
    };
    emit(&text)
}
