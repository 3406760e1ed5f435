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

use crate::analysis::balance::{BalanceOptions, Triad, balance};
use crate::analysis::blocs::{BlocOptions, BlocResult, detect_blocs};
use crate::analysis::centrality::{CentralityOptions, Measure, centrality};
use crate::analysis::influence::{InfluenceOptions, influence_on};
use crate::analysis::paths::{PathOptions, strongest_paths};
use crate::model::{Actor, ActorGraph, ActorId, Event, Relation, RelationKind};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

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

/// An actor, as listed in a diff.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorRow {
    pub id: ActorId,
    pub name: String,
    pub kind: String,
}

impl From<&Actor> for ActorRow {
    fn from(a: &Actor) -> ActorRow {
        ActorRow {
            id: a.id.clone(),
            name: a.name.clone(),
            kind: a.kind.kebab_name().to_string(),
        }
    }
}

/// An actor present in both graphs whose fields differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorChange {
    pub id: ActorId,
    /// Each change in words: `name "X" → "Y"`, `attribute caspian_bases: (none) → true`.
    pub changes: Vec<String>,
}

/// A relation, as listed in a diff.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelationRow {
    pub from: ActorId,
    pub to: ActorId,
    #[serde(serialize_with = "crate::model::types::kebab")]
    pub kind: RelationKind,
    pub weight: f64,
    pub directed: bool,
    pub confidence: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl From<&Relation> for RelationRow {
    fn from(r: &Relation) -> RelationRow {
        RelationRow {
            from: r.from.clone(),
            to: r.to.clone(),
            kind: r.kind,
            weight: r.weight,
            directed: r.directed,
            confidence: r.confidence.kebab_name().to_string(),
            note: r.note.clone(),
        }
    }
}

impl RelationRow {
    /// `RUS – AZE` or `RUS → AZE`.
    pub fn pair(&self) -> String {
        format!(
            "{} {} {}",
            self.from,
            if self.directed { "→" } else { "–" },
            self.to
        )
    }
}

/// A relation in both graphs (or one whose kind changed), before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelationChangeRow {
    pub before: RelationRow,
    pub after: RelationRow,
    /// Each change in words: `weight -0.6 → -0.9`, `kind Hostility → ArmedConflict`.
    pub changes: Vec<String>,
}

/// Actors, relations and events added, removed and changed.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Changes {
    pub actors_added: Vec<ActorRow>,
    pub actors_removed: Vec<ActorRow>,
    pub actors_changed: Vec<ActorChange>,
    pub relations_added: Vec<RelationRow>,
    pub relations_removed: Vec<RelationRow>,
    pub relations_changed: Vec<RelationChangeRow>,
    pub events_added: Vec<Event>,
    pub events_removed: Vec<Event>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.actors_added.is_empty()
            && self.actors_removed.is_empty()
            && self.actors_changed.is_empty()
            && self.relations_added.is_empty()
            && self.relations_removed.is_empty()
            && self.relations_changed.is_empty()
            && self.events_added.is_empty()
            && self.events_removed.is_empty()
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

/// A bloc, by its members.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BlocRow {
    pub id: usize,
    pub members: Vec<ActorId>,
}

/// How a bloc after the change came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlocFate {
    /// It continues one bloc before (holds most of its members).
    Continues,
    /// It continues several blocs before.
    Merged,
    /// It continues none.
    New,
}

/// Where the members of a bloc after the change were before.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BlocOrigin {
    /// The bloc after.
    pub bloc: usize,
    pub fate: BlocFate,
    /// The blocs before it continues.
    pub continues: Vec<usize>,
    /// `(bloc before, how many of its members)`, largest first; actors new to the graph are
    /// not counted here.
    pub drawn_from: Vec<(usize, usize)>,
    /// Members that were not in the graph before.
    pub new_actors: Vec<ActorId>,
}

/// An actor that changed bloc.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BlocMove {
    pub actor: ActorId,
    pub name: String,
    /// Its bloc before (`None`: not in the graph before).
    pub from: Option<usize>,
    /// Its bloc after (`None`: removed from the graph).
    pub to: Option<usize>,
}

