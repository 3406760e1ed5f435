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
//! node-level relocation (Doreian & Mrvar 1996) and by relocation of small, tightly tied groups
//! (which single-actor moves cannot shift), and the whole is iterated from it while it
//! improves. With a fixed number of blocs, the free partition is grouped into k blocs and
//! refined by relocations that keep that number. Every start is seeded; the best is kept, then
//! crossed with every other start: the pieces on which two partitions agree (their meet) are
//! moved as units from the best (the "core groups" of Ovelgönne & Geyer-Schulz 2013). Last,
//! ejections: an actor joins the bloc of a hostile neighbour that leaves it in exchange, when
//! the pair gains though each move alone costs (a depth-two Kernighan–Lin step, Kernighan &
//! Lin 1970; the ejection chains of Glover 1996).
//!
//! Memory is O(n + m): rows are CSR, accumulators are dense arrays reused across nodes.
//!
//! Why this file is long: every stage above reuses the same move primitives and dense
//! accumulators, which would otherwise have to be shared across files.

use super::rng::Rng;
use super::signed::{Builder, SignedGraph, UNITS};
use rayon::prelude::*;
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
/// How far below zero [`Unchanged::prove_staying`]'s bound must be: far above the rounding
/// of the sums it bounds (at most a few hub-free rows of weights), and above [`EPS`].
const PROOF_MARGIN: f64 = 1e-6;
const MAX_PASSES: usize = 1000;
const MAX_ROUNDS: usize = 8;
/// Largest group moved as a unit by [`group_moves`] (larger groups found no more on the
/// benchmark graphs and cost more).
const GROUP_MAX: usize = 3;
/// Passes of [`crossover`] of the best partition with every start's.
const CROSSOVER_ROUNDS: usize = 3;

/// The best partition found over `restarts` seeded starts, labels `0..blocs` numbered in
/// order of first node.
pub fn solve(g: &SignedGraph, mode: KMode, seed: u64, restarts: usize) -> Vec<u32> {
    let mut seeds = Rng::new(seed);
    // The starts are independent: run them in parallel, each from its own seed drawn in
    // order, and pick the best in start order (the same answer as one after the other).
    let start_seeds: Vec<u64> = (0..restarts.max(1)).map(|_| seeds.next_u64()).collect();
    let found: Vec<(f64, Vec<u32>, bool)> = start_seeds
        .into_par_iter()
        .map(|start_seed| {
            let mut rng = Rng::new(start_seed);
            let (mut labels, settled) = iterated_louvain(g, &mut rng);
            match mode {
                KMode::Free => {}
                KMode::AtMost(k) => to_k(g, &mut labels, k, false, &mut rng),
                KMode::Exactly(k) => to_k(g, &mut labels, k, true, &mut rng),
            }
            (g.frustration(&labels), labels, settled.single)
        })
        .collect();
    let mut best: Option<(f64, Vec<u32>, bool)> = None;
    for (f, labels, single) in &found {
        if best.as_ref().is_none_or(|(bf, _, _)| *f < bf - EPS) {
            best = Some((*f, labels.clone(), *single));
        }
    }
    if mode == KMode::Free
        && let Some((mut bf, mut bl, mut single)) = best.take()
    {
        let mut rng = Rng::new(seeds.next_u64());
        for _ in 0..CROSSOVER_ROUNDS {
            let mut improved = false;
            for (_, other, _) in &found {
                let (f, labels, settled) = crossover(g, &bl, single, other, &mut rng);
                if f < bf - EPS {
                    (bf, bl, single) = (f, labels, settled);
                    improved = true;
                }
            }
            if !improved {
                break;
            }
        }
        settle_with_ejections(g, &mut bl, &mut rng);
        best = Some((bf, bl, single));
    }
    let mut labels = best.map(|b| b.1).unwrap_or_default();
    compact(&mut labels);
    labels
}

