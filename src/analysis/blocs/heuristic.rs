//! The heuristic: multi-start Louvain-style optimisation of the signed objective, then
//! Doreian–Mrvar relocation.
//!
//! Minimising frustration is maximising the total weight of the ties inside blocs
//! (frustration = positive weight − weight inside), which is the signed Potts model of Traag &
//! Bruggeman (2009) with the null-model term set to zero, i.e. correlation clustering. Local
//! moves (Blondel et al. 2008) put each node in the neighbouring bloc it is most tied to, or
//! alone, while that strictly improves the objective; blocs are then refined into
//! well-connected sub-blocs (Traag, Waltman & van Eck 2019, resolution 0), aggregated into
//! single nodes and the moves repeated on the smaller graph. The projected partition is refined by
//! node-level relocation (Doreian & Mrvar 1996) and the whole is iterated from it while it
//! improves. With a fixed number of blocs, the free partition is grouped into k blocs and
//! refined by relocations that keep that number. Every start is seeded; the best is kept.
//!
//! Memory is O(n + m): rows are CSR, accumulators are dense arrays reused across nodes.

use super::rng::Rng;
use super::signed::{Builder, SignedGraph, UNITS};
use std::borrow::Cow;

/// How many blocs a partition may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KMode {
    Free,
    AtMost(usize),
    Exactly(usize),
}

/// Improvements smaller than this are noise in sums of f64 weights.
const EPS: f64 = 1e-10;
const MAX_PASSES: usize = 1000;
const MAX_ROUNDS: usize = 8;

/// The best partition found over `restarts` seeded starts, labels `0..blocs` numbered in
/// order of first node.
pub fn solve(g: &SignedGraph, mode: KMode, seed: u64, restarts: usize) -> Vec<u32> {
    let mut seeds = Rng::new(seed);
    let mut best: Option<(f64, Vec<u32>)> = None;
    for _ in 0..restarts.max(1) {
        let mut rng = Rng::new(seeds.next_u64());
        let mut labels = iterated_louvain(g, &mut rng);
        match mode {
            KMode::Free => {}
            KMode::AtMost(k) => to_k(g, &mut labels, k, false, &mut rng),
            KMode::Exactly(k) => to_k(g, &mut labels, k, true, &mut rng),
        }
        let f = g.frustration(&labels);
        if best.as_ref().is_none_or(|(bf, _)| f < bf - EPS) {
            best = Some((f, labels));
        }
    }
    let mut labels = best.map(|b| b.1).unwrap_or_default();
    compact(&mut labels);
    labels
}

/// Renumbers labels `0..count` in order of first appearance; returns the count.
pub fn compact(labels: &mut [u32]) -> usize {
    let n = labels.len();
    let mut map = vec![u32::MAX; n.max(1)];
    let mut next = 0u32;
    for l in labels.iter_mut() {
        let slot = &mut map[*l as usize];
        if *slot == u32::MAX {
            *slot = next;
            next += 1;
        }
        *l = *slot;
    }
    next as usize
}

fn iterated_louvain(g: &SignedGraph, rng: &mut Rng) -> Vec<u32> {
    let mut labels = louvain(g, None, rng);
    labels = local_moves(g, Some(labels), rng);
    let mut f = g.frustration(&labels);
    for _ in 0..MAX_ROUNDS {
        let mut next = louvain(g, Some(labels.clone()), rng);
        next = local_moves(g, Some(next), rng);
        let nf = g.frustration(&next);
        if nf < f - EPS {
            labels = next;
            f = nf;
        } else {
            break;
        }
    }
    labels
}

/// Multi-level local moving with Leiden's refinement (Traag, Waltman & van Eck 2019): after
/// the moves, each bloc is split into well-connected sub-blocs by greedily merging single
/// nodes; the graph is aggregated by sub-blocs, which start in their parent bloc. `init` is
/// the partition level 0 starts from (singletons if none).
fn louvain(g: &SignedGraph, init: Option<Vec<u32>>, rng: &mut Rng) -> Vec<u32> {
    let n = g.n();
    let mut membership: Vec<u32> = (0..n as u32).collect();
    let mut level: Cow<SignedGraph> = Cow::Borrowed(g);
    let mut init = init;
    loop {
        let comm = local_moves(&level, init.take(), rng);
        let count = comm.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
        if count == level.n() {
            for m in membership.iter_mut() {
                *m = comm[*m as usize];
            }
            break;
        }
        let mut refined = refine(&level, &comm, rng);
        let mut refined_count = compact(&mut refined);
        if refined_count == level.n() {
            // Nothing merged: aggregate by the blocs themselves (a Louvain step).
            refined = comm.clone();
            refined_count = count;
        }
        // Each sub-bloc starts in its parent bloc.
        let mut parent = vec![0u32; refined_count];
        for (v, &r) in refined.iter().enumerate() {
            parent[r as usize] = comm[v];
        }
        for m in membership.iter_mut() {
            *m = refined[*m as usize];
        }
        level = Cow::Owned(aggregate(&level, &refined, refined_count));
        init = Some(parent);
    }
    membership
}

