//! Influence on chosen targets compared ([`crate::analysis::influence`]): the actors whose
//! strongest influence path into the target got stronger, weaker, appeared or vanished.

use crate::analysis::influence::{InfluenceOptions, influence_on};
use crate::model::{ActorGraph, ActorId};
use serde::Serialize;
use std::collections::HashMap;

/// One actor's influence over a target before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InfluenceChange {
    pub actor: ActorId,
    pub name: String,
    /// Strength of its strongest allied path into the target (`None`: no path).
    pub before: Option<f64>,
    pub after: Option<f64>,
    /// Its strongest path before and after (empty: none).
    pub path_before: Vec<ActorId>,
    pub path_after: Vec<ActorId>,
}

/// Influence over one target compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InfluenceDiff {
    pub target: ActorId,
    /// Why the target could not be analysed in one graph (it is not there).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<String>,
    /// The top influencers after, strongest first.
    pub top_after: Vec<(ActorId, f64)>,
    /// Actors whose influence changed, largest change first (up to `top`).
    pub changes: Vec<InfluenceChange>,
}

pub(super) fn influence_diff(
    before: &ActorGraph,
    after: &ActorGraph,
    target: &ActorId,
    top: usize,
) -> InfluenceDiff {
    // The target's own members (`part_of` it) are not influences on it (as in the report).
    let opts = InfluenceOptions {
        exclude_own: true,
        ..InfluenceOptions::default()
    };
    let (b, a) = (
        influence_on(before, target, &opts),
        influence_on(after, target, &opts),
    );
    let missing = match (&b, &a) {
        (Err(e), _) => Some(format!("before: {e}")),
        (_, Err(e)) => Some(format!("after: {e}")),
        _ => None,
    };
    let (Ok(b), Ok(a)) = (b, a) else {
        return InfluenceDiff {
            target: target.clone(),
            missing,
            top_after: Vec::new(),
            changes: Vec::new(),
        };
    };
    let by_actor = |r: &crate::analysis::influence::InfluenceResult| {
        r.ranking
            .iter()
            .map(|i| (i.actor.clone(), (i.strength, i.path.clone())))
            .collect::<HashMap<ActorId, (f64, Vec<ActorId>)>>()
    };
    let (mb, ma) = (by_actor(&b), by_actor(&a));
    let mut changes: Vec<InfluenceChange> = before
        .actors()
        .chain(after.actors().filter(|x| !before.contains(&x.id)))
        .filter(|x| &x.id != target)
        .filter_map(|x| {
            let (pb, pa) = (mb.get(&x.id), ma.get(&x.id));
            let (sb, sa) = (pb.map(|p| p.0), pa.map(|p| p.0));
            let same = match (sb, sa) {
                (Some(u), Some(v)) => (u - v).abs() < 1e-12,
                (None, None) => true,
                _ => false,
            };
            (!same).then(|| InfluenceChange {
                actor: x.id.clone(),
                name: x.name.clone(),
                before: sb,
                after: sa,
                path_before: pb.map(|p| p.1.clone()).unwrap_or_default(),
                path_after: pa.map(|p| p.1.clone()).unwrap_or_default(),
            })
        })
        .collect();
    changes.sort_by(|x, y| {
        let d = |c: &InfluenceChange| (c.after.unwrap_or(0.0) - c.before.unwrap_or(0.0)).abs();
        d(y).total_cmp(&d(x)).then_with(|| x.actor.cmp(&y.actor))
    });
    changes.truncate(top);
    InfluenceDiff {
        target: target.clone(),
        missing,
        top_after: a
            .ranking
            .iter()
            .take(top.min(5))
            .map(|i| (i.actor.clone(), i.strength))
            .collect(),
        changes,
    }
}
