//! CSV: a nodes table and an edges table, the lowest common denominator of graph tools
//! (spreadsheets, Kumu, Flourish, pandas).
//!
//! Export writes `nodes.csv` (`id,name,kind,region,tags,attributes,part_of`) and `edges.csv`
//! (`source,target,weight,kind,directed,since,until,confidence,note,sources`); lists are
//! joined with `|`, free attributes are a JSON object. Import reads an edges file (required
//! columns `source,target,weight`, the others optional) and optionally a nodes file
//! (`id`, optional `name,kind,region,tags`), with any header names through [`CsvColumns`].
//! Actors named by edges but missing from the nodes file are created (name = id, kind
//! `other`); a missing relation kind follows the weight's sign
//! ([`RelationKind::default_for_weight`]). Every bad cell is reported at once with its
//! `file:row:column` (RFC 4180 quoting: quoted fields may hold commas, quotes and newlines).
//! Files are read with `csv-core`, the `csv` crate's parser, and written with `csv`; a
//! `.tsv` file is split on tabs.

// A diagnostic is made once per problem in bad input, never on a hot path: its size in
// `Result` does not matter.
#![allow(clippy::result_large_err)]

use super::interchange::{FileDiagnostics, ImportError, Imported, Parts};
use crate::diagnostic::{Diagnostic, Span, suggest};
use crate::format::ron::decode::ItemSpans;
use crate::model::validate::DocumentSpans;
use crate::model::{
    Actor, ActorGraph, ActorId, ActorKind, AttrValue, Confidence, Date, Relation, RelationKind,
};
use std::collections::{BTreeMap, BTreeSet};

/// Writes a table as RFC 4180 CSV (through the `csv` crate): a field is quoted when it holds
/// the delimiter, a quote or a line break; records end with `\n`.
pub fn write_table<R, F>(header: &[&str], rows: R) -> String
where
    R: IntoIterator<Item = F>,
    F: IntoIterator,
    F::Item: AsRef<[u8]>,
{
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .flexible(true)
        .from_writer(Vec::new());
    // Writing to a Vec cannot fail, and every record is written whole.
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record(r);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

const NODE_HEADER: &str = "id,name,kind,region,tags,attributes,part_of";
/// The actors table.
pub fn nodes_to_string(g: &ActorGraph) -> String {
    write_table(
        &NODE_HEADER.split(',').collect::<Vec<_>>(),
        g.actors().map(|a| {
            let attrs = if a.attributes.is_empty() {
                String::new()
            } else {
                serde_json::to_string(&a.attributes).unwrap_or_default()
            };
            [
                a.id.to_string(),
                a.name.clone(),
                a.kind.kebab_name().into(),
                a.region.clone().unwrap_or_default(),
                a.tags.join("|"),
                attrs,
                a.part_of
                    .clone()
                    .map_or_else(String::new, |p| p.to_string()),
            ]
        }),
    )
}

/// The relations table.
pub fn edges_to_string(g: &ActorGraph) -> String {
    write_table(
        &[
            "source",
            "target",
            "weight",
            "kind",
            "directed",
            "since",
            "until",
            "confidence",
            "note",
            "sources",
        ],
        g.relations().map(|r| {
            [
                r.from.to_string(),
                r.to.to_string(),
                super::ron::number(r.weight),
                r.kind.kebab_name().into(),
                r.directed.to_string(),
                r.since.map(|d| d.to_string()).unwrap_or_default(),
                r.until.map(|d| d.to_string()).unwrap_or_default(),
                r.confidence.kebab_name().into(),
                r.note().unwrap_or_default().to_string(),
                r.sources().join("|"),
            ]
        }),
    )
}

/// A field of a parsed record: its text and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub span: Span,
}

/// A parsed record and the span of its whole line(s).
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub cells: Vec<Cell>,
    pub span: Span,
}

/// The delimiter a file's name implies: a tab for `.tsv` and `.tab`, else a comma.
pub fn delimiter_for(name: &str) -> u8 {
    let ext = std::path::Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("tsv" | "tab") => b'\t',
        _ => b',',
    }
}

/// Parses RFC 4180 CSV with a comma between fields (see [`parse_with`]).
pub fn parse(src: &str) -> Result<Vec<Record>, Diagnostic> {
    parse_with(src, b',')
}

