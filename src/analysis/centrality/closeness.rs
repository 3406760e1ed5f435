//! Closeness (L. C. Freeman, "Centrality in social networks: conceptual clarification",
//! *Social Networks* 1, 1979, with Wasserman–Faust's scaling for disconnected graphs, as
//! NetworkX) and harmonic centrality (Marchiori & Latora, "Harmony in the small-world",
//! *Physica A* 285, 2000; Boldi & Vigna, "Axioms for centrality", *Internet Mathematics*
//! 10, 2014), from the distances *to* each actor.

use super::Adjacency;
use super::search::Buffers;
use rayon::prelude::*;

/// Closeness and harmonic centrality from the distances *to* each actor, over `incoming`
/// arcs: by hops 64 sources at a time (`closeness_harmonic_hops`), by `lengths` one
/// Dijkstra search per source. Closeness is `(r − 1)/Σd · (r − 1)/(n − 1)` over the `r`
/// actors that reach it (Wasserman–Faust), harmonic `Σ 1/d`.
pub fn closeness_harmonic(
    incoming: &Adjacency,
    lengths: Option<&[f64]>,
    tick: Option<&(dyn Fn(usize) + Sync)>,
) -> (Vec<f64>, Vec<f64>) {
    let n = incoming.node_count();
    let Some(lengths) = lengths else {
        return closeness_harmonic_hops(incoming, tick);
    };
    let values: Vec<(f64, f64)> = (0..n)
        .into_par_iter()
        .with_min_len(16)
        .map_init(
            || Buffers::new(n),
            |buf, u| {
                buf.dijkstra(incoming, lengths, u);
                let mut sum = 0.0;
                let mut harmonic = 0.0;
                for &v in &buf.order {
                    let dv = buf.dist[v as usize];
                    sum += dv;
                    if dv != 0.0 {
                        harmonic += 1.0 / dv;
                    }
                }
                let r = buf.order.len() as f64;
                let closeness = if sum > 0.0 && n > 1 {
                    (r - 1.0) / sum * ((r - 1.0) / (n - 1) as f64)
                } else {
                    0.0
                };
                buf.reset();
                if let Some(t) = tick {
                    t(1);
                }
                (closeness, harmonic)
            },
        )
        .collect();
    values.into_iter().unzip()
}

/// Closeness (Wasserman–Faust) and harmonic centrality by hop count, 64 sources at a time:
/// the multi-source breadth-first search of Then et al. (2014, "The More the Merrier:
/// Efficient Multi-Source Graph Traversal"), one bit per source in a word per actor, so one
/// pass over a row serves 64 searches. The same values as one search per source, bit for
/// bit: each source's sums take the same terms in the same order (level by level, and the
/// terms within a level are equal).
fn closeness_harmonic_hops(
    incoming: &Adjacency,
    tick: Option<&(dyn Fn(usize) + Sync)>,
) -> (Vec<f64>, Vec<f64>) {
    let n = incoming.node_count();
    let batches: Vec<Vec<(f64, f64)>> = (0..n.div_ceil(64))
        .into_par_iter()
        .map_init(
            || (vec![0u64; n], vec![0u64; n], vec![0u64; n]),
            |(seen, frontier, next), b| {
                let first = b * 64;
                let k = (n - first).min(64);
                seen.iter_mut().for_each(|x| *x = 0);
                frontier.iter_mut().for_each(|x| *x = 0);
                for i in 0..k {
                    seen[first + i] = 1 << i;
                    frontier[first + i] = 1 << i;
                }
                let mut sum = [0u64; 64];
                let mut reached = [1u64; 64];
                let mut harmonic = [0f64; 64];
                let mut level = 0u64;
                loop {
                    level += 1;
                    for (v, &f) in frontier.iter().enumerate() {
                        if f != 0 {
                            for &w in &incoming.targets[incoming.range(v)] {
                                next[w as usize] |= f;
                            }
                        }
                    }
                    let mut any = false;
                    let inverse = 1.0 / level as f64;
                    for w in 0..n {
                        let new = next[w] & !seen[w];
                        next[w] = 0;
                        frontier[w] = new;
                        if new != 0 {
                            any = true;
                            seen[w] |= new;
                            let mut bits = new;
                            while bits != 0 {
                                let i = bits.trailing_zeros() as usize;
                                bits &= bits - 1;
                                sum[i] += level;
                                reached[i] += 1;
                                harmonic[i] += inverse;
                            }
                        }
                    }
                    if !any {
                        break;
                    }
                }
                if let Some(t) = tick {
                    t(k);
                }
                (0..k)
                    .map(|i| {
                        let (r, total) = (reached[i] as f64, sum[i] as f64);
                        let closeness = if total > 0.0 && n > 1 {
                            (r - 1.0) / total * ((r - 1.0) / (n - 1) as f64)
                        } else {
                            0.0
                        };
                        (closeness, harmonic[i])
                    })
                    .collect()
            },
        )
        .collect();
    batches.into_iter().flatten().unzip()
}
