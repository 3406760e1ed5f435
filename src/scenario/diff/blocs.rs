//! Blocs compared ([`crate::analysis::blocs::detect_blocs`] on both graphs): each bloc
//! after is traced to the blocs before it draws its members from; a before-bloc *continues*
//! as the after-bloc holding most of its members, so an actor *moved* when it ends in another
//! bloc than the one its old bloc continues as; an after-bloc that continues several is a
//! *merger*, one that continues none is *new*; and the frustration of both partitions.

use crate::analysis::blocs::{BlocOptions, BlocResult, detect_blocs};
use crate::model::{ActorGraph, ActorId, RelationKind};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

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

pub(super) fn blocs_diff(before: &ActorGraph, after: &ActorGraph, seed: u64) -> BlocsDiff {
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
