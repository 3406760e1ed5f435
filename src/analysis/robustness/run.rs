//! One run of the analyses robustness follows, on one graph (a sample, a confidence level,
//! or the graph itself): the bloc partition and its frustration, the ranks of every actor
//! by each centrality measure, and by its influence on each target.
//!
//! Ranks are competition ranks (1 + the number of actors with a strictly higher value, so
//! tied actors share the best rank): an order among equals, which the tables break by id,
//! is not a finding and should not widen an interval. Values within a relative 10⁻⁹ count as
//! equal, below the precision the iterative measures are computed to.

use crate::analysis::blocs::signed::SignedGraph;
use crate::analysis::blocs::{self, BlocOptions};
use crate::analysis::centrality::{CentralityOptions, Measure, centrality_in};
use crate::analysis::influence::{InfluenceOptions, influence_on_in};
use crate::model::{ActorGraph, Snapshot};

/// What robustness asks of each run.
#[derive(Debug, Clone)]
pub struct RunSpec {
    pub blocs: BlocOptions,
    pub measures: Vec<Measure>,
    /// Influence targets, by node number.
    pub targets: Vec<usize>,
    pub influence: InfluenceOptions,
    /// Where each bloc search starts (labels per actor): the graph's own partition for the
    /// samples, none for the graph itself (see [`run`]).
    pub start: Option<Vec<u32>>,
}

/// The results of one run, by node number (the graph's actor order).
#[derive(Debug, Clone, PartialEq)]
pub struct RunOutcome {
    /// Bloc of each actor (labels, not the numbering of `entente blocs`).
    pub labels: Vec<u32>,
    pub frustration: f64,
    /// Σ|w| over the net ties.
    pub total_weight: f64,
    /// Whether the bloc search proved its partition optimal.
    pub optimal: bool,
    /// `ranks[m][u]`: the rank of actor u by measure `spec.measures[m]`.
    pub ranks: Vec<Vec<u32>>,
    /// `influence[t][u]`: the rank of actor u by its influence on `spec.targets[t]`
    /// ([`NO_PATH`] for an actor with no path into it; 0 for the target itself).
    pub influence: Vec<Vec<u32>>,
}

/// Runs the analyses on `g` (all of whose actors are those of the graph robustness reads).
///
/// With a start, the bloc search refines it instead of making its own heuristic starts, and
/// the exact search (where it runs) still proves the optimum: a sample, a few relations away
/// from the graph, starts next to its answer. This is most of a sample's time saved (64
/// restarts per search on the shipped graph), and the partition moves only as far as the
/// sample's ties move it, not by the heuristic's own randomness.
pub fn run(g: &ActorGraph, spec: &RunSpec) -> RunOutcome {
    let s = Snapshot::new(g);
    let sg = SignedGraph::from_csr(&s.undirected);
    let mode = blocs::mode_of(&spec.blocs, s.len());
    let sol = blocs::solve_from(&sg, mode, &spec.blocs, spec.start.as_deref(), None);
    let ranks = if spec.measures.is_empty() {
        Vec::new()
    } else {
        let opts = CentralityOptions {
            measures: spec.measures.clone(),
            rank_by: Some(spec.measures[0]),
            ..CentralityOptions::default()
        };
        let c = centrality_in(g, &s, &opts, None);
        spec.measures
            .iter()
            .map(|&m| competition_ranks(&c.values(m).unwrap_or_default()))
            .collect()
    };
    let influence = spec
        .targets
        .iter()
        .map(|&t| {
            let mut scores = vec![0.0; s.len()];
            if let Ok(r) = influence_on_in(g, &s, &s.ids[t], &spec.influence) {
                for inf in &r.ranking {
                    if let Some(u) = s.index_of(&inf.actor) {
                        scores[u] = inf.score;
                    }
                }
            }
            let mut ranks = competition_ranks(&scores);
            for (u, r) in ranks.iter_mut().enumerate() {
                *r = if u == t {
                    0
                } else if scores[u] > 0.0 {
                    *r
                } else {
                    NO_PATH
                };
            }
            ranks
        })
        .collect();
    RunOutcome {
        frustration: sol.frustration,
        total_weight: sg.total_abs(),
        optimal: sol.optimal,
        labels: sol.labels,
        ranks,
        influence,
    }
}

/// The influence rank of an actor with no path into the target: below every rank.
pub const NO_PATH: u32 = u32::MAX;

/// Equal within this relative difference.
const RANK_TOLERANCE: f64 = 1e-9;

/// 1 + the number of values strictly higher (beyond `RANK_TOLERANCE`), for each value.
pub fn competition_ranks(values: &[f64]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
    let mut ranks = vec![0u32; values.len()];
    let mut rank = 1u32;
    let mut prev: Option<f64> = None;
    for (i, &u) in order.iter().enumerate() {
        let v = values[u];
        if let Some(p) = prev {
            let equal = p == v
                || (p.is_finite()
                    && v.is_finite()
                    && (p - v).abs() <= RANK_TOLERANCE * p.abs().max(v.abs()));
            if !equal {
                rank = i as u32 + 1;
                prev = Some(v);
            }
        } else {
            prev = Some(v);
        }
        ranks[u] = rank;
    }
    ranks
}

#[cfg(test)]
mod tests {
    use super::competition_ranks;

    #[test]
    fn ties_share_the_best_rank() {
        assert_eq!(
            competition_ranks(&[0.5, 0.9, 0.5, 0.1, 0.9 + 1e-12]),
            [3, 1, 3, 5, 1]
        );
        assert_eq!(competition_ranks(&[]), Vec::<u32>::new());
        assert_eq!(competition_ranks(&[f64::INFINITY, 0.0, 0.0]), [1, 2, 2]);
    }
}
