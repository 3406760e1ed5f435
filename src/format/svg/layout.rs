//! Where the built-in SVG drawing puts each actor (steps 1-4 of [`super`]): target
//! distances from the tie lengths the DOT writer gives Graphviz, classical scaling
//! (Torgerson 1952) from a fixed vector as the start, then stress majorization (Gansner,
//! Koren & North, "Graph drawing by stress majorization", GD 2004) and overlap removal.
//! Deterministic: the same diagram always gives the same positions.

use crate::format::dot::{Diagram, LABEL_WIDTH, kind_style, tie_length, wrap};
use crate::model::{ActorId, ActorKind};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap};

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
        "hexagon" | "octagon" | "parallelogram" => 1.25,
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
fn distances(n: usize, adj: &[Vec<(usize, f64)>]) -> Vec<Vec<f64>> {
    let mut d = vec![vec![f64::INFINITY; n]; n];
    for (s, row) in d.iter_mut().enumerate() {
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
fn stress_majorization(pos: &mut [(f64, f64)], d: &[Vec<f64>], sweeps: usize) {
    let n = pos.len();
    for _ in 0..sweeps {
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

/// Pushes overlapping boxes apart (with a gap) along the axis of least overlap.
fn remove_overlaps(nodes: &mut [Placed], gap: f64) {
    let n = nodes.len();
    for _ in 0..400 {
        let mut any = false;
        for i in 0..n {
            for j in i + 1..n {
                let (a, b) = (&nodes[i], &nodes[j]);
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
                    nodes[i].x += s * ox / 2.0;
                    nodes[j].x -= s * ox / 2.0;
                } else {
                    let s = if a.y < b.y || (a.y == b.y && i < j) {
                        -1.0
                    } else {
                        1.0
                    };
                    nodes[i].y += s * oy / 2.0;
                    nodes[j].y -= s * oy / 2.0;
                }
            }
        }
        if !any {
            break;
        }
    }
}

/// Lays out the diagram's actors.
pub(super) fn layout(d: &Diagram) -> Vec<Placed> {
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
    let mut dist = distances(n, &adj);
    let finite_max = dist
        .iter()
        .flatten()
        .copied()
        .filter(|x| x.is_finite())
        .fold(UNIT, f64::max);
    let cluster_of: BTreeMap<&ActorId, usize> = d
        .clusters
        .iter()
        .enumerate()
        .flat_map(|(c, cl)| cl.members.iter().map(move |m| (m, c)))
        .collect();
    for i in 0..n {
        for j in 0..n {
            if i == j {
                continue;
            }
            let mut v = dist[i][j];
            if !v.is_finite() {
                v = finite_max + UNIT;
            }
            if !d.clusters.is_empty() {
                match (
                    cluster_of.get(&d.actors[i].id),
                    cluster_of.get(&d.actors[j].id),
                ) {
                    (Some(a), Some(b)) if a == b => v *= 0.85,
                    (Some(_), _) | (_, Some(_)) => v *= 1.25,
                    _ => {}
                }
            }
            // Never ask two boxes to sit closer than their sizes allow.
            let floor = (nodes[i].hw + nodes[j].hw).max(nodes[i].hh + nodes[j].hh) * 0.8;
            dist[i][j] = v.max(floor);
        }
    }
    let mut pos = classical_mds(&dist);
    stress_majorization(&mut pos, &dist, 300);
    for (p, node) in pos.iter().zip(nodes.iter_mut()) {
        node.x = p.0;
        node.y = p.1;
    }
    remove_overlaps(&mut nodes, 14.0);
    nodes
}
