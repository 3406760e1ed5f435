//! Blocs: a partition of the actors that minimises **frustration**, the total |weight| of
//! hostile ties inside blocs plus allied ties between blocs (correlation clustering; Doreian
//! & Mrvar 1996, "A partitioning approach to structural balance"; Bansal, Blum & Chawla
//! 2004). The ties are the snapshot's undirected net ties (parallel relations summed and
//! clamped, direction ignored); zero net ties cost nothing.
//!
//! The number of blocs is free, or fixed: exactly k ([`BlocOptions::k`]), or at most k
//! ([`BlocOptions::k_at_most`], the convention of the frustration index, where one side may
//! be empty). Components of the graph are solved separately (no partition gains from
//! joining them); each is solved
//!
//! - **exactly** when it has at most [`BlocOptions::exact_limit`] actors: branch and bound
//!   (`blocs::exact`) seeded with the heuristic's partition, then, with a free number of blocs, an
//!   LP-based branch and cut (`blocs::lp`) when that has not finished; proving optimality or,
//!   when the node budget or the time limit runs out, returning the best found with a proven
//!   lower bound;
//! - **heuristically** otherwise (`blocs::heuristic`): multi-start Louvain-style aggregation on the
//!   signed objective plus Doreian–Mrvar relocation, deterministic for a seed, with a
//!   cycle-packing lower bound (`blocs::bound`).
//!
//! Blocs are numbered by size (largest first), then by their smallest member id.
//! See docs/analysis/blocs.md.

pub(crate) mod bound;
pub mod clock;
pub(crate) mod exact;
pub(crate) mod heuristic;
pub(crate) mod lp;
pub(crate) mod rng;
pub(crate) mod signed;

use crate::model::{
    ActorGraph, ActorId, Confidence, RelationKind, Snapshot, WeightSum, round_weight,
};
use clock::Clock;
pub use clock::{OnProgress, SearchProgress};
use heuristic::KMode;
use serde::Serialize;
use signed::{SignedGraph, UNITS};
use std::collections::BTreeMap;
use std::time::Duration;

/// The exact search's default time limit: a few seconds, so that a dense graph within the
/// exact limit (a complete graph of 30 actors took 3 to 7 minutes to prove) answers with
/// its best partition and a proven bound instead of running for minutes.
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(5);

/// How to look for blocs.
#[derive(Debug, Clone, PartialEq)]
pub struct BlocOptions {
    /// Exactly this many blocs (at most, with `k_at_most`); `None` lets the number follow
    /// from the ties. A `k` above the number of actors means one bloc per actor.
    pub k: Option<usize>,
    /// Read `k` as a maximum: blocs may stay empty.
    pub k_at_most: bool,
    /// Seed of the heuristic's random node orders.
    pub seed: u64,
    /// Components with at most this many actors are solved exactly (capped at
    /// [`EXACT_MAX`]).
    pub exact_limit: usize,
    /// Branch-and-bound nodes per component before settling for a bound.
    pub node_budget: u64,
    /// Wall-clock time for the exact search of the whole graph (all components together)
    /// before settling for a bound, [`DEFAULT_TIME_LIMIT`] by default; `None`: the node
    /// budget alone, which is deterministic.
    pub time_limit: Option<Duration>,
    /// Heuristic starts per component; `None` picks by size (64 where the exact solver
    /// searches after them, 16 for other small graphs, down to 2 for large ones).
    pub restarts: Option<usize>,
}

impl Default for BlocOptions {
    fn default() -> Self {
        BlocOptions {
            k: None,
            k_at_most: false,
            seed: 1,
            exact_limit: 40,
            node_budget: 5_000_000,
            time_limit: Some(DEFAULT_TIME_LIMIT),
            restarts: None,
        }
    }
}

/// Which solver produced the partition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// Branch and bound on every component.
    Exact,
    /// The heuristic on at least one component (too large for the exact solver).
    Heuristic,
}

