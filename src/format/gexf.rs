//! GEXF 1.3 (gexf.net), the format of Gephi.
//!
//! Actors are nodes labelled by name with attributes `kind`, `region`, `tags` and
//! `attributes` (JSON text); relations are edges with their `weight` and attributes `kind`,
//! `directed` (boolean), `confidence`, `sources` (JSON text), `note`, `since` and `until`.
//! The graph is `mode="dynamic"` with `timeformat="date"`, and a relation's dates are also
//! its `start`/`end` (GEXF wants full dates: a partial `since` is its first day, a partial
//! `until` its last), so Gephi's timeline shows relations appearing and ending; the exact
//! dates, at their precision, are kept in the `since`/`until` attributes for the way back.
//! Every edge is directed `from → to` (Gephi's `mutual` type would make NetworkX read
//! two edges); mutual relations have `directed = false`. A file without that attribute (from
//! NetworkX or Gephi) is read by the edge's `type` or the graph's `defaultedgetype`: a
//! `DiGraph` gives directed relations. GEXF has no place for graph-level
//! data, so **events are not exported** (use GraphML or JSON for them).

use super::interchange::{
    Imported, Parts, actor_fields, actor_from, relation_fields, relation_from,
};
use super::xml::{Element, escape, parse};
use crate::diagnostic::Diagnostic;
use crate::model::ActorGraph;
use std::collections::BTreeMap;
use std::fmt::Write;

const NODE_ATTRS: &[&str] = &["kind", "region", "tags", "attributes", "part_of"];
const EDGE_ATTRS: &[(&str, &str)] = &[
    ("kind", "string"),
    ("directed", "boolean"),
    ("confidence", "string"),
    ("since", "string"),
    ("until", "string"),
    ("sources", "string"),
    ("note", "string"),
];

fn ymd((y, m, d): (i32, u8, u8)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

/// The graph as a GEXF 1.3 document.
pub fn to_string(g: &ActorGraph) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gexf xmlns=\"http://gexf.net/1.3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n",
    );
    let _ = writeln!(
        s,
        "  <meta>\n    <creator>entente {}</creator>\n    <title>{}</title>\n    <description>{}</description>\n  </meta>",
        env!("CARGO_PKG_VERSION"),
        escape(&g.name),
        escape(&g.description)
    );
    s.push_str("  <graph defaultedgetype=\"directed\" mode=\"dynamic\" timeformat=\"date\">\n");
    s.push_str("    <attributes class=\"node\" mode=\"static\">\n");
    for a in NODE_ATTRS {
        let _ = writeln!(
            s,
            "      <attribute id=\"{a}\" title=\"{a}\" type=\"string\"/>"
        );
    }
    s.push_str("    </attributes>\n    <attributes class=\"edge\" mode=\"static\">\n");
    for (a, ty) in EDGE_ATTRS {
        let _ = writeln!(
            s,
            "      <attribute id=\"{a}\" title=\"{a}\" type=\"{ty}\"/>"
        );
    }
    s.push_str("    </attributes>\n    <nodes>\n");
    for a in g.actors() {
        let fields = actor_fields(a);
        let _ = write!(
            s,
            "      <node id=\"{}\" label=\"{}\"><attvalues>",
            escape(a.id.as_str()),
            escape(&a.name)
        );
        for (k, v) in fields.iter().filter(|(k, _)| *k != "name") {
            let _ = write!(s, "<attvalue for=\"{k}\" value=\"{}\"/>", escape(v));
        }
        s.push_str("</attvalues></node>\n");
    }
    s.push_str("    </nodes>\n    <edges>\n");
    for (i, r) in g.relations().enumerate() {
        let _ = write!(
            s,
            "      <edge id=\"{i}\" source=\"{}\" target=\"{}\" weight=\"{}\"",
            escape(r.from.as_str()),
            escape(r.to.as_str()),
            super::ron::number(r.weight)
        );
        if let Some(d) = r.since {
            let _ = write!(s, " start=\"{}\"", ymd(d.first_day()));
        }
        if let Some(d) = r.until {
            let _ = write!(s, " end=\"{}\"", ymd(d.last_day()));
        }
        s.push_str("><attvalues>");
        for (k, v) in relation_fields(r).iter().filter(|(k, _)| *k != "weight") {
            let _ = write!(s, "<attvalue for=\"{k}\" value=\"{}\"/>", escape(v));
        }
        s.push_str("</attvalues></edge>\n");
    }
    s.push_str("    </edges>\n  </graph>\n</gexf>\n");
    s
}

