//! PN centrality (M. G. Everett & S. P. Borgatti, "Networks containing negative ties",
//! *Social Networks* 38, 2014): `PN = (I − A / (2n − 2))⁻¹ 1` with `A = P − 2N` for the
//! binary positive and negative ties, direction ignored. Solved exactly (Gaussian
//! elimination) up to 500 actors, by the convergent series `x ← 1 + A x / (2n − 2)` above.

use super::Adjacency;
use super::sums::{gathers_miss, l1_change, prefetch_row_ahead};
use rayon::prelude::*;

/// Actors up to which PN is solved exactly.
const PN_DENSE_LIMIT: usize = 500;

/// Everett & Borgatti's PN centrality: `(I − A/(2n − 2))⁻¹ 1` with `A = P − 2N` for the
/// signs of the ties, direction ignored.
pub fn pn(und: &Adjacency, tolerance: f64, max_iterations: usize) -> Vec<f64> {
    let n = und.node_count();
    if n <= 1 {
        return vec![1.0; n];
    }
    let beta = 1.0 / (2 * n - 2) as f64;
    let a = |e: usize| if und.weights[e] > 0.0 { 1.0 } else { -2.0 };
    if n <= PN_DENSE_LIMIT {
        // Gaussian elimination with partial pivoting on M = I − βA.
        let mut m = vec![0.0; n * n];
        for u in 0..n {
            m[u * n + u] = 1.0;
            for e in und.range(u) {
                m[u * n + und.targets[e] as usize] -= beta * a(e);
            }
        }
        let mut b = vec![1.0; n];
        for col in 0..n {
            let pivot = (col..n)
                .max_by(|&i, &j| m[i * n + col].abs().total_cmp(&m[j * n + col].abs()))
                .expect("rows left");
            if pivot != col {
                for k in 0..n {
                    m.swap(col * n + k, pivot * n + k);
                }
                b.swap(col, pivot);
            }
            let p = m[col * n + col];
            for row in col + 1..n {
                let f = m[row * n + col] / p;
                if f != 0.0 {
                    for k in col..n {
                        m[row * n + k] -= f * m[col * n + k];
                    }
                    b[row] -= f * b[col];
                }
            }
        }
        let mut x = vec![0.0; n];
        for row in (0..n).rev() {
            let mut s = b[row];
            for k in row + 1..n {
                s -= m[row * n + k] * x[k];
            }
            x[row] = s / m[row * n + row];
        }
        return x;
    }
    let mut x = vec![1.0; n];
    let mut next = vec![0.0; n];
    let fetch = gathers_miss(n);
    for _ in 0..max_iterations {
        next.par_iter_mut()
            .with_min_len(1024)
            .enumerate()
            .for_each(|(u, out)| {
                if fetch {
                    prefetch_row_ahead(und, u, &x);
                }
                let mut s = 0.0;
                for e in und.range(u) {
                    s += a(e) * x[und.targets[e] as usize];
                }
                *out = 1.0 + beta * s;
            });
        let change = l1_change(&next, &x);
        std::mem::swap(&mut x, &mut next);
        if change < n as f64 * tolerance {
            break;
        }
    }
    x
}
