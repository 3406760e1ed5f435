//! Reading event data: GDELT 1.0/2.0 (raw daily exports and headered CSV exports), ICEWS
//! and a plain CSV, plain or in `.gz`/`.zip`, into dyad × period tallies
//! ([`crate::analysis::events::Aggregator`]) — streaming, so memory grows with dyads ×
//! periods, not with the files. See `docs/analysis/events.md`.
//!
//! Each file's layout is told from its first line ([`layout::detect`]); rows are read with
//! the `csv` crate. Actor codes become actor ids through the [`dictionary`]; rows with a
//! CAMEO code but no score get the [`cameo`] table's Goldstein score. Nothing is dropped
//! silently: every row is counted as an event or under the reason it was skipped (one
//! actor, both actors the same, an unmapped actor, a duplicate event id, a bad field), bad
//! rows are located (file:line and column name), and the most frequent unmapped codes are
//! listed.

pub mod cameo;
pub mod dictionary;
pub mod layout;
pub mod synthetic;

use crate::analysis::events::{Aggregator, EventPoint};
use crate::model::{
    Actor, ActorGraph, ActorId, ActorKind, EventWeighting, FastMap, Granularity, Tally,
};
use cameo::GoldsteinTable;
use dictionary::Dictionary;
use layout::{ActorStyle, Format, Layout};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// How to read event files.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub dictionary: Dictionary,
    pub goldstein: GoldsteinTable,
    pub granularity: Granularity,
    /// Stop at the first bad row.
    pub strict: bool,
    /// How many located problems to keep (all are counted).
    pub keep_problems: usize,
    /// Bytes of a raw (headerless) file parsed per chunk; chunks are parsed side by side.
    pub chunk_bytes: usize,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            dictionary: Dictionary::default(),
            goldstein: GoldsteinTable::default(),
            granularity: Granularity::Day,
            strict: false,
            keep_problems: 20,
            chunk_bytes: 4 << 20,
        }
    }
}

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

/// Run-length set of numeric event ids: one entry per run of consecutive ids (a whole GDELT
/// daily file is one run), so it stays small where ids are dense.
#[derive(Debug, Default, Clone)]
struct IdSet {
    runs: BTreeMap<u64, u64>,
}

impl IdSet {
    /// Adds `id`; false when it was there.
    fn insert(&mut self, id: u64) -> bool {
        // Ids in increasing order (a GDELT file): past every run, no search.
        if let Some(mut last) = self.runs.last_entry() {
            let end = *last.get();
            if id == end.wrapping_add(1) && id != 0 {
                *last.get_mut() = id;
                return true;
            }
            if id > end {
                self.runs.insert(id, id);
                return true;
            }
        }
        let before = self.runs.range(..=id).next_back().map(|(&s, &e)| (s, e));
        if let Some((_, e)) = before
            && e >= id
        {
            return false;
        }
        let after = id.checked_add(1).and_then(|n| self.runs.get(&n).copied());
        match (before, after) {
            (Some((s, e)), Some(e2)) if e + 1 == id => {
                self.runs.remove(&(id + 1));
                self.runs.insert(s, e2);
            }
            (Some((s, e)), _) if e + 1 == id => {
                self.runs.insert(s, id);
            }
            (_, Some(e2)) => {
                self.runs.remove(&(id + 1));
                self.runs.insert(id, e2);
            }
            _ => {
                self.runs.insert(id, id);
            }
        }
        true
    }
}

