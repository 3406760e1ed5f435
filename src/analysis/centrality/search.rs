//! Single-source shortest-path searches with path counting and Brandes' dependency
//! accumulation (U. Brandes, "A faster algorithm for betweenness centrality", *J. Math.
//! Sociol.* 25(2), 2001): breadth-first by hops, Dijkstra by tie length. Shared by
//! betweenness and weighted closeness; the buffers are reset through the list of nodes a
//! search touched. The breadth-first search lists each node's successors on shortest paths
//! as it finds them, so that the accumulation reads those (a few per node) instead of
//! testing every arc again.

use super::Adjacency;
use crate::analysis::paths::OrdF64;
use crate::model::{misses_cache, prefetch};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Per-thread buffers of single-source passes.
pub(super) struct Buffers {
    pub(super) hops: Vec<u32>,
    pub(super) dist: Vec<f64>,
    pub(super) sigma: Vec<f64>,
    pub(super) delta: Vec<f64>,
    pub(super) order: Vec<u32>,
    /// After [`Buffers::bfs`]: the successors on shortest paths of the nodes of `order`,
    /// each node's in its arcs' order, and where each node's list ends.
    successors: Vec<u32>,
    successors_end: Vec<usize>,
    pub(super) heap: BinaryHeap<Reverse<(OrdF64, u32)>>,
}

const UNSEEN: u32 = u32::MAX;

/// Nodes of the queue ahead whose rows (and their targets' state) are fetched into the
/// cache while the current one is scanned.
const AHEAD: usize = 4;

/// Whether a search over `adj` fetches ahead: only when what it reads at scattered places
/// does not stay in the cache: the rows (offsets and targets), and per node its hops or
/// distance, path count and dependency.
fn fetches_ahead(adj: &Adjacency) -> bool {
    let per_node = size_of::<usize>() + size_of::<f64>() * 3;
    misses_cache(size_of_val(&adj.targets[..]) + adj.node_count() * per_node)
}

impl Buffers {
    pub(super) fn new(n: usize) -> Buffers {
        Buffers {
            hops: vec![UNSEEN; n],
            dist: vec![f64::INFINITY; n],
            sigma: vec![0.0; n],
            delta: vec![0.0; n],
            order: Vec::with_capacity(n),
            successors: Vec::new(),
            successors_end: Vec::with_capacity(n),
            heap: BinaryHeap::new(),
        }
    }

    pub(super) fn reset(&mut self) {
        for &v in &self.order {
            let v = v as usize;
            self.hops[v] = UNSEEN;
            self.dist[v] = f64::INFINITY;
            self.sigma[v] = 0.0;
            self.delta[v] = 0.0;
        }
        self.order.clear();
        self.successors.clear();
        self.successors_end.clear();
        self.heap.clear();
    }

    /// Breadth-first search from `s`: `order` (non-decreasing distance), `hops`, `sigma`,
    /// and each node's successors on shortest paths (an arc `v → w` is one when `w` is a hop
    /// further than `v`: `w` is either seen already, its hops final, or seen now).
    pub(super) fn bfs(&mut self, adj: &Adjacency, s: usize) {
        self.hops[s] = 0;
        self.sigma[s] = 1.0;
        self.order.push(s as u32);
        let fetch = fetches_ahead(adj);
        let mut head = 0;
        while head < self.order.len() {
            if fetch && let Some(&far) = self.order.get(head + 2 * AHEAD) {
                let at = adj.offsets[far as usize];
                prefetch(adj.targets.as_ptr().wrapping_add(at));
            }
            if fetch && let Some(&near) = self.order.get(head + AHEAD) {
                for &w in &adj.targets[adj.range(near as usize)] {
                    prefetch(self.hops.as_ptr().wrapping_add(w as usize));
                }
            }
            let v = self.order[head] as usize;
            head += 1;
            let next = self.hops[v] + 1;
            let sv = self.sigma[v];
            for e in adj.range(v) {
                let w = adj.targets[e] as usize;
                if self.hops[w] == UNSEEN {
                    self.hops[w] = next;
                    self.order.push(w as u32);
                }
                if self.hops[w] == next {
                    self.sigma[w] += sv;
                    self.successors.push(w as u32);
                }
            }
            self.successors_end.push(self.successors.len());
        }
    }

    /// Breadth-first search from `s` for distances only: `order` and `hops`, no path
    /// counts. The tests' reference for closeness and harmonic by hops, which search 64
    /// sources at once instead.
    #[cfg(test)]
    pub(super) fn bfs_hops(&mut self, adj: &Adjacency, s: usize) {
        self.hops[s] = 0;
        self.order.push(s as u32);
        let mut head = 0;
        while head < self.order.len() {
            let v = self.order[head] as usize;
            head += 1;
            let next = self.hops[v] + 1;
            for &w in &adj.targets[adj.range(v)] {
                let w = w as usize;
                if self.hops[w] == UNSEEN {
                    self.hops[w] = next;
                    self.order.push(w as u32);
                }
            }
        }
    }

