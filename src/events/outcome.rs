//! What an import read, counted and skipped, and why it stopped: the [`ImportReport`] the
//! CLI prints after `entente events import` and `events summary`, located [`Problem`]s for
//! bad rows (file:line and column name), and [`ImportError`] for what ends an import.

use super::layout::Format;
use serde::Serialize;
use std::fmt;

/// A bad row: where, which column, what is wrong.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub file: String,
    pub line: u64,
    pub column: Option<String>,
    pub code: &'static str,
    pub message: String,
    pub hint: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error[{}]: {}", self.code, self.message)?;
        match &self.column {
            Some(c) => writeln!(f, "  --> {}:{} (column {c})", self.file, self.line)?,
            None => writeln!(f, "  --> {}:{}", self.file, self.line)?,
        }
        write!(f, "  = help: {}", self.hint)
    }
}

/// Why an import stopped.
#[derive(Debug)]
pub enum ImportError {
    Io {
        file: String,
        error: std::io::Error,
    },
    /// A file whose layout cannot be told, or that is not readable as delimited text.
    Layout {
        file: String,
        message: String,
    },
    /// `--strict` and a bad row.
    Strict(Box<Problem>),
    /// A graph input that cannot be merged (its tallies are coarser than the import's period).
    Graph {
        file: String,
        message: String,
    },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Io { file, error } => write!(f, "{file}: {error}"),
            ImportError::Layout { file, message } => write!(f, "{file}: {message}"),
            ImportError::Strict(p) => write!(f, "{p}"),
            ImportError::Graph { file, message } => write!(f, "{file}: {message}"),
        }
    }
}

impl std::error::Error for ImportError {}

#[derive(Debug, Clone, Serialize)]
pub struct FileSummary {
    pub file: String,
    pub format: Format,
    pub rows: u64,
    pub events: u64,
}

/// Rows not counted as events, by reason.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Skipped {
    /// A row naming fewer than two actors.
    pub one_actor: u64,
    /// Both actors map to the same id (domestic events).
    pub same_actor: u64,
    /// An actor no dictionary entry or country code covers.
    pub unmapped: u64,
    /// An event id already read.
    pub duplicates: u64,
    /// A row with a bad field (see `problems`).
    pub bad_rows: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct CodeCount {
    pub code: String,
    pub count: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProblemCount {
    pub code: &'static str,
    pub column: Option<String>,
    pub count: u64,
}

/// What an import read, counted and skipped.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportReport {
    pub files: Vec<FileSummary>,
    pub rows: u64,
    pub events: u64,
    pub skipped: Skipped,
    /// The 20 most frequent unmapped actor codes.
    pub unmapped_codes: Vec<CodeCount>,
    /// The first bad rows, located.
    pub problems: Vec<Problem>,
    /// Bad rows per problem and column.
    pub problem_counts: Vec<ProblemCount>,
    pub actors: usize,
    pub dyads: usize,
    pub tallies: usize,
    /// First and last day with events.
    pub first_day: Option<String>,
    pub last_day: Option<String>,
}
