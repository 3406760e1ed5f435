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

/// Items (relations) below which rows are bucketed and built in one range: each range costs
/// a scan of every item.
const RANGED_ITEMS: usize = 1 << 16;

/// Entries bucketed by row, in ranges of rows ([`Bucketed::of`]), to be sorted and combined
/// into rows ([`Bucketed::rows`]).
struct Bucketed {
    /// Where each row begins among all the entries.
    start: Vec<usize>,
    /// The ranges' first rows, and `n`.
    bounds: Vec<usize>,
    /// Each range's entries `(v, weight, relation)`, row by row.
    pieces: Vec<Vec<(u32, f64, EdgeIndex)>>,
}

/// What building a range of rows leaves beside the entries it wrote.
struct RowsBuilt {
    /// Entries written (at the start of the range's place).
    len: usize,
    /// Where each row ends, counted from the range's first entry.
    ends: Vec<usize>,
    /// As [`Csr::parallel`], counted from the range's first entry.
    parallel: Vec<(u32, EdgeIndex)>,
}

impl Bucketed {
    /// The entries each item gives (up to two: a relation and its mirror), bucketed by row:
    /// a counting sort, in ranges of rows of about as many entries each, one per thread (up
    /// to eight), each range's scan of the items keeping its own rows' entries. The order of
    /// the entries within a row does not matter: [`Bucketed::rows`] sorts each row.
    fn of<T: Sync>(
        n: usize,
        items: &[T],
        entries: impl Fn(&T) -> [Option<Entry>; 2] + Sync,
    ) -> Bucketed {
        let ranges = if items.len() < RANGED_ITEMS {
            1
        } else {
            rayon::current_num_threads().clamp(1, 8)
        };
        Bucketed::of_in(n, items, entries, ranges)
    }

