//! Semantic validation of actors, relations and events: the rules of `docs/format.md`.
//!
//! The same checks serve a file being loaded (with spans, so each problem points at its
//! field) and a graph built in code (no spans). Every problem is reported, not just the first.

use super::FastMap;
use super::graph::ActorGraph;
use super::types::{Actor, ActorId, Event, Relation, RelationKind, Sign};
use crate::diagnostic::{Diagnostic, Span, suggest};
use crate::format::ron::decode::ItemSpans;

/// Spans of each item of a loaded file, parallel to the item lists.
#[derive(Debug, Clone, Default)]
pub struct DocumentSpans {
    pub actors: Vec<ItemSpans>,
    pub relations: Vec<ItemSpans>,
    pub events: Vec<ItemSpans>,
}

/// The items to check, with their spans when they come from a file.
pub struct Items<'a> {
    pub actors: &'a [Actor],
    pub relations: &'a [Relation],
    pub events: &'a [Event],
    pub spans: Option<&'a DocumentSpans>,
    /// Ids of actors that were written but could not be read: not reported as unknown.
    pub broken_ids: &'a [String],
    /// True when some relations could not be read, so "no relations" warnings would be noise.
    pub relations_incomplete: bool,
}

fn span_of(list: Option<&Vec<ItemSpans>>, i: usize, field: &str) -> Option<Span> {
    list.and_then(|l| l.get(i)).map(|s| s.get(field))
}

/// A key identifying a relation up to direction for mutual ties.
/// An end of a relation: the position of a declared actor, or the id of one that is not
/// (already reported, or known from elsewhere). Positions keep the duplicate check free of
/// string hashing on large files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum End<'a> {
    At(u32),
    Named(&'a str),
}

fn tie_key<'a>(r: &Relation, a: End<'a>, b: End<'a>) -> (RelationKind, bool, End<'a>, End<'a>) {
    if r.directed || a <= b {
        (r.kind, r.directed, a, b)
    } else {
        (r.kind, r.directed, b, a)
    }
}

/// Checks items and returns every error and warning.
pub fn check(items: &Items) -> Vec<Diagnostic> {
    check_resolving(items).0
}

