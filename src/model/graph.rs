//! [`ActorGraph`]: actors and relations over a petgraph `StableGraph`, keyed by [`ActorId`].

use super::FastMap;
use super::combine::Combine;
use super::date::Date;
use super::layer::LayerMap;
use super::tally::{EventWeighting, Tally};
use super::types::{Actor, ActorId, Confidence, Event, Relation, RelationKind};
use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::EdgeRef;
use std::collections::HashSet;
use std::fmt;

/// Why an edit to an [`ActorGraph`] was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelError {
    DuplicateActor(ActorId),
    UnknownActor(ActorId),
    InvalidId(String, &'static str),
    SelfRelation(ActorId),
    DuplicateRelation { from: ActorId, to: ActorId },
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::DuplicateActor(id) => write!(f, "actor `{id}` already exists"),
            ModelError::UnknownActor(id) => write!(f, "no actor `{id}`"),
            ModelError::InvalidId(id, why) => write!(f, "`{id}`: {why}"),
            ModelError::SelfRelation(id) => write!(f, "a relation from `{id}` to itself"),
            ModelError::DuplicateRelation { from, to } => {
                write!(
                    f,
                    "a relation of this kind between `{from}` and `{to}` already exists"
                )
            }
        }
    }
}

impl std::error::Error for ModelError {}

/// Which relations an analysis sees.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Keep only relations in force on this date.
    pub as_of: Option<Date>,
    /// Keep only relations at least this credible.
    pub min_confidence: Option<Confidence>,
}

/// Which relations an analysis reads by their dates. Every command and the library default to
/// the same choice: the relations in force on the latest date the graph names, so an ended war
/// (`until: "2020"`) is history, not a live fault line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AsOf {
    /// Those in force on the latest date the graph names (its relations' `since`/`until` and
    /// its events' dates); every relation when the graph names no date.
    #[default]
    Latest,
    /// Those in force on this date.
    On(Date),
    /// Every relation, whatever its dates.
    AllDates,
}

impl AsOf {
    /// The date this choice reads relations on for `graphs` (the latest of their latest
    /// dates), or `None` for every relation.
    pub fn date(self, graphs: &[&ActorGraph]) -> Option<Date> {
        match self {
            AsOf::On(d) => Some(d),
            AsOf::AllDates => None,
            AsOf::Latest => graphs
                .iter()
                .filter_map(|g| g.latest_date())
                .max_by_key(|d| d.last_day()),
        }
    }
}

impl Filter {
    pub fn keeps(&self, r: &Relation) -> bool {
        self.as_of.is_none_or(|d| r.in_force(&d))
            && self.min_confidence.is_none_or(|c| r.confidence.at_least(c))
    }

    pub fn is_empty(&self) -> bool {
        self.as_of.is_none() && self.min_confidence.is_none()
    }
}

/// A graph of actors and the signed relations between them, plus dated events.
///
/// Each relation is one petgraph edge from `from` to `to`; a mutual relation is stored once
/// and read both ways by the analyses. Iteration order is the order of insertion (node and
/// edge index order), which is file order for a loaded graph.
#[derive(Debug, Clone, Default)]
pub struct ActorGraph {
    pub name: String,
    pub description: String,
    graph: StableDiGraph<Actor, Relation>,
    index: FastMap<ActorId, NodeIndex>,
    events: Vec<Event>,
    /// Event counts per directed dyad and period (a graph built from event data).
    tallies: Vec<Tally>,
    /// How the tallies become relation weights; set in a graph built from event data, whose
    /// `Interaction` relations `--as-of` then recomputes from the tallies.
    pub weighting: Option<EventWeighting>,
    /// How parallel relations between two actors combine into the net tie the analyses read
    /// ([`super::combine`]). A reading choice, not data: files do not store it.
    pub combine: Combine,
    /// Which layer each relation kind belongs to ([`super::layer`]): the built-in mapping
    /// with the file's `layers` over it.
    pub layers: LayerMap,
}

impl ActorGraph {
    pub fn new(name: impl Into<String>) -> ActorGraph {
        ActorGraph {
            name: name.into(),
            ..ActorGraph::default()
        }
    }

    /// The underlying petgraph graph, for algorithms that want it directly.
    pub fn graph(&self) -> &StableDiGraph<Actor, Relation> {
        &self.graph
    }

