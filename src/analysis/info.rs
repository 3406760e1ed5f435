//! The summary of a graph: counts by actor kind, relation kind, sign and confidence,
//! connected components, density and the date range covered.
//!
//! Components are weakly connected (direction ignored); density is the share of actor pairs
//! joined by at least one relation, `ties / (n (n − 1) / 2)`.

use crate::model::{ActorGraph, Confidence, Date, Relation, RelationKind, Snapshot, Vocabulary};
use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use petgraph::visit::{EdgeIndexable, NodeIndexable};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Summary {
    pub name: String,
    pub actors: usize,
    pub relations: usize,
    pub events: usize,
    pub actors_by_kind: BTreeMap<String, usize>,
    pub relations_by_kind: BTreeMap<String, usize>,
    pub relations_by_confidence: BTreeMap<String, usize>,
    pub positive: usize,
    pub negative: usize,
    pub zero: usize,
    pub directed: usize,
    pub mutual: usize,
    /// Pairs of actors joined by at least one relation.
    pub ties: usize,
    pub density: f64,
    pub components: usize,
    /// Size of each weakly connected component, largest first.
    pub component_sizes: Vec<usize>,
    pub isolated: Vec<String>,
    pub first_date: Option<Date>,
    pub last_date: Option<Date>,
    /// The relations of each layer that has any, in the graph's layer order.
    pub layers: Vec<LayerCount>,
}

/// The relations of one layer ([`crate::model::layer`]) and the ties they make on their own.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LayerCount {
    pub layer: String,
    pub relations: usize,
    pub allied: usize,
    pub hostile: usize,
    /// Pairs joined by a relation of this layer.
    pub pairs: usize,
    /// Of those, pairs whose relations of this layer net allied, and hostile, by the graph's
    /// combination rule.
    pub allied_pairs: usize,
    pub hostile_pairs: usize,
}

/// The relations of `g` layer by layer.
///
/// The pairs are found by sorting one entry per relation (the pair's node indices, layer,
/// weight: 24 bytes) rather than in a map of weight lists per pair, which took more memory
/// than the graph at a million relations.
pub fn layer_counts(g: &ActorGraph) -> Vec<LayerCount> {
    RelationPass::run(g, false).layers
}

/// The layer of each relation kind, as a position in the graph's layer order (`names`), by
/// the kind's declaration order.
fn layer_positions(g: &ActorGraph, names: &[&str]) -> Vec<u32> {
    RelationKind::ALL
        .iter()
        .map(|&k| {
            let layer = g.layers.layer_of(k);
            names
                .iter()
                .position(|&l| l == layer)
                .expect("a layer of some kind") as u32
        })
        .collect()
}

/// One relation's entry for counting pairs: its ends' node indices (smaller first), its
/// layer's position and its weight.
type PairEntry = (u32, u32, u32, f64);

/// How many relations one task of the parallel pass reads.
const PASS_CHUNK: usize = 1 << 16;

/// What one pass over (a run of) the relations counts, merged run after run in edge order.
#[derive(Debug, Clone)]
struct Counts {
    by_kind: Vec<usize>,
    by_confidence: Vec<usize>,
    positive: usize,
    negative: usize,
    zero: usize,
    directed: usize,
    /// Relations, allied, hostile, per layer.
    layers: Vec<(usize, usize, usize)>,
    dates: DateSpan,
}

impl Counts {
    fn new(layers: usize) -> Counts {
        Counts {
            by_kind: vec![0; RelationKind::ALL.len()],
            by_confidence: vec![0; Confidence::ALL.len()],
            positive: 0,
            negative: 0,
            zero: 0,
            directed: 0,
            layers: vec![(0, 0, 0); layers],
            dates: DateSpan::default(),
        }
    }

