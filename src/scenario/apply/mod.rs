//! Applying edits to a graph, all or nothing, with an inverse for every edit.
//!
//! The edits run on a copy of the base kept as three ordered lists (actors, relations,
//! events), so that every change is a positional list operation whose exact inverse is known
//! when it is made: an insertion is undone by removing the same positions, a removal by
//! inserting the removed items back where they were, a replacement by putting the old item
//! back. Each edit's [`Inverse`] is the list of those undo steps, so undoing every edit in
//! reverse order gives back the base graph exactly, in the same order (checked by a property
//! test).
//!
//! An edit that names an unknown actor or a relation that does not exist is reported (located
//! in the scenario file when spans are given) and skipped, and the edits after it are still
//! checked, so that every problem is reported at once. The result is then validated with the
//! model's rules ([`crate::model::validate::check`]), each problem pointing at the edit that
//! caused it. Any error rejects the whole scenario: the base is never half-edited.
//!
//! `doc` holds the graph as ordered lists and the undo steps; `edits` applies one edit and
//! reports its problems; [`apply_located`] below runs the edits in order and validates the
//! result.

mod doc;
mod edits;
#[cfg(test)]
mod tests;

use doc::{Doc, Step};
use edits::Cx;

use super::edit::Edit;
use crate::diagnostic::{Diagnostic, ItemSpans, Span};
use crate::model::validate::{DocumentSpans, Items, check};
use crate::model::{ActorGraph, ActorId};
use std::collections::{HashMap, HashSet};

/// The inverse of one applied edit: the steps that undo it, in the order to run them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Inverse {
    steps: Vec<Step>,
}

impl Inverse {
    /// True when the edit changed nothing (nothing to undo).
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
}

/// A scenario's result: the edited graph and how to undo each edit.
#[derive(Debug, Clone)]
pub struct Applied {
    pub graph: ActorGraph,
    /// One inverse per edit, in edit order.
    pub inverses: Vec<Inverse>,
    /// Warnings about the result that the base did not have (an actor left without
    /// relations, an edit that matched nothing).
    pub warnings: Vec<Diagnostic>,
}

impl Applied {
    /// The base graph again: every edit undone, last first.
    pub fn undo(&self) -> ActorGraph {
        undo(&self.graph, &self.inverses)
    }
}

/// Undoes `inverses` (one per edit, in edit order) on `g`, last edit first.
pub fn undo(g: &ActorGraph, inverses: &[Inverse]) -> ActorGraph {
    let mut doc = Doc::from_graph(g);
    for inv in inverses.iter().rev() {
        for s in &inv.steps {
            doc.run(s.clone());
        }
    }
    let mut undone = doc.into_graph(g.name.clone(), g.description.clone());
    undone.combine = g.combine;
    undone
}

/// Where the edits come from, for located diagnostics.
#[derive(Debug, Clone, Copy, Default)]
pub struct Locations<'a> {
    /// The spans of each edit's fields, parallel to the edits. For `AddActor`,
    /// `AddRelation`, `SetRelation` and `AddEvent`, the spans of the item's fields.
    pub edits: Option<&'a [ItemSpans]>,
    /// Where the scenario names its base: problems in items no edit touched point here.
    pub base: Option<Span>,
    /// Ids of actors that an edit meant to add but that could not be read (already
    /// reported): edits naming them are skipped without another error.
    pub broken_ids: &'a [String],
}

/// Applies `edits` to a copy of `base`, without locations.
pub fn apply(base: &ActorGraph, edits: &[Edit]) -> Result<Applied, Vec<Diagnostic>> {
    apply_located(base, edits, &Locations::default())
}

/// Applies `edits` to a copy of `base`. On any error, returns every diagnostic (errors and
/// warnings, in source order) and no graph.
pub fn apply_located(
    base: &ActorGraph,
    edits: &[Edit],
    loc: &Locations,
) -> Result<Applied, Vec<Diagnostic>> {
    let mut doc = Doc::from_graph(base);
    let mut diags = Vec::new();
    let mut inverses = Vec::with_capacity(edits.len());
    let mut gone: HashMap<ActorId, (usize, &'static str)> = HashMap::new();
    let broken: HashSet<&str> = loc.broken_ids.iter().map(String::as_str).collect();
    let base_ids = std::cell::OnceCell::new();
    for (i, edit) in edits.iter().enumerate() {
        let mut cx = Cx {
            doc: &mut doc,
            diags: &mut diags,
            spans: loc.edits.and_then(|s| s.get(i)),
            edit_spans: loc.edits,
            gone: &mut gone,
            broken: &broken,
            base,
            base_ids: &base_ids,
            index: i,
            skip: false,
        };
        cx.doc.origin = Some(i);
        cx.apply(edit);
        inverses.push(Inverse {
            steps: std::mem::take(&mut doc.log).into_iter().rev().collect(),
        });
    }
    doc.origin = None;

    // The model's validation of the result, each problem at the edit that caused it.
    let spans = loc.edits.map(|edit_spans| {
        let base_span = ItemSpans::new(loc.base.unwrap_or_default());
        let of = |o: &Option<usize>, change: bool| match o {
            Some(i) => {
                let s = &edit_spans[*i];
                if change { check_spans(s) } else { s.clone() }
            }
            None => base_span.clone(),
        };
        let changes: Vec<bool> = edits
            .iter()
            .map(|e| matches!(e, Edit::ChangeRelation { .. }))
            .collect();
        let is_change = |o: &Option<usize>| o.is_some_and(|i| changes[i]);
        DocumentSpans {
            actors: doc.actor_origin.iter().map(|o| of(o, false)).collect(),
            relations: doc
                .relation_origin
                .iter()
                .map(|o| of(o, is_change(o)))
                .collect(),
            events: doc.event_origin.iter().map(|o| of(o, false)).collect(),
        }
    });
    let found = check(&Items {
        actors: &doc.actors,
        relations: &doc.relations,
        events: &doc.events,
        spans: spans.as_ref(),
        broken_ids: &[],
        // Skipped edits may have left actors without the relations they were to get.
        relations_incomplete: diags.iter().any(Diagnostic::is_error),
    });
    // Warnings the base already had are not the scenario's doing.
    let known: HashSet<(&str, String)> = if found.iter().any(|d| !d.is_error()) {
        base.validate()
            .into_iter()
            .map(|d| (d.code, d.message))
            .collect()
    } else {
        HashSet::new()
    };
    diags.extend(
        found
            .into_iter()
            .filter(|d| d.is_error() || !known.contains(&(d.code, d.message.clone()))),
    );
    crate::diagnostic::in_file_order(&mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    let mut graph = doc.into_graph(base.name.clone(), base.description.clone());
    graph.combine = base.combine;
    Ok(Applied {
        graph,
        inverses,
        warnings: diags,
    })
}

/// For a `ChangeRelation`, the spans the validation should point at: the new kind where one
/// is given (the selector `kind` otherwise).
fn check_spans(s: &ItemSpans) -> ItemSpans {
    let mut out = ItemSpans::new(s.whole);
    for f in ["from", "to", "weight", "confidence", "note"] {
        if s.has(f) {
            out.set(f, s.get(f));
        }
    }
    if s.has("new_kind") {
        out.set("kind", s.get("new_kind"));
    } else if s.has("kind") {
        out.set("kind", s.get("kind"));
    }
    out
}
