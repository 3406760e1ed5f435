//! Compact (CSR) adjacency snapshots of an [`ActorGraph`] for the analyses.
//!
//! Analyses run on dense node numbers `0..n` (the actors' order in the graph) and compressed
//! sparse rows, not on the editable `StableGraph`: no hashing or allocation per edge in the
//! inner loops. Several relations between the same two actors (trade and rivalry, say) are
//! combined into one **net tie** by the graph's rule ([`ActorGraph::combine`], see
//! [`super::combine`]); the relation with the largest |weight| is kept as the tie's
//! representative for explanations.

use super::FastMap;
use super::combine::Combine;
use super::graph::ActorGraph;
use super::types::ActorId;
use petgraph::stable_graph::EdgeIndex;
use petgraph::visit::{EdgeIndexable, NodeIndexable};
use rayon::prelude::*;
use std::sync::{Arc, OnceLock};

/// Compressed sparse rows: the neighbours of `u` are `targets[offsets[u]..offsets[u+1]]`,
/// sorted by target.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Csr {
    pub offsets: Vec<usize>,
    pub targets: Vec<u32>,
    pub weights: Vec<f64>,
    /// The representative relation of each entry.
    pub relations: Vec<EdgeIndex>,
    /// The other relations of entries that combine several, as `(entry, relation)` sorted by
    /// both: empty for a graph without parallel ties, so it costs only where they exist.
    pub parallel: Vec<(u32, EdgeIndex)>,
}

/// One entry for [`Csr::from_entries`]: `(u, v, weight, relation)`.
pub type Entry = (u32, u32, f64, EdgeIndex);

/// Entries below which [`Csr::from_entries`] builds the rows in one piece: splitting costs
/// a scan of every entry per piece.
const PIECEWISE_ENTRIES: usize = 1 << 16;

/// The rows of a range of nodes, built on their own by [`Csr::rows_of`].
struct RowPiece {
    targets: Vec<u32>,
    weights: Vec<f64>,
    relations: Vec<EdgeIndex>,
    /// As in [`Csr::parallel`], the entries numbered within the piece.
    parallel: Vec<(u32, EdgeIndex)>,
    /// Where each row ends, within the piece.
    ends: Vec<usize>,
}

impl Csr {
    /// Builds rows for `n` nodes from `(u, v, weight, relation)` entries, combining entries
    /// with the same `(u, v)` into a net tie by `rule`. Large lists are built in ranges of
    /// rows side by side (one per thread, up to eight); each row is the same whichever
    /// piece builds it.
    pub fn from_entries(n: usize, entries: Vec<Entry>, rule: Combine) -> Csr {
        Csr::from_items(n, &entries, |&e| [Some(e), None], rule)
    }

    /// Builds rows from the entries each item gives (up to two: a relation and its mirror),
    /// as [`Csr::from_entries`] from them all: the order of the entries within a row does
    /// not matter, as each row is sorted.
    fn from_items<T: Sync>(
        n: usize,
        items: &[T],
        entries: impl Fn(&T) -> [Option<Entry>; 2] + Sync,
        rule: Combine,
    ) -> Csr {
        let pieces = if items.len() < PIECEWISE_ENTRIES {
            1
        } else {
            rayon::current_num_threads().clamp(1, 8)
        };
        Csr::from_items_in(n, items, entries, rule, pieces)
    }