    pub fn actor_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn relation_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Makes room for this many more actors and relations (exactly: a large graph built in
    /// one go then needs no regrowth, whose copies would double the peak memory).
    pub fn reserve(&mut self, actors: usize, relations: usize) {
        self.graph.reserve_exact_nodes(actors);
        self.graph.reserve_exact_edges(relations);
        self.index.reserve(actors);
    }

    pub fn add_actor(&mut self, actor: Actor) -> Result<NodeIndex, ModelError> {
        if let Some(why) = ActorId::problem(actor.id.as_str()) {
            return Err(ModelError::InvalidId(actor.id.to_string(), why));
        }
        if self.index.contains_key(&actor.id) {
            return Err(ModelError::DuplicateActor(actor.id));
        }
        let id = actor.id.clone();
        let n = self.graph.add_node(actor);
        self.index.insert(id, n);
        Ok(n)
    }

    /// Adds `actors` to a graph that has none yet, as nodes 0, 1, ... in their order, then
    /// runs `then` on the graph (a loader adding the relations) while `beside` and then the
    /// actors' index by id run on another rayon thread; `then` must not look actors up by
    /// id. The
    /// result is the graph [`ActorGraph::add_actor`] one actor at a time would give, for
    /// actors it accepts (valid ids, none twice: a validated file's). At a million actors
    /// the index is a fifth of the graph's build (issue 21).
    pub(crate) fn add_actors_then<R: Send>(
        &mut self,
        actors: Vec<Actor>,
        beside: impl FnOnce() + Send,
        then: impl FnOnce(&mut ActorGraph) -> R + Send,
    ) -> R {
        use petgraph::visit::NodeIndexable;
        assert!(self.graph.node_bound() == 0, "a graph without actors");
        debug_assert!(
            actors
                .iter()
                .all(|a| ActorId::problem(a.id.as_str()).is_none())
        );
        let ids: Vec<ActorId> = actors.iter().map(|a| a.id.clone()).collect();
        let mut index = std::mem::take(&mut self.index);
        let (done, ()) = rayon::join(
            || {
                for a in actors {
                    self.graph.add_node(a);
                }
                then(self)
            },
            || {
                beside();
                for (i, id) in ids.into_iter().enumerate() {
                    let first = index.insert(id, NodeIndex::new(i));
                    debug_assert!(first.is_none(), "an id given twice");
                }
            },
        );
        self.index = index;
        done
    }

    /// Adds a relation between two existing actors. Refuses self-relations and a second
    /// relation of the same kind between the same actors in the same way.
    pub fn add_relation(&mut self, relation: Relation) -> Result<EdgeIndex, ModelError> {
        let a = self.node(&relation.from)?;
        let b = self.node(&relation.to)?;
        if a == b {
            return Err(ModelError::SelfRelation(relation.from));
        }
        if self.find_relation(&relation).is_some() {
            return Err(ModelError::DuplicateRelation {
                from: relation.from,
                to: relation.to,
            });
        }
        Ok(self.push_relation_between(a, b, relation))
    }

    /// The edge of a relation that is the same tie as `r` (same actors, kind and direction).
    pub fn find_relation(&self, r: &Relation) -> Option<EdgeIndex> {
        let a = *self.index.get(&r.from)?;
        self.graph
            .edges_directed(a, Direction::Outgoing)
            .chain(self.graph.edges_directed(a, Direction::Incoming))
            .find(|e| e.weight().same_tie(r))
            .map(|e| e.id())
    }

    pub fn add_event(&mut self, event: Event) {
        self.events.push(event);
    }

    /// The latest date the graph names (relation dates and events), by the last day it
    /// covers: the default date of every analysis ([`AsOf::Latest`]).
    ///
    /// Of dates ending on the same day, the last met: the relations' in edge order (read in
    /// runs on the rayon threads, a scan of ten million in a large graph), then the events',
    /// then the tallies'.
    pub fn latest_date(&self) -> Option<Date> {
        self.latest_date_in(1 << 16)
    }

    /// [`ActorGraph::latest_date`] with the relations read in runs of `run` (tests: small).
    fn latest_date_in(&self, run: usize) -> Option<Date> {
        use petgraph::visit::EdgeIndexable;
        use rayon::prelude::*;
        // The later of two dates met in this order (the second when they end together).
        let later = |a: Option<Date>, b: Option<Date>| match (a, b) {
            (Some(x), Some(y)) if x.last_day() > y.last_day() => Some(x),
            (x, None) => x,
            (_, y) => y,
        };
        let of_runs = |range: std::ops::Range<usize>| {
            range
                .map(EdgeIndex::new)
                .flat_map(|e| [self.graph[e].since, self.graph[e].until])
                .fold(None, later)
        };
        let m = self.graph.edge_count();
        let relations = if m == self.graph.edge_bound() {
            // No removed edge: edge `i` is the `i`th relation.
            (0..m.div_ceil(run))
                .into_par_iter()
                .map(|c| of_runs(c * run..m.min((c + 1) * run)))
                .reduce(|| None, later)
        } else {
            self.relations()
                .flat_map(|r| [r.since, r.until])
                .fold(None, later)
        };
        self.events()
            .iter()
            .map(|e| e.date)
            .chain(self.tallies.iter().filter_map(|t| {
                let (y, m, d) = t.period.last_day();
                Date::ymd(y, m, d).ok()
            }))
            .fold(relations, |l, d| later(l, Some(d)))
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    pub fn events_mut(&mut self) -> &mut Vec<Event> {
        &mut self.events
    }

    pub fn tallies(&self) -> &[Tally] {
        &self.tallies
    }

    pub fn tallies_mut(&mut self) -> &mut Vec<Tally> {
        &mut self.tallies
    }

    /// The node of an actor id.
    pub fn node(&self, id: &ActorId) -> Result<NodeIndex, ModelError> {
        self.index
            .get(id)
            .copied()
            .ok_or_else(|| ModelError::UnknownActor(id.clone()))
    }

    pub fn contains(&self, id: &ActorId) -> bool {
        self.index.contains_key(id)
    }

    pub fn actor(&self, id: &ActorId) -> Option<&Actor> {
        self.index.get(id).map(|&n| &self.graph[n])
    }

    /// Mutable access to an actor's fields. Changing `id` through it is not allowed;
    /// use [`ActorGraph::rename_actor`].
    pub fn actor_mut(&mut self, id: &ActorId) -> Option<&mut Actor> {
        let n = *self.index.get(id)?;
        Some(&mut self.graph[n])
    }

    /// Actors in insertion order.
    pub fn actors(&self) -> impl Iterator<Item = &Actor> + '_ {
        self.graph.node_indices().map(move |n| &self.graph[n])
    }

    /// Relations in insertion order.
    pub fn relations(&self) -> impl Iterator<Item = &Relation> + '_ {
        self.graph.edge_indices().map(move |e| &self.graph[e])
    }

