//! `entente path` and `entente influence`.

use super::common::{
    CliError, CliResult, ColorChoice, FormatArg, GraphArgs, ReadArgs, dated, emit, emit_json,
    parse_confidence, parse_date,
};
use super::progress::Progress;
use clap::Args;
use entente::analysis::influence::{
    Aggregate, InfluenceOptions, RankProgress, influence_on_progress,
};
use entente::analysis::paths::{NoPath, PathOptions, strongest_paths_progress};
use entente::model::{ActorGraph, ActorId, Confidence, Date, Snapshot};
use entente::report::{self, OutputFormat};
use std::path::PathBuf;

/// `entente path [FILE] FROM TO`.
#[derive(Debug, Args)]
#[command(override_usage = "entente path [OPTIONS] [FILE] FROM TO")]
#[command(after_help = "\
With two operands, FROM and TO are actors of the built-in South Caucasus 2025 graph; with \
three, the first is the graph FILE (the same optional FILE as every other command, first).

Influence follows relations in their direction: a directed relation (arms supply, covert \
action) carries it from `from` to `to` only, a mutual one both ways. A path's strength is \
the product of its ties' |weight|. Exit status 1 when no path exists (the reason is on \
stderr; with --format json also in the output), 2 on bad input.

Examples:
  entente path TUR RUS -k 3
  entente path USA IRN --allow-hostile
  entente path graphs/south_caucasus_2025.ron ISR AZE --avoid TUR --max-hops 3")]
pub struct PathArgs {
    /// [FILE] FROM TO: the graph file (optional) and the two actors.
    #[arg(value_name = "[FILE] FROM TO", num_args = 2..=3, required = true)]
    pub operands: Vec<String>,

    /// The N strongest simple paths.
    #[arg(short = 'k', long = "paths", value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u64).range(1..=10_000))]
    pub k: u64,

    /// Let hostile ties carry influence ("the enemy of my enemy"); each path then has a sign.
    #[arg(long)]
    pub allow_hostile: bool,

    /// At most N relations per path.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_hops: Option<u64>,

    /// Actors no path may pass through.
    #[arg(long, value_name = "ACTOR,...", value_delimiter = ',')]
    pub avoid: Vec<String>,

    /// An actor every path must pass through.
    #[arg(long, value_name = "ACTOR")]
    pub via: Option<String>,

    /// Read the relations in force on this date (YYYY, YYYY-MM or YYYY-MM-DD). Default: the
    /// latest date the graph names.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,

    /// Read every relation, ended or not, instead of those in force on one date.
    #[arg(long, conflicts_with = "as_of")]
    pub all_dates: bool,

    /// Keep only relations at least this credible.
    #[arg(long, value_name = "LEVEL", value_parser = parse_confidence)]
    pub min_confidence: Option<Confidence>,

    #[command(flatten)]
    pub read: ReadArgs,

    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
}

impl PathArgs {
    /// Splits the operands into the graph and the two actors.
    fn split(&self) -> Result<(GraphArgs, ActorId, ActorId), CliError> {
        let (file, from, to) = match self.operands.as_slice() {
            [from, to] => {
                if looks_like_file(from) {
                    return Err(CliError::BadInput(format!(
                        "`{from}` looks like a graph file, but only two operands were given: \
                         write `entente path {from} FROM TO`"
                    )));
                }
                (None, from, to)
            }
            [file, from, to] => (Some(PathBuf::from(file)), from, to),
            _ => unreachable!("clap enforces 2..=3 operands"),
        };
        let graph = GraphArgs {
            file,
            as_of: self.as_of,
            all_dates: self.all_dates,
            min_confidence: self.min_confidence,
            read: self.read.clone(),
        };
        Ok((
            graph,
            ActorId::new(from.as_str()),
            ActorId::new(to.as_str()),
        ))
    }
}

fn looks_like_file(s: &str) -> bool {
    s.ends_with(".ron") || s.contains('/') || std::path::Path::new(s).is_file()
}

/// An "unknown actor" error with the hint `check` gives for the same id
/// ([`entente::diagnostic::suggest`]).
pub fn unknown_actor(g: &ActorGraph, id: &ActorId) -> CliError {
    let hint = match entente::diagnostic::suggest(id.as_str(), g.actors().map(|a| a.id.as_str())) {
        Some(s) => format!("did you mean `{s}`?"),
        None => "`entente info --format json` or the graph file lists the actor ids".to_string(),
    };
    CliError::BadInput(format!(
        "no actor `{id}` in graph \"{}\"\n  hint: {hint}",
        g.name
    ))
}

