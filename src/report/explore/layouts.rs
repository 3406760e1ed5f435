//! Where the page draws each actor, for each grouping into blocs it can show: the drawing
//! follows the blocs of the date on the slider (and, for a scenario, of the graph shown, its
//! base or its result), so each distinct grouping among the page's analyses has a layout of
//! its own, with its blocs as clusters (boxes that hold their members only).
//!
//! - Up to [`LAYOUT_LIMIT`] actors: the built-in drawing's stress majorization with the blocs
//!   as clusters (as `entente render --engine builtin`), each grouping's layout rotated (or
//!   mirrored) and moved onto the opening one (orthogonal Procrustes over the actors both
//!   place) so that an actor moves no more than its new bloc asks.
//! - Above, or once the groupings laid out so have cost [`LAYOUT_BUDGET`] (Σ n² over them,
//!   the size of their distance matrices): a sunflower per bloc (Vogel's spiral, most central
//!   by PageRank at its centre), blocs side by side on a grid, largest first. O(n) each.
//!
//! Layouts are computed on the rayon threads, each on its own, and gathered in order, so the
//! page is the same whatever the number of threads.

use crate::analysis::blocs::BlocResult;
use crate::analysis::centrality::CentralityResult;
use crate::format::diagram::{Cluster, Diagram, Layout};
use crate::model::ActorGraph;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Above this many actors the page is laid out by bloc (a sunflower per bloc) rather than
/// by stress majorization, whose distance matrix grows as n².
pub const LAYOUT_LIMIT: usize = 600;

/// Σ n² over the groupings laid out by stress majorization beyond the opening one (ten
/// layouts of 600 actors, thousands of the shipped graph's 34); the others are sunflowers.
pub const LAYOUT_BUDGET: usize = 3_600_000;

/// Above [`LAYOUT_LIMIT`], the largest blocs laid out each on its own; the page draws the
/// same ones apart when it draws by bloc.
const OWN_GROUPS: usize = 24;

/// The blocs of two actors or more (the clusters a layout draws), as sorted member lists in
/// bloc order: two analyses with the same key are drawn alike.
pub(super) fn grouping(blocs: &BlocResult) -> Vec<Vec<String>> {
    blocs
        .blocs
        .iter()
        .filter(|b| b.members.len() >= 2)
        .map(|b| b.members.iter().map(|m| m.to_string()).collect())
        .collect()
}

/// One grouping to lay out: the graph whose relations place the actors, its blocs and
/// centrality (for the sunflower's order).
pub(super) struct Job<'a> {
    pub graph: &'a ActorGraph,
    pub blocs: &'a BlocResult,
    pub centrality: &'a CentralityResult,
}

/// The layouts of `jobs` as flat `[x0, y0, x1, y1, …]` over the page's actors (`index`),
/// aligned to `opening` (the page's actors' positions); an actor a job's graph lacks keeps
/// its opening position.
pub(super) fn layouts(
    jobs: &[Job],
    opening: &[(f64, f64)],
    index: &HashMap<String, usize>,
) -> Vec<Vec<f64>> {
    // Which jobs get stress majorization: in order, while the budget lasts.
    let mut spent = 0usize;
    let stress: Vec<bool> = jobs
        .iter()
        .map(|j| {
            let n = j.graph.actor_count();
            let cost = n * n;
            let ok = n <= LAYOUT_LIMIT && spent + cost <= LAYOUT_BUDGET;
            if ok {
                spent += cost;
            }
            ok
        })
        .collect();
    jobs.par_iter()
        .zip(stress)
        .map(|(j, stress)| {
            let mut own = if stress {
                stress_positions(j.graph, j.blocs)
            } else {
                sunflower_positions(j.graph, j.blocs, j.centrality)
            };
            let at: Vec<usize> = j.graph.actors().map(|a| index[a.id.as_str()]).collect();
            if stress {
                let target: Vec<(f64, f64)> = at.iter().map(|&i| opening[i]).collect();
                align(&mut own, &target);
            }
            let mut flat: Vec<f64> = opening.iter().flat_map(|&(x, y)| [x, y]).collect();
            for (&i, &(x, y)) in at.iter().zip(&own) {
                flat[2 * i] = round1(x);
                flat[2 * i + 1] = round1(y);
            }
            flat
        })
        .collect()
}

