//! Semantic validation of actors, relations and events: the rules of `docs/format.md`.
//!
//! The same checks serve a file being loaded (with spans, so each problem points at its
//! field) and a graph built in code (no spans). Every problem is reported, not just the first.

use super::FastMap;
use super::graph::ActorGraph;
use super::ids::IdIndex;
use super::tally::Tally;
use super::types::{Actor, ActorId, AttrValue, Event, Relation, RelationKind, Sign};
use crate::diagnostic::{Diagnostic, ItemSpans, Span, Suggester};
use rayon::prelude::*;

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
    let spans = items
        .spans
        .map(|s| move |i: usize| s.relations.get(i).cloned());
    let spans = spans.as_ref().map(|f| f as &RelationSpans);
    check_in_parts(items, &[items.relations], spans, None, None)
}

/// Where the relation at an index (in all the parts) was written, asked only for a relation
/// with a problem: a loader of a large file keeps each relation's whole span and finds its
/// fields again from the text, rather than holding every field's span of every relation
/// (issue 21: they were more bytes than the relations themselves).
pub(crate) type RelationSpans<'a> = dyn Fn(usize) -> Option<ItemSpans> + Sync + 'a;

/// [`check_resolving`] with the relations in consecutive parts (as a loader that reads a
/// large list in chunks has them), and their spans when given; `items.relations` and the
/// relation spans of `items.spans` are not read. The parts are checked side by side, then
/// duplicates in file order; the result is the same however the list is cut.
///
/// `resolved`, when given, holds for each relation of each part the positions in
/// `items.actors` of the first actors with its two ids (`u32::MAX` for none), as a loader
/// found them while reading ([`crate::model::ids::IdIndex`]): they are not looked up again.
/// `index`, when given, is that index of `items.actors`, in their order: it is not made
/// again.
pub(crate) fn check_in_parts(
    items: &Items,
    relations: &[&[Relation]],
    relation_spans: Option<&RelationSpans>,
    resolved: Option<&[&[[u32; 2]]]>,
    index: Option<&IdIndex>,
) -> (Vec<Diagnostic>, Vec<[u32; 2]>) {
    if let Some(r) = resolved {
        assert!(
            r.len() == relations.len() && r.iter().zip(relations).all(|(r, p)| r.len() == p.len())
        );
    }
    let mut out = Vec::new();
    let sp = items.spans;
    let actor_span = |i: usize, f: &str| span_of(sp.map(|s| &s.actors), i, f);
    let ev_span = |i: usize, f: &str| span_of(sp.map(|s| &s.events), i, f);

    // The first actor with each id, by id (a map of a million ids was a sixth of validating
    // ten million relations; the loader's index is made as their list is read).
    let made;
    let ids = match index {
        Some(index) if index.len() == items.actors.len() => index,
        _ => {
            made = IdIndex::new(items.actors.iter().map(|a| &a.id));
            &made
        }
    };
    let mut repeats = ids.repeats().iter().peekable();
    for (i, a) in items.actors.iter().enumerate() {
        if let Some(why) = ActorId::problem(a.id.as_str()) {
            out.push(
                Diagnostic::error("E011", format!("invalid actor id `{}`", a.id))
                    .at(actor_span(i, "id"), why)
                    .hint("use a short code such as \"AZE\" or \"SOCAR\""),
            );
        }
        if let Some(&(_, first)) = repeats.next_if(|&&(at, _)| at as usize == i) {
            out.push(
                Diagnostic::error("E010", format!("duplicate actor id `{}`", a.id))
                    .at(actor_span(i, "id"), "defined again here")
                    .also(actor_span(first as usize, "id"), "first defined here")
                    .hint("give each actor its own id, or merge the two entries"),
            );
        }
        if a.name.trim().is_empty() {
            out.push(
                Diagnostic::error("E022", format!("actor `{}` has an empty name", a.id))
                    .at(actor_span(i, "name"), "empty name")
                    .hint("give the actor a readable name, e.g. \"Azerbaijan\""),
            );
        }
        // A file's reader refuses these already; a graph built in code or read through
        // serde (the `ron` crate) is held to the same rule.
        for (k, v) in &a.attributes {
            if let AttrValue::Number(x) = v
                && !x.is_finite()
            {
                out.push(
                    Diagnostic::error(
                        "E002",
                        format!("attribute `{k}` of actor `{}` is not a finite number", a.id),
                    )
                    .at(actor_span(i, "attributes"), "not a finite number")
                    .hint("write a finite number, or the value as a string"),
                );
            }
        }
    }
    let position = |id: &str| ids.get(id).map(|(at, _)| at as usize);
    let known = |id: &str| position(id).is_some() || items.broken_ids.iter().any(|b| b == id);
    // Indexed: a file may name thousands of unknown ids among a hundred thousand actors.
    let suggester = Suggester::new(ids.firsts());
    let unknown = |id: &ActorId, span: Option<Span>, code: &'static str| {
        let hint = match suggester.suggest(id.as_str()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => "declare the actor in `actors` first".to_string(),
        };
        Diagnostic::error(code, format!("unknown actor `{id}`"))
            .at(span, "no actor has this id")
            .hint(hint)
    };

    out.extend(part_of_problems(items, ids, &known, |i| {
        actor_span(i, "part_of")
    }));

    // A graph that dates some of its relations should date them all: an undated one counts
    // as always in force, so `--as-of` would read it into every year (W004).
    // Read on the rayon threads: at ten million undated relations, a scan of them all.
    let dated = relations
        .par_iter()
        .any(|part| part.iter().any(|r| r.since.is_some() || r.until.is_some()));

    // Each part on its own, side by side.
    let mut offsets = Vec::with_capacity(relations.len());
    let mut n = 0usize;
    for part in relations {
        offsets.push(n);
        n += part.len();
    }
    // The ties' keys, each part's written in place (a part's own vectors, freed once joined,
    // stayed in the allocator's arenas: 15 MB at 1M relations) by the part's thread (the
    // zeroed pages are the system's, touched first there); [`NO_KEY`] for a relation whose
    // tie is matched by id.
    let mut keys: Vec<u64> = vec![0; n];
    let mut part_keys = Vec::with_capacity(relations.len());
    let mut rest = keys.as_mut_slice();
    for part in relations {
        let (these, others) = rest.split_at_mut(part.len());
        part_keys.push(these);
        rest = others;
    }
    let checked: Vec<PartChecked> = relations
        .par_iter()
        .zip(part_keys)
        .enumerate()
        .map(|(p, (part, keys))| {
            let rel_span = |j: usize, f: &str| {
                relation_spans
                    .and_then(|s| s(offsets[p] + j))
                    .map(|s| s.get(f))
            };
            let given = resolved.map(|r| r[p]);
            let mut ends = Vec::with_capacity(if given.is_some() { 0 } else { part.len() });
            let mut found = Vec::new();
            for (j, r) in part.iter().enumerate() {
                let mut at = [u32::MAX; 2];
                for (k, (id, field)) in [(&r.from, "from"), (&r.to, "to")].into_iter().enumerate() {
                    let pos = match given {
                        Some(g) => (g[j][k] != u32::MAX).then_some(g[j][k] as usize),
                        None => position(id.as_str()),
                    };
                    match pos {
                        Some(a) => at[k] = a as u32,
                        None if known(id.as_str()) => {}
                        None => found.push((j, unknown(id, rel_span(j, field), "E012"))),
                    }
                }
                keys[j] = packed_tie_key(r, at).unwrap_or(NO_KEY);
                if given.is_none() {
                    ends.push(at);
                }
                // Two declared ends are the same actor when their positions are (the
                // first actor with each id): their texts are not read.
                let same = if at.contains(&u32::MAX) {
                    r.from == r.to
                } else {
                    at[0] == at[1]
                };
                relation_problems(r, same, |f| rel_span(j, f), |d| found.push((j, d)));
                if dated && r.since.is_none() {
                    found.push((j, undated(r, rel_span(j, "since"))));
                }
            }
            (ends, found)
        })
        .collect();

    let all_ends: Vec<&[[u32; 2]]> = match resolved {
        Some(r) => r.to_vec(),
        None => checked.iter().map(|(e, _)| e.as_slice()).collect(),
    };
    let repeats = repeated_ties(keys, relations, &all_ends);
    drop(all_ends);

    // Every relation's problems in file order, each duplicate last; ties with an
    // undeclared end are matched by id.
    let mut ends: Vec<[u32; 2]> = Vec::with_capacity(n);
    // Room for every relation's problems at once: grown by doubling, a million of them were
    // copied and held twice at the peak.
    out.reserve(checked.iter().map(|(_, found)| found.len()).sum());
    let mut related = vec![false; items.actors.len()];
    let mut ties: FastMap<(RelationKind, bool, End, End), usize> = FastMap::default();
    let whole = |i: usize| relation_spans.and_then(|s| s(i)).map(|s| s.whole);
    for (p, (part, (part_ends, found))) in relations.iter().zip(checked).enumerate() {
        let mut found = found.into_iter().peekable();
        let part_ends = resolved.map_or(part_ends.as_slice(), |r| r[p]);
        for (j, (r, &at)) in part.iter().zip(part_ends).enumerate() {
            let i = ends.len();
            // Peeked by reference: `next_if` moved a diagnostic's worth of bytes in and out
            // for every relation (4 % of a clean load of 10M relations).
            while found.peek().is_some_and(|(k, _)| *k == j) {
                out.push(found.next().expect("peeked").1);
            }
            for a in at {
                if a != u32::MAX {
                    related[a as usize] = true;
                }
            }
            ends.push(at);
            let first = if packed_tie_key(r, at).is_some() {
                repeats
                    .as_ref()
                    .and_then(|rep| (rep[i] != u32::MAX).then_some(rep[i] as usize))
            } else {
                // An end's text is read only here (a cache miss per id over millions).
                let end = move |k: usize| match at[k] {
                    u32::MAX => End::Named(if k == 0 {
                        r.from.as_str()
                    } else {
                        r.to.as_str()
                    }),
                    a => End::At(a),
                };
                let key = tie_key(r, end(0), end(1));
                match ties.get(&key) {
                    Some(&first) => Some(first),
                    None => {
                        ties.insert(key, i);
                        None
                    }
                }
            };
            if let Some(first) = first {
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
                    .at(whole(i), "duplicate")
                    .also(whole(first), "first given here")
                    .hint("merge the two into one relation; use another kind for a different tie"),
                );
            }
        }
    }

    for (i, e) in items.events.iter().enumerate() {
        for id in &e.actors {
            if !known(id.as_str()) {
                out.push(unknown(id, ev_span(i, "actors"), "E021"));
            }
        }
        for (field, end) in [("from", &e.from), ("to", &e.to)] {
            let Some(id) = end else { continue };
            if !known(id.as_str()) {
                out.push(unknown(id, ev_span(i, field), "E021"));
            } else if !e.actors.contains(id) {
                out.push(
                    Diagnostic::error(
                        "E023",
                        format!("event's `{field}` actor `{id}` is not among its actors"),
                    )
                    .at(ev_span(i, field), "not in `actors`")
                    .hint(format!("add \"{id}\" to the event's `actors`")),
                );
            }
        }
        match (&e.from, &e.to) {
            (Some(_), None) | (None, Some(_)) => {
                let (given, missing) = if e.from.is_some() {
                    ("from", "to")
                } else {
                    ("to", "from")
                };
                out.push(
                    Diagnostic::error(
                        "E023",
                        format!("event has `{given}` but no `{missing}`"),
                    )
                    .at(ev_span(i, given), "half a direction")
                    .hint("give both `from` (the initiator) and `to` (the target), or neither"),
                );
            }
            (Some(a), Some(b)) if a == b => out.push(
                Diagnostic::error("E023", format!("event runs from `{a}` to itself"))
                    .at(ev_span(i, "to"), "same actor as `from`")
                    .hint("an event's direction joins two different actors; leave it out if there is none"),
            ),
            _ => {}
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

    // Isolated actors, each id once.
    let mut repeats = ids.repeats().iter().peekable();
    for (i, a) in items.actors.iter().enumerate() {
        if items.relations_incomplete {
            break;
        }
        let first = repeats.next_if(|&&(at, _)| at as usize == i).is_none();
        if first && !related[i] {
            out.push(
                Diagnostic::warning("W001", format!("actor `{}` has no relations", a.id))
                    .at(actor_span(i, "id"), "isolated actor")
                    .hint("add its relations, or remove it if it is not part of the picture"),
            );
        }
    }
    (out, ends)
}

/// Checks tallies against the declared actor ids: unknown or equal ends, impossible
/// counts, a dyad and period given twice (E021, E024).
pub fn check_tallies(
    tallies: &[Tally],
    spans: Option<&[ItemSpans]>,
    known: &std::collections::HashSet<&str>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen: std::collections::HashMap<(&str, &str, super::period::Period), usize> =
        std::collections::HashMap::new();
    let span = |i: usize, f: &str| spans.and_then(|s| s.get(i)).map(|s| s.get(f));
    for (i, t) in tallies.iter().enumerate() {
        for (field, id) in [("from", &t.from), ("to", &t.to)] {
            if !known.contains(id.as_str()) {
                out.push(
                    Diagnostic::error("E021", format!("unknown actor `{id}`"))
                        .at(span(i, field), "no actor has this id")
                        .hint("declare the actor in `actors` first"),
                );
            }
        }
        if t.from == t.to {
            out.push(
                Diagnostic::error("E024", format!("tally from `{}` to itself", t.from))
                    .at(span(i, "to"), "same actor as `from`")
                    .hint("a tally counts what one actor did to another"),
            );
        }
        if let Some(why) = t.problem() {
            out.push(
                Diagnostic::error("E024", "impossible tally")
                    .at(span(i, "events"), why)
                    .hint("a tally's counts and sums are what `entente events import` wrote; re-import rather than edit them"),
            );
        }
        match seen.entry((t.from.as_str(), t.to.as_str(), t.period)) {
            std::collections::hash_map::Entry::Occupied(first) => out.push(
                Diagnostic::error(
                    "E024",
                    format!("second tally for {} → {} in {}", t.from, t.to, t.period),
                )
                .at(span(i, "period"), "given again here")
                .also(span(*first.get(), "period"), "first given here")
                .hint("merge the two into one tally"),
            ),
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(i);
            }
        }
    }
    out
}