/// [`check`], also giving for each relation the positions in `items.actors` of its two
/// actors (`u32::MAX` for an id that is not declared), so that a loader need not look the
/// ids up again.
pub(crate) fn check_resolving(items: &Items) -> (Vec<Diagnostic>, Vec<[u32; 2]>) {
    let mut out = Vec::new();
    let mut ends: Vec<[u32; 2]> = Vec::with_capacity(items.relations.len());
    let sp = items.spans;
    let actor_span = |i: usize, f: &str| span_of(sp.map(|s| &s.actors), i, f);
    let rel_span = |i: usize, f: &str| span_of(sp.map(|s| &s.relations), i, f);
    let ev_span = |i: usize, f: &str| span_of(sp.map(|s| &s.events), i, f);

    let mut ids: FastMap<&str, usize> =
        FastMap::with_capacity_and_hasher(items.actors.len(), Default::default());
    for (i, a) in items.actors.iter().enumerate() {
        if let Some(why) = ActorId::problem(a.id.as_str()) {
            out.push(
                Diagnostic::error("E011", format!("invalid actor id `{}`", a.id))
                    .at(actor_span(i, "id"), why)
                    .hint("use a short code such as \"AZE\" or \"SOCAR\""),
            );
        }
        if let Some(&first) = ids.get(a.id.as_str()) {
            out.push(
                Diagnostic::error("E010", format!("duplicate actor id `{}`", a.id))
                    .at(actor_span(i, "id"), "defined again here")
                    .also(actor_span(first, "id"), "first defined here")
                    .hint("give each actor its own id, or merge the two entries"),
            );
        } else {
            ids.insert(a.id.as_str(), i);
        }
        if a.name.trim().is_empty() {
            out.push(
                Diagnostic::error("E022", format!("actor `{}` has an empty name", a.id))
                    .at(actor_span(i, "name"), "empty name")
                    .hint("give the actor a readable name, e.g. \"Azerbaijan\""),
            );
        }
    }
    let known = |id: &str| ids.contains_key(id) || items.broken_ids.iter().any(|b| b == id);
    let unknown = |id: &ActorId, span: Option<Span>, code: &'static str| {
        let hint = match suggest(id.as_str(), ids.keys().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => "declare the actor in `actors` first".to_string(),
        };
        Diagnostic::error(code, format!("unknown actor `{id}`"))
            .at(span, "no actor has this id")
            .hint(hint)
    };

    let mut related = vec![false; items.actors.len()];
    let mut ties: FastMap<(RelationKind, bool, End, End), usize> =
        FastMap::with_capacity_and_hasher(items.relations.len(), Default::default());
    for (i, r) in items.relations.iter().enumerate() {
        let mut at = [u32::MAX; 2];
        let mut end = [End::Named(r.from.as_str()), End::Named(r.to.as_str())];
        for (j, (id, field)) in [(&r.from, "from"), (&r.to, "to")].into_iter().enumerate() {
            match ids.get(id.as_str()) {
                Some(&k) => {
                    related[k] = true;
                    at[j] = k as u32;
                    end[j] = End::At(k as u32);
                }
                None if known(id.as_str()) => {}
                None => out.push(unknown(id, rel_span(i, field), "E012")),
            }
        }
        ends.push(at);
        if r.from == r.to {
            out.push(
                Diagnostic::error("E013", format!("relation from `{}` to itself", r.from))
                    .at(rel_span(i, "to"), "same actor as `from`")
                    .hint("a relation joins two different actors"),
            );
        }
        if r.weight.is_nan() || !(-1.0..=1.0).contains(&r.weight) {
            let msg = if r.weight.is_nan() {
                "weight is not a number (NaN)".to_string()
            } else {
                format!("weight {} is outside [-1, 1]", r.weight)
            };
            out.push(
                Diagnostic::error("E015", msg)
                    .at(rel_span(i, "weight"), "out of range")
                    .hint("weights run from -1 (strongest hostility) to 1 (strongest alliance)"),
            );
        } else {
            match r.kind.sign() {
                Sign::Positive if r.weight < 0.0 => out.push(
                    Diagnostic::error(
                        "E016",
                        format!(
                            "`{}` is an allied kind but the weight is negative",
                            r.kind.ron_name()
                        ),
                    )
                    .at(rel_span(i, "weight"), "negative weight")
                    .also(rel_span(i, "kind"), "allied kind")
                    .hint(
                        "use a positive weight, or a hostile kind such as `Rivalry` or `Hostility`",
                    ),
                ),
                Sign::Negative if r.weight > 0.0 => out.push(
                    Diagnostic::error(
                        "E016",
                        format!(
                            "`{}` is a hostile kind but the weight is positive",
                            r.kind.ron_name()
                        ),
                    )
                    .at(rel_span(i, "weight"), "positive weight")
                    .also(rel_span(i, "kind"), "hostile kind")
                    .hint(format!(
                        "write the weight as {}, or use an allied kind such as `Partnership`",
                        -r.weight
                    )),
                ),
                _ => {}
            }
            if r.weight == 0.0 {
                out.push(
                    Diagnostic::warning("W002", "relation with weight 0 carries no sign")
                        .at(rel_span(i, "weight"), "zero weight")
                        .hint("remove the relation, or give it a strength"),
                );
            }
        }
        if let (Some(s), Some(u)) = (r.since, r.until)
            && u.ends_before(&s)
        {
            out.push(
                Diagnostic::error("E018", format!("`until` ({u}) is before `since` ({s})"))
                    .at(rel_span(i, "until"), "ends here")
                    .also(rel_span(i, "since"), "starts here")
                    .hint("swap the two dates, or correct one of them"),
            );
        }
        let key = tie_key(r, end[0], end[1]);
        if let Some(&first) = ties.get(&key) {
            out.push(
                Diagnostic::error(
                    "E014",
                    format!(
                        "duplicate relation: `{}` {} `{}` of kind `{}` is already given",
                        r.from,
                        if r.directed { "→" } else { "–" },
                        r.to,
                        r.kind.ron_name()
                    ),
                )
                .at(sp.map(|s| s.relations[i].whole), "duplicate")
                .also(sp.map(|s| s.relations[first].whole), "first given here")
                .hint("merge the two into one relation; use another kind for a different tie"),
            );
        } else {
            ties.insert(key, i);
        }
    }

    for (i, e) in items.events.iter().enumerate() {
        for id in &e.actors {
            if !known(id.as_str()) {
                out.push(unknown(id, ev_span(i, "actors"), "E021"));
            }
        }
        if e.score.is_nan() || !(-10.0..=10.0).contains(&e.score) {
            out.push(
                Diagnostic::error(
                    "E020",
                    format!("event score {} is outside [-10, 10]", e.score),
                )
                .at(ev_span(i, "score"), "out of range")
                .hint(
                    "scores follow the Goldstein scale: -10 most conflictual, +10 most cooperative",
                ),
            );
        }
        if e.summary.trim().is_empty() {
            out.push(
                Diagnostic::error("E022", "event with an empty summary")
                    .at(ev_span(i, "summary"), "empty")
                    .hint("say in one line what happened"),
            );
        }
        if e.actors.is_empty() {
            out.push(
                Diagnostic::warning("W003", "event involves no actor")
                    .at(ev_span(i, "actors"), "no actors")
                    .hint("list the actors involved, so the event shows up in their reports"),
            );
        }
    }

    for (i, a) in items.actors.iter().enumerate() {
        if items.relations_incomplete {
            break;
        }
        if !related[i] && ids.get(a.id.as_str()) == Some(&i) {
            out.push(
                Diagnostic::warning("W001", format!("actor `{}` has no relations", a.id))
                    .at(actor_span(i, "id"), "isolated actor")
                    .hint("add its relations, or remove it if it is not part of the picture"),
            );
        }
    }
    (out, ends)
}

impl ActorGraph {
    /// Checks a graph built in code with the same rules as a loaded file. Edits through
    /// [`ActorGraph::add_relation`] already refuse some problems; weights, signs and dates
    /// are checked here.
    pub fn validate(&self) -> Vec<Diagnostic> {
        let actors: Vec<Actor> = self.actors().cloned().collect();
        let relations: Vec<Relation> = self.relations().cloned().collect();
        check(&Items {
            actors: &actors,
            relations: &relations,
            events: self.events(),
            spans: None,
            broken_ids: &[],
            relations_incomplete: false,
        })
    }
}
