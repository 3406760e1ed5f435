//! Where the built-in SVG drawing puts each actor (steps 1-4 of [`super`]): target
//! distances from the tie lengths the DOT writer gives Graphviz, classical scaling
//! (Torgerson 1952) from a fixed vector as the start, then stress majorization (Gansner,
//! Koren & North, "Graph drawing by stress majorization", GD 2004) and overlap removal.
//! Deterministic: the same diagram always gives the same positions.

use crate::format::diagram::{Placement, cluster_box};
use crate::format::dot::{Diagram, LABEL_WIDTH, kind_style, tie_length, wrap};
use crate::model::{ActorId, ActorKind};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap};

/// A step of the layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Shortest distances from every actor of a connected part.
    Distances,
    /// Stress majorization sweeps over it.
    Stress,
}

impl Stage {
    pub fn name(self) -> &'static str {
        match self {
            Stage::Distances => "distances",
            Stage::Stress => "stress majorization",
        }
    }
}

/// Where the layout is: `done` of `total` units of `stage` for the connected part being
/// laid out (a stage may end early when it has converged).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayoutProgress {
    pub actors: usize,
    pub stage: Stage,
    pub done: usize,
    pub total: usize,
}

/// Reports progress to the caller's callback.
struct Tick<'a>(&'a mut dyn FnMut(LayoutProgress), usize);

impl Tick<'_> {
    fn step(&mut self, stage: Stage, done: usize, total: usize) {
        (self.0)(LayoutProgress {
            actors: self.1,
            stage,
            done,
            total,
        });
    }
}

pub(super) const FONT_SIZE: f64 = 11.0;
pub(super) const LINE_HEIGHT: f64 = 13.5;
/// Average glyph width of a sans-serif font, in ems (generous, so text fits).
const EM_WIDTH: f64 = 0.58;
/// Pixels per unit of DOT `len`.
const UNIT: f64 = 150.0;

pub(super) fn text_width(s: &str, size: f64) -> f64 {
    s.chars().count() as f64 * size * EM_WIDTH
}

/// A laid-out actor: centre and half sizes of its box.
#[derive(Debug, Clone)]
pub(super) struct Placed {
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) hw: f64,
    pub(super) hh: f64,
    pub(super) lines: Vec<String>,
}

fn node_box(name: &str, kind: ActorKind) -> (f64, f64, Vec<String>) {
    let lines: Vec<String> = wrap(&crate::text::visible(name), LABEL_WIDTH)
        .split('\n')
        .map(str::to_string)
        .collect();
    let w = lines
        .iter()
        .map(|l| text_width(l, FONT_SIZE))
        .fold(0.0, f64::max);
    let h = lines.len() as f64 * LINE_HEIGHT;
    let (shape, _, _) = kind_style(kind);
    let grow = match shape {
        "ellipse" => 1.35,
        "hexagon" | "octagon" | "parallelogram" | "house" => 1.25,
        _ => 1.0,
    };
    ((w * grow + 20.0) / 2.0, (h + 12.0) / 2.0, lines)
}