/// Improves `best` by moving, as units, the pieces on which `best` and `other` agree (the
/// meet of the two partitions): groups that `other` placed elsewhere can move together.
/// `settled`: no single move improves `best` ([`Settled`]); returns whether that holds of
/// the partition returned.
pub(crate) fn crossover(
    g: &SignedGraph,
    best: &[u32],
    settled: bool,
    other: &[u32],
    rng: &mut Rng,
) -> (f64, Vec<u32>, bool) {
    let n = g.n();
    let mut key: Vec<(u32, u32, u32)> = (0..n as u32)
        .map(|u| (best[u as usize], other[u as usize], u))
        .collect();
    key.sort_unstable();
    let mut meet = vec![0u32; n];
    let mut count = 0u32;
    for i in 0..n {
        if i > 0 && (key[i].0, key[i].1) != (key[i - 1].0, key[i - 1].1) {
            count += 1;
        }
        meet[key[i].2 as usize] = count;
    }
    let count = count as usize + 1;
    let agg = aggregate(g, &meet, count);
    let mut init = vec![0u32; count];
    for u in 0..n {
        init[meet[u] as usize] = best[u];
    }
    let (coarse, moved) = louvain(&agg, Some(init), false, rng);
    let labels: Vec<u32> = meet.iter().map(|&m| coarse[m as usize]).collect();
    // Nothing moved: `labels` is `best`'s partition again.
    let (labels, settled) = local_moves_known(g, labels, settled && !moved, rng);
    (g.frustration(&labels), labels, settled)
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

/// What is known of a partition: no single actor's move improves it (a pass of
/// [`local_moves`] moved nobody), and no group's move either (a pass of [`group_moves`]
/// moved nobody, and nothing moved since). A pass over such a partition moves nobody, in
/// any order: each choice reads only the partition, which the pass leaves as it is. So the
/// pass is not run, only its shuffle drawn ([`Rng::skip_shuffle`]): the random numbers, and
/// so every later choice, are those of the pass run. The last round of [`iterated_louvain`]
/// and most crossings start from such a partition and end where they started.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Settled {
    pub(crate) single: bool,
    pub(crate) groups: bool,
}

/// [`local_moves`] from `init`; if `settled` (no single move improves it), its one pass,
/// which would move nobody, is drawn but not run. Returns the labels and whether they are
/// settled (the moves ended on a pass that moved nobody).
fn local_moves_known(
    g: &SignedGraph,
    mut init: Vec<u32>,
    settled: bool,
    rng: &mut Rng,
) -> (Vec<u32>, bool) {
    if settled {
        rng.skip_shuffle(g.n());
        compact(&mut init);
        return (init, true);
    }
    local_moves_reporting(g, Some(init), rng, true, &mut |_| {})
}

/// Single-actor moves, then group moves and single-actor moves again while groups move.
fn polish(g: &SignedGraph, labels: Vec<u32>, known: Settled, rng: &mut Rng) -> (Vec<u32>, Settled) {
    polish_skipping(g, labels, known, rng, Some(g.n()))
}

/// [`polish`], skipping in each pass of group moves the actors found to stay in an earlier
/// pass and untouched since ([`Unchanged`]); `None`: none skipped (the tests' reference).
/// Tracking stops for a pass once it has visited `budget` actors' neighbourhoods. `known`:
/// what is known of `labels` ([`Settled`]); returns what is known of the result.
pub(crate) fn polish_skipping(
    g: &SignedGraph,
    labels: Vec<u32>,
    known: Settled,
    rng: &mut Rng,
    budget: Option<usize>,
) -> (Vec<u32>, Settled) {
    let (mut labels, mut single) = local_moves_known(g, labels, known.single, rng);
    if known.single && known.groups {
        // Nothing has moved since a pass of group moves moved nobody: the first pass would
        // move nobody either.
        rng.skip_shuffle(g.n());
        return (labels, known);
    }
    let mut groups = false;
    let mut unchanged = Unchanged::new(g, budget);
    if budget.is_some() {
        // The first pass has no unchanged actors to skip; most are shown to stay.
        unchanged.prove_staying(g, &labels);
    }
    for _ in 0..MAX_ROUNDS {
        unchanged.start_pass();
        if !group_moves(g, &mut labels, GROUP_MAX, rng, &mut unchanged) {
            groups = true;
            break;
        }
        (labels, single) =
            local_moves_reporting(g, Some(labels), rng, true, &mut |u| unchanged.moved(g, u));
    }
    (labels, Settled { single, groups })
}

/// The actors whose group move cannot have changed since a pass of [`group_moves`] found
/// them staying: a pass skips them, and moves exactly as a full pass would, at a fraction of
/// the cost once few groups still move (on ten million relations, group moves were a
/// quarter of the bloc search).
///
/// An actor's group move reads the blocs of its group's members and their neighbours, and
/// the members are itself and up to two more actors reached through non-hub members: every
/// actor within three steps. So when an actor moves, every non-hub actor within three steps
/// of it (through non-hubs after the first) is marked changed. Its own bloc's size matters
/// too (a group may leave to start a bloc only if others remain), and can grow by a move
/// from afar: an actor in a bloc of at most [`GROUP_MAX`] is never marked unchanged. Once a
/// pass has marked more than its budget of actors, every mark is dropped until the next
/// pass.
pub(crate) struct Unchanged {
    unchanged: Vec<bool>,
    /// Actors shown to stay by [`Unchanged::prove_staying`], and nothing moved near them
    /// since: skipped like the unchanged ones.
    proved: Vec<bool>,
    hub: usize,
    budget: Option<usize>,
    work: usize,
    tracking: bool,
    frontier: Vec<u32>,
    next: Vec<u32>,
}

