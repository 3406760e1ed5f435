//! The edits a scenario makes to its base graph, their meaning in words, and their RON form.
//!
//! Each edit is one step of a what-if ("Russia and Azerbaijan are at war", "the US operates the
//! Zangezur corridor"). The semantics of each are documented in `docs/scenarios.md`; the
//! engine that applies them (and records their inverses) is [`super::apply`](mod@super::apply).

use crate::format::ron::{
    actor_to_string, attr_value, event_to_string, number, quote, relation_to_string,
};
use crate::model::{Actor, ActorId, AttrValue, Confidence, Event, Relation, RelationKind};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::{self, Write};

/// Names the relation an edit acts on: the two actors and, when they have several relations,
/// its kind (and direction). A mutual relation matches its actors in either order; a directed
/// one only `from` → `to`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelationRef {
    pub from: ActorId,
    pub to: ActorId,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<RelationKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub directed: Option<bool>,
}

impl RelationRef {
    pub fn new(from: impl Into<String>, to: impl Into<String>) -> RelationRef {
        RelationRef {
            from: ActorId::from(from.into()),
            to: ActorId::from(to.into()),
            kind: None,
            directed: None,
        }
    }

    pub fn kind(mut self, kind: RelationKind) -> RelationRef {
        self.kind = Some(kind);
        self
    }

    /// True when `r` is a relation this reference names.
    pub fn matches(&self, r: &Relation) -> bool {
        if self.kind.is_some_and(|k| k != r.kind) || self.directed.is_some_and(|d| d != r.directed)
        {
            return false;
        }
        let same = r.from == self.from && r.to == self.to;
        let swapped = r.from == self.to && r.to == self.from;
        same || (!r.directed && swapped)
    }
}

impl fmt::Display for RelationRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let arrow = if self.directed == Some(true) {
            "→"
        } else {
            "–"
        };
        write!(f, "{} {arrow} {}", self.from, self.to)?;
        if let Some(k) = self.kind {
            write!(f, " ({})", k.ron_name())?;
        }
        Ok(())
    }
}

/// What [`Edit::ChangeRelation`] changes; fields left `None` are kept.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct RelationChange {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<RelationKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl RelationChange {
    pub fn is_empty(&self) -> bool {
        self.weight.is_none()
            && self.kind.is_none()
            && self.confidence.is_none()
            && self.note.is_none()
    }
}

/// One change to a graph.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "edit", rename_all = "kebab-case")]
pub enum Edit {
    /// A new actor, with no relations yet.
    AddActor(Actor),
    /// Removes an actor, every relation touching it, and its name from events (an event
    /// left with no actor is removed).
    RemoveActor {
        id: ActorId,
    },
    /// Gives an actor a new id everywhere.
    RenameActor {
        from: ActorId,
        to: ActorId,
    },
    /// A new relation; refused when the same tie (actors, kind, direction) already exists.
    AddRelation(Relation),
    /// Adds a relation, or replaces the existing same tie.
    SetRelation(Relation),
    /// Removes one existing relation.
    RemoveRelation(RelationRef),
    /// Changes the weight, kind, confidence or note of one existing relation.
    ChangeRelation {
        relation: RelationRef,
        change: RelationChange,
    },
    /// Multiplies the weight of every relation of an actor, of a kind, or of both (an actor's
    /// relations of that kind); results are clamped to [-1, 1].
    ScaleRelations {
        #[serde(skip_serializing_if = "Option::is_none")]
        actor: Option<ActorId>,
        #[serde(skip_serializing_if = "Option::is_none")]
        kind: Option<RelationKind>,
        factor: f64,
    },
    /// Folds actor `from` into actor `into`: its relations and events move to `into`, its
    /// tags and attributes are added where `into` has none; then `from` is removed.
    MergeActors {
        from: ActorId,
        into: ActorId,
    },
    /// Sets (adds or overwrites) attributes of an actor.
    SetAttributes {
        actor: ActorId,
        attributes: BTreeMap<String, AttrValue>,
    },
    AddEvent(Event),
}