/// The blocs of both graphs compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BlocsDiff {
    pub frustration_before: f64,
    pub frustration_after: f64,
    /// True when each partition is proved optimal.
    pub optimal_before: bool,
    pub optimal_after: bool,
    pub before: Vec<BlocRow>,
    /// Numbered as the bloc before they continue (the first, for a merger); new blocs take
    /// numbers after the last bloc before.
    pub after: Vec<BlocRow>,
    /// One per bloc after, in order.
    pub origins: Vec<BlocOrigin>,
    /// Actors that moved, were added or were removed, in the order of the graphs.
    pub moved: Vec<BlocMove>,
    /// Frustrated ties (hostile inside a bloc, allied across two) that are new, resolved,
    /// or whose weight changed: heaviest after first, then the resolved.
    pub frustrated: Vec<FrustratedChange>,
}

/// A tie that does not fit the partition before, after, or both.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FrustratedChange {
    pub a: ActorId,
    pub b: ActorId,
    /// The kind of its strongest relation (after, or before when resolved).
    #[serde(serialize_with = "crate::model::types::kebab")]
    pub kind: RelationKind,
    /// `hostile-inside` or `allied-across`.
    pub breach: crate::analysis::blocs::Breach,
    /// Net weight of the tie while it was frustrated (`None`: it was not).
    pub before: Option<f64>,
    pub after: Option<f64>,
}

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

/// An actor's rank on one measure before and after (1 = highest).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankMove {
    pub actor: ActorId,
    pub name: String,
    /// `weighted_degree`, `pagerank` or `weighted_betweenness`.
    pub measure: &'static str,
    pub rank_before: Option<usize>,
    pub rank_after: Option<usize>,
    pub value_before: Option<f64>,
    pub value_after: Option<f64>,
}

impl RankMove {
    /// Places gained (positive) or lost; `None` when the actor is in only one graph.
    pub fn gained(&self) -> Option<i64> {
        Some(self.rank_before? as i64 - self.rank_after? as i64)
    }
}

/// Centrality rank movers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CentralityDiff {
    pub measures: Vec<&'static str>,
    /// The largest rank changes (up to `top` per measure), by measure, then largest change.
    pub movers: Vec<RankMove>,
}

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

/// A relation's identity for matching: kind, direction and the two actors (ordered for a
/// mutual relation).
fn tie_key(r: &Relation) -> (RelationKind, bool, &str, &str) {
    let (a, b) = (r.from.as_str(), r.to.as_str());
    if r.directed || a <= b {
        (r.kind, r.directed, a, b)
    } else {
        (r.kind, r.directed, b, a)
    }
}

/// The pair of a relation regardless of kind, for pairing a removed and an added relation.
fn pair_key(r: &Relation) -> (bool, &str, &str) {
    let k = tie_key(r);
    (k.1, k.2, k.3)
}

/// What differs between two relations of the same tie (or of a pair whose kind changed).
fn relation_changes(a: &Relation, b: &Relation) -> Vec<String> {
    let mut out = Vec::new();
    if a.kind != b.kind {
        out.push(format!(
            "kind {} → {}",
            a.kind.ron_name(),
            b.kind.ron_name()
        ));
    }
    if a.weight != b.weight {
        out.push(format!(
            "weight {} → {}",
            crate::report::num(a.weight, 3),
            crate::report::num(b.weight, 3)
        ));
    }
    if a.confidence != b.confidence {
        out.push(format!(
            "confidence {} → {}",
            a.confidence.kebab_name(),
            b.confidence.kebab_name()
        ));
    }
    let date = |d: Option<crate::model::Date>| d.map_or("(none)".to_string(), |d| d.to_string());
    if a.since != b.since {
        out.push(format!("since {} → {}", date(a.since), date(b.since)));
    }
    if a.until != b.until {
        out.push(format!("until {} → {}", date(a.until), date(b.until)));
    }
    if a.sources != b.sources {
        out.push("sources".to_string());
    }
    if a.note != b.note {
        out.push("note".to_string());
    }
    out
}