/// Reads event files into tallies.
pub struct Importer {
    opts: ImportOptions,
    agg: Aggregator,
    names: Vec<ActorId>,
    index: FastMap<ActorId, u32>,
    ids: Dedup,
    unmapped: HashMap<String, u64>,
    problem_counts: BTreeMap<(&'static str, Option<String>), u64>,
    report: ImportReport,
}

/// Event ids already read, per id space (GDELT, ICEWS, plain).
#[derive(Debug, Default)]
struct Dedup {
    numbers: [IdSet; 3],
    text: HashSet<String>,
}

fn id_space(ns: &str) -> usize {
    match ns {
        "gdelt" => 0,
        "icews" => 1,
        _ => 2,
    }
}

impl Dedup {
    /// False when `id` was read before in `ns`.
    fn first(&mut self, ns: &'static str, id: &[u8]) -> bool {
        let id = trim(id);
        if id.is_empty() {
            return true;
        }
        match parse_u64(id) {
            Some(n) => self.numbers[id_space(ns)].insert(n),
            None => self
                .text
                .insert(format!("{ns}:{}", String::from_utf8_lossy(id))),
        }
    }
}

fn trim(b: &[u8]) -> &[u8] {
    b.trim_ascii()
}

fn parse_u64(b: &[u8]) -> Option<u64> {
    if b.is_empty() || b.len() > 19 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0')))
}

/// `YYYYMMDD` or `YYYY-MM-DD` (an ICEWS or plain date may carry a time after a space or T).
fn parse_day(s: &str) -> Option<(i32, u8, u8)> {
    let s = s.split([' ', 'T']).next().unwrap_or(s);
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(r)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let (y, m, d) = match b.len() {
        8 => (digits(0..4)?, digits(4..6)?, digits(6..8)?),
        10 if b[4] == b'-' && b[7] == b'-' => (digits(0..4)?, digits(5..7)?, digits(8..10)?),
        _ => return None,
    };
    let date = crate::model::Date::ymd(y as i32, m as u8, d as u8).ok()?;
    Some(date.first_day())
}

/// An actor field's fate, cached per distinct (code, country).
#[derive(Debug, Clone, Copy)]
enum Mapped {
    Missing,
    /// Index into the reader's unmapped codes.
    Unmapped(u32),
    Actor(u32),
}

/// What one reader (a whole stream, or one chunk of a raw file) counted.
struct RowReader<'a> {
    opts: &'a ImportOptions,
    layout: &'a Layout,
    file: &'a str,
    agg: Aggregator,
    names: Vec<ActorId>,
    index: FastMap<ActorId, u32>,
    cache: FastMap<Vec<u8>, Mapped>,
    key: Vec<u8>,
    unmapped_codes: Vec<String>,
    unmapped: Vec<u64>,
    rows: u64,
    events: u64,
    skipped: Skipped,
    problems: Vec<Problem>,
    problem_counts: BTreeMap<(&'static str, Option<String>), u64>,
}

impl<'a> RowReader<'a> {
    fn new(opts: &'a ImportOptions, layout: &'a Layout, file: &'a str) -> RowReader<'a> {
        RowReader {
            opts,
            layout,
            file,
            agg: Aggregator::new(opts.granularity),
            names: Vec::new(),
            index: FastMap::default(),
            cache: FastMap::default(),
            key: Vec::new(),
            unmapped_codes: Vec::new(),
            unmapped: Vec::new(),
            rows: 0,
            events: 0,
            skipped: Skipped::default(),
            problems: Vec::new(),
            problem_counts: BTreeMap::new(),
        }
    }

    /// Counts a bad row; with `--strict`, hands it back to stop the import.
    fn bad(&mut self, p: Problem) -> Result<(), Box<Problem>> {
        self.skipped.bad_rows += 1;
        if self.opts.strict {
            return Err(Box::new(p));
        }
        *self
            .problem_counts
            .entry((p.code, p.column.clone()))
            .or_default() += 1;
        if self.problems.len() < self.opts.keep_problems {
            self.problems.push(p);
        }
        Ok(())
    }

    /// Reads one row. `duplicate`: its event id was read before.
    fn row(
        &mut self,
        rec: &csv::ByteRecord,
        line: u64,
        duplicate: bool,
    ) -> Result<(), Box<Problem>> {
        self.rows += 1;
        if duplicate {
            self.skipped.duplicates += 1;
            return Ok(());
        }
        match self.parse(rec, line) {
            Ok(Some(e)) => {
                self.events += 1;
                self.agg.add(&e);
                Ok(())
            }
            Ok(None) => Ok(()),
            Err(p) => self.bad(*p),
        }
    }

    /// A row's event, `None` when it is skipped (and counted), or its problem.
    fn parse(
        &mut self,
        rec: &csv::ByteRecord,
        line: u64,
    ) -> Result<Option<EventPoint>, Box<Problem>> {
        let l = self.layout;
        let problem = |col: Option<usize>, code: &'static str, message: String, hint: &str| {
            Box::new(Problem {
                file: self.file.to_string(),
                line,
                column: col.map(|c| l.column_name(c).to_string()),
                code,
                message,
                hint: hint.to_string(),
            })
        };
        if !l.widths.contains(&rec.len()) {
            let want: Vec<String> = l.widths.iter().map(usize::to_string).collect();
            return Err(problem(
                None,
                "E101",
                format!(
                    "row has {} columns, expected {}",
                    rec.len(),
                    want.join(" or ")
                ),
                "every row of a file has the same columns as its first line (a tab or delimiter inside a field splits it)",
            ));
        }
        // A field's text, `None` when missing.
        let get = |i: Option<usize>| -> Result<Option<&str>, Box<Problem>> {
            let Some(i) = i else { return Ok(None) };
            let raw = trim(rec.get(i).unwrap_or(b""));
            if raw.is_empty() || (l.na && raw == b"NA") {
                return Ok(None);
            }
            std::str::from_utf8(raw).map(Some).map_err(|_| {
                problem(
                    Some(i),
                    "E106",
                    "field is not valid UTF-8".into(),
                    "event files are UTF-8 text",
                )
            })
        };
        let Some(date_text) = get(Some(l.date))? else {
            return Err(problem(
                Some(l.date),
                "E105",
                "no date".into(),
                "every event needs its date",
            ));
        };
        let Some(day) = parse_day(date_text) else {
            return Err(problem(
                Some(l.date),
                "E102",
                format!("bad date `{date_text}`"),
                "dates are YYYYMMDD (GDELT) or YYYY-MM-DD, and must exist",
            ));
        };
        let code = get(l.code)?;
        if let Some(c) = code
            && !cameo::is_code(c)
        {
            return Err(problem(
                l.code,
                "E104",
                format!("`{c}` is not a CAMEO event code"),
                "CAMEO event codes are 2 to 4 digits, e.g. 042 or 1823",
            ));
        }
        let goldstein = match get(l.score)? {
            Some(s) => match s.parse::<f64>() {
                Ok(g) if (-10.0..=10.0).contains(&g) => g,
                Ok(g) => {
                    return Err(problem(
                        l.score,
                        "E103",
                        format!("score {g} is outside [-10, 10]"),
                        "scores are on the Goldstein scale, -10 to +10",
                    ));
                }
                Err(_) => {
                    return Err(problem(
                        l.score,
                        "E103",
                        format!("score `{s}` is not a number"),
                        "scores are numbers from -10 to +10, e.g. -4.4",
                    ));
                }
            },
            None => match code {
                Some(c) => match self.opts.goldstein.score(c) {
                    Some(g) => g,
                    None => {
                        return Err(problem(
                            l.code,
                            "E104",
                            format!("unknown CAMEO event code `{c}` and no score"),
                            "give the row a score, or the code a score in a --goldstein table",
                        ));
                    }
                },
                None => {
                    return Err(problem(
                        l.score.or(l.code),
                        "E105",
                        "no score and no event code".into(),
                        "every event needs a Goldstein score or a CAMEO code to look one up",
                    ));
                }
            },
        };
        let quad = match get(l.quad)? {
            Some(q) => match q.parse::<u8>() {
                Ok(q) if (1..=4).contains(&q) => Some(q),
                _ => {
                    return Err(problem(
                        l.quad,
                        "E103",
                        format!("QuadClass `{q}` is not 1, 2, 3 or 4"),
                        "1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict",
                    ));
                }
            },
            None => code.and_then(cameo::quad_class),
        };
        let mentions = match get(l.mentions)? {
            Some(m) => match parse_u64(m.as_bytes()) {
                Some(m) if m >= 1 => m,
                _ => {
                    return Err(problem(
                        l.mentions,
                        "E103",
                        format!("mention count `{m}` is not a whole number ≥ 1"),
                        "mentions (or weight) count the reports of an event: 1, 2, 3...",
                    ));
                }
            },
            None => 1,
        };
        let a = self.actor(get(Some(l.source))?, get(l.source_country)?);
        let b = self.actor(get(Some(l.target))?, get(l.target_country)?);
        let (from, to) = match (a, b) {
            (Mapped::Missing, _) | (_, Mapped::Missing) => {
                self.skipped.one_actor += 1;
                return Ok(None);
            }
            (Mapped::Unmapped(c), _) | (_, Mapped::Unmapped(c)) => {
                self.skipped.unmapped += 1;
                self.unmapped[c as usize] += 1;
                return Ok(None);
            }
            (Mapped::Actor(a), Mapped::Actor(b)) => (a, b),
        };
        if from == to {
            self.skipped.same_actor += 1;
            return Ok(None);
        }
        Ok(Some(EventPoint {
            day,
            from,
            to,
            goldstein,
            mentions,
            quad,
        }))
    }

