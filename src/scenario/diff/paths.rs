//! Paths between chosen pairs compared
//! ([`crate::analysis::paths::strongest_paths`]): the strongest influence path before and
//! after.

use crate::analysis::paths::{PathOptions, strongest_paths};
use crate::model::{ActorGraph, ActorId, RelationKind};
use serde::Serialize;

/// One side of a path comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathSide {
    /// The actors along the strongest path, empty when there is none.
    pub actors: Vec<ActorId>,
    pub strength: Option<f64>,
    /// The relation kinds along it.
    #[serde(serialize_with = "crate::model::types::kebab_list")]
    pub kinds: Vec<RelationKind>,
    /// Why there is no path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub none: Option<String>,
}

/// The strongest influence path between two actors before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathDiff {
    pub from: ActorId,
    pub to: ActorId,
    pub before: PathSide,
    pub after: PathSide,
}

pub(super) fn path_side(g: &ActorGraph, from: &ActorId, to: &ActorId) -> PathSide {
    match strongest_paths(g, from, to, &PathOptions::default()) {
        Ok(r) => match r.paths.first() {
            Some(p) => PathSide {
                actors: p.actors.clone(),
                strength: Some(p.strength),
                kinds: p.hops.iter().map(|h| h.kind).collect(),
                none: None,
            },
            None => PathSide {
                actors: Vec::new(),
                strength: None,
                kinds: Vec::new(),
                none: Some("no path".into()),
            },
        },
        Err(e) => PathSide {
            actors: Vec::new(),
            strength: None,
            kinds: Vec::new(),
            none: Some(e.to_string()),
        },
    }
}