/// The sign of a tie or of the net tie between two blocs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TieSign {
    Allied,
    Hostile,
    Neutral,
}

impl TieSign {
    pub fn of(w: f64) -> TieSign {
        if w > 0.0 {
            TieSign::Allied
        } else if w < 0.0 {
            TieSign::Hostile
        } else {
            TieSign::Neutral
        }
    }
}

/// One bloc.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bloc {
    pub id: usize,
    /// Member ids, sorted.
    pub members: Vec<ActorId>,
    /// Member names, in the order of `members`.
    pub names: Vec<String>,
    /// Net ties between members.
    pub internal_ties: usize,
    /// Total weight of the allied ties inside.
    pub allied_weight: f64,
    /// Total |weight| of the hostile ties inside (frustrated).
    pub hostile_weight: f64,
    /// Signed density: (allied − hostile weight inside) / member pairs, in [−1, 1];
    /// `None` for a bloc of one.
    pub cohesion: Option<f64>,
}

/// The ties between two blocs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BlocLink {
    pub a: usize,
    pub b: usize,
    pub ties: usize,
    /// Total weight of the allied ties between them (frustrated).
    pub allied_weight: f64,
    /// Total |weight| of the hostile ties between them.
    pub hostile_weight: f64,
    /// allied − hostile.
    pub net: f64,
    pub sign: TieSign,
}

/// Why a tie breaks the partition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Breach {
    /// A hostile tie between members of one bloc.
    HostileInside,
    /// An allied tie between members of different blocs.
    AlliedAcross,
}

/// A tie that does not fit the partition, explained by its representative relation (the
/// one with the largest |weight| between the two actors).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FrustratedTie {
    pub a: ActorId,
    pub b: ActorId,
    /// Net weight of the tie.
    pub weight: f64,
    pub breach: Breach,
    pub bloc_a: usize,
    pub bloc_b: usize,
    #[serde(serialize_with = "crate::model::types::kebab")]
    pub kind: RelationKind,
    #[serde(serialize_with = "crate::model::types::kebab")]
    pub confidence: Confidence,
    pub note: Option<String>,
}

/// The blocs of a graph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BlocResult {
    /// The requested number of blocs (`None`: free).
    pub k: Option<usize>,
    pub k_at_most: bool,
    pub seed: u64,
    pub method: Method,
    /// True when the frustration is proved minimal.
    pub optimal: bool,
    /// The objective: |w| of hostile ties inside blocs + allied ties between blocs.
    pub frustration: f64,
    /// A proven lower bound on the minimal frustration (equal to `frustration` when optimal).
    pub lower_bound: f64,
    /// Σ|w| over all net ties: the frustration's upper scale.
    pub total_weight: f64,
    pub actors: usize,
    /// Net ties with non-zero weight.
    pub ties: usize,
    pub blocs: Vec<Bloc>,
    /// The bloc of each actor.
    pub assignment: BTreeMap<ActorId, usize>,
    /// Bloc pairs joined by at least one tie, `a < b`.
    pub links: Vec<BlocLink>,
    /// Frustrated ties, heaviest first.
    pub frustrated: Vec<FrustratedTie>,
    /// Branch-and-bound nodes explored (0 when only the heuristic ran); a node of the
    /// LP-based branch and cut counts as 10 000.
    pub search_nodes: u64,
    /// The exact search's time limit in seconds (`None`: none).
    pub time_limit: Option<f64>,
    /// True when the time limit stopped the exact search: the partition and bound are those
    /// reached by then, and depend on the machine's speed.
    pub time_limited: bool,
}

impl BlocResult {
    /// The bloc of an actor.
    pub fn bloc_of(&self, id: &ActorId) -> Option<usize> {
        self.assignment.get(id).copied()
    }

    /// The bloc of each of a snapshot's actors by node number, `None` for an actor without
    /// one: the assignment walked in order, each id found in the snapshot's index.
    pub fn blocs_by_index(&self, s: &Snapshot) -> Vec<Option<usize>> {
        let mut by_index = vec![None; s.len()];
        for (id, &b) in &self.assignment {
            if let Some(u) = s.index_of(id) {
                by_index[u] = Some(b);
            }
        }
        by_index
    }
}