    /// The actor of a (code, country) pair, looked up once per distinct pair.
    fn actor(&mut self, code: Option<&str>, country: Option<&str>) -> Mapped {
        self.key.clear();
        self.key.extend_from_slice(code.unwrap_or("").as_bytes());
        self.key.push(0);
        self.key.extend_from_slice(country.unwrap_or("").as_bytes());
        if let Some(&m) = self.cache.get(&self.key) {
            return m;
        }
        let m = match map_actor(&self.opts.dictionary, code, country, self.layout.actors) {
            None => Mapped::Missing,
            Some(Err(unmapped)) => {
                self.unmapped_codes.push(unmapped);
                self.unmapped.push(0);
                Mapped::Unmapped((self.unmapped.len() - 1) as u32)
            }
            Some(Ok(id)) => Mapped::Actor(match self.index.get(&id) {
                Some(&n) => n,
                None => {
                    self.names.push(id.clone());
                    self.index.insert(id, (self.names.len() - 1) as u32);
                    (self.names.len() - 1) as u32
                }
            }),
        };
        self.cache.insert(self.key.clone(), m);
        m
    }
}

/// The actor id of a (code, country) pair: `None` when both are missing, `Err(code)` when
/// unmapped.
fn map_actor(
    dict: &Dictionary,
    code: Option<&str>,
    country: Option<&str>,
    style: ActorStyle,
) -> Option<Result<ActorId, String>> {
    let code = code.or(country)?;
    if let Some(a) = dict.lookup(code) {
        return Some(Ok(a.clone()));
    }
    Some(match style {
        ActorStyle::Cameo => match country {
            Some(c)
                if dict.countries && c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()) =>
            {
                Ok(dict.lookup(c).cloned().unwrap_or_else(|| ActorId::new(c)))
            }
            _ => Err(code.to_string()),
        },
        ActorStyle::Names => match country {
            Some(c) if dict.countries => Ok(dict
                .lookup(c)
                .cloned()
                .unwrap_or_else(|| ActorId::new(c.replace([' ', ','], "_")))),
            _ => Err(code.to_string()),
        },
        ActorStyle::Ids => {
            if ActorId::problem(code).is_none() {
                Ok(ActorId::new(code))
            } else {
                Err(code.to_string())
            }
        }
    })
}

