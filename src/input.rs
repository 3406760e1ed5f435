//! Reading whatever FILE the user gave: a graph, or a scenario applied to its base,
//! following the chain of scenarios (a scenario's base may itself be a scenario), with loops
//! detected and every problem located in the file it is in.
//!
//! This module sits above [`crate::format`], which reads one graph file, and
//! [`crate::scenario`], which reads one scenario file and applies it to a base it is handed
//! ([`crate::scenario::load::apply_to_base`]). It knows every file a command read
//! ([`Input::files`], [`LoadedFile::files`]: the file and its whole chain of bases), which the
//! writers use to refuse overwriting any of them.

pub mod keep;

use crate::diagnostic::Diagnostic;
use crate::format::ron::parse;
use crate::format::{self, LoadError, LoadedFile};
use crate::model::ActorGraph;
use crate::scenario::LoadedScenario;
use crate::scenario::load::{apply_to_base, parse_str};
use std::path::{Path, PathBuf};

/// What an input file turned out to be: a graph, or a scenario applied to its base.
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)] // one per command run: boxing would buy nothing
pub enum Input {
    Graph(LoadedFile),
    Scenario(Box<LoadedScenario>),
}

impl Input {
    /// The graph to analyse: the file's graph, or the scenario's result.
    pub fn graph(&self) -> &ActorGraph {
        match self {
            Input::Graph(l) => &l.graph,
            Input::Scenario(s) => &s.applied.graph,
        }
    }

    /// The graph to analyse as a loaded file (for a scenario: its path, text and warnings
    /// with the result graph).
    pub fn into_loaded(self) -> LoadedFile {
        match self {
            Input::Graph(l) => l,
            Input::Scenario(s) => s.to_loaded(),
        }
    }

    /// Every file read: the file itself and, for a scenario, its chain of bases.
    pub fn files(&self) -> Vec<PathBuf> {
        match self {
            Input::Graph(l) => vec![l.path.clone()],
            Input::Scenario(s) => s.chain.clone(),
        }
    }
}

/// Reads a graph file or a scenario file (a `Scenario(...)` root, applied to its base), so
/// that every command taking a graph also takes a scenario.
pub fn read_input(path: &Path) -> Result<Input, LoadError> {
    let mut stack = vec![chain_entry(path)];
    read_input_in(path, &mut stack)
}

/// Like [`read_input`], giving the graph to analyse as a loaded file.
pub fn load_input(path: &Path) -> Result<LoadedFile, LoadError> {
    read_input(path).map(Input::into_loaded)
}

/// Reads a scenario file, loads its base and applies its edits.
pub fn load_scenario(path: &Path) -> Result<LoadedScenario, LoadError> {
    let source = format::read_source(path)?;
    let mut stack = vec![chain_entry(path)];
    load_scenario_in(path, source, &mut stack)
}

/// A file's entry in the stack of a chain being loaded: its canonical path and its name.
fn chain_entry(path: &Path) -> (PathBuf, String) {
    (canonical(path), display_name(path))
}

