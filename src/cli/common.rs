//! What every command shares: reading the input graph, output formats, writing to stdout,
//! rendering diagnostics and the exit codes.

use clap::{Args, ValueEnum};
use entente::diagnostic::{self, Diagnostic};
use entente::format::{self, LoadError, LoadedFile, output};
use entente::input::{self, Input};
use entente::model::{ActorGraph, AsOf, Combine, Confidence, Date, Filter, Reading};
use entente::report::OutputFormat;
use entente::scenario::LoadedScenario;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit codes: 0 success, 1 failure, 2 bad input.
pub const EXIT_FAILURE: u8 = 1;
pub const EXIT_BAD_INPUT: u8 = 2;

/// A command's failure. Diagnostics have been printed when it is `BadInput`.
#[derive(Debug)]
pub enum CliError {
    BadInput(String),
    Failure(anyhow::Error),
}

impl<E: Into<anyhow::Error>> From<E> for CliError {
    fn from(e: E) -> Self {
        CliError::Failure(e.into())
    }
}

impl CliError {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            CliError::BadInput(_) => ExitCode::from(EXIT_BAD_INPUT),
            CliError::Failure(_) => ExitCode::from(EXIT_FAILURE),
        }
    }
}

pub type CliResult = Result<(), CliError>;

#[derive(Debug, Clone, Copy, ValueEnum, Default, PartialEq, Eq)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    pub fn stderr(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        }
    }
}

/// `--format` for commands whose output is data.
#[derive(Debug, Clone, Copy, ValueEnum, Default, PartialEq, Eq)]
pub enum FormatArg {
    /// Aligned tables for people.
    #[default]
    Table,
    /// Stable JSON for scripts (see docs/json.md).
    Json,
    /// Markdown, for briefings.
    Md,
    /// CSV.
    Csv,
}

impl From<FormatArg> for OutputFormat {
    fn from(f: FormatArg) -> OutputFormat {
        match f {
            FormatArg::Table => OutputFormat::Table,
            FormatArg::Json => OutputFormat::Json,
            FormatArg::Md => OutputFormat::Md,
            FormatArg::Csv => OutputFormat::Csv,
        }
    }
}

pub fn parse_date(s: &str) -> Result<Date, String> {
    s.parse::<Date>().map_err(|e| e.0)
}

pub fn parse_confidence(s: &str) -> Result<Confidence, String> {
    s.parse::<Confidence>()
}

