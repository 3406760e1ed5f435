//! The exact solver: depth-first branch and bound over bloc assignments.
//!
//! Nodes are placed in a fixed order (each next node the one most strongly tied to those
//! already placed, so costs show up early). Node i may join any bloc opened so far or open
//! the next one (the usual symmetry breaking for set partitions: bloc labels are numbered in
//! order of first use). A subtree is cut when its lower bound reaches the best frustration
//! found, which starts at the heuristic's. The bound at depth d is
//!
//!   cost of the placed ties
//!   + Σ over unplaced v of the cheapest bloc for v given its ties to placed nodes
//!   + a packing of frustrated cycles among the unplaced nodes (see [`super::bound`]),
//!
//! three sums over disjoint sets of ties. Costs are integers (1e-9 units), so "optimal" is
//! exact at that resolution. A node budget keeps the running time bounded and the result
//! deterministic; when it runs out the answer is the best found plus a proven lower bound
//! (the minimum of the bounds of the subtrees left unexplored). A time limit
//! ([`super::clock`]) stops it the same way.

use super::bound::{Cycles, Effort, packing};
use super::clock::{CHECK_EVERY, Clock};
use super::heuristic::KMode;
use super::signed::{Builder, SignedGraph};

#[derive(Debug, Clone)]
pub struct Outcome {
    pub labels: Vec<u32>,
    pub cost: i64,
    pub lower_bound: i64,
    pub optimal: bool,
    pub nodes: u64,
}

/// The cycles frustrated under a bloc-count mode.
pub fn cycles_for(mode: KMode) -> Cycles {
    match mode {
        KMode::AtMost(2) | KMode::Exactly(2) => Cycles::OddNegative,
        _ => Cycles::OneNegative,
    }
}

/// Search nodes of the combinatorial branch and bound tried first with a free number of
/// blocs, before the LP-based branch and cut ([`super::lp`]) takes over.
pub const COMBINATORIAL_FIRST: u64 = 200_000;
/// Budget units one LP node of the branch and cut counts for (a re-solve with cutting
/// planes costs about as much as this many combinatorial nodes).
pub const LP_NODE_COST: u64 = 10_000;

/// Solves `g` exactly for `mode`, starting from the feasible `incumbent`, within
/// `node_budget` search nodes and the `clock`'s time limit. With a free number of blocs, a
/// combinatorial search that does not finish within [`COMBINATORIAL_FIRST`] nodes hands its
/// best partition to the LP-based branch and cut, whose bound is far stronger on dense noisy
/// graphs.
pub fn solve(
    g: &SignedGraph,
    mode: KMode,
    incumbent: &[u32],
    node_budget: u64,
    clock: &Clock,
) -> Outcome {
    clock.searching(g.n());
    if mode != KMode::Free || node_budget <= COMBINATORIAL_FIRST {
        return search(g, mode, incumbent, node_budget, clock);
    }
    let first = search(g, mode, incumbent, COMBINATORIAL_FIRST, clock);
    if first.optimal || clock.expired() {
        return first;
    }
    // The search may overrun its budget by a few leaves.
    let lp_nodes = node_budget.saturating_sub(first.nodes) / LP_NODE_COST;
    match super::lp::solve(g, &first.labels, lp_nodes, clock) {
        Some(lp) => {
            let nodes = first.nodes + lp.nodes * LP_NODE_COST;
            let (labels, cost) = if lp.cost < first.cost {
                (lp.labels, lp.cost)
            } else {
                (first.labels, first.cost)
            };
            Outcome {
                labels,
                cost,
                // Both are proven bounds; neither exceeds the cost found.
                lower_bound: lp.lower_bound.max(first.lower_bound).min(cost),
                optimal: lp.optimal,
                nodes,
            }
        }
        // The LP solver failed: the combinatorial search gets the whole budget.
        None => search(g, mode, &first.labels, node_budget, clock),
    }
}

