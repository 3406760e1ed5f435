//! Structural balance: how far a signed graph is from splitting cleanly into camps.
//!
//! - **Frustration index** L (Harary 1959's line index of balance; computed exactly as in
//!   Aref, Mason & Wilson 2018, "Computing the line index of balance using integer
//!   programming optimisation"): the least number of ties (or |weight|) whose removal makes
//!   the graph balanced, i.e. the least frustration of a partition into at most two blocs.
//!   Solved by the bloc solvers with k ≤ 2 (exact up to [`BalanceOptions::exact_limit`] actors
//!   per component, else heuristic with a proven lower bound). Reported on signs (ties
//!   counted, comparable with the literature) and on weights.
//! - **Normalised balance** 1 − L / (m/2) (Aref & Wilson 2018), m the number of ties (or
//!   Σ|w| for the weighted index); a random 2-colouring frustrates m/2 in expectation, so the
//!   value lies in [0, 1].
//! - **Bloc frustration**: the frustration of the optimal partition with a free number of
//!   blocs ([`crate::analysis::blocs`]).
//! - **Triangle index**: the share of balanced triangles. *Strict* (Cartwright & Harary 1956):
//!   +++ and +−− are balanced. *Generalised* (Davis 1967, clustering): −−− is balanced too,
//!   since three mutually hostile actors fit three blocs.
//! - **Linear-time tests**: *balanced* — the signs are 2-colourable (Harary 1953: no cycle
//!   with an odd number of hostile ties); *clusterable* — no cycle with exactly one hostile
//!   tie (Davis 1967), i.e. no hostile tie inside a component of allied ties. Each failed test
//!   gives a witness cycle.
//!
//! All on the snapshot's undirected net ties; zero net ties are ignored.

use crate::analysis::blocs::heuristic::KMode;
use crate::analysis::blocs::signed::SignedGraph;
use crate::analysis::blocs::{self, BlocOptions, BlocResult};
use crate::model::{ActorGraph, ActorId, Confidence, RelationKind, Snapshot};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq)]
pub struct BalanceOptions {
    /// Seed of the heuristic (large graphs).
    pub seed: u64,
    /// Components with at most this many actors get the exact frustration index.
    pub exact_limit: usize,
    /// Branch-and-bound nodes per component.
    pub node_budget: u64,
    /// Unbalanced triads listed (all are counted).
    pub max_triads: usize,
    /// Wall-clock time for each exact search (the blocs, and each frustration index) before
    /// settling for a bound; `None`: the node budget alone (deterministic).
    pub time_limit: Option<std::time::Duration>,
}

impl Default for BalanceOptions {
    fn default() -> Self {
        BalanceOptions {
            seed: 1,
            exact_limit: 64,
            node_budget: 5_000_000,
            max_triads: 1000,
            time_limit: Some(blocs::DEFAULT_TIME_LIMIT),
        }
    }
}

/// A frustration index with its proof status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FrustrationIndex {
    /// L: ties (or |weight|) frustrated by the best partition into at most two camps.
    pub value: f64,
    pub optimal: bool,
    /// Proven lower bound on L (equal to `value` when optimal).
    pub lower_bound: f64,
    /// m (ties) or Σ|w|.
    pub scale: f64,
    /// 1 − L / (scale / 2); `None` without ties.
    pub normalised_balance: Option<f64>,
    /// True when the time limit stopped the exact search (the value and bound depend on the
    /// machine's speed).
    pub time_limited: bool,
}

/// The frustration of the bloc partition (free number of blocs).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BlocFrustration {
    pub blocs: usize,
    pub frustration: f64,
    pub optimal: bool,
    pub lower_bound: f64,
    /// True when the time limit stopped the exact search.
    pub time_limited: bool,
}

