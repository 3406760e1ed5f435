//! The signed graph the bloc solvers work on: the snapshot's undirected net ties without the
//! zero ones, in compressed sparse rows, with each tie's weight also in integer units (for the
//! exact solver and the bounds, whose comparisons must not drift) and a shared tie number for
//! both directions of a tie (for the residual capacities of the cycle packing), and its
//! triangles walked once and kept (Chiba & Nishizeki 1985; read by the balance census and
//! the triangle packings).

use crate::model::{Csr, WEIGHT_UNITS, prefetch};
use std::sync::OnceLock;

/// Integer units per unit of weight: the exact solver compares frustrations at 1e-9.
pub const UNITS: f64 = WEIGHT_UNITS;

/// `bound` rounded up to a multiple of `grain` (see [`SignedGraph::grain`]): still a lower
/// bound when every achievable value is a multiple of `grain`.
pub fn round_up_to_grain(bound: i64, grain: i64) -> i64 {
    let r = bound.rem_euclid(grain);
    if r == 0 { bound } else { bound - r + grain }
}

/// A weight in integer units.
pub fn to_units(w: f64) -> i64 {
    (w * UNITS).round() as i64
}

#[derive(Debug, Clone, Default)]
pub struct SignedGraph {
    pub offsets: Vec<usize>,
    pub targets: Vec<u32>,
    pub weights: Vec<f64>,
    pub units: Vec<i64>,
    /// The tie number (0..tie_count) of each entry; both directions share it.
    pub tie: Vec<u32>,
    /// Number of undirected ties.
    pub ties: usize,
    /// The triangles, walked on first use ([`SignedGraph::triangles`]). They depend on the
    /// rows and each tie's sign only, which [`SignedGraph::make_signs`] keeps.
    triangles: OnceLock<Triangles>,
}

/// A graph's triangles counted by how many of their ties are hostile, and those that may
/// frustrate a partition listed in the order [`SignedGraph::for_each_triangle`] finds them:
/// the balance census and the bloc bounds' packings read this one walk.
#[derive(Debug, Clone, Default)]
pub struct Triangles {
    /// By the number of hostile ties (weight below zero): 0, 1, 2, 3.
    pub by_hostile: [u64; 4],
    /// The triangles with an odd number of hostile ties by weight or by units, in walk
    /// order: `(nodes, entries)` as [`SignedGraph::for_each_triangle`] gives them. `None`
    /// when there were more than the graph has tie entries (kept, the list would outgrow
    /// the graph): then [`SignedGraph::for_each_odd_triangle`] walks again.
    odd: Option<Vec<([u32; 3], [u32; 3])>>,
}

impl SignedGraph {
    /// The non-zero ties of a symmetric CSR. Zero net ties (an alliance cancelled by a
    /// rivalry) cost nothing in any partition and do not join components.
    pub fn from_csr(csr: &Csr) -> SignedGraph {
        let n = csr.node_count();
        let mut b = Builder::with_capacity(n, csr.entry_count());
        for u in 0..n {
            for (v, w) in csr.neighbors(u) {
                if w != 0.0 && v != u {
                    b.push(v as u32, w);
                }
            }
            b.end_row();
        }
        b.finish()
    }

    #[cfg(test)]
    /// Builds from an edge list `(u, v, w)` with `u != v`, each tie given once; parallel
    /// entries are summed. For tests and generators.
    pub fn from_edges(n: usize, edges: &[(usize, usize, f64)]) -> SignedGraph {
        let mut entries: Vec<(u32, u32, f64)> = Vec::with_capacity(edges.len() * 2);
        for &(u, v, w) in edges {
            assert!(u != v && u < n && v < n, "bad edge ({u}, {v})");
            entries.push((u as u32, v as u32, w));
            entries.push((v as u32, u as u32, w));
        }
        entries.sort_by_key(|e| (e.0, e.1));
        let mut b = Builder::with_capacity(n, entries.len());
        let mut i = 0;
        for u in 0..n as u32 {
            while i < entries.len() && entries[i].0 == u {
                let v = entries[i].1;
                let mut w = 0.0;
                while i < entries.len() && entries[i].0 == u && entries[i].1 == v {
                    w += entries[i].2;
                    i += 1;
                }
                if w != 0.0 {
                    b.push(v, w);
                }
            }
            b.end_row();
        }
        b.finish()
    }

