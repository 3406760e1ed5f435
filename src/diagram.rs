//! Diagrams: from a graph and a request ([`DotOptions`]) to the spec every writer draws
//! ([`Diagram`], defined beside the writers in [`crate::format::diagram`]). The request's
//! filters and ego-network focus pick what is drawn; clusters group it by actor kind, region
//! or bloc (as [`detect_blocs`] finds them on the whole graph); a highlighted path is the
//! strongest influence path among the drawn relations ([`strongest_paths`]). `entente dot`,
//! `entente render` and `report --out-dir` build their diagrams here, so the writers
//! ([`crate::format::dot`], [`crate::format::svg`]) never run an analysis.

use crate::analysis::blocs::{BlocOptions, detect_blocs};
use crate::analysis::paths::{InfluencePath, PathOptions, strongest_paths};
pub use crate::format::diagram::{
    Arrow, Cluster, Diagram, Edge, HighlightedHop, HighlightedPath, Layout,
};
use crate::format::dot::write_dot;
use crate::model::{ActorGraph, ActorId, ActorKind, Relation, RelationKind};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt;

/// How to group actors into clusters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClusterBy {
    /// One cluster per actor kind.
    Kind,
    /// One cluster per `region`; actors without a region stay outside clusters.
    Region,
    /// One cluster per bloc of two or more actors, as
    /// [`crate::analysis::blocs::detect_blocs`] finds them on the whole graph.
    Bloc,
}

/// Show only the actors within `depth` ties of `actor` (direction ignored), and the relations
/// among them.
#[derive(Debug, Clone, PartialEq)]
pub struct Focus {
    pub actor: ActorId,
    pub depth: usize,
}

/// What to draw and how.
#[derive(Debug, Clone, PartialEq)]
pub struct DotOptions {
    pub layout: Layout,
    pub cluster_by: Option<ClusterBy>,
    pub focus: Option<Focus>,
    /// Draw the strongest influence path from the first actor to the second in bold.
    pub highlight_path: Option<(ActorId, ActorId)>,
    /// Seed of bloc detection (with [`ClusterBy::Bloc`]).
    pub seed: u64,
    /// Leave out relations with |weight| below this.
    pub min_weight: f64,
    /// Keep only relations of these kinds (all when `None`).
    pub relation_kinds: Option<BTreeSet<RelationKind>>,
    /// Keep only actors of these kinds (all when `None`).
    pub actor_kinds: Option<BTreeSet<ActorKind>>,
    /// Label each edge with its relation kind (each merged relation with its weight).
    pub edge_labels: bool,
    /// Draw one edge per relation instead of one per actor pair.
    pub each_relation: bool,
    pub legend: bool,
    /// Graph title drawn at the top; `None` uses the graph's name.
    pub title: Option<String>,
}

impl Default for DotOptions {
    fn default() -> Self {
        DotOptions {
            layout: Layout::default(),
            cluster_by: Some(ClusterBy::Bloc),
            focus: None,
            highlight_path: None,
            seed: 1,
            min_weight: 0.0,
            relation_kinds: None,
            actor_kinds: None,
            edge_labels: false,
            each_relation: false,
            legend: true,
            title: None,
        }
    }
}

/// Why a diagram could not be drawn.
#[derive(Debug, Clone, PartialEq)]
pub enum DotError {
    /// An option names an actor the graph does not have; `suggestion` is a close id.
    UnknownActor {
        option: &'static str,
        id: ActorId,
        suggestion: Option<String>,
    },
    /// `highlight_path` found no path among the drawn relations; the text says why.
    NoPath(String),
}

impl fmt::Display for DotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DotError::UnknownActor {
                option,
                id,
                suggestion,
            } => {
                write!(f, "{option}: no actor `{id}`")?;
                if let Some(s) = suggestion {
                    write!(f, " (did you mean `{s}`?)")?;
                }
                Ok(())
            }
            DotError::NoPath(why) => write!(f, "--highlight-path: {why}"),
        }
    }
}

impl std::error::Error for DotError {}

/// What is drawn after filters and focus: actors and relations in graph order.
struct Selection<'g> {
    actors: Vec<&'g crate::model::Actor>,
    relations: Vec<&'g Relation>,
}

/// Applies filters, focus, clustering and the path search of `opts` to `g`.
pub fn prepare<'g>(g: &'g ActorGraph, opts: &DotOptions) -> Result<Diagram<'g>, DotError> {
    prepare_with_progress(g, opts, &mut |_| {})
}

