//! Who holds influence over an actor: every actor ranked by the strength of its influence
//! paths into the target, with the first hop its best path takes, and the target's direct
//! relations.
//!
//! Paths are those of [`super::paths`] (strength = product of |w| along [`Snapshot::out`],
//! hostile ties only with `allow_hostile`). The best path of every actor comes from one
//! Dijkstra run from the target over the reversed ties ([`Snapshot::incoming`]),
//! O(m log n). The aggregates over the k strongest simple paths ([`Aggregate`]) run Yen's
//! algorithm once per actor, in parallel; with a `top` limit, actors whose best path bounds
//! their aggregate below the current top are skipped, and an actor's enumeration stops as
//! soon as its remaining paths (each no stronger than the last) cannot lift it into the
//! top, which keeps the ranking exact.
//! See `docs/analysis/paths.md`.

use super::paths::{Network, Search, Yen, heap_key};
use crate::model::{ActorGraph, ActorId, Confidence, Flow, RelationKind, Snapshot};
use rayon::prelude::*;
use serde::Serialize;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// How the k strongest paths of an actor into the target make its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Aggregate {
    /// The strength of the single strongest path.
    #[default]
    Best,
    /// The sum of the strengths of the k strongest simple paths: more channels, more
    /// influence (unbounded; at most k).
    SumK,
    /// 1 − Π(1 − sᵢ) over the k strongest simple paths: the chance that at least one
    /// channel carries influence if each carries it independently with its strength
    /// (in [0, 1]).
    NoisyOr,
}

impl Aggregate {
    pub const ALL: [Aggregate; 3] = [Aggregate::Best, Aggregate::SumK, Aggregate::NoisyOr];

    pub fn name(self) -> &'static str {
        match self {
            Aggregate::Best => "best",
            Aggregate::SumK => "sum-k",
            Aggregate::NoisyOr => "noisy-or",
        }
    }

    /// The score of paths of these strengths (strongest first).
    pub fn score(self, strengths: &[f64]) -> f64 {
        match self {
            Aggregate::Best => strengths.first().copied().unwrap_or(0.0),
            Aggregate::SumK => strengths.iter().sum(),
            Aggregate::NoisyOr => 1.0 - strengths.iter().map(|s| 1.0 - s).product::<f64>(),
        }
    }

    /// The largest score k paths no stronger than `best` can reach.
    fn bound(self, best: f64, k: usize) -> f64 {
        self.bound_after(&[], best, k)
    }

    /// The largest score k paths can reach when the strongest are `found` and the others
    /// are no stronger than `next`.
    fn bound_after(self, found: &[f64], next: f64, k: usize) -> f64 {
        let rest = k.saturating_sub(found.len());
        match self {
            Aggregate::Best => found.first().copied().unwrap_or(next),
            Aggregate::SumK => found.iter().sum::<f64>() + next * rest as f64,
            Aggregate::NoisyOr => {
                1.0 - found.iter().map(|s| 1.0 - s).product::<f64>()
                    * (1.0 - next).powi(rest as i32)
            }
        }
    }
}

