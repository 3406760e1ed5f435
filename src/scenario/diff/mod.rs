//! What changed between two graphs (a base and a scenario's result, or any two versions) and
//! what it did: actors and relations added, removed and changed, then the analyses of both
//! graphs side by side:
//!
//! - **blocs** ([`crate::analysis::blocs::detect_blocs`]): each bloc after is traced to the
//!   blocs before it draws its members from; a before-bloc *continues* as the after-bloc
//!   holding most of its members, so an actor *moved* when it ends in another bloc than the
//!   one its old bloc continues as; an after-bloc that continues several is a *merger*, one
//!   that continues none is *new*; and the frustration of both partitions;
//! - **balance** ([`crate::analysis::balance`]): the strictly unbalanced triads (++− and −−−,
//!   Cartwright & Harary 1956) that appear or are resolved, and the triangle index;
//! - **centrality** ([`crate::analysis::centrality`]): rank movers by weighted degree (the
//!   signed sum of an actor's ties: its net standing), PageRank (prominence among allies)
//!   and weighted betweenness (brokerage, a tie of strength |w| being 1/|w| long);
//! - **influence** on chosen targets ([`crate::analysis::influence`]): the actors whose
//!   strongest influence path into the target got stronger, weaker, appeared or vanished;
//! - **paths** between chosen pairs ([`crate::analysis::paths::strongest_paths`]): the
//!   strongest influence path before and after.
//!
//! Relations are matched by their tie: the two actors (in either order for a mutual
//! relation), the kind and the direction. A relation whose tie is in both graphs is
//! *changed* when its weight, confidence, dates, sources or note differ. When a pair of
//! actors loses exactly one relation and gains exactly one of another kind (same direction),
//! the two are shown as one relation whose kind changed.
//!
//! [`diff`] below runs the parts: `changes` (the edit list), then one file per analysis
//! compared — `blocs`, `balance`, `centrality`, `influence`, `paths` — each holding its rows
//! and the function that fills them.

mod balance;
mod blocs;
mod centrality;
mod changes;
mod influence;
mod paths;
#[cfg(test)]
mod tests;

pub use balance::{BalanceDiff, TriadRow, TriadTieRow};
pub use blocs::{
    BlocFate, BlocMove, BlocOrigin, BlocRow, BlocsDiff, FrustratedChange, compare_blocs,
};
pub use centrality::{CentralityDiff, RANK_MEASURES, RankMove};
pub use changes::{ActorChange, ActorRow, Changes, RelationChangeRow, RelationRow, changes};
pub use influence::{InfluenceChange, InfluenceDiff};
pub use paths::{PathDiff, PathSide};

use balance::balance_diff;
use blocs::blocs_diff;
use centrality::centrality_diff;
use influence::influence_diff;
use paths::path_side;

use crate::model::{ActorGraph, ActorId};
use serde::Serialize;

/// What the diff looks at beyond relations.
#[derive(Debug, Clone, PartialEq)]
pub struct DiffOptions {
    /// Compare blocs and centrality (the relation-level diff is always made).
    pub analyses: bool,
    /// Actors whose influencers are compared (`--on AZE`).
    pub on: Vec<ActorId>,
    /// Pairs whose strongest influence paths are compared (`--pair RUS,TUR`).
    pub pairs: Vec<(ActorId, ActorId)>,
    /// How many centrality rank movers to list.
    pub top: usize,
    /// Seed of the bloc detection's heuristic (used only on graphs too large to solve exactly).
    pub seed: u64,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            analyses: true,
            on: Vec::new(),
            pairs: Vec::new(),
            top: 10,
            seed: 1,
        }
    }
}

/// The scenario behind a diff, when there is one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioInfo {
    pub name: String,
    pub description: String,
    /// The base file as the scenario names it.
    pub base: String,
    /// Each edit in words, in order.
    pub edits: Vec<String>,
}

/// Two graphs compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    /// The first graph's name and where it came from.
    pub before: String,
    pub before_source: String,
    pub after: String,
    pub after_source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<ScenarioInfo>,
    pub changes: Changes,
    /// `None` when analyses were not asked for.
    pub blocs: Option<BlocsDiff>,
    pub balance: Option<BalanceDiff>,
    pub centrality: Option<CentralityDiff>,
    /// One per `--on` target.
    pub influence: Vec<InfluenceDiff>,
    /// One per `--pair`.
    pub paths: Vec<PathDiff>,
}

/// Where the two graphs come from, for the diff's title.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sources {
    pub before: String,
    pub after: String,
    pub scenario: Option<ScenarioInfo>,
}

/// Compares `before` and `after`: what changed, and what it did to the analyses.
pub fn diff(
    before: &ActorGraph,
    after: &ActorGraph,
    sources: &Sources,
    opts: &DiffOptions,
) -> Diff {
    Diff {
        before: before.name.clone(),
        before_source: sources.before.clone(),
        after: after.name.clone(),
        after_source: sources.after.clone(),
        scenario: sources.scenario.clone(),
        changes: changes(before, after),
        blocs: opts.analyses.then(|| blocs_diff(before, after, opts.seed)),
        balance: opts
            .analyses
            .then(|| balance_diff(before, after, opts.seed)),
        centrality: opts
            .analyses
            .then(|| centrality_diff(before, after, opts.top)),
        influence: opts
            .on
            .iter()
            .map(|t| influence_diff(before, after, t, opts.top))
            .collect(),
        paths: opts
            .pairs
            .iter()
            .map(|(a, b)| PathDiff {
                from: a.clone(),
                to: b.clone(),
                before: path_side(before, a, b),
                after: path_side(after, a, b),
            })
            .collect(),
    }
}
