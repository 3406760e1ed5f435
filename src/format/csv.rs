//! CSV: a nodes table and an edges table, the lowest common denominator of graph tools
//! (spreadsheets, Kumu, Flourish, pandas).
//!
//! Export writes `nodes.csv` (`id,name,kind,region,tags,attributes`) and `edges.csv`
//! (`source,target,weight,kind,directed,since,until,confidence,note,sources`); lists are
//! joined with `|`, free attributes are a JSON object. Import reads an edges file (required
//! columns `source,target,weight`, the others optional) and optionally a nodes file
//! (`id`, optional `name,kind,region,tags`), with any header names through [`CsvColumns`].
//! Actors named by edges but missing from the nodes file are created (name = id, kind
//! `other`); a missing relation kind follows the weight's sign
//! ([`RelationKind::default_for_weight`]). Every bad cell is reported at once with its
//! `file:row:column` (RFC 4180 quoting: quoted fields may hold commas, quotes and newlines).

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

/// One CSV field as written, quoted if it must be.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn row(fields: &[String]) -> String {
    let mut s = fields
        .iter()
        .map(|f| field(f))
        .collect::<Vec<_>>()
        .join(",");
    s.push('\n');
    s
}

/// The actors table.
pub fn nodes_to_string(g: &ActorGraph) -> String {
    let mut out = row(&[
        "id".into(),
        "name".into(),
        "kind".into(),
        "region".into(),
        "tags".into(),
        "attributes".into(),
    ]);
    for a in g.actors() {
        let attrs = if a.attributes.is_empty() {
            String::new()
        } else {
            serde_json::to_string(&a.attributes).unwrap_or_default()
        };
        out.push_str(&row(&[
            a.id.to_string(),
            a.name.clone(),
            a.kind.kebab_name().into(),
            a.region.clone().unwrap_or_default(),
            a.tags.join("|"),
            attrs,
        ]));
    }
    out
}

/// The relations table.
pub fn edges_to_string(g: &ActorGraph) -> String {
    let mut out = row(&[
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
    ]
    .map(String::from));
    for r in g.relations() {
        out.push_str(&row(&[
            r.from.to_string(),
            r.to.to_string(),
            super::ron::number(r.weight),
            r.kind.kebab_name().into(),
            r.directed.to_string(),
            r.since.map(|d| d.to_string()).unwrap_or_default(),
            r.until.map(|d| d.to_string()).unwrap_or_default(),
            r.confidence.kebab_name().into(),
            r.note.clone().unwrap_or_default(),
            r.sources.join("|"),
        ]));
    }
    out
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

/// Parses RFC 4180 CSV, keeping each field's span. Blank lines are skipped; a UTF-8 byte
/// order mark is ignored; CRLF and LF both end records.
pub fn parse(src: &str) -> Result<Vec<Record>, Diagnostic> {
    let bytes = src.as_bytes();
    let mut i = if src.starts_with('\u{feff}') { 3 } else { 0 };
    let mut records = Vec::new();
    while i < bytes.len() {
        let start = i;
        let mut cells = Vec::new();
        loop {
            let fstart = i;
            let mut text = String::new();
            if i < bytes.len() && bytes[i] == b'"' {
                i += 1;
                loop {
                    match src[i..].find('"') {
                        None => {
                            return Err(Diagnostic::error("E088", "unterminated quoted field")
                                .at(Some(Span::new(fstart, fstart + 1)), "this quote is never closed")
                                .hint("close the field with `\"`; write a quote inside a field as `\"\"`"));
                        }
                        Some(q) => {
                            text.push_str(&src[i..i + q]);
                            i += q + 1;
                            if i < bytes.len() && bytes[i] == b'"' {
                                text.push('"');
                                i += 1;
                            } else {
                                break;
                            }
                        }
                    }
                }
                // Anything between the closing quote and the separator is kept as written.
                let rest_end = src[i..]
                    .find([',', '\n', '\r'])
                    .map_or(bytes.len(), |p| i + p);
                text.push_str(&src[i..rest_end]);
                i = rest_end;
            } else {
                let end = src[i..]
                    .find([',', '\n', '\r'])
                    .map_or(bytes.len(), |p| i + p);
                text.push_str(&src[i..end]);
                i = end;
            }
            cells.push(Cell {
                text,
                span: Span::new(fstart, i.max(fstart + 1).min(bytes.len().max(fstart + 1))),
            });
            if i < bytes.len() && bytes[i] == b',' {
                i += 1;
                continue;
            }
            break;
        }
        let end = i;
        if i < bytes.len() && bytes[i] == b'\r' {
            i += 1;
        }
        if i < bytes.len() && bytes[i] == b'\n' {
            i += 1;
        }
        let blank = cells.len() == 1 && cells[0].text.trim().is_empty();
        if !blank {
            records.push(Record {
                cells,
                span: Span::new(start, end.max(start + 1)),
            });
        }
    }
    Ok(records)
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
        }
    }
}

