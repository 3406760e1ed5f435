//! Influence paths: the strongest chains of relations by which one actor reaches another.
//!
//! Influence travels along [`Snapshot::out`]: a directed relation carries it `from → to`
//! only, a mutual one both ways; parallel relations between two actors are one net tie. A
//! path's **strength** is the product of its ties' |w|, its **sign** the product of their
//! signs ("the enemy of my enemy" is a positive path of two hostile ties). The strongest path
//! is the *most reliable path*: a shortest path for the length −ln|w|, found with Dijkstra
//! (1959). Ties of net weight 0 carry nothing; hostile ties carry influence only when
//! [`PathOptions::allow_hostile`] is set.
//!
//! The k strongest **simple** paths come from Yen's algorithm (J. Y. Yen, "Finding the k
//! shortest loopless paths in a network", *Management Science* 17(11), 1971), implemented
//! here because petgraph's `k_shortest_path` returns only costs. With a hop limit every
//! shortest-path search is a hop-layered Bellman–Ford (the best path of at most h hops is
//! not always a prefix of Dijkstra's tree). A path through a required actor (`via`) is a
//! best path to it joined to a best path from it: both halves are enumerated lazily in
//! order of strength and merged in order of the product, keeping joins that are simple.
//! See `docs/analysis/paths.md`.
//!
//! [`strongest_paths_in`] below turns ids into nodes and runs a `query` (plain, or through a
//! required actor) over a `network` of tie lengths; the query draws paths from `yen`, whose
//! shortest-path finds are the `search`es; when nothing is found, `explain` relaxes the query
//! to say why.

mod explain;
mod network;
mod query;
mod search;
#[cfg(test)]
mod tests;
mod yen;

use explain::explain_no_path;
pub(crate) use network::{Network, OrdF64, Path, heap_key};
use query::Query;
pub(crate) use search::Search;
pub(crate) use yen::Yen;

use crate::model::{ActorGraph, ActorId, Confidence, Flow, RelationKind, Snapshot};
use serde::Serialize;
use std::fmt;

/// What paths to look for.
#[derive(Debug, Clone, PartialEq)]
pub struct PathOptions {
    /// How many paths: the k strongest simple paths (at least 1).
    pub k: usize,
    /// Let hostile ties carry influence; each path then reports its sign.
    pub allow_hostile: bool,
    /// At most this many relations per path.
    pub max_hops: Option<usize>,
    /// Actors no path may pass through.
    pub avoid: Vec<ActorId>,
    /// An actor every path must pass through.
    pub via: Option<ActorId>,
}

impl Default for PathOptions {
    fn default() -> Self {
        PathOptions {
            k: 1,
            allow_hostile: false,
            max_hops: None,
            avoid: Vec::new(),
            via: None,
        }
    }
}

/// One relation along a path, explained from the tie's representative relation (the one
/// with the largest |weight| when several join the same actors).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hop {
    pub from: ActorId,
    pub to: ActorId,
    /// Kind of the representative relation.
    #[serde(serialize_with = "crate::model::types::kebab")]
    pub kind: RelationKind,
    /// Net weight of the tie in this direction: what the path's strength uses.
    pub weight: f64,
    /// Whether the representative relation is directed.
    pub directed: bool,
    #[serde(serialize_with = "crate::model::types::kebab")]
    pub confidence: Confidence,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Every relation the tie sums in this direction (directed `from` → `to`, or mutual),
    /// with its own weight, in graph order.
    pub relations: Vec<TieRelation>,
}

/// One relation of a tie, as its file states it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TieRelation {
    #[serde(serialize_with = "crate::model::types::kebab")]
    pub kind: RelationKind,
    pub weight: f64,
    pub directed: bool,
    #[serde(serialize_with = "crate::model::types::kebab")]
    pub confidence: Confidence,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A chain of relations from the source to the target.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InfluencePath {
    /// Actors in order, source first, target last.
    pub actors: Vec<ActorId>,
    /// Product of the ties' |w|, in (0, 1].
    pub strength: f64,
    /// Product of the ties' signs: 1 (allied) or −1 (hostile).
    pub sign: i8,
    pub hops: Vec<Hop>,
}

/// The k strongest paths, strongest first.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PathResult {
    pub from: ActorId,
    pub to: ActorId,
    /// The number of paths asked for; `paths` holds fewer when fewer exist.
    pub k: usize,
    pub allow_hostile: bool,
    pub paths: Vec<InfluencePath>,
}

/// Why no path was found.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum NoPath {
    /// An actor named in the query is not in the graph.
    UnknownActor { actor: ActorId },
    /// The source and the target are the same actor.
    SameActor { actor: ActorId },
    /// No chain of relations of any sign leads from `from` to `to`. `reverse` is true when
    /// one leads from `to` to `from` (directed relations run the other way).
    Disconnected {
        from: ActorId,
        to: ActorId,
        reverse: bool,
    },
    /// Every chain from `from` to `to` goes through a hostile tie.
    OnlyHostile { from: ActorId, to: ActorId },
    /// Paths exist, but none within the constraints. `reasons` names the constraints that
    /// block them (each alone, when one alone does).
    ConstraintsTooTight {
        from: ActorId,
        to: ActorId,
        reasons: Vec<String>,
    },
}