    fn from_items_in<T: Sync>(
        n: usize,
        items: &[T],
        entries: impl Fn(&T) -> [Option<Entry>; 2] + Sync,
        rule: Combine,
        pieces: usize,
    ) -> Csr {
        // Bucket by row (a counting sort), then order each short row by (target, relation):
        // the order of one sort by (u, v, relation), without sorting the whole list.
        let mut start = vec![0usize; n + 1];
        for e in items.iter().flat_map(&entries).flatten() {
            start[e.0 as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        // Ranges of rows holding about as many entries each.
        let mut bounds = vec![0];
        for k in 1..pieces {
            let at = start.partition_point(|&s| s < start[n] * k / pieces);
            bounds.push(at.clamp(bounds[k - 1], n));
        }
        bounds.push(n);
        let built: Vec<RowPiece> = bounds
            .par_windows(2)
            .map(|r| {
                let listed = items.iter().flat_map(&entries).flatten();
                Csr::rows_of(r[0]..r[1], &start, listed, rule)
            })
            .collect();
        let total = built.iter().map(|p| p.targets.len()).sum();
        let mut csr = Csr {
            offsets: Vec::with_capacity(n + 1),
            targets: Vec::with_capacity(total),
            weights: Vec::with_capacity(total),
            relations: Vec::with_capacity(total),
            parallel: Vec::new(),
        };
        csr.offsets.push(0);
        for piece in built {
            let base = csr.targets.len();
            csr.offsets.extend(piece.ends.iter().map(|&e| base + e));
            csr.parallel
                .extend(piece.parallel.iter().map(|&(e, r)| (base as u32 + e, r)));
            csr.targets.extend(piece.targets);
            csr.weights.extend(piece.weights);
            csr.relations.extend(piece.relations);
        }
        csr
    }

    /// The rows `rows` from the entries (those of other rows skipped); `start` is where
    /// each row begins among all the entries bucketed by row.
    fn rows_of(
        rows: std::ops::Range<usize>,
        start: &[usize],
        entries: impl Iterator<Item = Entry>,
        rule: Combine,
    ) -> RowPiece {
        let base = start[rows.start];
        let mut next: Vec<usize> = start[rows.clone()].iter().map(|s| s - base).collect();
        let mut bucketed = vec![(0u32, 0.0f64, EdgeIndex::end()); start[rows.end] - base];
        for (u, v, w, rel) in entries {
            let u = u as usize;
            if rows.contains(&u) {
                bucketed[next[u - rows.start]] = (v, w, rel);
                next[u - rows.start] += 1;
            }
        }
        drop(next);
        let mut piece = RowPiece {
            targets: Vec::with_capacity(bucketed.len()),
            weights: Vec::with_capacity(bucketed.len()),
            relations: Vec::with_capacity(bucketed.len()),
            parallel: Vec::new(),
            ends: Vec::with_capacity(rows.len()),
        };
        let mut parallel: Vec<f64> = Vec::new();
        for u in rows {
            let row = &mut bucketed[start[u] - base..start[u + 1] - base];
            row.sort_by_key(|&(v, _, rel)| (v, rel));
            for group in row.chunk_by(|a, b| a.0 == b.0) {
                parallel.clear();
                parallel.extend(group.iter().map(|e| e.1));
                // The representative: the first relation of largest |weight|.
                let mut rep = group[0];
                for &e in &group[1..] {
                    if e.1.abs() > rep.1.abs() {
                        rep = e;
                    }
                }
                if group.len() > 1 {
                    let entry = piece.targets.len() as u32;
                    piece
                        .parallel
                        .extend(group.iter().filter(|e| e.2 != rep.2).map(|e| (entry, e.2)));
                }
                piece.targets.push(rep.0);
                piece.weights.push(rule.combine(&mut parallel));
                piece.relations.push(rep.2);
            }
            piece.ends.push(piece.targets.len());
        }
        piece
    }

    pub fn node_count(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    pub fn entry_count(&self) -> usize {
        self.targets.len()
    }

    pub fn degree(&self, u: usize) -> usize {
        self.offsets[u + 1] - self.offsets[u]
    }

    /// The range of entry positions of node `u`.
    pub fn range(&self, u: usize) -> std::ops::Range<usize> {
        self.offsets[u]..self.offsets[u + 1]
    }

    /// Every relation combined into entry `e`, in edge order.
    pub fn relations_of_entry(&self, e: usize) -> Vec<EdgeIndex> {
        let at = self.parallel.partition_point(|&(x, _)| (x as usize) < e);
        let mut v: Vec<EdgeIndex> = self.parallel[at..]
            .iter()
            .take_while(|&&(x, _)| x as usize == e)
            .map(|&(_, r)| r)
            .collect();
        v.push(self.relations[e]);
        v.sort();
        v
    }

    /// `(target, net weight)` of each tie of `u`.
    pub fn neighbors(&self, u: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        self.range(u)
            .map(move |i| (self.targets[i] as usize, self.weights[i]))
    }
}

/// A read-only numbering of a graph's actors with three adjacency views.
///
/// The views are shared (`Arc`): without directed relations the three are one set of rows,
/// held once (at a million relations, 65 MB not held twice more), and a clone of a snapshot
/// copies no rows.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// `ids[i]` is the actor of node `i`.
    pub ids: Vec<ActorId>,
    /// Net ties with direction ignored, symmetric: every relation counts both ways.
    pub undirected: Arc<Csr>,
    /// Ties as influence flows: a directed relation `from → to`, a mutual one both ways.
    pub out: Arc<Csr>,
    /// The reverse of `out`.
    pub incoming: Arc<Csr>,
    index: FastMap<ActorId, usize>,
    /// Whether any relation is directed (otherwise `out` and `incoming` are `undirected`).
    directed: bool,
    /// Path lengths per entry, computed on first use: `[out allied, out any sign, incoming
    /// allied, incoming any sign]` (see [`Snapshot::path_lengths`]).
    path_lengths: [OnceLock<Vec<f64>>; 4],
}

/// Which influence view of a [`Snapshot`] to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// [`Snapshot::out`].
    Out,
    /// [`Snapshot::incoming`].
    Incoming,
}

impl Snapshot {
    pub fn new(g: &ActorGraph) -> Snapshot {
        let ids: Vec<ActorId> = g.actors().map(|a| a.id.clone()).collect();
        let n = ids.len();
        let mut index = FastMap::with_capacity_and_hasher(n, Default::default());
        index.extend(ids.iter().enumerate().map(|(i, id)| (id.clone(), i)));
        // Dense numbers straight from petgraph's node indices: no id hashing per relation.
        let pg = g.graph();
        let mut dense = vec![u32::MAX; pg.node_bound()];
        for (i, node) in pg.node_indices().enumerate() {
            dense[node.index()] = i as u32;
        }
        // Each relation's ends and weight, read side by side (a relation per cache line, a
        // million at a time); `None` where petgraph holds a removed relation's place.
        let edges: Vec<Option<(Entry, bool)>> = (0..pg.edge_bound())
            .into_par_iter()
            .map(|i| {
                let e = EdgeIndex::new(i);
                let r = pg.edge_weight(e)?;
                let (a, b) = pg.edge_endpoints(e)?;
                Some((
                    (dense[a.index()], dense[b.index()], r.weight, e),
                    r.directed,
                ))
            })
            .collect();
        let any_directed = edges.par_iter().any(|e| e.is_some_and(|e| e.1));
        let mirror = |(a, b, w, e): Entry| (b, a, w, e);
        let rule = g.combine;
        let undirected = Arc::new(Csr::from_items(
            n,
            &edges,
            |e| e.map_or([None, None], |(e, _)| [Some(e), Some(mirror(e))]),
            rule,
        ));
        // Without directed relations every view is the same net-tie graph.
        let (out, incoming) = if any_directed {
            let (out, inc) = rayon::join(
                || {
                    Csr::from_items(
                        n,
                        &edges,
                        |e| e.map_or([None, None], |(e, d)| [Some(e), (!d).then_some(mirror(e))]),
                        rule,
                    )
                },
                || {
                    Csr::from_items(
                        n,
                        &edges,
                        |e| e.map_or([None, None], |(e, d)| [Some(mirror(e)), (!d).then_some(e)]),
                        rule,
                    )
                },
            );
            (Arc::new(out), Arc::new(inc))
        } else {
            (Arc::clone(&undirected), Arc::clone(&undirected))
        };
        Snapshot {
            undirected,
            out,
            incoming,
            ids,
            index,
            directed: any_directed,
            path_lengths: Default::default(),
        }
    }