impl std::str::FromStr for Aggregate {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Aggregate::ALL
            .into_iter()
            .find(|a| a.name() == s)
            .ok_or_else(|| format!("unknown aggregate `{s}` (best, sum-k, noisy-or)"))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct InfluenceOptions {
    pub by: Aggregate,
    /// Paths per actor for the aggregates other than `best`.
    pub k: usize,
    pub allow_hostile: bool,
    /// Keep only the `top` highest scores.
    pub top: Option<usize>,
    /// Leave the target's own members (`part_of` it, at any depth) out of the ranking: its
    /// ministries and state companies are not influences on it. Paths through them count.
    pub exclude_own: bool,
}

impl Default for InfluenceOptions {
    fn default() -> Self {
        InfluenceOptions {
            by: Aggregate::Best,
            k: 3,
            allow_hostile: false,
            top: None,
            exclude_own: false,
        }
    }
}

/// An actor's influence over the target.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Influencer {
    pub actor: ActorId,
    pub name: String,
    /// The aggregate of its paths' strengths (see [`Aggregate`]).
    pub score: f64,
    /// Strength of its strongest path.
    pub strength: f64,
    /// Sign of its strongest path: 1 allied influence, −1 hostile.
    pub sign: i8,
    /// Hops of its strongest path (1 for a direct tie).
    pub hops: usize,
    /// The actor its strongest path goes through first (the target itself for a direct tie).
    pub first_hop: ActorId,
    /// Its strongest path, the actor first and the target last.
    pub path: Vec<ActorId>,
    /// How many paths the score aggregates (up to k; 1 for `best`).
    pub paths: usize,
}

/// A relation touching the target.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DirectTie {
    pub actor: ActorId,
    #[serde(serialize_with = "crate::model::types::kebab")]
    pub kind: RelationKind,
    pub weight: f64,
    /// `"to-target"` (directed, actor → target), `"from-target"` (directed, target →
    /// actor) or `"mutual"`.
    pub direction: &'static str,
    #[serde(serialize_with = "crate::model::types::kebab")]
    pub confidence: Confidence,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InfluenceResult {
    pub target: ActorId,
    pub target_name: String,
    pub by: Aggregate,
    pub k: usize,
    pub allow_hostile: bool,
    /// Actors with a path into the target, highest score first.
    pub ranking: Vec<Influencer>,
    /// Every relation touching the target, strongest |weight| first.
    pub direct: Vec<DirectTie>,
    /// Actors with no path into the target (under the sign rule).
    pub unreachable: Vec<ActorId>,
    /// The target's own members, left out of the ranking (`exclude_own`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub excluded_own: Vec<ActorId>,
}

/// Why influence could not be ranked.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownTarget(pub ActorId);

impl std::fmt::Display for UnknownTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "no actor `{}` in the graph", self.0)
    }
}

impl std::error::Error for UnknownTarget {}

/// Ranks every actor by its influence over `target`.
pub fn influence_on(
    g: &ActorGraph,
    target: &ActorId,
    opts: &InfluenceOptions,
) -> Result<InfluenceResult, UnknownTarget> {
    influence_on_in(g, &Snapshot::new(g), target, opts)
}

/// How far the ranking is: `done` of the `total` actors with a path into the target have
/// their score (or are known to be out of the top).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RankProgress {
    pub done: usize,
    pub total: usize,
}

/// [`influence_on`] on a snapshot already built from `g` (for callers that run several
/// analyses on one graph).
pub fn influence_on_in(
    g: &ActorGraph,
    s: &Snapshot,
    target: &ActorId,
    opts: &InfluenceOptions,
) -> Result<InfluenceResult, UnknownTarget> {
    influence_on_progress(g, s, target, opts, None)
}

