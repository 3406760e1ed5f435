//! Node-link JSON: the shape of NetworkX's `node_link_data` and of d3-force.
//!
//! `{"directed": true, "multigraph": true, "graph": {...}, "nodes": [...], "links": [...]}`:
//! each node is an actor (`id`, `name`, `kind`, `region`, `tags`, `attributes`), each link a
//! relation (`source`, `target`, `key`, `kind`, `weight`, `directed`, `since`, `until`,
//! `confidence`, `sources`, `note`); the graph object holds `name`, `description` and
//! `events`. Kinds and confidence are written in kebab case (`armed-group`). Read it in
//! NetworkX with `nx.node_link_graph(data, edges="links")` (NetworkX ≥ 3.4 calls the list
//! `edges` by default; d3 calls it `links`). See `docs/interchange.md`.

// A diagnostic is made once per problem in bad input, never on a hot path: its size in
// `Result` does not matter.
#![allow(clippy::result_large_err)]

use super::interchange::{Imported, Parts, relation_from};
use crate::diagnostic::Diagnostic;
use crate::model::{Actor, ActorGraph, AttrValue, Event, EventWeighting, Relation, Tally};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The graph as node-link JSON (pretty, with a trailing newline).
pub fn to_string(g: &ActorGraph) -> String {
    let mut s = serde_json::to_string_pretty(&Document(g)).unwrap_or_default();
    s.push('\n');
    s
}

/// Writes the graph as in [`to_string`], as it is serialized (through a buffered writer: the
/// serializer writes small pieces).
pub fn write_to(g: &ActorGraph, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, &Document(g))?;
    w.write_all(b"\n")
}

/// The document, written as it is serialized: a node or link is a JSON value only while it
/// is written (the whole graph as values would take 2.5 GB at a million relations).
struct Document<'a>(&'a ActorGraph);

impl Serialize for Document<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let g = self.0;
        // Keys in a `serde_json::Map`'s order (sorted), as the file has always been written.
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry("directed", &true)?;
        m.serialize_entry("graph", &graph_value(g))?;
        m.serialize_entry(
            "links",
            &Listed(|| g.relations().enumerate().map(link_value)),
        )?;
        m.serialize_entry("multigraph", &true)?;
        m.serialize_entry("nodes", &Listed(|| g.actors().map(node_value)))?;
        m.end()
    }
}

/// A list serialized from the values its iterator makes, one at a time.
struct Listed<F>(F);

impl<F, I> Serialize for Listed<F>
where
    F: Fn() -> I,
    I: Iterator<Item = Value>,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

fn node_value(a: &Actor) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(a.id.as_str()));
    m.insert("name".into(), json!(a.name));
    m.insert("kind".into(), json!(a.kind.kebab_name()));
    if let Some(r) = &a.region {
        m.insert("region".into(), json!(r));
    }
    if !a.tags.is_empty() {
        m.insert("tags".into(), json!(a.tags));
    }
    if !a.attributes.is_empty() {
        m.insert("attributes".into(), json!(a.attributes));
    }
    if let Some(p) = &a.part_of {
        m.insert("part_of".into(), json!(p.as_str()));
    }
    Value::Object(m)
}

fn link_value((i, r): (usize, &Relation)) -> Value {
    let mut m = Map::new();
    m.insert("source".into(), json!(r.from.as_str()));
    m.insert("target".into(), json!(r.to.as_str()));
    m.insert("key".into(), json!(i));
    m.insert("kind".into(), json!(r.kind.kebab_name()));
    m.insert("weight".into(), json!(r.weight));
    m.insert("directed".into(), json!(r.directed));
    if let Some(d) = r.since {
        m.insert("since".into(), json!(d.to_string()));
    }
    if let Some(d) = r.until {
        m.insert("until".into(), json!(d.to_string()));
    }
    m.insert("confidence".into(), json!(r.confidence.kebab_name()));
    if !r.sources().is_empty() {
        m.insert("sources".into(), json!(r.sources()));
    }
    if let Some(n) = r.note() {
        m.insert("note".into(), json!(n));
    }
    Value::Object(m)
}

