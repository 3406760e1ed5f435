//! Lower bounds on frustration by packing frustrated cycles.
//!
//! A cycle with exactly one hostile tie cannot be consistent with any partition: its allied
//! ties put both ends of the hostile one in the same bloc. So at least one of its ties is
//! frustrated, whatever the number of blocs. With at most two blocs, the same holds for every
//! cycle with an odd number of hostile ties (Harary 1953; Cartwright & Harary 1956). Giving
//! each such cycle C a share y_C ≥ 0 with Σ_{C ∋ e} y_C ≤ |w_e| for every tie e is a feasible
//! dual of the covering LP, so Σ y_C is a lower bound (the bound used, in LP form, by Aref,
//! Mason & Wilson 2018). The packing is greedy: shortest cycles first, each taking the smallest
//! residual capacity of its ties.
//!
//! Everything is in integer units so that bounds compare exactly with the solver's costs.

use super::signed::SignedGraph;

/// Which cycles are frustrated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cycles {
    /// Exactly one hostile tie: frustrated for any number of blocs.
    OneNegative,
    /// An odd number of hostile ties: frustrated with at most two blocs.
    OddNegative,
}

/// How hard to look.
#[derive(Debug, Clone, Copy)]
pub struct Effort {
    /// Longest path closing a cycle, in ties (the cycle has one more).
    pub max_len: usize,
    /// Adjacency entries scanned before giving up (the bound stays valid, only weaker).
    pub work: u64,
}

/// A lower bound, in units, on the frustration inside the nodes `from..n` of `g` (ties to
/// nodes below `from` are ignored).
pub fn packing_bound(g: &SignedGraph, from: usize, cycles: Cycles, effort: Effort) -> i64 {
    packing(g, from, cycles, effort).0
}

/// The packing bound and the residual capacity of every tie (0 for ties not among the
/// nodes `from..n`): the part of each |weight| the packed cycles left unused, which other
/// bounds may still count.
pub fn packing(g: &SignedGraph, from: usize, cycles: Cycles, effort: Effort) -> (i64, Vec<i64>) {
    let n = g.n();
    if from >= n {
        return (0, vec![0; g.ties]);
    }
    let mut residual = vec![0i64; g.ties];
    for u in from..n {
        for i in g.range(u) {
            if g.targets[i] as usize >= from {
                residual[g.tie[i] as usize] = g.units[i].abs();
            }
        }
    }
    let mut search = Search::new(n);
    let mut charged = vec![false; g.ties];
    let mut total = 0i64;
    let mut work = effort.work;
    // Shortest cycles first, in a few rounds of growing length (a closing walk in the
    // parity cover never needs more than 2n ties).
    let cap = effort.max_len.clamp(2, 2 * n);
    let mut lens: Vec<usize> = [2, 3, 4, 6, cap]
        .into_iter()
        .filter(|&l| l <= cap)
        .collect();
    lens.dedup();
    for len in lens {
        for u in from..n {
            for i in g.range(u) {
                let v = g.targets[i] as usize;
                if v <= u {
                    continue;
                }
                let seed_tie = g.tie[i] as usize;
                let negative = g.units[i] < 0;
                if cycles == Cycles::OneNegative && !negative {
                    continue;
                }
                while residual[seed_tie] > 0 {
                    // Parity of hostile ties the path must have for the cycle to be frustrated.
                    let want = match cycles {
                        Cycles::OneNegative => None,
                        Cycles::OddNegative => Some(!negative),
                    };
                    if !search.find(g, from, &residual, u, v, seed_tie, want, len, &mut work) {
                        break;
                    }
                    let path = &search.path;
                    let mut delta = residual[seed_tie];
                    for &t in path {
                        delta = delta.min(residual[t as usize]);
                    }
                    // A walk may repeat a tie; take from each distinct tie once.
                    residual[seed_tie] -= delta;
                    for &t in path {
                        let t = t as usize;
                        if !charged[t] {
                            charged[t] = true;
                            residual[t] -= delta;
                        }
                    }
                    for &t in path {
                        charged[t as usize] = false;
                    }
                    total += delta;
                    if work == 0 {
                        return (total, residual);
                    }
                }
                if work == 0 {
                    return (total, residual);
                }
            }
        }
    }
    (total, residual)
}

/// Breadth-first search over (node, parity of hostile ties so far) with reusable buffers.
struct Search {
    stamp: Vec<u32>,
    round: u32,
    parent: Vec<(u32, u32)>,
    depth: Vec<u32>,
    queue: Vec<u32>,
    path: Vec<u32>,
}

impl Search {
    fn new(n: usize) -> Search {
        Search {
            stamp: vec![0; 2 * n],
            round: 0,
            parent: vec![(0, 0); 2 * n],
            depth: vec![0; 2 * n],
            queue: Vec::new(),
            path: Vec::new(),
        }
    }