/// [`influence_on_in`], telling `progress` how far the aggregates are (`sum-k` and
/// `noisy-or` run Yen's algorithm for each actor: seconds to minutes on a large graph).
pub fn influence_on_progress(
    g: &ActorGraph,
    s: &Snapshot,
    target: &ActorId,
    opts: &InfluenceOptions,
    progress: Option<&(dyn Fn(RankProgress) + Sync)>,
) -> Result<InfluenceResult, UnknownTarget> {
    let t = s
        .index_of(target)
        .ok_or_else(|| UnknownTarget(target.clone()))?;
    let n = s.len();
    let best = best_paths_into(s, t, opts.allow_hostile);
    let k = opts.k.max(1);

    let excluded_own = if opts.exclude_own {
        g.members_of(target)
    } else {
        Vec::new()
    };
    let own: Vec<usize> = excluded_own.iter().filter_map(|m| s.index_of(m)).collect();
    let mut reached: Vec<usize> = (0..n)
        .filter(|&u| u != t && best.reaches(u) && !own.contains(&u))
        .collect();
    let scored: Vec<(usize, f64, usize)> = if opts.by == Aggregate::Best {
        reached.iter().map(|&u| (u, best.strength(u), 1)).collect()
    } else {
        // Strongest best path first: the order in which aggregates are computed and pruned.
        reached.sort_by(|&a, &b| best.dist[a].total_cmp(&best.dist[b]).then(a.cmp(&b)));
        aggregate_scores(
            s,
            t,
            &reached,
            &best,
            opts.by,
            k,
            opts.allow_hostile,
            opts.top,
            progress,
        )
    };

    // Ranked before the influencers are written out: with `top`, only those kept are (a
    // path and a name each for a million actors were most of the report's influence).
    let mut ranked: Vec<(usize, f64, f64, usize)> = scored
        .into_iter()
        .map(|(u, score, paths)| {
            // By the best path alone, the score is that path's strength: not walked again.
            let strength = if opts.by == Aggregate::Best {
                score
            } else {
                best.strength(u)
            };
            (u, score, strength, paths)
        })
        .collect();
    let order = |a: &(usize, f64, f64, usize), b: &(usize, f64, f64, usize)| {
        b.1.total_cmp(&a.1)
            .then(b.2.total_cmp(&a.2))
            .then_with(|| s.ids[a.0].cmp(&s.ids[b.0]))
    };
    // A total order (ids are unique): the first `top` after a selection are those a full
    // sort would keep.
    if let Some(top) = opts.top
        && top < ranked.len()
    {
        if top == 0 {
            ranked.clear();
        } else {
            ranked.select_nth_unstable_by(top - 1, order);
            ranked.truncate(top);
        }
    }
    ranked.sort_unstable_by(order);
    let ranking: Vec<Influencer> = ranked
        .into_iter()
        .map(|(u, score, strength, paths)| {
            let path = best.path(u);
            Influencer {
                actor: s.ids[u].clone(),
                name: actor_name(g, &s.ids[u]),
                score,
                strength,
                sign: best.sign(u),
                hops: path.len() - 1,
                first_hop: s.ids[path[1]].clone(),
                path: path.iter().map(|&v| s.ids[v].clone()).collect(),
                paths,
            }
        })
        .collect();

    let mut direct: Vec<DirectTie> = g
        .relations_of(target)
        .into_iter()
        .map(|(_, r)| {
            let (actor, direction) = if &r.from == target {
                (
                    r.to.clone(),
                    if r.directed { "from-target" } else { "mutual" },
                )
            } else {
                (
                    r.from.clone(),
                    if r.directed { "to-target" } else { "mutual" },
                )
            };
            DirectTie {
                actor,
                kind: r.kind,
                weight: r.weight,
                direction,
                confidence: r.confidence,
                note: r.note().map(str::to_string),
            }
        })
        .collect();
    direct.sort_by(|a, b| {
        b.weight
            .abs()
            .total_cmp(&a.weight.abs())
            .then_with(|| a.actor.cmp(&b.actor))
            .then(a.kind.cmp(&b.kind))
    });

    let unreachable = (0..n)
        .filter(|&u| u != t && !best.reaches(u) && !own.contains(&u))
        .map(|u| s.ids[u].clone())
        .collect();
    Ok(InfluenceResult {
        target: target.clone(),
        target_name: actor_name(g, target),
        by: opts.by,
        k: if opts.by == Aggregate::Best { 1 } else { k },
        allow_hostile: opts.allow_hostile,
        ranking,
        direct,
        unreachable,
        excluded_own,
    })
}

fn actor_name(g: &ActorGraph, id: &ActorId) -> String {
    g.actor(id).map(|a| a.name.clone()).unwrap_or_default()
}

/// Sources processed between two checks of the pruning bound.
const BATCH: usize = 256;