#[derive(PartialEq)]
struct Item(f64, usize);
impl Eq for Item {}
impl PartialOrd for Item {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Item {
    fn cmp(&self, o: &Self) -> Ordering {
        o.0.total_cmp(&self.0).then(o.1.cmp(&self.1))
    }
}

/// All-pairs shortest distances over the tie lengths (Dijkstra from every node).
fn distances(n: usize, adj: &[Vec<(usize, f64)>], progress: &mut Tick) -> Vec<Vec<f64>> {
    let mut d = vec![vec![f64::INFINITY; n]; n];
    for (s, row) in d.iter_mut().enumerate() {
        progress.step(Stage::Distances, s, n);
        row[s] = 0.0;
        let mut heap = BinaryHeap::new();
        heap.push(Item(0.0, s));
        while let Some(Item(du, u)) = heap.pop() {
            if du > row[u] {
                continue;
            }
            for &(v, l) in &adj[u] {
                if du + l < row[v] {
                    row[v] = du + l;
                    heap.push(Item(du + l, v));
                }
            }
        }
    }
    d
}

/// Classical MDS start: the two leading eigenvectors of the double-centred squared
/// distances, by power iteration from fixed vectors.
fn classical_mds(d: &[Vec<f64>]) -> Vec<(f64, f64)> {
    let n = d.len();
    if n == 1 {
        return vec![(0.0, 0.0)];
    }
    let sq: Vec<Vec<f64>> = d
        .iter()
        .map(|r| r.iter().map(|x| x * x).collect())
        .collect();
    let row_mean: Vec<f64> = sq
        .iter()
        .map(|r| r.iter().sum::<f64>() / n as f64)
        .collect();
    let all_mean = row_mean.iter().sum::<f64>() / n as f64;
    let b: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| -0.5 * (sq[i][j] - row_mean[i] - row_mean[j] + all_mean))
                .collect()
        })
        .collect();
    let mut vecs: Vec<Vec<f64>> = Vec::new();
    let mut values = Vec::new();
    for k in 0..2 {
        let mut v: Vec<f64> = (0..n)
            .map(|i| ((i * (k + 3) + 1) % 7) as f64 - 3.0 + 0.01 * i as f64)
            .collect();
        let mut lambda = 0.0;
        for _ in 0..200 {
            let mut w: Vec<f64> = (0..n)
                .map(|i| (0..n).map(|j| b[i][j] * v[j]).sum())
                .collect();
            for u in &vecs {
                let dot: f64 = w.iter().zip(u).map(|(a, b)| a * b).sum();
                for (wi, ui) in w.iter_mut().zip(u) {
                    *wi -= dot * ui;
                }
            }
            let norm = w.iter().map(|x| x * x).sum::<f64>().sqrt();
            if norm < 1e-12 {
                break;
            }
            lambda = norm;
            v = w.into_iter().map(|x| x / norm).collect();
        }
        values.push(lambda.max(0.0).sqrt());
        vecs.push(v);
    }
    (0..n)
        .map(|i| (vecs[0][i] * values[0], vecs[1][i] * values[1]))
        .collect()
}

/// Stress majorization, localized update (Gansner, Koren & North 2004).
fn stress_majorization(pos: &mut [(f64, f64)], d: &[Vec<f64>], sweeps: usize, progress: &mut Tick) {
    let n = pos.len();
    for sweep in 0..sweeps {
        progress.step(Stage::Stress, sweep, sweeps);
        let mut moved = 0.0f64;
        for i in 0..n {
            let (mut sx, mut sy, mut sw) = (0.0, 0.0, 0.0);
            for j in 0..n {
                if i == j {
                    continue;
                }
                let dij = d[i][j];
                let w = 1.0 / (dij * dij);
                let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                let dist = (dx * dx + dy * dy).sqrt().max(1e-9);
                sx += w * (pos[j].0 + dij * dx / dist);
                sy += w * (pos[j].1 + dij * dy / dist);
                sw += w;
            }
            if sw > 0.0 {
                let next = (sx / sw, sy / sw);
                moved = moved.max((next.0 - pos[i].0).abs() + (next.1 - pos[i].1).abs());
                pos[i] = next;
            }
        }
        if moved < 0.05 {
            break;
        }
    }
}

/// A box by its centre and half sizes.
#[derive(Debug, Clone, Copy)]
struct Rect {
    x: f64,
    y: f64,
    hw: f64,
    hh: f64,
}