    /// Counts `r`, between nodes `a` and `b`, and gives its entry for the pair counts.
    fn add(&mut self, r: &Relation, a: NodeIndex, b: NodeIndex, layer_of: &[u32]) -> PairEntry {
        self.by_kind[r.kind as usize] += 1;
        self.by_confidence[r.confidence as usize] += 1;
        self.positive += usize::from(r.weight > 0.0);
        self.negative += usize::from(r.weight < 0.0);
        self.zero += usize::from(r.weight == 0.0);
        self.directed += usize::from(r.directed);
        let l = layer_of[r.kind as usize];
        let c = &mut self.layers[l as usize];
        c.0 += 1;
        c.1 += usize::from(r.weight > 0.0);
        c.2 += usize::from(r.weight < 0.0);
        for d in [r.since, r.until].into_iter().flatten() {
            self.dates.add(d);
        }
        let (a, b) = (a.index() as u32, b.index() as u32);
        (a.min(b), a.max(b), l, r.weight)
    }

    /// These counts followed by `later`'s (of the relations after these).
    fn then(mut self, later: Counts) -> Counts {
        for (x, y) in self.by_kind.iter_mut().zip(later.by_kind) {
            *x += y;
        }
        for (x, y) in self.by_confidence.iter_mut().zip(later.by_confidence) {
            *x += y;
        }
        self.positive += later.positive;
        self.negative += later.negative;
        self.zero += later.zero;
        self.directed += later.directed;
        for (x, y) in self.layers.iter_mut().zip(later.layers) {
            *x = (x.0 + y.0, x.1 + y.1, x.2 + y.2);
        }
        self.dates = self.dates.then(later.dates);
        self
    }
}

/// The first and last dates met, by the first and last day each covers; of dates covering
/// the same day, the first met.
#[derive(Debug, Clone, Copy, Default)]
struct DateSpan {
    first: Option<Date>,
    last: Option<Date>,
}

impl DateSpan {
    fn add(&mut self, d: Date) {
        if self.first.is_none_or(|f| d.first_day() < f.first_day()) {
            self.first = Some(d);
        }
        if self.last.is_none_or(|l| d.last_day() > l.last_day()) {
            self.last = Some(d);
        }
    }

    /// This span followed by `later`'s dates: the same as meeting them all in order.
    fn then(mut self, later: DateSpan) -> DateSpan {
        if let Some(d) = later.first
            && self.first.is_none_or(|f| d.first_day() < f.first_day())
        {
            self.first = Some(d);
        }
        if let Some(d) = later.last
            && self.last.is_none_or(|l| d.last_day() > l.last_day())
        {
            self.last = Some(d);
        }
        self
    }
}

/// Everything a summary reads off the relations, in one pass over them (on the rayon
/// threads, in fixed runs merged in edge order, so the result does not depend on the
/// schedule) and one sort of an entry per relation.
struct RelationPass {
    counts: Counts,
    layers: Vec<LayerCount>,
    /// The connectivity of the relations, when asked for.
    connectivity: Option<Connectivity>,
}

impl RelationPass {
    fn run(g: &ActorGraph, connectivity: bool) -> RelationPass {
        RelationPass::run_in(g, connectivity, PASS_CHUNK, false)
    }

    /// [`RelationPass::run`] with the relations read in runs of `chunk`, and with keys of 16
    /// bytes if `wide` (tests: small runs, and the keys of more than 2^30 actors).
    fn run_in(g: &ActorGraph, connectivity: bool, chunk: usize, wide: bool) -> RelationPass {
        let layers = g.layers.layers().len();
        // Bits that hold a node index, and a layer's position.
        let bits = |n: usize| usize::BITS - n.saturating_sub(1).leading_zeros();
        let (nb, lb) = (bits(g.graph().node_bound()), bits(layers));
        if !wide && 2 * nb + lb <= 64 {
            // 16-byte entries sorted by one number (a million actors' pairs and a few
            // layers take 44 bits): at ten million relations the 24-byte entries' sort by
            // three fields was two thirds of `info`'s summary (bench/RESULTS.md).
            let pack = |a: u32, b: u32, l: u32| {
                u64::from(a) << (nb + lb) | u64::from(b) << lb | u64::from(l)
            };
            let mask = |bits: u32| (1u64 << bits) - 1;
            let unpack = |k: u64| {
                let (a, b, l) = (k >> (nb + lb), k >> lb & mask(nb), k & mask(lb));
                (a as u32, b as u32, l as u32)
            };
            RelationPass::run_keyed(g, connectivity, chunk, pack, unpack)
        } else {
            let pack =
                |a: u32, b: u32, l: u32| u128::from(a) << 64 | u128::from(b) << 32 | u128::from(l);
            let unpack = |k: u128| ((k >> 64) as u32, (k >> 32) as u32, k as u32);
            RelationPass::run_keyed(g, connectivity, chunk, pack, unpack)
        }
    }

