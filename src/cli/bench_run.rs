//! `entente bench-run` (hidden): one analysis on one file, timed by phase, for
//! `bench/compare`. Prints JSON on stdout: the load time (read, parse, validate, build the
//! graph and its snapshot) apart from the time of the analysis itself, wall and CPU, and the values the comparison checks
//! against the other libraries. Every phase is a call into the library, as in the commands.

use super::common::{CliError, CliResult, ColorChoice, emit, load_reporting};
use clap::{Args, ValueEnum};
use entente::analysis::balance::{BalanceOptions, balance_with};
use entente::analysis::blocs::{BlocOptions, detect_blocs_in};
use entente::analysis::centrality::{CentralityOptions, Measure, centrality_in};
use entente::analysis::paths::{PathOptions, strongest_paths_in};
use entente::model::{ActorId, Flow, Snapshot};
use entente::report::full::{Report, ReportOptions};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::time::Instant;

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Task {
    /// Only load (read, parse, validate, build the graph and its snapshot).
    Load,
    Betweenness,
    WeightedBetweenness,
    Closeness,
    Pagerank,
    /// The strongest path between `--from` and `--to`.
    Path,
    /// The `--k` strongest simple paths between `--from` and `--to`.
    Paths,
    Blocs,
    Balance,
    /// Everything `entente report` computes (not rendered).
    Report,
}

#[derive(Debug, Args)]
pub struct BenchRunArgs {
    pub file: PathBuf,
    #[arg(long, value_enum)]
    pub task: Task,
    #[arg(long)]
    pub from: Option<String>,
    #[arg(long)]
    pub to: Option<String>,
    #[arg(long, default_value_t = 10)]
    pub k: usize,
    /// Leave per-actor values out of the output.
    #[arg(long)]
    pub no_values: bool,
}

/// CPU seconds of this process (all threads) so far; `None` where the clock is missing.
fn cpu_seconds() -> Option<f64> {
    #[cfg(unix)]
    {
        let mut t = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: clock_gettime writes one timespec through a valid pointer.
        let ok = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) } == 0;
        ok.then_some(t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9)
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Runs `f`, returning its value, wall seconds and CPU seconds.
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64, Option<f64>) {
    let c0 = cpu_seconds();
    let t0 = Instant::now();
    let v = f();
    let wall = t0.elapsed().as_secs_f64();
    let cpu = c0.zip(cpu_seconds()).map(|(a, b)| b - a);
    (v, wall, cpu)
}

pub fn run(args: &BenchRunArgs, color: ColorChoice) -> CliResult {
    let (loaded, read_s, read_cpu) = timed(|| load_reporting(&args.file, color));
    let mut loaded = loaded?;
    // As in `entente report`: the text is not needed once the graph is built.
    loaded.source = String::new();
    let g = &loaded.graph;
    // The snapshot (dense numbering, CSR views) is entente's graph object: the peers build
    // theirs in their load phase, so it counts as load here, and every task below runs on it.
    // For the path tasks that includes the tie lengths −ln|w|, as the peers compute their
    // `cost` edge attribute while loading.
    let (s, snapshot_s, snapshot_cpu) = timed(|| {
        let s = Snapshot::new(g);
        if matches!(args.task, Task::Path | Task::Paths) {
            s.path_lengths(Flow::Out, false);
            s.path_lengths(Flow::Incoming, false);
        }
        s
    });
    let load_s = read_s + snapshot_s;
    let load_cpu = read_cpu.zip(snapshot_cpu).map(|(a, b)| a + b);
    let id = |name: &str, v: &Option<String>| -> Result<ActorId, CliError> {
        v.as_deref()
            .map(ActorId::from)
            .ok_or_else(|| CliError::BadInput(format!("--task path/paths needs --{name}")))
    };
    let measure = |m: Measure| {
        let opts = CentralityOptions {
            measures: vec![m],
            ..CentralityOptions::default()
        };
        timed(|| {
            centrality_in(g, &s, &opts, None)
                .values(m)
                .unwrap_or_default()
        })
    };
    let (result, seconds, cpu): (Value, f64, Option<f64>) = match args.task {
        Task::Load => (json!({}), 0.0, Some(0.0)),
        Task::Betweenness | Task::WeightedBetweenness | Task::Closeness | Task::Pagerank => {
            let m = match args.task {
                Task::Betweenness => Measure::Betweenness,
                Task::WeightedBetweenness => Measure::WeightedBetweenness,
                Task::Closeness => Measure::Closeness,
                _ => Measure::Pagerank,
            };
            let (values, t, c) = measure(m);
            let v = if args.no_values {
                json!({})
            } else {
                json!({ "values": values })
            };
            (v, t, c)
        }
        Task::Path | Task::Paths => {
            let (from, to) = (id("from", &args.from)?, id("to", &args.to)?);
            let opts = PathOptions {
                k: if args.task == Task::Path { 1 } else { args.k },
                ..PathOptions::default()
            };
            let (r, t, c) = timed(|| strongest_paths_in(g, &s, &from, &to, &opts));
            let strengths: Vec<f64> = r
                .map(|p| p.paths.iter().map(|p| p.strength).collect())
                .unwrap_or_default();
            (json!({ "strengths": strengths }), t, c)
        }
        Task::Blocs => {
            let (b, t, c) = timed(|| detect_blocs_in(g, &s, &BlocOptions::default()));
            let labels: Vec<usize> = b
                .blocs_by_index(&s)
                .into_iter()
                .map(|l| l.unwrap_or(0))
                .collect();
            (
                json!({
                    "frustration": b.frustration,
                    "lower_bound": b.lower_bound,
                    "blocs": b.blocs.len(),
                    "labels": labels,
                }),
                t,
                c,
            )
        }
        Task::Balance => {
            let (r, t, c) = timed(|| {
                let b = detect_blocs_in(g, &s, &BlocOptions::default());
                balance_with(g, &s, &b, &BalanceOptions::default())
            });
            (
                json!({ "weighted_frustration_index": r.weighted_frustration_index }),
                t,
                c,
            )
        }
        Task::Report => {
            let opts = ReportOptions {
                source: args.file.display().to_string(),
                relations: String::new(),
                ..ReportOptions::default()
            };
            let (_r, t, c) = timed(|| Report::build(g, &loaded.warnings, &opts));
            (json!({}), t, c)
        }
    };
    let out = json!({
        "tool": "entente",
        "task": format!("{:?}", args.task),
        "actors": g.actor_count(),
        "relations": g.relation_count(),
        "load_seconds": load_s,
        "load_cpu_seconds": load_cpu,
        // Part of load_seconds.
        "snapshot_seconds": snapshot_s,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "threads": rayon::current_num_threads(),
        "result": result,
    });
    emit(&(out.to_string() + "\n"))
}
