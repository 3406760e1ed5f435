//! Reading and writing graphs: RON (the native format) and, in submodules, the formats of
//! other tools. File I/O lives here; every write is atomic and never replaces an input
//! ([`output`]).

pub mod chart;
pub mod csv;
pub mod diagram;
pub mod dot;
pub mod explorer;
pub mod gexf;
pub mod graphml;
pub mod interchange;
pub mod json;
pub mod mapped;
pub mod output;
pub mod render;
pub mod ron;
pub mod svg;
pub mod xml;

use crate::diagnostic::Diagnostic;
use crate::model::ActorGraph;
use std::fmt;
use std::path::{Path, PathBuf};

pub use output::write_atomic;

/// The South Caucasus 2025 graph shipped with entente, used when no file is given.
pub const BUILTIN_SOUTH_CAUCASUS: &str = include_str!("../../graphs/south_caucasus_2025.ron");

/// The name diagnostics give the built-in graph.
pub const BUILTIN_NAME: &str = "<built-in south_caucasus_2025.ron>";

/// Why a file could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// The file was read but is not a valid graph: every problem found, with the text they
    /// point into.
    Invalid {
        path: PathBuf,
        source: String,
        diagnostics: Vec<Diagnostic>,
        /// Problems in the files this one is built on (a scenario's invalid base, and its
        /// base...), each located in its own file.
        bases: Vec<FileDiagnostics>,
    },
}

/// A file's problems, with the text they point into.
#[derive(Debug, Clone)]
pub struct FileDiagnostics {
    pub path: PathBuf,
    pub source: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadError {
    /// The invalid file and every invalid base, each with its problems (empty for an I/O
    /// error). Moved out, not copied: a million diagnostics and the text they point into
    /// are hundreds of megabytes.
    pub fn into_files(self) -> Vec<FileDiagnostics> {
        match self {
            LoadError::Io { .. } => Vec::new(),
            LoadError::Invalid {
                path,
                source,
                diagnostics,
                bases,
            } => {
                let mut v = Vec::with_capacity(1 + bases.len());
                v.push(FileDiagnostics {
                    path,
                    source,
                    diagnostics,
                });
                v.extend(bases);
                v
            }
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io { path, error } => write!(f, "cannot read {}: {error}", path.display()),
            LoadError::Invalid {
                path,
                diagnostics,
                bases,
                ..
            } => {
                let n = diagnostics.iter().filter(|d| d.is_error()).count();
                write!(f, "{} has {n} error(s)", path.display())?;
                let in_bases: usize = bases
                    .iter()
                    .map(|b| b.diagnostics.iter().filter(|d| d.is_error()).count())
                    .sum();
                if in_bases > 0 {
                    write!(f, ", its bases {in_bases}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// A loaded graph with its warnings and the text it came from (for rendering warnings).
#[derive(Debug, Clone)]
pub struct LoadedFile {
    pub path: PathBuf,
    /// The file's text, which the warnings are located in. A large file is mapped rather
    /// than read ([`mapped`]), and its text is kept here only when there are warnings: it
    /// is about as large as the graph.
    pub source: String,
    pub graph: ActorGraph,
    pub warnings: Vec<Diagnostic>,
    /// Every file read to build the graph: the file itself and, for a scenario, its chain of
    /// bases. Writers refuse to overwrite any of them.
    pub files: Vec<PathBuf>,
}

/// Parses a graph from text; `path` names it in diagnostics.
pub fn load_str(path: &Path, source: String) -> Result<LoadedFile, LoadError> {
    match ron::from_str(&source) {
        Ok(l) => Ok(LoadedFile {
            path: path.to_path_buf(),
            source,
            graph: l.graph,
            warnings: l.warnings,
            files: vec![path.to_path_buf()],
        }),
        Err(diagnostics) => Err(LoadError::Invalid {
            path: path.to_path_buf(),
            source,
            diagnostics,
            bases: Vec::new(),
        }),
    }
}

/// Reads a file's text; a file that is not UTF-8 is a located error.
pub fn read_source(path: &Path) -> Result<String, LoadError> {
    let bytes = std::fs::read(path).map_err(|error| LoadError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let source = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let d = Diagnostic::error("E001", "the file is not valid UTF-8")
                .at(
                    Some(crate::diagnostic::Span::new(at, at + 1)),
                    "invalid byte here",
                )
                .hint("save the file as UTF-8");
            Err(LoadError::Invalid {
                path: path.to_path_buf(),
                source,
                diagnostics: vec![d],
                bases: Vec::new(),
            })
        }
    }
}

/// Reads and validates a RON graph file; a large one is mapped rather than read
/// ([`load_mapped`]).
pub fn load_file(path: &Path) -> Result<LoadedFile, LoadError> {
    match mapped::MappedText::open(path) {
        Some(text) => load_mapped(path, &text),
        None => load_str(path, read_source(path)?),
    }
}

/// [`load_str`] on a mapped file's text ([`ron::from_mapped`]), which is copied only to be
/// kept with warnings or errors: diagnostics are the same as from the text read.
pub fn load_mapped(path: &Path, text: &mapped::MappedText) -> Result<LoadedFile, LoadError> {
    match ron::from_mapped(text) {
        Ok(l) => Ok(LoadedFile {
            path: path.to_path_buf(),
            source: if l.warnings.is_empty() {
                String::new()
            } else {
                text.to_owned_released()
            },
            graph: l.graph,
            warnings: l.warnings,
            files: vec![path.to_path_buf()],
        }),
        Err(diagnostics) => Err(LoadError::Invalid {
            path: path.to_path_buf(),
            source: text.to_owned_released(),
            diagnostics,
            bases: Vec::new(),
        }),
    }
}

/// The built-in South Caucasus 2025 graph.
pub fn builtin() -> LoadedFile {
    let mut loaded = load_str(Path::new(BUILTIN_NAME), BUILTIN_SOUTH_CAUCASUS.to_string())
        .expect("the built-in graph is valid (checked by tests)");
    loaded.files.clear(); // compiled in: no file was read
    loaded
}

/// Saves a graph as RON, atomically.
pub fn save_ron(g: &ActorGraph, path: &Path) -> std::io::Result<()> {
    write_atomic(path, ron::to_string(g).as_bytes())
}
