//! Parallel sums taken in fixed blocks and added in block order, so that the iterative
//! measures give the same bits on any number of threads.

use super::Adjacency;
use rayon::prelude::*;

/// Rows per block of the parallel sums: partial sums are taken per block and added in block
/// order, so that a result does not depend on the number of threads.
pub(super) const BLOCK: usize = 4096;

/// `Σ f(i)` over `0..n`, summed in fixed blocks (see [`BLOCK`]).
fn block_sum(n: usize, f: impl Fn(usize) -> f64 + Sync) -> f64 {
    if n <= BLOCK {
        return (0..n).map(f).sum();
    }
    let parts: Vec<f64> = (0..n.div_ceil(BLOCK))
        .into_par_iter()
        .map(|b| (b * BLOCK..((b + 1) * BLOCK).min(n)).map(&f).sum())
        .collect();
    parts.iter().sum()
}

pub(super) fn l1_change(a: &[f64], b: &[f64]) -> f64 {
    block_sum(a.len(), |i| (a[i] - b[i]).abs())
}

/// Rows ahead whose gathered values [`prefetch_gather`] fetches: the sweeps read `x` at
/// scattered places, which on a million actors miss the cache.
pub(super) const GATHER_AHEAD: usize = 8;

/// Whether the sweeps over `n` values fetch the gathered ones ahead ([`prefetch_gather`]):
/// only values that do not stay in the cache.
pub(super) fn gathers_miss(n: usize) -> bool {
    crate::model::misses_cache(n * std::mem::size_of::<f64>())
}

/// Fetches `x[i]` for every `i` in `index` into the cache (a hint: nothing is read into the
/// program), for the row [`GATHER_AHEAD`] rows on from the one being summed.
#[inline]
pub(super) fn prefetch_gather(index: &[u32], x: &[f64]) {
    for &i in index {
        crate::model::prefetch(x.as_ptr().wrapping_add(i as usize));
    }
}

/// [`prefetch_gather`] for row `v + GATHER_AHEAD` of `adj`, the row a sweep in node order
/// sums [`GATHER_AHEAD`] rows after `v` (nothing past the last row).
#[inline]
pub(super) fn prefetch_row_ahead(adj: &Adjacency, v: usize, x: &[f64]) {
    if v + GATHER_AHEAD < adj.node_count() {
        prefetch_gather(&adj.targets[adj.range(v + GATHER_AHEAD)], x);
    }
}
