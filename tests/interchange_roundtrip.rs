//! RON → GEXF / GraphML / node-link JSON → RON keeps every field (property tests), and CSV
//! exports read back through the CSV import.

use entente::format::csv::{self, CsvColumns, CsvInput};
use entente::format::{gexf, graphml, json};
use entente::model::{
    Actor, ActorGraph, ActorId, ActorKind, AttrValue, Confidence, Date, Event, Relation,
    RelationKind, Sign,
};
use proptest::prelude::*;
use std::collections::BTreeMap;

fn text() -> impl Strategy<Value = String> {
    // Quotes, backslashes, newlines, colons, angle brackets, non-ASCII and control chars.
    prop::string::string_regex("[a-zA-Z0-9 \"\\\\\n\t:<>{}(),üşəğ–&']{0,12}").unwrap()
}

fn date() -> impl Strategy<Value = Date> {
    (1990i32..2030, prop::option::of(1u8..=12), 1u8..=28).prop_map(|(y, m, d)| match m {
        None => Date {
            year: y,
            month: None,
            day: None,
        },
        Some(m) => Date::ymd(y, m, d).unwrap(),
    })
}

fn pick<T: Copy + std::fmt::Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = T> {
    prop::sample::select(all)
}

fn graph() -> impl Strategy<Value = ActorGraph> {
    let actor = (
        pick(ActorKind::ALL),
        text(),
        prop::option::of(text()),
        prop::collection::vec(text(), 0..3),
        prop::collection::btree_map(
            text(),
            prop_oneof![
                text().prop_map(AttrValue::Text),
                (-1e6f64..1e6).prop_map(AttrValue::Number),
                any::<bool>().prop_map(AttrValue::Bool)
            ],
            0..3,
        ),
    );
    let relation = (
        0usize..1000,
        0usize..1000,
        pick(RelationKind::ALL),
        0.001f64..=1.0,
        any::<bool>(),
        prop::option::of(date()),
        prop::option::of(0u32..3000),
        pick(Confidence::ALL),
        prop::collection::vec(text(), 0..2),
        prop::option::of(text()),
    );
    let event = (
        date(),
        prop::collection::vec(0usize..1000, 0..3),
        text(),
        -10.0f64..=10.0,
        pick(Confidence::ALL),
        text(),
    );
    (
        text(),
        text(),
        prop::collection::vec(actor, 2..8),
        prop::collection::vec(relation, 0..20),
        prop::collection::vec(event, 0..4),
    )
        .prop_map(|(name, description, actors, relations, events)| {
            let mut g = ActorGraph::new(name);
            g.description = description;
            let n = actors.len();
            for (i, (kind, name, region, tags, attributes)) in actors.into_iter().enumerate() {
                g.add_actor(Actor {
                    id: ActorId(format!(
                        "A{i}{}",
                        ["", "&<>", "\"q\"", "ü:x", "b\\s"][i % 5]
                    )),
                    name: format!("n{name}"),
                    kind,
                    region,
                    tags,
                    attributes: attributes.into_iter().collect::<BTreeMap<_, _>>(),
                })
                .unwrap();
            }
            let ids: Vec<ActorId> = g.actors().map(|a| a.id.clone()).collect();
            for (a, b, kind, w, directed, since, span_days, confidence, sources, note) in relations
            {
                let (a, b) = (a % n, b % n);
                if a == b {
                    continue;
                }
                let weight = match kind.sign() {
                    Sign::Negative => -w,
                    _ => w,
                };
                let until = since.zip(span_days).map(|(s, d)| Date {
                    year: s.year + (d / 365) as i32,
                    ..s
                });
                let r = Relation {
                    from: ids[a].clone(),
                    to: ids[b].clone(),
                    kind,
                    weight,
                    directed,
                    since,
                    until,
                    confidence,
                    sources,
                    note,
                };
                let _ = g.add_relation(r); // duplicates are refused; fine
            }
            for (date, actors, kind, score, confidence, summary) in events {
                let actors: Vec<ActorId> = actors.iter().map(|i| ids[i % n].clone()).collect();
                // Cooperative events with two different first actors run between them.
                let (from, to) = match &actors[..] {
                    [a, b, ..] if a != b && score >= 0.0 => (Some(a.clone()), Some(b.clone())),
                    _ => (None, None),
                };
                g.add_event(Event {
                    date,
                    actors,
                    from,
                    to,
                    kind: format!("k{kind}"),
                    score,
                    confidence,
                    summary: format!("s{summary}"),
                    sources: vec![],
                });
            }
            g
        })
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
            edges_name: "edges.csv",
            edges: &edges,
            nodes: Some(("nodes.csv", &nodes)),
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
            trim(&mut r.sources);
            r.note = r.note.filter(|n| !n.trim().is_empty());
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