/// Triangles of net ties by their number of hostile ties.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TriangleCounts {
    pub total: u64,
    /// +++ (balanced).
    pub ppp: u64,
    /// ++− (unbalanced).
    pub ppn: u64,
    /// +−− (balanced: the enemy of my enemy).
    pub pnn: u64,
    /// −−− (unbalanced strictly; balanced in Davis's generalisation).
    pub nnn: u64,
    /// Cartwright–Harary: (+++ and +−−) / total.
    pub strict_balance: Option<f64>,
    /// Davis: (+++, +−− and −−−) / total.
    pub generalised_balance: Option<f64>,
}

/// One tie of a triad, explained by its representative relation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TriadTie {
    pub a: ActorId,
    pub b: ActorId,
    /// Net weight.
    pub weight: f64,
    #[serde(serialize_with = "crate::model::types::kebab")]
    pub kind: RelationKind,
    #[serde(serialize_with = "crate::model::types::kebab")]
    pub confidence: Confidence,
    pub note: Option<String>,
}

/// A triangle that breaks strict balance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Triad {
    /// Members, sorted.
    pub actors: [ActorId; 3],
    /// "++-" or "---".
    pub signs: String,
    /// True for −−−, which Davis's clustering accepts.
    pub davis_balanced: bool,
    pub ties: [TriadTie; 3],
}

/// The outcome of a linear-time test, with a witness cycle when it fails.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Test {
    pub holds: bool,
    /// A cycle (actors in order, the first not repeated) that breaks the property.
    pub witness: Vec<ActorId>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BalanceResult {
    pub actors: usize,
    /// Non-zero net ties.
    pub ties: usize,
    pub allied_ties: usize,
    pub hostile_ties: usize,
    /// On signs: ties counted, as in the literature.
    pub frustration_index: FrustrationIndex,
    /// On weights.
    pub weighted_frustration_index: FrustrationIndex,
    /// The two camps of the weighted index, larger first (members sorted).
    pub two_camps: [Vec<ActorId>; 2],
    pub bloc_frustration: BlocFrustration,
    pub triangles: TriangleCounts,
    /// Strictly unbalanced triads, most weighty first, at most `max_triads`.
    pub unbalanced_triads: Vec<Triad>,
    /// All strictly unbalanced triads (++− and −−−).
    pub unbalanced_triads_total: u64,
    /// 2-colourable signs: no cycle with an odd number of hostile ties.
    pub balanced: Test,
    /// Davis: no cycle with exactly one hostile tie.
    pub clusterable: Test,
    /// Components of the allied ties (the finest zero-frustration blocs when clusterable).
    pub allied_components: usize,
}

/// Balance measures of `g`; computes the blocs itself.
pub fn balance(g: &ActorGraph, opts: &BalanceOptions) -> BalanceResult {
    balance_progress(g, opts, None)
}

/// [`balance`], telling `progress` how the exact searches are doing while they run.
pub fn balance_progress(
    g: &ActorGraph,
    opts: &BalanceOptions,
    progress: Option<blocs::OnProgress>,
) -> BalanceResult {
    let s = Snapshot::new(g);
    let (b, sg) = blocs::detect_blocs_keeping(
        g,
        &s,
        &BlocOptions {
            seed: opts.seed,
            node_budget: opts.node_budget,
            time_limit: opts.time_limit,
            ..BlocOptions::default()
        },
        progress,
    );
    balance_within(g, &s, &b, sg, opts, progress, SIGNS_COPY_MAX)
}

/// Tie entries (two per tie) above which the frustration index on signs is computed after
/// the weighted one, on the graph turned to signs in place, rather than side by side on a
/// copy: 500 000 ties, far beyond where exact searches run.
const SIGNS_COPY_MAX: usize = 1_000_000;

/// Balance measures of `g` (snapshot `s`) given its blocs.
pub fn balance_with(
    g: &ActorGraph,
    s: &Snapshot,
    blocs: &BlocResult,
    opts: &BalanceOptions,
) -> BalanceResult {
    balance_with_progress(g, s, blocs, opts, None)
}