fn actor_changes(a: &Actor, b: &Actor) -> Vec<String> {
    let mut out = Vec::new();
    if a.name != b.name {
        out.push(format!("name \"{}\" → \"{}\"", a.name, b.name));
    }
    if a.kind != b.kind {
        out.push(format!("kind {} → {}", a.kind, b.kind));
    }
    if a.region != b.region {
        let r = |x: &Option<String>| x.clone().unwrap_or_else(|| "(none)".into());
        out.push(format!("region {} → {}", r(&a.region), r(&b.region)));
    }
    if a.tags != b.tags {
        out.push(format!(
            "tags [{}] → [{}]",
            a.tags.join(", "),
            b.tags.join(", ")
        ));
    }
    let keys: std::collections::BTreeSet<&String> =
        a.attributes.keys().chain(b.attributes.keys()).collect();
    for k in keys {
        let (x, y) = (a.attributes.get(k), b.attributes.get(k));
        if x != y {
            let s = |v: Option<&crate::model::AttrValue>| {
                v.map_or("(none)".to_string(), |v| v.to_string())
            };
            out.push(format!("attribute {k}: {} → {}", s(x), s(y)));
        }
    }
    out
}

/// Actors, relations and events that differ between `before` and `after`, in the order of
/// `before` (removed, changed) and `after` (added).
pub fn changes(before: &ActorGraph, after: &ActorGraph) -> Changes {
    let mut c = Changes::default();
    for a in before.actors() {
        match after.actor(&a.id) {
            None => c.actors_removed.push(a.into()),
            Some(b) => {
                let ch = actor_changes(a, b);
                if !ch.is_empty() {
                    c.actors_changed.push(ActorChange {
                        id: a.id.clone(),
                        changes: ch,
                    });
                }
            }
        }
    }
    c.actors_added = after
        .actors()
        .filter(|a| !before.contains(&a.id))
        .map(ActorRow::from)
        .collect();

    let after_by_key: HashMap<_, &Relation> = after.relations().map(|r| (tie_key(r), r)).collect();
    let before_keys: std::collections::HashSet<_> = before.relations().map(tie_key).collect();
    // Changed relations with the position of the relation before, to list them in its order.
    let mut changed: Vec<(usize, RelationChangeRow)> = Vec::new();
    let mut removed: Vec<&Relation> = Vec::new();
    let mut removed_at: Vec<usize> = Vec::new();
    for (i, r) in before.relations().enumerate() {
        match after_by_key.get(&tie_key(r)) {
            None => {
                removed.push(r);
                removed_at.push(i);
            }
            Some(b) if *b != r => changed.push((
                i,
                RelationChangeRow {
                    before: r.into(),
                    after: (*b).into(),
                    changes: relation_changes(r, b),
                },
            )),
            Some(_) => {}
        }
    }
    let added: Vec<&Relation> = after
        .relations()
        .filter(|r| !before_keys.contains(&tie_key(r)))
        .collect();
    // A pair that lost one relation and gained one of another kind: a kind change.
    let mut lost: BTreeMap<_, Vec<usize>> = BTreeMap::new();
    for (i, r) in removed.iter().enumerate() {
        lost.entry(pair_key(r)).or_default().push(i);
    }
    let mut gained: BTreeMap<_, Vec<usize>> = BTreeMap::new();
    for (i, r) in added.iter().enumerate() {
        gained.entry(pair_key(r)).or_default().push(i);
    }
    let mut paired_removed = vec![false; removed.len()];
    let mut paired_added = vec![false; added.len()];
    for (k, l) in &lost {
        let Some(g) = gained.get(k) else { continue };
        // One relation lost and one gained: a kind change. With several, pair those of the
        // same sign when that leaves no doubt (hostility → armed conflict beside a lost trade).
        let mut pairs = Vec::new();
        if let ([i], [j]) = (l.as_slice(), g.as_slice()) {
            pairs.push((*i, *j));
        } else {
            for positive in [true, false] {
                let same = |r: &Relation| (r.weight > 0.0) == positive;
                let ls: Vec<usize> = l.iter().copied().filter(|&i| same(removed[i])).collect();
                let gs: Vec<usize> = g.iter().copied().filter(|&j| same(added[j])).collect();
                if let ([i], [j]) = (ls.as_slice(), gs.as_slice()) {
                    pairs.push((*i, *j));
                }
            }
        }
        for (i, j) in pairs {
            let (a, b) = (removed[i], added[j]);
            changed.push((
                removed_at[i],
                RelationChangeRow {
                    before: a.into(),
                    after: b.into(),
                    changes: relation_changes(a, b),
                },
            ));
            paired_removed[i] = true;
            paired_added[j] = true;
        }
    }
    changed.sort_by_key(|(i, _)| *i);
    c.relations_changed = changed.into_iter().map(|(_, row)| row).collect();
    c.relations_removed = removed
        .iter()
        .zip(&paired_removed)
        .filter(|(_, p)| !**p)
        .map(|(r, _)| (*r).into())
        .collect();
    c.relations_added = added
        .iter()
        .zip(&paired_added)
        .filter(|(_, p)| !**p)
        .map(|(r, _)| (*r).into())
        .collect();

    c.events_added = after
        .events()
        .iter()
        .filter(|e| !before.events().contains(e))
        .cloned()
        .collect();
    c.events_removed = before
        .events()
        .iter()
        .filter(|e| !after.events().contains(e))
        .cloned()
        .collect();
    c
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

fn bloc_rows(r: &BlocResult) -> Vec<BlocRow> {
    r.blocs
        .iter()
        .map(|b| BlocRow {
            id: b.id,
            members: b.members.clone(),
        })
        .collect()
}

/// Traces the blocs of `after` to those of `before` (see the module documentation).
pub fn compare_blocs(
    before: &BlocResult,
    after: &BlocResult,
    names: impl Fn(&ActorId) -> String,
    order: impl Iterator<Item = ActorId>,
) -> (Vec<BlocOrigin>, Vec<BlocMove>) {
    // overlap[(i, j)]: members of bloc i before that are in bloc j after.
    let mut overlap: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for (id, &j) in &after.assignment {
        if let Some(i) = before.bloc_of(id) {
            *overlap.entry((i, j)).or_default() += 1;
        }
    }
    // A bloc before continues as the bloc after holding most of its members (the lowest
    // numbered on a tie); a bloc whose members all left continues as none.
    let continues_as: BTreeMap<usize, usize> = before
        .blocs
        .iter()
        .filter_map(|b| {
            overlap
                .iter()
                .filter(|((i, _), _)| *i == b.id)
                .max_by(|((_, j1), n1), ((_, j2), n2)| n1.cmp(n2).then(j2.cmp(j1)))
                .map(|((_, j), _)| (b.id, *j))
        })
        .collect();
    let origins = after
        .blocs
        .iter()
        .map(|b| {
            let continues: Vec<usize> = continues_as
                .iter()
                .filter(|(_, j)| **j == b.id)
                .map(|(i, _)| *i)
                .collect();
            let mut drawn_from: Vec<(usize, usize)> = overlap
                .iter()
                .filter(|((_, j), _)| *j == b.id)
                .map(|((i, _), n)| (*i, *n))
                .collect();
            drawn_from.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
            BlocOrigin {
                bloc: b.id,
                fate: match continues.len() {
                    0 => BlocFate::New,
                    1 => BlocFate::Continues,
                    _ => BlocFate::Merged,
                },
                continues,
                drawn_from,
                new_actors: b
                    .members
                    .iter()
                    .filter(|m| before.bloc_of(m).is_none())
                    .cloned()
                    .collect(),
            }
        })
        .collect();
    let mut moved = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for id in order {
        if !seen.insert(id.clone()) {
            continue;
        }
        let (from, to) = (before.bloc_of(&id), after.bloc_of(&id));
        let stayed = match (from, to) {
            (Some(i), Some(j)) => continues_as.get(&i) == Some(&j),
            _ => false,
        };
        if !stayed {
            moved.push(BlocMove {
                name: names(&id),
                actor: id,
                from,
                to,
            });
        }
    }
    (origins, moved)
}

fn blocs_diff(before: &ActorGraph, after: &ActorGraph, seed: u64) -> BlocsDiff {
    let opts = BlocOptions {
        seed,
        ..BlocOptions::default()
    };
    let b = detect_blocs(before, &opts);
    let a = detect_blocs(after, &opts);
    let names = |id: &ActorId| {
        after
            .actor(id)
            .or_else(|| before.actor(id))
            .map_or_else(|| id.to_string(), |x| x.name.clone())
    };
    let order = before
        .actors()
        .map(|x| x.id.clone())
        .chain(after.actors().map(|x| x.id.clone()));
    let (mut origins, mut moved) = compare_blocs(&b, &a, names, order);
    // Number each bloc after as the bloc before it continues (the first, for a merger), and
    // new blocs after the last number before, so that "bloc 2" means the same camp in both.
    let mut next = b.blocs.iter().map(|x| x.id + 1).max().unwrap_or(0);
    let label: HashMap<usize, usize> = origins
        .iter()
        .map(|o| {
            let l = match o.continues.first() {
                Some(&i) => i,
                None => {
                    next += 1;
                    next - 1
                }
            };
            (o.bloc, l)
        })
        .collect();
    let mut after_rows = bloc_rows(&a);
    for r in &mut after_rows {
        r.id = label[&r.id];
    }
    for o in &mut origins {
        o.bloc = label[&o.bloc];
    }
    for m in &mut moved {
        m.to = m.to.map(|t| label[&t]);
    }
    let key = |x: &ActorId, y: &ActorId, breach: crate::analysis::blocs::Breach| {
        let inside = breach == crate::analysis::blocs::Breach::HostileInside;
        if x <= y {
            (x.clone(), y.clone(), inside)
        } else {
            (y.clone(), x.clone(), inside)
        }
    };
    let was: HashMap<_, f64> = b
        .frustrated
        .iter()
        .map(|f| (key(&f.a, &f.b, f.breach), f.weight))
        .collect();
    let is: HashMap<_, f64> = a
        .frustrated
        .iter()
        .map(|f| (key(&f.a, &f.b, f.breach), f.weight))
        .collect();
    let mut frustrated: Vec<FrustratedChange> = a
        .frustrated
        .iter()
        .filter(|f| was.get(&key(&f.a, &f.b, f.breach)) != Some(&f.weight))
        .map(|f| FrustratedChange {
            a: f.a.clone(),
            b: f.b.clone(),
            kind: f.kind,
            breach: f.breach,
            before: was.get(&key(&f.a, &f.b, f.breach)).copied(),
            after: Some(f.weight),
        })
        .collect();
    frustrated.extend(
        b.frustrated
            .iter()
            .filter(|f| !is.contains_key(&key(&f.a, &f.b, f.breach)))
            .map(|f| FrustratedChange {
                a: f.a.clone(),
                b: f.b.clone(),
                kind: f.kind,
                breach: f.breach,
                before: Some(f.weight),
                after: None,
            }),
    );
    let mut order: Vec<usize> = (0..after_rows.len()).collect();
    order.sort_by_key(|&i| after_rows[i].id);
    let after_rows: Vec<BlocRow> = order.iter().map(|&i| after_rows[i].clone()).collect();
    let origins: Vec<BlocOrigin> = order.iter().map(|&i| origins[i].clone()).collect();
    BlocsDiff {
        frustration_before: b.frustration,
        frustration_after: a.frustration,
        optimal_before: b.optimal,
        optimal_after: a.optimal,
        before: bloc_rows(&b),
        after: after_rows,
        origins,
        moved,
        frustrated,
    }
}

fn balance_diff(before: &ActorGraph, after: &ActorGraph, seed: u64) -> BalanceDiff {
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

/// The measures rank movers are reported on: signed strength, allied prominence, brokerage.
pub const RANK_MEASURES: [Measure; 3] = [
    Measure::WeightedDegree,
    Measure::Pagerank,
    Measure::WeightedBetweenness,
];

fn centrality_diff(before: &ActorGraph, after: &ActorGraph, top: usize) -> CentralityDiff {
    let opts = CentralityOptions {
        measures: RANK_MEASURES.to_vec(),
        ..CentralityOptions::default()
    };
    let cb = centrality(before, &opts, None);
    let ca = centrality(after, &opts, None);
    let mut movers = Vec::new();
    for m in RANK_MEASURES {
        let rank = |r: &crate::analysis::centrality::CentralityResult| {
            let i = r.measures.iter().position(|&x| x == m);
            r.ranking(m)
                .into_iter()
                .enumerate()
                .map(|(k, a)| (a.actor.clone(), (k + 1, i.map(|i| a.values[i]))))
                .collect::<HashMap<ActorId, (usize, Option<f64>)>>()
        };
        let (rb, ra) = (rank(&cb), rank(&ca));
        let mut moves: Vec<RankMove> = before
            .actors()
            .chain(after.actors().filter(|a| !before.contains(&a.id)))
            .map(|a| {
                let (b, x) = (rb.get(&a.id), ra.get(&a.id));
                RankMove {
                    actor: a.id.clone(),
                    name: a.name.clone(),
                    measure: m.name(),
                    rank_before: b.map(|v| v.0),
                    rank_after: x.map(|v| v.0),
                    value_before: b.and_then(|v| v.1),
                    value_after: x.and_then(|v| v.1),
                }
            })
            .filter(|r| r.rank_before != r.rank_after)
            .collect();
        // Largest moves first; actors in one graph only after the movers; ties by id.
        moves.sort_by(|x, y| {
            let mag = |r: &RankMove| r.gained().map_or(-1, |g| g.abs());
            mag(y).cmp(&mag(x)).then_with(|| x.actor.cmp(&y.actor))
        });
        moves.truncate(top);
        movers.extend(moves);
    }
    CentralityDiff {
        measures: RANK_MEASURES.iter().map(|m| m.name()).collect(),
        movers,
    }
}

fn influence_diff(
    before: &ActorGraph,
    after: &ActorGraph,
    target: &ActorId,
    top: usize,
) -> InfluenceDiff {
    let opts = InfluenceOptions::default();
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

fn path_side(g: &ActorGraph, from: &ActorId, to: &ActorId) -> PathSide {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ActorKind;
    use crate::scenario::{Edit, RelationChange, RelationRef, apply};

    fn base() -> ActorGraph {
        let mut g = ActorGraph::new("base");
        for id in ["RUS", "AZE", "TUR"] {
            g.add_actor(Actor::new(id, id, ActorKind::State)).unwrap();
        }
        g.add_relation(Relation::new("RUS", "AZE", RelationKind::Hostility, -0.6))
            .unwrap();
        g.add_relation(Relation::new("TUR", "AZE", RelationKind::Alliance, 0.9))
            .unwrap();
        g.add_relation(Relation::new("RUS", "TUR", RelationKind::Trade, 0.4))
            .unwrap();
        g
    }

    #[test]
    fn lists_added_removed_and_changed_relations_and_kind_changes() {
        let g = base();
        let edits = vec![
            Edit::ChangeRelation {
                relation: RelationRef::new("AZE", "RUS"),
                change: RelationChange {
                    kind: Some(RelationKind::ArmedConflict),
                    weight: Some(-0.9),
                    ..Default::default()
                },
            },
            Edit::ChangeRelation {
                relation: RelationRef::new("TUR", "AZE"),
                change: RelationChange {
                    weight: Some(1.0),
                    ..Default::default()
                },
            },
            Edit::RemoveRelation(RelationRef::new("RUS", "TUR")),
            Edit::AddActor(Actor::new("USA", "United States", ActorKind::State)),
            Edit::AddRelation(Relation::new("USA", "AZE", RelationKind::Partnership, 0.6)),
        ];
        let after = apply(&g, &edits).unwrap().graph;
        let c = changes(&g, &after);
        assert_eq!(c.actors_added.len(), 1);
        assert_eq!(c.relations_removed.len(), 1);
        assert_eq!(c.relations_removed[0].pair(), "RUS – TUR");
        assert_eq!(c.relations_added.len(), 1);
        assert_eq!(c.relations_added[0].pair(), "USA – AZE");
        let ch: Vec<&Vec<String>> = c.relations_changed.iter().map(|r| &r.changes).collect();
        assert_eq!(
            ch,
            [
                &vec![
                    "kind Hostility → ArmedConflict".to_string(),
                    "weight -0.6 → -0.9".to_string()
                ],
                &vec!["weight 0.9 → 1".to_string()],
            ]
        );
        assert!(changes(&g, &g).is_empty());
    }

    /// Two camps, {A, B} and {C, D}, hostile across; E sits with A and B.
    fn camps() -> ActorGraph {
        let mut g = ActorGraph::new("camps");
        for id in ["A", "B", "C", "D", "E"] {
            g.add_actor(Actor::new(id, id, ActorKind::State)).unwrap();
        }
        for (a, b, k, w) in [
            ("A", "B", RelationKind::Alliance, 0.9),
            ("C", "D", RelationKind::Alliance, 0.9),
            ("A", "C", RelationKind::Hostility, -0.8),
            ("B", "D", RelationKind::Hostility, -0.8),
            ("E", "A", RelationKind::Partnership, 0.6),
            ("E", "B", RelationKind::Partnership, 0.6),
            ("E", "C", RelationKind::Rivalry, -0.5),
        ] {
            g.add_relation(Relation::new(a, b, k, w)).unwrap();
        }
        g
    }

    fn rel(a: &str, b: &str) -> RelationRef {
        RelationRef::new(a, b)
    }

    #[test]
    fn an_actor_that_changes_sides_is_a_move() {
        let g = camps();
        let turn = |r: RelationRef, kind, w| Edit::ChangeRelation {
            relation: r,
            change: RelationChange {
                kind: Some(kind),
                weight: Some(w),
                ..Default::default()
            },
        };
        let edits = vec![
            turn(rel("E", "A"), RelationKind::Rivalry, -0.6),
            turn(rel("E", "B"), RelationKind::Rivalry, -0.6),
            turn(rel("E", "C"), RelationKind::Alliance, 0.7),
        ];
        let after = apply(&g, &edits).unwrap().graph;
        let d = diff(&g, &after, &Sources::default(), &DiffOptions::default());
        let b = d.blocs.unwrap();
        assert_eq!(b.before.len(), 2);
        assert_eq!(b.after.len(), 2);
        assert!(b.origins.iter().all(|o| o.fate == BlocFate::Continues));
        assert_eq!(b.moved.len(), 1);
        let m = &b.moved[0];
        assert_eq!(m.actor.as_str(), "E");
        // E leaves the bloc of A and B for the bloc of C and D, numbered as before.
        let bloc_of = |rows: &[BlocRow], id: &str| {
            rows.iter()
                .find(|r| r.members.iter().any(|x| x.as_str() == id))
                .map(|r| r.id)
        };
        assert_eq!(m.from, bloc_of(&b.before, "A"));
        assert_eq!(m.to, bloc_of(&b.after, "C"));
        assert_eq!(bloc_of(&b.after, "A"), bloc_of(&b.before, "A"));
        assert_eq!(b.frustration_before, 0.0);
        assert_eq!(b.frustration_after, 0.0);
    }

    #[test]
    fn reconciled_camps_merge_and_the_old_hostility_is_resolved() {
        let g = camps();
        let edits = vec![
            Edit::SetRelation(Relation::new("A", "C", RelationKind::Hostility, -0.1)),
            Edit::SetRelation(Relation::new("B", "D", RelationKind::Hostility, -0.1)),
            Edit::AddRelation(Relation::new("A", "D", RelationKind::Alliance, 0.9)),
            Edit::AddRelation(Relation::new("B", "C", RelationKind::Alliance, 0.9)),
            Edit::SetRelation(Relation::new("E", "C", RelationKind::Rivalry, -0.1)),
        ];
        let after = apply(&g, &edits).unwrap().graph;
        let d = diff(&g, &after, &Sources::default(), &DiffOptions::default());
        let b = d.blocs.unwrap();
        assert_eq!(b.after.len(), 1, "{:?}", b.after);
        assert_eq!(b.origins[0].fate, BlocFate::Merged);
        assert_eq!(b.origins[0].continues, [0, 1]);
        // The three weak hostilities are now inside the one bloc.
        let new: Vec<String> = b
            .frustrated
            .iter()
            .filter(|f| f.before.is_none())
            .map(|f| format!("{}–{}", f.a, f.b))
            .collect();
        assert_eq!(new.len(), 3, "{new:?}");
        assert!((b.frustration_after - 0.3).abs() < 1e-9);
    }
}
