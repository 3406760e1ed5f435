//! The edit list between two graphs: actors, relations and events added, removed and
//! changed. Relations are matched by their tie: the two actors (in either order for a
//! mutual relation), the kind and the direction. A relation whose tie is in both graphs is
//! *changed* when its weight, confidence, dates, sources or note differ. When a pair of
//! actors loses exactly one relation and gains exactly one of another kind (same direction),
//! the two are shown as one relation whose kind changed.

use crate::model::{Actor, ActorGraph, ActorId, Event, Relation, RelationKind};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

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
            note: r.note().map(str::to_string),
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
            crate::numfmt::num(a.weight, 3),
            crate::numfmt::num(b.weight, 3)
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
    if a.sources() != b.sources() {
        out.push("sources".to_string());
    }
    if a.note() != b.note() {
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