pub(super) fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Where each actor of `g` is drawn with `blocs` as clusters: stress majorization up to
/// [`LAYOUT_LIMIT`] actors, sunflowers above.
pub(super) fn positions(
    g: &ActorGraph,
    blocs: &BlocResult,
    c: &CentralityResult,
) -> Vec<(f64, f64)> {
    if g.actor_count() <= LAYOUT_LIMIT {
        stress_positions(g, blocs)
    } else {
        sunflower_positions(g, blocs, c)
    }
}

/// The built-in drawing's layout of every relation of `g`, blocs as clusters.
fn stress_positions(g: &ActorGraph, blocs: &BlocResult) -> Vec<(f64, f64)> {
    let d = Diagram {
        actors: g.actors().collect(),
        relations: g.relations().collect(),
        // The layout reads the relations and clusters only.
        edges: Vec::new(),
        merged: true,
        positions: Vec::new(),
        clusters: blocs
            .blocs
            .iter()
            .filter(|b| b.members.len() >= 2)
            .map(|b| Cluster {
                label: format!("bloc {}", b.id),
                members: b.members.iter().cloned().collect(),
            })
            .collect(),
        path: None,
        title: String::new(),
        graph_name: g.name.clone(),
        layout: Layout::Stress,
        edge_labels: false,
        legend: false,
    };
    crate::format::svg::positions(&d)
        .iter()
        .map(|p| (p.x, p.y))
        .collect()
}

/// A sunflower per bloc (most central at its centre), blocs side by side on a grid,
/// largest first.
fn sunflower_positions(
    g: &ActorGraph,
    blocs: &BlocResult,
    c: &CentralityResult,
) -> Vec<(f64, f64)> {
    let rank: HashMap<&str, usize> = c
        .ranking(crate::analysis::centrality::Measure::Pagerank)
        .iter()
        .enumerate()
        .map(|(i, a)| (a.actor.as_str(), i))
        .collect();
    // The largest blocs each apart, the rest together (as the page draws them by bloc).
    let mut by_size: Vec<(usize, usize)> = blocs
        .blocs
        .iter()
        .filter(|b| b.members.len() >= 2)
        .map(|b| (b.members.len(), b.id))
        .collect();
    by_size.sort_by_key(|&(n, id)| (std::cmp::Reverse(n), id));
    let own: BTreeSet<usize> = by_size.iter().take(OWN_GROUPS).map(|&(_, id)| id).collect();
    let mut groups: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
    for (i, a) in g.actors().enumerate() {
        let b = blocs
            .assignment
            .get(&a.id)
            .copied()
            .filter(|b| own.contains(b))
            .unwrap_or(usize::MAX);
        let r = rank.get(a.id.as_str()).copied().unwrap_or(usize::MAX);
        groups.entry(b).or_default().push((r, i));
    }
    let mut groups: Vec<Vec<(usize, usize)>> = groups.into_values().collect();
    groups.sort_by_key(|m| std::cmp::Reverse(m.len()));
    const SPACING: f64 = 26.0;
    let golden = std::f64::consts::PI * (3.0 - 5f64.sqrt());
    let radius = |n: usize| SPACING * (n as f64).sqrt() + SPACING;
    let cell = 2.0 * groups.first().map_or(SPACING, |m| radius(m.len())) + 4.0 * SPACING;
    let cols = (groups.len() as f64).sqrt().ceil().max(1.0) as usize;
    let mut pos = vec![(0.0, 0.0); g.actor_count()];
    for (gi, members) in groups.iter_mut().enumerate() {
        members.sort();
        let (cx, cy) = ((gi % cols) as f64 * cell, (gi / cols) as f64 * cell);
        for (k, &(_, i)) in members.iter().enumerate() {
            let r = SPACING * (k as f64).sqrt();
            let t = k as f64 * golden;
            pos[i] = (cx + r * t.cos(), cy + r * t.sin());
        }
    }
    pos
}