/// Pushes overlapping boxes apart (with a gap) along the axis of least overlap.
fn separate(rects: &mut [Rect], gap: f64) {
    let n = rects.len();
    for _ in 0..400 {
        let mut any = false;
        for i in 0..n {
            for j in i + 1..n {
                let (a, b) = (rects[i], rects[j]);
                let ox = a.hw + b.hw + gap - (a.x - b.x).abs();
                let oy = a.hh + b.hh + gap - (a.y - b.y).abs();
                if ox <= 0.0 || oy <= 0.0 {
                    continue;
                }
                any = true;
                // Ties (same position) are broken by index, deterministically.
                if ox < oy {
                    let s = if a.x < b.x || (a.x == b.x && i < j) {
                        -1.0
                    } else {
                        1.0
                    };
                    rects[i].x += s * ox / 2.0;
                    rects[j].x -= s * ox / 2.0;
                } else {
                    let s = if a.y < b.y || (a.y == b.y && i < j) {
                        -1.0
                    } else {
                        1.0
                    };
                    rects[i].y += s * oy / 2.0;
                    rects[j].y -= s * oy / 2.0;
                }
            }
        }
        if !any {
            break;
        }
    }
}

/// Pushes overlapping node boxes apart.
fn remove_overlaps(nodes: &mut [Placed], gap: f64) {
    let mut rects: Vec<Rect> = nodes
        .iter()
        .map(|p| Rect {
            x: p.x,
            y: p.y,
            hw: p.hw,
            hh: p.hh,
        })
        .collect();
    separate(&mut rects, gap);
    for (p, r) in nodes.iter_mut().zip(rects) {
        (p.x, p.y) = (r.x, r.y);
    }
}

/// The box around `members` as the writers draw a cluster ([`cluster_box`]).
fn cluster_rect(nodes: &[Placed], members: &[usize]) -> Rect {
    let boxes: Vec<Placement> = members
        .iter()
        .map(|&i| Placement {
            x: nodes[i].x,
            y: nodes[i].y,
            hw: nodes[i].hw,
            hh: nodes[i].hh,
        })
        .collect();
    let (x0, y0, x1, y1) = cluster_box(&boxes).unwrap_or_default();
    Rect {
        x: (x0 + x1) / 2.0,
        y: (y0 + y1) / 2.0,
        hw: (x1 - x0) / 2.0,
        hh: (y1 - y0) / 2.0,
    }
}

/// Moves groups (a cluster's members, or one actor outside clusters) as wholes until their
/// boxes do not overlap: no actor sits in a cluster it is not a member of.
fn separate_groups(nodes: &mut [Placed], groups: &[Vec<usize>], gap: f64) {
    let mut rects: Vec<Rect> = groups.iter().map(|g| cluster_rect(nodes, g)).collect();
    let before = rects.clone();
    separate(&mut rects, gap);
    for ((g, r), b) in groups.iter().zip(&rects).zip(&before) {
        for &i in g {
            nodes[i].x += r.x - b.x;
            nodes[i].y += r.y - b.y;
        }
    }
}

/// The diagram's actors with their boxes, at the spec's positions when it has them (the
/// default layout's, computed once by [`positions`]), else laid out here (at most
/// [`super::MAX_ACTORS`]: the callers check).
pub(super) fn layout(d: &Diagram, progress: &mut dyn FnMut(LayoutProgress)) -> Vec<Placed> {
    if d.positions.len() == d.actors.len() && !d.actors.is_empty() {
        return d
            .actors
            .iter()
            .zip(&d.positions)
            .map(|(a, p)| {
                let (_, _, lines) = node_box(&a.name, a.kind);
                Placed {
                    x: p.x,
                    y: p.y,
                    hw: p.hw,
                    hh: p.hh,
                    lines,
                }
            })
            .collect();
    }
    compute(d, progress)
}

/// Each actor's box, in points with y downwards: the layout both engines draw for
/// [`crate::format::diagram::Layout::Stress`].
pub fn positions(d: &Diagram) -> Vec<Placement> {
    positions_with_progress(d, &mut |_| {})
}

