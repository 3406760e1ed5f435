//! `entente check FILE...`

use super::common::{CliError, CliResult, ColorChoice, emit, print_diagnostics};
use clap::{Args, ValueEnum};
use entente::diagnostic::{Diagnostic, locate};
use entente::format::{self, LoadError};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, ValueEnum, Default, PartialEq, Eq)]
pub enum CheckFormat {
    /// One line per file on stdout; diagnostics on stderr.
    #[default]
    Table,
    /// A JSON array with each file's errors and warnings on stdout.
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Graph or scenario files to validate (a scenario is checked with its chain of bases).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Treat warnings as errors (exit code 2).
    #[arg(long)]
    pub deny_warnings: bool,
    #[arg(long, value_enum, default_value_t = CheckFormat::Table)]
    pub format: CheckFormat,
}

#[derive(Serialize)]
struct FileResult<'a> {
    file: String,
    ok: bool,
    actors: Option<usize>,
    relations: Option<usize>,
    events: Option<usize>,
    errors: Vec<entente::diagnostic::LocatedDiagnostic<'a>>,
    warnings: Vec<entente::diagnostic::LocatedDiagnostic<'a>>,
}

/// What checking one file gave.
struct Outcome {
    /// The file named on the command line.
    name: String,
    /// The file the diagnostics point into: `name`, or a scenario's base when the base is
    /// wrong.
    at: String,
    source: String,
    diags: Vec<Diagnostic>,
    counts: Option<(usize, usize, usize)>,
}

pub fn run(args: &CheckArgs, color: ColorChoice) -> CliResult {
    let mut bad = 0usize;
    let mut lines = String::new();
    // Every file's text and diagnostics stay alive for the JSON borrow.
    let mut outcomes: Vec<Outcome> = Vec::new();
    for path in &args.files {
        let name = path.display().to_string();
        match format::load_input(path) {
            Ok(l) => {
                let counts = (
                    l.graph.actor_count(),
                    l.graph.relation_count(),
                    l.graph.events().len(),
                );
                let failed = args.deny_warnings && !l.warnings.is_empty();
                bad += usize::from(failed);
                outcomes.push(Outcome {
                    at: name.clone(),
                    name,
                    source: l.source,
                    diags: l.warnings,
                    counts: Some(counts),
                });
            }
            Err(LoadError::Invalid {
                path: at,
                source,
                diagnostics,
            }) => {
                bad += 1;
                outcomes.push(Outcome {
                    name,
                    at: at.display().to_string(),
                    source,
                    diags: diagnostics,
                    counts: None,
                });
            }
            Err(e @ LoadError::Io { .. }) => return Err(CliError::Failure(e.into())),
        }
    }
    for Outcome {
        name,
        at,
        source,
        diags,
        counts,
    } in &outcomes
    {
        if args.format == CheckFormat::Table {
            print_diagnostics(diags, at, source, color);
        }
        let errors = diags.iter().filter(|d| d.is_error()).count();
        let warnings = diags.len() - errors;
        lines.push_str(&match counts {
            Some((a, r, e)) => format!(
                "ok     {name}: {a} actors, {r} relations, {e} events, {warnings} warning(s)\n"
            ),
            None => format!("FAILED {name}: {errors} error(s), {warnings} warning(s)\n"),
        });
    }
    match args.format {
        CheckFormat::Table => emit(&lines)?,
        CheckFormat::Json => {
            let results: Vec<FileResult> = outcomes
                .iter()
                .map(
                    |Outcome {
                         name,
                         at,
                         source,
                         diags,
                         counts,
                     }| FileResult {
                        file: name.clone(),
                        ok: counts.is_some(),
                        actors: counts.map(|c| c.0),
                        relations: counts.map(|c| c.1),
                        events: counts.map(|c| c.2),
                        errors: diags
                            .iter()
                            .filter(|d| d.is_error())
                            .map(|d| locate(at, source, d))
                            .collect(),
                        warnings: diags
                            .iter()
                            .filter(|d| !d.is_error())
                            .map(|d| locate(at, source, d))
                            .collect(),
                    },
                )
                .collect();
            emit(&entente::report::to_json(&results))?;
        }
    }
    if bad > 0 {
        return Err(CliError::BadInput(format!(
            "{bad} of {} file(s) failed the check",
            args.files.len()
        )));
    }
    Ok(())
}
