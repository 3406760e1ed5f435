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

use super::interchange::{
    Imported, Parts, actor_fields, actor_from, relation_fields, relation_from,
};
use super::xml::{Element, escape, parse};
use crate::diagnostic::Diagnostic;
use crate::model::{ActorGraph, Event, EventWeighting, Tally};
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
    let mut s = String::from(
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
    }
    s.push_str("  </graph>\n</graphml>\n");
    s
}

fn error(el: &Element, msg: impl Into<String>) -> Diagnostic {
    Diagnostic::error("E091", msg.into()).at(el.span(), "here")
}

/// Reads a GraphML document.
pub fn from_str(src: &str) -> Result<Imported, Vec<Diagnostic>> {
    let root = parse(src).map_err(|d| vec![d])?;
    if root.name != "graphml" {
        return Err(vec![error(
            &root,
            format!("expected <graphml>, found <{}>", root.name),
        )]);
    }
    // key id → (domain, attribute name)
    let mut keys: BTreeMap<String, (String, String)> = BTreeMap::new();
    for k in root.children_named("key") {
        if let Some(id) = k.attr("id") {
            let name = k.attr("attr.name").unwrap_or(id).to_string();
            keys.insert(id.into(), (k.attr("for").unwrap_or("all").into(), name));
        }
    }
    let Some(graph) = root.child("graph") else {
        return Err(vec![error(&root, "no <graph> element")]);
    };
    let data = |el: &Element| -> BTreeMap<String, String> {
        el.children_named("data")
            .filter_map(|d| {
                let key = d.attr("key")?;
                let name = keys.get(key).map_or(key, |(_, n)| n.as_str());
                Some((name.to_string(), d.text.clone()))
            })
            .collect()
    };
    let gdata = data(graph);
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
    for n in graph.children_named("node") {
        let Some(id) = n.attr("id") else {
            errors.push(error(n, "a <node> without an id"));
            continue;
        };
        let d = data(n);
        match actor_from(id, &|f| d.get(f).cloned()) {
            Ok(a) => parts.actors.push(a),
            Err(e) => errors.push(error(n, e)),
        }
    }
    // A file that does not say whether an edge is mutual (NetworkX, yEd) says it with the
    // edge's `directed` attribute or the graph's `edgedefault` (GraphML's default: directed).
    let directed_default = graph.attr("edgedefault").unwrap_or("directed") == "directed";
    for e in graph.children_named("edge") {
        let (Some(from), Some(to)) = (e.attr("source"), e.attr("target")) else {
            errors.push(error(e, "an <edge> without a source or a target"));
            continue;
        };
        let mut d = data(e);
        if !d.contains_key("directed") {
            let directed = e.attr("directed").map_or(directed_default, |v| v == "true");
            d.insert("directed".into(), directed.to_string());
        }
        match relation_from(from, to, &|f| d.get(f).cloned()) {
            Ok(r) => parts.relations.push(r),
            Err(msg) => errors.push(error(e, msg)),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    parts.build()
}