/// [`balance_with`], telling `progress` how the two frustration indices' exact searches are
/// doing (they run side by side, each with its own time limit).
pub fn balance_with_progress(
    g: &ActorGraph,
    s: &Snapshot,
    blocs: &BlocResult,
    opts: &BalanceOptions,
    progress: Option<blocs::OnProgress>,
) -> BalanceResult {
    let sg = SignedGraph::from_csr(&s.undirected);
    balance_within(g, s, blocs, sg, opts, progress, SIGNS_COPY_MAX)
}

/// [`balance_with`] on the signed graph the bloc search read (`detect_blocs_keeping`): it
/// is not built again, and its triangles, walked for the search's bound, not walked again.
pub(crate) fn balance_on(
    g: &ActorGraph,
    s: &Snapshot,
    blocs: &BlocResult,
    sg: SignedGraph,
    opts: &BalanceOptions,
) -> BalanceResult {
    balance_within(g, s, blocs, sg, opts, None, SIGNS_COPY_MAX)
}

/// [`balance_with_progress`], with the signs copied up to `signs_copy_max` tie entries
/// ([`SIGNS_COPY_MAX`]; the tests take both ways on one graph).
fn balance_within(
    g: &ActorGraph,
    s: &Snapshot,
    blocs: &BlocResult,
    mut sg: SignedGraph,
    opts: &BalanceOptions,
    progress: Option<blocs::OnProgress>,
    signs_copy_max: usize,
) -> BalanceResult {
    let bopts = BlocOptions {
        seed: opts.seed,
        exact_limit: opts.exact_limit,
        node_budget: opts.node_budget,
        time_limit: opts.time_limit,
        ..BlocOptions::default()
    };
    // Two camps are sought from the bloc partition (grouped into two and refined) rather
    // than from fresh restarts: the free search has been done once already, and on large
    // graphs it is most of the cost. Small components are proved exactly either way.
    let start: Vec<u32> = blocs
        .blocs_by_index(s)
        .into_iter()
        .map(|b| b.map_or(0, |b| b as u32))
        .collect();
    let solve =
        |g: &SignedGraph| blocs::solve_from(g, KMode::AtMost(2), &bopts, Some(&start), progress);
    let total_abs = sg.total_abs();
    // The two indices side by side on the weights and on a copy turned to signs, on a
    // graph small enough for exact searches (each may take its time limit). On a large one
    // the copy would be the largest thing alive (24 bytes per tie entry, 49 MB at a million
    // relations): the graph is turned to signs in place once what reads its weights is
    // done. Everything after reads signs only.
    let ((on_signs, on_weights), (triangles, found)) = if sg.targets.len() <= signs_copy_max {
        rayon::join(
            || rayon::join(|| solve(&sg.signs()), || solve(&sg)),
            || triangles(&sg, opts.max_triads),
        )
    } else {
        let (on_weights, found) = rayon::join(|| solve(&sg), || triangles(&sg, opts.max_triads));
        sg.make_signs();
        ((solve(&sg), on_weights), found)
    };
    let index = |sol: &blocs::Solution, scale: f64| FrustrationIndex {
        value: sol.frustration,
        optimal: sol.optimal,
        lower_bound: sol.lower_bound,
        scale,
        normalised_balance: (scale > 0.0).then(|| 1.0 - sol.frustration / (scale / 2.0)),
        time_limited: sol.time_limited,
    };
    let mut camps: [Vec<ActorId>; 2] = [Vec::new(), Vec::new()];
    for (u, &l) in on_weights.labels.iter().enumerate() {
        camps[l.min(1) as usize].push(s.ids[u].clone());
    }
    for c in &mut camps {
        c.sort();
    }
    if camps[1].len() > camps[0].len() || (camps[1].len() == camps[0].len() && camps[1] < camps[0])
    {
        camps.swap(0, 1);
    }
    let allied_ties = sg.weights.iter().filter(|&&w| w > 0.0).count() / 2;
    let unbalanced_triads = found
        .into_iter()
        .map(|Listed { nodes, .. }| triad(g, s, nodes))
        .collect();
    let (allied_components, clusterable) = clusterable(&sg, s);
    BalanceResult {
        actors: s.len(),
        ties: sg.ties,
        allied_ties,
        hostile_ties: sg.ties - allied_ties,
        frustration_index: index(&on_signs, sg.ties as f64),
        weighted_frustration_index: index(&on_weights, total_abs),
        two_camps: camps,
        bloc_frustration: BlocFrustration {
            blocs: blocs.blocs.len(),
            frustration: blocs.frustration,
            optimal: blocs.optimal,
            lower_bound: blocs.lower_bound,
            time_limited: blocs.time_limited,
        },
        unbalanced_triads_total: triangles.ppn + triangles.nnn,
        triangles,
        unbalanced_triads,
        balanced: balanced(&sg, s),
        clusterable,
        allied_components,
    }
}