    /// [`RelationPass::run_in`] with each relation's entry keyed by `pack` of its pair
    /// (smaller node index first) and layer's position, which `unpack` gives back: keys
    /// order as those three numbers do.
    fn run_keyed<K: Copy + Ord + Default + Send + Sync>(
        g: &ActorGraph,
        connectivity: bool,
        chunk: usize,
        pack: impl Fn(u32, u32, u32) -> K + Sync,
        unpack: impl Fn(K) -> (u32, u32, u32) + Sync,
    ) -> RelationPass {
        let names = g.layers.layers();
        let layer_of = layer_positions(g, &names);
        let pg = g.graph();
        let m = pg.edge_count();
        let entry = |(a, b, l, w): PairEntry| (pack(a, b, l), w);
        let count_run = |range: std::ops::Range<usize>, out: &mut [(K, f64)]| {
            let mut k = Counts::new(names.len());
            for (i, slot) in range.zip(out) {
                let e = EdgeIndex::new(i);
                let (a, b) = pg.edge_endpoints(e).expect("an edge of the graph");
                *slot = entry(k.add(&pg[e], a, b, &layer_of));
            }
            k
        };
        let (counts, mut entries) = if m == pg.edge_bound() {
            // No removed edge: edge `i` is the `i`th relation, its entry written in place.
            let mut entries = vec![(K::default(), 0.0f64); m];
            let counts = entries
                .par_chunks_mut(chunk)
                .enumerate()
                .map(|(c, out)| count_run(c * chunk..c * chunk + out.len(), out))
                .reduce_with(Counts::then)
                .unwrap_or_else(|| Counts::new(names.len()));
            (counts, entries)
        } else {
            let mut k = Counts::new(names.len());
            let mut entries = Vec::with_capacity(m);
            for e in pg.edge_indices() {
                let (a, b) = pg.edge_endpoints(e).expect("an edge of the graph");
                entries.push(entry(k.add(&pg[e], a, b, &layer_of)));
            }
            (k, entries)
        };
        // A pair's weights in a layer are netted whatever their order (`Combine::combine`
        // sorts them), so an unstable sort by the key alone gives the same counts.
        entries.par_sort_unstable_by_key(|t| t.0);
        // Pairs, allied pairs, hostile pairs per layer, netting each pair's weights (a run
        // of equal keys: one pair's in one layer); beside it, the pairs of any layer join
        // actors into components. Two reads of the sorted entries, on two threads.
        let per_layer = || {
            let mut pairs = vec![(0usize, 0usize, 0usize); names.len()];
            let mut weights = Vec::new();
            for run in entries.chunk_by(|x, y| x.0 == y.0) {
                weights.clear();
                weights.extend(run.iter().map(|t| t.1));
                let net = g.combine.combine(&mut weights);
                let p = &mut pairs[unpack(run[0].0).2 as usize];
                p.0 += 1;
                p.1 += usize::from(net > 0.0);
                p.2 += usize::from(net < 0.0);
            }
            pairs
        };
        let components = || {
            connectivity.then(|| {
                let mut joined = Joined::new(pg.node_bound());
                let pair_of = |k: K| {
                    let (a, b, _) = unpack(k);
                    (a, b)
                };
                for pair in entries.chunk_by(|x, y| pair_of(x.0) == pair_of(y.0)) {
                    let (a, b) = pair_of(pair[0].0);
                    joined.join(a as usize, b as usize);
                }
                joined
            })
        };
        let (pairs, joined) = rayon::join(per_layer, components);
        drop(entries);
        let layers = names
            .iter()
            .zip(counts.layers.iter().copied().zip(pairs))
            .filter(|(_, (c, _))| c.0 > 0)
            .map(
                |(layer, ((relations, allied, hostile), (pairs, allied_pairs, hostile_pairs)))| {
                    LayerCount {
                        layer: layer.to_string(),
                        relations,
                        allied,
                        hostile,
                        pairs,
                        allied_pairs,
                        hostile_pairs,
                    }
                },
            )
            .collect();
        RelationPass {
            counts,
            layers,
            connectivity: joined.map(|j| j.connectivity(g)),
        }
    }
}

