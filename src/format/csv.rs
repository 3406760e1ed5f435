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
//! Files are read with `csv-core`, the `csv` crate's parser (`records`), and written with
//! `csv`; a `.tsv` file is split on tabs. A table is read a row at a time, each row made
//! into its actor or relation before the next is parsed: a million rows held as records
//! were ten million strings, 1.4 GB (bench/RESULTS.md, "Import from CSV").

// A diagnostic is made once per problem in bad input, never on a hot path: its size in
// `Result` does not matter.
#![allow(clippy::result_large_err)]

use super::interchange::{FileDiagnostics, ImportError, Imported, Parts};
use crate::diagnostic::{Diagnostic, Span, suggest};
use crate::format::ron::decode::ItemSpans;
use crate::model::validate::DocumentSpans;
use crate::model::{
    Actor, ActorGraph, ActorId, ActorKind, AttrValue, Confidence, Date, FastSet, Relation,
    RelationKind,
};
use std::collections::BTreeMap;

mod records;

use records::for_each_record;
pub use records::{Cell, Record, delimiter_for, parse, parse_with};

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

/// A table's header: which columns hold what.
struct Table {
    header: Record,
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

    /// The column headed `name`, if there is one; a problem with it goes to `diags`.
    fn optional(&self, name: &str, option: &str, diags: &mut Vec<Diagnostic>) -> Option<usize> {
        self.col(name, option).unwrap_or_else(|d| {
            diags.push(d);
            None
        })
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

/// What reads a table's rows once its header is read.
trait Rows {
    fn row(&mut self, t: &Table, r: &Record, diags: &mut Vec<Diagnostic>);
}

/// Reads `file` a record at a time, its spans moved by `offset`: the header is handed to
/// `start`, which makes the reader of the rows, and each row to that reader. `None` when
/// the file holds no record; on a parse error, the problems its rows gave are taken back
/// (the rows are dropped with the reader), as if none had been read.
fn read_table<R: Rows>(
    file: &CsvFile,
    offset: usize,
    diags: &mut Vec<Diagnostic>,
    start: impl FnOnce(&Table, &mut Vec<Diagnostic>) -> R,
) -> Result<Option<R>, Diagnostic> {
    let before = diags.len();
    let mut start = Some(start);
    let mut read: Option<(Table, R)> = None;
    let parsed = for_each_record(file.text, file.delimiter, offset, |r| match &mut read {
        Some((t, rows)) => rows.row(t, r, diags),
        None => {
            let t = Table { header: r.clone() };
            let rows = start.take().expect("one header")(&t, diags);
            read = Some((t, rows));
        }
    });
    match parsed {
        Ok(()) => Ok(read.map(|(_, rows)| rows)),
        Err(d) => {
            diags.truncate(before);
            Err(d)
        }
    }
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

/// Where a nodes table's fields are.
struct NodeColumns {
    id: usize,
    name: Option<usize>,
    kind: Option<usize>,
    region: Option<usize>,
    tags: Option<usize>,
    attributes: Option<usize>,
    part_of: Option<usize>,
}

/// The actors of a nodes table, with their spans; bad rows reported into `diags`.
struct NodeRows {
    /// `None` without an `id` column: no row is read.
    columns: Option<NodeColumns>,
    actors: Vec<Actor>,
    spans: Vec<ItemSpans>,
}

impl NodeRows {
    fn new(t: &Table, cols: &CsvColumns, diags: &mut Vec<Diagnostic>) -> NodeRows {
        let id = t
            .required(&cols.id, "--id-col")
            .map_err(|d| diags.push(d))
            .ok();
        let name = t.optional(&cols.name, "--name-col", diags);
        let kind = t.optional(&cols.actor_kind, "--actor-kind-col", diags);
        let region = t.optional(&cols.region, "--region-col", diags);
        let tags = t.optional(&cols.tags, "--tags-col", diags);
        let attributes = t.optional(&cols.attributes, "--attributes-col", diags);
        let part_of = t.optional(&cols.part_of, "--part-of-col", diags);
        NodeRows {
            columns: id.map(|id| NodeColumns {
                id,
                name,
                kind,
                region,
                tags,
                attributes,
                part_of,
            }),
            actors: Vec::new(),
            spans: Vec::new(),
        }
    }
}

impl Rows for NodeRows {
    fn row(&mut self, _: &Table, r: &Record, diags: &mut Vec<Diagnostic>) {
        let Some(at) = &self.columns else {
            return;
        };
        let before = diags.len();
        let Some(id) = cell(r, Some(at.id)) else {
            diags.push(
                Diagnostic::error("E089", "an actor without an id")
                    .at(Some(r.span), "this row has an empty id")
                    .hint("give every actor an id, or delete the row"),
            );
            return;
        };
        let kind = match cell(r, at.kind) {
            None => ActorKind::Other,
            Some(c) => ActorKind::parse(c.text.trim()).unwrap_or_else(|| {
                diags.push(vocab_error::<ActorKind>(c, "E083"));
                ActorKind::Other
            }),
        };
        let mut attributes = BTreeMap::new();
        if let Some(c) = cell(r, at.attributes) {
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
            return;
        }
        let mut sp = ItemSpans::new(r.span);
        sp.set("id", id.span);
        let name = cell(r, at.name).map_or_else(|| id.text.trim().to_string(), |c| c.text.clone());
        if let Some(c) = cell(r, at.name) {
            sp.set("name", c.span);
        }
        if let Some(c) = cell(r, at.kind) {
            sp.set("kind", c.span);
        }
        self.actors.push(Actor {
            id: ActorId::new(id.text.trim()),
            name,
            kind,
            region: cell(r, at.region).map(|c| c.text.clone()),
            tags: list(cell(r, at.tags)),
            attributes,
            part_of: cell(r, at.part_of)
                .map(|c| ActorId::new(c.text.trim()))
                .filter(|id| !id.as_str().is_empty()),
        });
        self.spans.push(sp);
    }
}

/// Where an edges table's fields are.
#[derive(Clone, Copy)]
struct EdgeColumns {
    source: usize,
    target: usize,
    weight: usize,
    kind: Option<usize>,
    directed: Option<usize>,
    since: Option<usize>,
    until: Option<usize>,
    confidence: Option<usize>,
    note: Option<usize>,
    sources: Option<usize>,
}

/// The relations of an edges table, with their spans, and the actors they name that
/// `known` does not hold (each once, in order of appearance, with where it first appears).
struct EdgeRows<'k> {
    known: &'k FastSet<ActorId>,
    /// `None` without a source, target or weight column: no row is read.
    columns: Option<EdgeColumns>,
    relations: Vec<Relation>,
    spans: Vec<ItemSpans>,
    implied: Vec<(ActorId, Span)>,
    seen_implied: FastSet<ActorId>,
}

impl<'k> EdgeRows<'k> {
    fn new(
        t: &Table,
        cols: &CsvColumns,
        known: &'k FastSet<ActorId>,
        diags: &mut Vec<Diagnostic>,
    ) -> EdgeRows<'k> {
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
        let kind = t.optional(&cols.kind, "--kind-col", diags);
        let directed = t.optional(&cols.directed, "--directed-col", diags);
        let since = t.optional(&cols.since, "--since-col", diags);
        let until = t.optional(&cols.until, "--until-col", diags);
        let confidence = t.optional(&cols.confidence, "--confidence-col", diags);
        let note = t.optional(&cols.note, "--note-col", diags);
        let sources = t.optional(&cols.sources, "--sources-col", diags);
        let columns = match found[..] {
            [source, target, weight] => Some(EdgeColumns {
                source,
                target,
                weight,
                kind,
                directed,
                since,
                until,
                confidence,
                note,
                sources,
            }),
            _ => None,
        };
        EdgeRows {
            known,
            columns,
            relations: Vec::new(),
            spans: Vec::new(),
            implied: Vec::new(),
            seen_implied: FastSet::default(),
        }
    }
}

impl EdgeRows<'_> {
    /// The actor a relation's end names: an id met before is shared, not made again; one
    /// that `known` does not hold is implied where it first appears.
    fn end(&mut self, c: &Cell) -> ActorId {
        let text = c.text.trim();
        if let Some(id) = self.known.get(text).or_else(|| self.seen_implied.get(text)) {
            return id.clone();
        }
        let id = ActorId::new(text);
        self.seen_implied.insert(id.clone());
        self.implied.push((id.clone(), c.span));
        id
    }
}

