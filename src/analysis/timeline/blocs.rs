//! The signed blocs of every period ([`crate::analysis::blocs`], default options), matched
//! across periods so that a bloc keeps its number while its members stay: each period's blocs
//! take the numbers of the previous period's blocs they share the most members with (largest
//! overlaps first, one-to-one; Greene, Doyle & Cunningham 2010 track communities across time
//! steps the same way), and a bloc that matches none gets a new number. An actor whose bloc
//! number changes between two periods changed camp then (an actor left alone by its camp but
//! still tied counts: it is a bloc of one); actors with no tie in force are left out.

use super::{TimelineError, TimelineOptions, graph_at, periods};
use crate::analysis::blocs::{BlocOptions, detect_blocs};
use crate::model::{ActorGraph, ActorId, Period};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct BlocTimeline {
    pub by: crate::model::Granularity,
    pub periods: Vec<PeriodBlocs>,
    /// Every camp change, in time order.
    pub moves: Vec<CampChange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeriodBlocs {
    pub period: Period,
    pub frustration: f64,
    pub optimal: bool,
    /// The exact search stopped at its time limit (the blocs are the best found).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub time_limited: bool,
    /// Actors with at least one tie in force.
    pub tied_actors: usize,
    /// The blocs with at least one tied member, by their stable number.
    pub blocs: BTreeMap<usize, Vec<ActorId>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CampChange {
    pub period: Period,
    pub actor: ActorId,
    pub from: usize,
    pub to: usize,
}

/// Blocs per period and who changed camp when. Each period is one run of bloc detection
/// (its exact search within `blocs.time_limit`); `progress` is told the periods done.
pub fn bloc_timeline(
    g: &ActorGraph,
    opts: &TimelineOptions,
    blocs: &BlocOptions,
    progress: &dyn Fn(usize, usize),
) -> Result<BlocTimeline, TimelineError> {
    let mut out = Vec::new();
    let mut moves = Vec::new();
    let mut previous: BTreeMap<usize, Vec<ActorId>> = BTreeMap::new();
    let mut next_label = 0usize;
    let mut camp: BTreeMap<ActorId, usize> = BTreeMap::new();
    let all = periods(g, opts)?;
    for (done, p) in all.iter().copied().enumerate() {
        progress(done, all.len());
        let at = graph_at(g, &p, opts);
        let r = detect_blocs(&at, blocs);
        let tied: std::collections::BTreeSet<&ActorId> = at
            .relations()
            .filter(|r| r.weight != 0.0)
            .flat_map(|r| [&r.from, &r.to])
            .collect();
        let found: Vec<Vec<ActorId>> = r
            .blocs
            .iter()
            .map(|b| b.members.clone())
            .filter(|m| m.iter().any(|a| tied.contains(a)))
            .collect();
        // Largest overlaps first, one-to-one (counted through each member's last bloc: linear
        // in the members, however many blocs there are).
        let last: std::collections::HashMap<&ActorId, usize> = previous
            .iter()
            .flat_map(|(&label, old)| old.iter().map(move |m| (m, label)))
            .collect();
        let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
        for (i, members) in found.iter().enumerate() {
            let mut overlaps: BTreeMap<usize, usize> = BTreeMap::new();
            for m in members {
                if let Some(&label) = last.get(m) {
                    *overlaps.entry(label).or_default() += 1;
                }
            }
            pairs.extend(overlaps.into_iter().map(|(label, n)| (n, i, label)));
        }
        pairs.sort_by(|x, y| y.0.cmp(&x.0).then(x.2.cmp(&y.2)).then(x.1.cmp(&y.1)));
        let mut label_of: Vec<Option<usize>> = vec![None; found.len()];
        let mut used = std::collections::BTreeSet::new();
        for (_, i, label) in pairs {
            if label_of[i].is_none() && used.insert(label) {
                label_of[i] = Some(label);
            }
        }
        let mut current = BTreeMap::new();
        for (i, members) in found.into_iter().enumerate() {
            let label = label_of[i].unwrap_or_else(|| {
                while previous.contains_key(&next_label) || current.contains_key(&next_label) {
                    next_label += 1;
                }
                next_label
            });
            for m in &members {
                match camp.insert(m.clone(), label) {
                    Some(old) if old != label => moves.push(CampChange {
                        period: p,
                        actor: m.clone(),
                        from: old,
                        to: label,
                    }),
                    _ => {}
                }
            }
            current.insert(label, members);
        }
        out.push(PeriodBlocs {
            period: p,
            frustration: r.frustration,
            optimal: r.optimal,
            time_limited: r.time_limited,
            tied_actors: tied.len(),
            blocs: current.clone(),
        });
        previous = current;
    }
    Ok(BlocTimeline {
        by: opts.by,
        periods: out,
        moves,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, ActorKind, Granularity, Relation, RelationKind};

    #[test]
    fn blocs_keep_their_numbers_and_a_defector_is_seen() {
        let mut g = ActorGraph::new("t");
        for id in ["A", "B", "C", "X", "Y"] {
            g.add_actor(Actor::new(id, id, ActorKind::State)).unwrap();
        }
        let rel = |a: &str, b: &str, w: f64, since: &str, until: Option<&str>| {
            let kind = if w > 0.0 {
                RelationKind::Alliance
            } else {
                RelationKind::Hostility
            };
            let mut r = Relation::new(a, b, kind, w);
            r.since = Some(since.parse().unwrap());
            r.until = until.map(|u| u.parse().unwrap());
            r
        };
        for r in [
            rel("A", "B", 0.9, "2020", None),
            rel("X", "Y", 0.9, "2020", None),
            rel("A", "X", -0.9, "2020", None),
            rel("B", "Y", -0.9, "2020", None),
            rel("C", "A", 0.8, "2020", Some("2021")),
            rel("C", "Y", -0.8, "2020", Some("2021")),
            rel("C", "X", 0.8, "2022", None),
            rel("C", "B", -0.8, "2022", None),
        ] {
            g.add_relation(r).unwrap();
        }
        let opts = TimelineOptions {
            by: Granularity::Year,
            ..TimelineOptions::default()
        };
        let t = bloc_timeline(&g, &opts, &BlocOptions::default(), &|_, _| {}).unwrap();
        assert_eq!(t.periods.len(), 3);
        let label = |i: usize, who: &str| {
            t.periods[i]
                .blocs
                .iter()
                .find(|(_, m)| m.iter().any(|a| a.as_str() == who))
                .map(|(l, _)| *l)
        };
        // A's camp keeps its number every year; C moves from A's camp to X's in 2022.
        assert_eq!(label(0, "A"), label(2, "A"));
        assert_eq!(label(0, "X"), label(2, "X"));
        assert_eq!(label(0, "C"), label(0, "A"));
        assert_eq!(label(2, "C"), label(2, "X"));
        assert_eq!(t.moves.len(), 1, "{:?}", t.moves);
        assert_eq!(t.moves[0].actor.as_str(), "C");
        assert_eq!(t.moves[0].period.to_string(), "2022");
    }
}
