//! Actors inside actors: an agency, ministry, state company or armed force declared
//! `part_of` its state (or parent body), and the graph read with every member merged into its
//! top parent (`--collapse`).
//!
//! Counting a state's own organs as separate actors inflates it: their membership ties feed
//! its PageRank, and they rank among the "influences" on it. Collapsing is the aggregation of
//! actors into units of analysis that network studies of states and their organisations make
//! explicit (Wasserman & Faust 1994, § 3.1 on units of analysis; the "boundary specification
//! problem", Laumann, Marsden & Prensky 1983): each member's relations are re-attached to its
//! top parent, ties between a member and its parent (or between members of one parent)
//! disappear, and parallel relations that result are combined by the graph's rule
//! ([`super::combine`]). See docs/analysis/collapse.md.

use super::FastMap;
use super::graph::ActorGraph;
use super::types::{ActorId, Relation, RelationKind};

impl ActorGraph {
    /// The top parent of every actor that is `part_of` another (members of members are
    /// followed up to the top); actors that are no one's member are absent. A chain that
    /// loops or names an unknown actor (impossible in a validated graph) stops where it
    /// breaks.
    pub fn top_parents(&self) -> FastMap<ActorId, ActorId> {
        let mut out = FastMap::default();
        for a in self.actors() {
            let Some(mut parent) = a.part_of.as_ref() else {
                continue;
            };
            let mut steps = 0;
            while let Some(next) = self.actor(parent).and_then(|p| p.part_of.as_ref()) {
                steps += 1;
                if steps > self.actor_count() || next == &a.id {
                    break;
                }
                parent = next;
            }
            if self.contains(parent) {
                out.insert(a.id.clone(), parent.clone());
            }
        }
        out
    }

    /// Whether any actor is `part_of` another.
    pub fn has_members(&self) -> bool {
        self.actors().any(|a| a.part_of.is_some())
    }

    /// The members of `id`, at any depth, in graph order.
    pub fn members_of(&self, id: &ActorId) -> Vec<ActorId> {
        let mut out = Vec::new();
        for a in self.actors() {
            // A member of `id` has `id` on its chain of parents.
            let mut p = a.part_of.as_ref();
            let mut steps = 0;
            while let Some(parent) = p {
                if parent == id {
                    out.push(a.id.clone());
                    break;
                }
                steps += 1;
                if steps > self.actor_count() {
                    break;
                }
                p = self.actor(parent).and_then(|x| x.part_of.as_ref());
            }
        }
        out
    }

    /// The graph with every member merged into its top parent: the member's relations
    /// re-attached to the parent, relations within one parent's family dropped, events and
    /// tallies re-attributed. Relations of different kinds between the same two actors stay
    /// apart, and the analyses combine them by [`ActorGraph::combine`]; relations that
    /// become the same tie (same kind, ends and direction) are merged, their weights
    /// combined by the same rule. A graph without `part_of` is returned unchanged.
    pub fn collapsed(&self) -> ActorGraph {
        let top = self.top_parents();
        if top.is_empty() {
            return self.clone();
        }
        let root = |id: &ActorId| -> ActorId { top.get(id).unwrap_or(id).clone() };
        let mut g = ActorGraph::new(self.name.clone());
        g.description = self.description.clone();
        g.weighting = self.weighting;
        g.combine = self.combine;
        g.layers = self.layers.clone();
        for a in self.actors().filter(|a| !top.contains_key(&a.id)) {
            g.add_actor(a.clone()).expect("actors of a valid graph");
        }
        // Relations re-attached; those that become the same tie (same kind, ends and
        // direction: the FSB's hostility and Russia's towards one actor) are merged into one,
        // their weights combined by the rule, so that the result is a valid graph.
        let mut merged: Vec<(Relation, Vec<f64>)> = Vec::new();
        let mut at: FastMap<(RelationKind, bool, ActorId, ActorId), usize> = FastMap::default();
        for r in self.relations() {
            let (from, to) = (root(&r.from), root(&r.to));
            if from == to {
                continue;
            }
            let ends = if r.directed || from <= to {
                (from.clone(), to.clone())
            } else {
                (to.clone(), from.clone())
            };
            match at.get(&(r.kind, r.directed, ends.0.clone(), ends.1.clone())) {
                Some(&i) => {
                    let (m, weights) = &mut merged[i];
                    weights.push(r.weight);
                    absorb(m, r);
                }
                None => {
                    at.insert((r.kind, r.directed, ends.0, ends.1), merged.len());
                    let mut r = r.clone();
                    r.from = from;
                    r.to = to;
                    let w = r.weight;
                    merged.push((r, vec![w]));
                }
            }
        }
        for (mut r, mut weights) in merged {
            r.weight = self.combine.combine(&mut weights);
            g.push_relation_unchecked(r);
        }
        for e in self.events() {
            let mut e = e.clone();
            let mut actors: Vec<ActorId> = Vec::with_capacity(e.actors.len());
            for a in &e.actors {
                let a = root(a);
                if !actors.contains(&a) {
                    actors.push(a);
                }
            }
            e.actors = actors;
            e.from = e.from.as_ref().map(root);
            e.to = e.to.as_ref().map(root);
            if e.from.is_none() || e.to.is_none() || e.from == e.to {
                e.from = None;
                e.to = None;
            }
            g.add_event(e);
        }
        *g.tallies_mut() = self
            .tallies()
            .iter()
            .filter_map(|t| {
                let mut t = t.clone();
                t.from = root(&t.from);
                t.to = root(&t.to);
                (t.from != t.to).then_some(t)
            })
            .collect();
        g
    }
}