    /// The same ties with weight ±1: the sign-only graph of the balance literature.
    pub fn signs(&self) -> SignedGraph {
        let mut g = self.clone();
        g.make_signs();
        g
    }

    /// Every tie's weight replaced by its sign, in place ([`SignedGraph::signs`] without
    /// the copy).
    pub fn make_signs(&mut self) {
        for (w, u) in self.weights.iter_mut().zip(self.units.iter_mut()) {
            *w = w.signum();
            *u = to_units(*w);
        }
    }

    pub fn n(&self) -> usize {
        self.offsets.len() - 1
    }

    pub fn range(&self, u: usize) -> std::ops::Range<usize> {
        self.offsets[u]..self.offsets[u + 1]
    }

    /// Fetches into the cache where node `u`'s row starts, for a loop that visits nodes in a
    /// known scattered order (a hint: nothing is read into the program). Its offset must be
    /// cached already ([`Self::prefetch_offset`] a few nodes earlier) or this waits for it.
    #[inline]
    pub fn prefetch_row(&self, u: usize) {
        if let Some(&start) = self.offsets.get(u) {
            prefetch(self.targets.as_ptr().wrapping_add(start));
            prefetch(self.weights.as_ptr().wrapping_add(start));
        }
    }

    /// Fetches node `u`'s row offset into the cache (a hint), ahead of [`Self::prefetch_row`].
    #[inline]
    pub fn prefetch_offset(&self, u: usize) {
        prefetch(self.offsets.as_ptr().wrapping_add(u));
    }

    /// Total |weight| of the ties.
    pub fn total_abs(&self) -> f64 {
        self.units.iter().map(|u| u.abs()).sum::<i64>() as f64 / 2.0 / UNITS
    }

    /// The frustration of a partition: |w| of negative ties inside blocs plus w of positive
    /// ties between blocs.
    pub fn frustration(&self, labels: &[u32]) -> f64 {
        // Summed in integer units: a float sum over a million ties drifts past nine decimals.
        self.frustration_units(labels) as f64 / UNITS
    }

    /// The largest unit every frustration is a multiple of: the greatest common divisor of
    /// the tie weights in integer units (1 for a graph without ties). A lower bound can be
    /// rounded up to a multiple of it: on ±1 weights a bound of 48.2 proves 49.
    pub fn grain(&self) -> i64 {
        fn gcd(a: i64, b: i64) -> i64 {
            if b == 0 { a } else { gcd(b, a % b) }
        }
        self.units.iter().fold(0, |g, &u| gcd(u.abs(), g)).max(1)
    }

    /// The frustration in integer units.
    pub fn frustration_units(&self, labels: &[u32]) -> i64 {
        let mut f = 0;
        for u in 0..self.n() {
            for i in self.range(u) {
                let v = self.targets[i] as usize;
                if v <= u {
                    continue;
                }
                let w = self.units[i];
                let same = labels[u] == labels[v];
                if (w < 0 && same) || (w > 0 && !same) {
                    f += w.abs();
                }
            }
        }
        f
    }

    /// Connected components, each a list of nodes in increasing order, ordered by their
    /// smallest node.
    pub fn components(&self) -> Vec<Vec<usize>> {
        let n = self.n();
        let mut comp = vec![u32::MAX; n];
        let mut out: Vec<Vec<usize>> = Vec::new();
        let mut stack = Vec::new();
        for s in 0..n {
            if comp[s] != u32::MAX {
                continue;
            }
            let id = out.len() as u32;
            comp[s] = id;
            stack.push(s);
            let mut members = Vec::new();
            while let Some(u) = stack.pop() {
                members.push(u);
                for i in self.range(u) {
                    let v = self.targets[i] as usize;
                    if comp[v] == u32::MAX {
                        comp[v] = id;
                        stack.push(v);
                    }
                }
            }
            members.sort_unstable();
            out.push(members);
        }
        out
    }