/// W004: a relation without `since` in a graph whose other relations carry dates.
/// `part_of` names a declared actor other than itself (E027), and no chain of `part_of`
/// loops (E028, reported once per loop, at the first of its actors in file order).
fn part_of_problems(
    items: &Items,
    ids: &IdIndex,
    known: &dyn Fn(&str) -> bool,
    span: impl Fn(usize) -> Option<Span>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let actors = items.actors;
    for (i, a) in actors.iter().enumerate() {
        let Some(p) = &a.part_of else { continue };
        if p == &a.id {
            out.push(
                Diagnostic::error("E027", format!("actor `{}` is part of itself", a.id))
                    .at(span(i), "its own id")
                    .hint("name the state or body it belongs to, or leave `part_of` out"),
            );
        } else if !known(p.as_str()) {
            let hint = match crate::diagnostic::suggest(p.as_str(), ids.firsts()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "declare the parent in `actors`".to_string(),
            };
            out.push(
                Diagnostic::error("E027", format!("`part_of` names an unknown actor `{p}`"))
                    .at(span(i), "no actor has this id")
                    .hint(hint),
            );
        }
    }
    // Loops: follow each chain; an actor met twice on its own walk closes a loop.
    // 0 unvisited, 1 on the current walk, 2 done.
    let mut state = vec![0u8; actors.len()];
    let parent = |i: usize| -> Option<usize> {
        let p = actors[i].part_of.as_ref()?;
        ids.get(p.as_str())
            .map(|(at, _)| at as usize)
            .filter(|&j| j != i)
    };
    for start in 0..actors.len() {
        let mut walk: Vec<usize> = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            if state[i] == 2 {
                break;
            }
            if state[i] == 1 {
                let from = walk.iter().position(|&w| w == i).expect("on the walk");
                let cycle = &walk[from..];
                let first = *cycle.iter().min().expect("a loop has actors");
                let names: Vec<&str> = cycle
                    .iter()
                    .chain(std::iter::once(&cycle[0]))
                    .map(|&c| actors[c].id.as_str())
                    .collect();
                out.push(
                    Diagnostic::error(
                        "E028",
                        format!("`part_of` goes round in a loop: {}", names.join(" → ")),
                    )
                    .at(span(first), "part of a loop")
                    .hint(
                        "an actor's chain of parents must end at an actor that is part of nothing",
                    ),
                );
                break;
            }
            state[i] = 1;
            walk.push(i);
            at = parent(i);
        }
        for w in walk {
            state[w] = 2;
        }
    }
    out
}