/// Parses delimited text with `csv-core` (the `csv` crate's parser), keeping each field's
/// byte span for diagnostics. Quoted fields may hold the delimiter, quotes (`""`) and line
/// breaks; CRLF, LF and CR end records; blank lines are skipped; a UTF-8 byte order mark is
/// ignored. A quote left open is an error (the parser alone would read it to the end).
pub fn parse_with(src: &str, delimiter: u8) -> Result<Vec<Record>, Diagnostic> {
    use csv_core::ReadFieldResult;
    let bytes = src.as_bytes();
    let mut pos = if src.starts_with('\u{feff}') { 3 } else { 0 };
    let mut rdr = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let mut records = Vec::new();
    let mut cells: Vec<Cell> = Vec::new();
    let mut out = vec![0u8; 256];
    let mut nout = 0;
    // Where the field being read starts; `None` until its first byte is seen.
    let mut fstart: Option<usize> = None;
    loop {
        let (res, nin, n) = rdr.read_field(&bytes[pos..], &mut out[nout..]);
        let from = pos;
        pos += nin;
        nout += n;
        if fstart.is_none() && nin > 0 {
            // Line breaks before a record's first field end the previous record.
            let lead = if cells.is_empty() {
                bytes[from..pos]
                    .iter()
                    .take_while(|&&b| b == b'\n' || b == b'\r')
                    .count()
            } else {
                0
            };
            fstart = Some(from + lead);
        }
        match res {
            ReadFieldResult::InputEmpty => {}
            ReadFieldResult::OutputFull => {
                let len = out.len();
                out.resize(len * 2, 0);
            }
            ReadFieldResult::Field { record_end } => {
                let start = fstart.take().unwrap_or(pos).min(pos);
                let mut end = pos;
                if record_end {
                    for t in [b'\n', b'\r'] {
                        if end > start && bytes[end - 1] == t {
                            end -= 1;
                        }
                    }
                } else if end > start && bytes[end - 1] == delimiter {
                    end -= 1;
                }
                let text = String::from_utf8(out[..nout].to_vec())
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
                nout = 0;
                if record_end && pos == bytes.len() && !closed(&bytes[start..end]) {
                    return Err(Diagnostic::error("E088", "unterminated quoted field")
                        .at(
                            Some(Span::new(start, start + 1)),
                            "this quote is never closed",
                        )
                        .hint(
                            "close the field with `\"`; write a quote inside a field as `\"\"`",
                        ));
                }
                cells.push(Cell {
                    text,
                    span: Span::new(start, end.max(start + 1).min(bytes.len().max(start + 1))),
                });
                if record_end {
                    let blank = cells.len() == 1 && cells[0].text.trim().is_empty();
                    let first = cells[0].span.start;
                    let span = Span::new(first, end.max(first + 1));
                    let done = std::mem::take(&mut cells);
                    if !blank {
                        records.push(Record { cells: done, span });
                    }
                }
            }
            ReadFieldResult::End => break,
        }
    }
    Ok(records)
}

/// False for the raw text of a field that opens a quote and never closes it.
fn closed(raw: &[u8]) -> bool {
    let Some(rest) = raw.strip_prefix(b"\"") else {
        return true;
    };
    let mut i = 0;
    while i < rest.len() {
        if rest[i] == b'"' {
            if rest.get(i + 1) == Some(&b'"') {
                i += 2;
                continue;
            }
            return true;
        }
        i += 1;
    }
    false
}

/// Which header names hold which fields. `Default` gives the documented names.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvColumns {
    pub source: String,
    pub target: String,
    pub weight: String,
    pub kind: String,
    pub directed: String,
    pub since: String,
    pub until: String,
    pub confidence: String,
    pub note: String,
    pub sources: String,
    pub id: String,
    pub name: String,
    pub actor_kind: String,
    pub region: String,
    pub tags: String,
    pub attributes: String,
    pub part_of: String,
}

impl Default for CsvColumns {
    fn default() -> Self {
        CsvColumns {
            source: "source".into(),
            target: "target".into(),
            weight: "weight".into(),
            kind: "kind".into(),
            directed: "directed".into(),
            since: "since".into(),
            until: "until".into(),
            confidence: "confidence".into(),
            note: "note".into(),
            sources: "sources".into(),
            id: "id".into(),
            name: "name".into(),
            actor_kind: "kind".into(),
            region: "region".into(),
            tags: "tags".into(),
            attributes: "attributes".into(),
            part_of: "part_of".into(),
        }
    }
}