/// Actors joined by their pairs (a union–find over node indices), for the components
/// without building a snapshot: what [`connectivity`] reads off one, the same.
struct Joined {
    parent: Vec<u32>,
    /// Whether a node has a tie (a self-relation counts, as in a snapshot's rows).
    tied: Vec<bool>,
    /// The entries a snapshot's undirected rows would hold: two per pair, one per
    /// self-relation.
    entries: usize,
}

impl Joined {
    fn new(nodes: usize) -> Joined {
        Joined {
            parent: (0..nodes as u32).collect(),
            tied: vec![false; nodes],
            entries: 0,
        }
    }

    fn root(&mut self, mut x: usize) -> usize {
        while self.parent[x] as usize != x {
            let up = self.parent[self.parent[x] as usize];
            self.parent[x] = up;
            x = up as usize;
        }
        x
    }

    /// Joins the two ends of a pair, met once each.
    fn join(&mut self, a: usize, b: usize) {
        self.entries += if a == b { 1 } else { 2 };
        self.tied[a] = true;
        self.tied[b] = true;
        let (ra, rb) = (self.root(a), self.root(b));
        if ra != rb {
            self.parent[ra.max(rb)] = ra.min(rb) as u32;
        }
    }

    fn connectivity(mut self, g: &ActorGraph) -> Connectivity {
        let pg = g.graph();
        let mut size = vec![0usize; self.parent.len()];
        let mut isolated = Vec::new();
        for n in pg.node_indices() {
            let root = self.root(n.index());
            size[root] += 1;
            if !self.tied[n.index()] {
                isolated.push(pg[n].id.to_string());
            }
        }
        let mut sizes: Vec<usize> = size.into_iter().filter(|&s| s > 0).collect();
        sizes.sort_unstable_by(|a, b| b.cmp(a));
        Connectivity {
            ties: self.entries / 2,
            components: sizes.len(),
            sizes,
            isolated,
        }
    }
}

/// Connected components of a snapshot's undirected ties: `comp[i]` numbers them from 0 in
/// order of their smallest node.
pub fn components(s: &Snapshot) -> (usize, Vec<usize>) {
    let n = s.len();
    let mut comp = vec![usize::MAX; n];
    let mut count = 0;
    let mut stack = Vec::new();
    for start in 0..n {
        if comp[start] != usize::MAX {
            continue;
        }
        comp[start] = count;
        stack.push(start);
        while let Some(u) = stack.pop() {
            for (v, _) in s.undirected.neighbors(u) {
                if comp[v] == usize::MAX {
                    comp[v] = count;
                    stack.push(v);
                }
            }
        }
        count += 1;
    }
    (count, comp)
}

fn count_names<'a, T: Vocabulary + Ord + 'a>(
    items: impl Iterator<Item = T>,
) -> BTreeMap<String, usize> {
    // Counted by value, named once per kind (not a string per item).
    let mut by_value: BTreeMap<T, usize> = BTreeMap::new();
    for t in items {
        *by_value.entry(t).or_default() += 1;
    }
    by_value
        .into_iter()
        .map(|(t, c)| (t.kebab_name().to_string(), c))
        .collect()
}

/// The values of a vocabulary counted (`counts[v as usize]`), by name, those met only.
fn named_counts<T: Vocabulary>(counts: &[usize]) -> BTreeMap<String, usize> {
    T::all()
        .iter()
        .zip(counts)
        .filter(|&(_, &c)| c > 0)
        .map(|(t, &c)| (t.kebab_name().to_string(), c))
        .collect()
}