/// Leiden's refinement for the signed objective (resolution 0): within each bloc, a node
/// still alone joins the sub-bloc it is most tied to when the tie weight is positive, the
/// node is tied to its bloc with non-negative weight and the sub-bloc is too (both
/// "well connected").
fn refine(g: &SignedGraph, comm: &[u32], rng: &mut Rng) -> Vec<u32> {
    let n = g.n();
    let mut refined: Vec<u32> = (0..n as u32).collect();
    let mut size = vec![1u32; n];
    // Weight from each sub-bloc to the rest of its bloc.
    let mut outward = vec![0.0f64; n];
    for u in 0..n {
        for i in g.range(u) {
            if comm[g.targets[i] as usize] == comm[u] {
                outward[u] += g.weights[i];
            }
        }
    }
    let mut acc = vec![0.0f64; n];
    let mut seen = vec![false; n];
    let mut touched: Vec<u32> = Vec::new();
    let mut order: Vec<u32> = (0..n as u32).collect();
    rng.shuffle(&mut order);
    for &v in &order {
        let v = v as usize;
        if size[refined[v] as usize] != 1 || outward[v] < 0.0 {
            continue;
        }
        for i in g.range(v) {
            let u = g.targets[i] as usize;
            if comm[u] != comm[v] {
                continue;
            }
            let r = refined[u];
            if !seen[r as usize] {
                seen[r as usize] = true;
                touched.push(r);
            }
            acc[r as usize] += g.weights[i];
        }
        let own = refined[v];
        let mut best = own;
        let mut best_gain = EPS;
        for &r in &touched {
            let gain = acc[r as usize];
            if r != own && gain > best_gain && outward[r as usize] >= 0.0 {
                best = r;
                best_gain = gain;
            }
        }
        if best != own {
            let b = best as usize;
            outward[b] += outward[v] - 2.0 * acc[b];
            size[b] += 1;
            size[own as usize] = 0;
            refined[v] = best;
        }
        for &r in &touched {
            acc[r as usize] = 0.0;
            seen[r as usize] = false;
        }
        touched.clear();
    }
    refined
}

/// Moves single nodes between blocs (or into a new bloc) while that strictly lowers
/// frustration. Returns compact labels.
pub fn local_moves(g: &SignedGraph, init: Option<Vec<u32>>, rng: &mut Rng) -> Vec<u32> {
    let n = g.n();
    let mut comm = match init {
        Some(mut l) => {
            compact(&mut l);
            l
        }
        None => (0..n as u32).collect(),
    };
    let mut size = vec![0u32; n];
    for &c in &comm {
        size[c as usize] += 1;
    }
    // Empty bloc ids; popping gives the largest first, any is fine (labels are compacted).
    let mut free: Vec<u32> = (0..n as u32).filter(|&c| size[c as usize] == 0).collect();
    let mut acc = vec![0.0f64; n];
    let mut seen = vec![false; n];
    let mut touched: Vec<u32> = Vec::new();
    let mut order: Vec<u32> = (0..n as u32).collect();
    for _ in 0..MAX_PASSES {
        rng.shuffle(&mut order);
        let mut moves = 0usize;
        for &u in &order {
            let u = u as usize;
            let a = comm[u];
            for i in g.range(u) {
                let v = g.targets[i] as usize;
                if v == u {
                    continue;
                }
                let c = comm[v];
                if !seen[c as usize] {
                    seen[c as usize] = true;
                    touched.push(c);
                }
                acc[c as usize] += g.weights[i];
            }
            let w_a = acc[a as usize];
            let mut best = a;
            let mut best_gain = 0.0;
            for &c in &touched {
                if c != a {
                    let gain = acc[c as usize] - w_a;
                    if gain > best_gain + EPS {
                        best = c;
                        best_gain = gain;
                    }
                }
            }
            let alone = size[a as usize] > 1 && -w_a > best_gain + EPS;
            for &c in &touched {
                acc[c as usize] = 0.0;
                seen[c as usize] = false;
            }
            touched.clear();
            if alone {
                best = free.pop().expect("fewer blocs than nodes");
            }
            if best != a {
                size[a as usize] -= 1;
                if size[a as usize] == 0 {
                    free.push(a);
                }
                size[best as usize] += 1;
                comm[u] = best;
                moves += 1;
            }
        }
        if moves == 0 {
            break;
        }
    }
    compact(&mut comm);
    comm
}