/// A count of at least 1 (`--top`): asking for none is a mistake, not an empty answer.
pub fn at_least_one(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

/// `--exact-limit`: 0 to the exact solver's ceiling
/// ([`entente::analysis::blocs::EXACT_MAX`]), beyond which it never runs.
pub fn exact_limit(s: &str) -> Result<usize, String> {
    let max = entente::analysis::blocs::EXACT_MAX;
    match s.parse::<usize>() {
        Ok(n) if n <= max => Ok(n),
        Ok(_) => Err(format!(
            "at most {max}: larger components are always solved by the heuristic"
        )),
        Err(e) => Err(e.to_string()),
    }
}

/// `--time-limit SECONDS`: a duration, `0` for none.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeLimit(pub Option<std::time::Duration>);

pub fn parse_time_limit(s: &str) -> Result<TimeLimit, String> {
    let secs: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a number of seconds (e.g. 5, 0.5, or 0 for none)"))?;
    if !(0.0..=1e9).contains(&secs) {
        return Err(format!(
            "`{s}`: give a number of seconds from 0 (no limit) to 1e9"
        ));
    }
    Ok(TimeLimit(
        (secs > 0.0).then(|| std::time::Duration::from_secs_f64(secs)),
    ))
}

/// The note for a search stopped by its time limit: what was reached and how to go on.
pub fn time_limit_note(what: &str, limit: Option<f64>, best: f64, bound: f64) -> String {
    use entente::report::num;
    format!(
        "note: {what}: the exact search stopped at its time limit ({} s) with {} found and a \
         proven lower bound of {}. `--time-limit SECONDS` searches longer; `--time-limit 0` \
         runs to the node budget and gives the same result on every machine.",
        num(limit.unwrap_or(0.0), 3),
        num(best, 4),
        num(bound, 4)
    )
}

/// The input graph and which of its relations to keep.
#[derive(Debug, Clone, Args)]
pub struct GraphArgs {
    /// Graph file (RON), or a scenario file (analysed as its result). Without it, the
    /// built-in South Caucasus 2025 graph.
    pub file: Option<PathBuf>,

    /// Read the relations in force on this date (YYYY, YYYY-MM or YYYY-MM-DD; a partial
    /// date means the end of that period). Default: the latest date the graph names.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,

    /// Read every relation, ended or not, instead of those in force on one date.
    #[arg(long, conflicts_with = "as_of")]
    pub all_dates: bool,

    /// Keep only relations at least this credible: confirmed, probably-true, possibly-true,
    /// doubtful, improbable, cannot-be-judged.
    #[arg(long, value_name = "LEVEL", value_parser = parse_confidence)]
    pub min_confidence: Option<Confidence>,

    #[command(flatten)]
    pub read: ReadArgs,
}

/// How relations are read beyond their dates and confidence: shared by every command that
/// reads a graph.
#[derive(Debug, Clone, Default, Args)]
pub struct ReadArgs {
    /// How several relations between the same two actors combine into one net tie:
    /// noisy-or (default: 1 − Π(1 − |w|) per sign, allied minus hostile), sum (clamped to
    /// ±1), strongest (largest |w|; `max`), mean. See docs/analysis/combine.md.
    #[arg(long, value_name = "RULE", value_parser = parse_combine)]
    pub combine: Option<Combine>,

    /// Read only the relations of these layers: security, economic, diplomatic,
    /// information, kinship, other, or a layer the graph file defines.
    #[arg(long, value_name = "LAYER,...", value_delimiter = ',')]
    pub layer: Vec<String>,

    /// Merge every actor that is `part_of` another (a ministry, agency, state company,
    /// armed force) into its top parent: its relations re-attached, ties inside one family
    /// dropped.
    #[arg(long)]
    pub collapse: bool,
}

pub fn parse_combine(s: &str) -> Result<Combine, String> {
    Combine::from_name(s)
}

impl ReadArgs {
    /// The library's reading choices.
    pub fn reading(&self) -> Reading {
        Reading {
            combine: self.combine.unwrap_or_default(),
            layers: (!self.layer.is_empty())
                .then(|| self.layer.iter().map(|l| l.trim().to_string()).collect()),
            collapse: self.collapse,
        }
    }

    /// Whether any of the three options was given.
    pub fn given(&self) -> bool {
        self.combine.is_some() || !self.layer.is_empty() || self.collapse
    }

    /// The options as typed, for a note: `--layer security --collapse --combine sum`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.layer.is_empty() {
            parts.push(format!("--layer {}", self.layer.join(",")));
        }
        if self.collapse {
            parts.push("--collapse".to_string());
        }
        if let Some(c) = self.combine {
            parts.push(format!("--combine {c}"));
        }
        parts.join(" ")
    }

    /// For a command that reads no graph's relations: the options are refused, saying
    /// `why` (documented in docs/analysis/layers.md, "Which commands read how").
    pub fn refuse(&self, why: &str) -> CliResult {
        if self.given() {
            return Err(CliError::BadInput(format!("{}: {why}", self.describe())));
        }
        Ok(())
    }

    /// Reads `g` as asked (see [`Reading::apply`]); an unknown layer is bad input.
    pub fn apply(&self, g: &mut ActorGraph) -> Result<(), CliError> {
        let reading = self.reading();
        reading
            .check(g)
            .map_err(|e| CliError::BadInput(e.to_string()))?;
        reading.apply(g);
        Ok(())
    }
}

impl GraphArgs {
    /// Which relations count by their dates.
    pub fn as_of(&self) -> AsOf {
        as_of_choice(self.as_of, self.all_dates)
    }

    /// The filter for `graphs`: the date chosen (by default their latest), and the confidence.
    pub fn filter_for(&self, graphs: &[&ActorGraph]) -> Filter {
        Filter {
            as_of: self.as_of().date(graphs),
            min_confidence: self.min_confidence,
        }
    }

    /// The line that says which date a result reads, for `g` (loaded by this command).
    pub fn date_line(&self, g: &ActorGraph) -> String {
        date_line(self.as_of(), &[g])
    }

    /// Loads the file (or the built-in graph), printing diagnostics on failure, and applies
    /// the filter.
    pub fn load(&self, color: ColorChoice) -> Result<LoadedFile, CliError> {
        let mut loaded = match &self.file {
            None => format::builtin(),
            Some(p) => load_reporting(p, color)?,
        };
        let filter = self.filter_for(&[&loaded.graph]);
        apply_filter(&mut loaded.graph, &filter);
        self.read.apply(&mut loaded.graph)?;
        Ok(loaded)
    }