    /// Relations with their edge indices, in insertion order.
    pub fn relation_entries(&self) -> impl Iterator<Item = (EdgeIndex, &Relation)> + '_ {
        self.graph.edge_indices().map(move |e| (e, &self.graph[e]))
    }

    pub fn relation(&self, e: EdgeIndex) -> Option<&Relation> {
        self.graph.edge_weight(e)
    }

    /// Mutable access to a relation. Its `from`/`to` must not be changed through it.
    pub fn relation_mut(&mut self, e: EdgeIndex) -> Option<&mut Relation> {
        self.graph.edge_weight_mut(e)
    }

    /// Every relation touching `id`, either end, in edge order.
    pub fn relations_of(&self, id: &ActorId) -> Vec<(EdgeIndex, &Relation)> {
        let Some(&n) = self.index.get(id) else {
            return Vec::new();
        };
        let mut v: Vec<_> = self
            .graph
            .edges_directed(n, Direction::Outgoing)
            .chain(self.graph.edges_directed(n, Direction::Incoming))
            .map(|e| (e.id(), e.weight()))
            .collect();
        v.sort_by_key(|(e, _)| e.index());
        v
    }

    /// Removes an actor and every relation touching it; its members (`part_of` it) are then
    /// part of nothing.
    pub fn remove_actor(&mut self, id: &ActorId) -> Option<Actor> {
        let n = self.index.remove(id)?;
        for m in self.graph.node_indices().collect::<Vec<_>>() {
            if self.graph[m].part_of.as_ref() == Some(id) {
                self.graph[m].part_of = None;
            }
        }
        self.graph.remove_node(n)
    }

    /// Keeps only the relations `keep` accepts (it is handed the graph's layer mapping).
    pub fn retain_relations(&mut self, mut keep: impl FnMut(&LayerMap, &Relation) -> bool) {
        let layers = &self.layers;
        self.graph.retain_edges(|g, e| keep(layers, &g[e]));
    }

    pub fn remove_relation(&mut self, e: EdgeIndex) -> Option<Relation> {
        self.graph.remove_edge(e)
    }

    /// Gives an actor a new id, updating every relation and event that names it.
    pub fn rename_actor(&mut self, old: &ActorId, new: ActorId) -> Result<(), ModelError> {
        if let Some(why) = ActorId::problem(new.as_str()) {
            return Err(ModelError::InvalidId(new.to_string(), why));
        }
        if self.index.contains_key(&new) {
            return Err(ModelError::DuplicateActor(new));
        }
        let n = self.node(old)?;
        self.index.remove(old);
        self.index.insert(new.clone(), n);
        self.graph[n].id = new.clone();
        let edges: Vec<EdgeIndex> = self
            .graph
            .edges_directed(n, Direction::Outgoing)
            .chain(self.graph.edges_directed(n, Direction::Incoming))
            .map(|e| e.id())
            .collect();
        for e in edges {
            let r = &mut self.graph[e];
            if &r.from == old {
                r.from = new.clone();
            }
            if &r.to == old {
                r.to = new.clone();
            }
        }
        for n in self.graph.node_indices().collect::<Vec<_>>() {
            if self.graph[n].part_of.as_ref() == Some(old) {
                self.graph[n].part_of = Some(new.clone());
            }
        }
        for ev in &mut self.events {
            for a in ev.actors.iter_mut().chain(&mut ev.from).chain(&mut ev.to) {
                if a == old {
                    *a = new.clone();
                }
            }
        }
        for t in &mut self.tallies {
            for a in [&mut t.from, &mut t.to] {
                if a == old {
                    *a = new.clone();
                }
            }
        }
        Ok(())
    }

    /// A copy keeping every actor but only the relations `filter` keeps. Events are kept
    /// when `as_of` is unset or they happened on or before it. In a graph built from event
    /// data (with a `weighting`), `as_of` also replaces the `Interaction` relations of the
    /// tallied dyads by their weights at that date, read from the tallies up to then.
    pub fn filtered(&self, filter: &Filter) -> ActorGraph {
        let derived = match (filter.as_of, self.weighting) {
            (Some(d), Some(w)) => w.relations_at(&self.tallies, d.last_day()),
            _ => Vec::new(),
        };
        self.filtered_with(filter, derived)
    }

    /// [`ActorGraph::filtered`] handed the tallies' relations on `filter.as_of` (what
    /// [`EventWeighting::relations_at`] gives for its last day; empty without a date or a
    /// weighting), for a caller that needs them as well and so computes them once.
    pub fn filtered_with(&self, filter: &Filter, derived: Vec<Relation>) -> ActorGraph {
        if filter.is_empty() {
            return self.clone();
        }
        let mut g = ActorGraph::new(self.name.clone());
        g.description = self.description.clone();
        for a in self.actors() {
            g.add_actor(a.clone()).expect("actors of a valid graph");
        }
        let tallied: HashSet<(&ActorId, &ActorId)> = match (filter.as_of, self.weighting) {
            (Some(_), Some(_)) => self.tallies.iter().map(|t| (&t.from, &t.to)).collect(),
            _ => HashSet::new(),
        };
        let replaced = |r: &Relation| {
            r.kind == RelationKind::Interaction && tallied.contains(&(&r.from, &r.to))
        };
        for r in self.relations().filter(|r| filter.keeps(r) && !replaced(r)) {
            g.push_relation_unchecked(r.clone());
        }
        for r in derived.into_iter().filter(|r| filter.keeps(r)) {
            g.push_relation_unchecked(r);
        }
        g.tallies = self.tallies.clone();
        g.weighting = self.weighting;
        g.combine = self.combine;
        g.layers = self.layers.clone();
        g.events = self
            .events
            .iter()
            .filter(|e| {
                filter
                    .as_of
                    .is_none_or(|d| e.date.first_day() <= d.last_day())
            })
            .cloned()
            .collect();
        g
    }

    /// A copy with node and edge indices renumbered densely in current order, as a fresh
    /// load of the saved file would have them.
    pub fn compacted(&self) -> ActorGraph {
        let mut g = ActorGraph::new(self.name.clone());
        g.description = self.description.clone();
        for a in self.actors() {
            g.add_actor(a.clone()).expect("actors of a valid graph");
        }
        for r in self.relations() {
            g.push_relation_unchecked(r.clone());
        }
        g.events = self.events.clone();
        g.tallies = self.tallies.clone();
        g.weighting = self.weighting;
        g.combine = self.combine;
        g.layers = self.layers.clone();
        g
    }

    /// Inserts a relation without the duplicate check (the loader has already reported
    /// duplicates and keeps going so that it can report everything at once).
    /// [`Self::push_relation_unchecked`] between nodes the caller has already looked up.
    /// The relation's ids become its actors' own (shared, [`ActorId`]), so that it holds
    /// no copy of their text.
    pub(crate) fn push_relation_between(
        &mut self,
        a: NodeIndex,
        b: NodeIndex,
        mut r: Relation,
    ) -> EdgeIndex {
        for (id, n) in [(&mut r.from, a), (&mut r.to, b)] {
            if !id.is_shared_with(&self.graph[n].id) {
                *id = self.graph[n].id.clone();
            }
        }
        self.graph.add_edge(a, b, r)
    }

    /// [`ActorGraph::push_relation_between`] for a relation whose ids already share those
    /// of actors `a` and `b` (a loader that shared them while reading): not compared again,
    /// which reads two actors per relation (a cache miss each, in a loop over millions).
    pub(crate) fn push_relation_sharing(
        &mut self,
        a: NodeIndex,
        b: NodeIndex,
        r: Relation,
    ) -> EdgeIndex {
        debug_assert!(r.from.is_shared_with(&self.graph[a].id));
        debug_assert!(r.to.is_shared_with(&self.graph[b].id));
        self.graph.add_edge(a, b, r)
    }

    /// Where the node `n` lies in memory: an address to hand [`prefetch_node`] later, while
    /// the graph gains relations (it holds while no actor is added or removed).
    pub(crate) fn node_home(&self, n: NodeIndex) -> usize {
        std::ptr::from_ref(&self.graph[n]) as usize
    }

    pub(crate) fn push_relation_unchecked(&mut self, r: Relation) -> Option<EdgeIndex> {
        let a = *self.index.get(&r.from)?;
        let b = *self.index.get(&r.to)?;
        Some(self.push_relation_between(a, b, r))
    }
}