    /// The subgraph induced by `nodes`, numbered in their given order. `local` is scratch of
    /// length `n()` holding `u32::MAX` everywhere; it is left that way.
    pub fn induced(&self, nodes: &[usize], local: &mut [u32]) -> SignedGraph {
        for (i, &u) in nodes.iter().enumerate() {
            local[u] = i as u32;
        }
        let mut rows: Vec<(u32, f64)> = Vec::new();
        let mut b = Builder::with_capacity(nodes.len(), 0);
        for &u in nodes {
            rows.clear();
            for i in self.range(u) {
                let l = local[self.targets[i] as usize];
                if l != u32::MAX {
                    rows.push((l, self.weights[i]));
                }
            }
            rows.sort_by_key(|r| r.0);
            for &(v, w) in &rows {
                b.push(v, w);
            }
            b.end_row();
        }
        for &u in nodes {
            local[u] = u32::MAX;
        }
        b.finish()
    }

    /// Calls `f(nodes, entries)` once for every triangle: its three nodes `[u, v, x]` and
    /// the entry indices (into `targets`, `weights`, `units`, `tie`) of its ties u–v, v–x
    /// and u–x. Each triangle is found once from its lowest-ranked corner (rank = degree,
    /// then number), which bounds the work by O(m^1.5) (Chiba & Nishizeki 1985).
    pub fn for_each_triangle(&self, mut f: impl FnMut([u32; 3], [usize; 3])) {
        let n = self.n();
        let rank_less = |a: usize, b: usize| (self.range(a).len(), a) < (self.range(b).len(), b);
        // Forward adjacency: (higher-ranked neighbour, entry), 8 bytes each (half the
        // memory and traffic of a `usize` entry: a million-relation graph's triangles are
        // walked twice in a report, beside its other analyses).
        let entry = |i: usize| u32::try_from(i).expect("fewer than 2^32 tie entries");
        let mut fwd_off = vec![0usize; n + 1];
        let mut fwd: Vec<(u32, u32)> = Vec::with_capacity(self.targets.len() / 2);
        for u in 0..n {
            for i in self.range(u) {
                if rank_less(u, self.targets[i] as usize) {
                    fwd.push((self.targets[i], entry(i)));
                }
            }
            fwd_off[u + 1] = fwd.len();
        }
        // mark[x] = entry of u–x for the current u, valid where stamp[x] == u + 1.
        let mut stamp = vec![0u32; n];
        let mut mark = vec![0u32; n];
        // The rows walked are those of the forward entries in order, scattered: the entry
        // `AHEAD` × 3 on has its row's offset fetched into the cache, the one `AHEAD` × 2
        // on its row, the one `AHEAD` on the stamps of its row's first `AHEAD_ROW` (hints).
        const AHEAD: usize = 4;
        const AHEAD_ROW: usize = 32;
        let row_of = |v: u32| fwd_off[v as usize]..fwd_off[v as usize + 1];
        for u in 0..n {
            let here = u as u32 + 1;
            let row = &fwd[row_of(u as u32)];
            for &(x, i) in row {
                stamp[x as usize] = here;
                mark[x as usize] = i;
            }
            for (k, &(v, uv)) in (fwd_off[u]..).zip(row) {
                if let Some(&(far, _)) = fwd.get(k + 3 * AHEAD) {
                    prefetch(fwd_off.as_ptr().wrapping_add(far as usize));
                }
                if let Some(&(mid, _)) = fwd.get(k + 2 * AHEAD) {
                    prefetch(fwd.as_ptr().wrapping_add(fwd_off[mid as usize]));
                }
                if let Some(&(near, _)) = fwd.get(k + AHEAD) {
                    for &(x, _) in fwd[row_of(near)].iter().take(AHEAD_ROW) {
                        prefetch(stamp.as_ptr().wrapping_add(x as usize));
                    }
                }
                for &(x, vx) in &fwd[row_of(v)] {
                    if stamp[x as usize] == here {
                        let entries = [uv, vx, mark[x as usize]].map(|e| e as usize);
                        f([u as u32, v, x], entries);
                    }
                }
            }
        }
    }

