//! `entente centrality [FILE]`.

use super::common::{CliError, CliResult, ColorChoice, FormatArg, GraphArgs, dated, emit, note};
use clap::Args;
use entente::analysis::centrality::{CentralityOptions, Measure, centrality};
use entente::report;
use std::io::IsTerminal;

fn parse_measure(s: &str) -> Result<Measure, String> {
    s.trim().parse()
}

#[derive(Debug, Args)]
#[command(after_help = "\
Measures (JSON keys; kebab-case also accepted):
  degree, positive_degree, negative_degree, net_degree (positive − negative),
  weighted_degree (Σ weight, signed)                   ties with direction ignored
  betweenness, closeness, harmonic                      ties of both signs, in hops
  weighted_betweenness, weighted_closeness,
  weighted_harmonic                                     tie length = 1/|weight|
  eigenvector, pagerank, katz                           allied ties, weighted by weight
  pn                                                    Everett & Borgatti's PN (signs)
A graph with any directed relation is directed: paths follow the influence direction.
--normalized rescales the degrees (÷ n−1), betweenness (÷ (n−1)(n−2)) and harmonic (÷ n−1);
closeness, eigenvector, PageRank, Katz and PN have a fixed scale. See docs/analysis/centrality.md.

Example:
  entente centrality --measure betweenness,pagerank,pn --top 10")]
pub struct CentralityArgs {
    #[command(flatten)]
    pub graph: GraphArgs,

    /// Measures to compute (comma-separated); all when omitted.
    #[arg(long, value_name = "MEASURE,...", value_delimiter = ',', value_parser = parse_measure)]
    pub measure: Vec<Measure>,

    /// Sort by this measure (default: the first of --measure, or pagerank).
    #[arg(long, value_name = "MEASURE", value_parser = parse_measure)]
    pub sort: Option<Measure>,

    /// Show only the N actors ranked highest by the sort measure (N ≥ 1).
    #[arg(long, value_name = "N", value_parser = super::common::at_least_one)]
    pub top: Option<usize>,

    /// Rescale the measures that have a natural maximum.
    #[arg(long)]
    pub normalized: bool,

    /// Estimate betweenness from K source actors drawn at random (for large graphs; exact
    /// when omitted). Closeness and harmonic stay exact.
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u64).range(1..))]
    pub sample: Option<u64>,

    /// Seed of --sample's draw: the same seed gives the same estimate.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "sample")]
    pub seed: u64,

    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
}

pub fn run(args: &CentralityArgs, color: ColorChoice) -> CliResult {
    let loaded = args.graph.load(color)?;
    let g = &loaded.graph;
    let opts = CentralityOptions {
        measures: args.measure.clone(),
        rank_by: args.sort,
        normalized: args.normalized,
        betweenness_samples: args.sample.map(|k| k as usize),
        seed: args.seed,
        ..CentralityOptions::default()
    };
    // Say up front when the run will be long, and what is faster.
    let (n, m) = (g.actor_count() as u64, g.relation_count() as u64);
    let chosen = if opts.measures.is_empty() {
        Measure::ALL.to_vec()
    } else {
        opts.measures.clone()
    };
    let searching: Vec<&str> = chosen
        .iter()
        .filter(|x| x.searches_from_every_actor())
        .map(|x| x.name())
        .collect();
    if n.saturating_mul(m) > report::full::PATH_MEASURES_BUDGET
        && args.sample.is_none()
        && !searching.is_empty()
    {
        note(&format!(
            "note: {} search shortest paths from each of the {n} actors over {m} relations, \
             {}. `--measure` without them (e.g. `--measure pagerank,eigenvector,katz,degree`) \
             or `--sample K` (estimated betweenness) is much faster.",
            searching.join(", "),
            report::full::PATH_MEASURES_COST
        ));
    }
    // A bar only for long runs on a terminal.
    let bar = (std::io::stderr().is_terminal() && g.actor_count() >= 2000).then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{msg} [{bar:40}] {pos}/{len} sources, eta {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar.set_message("centrality");
        bar
    });
    let progress = |done: usize, total: usize| {
        if let Some(b) = &bar {
            b.set_length(total as u64);
            b.set_position(done as u64);
        }
    };
    let r = centrality(g, &opts, bar.as_ref().map(|_| &progress as _));
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    if r.actors.is_empty() && g.actor_count() == 0 {
        return Err(CliError::BadInput("the graph has no actors".into()));
    }
    let r = match args.top {
        Some(n) => r.top(n),
        None => r,
    };
    emit(&dated(
        args.format,
        &args.graph.date_line(g),
        report::render(&r, args.format.into()),
    ))
}
