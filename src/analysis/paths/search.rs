//! Single-pair shortest-path search: Dijkstra (E. W. Dijkstra, "A note on two problems in
//! connexion with graphs", *Numerische Mathematik* 1, 1959), bidirectional or guided by a
//! potential (A*), or, under a hop limit, a hop-layered Bellman–Ford (the best path of at
//! most h hops is not always a prefix of Dijkstra's tree).

use super::network::entry_source;
use super::{Network, Path, heap_key};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Reusable single-pair shortest-path search (Dijkstra, or hop-layered Bellman–Ford under
/// a hop limit). Buffers are reset through the list of touched nodes.
pub(crate) struct Search {
    dist: Vec<f64>,
    /// The CSR entry by which a node was reached, `u32::MAX` for none.
    pred: Vec<u32>,
    settled: Vec<bool>,
    blocked: Vec<bool>,
    touched: Vec<u32>,
    /// `(heap_key(priority), node)`.
    heap: BinaryHeap<Reverse<(u64, u32)>>,
    /// The backward half of a bidirectional search (allocated on first use): distances
    /// *to* the target, and the reversed network's entry by which a node was reached.
    back_dist: Vec<f64>,
    back_pred: Vec<u32>,
    back_settled: Vec<bool>,
    back_touched: Vec<u32>,
    back_heap: BinaryHeap<Reverse<(u64, u32)>>,
}

/// What a single search may not do, and how it is guided.
#[derive(Clone, Copy)]
pub(super) struct Limits<'c> {
    pub(super) max_hops: Option<usize>,
    /// Nodes the path may not enter.
    pub(super) blocked: &'c [usize],
    /// From the node `cut.0`, the CSR entries `cut.1` may not be taken.
    pub(super) cut: Option<(usize, &'c [u32])>,
    /// A* potential: lower bounds of the length to the target.
    pub(super) potential: Option<&'c [f64]>,
    /// Paths longer than this are of no use: the search gives up when it is sure that the
    /// best path is longer.
    pub(super) max_length: f64,
    /// The reversed network, for a bidirectional search (used without a hop limit, cut
    /// or potential).
    pub(super) back: Option<&'c Network<'c>>,
}

/// A bidirectional search met in a walk that repeats a node.
pub(super) struct NotSimple;

/// A Bellman–Ford layer record: `node` reached by `entry` from the record `parent`.
pub(super) struct Record {
    node: u32,
    entry: u32,
    parent: u32,
}

pub(super) const NONE: u32 = u32::MAX;

impl Search {
    pub(crate) fn new(n: usize) -> Search {
        Search {
            dist: vec![f64::INFINITY; n],
            pred: vec![NONE; n],
            settled: vec![false; n],
            blocked: vec![false; n],
            // Room for a search that reaches everyone (the heap holds a few duplicates):
            // growing them step by step cost a fifth of a small search.
            touched: Vec::with_capacity(n),
            heap: BinaryHeap::with_capacity(n),
            back_dist: Vec::new(),
            back_pred: Vec::new(),
            back_settled: Vec::new(),
            back_touched: Vec::new(),
            back_heap: BinaryHeap::new(),
        }
    }

    pub(super) fn reset(&mut self) {
        for &u in &self.touched {
            let u = u as usize;
            self.dist[u] = f64::INFINITY;
            self.pred[u] = NONE;
            self.settled[u] = false;
        }
        self.touched.clear();
        self.heap.clear();
        for &u in &self.back_touched {
            let u = u as usize;
            self.back_dist[u] = f64::INFINITY;
            self.back_pred[u] = NONE;
            self.back_settled[u] = false;
        }
        self.back_touched.clear();
        self.back_heap.clear();
    }

    /// The shortest path `source → target` within `limits`.
    pub(super) fn shortest(
        &mut self,
        net: &Network,
        source: usize,
        target: usize,
        limits: &Limits,
    ) -> Option<Path> {
        let Limits {
            max_hops,
            blocked,
            cut,
            potential,
            max_length,
            back,
        } = *limits;
        for &b in blocked {
            self.blocked[b] = true;
        }
        self.blocked[source] = false;
        let found = match (max_hops, back) {
            (None, Some(back)) if cut.is_none() && potential.is_none() => {
                match self.bidirectional(net, back, source, target) {
                    Ok(found) => found,
                    Err(NotSimple) => {
                        self.reset();
                        self.dijkstra(net, source, target, None, None, max_length)
                    }
                }
            }
            (None, _) => self.dijkstra(net, source, target, cut, potential, max_length),
            (Some(h), _) => self.layered(net, source, target, h, cut, max_length),
        };
        for &b in blocked {
            self.blocked[b] = false;
        }
        self.reset();
        found
    }

    /// Bidirectional Dijkstra (the first path of NetworkX's `shortest_simple_paths` is found
    /// the same way): searches from the source over `net` and from the target over `back`,
    /// each time advancing the side with fewer queued nodes, until the two smallest queued
    /// distances add up to no less than the best meeting found (Pohl 1971). `Err` when the
    /// halves meet in a walk that is not simple (possible only through ties of strength 1,
    /// whose length is 0); the caller then searches one way.
    pub(super) fn bidirectional(
        &mut self,
        net: &Network,
        back: &Network,
        source: usize,
        target: usize,
    ) -> Result<Option<Path>, NotSimple> {
        let n = net.node_count();
        if self.back_dist.len() != n {
            self.back_dist = vec![f64::INFINITY; n];
            self.back_pred = vec![NONE; n];
            self.back_settled = vec![false; n];
            self.back_touched = Vec::with_capacity(n);
            self.back_heap = BinaryHeap::with_capacity(n);
        }
        self.dist[source] = 0.0;
        self.touched.push(source as u32);
        self.heap.push(Reverse((heap_key(0.0), source as u32)));
        self.back_dist[target] = 0.0;
        self.back_touched.push(target as u32);
        self.back_heap.push(Reverse((heap_key(0.0), target as u32)));
        let mut best = f64::INFINITY;
        let mut meet = usize::MAX;
        while let (Some(&Reverse((f, _))), Some(&Reverse((b, _)))) =
            (self.heap.peek(), self.back_heap.peek())
        {
            if f64::from_bits(f) + f64::from_bits(b) >= best {
                break;
            }
            let forward = self.heap.len() <= self.back_heap.len();
            let (side, other, dist, pred, settled, touched, heap) = if forward {
                (
                    net,
                    &self.back_dist,
                    &mut self.dist,
                    &mut self.pred,
                    &mut self.settled,
                    &mut self.touched,
                    &mut self.heap,
                )
            } else {
                (
                    back,
                    &self.dist,
                    &mut self.back_dist,
                    &mut self.back_pred,
                    &mut self.back_settled,
                    &mut self.back_touched,
                    &mut self.back_heap,
                )
            };
            let Some(Reverse((_, u))) = heap.pop() else {
                break;
            };
            let u = u as usize;
            if settled[u] {
                continue;
            }
            settled[u] = true;
            let d = dist[u];
            for e in side.csr.range(u) {
                let v = side.csr.targets[e] as usize;
                let len = side.length[e];
                if !len.is_finite() || self.blocked[v] {
                    continue;
                }
                let nd = d + len;
                if nd < dist[v] {
                    if dist[v].is_infinite() {
                        touched.push(v as u32);
                    }
                    dist[v] = nd;
                    pred[v] = e as u32;
                    heap.push(Reverse((heap_key(nd), v as u32)));
                    let through = nd + other[v];
                    if through < best {
                        best = through;
                        meet = v;
                    }
                }
            }
        }
        if meet == usize::MAX {
            return Ok(None);
        }
        let (mut nodes, mut entries) = self.walk_back(net, source, meet);
        // From the meeting node on: each reversed entry names the next node; the path
        // takes the forward network's entry of the same tie.
        let mut v = meet;
        while v != target {
            let next = entry_source(back.csr, self.back_pred[v] as usize);
            let row = net.csr.range(v);
            let i = net.csr.targets[row.clone()]
                .binary_search(&(next as u32))
                .expect("the reversed network mirrors the forward one");
            entries.push((row.start + i) as u32);
            nodes.push(next as u32);
            v = next;
        }
        let mut sorted = nodes.clone();
        sorted.sort_unstable();
        if sorted.windows(2).any(|w| w[0] == w[1]) {
            return Err(NotSimple);
        }
        Ok(Some(Path {
            length: net.length_of(&entries),
            nodes,
            entries,
        }))
    }

    /// The nodes and entries of the search tree's path `source → end`, followed back from
    /// `end` through `pred`.
    pub(super) fn walk_back(
        &self,
        net: &Network,
        source: usize,
        end: usize,
    ) -> (Vec<u32>, Vec<u32>) {
        let mut nodes = vec![end as u32];
        let mut entries = Vec::new();
        let mut v = end;
        while v != source {
            let e = self.pred[v];
            entries.push(e);
            v = entry_source(net.csr, e as usize);
            nodes.push(v as u32);
        }
        nodes.reverse();
        entries.reverse();
        (nodes, entries)
    }

    pub(super) fn usable(
        &self,
        net: &Network,
        u: usize,
        e: usize,
        cut: Option<(usize, &[u32])>,
    ) -> bool {
        let v = net.csr.targets[e] as usize;
        net.length[e].is_finite()
            && !self.blocked[v]
            && cut.is_none_or(|(c, entries)| c != u || !entries.contains(&(e as u32)))
    }

    pub(super) fn dijkstra(
        &mut self,
        net: &Network,
        source: usize,
        target: usize,
        cut: Option<(usize, &[u32])>,
        potential: Option<&[f64]>,
        max_length: f64,
    ) -> Option<Path> {
        let h = |v: usize| potential.map_or(0.0, |p| p[v]);
        let start = h(source);
        if !start.is_finite() || start > max_length {
            return None; // out of reach, or too far
        }
        self.dist[source] = 0.0;
        self.touched.push(source as u32);
        self.heap
            .push(Reverse((heap_key(h(source)), source as u32)));
        while let Some(Reverse((_, u))) = self.heap.pop() {
            let u = u as usize;
            if self.settled[u] {
                continue;
            }
            let d = self.dist[u];
            self.settled[u] = true;
            if u == target {
                break;
            }
            for e in net.csr.range(u) {
                if !self.usable(net, u, e, cut) {
                    continue;
                }
                let v = net.csr.targets[e] as usize;
                let hv = h(v);
                if !hv.is_finite() {
                    continue; // the target is out of reach from v
                }
                let nd = d + net.length[e];
                // With a consistent potential, nd + hv bounds every path through v.
                if nd < self.dist[v] && nd + hv <= max_length {
                    if self.dist[v].is_infinite() {
                        self.touched.push(v as u32);
                    }
                    self.dist[v] = nd;
                    self.pred[v] = e as u32;
                    self.heap.push(Reverse((heap_key(nd + hv), v as u32)));
                }
            }
        }
        if !self.settled[target] {
            return None;
        }
        let (nodes, entries) = self.walk_back(net, source, target);
        Some(Path {
            length: net.length_of(&entries),
            nodes,
            entries,
        })
    }

    /// Best path of at most `max_hops` hops: Bellman–Ford by layers, relaxing at layer h
    /// only the nodes improved at layer h − 1. Improvements must be strict, which keeps
    /// every recorded path simple (lengths are non-negative).
    pub(super) fn layered(
        &mut self,
        net: &Network,
        source: usize,
        target: usize,
        max_hops: usize,
        cut: Option<(usize, &[u32])>,
        max_length: f64,
    ) -> Option<Path> {
        let mut records = vec![Record {
            node: source as u32,
            entry: NONE,
            parent: NONE,
        }];
        // `pred` holds the index of a node's best record here.
        self.dist[source] = 0.0;
        self.pred[source] = 0;
        self.touched.push(source as u32);
        let mut frontier: Vec<(u32, f64, u32)> = vec![(source as u32, 0.0, 0)];
        let mut next: Vec<(u32, f64, u32)> = Vec::new();
        for _ in 0..max_hops {
            if frontier.is_empty() {
                break;
            }
            let layer_start = records.len();
            for &(u, du, rec) in &frontier {
                let u = u as usize;
                if u == target {
                    continue;
                }
                for e in net.csr.range(u) {
                    if !self.usable(net, u, e, cut) {
                        continue;
                    }
                    let v = net.csr.targets[e] as usize;
                    let nd = du + net.length[e];
                    if nd < self.dist[v] && nd <= max_length {
                        if self.dist[v].is_infinite() {
                            self.touched.push(v as u32);
                        }
                        self.dist[v] = nd;
                        self.pred[v] = records.len() as u32;
                        records.push(Record {
                            node: v as u32,
                            entry: e as u32,
                            parent: rec,
                        });
                    }
                }
            }
            // A node improved several times in this layer keeps its last (best) record.
            next.clear();
            for (i, r) in records.iter().enumerate().skip(layer_start) {
                if self.pred[r.node as usize] == i as u32 {
                    next.push((r.node, self.dist[r.node as usize], i as u32));
                }
            }
            std::mem::swap(&mut frontier, &mut next);
        }
        if self.dist[target].is_infinite() {
            return None;
        }
        let mut nodes = Vec::new();
        let mut entries = Vec::new();
        let mut r = self.pred[target];
        while r != NONE {
            let rec = &records[r as usize];
            nodes.push(rec.node);
            if rec.entry != NONE {
                entries.push(rec.entry);
            }
            r = rec.parent;
        }
        nodes.reverse();
        entries.reverse();
        Some(Path {
            length: net.length_of(&entries),
            nodes,
            entries,
        })
    }
}

/// Shortest lengths from every node to `target`, by Dijkstra over the reversed network.
pub(crate) fn distances_to(back: &Network, target: usize) -> Vec<f64> {
    let n = back.node_count();
    let mut dist = vec![f64::INFINITY; n];
    let mut done = vec![false; n];
    let mut heap = BinaryHeap::new();
    dist[target] = 0.0;
    heap.push(Reverse((heap_key(0.0), target as u32)));
    while let Some(Reverse((_, v))) = heap.pop() {
        let v = v as usize;
        if done[v] {
            continue;
        }
        let d = dist[v];
        done[v] = true;
        for e in back.csr.range(v) {
            let u = back.csr.targets[e] as usize;
            let nd = d + back.length[e];
            if nd < dist[u] {
                dist[u] = nd;
                heap.push(Reverse((heap_key(nd), u as u32)));
            }
        }
    }
    dist
}
