//! `entente generate`: synthetic graphs for benchmarks (see `entente::generate`).

use super::common::{CliError, CliResult, check_output, emit, note, write_output};
use clap::Args;
use entente::format;
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
}

pub fn run(args: &GenerateArgs) -> CliResult {
    let opts = GenerateOptions {
        actors: args.actors,
        relations: args.relations,
        blocs: args.blocs,
        noise: args.noise,
        seed: args.seed,
        gamma: args.gamma,
        within: args.within,
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