/// Finds the blocs of `g`.
pub fn detect_blocs(g: &ActorGraph, opts: &BlocOptions) -> BlocResult {
    let s = Snapshot::new(g);
    detect_blocs_in(g, &s, opts)
}

/// [`detect_blocs`] on a snapshot already built from `g`.
pub fn detect_blocs_in(g: &ActorGraph, s: &Snapshot, opts: &BlocOptions) -> BlocResult {
    detect_blocs_progress(g, s, opts, None)
}

/// [`detect_blocs_in`], telling `progress` how the exact search is doing while it runs
/// (about every 0.1 s; never when the graph is solved without a search).
pub fn detect_blocs_progress(
    g: &ActorGraph,
    s: &Snapshot,
    opts: &BlocOptions,
    progress: Option<OnProgress>,
) -> BlocResult {
    detect_blocs_keeping(g, s, opts, progress).0
}

/// [`detect_blocs_progress`], handing back the signed graph it searched: the balance reads
/// it next ([`crate::analysis::balance`]), with the triangles the bound walked
/// ([`SignedGraph::triangles`]) instead of building it and walking them again.
pub(crate) fn detect_blocs_keeping(
    g: &ActorGraph,
    s: &Snapshot,
    opts: &BlocOptions,
    progress: Option<OnProgress>,
) -> (BlocResult, SignedGraph) {
    let sg = SignedGraph::from_csr(&s.undirected);
    let mode = mode_of(opts, s.len());
    let sol = solve_from(&sg, mode, opts, None, progress);
    let result = assemble(g, s, &sg, opts, sol);
    (result, sg)
}

/// The frustration of a given assignment on `g`'s net ties (actors missing from the
/// assignment each count as a bloc of their own). For comparing partitions across scenarios.
pub fn frustration_of(g: &ActorGraph, assignment: &BTreeMap<ActorId, usize>) -> f64 {
    let s = Snapshot::new(g);
    let mut f = WeightSum::default();
    for (u, v, w) in s.ties() {
        let same = match (assignment.get(&s.ids[u]), assignment.get(&s.ids[v])) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        };
        if (w < 0.0 && same) || (w > 0.0 && !same) {
            f += w.abs();
        }
    }
    f.value()
}

pub(crate) fn mode_of(opts: &BlocOptions, n: usize) -> KMode {
    match opts.k {
        None => KMode::Free,
        Some(k) => {
            let k = k.clamp(1, n.max(1));
            if opts.k_at_most {
                KMode::AtMost(k)
            } else {
                KMode::Exactly(k)
            }
        }
    }
}

/// A partition of a signed graph with its proof status.
#[derive(Debug, Clone)]
pub(crate) struct Solution {
    pub labels: Vec<u32>,
    pub frustration: f64,
    pub lower_bound: f64,
    pub optimal: bool,
    pub exact: bool,
    pub nodes: u64,
    /// The time limit stopped a search.
    pub time_limited: bool,
}

/// Solves a whole signed graph, component by component where that is exact.
#[cfg(test)]
pub(crate) fn solve(g: &SignedGraph, mode: KMode, opts: &BlocOptions) -> Solution {
    solve_from(g, mode, opts, None, None)
}

