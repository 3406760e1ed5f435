//! Load → save → load gives an identical graph, and saving is stable (property tests).

use entente::format::{self, ron};
use entente::model::{
    Actor, ActorGraph, ActorId, ActorKind, AttrValue, Confidence, Date, Event, Relation,
    RelationKind, Sign,
};
use proptest::prelude::*;
use std::collections::BTreeMap;

fn text() -> impl Strategy<Value = String> {
    // Quotes, backslashes, newlines, colons, angle brackets, non-ASCII and control chars.
    prop::string::string_regex("[a-zA-Z0-9 \"\\\\\n\t:<>{}(),üşəğ\u{1}–]{0,12}").unwrap()
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
                    id: ActorId(format!("A{i}")),
                    name: format!("n{name}"),
                    kind,
                    region,
                    tags,
                    attributes: attributes.into_iter().collect::<BTreeMap<_, _>>(),
                })
                .unwrap();
            }
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
                    from: ActorId(format!("A{a}")),
                    to: ActorId(format!("A{b}")),
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
                let actors: Vec<ActorId> = actors
                    .iter()
                    .map(|i| ActorId(format!("A{}", i % n)))
                    .collect();
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
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn load_save_load_is_identity(g in graph()) {
        let text = ron::to_string(&g);
        let loaded = ron::from_str(&text).map_err(|d| TestCaseError::fail(format!("{d:?}\n{text}")))?;
        prop_assert_eq!(&loaded.graph, &g);
        // Saving again gives byte-identical text.
        prop_assert_eq!(ron::to_string(&loaded.graph), text);
    }
}

#[test]
fn shipped_graph_round_trips() {
    let g = format::builtin().graph;
    let text = ron::to_string(&g);
    let again = ron::from_str(&text).unwrap().graph;
    assert_eq!(again, g);
    assert!(g.actor_count() >= 25 && g.relation_count() >= 50);
}

#[test]
fn save_is_atomic_and_leaves_no_temp_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.ron");
    let g = format::builtin().graph;
    format::save_ron(&g, &path).unwrap();
    format::save_ron(&g, &path).unwrap();
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("g.ron")]);
    assert_eq!(format::load_file(&path).unwrap().graph, g);
}