/// Folds relation `r` into `m`, the same tie after collapsing: the span of both dates (open
/// when either is), every source once, the confidence and note of the stronger.
fn absorb(m: &mut Relation, r: &Relation) {
    m.since = match (m.since, r.since) {
        (Some(a), Some(b)) => Some(if b.first_day() < a.first_day() { b } else { a }),
        _ => None,
    };
    m.until = match (m.until, r.until) {
        (Some(a), Some(b)) => Some(if b.last_day() > a.last_day() { b } else { a }),
        _ => None,
    };
    if !r.sources().is_empty() {
        let mut sources = m.sources().to_vec();
        for src in r.sources() {
            if !sources.contains(src) {
                sources.push(src.clone());
            }
        }
        m.set_sources(sources);
    }
    if r.weight.abs() > m.weight.abs() {
        m.confidence = r.confidence;
        m.set_note(r.note().map(str::to_string));
        m.weight = r.weight;
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Actor, ActorGraph, ActorId, ActorKind, Event, Relation, RelationKind};

    /// A state with a ministry and a company, the company's own subsidiary, and another state.
    fn family() -> ActorGraph {
        let mut g = ActorGraph::new("t");
        for (id, parent) in [
            ("S", None),
            ("S_MFA", Some("S")),
            ("S_CO", Some("S")),
            ("S_CO_SUB", Some("S_CO")),
            ("T", None),
        ] {
            let mut a = Actor::new(id, id, ActorKind::State);
            a.part_of = parent.map(ActorId::from);
            g.add_actor(a).unwrap();
        }
        for (a, b, k, w) in [
            ("S_MFA", "S", RelationKind::Membership, 0.9),
            ("S_CO", "S_MFA", RelationKind::Partnership, 0.3),
            ("S", "T", RelationKind::Alliance, 0.6),
            ("S_MFA", "T", RelationKind::DiplomaticSupport, 0.5),
            ("T", "S_CO", RelationKind::DiplomaticSupport, 0.4),
            ("T", "S_CO_SUB", RelationKind::Sanctions, -0.4),
        ] {
            g.add_relation(Relation::new(a, b, k, w)).unwrap();
        }
        g.add_event(Event {
            date: "2025".parse().unwrap(),
            actors: vec!["S_MFA".into(), "T".into(), "S".into()],
            from: Some("S_MFA".into()),
            to: Some("S".into()),
            kind: "summons".into(),
            score: -2.0,
            confidence: Default::default(),
            summary: "x".into(),
            sources: Vec::new(),
        });
        g
    }

    #[test]
    fn members_merge_into_their_top_parent() {
        let g = family();
        assert_eq!(
            g.members_of(&"S".into()),
            [ActorId::from("S_MFA"), "S_CO".into(), "S_CO_SUB".into()]
        );
        assert_eq!(g.members_of(&"S_CO".into()), [ActorId::from("S_CO_SUB")]);
        let c = g.collapsed();
        let ids: Vec<&str> = c.actors().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["S", "T"]);
        // Ties inside the family are gone; the others are re-attached to S and kept apart,
        // to be combined by the rule, but the two diplomatic supports become one tie,
        // 1 − 0.5 · 0.6 by the noisy-or.
        let rels: Vec<(&str, &str, f64)> = c
            .relations()
            .map(|r| (r.from.as_str(), r.to.as_str(), r.weight))
            .collect();
        assert_eq!(rels, [("S", "T", 0.6), ("S", "T", 0.7), ("T", "S", -0.4)]);
        // The event names S once and loses its direction (S → S).
        let e = &c.events()[0];
        assert_eq!(e.actors, [ActorId::from("S"), "T".into()]);
        assert_eq!(e.direction(), None);
        assert!(c.validate().iter().all(|d| !d.is_error()));
    }

    #[test]
    fn an_absorbed_relation_adds_each_new_source_once() {
        let mut m =
            Relation::new("S", "T", RelationKind::Trade, 0.3).with_sources(vec!["a".into()]);
        let r = Relation::new("S", "T", RelationKind::Trade, 0.5)
            .with_sources(vec!["b".into(), "a".into(), "b".into()])
            .with_note("stronger");
        super::absorb(&mut m, &r);
        assert_eq!(m.sources(), ["a", "b"]);
        assert_eq!((m.weight, m.note()), (0.5, Some("stronger")));
    }

    #[test]
    fn a_graph_without_members_is_unchanged() {
        let mut g = family();
        for id in ["S_MFA", "S_CO", "S_CO_SUB"] {
            g.actor_mut(&id.into()).unwrap().part_of = None;
        }
        assert!(!g.has_members());
        assert_eq!(g.collapsed(), g);
    }

    #[test]
    fn renaming_and_removing_a_parent_follow_its_members() {
        let mut g = family();
        g.rename_actor(&"S".into(), "S2".into()).unwrap();
        assert_eq!(g.actor(&"S_MFA".into()).unwrap().part_of, Some("S2".into()));
        g.remove_actor(&"S_CO".into());
        assert_eq!(g.actor(&"S_CO_SUB".into()).unwrap().part_of, None);
    }
}
