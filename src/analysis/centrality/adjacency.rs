//! Net ties as compressed rows ([`Adjacency`]), and the views of a snapshot the measures
//! read, built on first use.

use crate::model::{Csr, Snapshot};
use std::cell::OnceCell;

/// Net ties as compressed rows, without ties of weight 0.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Adjacency {
    pub offsets: Vec<usize>,
    pub targets: Vec<u32>,
    pub weights: Vec<f64>,
}

impl Adjacency {
    /// The non-zero entries of a snapshot's rows, keeping only those `keep` accepts.
    pub fn from_csr(c: &Csr, keep: impl Fn(f64) -> bool) -> Adjacency {
        let n = c.node_count();
        let mut a = Adjacency {
            offsets: Vec::with_capacity(n + 1),
            targets: Vec::with_capacity(c.entry_count()),
            weights: Vec::with_capacity(c.entry_count()),
        };
        a.offsets.push(0);
        for u in 0..n {
            for (v, w) in c.neighbors(u) {
                if w != 0.0 && keep(w) {
                    a.targets.push(v as u32);
                    a.weights.push(w);
                }
            }
            a.offsets.push(a.targets.len());
        }
        a
    }

    /// Rows from `(u, v, w)` arcs of `n` nodes, in the order given within a row. No arc
    /// may repeat; zero weights are dropped.
    pub fn from_arcs(n: usize, arcs: &[(u32, u32, f64)]) -> Adjacency {
        let mut count = vec![0usize; n + 1];
        for &(u, _, w) in arcs {
            if w != 0.0 {
                count[u as usize + 1] += 1;
            }
        }
        for i in 1..=n {
            count[i] += count[i - 1];
        }
        let offsets = count.clone();
        let m = offsets[n];
        let mut targets = vec![0u32; m];
        let mut weights = vec![0.0; m];
        let mut next = count;
        for &(u, v, w) in arcs {
            if w != 0.0 {
                let i = next[u as usize];
                targets[i] = v;
                weights[i] = w;
                next[u as usize] += 1;
            }
        }
        Adjacency {
            offsets,
            targets,
            weights,
        }
    }

    /// The same arcs reversed.
    pub fn reversed(&self) -> Adjacency {
        let n = self.node_count();
        let mut arcs = Vec::with_capacity(self.targets.len());
        for u in 0..n {
            for e in self.range(u) {
                arcs.push((self.targets[e], u as u32, self.weights[e]));
            }
        }
        Adjacency::from_arcs(n, &arcs)
    }

    pub fn node_count(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    pub fn arc_count(&self) -> usize {
        self.targets.len()
    }

    pub fn range(&self, u: usize) -> std::ops::Range<usize> {
        self.offsets[u]..self.offsets[u + 1]
    }

    pub fn degree(&self, u: usize) -> usize {
        self.offsets[u + 1] - self.offsets[u]
    }

    /// Tie lengths `1/|w|` for the weighted path measures.
    pub fn lengths(&self) -> Vec<f64> {
        self.weights.iter().map(|w| 1.0 / w.abs()).collect()
    }
}

/// The views of a snapshot the measures read, each built on first use (a PageRank alone
/// builds none: it reads the snapshot's rows directly).
pub(super) struct Views<'s> {
    s: &'s Snapshot,
    pub(super) directed: bool,
    /// Ties of both signs, direction ignored.
    undirected: OnceCell<Adjacency>,
    /// Ties of both signs in the influence direction (directed graphs only; otherwise the
    /// undirected view).
    out: OnceCell<Adjacency>,
    incoming: OnceCell<Adjacency>,
    /// Allied ties into each actor (for eigenvector and Katz).
    allied_in: OnceCell<Adjacency>,
}

impl<'s> Views<'s> {
    pub(super) fn new(s: &'s Snapshot, directed: bool) -> Views<'s> {
        Views {
            s,
            directed,
            undirected: OnceCell::new(),
            out: OnceCell::new(),
            incoming: OnceCell::new(),
            allied_in: OnceCell::new(),
        }
    }

    pub(super) fn undirected(&self) -> &Adjacency {
        self.undirected
            .get_or_init(|| Adjacency::from_csr(&self.s.undirected, |_| true))
    }

    pub(super) fn out(&self) -> &Adjacency {
        if !self.directed {
            return self.undirected();
        }
        self.out
            .get_or_init(|| Adjacency::from_csr(&self.s.out, |_| true))
    }

    pub(super) fn incoming(&self) -> &Adjacency {
        if !self.directed {
            return self.undirected();
        }
        self.incoming
            .get_or_init(|| Adjacency::from_csr(&self.s.incoming, |_| true))
    }

    /// The snapshot's rows of ties into each actor.
    pub(super) fn csr_in(&self) -> &'s Csr {
        if self.directed {
            &self.s.incoming
        } else {
            &self.s.undirected
        }
    }

    pub(super) fn allied_in(&self) -> &Adjacency {
        self.allied_in
            .get_or_init(|| Adjacency::from_csr(self.csr_in(), |w| w > 0.0))
    }
}