/// `a/b/../c` as `a/c`, without touching the file system, so that a base is named the way
/// a person would write it.
fn normalize(p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component> = Vec::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    if out.is_empty() {
        PathBuf::from(".")
    } else {
        out.iter().collect()
    }
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

fn display_name(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The most files a chain of scenarios may have (this scenario, its base, its base's base,
/// ... down to the graph). Each is loaded by a nested call, so the bound keeps a long chain
/// from overflowing the stack (about 2 200 files did); a person's what-if chains are a few
/// files long.
pub const MAX_CHAIN: usize = 100;

/// Loads a scenario whose text is `source`; `stack` holds the files of the chain being
/// loaded (canonical path, name), to detect cycles.
fn load_scenario_in(
    path: &Path,
    source: String,
    stack: &mut Vec<(PathBuf, String)>,
) -> Result<LoadedScenario, LoadError> {
    let mut bases = Vec::new();
    let invalid = |source: String, diagnostics: Vec<Diagnostic>, bases| LoadError::Invalid {
        path: path.to_path_buf(),
        source,
        diagnostics,
        bases,
    };
    let mut parsed = match parse_str(&source) {
        Ok(p) => p,
        Err(d) => return Err(invalid(source, d, Vec::new())),
    };
    let mut diags = std::mem::take(&mut parsed.diagnostics);
    let base_span = Some(parsed.spans.base);
    let base_path = normalize(
        &path
            .parent()
            .unwrap_or(Path::new(""))
            .join(&parsed.scenario.base),
    );
    let mut base = None;
    if !parsed.scenario.base.trim().is_empty() {
        let canon = canonical(&base_path);
        if let Some(at) = stack.iter().position(|(p, _)| *p == canon) {
            let mut names: Vec<&str> = stack[at..].iter().map(|(_, n)| n.as_str()).collect();
            names.push(&stack[at].1);
            diags.push(
                Diagnostic::error("E032", "the chain of scenarios loops")
                    .at(base_span, format!("this base leads back: {}", names.join(" → ")))
                    .hint("a scenario's base must be a graph, or a scenario that does not lead back to it"),
            );
        } else if stack.len() >= MAX_CHAIN {
            diags.push(
                Diagnostic::error(
                    "E043",
                    format!("the chain of scenarios is longer than {MAX_CHAIN} files"),
                )
                .at(
                    base_span,
                    format!("this base would be file {} of the chain", stack.len() + 1),
                )
                .hint("base a scenario on a graph file, or export a scenario of the chain (`entente export`) and base the rest on that"),
            );
        } else if !base_path.is_file() {
            let why = match std::fs::metadata(&base_path) {
                Ok(_) => "not a file".to_string(),
                Err(e) => e.to_string(),
            };
            diags.push(
                Diagnostic::error(
                    "E031",
                    format!("cannot read the base `{}`: {why}", parsed.scenario.base),
                )
                .at(base_span, "no such file")
                .hint("the base is a path relative to this scenario file, e.g. \"../south_caucasus_2025.ron\""),
            );
        } else {
            stack.push((canon, display_name(&base_path)));
            let loaded = read_input_in(&base_path, stack);
            stack.pop();
            match loaded {
                Ok(b) => base = Some(b),
                Err(LoadError::Io { error, .. }) => diags.push(
                    Diagnostic::error(
                        "E031",
                        format!("cannot read the base `{}`: {error}", parsed.scenario.base),
                    )
                    .at(base_span, "cannot be read"),
                ),
                // The base's own problems stay located in the base; this file says where
                // its base is.
                Err(e) => {
                    bases = e.into_files();
                    let n: usize = bases
                        .iter()
                        .map(|b| b.diagnostics.iter().filter(|d| d.is_error()).count())
                        .sum();
                    diags.push(
                        Diagnostic::error(
                            "E042",
                            format!("the base `{}` is invalid", parsed.scenario.base),
                        )
                        .at(
                            base_span,
                            format!("{n} error(s) in this base or its own bases"),
                        )
                        .hint("fix the base first: its errors follow, in its own file"),
                    );
                }
            }
        }
    }
    let Some(base) = base else {
        crate::diagnostic::in_file_order(&mut diags);
        return Err(invalid(source, diags, bases));
    };
    let (base_file, mut chain) = match base {
        Input::Graph(g) => {
            let p = g.path.clone();
            (g, vec![p])
        }
        Input::Scenario(s) => {
            let chain = s.chain.clone();
            (s.to_loaded(), chain)
        }
    };
    chain.insert(0, path.to_path_buf());
    parsed.diagnostics = diags;
    apply_to_base(path, source, parsed, base_file, chain)
}

/// Reads a graph or a scenario file, within a chain being loaded.
fn read_input_in(path: &Path, stack: &mut Vec<(PathBuf, String)>) -> Result<Input, LoadError> {
    // A large graph is mapped, not read (`format::mapped`); a scenario is read.
    if let Some(text) = format::mapped::MappedText::open(path)
        && parse::root_name(text.as_str()) != Some("Scenario")
    {
        return format::load_mapped(path, &text).map(Input::Graph);
    }
    let source = format::read_source(path)?;
    if parse::root_name(&source) == Some("Scenario") {
        load_scenario_in(path, source, stack).map(|s| Input::Scenario(Box::new(s)))
    } else {
        format::load_str(path, source).map(Input::Graph)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths_are_named_as_a_person_would_write_them() {
        assert_eq!(
            normalize(Path::new("graphs/scenarios/../south_caucasus_2025.ron")),
            Path::new("graphs/south_caucasus_2025.ron")
        );
        assert_eq!(
            normalize(Path::new("./a/../../b.ron")),
            Path::new("../b.ron")
        );
        assert_eq!(normalize(Path::new("/x/./y.ron")), Path::new("/x/y.ron"));
    }
}
