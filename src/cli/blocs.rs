//! `entente blocs [FILE]`.

use super::common::{CliError, CliResult, ColorChoice, FormatArg, GraphArgs, dated, emit};
use clap::Args;
use entente::analysis::balance::BalanceOptions;
use entente::analysis::blocs::{BlocOptions, detect_blocs};
use entente::report;
use std::io::IsTerminal;

#[derive(Debug, Args)]
#[command(after_help = "\
The partition minimises frustration: the |weight| of hostile ties inside blocs plus the
weight of allied ties between blocs (net ties, direction ignored). Components of up to
--exact-limit actors are solved exactly (branch and bound) and reported as optimal when
proved; larger ones by a seeded multi-start heuristic with a proven lower bound.
See docs/analysis/blocs.md.

Examples:
  entente blocs
  entente blocs graph.ron --k 2 --format json")]
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
            ..BlocOptions::default()
        })
    }
}

/// A spinner on a terminal while a large graph is being partitioned.
pub fn spinner(actors: usize, what: &'static str) -> Option<indicatif::ProgressBar> {
    (std::io::stderr().is_terminal() && actors >= 10_000).then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_message(what);
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    })
}

pub fn run(args: &BlocsArgs, color: ColorChoice) -> CliResult {
    let loaded = args.graph.load(color)?;
    let g = &loaded.graph;
    let opts = args.options(g.actor_count())?;
    let bar = spinner(g.actor_count(), "finding blocs");
    let r = detect_blocs(g, &opts);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    emit(&dated(
        args.format,
        &args.graph.date_line(g),
        report::render(&r, args.format.into()),
    ))
}
