//! `entente brokers [FILE]`.

use super::blocs::SPIN_FROM_ACTORS;
use super::common::{CliResult, ColorChoice, FormatArg, GraphArgs, dated, emit};
use super::progress::Progress;
use clap::Args;
use entente::analysis::blocs::BlocOptions;
use entente::analysis::brokers::{BrokerOptions, brokers};
use entente::report;

#[derive(Debug, Args)]
#[command(after_help = "\
Bridges: actors allied to two actors that are hostile to each other. Brokerage roles
(Gould & Fernandez 1989: coordinator, itinerant, representative, gatekeeper, liaison) are
counted on the allied influence ties against the blocs of `entente blocs` (same --seed).
See docs/analysis/blocs.md.")]
pub struct BrokersArgs {
    #[command(flatten)]
    pub graph: GraphArgs,

    /// Seed of the bloc heuristic (large graphs).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,

    /// Bridged hostile pairs listed per actor in JSON (all are counted).
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub max_pairs: usize,

    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
}

pub fn run(args: &BrokersArgs, color: ColorChoice) -> CliResult {
    let loaded = args.graph.load(color)?;
    let g = &loaded.graph;
    let opts = BrokerOptions {
        max_pairs: args.max_pairs,
        blocs: BlocOptions {
            seed: args.seed,
            ..BlocOptions::default()
        },
    };
    // Bridges and roles are O(m^1.5) on dense graphs: a spinner there too.
    let progress = Progress::new("finding brokers")
        .spin_if(g.actor_count() >= SPIN_FROM_ACTORS || g.relation_count() >= 200_000);
    let r = brokers(g, &opts);
    progress.finish();
    emit(&dated(
        args.format,
        &args.graph.date_line(g),
        report::render(&r, args.format.into()),
    ))
}