    /// Finds (into `self.path`) the ties of a shortest path from `s` to `t` of at most `max_len` ties with positive
    /// residual, avoiding `skip` and nodes below `from`. With `want = None` only allied ties
    /// are used; with `Some(p)` any ties, and the path's hostile-tie parity must be `p`.
    #[allow(clippy::too_many_arguments)]
    fn find(
        &mut self,
        g: &SignedGraph,
        from: usize,
        residual: &[i64],
        s: usize,
        t: usize,
        skip: usize,
        want: Option<bool>,
        max_len: usize,
        work: &mut u64,
    ) -> bool {
        if max_len <= 3 {
            return self.find_short(g, from, residual, s, t, skip, want, max_len, work);
        }
        self.round = self.round.wrapping_add(1);
        if self.round == 0 {
            self.stamp.iter_mut().for_each(|x| *x = 0);
            self.round = 1;
        }
        let state = |node: usize, odd: bool| 2 * node + usize::from(odd);
        let goal = state(t, want.unwrap_or(false));
        self.queue.clear();
        let s0 = state(s, false);
        self.stamp[s0] = self.round;
        self.depth[s0] = 0;
        self.queue.push(s0 as u32);
        let mut head = 0;
        let mut reached = false;
        'bfs: while head < self.queue.len() {
            let x = self.queue[head] as usize;
            head += 1;
            if self.depth[x] as usize >= max_len {
                continue;
            }
            let (u, odd) = (x / 2, x % 2 == 1);
            for i in g.range(u) {
                *work = work.saturating_sub(1);
                let v = g.targets[i] as usize;
                let tie = g.tie[i] as usize;
                if v < from || tie == skip || residual[tie] <= 0 {
                    continue;
                }
                let negative = g.units[i] < 0;
                if want.is_none() && negative {
                    continue;
                }
                let y = state(v, odd ^ negative);
                if self.stamp[y] == self.round {
                    continue;
                }
                self.stamp[y] = self.round;
                self.depth[y] = self.depth[x] + 1;
                self.parent[y] = (x as u32, tie as u32);
                if y == goal {
                    reached = true;
                    break 'bfs;
                }
                self.queue.push(y as u32);
            }
            if *work == 0 {
                break;
            }
        }
        if !reached {
            return false;
        }
        self.path.clear();
        let mut y = goal;
        while y != s0 {
            let (x, tie) = self.parent[y];
            self.path.push(tie);
            y = x as usize;
        }
        true
    }

    /// [`Search::find`] for paths of 2 or 3 ties, without a search tree: mark the usable
    /// neighbours of `t`, then look at the neighbours of `s` and their neighbours. The cost
    /// is deg t + Σ deg over the neighbours of s, so `s` is the end of smaller degree.
    #[allow(clippy::too_many_arguments)]
    fn find_short(
        &mut self,
        g: &SignedGraph,
        from: usize,
        residual: &[i64],
        s: usize,
        t: usize,
        skip: usize,
        want: Option<bool>,
        max_len: usize,
        work: &mut u64,
    ) -> bool {
        let (s, t) = if g.range(s).len() <= g.range(t).len() {
            (s, t)
        } else {
            (t, s)
        };
        self.round = self.round.wrapping_add(1);
        if self.round == 0 {
            self.stamp.iter_mut().for_each(|x| *x = 0);
            self.round = 1;
        }
        let want_odd = want.unwrap_or(false);
        let usable = |i: usize| {
            let tie = g.tie[i] as usize;
            (g.targets[i] as usize) >= from
                && tie != skip
                && residual[tie] > 0
                && (want.is_some() || g.units[i] > 0)
        };
        // stamp[b] marks a usable tie b–t; parent[b] = (odd, tie).
        for i in g.range(t) {
            *work = work.saturating_sub(1);
            if usable(i) {
                let b = g.targets[i] as usize;
                self.stamp[b] = self.round;
                self.parent[b] = (u32::from(g.units[i] < 0), g.tie[i]);
            }
        }
        self.path.clear();
        for i in g.range(s) {
            *work = work.saturating_sub(1);
            let a = g.targets[i] as usize;
            if a == t || !usable(i) || self.stamp[a] != self.round {
                continue;
            }
            let odd = (g.units[i] < 0) ^ (self.parent[a].0 == 1);
            if odd == want_odd {
                self.path.extend([g.tie[i], self.parent[a].1]);
                return true;
            }
        }
        if max_len < 3 {
            return false;
        }
        for i in g.range(s) {
            let a = g.targets[i] as usize;
            if a == t || !usable(i) {
                continue;
            }
            let odd_a = g.units[i] < 0;
            for j in g.range(a) {
                *work = work.saturating_sub(1);
                let b = g.targets[j] as usize;
                if b == s || self.stamp[b] != self.round || !usable(j) {
                    continue;
                }
                let odd = odd_a ^ (g.units[j] < 0) ^ (self.parent[b].0 == 1);
                if odd == want_odd {
                    self.path.extend([g.tie[i], g.tie[j], self.parent[b].1]);
                    return true;
                }
            }
            if *work == 0 {
                return false;
            }
        }
        false
    }
}