    /// Like [`GraphArgs::load`], also giving the scenario when FILE is one, its base and
    /// result filtered like the graph.
    pub fn load_with_scenario(
        &self,
        color: ColorChoice,
    ) -> Result<(LoadedFile, Option<Box<LoadedScenario>>), CliError> {
        let Some(path) = &self.file else {
            return Ok((self.load(color)?, None));
        };
        match read_reporting(path, color)? {
            Input::Graph(mut l) => {
                let filter = self.filter_for(&[&l.graph]);
                apply_filter(&mut l.graph, &filter);
                self.read.apply(&mut l.graph)?;
                Ok((l, None))
            }
            Input::Scenario(mut s) => {
                // One date for the base and the result, so they compare.
                let filter = self.filter_for(&[&s.base.graph, &s.applied.graph]);
                apply_filter(&mut s.base.graph, &filter);
                apply_filter(&mut s.applied.graph, &filter);
                self.read.apply(&mut s.base.graph)?;
                self.read.apply(&mut s.applied.graph)?;
                Ok((s.to_loaded(), Some(s)))
            }
        }
    }

    /// The file named on the command line (not yet its scenario chain): enough to refuse an
    /// output path before the work; the loaded graph's `files` has them all.
    pub fn files(&self) -> Vec<PathBuf> {
        self.file.iter().cloned().collect()
    }

    /// How the input is named in reports.
    pub fn source_name(&self) -> String {
        match &self.file {
            Some(p) => p.display().to_string(),
            None => "built-in South Caucasus 2025 graph (graphs/south_caucasus_2025.ron)".into(),
        }
    }
}

/// `--as-of DATE` / `--all-dates` / neither (the latest date the graph names).
pub fn as_of_choice(date: Option<Date>, all_dates: bool) -> AsOf {
    match (date, all_dates) {
        (Some(d), _) => AsOf::On(d),
        (None, true) => AsOf::AllDates,
        (None, false) => AsOf::Latest,
    }
}

/// Says which relations a result reads, for the head of its output.
pub fn date_line(choice: AsOf, graphs: &[&ActorGraph]) -> String {
    match (choice, choice.date(graphs)) {
        (AsOf::Latest, Some(d)) => format!(
            "Relations in force on {d}, the graph's latest date (--as-of DATE, --all-dates)."
        ),
        (_, Some(d)) => format!("Relations in force on {d} (--as-of)."),
        (AsOf::AllDates, None) => "Every relation, whatever its dates (--all-dates).".into(),
        (_, None) => "Every relation: the graph names no dates.".into(),
    }
}

/// Puts `line` (see [`date_line`]) at the head of a result for people, under its title;
/// JSON and CSV keep their shapes.
pub fn dated(format: FormatArg, line: &str, text: String) -> String {
    let (line, title_lines) = match format {
        FormatArg::Table => {
            // A title is a line underlined with ─ or ═.
            let underlined = text
                .lines()
                .nth(1)
                .is_some_and(|l| !l.is_empty() && l.chars().all(|c| c == '─' || c == '═'));
            (line.to_string(), if underlined { 2 } else { 0 })
        }
        FormatArg::Md => (format!("_{line}_"), usize::from(text.starts_with('#'))),
        FormatArg::Json | FormatArg::Csv => return text,
    };
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    let rest = lines.split_off(title_lines.min(lines.len()));
    let mut out = lines.concat();
    if title_lines > 0 {
        out.push('\n');
    }
    out.push_str(&line);
    out.push_str("\n\n");
    out.push_str(rest.concat().trim_start_matches('\n'));
    out
}

/// Keeps the relations `filter` keeps. `filtered` copies the graph, so an empty filter
/// (the usual case) is skipped: the copy doubled the peak memory of a large graph.
fn apply_filter(g: &mut entente::ActorGraph, filter: &Filter) {
    if !filter.is_empty() {
        *g = g.filtered(filter);
    }
}

/// Loads a graph or scenario file (a scenario gives its result); on failure prints its
/// diagnostics to stderr and returns the error.
pub fn load_reporting(path: &std::path::Path, color: ColorChoice) -> Result<LoadedFile, CliError> {
    let loaded = input::load_input(path).map_err(|e| report_load_error(e, color));
    release_freed_memory();
    loaded
}

/// Hands memory freed by the load back to the system. A large file is read in chunks on
/// several threads, and glibc keeps what each thread freed (the chunks' item vectors) for
/// that thread's later use instead of returning it, which raised the peak of
/// `entente report` by as much.
fn release_freed_memory() {
    entente::format::mapped::release_freed_memory();
}

/// Reads a graph or scenario file, keeping a scenario's base; on failure prints its
/// diagnostics to stderr and returns the error.
pub fn read_reporting(path: &std::path::Path, color: ColorChoice) -> Result<Input, CliError> {
    let input = input::read_input(path).map_err(|e| report_load_error(e, color));
    release_freed_memory();
    input
}