    /// Whether any relation is directed (otherwise the three views are one set of rows).
    pub fn has_directed(&self) -> bool {
        self.directed
    }

    /// The rows of one influence view.
    pub fn flow(&self, flow: Flow) -> &Csr {
        match flow {
            Flow::Out => &self.out,
            Flow::Incoming => &self.incoming,
        }
    }

    /// The length of each entry of a view for the strongest-path searches
    /// ([`crate::analysis::paths`]): −ln|w|, so that strengths multiply as lengths add;
    /// infinity for a tie that carries nothing (net weight 0, or hostile unless
    /// `allow_hostile`). Computed once per snapshot and view, on first use; the two views
    /// share their lengths when no relation is directed.
    pub fn path_lengths(&self, flow: Flow, allow_hostile: bool) -> &[f64] {
        let flow = if self.directed { flow } else { Flow::Out };
        let slot = match flow {
            Flow::Out => 0,
            Flow::Incoming => 2,
        } + usize::from(allow_hostile);
        self.path_lengths[slot].get_or_init(|| {
            self.flow(flow)
                .weights
                .iter()
                .map(|&w| {
                    if w == 0.0 || (w < 0.0 && !allow_hostile) {
                        f64::INFINITY
                    } else {
                        -w.abs().ln()
                    }
                })
                .collect()
        })
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Each node's actor name, in node order ("" for an id `g` lacks). Read in one pass
    /// over `g`'s actors where they are the snapshot's, in its order (a snapshot built from
    /// `g`); looked up by id only where they are not: a lookup per actor was most of
    /// naming every actor of a million.
    pub fn names<'g>(&self, g: &'g ActorGraph) -> Vec<&'g str> {
        let mut actors = g.actors();
        self.ids
            .iter()
            .map(|id| match actors.next() {
                Some(a) if a.id == *id => a.name.as_str(),
                _ => g.actor(id).map_or("", |a| a.name.as_str()),
            })
            .collect()
    }