/// [`prepare`], telling `progress` where the default layout is. A diagram of more than
/// [`crate::format::svg::MAX_ACTORS`] actors is left unpinned (its layout is quadratic):
/// its DOT is still written, and the built-in engine refuses to draw it.
pub fn prepare_with_progress<'g>(
    g: &'g ActorGraph,
    opts: &DotOptions,
    progress: &mut dyn FnMut(crate::format::svg::LayoutProgress),
) -> Result<Diagram<'g>, DotError> {
    let sel = select(g, opts)?;
    let path = highlighted(g, &sel, &opts.highlight_path)?;
    let clusters = match opts.cluster_by {
        Some(by) => clusters(g, &sel, by, opts.seed),
        None => Vec::new(),
    };
    let edges = edges(&sel.relations, path.as_ref(), !opts.each_relation);
    let mut d = Diagram {
        actors: sel.actors,
        relations: sel.relations,
        edges,
        merged: !opts.each_relation,
        positions: Vec::new(),
        clusters,
        path,
        title: opts.title.clone().unwrap_or_else(|| g.name.clone()),
        graph_name: g.name.clone(),
        layout: opts.layout,
        edge_labels: opts.edge_labels,
        legend: opts.legend,
    };
    if opts.layout == Layout::Stress && d.actors.len() <= crate::format::svg::MAX_ACTORS {
        d.positions = crate::format::svg::positions_with_progress(&d, progress);
    }
    Ok(d)
}

/// The lines to draw: with `merge`, one per actor pair (in the order of the pair's first
/// relation), else one per relation.
fn edges<'g>(
    relations: &[&'g Relation],
    path: Option<&HighlightedPath>,
    merge: bool,
) -> Vec<Edge<'g>> {
    let mut groups: Vec<Vec<&'g Relation>> = Vec::new();
    if merge {
        let mut slot: BTreeMap<(&ActorId, &ActorId), usize> = BTreeMap::new();
        for &r in relations {
            let key = if r.from <= r.to {
                (&r.from, &r.to)
            } else {
                (&r.to, &r.from)
            };
            let i = *slot.entry(key).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[i].push(r);
        }
    } else {
        groups = relations.iter().map(|&r| vec![r]).collect();
    }
    groups
        .into_iter()
        .map(|rels| {
            let first = rels[0];
            let (from, to) = (first.from.clone(), first.to.clone());
            let arrow = if rels.iter().any(|r| !r.directed) {
                Arrow::None
            } else if rels.iter().all(|r| r.from == from) {
                Arrow::Forward
            } else {
                Arrow::Both
            };
            // The strongest relation, first in graph order among equals.
            let strongest = rels.iter().fold(first, |best, &r| {
                if r.weight.abs() > best.weight.abs() {
                    r
                } else {
                    best
                }
            });
            let sum: f64 = rels.iter().map(|r| r.weight).sum();
            let on_path =
                path.is_some_and(|p| rels.iter().any(|r| p.hops.iter().any(|h| h.carried_by(r))));
            Edge {
                from,
                to,
                weight: crate::model::round_weight(sum).clamp(-1.0, 1.0),
                arrow,
                confidence: strongest.confidence,
                on_path,
                relations: rels,
            }
        })
        .collect()
}

fn unknown(g: &ActorGraph, option: &'static str, id: &ActorId) -> DotError {
    DotError::UnknownActor {
        option,
        id: id.clone(),
        suggestion: crate::diagnostic::suggest(id.as_str(), g.actors().map(|a| a.id.as_str()))
            .map(str::to_string),
    }
}

fn select<'g>(g: &'g ActorGraph, opts: &DotOptions) -> Result<Selection<'g>, DotError> {
    let keep_actor = |k: ActorKind| opts.actor_kinds.as_ref().is_none_or(|s| s.contains(&k));
    let actor_ok: BTreeSet<&ActorId> = g
        .actors()
        .filter(|a| keep_actor(a.kind))
        .map(|a| &a.id)
        .collect();
    let mut relations: Vec<&Relation> = g
        .relations()
        .filter(|r| r.weight.abs() >= opts.min_weight)
        .filter(|r| {
            opts.relation_kinds
                .as_ref()
                .is_none_or(|s| s.contains(&r.kind))
        })
        .filter(|r| actor_ok.contains(&r.from) && actor_ok.contains(&r.to))
        .collect();
    let mut actors: Vec<&crate::model::Actor> =
        g.actors().filter(|a| actor_ok.contains(&a.id)).collect();
    if let Some(f) = &opts.focus {
        if !g.contains(&f.actor) {
            return Err(unknown(g, "--focus", &f.actor));
        }
        // Breadth-first over the drawn relations, direction ignored.
        let mut adj: BTreeMap<&ActorId, Vec<&ActorId>> = BTreeMap::new();
        for r in &relations {
            adj.entry(&r.from).or_default().push(&r.to);
            adj.entry(&r.to).or_default().push(&r.from);
        }
        let mut dist: BTreeMap<&ActorId, usize> = BTreeMap::new();
        let mut queue = VecDeque::new();
        dist.insert(&f.actor, 0);
        queue.push_back(&f.actor);
        while let Some(u) = queue.pop_front() {
            let d = dist[u];
            if d == f.depth {
                continue;
            }
            for &v in adj.get(u).map(Vec::as_slice).unwrap_or(&[]) {
                if !dist.contains_key(v) {
                    dist.insert(v, d + 1);
                    queue.push_back(v);
                }
            }
        }
        actors.retain(|a| dist.contains_key(&a.id));
        relations.retain(|r| dist.contains_key(&r.from) && dist.contains_key(&r.to));
    }
    Ok(Selection { actors, relations })
}

