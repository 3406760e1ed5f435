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
mod dedup;
pub mod dictionary;
pub mod layout;
mod outcome;
mod row;
pub mod synthetic;

pub use outcome::{
    CodeCount, FileSummary, ImportError, ImportReport, Problem, ProblemCount, Skipped,
};

use crate::analysis::events::Aggregator;
use crate::model::{
    Actor, ActorGraph, ActorId, ActorKind, EventWeighting, FastMap, Granularity, Tally,
};
use cameo::GoldsteinTable;
use dedup::Dedup;
use dictionary::Dictionary;
use layout::{Format, Layout};
use row::{RowReader, SplitLine};
use std::collections::{BTreeMap, HashMap, HashSet};
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
    /// own reader, a batch of chunks side by side. This thread reads the next batch (and checks
    /// event ids in file order) while a second thread parses the previous one and adds it up,
    /// in file order, so reading and parsing overlap.
    fn read_chunked(
        &mut self,
        name: &str,
        layout: &Layout,
        ns: &'static str,
        input: impl Read,
    ) -> Result<(), ImportError> {
        let batch = 2 * rayon::current_num_threads().max(1);
        let (tx, rx) = std::sync::mpsc::sync_channel::<Chunk>(batch);
        let mut ids = std::mem::take(&mut self.ids);
        let chunk_bytes = self.opts.chunk_bytes.max(1);
        let (read, parsed) = std::thread::scope(|scope| {
            let parser = scope.spawn(|| self.parse_chunks(name, layout, rx, batch));
            let read = split_chunks(input, chunk_bytes, layout, ns, &mut ids, &tx);
            drop(tx);
            let parsed = parser
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            (read, parsed)
        });
        self.ids = ids;
        // A strict stop ends the reading early (its send fails): the parser's answer first.
        parsed?;
        read.map_err(|error| ImportError::Io {
            file: name.to_string(),
            error,
        })
    }

    /// The parsing half of [`Self::read_chunked`]: each chunk parsed by its own reader on the
    /// thread pool as soon as it arrives (at most `in_flight` at once), the readers added in
    /// file order (actors are numbered in the order first met, problems kept in file order).
    fn parse_chunks(
        &mut self,
        name: &str,
        layout: &Layout,
        rx: std::sync::mpsc::Receiver<Chunk>,
        in_flight: usize,
    ) -> Result<(), ImportError> {
        let opts = self.opts.clone();
        let (done_tx, done_rx) =
            std::sync::mpsc::channel::<(u64, RowReader, Option<Box<Problem>>)>();
        let mut ready: BTreeMap<u64, (RowReader, Option<Box<Problem>>)> = BTreeMap::new();
        let (mut sent, mut next) = (0u64, 0u64);
        let mut outcome = Ok(());
        rayon::in_place_scope(|scope| {
            // Adds the parsed chunks that are next in file order; false once stopped.
            let mut add = |ready: &mut BTreeMap<u64, _>, next: &mut u64| -> bool {
                while let Some((reader, stop)) = ready.remove(next) {
                    *next += 1;
                    if let Err(e) = self.absorb(reader) {
                        outcome = Err(e);
                        return false;
                    }
                    if let Some(p) = stop {
                        outcome = Err(ImportError::Strict(p));
                        return false;
                    }
                }
                true
            };
            let mut running = true;
            for chunk in rx.iter() {
                while sent - next >= in_flight as u64 && running {
                    let Ok((k, r, p)) = done_rx.recv() else { break };
                    ready.insert(k, (r, p));
                    running = add(&mut ready, &mut next);
                }
                if !running {
                    break;
                }
                let (done_tx, opts) = (done_tx.clone(), &opts);
                let seq = sent;
                scope.spawn(move |_| {
                    let (reader, stop) = parse_chunk(opts, layout, name, &chunk);
                    let _ = done_tx.send((seq, reader, stop));
                });
                sent += 1;
                while let Ok((k, r, p)) = done_rx.try_recv() {
                    ready.insert(k, (r, p));
                }
                running = add(&mut ready, &mut next);
                if !running {
                    break;
                }
            }
            // The reader has finished (or we stopped): add what is still being parsed.
            while running && next < sent {
                let Ok((k, r, p)) = done_rx.recv() else { break };
                ready.insert(k, (r, p));
                running = add(&mut ready, &mut next);
            }
        });
        outcome
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

/// A run of whole lines of a raw file, with the line number of its first and the lines
/// (counted from 0 in the chunk) whose event id was met before.
struct Chunk {
    text: Vec<u8>,
    first_line: u64,
    dups: Vec<u32>,
}

/// One chunk of a raw file through its own reader; stops at a problem a strict reader
/// will not pass (returned beside the reader).
fn parse_chunk<'a>(
    opts: &'a ImportOptions,
    layout: &'a Layout,
    name: &'a str,
    c: &Chunk,
) -> (RowReader<'a>, Option<Box<Problem>>) {
    let mut reader = RowReader::new(opts, layout, name);
    let mut fields = SplitLine::default();
    // Raw files are not quoted: every record is one line (blank ones skipped).
    let (mut at, mut k) = (0, 0u32);
    while at < c.text.len() {
        let end = memchr::memchr(b'\n', &c.text[at..]).map_or(c.text.len(), |e| at + e);
        let line = &c.text[at..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if !line.is_empty() {
            fields.split(line, layout.delimiter);
            let dup = c.dups.binary_search(&k).is_ok();
            if let Err(p) = reader.row(&fields, c.first_line + u64::from(k), dup) {
                return (reader, Some(p));
            }
        }
        k += 1;
        at = end + 1;
    }
    (reader, None)
}

/// The reading half of [`Importer::read_chunked`]: cuts `input` into chunks of about
/// `chunk_bytes` ending at a line end, marks repeated event ids in file order, and sends the
/// chunks on; stops early when the parser has stopped listening.
fn split_chunks(
    mut input: impl Read,
    chunk_bytes: usize,
    layout: &Layout,
    ns: &'static str,
    ids: &mut Dedup,
    tx: &std::sync::mpsc::SyncSender<Chunk>,
) -> std::io::Result<()> {
    let mut carry: Vec<u8> = Vec::new();
    let mut next_line: u64 = 1;
    let mut done = false;
    while !done {
        let mut text = std::mem::take(&mut carry);
        text.reserve(chunk_bytes);
        let got = (&mut input)
            .take(chunk_bytes as u64)
            .read_to_end(&mut text)?;
        if got < chunk_bytes {
            done = true;
        }
        if !done {
            match memchr::memrchr(b'\n', &text) {
                Some(end) => {
                    carry = text[end + 1..].to_vec();
                    text.truncate(end + 1);
                }
                None => {
                    carry = text;
                    continue;
                }
            }
        }
        if text.is_empty() {
            continue;
        }
        let first_line = next_line;
        let mut dups = Vec::new();
        let (mut at, mut k) = (0, 0u32);
        while at < text.len() {
            let end = memchr::memchr(b'\n', &text[at..]).map_or(text.len(), |e| at + e);
            if let Some(i) = layout.id {
                let line = &text[at..end];
                let id = line.split(|&b| b == layout.delimiter).nth(i).unwrap_or(b"");
                if !ids.first(ns, id) {
                    dups.push(k);
                }
            }
            k += 1;
            at = end + 1;
        }
        next_line += u64::from(k);
        let chunk = Chunk {
            text,
            first_line,
            dups,
        };
        if tx.send(chunk).is_err() {
            break;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        // Strict: the first bad row in file order stops the import, whatever the chunking
        // (later chunks may be parsed already; their rows are not added).
        for chunk in [1, 700, 4096, 1 << 30] {
            let mut imp = Importer::new(ImportOptions {
                chunk_bytes: chunk,
                strict: true,
                ..ImportOptions::default()
            });
            match imp.read_stream("f.tsv", file.as_bytes()) {
                Err(ImportError::Strict(p)) => assert_eq!((p.line, p.code), (1202, "E102")),
                other => panic!("chunk {chunk}: {:?}", other.err()),
            }
        }
    }
}