/// A table: the header and the data records.
struct Table {
    header: Record,
    rows: Vec<Record>,
}

impl Table {
    /// The column headed `name` (trimmed, any case), if there is one; a header naming it
    /// twice is an error, since which of the two was meant cannot be told.
    fn col(&self, name: &str, option: &str) -> Result<Option<usize>, Diagnostic> {
        let mut found = self
            .header
            .cells
            .iter()
            .enumerate()
            .filter(|(_, c)| c.text.trim().eq_ignore_ascii_case(name));
        let Some((first, cell)) = found.next() else {
            return Ok(None);
        };
        match found.next() {
            None => Ok(Some(first)),
            Some((_, again)) => Err(Diagnostic::error(
                "E081",
                format!("the header has two `{name}` columns"),
            )
            .at(Some(again.span), "given again here")
            .also(Some(cell.span), "first given here")
            .hint(format!(
                "rename or remove one of them, or name the column to use with `{option} COLUMN`"
            ))),
        }
    }

    /// The column headed `name`, which must be there.
    fn required(&self, name: &str, option: &str) -> Result<usize, Diagnostic> {
        self.col(name, option)?
            .ok_or_else(|| self.missing(name, option))
    }

    fn missing(&self, name: &str, option: &str) -> Diagnostic {
        let have: Vec<&str> = self.header.cells.iter().map(|c| c.text.trim()).collect();
        let close = suggest(name, have.iter().copied());
        Diagnostic::error("E081", format!("no `{name}` column in the header"))
            .at(
                Some(self.header.span),
                format!("columns: {}", have.join(", ")),
            )
            .hint(match close {
                Some(c) => format!("did you mean `{c}`? map another column with `{option} {c}`"),
                None => {
                    format!("add a `{name}` column, or name the one to use with `{option} COLUMN`")
                }
            })
    }
}

/// Reads `file` as a table, its spans moved by `offset`; `None` when it holds no record.
fn table(file: &CsvFile, offset: usize) -> Result<Option<Table>, Diagnostic> {
    let shift = |s: Span| Span::new(s.start + offset, s.end + offset);
    let mut records = parse_with(file.text, file.delimiter).map_err(|mut d| {
        d.span = d.span.map(shift);
        d
    })?;
    for r in &mut records {
        r.span = shift(r.span);
        for c in &mut r.cells {
            c.span = shift(c.span);
        }
    }
    if records.is_empty() {
        return Ok(None);
    }
    let header = records.remove(0);
    Ok(Some(Table {
        header,
        rows: records,
    }))
}

fn cell(r: &Record, col: Option<usize>) -> Option<&Cell> {
    col.and_then(|c| r.cells.get(c))
        .filter(|c| !c.text.trim().is_empty())
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" | "y" => Some(true),
        "false" | "no" | "0" | "n" => Some(false),
        _ => None,
    }
}

fn vocab_error<T: crate::model::Vocabulary>(c: &Cell, code: &'static str) -> Diagnostic {
    let names: Vec<&str> = T::all().iter().map(|v| v.kebab_name()).collect();
    let close = suggest(c.text.trim(), names.iter().copied());
    Diagnostic::error(code, format!("unknown {}: `{}`", T::WHAT, c.text.trim()))
        .at(Some(c.span), "unknown")
        .hint(match close {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("one of: {}", names.join(", ")),
        })
}

/// The value of an optional cell, its error (if any) moved to `diags`.
fn take<T>(x: Option<Result<T, Diagnostic>>, diags: &mut Vec<Diagnostic>) -> Option<T> {
    match x {
        None => None,
        Some(Ok(v)) => Some(v),
        Some(Err(d)) => {
            diags.push(d);
            None
        }
    }
}

/// A `|`-separated list cell: items trimmed, empty ones dropped.
fn list(c: Option<&Cell>) -> Vec<String> {
    c.map(|c| {
        c.text
            .split('|')
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect()
    })
    .unwrap_or_default()
}

/// One delimited text file to import: its name for diagnostics, its text, and the byte
/// between fields.
#[derive(Debug, Clone, Copy)]
pub struct CsvFile<'a> {
    pub name: &'a str,
    pub text: &'a str,
    pub delimiter: u8,
}

