//! Change points in a series by PELT, the pruned exact linear-time search of Killick,
//! Fearnhead & Eckley (2012), "Optimal detection of changepoints with a linear computational
//! cost", JASA 107(500).
//!
//! The series is cut into segments of constant mean, minimising the sum over segments of the
//! squared deviations from the segment's mean (the normal mean-change cost, up to the noise
//! variance) plus a penalty β per change. PELT returns the same optimum as exhaustive optimal
//! partitioning (Jackson et al. 2005), tested here against it; pruning drops a candidate start
//! once it can never again be the best (the cost satisfies the pruning condition with K = 0).

/// The default penalty for a series of `x`: 2·ln(n)·σ², with σ the noise estimated from the
/// median absolute first difference (MAD / 0.6745 / √2, robust to the changes themselves) and
/// at least 0.05 on the relation-weight scale, so a step between two exactly constant stretches
/// is found when it is clear (δ ≳ 0.15 between stretches of a few periods) and small wobbles are
/// not. This is the BIC/SIC penalty of Killick et al.'s examples with the noise made explicit.
pub fn default_penalty(x: &[f64]) -> f64 {
    let n = x.len().max(2) as f64;
    let mut diffs: Vec<f64> = x.windows(2).map(|w| (w[1] - w[0]).abs()).collect();
    let sigma = if diffs.is_empty() {
        0.0
    } else {
        diffs.sort_by(f64::total_cmp);
        let mid = diffs.len() / 2;
        let mad = if diffs.len() % 2 == 1 {
            diffs[mid]
        } else {
            (diffs[mid - 1] + diffs[mid]) / 2.0
        };
        mad / 0.6745 / std::f64::consts::SQRT_2
    };
    let s = sigma.max(MIN_SIGMA);
    2.0 * n.ln() * s * s
}

/// The smallest noise the default penalty assumes (relation weights run from −1 to 1).
pub const MIN_SIGMA: f64 = 0.05;

/// The indices where a new segment starts (each in `1..x.len()`), in order.
pub fn pelt(x: &[f64], penalty: f64) -> Vec<usize> {
    let n = x.len();
    if n < 2 {
        return Vec::new();
    }
    let (mut s1, mut s2) = (vec![0.0; n + 1], vec![0.0; n + 1]);
    for (i, v) in x.iter().enumerate() {
        s1[i + 1] = s1[i] + v;
        s2[i + 1] = s2[i] + v * v;
    }
    // Cost of the segment x[s..t]: its sum of squared deviations from its mean.
    let cost = |s: usize, t: usize| {
        let len = (t - s) as f64;
        let sum = s1[t] - s1[s];
        (s2[t] - s2[s] - sum * sum / len).max(0.0)
    };
    let mut best = vec![0.0f64; n + 1];
    let mut last = vec![0usize; n + 1];
    best[0] = -penalty;
    let mut candidates = vec![0usize];
    for t in 1..=n {
        let (mut f, mut arg) = (f64::INFINITY, 0);
        for &s in &candidates {
            let v = best[s] + cost(s, t) + penalty;
            if v < f - 1e-12 {
                f = v;
                arg = s;
            }
        }
        best[t] = f;
        last[t] = arg;
        candidates.retain(|&s| best[s] + cost(s, t) <= f + 1e-12);
        candidates.push(t);
    }
    let mut cps = Vec::new();
    let mut t = n;
    while t > 0 {
        let s = last[t];
        if s > 0 {
            cps.push(s);
        }
        t = s;
    }
    cps.reverse();
    cps
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Optimal partitioning by exhaustive dynamic programming (no pruning).
    fn optimal_partitioning(x: &[f64], penalty: f64) -> f64 {
        let n = x.len();
        let cost = |s: usize, t: usize| {
            let seg = &x[s..t];
            let m = seg.iter().sum::<f64>() / seg.len() as f64;
            seg.iter().map(|v| (v - m) * (v - m)).sum::<f64>()
        };
        let mut f = vec![0.0; n + 1];
        f[0] = -penalty;
        for t in 1..=n {
            f[t] = (0..t)
                .map(|s| f[s] + cost(s, t) + penalty)
                .fold(f64::INFINITY, f64::min);
        }
        f[n]
    }

    fn objective(x: &[f64], cps: &[usize], penalty: f64) -> f64 {
        let mut bounds = vec![0];
        bounds.extend_from_slice(cps);
        bounds.push(x.len());
        bounds
            .windows(2)
            .map(|w| {
                let seg = &x[w[0]..w[1]];
                let m = seg.iter().sum::<f64>() / seg.len() as f64;
                seg.iter().map(|v| (v - m) * (v - m)).sum::<f64>()
            })
            .sum::<f64>()
            + penalty * cps.len() as f64
    }

    #[test]
    fn finds_the_steps_of_a_step_function() {
        let mut x = vec![0.8; 10];
        x.extend(vec![0.2; 6]);
        x.extend(vec![-0.7; 8]);
        assert_eq!(pelt(&x, default_penalty(&x)), vec![10, 16]);
        // A constant series has none; a tiny wobble is not a change.
        assert!(pelt(&[0.5; 12], default_penalty(&[0.5; 12])).is_empty());
        let mut w = vec![0.5; 12];
        w[6] = 0.52;
        assert!(pelt(&w, default_penalty(&w)).is_empty());
    }

    proptest! {
        #[test]
        fn pelt_is_optimal_partitioning(
            x in proptest::collection::vec(-1.0f64..1.0, 1..40),
            penalty in 0.0f64..1.0,
        ) {
            let cps = pelt(&x, penalty);
            prop_assert!(cps.windows(2).all(|w| w[0] < w[1]));
            prop_assert!(cps.iter().all(|&c| c > 0 && c < x.len()));
            let got = objective(&x, &cps, penalty);
            let want = optimal_partitioning(&x, penalty);
            prop_assert!((got - want).abs() < 1e-9, "{got} vs {want}");
        }
    }
}