/// [`positions`], telling `progress` where the layout is.
pub fn positions_with_progress(
    d: &Diagram,
    progress: &mut dyn FnMut(LayoutProgress),
) -> Vec<Placement> {
    compute(d, progress)
        .iter()
        .map(|p| Placement {
            x: p.x,
            y: p.y,
            hw: p.hw,
            hh: p.hh,
        })
        .collect()
}

fn compute(d: &Diagram, progress: &mut dyn FnMut(LayoutProgress)) -> Vec<Placed> {
    let mut progress = Tick(progress, d.actors.len());
    let n = d.actors.len();
    let index: BTreeMap<&ActorId, usize> = d
        .actors
        .iter()
        .enumerate()
        .map(|(i, a)| (&a.id, i))
        .collect();
    let mut nodes: Vec<Placed> = d
        .actors
        .iter()
        .map(|a| {
            let (hw, hh, lines) = node_box(&a.name, a.kind);
            Placed {
                x: 0.0,
                y: 0.0,
                hw,
                hh,
                lines,
            }
        })
        .collect();
    if n == 0 {
        return nodes;
    }
    // Net weight of each tied pair.
    let mut net: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    for r in &d.relations {
        let (a, b) = (index[&r.from], index[&r.to]);
        *net.entry((a.min(b), a.max(b))).or_default() += r.weight;
    }
    let mut adj = vec![Vec::new(); n];
    for (&(a, b), &w) in &net {
        let len = tie_length(w) * UNIT;
        adj[a].push((b, len));
        adj[b].push((a, len));
    }
    let cluster_of: Vec<Option<usize>> = d
        .actors
        .iter()
        .map(|a| d.clusters.iter().position(|c| c.members.contains(&a.id)))
        .collect();
    // Each component on its own (actors joined by ties or by a cluster: a cluster is laid
    // out in one piece), the largest first; then packed.
    let mut link: Vec<Vec<usize>> = adj
        .iter()
        .map(|a| a.iter().map(|e| e.0).collect())
        .collect();
    let mut first_of: BTreeMap<usize, usize> = BTreeMap::new();
    for (u, c) in cluster_of.iter().enumerate() {
        if let Some(c) = c {
            let f = *first_of.entry(*c).or_insert(u);
            if f != u {
                link[u].push(f);
                link[f].push(u);
            }
        }
    }
    let mut seen = vec![false; n];
    let mut components: Vec<Vec<usize>> = Vec::new();
    for s in 0..n {
        if seen[s] {
            continue;
        }
        seen[s] = true;
        let mut comp = vec![s];
        let mut k = 0;
        while k < comp.len() {
            for &v in &link[comp[k]] {
                if !seen[v] {
                    seen[v] = true;
                    comp.push(v);
                }
            }
            k += 1;
        }
        comp.sort_unstable();
        components.push(comp);
    }
    components.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    for comp in &components {
        place_component(
            &mut nodes,
            comp,
            &adj,
            &cluster_of,
            !d.clusters.is_empty(),
            &mut progress,
        );
    }
    pack(&mut nodes, &components);
    nodes
}