fn undated(r: &Relation, span: Option<Span>) -> Diagnostic {
    Diagnostic::warning(
        "W004",
        format!(
            "relation `{}` {} `{}` ({}) has no `since`, though the graph dates its relations",
            r.from,
            if r.directed { "→" } else { "–" },
            r.to,
            r.kind.ron_name()
        ),
    )
    .at(span, "undated relation")
    .hint("add `since` at the precision known: undated, it is in force at every `--as-of` date")
}

/// One part's relations' ends, and their problems other than duplication with the
/// relation's position in the part.
type PartChecked = (Vec<[u32; 2]>, Vec<(usize, Diagnostic)>);

const ACTOR_BITS: u32 = 28;
/// Where a relation has no [`packed_tie_key`].
const NO_KEY: u64 = u64::MAX;

/// [`tie_key`] of a relation between two declared actors as one number (equal exactly when
/// the keys are): 8 bytes, so that sorting a million of them moves half what 16 did; `None`
/// when an end is not declared, or lies past the 2^28th actor (such ties are matched
/// through a map, as those with an undeclared end are).
fn packed_tie_key(r: &Relation, at: [u32; 2]) -> Option<u64> {
    // Fewer kinds than the bits left hold: no key is [`NO_KEY`].
    const _: () = assert!(RelationKind::ALL.len() < 1 << (64 - 2 * ACTOR_BITS - 1));
    let [mut a, mut b] = at;
    if a >= 1 << ACTOR_BITS || b >= 1 << ACTOR_BITS {
        return None;
    }
    if !r.directed && a > b {
        (a, b) = (b, a);
    }
    let (kind, directed) = (r.kind as u64, u64::from(r.directed));
    Some(
        kind << (2 * ACTOR_BITS + 1)
            | directed << (2 * ACTOR_BITS)
            | u64::from(a) << ACTOR_BITS
            | u64::from(b),
    )
}

