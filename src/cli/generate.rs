//! `entente generate`: synthetic graphs for benchmarks (see `entente::generate`).

use super::common::{CliError, CliResult, check_output, note};
use super::progress::Progress;
use clap::Args;
use entente::events::synthetic::{SyntheticEvents, write_gdelt};
use entente::format::output;
use entente::generate::{self, GenerateOptions, Outputs};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of actors.
    #[arg(long, default_value_t = 1000)]
    pub actors: usize,
    /// Number of relations (distinct pairs, mutual).
    #[arg(long, default_value_t = 5000)]
    pub relations: usize,
    /// Number of planted blocs.
    #[arg(long, default_value_t = 4)]
    pub blocs: usize,
    /// Probability of flipping a relation's sign away from the planted one.
    #[arg(long, default_value_t = 0.05)]
    pub noise: f64,
    /// Seed of the random stream: the same options and seed give the same files.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Power-law exponent of the expected degrees (above 2; lower means bigger hubs).
    #[arg(long, default_value_t = 2.5)]
    pub gamma: f64,
    /// Probability that a relation stays inside its bloc.
    #[arg(long, default_value_t = 0.7)]
    pub within: f64,
    /// At most K relations of distinct kinds per pair (1 to 4), each with its own sign flip
    /// and magnitude: a multiplex graph for comparing --combine rules.
    #[arg(long, value_name = "K", default_value_t = 1)]
    pub multiplex: usize,
    /// Write the graph here as RON (default: stdout).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write nodes.csv, edges.csv, edges.txt (`u v w`, 0-based) and blocs.json (the
    /// planted partition) into this directory.
    #[arg(long, value_name = "DIR")]
    pub csv_dir: Option<PathBuf>,
    /// Overwrite files that exist.
    #[arg(long)]
    pub force: bool,
    /// Write N synthetic events in GDELT's raw daily-export layout instead of a graph
    /// (`--actors` countries, Zipf-distributed; see docs/generate.md).
    #[arg(long, value_name = "N", conflicts_with = "csv_dir")]
    pub events: Option<u64>,
    /// With --events: days the events span, from 2024-01-01.
    #[arg(long, value_name = "DAYS", default_value_t = 365, requires = "events")]
    pub days: u32,
    /// With --events: GDELT 1.0's 58 columns instead of GDELT 2.0's 61.
    #[arg(long, requires = "events")]
    pub gdelt1: bool,
}

/// A file written as it is made (see [`output::Streamed`]), after the checks of
/// [`check_output`].
fn open(path: &Path, force: bool) -> Result<output::Streamed, CliError> {
    let target = output::check(path, &[], force).map_err(|e| CliError::BadInput(e.to_string()))?;
    output::Streamed::open(&target).map_err(failed)
}

fn failed(e: std::io::Error) -> CliError {
    CliError::Failure(e.into())
}

/// `--events N`: a synthetic GDELT file, streamed to the output.
fn run_events(args: &GenerateArgs, events: u64) -> CliResult {
    let opts = SyntheticEvents {
        events,
        actors: args.actors,
        days: args.days,
        seed: args.seed,
        gdelt2: !args.gdelt1,
        ..SyntheticEvents::default()
    };
    if let Some(why) = opts.problem() {
        return Err(CliError::BadInput(why));
    }
    match &args.output {
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
            match write_gdelt(&opts, &mut out) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                r => r.map_err(failed),
            }
        }
        Some(path) => {
            let mut file = open(path, args.force)?;
            write_gdelt(&opts, &mut file.writer()).map_err(failed)?;
            file.finish().map_err(failed)?;
            note(&format!(
                "wrote {}: {events} synthetic GDELT {} events, {} countries, {} days",
                path.display(),
                if opts.gdelt2 { "2.0" } else { "1.0" },
                opts.actors,
                opts.days
            ));
            Ok(())
        }
    }
}

/// Graphs from this many relations take seconds: a spinner shows on a terminal.
const SPIN_FROM_RELATIONS: usize = 1_000_000;

/// The graph and its side files are streamed: written as they are made, each file
/// atomically, so memory does not grow with the graph (`entente::generate::write`).
pub fn run(args: &GenerateArgs) -> CliResult {
    if let Some(n) = args.events {
        return run_events(args, n);
    }
    let opts = GenerateOptions {
        actors: args.actors,
        relations: args.relations,
        blocs: args.blocs,
        noise: args.noise,
        seed: args.seed,
        gamma: args.gamma,
        within: args.within,
        multiplex: args.multiplex,
    };
    let csv_files = args.csv_dir.as_ref().map(|dir| {
        ["nodes.csv", "edges.csv", "edges.txt", "blocs.json"].map(|name| dir.join(name))
    });
    // Refuse before the work, and before writing any file.
    for p in csv_files.iter().flatten().chain(&args.output) {
        check_output(p, &[], args.force)?;
    }
    // A spinner on a terminal while a large graph is drawn, then written.
    let large = opts.relations >= SPIN_FROM_RELATIONS;
    let progress = Progress::new("drawing the pairs").spin_if(large);
    let drawn = generate::draw(&opts);
    progress.finish();
    let drawn = drawn.map_err(|e| match e {
        // Not the user's input: the machine's temporary files.
        generate::GenerateError::TempFile(_) => CliError::Failure(e.into()),
        _ => CliError::BadInput(e.to_string()),
    })?;
    if let Some(dir) = &args.csv_dir {
        std::fs::create_dir_all(dir)?;
    }
    let mut side = match &csv_files {
        Some(files) => files
            .iter()
            .map(|p| open(p, args.force).map(Some))
            .collect::<Result<Vec<_>, _>>()?,
        None => vec![None, None, None, None],
    };
    let mut file = match &args.output {
        Some(path) => Some(open(path, args.force)?),
        None => None,
    };
    let stdout = std::io::stdout();
    let mut stdout = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    let [nodes, edges, list, blocs] = &mut side[..] else {
        unreachable!("four side files")
    };
    let outputs = Outputs {
        ron: Some(match &mut file {
            Some(f) => f.writer(),
            None => &mut stdout,
        }),
        nodes_csv: nodes.as_mut().map(output::Streamed::writer),
        edges_csv: edges.as_mut().map(output::Streamed::writer),
        edge_list: list.as_mut().map(output::Streamed::writer),
        partition: blocs.as_mut().map(output::Streamed::writer),
    };
    let progress = Progress::new("writing the graph").spin_if(large);
    let written = drawn.write(outputs);
    progress.finish();
    let written = match written {
        Ok(w) => w,
        Err(e) if file.is_none() && e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
        Err(e) => return Err(failed(e)),
    };
    for f in side.into_iter().flatten() {
        f.finish().map_err(failed)?;
    }
    match (file, &args.output) {
        (Some(f), Some(path)) => {
            f.finish().map_err(failed)?;
            note(&format!(
                "wrote {}: {} actors, {} relations, {} blocs",
                path.display(),
                written.actors,
                written.relations,
                opts.blocs
            ));
        }
        _ => match stdout.flush() {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(failed(e)),
            _ => {}
        },
    }
    Ok(())
}
