//! Random graphs for the round-trip property tests (`tests/roundtrip.rs`,
//! `tests/interchange_roundtrip.rs`): every field filled, names and notes drawn from text
//! each test chooses (quotes, backslashes, newlines, non-ASCII...).

#![allow(dead_code)]

use entente::model::{
    Actor, ActorGraph, ActorId, ActorKind, AttrValue, Confidence, Date, Event, Relation,
    RelationKind, Sign,
};
use proptest::prelude::*;
use std::collections::BTreeMap;

/// Text matching `regex`.
pub fn text(regex: &'static str) -> impl Strategy<Value = String> {
    prop::string::string_regex(regex).unwrap()
}

pub fn date() -> impl Strategy<Value = Date> {
    (1990i32..2030, prop::option::of(1u8..=12), 1u8..=28).prop_map(|(y, m, d)| match m {
        None => Date {
            year: y,
            month: None,
            day: None,
        },
        Some(m) => Date::ymd(y, m, d).unwrap(),
    })
}

pub fn pick<T: Copy + std::fmt::Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = T> {
    prop::sample::select(all)
}

/// A graph of 2 to 7 actors (actor `i` has the id `id(i)`), up to 19 relations of every kind
/// with dates, confidence, sources and notes, and up to 3 events; every name, note and
/// attribute is text matching `text_regex`.
pub fn graph(
    text_regex: &'static str,
    id: fn(usize) -> ActorId,
) -> impl Strategy<Value = ActorGraph> {
    let text = move || text(text_regex);
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
                // Integers are kept exactly, beyond 2^53 too (issue 14, item 5).
                any::<i64>().prop_map(AttrValue::Integer),
                (i64::MAX as u64 + 1..=u64::MAX).prop_map(AttrValue::Unsigned),
                any::<bool>().prop_map(AttrValue::Bool)
            ],
            0..3,
        ),
        // The actor it is part of: one declared before it, so that no chain loops.
        prop::option::of(0usize..1000),
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
        .prop_map(move |(name, description, actors, relations, events)| {
            let mut g = ActorGraph::new(name);
            g.description = description;
            let n = actors.len();
            for (i, (kind, name, region, tags, attributes, parent)) in
                actors.into_iter().enumerate()
            {
                g.add_actor(Actor {
                    id: id(i),
                    name: format!("n{name}"),
                    kind,
                    region,
                    tags,
                    attributes: attributes.into_iter().collect::<BTreeMap<_, _>>(),
                    part_of: parent.filter(|_| i > 0).map(|p| id(p % i)),
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
                let mut r = Relation::new(ids[a].clone(), ids[b].clone(), kind, weight)
                    .with_dates(since, until)
                    .with_confidence(confidence)
                    .with_sources(sources);
                r.directed = directed;
                r.set_note(note);
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