/// Greedy packing of frustrated triangles over the whole graph, in O(m^1.5) (each triangle
/// listed once, in the order of [`SignedGraph::for_each_triangle`], from the one walk
/// [`SignedGraph::triangles`] that the triangle census of [`crate::analysis::balance`]
/// reads too). On large graphs this covers every tie, where the cycle
/// search of [`packing`] runs out of work after a fraction of the nodes; the bound is the
/// same kind (a feasible dual of the covering LP, restricted to triangles).
pub fn triangle_packing(g: &SignedGraph, cycles: Cycles) -> i64 {
    let mut residual = vec![0i64; g.ties];
    for i in 0..g.targets.len() {
        residual[g.tie[i] as usize] = g.units[i].abs();
    }
    let mut total = 0i64;
    g.for_each_odd_triangle(|_, entries| {
        let hostile = entries.iter().filter(|&&i| g.units[i] < 0).count();
        let frustrated = match cycles {
            Cycles::OneNegative => hostile == 1,
            Cycles::OddNegative => hostile % 2 == 1,
        };
        if !frustrated {
            return;
        }
        let ties = entries.map(|i| g.tie[i] as usize);
        let delta = ties.iter().map(|&t| residual[t]).min().unwrap_or(0);
        if delta > 0 {
            for t in ties {
                residual[t] -= delta;
            }
            total += delta;
        }
    });
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    const GENEROUS: Effort = Effort {
        max_len: 64,
        work: u64::MAX,
    };

    #[test]
    fn a_triangle_with_one_hostile_tie_costs_its_lightest_tie() {
        let g = SignedGraph::from_edges(3, &[(0, 1, 0.5), (1, 2, 0.75), (0, 2, -0.25)]);
        assert_eq!(
            packing_bound(&g, 0, Cycles::OneNegative, GENEROUS),
            250_000_000
        );
    }

    #[test]
    fn an_all_hostile_triangle_is_frustrated_only_with_two_blocs() {
        let g = SignedGraph::from_edges(3, &[(0, 1, -1.0), (1, 2, -1.0), (0, 2, -1.0)]);
        assert_eq!(packing_bound(&g, 0, Cycles::OneNegative, GENEROUS), 0);
        assert_eq!(
            packing_bound(&g, 0, Cycles::OddNegative, GENEROUS),
            1_000_000_000
        );
    }

    #[test]
    fn short_search_finds_squares_of_either_parity() {
        // Square 0-1-2-3 with one hostile tie, and square 4-5-6-7 with three.
        let g = SignedGraph::from_edges(
            8,
            &[
                (0, 1, 1.0),
                (1, 2, 1.0),
                (2, 3, 0.5),
                (3, 0, -1.0),
                (4, 5, -1.0),
                (5, 6, -1.0),
                (6, 7, -1.0),
                (7, 4, 0.25),
            ],
        );
        let short = Effort {
            max_len: 3,
            work: u64::MAX,
        };
        assert_eq!(
            packing_bound(&g, 0, Cycles::OneNegative, short),
            500_000_000
        );
        assert_eq!(
            packing_bound(&g, 0, Cycles::OddNegative, short),
            750_000_000
        );
        let triangles_only = Effort {
            max_len: 2,
            work: u64::MAX,
        };
        assert_eq!(packing_bound(&g, 0, Cycles::OddNegative, triangles_only), 0);
    }

    #[test]
    fn finds_long_cycles_and_respects_from() {
        // A 5-cycle with one hostile tie, plus a node 5 hanging off.
        let g = SignedGraph::from_edges(
            6,
            &[
                (0, 1, 1.0),
                (1, 2, 1.0),
                (2, 3, 1.0),
                (3, 4, 1.0),
                (4, 0, -1.0),
                (4, 5, 1.0),
            ],
        );
        assert_eq!(
            packing_bound(&g, 0, Cycles::OneNegative, GENEROUS),
            1_000_000_000
        );
        let short = Effort {
            max_len: 3,
            work: u64::MAX,
        };
        assert_eq!(packing_bound(&g, 0, Cycles::OneNegative, short), 0);
        assert_eq!(packing_bound(&g, 1, Cycles::OneNegative, GENEROUS), 0);
    }
}