impl Unchanged {
    fn new(g: &SignedGraph, budget: Option<usize>) -> Unchanged {
        Unchanged {
            unchanged: vec![false; g.n()],
            proved: Vec::new(),
            hub: hub_degree(g),
            budget,
            work: 0,
            tracking: budget.is_some(),
            frontier: Vec::new(),
            next: Vec::new(),
        }
    }

    fn start_pass(&mut self) {
        self.work = 0;
        self.tracking = self.budget.is_some();
    }

    fn skips(&self, u: usize) -> bool {
        self.unchanged[u]
    }

    fn proved(&self, u: usize) -> bool {
        self.proved.get(u).copied().unwrap_or(false)
    }

    /// Marks the actors no group move can take out of their bloc in `labels`, before a
    /// pass of [`group_moves`] (while tracking: a move clears the marks within three steps,
    /// as it clears the unchanged ones, which covers everything a bound reads).
    ///
    /// Moving a group G from bloc A gains Σ_{y∈G} (w(y, B) − w(y, A∖y)) + 2·w(G, G), at
    /// most Σ_{y∈G} h(y) with h(y) = max(0, y's ties to its best other bloc) − w(y, A∖y) +
    /// its two largest positive ties inside A (G has at most two members besides y). After
    /// u, a group's members are non-hub bloc-mates tied positively to u or to the second
    /// member; so with P(y) the largest h among y's positively tied non-hub bloc-mates and
    /// Q(u) the largest P among u's, no group grown from u gains more than h(u) + max(0,
    /// P(u)) + max(0, P(u), Q(u)). Below −[`PROOF_MARGIN`], u stays, as the pass would find.
    fn prove_staying(&mut self, g: &SignedGraph, labels: &[u32]) {
        // The bound counts two members besides each one, reached within two ties.
        const _: () = assert!(GROUP_MAX == 3);
        let n = g.n();
        let hub = self.hub;
        let mut h = vec![0.0f64; n];
        let mut acc = vec![0.0f64; n];
        let mut seen = vec![false; n];
        let mut blocs: Vec<u32> = Vec::new();
        for y in 0..n {
            let a = labels[y];
            let (mut first, mut second) = (0.0f64, 0.0f64);
            for i in g.range(y) {
                let (v, w) = (g.targets[i] as usize, g.weights[i]);
                let c = labels[v];
                if !seen[c as usize] {
                    seen[c as usize] = true;
                    blocs.push(c);
                }
                // A tie to itself counts where the group moves count it: as staying.
                acc[c as usize] += w;
                if c == a && v != y && w > second {
                    (first, second) = if w > first { (w, first) } else { (first, w) };
                }
            }
            let own = acc[a as usize];
            let mut out = 0.0f64;
            for &c in &blocs {
                if c != a {
                    out = out.max(acc[c as usize]);
                }
                acc[c as usize] = 0.0;
                seen[c as usize] = false;
            }
            h[y] = out - own + first + second;
            blocs.clear();
        }
        let allies = |y: usize| {
            g.range(y).filter(move |&i| {
                let v = g.targets[i] as usize;
                v != y && g.weights[i] > 0.0 && labels[v] == labels[y] && g.range(v).len() <= hub
            })
        };
        let p: Vec<f64> = (0..n)
            .map(|y| {
                allies(y)
                    .map(|i| h[g.targets[i] as usize])
                    .fold(f64::NEG_INFINITY, f64::max)
            })
            .collect();
        self.proved = (0..n)
            .map(|u| {
                let q = allies(u)
                    .map(|i| p[g.targets[i] as usize])
                    .fold(p[u], f64::max);
                g.range(u).len() <= hub && h[u] + p[u].max(0.0) + q.max(0.0) < -PROOF_MARGIN
            })
            .collect();
    }

    /// `u` stayed, in a bloc of `size` actors.
    fn stayed(&mut self, u: usize, size: u32) {
        if self.tracking && size as usize > GROUP_MAX {
            self.unchanged[u] = true;
        }
    }

    /// `y` changed bloc.
    fn moved(&mut self, g: &SignedGraph, y: usize) {
        if !self.tracking {
            return;
        }
        self.unchanged[y] = false;
        if let Some(p) = self.proved.get_mut(y) {
            *p = false;
        }
        self.frontier.clear();
        self.frontier.push(y as u32);
        for step in 0..3 {
            self.next.clear();
            for &x in &self.frontier {
                let x = x as usize;
                // Beyond the first step, only a member's neighbours are read, and hubs are
                // never members.
                if step > 0 && g.range(x).len() > self.hub {
                    continue;
                }
                self.work += g.range(x).len();
                for i in g.range(x) {
                    let v = g.targets[i] as usize;
                    self.unchanged[v] = false;
                    if let Some(p) = self.proved.get_mut(v) {
                        *p = false;
                    }
                    self.next.push(v as u32);
                }
            }
            std::mem::swap(&mut self.frontier, &mut self.next);
        }
        if self.budget.is_some_and(|b| self.work > b) {
            self.unchanged.fill(false);
            self.proved.clear();
            self.tracking = false;
        }
    }
}