/// Asks the processor to fetch the node at `home` ([`ActorGraph::node_home`]) into its
/// cache, so that adding a relation to it later does not wait for memory. A loader adding a
/// million relations between a hundred thousand actors reads two nodes per relation, far
/// apart (petgraph's lists of each node's edges: about 150 bytes a node, 14 MB at 100 000
/// actors): it asks for the nodes of the relations a few places ahead. Both ends of the
/// node's actor are fetched, the node's list heads lying just before or after it.
#[inline]
pub(crate) fn prefetch_node(home: usize) {
    super::prefetch(home.wrapping_sub(8) as *const u8);
    super::prefetch(home.wrapping_add(std::mem::size_of::<Actor>()) as *const u8);
}

/// Two graphs are equal when they hold the same name, description, actors and relations in
/// the same order, and the same events and tallies; node indices are not compared.
impl PartialEq for ActorGraph {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
            && self.description == other.description
            && self.actors().eq(other.actors())
            && self.relations().eq(other.relations())
            && self.events == other.events
            && self.tallies == other.tallies
            && self.weighting == other.weighting
            && self.layers == other.layers
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::types::{ActorKind, RelationKind};

    fn small() -> ActorGraph {
        let mut g = ActorGraph::new("t");
        for id in ["A", "B", "C"] {
            g.add_actor(Actor::new(id, id, ActorKind::State)).unwrap();
        }
        g.add_relation(Relation::new("A", "B", RelationKind::Alliance, 0.8))
            .unwrap();
        g.add_relation(Relation::new("B", "C", RelationKind::Rivalry, -0.5))
            .unwrap();
        g
    }

