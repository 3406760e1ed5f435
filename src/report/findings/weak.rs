//! Whether the camps and the "who sits between them" findings rest on the relations rated
//! below `probably-true`. Both are read again on the graph without those relations (as
//! `--min-confidence probably-true` reads it, with the report's options: [`WithoutWeak`]),
//! and a finding rests on them when it would read differently:
//!
//! - **camps**: an actor's camp does not hold without them, in the sense of `entente
//!   robustness`'s "what holds" ([`camps_held`]): the actor leaves the core of its bloc, that
//!   core merges with another bloc's, or an actor standing alone joins a bloc. The relations
//!   named are the weak ones of the actors that move (every weak one when they have none);
//! - **between**: the sentence changes: another bridge named, another count of hostile
//!   pairs, another example pair or another number of further bridges. The relations named
//!   are the weak ones of the pairs a bridge gains or loses, among the bridges whose count of
//!   pairs changes (its allied tie to a side, or the hostile tie between the sides; every
//!   weak relation when there are none).

use super::{Inputs, WeakTie, between, weak};
use crate::analysis::blocs::{BlocOptions, BlocResult, detect_blocs_in};
use crate::analysis::brokers::{BrokerOptions, BrokerResult, brokers_with};
use crate::analysis::robustness::consensus::groups;
use crate::analysis::robustness::holds::camps_held;
use crate::model::{ActorGraph, ActorId, Confidence, Filter, Relation, Snapshot};
use std::collections::{BTreeMap, BTreeSet};

/// The blocs and brokers of a graph read without its relations below `probably-true`.
#[derive(Debug, Clone)]
pub struct WithoutWeak {
    pub blocs: BlocResult,
    pub brokers: BrokerResult,
}

impl WithoutWeak {
    /// Reads `g` again without its weak relations; `None` when it has none (nothing changes).
    pub fn build(
        g: &ActorGraph,
        blocs: &BlocOptions,
        brokers: &BrokerOptions,
    ) -> Option<WithoutWeak> {
        if !g.relations().any(|r| weak(r.confidence)) {
            return None;
        }
        let h = g.filtered(&Filter {
            min_confidence: Some(Confidence::ProbablyTrue),
            ..Filter::default()
        });
        let s = Snapshot::new(&h);
        let blocs = detect_blocs_in(&h, &s, blocs);
        let brokers = brokers_with(&s, &blocs, brokers);
        Some(WithoutWeak { blocs, brokers })
    }
}

fn tie(r: &Relation) -> WeakTie {
    WeakTie {
        from: r.from.clone(),
        to: r.to.clone(),
        kind: r.kind,
        weight: r.weight,
        confidence: r.confidence,
    }
}

/// The weak relations `touches` picks, else every weak relation.
fn weak_ties_of(g: &ActorGraph, touches: impl Fn(&Relation) -> bool) -> Vec<WeakTie> {
    let all: Vec<&Relation> = g.relations().filter(|r| weak(r.confidence)).collect();
    let picked: Vec<WeakTie> = all.iter().filter(|r| touches(r)).map(|r| tie(r)).collect();
    if picked.is_empty() {
        all.into_iter().map(tie).collect()
    } else {
        picked
    }
}

/// Each actor's bloc as a label below the number of actors.
fn labels(b: &BlocResult, ids: &[ActorId]) -> Vec<u32> {
    let mut fresh = b.blocs.len() as u32;
    ids.iter()
        .map(|id| match b.bloc_of(id) {
            Some(x) => x as u32,
            None => {
                fresh += 1;
                fresh - 1
            }
        })
        .collect()
}

/// The weak relations the camps finding rests on (none when every camp holds without them).
pub(super) fn camps(src: &Inputs) -> Vec<WeakTie> {
    let Some(w) = src.without_weak else {
        return Vec::new();
    };
    let ids = &src.snapshot.ids;
    let plain = groups(&labels(src.blocs, ids), ids);
    let held = camps_held(&plain, &labels(&w.blocs, ids));
    let moved: BTreeSet<&ActorId> = ids
        .iter()
        .zip(&held)
        .filter(|(_, h)| !**h)
        .map(|(id, _)| id)
        .collect();
    if moved.is_empty() {
        return Vec::new();
    }
    weak_ties_of(src.graph, |r| {
        moved.contains(&r.from) || moved.contains(&r.to)
    })
}

/// The weak relations the between finding rests on (none when it reads the same without
/// them).
pub(super) fn bridges(src: &Inputs) -> Vec<WeakTie> {
    let Some(w) = src.without_weak else {
        return Vec::new();
    };
    if between(src.graph, src.brokers).text == between(src.graph, &w.brokers).text {
        return Vec::new();
    }
    // Per bridge: its count of hostile pairs and the pairs, in each reading.
    type Pairs<'a> = BTreeSet<(&'a ActorId, &'a ActorId)>;
    let mut seen: BTreeMap<&ActorId, ([usize; 2], [Pairs; 2])> = BTreeMap::new();
    for (k, b) in [src.brokers, &w.brokers].into_iter().enumerate() {
        for x in &b.bridges {
            let e = seen.entry(&x.actor).or_default();
            e.0[k] = x.hostile_pairs;
            e.1[k].extend(x.pairs.iter().map(|p| (&p.a, &p.b)));
        }
    }
    // The pairs a bridge whose count changes gains or loses.
    let moved: Vec<(&ActorId, Pairs)> = seen
        .into_iter()
        .filter(|(_, (n, _))| n[0] != n[1])
        .map(|(a, (_, [full, strict]))| (a, full.symmetric_difference(&strict).copied().collect()))
        .collect();
    // A bridged pair is the bridge's allied ties to both sides and the hostile tie between.
    weak_ties_of(src.graph, |r| {
        let ends =
            |x: &ActorId, y: &ActorId| (r.from == *x && r.to == *y) || (r.from == *y && r.to == *x);
        moved.iter().any(|(a, pairs)| {
            pairs
                .iter()
                .any(|(x, y)| ends(x, y) || ends(a, x) || ends(a, y))
        })
    })
}
