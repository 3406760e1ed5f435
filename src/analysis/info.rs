//! The summary of a graph: counts by actor kind, relation kind, sign and confidence,
//! connected components, density and the date range covered.
//!
//! Components are weakly connected (direction ignored); density is the share of actor pairs
//! joined by at least one relation, `ties / (n (n − 1) / 2)`.

use crate::model::{ActorGraph, Date, RelationKind, Snapshot, Vocabulary};
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
/// The pairs are found by sorting one entry per relation (layer, the pair's node indices,
/// weight: 24 bytes) rather than in a map of weight lists per pair, which took more memory
/// than the graph at a million relations.
pub fn layer_counts(g: &ActorGraph) -> Vec<LayerCount> {
    let names = g.layers.layers();
    // The position in `names` of each relation kind's layer, by the kind's declaration order.
    let layer_of: Vec<u32> = RelationKind::ALL
        .iter()
        .map(|&k| {
            let layer = g.layers.layer_of(k);
            names
                .iter()
                .position(|&l| l == layer)
                .expect("a layer of some kind") as u32
        })
        .collect();
    // Relations, allied, hostile per layer.
    let mut counts = vec![(0usize, 0usize, 0usize); names.len()];
    let pg = g.graph();
    let mut ties: Vec<(u32, u32, u32, f64)> = Vec::with_capacity(pg.edge_count());
    for e in pg.edge_indices() {
        let r = &pg[e];
        let l = layer_of[r.kind as usize];
        let c = &mut counts[l as usize];
        c.0 += 1;
        c.1 += usize::from(r.weight > 0.0);
        c.2 += usize::from(r.weight < 0.0);
        let (a, b) = pg.edge_endpoints(e).expect("an edge of the graph");
        let (a, b) = (a.index() as u32, b.index() as u32);
        ties.push((l, a.min(b), a.max(b), r.weight));
    }
    ties.sort_unstable_by_key(|t| (t.0, t.1, t.2));
    // Pairs, allied pairs, hostile pairs per layer, netting each pair's weights.
    let mut pairs = vec![(0usize, 0usize, 0usize); names.len()];
    let mut weights = Vec::new();
    for run in ties.chunk_by(|x, y| (x.0, x.1, x.2) == (y.0, y.1, y.2)) {
        weights.clear();
        weights.extend(run.iter().map(|t| t.3));
        let net = g.combine.combine(&mut weights);
        let p = &mut pairs[run[0].0 as usize];
        p.0 += 1;
        p.1 += usize::from(net > 0.0);
        p.2 += usize::from(net < 0.0);
    }
    names
        .iter()
        .zip(counts.into_iter().zip(pairs))
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
        .collect()
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

pub fn summarize(g: &ActorGraph) -> Summary {
    // The snapshot is freed before the layers are counted, so that the two do not add up.
    let c = connectivity(&Snapshot::new(g));
    summarize_with(g, c)
}

/// [`summarize`] on a snapshot already built from `g`.
pub fn summarize_in(g: &ActorGraph, s: &Snapshot) -> Summary {
    summarize_with(g, connectivity(s))
}

/// What a summary reads off the snapshot.
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

fn summarize_with(g: &ActorGraph, c: Connectivity) -> Summary {
    let Connectivity {
        ties,
        components,
        sizes,
        isolated,
    } = c;
    let n = g.actor_count();
    let pairs = n * n.saturating_sub(1) / 2;
    let dates = g
        .relations()
        .flat_map(|r| [r.since, r.until])
        .flatten()
        .chain(g.events().iter().map(|e| e.date))
        // An event-built graph's tallies span their periods (as `ActorGraph::latest_date`).
        .chain(g.tallies().iter().flat_map(|t| {
            [t.period.first_day(), t.period.last_day()]
                .into_iter()
                .filter_map(|(y, m, d)| Date::ymd(y, m, d).ok())
        }));
    let (mut first, mut last): (Option<Date>, Option<Date>) = (None, None);
    for d in dates {
        if first.is_none_or(|f| d.first_day() < f.first_day()) {
            first = Some(d);
        }
        if last.is_none_or(|l| d.last_day() > l.last_day()) {
            last = Some(d);
        }
    }
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
        ties,
        density: if pairs == 0 {
            0.0
        } else {
            ties as f64 / pairs as f64
        },
        components,
        component_sizes: sizes,
        isolated,
        first_date: first,
        last_date: last,
        layers: layer_counts(g),
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
            let (a, b) = (next(12) as usize, next(12) as usize);
            let kind = RelationKind::ALL[next(RelationKind::ALL.len() as u64) as usize];
            let magnitude = [0.0, 0.25, 0.5, 1.0][next(4) as usize];
            let weight = match kind.sign() {
                crate::model::Sign::Negative => -magnitude,
                crate::model::Sign::Positive => magnitude,
                crate::model::Sign::Either => magnitude - 0.5,
            };
            let mut r = Relation::new(ids[a].as_str(), ids[b].as_str(), kind, weight);
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
}
