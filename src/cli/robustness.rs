//! `entente robustness [FILE]`.

use super::common::{
    CliError, CliResult, ColorChoice, FormatArg, GraphArgs, dated, emit, note, print_diagnostics,
};
use super::progress::Counter;
use clap::Args;
use entente::analysis::centrality::Measure;
use entente::analysis::robustness::{
    DEFAULT_JITTER, DEFAULT_MEASURES, KeepTable, RobustnessError, RobustnessOptions, SampleModel,
    robustness, sample_bloc_options,
};
use entente::diagnostic::suggest;
use entente::input::keep::parse_keep_table;
use entente::model::ActorId;
use entente::report;

#[derive(Debug, Args)]
#[command(after_help = "\
A Monte Carlo over what the analyst is unsure of. Each sample keeps each relation with the
probability given to its confidence level and moves each kept weight by up to ±jitter of
itself; the blocs, the centrality ranks and the influence rankings are re-run on each sample.
Default probabilities (Kent's words of estimative probability): confirmed 1, probably-true
0.75, possibly-true 0.5, doubtful 0.3, improbable 0.07, cannot-be-judged 0.5; --keep
or --keep-file overrides them. The graph is also re-read with every claim below each confidence level
dropped: what holds at confidence ≥ X. The same file, options and --seed give the same
output on any number of threads. See docs/analysis/robustness.md.

Examples:
  entente robustness
  entente robustness --samples 5000 --seed 7 --on AZE,ARM
  entente robustness --keep probably-true=0.9,doubtful=0.1 --jitter 0.1 --format json")]
pub struct RobustnessArgs {
    #[command(flatten)]
    pub graph: GraphArgs,

    /// Samples to draw (1 to 1 000 000).
    #[arg(long, value_name = "N", default_value_t = 1000,
          value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub samples: u64,

    /// Seed of the draws: the same seed gives the same result.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,

    /// Probabilities of keeping a relation by confidence level, over the defaults
    /// (LEVEL=P,...; e.g. probably-true=0.9,doubtful=0.1).
    #[arg(long, value_name = "LEVEL=P,...", value_parser = KeepTable::parse_overrides)]
    pub keep: Option<KeepTable>,

    /// The probabilities of keeping a relation by confidence level, over the defaults, from
    /// a file: RON `Keep(probably_true: 0.9, doubtful: 0.1)` or CSV with the header
    /// `confidence,keep` and a row per level (docs/analysis/robustness.md).
    #[arg(long, value_name = "FILE", conflicts_with = "keep")]
    pub keep_file: Option<std::path::PathBuf>,

    /// Relative weight jitter: each kept weight w becomes w·(1 + u·J), u uniform in [−1, 1]
    /// (0 to 1; 0: weights as written).
    #[arg(long, value_name = "J", default_value_t = DEFAULT_JITTER, value_parser = jitter)]
    pub jitter: f64,

    /// Centrality measures whose ranks are followed [default: pagerank, betweenness,
    /// weighted_degree, pn; betweenness left out above 10⁸ actors × relations].
    #[arg(long, value_name = "MEASURE,...", value_delimiter = ',', value_parser = parse_measure)]
    pub measure: Vec<Measure>,

    /// Influence targets (comma-separated) [default: the actor with the highest PageRank].
    #[arg(long, value_name = "ACTOR,...", value_delimiter = ',')]
    pub on: Vec<String>,

    /// N of the top-N findings followed: the top N of each measure and influence ranking.
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = super::common::at_least_one)]
    pub top: usize,

    /// Solve bloc components of up to this many actors exactly in each sample (0 to 200)
    /// [default: 40].
    #[arg(long, value_name = "N", value_parser = super::common::exact_limit)]
    pub exact_limit: Option<usize>,

    /// Branch-and-bound nodes per component and sample (a budget, not a clock, so every
    /// machine gives the same result).
    #[arg(long, value_name = "N", default_value_t = entente::analysis::robustness::SAMPLE_NODE_BUDGET)]
    pub node_budget: u64,

    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
}

fn parse_measure(s: &str) -> Result<Measure, String> {
    s.trim().parse()
}

fn jitter(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(j) if (0.0..=1.0).contains(&j) => Ok(j),
        Ok(_) => Err("the jitter is a share of each weight, from 0 to 1".into()),
        Err(_) => Err(format!("`{s}` is not a number")),
    }
}

impl RobustnessArgs {
    /// The keep table: `--keep-file`'s, `--keep`'s, or the default; a bad file's problems
    /// are printed, located.
    fn keep_table(&self, color: ColorChoice) -> Result<KeepTable, CliError> {
        let Some(path) = &self.keep_file else {
            return Ok(self.keep.unwrap_or_default());
        };
        let text = std::fs::read_to_string(path).map_err(|e| {
            CliError::BadInput(format!("--keep-file: cannot read {}: {e}", path.display()))
        })?;
        parse_keep_table(&text).map_err(|diags| {
            print_diagnostics(&diags, &path.display().to_string(), &text, color);
            CliError::BadInput(format!(
                "--keep-file: {} is not a valid keep table",
                path.display()
            ))
        })
    }

    pub fn options(&self) -> RobustnessOptions {
        let mut blocs = sample_bloc_options();
        if let Some(limit) = self.exact_limit {
            blocs.exact_limit = limit;
        }
        blocs.node_budget = self.node_budget;
        RobustnessOptions {
            samples: self.samples as usize,
            seed: self.seed,
            model: SampleModel {
                keep: self.keep.unwrap_or_default(),
                jitter: self.jitter,
            },
            blocs,
            measures: if self.measure.is_empty() {
                DEFAULT_MEASURES.to_vec()
            } else {
                self.measure.clone()
            },
            targets: self.on.iter().map(|s| ActorId::new(s.trim())).collect(),
            top: self.top,
            ..RobustnessOptions::default()
        }
    }
}

pub fn run(args: &RobustnessArgs, color: ColorChoice) -> CliResult {
    let keep = args.keep_table(color)?;
    let loaded = args.graph.load(color)?;
    let g = &loaded.graph;
    let mut opts = args.options();
    opts.model.keep = keep;
    // Betweenness re-run per sample is O(n·m): on a large graph, left out unless asked for.
    let (n, m) = (g.actor_count() as u64, g.relation_count() as u64);
    if args.measure.is_empty() && n.saturating_mul(m) > report::full::PATH_MEASURES_BUDGET {
        opts.measures.retain(|x| !x.searches_from_every_actor());
        note(&format!(
            "note: betweenness is left out: every sample would search shortest paths from each \
             of the {n} actors over {m} relations; `--measure betweenness,...` asks for it"
        ));
    }
    let bar = Counter::new("robustness", "samples", opts.samples);
    let r = robustness(g, &opts, Some(&|done, _| bar.set(done)));
    bar.finish();
    match r {
        Ok(r) => emit(&dated(
            args.format,
            &args.graph.date_line(g),
            report::render(&r, args.format.into()),
        )),
        Err(RobustnessError::UnknownTarget(id)) => {
            let hint = suggest(id.as_str(), g.actors().map(|x| x.id.as_str()))
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            Err(CliError::BadInput(format!(
                "--on: no actor `{id}` in the graph{hint}"
            )))
        }
        Err(e) => Err(CliError::BadInput(e.to_string())),
    }
}
