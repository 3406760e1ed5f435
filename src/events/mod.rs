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
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            dictionary: Dictionary::default(),
            goldstein: GoldsteinTable::default(),
            granularity: Granularity::Day,
            strict: false,
            keep_problems: 20,
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
    ids: HashMap<&'static str, IdSet>,
    text_ids: HashSet<String>,
    unmapped: HashMap<String, u64>,
    problem_counts: BTreeMap<(&'static str, Option<String>), u64>,
    report: ImportReport,
}

/// A field's value, `None` when missing.
fn field(rec: &csv::StringRecord, i: Option<usize>, na: bool) -> Option<&str> {
    let v = rec.get(i?)?.trim();
    let missing = v.is_empty() || (na && v == "NA");
    (!missing).then_some(v)
}

/// `YYYYMMDD` or `YYYY-MM-DD` (an ICEWS or plain date may carry a time after a space or T).
fn parse_day(s: &str) -> Option<(i32, u8, u8)> {
    let s = s.split([' ', 'T']).next().unwrap_or(s);
    let (y, m, d) = match s.len() {
        8 if s.bytes().all(|b| b.is_ascii_digit()) => (&s[..4], &s[4..6], &s[6..]),
        10 if s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-' => (&s[..4], &s[5..7], &s[8..]),
        _ => return None,
    };
    let date = crate::model::Date::ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()?;
    Some(date.first_day())
}

/// What became of one row.
enum Outcome {
    Event(EventPoint),
    Skip(fn(&mut Skipped) -> &mut u64),
    Unmapped(String),
    Bad(Box<Problem>),
}

