//! A graph file as serde types, for the `ron` crate (the reference RON implementation) and
//! for people who script edits in Rust: `ron::from_str::<GraphDoc>(&text)` reads a file
//! entente wrote, and `ron::to_string(&doc)` writes one entente reads to the same graph
//! (`examples/ron_edit.rs`; the differences, all deliberate, are in `docs/format.md`,
//! "The `ron` crate"). `tests/ron_conformance.rs` holds both sides to this.
//!
//! entente itself reads files with its own parser ([`super::from_str`]), for located,
//! all-at-once diagnostics; [`GraphDoc::into_graph`] runs the same validation on a document
//! read through serde.

use crate::diagnostic::Diagnostic;
use crate::model::validate::{Items, check, check_tallies};
use crate::model::{
    Actor, ActorGraph, ActorId, Confidence, Date, Event, EventWeighting, Relation, Tally,
};
use serde::{Deserialize, Serialize};

/// The `Graph(...)` root of a graph file, field for field.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename = "Graph", deny_unknown_fields)]
pub struct GraphDoc {
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub actors: Vec<Actor>,
    #[serde(default)]
    pub relations: Vec<Relation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty", with = "events")]
    pub events: Vec<Event>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tallies: Vec<Tally>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weighting: Option<EventWeighting>,
    /// Relation kind (kebab case) → layer, where the graph departs from the built-in layers.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub layers: std::collections::BTreeMap<String, String>,
}

impl GraphDoc {
    /// The document of a graph: its items in graph order.
    pub fn from_graph(g: &ActorGraph) -> GraphDoc {
        GraphDoc {
            name: g.name.clone(),
            description: g.description.clone(),
            actors: g.actors().cloned().collect(),
            relations: g.relations().cloned().collect(),
            events: g.events().to_vec(),
            tallies: g.tallies().to_vec(),
            weighting: g.weighting,
            layers: g
                .layers
                .named_overrides()
                .map(|(k, l)| (k.to_string(), l.to_string()))
                .collect(),
        }
    }

    /// The graph, after the checks a file passes ([`crate::model::validate`]); every
    /// problem otherwise (without places: serde keeps none).
    pub fn into_graph(self) -> Result<ActorGraph, Vec<Diagnostic>> {
        let mut diags = check(&Items {
            actors: &self.actors,
            relations: &self.relations,
            events: &self.events,
            spans: None,
            broken_ids: &[],
            relations_incomplete: false,
        });
        if !self.tallies.is_empty() {
            let known: std::collections::HashSet<&str> =
                self.actors.iter().map(|a| a.id.as_str()).collect();
            diags.extend(check_tallies(&self.tallies, None, &known));
        }
        if let Some(why) = self.weighting.as_ref().and_then(EventWeighting::problem) {
            diags.push(Diagnostic::error("E025", "bad event weighting").hint(why));
        }
        let layers = match crate::format::interchange::layers_from(self.layers) {
            Ok(l) => l,
            Err(e) => {
                diags.push(Diagnostic::error("E026", e));
                crate::model::LayerMap::default()
            }
        };
        if diags.iter().any(Diagnostic::is_error) {
            return Err(diags);
        }
        let mut g = ActorGraph::new(self.name);
        g.description = self.description;
        g.reserve(self.actors.len(), self.relations.len());
        for a in self.actors {
            g.add_actor(a).expect("validated actor");
        }
        for r in self.relations {
            g.push_relation_unchecked(r).expect("validated relation");
        }
        for e in self.events {
            g.add_event(e);
        }
        *g.tallies_mut() = self.tallies;
        g.weighting = self.weighting;
        g.layers = layers;
        Ok(g)
    }
}

/// Events as a graph file spells them: the confidence an identifier (`ProbablyTrue`), where
/// [`Event`]'s own serde form (its JSON) writes kebab case.
mod events {
    use super::*;

    #[derive(Serialize, Deserialize)]
    #[serde(rename = "Event", deny_unknown_fields)]
    struct FileEvent {
        date: Date,
        actors: Vec<ActorId>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<ActorId>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<ActorId>,
        kind: String,
        score: f64,
        #[serde(default)]
        confidence: Confidence,
        summary: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        sources: Vec<String>,
    }

    pub fn serialize<S: serde::Serializer>(v: &[Event], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|e| FileEvent {
            date: e.date,
            actors: e.actors.clone(),
            from: e.from.clone(),
            to: e.to.clone(),
            kind: e.kind.clone(),
            score: e.score,
            confidence: e.confidence,
            summary: e.summary.clone(),
            sources: e.sources.clone(),
        }))
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Event>, D::Error> {
        let v = Vec::<FileEvent>::deserialize(d)?;
        Ok(v.into_iter()
            .map(|e| Event {
                date: e.date,
                actors: e.actors,
                from: e.from,
                to: e.to,
                kind: e.kind,
                score: e.score,
                confidence: e.confidence,
                summary: e.summary,
                sources: e.sources,
            })
            .collect())
    }
}