impl<'a> CsvFile<'a> {
    /// A file whose delimiter follows its name ([`delimiter_for`]: tabs for `.tsv`).
    pub fn new(name: &'a str, text: &'a str) -> CsvFile<'a> {
        CsvFile {
            name,
            text,
            delimiter: delimiter_for(name),
        }
    }
}

/// What an import reads: the edges file and, optionally, the nodes file.
pub struct CsvInput<'a> {
    pub edges: CsvFile<'a>,
    pub nodes: Option<CsvFile<'a>>,
    pub columns: &'a CsvColumns,
    /// The graph's name.
    pub graph_name: &'a str,
}

/// The actors of a nodes table, with their spans; bad rows reported into `diags`.
fn read_nodes(
    t: &Table,
    cols: &CsvColumns,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Actor>, Vec<ItemSpans>) {
    let mut actors = Vec::new();
    let mut spans = Vec::new();
    let id_col = t
        .required(&cols.id, "--id-col")
        .map_err(|d| diags.push(d))
        .ok();
    let mut col = |name: &str, option: &str| {
        t.col(name, option).unwrap_or_else(|d| {
            diags.push(d);
            None
        })
    };
    let name_col = col(&cols.name, "--name-col");
    let kind_col = col(&cols.actor_kind, "--actor-kind-col");
    let region_col = col(&cols.region, "--region-col");
    let tags_col = col(&cols.tags, "--tags-col");
    let attrs_col = col(&cols.attributes, "--attributes-col");
    let part_of_col = col(&cols.part_of, "--part-of-col");
    let Some(id_col) = id_col else {
        return (actors, spans);
    };
    for r in &t.rows {
        let before = diags.len();
        let Some(id) = cell(r, Some(id_col)) else {
            diags.push(
                Diagnostic::error("E089", "an actor without an id")
                    .at(Some(r.span), "this row has an empty id")
                    .hint("give every actor an id, or delete the row"),
            );
            continue;
        };
        let kind = match cell(r, kind_col) {
            None => ActorKind::Other,
            Some(c) => ActorKind::parse(c.text.trim()).unwrap_or_else(|| {
                diags.push(vocab_error::<ActorKind>(c, "E083"));
                ActorKind::Other
            }),
        };
        let mut attributes = BTreeMap::new();
        if let Some(c) = cell(r, attrs_col) {
            match serde_json::from_str::<BTreeMap<String, AttrValue>>(&c.text) {
                Ok(a) => attributes = a,
                Err(e) => diags.push(
                    Diagnostic::error("E090", format!("attributes are not a JSON object: {e}"))
                        .at(Some(c.span), "here")
                        .hint("write them as {\"key\": value, ...}, or leave the cell empty"),
                ),
            }
        }
        if diags.len() > before {
            continue;
        }
        let mut sp = ItemSpans::new(r.span);
        sp.set("id", id.span);
        let name = cell(r, name_col).map_or_else(|| id.text.trim().to_string(), |c| c.text.clone());
        if let Some(c) = cell(r, name_col) {
            sp.set("name", c.span);
        }
        if let Some(c) = cell(r, kind_col) {
            sp.set("kind", c.span);
        }
        actors.push(Actor {
            id: ActorId::new(id.text.trim()),
            name,
            kind,
            region: cell(r, region_col).map(|c| c.text.clone()),
            tags: list(cell(r, tags_col)),
            attributes,
            part_of: cell(r, part_of_col)
                .map(|c| ActorId::new(c.text.trim()))
                .filter(|id| !id.as_str().is_empty()),
        });
        spans.push(sp);
    }
    (actors, spans)
}