/// For each relation whose [`packed_tie_key`] (in `keys`, by position in all the parts)
/// repeats an earlier one's, the position of the first; `None` when no key repeats.
///
/// Most files repeat none: the bare keys are sorted (8 bytes each; with their positions
/// they were 16, and sorting them was a third of validating ten million relations), and
/// only if two are equal are the keys sorted again with their positions, so that in each
/// run of equal keys the first in file order is the one given first.
fn repeated_ties(
    mut keys: Vec<u64>,
    relations: &[&[Relation]],
    ends: &[&[[u32; 2]]],
) -> Option<Vec<u32>> {
    let n = keys.len();
    keys.par_sort_unstable();
    let repeated = keys.par_windows(2).any(|w| w[0] == w[1] && w[0] != NO_KEY);
    drop(keys);
    if !repeated {
        return None;
    }
    let mut keyed: Vec<(u64, u32)> = Vec::with_capacity(n);
    for (part, ends) in relations.iter().zip(ends) {
        for (r, &at) in part.iter().zip(*ends) {
            let key = packed_tie_key(r, at).unwrap_or(NO_KEY);
            keyed.push((key, keyed.len() as u32));
        }
    }
    keyed.par_sort_unstable();
    let mut repeats = vec![u32::MAX; n];
    for run in keyed.chunk_by(|x, y| x.0 == y.0) {
        if run[0].0 == NO_KEY {
            break; // the last run
        }
        for &(_, i) in &run[1..] {
            repeats[i as usize] = run[0].1;
        }
    }
    Some(repeats)
}