/// The graph of blocs: one node per bloc, ties summed (in integer units, so that both
/// directions agree exactly), ties inside a bloc dropped.
pub fn aggregate(g: &SignedGraph, comm: &[u32], count: usize) -> SignedGraph {
    let n = g.n();
    let mut start = vec![0usize; count + 1];
    for &c in comm {
        start[c as usize + 1] += 1;
    }
    for c in 0..count {
        start[c + 1] += start[c];
    }
    let mut fill = start.clone();
    let mut members = vec![0u32; n];
    for (u, &c) in comm.iter().enumerate() {
        members[fill[c as usize]] = u as u32;
        fill[c as usize] += 1;
    }
    let mut acc = vec![0i64; count];
    let mut seen = vec![false; count];
    let mut touched: Vec<u32> = Vec::new();
    let mut b = Builder::with_capacity(count, 0);
    for c in 0..count {
        for &u in &members[start[c]..start[c + 1]] {
            for i in g.range(u as usize) {
                let d = comm[g.targets[i] as usize];
                if d as usize == c {
                    continue;
                }
                if !seen[d as usize] {
                    seen[d as usize] = true;
                    touched.push(d);
                }
                acc[d as usize] += g.units[i];
            }
        }
        touched.sort_unstable();
        for &d in &touched {
            let w = acc[d as usize];
            if w != 0 {
                b.push(d, w as f64 / UNITS);
            }
            acc[d as usize] = 0;
            seen[d as usize] = false;
        }
        touched.clear();
        b.end_row();
    }
    b.finish()
}

/// Turns a free partition into one with at most / exactly `k` blocs, then refines it.
fn to_k(g: &SignedGraph, labels: &mut [u32], k: usize, exactly: bool, rng: &mut Rng) {
    let n = g.n();
    let k = k.clamp(1, n.max(1));
    let count = compact(labels);
    if count > k {
        // Group the blocs: the k largest seed the groups, each other bloc joins the group
        // it is most tied to; then relocate whole blocs.
        let agg = aggregate(g, labels, count);
        let mut size = vec![0usize; count];
        for &l in labels.iter() {
            size[l as usize] += 1;
        }
        let mut by_size: Vec<usize> = (0..count).collect();
        by_size.sort_by(|&a, &b| size[b].cmp(&size[a]).then(a.cmp(&b)));
        let mut group = vec![u32::MAX; count];
        for (i, &b) in by_size.iter().take(k).enumerate() {
            group[b] = i as u32;
        }
        let mut conn = vec![0.0f64; k];
        for &b in by_size.iter().skip(k) {
            conn.iter_mut().for_each(|x| *x = 0.0);
            for i in agg.range(b) {
                let gr = group[agg.targets[i] as usize];
                if gr != u32::MAX {
                    conn[gr as usize] += agg.weights[i];
                }
            }
            let mut best = 0;
            for c in 1..k {
                if conn[c] > conn[best] + EPS {
                    best = c;
                }
            }
            group[b] = best as u32;
        }
        relocate_k(&agg, &mut group, k, true, rng);
        for l in labels.iter_mut() {
            *l = group[*l as usize];
        }
    }
    let mut count = compact(labels);
    if exactly {
        while count < k {
            split_off_one(g, labels, count as u32);
            count += 1;
        }
    }
    relocate_k(g, labels, k, exactly, rng);
    compact(labels);
}