fn clusters(g: &ActorGraph, sel: &Selection, by: ClusterBy, seed: u64) -> Vec<Cluster> {
    let mut groups: BTreeMap<String, BTreeSet<ActorId>> = BTreeMap::new();
    match by {
        ClusterBy::Kind => {
            // In the vocabulary's order, not alphabetical.
            let mut by_kind: BTreeMap<ActorKind, BTreeSet<ActorId>> = BTreeMap::new();
            for a in &sel.actors {
                by_kind.entry(a.kind).or_default().insert(a.id.clone());
            }
            return by_kind
                .into_iter()
                .map(|(k, members)| Cluster {
                    label: k.kebab_name().to_string(),
                    members,
                })
                .collect();
        }
        ClusterBy::Bloc => {
            let opts = BlocOptions {
                seed,
                ..BlocOptions::default()
            };
            let drawn: BTreeSet<&ActorId> = sel.actors.iter().map(|a| &a.id).collect();
            return detect_blocs(g, &opts)
                .blocs
                .into_iter()
                .map(|b| Cluster {
                    label: format!("bloc {}", b.id), // numbered as in the tables
                    members: b
                        .members
                        .into_iter()
                        .filter(|m| drawn.contains(m))
                        .collect(),
                })
                .filter(|c| c.members.len() > 1)
                .collect();
        }
        ClusterBy::Region => {
            for a in &sel.actors {
                if let Some(r) = &a.region {
                    groups.entry(r.clone()).or_default().insert(a.id.clone());
                }
            }
        }
    }
    groups
        .into_iter()
        .map(|(label, members)| Cluster { label, members })
        .collect()
}

/// The strongest influence path between two actors among the drawn relations (so that it is
/// visible), as [`crate::analysis::paths::strongest_paths`] finds it with its default
/// options (allied ties only).
fn highlighted(
    g: &ActorGraph,
    sel: &Selection,
    path: &Option<(ActorId, ActorId)>,
) -> Result<Option<HighlightedPath>, DotError> {
    let Some((from, to)) = path else {
        return Ok(None);
    };
    for id in [from, to] {
        if !g.contains(id) {
            return Err(unknown(g, "--highlight-path", id));
        }
        if !sel.actors.iter().any(|a| &a.id == id) {
            return Err(DotError::NoPath(format!(
                "`{id}` is not drawn (left out by --focus or --actor-kinds)"
            )));
        }
    }
    let mut shown = ActorGraph::new(g.name.clone());
    shown.combine = g.combine;
    for a in &sel.actors {
        shown
            .add_actor((*a).clone())
            .expect("actors of a valid graph");
    }
    for r in &sel.relations {
        shown.push_relation_unchecked((*r).clone());
    }
    let found = strongest_paths(&shown, from, to, &PathOptions::default())
        .map_err(|e| DotError::NoPath(e.to_string()))?;
    Ok(found.paths.into_iter().next().map(highlight))
}

/// What the writers need of an influence path: its actors and the tie of each hop.
fn highlight(p: InfluencePath) -> HighlightedPath {
    HighlightedPath {
        actors: p.actors,
        hops: p
            .hops
            .into_iter()
            .map(|h| HighlightedHop {
                from: h.from,
                to: h.to,
                kind: h.kind,
            })
            .collect(),
    }
}

