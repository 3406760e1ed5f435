//! GraphML (Brandes et al., "GraphML Progress Report", GD 2001; graphml.graphdrawing.org):
//! the XML graph format of yEd, NetworkX, igraph and Cytoscape.
//!
//! Every field is a typed `<key>`: actors' `name`, `kind`, `region`, `tags` and
//! `attributes` (JSON text); relations' `kind`, `weight` (double), `directed` (boolean),
//! `since`, `until`, `confidence`, `sources` (JSON text), `note`; the graph's `name`,
//! `description`, `events`, and an event-built graph's `tallies` and `weighting` (JSON text,
//! as in node-link JSON). The graph is `edgedefault="directed"`, each
//! relation one `<edge>` from `from` to `to`; whether it is mutual is the `directed` data
//! (an edge-level `directed="false"` would make NetworkX refuse the file). Reading accepts
//! GraphML from other tools: keys are matched by `attr.name`, a missing name is the id, a
//! missing kind is `other` (actors) or follows the weight's sign (relations), and an edge
//! without `directed` data is directed as the edge's `directed` attribute or the graph's
//! `edgedefault` says (a NetworkX `DiGraph` gives directed relations, a `Graph` mutual ones).

// A diagnostic is made once per problem in bad input, never on a hot path: its size in
// `Result` does not matter.
#![allow(clippy::result_large_err)]

use super::interchange::{
    Imported, Parts, ReadItems, actor_fields, actor_from, relation_fields, relation_from,
};
use super::output::Pieces;
use super::xml::{Element, escape};
use crate::diagnostic::Diagnostic;
use crate::model::{Actor, ActorGraph, Event, EventWeighting, Relation, Tally};
use std::collections::BTreeMap;
use std::fmt::Write;

const NODE_KEYS: &[(&str, &str)] = &[
    ("name", "string"),
    ("kind", "string"),
    ("region", "string"),
    ("tags", "string"),
    ("attributes", "string"),
    ("part_of", "string"),
];
const EDGE_KEYS: &[(&str, &str)] = &[
    ("kind", "string"),
    ("weight", "double"),
    ("directed", "boolean"),
    ("since", "string"),
    ("until", "string"),
    ("confidence", "string"),
    ("sources", "string"),
    ("note", "string"),
];

/// The graph as a GraphML document.
pub fn to_string(g: &ActorGraph) -> String {
    Pieces::whole(|s| write(g, s))
}

/// Writes the graph as in [`to_string`], a piece at a time (the whole text is never held).
pub fn write_to(g: &ActorGraph, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    Pieces::write(w, |s| write(g, s))
}

fn write(g: &ActorGraph, s: &mut Pieces) -> std::io::Result<()> {
    s.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    for name in [
        "name",
        "description",
        "events",
        "tallies",
        "weighting",
        "layers",
    ] {
        let _ = writeln!(
            s,
            "  <key id=\"g_{name}\" for=\"graph\" attr.name=\"{name}\" attr.type=\"string\"/>"
        );
    }
    for (name, ty) in NODE_KEYS {
        let _ = writeln!(
            s,
            "  <key id=\"n_{name}\" for=\"node\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
        );
    }
    for (name, ty) in EDGE_KEYS {
        let _ = writeln!(
            s,
            "  <key id=\"e_{name}\" for=\"edge\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
        );
    }
    s.push_str("  <graph id=\"G\" edgedefault=\"directed\">\n");
    let _ = writeln!(s, "    <data key=\"g_name\">{}</data>", escape(&g.name));
    if !g.description.is_empty() {
        let _ = writeln!(
            s,
            "    <data key=\"g_description\">{}</data>",
            escape(&g.description)
        );
    }
    if !g.events().is_empty() {
        let events = serde_json::to_string(g.events()).unwrap_or_default();
        let _ = writeln!(s, "    <data key=\"g_events\">{}</data>", escape(&events));
    }
    if !g.tallies().is_empty() {
        let tallies = serde_json::to_string(g.tallies()).unwrap_or_default();
        let _ = writeln!(s, "    <data key=\"g_tallies\">{}</data>", escape(&tallies));
    }
    if let Some(w) = &g.weighting {
        let w = serde_json::to_string(w).unwrap_or_default();
        let _ = writeln!(s, "    <data key=\"g_weighting\">{}</data>", escape(&w));
    }
    if let Some(layers) = super::interchange::layers_text(g) {
        let _ = writeln!(s, "    <data key=\"g_layers\">{}</data>", escape(&layers));
    }
    for a in g.actors() {
        let _ = write!(s, "    <node id=\"{}\">", escape(a.id.as_str()));
        for (k, v) in actor_fields(a) {
            let _ = write!(s, "<data key=\"n_{k}\">{}</data>", escape(&v));
        }
        s.push_str("</node>\n");
        s.item_done()?;
    }
    for (i, r) in g.relations().enumerate() {
        let _ = write!(
            s,
            "    <edge id=\"e{i}\" source=\"{}\" target=\"{}\">",
            escape(r.from.as_str()),
            escape(r.to.as_str())
        );
        for (k, v) in relation_fields(r) {
            let _ = write!(s, "<data key=\"e_{k}\">{}</data>", escape(&v));
        }
        s.push_str("</edge>\n");
        s.item_done()?;
    }
    s.push_str("  </graph>\n</graphml>\n");
    Ok(())
}

