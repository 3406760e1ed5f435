//! Yen's k shortest simple paths (J. Y. Yen, "Finding the k shortest loopless paths in a
//! network", *Management Science* 17(11), 1971), one at a time in order of length,
//! implemented here because petgraph's `k_shortest_path` returns only costs. Spur searches
//! are guided by an exact potential (A*) when the distances to the target are known.

use super::network::Candidate;
use super::search::Limits;
use super::{Network, Path, Search, heap_key};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};

/// Yen's k shortest simple paths, one at a time in order of length.
pub(crate) struct Yen<'a> {
    net: &'a Network<'a>,
    source: usize,
    target: usize,
    max_hops: Option<usize>,
    avoid: Vec<usize>,
    found: Vec<Path>,
    candidates: BinaryHeap<Reverse<Candidate>>,
    seen: HashSet<Vec<u32>>,
    search: Search,
    exhausted: bool,
    /// Lengths of the shortest paths to the target in the whole network, if known: an
    /// exact lower bound that turns every spur search into A*.
    potential: Option<&'a [f64]>,
    /// The most paths the caller will ask for, if known: candidates that cannot be among
    /// them are not searched for.
    wanted: Option<usize>,
    /// The reversed network: the first path, when there is no potential, is searched for
    /// from both ends.
    reverse: Option<&'a Network<'a>>,
}

impl<'a> Yen<'a> {
    pub(crate) fn new(
        net: &'a Network<'a>,
        source: usize,
        target: usize,
        max_hops: Option<usize>,
        avoid: &[usize],
    ) -> Yen<'a> {
        Yen::with_search(
            net,
            source,
            target,
            max_hops,
            avoid,
            Search::new(net.node_count()),
        )
    }

    /// A Yen enumeration reusing the buffers of an earlier search on the same network.
    pub(crate) fn with_search(
        net: &'a Network<'a>,
        source: usize,
        target: usize,
        max_hops: Option<usize>,
        avoid: &[usize],
        search: Search,
    ) -> Yen<'a> {
        Yen {
            net,
            source,
            target,
            max_hops,
            avoid: avoid.to_vec(),
            found: Vec::new(),
            candidates: BinaryHeap::new(),
            seen: HashSet::new(),
            search,
            exhausted: false,
            potential: None,
            wanted: None,
            reverse: None,
        }
    }

    /// Searches for the first path from both ends, over `net` and its reverse `back`.
    pub(crate) fn with_reverse(mut self, back: &'a Network<'a>) -> Yen<'a> {
        self.reverse = Some(back);
        self
    }

    /// Promises that at most `k` paths will be asked for. Spur searches then stop as soon
    /// as their path could no longer be among the k (Yen's candidates are taken in order
    /// of length, so one longer than the k − found shortest candidates never is).
    pub(crate) fn with_limit(mut self, k: usize) -> Yen<'a> {
        self.wanted = Some(k);
        self
    }

    /// Guides the searches with the shortest lengths to the target in the whole network
    /// (removing nodes and ties only lengthens paths, so they stay a consistent A*
    /// heuristic). Ignored under a hop limit.
    pub(crate) fn with_potential(mut self, to_target: &'a [f64]) -> Yen<'a> {
        self.potential = Some(to_target);
        self
    }

    /// The search buffers, for the next enumeration.
    pub(crate) fn into_search(self) -> Search {
        self.search
    }

    pub(crate) fn next_path(&mut self) -> Option<Path> {
        if self.exhausted {
            return None;
        }
        if self.found.is_empty() {
            let blocked: Vec<usize> = self.avoid.clone();
            let p = self.search.shortest(
                self.net,
                self.source,
                self.target,
                &Limits {
                    max_hops: self.max_hops,
                    blocked: &blocked,
                    cut: None,
                    potential: self.potential,
                    max_length: f64::INFINITY,
                    back: self.reverse,
                },
            );
            return match p {
                Some(p) => {
                    self.seen.insert(p.nodes.clone());
                    self.found.push(p.clone());
                    Some(p)
                }
                None => {
                    self.exhausted = true;
                    None
                }
            };
        }
        self.add_spurs();
        match self.candidates.pop() {
            Some(Reverse(Candidate(p))) => {
                self.found.push(p.clone());
                Some(p)
            }
            None => {
                self.exhausted = true;
                None
            }
        }
    }

    /// Adds the deviations of the last path found to the candidates.
    pub(super) fn add_spurs(&mut self) {
        let last = self.found.last().expect("a path was found").clone();
        let mut blocked_nodes: Vec<usize> = self.avoid.clone();
        // The lengths of the `still` shortest candidates (a max-heap): no path longer than
        // all of them will be taken.
        let still = self
            .wanted
            .map_or(usize::MAX, |k| k.saturating_sub(self.found.len()));
        let mut shortest: BinaryHeap<u64> = BinaryHeap::new();
        if still != usize::MAX {
            for Reverse(Candidate(p)) in self.candidates.iter() {
                shortest.push(heap_key(p.length));
                if shortest.len() > still {
                    shortest.pop();
                }
            }
        }
        let mut root_length = 0.0;
        for i in 0..last.hops() {
            if i > 0 {
                root_length += self.net.length[last.entries[i - 1] as usize];
            }
            let max_length = match shortest.peek() {
                // A margin for rounding: lengths summed in another order.
                Some(&k) if shortest.len() >= still => {
                    f64::from_bits(k) * (1.0 + 1e-9) - root_length
                }
                _ => f64::INFINITY,
            };
            let spur = last.nodes[i] as usize;
            let root = &last.nodes[..=i];
            let blocked_entries: Vec<u32> = self
                .found
                .iter()
                .filter(|p| p.nodes.len() > i + 1 && &p.nodes[..=i] == root)
                .map(|p| p.entries[i])
                .collect();
            let hop_budget = self.max_hops.map(|h| h.saturating_sub(i));
            if hop_budget != Some(0)
                && let Some(spur_path) = self.search.shortest(
                    self.net,
                    spur,
                    self.target,
                    &Limits {
                        max_hops: hop_budget,
                        blocked: &blocked_nodes,
                        cut: Some((spur, &blocked_entries)),
                        potential: self.potential,
                        max_length,
                        back: None,
                    },
                )
            {
                let mut nodes = root.to_vec();
                nodes.extend_from_slice(&spur_path.nodes[1..]);
                if self.seen.insert(nodes.clone()) {
                    let mut entries = last.entries[..i].to_vec();
                    entries.extend_from_slice(&spur_path.entries);
                    let length = self.net.length_of(&entries);
                    if still != usize::MAX {
                        shortest.push(heap_key(length));
                        if shortest.len() > still {
                            shortest.pop();
                        }
                    }
                    self.candidates.push(Reverse(Candidate(Path {
                        nodes,
                        entries,
                        length,
                    })));
                }
            }
            // The root grows by the spur node: later spurs may not revisit it.
            blocked_nodes.push(spur);
        }
    }
}