    #[test]
    fn refuses_duplicates_and_self_relations() {
        let mut g = small();
        assert!(matches!(
            g.add_actor(Actor::new("A", "again", ActorKind::State)),
            Err(ModelError::DuplicateActor(_))
        ));
        assert!(matches!(
            g.add_relation(Relation::new("B", "A", RelationKind::Alliance, 0.3)),
            Err(ModelError::DuplicateRelation { .. })
        ));
        assert!(matches!(
            g.add_relation(Relation::new("A", "A", RelationKind::Alliance, 0.3)),
            Err(ModelError::SelfRelation(_))
        ));
        // Another kind between the same pair is a separate relation.
        assert!(
            g.add_relation(Relation::new("A", "B", RelationKind::Trade, 0.3))
                .is_ok()
        );
    }

    #[test]
    fn ids_survive_removal_and_index_reuse() {
        let mut g = small();
        g.remove_actor(&"A".into()).unwrap();
        g.add_actor(Actor::new("D", "D", ActorKind::State)).unwrap();
        assert_eq!(g.actor(&"D".into()).unwrap().name, "D");
        assert!(g.actor(&"A".into()).is_none());
        assert_eq!(g.relation_count(), 1);
    }

    #[test]
    fn rename_updates_relations() {
        let mut g = small();
        g.rename_actor(&"B".into(), "BB".into()).unwrap();
        assert!(
            g.relations()
                .all(|r| r.from.as_str() != "B" && r.to.as_str() != "B")
        );
        assert_eq!(g.relations_of(&"BB".into()).len(), 2);
    }