/// The combinatorial branch and bound.
fn search(
    g: &SignedGraph,
    mode: KMode,
    incumbent: &[u32],
    node_budget: u64,
    clock: &Clock,
) -> Outcome {
    let n = g.n();
    if n == 0 {
        return Outcome {
            labels: Vec::new(),
            cost: 0,
            lower_bound: 0,
            optimal: true,
            nodes: 0,
        };
    }
    let (kmax, kmin) = match mode {
        KMode::Free => (n, 0),
        KMode::AtMost(k) => (k.clamp(1, n), 0),
        KMode::Exactly(k) => (k.clamp(1, n), k.clamp(1, n)),
    };
    let order = placement_order(g);
    let mut position = vec![0usize; n];
    for (p, &v) in order.iter().enumerate() {
        position[v] = p;
    }
    // The graph renumbered by position.
    let mut b = Builder::with_capacity(n, g.targets.len());
    let mut row: Vec<(u32, f64)> = Vec::new();
    for &v in &order {
        row.clear();
        row.extend(
            g.range(v)
                .map(|i| (position[g.targets[i] as usize] as u32, g.weights[i])),
        );
        row.sort_by_key(|r| r.0);
        for &(t, w) in &row {
            b.push(t, w);
        }
        b.end_row();
    }
    let h = b.finish();
    let cycles = cycles_for(mode);
    let effort = Effort {
        max_len: 2 * n,
        work: 50_000_000,
    };
    let mut tail: Vec<i64> = Vec::with_capacity(n + 1);
    let mut partner = vec![u32::MAX; n * n];
    let mut pair_units = vec![0i64; n * n];
    for d in 0..=n {
        // The bounds of a large component take a while: out of time, the root's bound (a
        // cycle packing of the whole graph) is the answer's.
        if d > 0 && clock.expired() {
            let cost = g.frustration_units(incumbent);
            return Outcome {
                labels: incumbent.to_vec(),
                cost,
                lower_bound: tail[0].min(cost),
                optimal: false,
                nodes: 0,
            };
        }
        let (bound, residual) = packing(&h, d, cycles, effort);
        tail.push(bound);
        if d < n {
            match_leftovers(
                &h,
                d,
                &residual,
                &mut partner[d * n..(d + 1) * n],
                &mut pair_units[d * n..(d + 1) * n],
            );
        }
    }

    let incumbent_by_position: Vec<u32> = order.iter().map(|&v| incumbent[v]).collect();
    let mut s = Search {
        h: &h,
        n,
        kmax,
        kmin,
        tail,
        partner,
        pair_units,
        label: vec![0; n],
        used: 0,
        cost: 0,
        pos_placed: vec![0; n],
        delta: vec![0; n * kmax],
        best: h.frustration_units(&incumbent_by_position),
        best_label: incumbent_by_position,
        nodes: 0,
        budget: node_budget,
        clock,
        aborted: false,
        cands: vec![Vec::with_capacity(kmax + 1); n],
    };
    let root = s.dfs(0);
    let optimal = !s.aborted;
    let lower_bound = if optimal { s.best } else { root.min(s.best) };
    let labels: Vec<u32> = (0..n).map(|v| s.best_label[position[v]]).collect();
    Outcome {
        labels,
        cost: s.best,
        lower_bound,
        optimal,
        nodes: s.nodes,
    }
}

