//! Betweenness: Brandes' algorithm (U. Brandes, "A faster algorithm for betweenness
//! centrality", *J. Math. Sociol.* 25(2), 2001) over ordered pairs, by hops or by tie length
//! `1/|w|`, optionally estimated from sampled sources (Brandes & Pich, "Centrality
//! estimation in large networks", *Int. J. Bifurcation and Chaos* 17(7), 2007).
//!
//! Runs in parallel (rayon) above [`PARALLEL_THRESHOLD`] actors. Sources are cut into fixed
//! chunks whose partial sums are added in chunk order, so the result is bit-identical to the
//! sequential run.

use super::Adjacency;
use super::search::Buffers;
use rayon::prelude::*;
use std::sync::Mutex;

/// Whether betweenness runs on several threads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Parallelism {
    /// In parallel from [`PARALLEL_THRESHOLD`] actors on.
    #[default]
    Auto,
    Sequential,
    Parallel,
}

/// Actors from which betweenness runs in parallel by default.
pub const PARALLEL_THRESHOLD: usize = 200;

/// `k` distinct actors of `0..n` drawn uniformly with a seeded SplitMix64 (partial
/// Fisher–Yates), in increasing order.
pub fn sample_sources(n: usize, k: usize, seed: u64) -> Vec<usize> {
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut all: Vec<usize> = (0..n).collect();
    let k = k.min(n);
    for i in 0..k {
        let j = i + (next() % (n - i) as u64) as usize;
        all.swap(i, j);
    }
    all.truncate(k);
    all.sort_unstable();
    all
}

/// Sources per chunk: partial betweenness sums are per chunk, added in chunk order.
const CHUNK: usize = 32;
/// Chunks computed at once (bounds the memory of partial sums).
const ROUND: usize = 64;

fn use_parallel(p: Parallelism, n: usize) -> bool {
    match p {
        Parallelism::Auto => n >= PARALLEL_THRESHOLD && rayon::current_num_threads() > 1,
        Parallelism::Sequential => false,
        Parallelism::Parallel => true,
    }
}

/// Brandes betweenness over ordered pairs `(s, t)`, unscaled (halve it for an undirected
/// graph to count each pair once). `lengths` gives weighted lengths per arc; `None` counts
/// hops. `tick` hears of every finished chunk of sources.
pub fn betweenness(
    adj: &Adjacency,
    lengths: Option<&[f64]>,
    parallelism: Parallelism,
    tick: Option<&(dyn Fn(usize) + Sync)>,
) -> Vec<f64> {
    let sources: Vec<usize> = (0..adj.node_count()).collect();
    betweenness_from(adj, lengths, &sources, parallelism, tick)
}

/// The dependencies of every node on the given sources, summed (Brandes' betweenness
/// restricted to these sources; [`betweenness`] uses them all).
pub fn betweenness_from(
    adj: &Adjacency,
    lengths: Option<&[f64]>,
    sources: &[usize],
    parallelism: Parallelism,
    tick: Option<&(dyn Fn(usize) + Sync)>,
) -> Vec<f64> {
    let n = adj.node_count();
    let mut total = vec![0.0; n];
    let chunks: Vec<&[usize]> = sources.chunks(CHUNK).collect();
    // Adds every node's dependency on source `s` into `into`.
    let add_dependencies = |buf: &mut Buffers, s: usize, into: &mut [f64]| {
        match lengths {
            None => buf.bfs(adj, s),
            Some(len) => buf.dijkstra(adj, len, s),
        }
        buf.accumulate(adj, lengths, s, into);
        buf.reset();
    };
    let run_chunk = |buf: &mut Buffers, chunk: &[usize]| -> Vec<f64> {
        let mut partial = vec![0.0; n];
        for &s in chunk {
            add_dependencies(buf, s, &mut partial);
        }
        if let Some(t) = tick {
            t(chunk.len());
        }
        partial
    };
    let parallel = use_parallel(parallelism, n);
    let threads = rayon::current_num_threads();
    if parallel && chunks.len() < threads {
        // Fewer chunks than threads (the report samples a few dozen sources): the sources
        // of each chunk are searched side by side instead, each into its own dependency
        // vector, and those are added into the chunk's partial sum in source order, as the
        // chunk's own loop adds them (every node's dependency once per source), so the sums
        // are the same bits. Each thread keeps its search buffers, and the dependency
        // vectors are zeroed and reused: fresh ones per source cost more in page faults
        // than the search they hold.
        let buffers: Vec<Mutex<Buffers>> =
            (0..threads).map(|_| Mutex::new(Buffers::new(n))).collect();
        let mut dependencies: Vec<Vec<f64>> =
            (0..threads.min(CHUNK)).map(|_| vec![0.0; n]).collect();
        for chunk in chunks {
            let mut partial = vec![0.0; n];
            for group in chunk.chunks(dependencies.len()) {
                group
                    .par_iter()
                    .zip(dependencies.par_iter_mut())
                    .for_each(|(&s, dependency)| {
                        let thread = rayon::current_thread_index().unwrap_or(0) % threads;
                        let mut buf = buffers[thread].lock().unwrap_or_else(|e| e.into_inner());
                        add_dependencies(&mut buf, s, dependency);
                    });
                for dependency in &mut dependencies[..group.len()] {
                    for (p, d) in partial.iter_mut().zip(dependency.iter_mut()) {
                        *p += *d;
                        *d = 0.0;
                    }
                }
            }
            if let Some(t) = tick {
                t(chunk.len());
            }
            for (t, x) in total.iter_mut().zip(partial) {
                *t += x;
            }
        }
        return total;
    }
    let mut buf = if parallel {
        None
    } else {
        Some(Buffers::new(n))
    };
    for round in chunks.chunks(ROUND) {
        let partials: Vec<Vec<f64>> = if parallel {
            round
                .par_iter()
                .map_init(|| Buffers::new(n), |buf, chunk| run_chunk(buf, chunk))
                .collect()
        } else {
            let buf = buf.as_mut().expect("sequential buffers");
            round.iter().map(|chunk| run_chunk(buf, chunk)).collect()
        };
        for p in partials {
            for (t, x) in total.iter_mut().zip(p) {
                *t += x;
            }
        }
    }
    total
}