    /// The triangles, counted and listed by one walk on first use (see [`Triangles`]).
    pub fn triangles(&self) -> &Triangles {
        self.triangles.get_or_init(|| {
            let mut t = Triangles {
                odd: Some(Vec::new()),
                ..Triangles::default()
            };
            let cap = self.targets.len();
            self.for_each_triangle(|nodes, entries| {
                let (hostile, odd) = self.hostility(entries);
                t.by_hostile[hostile] += 1;
                if odd {
                    match &mut t.odd {
                        Some(list) if list.len() < cap => {
                            list.push((nodes, entries.map(|i| i as u32)));
                        }
                        _ => t.odd = None,
                    }
                }
            });
            t
        })
    }

    /// How many of a triangle's ties are hostile by weight, and whether an odd number are by
    /// weight or by units. Units are read off the weights (an entry's units are always
    /// `to_units` of its weight): one scattered read per tie, not two.
    fn hostility(&self, entries: [usize; 3]) -> (usize, bool) {
        let w = entries.map(|i| self.weights[i]);
        let by_weight = w.iter().filter(|&&x| x < 0.0).count();
        let by_units = w.iter().filter(|&&x| to_units(x) < 0).count();
        (by_weight, by_weight % 2 == 1 || by_units % 2 == 1)
    }

    /// Calls `f(nodes, entries)` for every triangle with an odd number of hostile ties (by
    /// weight or by units; `f` tells which it wants), in the order of
    /// [`SignedGraph::for_each_triangle`]: from the list [`SignedGraph::triangles`] keeps,
    /// or by walking again when it kept none.
    pub fn for_each_odd_triangle(&self, mut f: impl FnMut([u32; 3], [usize; 3])) {
        match &self.triangles().odd {
            Some(odd) => {
                for &(nodes, entries) in odd {
                    f(nodes, entries.map(|i| i as usize));
                }
            }
            None => self.for_each_triangle(|nodes, entries| {
                if self.hostility(entries).1 {
                    f(nodes, entries);
                }
            }),
        }
    }
}

/// Builds a symmetric graph row by row (rows must be given with sorted targets).
pub struct Builder {
    g: SignedGraph,
}