/// The relations of an edges table, with their spans, and the actors they name that
/// `known` does not hold (each once, in order of appearance, with where it first appears).
fn read_edges(
    t: &Table,
    cols: &CsvColumns,
    known: &BTreeSet<ActorId>,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Relation>, Vec<ItemSpans>, Vec<(ActorId, Span)>) {
    let mut relations = Vec::new();
    let mut spans = Vec::new();
    let mut implied = Vec::new();
    let mut found = Vec::new();
    for (name, option) in [
        (&cols.source, "--source-col"),
        (&cols.target, "--target-col"),
        (&cols.weight, "--weight-col"),
    ] {
        match t.required(name, option) {
            Ok(c) => found.push(c),
            Err(d) => diags.push(d),
        }
    }
    let mut col = |name: &str, option: &str| {
        t.col(name, option).unwrap_or_else(|d| {
            diags.push(d);
            None
        })
    };
    let kind_col = col(&cols.kind, "--kind-col");
    let dir_col = col(&cols.directed, "--directed-col");
    let since_col = col(&cols.since, "--since-col");
    let until_col = col(&cols.until, "--until-col");
    let conf_col = col(&cols.confidence, "--confidence-col");
    let note_col = col(&cols.note, "--note-col");
    let sources_col = col(&cols.sources, "--sources-col");
    let [sc, tc, wc] = found[..] else {
        return (relations, spans, implied);
    };
    let mut seen_implied: BTreeSet<ActorId> = BTreeSet::new();
    for r in &t.rows {
        let before = diags.len();
        if r.cells.len() > t.header.cells.len() {
            diags.push(
                Diagnostic::error(
                    "E087",
                    format!(
                        "{} fields in a row, but the header has {}",
                        r.cells.len(),
                        t.header.cells.len()
                    ),
                )
                .at(Some(r.cells[t.header.cells.len()].span), "extra field")
                .hint("quote fields that contain the delimiter: \"a, b\""),
            );
        }
        let endpoint =
            |col: usize, what: &str, diags: &mut Vec<Diagnostic>| match cell(r, Some(col)) {
                Some(c) => Some(c.clone()),
                None => {
                    diags.push(
                        Diagnostic::error("E089", format!("a relation without a {what}"))
                            .at(Some(r.span), format!("empty {what}"))
                            .hint("every row needs a source, a target and a weight"),
                    );
                    None
                }
            };
        let from = endpoint(sc, "source", diags);
        let to = endpoint(tc, "target", diags);
        let weight = match cell(r, Some(wc)) {
            None => {
                diags.push(
                    Diagnostic::error("E082", "a relation without a weight")
                        .at(Some(r.span), "empty weight")
                        .hint("write a number from -1 (hostile) to 1 (allied)"),
                );
                None
            }
            Some(c) => match c.text.trim().parse::<f64>() {
                Ok(w) if w.is_finite() => Some((w, c.span)),
                _ => {
                    diags.push(
                        Diagnostic::error("E082", format!("`{}` is not a number", c.text.trim()))
                            .at(Some(c.span), "expected a weight")
                            .hint("write a number from -1 (hostile) to 1 (allied), with a `.` for decimals"),
                    );
                    None
                }
            },
        };
        let kind = cell(r, kind_col).map(|c| {
            RelationKind::parse(c.text.trim()).ok_or_else(|| vocab_error::<RelationKind>(c, "E083"))
        });
        let directed = cell(r, dir_col).map(|c| {
            parse_bool(&c.text).ok_or_else(|| {
                Diagnostic::error("E084", format!("`{}` is not true or false", c.text.trim()))
                    .at(Some(c.span), "expected a boolean")
                    .hint("write true or false (also yes/no, 1/0)")
            })
        });
        let date = |col: Option<usize>| {
            cell(r, col).map(|c| {
                c.text.trim().parse::<Date>().map_err(|e| {
                    Diagnostic::error("E085", e.0)
                        .at(Some(c.span), "not a date")
                        .hint("write YYYY, YYYY-MM or YYYY-MM-DD")
                })
            })
        };
        let since = date(since_col);
        let until = date(until_col);
        let confidence = cell(r, conf_col).map(|c| {
            Confidence::parse(c.text.trim()).ok_or_else(|| vocab_error::<Confidence>(c, "E086"))
        });
        let kind = take(kind, diags);
        let directed = take(directed, diags);
        let since = take(since, diags);
        let until = take(until, diags);
        let confidence = take(confidence, diags);
        if diags.len() > before {
            continue;
        }
        let (Some(from), Some(to), Some((w, wspan))) = (from, to, weight) else {
            continue;
        };
        let mut sp = ItemSpans::new(r.span);
        sp.set("from", from.span);
        sp.set("to", to.span);
        sp.set("weight", wspan);
        for (field, col) in [
            ("kind", kind_col),
            ("directed", dir_col),
            ("since", since_col),
            ("until", until_col),
            ("confidence", conf_col),
            ("note", note_col),
        ] {
            if let Some(c) = cell(r, col) {
                sp.set(field, c.span);
            }
        }
        let from_id = ActorId::new(from.text.trim());
        let to_id = ActorId::new(to.text.trim());
        for (id, span) in [(&from_id, from.span), (&to_id, to.span)] {
            if !known.contains(id) && seen_implied.insert(id.clone()) {
                implied.push((id.clone(), span));
            }
        }
        let mut relation = Relation::new(
            from_id,
            to_id,
            kind.unwrap_or_else(|| RelationKind::default_for_weight(w)),
            w,
        )
        .with_dates(since, until)
        .with_confidence(confidence.unwrap_or_default())
        .with_sources(list(cell(r, sources_col)));
        relation.directed = directed.unwrap_or(false);
        relation.set_note(cell(r, note_col).map(|c| c.text.clone()));
        relations.push(relation);
        spans.push(sp);
    }
    (relations, spans, implied)
}