/// Aggregate scores of the k strongest simple paths of each actor in `order` (strongest
/// best path first). With `top`, an actor is dropped as soon as the paths it has left
/// cannot lift it to the current `top`-th score (each path is no stronger than the one
/// before: [`Aggregate::bound_after`]), and the loop stops once no remaining actor's best
/// path can; the kept scores are exact, so the ranking is.
#[allow(clippy::too_many_arguments)]
fn aggregate_scores(
    s: &Snapshot,
    t: usize,
    order: &[usize],
    best: &BestPaths,
    by: Aggregate,
    k: usize,
    allow_hostile: bool,
    top: Option<usize>,
    progress: Option<&(dyn Fn(RankProgress) + Sync)>,
) -> Vec<(usize, f64, usize)> {
    let net = Network::new(s, Flow::Out, allow_hostile);
    let mut out: Vec<(usize, f64, usize)> = Vec::with_capacity(order.len());
    // The `top` highest scores so far, as a min-heap.
    let mut kept: BinaryHeap<Reverse<super::paths::OrdF64>> = BinaryHeap::new();
    let mut done = 0;
    for batch in order.chunks(BATCH) {
        if let Some(p) = progress {
            p(RankProgress {
                done,
                total: order.len(),
            });
        }
        done += batch.len();
        // Scores below the current `top`-th cannot enter the ranking.
        let threshold = match top {
            Some(top) if kept.len() >= top => kept.peek().expect("non-empty").0.0,
            _ => f64::NEG_INFINITY,
        };
        if by.bound(best.strength(batch[0]), k) < threshold {
            break;
        }
        let scores: Vec<Option<(usize, f64, usize)>> = batch
            .par_iter()
            .map_init(
                || Some(Search::new(s.len())),
                |search, &u| {
                    if by.bound(best.strength(u), k) < threshold {
                        return None;
                    }
                    let mut yen =
                        Yen::with_search(&net, u, t, None, &[], search.take().expect("returned"))
                            .with_potential(&best.dist)
                            .with_limit(k);
                    let mut strengths: Vec<f64> = Vec::with_capacity(k);
                    let mut out_of_top = false;
                    while strengths.len() < k {
                        if let Some(&last) = strengths.last()
                            && by.bound_after(&strengths, last, k) < threshold
                        {
                            out_of_top = true;
                            break;
                        }
                        match yen.next_path() {
                            Some(p) => strengths.push((-p.length).exp()),
                            None => break,
                        }
                    }
                    *search = Some(yen.into_search());
                    (!out_of_top).then(|| (u, by.score(&strengths), strengths.len()))
                },
            )
            .collect();
        for &(_, score, _) in scores.iter().flatten() {
            if let Some(top) = top {
                kept.push(Reverse(super::paths::OrdF64(score)));
                if kept.len() > top {
                    kept.pop();
                }
            }
        }
        out.extend(scores.into_iter().flatten());
    }
    out
}

/// Best paths of every actor into one target: a shortest-path tree over reversed ties.
struct BestPaths {
    target: usize,
    dist: Vec<f64>,
    /// The next actor on `u`'s best path, `usize::MAX` for none.
    next: Vec<usize>,
    /// The `out` weight of the tie `u → next[u]`.
    weight: Vec<f64>,
}

impl BestPaths {
    fn reaches(&self, u: usize) -> bool {
        self.dist[u].is_finite()
    }

    fn path(&self, u: usize) -> Vec<usize> {
        let mut p = vec![u];
        let mut v = u;
        while v != self.target {
            v = self.next[v];
            p.push(v);
        }
        p
    }

    fn strength(&self, u: usize) -> f64 {
        let mut x = 1.0;
        let mut v = u;
        while v != self.target {
            x *= self.weight[v].abs();
            v = self.next[v];
        }
        x
    }