/// The summary of `g`.
///
/// One pass over the relations (on the rayon threads) and one sort of an entry per relation
/// give every count, the layers' pairs and the components (a union–find over the pairs):
/// no snapshot is built. At ten million relations the snapshot took as long as the rest
/// of the summary and 800 MB while it was built (bench/RESULTS.md, "Load, seventh step").
pub fn summarize(g: &ActorGraph) -> Summary {
    let mut pass = RelationPass::run(g, true);
    let c = pass.connectivity.take().expect("asked for");
    summarize_with(g, pass, c)
}

/// [`summarize`] on a snapshot already built from `g`.
pub fn summarize_in(g: &ActorGraph, s: &Snapshot) -> Summary {
    summarize_with(g, RelationPass::run(g, false), connectivity(s))
}

/// What a summary reads off the snapshot.
#[derive(Debug, PartialEq)]
struct Connectivity {
    ties: usize,
    components: usize,
    sizes: Vec<usize>,
    isolated: Vec<String>,
}

fn connectivity(s: &Snapshot) -> Connectivity {
    let (components, comp) = components(s);
    let mut sizes = vec![0usize; components];
    for &c in &comp {
        sizes[c] += 1;
    }
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    Connectivity {
        ties: s.tie_count(),
        components,
        sizes,
        isolated: (0..s.len())
            .filter(|&i| s.undirected.degree(i) == 0)
            .map(|i| s.ids[i].to_string())
            .collect(),
    }
}

