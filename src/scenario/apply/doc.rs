//! The graph being edited as three ordered lists (actors, relations, events), each change a
//! positional list operation whose exact inverse ([`Step`]) is logged as it is made.

use crate::model::{Actor, ActorGraph, ActorId, Event, Relation};

/// One undo step: a positional list operation.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Step {
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

/// The graph as ordered lists, with each item's last editor and the undo log of the edit
/// being applied.
#[derive(Debug, Default)]
pub(super) struct Doc {
    pub(super) actors: Vec<Actor>,
    pub(super) relations: Vec<Relation>,
    pub(super) events: Vec<Event>,
    pub(super) actor_origin: Vec<Option<usize>>,
    pub(super) relation_origin: Vec<Option<usize>>,
    pub(super) event_origin: Vec<Option<usize>>,
    /// The edit being applied, recorded as the origin of what it touches.
    pub(super) origin: Option<usize>,
    pub(super) log: Vec<Step>,
}

/// Inserts `items` (positions ascending, each the item's final position) into `v`.
pub(super) fn insert_at<T>(v: &mut Vec<T>, items: Vec<(usize, T)>) {
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
pub(super) fn remove_at<T>(v: &mut Vec<T>, positions: &[usize]) -> Vec<(usize, T)> {
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
    pub(super) fn from_graph(g: &ActorGraph) -> Doc {
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

    pub(super) fn into_graph(self, name: String, description: String) -> ActorGraph {
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
    pub(super) fn run(&mut self, s: Step) {
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

    pub(super) fn actor_pos(&self, id: &ActorId) -> Option<usize> {
        self.actors.iter().position(|a| &a.id == id)
    }

    pub(super) fn touch_actor(&mut self, id: &ActorId) {
        if let (Some(i), Some(o)) = (self.actor_pos(id), self.origin) {
            self.actor_origin[i] = Some(o);
        }
    }

    pub(super) fn insert_actor(&mut self, i: usize, a: Actor) {
        self.actors.insert(i, a);
        self.actor_origin.insert(i, self.origin);
        self.log.push(Step::RemoveActor(i));
    }

    pub(super) fn remove_actor(&mut self, i: usize) {
        let a = self.actors.remove(i);
        self.actor_origin.remove(i);
        self.log.push(Step::InsertActor(i, a));
    }

    pub(super) fn replace_actor(&mut self, i: usize, a: Actor) {
        let old = std::mem::replace(&mut self.actors[i], a);
        if self.origin.is_some() {
            self.actor_origin[i] = self.origin;
        }
        self.log.push(Step::ReplaceActor(i, old));
    }

    pub(super) fn push_relation(&mut self, r: Relation) {
        let at = self.relations.len();
        self.insert_relations(vec![(at, r)]);
    }

    pub(super) fn insert_relations(&mut self, items: Vec<(usize, Relation)>) {
        let positions: Vec<usize> = items.iter().map(|(i, _)| *i).collect();
        let origins = positions.iter().map(|&i| (i, self.origin)).collect();
        insert_at(&mut self.relations, items);
        insert_at(&mut self.relation_origin, origins);
        self.log.push(Step::RemoveRelations(positions));
    }

    pub(super) fn remove_relations(&mut self, positions: &[usize]) {
        if positions.is_empty() {
            return;
        }
        let removed = remove_at(&mut self.relations, positions);
        remove_at(&mut self.relation_origin, positions);
        self.log.push(Step::InsertRelations(removed));
    }

    pub(super) fn replace_relation(&mut self, i: usize, r: Relation) {
        let old = std::mem::replace(&mut self.relations[i], r);
        if self.origin.is_some() {
            self.relation_origin[i] = self.origin;
        }
        self.log.push(Step::ReplaceRelation(i, old));
    }

    pub(super) fn insert_events(&mut self, items: Vec<(usize, Event)>) {
        let positions: Vec<usize> = items.iter().map(|(i, _)| *i).collect();
        let origins = positions.iter().map(|&i| (i, self.origin)).collect();
        insert_at(&mut self.events, items);
        insert_at(&mut self.event_origin, origins);
        self.log.push(Step::RemoveEvents(positions));
    }

    pub(super) fn remove_events(&mut self, positions: &[usize]) {
        if positions.is_empty() {
            return;
        }
        let removed = remove_at(&mut self.events, positions);
        remove_at(&mut self.event_origin, positions);
        self.log.push(Step::InsertEvents(removed));
    }

    pub(super) fn replace_event(&mut self, i: usize, e: Event) {
        let old = std::mem::replace(&mut self.events[i], e);
        if self.origin.is_some() {
            self.event_origin[i] = self.origin;
        }
        self.log.push(Step::ReplaceEvent(i, old));
    }

    /// Positions of relations touching `id`.
    pub(super) fn relations_of(&self, id: &ActorId) -> Vec<usize> {
        (0..self.relations.len())
            .filter(|&i| &self.relations[i].from == id || &self.relations[i].to == id)
            .collect()
    }

    /// Replaces `old` by `new` in every event naming it (dropping a repeat), and removes
    /// events left with no actor.
    pub(super) fn retarget_events(&mut self, old: &ActorId, new: Option<&ActorId>) {
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