/// A relation's problems that do not depend on the other items: a self-relation (`same`:
/// its two ends are one actor), a weight out of range or against its kind's sign, a zero
/// weight, dates in the wrong order.
fn relation_problems(
    r: &Relation,
    same: bool,
    span: impl Fn(&str) -> Option<Span>,
    mut out: impl FnMut(Diagnostic),
) {
    if same {
        out(
            Diagnostic::error("E013", format!("relation from `{}` to itself", r.from))
                .at(span("to"), "same actor as `from`")
                .hint("a relation joins two different actors"),
        );
    }
    if r.weight.is_nan() || !(-1.0..=1.0).contains(&r.weight) {
        let msg = if r.weight.is_nan() {
            "weight is not a number (NaN)".to_string()
        } else {
            format!("weight {} is outside [-1, 1]", r.weight)
        };
        out(Diagnostic::error("E015", msg)
            .at(span("weight"), "out of range")
            .hint("weights run from -1 (strongest hostility) to 1 (strongest alliance)"));
    } else {
        match r.kind.sign() {
            Sign::Positive if r.weight < 0.0 => out(Diagnostic::error(
                "E016",
                format!(
                    "`{}` is an allied kind but the weight is negative",
                    r.kind.ron_name()
                ),
            )
            .at(span("weight"), "negative weight")
            .also(span("kind"), "allied kind")
            .hint("use a positive weight, or a hostile kind such as `Rivalry` or `Hostility`")),
            Sign::Negative if r.weight > 0.0 => out(Diagnostic::error(
                "E016",
                format!(
                    "`{}` is a hostile kind but the weight is positive",
                    r.kind.ron_name()
                ),
            )
            .at(span("weight"), "positive weight")
            .also(span("kind"), "hostile kind")
            .hint(format!(
                "write the weight as {}, or use an allied kind such as `Partnership`",
                -r.weight
            ))),
            _ => {}
        }
        if r.weight == 0.0 {
            out(
                Diagnostic::warning("W002", "relation with weight 0 carries no sign")
                    .at(span("weight"), "zero weight")
                    .hint("remove the relation, or give it a strength"),
            );
        }
    }
    if let (Some(s), Some(u)) = (r.since, r.until)
        && u.ends_before(&s)
    {
        out(
            Diagnostic::error("E018", format!("`until` ({u}) is before `since` ({s})"))
                .at(span("until"), "ends here")
                .also(span("since"), "starts here")
                .hint("swap the two dates, or correct one of them"),
        );
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActorKind, Vocabulary};
    use proptest::prelude::*;

    fn w004(relations: &[Relation]) -> Vec<String> {
        let actors: Vec<Actor> = ["A", "B", "C"]
            .iter()
            .map(|id| Actor::new(*id, *id, ActorKind::State))
            .collect();
        check(&Items {
            actors: &actors,
            relations,
            events: &[],
            spans: None,
            broken_ids: &[],
            relations_incomplete: false,
        })
        .into_iter()
        .filter(|d| d.code == "W004")
        .map(|d| d.message)
        .collect()
    }

    #[test]
    fn undated_relations_warn_only_in_a_graph_that_dates_relations() {
        let undated = Relation::new("A", "B", RelationKind::Trade, 0.3);
        let ended = Relation::new("B", "C", RelationKind::Rivalry, -0.2)
            .directed()
            .with_dates(None, Some("2020".parse().unwrap()));
        let dated = Relation::new("A", "C", RelationKind::Alliance, 0.5)
            .with_dates(Some("2022-02-22".parse().unwrap()), None);
        // No dates anywhere: nothing to warn about.
        assert!(w004(std::slice::from_ref(&undated)).is_empty());
        // One dated relation makes every relation without `since` a warning, in file order;
        // an `until` alone does not date a relation's start.
        assert_eq!(
            w004(&[undated, ended, dated]),
            [
                "relation `A` – `B` (Trade) has no `since`, though the graph dates its relations",
                "relation `B` → `C` (Rivalry) has no `since`, though the graph dates its relations",
            ]
        );
    }

    proptest! {
        /// However the relations are cut into parts, the same problems in the same order
        /// and the same ends (unknown ids, self-relations, bad weights, duplicates across
        /// parts; with spans and without).
        #[test]
        fn parts_check_as_one_list(
            rels in proptest::collection::vec((0usize..7, 0usize..7, 0usize..3, -3i32..4, any::<bool>()), 0..40),
            cuts in proptest::collection::vec(0usize..40, 0..5),
            with_spans in any::<bool>(),
        ) {
            let actors: Vec<Actor> =
                (0..5).map(|i| Actor::new(format!("A{i}"), format!("Actor {i}"), ActorKind::State)).collect();
            let kinds = RelationKind::all();
            let relations: Vec<Relation> = rels
                .iter()
                .map(|&(a, b, k, w, directed)| {
                    let mut r = Relation::new(format!("A{a}"), format!("A{b}"), kinds[k * 7 % kinds.len()], f64::from(w) / 2.0);
                    r.directed = directed;
                    r
                })
                .collect();
            let spans = DocumentSpans {
                actors: (0..5).map(|i| ItemSpans::new(Span::new(i, i + 1))).collect(),
                relations: (0..relations.len())
                    .map(|i| {
                        let mut s = ItemSpans::new(Span::new(10 * i + 100, 10 * i + 109));
                        s.set("from", Span::new(10 * i + 101, 10 * i + 102));
                        s.set("weight", Span::new(10 * i + 105, 10 * i + 106));
                        s
                    })
                    .collect(),
                events: Vec::new(),
            };
            let items = Items {
                actors: &actors,
                relations: &relations,
                events: &[],
                spans: with_spans.then_some(&spans),
                broken_ids: &[],
                relations_incomplete: false,
            };
            let whole = check_resolving(&items);
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(relations.len())).collect();
            cuts.sort();
            let mut parts = Vec::new();
            let mut resolved = Vec::new();
            let mut from = 0;
            for c in cuts.into_iter().chain([relations.len()]) {
                parts.push(&relations[from..c]);
                resolved.push(&whole.1[from..c]);
                from = c;
            }
            let by_index = |i: usize| spans.relations.get(i).cloned();
            let by_index = with_spans.then_some(&by_index as &RelationSpans);
            let cut = check_in_parts(&items, &parts, by_index, None, None);
            prop_assert_eq!(&cut, &whole);
            // The same with the actors' positions given (as a loader found them).
            let index = IdIndex::new(actors.iter().map(|a| &a.id));
            let given = check_in_parts(&items, &parts, by_index, Some(&resolved), Some(&index));
            prop_assert_eq!(&given, &whole);
            // A duplicate is reported for each relation that repeats an earlier one.
            fn key(r: &Relation) -> (RelationKind, bool, (&str, &str)) {
                let (a, b) = (r.from.as_str(), r.to.as_str());
                let ends = if r.directed || a <= b { (a, b) } else { (b, a) };
                (r.kind, r.directed, ends)
            }
            let repeats = (0..relations.len())
                .filter(|&i| relations[..i].iter().any(|e| key(e) == key(&relations[i])))
                .count();
            prop_assert_eq!(whole.0.iter().filter(|d| d.code == "E014").count(), repeats);
        }

        /// The repeated ties found from the bare keys' sort are, for each relation, the
        /// first earlier one with its packed key (none for an end not declared or past the
        /// 2^28th actor), in parts cut anywhere; `None` exactly when no key repeats.
        #[test]
        fn repeated_ties_are_the_first_given(
            rels in proptest::collection::vec((0u32..6, 0u32..6, 0usize..3, any::<bool>()), 0..60),
            cuts in proptest::collection::vec(0usize..60, 0..4),
        ) {
            let kinds = RelationKind::all();
            // Ends 4 and 5 stand for an undeclared actor and one past the packed keys' reach.
            let at = |a: u32| match a {
                4 => u32::MAX,
                5 => 1 << ACTOR_BITS,
                a => a,
            };
            let relations: Vec<Relation> = rels
                .iter()
                .map(|&(_, _, k, directed)| {
                    let mut r = Relation::new("A", "B", kinds[k * 5 % kinds.len()], 0.5);
                    r.directed = directed;
                    r
                })
                .collect();
            let ends: Vec<[u32; 2]> = rels.iter().map(|&(a, b, _, _)| [at(a), at(b)]).collect();
            let keys: Vec<Option<u64>> =
                relations.iter().zip(&ends).map(|(r, &e)| packed_tie_key(r, e)).collect();
            let want: Vec<u32> = (0..keys.len())
                .map(|i| match keys[i] {
                    Some(k) => keys[..i].iter().position(|&e| e == Some(k)).map_or(u32::MAX, |f| f as u32),
                    None => u32::MAX,
                })
                .collect();
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(relations.len())).collect();
            cuts.sort();
            let (mut parts, mut part_ends, mut from) = (Vec::new(), Vec::new(), 0);
            for c in cuts.into_iter().chain([relations.len()]) {
                parts.push(&relations[from..c]);
                part_ends.push(&ends[from..c]);
                from = c;
            }
            let bare = keys.iter().map(|k| k.unwrap_or(NO_KEY)).collect();
            let got = repeated_ties(bare, &parts, &part_ends);
            if want.iter().all(|&f| f == u32::MAX) {
                prop_assert_eq!(got, None);
            } else {
                prop_assert_eq!(got, Some(want));
            }
        }
    }
}
