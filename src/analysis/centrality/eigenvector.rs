//! Eigenvector centrality (P. Bonacich, "Factoring and weighting approaches to status
//! scores and clique identification", *J. Math. Sociol.* 2(1), 1972) over allied ties
//! into each actor, by NetworkX's power iteration on A + I from the uniform vector.

use super::Adjacency;
use super::sums::{BLOCK, gathers_miss, prefetch_row_ahead};
use rayon::prelude::*;

/// Eigenvector centrality and the largest eigenvalue it belongs to.
pub struct Eigen {
    pub values: Vec<f64>,
    pub eigenvalue: f64,
    pub converged: bool,
}

/// Eigenvector centrality as NetworkX computes it: power iteration with A + I (so that
/// bipartite graphs converge) from the uniform vector, normalised to unit length, summing
/// the weights of ties *into* each actor. Rows are computed in parallel in fixed blocks; the
/// norms and changes are block sums, so the result does not depend on the thread count.
pub fn eigenvector(allied_in: &Adjacency, tolerance: f64, max_iterations: usize) -> Eigen {
    let n = allied_in.node_count();
    if n == 0 {
        return Eigen {
            values: Vec::new(),
            eigenvalue: 0.0,
            converged: true,
        };
    }
    let mut x = vec![1.0 / n as f64; n];
    let mut x_norm = (n as f64).sqrt() / n as f64;
    let mut next = vec![0.0; n];
    // Per block: Σ next², then Σ |next/‖next‖ − x| and Σ (next/‖next‖)².
    let blocks = n.div_ceil(BLOCK);
    let mut squares = vec![0.0; blocks];
    let mut change_parts = vec![(0.0, 0.0); blocks];
    let mut eigenvalue = 0.0;
    let fetch = gathers_miss(n);
    for _ in 0..max_iterations {
        next.par_chunks_mut(BLOCK)
            .zip(squares.par_iter_mut())
            .enumerate()
            .for_each(|(b, (rows, sq))| {
                let mut sum = 0.0;
                for (i, out) in rows.iter_mut().enumerate() {
                    let v = b * BLOCK + i;
                    if fetch {
                        prefetch_row_ahead(allied_in, v, &x);
                    }
                    let mut s = x[v];
                    for e in allied_in.range(v) {
                        s += x[allied_in.targets[e] as usize] * allied_in.weights[e];
                    }
                    *out = s;
                    sum += s * s;
                }
                *sq = sum;
            });
        let norm = squares.iter().sum::<f64>().sqrt();
        let norm = if norm == 0.0 { 1.0 } else { norm };
        eigenvalue = norm / x_norm - 1.0;
        next.par_chunks_mut(BLOCK)
            .zip(x.par_chunks(BLOCK))
            .zip(change_parts.par_iter_mut())
            .for_each(|((rows, old), part)| {
                let (mut change, mut sq) = (0.0, 0.0);
                for (v, &o) in rows.iter_mut().zip(old) {
                    *v /= norm;
                    change += (*v - o).abs();
                    sq += *v * *v;
                }
                *part = (change, sq);
            });
        let change: f64 = change_parts.iter().map(|p| p.0).sum();
        x_norm = change_parts.iter().map(|p| p.1).sum::<f64>().sqrt();
        std::mem::swap(&mut x, &mut next);
        if change < n as f64 * tolerance {
            return Eigen {
                values: x,
                eigenvalue,
                converged: true,
            };
        }
    }
    Eigen {
        values: x,
        eigenvalue,
        converged: false,
    }
}
