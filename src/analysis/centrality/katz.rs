//! Katz centrality (L. Katz, "A new status index derived from sociometric analysis",
//! *Psychometrika* 18(1), 1953) over allied ties into each actor, by Gauss–Seidel sweeps.

use super::Adjacency;
use super::sums::{gathers_miss, prefetch_row_ahead};

/// Katz centrality: the fixed point of NetworkX's iteration `x ← α Σ_in w x_u + β`, i.e.
/// the solution of `(I − α Aᵀ) x = β·1`, by Gauss–Seidel sweeps in actor order until one
/// changes x by less than `n × tolerance` in L1; then scaled to unit length.
pub fn katz(
    allied_in: &Adjacency,
    alpha: f64,
    beta: f64,
    tolerance: f64,
    max_iterations: usize,
) -> (Vec<f64>, bool) {
    let n = allied_in.node_count();
    let mut x = vec![0.0; n];
    let mut converged = n == 0;
    let fetch = gathers_miss(n);
    for _ in 0..max_iterations {
        let mut change = 0.0;
        for v in 0..n {
            if fetch {
                prefetch_row_ahead(allied_in, v, &x);
            }
            let r = allied_in.range(v);
            let mut pulled = 0.0;
            for (&u, &w) in allied_in.targets[r.clone()]
                .iter()
                .zip(&allied_in.weights[r])
            {
                pulled += w * x[u as usize];
            }
            let new = alpha * pulled + beta;
            change += (new - x[v]).abs();
            x[v] = new;
        }
        if change < n as f64 * tolerance {
            converged = true;
            break;
        }
        if !change.is_finite() {
            break;
        }
    }
    let norm = x.iter().map(|v| v * v).sum::<f64>().sqrt();
    if norm > 0.0 && norm.is_finite() {
        x.iter_mut().for_each(|v| *v /= norm);
    }
    (x, converged)
}