impl Importer {
    pub fn new(opts: ImportOptions) -> Importer {
        Importer {
            agg: Aggregator::new(opts.granularity),
            opts,
            names: Vec::new(),
            index: FastMap::default(),
            ids: Dedup::default(),
            unmapped: HashMap::new(),
            problem_counts: BTreeMap::new(),
            report: ImportReport::default(),
        }
    }

    /// Reads one input: an event file (plain, `.gz` or `.zip`), or a graph (`.ron`) whose
    /// tallies and directed events are added.
    pub fn read_path(&mut self, path: &Path) -> Result<(), ImportError> {
        let name = path.display().to_string();
        let io = |error| ImportError::Io {
            file: name.clone(),
            error,
        };
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        match ext.as_str() {
            "ron" => self.read_graph(path),
            "zip" => {
                let file = std::fs::File::open(path).map_err(io)?;
                let mut zip = zip::ZipArchive::new(file).map_err(|e| ImportError::Layout {
                    file: name.clone(),
                    message: format!("not a readable zip archive: {e}"),
                })?;
                for i in 0..zip.len() {
                    let entry = zip.by_index(i).map_err(|e| ImportError::Layout {
                        file: name.clone(),
                        message: format!("zip entry {i}: {e}"),
                    })?;
                    if entry.is_dir() {
                        continue;
                    }
                    let entry_name = match entry.name() {
                        Ok(n) => format!("{name}:{n}"),
                        Err(_) => format!("{name}:#{i}"),
                    };
                    self.read_stream(&entry_name, BufReader::with_capacity(1 << 20, entry))?;
                }
                Ok(())
            }
            "gz" => {
                let file = std::fs::File::open(path).map_err(io)?;
                let gz = flate2::read::MultiGzDecoder::new(BufReader::new(file));
                self.read_stream(&name, BufReader::with_capacity(1 << 20, gz))
            }
            _ => {
                let file = std::fs::File::open(path).map_err(io)?;
                self.read_stream(&name, BufReader::with_capacity(1 << 20, file))
            }
        }
    }

