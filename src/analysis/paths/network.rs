//! The network the searches walk: CSR rows with a length −ln|w| per entry, so that the
//! strongest path (largest product of |w|) is the shortest one; paths, their order, and
//! the heap keys for lengths.

use crate::model::{Csr, Flow, Snapshot};
use std::cmp::Ordering;

/// Adjacency with a length per entry: −ln|w| for usable ties, infinity for the others
/// (the snapshot's [`Snapshot::path_lengths`], computed once per snapshot).
pub(crate) struct Network<'a> {
    pub(crate) csr: &'a Csr,
    pub(crate) length: &'a [f64],
}

impl<'a> Network<'a> {
    pub(crate) fn new(s: &'a Snapshot, flow: Flow, allow_hostile: bool) -> Network<'a> {
        Network {
            csr: s.flow(flow),
            length: s.path_lengths(flow, allow_hostile),
        }
    }

    pub(super) fn node_count(&self) -> usize {
        self.csr.node_count()
    }

    /// Length of a path: the sum of its entries' lengths, in path order.
    pub(super) fn length_of(&self, entries: &[u32]) -> f64 {
        entries.iter().map(|&e| self.length[e as usize]).sum()
    }
}

/// A simple path as node numbers and the CSR entries joining them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Path {
    pub(crate) nodes: Vec<u32>,
    pub(crate) entries: Vec<u32>,
    pub(crate) length: f64,
}

impl Path {
    pub(super) fn hops(&self) -> usize {
        self.entries.len()
    }
}

/// Candidate order: shorter (stronger) first, then fewer hops, then node numbers, so that
/// equal-strength paths come out in a fixed order.
pub(super) fn path_order(a: &Path, b: &Path) -> Ordering {
    a.length
        .total_cmp(&b.length)
        .then(a.hops().cmp(&b.hops()))
        .then_with(|| a.nodes.cmp(&b.nodes))
}

pub(super) struct Candidate(pub(super) Path);

impl PartialEq for Candidate {
    fn eq(&self, other: &Self) -> bool {
        path_order(&self.0, &other.0) == Ordering::Equal
    }
}
impl Eq for Candidate {}
impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        path_order(&self.0, &other.0)
    }
}

/// A heap key ordered as the length `x ≥ 0` is: the bits of a non-negative float order
/// like the float (integer comparisons are cheaper than `total_cmp`). `+ 0.0` turns the
/// length −0.0 of a tie of strength 1 into +0.0.
#[inline]
pub(crate) fn heap_key(x: f64) -> u64 {
    debug_assert!(x >= 0.0, "{x}");
    (x + 0.0).to_bits()
}

/// A total order on lengths for heaps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct OrdF64(pub(crate) f64);
impl Eq for OrdF64 {}
impl PartialOrd for OrdF64 {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for OrdF64 {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// The node whose row holds CSR entry `e`.
pub(super) fn entry_source(csr: &Csr, e: usize) -> usize {
    // offsets is non-decreasing: the row is the last u with offsets[u] <= e.
    csr.offsets.partition_point(|&o| o <= e) - 1
}
