//! One analysis run on each layer of relations, side by side (`blocs --each-layer`,
//! `balance --each-layer`): the multiplex view of a graph whose alliances, trade and diplomacy
//! need not draw the same camps (Kivelä et al., "Multilayer networks", *J. Complex Netw.* 2,
//! 2014, § 2: a multiplex network read layer by layer). Each layer is read as `--layer L`
//! reads it ([`crate::model::Reading`]), with the graph's combination rule; layers without a
//! relation are left out. docs/analysis/layers.md shows it on the shipped graph.

use crate::model::{ActorGraph, ActorId, Reading, Snapshot};
use serde::Serialize;
use std::collections::BTreeSet;

/// One layer's run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayerRun<T> {
    pub layer: String,
    /// Relations of the layer read.
    pub relations: usize,
    /// Pairs with a non-zero net tie on the layer.
    pub ties: usize,
    /// The actors with at least one net tie on the layer, sorted.
    pub tied: Vec<ActorId>,
    pub result: T,
}

/// An analysis on each layer, in the graph's order of layers ([`crate::model::LayerMap`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EachLayer<T> {
    /// The graph's name.
    pub graph: String,
    pub layers: Vec<LayerRun<T>>,
}

impl<T> EachLayer<T> {
    /// Every actor tied on some layer, sorted.
    pub fn actors(&self) -> Vec<&ActorId> {
        let all: BTreeSet<&ActorId> = self.layers.iter().flat_map(|l| &l.tied).collect();
        all.into_iter().collect()
    }
}

/// Runs `analysis` on each layer of `g` that has a relation, on `g` read with that layer
/// only.
pub fn each_layer<T>(g: &ActorGraph, analysis: impl Fn(&ActorGraph) -> T) -> EachLayer<T> {
    let mut layers = Vec::new();
    for layer in g.layers.layers() {
        let mut one = g.clone();
        Reading {
            combine: g.combine,
            layers: Some(vec![layer.to_string()]),
            collapse: false,
        }
        .apply(&mut one);
        let s = Snapshot::new(&one);
        if one.relation_count() == 0 && s.tie_count() == 0 {
            continue;
        }
        let mut tied: BTreeSet<&ActorId> = BTreeSet::new();
        for (u, v, _) in s.ties() {
            tied.insert(&s.ids[u]);
            tied.insert(&s.ids[v]);
        }
        let tied: Vec<ActorId> = tied.into_iter().cloned().collect();
        let ties = s.tie_count();
        layers.push(LayerRun {
            layer: layer.to_string(),
            relations: one.relation_count(),
            ties,
            tied,
            result: analysis(&one),
        });
    }
    EachLayer {
        graph: g.name.clone(),
        layers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::blocs::{BlocOptions, detect_blocs};
    use crate::model::{Actor, ActorKind, Relation, RelationKind};

    #[test]
    fn each_layer_is_read_alone_and_empty_layers_are_left_out() {
        use RelationKind::*;
        let mut g = ActorGraph::new("t");
        for id in ["A", "B", "C", "D"] {
            g.add_actor(Actor::new(id, id, ActorKind::State)).unwrap();
        }
        for (a, b, k, w) in [
            ("A", "B", Alliance, 0.8),
            ("A", "C", Hostility, -0.6),
            ("A", "C", Trade, 0.5),
            ("C", "D", Trade, 0.4),
        ] {
            g.add_relation(Relation::new(a, b, k, w)).unwrap();
        }
        let r = each_layer(&g, |one| detect_blocs(one, &BlocOptions::default()));
        let names: Vec<&str> = r.layers.iter().map(|l| l.layer.as_str()).collect();
        assert_eq!(names, ["security", "economic"]);
        let security = &r.layers[0];
        assert_eq!((security.relations, security.ties), (2, 2));
        assert_eq!(security.tied, [ActorId::new("A"), "B".into(), "C".into()]);
        // On the economic layer A and C trade: together; on the security layer, apart.
        let together = |l: &LayerRun<crate::analysis::blocs::BlocResult>| {
            l.result.bloc_of(&"A".into()) == l.result.bloc_of(&"C".into())
        };
        assert!(!together(&r.layers[0]));
        assert!(together(&r.layers[1]));
        assert_eq!(r.actors().len(), 4);
    }
}