    fn of_in<T: Sync>(
        n: usize,
        items: &[T],
        entries: impl Fn(&T) -> [Option<Entry>; 2] + Sync,
        ranges: usize,
    ) -> Bucketed {
        let mut start = vec![0usize; n + 1];
        for e in items.iter().flat_map(&entries).flatten() {
            start[e.0 as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut bounds = vec![0];
        for k in 1..ranges {
            let at = start.partition_point(|&s| s < start[n] * k / ranges);
            bounds.push(at.clamp(bounds[k - 1], n));
        }
        bounds.push(n);
        let pieces = bounds
            .par_windows(2)
            .map(|r| {
                let (rows, base) = (r[0]..r[1], start[r[0]]);
                let mut next: Vec<usize> = start[rows.clone()].iter().map(|s| s - base).collect();
                let mut bucketed = vec![(0u32, 0.0f64, EdgeIndex::end()); start[rows.end] - base];
                for (u, v, w, rel) in items.iter().flat_map(&entries).flatten() {
                    let u = u as usize;
                    if rows.contains(&u) {
                        bucketed[next[u - rows.start]] = (v, w, rel);
                        next[u - rows.start] += 1;
                    }
                }
                bucketed
            })
            .collect();
        Bucketed {
            start,
            bounds,
            pieces,
        }
    }

    /// Orders each row by (target, relation), the order of one sort of all the entries by
    /// (u, v, relation), and combines the entries with the same `(u, v)` into a net tie by
    /// `rule`: each range of rows side by side, into its own part of the rows.
    fn rows(self, rule: Combine) -> Csr {
        let Bucketed {
            start,
            bounds,
            pieces,
        } = self;
        let total = start.last().copied().unwrap_or(0);
        let mut targets = vec![0u32; total];
        let mut weights = vec![0f64; total];
        let mut relations = vec![EdgeIndex::end(); total];
        // Each range's place: as many entries as it has before combining.
        let mut places = Vec::with_capacity(pieces.len());
        let (mut t, mut w, mut r) = (&mut targets[..], &mut weights[..], &mut relations[..]);
        for piece in &pieces {
            let (tp, tr) = t.split_at_mut(piece.len());
            let (wp, wr) = w.split_at_mut(piece.len());
            let (rp, rr) = r.split_at_mut(piece.len());
            places.push((tp, wp, rp));
            (t, w, r) = (tr, wr, rr);
        }
        let built: Vec<RowsBuilt> = pieces
            .into_par_iter()
            .zip(places)
            .zip(bounds.par_windows(2))
            .map(|((mut bucketed, (targets, weights, relations)), rows)| {
                let base = start[rows[0]];
                let mut built = RowsBuilt {
                    len: 0,
                    ends: Vec::with_capacity(rows[1] - rows[0]),
                    parallel: Vec::new(),
                };
                let mut parallel: Vec<f64> = Vec::new();
                for u in rows[0]..rows[1] {
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
                        let at = built.len;
                        if group.len() > 1 {
                            built.parallel.extend(
                                group
                                    .iter()
                                    .filter(|e| e.2 != rep.2)
                                    .map(|e| (at as u32, e.2)),
                            );
                        }
                        targets[at] = rep.0;
                        weights[at] = rule.combine(&mut parallel);
                        relations[at] = rep.2;
                        built.len += 1;
                    }
                    built.ends.push(built.len);
                }
                built
            })
            .collect();
        // The ranges' rows moved up behind one another where combining left gaps.
        let mut csr = Csr {
            offsets: Vec::with_capacity(start.len()),
            targets,
            weights,
            relations,
            parallel: Vec::new(),
        };
        csr.offsets.push(0);
        let mut len = 0;
        for (built, rows) in built.iter().zip(bounds.windows(2)) {
            let from = start[rows[0]];
            csr.targets.copy_within(from..from + built.len, len);
            csr.weights.copy_within(from..from + built.len, len);
            csr.relations.copy_within(from..from + built.len, len);
            csr.offsets.extend(built.ends.iter().map(|&e| len + e));
            csr.parallel
                .extend(built.parallel.iter().map(|&(e, r)| (len as u32 + e, r)));
            len += built.len;
        }
        csr.targets.truncate(len);
        csr.weights.truncate(len);
        csr.relations.truncate(len);
        csr
    }
}

impl Csr {
    /// Builds rows for `n` nodes from `(u, v, weight, relation)` entries, combining entries
    /// with the same `(u, v)` into a net tie by `rule`. Large lists are built in ranges of
    /// rows side by side; each row is the same whichever range builds it.
    pub fn from_entries(n: usize, entries: Vec<Entry>, rule: Combine) -> Csr {
        let bucketed = Bucketed::of(n, &entries, |&e| [Some(e), None]);
        drop(entries);
        bucketed.rows(rule)
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

/// A relation as [`Snapshot::new`] reads it from the graph: 24 bytes.
#[derive(Clone, Copy)]
struct Edge {
    ends: (u32, u32),
    weight: f64,
    relation: EdgeIndex,
    directed: bool,
}

impl Edge {
    fn entry(self) -> Entry {
        (self.ends.0, self.ends.1, self.weight, self.relation)
    }

    /// The entry from its other end.
    fn mirror(self) -> Entry {
        (self.ends.1, self.ends.0, self.weight, self.relation)
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
        let edges: Vec<Option<Edge>> = (0..pg.edge_bound())
            .into_par_iter()
            .map(|i| {
                let e = EdgeIndex::new(i);
                let r = pg.edge_weight(e)?;
                let (a, b) = pg.edge_endpoints(e)?;
                Some(Edge {
                    ends: (dense[a.index()], dense[b.index()]),
                    weight: r.weight,
                    relation: e,
                    directed: r.directed,
                })
            })
            .collect();
        let any_directed = edges.par_iter().any(|e| e.is_some_and(|e| e.directed));
        let undirected = Bucketed::of(n, &edges, |e| {
            e.map_or([None; 2], |e| [Some(e.entry()), Some(e.mirror())])
        });
        // Without directed relations every view is the same net-tie graph.
        let views = any_directed.then(|| {
            (
                Bucketed::of(n, &edges, |e| {
                    e.map_or([None; 2], |e| {
                        [Some(e.entry()), (!e.directed).then_some(e.mirror())]
                    })
                }),
                Bucketed::of(n, &edges, |e| {
                    e.map_or([None; 2], |e| {
                        [Some(e.mirror()), (!e.directed).then_some(e.entry())]
                    })
                }),
            )
        });
        drop(edges);
        let rule = g.combine;
        let undirected = Arc::new(undirected.rows(rule));
        let (out, incoming) = match views {
            Some((out, inc)) => (Arc::new(out.rows(rule)), Arc::new(inc.rows(rule))),
            None => (Arc::clone(&undirected), Arc::clone(&undirected)),
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
    fn bucketed_rows_match_one_global_sort_in_any_ranges() {
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
            for ranges in 1..=5 {
                assert_eq!(
                    Bucketed::of_in(n, &shuffled, |&e| [Some(e), None], ranges).rows(Combine::Sum),
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
