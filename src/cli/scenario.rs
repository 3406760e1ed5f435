//! `entente scenario apply|diff` and `entente diff`.

use super::common::{
    CliError, CliResult, ColorChoice, emit, note, print_diagnostics, read_reporting,
};
use clap::{Args, Subcommand};
use entente::format::{self, Input};
use entente::scenario::LoadedScenario;
use std::path::{Path, PathBuf};

#[derive(Debug, Subcommand)]
pub enum ScenarioCommand {
    /// Apply a scenario to its base and write the resulting graph (RON).
    Apply(ApplyArgs),
}

#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// The scenario file.
    pub scenario: PathBuf,
    /// Write the graph here (atomically) instead of to stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite the output file if it exists. The scenario and its bases are never
    /// overwritten.
    #[arg(long)]
    pub force: bool,
}

pub fn run(cmd: &ScenarioCommand, color: ColorChoice) -> CliResult {
    match cmd {
        ScenarioCommand::Apply(args) => apply(args, color),
    }
}

/// Reads a file that must be a scenario.
fn read_scenario(path: &Path, color: ColorChoice) -> Result<Box<LoadedScenario>, CliError> {
    match read_reporting(path, color)? {
        Input::Scenario(s) => Ok(s),
        Input::Graph(_) => Err(CliError::BadInput(format!(
            "{} is a graph, not a scenario (a scenario's root is `Scenario(...)`)",
            path.display()
        ))),
    }
}

/// True when `a` and `b` name the same file (or would, once `a` is created).
fn same_file(a: &Path, b: &Path) -> bool {
    let canon = |p: &Path| {
        std::fs::canonicalize(p).ok().or_else(|| {
            let parent = p.parent().filter(|d| !d.as_os_str().is_empty());
            let dir = std::fs::canonicalize(parent.unwrap_or(Path::new("."))).ok()?;
            Some(dir.join(p.file_name()?))
        })
    };
    match (canon(a), canon(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

fn apply(args: &ApplyArgs, color: ColorChoice) -> CliResult {
    let s = read_scenario(&args.scenario, color)?;
    print_diagnostics(
        &s.applied.warnings,
        &s.path.display().to_string(),
        &s.source,
        color,
    );
    let text = format::ron::to_string(&s.applied.graph);
    let Some(out) = &args.output else {
        return emit(&text);
    };
    if let Some(input) = s.chain.iter().find(|p| same_file(out, p)) {
        return Err(CliError::BadInput(format!(
            "refusing to overwrite {}, an input of this scenario; choose another output",
            input.display()
        )));
    }
    if out.exists() && !args.force {
        return Err(CliError::BadInput(format!(
            "{} already exists; pass --force to overwrite it",
            out.display()
        )));
    }
    format::write_atomic(out, text.as_bytes())?;
    let g = &s.applied.graph;
    note(&format!(
        "wrote {}: {} actors, {} relations, {} events ({} edit(s) on {})",
        out.display(),
        g.actor_count(),
        g.relation_count(),
        g.events().len(),
        s.scenario.edits.len(),
        s.base.path.display()
    ));
    Ok(())
}
