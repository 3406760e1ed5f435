//! `entente generate`: synthetic graphs for benchmarks (see `entente::generate`).

use super::common::{CliError, CliResult, check_output, emit, note, write_output};
use clap::Args;
use entente::events::synthetic::{SyntheticEvents, write_gdelt};
use entente::format;
use entente::format::output;
use entente::generate::{GenerateError, GenerateOptions, generate};
use std::path::PathBuf;

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
    let failed = |e: std::io::Error| CliError::Failure(e.into());
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
            let target = output::check(path, &[], args.force)
                .map_err(|e| CliError::BadInput(e.to_string()))?;
            match target {
                output::Target::File(p) => {
                    let mut file = std::io::BufWriter::with_capacity(
                        1 << 20,
                        output::AtomicFile::create(&p).map_err(failed)?,
                    );
                    write_gdelt(&opts, &mut file).map_err(failed)?;
                    file.into_inner()
                        .map_err(|e| failed(e.into_error()))?
                        .commit()
                        .map_err(failed)?;
                }
                output::Target::Stream(p) => {
                    let f = std::fs::OpenOptions::new()
                        .write(true)
                        .open(&p)
                        .map_err(failed)?;
                    write_gdelt(&opts, &mut std::io::BufWriter::with_capacity(1 << 20, f))
                        .map_err(failed)?;
                }
            }
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
    let g = generate(&opts).map_err(|e| match e {
        GenerateError::BadOption(_) | GenerateError::TooDense { .. } => {
            CliError::BadInput(e.to_string())
        }
    })?;
    if let (Some(dir), Some(files)) = (&args.csv_dir, &csv_files) {
        std::fs::create_dir_all(dir)?;
        let texts = [
            g.nodes_csv(),
            g.edges_csv(),
            g.edge_list(),
            g.partition_json(),
        ];
        for (path, text) in files.iter().zip(texts) {
            write_output(path, text.as_bytes(), &[], args.force)?;
        }
    }
    let text = format::ron::to_string(&g.graph);
    match &args.output {
        Some(path) => {
            write_output(path, text.as_bytes(), &[], args.force)?;
            note(&format!(
                "wrote {}: {} actors, {} relations, {} blocs",
                path.display(),
                g.graph.actor_count(),
                g.graph.relation_count(),
                opts.blocs
            ));
            Ok(())
        }
        None => emit(&text),
    }
}
