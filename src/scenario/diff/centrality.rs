//! Centrality rank movers ([`crate::analysis::centrality`]) by weighted degree (the signed
//! sum of an actor's ties: its net standing), PageRank (prominence among allies) and
//! weighted betweenness (brokerage, a tie of strength |w| being 1/|w| long).

use crate::analysis::centrality::{CentralityOptions, Measure, centrality};
use crate::model::{ActorGraph, ActorId};
use serde::Serialize;
use std::collections::HashMap;

/// An actor's rank on one measure before and after (1 = highest).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankMove {
    pub actor: ActorId,
    pub name: String,
    /// `weighted_degree`, `pagerank` or `weighted_betweenness`.
    pub measure: &'static str,
    pub rank_before: Option<usize>,
    pub rank_after: Option<usize>,
    pub value_before: Option<f64>,
    pub value_after: Option<f64>,
}

impl RankMove {
    /// Places gained (positive) or lost; `None` when the actor is in only one graph.
    pub fn gained(&self) -> Option<i64> {
        Some(self.rank_before? as i64 - self.rank_after? as i64)
    }
}

/// Centrality rank movers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CentralityDiff {
    pub measures: Vec<&'static str>,
    /// The largest rank changes (up to `top` per measure), by measure, then largest change.
    pub movers: Vec<RankMove>,
}

/// The measures rank movers are reported on: signed strength, allied prominence, brokerage.
pub const RANK_MEASURES: [Measure; 3] = [
    Measure::WeightedDegree,
    Measure::Pagerank,
    Measure::WeightedBetweenness,
];

pub(super) fn centrality_diff(
    before: &ActorGraph,
    after: &ActorGraph,
    top: usize,
) -> CentralityDiff {
    let opts = CentralityOptions {
        measures: RANK_MEASURES.to_vec(),
        ..CentralityOptions::default()
    };
    let cb = centrality(before, &opts, None);
    let ca = centrality(after, &opts, None);
    let mut movers = Vec::new();
    for m in RANK_MEASURES {
        let rank = |r: &crate::analysis::centrality::CentralityResult| {
            let i = r.measures.iter().position(|&x| x == m);
            r.ranking(m)
                .into_iter()
                .enumerate()
                .map(|(k, a)| (a.actor.clone(), (k + 1, i.map(|i| a.values[i]))))
                .collect::<HashMap<ActorId, (usize, Option<f64>)>>()
        };
        let (rb, ra) = (rank(&cb), rank(&ca));
        let mut moves: Vec<RankMove> = before
            .actors()
            .chain(after.actors().filter(|a| !before.contains(&a.id)))
            .map(|a| {
                let (b, x) = (rb.get(&a.id), ra.get(&a.id));
                RankMove {
                    actor: a.id.clone(),
                    name: a.name.clone(),
                    measure: m.name(),
                    rank_before: b.map(|v| v.0),
                    rank_after: x.map(|v| v.0),
                    value_before: b.and_then(|v| v.1),
                    value_after: x.and_then(|v| v.1),
                }
            })
            .filter(|r| r.rank_before != r.rank_after)
            .collect();
        // Largest moves first; actors in one graph only after the movers; ties by id.
        moves.sort_by(|x, y| {
            let mag = |r: &RankMove| r.gained().map_or(-1, |g| g.abs());
            mag(y).cmp(&mag(x)).then_with(|| x.actor.cmp(&y.actor))
        });
        moves.truncate(top);
        movers.extend(moves);
    }
    CentralityDiff {
        measures: RANK_MEASURES.iter().map(|m| m.name()).collect(),
        movers,
    }
}