/// [`solve`], with the heuristic starting from `start` (labels per node, e.g. the free bloc
/// partition when two camps are wanted) instead of its own restarts: the start is grouped
/// into the wanted number of blocs and refined. The exact solver, where it runs, still
/// proves the optimum whatever the start. The time limit runs from here; `progress` hears
/// about the exact search.
pub(crate) fn solve_from(
    g: &SignedGraph,
    mode: KMode,
    opts: &BlocOptions,
    start: Option<&[u32]>,
    progress: Option<OnProgress>,
) -> Solution {
    let clock = Clock::new(opts.time_limit, progress);
    let clock = &clock;
    let mut sol = match mode {
        KMode::Exactly(k) => {
            let (parts, mut sol) = solve_components(g, KMode::AtMost(k), opts, start, clock);
            let available: usize = parts.iter().map(|p| p.1).sum();
            if available >= k {
                sol.labels = arrange(g.n(), &parts, Some(k));
                sol
            } else {
                // Too few blocs even with every component apart: some bloc must split.
                solve_whole(g, mode, opts, start, clock)
            }
        }
        KMode::AtMost(k) => {
            let (parts, mut sol) = solve_components(g, mode, opts, start, clock);
            sol.labels = arrange(g.n(), &parts, Some(k));
            sol
        }
        KMode::Free => {
            let (parts, mut sol) = solve_components(g, mode, opts, start, clock);
            sol.labels = arrange(g.n(), &parts, None);
            sol
        }
    };
    sol.time_limited = clock.timed_out() && !sol.optimal;
    sol
}

type Part = (Vec<usize>, usize, Vec<u32>);

/// Solves each component; returns (nodes, bloc count, local labels) per component and the
/// summed status (labels left empty).
fn solve_components(
    g: &SignedGraph,
    mode: KMode,
    opts: &BlocOptions,
    start: Option<&[u32]>,
    clock: &Clock,
) -> (Vec<Part>, Solution) {
    let comps = g.components();
    let mut total = Solution {
        labels: Vec::new(),
        frustration: 0.0,
        lower_bound: 0.0,
        optimal: true,
        exact: true,
        nodes: 0,
        time_limited: false,
    };
    let mut parts = Vec::with_capacity(comps.len());
    let mut scratch = vec![u32::MAX; g.n()];
    let single = comps.len() == 1;
    let (mut frustration, mut lower_bound) = (WeightSum::default(), WeightSum::default());
    for nodes in comps {
        if nodes.len() == 1 {
            parts.push((nodes, 1, vec![0]));
            continue;
        }
        let sol = if single {
            solve_whole(g, mode, opts, start, clock)
        } else {
            let local: Option<Vec<u32>> = start.map(|s| nodes.iter().map(|&u| s[u]).collect());
            solve_whole(
                &g.induced(&nodes, &mut scratch),
                mode,
                opts,
                local.as_deref(),
                clock,
            )
        };
        frustration += sol.frustration;
        lower_bound += sol.lower_bound;
        total.optimal &= sol.optimal;
        total.exact &= sol.exact;
        total.nodes += sol.nodes;
        let count = sol
            .labels
            .iter()
            .map(|&l| l as usize + 1)
            .max()
            .unwrap_or(0);
        parts.push((nodes, count, sol.labels));
    }
    // Each term is a nine-decimal value; summed in units, the total reads as one too.
    total.frustration = frustration.value();
    total.lower_bound = lower_bound.value();
    (parts, total)
}

/// Global labels from per-component ones. Without a target every component's blocs are
/// distinct; with target k, components share labels so that there are min(k, Σ counts)
/// blocs (sharing costs nothing: no ties join components).
fn arrange(n: usize, parts: &[Part], target: Option<usize>) -> Vec<u32> {
    let mut labels = vec![0u32; n];
    let mut used = 0usize;
    for (nodes, count, local) in parts {
        let fresh = match target {
            None => *count,
            Some(k) => (*count).min(k.saturating_sub(used)),
        };
        // Local blocs 0..fresh get new labels, the others reuse 0.. .
        for (&u, &l) in nodes.iter().zip(local) {
            let l = l as usize;
            labels[u] = if l < fresh {
                (used + l) as u32
            } else {
                (l - fresh) as u32
            };
        }
        used += fresh;
    }
    labels
}

/// The exact solver's tables grow as n² (and its precomputed bounds faster): beyond this
/// many actors a component is always solved heuristically, whatever `exact_limit` says.
pub const EXACT_MAX: usize = 200;

