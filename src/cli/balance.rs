//! `entente balance [FILE]`.

use super::blocs::{SPIN_FROM_ACTORS, time_limit_default};
use super::common::{
    CliResult, ColorChoice, FormatArg, GraphArgs, TimeLimit, dated, emit, note, parse_time_limit,
    time_limit_note,
};
use super::progress::Progress;
use clap::Args;
use entente::analysis::balance::{BalanceOptions, balance, balance_progress};
use entente::analysis::layers::each_layer;
use entente::report;

#[derive(Debug, Args)]
#[command(after_help = "\
Frustration index L: the fewest ties (or least |weight|) whose removal leaves two clean
camps (exact up to --exact-limit actors per component); normalised balance 1 − L/(m/2);
the triangle index, strict (Cartwright–Harary) and generalised (Davis: three mutual enemies
are balanced); linear-time tests for balance and clusterability with a witness cycle; and
the unbalanced triads with their three relations. The exact searches (the blocs, and each
frustration index) stop at --time-limit each (default 5 s), with the best found and a
proven lower bound, and say so; --time-limit 0 leaves only the node budget
(deterministic). Triangles are counted in O(m^1.5) time; only the listed triads are kept
in memory. See docs/analysis/blocs.md.")]
pub struct BalanceArgs {
    #[command(flatten)]
    pub graph: GraphArgs,

    /// Seed of the heuristic used beyond the exact limit.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,

    /// Compute the frustration index exactly for components of up to this many actors
    /// (0 to 200).
    #[arg(long, value_name = "N", default_value_t = 64, value_parser = super::common::exact_limit)]
    pub exact_limit: usize,

    /// List at most this many unbalanced triads (all are counted).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub max_triads: usize,

    /// Seconds for each exact search before settling for the best found and a lower bound;
    /// 0: no limit.
    #[arg(long, value_name = "SECONDS", value_parser = parse_time_limit,
          default_value = time_limit_default())]
    pub time_limit: TimeLimit,

    /// Measure each layer read alone, side by side: a row per layer (with --layer, of
    /// those layers).
    #[arg(long)]
    pub each_layer: bool,

    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
}

pub fn run(args: &BalanceArgs, color: ColorChoice) -> CliResult {
    let loaded = args.graph.load(color)?;
    let g = &loaded.graph;
    let opts = BalanceOptions {
        seed: args.seed,
        exact_limit: args.exact_limit,
        max_triads: args.max_triads,
        time_limit: args.time_limit.0,
        ..BalanceOptions::default()
    };
    if args.each_layer {
        let progress = Progress::new("measuring balance on each layer")
            .spin_if(g.actor_count() >= SPIN_FROM_ACTORS);
        let r = each_layer(g, |one| balance(one, &opts));
        progress.finish();
        return emit(&dated(
            args.format,
            &args.graph.date_line(g),
            report::render(&r, args.format.into()),
        ));
    }
    // The triangle census is O(m^1.5): a spinner on large or dense graphs too.
    let progress = Progress::new("measuring balance")
        .spin_if(g.actor_count() >= SPIN_FROM_ACTORS || g.relation_count() >= 200_000);
    let r = balance_progress(g, &opts, Some(&|p| progress.search(p)));
    progress.finish();
    for (what, limited, f) in [
        (
            "frustration index (signs)",
            r.frustration_index.time_limited,
            (r.frustration_index.value, r.frustration_index.lower_bound),
        ),
        (
            "frustration index (weights)",
            r.weighted_frustration_index.time_limited,
            (
                r.weighted_frustration_index.value,
                r.weighted_frustration_index.lower_bound,
            ),
        ),
        (
            "bloc partition",
            r.bloc_frustration.time_limited,
            (
                r.bloc_frustration.frustration,
                r.bloc_frustration.lower_bound,
            ),
        ),
    ] {
        if limited {
            note(&time_limit_note(
                what,
                opts.time_limit.map(|t| t.as_secs_f64()),
                f.0,
                f.1,
            ));
        }
    }
    emit(&dated(
        args.format,
        &args.graph.date_line(g),
        report::render(&r, args.format.into()),
    ))
}