/// [`louvain`] and [`polish`] from singletons, then again from the result while that
/// improves; returns the best partition and what is known of it.
fn iterated_louvain(g: &SignedGraph, rng: &mut Rng) -> (Vec<u32>, Settled) {
    let (labels, _) = louvain(g, None, false, rng);
    let (mut labels, mut settled) = polish(g, labels, Settled::default(), rng);
    let mut f = g.frustration(&labels);
    for _ in 0..MAX_ROUNDS {
        let (next, moved) = louvain(g, Some(labels.clone()), settled.single, rng);
        // Nothing moved: the same partition, of which the same is known.
        let known = if moved { Settled::default() } else { settled };
        let (next, next_settled) = polish(g, next, known, rng);
        let nf = g.frustration(&next);
        if nf < f - EPS {
            (labels, settled) = (next, next_settled);
            f = nf;
        } else {
            break;
        }
    }
    (labels, settled)
}

/// Multi-level local moving with Leiden's refinement (Traag, Waltman & van Eck 2019): after
/// the moves, each bloc is split into well-connected sub-blocs by greedily merging single
/// nodes; the graph is aggregated by sub-blocs, which start in their parent bloc. `init` is
/// the partition level 0 starts from (singletons if none); `settled`: no single move
/// improves it ([`Settled`]). Returns the partition and whether any level moved anything
/// (if none did, it is `init`'s partition).
pub(crate) fn louvain(
    g: &SignedGraph,
    init: Option<Vec<u32>>,
    settled: bool,
    rng: &mut Rng,
) -> (Vec<u32>, bool) {
    let n = g.n();
    let mut membership: Vec<u32> = (0..n as u32).collect();
    let mut level: Cow<SignedGraph> = Cow::Borrowed(g);
    let mut init = init;
    let mut settled = settled && init.is_some();
    let mut moved = false;
    loop {
        let comm = match init.take() {
            Some(start) if settled => local_moves_known(&level, start, true, rng).0,
            start => local_moves_reporting(&level, start, rng, true, &mut |_| moved = true).0,
        };
        // Only level 0's start is known; the levels above start from their blocs.
        settled = false;
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
    (membership, moved)
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
    for (at, &v) in order.iter().enumerate() {
        prefetch_ahead(g, &order, at, None, comm);
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

/// Bloc sizes under single and group moves, with the unused bloc ids (labels are below n)
/// for an actor or group that starts a bloc of its own.
struct BlocSizes {
    size: Vec<u32>,
    free: Vec<u32>,
}

impl BlocSizes {
    fn of(labels: &[u32]) -> BlocSizes {
        let n = labels.len();
        let mut size = vec![0u32; n];
        for &c in labels {
            size[c as usize] += 1;
        }
        // Popping gives the largest id first; any is fine (labels are compacted after).
        let free = (0..n as u32).filter(|&c| size[c as usize] == 0).collect();
        BlocSizes { size, free }
    }

    fn new_bloc(&mut self) -> u32 {
        self.free.pop().expect("fewer blocs than nodes")
    }

    /// `count` actors move from bloc `from` to bloc `to`.
    fn shift(&mut self, from: u32, to: u32, count: u32) {
        self.size[from as usize] -= count;
        self.size[to as usize] += count;
        if self.size[from as usize] == 0 {
            self.free.push(from);
        }
    }
}

/// Actors of higher degree are hubs: rarely the ones to move in a group or exchange, and
/// costly to rescan from every neighbour.
fn hub_degree(g: &SignedGraph) -> usize {
    8 * g.targets.len() / g.n().max(1) + 16
}

/// Moves single nodes between blocs (or into a new bloc) while that strictly lowers
/// frustration. Returns compact labels.
///
/// Each pass visits the nodes in a new random order, but skips a node that stayed put when
/// last visited and none of whose neighbours has moved since (it is *settled*): its choice
/// reads only its neighbours' blocs, and whether its own bloc holds anyone else, which can
/// only grow by a neighbour joining it while it is alone. So a skipped node would stay
/// again, and the result is that of full sweeps (tested against them), while the late
/// passes, in which few nodes move, cost a flag per node instead of a scan of every tie
/// (the queue of Leiden's fast local moving, Traag, Waltman & van Eck 2019, visits the
/// same nodes but in another order, which would change the partitions found).
pub fn local_moves(g: &SignedGraph, init: Option<Vec<u32>>, rng: &mut Rng) -> Vec<u32> {
    local_moves_reporting(g, init, rng, true, &mut |_| {}).0
}

/// [`local_moves`], telling `moved` each node that moves; with `skip_settled` false, every
/// node is visited in every pass (the tests' reference). Also returns whether the last pass
/// moved nobody (not so only if [`MAX_PASSES`] ran out).
pub(crate) fn local_moves_reporting(
    g: &SignedGraph,
    init: Option<Vec<u32>>,
    rng: &mut Rng,
    skip_settled: bool,
    moved: &mut impl FnMut(usize),
) -> (Vec<u32>, bool) {
    let n = g.n();
    let mut comm = match init {
        Some(mut l) => {
            compact(&mut l);
            l
        }
        None => (0..n as u32).collect(),
    };
    let mut sizes = BlocSizes::of(&comm);
    let mut acc = vec![0.0f64; n];
    let mut seen = vec![false; n];
    let mut settled = vec![false; n];
    let mut touched: Vec<u32> = Vec::new();
    let mut order: Vec<u32> = (0..n as u32).collect();
    let mut converged = false;
    for _ in 0..MAX_PASSES {
        rng.shuffle(&mut order);
        let mut moves = 0usize;
        for (at, &u) in order.iter().enumerate() {
            let u = u as usize;
            prefetch_ahead(g, &order, at, skip_settled.then_some(&settled[..]), &comm);
            if skip_settled && settled[u] {
                continue;
            }
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
            let alone = sizes.size[a as usize] > 1 && -w_a > best_gain + EPS;
            for &c in &touched {
                acc[c as usize] = 0.0;
                seen[c as usize] = false;
            }
            touched.clear();
            if alone {
                best = sizes.new_bloc();
            }
            if best != a {
                sizes.shift(a, best, 1);
                comm[u] = best;
                moves += 1;
                unsettle_neighbours(g, u, &mut settled);
                moved(u);
            } else {
                settled[u] = true;
            }
        }
        if moves == 0 {
            converged = true;
            break;
        }
    }
    compact(&mut comm);
    (comm, converged)
}

/// The nodes a visit in a scattered `order` reads soon, fetched into the cache while the node
/// at `at` is worked on (a hint: the visits are the same), in three stages so that each finds
/// what it needs already fetched: the row offset and `skip` flag of the node [`AHEAD`] × 3
/// places on, the row of the one [`AHEAD`] × 2 on, and the `labels` of the first
/// [`AHEAD_ROW`] neighbours of the one [`AHEAD`] on. Nodes to be skipped are not fetched.
#[inline]
fn prefetch_ahead(
    g: &SignedGraph,
    order: &[u32],
    at: usize,
    skip: Option<&[bool]>,
    labels: &[u32],
) {
    let skips = |u: u32| skip.is_some_and(|s| s[u as usize]);
    if let Some(&far) = order.get(at + 3 * AHEAD) {
        g.prefetch_offset(far as usize);
        if let Some(skip) = skip {
            crate::model::prefetch(skip.as_ptr().wrapping_add(far as usize));
        }
    }
    if let Some(&mid) = order.get(at + 2 * AHEAD)
        && !skips(mid)
    {
        g.prefetch_row(mid as usize);
    }
    if let Some(&near) = order.get(at + AHEAD)
        && !skips(near)
    {
        let row = g.range(near as usize);
        let row = row.start..row.end.min(row.start + AHEAD_ROW);
        for &v in &g.targets[row] {
            crate::model::prefetch(labels.as_ptr().wrapping_add(v as usize));
        }
    }
}

/// How many nodes of a visiting order [`prefetch_ahead`] looks ahead, per stage.
const AHEAD: usize = 4;
/// Neighbours of a node ahead whose labels are fetched (a hub's are read as they come).
const AHEAD_ROW: usize = 64;

/// A node moved: its neighbours' choices may change, so they are visited again.
fn unsettle_neighbours(g: &SignedGraph, u: usize, settled: &mut [bool]) {
    for i in g.range(u) {
        settled[g.targets[i] as usize] = false;
    }
}

/// Relocation of small groups (a generalisation of Doreian–Mrvar's single-actor moves): from
/// each actor, a group grows inside its bloc by adding the bloc-mate most tied to the group,
/// up to `max_size` actors; the group (at its best size) moves to the bloc, or to a new bloc,
/// where that strictly lowers frustration. Catches tightly knit groups whose members each
/// lose by moving alone. Returns whether anything moved; labels stay compact.
///
/// Gain of moving G from bloc A to B: w(G, B) − w(G, A∖G) = acc[B] − acc[A] + 2·w(G, G),
/// where acc sums the ties of G's members per bloc and w(G, G) is the weight inside G.
fn group_moves(
    g: &SignedGraph,
    labels: &mut [u32],
    max_size: usize,
    rng: &mut Rng,
    unchanged: &mut Unchanged,
) -> bool {
    let n = g.n();
    let mut sizes = BlocSizes::of(labels);
    // Hubs are left out of groups: rarely the ones to move, and costly to scan from every
    // neighbour.
    let degree_cap = hub_degree(g);
    let mut acc = vec![0.0f64; n];
    let mut bloc_seen = vec![false; n];
    let mut blocs: Vec<u32> = Vec::new();
    let mut tie = vec![0.0f64; n];
    let mut node_seen = vec![false; n];
    let mut in_group = vec![false; n];
    let mut nodes: Vec<u32> = Vec::new();
    let mut group: Vec<u32> = Vec::with_capacity(max_size);
    let mut order: Vec<u32> = (0..n as u32).collect();
    rng.shuffle(&mut order);
    let mut moved = false;
    for (at, &u) in order.iter().enumerate() {
        let u = u as usize;
        prefetch_ahead(g, &order, at, Some(&unchanged.unchanged), labels);
        if g.range(u).len() > degree_cap || unchanged.skips(u) {
            continue;
        }
        let a = labels[u];
        if unchanged.proved(u) {
            // It stays, as the search from it would find.
            unchanged.stayed(u, sizes.size[a as usize]);
            continue;
        }
        let mut inside = 0.0f64;
        let mut best: Option<(f64, usize, u32)> = None;
        let mut x = u;
        loop {
            group.push(x as u32);
            in_group[x] = true;
            inside += tie[x];
            for i in g.range(x) {
                let v = g.targets[i] as usize;
                let w = g.weights[i];
                let c = labels[v];
                if !bloc_seen[c as usize] {
                    bloc_seen[c as usize] = true;
                    blocs.push(c);
                }
                acc[c as usize] += w;
                if c == a && !in_group[v] {
                    if !node_seen[v] {
                        node_seen[v] = true;
                        nodes.push(v as u32);
                    }
                    tie[v] += w;
                }
            }
            let stay = acc[a as usize] - 2.0 * inside;
            let floor = best.map_or(EPS, |b| b.0 + EPS);
            for &c in &blocs {
                let gain = acc[c as usize] - stay;
                if c != a && gain > floor && best.is_none_or(|b| gain > b.0 + EPS) {
                    best = Some((gain, group.len(), c));
                }
            }
            if (sizes.size[a as usize] as usize) > group.len()
                && -stay > floor
                && best.is_none_or(|b| -stay > b.0 + EPS)
            {
                best = Some((-stay, group.len(), u32::MAX));
            }
            if group.len() >= max_size {
                break;
            }
            let mut next: Option<(f64, usize)> = None;
            for &v in &nodes {
                let v = v as usize;
                if !in_group[v]
                    && tie[v] > EPS
                    && g.range(v).len() <= degree_cap
                    && next.is_none_or(|b| tie[v] > b.0)
                {
                    next = Some((tie[v], v));
                }
            }
            match next {
                Some((_, v)) => x = v,
                None => break,
            }
        }
        if let Some((_, k, c)) = best {
            let c = if c == u32::MAX { sizes.new_bloc() } else { c };
            for &v in &group[..k] {
                labels[v as usize] = c;
                unchanged.moved(g, v as usize);
            }
            sizes.shift(a, c, k as u32);
            moved = true;
        } else {
            unchanged.stayed(u, sizes.size[a as usize]);
        }
        for &c in &blocs {
            acc[c as usize] = 0.0;
            bloc_seen[c as usize] = false;
        }
        blocs.clear();
        for &v in &nodes {
            tie[v as usize] = 0.0;
            node_seen[v as usize] = false;
        }
        nodes.clear();
        for &v in &group {
            in_group[v as usize] = false;
            tie[v as usize] = 0.0;
        }
        group.clear();
    }
    compact(labels);
    moved
}

/// Ejection chains of length two, then single-actor moves, while they improve the best
/// partition (free number of blocs only: an ejected actor may start a bloc of its own).
fn settle_with_ejections(g: &SignedGraph, labels: &mut Vec<u32>, rng: &mut Rng) {
    for _ in 0..MAX_ROUNDS {
        if !ejection_moves(g, labels, rng) {
            break;
        }
        *labels = local_moves(g, Some(std::mem::take(labels)), rng);
    }
}

/// Moves an actor v into the bloc B of a hostile neighbour u while u leaves B for its best
/// other bloc (or a bloc of its own), where the two moves together strictly lower
/// frustration though neither does alone: u blocks v, and u's own pull to B is weaker than
/// v's (a depth-two Kernighan–Lin step, as in the ejection chains of Glover 1996). Single
/// moves and group moves cannot find these: the two actors are hostile, and the first move
/// alone costs. Returns whether anything moved; labels stay compact.
///
/// Gain of the pair: g(v: A→B) + g(u: B→C with v in B). The hostile tie u–v is crossed
/// before and after, so it counts −|w| in the first term and +|w| in the second.
pub(crate) fn ejection_moves(g: &SignedGraph, labels: &mut [u32], rng: &mut Rng) -> bool {
    let n = g.n();
    let mut sizes = BlocSizes::of(labels);
    // Hubs are never the ejected actor, as in group moves: costly to rescan.
    let degree_cap = hub_degree(g);
    let mut acc_v = vec![0.0f64; n];
    let mut acc_u = vec![0.0f64; n];
    let mut seen = vec![false; n];
    let mut blocs_v: Vec<u32> = Vec::new();
    let mut blocs_u: Vec<u32> = Vec::new();
    let mut order: Vec<u32> = (0..n as u32).collect();
    rng.shuffle(&mut order);
    let mut moved = false;
    for (at, &v) in order.iter().enumerate() {
        prefetch_ahead(g, &order, at, None, labels);
        let v = v as usize;
        let a = labels[v];
        for i in g.range(v) {
            let x = g.targets[i] as usize;
            if x == v {
                continue;
            }
            let c = labels[x];
            if !seen[c as usize] {
                seen[c as usize] = true;
                blocs_v.push(c);
            }
            acc_v[c as usize] += g.weights[i];
        }
        for &c in &blocs_v {
            seen[c as usize] = false;
        }
        // (gain, u, destination of u; u32::MAX: a bloc of its own)
        let mut best: Option<(f64, usize, u32)> = None;
        for i in g.range(v) {
            let (u, w_uv) = (g.targets[i] as usize, g.weights[i]);
            let b = labels[u];
            if w_uv >= 0.0 || b == a || g.range(u).len() > degree_cap {
                continue;
            }
            let gain_v = acc_v[b as usize] - acc_v[a as usize];
            // Without u in B, v's gain rises by |w_uv|: no use unless that makes it pay.
            if gain_v - w_uv <= EPS {
                continue;
            }
            for j in g.range(u) {
                let x = g.targets[j] as usize;
                if x == u {
                    continue;
                }
                let c = if x == v { b } else { labels[x] };
                if !seen[c as usize] {
                    seen[c as usize] = true;
                    blocs_u.push(c);
                }
                acc_u[c as usize] += g.weights[j];
            }
            let stay = acc_u[b as usize];
            let mut dest: Option<(f64, u32)> = None;
            for &c in &blocs_u {
                // A bloc v leaves empty is no destination: it would not exist any more.
                let empty = c == a && sizes.size[a as usize] == 1;
                let gain = acc_u[c as usize] - stay;
                if c != b && !empty && dest.is_none_or(|d| gain > d.0 + EPS) {
                    dest = Some((gain, c));
                }
            }
            // B keeps v, so u may always leave it for a bloc of its own.
            if dest.is_none_or(|d| -stay > d.0 + EPS) {
                dest = Some((-stay, u32::MAX));
            }
            for &c in &blocs_u {
                acc_u[c as usize] = 0.0;
                seen[c as usize] = false;
            }
            blocs_u.clear();
            if let Some((gain_u, c)) = dest {
                let total = gain_v + gain_u;
                if total > EPS && best.is_none_or(|b| total > b.0 + EPS) {
                    best = Some((total, u, c));
                }
            }
        }
        for &c in &blocs_v {
            acc_v[c as usize] = 0.0;
        }
        blocs_v.clear();
        if let Some((_, u, c)) = best {
            let b = labels[u];
            labels[v] = b;
            sizes.shift(a, b, 1);
            let c = if c == u32::MAX { sizes.new_bloc() } else { c };
            labels[u] = c;
            sizes.shift(b, c, 1);
            moved = true;
        }
    }
    compact(labels);
    moved
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
        for at in start[c]..start[c + 1] {
            prefetch_ahead(g, &members, at, None, comm);
            let u = members[at];
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
pub(crate) fn to_k(g: &SignedGraph, labels: &mut [u32], k: usize, exactly: bool, rng: &mut Rng) {
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
    relocate_k_skipping(g, labels, k, exactly, rng, true)
}

/// [`relocate_k`], with `skip_settled` false: every node visited in every pass (the tests'
/// reference).
pub(crate) fn relocate_k_skipping(
    g: &SignedGraph,
    labels: &mut [u32],
    k: usize,
    exactly: bool,
    rng: &mut Rng,
    skip_settled: bool,
) {
    let n = g.n();
    let mut size = vec![0usize; k];
    for &l in labels.iter() {
        size[l as usize] += 1;
    }
    let mut acc = vec![0.0f64; k];
    let mut seen = vec![false; k];
    // As in `local_moves`: a node that stayed put is skipped until a neighbour moves (a
    // node kept back only because it is alone in its bloc is not settled: a non-neighbour
    // may join it through the move to a bloc it has no tie to).
    let mut settled = vec![false; n];
    let mut touched: Vec<u32> = Vec::new();
    let mut order: Vec<u32> = (0..n as u32).collect();
    for _ in 0..MAX_PASSES {
        rng.shuffle(&mut order);
        let mut moves = 0usize;
        for &u in &order {
            let u = u as usize;
            let a = labels[u];
            if (skip_settled && settled[u]) || (exactly && size[a as usize] <= 1) {
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
                unsettle_neighbours(g, u, &mut settled);
            } else {
                settled[u] = true;
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
    fn a_knit_pair_moves_together() {
        // 0 and 1 are tied to each other and each to 4 (+0.6) and 2 (+0.5): alone, either
        // loses by leaving {0, 1, 2, 3} (0.6 < 1.5); together they gain 0.2 by joining 4–6.
        // 2 and 3 are hostile to 5 and 6.
        let g = SignedGraph::from_edges(
            7,
            &[
                (0, 1, 1.0),
                (0, 4, 0.6),
                (1, 4, 0.6),
                (0, 2, 0.5),
                (1, 2, 0.5),
                (2, 3, 1.0),
                (4, 5, 1.0),
                (4, 6, 1.0),
                (5, 6, 1.0),
                (2, 5, -1.0),
                (3, 6, -1.0),
            ],
        );
        let start = vec![0, 0, 0, 0, 1, 1, 1];
        let mut rng = Rng::new(5);
        let single = local_moves(&g, Some(start.clone()), &mut rng);
        assert!((g.frustration(&single) - 1.2).abs() < 1e-12);
        let mut labels = start;
        assert!(group_moves(
            &g,
            &mut labels,
            2,
            &mut rng,
            &mut Unchanged::new(&g, None)
        ));
        assert_eq!(labels, vec![0, 0, 1, 1, 0, 0, 0]);
        assert!((g.frustration(&labels) - 1.0).abs() < 1e-12);
        assert!(!group_moves(
            &g,
            &mut labels,
            3,
            &mut rng,
            &mut Unchanged::new(&g, None)
        ));
    }

    #[test]
    fn an_actor_is_ejected_to_let_a_better_tied_one_in() {
        // Bloc {0, 1, 2, 4, 5} (0, 1, 4, 5 a clique): 2 is pulled in by 0.81 (0.4 + 0.41).
        // 3 is allied to 0 (0.87) but hostile to 2 (−1): joining alone costs 0.13, 2 leaving
        // alone costs 0.81, both together gain 0.06 (frustration 0.87 → 0.81). No small
        // group gains by moving either.
        let g = SignedGraph::from_edges(
            6,
            &[
                (0, 1, 1.0),
                (0, 4, 1.0),
                (0, 5, 1.0),
                (1, 4, 1.0),
                (1, 5, 1.0),
                (4, 5, 1.0),
                (0, 2, 0.4),
                (1, 2, 0.41),
                (0, 3, 0.87),
                (2, 3, -1.0),
            ],
        );
        let start = vec![0, 0, 0, 1, 0, 0];
        let mut rng = Rng::new(3);
        assert_eq!(local_moves(&g, Some(start.clone()), &mut rng), start);
        let mut grouped = start.clone();
        assert!(!group_moves(
            &g,
            &mut grouped,
            GROUP_MAX,
            &mut rng,
            &mut Unchanged::new(&g, None)
        ));
        let mut labels = start;
        assert!(ejection_moves(&g, &mut labels, &mut rng));
        assert_eq!(labels, vec![0, 0, 1, 0, 0, 0]);
        assert!((g.frustration(&labels) - 0.81).abs() < 1e-12);
        assert!(!ejection_moves(&g, &mut labels, &mut rng));
    }

    #[test]
    fn crossing_two_partitions_never_loses() {
        let g = two_camps();
        let mut rng = Rng::new(2);
        let best = vec![0, 0, 1, 2, 2];
        let other = vec![0, 1, 1, 2, 2];
        let (f, labels, _) = crossover(&g, &best, false, &other, &mut rng);
        assert!(f <= g.frustration(&best) + 1e-12);
        assert!((f - g.frustration(&labels)).abs() < 1e-12);
        assert_eq!(f, 0.0);
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