/// Reads a graph from an edges CSV (and a nodes CSV). On failure, every problem in both
/// files, located.
pub fn import(input: &CsvInput) -> Result<Imported, ImportError> {
    // Spans in the nodes file are offset past the edges text, so that one validation pass
    // covers both files; they are shifted back when split by file.
    let nodes_offset = input.edges.text.len() + 1;
    let cols = input.columns;
    let mut diags: Vec<Diagnostic> = Vec::new();
    let (mut actors, mut actor_spans) = match input.nodes.as_ref().map(|n| table(n, nodes_offset)) {
        Some(Err(d)) => {
            diags.push(d);
            Default::default()
        }
        Some(Ok(Some(t))) => read_nodes(&t, cols, &mut diags),
        None | Some(Ok(None)) => Default::default(),
    };
    let (relations, relation_spans, implied) = match table(&input.edges, 0) {
        Err(d) => {
            diags.push(d);
            Default::default()
        }
        Ok(None) => {
            diags.push(
                Diagnostic::error("E081", "the edges file is empty")
                    .at(Some(Span::new(0, 0)), "no header")
                    .hint(format!(
                        "start with a header such as `{},{},{}`",
                        cols.source, cols.target, cols.weight
                    )),
            );
            Default::default()
        }
        Ok(Some(t)) => {
            let known: BTreeSet<ActorId> = actors.iter().map(|a| a.id.clone()).collect();
            read_edges(&t, cols, &known, &mut diags)
        }
    };
    // Actors only edges name: created from their ids, located where they first appear.
    for (id, span) in implied {
        let mut sp = ItemSpans::new(span);
        sp.set("id", span);
        actors.push(Actor::new(id.as_str(), id.as_str(), ActorKind::Other));
        actor_spans.push(sp);
    }
    let parts = Parts {
        name: input.graph_name.to_string(),
        actors,
        relations,
        spans: Some(DocumentSpans {
            actors: actor_spans,
            relations: relation_spans,
            events: Vec::new(),
        }),
        ..Parts::default()
    };
    // Validate what could be read even when some cells could not, so that every problem
    // (bad cells, and duplicates, self-relations, signs) is reported in one pass.
    match parts.build() {
        Ok(imported) if !diags.iter().any(Diagnostic::is_error) => Ok(imported),
        Ok(_) => Err(split(input, nodes_offset, diags)),
        Err(mut more) => {
            diags.append(&mut more);
            crate::diagnostic::in_file_order(&mut diags);
            Err(split(input, nodes_offset, diags))
        }
    }
}