pub fn path(args: &PathArgs, color: ColorChoice) -> CliResult {
    let (graph, from, to) = args.split()?;
    let loaded = graph.load(color)?;
    let g = &loaded.graph;
    let opts = PathOptions {
        k: args.k as usize,
        allow_hostile: args.allow_hostile,
        max_hops: args.max_hops.map(|h| h as usize),
        avoid: args.avoid.iter().map(|a| ActorId::new(a.trim())).collect(),
        via: args.via.as_deref().map(ActorId::new),
    };
    // With a large k on a large graph each path is a round of searches: a bar on a terminal.
    let progress = Progress::new("finding paths");
    let found = strongest_paths_progress(
        g,
        &Snapshot::new(g),
        &from,
        &to,
        &opts,
        Some(&|done, k| progress.steps(|| format!("finding the {k} strongest paths"), done, k)),
    );
    progress.finish();
    match found {
        Ok(r) => emit(&dated(
            args.format,
            &graph.date_line(g),
            report::render(&r, args.format.into()),
        )),
        Err(NoPath::UnknownActor { actor }) => Err(unknown_actor(g, &actor)),
        Err(e @ NoPath::SameActor { .. }) => Err(CliError::BadInput(e.to_string())),
        Err(e) => {
            if OutputFormat::from(args.format) == OutputFormat::Json {
                let doc = serde_json::json!({
                    "from": from, "to": to, "k": opts.k,
                    "allow_hostile": opts.allow_hostile, "paths": [], "no_path": e,
                });
                emit_json(&doc)?;
            }
            let hint = match &e {
                NoPath::OnlyHostile { .. } => {
                    "\nhelp: pass --allow-hostile to follow hostile ties (the enemy of my enemy)"
                }
                _ => "",
            };
            Err(CliError::Failure(anyhow::anyhow!("no path: {e}{hint}")))
        }
    }
}

/// `entente influence [FILE] --on TARGET`.
#[derive(Debug, Args)]
#[command(after_help = "\
Every actor is ranked by the strength of its influence paths into TARGET (strength = product \
of |weight| along the path, relations followed in their direction), with the first actor its \
strongest path goes through; then every relation touching TARGET.

--by chooses the score:
  best      the strength of the strongest path (one Dijkstra run for all actors)
  sum-k     the sum of the strengths of the k strongest simple paths
  noisy-or  1 − Π(1 − strength) over the k strongest simple paths: the chance that at least
            one channel carries influence if each does so independently with its strength
sum-k and noisy-or run Yen's algorithm for each actor (k paths each: about k times the hops \
of a path shortest-path searches, so minutes for -k 30 on a million relations; a bar shows \
how far it is on a terminal). With --top N an actor is cut off as soon as its remaining \
paths cannot lift it into the top N, and actors whose best path cannot are skipped; the \
ranking stays exact.

Example:
  entente influence --on AZE --by noisy-or -k 5 --top 10")]
pub struct InfluenceArgs {
    #[command(flatten)]
    pub graph: GraphArgs,

    /// The actor influence is exerted on.
    #[arg(long, value_name = "TARGET")]
    pub on: String,

    /// How an actor's paths make its score.
    #[arg(long, value_name = "AGGREGATE", default_value = "best",
          value_parser = ["best", "sum-k", "noisy-or"])]
    pub by: String,

    /// Paths per actor for sum-k and noisy-or.
    #[arg(short = 'k', long = "paths", value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub k: u64,

    /// Let hostile ties carry influence.
    #[arg(long)]
    pub allow_hostile: bool,

    /// Show only the N most influential actors (N ≥ 1).
    #[arg(long, value_name = "N", value_parser = super::common::at_least_one)]
    pub top: Option<usize>,

    /// Leave TARGET's own members (actors `part_of` it: its ministries, agencies, state
    /// companies, armed forces) out of the ranking.
    #[arg(long)]
    pub exclude_own: bool,

    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
}

pub fn influence(args: &InfluenceArgs, color: ColorChoice) -> CliResult {
    let loaded = args.graph.load(color)?;
    let g = &loaded.graph;
    let target = ActorId::new(args.on.as_str());
    if !g.contains(&target) {
        return Err(unknown_actor(g, &target));
    }
    let opts = InfluenceOptions {
        by: args.by.parse::<Aggregate>().map_err(CliError::BadInput)?,
        k: args.k as usize,
        allow_hostile: args.allow_hostile,
        top: args.top,
        exclude_own: args.exclude_own,
    };
    let progress = Progress::new("ranking influence");
    let s = Snapshot::new(g);
    let r = influence_on_progress(
        g,
        &s,
        &target,
        &opts,
        Some(&|p: RankProgress| {
            progress.steps(
                || format!("ranking influence: {} paths per actor", opts.k),
                p.done,
                p.total,
            )
        }),
    );
    progress.finish();
    let r = r.map_err(|e| CliError::BadInput(e.to_string()))?;
    emit(&dated(
        args.format,
        &args.graph.date_line(g),
        report::render(&r, args.format.into()),
    ))
}