impl fmt::Display for NoPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoPath::UnknownActor { actor } => write!(f, "no actor `{actor}` in the graph"),
            NoPath::SameActor { actor } => {
                write!(f, "`{actor}` is both the source and the target")
            }
            NoPath::Disconnected { from, to, reverse } => {
                write!(f, "no chain of relations leads from `{from}` to `{to}`")?;
                if *reverse {
                    write!(
                        f,
                        " (one leads from `{to}` to `{from}`: directed relations run the other way)"
                    )?;
                }
                Ok(())
            }
            NoPath::OnlyHostile { from, to } => write!(
                f,
                "every chain from `{from}` to `{to}` goes through a hostile tie \
                 (allow hostile ties to see them)"
            ),
            NoPath::ConstraintsTooTight { from, to, reasons } => write!(
                f,
                "paths from `{from}` to `{to}` exist, but none within the constraints: {}",
                reasons.join("; ")
            ),
        }
    }
}

impl std::error::Error for NoPath {}

/// The k strongest simple influence paths from `from` to `to`, strongest first.
pub fn strongest_paths(
    g: &ActorGraph,
    from: &ActorId,
    to: &ActorId,
    opts: &PathOptions,
) -> Result<PathResult, NoPath> {
    strongest_paths_in(g, &Snapshot::new(g), from, to, opts)
}

/// [`strongest_paths`] on a snapshot already taken of `g` (for callers asking many times).
pub fn strongest_paths_in(
    g: &ActorGraph,
    s: &Snapshot,
    from: &ActorId,
    to: &ActorId,
    opts: &PathOptions,
) -> Result<PathResult, NoPath> {
    strongest_paths_progress(g, s, from, to, opts, None)
}

/// [`strongest_paths_in`], telling `progress` (paths found so far, k) after each path found:
/// with a large `k` on a large graph each path is a round of searches.
pub fn strongest_paths_progress(
    g: &ActorGraph,
    s: &Snapshot,
    from: &ActorId,
    to: &ActorId,
    opts: &PathOptions,
    progress: Option<&dyn Fn(usize, usize)>,
) -> Result<PathResult, NoPath> {
    let node = |id: &ActorId| {
        s.index_of(id)
            .ok_or_else(|| NoPath::UnknownActor { actor: id.clone() })
    };
    let source = node(from)?;
    let target = node(to)?;
    let mut avoid = Vec::with_capacity(opts.avoid.len());
    for a in &opts.avoid {
        avoid.push(node(a)?);
    }
    let via = opts.via.as_ref().map(node).transpose()?;
    if source == target {
        return Err(NoPath::SameActor {
            actor: from.clone(),
        });
    }
    let query = Query {
        source,
        target,
        k: opts.k.max(1),
        max_hops: opts.max_hops,
        avoid,
        via,
    };
    let net = Network::new(s, Flow::Out, opts.allow_hostile);
    let back = Network::new(s, Flow::Incoming, opts.allow_hostile);
    let found = query.run_with(&net, Some(&back), progress);
    if found.is_empty() {
        return Err(explain_no_path(s, &query, opts));
    }
    Ok(PathResult {
        from: from.clone(),
        to: to.clone(),
        k: query.k,
        allow_hostile: opts.allow_hostile,
        paths: found.iter().map(|p| describe(g, s, p)).collect(),
    })
}

fn describe(g: &ActorGraph, s: &Snapshot, p: &Path) -> InfluencePath {
    let mut strength = 1.0;
    let mut sign = 1i8;
    let mut hops = Vec::with_capacity(p.entries.len());
    for (i, &e) in p.entries.iter().enumerate() {
        let e = e as usize;
        let w = s.out.weights[e];
        strength *= w.abs();
        if w < 0.0 {
            sign = -sign;
        }
        let r = g
            .relation(s.out.relations[e])
            .expect("a snapshot's relations belong to its graph");
        let (from, to) = (
            s.ids[p.nodes[i] as usize].clone(),
            s.ids[p.nodes[i + 1] as usize].clone(),
        );
        // Every relation combined into this tie, in edge order.
        let relations: Vec<TieRelation> = s
            .out
            .relations_of_entry(e)
            .into_iter()
            .filter_map(|rel| g.relation(rel))
            .map(|x| TieRelation {
                kind: x.kind,
                weight: x.weight,
                directed: x.directed,
                confidence: x.confidence,
                note: x.note().map(str::to_string),
            })
            .collect();
        hops.push(Hop {
            from,
            to,
            kind: r.kind,
            weight: w,
            directed: r.directed,
            confidence: r.confidence,
            note: r.note().map(str::to_string),
            relations,
        });
    }
    InfluencePath {
        actors: p.nodes.iter().map(|&n| s.ids[n as usize].clone()).collect(),
        strength,
        sign,
        hops,
    }
}