/// Splits diagnostics between the edges and the nodes file by where they point.
fn split(input: &CsvInput, nodes_offset: usize, all: Vec<Diagnostic>) -> ImportError {
    let mut edges = Vec::new();
    let mut nodes = Vec::new();
    for mut d in all {
        match (d.span, input.nodes) {
            (Some(s), Some(_)) if s.start >= nodes_offset => {
                d.span = Some(Span::new(s.start - nodes_offset, s.end - nodes_offset));
                d.secondary = d
                    .secondary
                    .into_iter()
                    .filter(|(s, _)| s.start >= nodes_offset)
                    .map(|(s, l)| (Span::new(s.start - nodes_offset, s.end - nodes_offset), l))
                    .collect();
                nodes.push(d);
            }
            _ => {
                d.secondary.retain(|(s, _)| s.start < nodes_offset);
                edges.push(d);
            }
        }
    }
    let mut files = Vec::new();
    if !edges.is_empty() {
        files.push(FileDiagnostics {
            file: input.edges.name.to_string(),
            source: input.edges.text.to_string(),
            diagnostics: edges,
        });
    }
    if let Some(n) = input.nodes
        && !nodes.is_empty()
    {
        files.push(FileDiagnostics {
            file: n.name.to_string(),
            source: n.text.to_string(),
            diagnostics: nodes,
        });
    }
    ImportError { files }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_quotes_newlines_and_crlf_with_spans() {
        let src = "a,b\r\n\"x, \"\"y\"\"\",\"two\nlines\"\n\n1,2";
        let recs = parse(src).unwrap();
        assert_eq!(recs.len(), 3);
        assert_eq!(recs[1].cells[0].text, "x, \"y\"");
        assert_eq!(recs[1].cells[1].text, "two\nlines");
        let spans: Vec<&str> = recs
            .iter()
            .flat_map(|r| &r.cells)
            .map(|c| &src[c.span.range()])
            .collect();
        assert_eq!(
            spans,
            ["a", "b", "\"x, \"\"y\"\"\"", "\"two\nlines\"", "1", "2"]
        );
        assert_eq!(
            &src[recs[1].span.range()],
            "\"x, \"\"y\"\"\",\"two\nlines\""
        );
        let e = parse("a,\"open").unwrap_err();
        assert_eq!((e.code, e.span), ("E088", Some(Span::new(2, 3))));
        // A quote closed at the very end, and one closed then followed by text.
        assert_eq!(parse("a,\"b\"\"\"").unwrap()[0].cells[1].text, "b\"");
        assert_eq!(parse("\"q\"x,y").unwrap()[0].cells[0].text, "qx");
    }

    #[test]
    fn empty_fields_blank_lines_and_a_byte_order_mark() {
        let src = "\u{feff}a,b,\n\n  \n,\r\rc,d";
        let recs = parse(src).unwrap();
        let texts: Vec<Vec<&str>> = recs
            .iter()
            .map(|r| r.cells.iter().map(|c| c.text.as_str()).collect())
            .collect();
        assert_eq!(texts, [vec!["a", "b", ""], vec!["", ""], vec!["c", "d"]]);
        assert_eq!(recs[0].cells[0].span, Span::new(3, 4));
        assert_eq!(&src[recs[2].span.range()], "c,d");
    }

    #[test]
    fn tabs_split_tab_separated_files() {
        let recs = parse_with("a\tb,c\n\"x\ty\"\tz\n", b'\t').unwrap();
        assert_eq!(recs[0].cells[1].text, "b,c");
        assert_eq!(recs[1].cells[0].text, "x\ty");
        assert_eq!(delimiter_for("dir/edges.TSV"), b'\t');
        assert_eq!(delimiter_for("edges.csv"), b',');
    }

    #[test]
    fn fields_round_trip_through_quoting() {
        let fields = [
            "plain",
            "a,b",
            "q\"q",
            "line\nbreak",
            "cr\rx",
            " padded ",
            "",
            "x",
        ];
        let text = write_table(&fields, [fields]);
        let recs = parse(&text).unwrap();
        assert_eq!(recs.len(), 2);
        for r in recs {
            let got: Vec<&str> = r.cells.iter().map(|c| c.text.as_str()).collect();
            assert_eq!(got, fields);
        }
    }

    fn import_edges(edges: &str) -> Result<Imported, ImportError> {
        import(&CsvInput {
            edges: CsvFile::new("e.csv", edges),
            nodes: None,
            columns: &CsvColumns::default(),
            graph_name: "g",
        })
    }

    #[test]
    fn a_column_named_twice_is_an_error() {
        let e = import_edges("source,target,weight,Weight\nA,B,0.5,-0.5\n").unwrap_err();
        let d = &e.files[0].diagnostics[0];
        assert_eq!(d.message, "the header has two `weight` columns");
        assert_eq!(d.span, Some(Span::new(21, 27)));
        assert_eq!(d.secondary[0].0, Span::new(14, 20));
        // A repeated column that is not read is no matter.
        assert!(import_edges("source,target,weight,x,x\nA,B,0.5,1,2\n").is_ok());
    }

    #[test]
    fn implied_actors_are_located_where_they_first_appear() {
        let e = import_edges("source,target,weight\nA,B,0.5\nC,,0.5\nB,A,0.5\n").unwrap_err();
        assert_eq!(e.error_count(), 2, "{e:?}");
        let g = import_edges("source,target,weight\nA,B,0.5\nC,A,-0.5\n")
            .unwrap()
            .graph;
        let ids: Vec<&str> = g.actors().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["A", "B", "C"]);
    }
}
