//! RON → GEXF / GraphML / node-link JSON → RON keeps every field (property tests), and CSV
//! exports read back through the CSV import.

mod support;

use entente::format::csv::{self, CsvColumns, CsvFile, CsvInput};
use entente::format::{gexf, graphml, json};
use entente::model::{ActorGraph, ActorId};
use proptest::prelude::*;

/// Quotes, backslashes, newlines, colons, angle brackets, ampersands and non-ASCII.
const TEXT: &str = "[a-zA-Z0-9 \"\\\\\n\t:<>{}(),üşəğ–&']{0,12}";

/// Actor ids with characters XML and JSON must escape.
fn awkward_id(i: usize) -> ActorId {
    ActorId::from(format!(
        "A{i}{}",
        ["", "&<>", "\"q\"", "ü:x", "b\\s"][i % 5]
    ))
}

fn graph() -> impl Strategy<Value = ActorGraph> {
    support::graphs::graph(TEXT, awkward_id)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn graphml_round_trip_keeps_every_field(g in graph()) {
        let back = graphml::from_str(&graphml::to_string(&g)).map_err(|d| TestCaseError::fail(format!("{d:?}")))?;
        prop_assert_eq!(back.graph, g);
    }

    #[test]
    fn json_round_trip_keeps_every_field(g in graph()) {
        let back = json::from_str(&json::to_string(&g)).map_err(|d| TestCaseError::fail(format!("{d:?}")))?;
        prop_assert_eq!(back.graph, g);
    }

    /// GEXF has no place for graph-level events; everything else comes back.
    #[test]
    fn gexf_round_trip_keeps_every_field_but_events(g in graph()) {
        let back = gexf::from_str(&gexf::to_string(&g)).map_err(|d| TestCaseError::fail(format!("{d:?}")))?;
        let mut expected = g.clone();
        expected.events_mut().clear();
        prop_assert_eq!(back.graph, expected);
    }

    /// CSV keeps actors and relations (free attributes as JSON; tags and sources joined
    /// with `|`, so the generator's texts without `|` come back whole).
    #[test]
    fn csv_round_trip_keeps_actors_and_relations(g in graph()) {
        let nodes = csv::nodes_to_string(&g);
        let edges = csv::edges_to_string(&g);
        let cols = CsvColumns::default();
        let back = csv::import(&CsvInput {
            edges: CsvFile::new("edges.csv", &edges),
            nodes: Some(CsvFile::new("nodes.csv", &nodes)),
            columns: &cols,
            graph_name: &g.name,
        }).map_err(|e| TestCaseError::fail(format!("{e}: {:?}", e.files)))?;
        let mut expected = g.clone();
        expected.description.clear();
        expected.events_mut().clear();
        let trim = |v: &mut Vec<String>| {
            *v = v.iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
        };
        let mut fixed = ActorGraph::new(expected.name.clone());
        for a in expected.actors() {
            let mut a = a.clone();
            trim(&mut a.tags);
            a.region = a.region.filter(|r| !r.trim().is_empty());
            fixed.add_actor(a).unwrap();
        }
        for r in expected.relations() {
            let mut r = r.clone();
            let mut sources = r.sources().to_vec();
            trim(&mut sources);
            r.set_sources(sources);
            r.set_note(r.note().filter(|n| !n.trim().is_empty()).map(str::to_string));
            fixed.add_relation(r).unwrap();
        }
        prop_assert_eq!(back.graph, fixed);
    }
}

#[test]
fn shipped_graph_round_trips_through_every_format() {
    let g = entente::format::builtin().graph;
    assert_eq!(graphml::from_str(&graphml::to_string(&g)).unwrap().graph, g);
    assert_eq!(json::from_str(&json::to_string(&g)).unwrap().graph, g);
    let mut no_events = g.clone();
    no_events.events_mut().clear();
    assert_eq!(
        gexf::from_str(&gexf::to_string(&g)).unwrap().graph,
        no_events
    );
}

/// The writers a command streams to a file write what `to_string` makes.
#[test]
fn streamed_writers_write_the_same_text() {
    type Writer = fn(&ActorGraph, &mut dyn std::io::Write) -> std::io::Result<()>;
    type Whole = fn(&ActorGraph) -> String;
    let g = entente::format::builtin().graph;
    let writers: [(Writer, Whole); 4] = [
        (graphml::write_to, graphml::to_string),
        (gexf::write_to, gexf::to_string),
        (json::write_to, json::to_string),
        (
            entente::format::ron::write_to,
            entente::format::ron::to_string,
        ),
    ];
    for (write, to_string) in writers {
        let mut out = Vec::new();
        write(&g, &mut out).unwrap();
        let text = to_string(&g);
        assert!(text.len() > 10_000);
        assert_eq!(String::from_utf8(out).unwrap(), text);
    }
}