/// Lays out one connected component around the origin: target distances, classical
/// scaling, stress majorization, then overlaps removed between actors and between groups.
fn place_component(
    nodes: &mut [Placed],
    comp: &[usize],
    adj: &[Vec<(usize, f64)>],
    cluster_of: &[Option<usize>],
    clustered: bool,
    progress: &mut Tick,
) {
    let m = comp.len();
    if m == 1 {
        (nodes[comp[0]].x, nodes[comp[0]].y) = (0.0, 0.0);
        return;
    }
    let local: BTreeMap<usize, usize> = comp.iter().enumerate().map(|(i, &u)| (u, i)).collect();
    let sub: Vec<Vec<(usize, f64)>> = comp
        .iter()
        .map(|&u| adj[u].iter().map(|&(v, l)| (local[&v], l)).collect())
        .collect();
    let mut dist = distances(m, &sub, progress);
    // Actors with no path between them (held together by a cluster): close when in one
    // cluster, else a step beyond the longest path (at most five steps apart).
    let finite_max = dist
        .iter()
        .flatten()
        .copied()
        .filter(|x| x.is_finite())
        .fold(UNIT, f64::max)
        .min(4.0 * UNIT);
    for (i, row) in dist.iter_mut().enumerate() {
        for (j, x) in row.iter_mut().enumerate() {
            if !x.is_finite() {
                let same =
                    cluster_of[comp[i]].is_some() && cluster_of[comp[i]] == cluster_of[comp[j]];
                *x = if same { 1.2 * UNIT } else { finite_max + UNIT };
            }
        }
    }
    for i in 0..m {
        for j in 0..m {
            if i == j {
                continue;
            }
            let (u, v) = (comp[i], comp[j]);
            let mut x = dist[i][j];
            if clustered {
                match (cluster_of[u], cluster_of[v]) {
                    (Some(a), Some(b)) if a == b => x *= 0.75,
                    (Some(_), _) | (_, Some(_)) => x *= 1.5,
                    _ => {}
                }
            }
            // Never ask two boxes to sit closer than their sizes allow.
            let floor = (nodes[u].hw + nodes[v].hw).max(nodes[u].hh + nodes[v].hh) * 0.8;
            dist[i][j] = x.max(floor);
        }
    }
    let mut pos = classical_mds(&dist);
    stress_majorization(&mut pos, &dist, 300, progress);
    let mut part: Vec<Placed> = comp.iter().map(|&u| nodes[u].clone()).collect();
    for (p, q) in part.iter_mut().zip(&pos) {
        (p.x, p.y) = *q;
    }
    remove_overlaps(&mut part, GAP);
    if clustered {
        // Groups: each cluster's members here, and each actor outside clusters alone.
        let mut groups: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
        for (i, &u) in comp.iter().enumerate() {
            let key = cluster_of[u].map_or((1, u), |c| (0, c));
            groups.entry(key).or_default().push(i);
        }
        let groups: Vec<Vec<usize>> = groups.into_values().collect();
        separate_groups(&mut part, &groups, GAP);
    }
    for (&u, p) in comp.iter().zip(part) {
        nodes[u] = p;
    }
}

/// Space between actors' boxes.
const GAP: f64 = 20.0;

/// Components side by side: the largest where it is, the others in rows below it, as wide
/// as it is (at least 600 points), left to right in order.
fn pack(nodes: &mut [Placed], components: &[Vec<usize>]) {
    let bounds = |nodes: &[Placed], c: &[usize]| {
        let x0 = c
            .iter()
            .map(|&i| nodes[i].x - nodes[i].hw)
            .fold(f64::INFINITY, f64::min);
        let x1 = c
            .iter()
            .map(|&i| nodes[i].x + nodes[i].hw)
            .fold(f64::NEG_INFINITY, f64::max);
        let y0 = c
            .iter()
            .map(|&i| nodes[i].y - nodes[i].hh)
            .fold(f64::INFINITY, f64::min);
        let y1 = c
            .iter()
            .map(|&i| nodes[i].y + nodes[i].hh)
            .fold(f64::NEG_INFINITY, f64::max);
        (x0, y0, x1, y1)
    };
    let Some((first, rest)) = components.split_first() else {
        return;
    };
    let (left, _, right, bottom) = bounds(nodes, first);
    let width = (right - left).max(600.0);
    let (mut x, mut y, mut row_h) = (left, bottom + 3.0 * GAP, 0.0f64);
    for c in rest {
        let (x0, y0, x1, y1) = bounds(nodes, c);
        if x > left && x + (x1 - x0) > left + width {
            x = left;
            y += row_h + 2.0 * GAP;
            row_h = 0.0;
        }
        let (dx, dy) = (x - x0, y - y0);
        for &i in c {
            nodes[i].x += dx;
            nodes[i].y += dy;
        }
        x += (x1 - x0) + 2.0 * GAP;
        row_h = row_h.max(y1 - y0);
    }
}