fn error(el: &Element, msg: impl Into<String>) -> Diagnostic {
    Diagnostic::error("E091", msg.into()).at(el.span(), "here")
}

/// Key id → attribute name (a key without a name is its id), from the `<key>`
/// declarations among the root's children.
fn key_names(root: &Element) -> BTreeMap<String, String> {
    let mut keys = BTreeMap::new();
    for k in root.children_named("key") {
        if let Some(id) = k.attr("id") {
            keys.insert(
                id.to_string(),
                k.attr("attr.name").unwrap_or(id).to_string(),
            );
        }
    }
    keys
}

/// An element's `<data>` children by attribute name.
fn data(el: &Element, keys: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    el.children_named("data")
        .filter_map(|d| {
            let key = d.attr("key")?;
            let name = keys.get(key).map_or(key, String::as_str);
            Some((name.to_string(), d.text.clone()))
        })
        .collect()
}

fn actor(n: &Element, keys: &BTreeMap<String, String>) -> Result<Actor, Diagnostic> {
    let Some(id) = n.attr("id") else {
        return Err(error(n, "a <node> without an id"));
    };
    let d = data(n, keys);
    actor_from(id, &|f| d.get(f).cloned()).map_err(|e| error(n, e))
}

/// A file that does not say whether an edge is mutual (NetworkX, yEd) says it with the
/// edge's `directed` attribute or the graph's `edgedefault` (GraphML's default: directed).
fn relation(
    e: &Element,
    keys: &BTreeMap<String, String>,
    graph: &Element,
) -> Result<Relation, Diagnostic> {
    let (Some(from), Some(to)) = (e.attr("source"), e.attr("target")) else {
        return Err(error(e, "an <edge> without a source or a target"));
    };
    let mut d = data(e, keys);
    if !d.contains_key("directed") {
        let directed_default = graph.attr("edgedefault").unwrap_or("directed") == "directed";
        let directed = e.attr("directed").map_or(directed_default, |v| v == "true");
        d.insert("directed".into(), directed.to_string());
    }
    relation_from(from, to, &|f| d.get(f).cloned()).map_err(|msg| error(e, msg))
}

/// The document, and the nodes and edges of its graph, read as each one closes.
struct Read {
    root: Element,
    /// The key names the nodes and edges were read with: those declared before the graph.
    keys: Option<BTreeMap<String, String>>,
    items: ReadItems,
}

/// Reads the document, taking the nodes and edges of the root's first `<graph>` as they
/// close (so a large file is never held as a tree), with `keys` if given, else with the
/// keys declared before them.
fn read(src: &str, keys: Option<BTreeMap<String, String>>) -> Result<Read, Diagnostic> {
    let mut keys = keys;
    let mut items = ReadItems::default();
    let root = super::xml::parse_with(src, &mut |open, el| {
        let [_, root, graph] = open else {
            return Some(el);
        };
        if root.name != "graphml" || graph.name != "graph" || root.child("graph").is_some() {
            return Some(el);
        }
        let keys = keys.get_or_insert_with(|| key_names(root));
        match el.name.as_str() {
            "node" => items.actor(actor(&el, keys)),
            "edge" => items.relation(relation(&el, keys, graph)),
            _ => return Some(el),
        }
        None
    })?;
    Ok(Read { root, keys, items })
}