/// A table: the header and the data records.
struct Table {
    header: Record,
    rows: Vec<Record>,
}

impl Table {
    fn col(&self, name: &str) -> Option<usize> {
        self.header
            .cells
            .iter()
            .position(|c| c.text.trim().eq_ignore_ascii_case(name))
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

fn table(src: &str, offset: usize) -> Result<Option<Table>, Diagnostic> {
    let mut records = parse(src).map_err(|d| shift(d, offset))?;
    for r in &mut records {
        r.span = Span::new(r.span.start + offset, r.span.end + offset);
        for c in &mut r.cells {
            c.span = Span::new(c.span.start + offset, c.span.end + offset);
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

fn shift(mut d: Diagnostic, offset: usize) -> Diagnostic {
    if let Some(s) = d.span {
        d.span = Some(Span::new(s.start + offset, s.end + offset));
    }
    d
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

/// What an import reads: the edges text and, optionally, the nodes text, with their names.
pub struct CsvInput<'a> {
    pub edges_name: &'a str,
    pub edges: &'a str,
    pub nodes: Option<(&'a str, &'a str)>,
    pub columns: &'a CsvColumns,
    /// The graph's name.
    pub graph_name: &'a str,
}

/// Reads a graph from an edges CSV (and a nodes CSV). On failure, every problem in both
/// files, located.
pub fn import(input: &CsvInput) -> Result<Imported, ImportError> {
    // Spans in the nodes file are offset past the edges text, so that one validation pass
    // covers both files; they are shifted back when split by file.
    let nodes_offset = input.edges.len() + 1;
    let cols = input.columns;
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut actors: Vec<Actor> = Vec::new();
    let mut actor_spans: Vec<ItemSpans> = Vec::new();
    if let Some((_, nodes_src)) = input.nodes {
        match table(nodes_src, nodes_offset) {
            Err(d) => diags.push(d),
            Ok(None) => {}
            Ok(Some(t)) => match t.col(&cols.id) {
                None => diags.push(t.missing(&cols.id, "--id-col")),
                Some(id_col) => {
                    let name_col = t.col(&cols.name);
                    let kind_col = t.col(&cols.actor_kind);
                    let region_col = t.col(&cols.region);
                    let tags_col = t.col(&cols.tags);
                    let attrs_col = t.col("attributes");
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
                        let name = cell(r, name_col)
                            .map_or_else(|| id.text.trim().to_string(), |c| c.text.clone());
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
                            tags: cell(r, tags_col)
                                .map(|c| {
                                    c.text
                                        .split('|')
                                        .map(|t| t.trim().to_string())
                                        .filter(|t| !t.is_empty())
                                        .collect()
                                })
                                .unwrap_or_default(),
                            attributes,
                        });
                        actor_spans.push(sp);
                    }
                }
            },
        }
    }

    let mut relations = Vec::new();
    let mut relation_spans = Vec::new();
    let mut implied: Vec<ActorId> = Vec::new();
    match table(input.edges, 0) {
        Err(d) => diags.push(d),
        Ok(None) => diags.push(
            Diagnostic::error("E081", "the edges file is empty")
                .at(Some(Span::new(0, 0)), "no header")
                .hint(format!(
                    "start with a header such as `{},{},{}`",
                    cols.source, cols.target, cols.weight
                )),
        ),
        Ok(Some(t)) => {
            let required = [
                (&cols.source, "--source-col"),
                (&cols.target, "--target-col"),
                (&cols.weight, "--weight-col"),
            ];
            let mut found = Vec::new();
            for (name, opt) in required {
                match t.col(name) {
                    Some(c) => found.push(c),
                    None => diags.push(t.missing(name, opt)),
                }
            }
            if found.len() == 3 {
                let (sc, tc, wc) = (found[0], found[1], found[2]);
                let kind_col = t.col(&cols.kind);
                let dir_col = t.col(&cols.directed);
                let since_col = t.col(&cols.since);
                let until_col = t.col(&cols.until);
                let conf_col = t.col(&cols.confidence);
                let note_col = t.col(&cols.note);
                let sources_col = t.col(&cols.sources);
                let known: BTreeSet<ActorId> = actors.iter().map(|a| a.id.clone()).collect();
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
                            .hint("quote fields that contain commas: \"a, b\""),
                        );
                    }
                    let endpoint = |col: usize, what: &str, diags: &mut Vec<Diagnostic>| match cell(
                        r,
                        Some(col),
                    ) {
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
                    let from = endpoint(sc, "source", &mut diags);
                    let to = endpoint(tc, "target", &mut diags);
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
                        RelationKind::parse(c.text.trim())
                            .ok_or_else(|| vocab_error::<RelationKind>(c, "E083"))
                    });
                    let directed = cell(r, dir_col).map(|c| {
                        parse_bool(&c.text).ok_or_else(|| {
                            Diagnostic::error(
                                "E084",
                                format!("`{}` is not true or false", c.text.trim()),
                            )
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
                        Confidence::parse(c.text.trim())
                            .ok_or_else(|| vocab_error::<Confidence>(c, "E086"))
                    });
                    let kind = take(kind, &mut diags);
                    let directed = take(directed, &mut diags);
                    let since = take(since, &mut diags);
                    let until = take(until, &mut diags);
                    let confidence = take(confidence, &mut diags);
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
                    for id in [&from_id, &to_id] {
                        if !known.contains(id) && seen_implied.insert(id.clone()) {
                            implied.push(id.clone());
                        }
                    }
                    relations.push(Relation {
                        from: from_id,
                        to: to_id,
                        kind: kind.unwrap_or_else(|| RelationKind::default_for_weight(w)),
                        weight: w,
                        directed: directed.unwrap_or(false),
                        since,
                        until,
                        confidence: confidence.unwrap_or_default(),
                        sources: cell(r, sources_col)
                            .map(|c| {
                                c.text
                                    .split('|')
                                    .map(|s| s.trim().to_string())
                                    .filter(|s| !s.is_empty())
                                    .collect()
                            })
                            .unwrap_or_default(),
                        note: cell(r, note_col).map(|c| c.text.clone()),
                    });
                    relation_spans.push(sp);
                }
            }
        }
    }
    // Actors only edges name: created from their ids.
    for id in implied {
        let sp = relation_spans
            .iter()
            .zip(&relations)
            .find(|(_, r)| r.from == id || r.to == id)
            .map(|(s, r)| {
                let mut s2 = ItemSpans::new(if r.from == id {
                    s.get("from")
                } else {
                    s.get("to")
                });
                s2.set("id", s2.whole);
                s2
            })
            .unwrap_or_else(super::interchange::no_spans);
        actors.push(Actor::new(id.0.clone(), id.0, ActorKind::Other));
        actor_spans.push(sp);
    }
    let parts = Parts {
        name: input.graph_name.to_string(),
        description: String::new(),
        actors,
        relations,
        events: Vec::new(),
        spans: Some(DocumentSpans {
            actors: actor_spans,
            relations: relation_spans,
            events: Vec::new(),
        }),
    };
    // Validate what could be read even when some cells could not, so that every problem
    // (bad cells, and duplicates, self-relations, signs) is reported in one pass.
    let built = parts.build();
    match built {
        Ok(imported) if !diags.iter().any(Diagnostic::is_error) => Ok(imported),
        Ok(_) => Err(split(input, nodes_offset, diags)),
        Err(mut more) => {
            diags.append(&mut more);
            diags.sort_by_key(|d| d.span.map_or(usize::MAX, |s| s.start));
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
            file: input.edges_name.to_string(),
            source: input.edges.to_string(),
            diagnostics: edges,
        });
    }
    if let Some((name, src)) = input.nodes
        && !nodes.is_empty()
    {
        files.push(FileDiagnostics {
            file: name.to_string(),
            source: src.to_string(),
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
        let c = &recs[2].cells[1];
        assert_eq!(&src[c.span.start..c.span.end], "2");
        assert!(parse("a,\"open").is_err());
    }

    #[test]
    fn fields_round_trip_through_quoting() {
        for s in ["plain", "a,b", "q\"q", "line\nbreak", " padded "] {
            let recs = parse(&format!("{}\n", field(s))).unwrap();
            assert_eq!(recs[0].cells[0].text, s);
        }
    }
}
