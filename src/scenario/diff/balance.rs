//! Structural balance compared ([`crate::analysis::balance`]): the strictly unbalanced
//! triads (++− and −−−, Cartwright & Harary 1956) that appear or are resolved, and the
//! triangle index.

use crate::analysis::balance::{BalanceOptions, Triad, balance};
use crate::model::{ActorGraph, ActorId, RelationKind};
use serde::Serialize;

/// One tie of a triad.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TriadTieRow {
    pub a: ActorId,
    pub b: ActorId,
    /// Net weight.
    pub weight: f64,
    /// The kind of its strongest relation.
    #[serde(serialize_with = "crate::model::types::kebab")]
    pub kind: RelationKind,
}

/// A strictly unbalanced triangle.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TriadRow {
    /// Members, sorted.
    pub actors: [ActorId; 3],
    /// `++-` (a friend of a friend is an enemy) or `---` (three enemies: balanced for Davis's
    /// clustering, not for Cartwright and Harary).
    pub signs: String,
    pub ties: Vec<TriadTieRow>,
}

impl From<&Triad> for TriadRow {
    fn from(t: &Triad) -> TriadRow {
        TriadRow {
            actors: t.actors.clone(),
            signs: t.signs.clone(),
            ties: t
                .ties
                .iter()
                .map(|x| TriadTieRow {
                    a: x.a.clone(),
                    b: x.b.clone(),
                    weight: x.weight,
                    kind: x.kind,
                })
                .collect(),
        }
    }
}

/// Structural balance compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BalanceDiff {
    /// Strictly unbalanced triads (all counted).
    pub unbalanced_before: u64,
    pub unbalanced_after: u64,
    /// Share of balanced triangles (Cartwright–Harary), `None` without triangles.
    pub triangle_index_before: Option<f64>,
    pub triangle_index_after: Option<f64>,
    /// Unbalanced triads after that were not unbalanced before (or did not exist), most
    /// weighty first.
    pub new: Vec<TriadRow>,
    /// Unbalanced triads before that are balanced or gone after.
    pub resolved: Vec<TriadRow>,
    /// True when a graph had more unbalanced triads than are listed, so `new` and
    /// `resolved` may be incomplete.
    pub truncated: bool,
}

pub(super) fn balance_diff(before: &ActorGraph, after: &ActorGraph, seed: u64) -> BalanceDiff {
    let opts = BalanceOptions {
        seed,
        ..BalanceOptions::default()
    };
    let (b, a) = (balance(before, &opts), balance(after, &opts));
    let key = |t: &Triad| (t.actors.clone(), t.signs.clone());
    let had: std::collections::HashSet<_> = b.unbalanced_triads.iter().map(key).collect();
    let has: std::collections::HashSet<_> = a.unbalanced_triads.iter().map(key).collect();
    BalanceDiff {
        unbalanced_before: b.unbalanced_triads_total,
        unbalanced_after: a.unbalanced_triads_total,
        triangle_index_before: b.triangles.strict_balance,
        triangle_index_after: a.triangles.strict_balance,
        new: a
            .unbalanced_triads
            .iter()
            .filter(|t| !had.contains(&key(t)))
            .map(TriadRow::from)
            .collect(),
        resolved: b
            .unbalanced_triads
            .iter()
            .filter(|t| !has.contains(&key(t)))
            .map(TriadRow::from)
            .collect(),
        truncated: (b.unbalanced_triads.len() as u64) < b.unbalanced_triads_total
            || (a.unbalanced_triads.len() as u64) < a.unbalanced_triads_total,
    }
}