/// Prints a load error's diagnostics and turns it into a `CliError`.
pub fn report_load_error(e: LoadError, color: ColorChoice) -> CliError {
    match e {
        LoadError::Io { .. } => CliError::Failure(anyhow::anyhow!("{e}")),
        LoadError::Invalid { .. } => {
            let why = e.to_string();
            for f in e.into_files() {
                print_diagnostics(
                    &f.diagnostics,
                    &f.path.display().to_string(),
                    &f.source,
                    color,
                );
            }
            CliError::BadInput(why)
        }
    }
}

pub fn print_diagnostics(diags: &[Diagnostic], file: &str, source: &str, color: ColorChoice) {
    if diags.is_empty() {
        return;
    }
    let mut err = std::io::BufWriter::with_capacity(1 << 16, std::io::stderr().lock());
    let _ = diagnostic::render_into(diags, file, source, color.stderr(), &mut err)
        .and_then(|()| err.flush());
}

/// Writes to stdout. A closed pipe (`| head`) is not an error: the command ends quietly.
pub fn emit(text: &str) -> CliResult {
    to_stdout(|out| out.write_all(text.as_bytes()))
}

/// Prints a result in `format` as it is rendered (`report::render_into`: JSON is not held
/// whole first).
pub fn emit_rendered<T: serde::Serialize + entente::report::ToDocument>(
    value: &T,
    format: OutputFormat,
) -> CliResult {
    to_stdout(|out| entente::report::render_into(value, format, out))
}

/// Prints `value` as pretty JSON as it is serialized (`report::write_json`).
pub fn emit_json<T: serde::Serialize + ?Sized>(value: &T) -> CliResult {
    to_stdout(|out| entente::report::write_json(value, out))
}

/// Writes through a buffer to stdout; a reader that went away (`| head`) is not a failure.
fn to_stdout(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> CliResult {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match write(&mut out).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::Failure(e.into())),
    }
}

/// The width tables for people are fitted to: the terminal's when stdout is one, else
/// `COLUMNS` when set, else 100.
pub fn text_width() -> usize {
    #[cfg(unix)]
    if std::io::stdout().is_terminal() {
        // SAFETY: TIOCGWINSZ fills a winsize struct for a terminal descriptor.
        unsafe {
            let mut ws: libc::winsize = std::mem::zeroed();
            if libc::ioctl(1, libc::TIOCGWINSZ, &mut ws) == 0 && ws.ws_col > 0 {
                return usize::from(ws.ws_col);
            }
        }
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .filter(|&c: &usize| c > 0)
        .unwrap_or(100)
}

/// A note for people on stderr, with control characters from the input (an id in an error
/// message) made visible rather than obeyed by the terminal.
pub fn note(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{}", entente::text::visible(text));
}

/// `-o FILE` and `--force` for commands that write a file.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Write here instead of stdout (atomically).
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Overwrite PATH when it exists (an input file is never overwritten).
    #[arg(long)]
    pub force: bool,
}

impl OutputArgs {
    /// Writes `contents` to `-o` (refusing inputs, and existing files without `--force`),
    /// or to stdout.
    pub fn write(&self, contents: &[u8], inputs: &[&std::path::Path]) -> CliResult {
        match &self.output {
            None => emit(&String::from_utf8_lossy(contents)),
            Some(path) => write_output(path, contents, inputs, self.force),
        }
    }

    /// Writes what `make` writes, as it writes it, to `-o` (as [`OutputArgs::write`]; the
    /// file is replaced only if `make` succeeds) or to stdout.
    pub fn write_with(
        &self,
        inputs: &[&std::path::Path],
        make: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> CliResult {
        match &self.output {
            None => to_stdout(make),
            Some(path) => output::write_with(path, inputs, self.force, make).map_err(output_error),
        }
    }
}

/// Writes a file (see [`entente::format::output`]): atomically, following a symlink, keeping
/// the permissions of what it replaces, straight into a device or FIFO, and never over any of
/// `inputs` or, unless `force`, over an existing file.
pub fn write_output(
    path: &std::path::Path,
    contents: &[u8],
    inputs: &[&std::path::Path],
    force: bool,
) -> CliResult {
    output::write(path, contents, inputs, force).map_err(output_error)
}

/// The checks of [`write_output`] without writing, so a command can refuse before its work.
pub fn check_output(path: &std::path::Path, inputs: &[&std::path::Path], force: bool) -> CliResult {
    output::check(path, inputs, force)
        .map(|_| ())
        .map_err(output_error)
}

/// The paths of every file a command read, as the writers take them.
pub fn input_paths(files: &[PathBuf]) -> Vec<&std::path::Path> {
    files.iter().map(|p| p.as_path()).collect()
}

fn output_error(e: output::OutputError) -> CliError {
    if e.is_refusal() {
        CliError::BadInput(e.to_string())
    } else {
        CliError::Failure(anyhow::anyhow!("{e}"))
    }
}