impl Builder {
    pub fn with_capacity(n: usize, entries: usize) -> Builder {
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0);
        Builder {
            g: SignedGraph {
                offsets,
                targets: Vec::with_capacity(entries),
                weights: Vec::with_capacity(entries),
                units: Vec::with_capacity(entries),
                tie: Vec::new(),
                ties: 0,
                triangles: OnceLock::new(),
            },
        }
    }

    pub fn push(&mut self, v: u32, w: f64) {
        self.g.targets.push(v);
        self.g.weights.push(w);
        self.g.units.push(to_units(w));
    }

    pub fn end_row(&mut self) {
        self.g.offsets.push(self.g.targets.len());
    }

    /// Numbers the ties: entry `u → v` with `u < v` gets a new number, its mirror `v → u`
    /// the same one. Rows are visited in order, so the entries `v → u` with `u < v` of row
    /// `v` are reached in that row's order: a cursor per row finds each mirror, where a
    /// binary search per entry was a third of this on ten million relations.
    pub fn finish(mut self) -> SignedGraph {
        let g = &mut self.g;
        let n = g.offsets.len() - 1;
        g.tie = vec![u32::MAX; g.targets.len()];
        let mut mirror: Vec<usize> = g.offsets[..n].to_vec();
        let mut next = 0u32;
        for u in 0..n {
            for i in g.offsets[u]..g.offsets[u + 1] {
                let v = g.targets[i] as usize;
                if u < v {
                    g.tie[i] = next;
                    let j = mirror[v];
                    assert!(
                        j < g.offsets[v + 1] && g.targets[j] as usize == u,
                        "symmetric adjacency"
                    );
                    g.tie[j] = next;
                    mirror[v] += 1;
                    next += 1;
                }
            }
        }
        g.ties = next as usize;
        self.g
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grain_divides_every_frustration_and_bounds_round_up_to_it() {
        // Weights 0.3, -0.5 and 0.7: every frustration is a multiple of 0.1.
        let g = SignedGraph::from_edges(3, &[(0, 1, 0.3), (1, 2, -0.5), (0, 2, 0.7)]);
        assert_eq!(g.grain(), 100_000_000);
        for labels in [[0, 0, 0], [0, 1, 0], [0, 1, 1], [0, 1, 2], [0, 0, 1]] {
            assert_eq!(g.frustration_units(&labels) % g.grain(), 0);
        }
        let unit = SignedGraph::from_edges(2, &[(0, 1, -1.0)]);
        assert_eq!(unit.grain(), 1_000_000_000);
        assert_eq!(SignedGraph::from_edges(2, &[]).grain(), 1);
        assert_eq!(
            round_up_to_grain(48_200_000_000, 1_000_000_000),
            49_000_000_000
        );
        assert_eq!(
            round_up_to_grain(49_000_000_000, 1_000_000_000),
            49_000_000_000
        );
        assert_eq!(round_up_to_grain(0, 7), 0);
        assert_eq!(round_up_to_grain(1, 1), 1);
    }

    #[test]
    fn ties_are_numbered_symmetrically_and_frustration_counts_both_kinds() {
        let g = SignedGraph::from_edges(4, &[(0, 1, 0.5), (1, 2, -0.25), (0, 2, 0.75)]);
        assert_eq!(g.ties, 3);
        for u in 0..4 {
            for i in g.range(u) {
                let v = g.targets[i] as usize;
                let j = g.range(v).find(|&j| g.targets[j] as usize == u).unwrap();
                assert_eq!(g.tie[i], g.tie[j]);
            }
        }
        // {0,1,2} together: the hostile 1–2 is frustrated.
        assert_eq!(g.frustration(&[0, 0, 0, 1]), 0.25);
        // {0,1} {2}: the allied 0–2 crosses.
        assert_eq!(g.frustration(&[0, 0, 1, 1]), 0.75);
        assert_eq!(g.frustration_units(&[0, 0, 1, 1]), 750_000_000);
        assert_eq!(g.components(), vec![vec![0, 1, 2], vec![3]]);
        let mut scratch = vec![u32::MAX; 4];
        let h = g.induced(&[2, 1], &mut scratch);
        assert_eq!(h.n(), 2);
        assert_eq!(h.ties, 1);
        assert_eq!(h.weights, vec![-0.25, -0.25]);
        assert!(scratch.iter().all(|&x| x == u32::MAX));
    }

    /// The triangles with an odd number of hostile ties, as a walk finds them.
    fn odd_by_walking(g: &SignedGraph) -> Vec<([u32; 3], [usize; 3])> {
        let mut odd = Vec::new();
        g.for_each_triangle(|nodes, entries| {
            if entries.iter().filter(|&&i| g.weights[i] < 0.0).count() % 2 == 1 {
                odd.push((nodes, entries));
            }
        });
        odd
    }

    #[test]
    fn the_odd_triangles_are_the_walks_in_its_order_whether_kept_or_walked_again() {
        // A complete graph of 12 actors with one hostile tie in three: 220 triangles and 132
        // tie entries. With every tie hostile all 220 are odd, more than the entries: the
        // list is not kept and the triangles are walked again.
        for hostile_every in [3, 1] {
            let mut edges = Vec::new();
            for u in 0..12 {
                for v in u + 1..12 {
                    let w = if edges.len() % hostile_every == 0 {
                        -0.5
                    } else {
                        0.25
                    };
                    edges.push((u, v, w));
                }
            }
            let mut g = SignedGraph::from_edges(12, &edges);
            let expected = odd_by_walking(&g);
            let mut listed = Vec::new();
            g.for_each_odd_triangle(|nodes, entries| listed.push((nodes, entries)));
            assert_eq!(listed, expected);
            let t = g.triangles();
            assert_eq!(t.by_hostile.iter().sum::<u64>(), 220);
            assert_eq!(t.odd.is_some(), hostile_every == 3, "kept when at most 132");
            if hostile_every == 1 {
                assert_eq!(t.by_hostile, [0, 0, 0, 220]);
            }
            // Signs keep every triangle's hostility: the same list serves them.
            g.make_signs();
            listed.clear();
            g.for_each_odd_triangle(|nodes, entries| listed.push((nodes, entries)));
            assert_eq!(listed, odd_by_walking(&g));
        }
    }
}