/// Writes a graph as DOT: [`prepare`], then [`write_dot`].
pub fn to_dot(g: &ActorGraph, opts: &DotOptions) -> Result<String, DotError> {
    Ok(write_dot(&prepare(g, opts)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::dot::{ALLIED_COLOR, HIGHLIGHT_COLOR, HOSTILE_COLOR};
    use crate::model::{Actor, Confidence, Relation};

    fn sample() -> ActorGraph {
        let mut g = ActorGraph::new("t");
        g.add_actor(Actor::new("A", "Alpha", ActorKind::State))
            .unwrap();
        g.add_actor(Actor::new("B", "Beta", ActorKind::Company))
            .unwrap();
        g.add_actor(Actor::new("C", "Gamma", ActorKind::ArmedGroup))
            .unwrap();
        g.add_actor(Actor::new("D", "Delta", ActorKind::State))
            .unwrap();
        g.add_relation(
            Relation::new("A", "B", RelationKind::Alliance, 0.9)
                .with_confidence(Confidence::Confirmed),
        )
        .unwrap();
        g.add_relation(
            Relation::new("B", "C", RelationKind::ArmsSupply, 0.4)
                .directed()
                .with_confidence(Confidence::PossiblyTrue),
        )
        .unwrap();
        g.add_relation(Relation::new("C", "D", RelationKind::Hostility, -0.7))
            .unwrap();
        g
    }

    fn edge_lines(dot: &str) -> Vec<&str> {
        dot.lines()
            .filter(|l| l.contains(" -> ") && !l.contains("legend"))
            .collect()
    }

    #[test]
    fn edges_carry_sign_width_confidence_and_direction() {
        let dot = to_dot(&sample(), &DotOptions::default()).unwrap();
        let e = edge_lines(&dot);
        assert_eq!(e.len(), 3);
        assert!(e[0].contains(ALLIED_COLOR) && e[0].contains("penwidth=3.2"));
        assert!(e[0].contains("style=solid") && e[0].contains("dir=none"));
        assert!(e[1].contains("style=dashed") && e[1].contains("dir=forward"));
        assert!(e[2].contains(HOSTILE_COLOR) && e[2].contains("style=dotted"));
        assert!(dot.contains("shape=component"));
        assert!(dot.contains("\"entente legend\" [shape=plaintext"));
    }

    #[test]
    fn filters_focus_and_min_weight() {
        let g = sample();
        let opts = DotOptions {
            min_weight: 0.5,
            ..DotOptions::default()
        };
        assert_eq!(edge_lines(&to_dot(&g, &opts).unwrap()).len(), 2);
        let opts = DotOptions {
            focus: Some(Focus {
                actor: "A".into(),
                depth: 1,
            }),
            ..DotOptions::default()
        };
        let dot = to_dot(&g, &opts).unwrap();
        assert!(dot.contains("\"B\" [label"));
        assert!(!dot.contains("\"C\" [label"));
        assert_eq!(edge_lines(&dot).len(), 1);
        let opts = DotOptions {
            focus: Some(Focus {
                actor: "X".into(),
                depth: 1,
            }),
            ..DotOptions::default()
        };
        assert!(matches!(
            to_dot(&g, &opts),
            Err(DotError::UnknownActor { .. })
        ));
        let opts = DotOptions {
            relation_kinds: Some([RelationKind::Hostility].into()),
            ..DotOptions::default()
        };
        assert_eq!(edge_lines(&to_dot(&g, &opts).unwrap()).len(), 1);
    }

    #[test]
    fn clusters_by_kind_group_members() {
        let opts = DotOptions {
            cluster_by: Some(ClusterBy::Kind),
            ..DotOptions::default()
        };
        let dot = to_dot(&sample(), &opts).unwrap();
        let start = dot.find("label=\"state\"; style").unwrap();
        let block = &dot[start..start + dot[start..].find("  }").unwrap()];
        assert!(block.contains("\"A\" [") && block.contains("\"D\" ["));
        assert!(!block.contains("\"B\" ["));
    }

    #[test]
    fn highlight_path_draws_the_strongest_path_bold() {
        let opts = DotOptions {
            highlight_path: Some(("A".into(), "C".into())),
            ..DotOptions::default()
        };
        let dot = to_dot(&sample(), &opts).unwrap();
        let e = edge_lines(&dot);
        assert!(e[0].contains(HIGHLIGHT_COLOR) && e[1].contains(HIGHLIGHT_COLOR));
        assert!(!e[2].contains(HIGHLIGHT_COLOR));
        assert!(dot.contains("strongest path"));
        // B → C is directed: nothing carries influence from C back to A.
        let back = DotOptions {
            highlight_path: Some(("C".into(), "A".into())),
            ..DotOptions::default()
        };
        assert!(matches!(to_dot(&sample(), &back), Err(DotError::NoPath(_))));
        let unknown = DotOptions {
            highlight_path: Some(("A".into(), "Q".into())),
            ..DotOptions::default()
        };
        assert!(matches!(
            to_dot(&sample(), &unknown),
            Err(DotError::UnknownActor { .. })
        ));
    }

    #[test]
    fn output_is_deterministic() {
        let g = sample();
        let o = DotOptions::default();
        assert_eq!(to_dot(&g, &o).unwrap(), to_dot(&g, &o).unwrap());
    }
}