impl Edit {
    /// The edit's name as written in a scenario file.
    pub fn ron_name(&self) -> &'static str {
        match self {
            Edit::AddActor(_) => "AddActor",
            Edit::RemoveActor { .. } => "RemoveActor",
            Edit::RenameActor { .. } => "RenameActor",
            Edit::AddRelation(_) => "AddRelation",
            Edit::SetRelation(_) => "SetRelation",
            Edit::RemoveRelation(_) => "RemoveRelation",
            Edit::ChangeRelation { .. } => "ChangeRelation",
            Edit::ScaleRelations { .. } => "ScaleRelations",
            Edit::MergeActors { .. } => "MergeActors",
            Edit::SetAttributes { .. } => "SetAttributes",
            Edit::AddEvent(_) => "AddEvent",
        }
    }

    /// The edit in one line of plain words, for reports.
    pub fn describe(&self) -> String {
        let rel = |r: &Relation| {
            format!(
                "{} {} {} ({}, {})",
                r.from,
                if r.directed { "→" } else { "–" },
                r.to,
                r.kind.ron_name(),
                number(r.weight)
            )
        };
        match self {
            Edit::AddActor(a) => format!("add actor {} ({}, {})", a.id, a.name, a.kind),
            Edit::RemoveActor { id } => format!("remove actor {id} and its relations"),
            Edit::RenameActor { from, to } => format!("rename actor {from} to {to}"),
            Edit::AddRelation(r) => format!("add relation {}", rel(r)),
            Edit::SetRelation(r) => format!("set relation {}", rel(r)),
            Edit::RemoveRelation(r) => format!("remove relation {r}"),
            Edit::ChangeRelation { relation, change } => {
                let mut parts = Vec::new();
                if let Some(k) = change.kind {
                    parts.push(format!("kind {}", k.ron_name()));
                }
                if let Some(w) = change.weight {
                    parts.push(format!("weight {}", number(w)));
                }
                if let Some(c) = change.confidence {
                    parts.push(format!("confidence {}", c.ron_name()));
                }
                if change.note.is_some() {
                    parts.push("note".to_string());
                }
                format!("change relation {relation}: {}", parts.join(", "))
            }
            Edit::ScaleRelations {
                actor,
                kind,
                factor,
            } => {
                let what = match (actor, kind) {
                    (Some(a), Some(k)) => format!("{a}'s {} relations", k.ron_name()),
                    (Some(a), None) => format!("all relations of {a}"),
                    (None, Some(k)) => format!("all {} relations", k.ron_name()),
                    (None, None) => "no relations".to_string(),
                };
                format!("scale {what} by {}", number(*factor))
            }
            Edit::MergeActors { from, into } => format!("merge actor {from} into {into}"),
            Edit::SetAttributes { actor, attributes } => {
                let kv: Vec<String> = attributes.iter().map(|(k, v)| format!("{k}={v}")).collect();
                format!("set attributes of {actor}: {}", kv.join(", "))
            }
            Edit::AddEvent(e) => format!("add event {} ({}): {}", e.date, e.kind, e.summary),
        }
    }

    /// The edit in the scenario file syntax, indented by `indent`.
    pub fn to_ron(&self, indent: &str) -> String {
        let inner = format!("{indent}    ");
        match self {
            Edit::AddActor(a) => format!("AddActor({})", actor_to_string(a)),
            Edit::AddRelation(r) => format!("AddRelation({})", relation_to_string(r, &inner)),
            Edit::SetRelation(r) => format!("SetRelation({})", relation_to_string(r, &inner)),
            Edit::AddEvent(e) => format!("AddEvent({})", event_to_string(e, &inner)),
            Edit::RemoveActor { id } => format!("RemoveActor(id: {})", quote(id.as_str())),
            Edit::RenameActor { from, to } => format!(
                "RenameActor(from: {}, to: {})",
                quote(from.as_str()),
                quote(to.as_str())
            ),
            Edit::RemoveRelation(r) => format!("RemoveRelation({})", ref_fields(r)),
            Edit::ChangeRelation { relation, change } => {
                let mut s = ref_fields(relation);
                if let Some(k) = change.kind {
                    let _ = write!(s, ", new_kind: {}", k.ron_name());
                }
                if let Some(w) = change.weight {
                    let _ = write!(s, ", weight: {}", number(w));
                }
                if let Some(c) = change.confidence {
                    let _ = write!(s, ", confidence: {}", c.ron_name());
                }
                if let Some(n) = &change.note {
                    let _ = write!(s, ", note: {}", quote(n));
                }
                format!("ChangeRelation({s})")
            }
            Edit::ScaleRelations {
                actor,
                kind,
                factor,
            } => {
                let mut parts = Vec::new();
                if let Some(a) = actor {
                    parts.push(format!("actor: {}", quote(a.as_str())));
                }
                if let Some(k) = kind {
                    parts.push(format!("kind: {}", k.ron_name()));
                }
                parts.push(format!("factor: {}", number(*factor)));
                format!("ScaleRelations({})", parts.join(", "))
            }
            Edit::MergeActors { from, into } => format!(
                "MergeActors(from: {}, into: {})",
                quote(from.as_str()),
                quote(into.as_str())
            ),
            Edit::SetAttributes { actor, attributes } => {
                let kv: Vec<String> = attributes
                    .iter()
                    .map(|(k, v)| format!("{}: {}", quote(k), attr_value(v)))
                    .collect();
                format!(
                    "SetAttributes(actor: {}, attributes: {{{}}})",
                    quote(actor.as_str()),
                    kv.join(", ")
                )
            }
        }
    }
}

fn ref_fields(r: &RelationRef) -> String {
    let mut s = format!(
        "from: {}, to: {}",
        quote(r.from.as_str()),
        quote(r.to.as_str())
    );
    if let Some(k) = r.kind {
        let _ = write!(s, ", kind: {}", k.ron_name());
    }
    if let Some(d) = r.directed {
        let _ = write!(s, ", directed: {d}");
    }
    s
}

impl fmt::Display for Edit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_match_mutual_ties_both_ways_and_directed_ones_one_way() {
        let mutual = Relation::new("RUS", "AZE", RelationKind::Hostility, -0.6);
        let directed = Relation::new("RUS", "AZE", RelationKind::CovertAction, -0.5).directed();
        let back = RelationRef::new("AZE", "RUS");
        assert!(back.matches(&mutual));
        assert!(!back.matches(&directed));
        assert!(RelationRef::new("RUS", "AZE").matches(&directed));
        assert!(
            !RelationRef::new("RUS", "AZE")
                .kind(RelationKind::Trade)
                .matches(&mutual)
        );
    }

    #[test]
    fn describes_edits_in_words() {
        let e = Edit::ScaleRelations {
            actor: Some("RUS".into()),
            kind: None,
            factor: 1.5,
        };
        assert_eq!(e.describe(), "scale all relations of RUS by 1.5");
        let e = Edit::ChangeRelation {
            relation: RelationRef::new("RUS", "AZE").kind(RelationKind::Hostility),
            change: RelationChange {
                kind: Some(RelationKind::ArmedConflict),
                weight: Some(-0.9),
                ..RelationChange::default()
            },
        };
        assert_eq!(
            e.describe(),
            "change relation RUS – AZE (Hostility): kind ArmedConflict, weight -0.9"
        );
    }
}