/// Reads a GraphML document.
pub fn from_str(src: &str) -> Result<Imported, Vec<Diagnostic>> {
    let mut read = read(src, None).map_err(|d| vec![d])?;
    let keys = key_names(&read.root);
    // A key declared after the graph's nodes and edges (GraphML puts keys first; a tool
    // may not) names their data too: read them again knowing every key.
    if read.keys.as_ref().is_some_and(|used| *used != keys) {
        read = self::read(src, Some(keys.clone())).map_err(|d| vec![d])?;
    }
    let root = &read.root;
    if root.name != "graphml" {
        return Err(vec![error(
            root,
            format!("expected <graphml>, found <{}>", root.name),
        )]);
    }
    let Some(graph) = root.child("graph") else {
        return Err(vec![error(root, "no <graph> element")]);
    };
    let gdata = data(graph, &keys);
    let mut parts = Parts {
        name: gdata.get("name").cloned().unwrap_or_default(),
        description: gdata.get("description").cloned().unwrap_or_default(),
        ..Parts::default()
    };
    let mut errors = Vec::new();
    if let Some(text) = gdata.get("layers") {
        match serde_json::from_str(text)
            .map_err(|e| e.to_string())
            .and_then(super::interchange::layers_from)
        {
            Ok(l) => parts.layers = l,
            Err(e) => errors.push(error(graph, format!("the graph's layers: {e}"))),
        }
    }
    if let Some(ev) = gdata.get("events") {
        match serde_json::from_str::<Vec<Event>>(ev) {
            Ok(e) => parts.events = e,
            Err(e) => errors.push(error(
                graph,
                format!("the graph's events are not valid: {e}"),
            )),
        }
    }
    if let Some(t) = gdata.get("tallies") {
        match serde_json::from_str::<Vec<Tally>>(t) {
            Ok(t) => parts.tallies = t,
            Err(e) => errors.push(error(
                graph,
                format!("the graph's event tallies are not valid: {e}"),
            )),
        }
    }
    if let Some(w) = gdata.get("weighting") {
        match serde_json::from_str::<EventWeighting>(w) {
            Ok(w) => parts.weighting = Some(w),
            Err(e) => errors.push(error(
                graph,
                format!("the graph's event weighting is not valid: {e}"),
            )),
        }
    }
    drop(read.root);
    read.items.build(parts, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIGRAPH: &str = include_str!("../../tests/fixtures/networkx/digraph.graphml");

    fn names_and_weights(g: &ActorGraph) -> (Vec<String>, Vec<f64>) {
        (
            g.actors().map(|a| a.name.clone()).collect(),
            g.relations().map(|r| r.weight).collect(),
        )
    }

    /// Nodes and edges are read as they close, with the keys declared so far; keys declared
    /// after them (not GraphML, but a tool may write it) still name their data.
    #[test]
    fn keys_declared_after_the_graph_still_name_its_data() {
        let keys: String = DIGRAPH.lines().filter(|l| l.contains("<key ")).collect();
        let late = DIGRAPH
            .lines()
            .filter(|l| !l.contains("<key "))
            .collect::<Vec<_>>()
            .join("\n")
            .replace("</graph>", &format!("</graph>{keys}"));
        let expected = from_str(DIGRAPH).unwrap().graph;
        assert_eq!(
            names_and_weights(&expected),
            (
                vec!["Aze".into(), "Arm".into(), "Rus".into(), "Tur".into()],
                vec![-0.8, -0.6, 0.5, 0.9]
            )
        );
        let read = from_str(&late).unwrap().graph;
        assert_eq!(names_and_weights(&read), names_and_weights(&expected));
    }

    #[test]
    fn node_problems_come_before_edge_problems_and_broken_xml_alone() {
        let doc = |tail: &str| {
            format!(
                "<graphml><graph><edge target=\"B\"/><node/><node id=\"A\"/>\
                 <edge source=\"A\" target=\"A\"/></graph>{tail}"
            )
        };
        let errors = from_str(&doc("</graphml>")).unwrap_err();
        let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "a <node> without an id",
                "an <edge> without a source or a target",
                "relation A → A has no weight"
            ]
        );
        // The spans point at each element, not at where the problems were found.
        assert_eq!(errors[0].span.unwrap().start, 34);
        let broken = from_str(&doc("</graph>")).unwrap_err();
        assert_eq!(broken.len(), 1);
        assert_eq!(broken[0].code, "E080");
    }
}