/// Moves into the new bloc `new` the node whose leaving its bloc costs least (a bloc of
/// one is never emptied).
fn split_off_one(g: &SignedGraph, labels: &mut [u32], new: u32) {
    let n = g.n();
    let mut size = vec![0usize; n];
    for &l in labels.iter() {
        size[l as usize] += 1;
    }
    let mut best: Option<(f64, usize)> = None;
    for u in 0..n {
        if size[labels[u] as usize] < 2 {
            continue;
        }
        let own: f64 = g
            .range(u)
            .filter(|&i| labels[g.targets[i] as usize] == labels[u])
            .map(|i| g.weights[i])
            .sum();
        if best.is_none_or(|(b, _)| own < b - EPS) {
            best = Some((own, u));
        }
    }
    if let Some((_, u)) = best {
        labels[u] = new;
    }
}

/// Doreian–Mrvar relocation among `k` blocs: move single nodes while that strictly lowers
/// frustration; with `exactly`, never empty a bloc.
pub fn relocate_k(g: &SignedGraph, labels: &mut [u32], k: usize, exactly: bool, rng: &mut Rng) {
    let n = g.n();
    let mut size = vec![0usize; k];
    for &l in labels.iter() {
        size[l as usize] += 1;
    }
    let mut acc = vec![0.0f64; k];
    let mut seen = vec![false; k];
    let mut touched: Vec<u32> = Vec::new();
    let mut order: Vec<u32> = (0..n as u32).collect();
    for _ in 0..MAX_PASSES {
        rng.shuffle(&mut order);
        let mut moves = 0usize;
        for &u in &order {
            let u = u as usize;
            let a = labels[u];
            if exactly && size[a as usize] <= 1 {
                continue;
            }
            for i in g.range(u) {
                let c = labels[g.targets[i] as usize];
                if !seen[c as usize] {
                    seen[c as usize] = true;
                    touched.push(c);
                }
                acc[c as usize] += g.weights[i];
            }
            let w_a = acc[a as usize];
            let mut best = a;
            let mut best_gain = 0.0;
            for &c in &touched {
                if c != a {
                    let gain = acc[c as usize] - w_a;
                    if gain > best_gain + EPS {
                        best = c;
                        best_gain = gain;
                    }
                }
            }
            if -w_a > best_gain + EPS
                && let Some(c) = (0..k as u32).find(|&c| c != a && !seen[c as usize])
            {
                best = c;
            }
            for &c in &touched {
                acc[c as usize] = 0.0;
                seen[c as usize] = false;
            }
            touched.clear();
            if best != a {
                size[a as usize] -= 1;
                size[best as usize] += 1;
                labels[u] = best;
                moves += 1;
            }
        }
        if moves == 0 {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_camps() -> SignedGraph {
        // {0,1,2} allied, {3,4} allied, hostile across, plus one hostile tie inside.
        SignedGraph::from_edges(
            5,
            &[
                (0, 1, 1.0),
                (1, 2, 1.0),
                (0, 2, 0.5),
                (3, 4, 1.0),
                (0, 3, -1.0),
                (2, 4, -0.5),
                (1, 2, -0.2),
            ],
        )
    }

    #[test]
    fn finds_the_camps() {
        let g = two_camps();
        let l = solve(&g, KMode::Free, 1, 4);
        assert_eq!(l, vec![0, 0, 0, 1, 1]);
        assert_eq!(g.frustration(&l), 0.0);
    }

    #[test]
    fn respects_the_number_of_blocs() {
        let g = two_camps();
        let l = solve(&g, KMode::Exactly(3), 1, 4);
        let count = l.iter().copied().max().unwrap() + 1;
        assert_eq!(count, 3);
        let l1 = solve(&g, KMode::Exactly(1), 1, 4);
        assert!(l1.iter().all(|&x| x == 0));
        assert!((g.frustration(&l1) - 1.5).abs() < 1e-12);
        let l2 = solve(&g, KMode::AtMost(2), 1, 4);
        assert_eq!(l2, vec![0, 0, 0, 1, 1]);
    }

    #[test]
    fn same_seed_same_partition() {
        let mut edges = Vec::new();
        let mut r = Rng::new(3);
        for u in 0..200usize {
            for _ in 0..4 {
                let v = r.below(200);
                if v != u {
                    let w = if (u / 50 == v / 50) ^ (r.below(10) == 0) {
                        1.0
                    } else {
                        -1.0
                    };
                    edges.push((u, v, w));
                }
            }
        }
        let g = SignedGraph::from_edges(200, &edges);
        let a = solve(&g, KMode::Free, 9, 3);
        let b = solve(&g, KMode::Free, 9, 3);
        assert_eq!(a, b);
    }
}
