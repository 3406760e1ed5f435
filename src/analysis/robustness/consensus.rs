//! How often each pair of actors shares a bloc across samples, and the partition that agrees
//! with those frequencies best.
//!
//! The consensus partition is the correlation clustering of the co-membership
//! probabilities (Gionis, Mannila & Tsaparas 2007, "Clustering aggregation", *ACM TKDD*
//! 1(1)): a pair sharing a bloc in a share p of the samples is a tie of weight p − ½, so the
//! partition of least frustration puts together the pairs that are together more often than
//! not, and the bloc solver ([`crate::analysis::blocs`], its heuristic, seeded) finds it.
//! The graph's own partition and the most frequent sample partition are candidates too: the
//! least frustrated of the three is kept (the graph's on a tie), so when every sample agrees
//! the consensus is exactly that partition.
//!
//! Pairs are all pairs up to [`ALL_PAIRS_UP_TO`] actors; beyond, only the pairs joined by a
//! tie in the graph (a count per pair of 10⁴ actors would take 200 MB), and the consensus
//! then joins actors only through ties.

use crate::analysis::blocs::heuristic::KMode;
use crate::analysis::blocs::signed::SignedGraph;
use crate::analysis::blocs::{self, BlocOptions};
use crate::model::{Csr, Snapshot};
use petgraph::stable_graph::EdgeIndex;
use std::collections::BTreeMap;

/// Every pair of actors is counted up to this many actors.
pub const ALL_PAIRS_UP_TO: usize = 1000;

/// Co-membership counts over samples.
#[derive(Debug, Clone)]
pub struct CoMembership {
    /// Pairs `(u, v)` with `u < v`, in order.
    pub pairs: Vec<(u32, u32)>,
    /// Samples in which each pair shared a bloc.
    pub together: Vec<u32>,
    /// Samples in which each actor was alone in its bloc.
    pub alone: Vec<u32>,
    /// Each sample partition (canonically numbered) and how often it came up; kept while
    /// the partitions are few.
    partitions: BTreeMap<Vec<u32>, u32>,
    pub all_pairs: bool,
    pub samples: u32,
}

/// Distinct sample partitions remembered (beyond, the most frequent is not a candidate).
const MAX_PARTITIONS: usize = 4096;

impl CoMembership {
    pub fn new(s: &Snapshot) -> CoMembership {
        let n = s.len();
        let all_pairs = n <= ALL_PAIRS_UP_TO;
        let pairs: Vec<(u32, u32)> = if all_pairs {
            (0..n as u32)
                .flat_map(|u| (u + 1..n as u32).map(move |v| (u, v)))
                .collect()
        } else {
            s.ties().map(|(u, v, _)| (u as u32, v as u32)).collect()
        };
        CoMembership {
            together: vec![0; pairs.len()],
            pairs,
            alone: vec![0; n],
            partitions: BTreeMap::new(),
            all_pairs,
            samples: 0,
        }
    }

    /// Counts one sample's partition.
    pub fn add(&mut self, labels: &[u32]) {
        self.samples += 1;
        for (i, &(u, v)) in self.pairs.iter().enumerate() {
            if labels[u as usize] == labels[v as usize] {
                self.together[i] += 1;
            }
        }
        let mut size = vec![0u32; labels.len()];
        for &l in labels {
            size[l as usize] += 1;
        }
        for (u, &l) in labels.iter().enumerate() {
            if size[l as usize] == 1 {
                self.alone[u] += 1;
            }
        }
        let partition = canonical(labels);
        if self.partitions.len() < MAX_PARTITIONS || self.partitions.contains_key(&partition) {
            *self.partitions.entry(partition).or_insert(0) += 1;
        }
    }

    /// The share of samples in which pair `i` shared a bloc.
    pub fn probability(&self, i: usize) -> f64 {
        f64::from(self.together[i]) / f64::from(self.samples.max(1))
    }