impl Importer {
    pub fn new(opts: ImportOptions) -> Importer {
        Importer {
            agg: Aggregator::new(opts.granularity),
            opts,
            names: Vec::new(),
            index: FastMap::default(),
            ids: HashMap::new(),
            text_ids: HashSet::new(),
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
            format: Format::Plain,
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

    /// Reads one stream of delimited text.
    pub fn read_stream(&mut self, name: &str, mut input: impl BufRead) -> Result<(), ImportError> {
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
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(layout.delimiter)
            .has_headers(layout.header)
            .flexible(true)
            .quoting(layout.header)
            .from_reader(std::io::Cursor::new(first).chain(input));
        let ns: &'static str = match layout.format {
            Format::Gdelt1Raw | Format::Gdelt2Raw | Format::GdeltHeadered => "gdelt",
            Format::Icews => "icews",
            Format::Plain => "plain",
        };
        let (rows0, events0) = (self.report.rows, self.report.events);
        let mut rec = csv::StringRecord::new();
        let mut bytes = csv::ByteRecord::new();
        loop {
            match rdr.read_byte_record(&mut bytes) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    let p = Problem {
                        file: name.to_string(),
                        line,
                        column: None,
                        code: "E106",
                        message: format!("unreadable row: {e}"),
                        hint: "fix the quoting of this row".into(),
                    };
                    self.report.rows += 1;
                    self.bad(p)?;
                    continue;
                }
            }
            self.report.rows += 1;
            let line = bytes.position().map_or(0, |p| p.line());
            rec = match csv::StringRecord::from_byte_record(std::mem::take(&mut bytes)) {
                Ok(r) => r,
                Err(e) => {
                    bytes = e.into_byte_record();
                    let p = Problem {
                        file: name.to_string(),
                        line,
                        column: None,
                        code: "E106",
                        message: "row is not valid UTF-8".into(),
                        hint: "event files are UTF-8 text".into(),
                    };
                    self.bad(p)?;
                    continue;
                }
            };
            match self.row(&rec, &layout, name, line, ns) {
                Outcome::Event(e) => {
                    self.report.events += 1;
                    self.agg.add(&e);
                }
                Outcome::Skip(which) => *which(&mut self.report.skipped) += 1,
                Outcome::Unmapped(code) => {
                    self.report.skipped.unmapped += 1;
                    *self.unmapped.entry(code).or_default() += 1;
                }
                Outcome::Bad(p) => self.bad(*p)?,
            }
            bytes = rec.into_byte_record();
            rec = csv::StringRecord::new();
        }
        let _ = rec;
        self.report.files.push(FileSummary {
            file: name.to_string(),
            format: layout.format,
            rows: self.report.rows - rows0,
            events: self.report.events - events0,
        });
        Ok(())
    }

    fn bad(&mut self, p: Problem) -> Result<(), ImportError> {
        self.report.skipped.bad_rows += 1;
        if self.opts.strict {
            return Err(ImportError::Strict(Box::new(p)));
        }
        *self
            .problem_counts
            .entry((p.code, p.column.clone()))
            .or_default() += 1;
        if self.report.problems.len() < self.opts.keep_problems {
            self.report.problems.push(p);
        }
        Ok(())
    }

    fn row(
        &mut self,
        rec: &csv::StringRecord,
        l: &Layout,
        file: &str,
        line: u64,
        ns: &'static str,
    ) -> Outcome {
        let problem = |col: Option<usize>, code: &'static str, message: String, hint: &str| {
            Outcome::Bad(Box::new(Problem {
                file: file.to_string(),
                line,
                column: col.map(|c| l.column_name(c).to_string()),
                code,
                message,
                hint: hint.to_string(),
            }))
        };
        if !l.widths.contains(&rec.len()) {
            let want: Vec<String> = l.widths.iter().map(usize::to_string).collect();
            return problem(
                None,
                "E101",
                format!(
                    "row has {} columns, expected {}",
                    rec.len(),
                    want.join(" or ")
                ),
                "every row of a file has the same columns as its first line (a tab or delimiter inside a field splits it)",
            );
        }
        let get = |i: Option<usize>| field(rec, i, l.na);
        // Dates.
        let Some(date_text) = get(Some(l.date)) else {
            return problem(
                Some(l.date),
                "E105",
                "no date".into(),
                "every event needs its date",
            );
        };
        let Some(day) = parse_day(date_text) else {
            return problem(
                Some(l.date),
                "E102",
                format!("bad date `{date_text}`"),
                "dates are YYYYMMDD (GDELT) or YYYY-MM-DD, and must exist",
            );
        };
        // Event code, score, class, mentions.
        let code = get(l.code);
        if let Some(c) = code
            && !cameo::is_code(c)
        {
            return problem(
                l.code,
                "E104",
                format!("`{c}` is not a CAMEO event code"),
                "CAMEO event codes are 2 to 4 digits, e.g. 042 or 1823",
            );
        }
        let goldstein = match get(l.score) {
            Some(s) => match s.parse::<f64>() {
                Ok(g) if (-10.0..=10.0).contains(&g) => g,
                Ok(g) => {
                    return problem(
                        l.score,
                        "E103",
                        format!("score {g} is outside [-10, 10]"),
                        "scores are on the Goldstein scale, -10 to +10",
                    );
                }
                Err(_) => {
                    return problem(
                        l.score,
                        "E103",
                        format!("score `{s}` is not a number"),
                        "scores are numbers from -10 to +10, e.g. -4.4",
                    );
                }
            },
            None => match code {
                Some(c) => match self.opts.goldstein.score(c) {
                    Some(g) => g,
                    None => {
                        return problem(
                            l.code,
                            "E104",
                            format!("unknown CAMEO event code `{c}` and no score"),
                            "give the row a score, or the code a score in a --goldstein table",
                        );
                    }
                },
                None => {
                    return problem(
                        l.score.or(l.code),
                        "E105",
                        "no score and no event code".into(),
                        "every event needs a Goldstein score or a CAMEO code to look one up",
                    );
                }
            },
        };
        let quad = match get(l.quad) {
            Some(q) => match q.parse::<u8>() {
                Ok(q) if (1..=4).contains(&q) => Some(q),
                _ => {
                    return problem(
                        l.quad,
                        "E103",
                        format!("QuadClass `{q}` is not 1, 2, 3 or 4"),
                        "1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict",
                    );
                }
            },
            None => code.and_then(cameo::quad_class),
        };
        let mentions = match get(l.mentions) {
            Some(m) => match m.parse::<u64>() {
                Ok(m) if m >= 1 => m,
                _ => {
                    return problem(
                        l.mentions,
                        "E103",
                        format!("mention count `{m}` is not a whole number ≥ 1"),
                        "mentions (or weight) count the reports of an event: 1, 2, 3...",
                    );
                }
            },
            None => 1,
        };
        // Actors.
        let a = self.map_actor(get(Some(l.source)), get(l.source_country), l.actors);
        let b = self.map_actor(get(Some(l.target)), get(l.target_country), l.actors);
        let (a, b) = match (a, b) {
            (Mapped::Missing, _) | (_, Mapped::Missing) => {
                return Outcome::Skip(|s| &mut s.one_actor);
            }
            (Mapped::Unmapped(c), _) | (_, Mapped::Unmapped(c)) => return Outcome::Unmapped(c),
            (Mapped::Actor(a), Mapped::Actor(b)) => (a, b),
        };
        if a == b {
            return Outcome::Skip(|s| &mut s.same_actor);
        }
        // Duplicates last: a row counts once, whatever else is wrong with a copy.
        if let Some(id) = get(l.id) {
            let new = match id.parse::<u64>() {
                Ok(n) => self.ids.entry(ns).or_default().insert(n),
                Err(_) => self.text_ids.insert(format!("{ns}:{id}")),
            };
            if !new {
                return Outcome::Skip(|s| &mut s.duplicates);
            }
        }
        let (from, to) = (self.actor_number(&a), self.actor_number(&b));
        Outcome::Event(EventPoint {
            day,
            from,
            to,
            goldstein,
            mentions,
            quad,
        })
    }

    fn map_actor(&self, code: Option<&str>, country: Option<&str>, style: ActorStyle) -> Mapped {
        let dict = &self.opts.dictionary;
        let Some(code) = code.or(country) else {
            return Mapped::Missing;
        };
        if let Some(a) = dict.lookup(code) {
            return Mapped::Actor(a.clone());
        }
        match style {
            ActorStyle::Cameo => match country {
                Some(c)
                    if dict.countries
                        && c.len() == 3
                        && c.bytes().all(|b| b.is_ascii_uppercase()) =>
                {
                    Mapped::Actor(dict.lookup(c).cloned().unwrap_or_else(|| ActorId::new(c)))
                }
                _ => Mapped::Unmapped(code.to_string()),
            },
            ActorStyle::Names => match country {
                Some(c) if dict.countries => Mapped::Actor(
                    dict.lookup(c)
                        .cloned()
                        .unwrap_or_else(|| ActorId::new(c.replace([' ', ','], "_"))),
                ),
                _ => Mapped::Unmapped(code.to_string()),
            },
            ActorStyle::Ids => {
                if ActorId::problem(code).is_none() {
                    Mapped::Actor(ActorId::new(code))
                } else {
                    Mapped::Unmapped(code.to_string())
                }
            }
        }
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

enum Mapped {
    Missing,
    Unmapped(String),
    Actor(ActorId),
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

    #[test]
    fn days() {
        assert_eq!(parse_day("20120801"), Some((2012, 8, 1)));
        assert_eq!(parse_day("2012-08-01"), Some((2012, 8, 1)));
        assert_eq!(parse_day("2012-08-01 12:00:00"), Some((2012, 8, 1)));
        assert_eq!(parse_day("20120832"), None);
        assert_eq!(parse_day("2012801"), None);
    }
}