impl Rows for EdgeRows<'_> {
    fn row(&mut self, t: &Table, r: &Record, diags: &mut Vec<Diagnostic>) {
        let Some(at) = self.columns else {
            return;
        };
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
                Some(c) => Some(c),
                None => {
                    diags.push(
                        Diagnostic::error("E089", format!("a relation without a {what}"))
                            .at(Some(r.span), format!("empty {what}"))
                            .hint("every row needs a source, a target and a weight"),
                    );
                    None
                }
            };
        let from = endpoint(at.source, "source", diags);
        let to = endpoint(at.target, "target", diags);
        let weight = match cell(r, Some(at.weight)) {
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
        let kind = cell(r, at.kind).map(|c| {
            RelationKind::parse(c.text.trim()).ok_or_else(|| vocab_error::<RelationKind>(c, "E083"))
        });
        let directed = cell(r, at.directed).map(|c| {
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
        let since = date(at.since);
        let until = date(at.until);
        let confidence = cell(r, at.confidence).map(|c| {
            Confidence::parse(c.text.trim()).ok_or_else(|| vocab_error::<Confidence>(c, "E086"))
        });
        let kind = take(kind, diags);
        let directed = take(directed, diags);
        let since = take(since, diags);
        let until = take(until, diags);
        let confidence = take(confidence, diags);
        if diags.len() > before {
            return;
        }
        let (Some(from), Some(to), Some((w, wspan))) = (from, to, weight) else {
            return;
        };
        let optional = [
            ("kind", at.kind),
            ("directed", at.directed),
            ("since", at.since),
            ("until", at.until),
            ("confidence", at.confidence),
            ("note", at.note),
        ]
        .map(|(field, col)| (field, cell(r, col)));
        // Held for every relation until validation: one exact allocation each.
        let written = optional.iter().filter(|(_, c)| c.is_some()).count();
        let mut sp = ItemSpans::with_capacity(r.span, 3 + written);
        sp.set("from", from.span);
        sp.set("to", to.span);
        sp.set("weight", wspan);
        for (field, c) in optional {
            if let Some(c) = c {
                sp.set(field, c.span);
            }
        }
        let from_id = self.end(from);
        let to_id = self.end(to);
        let mut relation = Relation::new(
            from_id,
            to_id,
            kind.unwrap_or_else(|| RelationKind::default_for_weight(w)),
            w,
        )
        .with_dates(since, until)
        .with_confidence(confidence.unwrap_or_default())
        .with_sources(list(cell(r, at.sources)));
        relation.directed = directed.unwrap_or(false);
        relation.set_note(cell(r, at.note).map(|c| c.text.clone()));
        self.relations.push(relation);
        self.spans.push(sp);
    }
}

/// Reads a graph from an edges CSV (and a nodes CSV). On failure, every problem in both
/// files, located.
pub fn import(input: &CsvInput) -> Result<Imported, ImportError> {
    // Spans in the nodes file are offset past the edges text, so that one validation pass
    // covers both files; they are shifted back when split by file.
    let nodes_offset = input.edges.text.len() + 1;
    let cols = input.columns;
    let mut diags: Vec<Diagnostic> = Vec::new();
    let nodes = input.nodes.as_ref().map(|n| {
        read_table(n, nodes_offset, &mut diags, |t, d| {
            NodeRows::new(t, cols, d)
        })
    });
    let (mut actors, mut actor_spans) = match nodes {
        Some(Err(d)) => {
            diags.push(d);
            Default::default()
        }
        Some(Ok(Some(n))) => (n.actors, n.spans),
        None | Some(Ok(None)) => Default::default(),
    };
    let known: FastSet<ActorId> = actors.iter().map(|a| a.id.clone()).collect();
    let edges = read_table(&input.edges, 0, &mut diags, |t, d| {
        EdgeRows::new(t, cols, &known, d)
    });
    let (relations, relation_spans, implied) = match edges {
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
        Ok(Some(e)) => (e.relations, e.spans, e.implied),
    };
    drop(known);
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
    fn an_open_quote_at_the_end_is_its_file_only_problem() {
        // The rows before it were read (a row at a time) and had their own problems: those
        // are taken back, as when the whole file was parsed before any row was read.
        let e = import_edges("source,target,weight\nA,B,x\nC,,0.5\nC,D,\"open\n").unwrap_err();
        let codes: Vec<&str> = e.files[0].diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["E088"]);
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