    fn read_graph(&mut self, path: &Path) -> Result<(), ImportError> {
        let name = path.display().to_string();
        let loaded = crate::format::load_file(path).map_err(|e| ImportError::Graph {
            file: name.clone(),
            message: e.to_string(),
        })?;
        let g = loaded.graph;
        let from_events =
            crate::analysis::events::tallies_of_events(g.events(), self.opts.granularity);
        let mut events = 0;
        for t in g.tallies().iter().chain(&from_events) {
            let (a, b) = (self.actor_number(&t.from), self.actor_number(&t.to));
            self.agg
                .add_tally(t, a, b)
                .map_err(|e| ImportError::Graph {
                    file: name.clone(),
                    message: e.to_string(),
                })?;
            events += t.events;
        }
        self.report.events += events;
        self.report.files.push(FileSummary {
            file: name,
            format: Format::Graph,
            rows: 0,
            events,
        });
        Ok(())
    }

    fn actor_number(&mut self, id: &ActorId) -> u32 {
        if let Some(&n) = self.index.get(id) {
            return n;
        }
        let n = self.names.len() as u32;
        self.names.push(id.clone());
        self.index.insert(id.clone(), n);
        n
    }

    /// Adds what a reader counted.
    fn absorb(&mut self, r: RowReader) -> Result<(), ImportError> {
        let remap: Vec<u32> = r.names.iter().map(|id| self.actor_number(id)).collect();
        self.agg.merge(r.agg, |a| remap[a as usize]);
        self.report.rows += r.rows;
        self.report.events += r.events;
        let (s, o) = (&mut self.report.skipped, &r.skipped);
        s.one_actor += o.one_actor;
        s.same_actor += o.same_actor;
        s.unmapped += o.unmapped;
        s.duplicates += o.duplicates;
        s.bad_rows += o.bad_rows;
        for (code, n) in r.unmapped_codes.into_iter().zip(r.unmapped) {
            if n > 0 {
                *self.unmapped.entry(code).or_default() += n;
            }
        }
        for (k, n) in r.problem_counts {
            *self.problem_counts.entry(k).or_default() += n;
        }
        let room = self
            .opts
            .keep_problems
            .saturating_sub(self.report.problems.len());
        self.report
            .problems
            .extend(r.problems.into_iter().take(room));
        Ok(())
    }

