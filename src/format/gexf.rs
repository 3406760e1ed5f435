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

// A diagnostic is made once per problem in bad input, never on a hot path: its size in
// `Result` does not matter.
#![allow(clippy::result_large_err)]

use super::interchange::{
    Imported, Parts, ReadItems, actor_fields, actor_from, relation_fields, relation_from,
};
use super::output::Pieces;
use super::xml::{Element, escape};
use crate::diagnostic::Diagnostic;
use crate::model::{Actor, ActorGraph, Relation};
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
    Pieces::whole(|s| write(g, s))
}

/// Writes the graph as in [`to_string`], a piece at a time (the whole text is never held).
pub fn write_to(g: &ActorGraph, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    Pieces::write(w, |s| write(g, s))
}

fn write(g: &ActorGraph, s: &mut Pieces) -> std::io::Result<()> {
    s.push_str(
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
        s.item_done()?;
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
        s.item_done()?;
    }
    s.push_str("    </edges>\n  </graph>\n</gexf>\n");
    Ok(())
}

fn error(el: &Element, msg: impl Into<String>) -> Diagnostic {
    Diagnostic::error("E092", msg.into()).at(el.span(), "here")
}

/// Class → attribute id → title (an attribute without a title is its id), from the
/// graph's `<attributes>` declarations.
type Titles = BTreeMap<String, BTreeMap<String, String>>;

fn titles(graph: &Element) -> Titles {
    let mut titles = Titles::new();
    for decl in graph.children_named("attributes") {
        let class = decl.attr("class").unwrap_or("node").to_string();
        for a in decl.children_named("attribute") {
            if let Some(id) = a.attr("id") {
                let title = a.attr("title").unwrap_or(id).to_string();
                titles
                    .entry(class.clone())
                    .or_default()
                    .insert(id.to_string(), title);
            }
        }
    }
    titles
}