/// Turns, mirrors if that fits better, and moves `points` onto `target` (the same actors),
/// minimising the sum of squared distances (orthogonal Procrustes in the plane, no scaling).
fn align(points: &mut [(f64, f64)], target: &[(f64, f64)]) {
    let n = points.len();
    if n < 2 {
        return;
    }
    let mean = |p: &[(f64, f64)]| {
        let (sx, sy) = p.iter().fold((0.0, 0.0), |(a, b), &(x, y)| (a + x, b + y));
        (sx / n as f64, sy / n as f64)
    };
    let (px, py) = mean(points);
    let (tx, ty) = mean(target);
    // For the rotation by θ of p (mirrored in x when `mirror`), Σ (R p)·t = a cos θ + b sin θ,
    // largest at θ = atan2(b, a), where it is hypot(a, b).
    let fit = |mirror: f64| {
        let (mut a, mut b) = (0.0, 0.0);
        for (&(x, y), &(u, v)) in points.iter().zip(target) {
            let (x, y, u, v) = (mirror * (x - px), y - py, u - tx, v - ty);
            a += x * u + y * v;
            b += x * v - y * u;
        }
        (a.hypot(b), b.atan2(a))
    };
    let (plain, turn) = fit(1.0);
    let (mirrored, turn_m) = fit(-1.0);
    let (mirror, theta) = if mirrored > plain {
        (-1.0, turn_m)
    } else {
        (1.0, turn)
    };
    let (s, c) = theta.sin_cos();
    for p in points.iter_mut() {
        let (x, y) = (mirror * (p.0 - px), p.1 - py);
        *p = (tx + x * c - y * s, ty + x * s + y * c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alignment_undoes_a_turn_a_mirror_and_a_shift() {
        let target = [(0.0, 0.0), (10.0, 0.0), (10.0, 5.0), (-3.0, 7.0)];
        let (s, c) = 1.1f64.sin_cos();
        for mirror in [1.0, -1.0] {
            let mut moved: Vec<(f64, f64)> = target
                .iter()
                .map(|&(x, y)| {
                    let x = mirror * x;
                    (x * c - y * s + 40.0, x * s + y * c - 12.0)
                })
                .collect();
            align(&mut moved, &target);
            for (p, q) in moved.iter().zip(&target) {
                assert!(
                    (p.0 - q.0).abs() < 1e-9 && (p.1 - q.1).abs() < 1e-9,
                    "{p:?} {q:?}"
                );
            }
        }
    }

    #[test]
    fn each_grouping_is_drawn_with_its_blocs_apart() {
        use crate::analysis::blocs::{BlocOptions, detect_blocs};
        let g = crate::format::builtin().graph;
        let blocs = detect_blocs(&g, &BlocOptions::default());
        let s = crate::model::Snapshot::new(&g);
        let c = crate::report::full::centrality_section(&g, &s);
        let index: HashMap<String, usize> = g
            .actors()
            .enumerate()
            .map(|(i, a)| (a.id.to_string(), i))
            .collect();
        let opening = vec![(0.0, 0.0); g.actor_count()];
        let job = |centrality| Job {
            graph: &g,
            blocs: &blocs,
            centrality,
        };
        let flat = layouts(&[job(&c), job(&c)], &opening, &index);
        assert_eq!(flat.len(), 2);
        assert_eq!(flat[0], flat[1], "the same input, the same layout");
        assert_eq!(flat[0].len(), 2 * g.actor_count());
        // Each bloc's bounding box holds none of another bloc's members.
        let at = |i: usize| (flat[0][2 * i], flat[0][2 * i + 1]);
        let groups: Vec<Vec<usize>> = grouping(&blocs)
            .iter()
            .map(|m| m.iter().map(|id| index[id.as_str()]).collect())
            .collect();
        assert!(groups.len() >= 2);
        for (k, members) in groups.iter().enumerate() {
            let xs = members.iter().map(|&i| at(i).0);
            let ys = members.iter().map(|&i| at(i).1);
            let (x0, x1) = (
                xs.clone().fold(f64::MAX, f64::min),
                xs.fold(f64::MIN, f64::max),
            );
            let (y0, y1) = (
                ys.clone().fold(f64::MAX, f64::min),
                ys.fold(f64::MIN, f64::max),
            );
            for other in groups.iter().enumerate().filter(|o| o.0 != k) {
                for &i in other.1 {
                    let (x, y) = at(i);
                    assert!(
                        !(x0 < x && x < x1 && y0 < y && y < y1),
                        "an actor of another bloc inside bloc {k}'s box"
                    );
                }
            }
        }
    }
}
