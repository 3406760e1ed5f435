//! Centrality: who matters in a signed actor graph, by fifteen measures.
//!
//! The graph is seen as net ties (parallel relations summed, clamped to [-1, 1]; net ties of
//! weight 0 are dropped). It is **directed** when any relation is directed: measures on
//! paths then follow the influence direction ([`Snapshot::out`]: mutual relations both ways,
//! directed ones one way), and otherwise it is undirected. Which ties each family uses:
//!
//! - **Degree** (`degree`, `positive_degree`, `negative_degree`, `net_degree` = positive −
//!   negative, `weighted_degree` = Σ w, signed): ties with direction ignored.
//! - **Betweenness** (Brandes, "A faster algorithm for betweenness centrality", *J. Math.
//!   Sociol.* 25(2), 2001), **closeness** (Freeman 1979, with Wasserman–Faust's scaling for
//!   disconnected graphs, as NetworkX) and **harmonic** (Marchiori & Latora 2000; Boldi &
//!   Vigna 2014): ties of both signs, as contact. The weighted variants take the length of a
//!   tie to be `d = 1/|w|`: a tie of strength 1 is one step, one of strength 0.5 two steps,
//!   so with all |w| = 1 they equal the unweighted ones. Closeness and harmonic use
//!   distances *to* the actor (incoming), like NetworkX.
//! - **Eigenvector** (Bonacich 1972), **PageRank** (Brin & Page 1998) and **Katz** (Katz
//!   1953): allied ties only, weighted by w (they need a non-negative matrix); in a directed
//!   graph they count ties *into* the actor. Eigenvector follows NetworkX's power
//!   iteration exactly (A + I from the uniform vector); PageRank and Katz reach the fixed
//!   points of NetworkX's iterations by solving their linear systems with Gauss–Seidel
//!   sweeps (PageRank over-relaxed; Del Corso, Gullì & Romani 2005). All stop at the
//!   tolerance [`CentralityOptions::tolerance`] per actor.
//! - **PN** (Everett & Borgatti, "Networks containing negative ties", *Social Networks* 38,
//!   2014): `PN = (I − A / (2n − 2))⁻¹ 1` with `A = P − 2N` for the binary positive and
//!   negative ties, direction ignored. Solved exactly (Gaussian elimination) up to 500
//!   actors, by the convergent series `x ← 1 + A x / (2n − 2)` above.
//!
//! Betweenness runs in parallel (rayon) above [`PARALLEL_THRESHOLD`] actors. Sources are cut
//! into fixed chunks whose partial sums are added in chunk order, so the result is
//! bit-identical to the sequential run. See `docs/analysis/centrality.md`.
//!
//! One file per family, each citing its definition: `degree`, `betweenness` (over the
//! single-source searches of `search`), `closeness` (closeness and harmonic), `eigenvector`,
//! `pagerank`, `katz` and `pn`. `measure` names the measures and holds the options and the
//! result; `adjacency` the rows they read; `sums` the fixed-order parallel sums that keep
//! results independent of the thread count. [`centrality_in`] below builds the views a request
//! needs, runs each family once and scales the columns.

mod adjacency;
mod betweenness;
mod closeness;
mod degree;
mod eigenvector;
mod katz;
mod measure;
mod pagerank;
mod pn;
mod search;
mod sums;
#[cfg(test)]
mod tests;

pub use adjacency::Adjacency;
use adjacency::Views;
pub use betweenness::{
    PARALLEL_THRESHOLD, Parallelism, betweenness, betweenness_from, sample_sources,
};
pub use closeness::closeness_harmonic;
pub use degree::{Degrees, degrees};
pub use eigenvector::{Eigen, eigenvector};
pub use katz::katz;
pub use measure::{ActorCentrality, CentralityOptions, CentralityResult, Measure, Parameters};
pub use pagerank::{pagerank, pagerank_rows};
pub use pn::pn;

use crate::model::{ActorGraph, Snapshot};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};

/// A progress report: `(done, total)` units of work.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// Computes the requested measures. `progress` hears about the path-based measures (the
/// slow ones), one unit per source actor and pass.
pub fn centrality(
    g: &ActorGraph,
    opts: &CentralityOptions,
    progress: Option<Progress>,
) -> CentralityResult {
    centrality_in(g, &Snapshot::new(g), opts, progress)
}