    /// Reads one stream of delimited text.
    pub fn read_stream(
        &mut self,
        name: &str,
        mut input: impl BufRead + Send,
    ) -> Result<(), ImportError> {
        let io = |error| ImportError::Io {
            file: name.to_string(),
            error,
        };
        let mut first = Vec::new();
        input.read_until(b'\n', &mut first).map_err(io)?;
        let first_line = String::from_utf8_lossy(&first);
        let first_line = first_line
            .trim_end_matches(['\n', '\r'])
            .trim_start_matches('\u{feff}');
        let (rows0, events0) = (self.report.rows, self.report.events);
        if first_line.is_empty() {
            self.report.files.push(FileSummary {
                file: name.to_string(),
                format: Format::Plain,
                rows: 0,
                events: 0,
            });
            return Ok(());
        }
        let layout = layout::detect(first_line).map_err(|message| ImportError::Layout {
            file: name.to_string(),
            message,
        })?;
        let ns: &'static str = match layout.format {
            Format::Gdelt1Raw | Format::Gdelt2Raw | Format::GdeltHeadered => "gdelt",
            Format::Icews => "icews",
            Format::Plain | Format::Graph => "plain",
        };
        let input = std::io::Cursor::new(first).chain(input);
        if layout.header {
            self.read_sequential(name, &layout, ns, input)?;
        } else {
            self.read_chunked(name, &layout, ns, input)?;
        }
        self.report.files.push(FileSummary {
            file: name.to_string(),
            format: layout.format,
            rows: self.report.rows - rows0,
            events: self.report.events - events0,
        });
        Ok(())
    }

    /// A file with a header (quoted fields may hold line breaks): one reader, in order.
    fn read_sequential(
        &mut self,
        name: &str,
        layout: &Layout,
        ns: &'static str,
        input: impl Read,
    ) -> Result<(), ImportError> {
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(layout.delimiter)
            .has_headers(true)
            .flexible(true)
            .from_reader(input);
        let opts = self.opts.clone();
        let mut reader = RowReader::new(&opts, layout, name);
        let mut rec = csv::ByteRecord::new();
        let mut outcome = Ok(());
        loop {
            match rdr.read_byte_record(&mut rec) {
                Ok(false) => break,
                Ok(true) => {
                    let line = rec.position().map_or(0, |p| p.line());
                    let dup = layout
                        .id
                        .is_some_and(|i| !self.ids.first(ns, rec.get(i).unwrap_or(b"")));
                    if let Err(p) = reader.row(&rec, line, dup) {
                        outcome = Err(ImportError::Strict(p));
                        break;
                    }
                }
                Err(e) => {
                    reader.rows += 1;
                    let p = Problem {
                        file: name.to_string(),
                        line: e.position().map_or(0, |p| p.line()),
                        column: None,
                        code: "E106",
                        message: format!("unreadable row: {e}"),
                        hint: "fix the quoting of this row".into(),
                    };
                    if let Err(p) = reader.bad(p) {
                        outcome = Err(ImportError::Strict(p));
                        break;
                    }
                }
            }
        }
        self.absorb(reader)?;
        outcome
    }

    /// A raw file (no header, no quoting): read in chunks of whole lines, each parsed by its
    /// own reader, a batch of chunks side by side; event ids are checked in file order first.
    fn read_chunked(
        &mut self,
        name: &str,
        layout: &Layout,
        ns: &'static str,
        mut input: impl Read,
    ) -> Result<(), ImportError> {
        use rayon::prelude::*;
        let io = |error| ImportError::Io {
            file: name.to_string(),
            error,
        };
        let batch = 2 * rayon::current_num_threads().max(1);
        let mut carry: Vec<u8> = Vec::new();
        let mut next_line: u64 = 1;
        let mut done = false;
        let opts = self.opts.clone();
        while !done {
            // A batch of chunks, each ending at a line end.
            let mut chunks: Vec<(Vec<u8>, u64, Vec<u32>)> = Vec::with_capacity(batch);
            while chunks.len() < batch && !done {
                let mut buf = std::mem::take(&mut carry);
                let want = opts.chunk_bytes.max(1);
                buf.reserve(want);
                let got = (&mut input)
                    .take(want as u64)
                    .read_to_end(&mut buf)
                    .map_err(io)?;
                if got < want {
                    done = true;
                }
                if !done {
                    match memchr::memrchr(b'\n', &buf) {
                        Some(end) => {
                            carry = buf[end + 1..].to_vec();
                            buf.truncate(end + 1);
                        }
                        None => {
                            carry = buf;
                            continue;
                        }
                    }
                }
                if buf.is_empty() {
                    continue;
                }
                // Line numbers and duplicate ids, in file order.
                let first_line = next_line;
                let mut dups = Vec::new();
                let mut at = 0;
                let mut k = 0u32;
                while at < buf.len() {
                    let end = memchr::memchr(b'\n', &buf[at..]).map_or(buf.len(), |e| at + e);
                    let line = &buf[at..end];
                    if let Some(i) = layout.id {
                        let id = line.split(|&b| b == layout.delimiter).nth(i).unwrap_or(b"");
                        if !self.ids.first(ns, id) {
                            dups.push(k);
                        }
                    }
                    k += 1;
                    at = end + 1;
                }
                next_line += u64::from(k);
                chunks.push((buf, first_line, dups));
            }
            let results: Vec<(RowReader, Option<Box<Problem>>)> = chunks
                .par_iter()
                .map(|(buf, first_line, dups)| {
                    let mut reader = RowReader::new(&opts, layout, name);
                    let mut rdr = csv::ReaderBuilder::new()
                        .delimiter(layout.delimiter)
                        .has_headers(false)
                        .flexible(true)
                        .quoting(false)
                        .from_reader(buf.as_slice());
                    let mut rec = csv::ByteRecord::new();
                    // Raw files are not quoted: every record is one line (blank ones skipped).
                    while let Ok(true) = rdr.read_byte_record(&mut rec) {
                        let k = rec.position().map_or(0, |p| p.line() - 1);
                        let dup = dups.binary_search(&(k as u32)).is_ok();
                        if let Err(p) = reader.row(&rec, first_line + k, dup) {
                            return (reader, Some(p));
                        }
                    }
                    (reader, None)
                })
                .collect();
            for (reader, stop) in results {
                self.absorb(reader)?;
                if let Some(p) = stop {
                    return Err(ImportError::Strict(p));
                }
            }
        }
        Ok(())
    }

    /// The tallies read so far and the report. Actors are numbered in the order first met.
    pub fn finish(mut self) -> Imported {
        let tallies = self.agg.tallies(&self.names);
        let mut unmapped: Vec<CodeCount> = self
            .unmapped
            .into_iter()
            .map(|(code, count)| CodeCount { code, count })
            .collect();
        unmapped.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
        unmapped.truncate(20);
        self.report.unmapped_codes = unmapped;
        self.report.problem_counts = self
            .problem_counts
            .into_iter()
            .map(|((code, column), count)| ProblemCount {
                code,
                column,
                count,
            })
            .collect();
        let dyads: HashSet<(&ActorId, &ActorId)> =
            tallies.iter().map(|t| (&t.from, &t.to)).collect();
        self.report.dyads = dyads.len();
        self.report.tallies = tallies.len();
        let used: HashSet<&ActorId> = tallies.iter().flat_map(|t| [&t.from, &t.to]).collect();
        self.report.actors = used.len();
        let fmt_day = |(y, m, d): (i32, u8, u8)| format!("{y:04}-{m:02}-{d:02}");
        self.report.first_day = tallies
            .iter()
            .map(|t| t.period.first_day())
            .min()
            .map(fmt_day);
        self.report.last_day = tallies
            .iter()
            .map(|t| t.period.last_day())
            .max()
            .map(fmt_day);
        Imported {
            tallies,
            dictionary_actors: self.opts.dictionary.actors,
            report: self.report,
        }
    }
}