/// Heuristic starts on a graph the exact solver will search: they cost milliseconds there,
/// and a better start is a tighter incumbent for the branch and cut.
const EXACT_RESTARTS: usize = 64;
/// Heuristic starts on a component the exact solver left open (best found, not proved).
const OPEN_RESTARTS: usize = 1024;

fn restarts_for(g: &SignedGraph, opts: &BlocOptions) -> usize {
    opts.restarts.unwrap_or_else(|| {
        if g.n() <= opts.exact_limit.min(EXACT_MAX) {
            EXACT_RESTARTS
        } else {
            (4_000_000 / (g.targets.len() + 1)).clamp(2, 16)
        }
    })
}

/// One graph, one solver.
fn solve_whole(
    g: &SignedGraph,
    mode: KMode,
    opts: &BlocOptions,
    start: Option<&[u32]>,
    clock: &Clock,
) -> Solution {
    let labels = match start {
        Some(start) => refine_start(g, mode, opts.seed, start),
        None => heuristic::solve(g, mode, opts.seed, restarts_for(g, opts)),
    };
    if g.n() <= opts.exact_limit.min(EXACT_MAX) {
        let mut out = exact::solve(g, mode, &labels, opts.node_budget, clock);
        debug_assert_eq!(out.cost, g.frustration_units(&out.labels));
        if !out.optimal && opts.restarts.is_none() && !clock.expired() {
            // Left open after seconds of search: many more starts cost a fraction of that
            // and often beat its best (the bound stands either way). Not once the time is
            // up: with many components that would add up.
            let more = heuristic::solve(g, mode, opts.seed, OPEN_RESTARTS);
            let cost = g.frustration_units(&more);
            if cost < out.cost {
                (out.labels, out.cost) = (more, cost);
                // The search's bound may already prove it.
                out.optimal = cost <= out.lower_bound;
            }
        }
        let frustration = g.frustration(&out.labels);
        let lower_bound = if out.optimal {
            frustration
        } else {
            (out.lower_bound as f64 / UNITS).min(frustration)
        };
        return Solution {
            labels: out.labels,
            frustration,
            lower_bound,
            optimal: out.optimal,
            exact: true,
            nodes: out.nodes,
            time_limited: false,
        };
    }
    // Cycles of any length by breadth-first search on small graphs, of 3 and 4 ties on
    // larger ones, within work proportional to the graph; on large graphs that work runs
    // out after a fraction of the nodes, so every triangle is packed too (the better
    // bound is kept; above 500k ties only the triangles, the search adding seconds for
    // little).
    let cycles = exact::cycles_for(mode);
    let searched = (g.targets.len() <= 1_000_000).then(|| {
        let effort = bound::Effort {
            max_len: if g.n() <= 1_000 { 2 * g.n() } else { 3 },
            work: 50 * g.targets.len() as u64 + 1_000_000,
        };
        bound::packing_bound(g, 0, cycles, effort)
    });
    let triangles = (g.n() > 1_000).then(|| bound::triangle_packing(g, cycles));
    let lb = searched.into_iter().chain(triangles).max().unwrap_or(0);
    let units = g.frustration_units(&labels);
    let frustration = units as f64 / UNITS;
    let optimal = lb >= units;
    Solution {
        frustration,
        lower_bound: if optimal {
            frustration
        } else {
            (lb as f64 / UNITS).min(frustration)
        },
        labels,
        optimal,
        exact: false,
        nodes: 0,
        time_limited: false,
    }
}