fn summarize_with(g: &ActorGraph, pass: RelationPass, c: Connectivity) -> Summary {
    let Connectivity {
        ties,
        components,
        sizes,
        isolated,
    } = c;
    let RelationPass { counts, layers, .. } = pass;
    let n = g.actor_count();
    let pairs = n * n.saturating_sub(1) / 2;
    // The relations' dates (in the pass), then the events', then the tallies'.
    let mut dates = counts.dates;
    for d in g.events().iter().map(|e| e.date).chain(
        // An event-built graph's tallies span their periods (as `ActorGraph::latest_date`).
        g.tallies().iter().flat_map(|t| {
            [t.period.first_day(), t.period.last_day()]
                .into_iter()
                .filter_map(|(y, m, d)| Date::ymd(y, m, d).ok())
        }),
    ) {
        dates.add(d);
    }
    let relations = g.relation_count();
    Summary {
        name: g.name.clone(),
        actors: n,
        relations,
        events: g.events().len(),
        actors_by_kind: count_names(g.actors().map(|a| a.kind)),
        relations_by_kind: named_counts::<RelationKind>(&counts.by_kind),
        relations_by_confidence: named_counts::<Confidence>(&counts.by_confidence),
        positive: counts.positive,
        negative: counts.negative,
        zero: counts.zero,
        directed: counts.directed,
        mutual: relations - counts.directed,
        ties,
        density: if pairs == 0 {
            0.0
        } else {
            ties as f64 / pairs as f64
        },
        components,
        component_sizes: sizes,
        isolated,
        first_date: dates.first,
        last_date: dates.last,
        layers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, ActorKind, Relation, RelationKind};

    #[test]
    fn counts_and_components() {
        let mut g = ActorGraph::new("t");
        for id in ["A", "B", "C", "D"] {
            g.add_actor(Actor::new(id, id, ActorKind::State)).unwrap();
        }
        g.add_relation(Relation::new("A", "B", RelationKind::Alliance, 0.5))
            .unwrap();
        g.add_relation(Relation::new("A", "B", RelationKind::Rivalry, -0.2))
            .unwrap();
        g.add_relation(Relation::new("B", "C", RelationKind::Hostility, -0.5).directed())
            .unwrap();
        let s = summarize(&g);
        assert_eq!((s.actors, s.relations, s.ties), (4, 3, 2));
        assert_eq!((s.positive, s.negative, s.directed), (1, 2, 1));
        assert_eq!(s.components, 2);
        assert_eq!(s.component_sizes, vec![3, 1]);
        assert_eq!(s.isolated, vec!["D".to_string()]);
        assert!((s.density - 2.0 / 6.0).abs() < 1e-12);
    }

    /// The layer counts as they were first written: the weights of each pair of ids in a
    /// map per layer. The sorted entries must count the same.
    fn layer_counts_by_map(g: &ActorGraph) -> Vec<LayerCount> {
        type Tally<'a> = (usize, usize, usize, BTreeMap<(&'a str, &'a str), Vec<f64>>);
        let mut by_layer: BTreeMap<&str, Tally> = BTreeMap::new();
        for r in g.relations() {
            let e = by_layer.entry(g.layers.layer_of(r.kind)).or_default();
            e.0 += 1;
            e.1 += usize::from(r.weight > 0.0);
            e.2 += usize::from(r.weight < 0.0);
            let (a, b) = (r.from.as_str(), r.to.as_str());
            e.3.entry(if a <= b { (a, b) } else { (b, a) })
                .or_default()
                .push(r.weight);
        }
        g.layers
            .layers()
            .into_iter()
            .filter_map(|layer| {
                let (relations, allied, hostile, mut pairs) = by_layer.remove(layer)?;
                let nets: Vec<f64> = pairs.values_mut().map(|ws| g.combine.combine(ws)).collect();
                Some(LayerCount {
                    layer: layer.to_string(),
                    relations,
                    allied,
                    hostile,
                    pairs: nets.len(),
                    allied_pairs: nets.iter().filter(|&&w| w > 0.0).count(),
                    hostile_pairs: nets.iter().filter(|&&w| w < 0.0).count(),
                })
            })
            .collect()
    }

    #[test]
    fn layer_counts_match_a_map_of_pairs() {
        use crate::model::{Combine, LayerMap};
        // Many parallel relations of mixed kinds and signs, some pairs netting to zero, ids
        // whose text order is not their node order, and a layer of the file's own.
        let mut g = ActorGraph::new("t");
        let ids: Vec<String> = (0..12).map(|i| format!("X{}", (i * 7) % 12)).collect();
        for id in &ids {
            g.add_actor(Actor::new(id.as_str(), id.as_str(), ActorKind::State))
                .unwrap();
        }
        let mut x = 12345u64;
        let mut next = |n: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) % n
        };
        for _ in 0..400 {
            let mut r = random_relation(&ids, &mut next);
            r.directed = next(2) == 0;
            let _ = g.add_relation(r);
        }
        g.layers = LayerMap::new([(RelationKind::Trade, "commerce".to_string())]);
        assert!(g.relation_count() > 200);
        for &combine in Combine::ALL {
            g.combine = combine;
            let got = layer_counts(&g);
            assert!(got.len() > 3 && got.iter().any(|l| l.layer == "commerce"));
            assert_eq!(got, layer_counts_by_map(&g), "{combine:?}");
        }
    }

    /// The summary as it was first written: a snapshot's components, and a pass over the
    /// relations for each count.
    fn summarize_by_passes(g: &ActorGraph) -> Summary {
        let c = connectivity(&Snapshot::new(g));
        let n = g.actor_count();
        let dates = g
            .relations()
            .flat_map(|r| [r.since, r.until])
            .flatten()
            .chain(g.events().iter().map(|e| e.date));
        let (mut first, mut last): (Option<Date>, Option<Date>) = (None, None);
        for d in dates {
            if first.is_none_or(|f| d.first_day() < f.first_day()) {
                first = Some(d);
            }
            if last.is_none_or(|l| d.last_day() > l.last_day()) {
                last = Some(d);
            }
        }
        let pairs = n * n.saturating_sub(1) / 2;
        Summary {
            name: g.name.clone(),
            actors: n,
            relations: g.relation_count(),
            events: g.events().len(),
            actors_by_kind: count_names(g.actors().map(|a| a.kind)),
            relations_by_kind: count_names(g.relations().map(|r| r.kind)),
            relations_by_confidence: count_names(g.relations().map(|r| r.confidence)),
            positive: g.relations().filter(|r| r.weight > 0.0).count(),
            negative: g.relations().filter(|r| r.weight < 0.0).count(),
            zero: g.relations().filter(|r| r.weight == 0.0).count(),
            directed: g.relations().filter(|r| r.directed).count(),
            mutual: g.relations().filter(|r| !r.directed).count(),
            ties: c.ties,
            density: if pairs == 0 {
                0.0
            } else {
                c.ties as f64 / pairs as f64
            },
            components: c.components,
            component_sizes: c.sizes,
            isolated: c.isolated,
            first_date: first,
            last_date: last,
            layers: layer_counts_by_map(g),
        }
    }

    /// A relation between two of `ids` drawn by `next`: a random kind, and a weight of its
    /// sign (0 included).
    fn random_relation(ids: &[String], next: &mut impl FnMut(u64) -> u64) -> Relation {
        let n = ids.len() as u64;
        let (a, b) = (next(n) as usize, next(n) as usize);
        let kind = RelationKind::ALL[next(RelationKind::ALL.len() as u64) as usize];
        let magnitude = [0.0, 0.25, 0.5, 1.0][next(4) as usize];
        let weight = match kind.sign() {
            crate::model::Sign::Negative => -magnitude,
            crate::model::Sign::Positive => magnitude,
            crate::model::Sign::Either => magnitude - 0.5,
        };
        Relation::new(ids[a].as_str(), ids[b].as_str(), kind, weight)
    }

    /// A graph of `actors` actors (ids not in node order) and about `relations` random
    /// relations of mixed kinds, signs, confidences, directions and dates.
    fn random_graph(actors: usize, relations: usize, seed: u64) -> ActorGraph {
        use crate::model::Confidence;
        let mut g = ActorGraph::new("t");
        let ids: Vec<String> = (0..actors)
            .map(|i| format!("X{}", (i * 7) % actors))
            .collect();
        for id in &ids {
            g.add_actor(Actor::new(id.as_str(), id.as_str(), ActorKind::State))
                .unwrap();
        }
        let mut x = seed;
        let mut next = |n: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) % n
        };
        // Dates whose first or last days coincide: the first met must win.
        let dates = [
            "2020",
            "2020-01",
            "2020-01-01",
            "2019-12-31",
            "2021-12",
            "2021",
        ];
        let date = |k: u64| (k < 6).then(|| dates[k as usize].parse().unwrap());
        for _ in 0..relations {
            let mut r = random_relation(&ids, &mut next)
                .with_dates(date(next(12)), date(next(12)))
                .with_confidence(Confidence::ALL[next(Confidence::ALL.len() as u64) as usize]);
            r.directed = next(3) == 0;
            let _ = g.add_relation(r);
        }
        g
    }

    #[test]
    fn one_pass_counts_as_a_pass_per_count_and_a_snapshot() {
        for seed in 0..6 {
            let mut g = random_graph(40, 20 + 4 * seed as usize, seed);
            if seed % 2 == 1 {
                // Removed actors and relations leave holes in the node and edge indices.
                g.remove_actor(&"X3".into());
                g.remove_actor(&"X10".into());
                let e = g.relation_entries().nth(4).unwrap().0;
                g.remove_relation(e);
            }
            if seed == 4 {
                // No loader or edit makes a self-relation, but the graph can hold one: it
                // is a tie of its actor's, as in a snapshot.
                let lone = g
                    .actors()
                    .find(|a| g.relations_of(&a.id).is_empty())
                    .unwrap();
                let r = Relation::new(lone.id.clone(), lone.id.clone(), RelationKind::Trade, 0.5);
                g.push_relation_unchecked(r).unwrap();
            }
            let want = summarize_by_passes(&g);
            assert!(want.isolated.len() > 1 && want.components > 2, "{seed}");
            assert!(want.first_date.is_some(), "{seed}");
            assert_eq!(summarize(&g), want, "{seed}");
            assert_eq!(summarize_in(&g, &Snapshot::new(&g)), want, "{seed}");
            for chunk in [1, 3, 7, 1000] {
                for wide in [false, true] {
                    let mut pass = RelationPass::run_in(&g, true, chunk, wide);
                    let c = pass.connectivity.take().unwrap();
                    assert_eq!(summarize_with(&g, pass, c), want, "{seed} {chunk} {wide}");
                }
            }
        }
    }
}