/// A greedy matching of the nodes `d..n` along the ties with the largest leftover capacity
/// after the packing at depth d; each matched pair's bound may count that leftover.
fn match_leftovers(
    h: &SignedGraph,
    d: usize,
    residual: &[i64],
    partner: &mut [u32],
    pair_units: &mut [i64],
) {
    let n = h.n();
    let mut ties: Vec<(i64, usize, usize, i64)> = Vec::new();
    for u in d..n {
        for i in h.range(u) {
            let v = h.targets[i] as usize;
            let r = residual[h.tie[i] as usize];
            if v > u && r > 0 {
                ties.push((r, u, v, r * h.units[i].signum()));
            }
        }
    }
    ties.sort_by(|a, b| b.0.cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    for (_, u, v, w) in ties {
        if partner[u] == u32::MAX && partner[v] == u32::MAX {
            partner[u] = v as u32;
            partner[v] = u as u32;
            pair_units[u] = w;
            pair_units[v] = w;
        }
    }
}

/// Strongest node first, then repeatedly the node most strongly tied to those placed
/// (ties broken by strength, then number).
fn placement_order(g: &SignedGraph) -> Vec<usize> {
    let n = g.n();
    let strength: Vec<i64> = (0..n)
        .map(|u| g.range(u).map(|i| g.units[i].abs()).sum())
        .collect();
    let mut placed = vec![false; n];
    let mut link = vec![0i64; n];
    let mut order = Vec::with_capacity(n);
    for _ in 0..n {
        let next = (0..n)
            .filter(|&v| !placed[v])
            .max_by(|&a, &b| {
                (link[a], strength[a])
                    .cmp(&(link[b], strength[b]))
                    .then(b.cmp(&a))
            })
            .expect("an unplaced node");
        placed[next] = true;
        order.push(next);
        for i in g.range(next) {
            link[g.targets[i] as usize] += g.units[i].abs();
        }
    }
    order
}

struct Search<'a, 'c> {
    h: &'a SignedGraph,
    n: usize,
    kmax: usize,
    kmin: usize,
    /// `tail[d]`: packing bound among positions `d..n`.
    tail: Vec<i64>,
    /// `partner[d * n + v]`: v's partner in the matching of leftover ties at depth d.
    partner: Vec<u32>,
    /// `pair_units[d * n + v]`: the leftover signed weight of the tie to that partner.
    pair_units: Vec<i64>,
    label: Vec<u32>,
    used: usize,
    cost: i64,
    /// For unplaced v: the allied weight to placed nodes (all of it is frustrated unless v
    /// joins their bloc).
    pos_placed: Vec<i64>,
    /// For unplaced v and bloc c: hostile weight to c minus allied weight to c, so that v
    /// joining c costs `pos_placed[v] + delta[v][c]` and a new bloc costs `pos_placed[v]`.
    delta: Vec<i64>,
    best: i64,
    best_label: Vec<u32>,
    nodes: u64,
    budget: u64,
    clock: &'a Clock<'c>,
    aborted: bool,
    cands: Vec<Vec<(i64, u32)>>,
}

impl Search<'_, '_> {
    fn bound(&self, d: usize) -> i64 {
        let mut lb = self.cost + self.tail[d];
        let n = self.n;
        for v in d..n {
            let p = self.partner[d * n + v];
            if p == u32::MAX {
                lb += self.single(v);
            } else if (p as usize) > v {
                lb += self.pair(v, p as usize, self.pair_units[d * n + v]);
            }
        }
        lb
    }

    /// The least cost of v's ties to placed nodes over its possible blocs.
    fn single(&self, v: usize) -> i64 {
        let row = &self.delta[v * self.kmax..v * self.kmax + self.used];
        let mut m = if self.used < self.kmax { 0 } else { i64::MAX };
        for &x in row {
            m = m.min(x);
        }
        self.pos_placed[v] + m
    }

    /// The least cost of two unplaced nodes' ties to placed nodes plus the leftover weight
    /// `w` of the tie between them, over their possible blocs. A new bloc is an option for
    /// each (two distinct new blocs are allowed even when only one is left: a relaxation).
    fn pair(&self, u: usize, v: usize, w: i64) -> i64 {
        let k = self.kmax;
        let open_new = self.used < k;
        // Best and second-best bloc of each, a new bloc counted as label `used`.
        let best2 = |x: usize| {
            let row = &self.delta[x * k..x * k + self.used];
            let mut b = [(i64::MAX, usize::MAX); 2];
            let options = row
                .iter()
                .copied()
                .enumerate()
                .chain(open_new.then_some((self.used, 0)));
            for (c, val) in options {
                if val < b[0].0 {
                    b[1] = b[0];
                    b[0] = (val, c);
                } else if val < b[1].0 {
                    b[1] = (val, c);
                }
            }
            b
        };
        let (bu, bv) = (best2(u), best2(v));
        let add = |a: i64, b: i64| a.saturating_add(b);
        // Apart: distinct blocs (two new blocs are distinct).
        let apart = if bu[0].1 != bv[0].1 || bu[0].1 == self.used {
            add(bu[0].0, bv[0].0)
        } else {
            add(bu[0].0, bv[1].0).min(add(bu[1].0, bv[0].0))
        };
        // Together: the same bloc.
        let mut together = if open_new { 0 } else { i64::MAX };
        for c in 0..self.used {
            together = together.min(self.delta[u * k + c] + self.delta[v * k + c]);
        }
        let apart = add(apart, w.max(0));
        let together = add(together, (-w).max(0));
        self.pos_placed[u] + self.pos_placed[v] + apart.min(together)
    }

    fn place(&mut self, d: usize, c: u32, inc: i64, sign: i64) {
        let h = self.h;
        for i in h.range(d) {
            let v = h.targets[i] as usize;
            if v <= d {
                continue;
            }
            let w = h.units[i];
            let slot = v * self.kmax + c as usize;
            if w > 0 {
                self.pos_placed[v] += sign * w;
                self.delta[slot] -= sign * w;
            } else {
                self.delta[slot] -= sign * w;
            }
        }
        self.cost += sign * inc;
    }

    /// Returns a lower bound on the best completion below this node (`i64::MAX` if none is
    /// feasible).
    fn dfs(&mut self, d: usize) -> i64 {
        self.nodes += 1;
        // Out of time: the subtrees left open keep their bounds, as when the budget runs out.
        if self.nodes.is_multiple_of(CHECK_EVERY)
            && self.clock.tick(self.nodes, self.best, self.tail[0])
        {
            self.aborted = true;
        }
        if d == self.n {
            if self.cost < self.best {
                self.best = self.cost;
                self.best_label.copy_from_slice(&self.label);
            }
            return self.cost;
        }
        let lb = self.bound(d);
        if lb >= self.best {
            return lb;
        }
        if self.nodes >= self.budget || self.aborted {
            self.aborted = true;
            return lb;
        }
        let mut cands = std::mem::take(&mut self.cands[d]);
        cands.clear();
        let base = self.pos_placed[d];
        for c in 0..self.used {
            cands.push((base + self.delta[d * self.kmax + c], c as u32));
        }
        if self.used < self.kmax {
            cands.push((base, self.used as u32));
        }
        cands.sort_unstable();
        let mut sub = i64::MAX;
        for &(inc, c) in &cands {
            if self.aborted {
                sub = sub.min(lb);
                break;
            }
            let opens = c as usize == self.used;
            let used_after = self.used + usize::from(opens);
            if self.n - d - 1 < self.kmin.saturating_sub(used_after) {
                continue;
            }
            self.label[d] = c;
            if opens {
                self.used += 1;
            }
            self.place(d, c, inc, 1);
            let r = self.dfs(d + 1);
            self.place(d, c, inc, -1);
            if opens {
                self.used -= 1;
            }
            sub = sub.min(r);
        }
        self.cands[d] = cands;
        sub.max(lb)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proves_a_small_optimum() {
        // Odd all-hostile triangle plus an allied pendant: free k costs 0, two blocs cost 1.
        let g =
            SignedGraph::from_edges(4, &[(0, 1, -1.0), (1, 2, -1.0), (0, 2, -1.0), (2, 3, 0.5)]);
        let free = solve(
            &g,
            KMode::Free,
            &[0, 0, 0, 0],
            1_000_000,
            &Clock::unlimited(),
        );
        assert!(free.optimal);
        assert_eq!(free.cost, 0);
        let two = solve(
            &g,
            KMode::AtMost(2),
            &[0, 0, 0, 0],
            1_000_000,
            &Clock::unlimited(),
        );
        assert!(two.optimal);
        assert_eq!(two.cost, 1_000_000_000);
        assert_eq!(two.lower_bound, two.cost);
    }

    #[test]
    fn a_tiny_budget_gives_a_valid_lower_bound() {
        let g = SignedGraph::from_edges(
            5,
            &[
                (0, 1, -1.0),
                (1, 2, -1.0),
                (0, 2, -1.0),
                (2, 3, 1.0),
                (3, 4, -1.0),
                (0, 4, 1.0),
                (1, 3, 1.0),
            ],
        );
        let all_one = [0, 0, 0, 0, 0];
        let full = solve(&g, KMode::Free, &all_one, u64::MAX, &Clock::unlimited());
        assert!(full.optimal);
        let cut = solve(&g, KMode::Free, &all_one, 2, &Clock::unlimited());
        assert!(!cut.optimal);
        assert!(cut.lower_bound <= full.cost);
        assert!(cut.cost >= full.cost);
    }
}