fn graph_value(g: &ActorGraph) -> Value {
    let mut graph = Map::new();
    graph.insert("name".into(), json!(g.name));
    if !g.description.is_empty() {
        graph.insert("description".into(), json!(g.description));
    }
    if !g.events().is_empty() {
        graph.insert("events".into(), json!(g.events()));
    }
    if !g.tallies().is_empty() {
        graph.insert("tallies".into(), json!(g.tallies()));
    }
    if let Some(w) = &g.weighting {
        graph.insert("weighting".into(), json!(w));
    }
    if !g.layers.is_default() {
        let m: BTreeMap<&str, &str> = g.layers.named_overrides().collect();
        graph.insert("layers".into(), json!(m));
    }
    Value::Object(graph)
}

#[derive(Deserialize)]
struct Doc {
    /// NetworkX's flag: a `DiGraph` has directed edges, a `Graph` mutual ones. A link's own
    /// `directed` field wins.
    #[serde(default)]
    directed: bool,
    #[serde(default)]
    graph: GraphPart,
    nodes: Vec<NodePart>,
    #[serde(alias = "edges")]
    links: Vec<Link>,
}

/// A link, made into its relation as soon as it is read: a file's links are never held as
/// JSON values (a million links would take a gigabyte).
struct Link {
    /// A problem is boxed: the list holds a relation's worth per link.
    relation: Result<Relation, Box<Diagnostic>>,
    /// Whether the link has a `directed` field. Without one, the document's `directed`
    /// decides, once it is known (it may come after the links).
    says_directed: bool,
}

impl<'de> Deserialize<'de> for Link {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Link, D::Error> {
        let l = Map::<String, Value>::deserialize(d)?;
        Ok(Link {
            relation: link_relation(&l).map_err(Box::new),
            says_directed: l.contains_key("directed"),
        })
    }
}

fn link_relation(l: &Map<String, Value>) -> Result<Relation, Diagnostic> {
    let field = |f: &str| -> Option<String> {
        match l.get(f) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(v @ (Value::Array(_) | Value::Object(_))) => Some(v.to_string()),
            Some(other) => Some(other.to_string()),
        }
    };
    let (Some(from), Some(to)) = (l.get("source"), l.get("target")) else {
        return Err(Diagnostic::error(
            "E093",
            "a link without a source or a target",
        ));
    };
    let (from, to) = match (id_text(from), id_text(to)) {
        (Ok(f), Ok(t)) => (f, t),
        (Err(e), _) | (_, Err(e)) => {
            return Err(Diagnostic::error("E093", format!("a link's end: {e}")));
        }
    };
    relation_from(&from, &to, &field).map_err(|e| Diagnostic::error("E093", e))
}

#[derive(Deserialize, Default)]
struct GraphPart {
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    events: Vec<Event>,
    #[serde(default)]
    tallies: Vec<Tally>,
    weighting: Option<EventWeighting>,
    #[serde(default)]
    layers: BTreeMap<String, String>,
}

#[derive(Deserialize, Serialize)]
struct NodePart {
    id: Value,
    name: Option<String>,
    kind: Option<String>,
    region: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    attributes: BTreeMap<String, AttrValue>,
    part_of: Option<String>,
}

/// A node id or a link end: a string, or a number as NetworkX writes integer nodes (`3`).
/// `null`, booleans, lists and objects are not ids.
fn id_text(v: &Value) -> Result<String, String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(format!(
            "{other} is not an id: ids are strings (or numbers, read as their digits)"
        )),
    }
}

/// A serde_json error located in `src`, which starts `base` bytes into the file.
fn located(src: &str, base: usize, e: &serde_json::Error) -> Diagnostic {
    // serde_json gives 1-based line and column; turn them into a byte offset.
    let offset: usize = base
        + src
            .split_inclusive('\n')
            .take(e.line().saturating_sub(1))
            .map(str::len)
            .sum::<usize>()
        + e.column().saturating_sub(1);
    Diagnostic::error("E093", format!("not node-link JSON: {e}"))
        .at(Some(crate::diagnostic::Span::new(offset, offset + 1)), "here")
        .hint("expected {\"nodes\": [{\"id\": ...}], \"links\": [{\"source\": ..., \"target\": ..., \"weight\": ...}]}")
}