    /// The consensus partition (labels per actor, canonically numbered) and its frustration
    /// against the co-membership probabilities; `plain` is the graph's own partition.
    pub fn consensus(&self, plain: &[u32], seed: u64) -> (Vec<u32>, f64) {
        let n = plain.len();
        let mut entries = Vec::with_capacity(2 * self.pairs.len());
        for (i, &(u, v)) in self.pairs.iter().enumerate() {
            let w = self.probability(i) - 0.5;
            entries.push((u, v, w, EdgeIndex::new(i)));
            entries.push((v, u, w, EdgeIndex::new(i)));
        }
        let sg = SignedGraph::from_csr(&Csr::from_entries(n, entries, crate::model::Combine::Sum));
        let opts = BlocOptions {
            seed,
            exact_limit: 0,
            time_limit: None,
            ..BlocOptions::default()
        };
        let found = blocs::solve_from(&sg, KMode::Free, &opts, None, None).labels;
        let modal = self
            .partitions
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(p, _)| p.clone());
        let mut best = canonical(plain);
        let mut best_cost = sg.frustration_units(&best);
        for candidate in std::iter::once(found).chain(modal) {
            let cost = sg.frustration_units(&candidate);
            if cost < best_cost {
                (best, best_cost) = (canonical(&candidate), cost);
            }
        }
        let cost = sg.frustration(&best);
        (best, cost)
    }
}

/// Labels renumbered 0.. in order of first appearance: equal partitions, equal labels.
pub fn canonical(labels: &[u32]) -> Vec<u32> {
    let mut map: BTreeMap<u32, u32> = BTreeMap::new();
    labels
        .iter()
        .map(|&l| {
            let next = map.len() as u32;
            *map.entry(l).or_insert(next)
        })
        .collect()
}

/// The groups of a partition, numbered as `entente blocs` numbers blocs: largest first,
/// then by smallest member id.
pub fn groups(labels: &[u32], ids: &[crate::model::ActorId]) -> Vec<Vec<usize>> {
    let count = labels.iter().map(|&l| l as usize + 1).max().unwrap_or(0);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (u, &l) in labels.iter().enumerate() {
        members[l as usize].push(u);
    }
    members.retain(|m| !m.is_empty());
    for m in &mut members {
        m.sort_by(|&a, &b| ids[a].cmp(&ids[b]));
    }
    members.sort_by(|a, b| b.len().cmp(&a.len()).then(ids[a[0]].cmp(&ids[b[0]])));
    members
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, ActorGraph, ActorKind, Relation, RelationKind};

    fn snapshot(n: usize) -> Snapshot {
        let mut g = ActorGraph::new("t");
        for i in 0..n {
            g.add_actor(Actor::new(format!("A{i}"), "a", ActorKind::State))
                .unwrap();
        }
        g.add_relation(Relation::new("A0", "A1", RelationKind::Alliance, 0.5))
            .unwrap();
        Snapshot::new(&g)
    }

    #[test]
    fn unanimous_samples_give_their_partition() {
        let s = snapshot(5);
        let mut c = CoMembership::new(&s);
        let plain = [0, 0, 1, 1, 2];
        for _ in 0..10 {
            c.add(&[3, 3, 1, 1, 0]);
        }
        assert_eq!(c.pairs.len(), 10);
        assert_eq!(c.probability(0), 1.0);
        assert_eq!(c.alone, [0, 0, 0, 0, 10]);
        let (labels, cost) = c.consensus(&plain, 1);
        assert_eq!(labels, [0, 0, 1, 1, 2]);
        assert_eq!(cost, 0.0);
    }

    #[test]
    fn the_majority_decides() {
        let s = snapshot(4);
        let mut c = CoMembership::new(&s);
        // A2 sits with A0 and A1 in 7 samples of 10, with A3 in 3.
        for i in 0..10 {
            if i < 7 {
                c.add(&[0, 0, 0, 1]);
            } else {
                c.add(&[0, 0, 1, 1]);
            }
        }
        let (labels, _) = c.consensus(&[0, 0, 1, 1], 1);
        assert_eq!(labels, [0, 0, 0, 1]);
        let ids: Vec<crate::model::ActorId> =
            ["D", "C", "B", "A"].map(crate::model::ActorId::from).into();
        assert_eq!(groups(&labels, &ids), [vec![2, 1, 0], vec![3]]);
    }
}