    /// Dijkstra from `s` with lengths `len`: `order` (settling order), `dist`, `sigma`.
    /// Equal lengths are compared exactly, as NetworkX does.
    pub(super) fn dijkstra(&mut self, adj: &Adjacency, len: &[f64], s: usize) {
        self.dist[s] = 0.0;
        self.sigma[s] = 1.0;
        self.heap.push(Reverse((OrdF64(0.0), s as u32)));
        while let Some(Reverse((OrdF64(d), v))) = self.heap.pop() {
            let v = v as usize;
            if self.hops[v] != UNSEEN {
                continue; // settled
            }
            self.hops[v] = 0;
            self.order.push(v as u32);
            let sv = self.sigma[v];
            for e in adj.range(v) {
                let w = adj.targets[e] as usize;
                let nd = d + len[e];
                if nd < self.dist[w] {
                    self.dist[w] = nd;
                    self.sigma[w] = sv;
                    self.heap.push(Reverse((OrdF64(nd), w as u32)));
                } else if nd == self.dist[w] {
                    self.sigma[w] += sv;
                }
            }
        }
    }

    /// Brandes' dependency accumulation over successors, in reverse settling order, adding
    /// each node's dependency on `s` to `into`. `delta` holds `(1 + δ(w)) / σ(w)` once `w`
    /// is done, so that each successor costs one multiply-add. After a breadth-first search
    /// (`len` is `None`) the successors are its lists; after Dijkstra, the arcs whose length
    /// closes the distance.
    pub(super) fn accumulate(
        &mut self,
        adj: &Adjacency,
        len: Option<&[f64]>,
        s: usize,
        into: &mut [f64],
    ) {
        match len {
            None => self.accumulate_listed(s, into),
            Some(len) => self.accumulate_weighted(adj, len, s, into),
        }
    }

    fn accumulate_listed(&mut self, s: usize, into: &mut [f64]) {
        let fetch = misses_cache(self.order.len() * size_of::<f64>() * 3);
        for i in (0..self.order.len()).rev() {
            if fetch && let Some(near) = i.checked_sub(AHEAD) {
                for &w in &self.successors[listed(&self.successors_end, near)] {
                    prefetch(self.delta.as_ptr().wrapping_add(w as usize));
                }
            }
            let v = self.order[i] as usize;
            // In the arcs' order, as the scan of every arc adds them.
            let mut sum = 0.0;
            for &w in &self.successors[listed(&self.successors_end, i)] {
                sum += self.delta[w as usize];
            }
            self.settle_dependency(v, sum, s, into);
        }
    }

    fn accumulate_weighted(&mut self, adj: &Adjacency, len: &[f64], s: usize, into: &mut [f64]) {
        let fetch = fetches_ahead(adj);
        for i in (0..self.order.len()).rev() {
            if fetch && let Some(&far) = i.checked_sub(2 * AHEAD).map(|j| &self.order[j]) {
                let at = adj.offsets[far as usize];
                prefetch(adj.targets.as_ptr().wrapping_add(at));
            }
            if fetch && let Some(&near) = i.checked_sub(AHEAD).map(|j| &self.order[j]) {
                for &w in &adj.targets[adj.range(near as usize)] {
                    prefetch(self.dist.as_ptr().wrapping_add(w as usize));
                    prefetch(self.delta.as_ptr().wrapping_add(w as usize));
                }
            }
            let v = self.order[i] as usize;
            let dv = self.dist[v];
            let mut sum = 0.0;
            for e in adj.range(v) {
                let w = adj.targets[e] as usize;
                if dv + len[e] == self.dist[w] {
                    sum += self.delta[w];
                }
            }
            self.settle_dependency(v, sum, s, into);
        }
    }

    fn settle_dependency(&mut self, v: usize, sum: f64, s: usize, into: &mut [f64]) {
        let dependency = self.sigma[v] * sum;
        self.delta[v] = (1.0 + dependency) / self.sigma[v];
        if v != s {
            into[v] += dependency;
        }
    }

    /// The accumulation after a breadth-first search by testing every arc, as before the
    /// successor lists: the tests' reference for them.
    #[cfg(test)]
    pub(super) fn accumulate_by_arcs(&mut self, adj: &Adjacency, s: usize, into: &mut [f64]) {
        for i in (0..self.order.len()).rev() {
            let v = self.order[i] as usize;
            let next = self.hops[v] + 1;
            let mut sum = 0.0;
            for e in adj.range(v) {
                let w = adj.targets[e] as usize;
                if self.hops[w] == next {
                    sum += self.delta[w];
                }
            }
            self.settle_dependency(v, sum, s, into);
        }
    }
}

/// The range of `successors` holding the successors of the `i`th node of the search's order.
fn listed(successors_end: &[usize], i: usize) -> std::ops::Range<usize> {
    let start = i.checked_sub(1).map_or(0, |j| successors_end[j]);
    start..successors_end[i]
}
