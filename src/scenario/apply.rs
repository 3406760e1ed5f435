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

use super::edit::{Edit, RelationChange, RelationRef};
use crate::diagnostic::{Diagnostic, Span, suggest};
use crate::format::ron::decode::ItemSpans;
use crate::format::ron::number;
use crate::model::validate::{DocumentSpans, Items, check};
use crate::model::{Actor, ActorGraph, ActorId, Event, Relation};
use std::collections::{HashMap, HashSet};

/// One undo step: a positional list operation.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    InsertActor(usize, Actor),
    RemoveActor(usize),
    ReplaceActor(usize, Actor),
    /// Inserts relations so that each ends at its position; positions ascending.
    InsertRelations(Vec<(usize, Relation)>),
    /// Removes the relations at these positions; ascending.
    RemoveRelations(Vec<usize>),
    ReplaceRelation(usize, Relation),
    InsertEvents(Vec<(usize, Event)>),
    RemoveEvents(Vec<usize>),
    ReplaceEvent(usize, Event),
}

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
    doc.into_graph(g.name.clone(), g.description.clone())
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
    for (i, edit) in edits.iter().enumerate() {
        let mut cx = Cx {
            doc: &mut doc,
            diags: &mut diags,
            spans: loc.edits.and_then(|s| s.get(i)),
            edit_spans: loc.edits,
            gone: &mut gone,
            broken: &broken,
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
    diags.sort_by_key(|d| d.span.map_or(usize::MAX, |s| s.start));
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    Ok(Applied {
        graph: doc.into_graph(base.name.clone(), base.description.clone()),
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

/// The graph as ordered lists, with each item's last editor and the undo log of the edit
/// being applied.
#[derive(Debug, Default)]
struct Doc {
    actors: Vec<Actor>,
    relations: Vec<Relation>,
    events: Vec<Event>,
    actor_origin: Vec<Option<usize>>,
    relation_origin: Vec<Option<usize>>,
    event_origin: Vec<Option<usize>>,
    /// The edit being applied, recorded as the origin of what it touches.
    origin: Option<usize>,
    log: Vec<Step>,
}

/// Inserts `items` (positions ascending, each the item's final position) into `v`.
fn insert_at<T>(v: &mut Vec<T>, items: Vec<(usize, T)>) {
    if items.is_empty() {
        return;
    }
    let old = std::mem::take(v);
    let mut out = Vec::with_capacity(old.len() + items.len());
    let mut old = old.into_iter();
    for (pos, item) in items {
        while out.len() < pos {
            match old.next() {
                Some(x) => out.push(x),
                None => break,
            }
        }
        out.push(item);
    }
    out.extend(old);
    *v = out;
}

/// Removes the items at `positions` (ascending) from `v`, returning them with their positions.
fn remove_at<T>(v: &mut Vec<T>, positions: &[usize]) -> Vec<(usize, T)> {
    if positions.is_empty() {
        return Vec::new();
    }
    let old = std::mem::take(v);
    let mut removed = Vec::with_capacity(positions.len());
    let mut next = positions.iter().peekable();
    for (i, x) in old.into_iter().enumerate() {
        if next.peek() == Some(&&i) {
            next.next();
            removed.push((i, x));
        } else {
            v.push(x);
        }
    }
    removed
}

impl Doc {
    fn from_graph(g: &ActorGraph) -> Doc {
        let actors: Vec<Actor> = g.actors().cloned().collect();
        let relations: Vec<Relation> = g.relations().cloned().collect();
        let events = g.events().to_vec();
        Doc {
            actor_origin: vec![None; actors.len()],
            relation_origin: vec![None; relations.len()],
            event_origin: vec![None; events.len()],
            actors,
            relations,
            events,
            origin: None,
            log: Vec::new(),
        }
    }

    fn into_graph(self, name: String, description: String) -> ActorGraph {
        let mut g = ActorGraph::new(name);
        g.description = description;
        for a in self.actors {
            g.add_actor(a).expect("actor ids checked by validation");
        }
        for r in self.relations {
            g.push_relation_unchecked(r)
                .expect("relation actors checked by validation");
        }
        *g.events_mut() = self.events;
        g
    }

    /// Runs an undo step (no origins: undo works on a finished graph).
    fn run(&mut self, s: Step) {
        match s {
            Step::InsertActor(i, a) => self.insert_actor(i, a),
            Step::RemoveActor(i) => self.remove_actor(i),
            Step::ReplaceActor(i, a) => self.replace_actor(i, a),
            Step::InsertRelations(items) => self.insert_relations(items),
            Step::RemoveRelations(p) => self.remove_relations(&p),
            Step::ReplaceRelation(i, r) => self.replace_relation(i, r),
            Step::InsertEvents(items) => self.insert_events(items),
            Step::RemoveEvents(p) => self.remove_events(&p),
            Step::ReplaceEvent(i, e) => self.replace_event(i, e),
        }
    }

    fn actor_pos(&self, id: &ActorId) -> Option<usize> {
        self.actors.iter().position(|a| &a.id == id)
    }

    fn touch_actor(&mut self, id: &ActorId) {
        if let (Some(i), Some(o)) = (self.actor_pos(id), self.origin) {
            self.actor_origin[i] = Some(o);
        }
    }

    fn insert_actor(&mut self, i: usize, a: Actor) {
        self.actors.insert(i, a);
        self.actor_origin.insert(i, self.origin);
        self.log.push(Step::RemoveActor(i));
    }

    fn remove_actor(&mut self, i: usize) {
        let a = self.actors.remove(i);
        self.actor_origin.remove(i);
        self.log.push(Step::InsertActor(i, a));
    }

    fn replace_actor(&mut self, i: usize, a: Actor) {
        let old = std::mem::replace(&mut self.actors[i], a);
        if self.origin.is_some() {
            self.actor_origin[i] = self.origin;
        }
        self.log.push(Step::ReplaceActor(i, old));
    }

    fn push_relation(&mut self, r: Relation) {
        let at = self.relations.len();
        self.insert_relations(vec![(at, r)]);
    }

    fn insert_relations(&mut self, items: Vec<(usize, Relation)>) {
        let positions: Vec<usize> = items.iter().map(|(i, _)| *i).collect();
        let origins = positions.iter().map(|&i| (i, self.origin)).collect();
        insert_at(&mut self.relations, items);
        insert_at(&mut self.relation_origin, origins);
        self.log.push(Step::RemoveRelations(positions));
    }

    fn remove_relations(&mut self, positions: &[usize]) {
        if positions.is_empty() {
            return;
        }
        let removed = remove_at(&mut self.relations, positions);
        remove_at(&mut self.relation_origin, positions);
        self.log.push(Step::InsertRelations(removed));
    }

    fn replace_relation(&mut self, i: usize, r: Relation) {
        let old = std::mem::replace(&mut self.relations[i], r);
        if self.origin.is_some() {
            self.relation_origin[i] = self.origin;
        }
        self.log.push(Step::ReplaceRelation(i, old));
    }

    fn insert_events(&mut self, items: Vec<(usize, Event)>) {
        let positions: Vec<usize> = items.iter().map(|(i, _)| *i).collect();
        let origins = positions.iter().map(|&i| (i, self.origin)).collect();
        insert_at(&mut self.events, items);
        insert_at(&mut self.event_origin, origins);
        self.log.push(Step::RemoveEvents(positions));
    }

    fn remove_events(&mut self, positions: &[usize]) {
        if positions.is_empty() {
            return;
        }
        let removed = remove_at(&mut self.events, positions);
        remove_at(&mut self.event_origin, positions);
        self.log.push(Step::InsertEvents(removed));
    }

    fn replace_event(&mut self, i: usize, e: Event) {
        let old = std::mem::replace(&mut self.events[i], e);
        if self.origin.is_some() {
            self.event_origin[i] = self.origin;
        }
        self.log.push(Step::ReplaceEvent(i, old));
    }

    /// Positions of relations touching `id`.
    fn relations_of(&self, id: &ActorId) -> Vec<usize> {
        (0..self.relations.len())
            .filter(|&i| &self.relations[i].from == id || &self.relations[i].to == id)
            .collect()
    }

    /// Replaces `old` by `new` in every event naming it (dropping a repeat), and removes
    /// events left with no actor.
    fn retarget_events(&mut self, old: &ActorId, new: Option<&ActorId>) {
        let mut empty = Vec::new();
        for i in 0..self.events.len() {
            if !self.events[i].actors.contains(old) {
                continue;
            }
            let mut e = self.events[i].clone();
            e.retarget(old, new);
            if e.actors.is_empty() {
                empty.push(i);
            } else {
                self.replace_event(i, e);
            }
        }
        self.remove_events(&empty);
    }
}

/// Applying one edit, with what is needed to report its problems.
struct Cx<'a, 'd> {
    doc: &'d mut Doc,
    diags: &'d mut Vec<Diagnostic>,
    spans: Option<&'a ItemSpans>,
    edit_spans: Option<&'a [ItemSpans]>,
    /// Ids that earlier edits removed, renamed or merged away: the edit and what it did.
    gone: &'d mut HashMap<ActorId, (usize, &'static str)>,
    broken: &'d HashSet<&'a str>,
    index: usize,
    /// Set when the edit cannot be applied.
    skip: bool,
}

fn relation_label(r: &Relation) -> String {
    format!(
        "{} {} {} {} ({})",
        r.from,
        if r.directed { "→" } else { "–" },
        r.to,
        r.kind.ron_name(),
        number(r.weight)
    )
}

impl Cx<'_, '_> {
    fn span(&self, field: &str) -> Option<Span> {
        self.spans.map(|s| s.get(field))
    }

    fn error(&mut self, d: Diagnostic) {
        self.diags.push(d);
        self.skip = true;
    }

    /// Checks that `id` names an actor; reports it (written in `field`) otherwise.
    fn known(&mut self, id: &ActorId, field: &str) -> bool {
        if self.doc.actor_pos(id).is_some() {
            return true;
        }
        if self.broken.contains(id.as_str()) {
            self.skip = true;
            return false;
        }
        let mut d = Diagnostic::error("E033", format!("unknown actor `{id}`"))
            .at(self.span(field), "no actor has this id");
        if let Some(&(edit, what)) = self.gone.get(id) {
            let earlier = self.edit_spans.and_then(|s| s.get(edit)).map(|s| s.whole);
            d = d
                .also(earlier, format!("{what} here"))
                .hint(format!("`{id}` was {what} by edit {}", edit + 1));
        } else {
            let hint = match suggest(id.as_str(), self.doc.actors.iter().map(|a| a.id.as_str())) {
                Some(s) => format!("did you mean `{s}`?"),
                None => {
                    "add it first with `AddActor(Actor(id: ..., name: ..., kind: ...))`".to_string()
                }
            };
            d = d.hint(hint);
        }
        self.error(d);
        false
    }

    /// The position of the one relation `r` names, or a reported error.
    fn find(&mut self, r: &RelationRef) -> Option<usize> {
        let a = self.known(&r.from, "from");
        let b = self.known(&r.to, "to");
        if !(a && b) {
            return None;
        }
        let hits: Vec<usize> = (0..self.doc.relations.len())
            .filter(|&i| r.matches(&self.doc.relations[i]))
            .collect();
        match hits.as_slice() {
            [i] => Some(*i),
            [] => {
                let between: Vec<&Relation> = self
                    .doc
                    .relations
                    .iter()
                    .filter(|x| {
                        (x.from == r.from && x.to == r.to) || (x.from == r.to && x.to == r.from)
                    })
                    .collect();
                let hint = if between.is_empty() {
                    format!(
                        "`{}` and `{}` have no relation; create one with `AddRelation` or `SetRelation`",
                        r.from, r.to
                    )
                } else {
                    let kinds: Vec<&str> = between.iter().map(|x| x.kind.ron_name()).collect();
                    let list: Vec<String> = between.iter().map(|x| relation_label(x)).collect();
                    let reversed = between.iter().find(|x| {
                        x.directed && r.kind.is_none_or(|k| k == x.kind) && x.from == r.to
                    });
                    let guess = r
                        .kind
                        .and_then(|k| suggest(k.ron_name(), kinds.iter().copied()));
                    match (reversed, guess) {
                        (Some(x), _) => format!(
                            "the directed relation {} runs the other way: write `from: \"{}\", to: \"{}\"`",
                            relation_label(x),
                            x.from,
                            x.to
                        ),
                        (None, Some(g)) => {
                            format!("did you mean kind `{g}`? they have: {}", list.join("; "))
                        }
                        (None, None) => format!("they have: {}", list.join("; ")),
                    }
                };
                let at = if r.kind.is_some() { "kind" } else { "to" };
                self.error(
                    Diagnostic::error("E034", format!("no relation {r}"))
                        .at(self.span(at), "no such relation")
                        .hint(hint),
                );
                None
            }
            many => {
                let list: Vec<String> = many
                    .iter()
                    .map(|&i| relation_label(&self.doc.relations[i]))
                    .collect();
                self.error(
                    Diagnostic::error("E039", format!("{} relations match {r}", many.len()))
                        .at(self.span("to"), "which one?")
                        .hint(format!(
                            "name its kind with `kind: ...`; they are: {}",
                            list.join("; ")
                        )),
                );
                None
            }
        }
    }

    fn new_id_ok(&mut self, id: &ActorId, field: &str) -> bool {
        if let Some(why) = ActorId::problem(id.as_str()) {
            self.error(
                Diagnostic::error("E011", format!("invalid actor id `{id}`"))
                    .at(self.span(field), why)
                    .hint("use a short code such as \"AZE\" or \"SOCAR\""),
            );
            return false;
        }
        if self.doc.actor_pos(id).is_some() {
            self.error(
                Diagnostic::error("E035", format!("actor `{id}` already exists"))
                    .at(self.span(field), "this id is taken")
                    .hint("choose another id; to change the existing actor use `SetAttributes` or `RenameActor`"),
            );
            return false;
        }
        true
    }

    fn apply(&mut self, edit: &Edit) {
        match edit {
            Edit::AddActor(a) => {
                if self.new_id_ok(&a.id, "id") {
                    let at = self.doc.actors.len();
                    self.doc.insert_actor(at, a.clone());
                    self.gone.remove(&a.id);
                }
            }
            Edit::RemoveActor { id } => {
                if !self.known(id, "id") {
                    return;
                }
                for other in self
                    .doc
                    .relations_of(id)
                    .iter()
                    .map(|&i| {
                        let r = &self.doc.relations[i];
                        if &r.from == id {
                            r.to.clone()
                        } else {
                            r.from.clone()
                        }
                    })
                    .collect::<Vec<_>>()
                {
                    self.doc.touch_actor(&other);
                }
                let rels = self.doc.relations_of(id);
                self.doc.remove_relations(&rels);
                self.doc.retarget_events(id, None);
                let i = self.doc.actor_pos(id).expect("checked");
                self.doc.remove_actor(i);
                self.gone.insert(id.clone(), (self.index, "removed"));
            }
            Edit::RenameActor { from, to } => {
                if from == to {
                    self.error(
                        Diagnostic::error(
                            "E038",
                            format!("renaming `{from}` to itself changes nothing"),
                        )
                        .at(self.span("to"), "same id as `from`")
                        .hint("give the new id, or remove the edit"),
                    );
                    return;
                }
                let a = self.known(from, "from");
                let b = self.new_id_ok(to, "to");
                if !(a && b) {
                    return;
                }
                let i = self.doc.actor_pos(from).expect("checked");
                let mut actor = self.doc.actors[i].clone();
                actor.id = to.clone();
                self.doc.replace_actor(i, actor);
                for j in self.doc.relations_of(from) {
                    let mut r = self.doc.relations[j].clone();
                    if &r.from == from {
                        r.from = to.clone();
                    }
                    if &r.to == from {
                        r.to = to.clone();
                    }
                    self.doc.replace_relation(j, r);
                }
                self.doc.retarget_events(from, Some(to));
                self.gone.insert(from.clone(), (self.index, "renamed"));
                self.gone.remove(to);
            }
            Edit::AddRelation(r) => {
                let a = self.known(&r.from, "from");
                let b = self.known(&r.to, "to");
                if !(a && b) {
                    return;
                }
                if let Some(old) = self.doc.relations.iter().find(|x| x.same_tie(r)) {
                    let label = relation_label(old);
                    self.error(
                        Diagnostic::error("E036", format!("relation {label} already exists"))
                            .at(self.spans.map(|s| s.whole), "already in the graph")
                            .hint("use `SetRelation` to replace it, or `ChangeRelation` to change its weight, kind or confidence"),
                    );
                    return;
                }
                self.doc.push_relation(r.clone());
                self.doc.touch_actor(&r.from);
                self.doc.touch_actor(&r.to);
            }
            Edit::SetRelation(r) => {
                let a = self.known(&r.from, "from");
                let b = self.known(&r.to, "to");
                if !(a && b) {
                    return;
                }
                match self.doc.relations.iter().position(|x| x.same_tie(r)) {
                    Some(i) => self.doc.replace_relation(i, r.clone()),
                    None => self.doc.push_relation(r.clone()),
                }
                self.doc.touch_actor(&r.from);
                self.doc.touch_actor(&r.to);
            }
            Edit::RemoveRelation(r) => {
                if let Some(i) = self.find(r) {
                    let (from, to) = {
                        let x = &self.doc.relations[i];
                        (x.from.clone(), x.to.clone())
                    };
                    self.doc.remove_relations(&[i]);
                    self.doc.touch_actor(&from);
                    self.doc.touch_actor(&to);
                }
            }
            Edit::ChangeRelation { relation, change } => {
                if change.is_empty() {
                    self.error(
                        Diagnostic::error("E038", "`ChangeRelation` changes nothing")
                            .at(self.spans.map(|s| s.whole), "no change given")
                            .hint(
                                "give at least one of `weight`, `new_kind`, `confidence`, `note`",
                            ),
                    );
                }
                if let Some(i) = self.find(relation) {
                    if self.skip {
                        return;
                    }
                    let r = changed(&self.doc.relations[i], change);
                    self.doc.replace_relation(i, r);
                }
            }
            Edit::ScaleRelations {
                actor,
                kind,
                factor,
            } => {
                if actor.is_none() && kind.is_none() {
                    self.error(
                        Diagnostic::error("E040", "`ScaleRelations` needs `actor`, `kind` or both")
                            .at(self.spans.map(|s| s.whole), "scales what?")
                            .hint("add `actor: \"RUS\"` to scale an actor's relations, `kind: Trade` to scale a kind"),
                    );
                }
                if !(factor.is_finite() && *factor > 0.0) {
                    self.error(
                        Diagnostic::error("E037", format!("scale factor {} is not a positive number", number(*factor)))
                            .at(self.span("factor"), "must be > 0")
                            .hint("a factor above 1 strengthens relations, below 1 weakens them; to remove relations use `RemoveRelation`"),
                    );
                }
                if let Some(a) = actor
                    && !self.known(a, "actor")
                {
                    return;
                }
                if self.skip {
                    return;
                }
                let hits: Vec<usize> = (0..self.doc.relations.len())
                    .filter(|&i| {
                        let r = &self.doc.relations[i];
                        actor.as_ref().is_none_or(|a| &r.from == a || &r.to == a)
                            && kind.is_none_or(|k| r.kind == k)
                    })
                    .collect();
                if hits.is_empty() {
                    self.diags.push(
                        Diagnostic::warning("W030", "`ScaleRelations` matches no relation")
                            .at(self.spans.map(|s| s.whole), "changes nothing")
                            .hint("check the actor and the kind"),
                    );
                }
                for i in hits {
                    let mut r = self.doc.relations[i].clone();
                    r.weight = (r.weight * factor).clamp(-1.0, 1.0);
                    if r.weight != self.doc.relations[i].weight {
                        self.doc.replace_relation(i, r);
                    }
                }
            }
            Edit::MergeActors { from, into } => {
                let a = self.known(from, "from");
                let b = self.known(into, "into");
                if !(a && b) {
                    return;
                }
                if from == into {
                    self.error(
                        Diagnostic::error("E041", format!("cannot merge `{from}` into itself"))
                            .at(self.span("into"), "same actor as `from`")
                            .hint("name two different actors"),
                    );
                    return;
                }
                self.merge(from, into);
                self.gone.insert(from.clone(), (self.index, "merged away"));
            }
            Edit::SetAttributes { actor, attributes } => {
                if attributes.is_empty() {
                    self.error(
                        Diagnostic::error("E038", "`SetAttributes` changes nothing")
                            .at(self.span("attributes"), "no attributes given")
                            .hint("write `attributes: {\"key\": value}`"),
                    );
                }
                if !self.known(actor, "actor") || self.skip {
                    return;
                }
                let i = self.doc.actor_pos(actor).expect("checked");
                let mut a = self.doc.actors[i].clone();
                a.attributes
                    .extend(attributes.iter().map(|(k, v)| (k.clone(), v.clone())));
                self.doc.replace_actor(i, a);
            }
            Edit::AddEvent(e) => {
                let ok = e
                    .actors
                    .iter()
                    .map(|a| self.known(a, "actors"))
                    .fold(true, |x, y| x & y);
                if ok {
                    let at = self.doc.events.len();
                    self.doc.insert_events(vec![(at, e.clone())]);
                }
            }
        }
    }

    /// Folds `from` into `into` (both known, different).
    fn merge(&mut self, from: &ActorId, into: &ActorId) {
        // The ties `into` already has, to find where both had the same tie to a third actor.
        // Positions stay valid: relations are only replaced until the removals at the end.
        let tie_key = |r: &Relation| {
            let (a, b) = (r.from.clone(), r.to.clone());
            if r.directed || a <= b {
                (r.kind, r.directed, a, b)
            } else {
                (r.kind, r.directed, b, a)
            }
        };
        let own: HashMap<_, usize> = self
            .doc
            .relations
            .iter()
            .enumerate()
            .filter(|(_, r)| (&r.from == into || &r.to == into) && &r.from != from && &r.to != from)
            .map(|(j, r)| (tie_key(r), j))
            .collect();
        let mut drop = Vec::new();
        for i in self.doc.relations_of(from) {
            let mut r = self.doc.relations[i].clone();
            if &r.from == from {
                r.from = into.clone();
            }
            if &r.to == from {
                r.to = into.clone();
            }
            if r.from == r.to {
                drop.push(i);
                continue;
            }
            match own.get(&tie_key(&r)).copied() {
                // Both had this tie with the same third actor: keep the stronger.
                Some(j) => {
                    if r.weight.abs() > self.doc.relations[j].weight.abs() {
                        self.doc.replace_relation(j, r);
                    }
                    drop.push(i);
                }
                None => self.doc.replace_relation(i, r),
            }
        }
        drop.sort_unstable();
        self.doc.remove_relations(&drop);
        self.doc.retarget_events(from, Some(into));
        let fi = self.doc.actor_pos(from).expect("checked");
        let ii = self.doc.actor_pos(into).expect("checked");
        let gone = self.doc.actors[fi].clone();
        let mut kept = self.doc.actors[ii].clone();
        for t in gone.tags {
            if !kept.tags.contains(&t) {
                kept.tags.push(t);
            }
        }
        for (k, v) in gone.attributes {
            kept.attributes.entry(k).or_insert(v);
        }
        if kept.region.is_none() {
            kept.region = gone.region;
        }
        if kept != self.doc.actors[ii] {
            self.doc.replace_actor(ii, kept);
        } else {
            self.doc.touch_actor(into);
        }
        self.doc.remove_actor(fi);
    }
}

fn changed(r: &Relation, c: &RelationChange) -> Relation {
    let mut r = r.clone();
    if let Some(w) = c.weight {
        r.weight = w;
    }
    if let Some(k) = c.kind {
        r.kind = k;
    }
    if let Some(conf) = c.confidence {
        r.confidence = conf;
    }
    if let Some(n) = &c.note {
        r.note = Some(n.clone());
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActorKind, RelationKind};

    fn base() -> ActorGraph {
        let mut g = ActorGraph::new("base");
        for id in ["RUS", "AZE", "TUR", "WAG"] {
            g.add_actor(Actor::new(id, id, ActorKind::State)).unwrap();
        }
        g.add_relation(Relation::new("RUS", "AZE", RelationKind::Hostility, -0.6))
            .unwrap();
        g.add_relation(Relation::new("TUR", "AZE", RelationKind::Alliance, 0.9))
            .unwrap();
        g.add_relation(Relation::new("RUS", "TUR", RelationKind::Trade, 0.4))
            .unwrap();
        g.add_relation(Relation::new("WAG", "AZE", RelationKind::CovertAction, -0.7).directed())
            .unwrap();
        g.add_relation(Relation::new("WAG", "RUS", RelationKind::Alliance, 0.8))
            .unwrap();
        g
    }

    #[test]
    fn merge_moves_relations_and_drops_the_tie_between_the_two() {
        let g = base();
        let edits = vec![Edit::MergeActors {
            from: "WAG".into(),
            into: "RUS".into(),
        }];
        let out = apply(&g, &edits).unwrap();
        assert!(!out.graph.contains(&"WAG".into()));
        let rus: Vec<String> = out
            .graph
            .relations_of(&"RUS".into())
            .iter()
            .map(|(_, r)| relation_label(r))
            .collect();
        assert_eq!(
            rus,
            [
                "RUS – AZE Hostility (-0.6)",
                "RUS – TUR Trade (0.4)",
                "RUS → AZE CovertAction (-0.7)"
            ]
        );
        assert_eq!(out.undo(), g);
    }

    #[test]
    fn one_bad_edit_rejects_everything_and_all_problems_are_reported() {
        let g = base();
        let edits = vec![
            Edit::RemoveRelation(RelationRef::new("RUS", "AZE").kind(RelationKind::Trade)),
            Edit::RemoveActor { id: "AZR".into() },
            Edit::ScaleRelations {
                actor: Some("TUR".into()),
                kind: None,
                factor: 2.0,
            },
            Edit::SetRelation(Relation::new("TUR", "AZE", RelationKind::Alliance, 1.5)),
        ];
        let errs = apply(&g, &edits).unwrap_err();
        let codes: Vec<&str> = errs.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["E034", "E033", "E015"]);
        assert_eq!(errs[1].hint.as_deref(), Some("did you mean `AZE`?"));
        assert!(errs[0].hint.as_deref().unwrap().contains("Hostility"));
    }

    #[test]
    fn scaling_clamps_and_undo_restores_exact_weights() {
        let g = base();
        let edits = vec![Edit::ScaleRelations {
            actor: Some("AZE".into()),
            kind: None,
            factor: 1.5,
        }];
        let out = apply(&g, &edits).unwrap();
        let w: Vec<f64> = out.graph.relations().map(|r| r.weight).collect();
        assert_eq!(w, [-0.8999999999999999, 1.0, 0.4, -1.0, 0.8]);
        assert_eq!(out.undo(), g);
    }

    #[test]
    fn removed_actor_is_named_in_later_errors() {
        let g = base();
        let edits = vec![
            Edit::RemoveActor { id: "WAG".into() },
            Edit::AddRelation(Relation::new("WAG", "TUR", RelationKind::Rivalry, -0.2)),
        ];
        let errs = apply(&g, &edits).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].hint.as_deref(), Some("`WAG` was removed by edit 1"));
    }

    #[test]
    fn insert_and_remove_at_are_inverse() {
        let mut v: Vec<u32> = (0..10).collect();
        let removed = remove_at(&mut v, &[0, 3, 4, 9]);
        assert_eq!(v, [1, 2, 5, 6, 7, 8]);
        insert_at(&mut v, removed);
        assert_eq!(v, (0..10).collect::<Vec<_>>());
    }
}