/// An unbalanced triangle in the listing order: weightiest (Σ|w|) first, then by node
/// indices; `Ord` puts the one listed first smallest.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Listed {
    weight: f64,
    /// u < v < w.
    nodes: [u32; 3],
}

impl Eq for Listed {}

impl Ord for Listed {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other
            .weight
            .total_cmp(&self.weight)
            .then(self.nodes.cmp(&other.nodes))
    }
}

impl PartialOrd for Listed {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Counts triangles by sign and keeps the `keep` strictly unbalanced ones listed first
/// ([`Listed`]), from the graph's one walk of its triangles ([`SignedGraph::triangles`],
/// which the bounds of both frustration indices read too). Beyond that walk's list, never
/// larger than the graph, memory is O(keep) whatever the number of triangles (a complete
/// graph of 1 000 actors has 166 million): a max-heap holds the best `keep` so far, its top
/// the first to drop.
fn triangles(g: &SignedGraph, keep: usize) -> (TriangleCounts, Vec<Listed>) {
    let [ppp, ppn, pnn, nnn] = g.triangles().by_hostile;
    let mut c = TriangleCounts {
        total: ppp + ppn + pnn + nnn,
        ppp,
        ppn,
        pnn,
        nnn,
        ..TriangleCounts::default()
    };
    let mut kept: std::collections::BinaryHeap<Listed> = std::collections::BinaryHeap::new();
    if keep > 0 {
        g.for_each_odd_triangle(|mut nodes, entries| {
            let w = entries.map(|i| g.weights[i]);
            let neg = w.iter().filter(|&&x| x < 0.0).count();
            if neg == 1 || neg == 3 {
                nodes.sort_unstable();
                let t = Listed {
                    weight: w.iter().map(|x| x.abs()).sum(),
                    nodes,
                };
                if kept.len() < keep {
                    kept.push(t);
                } else if kept.peek().is_some_and(|last| t < *last) {
                    kept.pop();
                    kept.push(t);
                }
            }
        });
    }
    if c.total > 0 {
        let t = c.total as f64;
        c.strict_balance = Some((c.ppp + c.pnn) as f64 / t);
        c.generalised_balance = Some((c.ppp + c.pnn + c.nnn) as f64 / t);
    }
    (c, kept.into_sorted_vec())
}

/// The net tie between two nodes with its representative relation.
fn tie(g: &ActorGraph, s: &Snapshot, u: usize, v: usize) -> TriadTie {
    let row = &s.undirected.targets[s.undirected.range(u)];
    let i = s.undirected.offsets[u]
        + row
            .binary_search(&(v as u32))
            .expect("a tie of a found triangle");
    let rel = g.relation(s.undirected.relations[i]);
    TriadTie {
        a: s.ids[u].clone(),
        b: s.ids[v].clone(),
        weight: s.undirected.weights[i],
        kind: rel.map(|r| r.kind).unwrap_or(RelationKind::Other),
        confidence: rel.map(|r| r.confidence).unwrap_or_default(),
        note: rel.and_then(|r| r.note().map(str::to_string)),
    }
}

fn triad(g: &ActorGraph, s: &Snapshot, nodes: [u32; 3]) -> Triad {
    let mut nodes = nodes.map(|x| x as usize);
    nodes.sort_by(|&a, &b| s.ids[a].cmp(&s.ids[b]));
    let [a, b, c] = nodes;
    let ties = [tie(g, s, a, b), tie(g, s, b, c), tie(g, s, a, c)];
    let neg = ties.iter().filter(|t| t.weight < 0.0).count();
    Triad {
        actors: [s.ids[a].clone(), s.ids[b].clone(), s.ids[c].clone()],
        signs: if neg == 3 { "---" } else { "++-" }.into(),
        davis_balanced: neg == 3,
        ties,
    }
}

/// The path from `x` up the BFS tree to the root.
fn to_root(parent: &[u32], x: usize) -> Vec<usize> {
    let mut p = vec![x];
    let mut y = x;
    while parent[y] != u32::MAX {
        y = parent[y] as usize;
        p.push(y);
    }
    p
}

/// The cycle closed by the tie u–v in a BFS forest: u … lca … v.
fn tree_cycle(parent: &[u32], u: usize, v: usize) -> Vec<usize> {
    let pu = to_root(parent, u);
    let pv = to_root(parent, v);
    // Strip the common tail (shared ancestors), keeping the lowest one.
    let mut i = pu.len();
    let mut j = pv.len();
    while i > 1 && j > 1 && pu[i - 2] == pv[j - 2] {
        i -= 1;
        j -= 1;
    }
    let mut cycle: Vec<usize> = pu[..i].to_vec();
    cycle.extend(pv[..j - 1].iter().rev());
    cycle
}

/// 2-colouring by breadth-first search: colour(v) = colour(u) xor (tie u–v hostile).
fn balanced(g: &SignedGraph, s: &Snapshot) -> Test {
    let n = g.n();
    let mut colour = vec![u8::MAX; n];
    let mut parent = vec![u32::MAX; n];
    let mut queue = std::collections::VecDeque::new();
    for start in 0..n {
        if colour[start] != u8::MAX {
            continue;
        }
        colour[start] = 0;
        queue.push_back(start);
        while let Some(u) = queue.pop_front() {
            for i in g.range(u) {
                let v = g.targets[i] as usize;
                let want = colour[u] ^ u8::from(g.weights[i] < 0.0);
                if colour[v] == u8::MAX {
                    colour[v] = want;
                    parent[v] = u as u32;
                    queue.push_back(v);
                } else if colour[v] != want {
                    let cycle = tree_cycle(&parent, u, v);
                    return Test {
                        holds: false,
                        witness: cycle.into_iter().map(|x| s.ids[x].clone()).collect(),
                    };
                }
            }
        }
    }
    Test {
        holds: true,
        witness: Vec::new(),
    }
}

/// Components of the allied ties; clusterable when no hostile tie lies inside one. The
/// witness is the first such tie (in node order) closed by an allied path.
fn clusterable(g: &SignedGraph, s: &Snapshot) -> (usize, Test) {
    let n = g.n();
    let mut comp = vec![u32::MAX; n];
    let mut parent = vec![u32::MAX; n];
    let mut count = 0u32;
    let mut queue = std::collections::VecDeque::new();
    for start in 0..n {
        if comp[start] != u32::MAX {
            continue;
        }
        comp[start] = count;
        queue.push_back(start);
        while let Some(u) = queue.pop_front() {
            for i in g.range(u) {
                let v = g.targets[i] as usize;
                if g.weights[i] > 0.0 && comp[v] == u32::MAX {
                    comp[v] = count;
                    parent[v] = u as u32;
                    queue.push_back(v);
                }
            }
        }
        count += 1;
    }
    for u in 0..n {
        for i in g.range(u) {
            let v = g.targets[i] as usize;
            if u < v && g.weights[i] < 0.0 && comp[u] == comp[v] {
                let cycle = tree_cycle(&parent, u, v);
                return (
                    count as usize,
                    Test {
                        holds: false,
                        witness: cycle.into_iter().map(|x| s.ids[x].clone()).collect(),
                    },
                );
            }
        }
    }
    (
        count as usize,
        Test {
            holds: true,
            witness: Vec::new(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, ActorKind, Relation};

    fn graph(n: usize, ties: &[(usize, usize, f64)]) -> ActorGraph {
        let mut g = ActorGraph::new("t");
        for i in 0..n {
            g.add_actor(Actor::new(
                format!("N{i}"),
                format!("n{i}"),
                ActorKind::State,
            ))
            .unwrap();
        }
        for &(a, b, w) in ties {
            g.add_relation(Relation::new(
                format!("N{a}"),
                format!("N{b}"),
                RelationKind::default_for_weight(w),
                w,
            ))
            .unwrap();
        }
        g
    }

    /// The cycle's consecutive actors (and last–first) are all tied.
    fn is_cycle(g: &ActorGraph, c: &[ActorId]) -> bool {
        let s = Snapshot::new(g);
        c.len() >= 3
            && (0..c.len()).all(|i| {
                let u = s.index_of(&c[i]).unwrap();
                let v = s.index_of(&c[(i + 1) % c.len()]).unwrap();
                s.undirected.neighbors(u).any(|(x, _)| x == v)
            })
    }

    #[test]
    fn three_mutual_enemies_are_clusterable_but_not_balanced() {
        let g = graph(3, &[(0, 1, -1.0), (1, 2, -1.0), (0, 2, -0.5)]);
        let r = balance(&g, &BalanceOptions::default());
        assert!(!r.balanced.holds);
        assert!(is_cycle(&g, &r.balanced.witness));
        assert!(r.clusterable.holds);
        assert_eq!(r.allied_components, 3);
        assert_eq!(r.frustration_index.value, 1.0);
        assert!(r.frustration_index.optimal);
        assert_eq!(
            r.frustration_index.normalised_balance,
            Some(1.0 - 1.0 / 1.5)
        );
        assert_eq!(r.weighted_frustration_index.value, 0.5);
        assert_eq!(r.bloc_frustration.frustration, 0.0);
        assert_eq!(r.bloc_frustration.blocs, 3);
        assert_eq!(r.triangles.nnn, 1);
        assert_eq!(r.triangles.strict_balance, Some(0.0));
        assert_eq!(r.triangles.generalised_balance, Some(1.0));
        assert_eq!(r.unbalanced_triads.len(), 1);
        assert!(r.unbalanced_triads[0].davis_balanced);
        assert_eq!(r.unbalanced_triads[0].signs, "---");
    }

    #[test]
    fn a_hostile_tie_inside_an_allied_square_breaks_clustering() {
        // Square 0-1-2-3 allied, diagonal 0–2 hostile; 4 hostile to all.
        let g = graph(
            5,
            &[
                (0, 1, 1.0),
                (1, 2, 1.0),
                (2, 3, 1.0),
                (3, 0, 1.0),
                (0, 2, -0.4),
                (4, 0, -1.0),
                (4, 1, -1.0),
            ],
        );
        let r = balance(&g, &BalanceOptions::default());
        assert!(!r.clusterable.holds);
        assert!(is_cycle(&g, &r.clusterable.witness));
        assert_eq!(r.clusterable.witness.len(), 3);
        assert!(!r.balanced.holds);
        assert_eq!(r.triangles.total, 3);
        assert_eq!((r.triangles.ppn, r.triangles.pnn), (2, 1));
        assert_eq!(r.unbalanced_triads_total, 2);
        assert!((r.weighted_frustration_index.value - 0.4).abs() < 1e-12);
        assert_eq!(r.two_camps[1], vec![ActorId::from("N4")]);
        // The unbalanced triads carry their three ties.
        let t = &r.unbalanced_triads[0];
        assert_eq!(t.ties.iter().filter(|x| x.weight < 0.0).count(), 1);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

        /// Triangles by enumeration of triples; the linear tests agree with the exact
        /// frustration (balanced ⇔ L = 0, clusterable ⇔ free-k frustration on signs = 0).
        #[test]
        fn triangles_and_tests_agree_with_brute_force(
            n in 3usize..9,
            raw in proptest::collection::vec((0usize..9, 0usize..9, -3i32..=3), 0..24),
        ) {
            let mut seen = std::collections::BTreeSet::new();
            let ties: Vec<(usize, usize, f64)> = raw
                .into_iter()
                .filter(|&(a, b, w)| a < n && b < n && a != b && w != 0)
                .filter(|&(a, b, _)| seen.insert((a.min(b), a.max(b))))
                .map(|(a, b, w)| (a, b, w as f64 / 3.0))
                .collect();
            let g = graph(n, &ties);
            let r = balance(&g, &BalanceOptions::default());
            // The large graphs' way (signs in place, after the weights) finds the same.
            let s = Snapshot::new(&g);
            let b = blocs::detect_blocs_in(&g, &s, &BlocOptions::default());
            let opts = BalanceOptions::default();
            let sg = || SignedGraph::from_csr(&s.undirected);
            let copied = balance_within(&g, &s, &b, sg(), &opts, None, usize::MAX);
            let in_place = balance_within(&g, &s, &b, sg(), &opts, None, 0);
            proptest::prop_assert_eq!(copied, in_place);
            let w = |a: usize, b: usize| {
                ties.iter()
                    .find(|t| (t.0, t.1) == (a, b) || (t.0, t.1) == (b, a))
                    .map(|t| t.2)
            };
            let mut counts = [0u64; 4];
            for a in 0..n {
                for b in a + 1..n {
                    for c in b + 1..n {
                        if let (Some(x), Some(y), Some(z)) = (w(a, b), w(b, c), w(a, c)) {
                            counts[[x, y, z].iter().filter(|&&v| v < 0.0).count()] += 1;
                        }
                    }
                }
            }
            let t = &r.triangles;
            proptest::prop_assert_eq!([t.ppp, t.ppn, t.pnn, t.nnn], counts);
            proptest::prop_assert_eq!(r.unbalanced_triads_total, counts[1] + counts[3]);
            proptest::prop_assert!(r.frustration_index.optimal);
            proptest::prop_assert_eq!(r.balanced.holds, r.frustration_index.value == 0.0);
            let free_signs = blocs::solve(
                &SignedGraph::from_csr(&Snapshot::new(&g).undirected).signs(),
                KMode::Free,
                &BlocOptions::default(),
            );
            proptest::prop_assert_eq!(r.clusterable.holds, free_signs.frustration == 0.0);
            if !r.balanced.holds {
                proptest::prop_assert!(is_cycle(&g, &r.balanced.witness));
                let neg = (0..r.balanced.witness.len())
                    .filter(|&i| {
                        let s = Snapshot::new(&g);
                        let u = s.index_of(&r.balanced.witness[i]).unwrap();
                        let v = s.index_of(&r.balanced.witness[(i + 1) % r.balanced.witness.len()]).unwrap();
                        s.undirected.neighbors(u).any(|(x, wt)| x == v && wt < 0.0)
                    })
                    .count();
                proptest::prop_assert!(neg % 2 == 1, "witness must have an odd number of hostile ties");
            }
            if !r.clusterable.holds {
                proptest::prop_assert!(is_cycle(&g, &r.clusterable.witness));
            }
        }
    }

    #[test]
    fn a_balanced_graph_passes_both_tests() {
        let g = graph(4, &[(0, 1, 1.0), (2, 3, 1.0), (0, 2, -1.0), (1, 3, -1.0)]);
        let r = balance(&g, &BalanceOptions::default());
        assert!(r.balanced.holds && r.clusterable.holds);
        assert_eq!(r.frustration_index.value, 0.0);
        assert_eq!(r.frustration_index.normalised_balance, Some(1.0));
        assert_eq!(r.triangles.total, 0);
        assert_eq!(r.triangles.strict_balance, None);
    }
}