    /// The node number of an actor.
    pub fn index_of(&self, id: &ActorId) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// Number of undirected net ties (each pair once).
    pub fn tie_count(&self) -> usize {
        self.undirected.entry_count() / 2
    }

    /// Each undirected net tie once, as `(u, v, weight)` with `u < v`.
    pub fn ties(&self) -> impl Iterator<Item = (usize, usize, f64)> + '_ {
        (0..self.len()).flat_map(move |u| {
            self.undirected
                .neighbors(u)
                .filter(move |&(v, _)| u < v)
                .map(move |(v, w)| (u, v, w))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, ActorKind, Relation, RelationKind, round_weight};

    /// Names in node order, read in order from the snapshot's own graph and by id from
    /// another (actors reordered or missing).
    #[test]
    fn names_follow_the_nodes_whatever_graph_they_are_read_from() {
        let graph = |ids: &[&str]| {
            let mut g = ActorGraph::new("t");
            for id in ids {
                g.add_actor(Actor::new(*id, format!("name of {id}"), ActorKind::State))
                    .unwrap();
            }
            g
        };
        let g = graph(&["A", "B", "C", "D"]);
        let s = Snapshot::new(&g);
        let expected = ["name of A", "name of B", "name of C", "name of D"];
        assert_eq!(s.names(&g), expected);
        assert_eq!(s.names(&graph(&["D", "C", "B", "A"])), expected);
        assert_eq!(
            s.names(&graph(&["A", "C", "D"])),
            ["name of A", "", "name of C", "name of D"]
        );
        assert_eq!(s.names(&graph(&[])), ["", "", "", ""]);
    }

    #[test]
    fn combines_parallel_relations_and_respects_direction() {
        let mut g = ActorGraph::new("t");
        for id in ["A", "B", "C"] {
            g.add_actor(Actor::new(id, id, ActorKind::State)).unwrap();
        }
        g.add_relation(Relation::new("A", "B", RelationKind::Trade, 0.3))
            .unwrap();
        g.add_relation(Relation::new("A", "B", RelationKind::Rivalry, -0.7))
            .unwrap();
        g.add_relation(Relation::new("C", "A", RelationKind::ArmsSupply, 0.9).directed())
            .unwrap();
        let s = Snapshot::new(&g);
        assert_eq!(s.tie_count(), 2);
        let ab: Vec<_> = s.undirected.neighbors(0).collect();
        assert_eq!(ab.len(), 2);
        // Combined to nine decimals: −0.4, not 0.3 − 0.7 = −0.39999999999999997.
        assert_eq!(ab[0].1, -0.4);
        // C → A is directed: A has no out-tie to C.
        assert!(s.out.neighbors(0).all(|(v, _)| v != 2));
        assert!(s.out.neighbors(2).any(|(v, _)| v == 0));
        assert!(s.incoming.neighbors(0).any(|(v, _)| v == 2));
        // The representative of A–B is the rivalry (larger |weight|).
        let rel = s.undirected.relations[s.undirected.range(0).start];
        assert_eq!(g.relation(rel).unwrap().kind, RelationKind::Rivalry);
    }

    /// The straightforward construction: one sort of all entries by (u, v, relation).
    fn reference(n: usize, mut entries: Vec<(u32, u32, f64, EdgeIndex)>) -> Csr {
        entries.sort_by_key(|a| (a.0, a.1, a.3));
        let mut csr = Csr {
            offsets: vec![0; n + 1],
            ..Csr::default()
        };
        let mut best = Vec::new();
        let mut groups: Vec<Vec<EdgeIndex>> = Vec::new();
        for (u, v, w, rel) in entries {
            let len = csr.targets.len();
            if len > 0 && csr.targets[len - 1] == v && csr.offsets[u as usize + 1] == len {
                groups[len - 1].push(rel);
                csr.weights[len - 1] = round_weight(csr.weights[len - 1] + w);
                if w.abs() > best[len - 1] {
                    best[len - 1] = w.abs();
                    csr.relations[len - 1] = rel;
                }
            } else {
                csr.targets.push(v);
                csr.weights.push(w);
                csr.relations.push(rel);
                best.push(w.abs());
                groups.push(vec![rel]);
            }
            csr.offsets[u as usize + 1] = csr.targets.len();
        }
        for (e, group) in groups.iter().enumerate() {
            if group.len() > 1 {
                let others = group.iter().filter(|&&r| r != csr.relations[e]);
                csr.parallel.extend(others.map(|&r| (e as u32, r)));
            }
        }
        for w in &mut csr.weights {
            *w = w.clamp(-1.0, 1.0);
        }
        for i in 1..=n {
            csr.offsets[i] = csr.offsets[i].max(csr.offsets[i - 1]);
        }
        csr
    }

    #[test]
    fn bucketed_rows_match_one_global_sort_in_any_pieces() {
        let mut rng = crate::generate::SplitMix64::new(9);
        for n in [1usize, 2, 7, 40] {
            let entries: Vec<_> = (0..300)
                .map(|i| {
                    let w = (rng.below(201) as f64 - 100.0) / 100.0;
                    (
                        rng.below(n) as u32,
                        rng.below(n) as u32,
                        w,
                        EdgeIndex::new(i),
                    )
                })
                .collect();
            let mut shuffled = entries.clone();
            shuffled.reverse();
            let want = reference(n, entries);
            // In one piece and in ranges of rows built on their own (some empty).
            for pieces in 1..=5 {
                assert_eq!(
                    Csr::from_items_in(n, &shuffled, |&e| [Some(e), None], Combine::Sum, pieces),
                    want
                );
            }
        }
    }

    #[test]
    fn views_agree_without_directed_relations() {
        let g = crate::generate::generate(&crate::generate::GenerateOptions {
            actors: 60,
            relations: 200,
            ..Default::default()
        })
        .unwrap();
        let s = Snapshot::new(&g.graph);
        assert_eq!(s.out, s.undirected);
        assert_eq!(s.incoming, s.undirected);
        // One set of rows, not three copies.
        assert!(Arc::ptr_eq(&s.out, &s.undirected) && Arc::ptr_eq(&s.incoming, &s.undirected));
        assert_eq!(s.tie_count(), 200);
        assert_eq!(s.index_of(&s.ids[17]), Some(17));
    }
}
