//! `entente blocs [FILE]`.

use super::common::{
    CliError, CliResult, ColorChoice, FormatArg, GraphArgs, TimeLimit, dated, emit, note,
    parse_time_limit, time_limit_note,
};
use super::progress::Progress;
use clap::Args;
use entente::analysis::balance::BalanceOptions;
use entente::analysis::blocs::{
    BlocOptions, DEFAULT_TIME_LIMIT, detect_blocs, detect_blocs_progress,
};
use entente::analysis::layers::each_layer;
use entente::model::Snapshot;
use entente::report;

#[derive(Debug, Args)]
#[command(after_help = "\
The partition minimises frustration: the |weight| of hostile ties inside blocs plus the
weight of allied ties between blocs (net ties, direction ignored). Components of up to
--exact-limit actors are solved exactly (branch and bound) and reported as optimal when
proved; larger ones by a seeded multi-start heuristic with a proven lower bound.
The exact search is exponential in the worst case (a complete graph of 30 actors took
minutes): it stops at --time-limit (default 5 s; a bar shows it on a terminal) or
--node-budget, whichever comes first, with the best partition found and a proven lower
bound, and says so. A result cut by the time limit depends on the machine's speed;
--time-limit 0 leaves only the node budget, which is deterministic.
See docs/analysis/blocs.md.

Examples:
  entente blocs
  entente blocs graph.ron --k 2 --format json
  entente blocs --each-layer")]
pub struct BlocsArgs {
    #[command(flatten)]
    pub graph: GraphArgs,

    /// Exactly N blocs (default: as many as the ties call for).
    #[arg(long, value_name = "N")]
    pub k: Option<usize>,

    /// Read --k as a maximum: fewer blocs are allowed.
    #[arg(long, requires = "k")]
    pub at_most: bool,

    /// Seed of the heuristic: the same graph and seed give the same blocs.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,

    /// Solve components of up to this many actors exactly (0 to 200) [default: 40; 64 with
    /// --k 1 or 2, as for the frustration index of `entente balance`].
    #[arg(long, value_name = "N", value_parser = super::common::exact_limit)]
    pub exact_limit: Option<usize>,

    /// Branch-and-bound nodes per component before settling for a lower bound.
    #[arg(long, value_name = "N", default_value_t = 5_000_000)]
    pub node_budget: u64,

    /// Seconds of exact search (all components together) before settling for the best
    /// partition found and a lower bound; 0: no limit.
    #[arg(long, value_name = "SECONDS", value_parser = parse_time_limit,
          default_value = time_limit_default())]
    pub time_limit: TimeLimit,

    /// Find the blocs of each layer read alone, side by side: a row per layer, and each
    /// actor's bloc on each layer (with --layer, of those layers).
    #[arg(long)]
    pub each_layer: bool,

    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
}

impl BlocsArgs {
    /// The options, after checking them against the graph's size.
    pub fn options(&self, actors: usize) -> Result<BlocOptions, CliError> {
        if let Some(k) = self.k {
            if k == 0 {
                return Err(CliError::BadInput(
                    "--k must be at least 1 (hint: leave it out for a free number of blocs)".into(),
                ));
            }
            if k > actors && !self.at_most {
                return Err(CliError::BadInput(format!(
                    "--k {k} asks for more blocs than the graph has actors ({actors}) \
                     (hint: add --at-most, or leave --k out)"
                )));
            }
        }
        Ok(BlocOptions {
            k: self.k,
            k_at_most: self.at_most,
            seed: self.seed,
            // Two camps are searched far faster than a free partition: the same limit as the
            // frustration index, so `blocs --k 2` proves what `balance` proves.
            exact_limit: self.exact_limit.unwrap_or(match self.k {
                Some(k) if k <= 2 => BalanceOptions::default().exact_limit,
                _ => BlocOptions::default().exact_limit,
            }),
            node_budget: self.node_budget,
            time_limit: self.time_limit.0,
            ..BlocOptions::default()
        })
    }
}

/// The default `--time-limit`, as clap shows it.
pub fn time_limit_default() -> String {
    DEFAULT_TIME_LIMIT.as_secs_f64().to_string()
}

/// Large graphs take seconds even without an exact search: a spinner from the start.
pub const SPIN_FROM_ACTORS: usize = 10_000;

pub fn run(args: &BlocsArgs, color: ColorChoice) -> CliResult {
    let loaded = args.graph.load(color)?;
    let g = &loaded.graph;
    let opts = args.options(g.actor_count())?;
    if args.each_layer {
        let progress = Progress::new("finding blocs on each layer")
            .spin_if(g.actor_count() >= SPIN_FROM_ACTORS);
        let r = each_layer(g, |one| detect_blocs(one, &opts));
        progress.finish();
        return emit(&dated(
            args.format,
            &args.graph.date_line(g),
            report::render(&r, args.format.into()),
        ));
    }
    let progress = Progress::new("finding blocs").spin_if(g.actor_count() >= SPIN_FROM_ACTORS);
    let s = Snapshot::new(g);
    let r = detect_blocs_progress(g, &s, &opts, Some(&|p| progress.search(p)));
    progress.finish();
    if r.time_limited {
        note(&time_limit_note(
            "blocs",
            r.time_limit,
            r.frustration,
            r.lower_bound,
        ));
    }
    emit(&dated(
        args.format,
        &args.graph.date_line(g),
        report::render(&r, args.format.into()),
    ))
}
