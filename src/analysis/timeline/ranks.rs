//! Each actor's rank on one centrality measure per period ([`crate::analysis::centrality`];
//! rank 1 is the highest value, ties broken by the actors' order as in the centrality
//! table), and the biggest risers and fallers from the first period to the last.

use super::{TimelineError, TimelineOptions, graph_at, periods};
use crate::analysis::centrality::{CentralityOptions, Measure, centrality};
use crate::model::{ActorGraph, ActorId, Period};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct RankTimeline {
    pub measure: Measure,
    pub by: crate::model::Granularity,
    pub periods: Vec<Period>,
    /// One row per actor, in the graph's order: its rank in each period.
    pub actors: Vec<ActorRanks>,
    /// Largest rise (first → last period) first; at most 10 each.
    pub risers: Vec<RankMove>,
    pub fallers: Vec<RankMove>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActorRanks {
    pub actor: ActorId,
    pub ranks: Vec<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RankMove {
    pub actor: ActorId,
    pub from: usize,
    pub to: usize,
}

const MOVERS: usize = 10;

/// Ranks per period: one run of the measure per period; `progress` is told the periods
/// done.
pub fn rank_timeline(
    g: &ActorGraph,
    measure: Measure,
    opts: &TimelineOptions,
    progress: &dyn Fn(usize, usize),
) -> Result<RankTimeline, TimelineError> {
    let periods = periods(g, opts)?;
    let ids: Vec<ActorId> = g.actors().map(|a| a.id.clone()).collect();
    let mut ranks = vec![Vec::with_capacity(periods.len()); ids.len()];
    let copts = CentralityOptions {
        measures: vec![measure],
        rank_by: Some(measure),
        ..CentralityOptions::default()
    };
    for (done, p) in periods.iter().enumerate() {
        progress(done, periods.len());
        let r = centrality(&graph_at(g, p, opts), &copts, None);
        // Each actor's place, looked up (a search per actor was quadratic in the actors).
        let place: std::collections::HashMap<&ActorId, usize> = r
            .ranking(measure)
            .iter()
            .enumerate()
            .map(|(k, a)| (&a.actor, k + 1))
            .collect();
        for (i, id) in ids.iter().enumerate() {
            ranks[i].push(place.get(id).copied().unwrap_or(ids.len()));
        }
    }
    let actors: Vec<ActorRanks> = ids
        .into_iter()
        .zip(ranks)
        .map(|(actor, ranks)| ActorRanks { actor, ranks })
        .collect();
    let mut moves: Vec<RankMove> = actors
        .iter()
        .filter_map(|a| {
            let (from, to) = (*a.ranks.first()?, *a.ranks.last()?);
            (from != to).then(|| RankMove {
                actor: a.actor.clone(),
                from,
                to,
            })
        })
        .collect();
    moves.sort_by_key(|m| m.to as i64 - m.from as i64);
    let risers = moves
        .iter()
        .filter(|m| m.to < m.from)
        .take(MOVERS)
        .cloned()
        .collect();
    let fallers = moves
        .iter()
        .rev()
        .filter(|m| m.to > m.from)
        .take(MOVERS)
        .cloned()
        .collect();
    Ok(RankTimeline {
        measure,
        by: opts.by,
        periods,
        actors,
        risers,
        fallers,
    })
}