    proptest::proptest! {
        /// The latest date read in runs on the rayon threads is the one a scan of the
        /// relations, events and tallies in order gives (the last met of those ending on
        /// the latest day), with removed relations; and actors added beside their index
        /// make the graph that adding them one by one makes.
        #[test]
        fn built_in_parts_as_one_by_one(
            actors in 1usize..12,
            relations in proptest::collection::vec((0usize..12, 0usize..12, 0usize..4, 0usize..9, 0usize..9), 0..40),
            removed in proptest::collection::vec(0usize..40, 0..4),
            events in proptest::collection::vec(0usize..9, 0..3),
        ) {
            // Dates ending on the same day: the last met must win.
            let dates = ["2020", "2020-12", "2020-12-31", "2019", "2021-01", "2021-01-31"];
            let date = |k: usize| dates.get(k).map(|d| d.parse::<Date>().unwrap());
            let ids: Vec<String> = (0..actors).map(|i| format!("A{}", actors - 1 - i)).collect();
            let all: Vec<Actor> = ids.iter().map(|id| Actor::new(id.as_str(), "x", ActorKind::State)).collect();
            let mut one_by_one = ActorGraph::new("g");
            for a in &all {
                one_by_one.add_actor(a.clone()).unwrap();
            }
            let mut beside = ActorGraph::new("g");
            let edges = beside.add_actors_then(all.clone(), || {}, |g| g.relation_count());
            proptest::prop_assert_eq!(edges, 0);
            for (a, b, kind, since, until) in relations {
                let r = Relation::new(ids[a % actors].as_str(), ids[b % actors].as_str(), RelationKind::ALL[kind], 0.5)
                    .with_dates(date(since), date(until));
                let (x, y) = (one_by_one.add_relation(r.clone()), beside.add_relation(r));
                proptest::prop_assert_eq!(x.is_ok(), y.is_ok());
            }
            proptest::prop_assert!(one_by_one == beside);
            for id in &ids {
                proptest::prop_assert_eq!(one_by_one.node(&id.as_str().into()), beside.node(&id.as_str().into()));
            }
            let mut g = one_by_one;
            for k in removed {
                let e = g.relation_entries().nth(k).map(|(e, _)| e);
                if let Some(e) = e {
                    g.remove_relation(e);
                }
            }
            for k in events {
                if let Some(d) = date(k) {
                    g.add_event(Event { date: d, actors: Vec::new(), from: None, to: None, kind: "k".into(), score: 0.0, confidence: Confidence::default(), summary: "s".into(), sources: Vec::new() });
                }
            }
            let want = g
                .relations()
                .flat_map(|r| [r.since, r.until])
                .flatten()
                .chain(g.events().iter().map(|e| e.date))
                .max_by_key(|d| d.last_day());
            for run in [1, 2, 5, 1000] {
                let got = g.latest_date_in(run);
                proptest::prop_assert_eq!(got.map(|d| d.to_string()), want.map(|d| d.to_string()));
            }
        }
    }

    #[test]
    fn as_of_filters_by_dates() {
        let mut g = small();
        let e = g.relation_entries().next().unwrap().0;
        g.relation_mut(e).unwrap().since = Some("2025-06".parse().unwrap());
        let f = Filter {
            as_of: Some("2025-05-31".parse().unwrap()),
            ..Filter::default()
        };
        assert_eq!(g.filtered(&f).relation_count(), 1);
        let f = Filter {
            as_of: Some("2025-06".parse().unwrap()),
            ..Filter::default()
        };
        assert_eq!(g.filtered(&f).relation_count(), 2);
    }
}
