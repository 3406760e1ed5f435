//! A query: the k best paths between two nodes, with a hop limit, actors to avoid and an
//! actor to pass through. A path through a required actor (`via`) is a best path to it
//! joined to a best path from it: both halves are enumerated lazily in order of strength
//! and merged in order of the product, keeping joins that are simple.

use super::search::distances_to;
use super::{Network, OrdF64, Path, Yen, network::path_order};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};

/// A search for paths between two nodes under constraints.
#[derive(Debug, Clone)]
pub(super) struct Query {
    pub(super) source: usize,
    pub(super) target: usize,
    pub(super) k: usize,
    pub(super) max_hops: Option<usize>,
    pub(super) avoid: Vec<usize>,
    pub(super) via: Option<usize>,
}

/// At most this many paths are drawn from either half of a `via` search.
pub(super) const VIA_HALF_LIMIT: usize = 500;

impl Query {
    /// `back` (the reversed network), when given, guides the searches: for one path, a
    /// bidirectional search; for more, A* towards the target, which pays for its one
    /// reverse search.
    pub(super) fn run(&self, net: &Network, back: Option<&Network>) -> Vec<Path> {
        self.run_with(net, back, None)
    }

    /// [`Query::run`], telling `progress` (paths found, k) after each path found.
    pub(super) fn run_with(
        &self,
        net: &Network,
        back: Option<&Network>,
        progress: Option<&dyn Fn(usize, usize)>,
    ) -> Vec<Path> {
        let tell = |n: usize| {
            if let Some(p) = progress {
                p(n, self.k);
            }
        };
        if self.avoid.contains(&self.source) || self.avoid.contains(&self.target) {
            return Vec::new();
        }
        let via = self.via.filter(|&v| v != self.source && v != self.target);
        let mut out = match via {
            None => {
                let potential = back
                    .filter(|_| self.max_hops.is_none() && self.k > 1)
                    .map(|b| distances_to(b, self.target));
                let mut yen = Yen::new(net, self.source, self.target, self.max_hops, &self.avoid)
                    .with_limit(self.k);
                if let Some(p) = &potential {
                    yen = yen.with_potential(p);
                } else if let Some(b) = back {
                    yen = yen.with_reverse(b);
                }
                let mut out = Vec::new();
                while out.len() < self.k {
                    match yen.next_path() {
                        Some(p) => out.push(p),
                        None => break,
                    }
                    tell(out.len());
                }
                out
            }
            Some(v) => self.run_via(net, back.filter(|_| self.k > 1), v, &tell),
        };
        out.sort_by(path_order);
        out
    }

    /// Paths through `v`: the best source → v paths (not touching the target) joined to the
    /// best v → target paths (not touching the source), merged in order of total length.
    /// Every simple path through `v` splits this way exactly once, so the merge is exact
    /// until a half runs past [`VIA_HALF_LIMIT`].
    pub(super) fn run_via(
        &self,
        net: &Network,
        back: Option<&Network>,
        v: usize,
        tell: &dyn Fn(usize),
    ) -> Vec<Path> {
        if self.avoid.contains(&v) {
            return Vec::new();
        }
        let mut avoid_first = self.avoid.clone();
        avoid_first.push(self.target);
        let mut avoid_second = self.avoid.clone();
        avoid_second.push(self.source);
        let back = back.filter(|_| self.max_hops.is_none());
        let to_via = back.map(|b| distances_to(b, v));
        let to_target = back.map(|b| distances_to(b, self.target));
        let mut first_yen = Yen::new(net, self.source, v, self.max_hops, &avoid_first);
        if let Some(p) = &to_via {
            first_yen = first_yen.with_potential(p);
        }
        let mut second_yen = Yen::new(net, v, self.target, self.max_hops, &avoid_second);
        if let Some(p) = &to_target {
            second_yen = second_yen.with_potential(p);
        }
        let mut first = LazyPaths::new(first_yen);
        let mut second = LazyPaths::new(second_yen);
        let mut out = Vec::new();
        let mut heap: BinaryHeap<Reverse<(OrdF64, usize, usize)>> = BinaryHeap::new();
        let mut queued: HashSet<(usize, usize)> = HashSet::new();
        let push = |i: usize,
                    j: usize,
                    first: &mut LazyPaths,
                    second: &mut LazyPaths,
                    heap: &mut BinaryHeap<Reverse<(OrdF64, usize, usize)>>,
                    queued: &mut HashSet<(usize, usize)>| {
            if i >= VIA_HALF_LIMIT || j >= VIA_HALF_LIMIT || queued.contains(&(i, j)) {
                return;
            }
            let (Some(a), Some(b)) = (first.get(i), second.get(j)) else {
                return;
            };
            let len = a.length + b.length;
            queued.insert((i, j));
            heap.push(Reverse((OrdF64(len), i, j)));
        };
        push(0, 0, &mut first, &mut second, &mut heap, &mut queued);
        let mut in_first = vec![false; net.node_count()];
        while out.len() < self.k {
            let Some(Reverse((_, i, j))) = heap.pop() else {
                break;
            };
            let a = first.get(i).expect("queued").clone();
            let b = second.get(j).expect("queued").clone();
            let within = self.max_hops.is_none_or(|h| a.hops() + b.hops() <= h);
            for &n in &a.nodes {
                in_first[n as usize] = true;
            }
            let simple = b.nodes[1..].iter().all(|&n| !in_first[n as usize]);
            for &n in &a.nodes {
                in_first[n as usize] = false;
            }
            if within && simple {
                let mut nodes = a.nodes.clone();
                nodes.extend_from_slice(&b.nodes[1..]);
                let mut entries = a.entries.clone();
                entries.extend_from_slice(&b.entries);
                let length = net.length_of(&entries);
                out.push(Path {
                    nodes,
                    entries,
                    length,
                });
                tell(out.len());
            }
            push(i + 1, j, &mut first, &mut second, &mut heap, &mut queued);
            push(i, j + 1, &mut first, &mut second, &mut heap, &mut queued);
        }
        out
    }
}

/// Paths from a Yen enumeration, drawn as they are asked for.
pub(super) struct LazyPaths<'a> {
    yen: Yen<'a>,
    paths: Vec<Path>,
    done: bool,
}

impl<'a> LazyPaths<'a> {
    pub(super) fn new(yen: Yen<'a>) -> Self {
        LazyPaths {
            yen,
            paths: Vec::new(),
            done: false,
        }
    }

    pub(super) fn get(&mut self, i: usize) -> Option<&Path> {
        while self.paths.len() <= i && !self.done {
            match self.yen.next_path() {
                Some(p) => self.paths.push(p),
                None => self.done = true,
            }
        }
        self.paths.get(i)
    }
}