    fn sign(&self, u: usize) -> i8 {
        let mut sign = 1;
        let mut v = u;
        while v != self.target {
            if self.weight[v] < 0.0 {
                sign = -sign;
            }
            v = self.next[v];
        }
        sign
    }
}

/// Dijkstra from `t` over [`Snapshot::incoming`] with lengths −ln|w|.
fn best_paths_into(s: &Snapshot, t: usize, allow_hostile: bool) -> BestPaths {
    let n = s.len();
    let net = Network::new(s, Flow::Incoming, allow_hostile);
    let mut dist = vec![f64::INFINITY; n];
    let mut next = vec![usize::MAX; n];
    let mut weight = vec![0.0; n];
    let mut done = vec![false; n];
    let mut heap = BinaryHeap::new();
    dist[t] = 0.0;
    heap.push(Reverse((heap_key(0.0), t)));
    while let Some(Reverse((_, v))) = heap.pop() {
        if done[v] {
            continue;
        }
        let d = dist[v];
        done[v] = true;
        for e in net.csr.range(v) {
            if !net.length[e].is_finite() {
                continue;
            }
            let u = net.csr.targets[e] as usize;
            let nd = d + net.length[e];
            if nd < dist[u] {
                dist[u] = nd;
                next[u] = v;
                weight[u] = net.csr.weights[e];
                heap.push(Reverse((heap_key(nd), u)));
            }
        }
    }
    BestPaths {
        target: t,
        dist,
        next,
        weight,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::paths::{PathOptions, strongest_paths};
    use crate::model::{Actor, ActorKind, Relation};

    fn graph() -> ActorGraph {
        let mut g = ActorGraph::new("t");
        for id in ["T", "A", "B", "C", "D", "E"] {
            g.add_actor(Actor::new(id, format!("actor {id}"), ActorKind::State))
                .unwrap();
        }
        let rel =
            |a: &str, b: &str, w: f64| Relation::new(a, b, RelationKind::default_for_weight(w), w);
        g.add_relation(rel("A", "T", 0.9)).unwrap();
        g.add_relation(rel("B", "A", 0.8)).unwrap();
        g.add_relation(rel("B", "T", 0.5)).unwrap();
        g.add_relation(rel("C", "B", 0.9)).unwrap();
        g.add_relation(rel("D", "T", -0.7)).unwrap();
        // T supplies E, E has no influence over T.
        g.add_relation(rel("T", "E", 0.6).directed()).unwrap();
        g
    }

    #[test]
    fn ranks_by_best_path() {
        let g = graph();
        let r = influence_on(&g, &"T".into(), &InfluenceOptions::default()).unwrap();
        let order: Vec<&str> = r.ranking.iter().map(|i| i.actor.as_str()).collect();
        assert_eq!(order, ["A", "B", "C"]);
        let b = &r.ranking[1];
        assert!((b.score - 0.72).abs() < 1e-12);
        assert_eq!(b.first_hop, ActorId::new("A"));
        assert_eq!(b.path, vec!["B".into(), "A".into(), ActorId::new("T")]);
        let ids: Vec<&str> = r.unreachable.iter().map(|a| a.as_str()).collect();
        assert_eq!(ids, ["D", "E"]);
        // Direct ties: every relation touching T, strongest first.
        let direct: Vec<(&str, &str)> = r
            .direct
            .iter()
            .map(|d| (d.actor.as_str(), d.direction))
            .collect();
        assert_eq!(
            direct,
            [
                ("A", "mutual"),
                ("D", "mutual"),
                ("E", "from-target"),
                ("B", "mutual")
            ]
        );
    }

    #[test]
    fn one_snapshot_serves_several_targets() {
        let g = graph();
        let s = Snapshot::new(&g);
        let opts = InfluenceOptions {
            by: Aggregate::SumK,
            ..InfluenceOptions::default()
        };
        for target in ["T", "A", "B"] {
            let target = ActorId::new(target);
            assert_eq!(
                influence_on_in(&g, &s, &target, &opts),
                influence_on(&g, &target, &opts)
            );
        }
        assert_eq!(
            influence_on_in(&g, &s, &"X".into(), &opts),
            Err(UnknownTarget("X".into()))
        );
    }

    #[test]
    fn hostile_influence_and_agreement_with_paths() {
        let g = graph();
        let opts = InfluenceOptions {
            allow_hostile: true,
            ..InfluenceOptions::default()
        };
        let r = influence_on(&g, &"T".into(), &opts).unwrap();
        let d = r.ranking.iter().find(|i| i.actor.as_str() == "D").unwrap();
        assert_eq!(d.sign, -1);
        // Every best path is the one `strongest_paths` finds.
        for inf in &r.ranking {
            let p = strongest_paths(
                &g,
                &inf.actor,
                &"T".into(),
                &PathOptions {
                    allow_hostile: true,
                    ..PathOptions::default()
                },
            )
            .unwrap();
            assert!((p.paths[0].strength - inf.strength).abs() < 1e-12);
        }
    }

    #[test]
    fn aggregates_over_k_paths() {
        let g = graph();
        for by in [Aggregate::SumK, Aggregate::NoisyOr] {
            let opts = InfluenceOptions {
                by,
                k: 3,
                ..InfluenceOptions::default()
            };
            let r = influence_on(&g, &"T".into(), &opts).unwrap();
            let b = r.ranking.iter().find(|i| i.actor.as_str() == "B").unwrap();
            // B → A → T (0.72) and B → T (0.5).
            assert_eq!(b.paths, 2);
            let expected = by.score(&[0.72, 0.5]);
            assert!((b.score - expected).abs() < 1e-12, "{by:?}");
        }
        assert!((Aggregate::NoisyOr.score(&[0.72, 0.5]) - 0.86).abs() < 1e-12);
    }

    #[test]
    fn top_keeps_the_exact_leaders() {
        // A star of many actors with two paths each: the pruned top equals the full ranking's
        // head.
        let mut g = ActorGraph::new("star");
        g.add_actor(Actor::new("T", "T", ActorKind::State)).unwrap();
        for i in 0..600 {
            g.add_actor(Actor::new(format!("A{i}"), "", ActorKind::State))
                .unwrap();
            g.add_actor(Actor::new(format!("B{i}"), "", ActorKind::State))
                .unwrap();
            let w1 = 0.2 + 0.7 * ((i * 37 % 600) as f64 / 600.0);
            let w2 = 0.1 + 0.8 * ((i * 91 % 600) as f64 / 600.0);
            g.add_relation(Relation::new(format!("A{i}"), "T", RelationKind::Trade, w1))
                .unwrap();
            g.add_relation(Relation::new(
                format!("A{i}"),
                format!("B{i}"),
                RelationKind::Trade,
                0.9,
            ))
            .unwrap();
            g.add_relation(Relation::new(format!("B{i}"), "T", RelationKind::Trade, w2))
                .unwrap();
        }
        let all = InfluenceOptions {
            by: Aggregate::SumK,
            k: 2,
            ..InfluenceOptions::default()
        };
        let full = influence_on(&g, &"T".into(), &all).unwrap();
        let top = influence_on(
            &g,
            &"T".into(),
            &InfluenceOptions {
                top: Some(10),
                ..all
            },
        )
        .unwrap();
        assert_eq!(top.ranking.len(), 10);
        assert_eq!(top.ranking[..], full.ranking[..10]);
    }

    /// Actors cut off after a few paths (their remaining paths cannot lift them into the
    /// top) leave the top exactly the full ranking's head, for both aggregates and several k,
    /// on a random graph whose actors have many paths each.
    #[test]
    fn top_cuts_actors_off_early_and_stays_exact() {
        let mut g = ActorGraph::new("random");
        let n = 150;
        for i in 0..n {
            g.add_actor(Actor::new(format!("A{i}"), "", ActorKind::State))
                .unwrap();
        }
        let mut x: u64 = 7;
        let mut next = || {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) as usize
        };
        let mut pairs = std::collections::BTreeSet::new();
        while pairs.len() < 700 {
            let (a, b) = (next() % n, next() % n);
            if a != b && pairs.insert((a.min(b), a.max(b))) {
                let w = 0.05 + 0.9 * (next() % 1000) as f64 / 1000.0;
                g.add_relation(Relation::new(
                    format!("A{a}"),
                    format!("A{b}"),
                    RelationKind::Trade,
                    w,
                ))
                .unwrap();
            }
        }
        let s = Snapshot::new(&g);
        for by in [Aggregate::SumK, Aggregate::NoisyOr] {
            for k in [4, 12] {
                let all = InfluenceOptions {
                    by,
                    k,
                    ..InfluenceOptions::default()
                };
                let full = influence_on(&g, &"A0".into(), &all).unwrap();
                for top in [1, 5] {
                    let seen = std::sync::Mutex::new(Vec::new());
                    let r = influence_on_progress(
                        &g,
                        &s,
                        &"A0".into(),
                        &InfluenceOptions {
                            top: Some(top),
                            ..all.clone()
                        },
                        Some(&|p| seen.lock().unwrap().push(p)),
                    )
                    .unwrap();
                    assert_eq!(r.ranking[..], full.ranking[..top], "{by:?} k={k} top={top}");
                    let seen = seen.into_inner().unwrap();
                    assert!(!seen.is_empty() && seen[0].done == 0);
                    assert!(seen.iter().all(|p| p.done < p.total));
                }
            }
        }
    }

    /// With `top`, the best-path ranking is cut before the influencers are written out: it
    /// is still the full ranking's head, ties in strength broken by id as the full sort
    /// breaks them (two weights only, so many actors tie).
    #[test]
    fn best_top_is_the_head_of_the_full_ranking() {
        let mut g = ActorGraph::new("ties");
        let n = 120;
        for i in 0..n {
            g.add_actor(Actor::new(format!("A{i:03}"), "", ActorKind::State))
                .unwrap();
        }
        let mut pairs = std::collections::BTreeSet::new();
        for i in 1..n {
            for j in [(i * 7 + 3) % i, (i * 13 + 5) % i] {
                if pairs.insert((i, j)) {
                    let w = if (i + j) % 3 == 0 { 0.5 } else { 0.8 };
                    g.add_relation(Relation::new(
                        format!("A{i:03}"),
                        format!("A{j:03}"),
                        RelationKind::Trade,
                        w,
                    ))
                    .unwrap();
                }
            }
        }
        let full = influence_on(&g, &"A000".into(), &InfluenceOptions::default()).unwrap();
        assert!(full.ranking.len() > 100);
        let strengths: std::collections::BTreeSet<u64> =
            full.ranking.iter().map(|i| i.strength.to_bits()).collect();
        assert!(strengths.len() < full.ranking.len() / 4, "many ties");
        // Strongest first, then by id.
        assert!(full.ranking.windows(2).all(|w| {
            w[0].score > w[1].score || (w[0].score == w[1].score && w[0].actor < w[1].actor)
        }));
        for top in [0, 1, 7, full.ranking.len() - 1, full.ranking.len(), 1000] {
            let r = influence_on(
                &g,
                &"A000".into(),
                &InfluenceOptions {
                    top: Some(top),
                    ..InfluenceOptions::default()
                },
            )
            .unwrap();
            assert_eq!(
                r.ranking[..],
                full.ranking[..top.min(full.ranking.len())],
                "top={top}"
            );
        }
    }

    #[test]
    fn unknown_target() {
        let g = graph();
        assert!(influence_on(&g, &"Q".into(), &InfluenceOptions::default()).is_err());
    }
}
