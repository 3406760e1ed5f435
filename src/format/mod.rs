//! Reading and writing graphs: RON (the native format) and, in submodules, the formats of
//! other tools. File I/O lives here; every write is atomic (temp file + rename).

pub mod dot;
pub mod ron;

use crate::diagnostic::Diagnostic;
use crate::model::ActorGraph;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

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
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io { path, error } => write!(f, "cannot read {}: {error}", path.display()),
            LoadError::Invalid {
                path, diagnostics, ..
            } => {
                let n = diagnostics.iter().filter(|d| d.is_error()).count();
                write!(f, "{} has {n} error(s)", path.display())
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// A loaded graph with its warnings and the text it came from (for rendering warnings).
#[derive(Debug, Clone)]
pub struct LoadedFile {
    pub path: PathBuf,
    pub source: String,
    pub graph: ActorGraph,
    pub warnings: Vec<Diagnostic>,
}

/// Parses a graph from text; `path` names it in diagnostics.
pub fn load_str(path: &Path, source: String) -> Result<LoadedFile, LoadError> {
    match ron::from_str(&source) {
        Ok(l) => Ok(LoadedFile {
            path: path.to_path_buf(),
            source,
            graph: l.graph,
            warnings: l.warnings,
        }),
        Err(diagnostics) => Err(LoadError::Invalid {
            path: path.to_path_buf(),
            source,
            diagnostics,
        }),
    }
}

/// Reads and validates a RON graph file.
pub fn load_file(path: &Path) -> Result<LoadedFile, LoadError> {
    let bytes = std::fs::read(path).map_err(|error| LoadError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    let source = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let source = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let d = Diagnostic::error("E001", "the file is not valid UTF-8")
                .at(
                    Some(crate::diagnostic::Span::new(at, at + 1)),
                    "invalid byte here",
                )
                .hint("save the file as UTF-8");
            return Err(LoadError::Invalid {
                path: path.to_path_buf(),
                source,
                diagnostics: vec![d],
            });
        }
    };
    load_str(path, source)
}

/// The built-in South Caucasus 2025 graph.
pub fn builtin() -> LoadedFile {
    load_str(Path::new(BUILTIN_NAME), BUILTIN_SOUTH_CAUCASUS.to_string())
        .expect("the built-in graph is valid (checked by tests)")
}

/// Writes `contents` to `path` atomically: a temporary file in the same directory, synced,
/// then renamed over the target. A reader never sees a half-written file.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let mut tmp = None;
    for attempt in 0..100u32 {
        let candidate = dir.join(format!(".{name}.{}.{attempt}.tmp", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(f) => {
                tmp = Some((candidate, f));
                break;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    let Some((tmp_path, mut f)) = tmp else {
        return Err(std::io::Error::other("could not create a temporary file"));
    };
    let result = f
        .write_all(contents)
        .and_then(|_| f.sync_all())
        .and_then(|_| std::fs::rename(&tmp_path, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp_path);
    }
    result
}

/// Saves a graph as RON, atomically.
pub fn save_ron(g: &ActorGraph, path: &Path) -> std::io::Result<()> {
    write_atomic(path, ron::to_string(g).as_bytes())
}