/// An element's attribute values by title.
fn values(el: &Element, class: &str, titles: &Titles) -> BTreeMap<String, String> {
    el.child("attvalues")
        .map(|av| {
            av.children_named("attvalue")
                .filter_map(|v| {
                    let key = v.attr("for").or_else(|| v.attr("id"))?;
                    let title = titles
                        .get(class)
                        .and_then(|t| t.get(key))
                        .map_or(key, String::as_str);
                    Some((title.to_string(), v.attr("value")?.to_string()))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn actor(n: &Element, titles: &Titles) -> Result<Actor, Diagnostic> {
    let Some(id) = n.attr("id") else {
        return Err(error(n, "a <node> without an id"));
    };
    let mut v = values(n, "node", titles);
    if let Some(l) = n.attr("label") {
        v.entry("name".into()).or_insert_with(|| l.to_string());
    }
    actor_from(id, &|f| v.get(f).cloned()).map_err(|e| error(n, e))
}

fn relation(e: &Element, titles: &Titles, graph: &Element) -> Result<Relation, Diagnostic> {
    let (Some(from), Some(to)) = (e.attr("source"), e.attr("target")) else {
        return Err(error(e, "an <edge> without a source or a target"));
    };
    let mut v = values(e, "edge", titles);
    // GEXF's default weight is 1.
    let weight = e.attr("weight").unwrap_or("1");
    v.entry("weight".into())
        .or_insert_with(|| weight.to_string());
    for (attr, field) in [("start", "since"), ("end", "until")] {
        if let Some(d) = e.attr(attr) {
            v.entry(field.into()).or_insert_with(|| d.to_string());
        }
    }
    // Without entente's `directed` attribute, the edge's type, else the graph's (GEXF's
    // default edge type is undirected; NetworkX writes `directed` for a `DiGraph`).
    let default_type = graph.attr("defaultedgetype").unwrap_or("undirected");
    let directed = match e.attr("type").unwrap_or(default_type) {
        "directed" => "true",
        _ => "false",
    };
    v.entry("directed".into())
        .or_insert_with(|| directed.into());
    relation_from(from, to, &|f| v.get(f).cloned()).map_err(|msg| error(e, msg))
}

/// The document, and the nodes and edges of its graph, read as each one closes.
struct Read {
    root: Element,
    /// The titles the nodes and edges were read with: those declared before them.
    titles: Option<Titles>,
    items: ReadItems,
}

/// Reads the document, taking the nodes of the first `<nodes>` and the edges of the first
/// `<edges>` of the root's first `<graph>` as they close (so a large file is never held as
/// a tree), with `titles` if given, else with the attributes declared before them.
fn read(src: &str, titles: Option<Titles>) -> Result<Read, Diagnostic> {
    let mut titles = titles;
    let mut items = ReadItems::default();
    let root = super::xml::parse_with(src, &mut |open, el| {
        let [_, root, graph, list] = open else {
            return Some(el);
        };
        if root.name != "gexf"
            || graph.name != "graph"
            || root.child("graph").is_some()
            || graph.child(&list.name).is_some()
        {
            return Some(el);
        }
        match (list.name.as_str(), el.name.as_str()) {
            ("nodes", "node") => {
                let titles = titles.get_or_insert_with(|| self::titles(graph));
                items.actor(actor(&el, titles));
            }
            ("edges", "edge") => {
                let titles = titles.get_or_insert_with(|| self::titles(graph));
                items.relation(relation(&el, titles, graph));
            }
            _ => return Some(el),
        }
        None
    })?;
    Ok(Read {
        root,
        titles,
        items,
    })
}

/// Reads a GEXF (1.2 or 1.3) document.
pub fn from_str(src: &str) -> Result<Imported, Vec<Diagnostic>> {
    let mut read = read(src, None).map_err(|d| vec![d])?;
    let all_titles = read.root.child("graph").map(titles);
    // Attributes declared after the nodes or edges (GEXF puts them first; a tool may not)
    // name their values too: read them again knowing every declaration.
    if let (Some(used), Some(all)) = (&read.titles, &all_titles)
        && used != all
    {
        read = self::read(src, all_titles).map_err(|d| vec![d])?;
    }
    let root = &read.root;
    if root.name != "gexf" {
        return Err(vec![error(
            root,
            format!("expected <gexf>, found <{}>", root.name),
        )]);
    }
    if root.child("graph").is_none() {
        return Err(vec![error(root, "no <graph> element")]);
    }
    let meta = root.child("meta");
    let meta_text = |n: &str| meta.and_then(|m| m.child(n)).map(|e| e.text.clone());
    let parts = Parts {
        name: meta_text("title").unwrap_or_default(),
        description: meta_text("description").unwrap_or_default(),
        ..Parts::default()
    };
    drop(read.root);
    read.items.build(parts, Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIGRAPH: &str = include_str!("../../tests/fixtures/networkx/digraph.gexf");

    /// Nodes and edges are read as they close, with the attributes declared so far;
    /// attributes declared after them (not GEXF, but a tool may write it) still name their
    /// values.
    #[test]
    fn attributes_declared_after_the_nodes_still_name_their_values() {
        let start = DIGRAPH.find("    <attributes").unwrap();
        let end = DIGRAPH.find("    <nodes>").unwrap();
        let declarations = &DIGRAPH[start..end];
        let late = DIGRAPH
            .replace(declarations, "")
            .replace("</edges>", &format!("</edges>\n{declarations}"));
        assert_ne!(late, DIGRAPH);
        for doc in [DIGRAPH, &late] {
            let g = from_str(doc).unwrap().graph;
            let names: Vec<&str> = g.actors().map(|a| a.name.as_str()).collect();
            assert_eq!(names, ["Aze", "Arm", "Rus", "Tur"]);
            assert_eq!(g.relation_count(), 4);
        }
    }

    #[test]
    fn only_the_first_nodes_list_is_read_and_broken_xml_is_the_only_problem() {
        let doc = "<gexf><graph><nodes><node id=\"A\"/></nodes><nodes><node/></nodes>\
                   <edges><edge/></edges></graph></gexf>";
        let errors = from_str(doc).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].message, "an <edge> without a source or a target");
        let broken = from_str(&doc.replace("</gexf>", "")).unwrap_err();
        assert_eq!(broken.len(), 1);
        assert_eq!(broken[0].code, "E080");
    }
}