/// [`centrality`] on a snapshot already built from `g` (for callers that run several
/// analyses on one graph).
pub fn centrality_in(
    g: &ActorGraph,
    s: &Snapshot,
    opts: &CentralityOptions,
    progress: Option<Progress>,
) -> CentralityResult {
    let cg = Views::new(s, s.has_directed());
    let n = s.len();
    let mut measures: Vec<Measure> = Vec::new();
    for &x in &opts.measures {
        if !measures.contains(&x) {
            measures.push(x);
        }
    }
    let ranked_by = opts.rank_by.unwrap_or(if measures.is_empty() {
        Measure::Pagerank
    } else {
        measures[0]
    });
    if measures.is_empty() {
        measures = Measure::ALL.to_vec();
    }
    if !measures.contains(&ranked_by) {
        measures.insert(0, ranked_by);
    }
    let wants = |m: Measure| measures.contains(&m);
    let mut notes = Vec::new();

    // Units of slow work, for the progress callback.
    let betweenness_sources = opts.betweenness_samples.map_or(n, |k| k.min(n));
    let total = [
        (wants(Measure::Betweenness), betweenness_sources),
        (wants(Measure::WeightedBetweenness), betweenness_sources),
        (wants(Measure::Closeness) || wants(Measure::Harmonic), n),
        (
            wants(Measure::WeightedCloseness) || wants(Measure::WeightedHarmonic),
            n,
        ),
    ]
    .iter()
    .filter(|p| p.0)
    .map(|p| p.1)
    .sum();
    let done = AtomicUsize::new(0);
    let tick = |k: usize| {
        if let Some(p) = progress {
            let d = done.fetch_add(k, AtomicOrdering::Relaxed) + k;
            p(d, total);
        }
    };
    let tick: &(dyn Fn(usize) + Sync) = &tick;

    let mut columns: BTreeMap<Measure, Vec<f64>> = BTreeMap::new();
    let norm1 = if n > 1 { 1.0 / (n - 1) as f64 } else { 1.0 };

    if measures.iter().any(|m| {
        matches!(
            m,
            Measure::Degree
                | Measure::PositiveDegree
                | Measure::NegativeDegree
                | Measure::NetDegree
                | Measure::WeightedDegree
        )
    }) {
        let d = degrees(cg.undirected());
        let scale = if opts.normalized { norm1 } else { 1.0 };
        let sc = |v: Vec<f64>| v.into_iter().map(|x| x * scale).collect::<Vec<f64>>();
        columns.insert(Measure::Degree, sc(d.degree));
        columns.insert(Measure::PositiveDegree, sc(d.positive));
        columns.insert(Measure::NegativeDegree, sc(d.negative));
        columns.insert(Measure::NetDegree, sc(d.net));
        columns.insert(Measure::WeightedDegree, sc(d.weighted));
    }

    // Sampled sources: each is drawn with probability k/n, so n/k times their sum is an
    // unbiased estimate of the full sum (Brandes & Pich 2007).
    let sources: Option<Vec<usize>> = opts
        .betweenness_samples
        .filter(|&k| k < n)
        .map(|k| sample_sources(n, k, opts.seed));
    let sample_scale = sources
        .as_ref()
        .map_or(1.0, |s| n as f64 / s.len().max(1) as f64);
    let scale_betweenness = |raw: Vec<f64>| -> Vec<f64> {
        let scale = if opts.normalized {
            if n > 2 {
                1.0 / ((n - 1) * (n - 2)) as f64
            } else {
                1.0
            }
        } else if cg.directed {
            1.0
        } else {
            0.5
        };
        raw.into_iter().map(|x| x * scale * sample_scale).collect()
    };
    let all: Vec<usize> = (0..n).collect();
    let from = sources.as_deref().unwrap_or(&all);
    if let Some(s) = &sources
        && (wants(Measure::Betweenness) || wants(Measure::WeightedBetweenness))
    {
        notes.push(format!(
            "betweenness estimated from {} of {n} source actors drawn with seed {} \
             (Brandes & Pich 2007)",
            s.len(),
            opts.seed
        ));
    }
    if wants(Measure::Betweenness) {
        let raw = betweenness_from(cg.out(), None, from, opts.parallelism, Some(tick));
        columns.insert(Measure::Betweenness, scale_betweenness(raw));
    }
    if wants(Measure::WeightedBetweenness) {
        let lengths = cg.out().lengths();
        let raw = betweenness_from(cg.out(), Some(&lengths), from, opts.parallelism, Some(tick));
        columns.insert(Measure::WeightedBetweenness, scale_betweenness(raw));
    }
    let harmonic_scale = if opts.normalized { norm1 } else { 1.0 };
    if wants(Measure::Closeness) || wants(Measure::Harmonic) {
        let (c, h) = closeness_harmonic(cg.incoming(), None, Some(tick));
        columns.insert(Measure::Closeness, c);
        columns.insert(
            Measure::Harmonic,
            h.into_iter().map(|x| x * harmonic_scale).collect(),
        );
    }
    if wants(Measure::WeightedCloseness) || wants(Measure::WeightedHarmonic) {
        let lengths = cg.incoming().lengths();
        let (c, h) = closeness_harmonic(cg.incoming(), Some(&lengths), Some(tick));
        columns.insert(Measure::WeightedCloseness, c);
        columns.insert(
            Measure::WeightedHarmonic,
            h.into_iter().map(|x| x * harmonic_scale).collect(),
        );
    }

    // Eigenvector (then Katz, whose α it gives), PageRank and PN side by side: PageRank and
    // Katz are Gauss–Seidel sweeps, one actor after another, and each family is
    // deterministic on its own, so the result does not depend on the schedule.
    let wants_eigen =
        wants(Measure::Eigenvector) || (wants(Measure::Katz) && opts.katz_alpha.is_none());
    // The views are built here, once: a view is built on first use and not shared across
    // threads while it is being built.
    let allied_in = (wants_eigen || wants(Measure::Katz)).then(|| cg.allied_in());
    let csr_in = wants(Measure::Pagerank).then(|| cg.csr_in());
    let undirected = wants(Measure::Pn).then(|| cg.undirected());
    let spectral = || {
        let mut katz_alpha = opts.katz_alpha.unwrap_or(0.1);
        let e = allied_in
            .filter(|_| wants_eigen)
            .map(|a| eigenvector(a, opts.tolerance, opts.max_iterations));
        if let Some(e) = &e
            && opts.katz_alpha.is_none()
            && e.eigenvalue > 9.0
        {
            katz_alpha = 0.9 / e.eigenvalue;
        }
        let k = allied_in.filter(|_| wants(Measure::Katz)).map(|a| {
            katz(
                a,
                katz_alpha,
                opts.katz_beta,
                opts.tolerance,
                opts.max_iterations,
            )
        });
        (e, katz_alpha, k)
    };
    let rank = || {
        csr_in.map(|csr| {
            pagerank_rows(
                &csr.offsets,
                &csr.targets,
                &csr.weights,
                opts.damping,
                opts.tolerance,
                opts.max_iterations,
            )
        })
    };
    let signed = || undirected.map(|u| pn(u, opts.tolerance, opts.max_iterations));
    let (((e, katz_alpha, k), p), pn_values) = rayon::join(|| rayon::join(spectral, rank), signed);
    if let Some(e) = e {
        if !e.converged {
            notes.push(format!(
                "eigenvector: no convergence in {} iterations",
                opts.max_iterations
            ));
        }
        columns.insert(Measure::Eigenvector, e.values);
    }
    if let Some((v, converged)) = p {
        if !converged {
            notes.push(format!(
                "pagerank: no convergence in {} iterations",
                opts.max_iterations
            ));
        }
        columns.insert(Measure::Pagerank, v);
    }
    if let Some((v, converged)) = k {
        if !converged {
            notes.push(format!(
                "katz: no convergence in {} iterations with alpha {katz_alpha} \
                 (alpha must be below 1/λ)",
                opts.max_iterations
            ));
        }
        columns.insert(Measure::Katz, v);
    }
    if let Some(v) = pn_values {
        columns.insert(Measure::Pn, v);
    }

    let names = s.names(g);
    let columns: Vec<&Vec<f64>> = measures.iter().map(|m| &columns[m]).collect();
    let actors = (0..n)
        .map(|i| ActorCentrality {
            actor: s.ids[i].clone(),
            name: names[i].to_string(),
            values: columns.iter().map(|c| c[i]).collect(),
        })
        .collect();
    CentralityResult {
        graph: g.name.clone(),
        actor_count: n,
        directed: cg.directed,
        normalized: opts.normalized,
        ranked_by,
        measures,
        parameters: Parameters {
            betweenness_samples: sources.as_ref().map(|s| s.len()),
            pagerank_damping: opts.damping,
            katz_alpha,
            katz_beta: opts.katz_beta,
            tolerance: opts.tolerance,
        },
        notes,
        actors,
    }
}