/// The result of an import.
#[derive(Debug, Clone)]
pub struct Imported {
    pub tallies: Vec<Tally>,
    /// Names and kinds the dictionary gives.
    dictionary_actors: Vec<Actor>,
    pub report: ImportReport,
}

impl Imported {
    /// The last day of the last period with events.
    pub fn last_day(&self) -> Option<(i32, u8, u8)> {
        self.tallies.iter().map(|t| t.period.last_day()).max()
    }

    /// The graph: one actor per id in the tallies (named and kinded by the dictionary,
    /// else a 3-letter code is a state), the tallies, the weighting, and the
    /// `Interaction` relations at `at` (default: the last day with data).
    pub fn into_graph(
        self,
        name: &str,
        weighting: EventWeighting,
        at: Option<(i32, u8, u8)>,
    ) -> ActorGraph {
        let mut g = ActorGraph::new(name);
        g.description = format!(
            "Built by `entente events import` from {} event(s) in {} file(s): {} tallies of {} directed dyads; relations are the tallies' weights{}.",
            self.report.events,
            self.report.files.len(),
            self.report.tallies,
            self.report.dyads,
            match (at, self.last_day()) {
                (Some((y, m, d)), _) | (None, Some((y, m, d))) =>
                    format!(" on {y:04}-{m:02}-{d:02}"),
                _ => String::new(),
            }
        );
        let known: HashMap<&ActorId, &Actor> =
            self.dictionary_actors.iter().map(|a| (&a.id, a)).collect();
        let mut ids: Vec<&ActorId> = self.tallies.iter().flat_map(|t| [&t.from, &t.to]).collect();
        ids.sort_unstable();
        ids.dedup();
        for id in ids {
            let actor = match known.get(id) {
                Some(a) => (*a).clone(),
                None => {
                    let state = id.as_str().len() == 3
                        && id.as_str().bytes().all(|b| b.is_ascii_uppercase());
                    let kind = if state {
                        ActorKind::State
                    } else {
                        ActorKind::Other
                    };
                    Actor::new(id.as_str(), id.as_str(), kind)
                }
            };
            g.add_actor(actor).expect("distinct valid ids");
        }
        if let Some(day) = at.or(self.last_day()) {
            for r in weighting.relations_at(&self.tallies, day) {
                g.add_relation(r).expect("one relation per dyad");
            }
        }
        *g.tallies_mut() = self.tallies;
        g.weighting = Some(weighting);
        g
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_runs() {
        let mut s = IdSet::default();
        for id in [5, 6, 7, 9, 8, 1] {
            assert!(s.insert(id), "{id}");
        }
        assert_eq!(s.runs.len(), 2, "{:?}", s.runs);
        for id in [5, 7, 8, 9, 1] {
            assert!(!s.insert(id));
        }
        assert!(s.insert(10) && s.insert(3) && s.insert(2) && s.insert(4));
        assert_eq!(s.runs.iter().collect::<Vec<_>>(), [(&1, &10)]);
        assert!(s.insert(u64::MAX) && !s.insert(u64::MAX));
    }

    /// Chunks of any size give the same tallies, counts and located problems as one
    /// chunk: duplicates across chunk borders, line numbers past them.
    #[test]
    fn chunking_changes_nothing() {
        let opts = synthetic::SyntheticEvents {
            events: 3000,
            actors: 12,
            ..synthetic::SyntheticEvents::default()
        };
        let mut raw = Vec::new();
        synthetic::write_gdelt(&opts, &mut raw).unwrap();
        let text = String::from_utf8(raw).unwrap();
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        // Copies of rows (same ids) later in the file, a bad date, a short row, a blank line.
        for (from, to) in [(10, 2000), (1500, 2900), (2999, 1)] {
            let copy = lines[from].clone();
            lines.insert(to, copy);
        }
        lines[1200] = lines[1200].replacen("\t2024", "\t2024x", 1);
        lines[2500] = lines[2500]
            .split('\t')
            .take(20)
            .collect::<Vec<_>>()
            .join("\t");
        lines.insert(700, String::new());
        let file = lines.join("\n") + "\n";
        let run = |chunk_bytes| {
            let mut imp = Importer::new(ImportOptions {
                chunk_bytes,
                keep_problems: 100,
                ..ImportOptions::default()
            });
            imp.read_stream("f.tsv", file.as_bytes()).unwrap();
            let i = imp.finish();
            let r = &i.report;
            let lines: Vec<(u64, &str)> = r.problems.iter().map(|p| (p.line, p.code)).collect();
            (
                i.tallies.clone(),
                r.rows,
                r.events,
                r.skipped.duplicates,
                r.skipped.bad_rows,
                format!("{lines:?}"),
            )
        };
        let whole = run(1 << 30);
        assert_eq!(whole.3, 3, "duplicates");
        assert_eq!(whole.4, 2, "bad rows");
        assert_eq!(whole.5, "[(1202, \"E102\"), (2502, \"E101\")]");
        for chunk in [1, 700, 4096, 100_000] {
            assert_eq!(run(chunk), whole, "chunk {chunk}");
        }
    }

    #[test]
    fn days() {
        assert_eq!(parse_day("20120801"), Some((2012, 8, 1)));
        assert_eq!(parse_day("2012-08-01"), Some((2012, 8, 1)));
        assert_eq!(parse_day("2012-08-01 12:00:00"), Some((2012, 8, 1)));
        assert_eq!(parse_day("20120832"), None);
        assert_eq!(parse_day("2012801"), None);
    }
}
