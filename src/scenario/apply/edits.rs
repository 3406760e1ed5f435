//! One edit applied to the [`Doc`]: its meaning (see [`crate::scenario::edit`]), the checks
//! that it names what exists, and located diagnostics for what does not.

use super::doc::Doc;
use crate::diagnostic::{Diagnostic, ItemSpans, Span, Suggester, suggest};
use crate::format::ron::number;
use crate::model::{ActorGraph, ActorId, Relation};
use crate::scenario::edit::{Edit, RelationChange, RelationRef};
use std::collections::{HashMap, HashSet};

/// Applying one edit, with what is needed to report its problems.
pub(super) struct Cx<'a, 'd> {
    pub(super) doc: &'d mut Doc,
    pub(super) diags: &'d mut Vec<Diagnostic>,
    pub(super) spans: Option<&'a ItemSpans>,
    pub(super) edit_spans: Option<&'a [ItemSpans]>,
    /// Ids that earlier edits removed, renamed or merged away: the edit and what it did.
    pub(super) gone: &'d mut HashMap<ActorId, (usize, &'static str)>,
    pub(super) broken: &'d HashSet<&'a str>,
    /// The base graph, and its actor ids indexed for "did you mean" (built at the first
    /// unknown actor).
    pub(super) base: &'a ActorGraph,
    pub(super) base_ids: &'d std::cell::OnceCell<Suggester<'a>>,
    pub(super) index: usize,
    /// Set when the edit cannot be applied.
    pub(super) skip: bool,
}

pub(super) fn relation_label(r: &Relation) -> String {
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
    pub(super) fn span(&self, field: &str) -> Option<Span> {
        self.spans.map(|s| s.get(field))
    }

    pub(super) fn error(&mut self, d: Diagnostic) {
        self.diags.push(d);
        self.skip = true;
    }

    /// Checks that `id` names an actor; reports it (written in `field`) otherwise.
    pub(super) fn known(&mut self, id: &ActorId, field: &str) -> bool {
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
            let hint = match self.nearest_actor(id) {
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

    /// The actor id nearest `id` among those the document holds: the base graph's through
    /// its index ([`Suggester`], as validation suggests; the nearest, if still there), and
    /// the actors the edits added.
    fn nearest_actor(&self, id: &ActorId) -> Option<String> {
        let base = self.base;
        let index = self
            .base_ids
            .get_or_init(|| Suggester::new(base.actors().map(|a| a.id.as_str())));
        let from_base = index
            .suggest(id.as_str())
            .filter(|s| self.doc.actor_pos(&ActorId::new(*s)).is_some());
        // Actors an edit added or touched (few): the index does not know the added ones.
        let added = self
            .doc
            .actors
            .iter()
            .zip(&self.doc.actor_origin)
            .filter(|(_, o)| o.is_some())
            .map(|(a, _)| a.id.as_str());
        suggest(id.as_str(), from_base.into_iter().chain(added)).map(str::to_string)
    }

    /// The position of the one relation `r` names, or a reported error.
    pub(super) fn find(&mut self, r: &RelationRef) -> Option<usize> {
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

    pub(super) fn new_id_ok(&mut self, id: &ActorId, field: &str) -> bool {
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

    pub(super) fn apply(&mut self, edit: &Edit) {
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
                self.reparent(id, None);
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
                self.reparent(from, Some(to));
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

    /// Makes the members of `old` (`part_of` it) members of `new`, or of nothing; an actor
    /// never becomes part of itself.
    fn reparent(&mut self, old: &ActorId, new: Option<&ActorId>) {
        for i in 0..self.doc.actors.len() {
            let a = &self.doc.actors[i];
            if a.part_of.as_ref() != Some(old) {
                continue;
            }
            let mut a = a.clone();
            a.part_of = new.filter(|&n| n != &a.id).cloned();
            self.doc.replace_actor(i, a);
        }
    }

    /// Folds `from` into `into` (both known, different).
    pub(super) fn merge(&mut self, from: &ActorId, into: &ActorId) {
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
        self.reparent(from, Some(into));
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
        if kept.part_of.is_none() {
            kept.part_of = gone.part_of.filter(|p| p != into);
        }
        if kept != self.doc.actors[ii] {
            self.doc.replace_actor(ii, kept);
        } else {
            self.doc.touch_actor(into);
        }
        self.doc.remove_actor(fi);
    }
}

pub(super) fn changed(r: &Relation, c: &RelationChange) -> Relation {
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
        r.set_note(Some(n.clone()));
    }
    r
}
