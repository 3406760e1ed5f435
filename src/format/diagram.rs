//! The diagram spec: everything a diagram shows, decided once and handed to every writer —
//! the actors and relations drawn, the edges that draw them (by default one per actor pair,
//! its relations merged into their net tie; or one per relation), how actors are grouped
//! (clusters, each a label and its members), what is highlighted (a path: its actors and the
//! ties along it), where each actor sits (for the default layout, computed once so that
//! every engine draws the same picture), the title, the layout engine and whether to draw
//! edge labels and a legend.
//!
//! Writers ([`super::dot`], the built-in SVG drawing in [`super::svg`]) only draw a
//! [`Diagram`]; they never filter a graph or run an analysis. [`crate::diagram`] builds the
//! spec from a graph, the user's request and analysis results (blocs for clusters, the
//! strongest path for the highlight).

use crate::model::{ActorId, Confidence, Relation, RelationKind};
use std::collections::BTreeSet;

/// How actors are placed: entente's own layout, or a Graphviz engine named in the output
/// (`layout=` graph attribute).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// entente's own deterministic layout (stress majorization, see [`super::svg`]): the
    /// positions are computed once and written into the DOT as pinned `pos` for Graphviz's
    /// `neato`, which then only routes the edges and draws the clusters, so both engines
    /// draw the same picture and the same input always gives the same file. The default:
    /// Graphviz's own `fdp` places nodes differently from run to run.
    #[default]
    Stress,
    /// Layered (hierarchical). Supports clusters.
    Dot,
    /// Spring model (stress majorisation). Ignores clusters.
    Neato,
    /// Force-directed, with cluster support. Allied ties pull, hostile ones push apart.
    /// Graphviz 2.43's fdp is not deterministic: each run may place nodes differently.
    Fdp,
    /// Multiscale force-directed, for large graphs. Ignores clusters.
    Sfdp,
}

impl Layout {
    pub const ALL: &'static [Layout] = &[
        Layout::Stress,
        Layout::Dot,
        Layout::Neato,
        Layout::Fdp,
        Layout::Sfdp,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Layout::Stress => "stress",
            Layout::Dot => "dot",
            Layout::Neato => "neato",
            Layout::Fdp => "fdp",
            Layout::Sfdp => "sfdp",
        }
    }

    /// The Graphviz engine that draws it (`neato` draws the pinned positions of
    /// [`Layout::Stress`]).
    pub fn engine(self) -> &'static str {
        match self {
            Layout::Stress => "neato",
            other => other.name(),
        }
    }

    /// True when the engine draws `subgraph cluster_*` as boxes.
    pub fn supports_clusters(self) -> bool {
        matches!(self, Layout::Stress | Layout::Dot | Layout::Fdp)
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
    /// The lines drawn for them: one per actor pair (merged) or one per relation.
    pub edges: Vec<Edge<'g>>,
    /// True when each edge is an actor pair's relations merged into their net tie.
    pub merged: bool,
    /// Where each actor's box sits, in `actors` order, for [`Layout::Stress`] (empty for
    /// the Graphviz layouts).
    pub positions: Vec<Placement>,
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

/// An actor's box: centre and half sizes in points, y downwards.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    pub x: f64,
    pub y: f64,
    pub hw: f64,
    pub hh: f64,
}

/// The box drawn around a cluster's members, `(x0, y0, x1, y1)`: 12 points around them and
/// 26 above for the label (`None` without members).
pub fn cluster_box<'a>(
    members: impl IntoIterator<Item = &'a Placement>,
) -> Option<(f64, f64, f64, f64)> {
    let mut b: Option<(f64, f64, f64, f64)> = None;
    for p in members {
        let (x0, y0, x1, y1) = (p.x - p.hw, p.y - p.hh, p.x + p.hw, p.y + p.hh);
        b = Some(match b {
            None => (x0, y0, x1, y1),
            Some(o) => (o.0.min(x0), o.1.min(y0), o.2.max(x1), o.3.max(y1)),
        });
    }
    b.map(|(x0, y0, x1, y1)| (x0 - 12.0, y0 - 26.0, x1 + 12.0, y1 + 12.0))
}

/// How an edge ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrow {
    /// Mutual (or mixed): no arrowhead.
    None,
    /// Every relation runs `from` → `to`.
    Forward,
    /// Directed relations run both ways, none mutual.
    Both,
}

/// One line of the drawing: the relations it stands for, between two actors.
#[derive(Debug, Clone)]
pub struct Edge<'g> {
    pub from: ActorId,
    pub to: ActorId,
    /// The relations drawn by this line, in graph order (one unless merged).
    pub relations: Vec<&'g Relation>,
    /// Their net weight: the sum clamped to [-1, 1], as analyses combine them.
    pub weight: f64,
    pub arrow: Arrow,
    /// The confidence of the strongest relation (largest |weight|, first in graph order).
    pub confidence: Confidence,
    /// True when it carries a hop of the highlighted path.
    pub on_path: bool,
}

impl Edge<'_> {
    /// Hover text: the net tie when merged, then each relation with its note.
    pub fn tooltip(&self) -> String {
        let mut lines = Vec::new();
        if self.relations.len() > 1 {
            lines.push(format!(
                "{} – {}: net {} ({} relations)",
                self.from,
                self.to,
                crate::numfmt::num(self.weight, 2),
                self.relations.len()
            ));
        }
        for r in &self.relations {
            lines.push(format!(
                "{} {} {}: {} {} ({})",
                r.from,
                if r.directed { "→" } else { "–" },
                r.to,
                r.kind,
                crate::numfmt::num(r.weight, 2),
                r.confidence
            ));
            if let Some(n) = r.note() {
                lines.push(n.to_string());
            }
        }
        lines.join("\n")
    }

    /// The edge label (`--edge-labels`): the kind of one relation, or each merged relation
    /// with its weight, one per line.
    pub fn label(&self) -> String {
        match self.relations.as_slice() {
            [one] => one.kind.kebab_name().to_string(),
            many => many
                .iter()
                .map(|r| {
                    format!(
                        "{} {}",
                        r.kind.kebab_name(),
                        crate::numfmt::num(r.weight, 2)
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
        }
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
