//! `entente balance [FILE]`.

use super::blocs::spinner;
use super::common::{CliResult, ColorChoice, FormatArg, GraphArgs, dated, emit};
use clap::Args;
use entente::analysis::balance::{BalanceOptions, balance};
use entente::report;

#[derive(Debug, Args)]
#[command(after_help = "\
Frustration index L: the fewest ties (or least |weight|) whose removal leaves two clean
camps (exact up to --exact-limit actors per component); normalised balance 1 − L/(m/2);
the triangle index, strict (Cartwright–Harary) and generalised (Davis: three mutual enemies
are balanced); linear-time tests for balance and clusterability with a witness cycle; and
the unbalanced triads with their three relations. See docs/analysis/blocs.md.")]
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
        ..BalanceOptions::default()
    };
    let bar = spinner(g.actor_count(), "measuring balance");
    let r = balance(g, &opts);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    emit(&dated(
        args.format,
        &args.graph.date_line(g),
        report::render(&r, args.format.into()),
    ))
}
