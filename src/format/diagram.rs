//! The diagram spec: everything a diagram shows, decided once and handed to every writer —
//! the actors and relations drawn, how they are grouped (clusters, each a label and its
//! members), what is highlighted (a path: its actors and the ties along it), the title, the
//! layout engine and whether to draw edge labels and a legend.
//!
//! Writers ([`super::dot`], the built-in SVG drawing in [`super::svg`]) only draw a
//! [`Diagram`]; they never filter a graph or run an analysis. [`crate::diagram`] builds the
//! spec from a graph, the user's request and analysis results (blocs for clusters, the
//! strongest path for the highlight).

use crate::model::{ActorId, Relation, RelationKind};
use std::collections::BTreeSet;

/// The Graphviz layout engine named in the output (`layout=` graph attribute).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// Layered (hierarchical). Supports clusters.
    Dot,
    /// Spring model (stress majorisation). Ignores clusters.
    Neato,
    /// Force-directed, with cluster support. Allied ties pull, hostile ones push apart.
    #[default]
    Fdp,
    /// Multiscale force-directed, for large graphs. Ignores clusters.
    Sfdp,
}

impl Layout {
    pub const ALL: &'static [Layout] = &[Layout::Dot, Layout::Neato, Layout::Fdp, Layout::Sfdp];

    pub fn name(self) -> &'static str {
        match self {
            Layout::Dot => "dot",
            Layout::Neato => "neato",
            Layout::Fdp => "fdp",
            Layout::Sfdp => "sfdp",
        }
    }

    /// True when the engine draws `subgraph cluster_*` as boxes.
    pub fn supports_clusters(self) -> bool {
        matches!(self, Layout::Dot | Layout::Fdp)
    }
}

/// Everything a diagram shows, decided once for every writer (DOT in [`super::dot`], the
/// built-in SVG drawing in [`super::svg`]).
#[derive(Debug, Clone)]
pub struct Diagram<'g> {
    /// Drawn actors, in graph order.
    pub actors: Vec<&'g crate::model::Actor>,
    /// Drawn relations, in graph order.
    pub relations: Vec<&'g Relation>,
    pub clusters: Vec<Cluster>,
    /// The highlighted path, when one was asked for.
    pub path: Option<HighlightedPath>,
    /// The title ("" for none).
    pub title: String,
    pub graph_name: String,
    pub layout: Layout,
    pub edge_labels: bool,
    pub legend: bool,
}

impl Diagram<'_> {
    /// True when `r` carries a hop of the highlighted path.
    pub fn on_path(&self, r: &Relation) -> bool {
        self.path
            .as_ref()
            .is_some_and(|p| p.hops.iter().any(|h| h.carried_by(r)))
    }

    /// True when actor `id` is on the highlighted path.
    pub fn actor_on_path(&self, id: &ActorId) -> bool {
        self.path.as_ref().is_some_and(|p| p.actors.contains(id))
    }
}

/// A named group of actors drawn as a cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    pub label: String,
    pub members: BTreeSet<ActorId>,
}

/// A highlighted path: its actors in order and the tie of each hop.
#[derive(Debug, Clone, PartialEq)]
pub struct HighlightedPath {
    pub actors: Vec<ActorId>,
    pub hops: Vec<HighlightedHop>,
}

/// One hop of a highlighted path: the tie from `from` to `to` of this kind.
#[derive(Debug, Clone, PartialEq)]
pub struct HighlightedHop {
    pub from: ActorId,
    pub to: ActorId,
    pub kind: RelationKind,
}

impl HighlightedHop {
    /// True when `r` is the relation that carries this hop (the tie's representative).
    pub fn carried_by(&self, r: &Relation) -> bool {
        let h = self;
        let same = r.from == h.from && r.to == h.to;
        let reversed = !r.directed && r.from == h.to && r.to == h.from;
        r.kind == h.kind && (same || reversed)
    }
}