/// Reads node-link JSON (`links` or `edges`).
pub fn from_str(src: &str) -> Result<Imported, Vec<Diagnostic>> {
    // A byte order mark, as some editors write, is not JSON but is no reason to refuse a file.
    let (body, base) = match src.strip_prefix('\u{feff}') {
        Some(b) => (b, src.len() - b.len()),
        None => (src, 0),
    };
    let doc: Doc = serde_json::from_str(body).map_err(|e| vec![located(body, base, &e)])?;
    let mut parts = Parts {
        name: doc.graph.name,
        description: doc.graph.description,
        events: doc.graph.events,
        ..Parts::default()
    };
    let mut errors = Vec::new();
    match super::interchange::layers_from(doc.graph.layers) {
        Ok(l) => parts.layers = l,
        Err(e) => errors.push(Diagnostic::error("E093", e)),
    }
    for n in doc.nodes {
        let id = match id_text(&n.id) {
            Ok(id) => id,
            Err(e) => {
                errors.push(Diagnostic::error("E093", format!("a node's id: {e}")));
                continue;
            }
        };
        let kind = match n.kind.as_deref().map(str::parse) {
            None => crate::model::ActorKind::Other,
            Some(Ok(k)) => k,
            Some(Err(e)) => {
                errors.push(Diagnostic::error("E093", format!("actor `{id}`: {e}")));
                continue;
            }
        };
        let mut a = Actor::new(id.clone(), n.name.unwrap_or(id), kind);
        a.region = n.region;
        a.tags = n.tags;
        a.attributes = n.attributes;
        a.part_of = n.part_of.map(crate::model::ActorId::from);
        parts.actors.push(a);
    }
    for link in doc.links {
        match link.relation {
            Ok(mut r) => {
                if !link.says_directed {
                    r.directed = doc.directed;
                }
                parts.relations.push(r);
            }
            Err(e) => errors.push(*e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    parts.tallies = doc.graph.tallies;
    parts.weighting = doc.graph.weighting;
    let imported = parts.build()?;
    Ok(imported)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Confidence;

    /// Links are made into relations as they are read; a document's `directed` written
    /// after them still decides for the links that do not say.
    #[test]
    fn the_documents_directed_flag_may_come_after_the_links() {
        let doc = |directed: &str| {
            format!(
                r#"{{"nodes": [{{"id": "A"}}, {{"id": "B"}}],
                    "links": [{{"source": "A", "target": "B", "weight": -0.5}},
                              {{"source": "B", "target": "A", "weight": 0.5, "directed": false}}],
                    "directed": {directed}}}"#
            )
        };
        for directed in [true, false] {
            let g = from_str(&doc(&directed.to_string())).unwrap().graph;
            let flags: Vec<bool> = g.relations().map(|r| r.directed).collect();
            assert_eq!(flags, [directed, false]);
        }
    }

    /// Events' confidence is kebab case like the links'; files written with the RON
    /// spelling still load.
    #[test]
    fn event_confidence_is_kebab_case_and_either_spelling_reads() {
        let g = crate::format::builtin().graph;
        let out = to_string(&g);
        let v: Value = serde_json::from_str(&out).unwrap();
        let first = &v["graph"]["events"][0];
        let expected = g.events()[0].confidence.kebab_name();
        assert_eq!(first["confidence"], json!(expected));
        assert!(!out.contains("\"Confirmed\""));

        let old = r#"{"graph": {"name": "g", "events": [
            {"date": "2025-06", "actors": ["A"], "kind": "raid", "score": -7.0,
             "confidence": "ProbablyTrue", "summary": "old spelling"},
            {"date": "2025-07", "actors": ["A"], "kind": "raid", "score": -7.0,
             "confidence": "probably-true", "summary": "new spelling"}]},
            "nodes": [{"id": "A"}], "links": []}"#;
        let imported = from_str(old).unwrap();
        let events = imported.graph.events();
        assert_eq!(events.len(), 2);
        assert!(
            events
                .iter()
                .all(|e| e.confidence == Confidence::ProbablyTrue)
        );

        let bad = old.replace("\"ProbablyTrue\"", "\"Sure\"");
        let Err(errors) = from_str(&bad) else {
            panic!("an unknown confidence is an error")
        };
        assert!(
            errors[0]
                .message
                .contains("unknown confidence level: `Sure`")
        );
    }
}