/// The heuristic's answer from a given start: grouped into the wanted number of blocs and
/// refined by relocation (free: local moves only).
fn refine_start(g: &SignedGraph, mode: KMode, seed: u64, start: &[u32]) -> Vec<u32> {
    let mut rng = rng::Rng::new(seed);
    // Renumber 0.. in order of first appearance (a component's start labels are global).
    let mut number = BTreeMap::new();
    let mut labels: Vec<u32> = start
        .iter()
        .map(|&l| {
            let next = number.len() as u32;
            *number.entry(l).or_insert(next)
        })
        .collect();
    match mode {
        KMode::Free => labels = heuristic::local_moves(g, Some(labels), &mut rng),
        KMode::AtMost(k) => heuristic::to_k(g, &mut labels, k, false, &mut rng),
        KMode::Exactly(k) => heuristic::to_k(g, &mut labels, k, true, &mut rng),
    }
    heuristic::compact(&mut labels);
    labels
}

fn assemble(
    g: &ActorGraph,
    s: &Snapshot,
    sg: &SignedGraph,
    opts: &BlocOptions,
    sol: Solution,
) -> BlocResult {
    let n = s.len();
    // Number blocs by size, then smallest member id.
    let count = sol
        .labels
        .iter()
        .map(|&l| l as usize + 1)
        .max()
        .unwrap_or(0);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (u, &l) in sol.labels.iter().enumerate() {
        members[l as usize].push(u);
    }
    members.retain(|m| !m.is_empty());
    for m in &mut members {
        m.sort_by(|&a, &b| s.ids[a].cmp(&s.ids[b]));
    }
    members.sort_by(|a, b| b.len().cmp(&a.len()).then(s.ids[a[0]].cmp(&s.ids[b[0]])));
    let mut bloc = vec![0usize; n];
    for (i, m) in members.iter().enumerate() {
        for &u in m {
            bloc[u] = i;
        }
    }
    let names = s.names(g);
    let mut blocs: Vec<Bloc> = members
        .iter()
        .enumerate()
        .map(|(id, m)| Bloc {
            id,
            members: m.iter().map(|&u| s.ids[u].clone()).collect(),
            names: m.iter().map(|&u| names[u].to_string()).collect(),
            internal_ties: 0,
            allied_weight: 0.0,
            hostile_weight: 0.0,
            cohesion: None,
        })
        .collect();
    // (allied, hostile) weight per bloc and per pair of blocs, summed exactly.
    let mut bloc_weights = vec![(WeightSum::default(), WeightSum::default()); blocs.len()];
    let mut links: BTreeMap<(usize, usize), (BlocLink, WeightSum, WeightSum)> = BTreeMap::new();
    let mut frustrated = Vec::new();
    for u in 0..n {
        for i in s.undirected.range(u) {
            let v = s.undirected.targets[i] as usize;
            let w = s.undirected.weights[i];
            if v <= u || w == 0.0 {
                continue;
            }
            let (bu, bv) = (bloc[u], bloc[v]);
            let breach = if bu == bv {
                blocs[bu].internal_ties += 1;
                let (allied, hostile) = &mut bloc_weights[bu];
                if w > 0.0 {
                    *allied += w;
                    None
                } else {
                    *hostile += -w;
                    Some(Breach::HostileInside)
                }
            } else {
                let key = (bu.min(bv), bu.max(bv));
                let (l, allied, hostile) = links.entry(key).or_insert((
                    BlocLink {
                        a: key.0,
                        b: key.1,
                        ties: 0,
                        allied_weight: 0.0,
                        hostile_weight: 0.0,
                        net: 0.0,
                        sign: TieSign::Neutral,
                    },
                    WeightSum::default(),
                    WeightSum::default(),
                ));
                l.ties += 1;
                if w > 0.0 {
                    *allied += w;
                    Some(Breach::AlliedAcross)
                } else {
                    *hostile += -w;
                    None
                }
            };
            if let Some(breach) = breach {
                let rel = g.relation(s.undirected.relations[i]);
                let (a, b) = if s.ids[u] <= s.ids[v] { (u, v) } else { (v, u) };
                frustrated.push(FrustratedTie {
                    a: s.ids[a].clone(),
                    b: s.ids[b].clone(),
                    weight: w,
                    breach,
                    bloc_a: bloc[a],
                    bloc_b: bloc[b],
                    kind: rel.map(|r| r.kind).unwrap_or(RelationKind::Other),
                    confidence: rel.map(|r| r.confidence).unwrap_or_default(),
                    note: rel.and_then(|r| r.note().map(str::to_string)),
                });
            }
        }
    }
    for (b, (allied, hostile)) in blocs.iter_mut().zip(bloc_weights) {
        b.allied_weight = allied.value();
        b.hostile_weight = hostile.value();
        let k = b.members.len();
        if k >= 2 {
            let pairs = (k * (k - 1) / 2) as f64;
            b.cohesion = Some(round_weight((b.allied_weight - b.hostile_weight) / pairs));
        }
    }
    let links: Vec<BlocLink> = links
        .into_values()
        .map(|(mut l, allied, hostile)| {
            l.allied_weight = allied.value();
            l.hostile_weight = hostile.value();
            l.net = (allied - hostile).value();
            l.sign = TieSign::of(l.net);
            l
        })
        .collect();
    frustrated.sort_by(|x, y| {
        y.weight
            .abs()
            .total_cmp(&x.weight.abs())
            .then_with(|| (&x.a, &x.b).cmp(&(&y.a, &y.b)))
    });
    let assignment = (0..n).map(|u| (s.ids[u].clone(), bloc[u])).collect();
    BlocResult {
        k: opts.k,
        k_at_most: opts.k_at_most,
        seed: opts.seed,
        method: if sol.exact {
            Method::Exact
        } else {
            Method::Heuristic
        },
        optimal: sol.optimal,
        frustration: sol.frustration,
        lower_bound: sol.lower_bound,
        total_weight: sg.total_abs(),
        actors: n,
        ties: sg.ties,
        blocs,
        assignment,
        links,
        frustrated,
        search_nodes: sol.nodes,
        time_limit: opts.time_limit.map(|t| t.as_secs_f64()),
        time_limited: sol.time_limited,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, ActorKind, Relation};

    fn graph(actors: &[&str], ties: &[(&str, &str, f64)]) -> ActorGraph {
        let mut g = ActorGraph::new("t");
        for id in actors {
            g.add_actor(Actor::new(*id, id.to_lowercase(), ActorKind::State))
                .unwrap();
        }
        for &(a, b, w) in ties {
            g.add_relation(
                Relation::new(a, b, RelationKind::default_for_weight(w), w)
                    .with_note(format!("{a}-{b}")),
            )
            .unwrap();
        }
        g
    }

    #[test]
    fn two_camps_with_one_traitor() {
        let g = graph(
            &["A", "B", "C", "D", "E", "F"],
            &[
                ("A", "B", 0.9),
                ("B", "C", 0.8),
                ("A", "C", 0.7),
                ("D", "E", 0.9),
                ("A", "D", -0.8),
                ("C", "E", -0.6),
                ("B", "E", 0.3),
                ("A", "C", -0.9),
            ],
        );
        // A–C nets to −0.2: a hostile tie inside the first camp. F is isolated.
        let r = detect_blocs(&g, &BlocOptions::default());
        assert!(r.optimal);
        assert_eq!(r.method, Method::Exact);
        assert_eq!(r.blocs.len(), 3);
        assert_eq!(r.blocs[0].members, vec!["A".into(), "B".into(), "C".into()]);
        assert_eq!(r.blocs[1].members, vec![ActorId::from("D"), "E".into()]);
        assert_eq!(r.blocs[2].members, vec![ActorId::from("F")]);
        assert!((r.frustration - 0.5).abs() < 1e-9);
        assert_eq!(r.lower_bound, r.frustration);
        assert_eq!(r.frustrated.len(), 2);
        assert_eq!(r.frustrated[0].breach, Breach::AlliedAcross);
        assert_eq!(r.frustrated[0].note.as_deref(), Some("B-E"));
        assert_eq!(r.frustrated[1].breach, Breach::HostileInside);
        // The representative of A–C is the heavier rivalry.
        assert_eq!(r.frustrated[1].note.as_deref(), Some("A-C"));
        assert_eq!(r.frustrated[1].kind, RelationKind::Hostility);
        assert_eq!(r.bloc_of(&"E".into()), Some(1));
        assert_eq!(r.links.len(), 1);
        assert_eq!(r.links[0].sign, TieSign::Hostile);
        assert!((r.links[0].net - (0.3 - 1.4)).abs() < 1e-9);
        assert!((frustration_of(&g, &r.assignment) - r.frustration).abs() < 1e-12);
        let c = r.blocs[0].cohesion.unwrap();
        assert!((c - (0.9 + 0.8 - 0.2) / 3.0).abs() < 1e-9);
    }

    #[test]
    fn fixed_number_of_blocs() {
        let g = graph(
            &["A", "B", "C", "D"],
            &[("A", "B", 1.0), ("C", "D", 1.0), ("A", "C", -1.0)],
        );
        let one = detect_blocs(
            &g,
            &BlocOptions {
                k: Some(1),
                ..BlocOptions::default()
            },
        );
        assert_eq!(one.blocs.len(), 1);
        assert!((one.frustration - 1.0).abs() < 1e-12);
        assert!(one.optimal);
        let three = detect_blocs(
            &g,
            &BlocOptions {
                k: Some(3),
                ..BlocOptions::default()
            },
        );
        assert_eq!(three.blocs.len(), 3);
        assert!((three.frustration - 1.0).abs() < 1e-12);
        assert!(three.optimal);
        // Two components, each at most two blocs, shared labels: exactly 2 blocs overall.
        let g2 = graph(&["A", "B", "C", "D"], &[("A", "B", -1.0), ("C", "D", -1.0)]);
        let two = detect_blocs(
            &g2,
            &BlocOptions {
                k: Some(2),
                ..BlocOptions::default()
            },
        );
        assert_eq!(two.blocs.len(), 2);
        assert_eq!(two.frustration, 0.0);
    }

    #[test]
    fn components_beyond_the_exact_cap_go_to_the_heuristic() {
        // A ring of 250 allied actors with one hostile tie: frustration 0.5 either way.
        let ids: Vec<String> = (0..250).map(|i| format!("A{i:03}")).collect();
        let refs: Vec<&str> = ids.iter().map(|s| s.as_str()).collect();
        let mut ties: Vec<(&str, &str, f64)> = (0..250)
            .map(|i| (refs[i], refs[(i + 1) % 250], 1.0))
            .collect();
        ties[0].2 = -0.5;
        let g = graph(&refs, &ties);
        let r = detect_blocs(
            &g,
            &BlocOptions {
                exact_limit: 10_000,
                ..BlocOptions::default()
            },
        );
        assert_eq!(r.method, Method::Heuristic);
        assert!((r.frustration - 0.5).abs() < 1e-12);
        // The long cycle with one hostile tie proves it.
        assert!(r.optimal);
    }

    #[test]
    fn frustration_summed_over_components_reads_as_a_decimal() {
        // Two triangles with one hostile tie each: 0.1 + 0.2 in floating point is
        // 0.30000000000000004.
        let g = graph(
            &["A", "B", "C", "D", "E", "F"],
            &[
                ("A", "B", 0.1),
                ("B", "C", 0.5),
                ("A", "C", -0.1),
                ("D", "E", 0.2),
                ("E", "F", 0.5),
                ("D", "F", -0.2),
            ],
        );
        let r = detect_blocs(&g, &BlocOptions::default());
        assert!(r.optimal);
        assert_eq!(r.frustration, 0.3);
        assert_eq!(r.lower_bound, 0.3);
    }

    #[test]
    fn empty_graph() {
        let g = ActorGraph::new("empty");
        let r = detect_blocs(&g, &BlocOptions::default());
        assert!(r.blocs.is_empty());
        assert!(r.optimal);
        assert_eq!(r.frustration, 0.0);
    }
}

#[cfg(test)]
mod tests_props;