fn error(el: &Element, msg: impl Into<String>) -> Diagnostic {
    Diagnostic::error("E092", msg.into()).at(el.span(), "here")
}

/// Reads a GEXF (1.2 or 1.3) document.
pub fn from_str(src: &str) -> Result<Imported, Vec<Diagnostic>> {
    let root = parse(src).map_err(|d| vec![d])?;
    if root.name != "gexf" {
        return Err(vec![error(
            &root,
            format!("expected <gexf>, found <{}>", root.name),
        )]);
    }
    let Some(graph) = root.child("graph") else {
        return Err(vec![error(&root, "no <graph> element")]);
    };
    let meta = root.child("meta");
    let meta_text = |n: &str| meta.and_then(|m| m.child(n)).map(|e| e.text.clone());
    // attribute id → title, per class
    let mut titles: BTreeMap<(String, String), String> = BTreeMap::new();
    for decl in graph.children_named("attributes") {
        let class = decl.attr("class").unwrap_or("node").to_string();
        for a in decl.children_named("attribute") {
            if let Some(id) = a.attr("id") {
                let title = a.attr("title").unwrap_or(id).to_string();
                titles.insert((class.clone(), id.to_string()), title);
            }
        }
    }
    let values = |el: &Element, class: &str| -> BTreeMap<String, String> {
        el.child("attvalues")
            .map(|av| {
                av.children_named("attvalue")
                    .filter_map(|v| {
                        let key = v.attr("for").or_else(|| v.attr("id"))?;
                        let title = titles
                            .get(&(class.to_string(), key.to_string()))
                            .map_or(key, |t| t.as_str());
                        Some((title.to_string(), v.attr("value")?.to_string()))
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut parts = Parts {
        name: meta_text("title").unwrap_or_default(),
        description: meta_text("description").unwrap_or_default(),
        ..Parts::default()
    };
    let mut errors = Vec::new();
    let nodes = graph.child("nodes");
    for n in nodes.iter().flat_map(|n| n.children_named("node")) {
        let Some(id) = n.attr("id") else {
            errors.push(error(n, "a <node> without an id"));
            continue;
        };
        let mut v = values(n, "node");
        if let Some(l) = n.attr("label") {
            v.entry("name".into()).or_insert_with(|| l.to_string());
        }
        match actor_from(id, &|f| v.get(f).cloned()) {
            Ok(a) => parts.actors.push(a),
            Err(e) => errors.push(error(n, e)),
        }
    }
    // GEXF's default edge type is undirected; NetworkX writes `directed` for a `DiGraph`.
    let default_type = graph.attr("defaultedgetype").unwrap_or("undirected");
    let edges = graph.child("edges");
    for e in edges.iter().flat_map(|e| e.children_named("edge")) {
        let (Some(from), Some(to)) = (e.attr("source"), e.attr("target")) else {
            errors.push(error(e, "an <edge> without a source or a target"));
            continue;
        };
        let mut v = values(e, "edge");
        if let Some(w) = e.attr("weight") {
            v.entry("weight".into()).or_insert_with(|| w.to_string());
        } else {
            // GEXF's default weight.
            v.entry("weight".into()).or_insert_with(|| "1".into());
        }
        for (attr, field) in [("start", "since"), ("end", "until")] {
            if let Some(d) = e.attr(attr) {
                v.entry(field.into()).or_insert_with(|| d.to_string());
            }
        }
        // Without entente's `directed` attribute, the edge's type, else the graph's.
        let directed = match e.attr("type").unwrap_or(default_type) {
            "directed" => "true",
            _ => "false",
        };
        v.entry("directed".into())
            .or_insert_with(|| directed.into());
        match relation_from(from, to, &|f| v.get(f).cloned()) {
            Ok(r) => parts.relations.push(r),
            Err(msg) => errors.push(error(e, msg)),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    parts.build()
}
