//! The graph file format: RON (Rusty Object Notation), documented in `docs/format.md`.
//!
//! Loading parses with spans ([`parse`]), reads the typed items reporting every problem
//! ([`decode`]), validates them ([`crate::model::validate`]) and only then builds the graph.
//! Saving writes a stable, pretty layout: one actor per line, one field per line for
//! relations and events, in graph order, so that a diff under git reads well.

mod build;
pub mod decode;
mod direct;
pub mod document;
pub mod parse;

pub use document::GraphDoc;

use crate::diagnostic::Diagnostic;
use crate::diagnostic::Span;
use crate::format::mapped;
use crate::format::output::Pieces;
use crate::model::ids::IdIndex;
use crate::model::layer::layer_name_problem;
use crate::model::validate::{DocumentSpans, Items, RelationSpans, check_in_parts, check_tallies};
use crate::model::{
    Actor, ActorGraph, ActorId, AttrValue, Event, EventWeighting, LAYERS, LayerMap, Relation,
    RelationKind, Tally,
};
use decode::{ItemSpans, Reader};
use parse::Node;
use std::borrow::Cow;
use std::fmt::Write;

/// A graph read from a file, and the warnings about it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub graph: ActorGraph,
    pub warnings: Vec<Diagnostic>,
}

const GRAPH_FIELDS: &[&str] = &[
    "name",
    "description",
    "actors",
    "relations",
    "events",
    "tallies",
    "weighting",
    "layers",
];
const TALLY_FIELDS: &[&str] = &[
    "from",
    "to",
    "period",
    "events",
    "mentions",
    "goldstein",
    "goldstein_mentions",
    "quad",
];
const WEIGHTING_FIELDS: &[&str] = &["half_life_days", "prior_events", "by_mentions"];
/// The lists read element by element while the file is parsed.
const STREAMED: &[&str] = &["actors", "relations", "events", "tallies"];
const ACTOR_FIELDS: &[&str] = &[
    "id",
    "name",
    "kind",
    "part_of",
    "region",
    "tags",
    "attributes",
];
const RELATION_FIELDS: &[&str] = &[
    "from",
    "to",
    "kind",
    "weight",
    "directed",
    "since",
    "until",
    "confidence",
    "sources",
    "note",
];
const EVENT_FIELDS: &[&str] = &[
    "date",
    "actors",
    "from",
    "to",
    "kind",
    "score",
    "confidence",
    "summary",
    "sources",
];

/// Reads an `Actor(...)`. `broken` receives its id when the id could be read but something
/// else could not.
pub fn read_actor(
    rd: &mut Reader,
    node: &Node,
    broken: &mut Vec<String>,
) -> Option<(Actor, ItemSpans)> {
    let f = rd.open(node, "Actor", ACTOR_FIELDS)?;
    let mut sp = f.item_spans(node.span);
    let before = rd.diagnostics.len();
    let id = rd.req(&f, "id", "\"AZE\"", &mut sp, |r, n| r.string(n));
    let name = rd.req(&f, "name", "\"Azerbaijan\"", &mut sp, |r, n| r.string(n));
    let kind = rd.req(&f, "kind", "State", &mut sp, |r, n| r.variant(n));
    let part_of = rd.field(&f, "part_of", &mut sp, |r, n| r.string(n));
    let region = rd.field(&f, "region", &mut sp, |r, n| r.string(n));
    let tags = rd.field(&f, "tags", &mut sp, |r, n| r.strings(n));
    let attributes = rd.field(&f, "attributes", &mut sp, |r, n| r.attributes(n));
    if rd.diagnostics.len() > before {
        broken.extend(id);
        return None;
    }
    let actor = Actor {
        id: ActorId::from(id?),
        name: name?,
        kind: kind?,
        region,
        tags: tags.unwrap_or_default(),
        attributes: attributes.unwrap_or_default(),
        part_of: part_of.map(ActorId::from),
    };
    Some((actor, sp))
}

pub fn read_relation(rd: &mut Reader, node: &Node) -> Option<(Relation, ItemSpans)> {
    let mut sp = ItemSpans::default();
    let (ends, rest) = read_relation_unjoined(rd, node, &mut sp)?;
    let [from, to] = ends.map(|id| ActorId::from(&*id));
    Some((rest.join(from, to), sp))
}

/// A relation read but for its two actors' ids, which a loader looks up in batches
/// ([`IdIndex::get_many`]) to share those of the actors declared.
struct Unjoined {
    kind: RelationKind,
    weight: f64,
    directed: bool,
    since: Option<crate::model::Date>,
    until: Option<crate::model::Date>,
    confidence: crate::model::Confidence,
    sources: Vec<String>,
    note: Option<String>,
}

impl Unjoined {
    /// The fields as read (`None`: not written), with the defaults of those left out.
    #[allow(clippy::too_many_arguments)]
    fn new(
        kind: RelationKind,
        weight: f64,
        directed: Option<bool>,
        since: Option<crate::model::Date>,
        until: Option<crate::model::Date>,
        confidence: Option<crate::model::Confidence>,
        sources: Option<Vec<String>>,
        note: Option<String>,
    ) -> Unjoined {
        Unjoined {
            kind,
            weight,
            directed: directed.unwrap_or(false),
            since,
            until,
            confidence: confidence.unwrap_or_default(),
            sources: sources.unwrap_or_default(),
            note,
        }
    }

    fn join(self, from: ActorId, to: ActorId) -> Relation {
        let mut r = Relation::new(from, to, self.kind, self.weight)
            .with_dates(self.since, self.until)
            .with_confidence(self.confidence)
            .with_sources(self.sources);
        r.directed = self.directed;
        r.set_note(self.note);
        r
    }
}

/// Reads a `Relation(...)`: the text of its two ids (borrowed from the source where it is
/// written without escapes) and the rest. Its spans go into `sp` (reset: a loader that
/// keeps only each relation's whole span reuses one).
fn read_relation_unjoined<'s>(
    rd: &mut Reader,
    node: &Node<'s>,
    sp: &mut ItemSpans,
) -> Option<([Cow<'s, str>; 2], Unjoined)> {
    let f = rd.open(node, "Relation", RELATION_FIELDS)?;
    sp.reset(node.span);
    let sp = &mut *sp;
    let before = rd.diagnostics.len();
    let from = rd.req(&f, "from", "\"RUS\"", sp, |r, n| r.str(n).map(|_| ()));
    let to = rd.req(&f, "to", "\"AZE\"", sp, |r, n| r.str(n).map(|_| ()));
    let kind = rd.req(&f, "kind", "Partnership", sp, |r, n| r.variant(n));
    let weight = rd.req(&f, "weight", "0.5", sp, |r, n| r.number(n));
    let directed = rd.field(&f, "directed", sp, |r, n| r.boolean(n));
    let since = rd.field(&f, "since", sp, |r, n| r.date(n));
    let until = rd.field(&f, "until", sp, |r, n| r.date(n));
    let confidence = rd.field(&f, "confidence", sp, |r, n| r.variant(n));
    let sources = rd.field(&f, "sources", sp, |r, n| r.strings(n));
    let note = rd.field(&f, "note", sp, |r, n| r.string(n));
    if rd.diagnostics.len() > before {
        return None;
    }
    let (_, _) = (from?, to?);
    let ends = [source_str(node, "from")?, source_str(node, "to")?];
    let rest = Unjoined::new(
        kind?, weight?, directed, since, until, confidence, sources, note,
    );
    Some((ends, rest))
}

/// The string value of the first field `name` of a struct, borrowed from the source text
/// when it is written without escapes (as [`Reader::str`] reads it, with the text's
/// lifetime rather than the node's).
fn source_str<'s>(node: &Node<'s>, name: &str) -> Option<Cow<'s, str>> {
    let parse::Value::Struct { fields, .. } = &node.value else {
        return None;
    };
    match &fields.iter().find(|f| f.name == name)?.value.value {
        parse::Value::Str(Cow::Borrowed(s)) => Some(Cow::Borrowed(s)),
        parse::Value::Str(Cow::Owned(s)) => Some(Cow::Owned(s.clone())),
        _ => None,
    }
}

pub fn read_event(rd: &mut Reader, node: &Node) -> Option<(Event, ItemSpans)> {
    let f = rd.open(node, "Event", EVENT_FIELDS)?;
    let mut sp = f.item_spans(node.span);
    let before = rd.diagnostics.len();
    let date = rd.req(&f, "date", "\"2025-06-27\"", &mut sp, |r, n| r.date(n));
    let actors = rd.req(&f, "actors", "[\"RUS\", \"AZE\"]", &mut sp, |r, n| {
        r.strings(n)
    });
    let from = rd.field(&f, "from", &mut sp, |r, n| r.string(n));
    let to = rd.field(&f, "to", &mut sp, |r, n| r.string(n));
    let kind = rd.req(&f, "kind", "\"raid\"", &mut sp, |r, n| r.string(n));
    let score = rd.req(&f, "score", "-5.0", &mut sp, |r, n| r.number(n));
    let confidence = rd.field(&f, "confidence", &mut sp, |r, n| r.variant(n));
    let summary = rd.req(&f, "summary", "\"what happened\"", &mut sp, |r, n| {
        r.string(n)
    });
    let sources = rd.field(&f, "sources", &mut sp, |r, n| r.strings(n));
    if rd.diagnostics.len() > before {
        return None;
    }
    let ev = Event {
        date: date?,
        actors: actors?.into_iter().map(ActorId::from).collect(),
        from: from.map(ActorId::from),
        to: to.map(ActorId::from),
        kind: kind?,
        score: score?,
        confidence: confidence.unwrap_or_default(),
        summary: summary?,
        sources: sources.unwrap_or_default(),
    };
    Some((ev, sp))
}

pub fn read_tally(rd: &mut Reader, node: &Node) -> Option<(Tally, ItemSpans)> {
    let f = rd.open(node, "Tally", TALLY_FIELDS)?;
    let mut sp = f.item_spans(node.span);
    let before = rd.diagnostics.len();
    let from = rd.req(&f, "from", "\"RUS\"", &mut sp, |r, n| r.string(n));
    let to = rd.req(&f, "to", "\"GEO\"", &mut sp, |r, n| r.string(n));
    let period = rd.req(&f, "period", "\"2012-08\"", &mut sp, |r, n| r.period(n));
    let events = rd.req(&f, "events", "12", &mut sp, |r, n| r.count(n));
    let mentions = rd.req(&f, "mentions", "40", &mut sp, |r, n| r.count(n));
    let goldstein = rd.req(&f, "goldstein", "-23.5", &mut sp, |r, n| r.number(n));
    let goldstein_mentions = rd.req(&f, "goldstein_mentions", "-80.1", &mut sp, |r, n| {
        r.number(n)
    });
    let quad = rd.req(&f, "quad", "[3, 1, 5, 3]", &mut sp, |r, n| {
        let items = r.list(n, "four counts")?;
        if items.len() != 4 {
            r.error(
                Diagnostic::error("E002", format!("expected four counts, found {}", items.len()))
                    .at(Some(n.span), "expected four counts")
                    .hint("the events per QuadClass: verbal cooperation, material cooperation, verbal conflict, material conflict"),
            );
            return None;
        }
        let v: Vec<Option<u64>> = items.iter().map(|i| r.count(i)).collect();
        let v: Vec<u64> = v.into_iter().collect::<Option<_>>()?;
        Some([v[0], v[1], v[2], v[3]])
    });
    if rd.diagnostics.len() > before {
        return None;
    }
    let t = Tally {
        from: ActorId::from(from?),
        to: ActorId::from(to?),
        period: period?,
        events: events?,
        mentions: mentions?,
        goldstein: goldstein?,
        goldstein_mentions: goldstein_mentions?,
        quad: quad?,
    };
    Some((t, sp))
}

pub fn read_weighting(rd: &mut Reader, node: &Node) -> Option<(EventWeighting, ItemSpans)> {
    let f = rd.open(node, "EventWeighting", WEIGHTING_FIELDS)?;
    let mut sp = f.item_spans(node.span);
    let before = rd.diagnostics.len();
    let d = EventWeighting::default();
    let half_life_days = rd.field(&f, "half_life_days", &mut sp, |r, n| r.number(n));
    let prior_events = rd.field(&f, "prior_events", &mut sp, |r, n| r.number(n));
    let by_mentions = rd.field(&f, "by_mentions", &mut sp, |r, n| r.boolean(n));
    if rd.diagnostics.len() > before {
        return None;
    }
    let w = EventWeighting {
        half_life_days: half_life_days.unwrap_or(d.half_life_days),
        prior_events: prior_events.unwrap_or(d.prior_events),
        by_mentions: by_mentions.unwrap_or(d.by_mentions),
    };
    if let Some(why) = w.problem() {
        rd.error(
            Diagnostic::error("E025", "bad event weighting")
                .at(Some(node.span), why)
                .hint("e.g. EventWeighting(half_life_days: 90.0, prior_events: 5.0)"),
        );
        return None;
    }
    Some((w, sp))
}

/// Reads the `layers` map: relation kind (either spelling) → layer name
/// ([`crate::model::layer`]).
pub fn read_layers(rd: &mut Reader, node: &Node) -> Option<LayerMap> {
    let parse::Value::Map(entries) = &node.value else {
        rd.expected(
            node,
            "a map `{\"energy\": \"energy\"}` of relation kind to layer",
            None,
        );
        return None;
    };
    let mut out = std::collections::BTreeMap::new();
    for (k, v) in entries {
        let (Some(kind), Some(layer)) = (rd.string(k), rd.string(v)) else {
            continue;
        };
        let Some(kind) = RelationKind::parse(&kind) else {
            let names = RelationKind::ALL.iter().map(|k| k.kebab_name());
            let hint = match crate::diagnostic::suggest(&kind, names) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "a relation kind such as \"energy\" or \"alliance\"".to_string(),
            };
            rd.error(
                Diagnostic::error("E019", format!("unknown relation kind `{kind}`"))
                    .at(Some(k.span), "not a relation kind")
                    .hint(hint),
            );
            continue;
        };
        if let Some(why) = layer_name_problem(&layer) {
            rd.error(
                Diagnostic::error("E026", format!("bad layer name `{layer}`"))
                    .at(Some(v.span), why)
                    .hint(format!("built-in layers: {}", LAYERS.join(", "))),
            );
            continue;
        }
        if out.insert(kind, layer).is_some() {
            rd.error(
                Diagnostic::error("E003", format!("relation kind `{kind}` is given twice"))
                    .at(Some(k.span), "given again here"),
            );
        }
    }
    Some(LayerMap::new(out))
}

/// Reads a list field of `f` with `read` for each element, keeping those that read cleanly.
fn read_items<T>(
    rd: &mut Reader,
    node: Option<&Node>,
    what: &str,
    mut read: impl FnMut(&mut Reader, &Node) -> Option<(T, ItemSpans)>,
) -> (Vec<T>, Vec<ItemSpans>) {
    let mut items = Vec::new();
    let mut spans = Vec::new();
    if let Some(list) = node.and_then(|n| rd.list(n, what)) {
        for n in list {
            if let Some((t, s)) = read(rd, n) {
                items.push(t);
                spans.push(s);
            }
        }
    }
    (items, spans)
}

/// What the loader gathers from the streamed item lists: the items read cleanly, in file
/// order, and the problems found reading them.
#[derive(Default)]
struct Gathered<'r> {
    /// Hands back the text up to a point once it is read (a mapped file: [`from_mapped`]).
    release: Option<&'r Release<'r>>,
    /// Every relation parsed into a tree and read from it, none straight from the text
    /// ([`direct`]): the tests compare the two.
    trees_only: bool,
    diagnostics: Vec<Diagnostic>,
    actors: Vec<Actor>,
    /// The ids of `actors`, once their list is read: relations read after it share them.
    known: IdIndex,
    actor_spans: Vec<ItemSpans>,
    broken: Vec<String>,
    /// The relations as the chunks of the list gave them: joining them would copy the
    /// largest vectors of the load.
    relations: Vec<Vec<Relation>>,
    /// Where each relation is written, whole: its fields' spans are found again from the
    /// text for a relation with a problem ([`relation_spans`]).
    relation_spans: Vec<Vec<Span>>,
    /// The positions in `actors` of each relation's two actors (`u32::MAX` for an id not
    /// declared), as `known` gave them: they hold for validation only if no actor was read
    /// after the relations (`ends_among` is how many were known then).
    relation_ends: Vec<Vec<[u32; 2]>>,
    ends_among: usize,
    relations_incomplete: bool,
    events: Vec<Event>,
    event_spans: Vec<ItemSpans>,
    tallies: Vec<Tally>,
    tally_spans: Vec<ItemSpans>,
}

/// What one chunk of a streamed list gives (see [`parse::Streamer`]): the same as
/// [`Gathered`], for one list.
struct Part<'s> {
    list: List,
    rd: Reader,
    items: Read,
    spans: Vec<ItemSpans>,
    /// For relations: each one's whole span (their fields' are not kept), and the positions
    /// of its two actors.
    wholes: Vec<Span>,
    ends: Vec<[u32; 2]>,
    /// Relations read whose ids are not looked up yet ([`PENDING`] at most), with their
    /// whole spans.
    pending: Vec<Pending<'s>>,
    /// The spans of the relation being read, reused for the next.
    scratch: ItemSpans,
    /// Ids of actors that could not be read; for relations, whether any could not be.
    broken: Vec<String>,
    incomplete: bool,
    /// Where the text this part read and has not handed back starts.
    unreleased: Option<usize>,
}

#[derive(Clone, Copy)]
enum List {
    Actors,
    Relations,
    Events,
    Tallies,
}

enum Read {
    Actors(Vec<Actor>),
    Relations(Vec<Relation>),
    Events(Vec<Event>),
    Tallies(Vec<Tally>),
}

/// A relation read, its ids not looked up yet: their text and hashes
/// ([`IdIndex::announce`]), the rest, and its whole span.
struct Pending<'s> {
    ids: [Cow<'s, str>; 2],
    hashes: [u64; 2],
    rest: Unjoined,
    whole: Span,
}

/// How many relations are read before their ids are looked up together.
const PENDING: usize = 32;

impl Part<'_> {
    /// Looks up the ids of the pending relations among the actors declared (`known`) and
    /// moves the relations to the part's list, sharing those actors' ids.
    fn join_pending(&mut self, known: &IdIndex) {
        let Read::Relations(v) = &mut self.items else {
            return;
        };
        let mut ids = [""; 2 * PENDING];
        let mut hashes = [0; 2 * PENDING];
        let mut at = [u32::MAX; 2 * PENDING];
        let n = 2 * self.pending.len();
        for (i, p) in self.pending.iter().enumerate() {
            ids[2 * i..2 * i + 2].copy_from_slice(&[&*p.ids[0], &*p.ids[1]]);
            hashes[2 * i..2 * i + 2].copy_from_slice(&p.hashes);
        }
        known.get_many(&ids[..n], &hashes[..n], &mut at[..n]);
        for (p, at) in self.pending.drain(..).zip(at.chunks_exact(2)) {
            let [from, to] = [0, 1].map(|k| match at[k] {
                u32::MAX => ActorId::from(&*p.ids[k]),
                found => known.id(found).clone(),
            });
            v.push(p.rest.join(from, to));
            self.wholes.push(p.whole);
            self.ends.push([at[0], at[1]]);
        }
    }
}

impl<'s> parse::Streamer<'s> for Gathered<'_> {
    type Part = Part<'s>;

    fn part(&self, field: &str, text: &str) -> Part<'s> {
        let mut wholes = Vec::new();
        let mut ends = Vec::new();
        let (list, items, spans) = match field {
            "actors" => (List::Actors, Read::Actors(Vec::new()), Vec::new()),
            "relations" => {
                // A large part (the whole list, read on one thread) gets room for every
                // relation up front (a count of `Relation(` that may overcount words in
                // notes): regrowing the largest vectors would double their peak. A chunk's
                // part gets room for a relation per 128 bytes of its text (a generated
                // file's take 170), given back when it ends: each
                // regrowth copied the part and touched fresh pages.
                let n = if text.len() > 4 << 20 {
                    text.matches("Relation(").count()
                } else {
                    text.len() / 128
                };
                wholes.reserve_exact(n);
                ends.reserve_exact(n);
                let items = Read::Relations(Vec::with_capacity(n));
                (List::Relations, items, Vec::new())
            }
            "tallies" => (List::Tallies, Read::Tallies(Vec::new()), Vec::new()),
            _ => (List::Events, Read::Events(Vec::new()), Vec::new()),
        };
        Part {
            list,
            rd: Reader::default(),
            items,
            spans,
            wholes,
            ends,
            pending: Vec::new(),
            scratch: ItemSpans::default(),
            broken: Vec::new(),
            incomplete: false,
            unreleased: None,
        }
    }

    fn item(&self, part: &mut Part<'s>, node: Node<'s>) {
        self.release_before(part, node.span.start);
        let rd = &mut part.rd;
        match &mut part.items {
            Read::Actors(v) => {
                if let Some((a, s)) = read_actor(rd, &node, &mut part.broken) {
                    v.push(a);
                    part.spans.push(s);
                }
            }
            Read::Relations(_) => {
                let before = rd.diagnostics.len();
                let sp = &mut part.scratch;
                let read = read_relation_unjoined(rd, &node, sp);
                part.incomplete |= rd.diagnostics.len() > before;
                if let Some((ids, rest)) = read {
                    let whole = sp.whole;
                    self.pend(part, ids, rest, whole);
                }
            }
            Read::Events(v) => {
                if let Some((e, s)) = read_event(rd, &node) {
                    v.push(e);
                    part.spans.push(s);
                }
            }
            Read::Tallies(v) => {
                if let Some((t, s)) = read_tally(rd, &node) {
                    v.push(t);
                    part.spans.push(s);
                }
            }
        }
    }

    fn item_text(&self, part: &mut Part<'s>, src: &'s str, at: usize) -> Option<usize> {
        if self.trees_only || !matches!(part.items, Read::Relations(_)) {
            return None;
        }
        let read = direct::relation(src, at)?;
        self.release_before(part, at);
        let ids = read.ids.map(Cow::Borrowed);
        self.pend(part, ids, read.rest, Span::new(at, read.end));
        Some(read.end)
    }

    fn end(&self, part: &mut Part<'s>, at: usize) {
        part.join_pending(&self.known);
        if let Read::Relations(v) = &mut part.items {
            v.shrink_to_fit();
            part.wholes.shrink_to_fit();
            part.ends.shrink_to_fit();
        }
        if let (Some(release), Some(from)) = (self.release, part.unreleased) {
            release(from..at);
            part.unreleased = Some(at);
        }
    }

    fn finish(&mut self, _field: &str, mut parts: Vec<Part<'s>>) {
        for p in &mut parts {
            p.join_pending(&self.known);
        }
        let Some(list) = parts.first().map(|p| p.list) else {
            return;
        };
        // One allocation of the total size for each vector, each part freed once moved; a
        // single part is moved. Relations stay in their parts.
        if parts.len() > 1 {
            let n = parts.iter().map(|p| p.spans.len()).sum();
            match list {
                List::Actors => {
                    self.actors.reserve_exact(n);
                    self.actor_spans.reserve_exact(n);
                }
                List::Relations => {}
                List::Events => {
                    self.events.reserve_exact(n);
                    self.event_spans.reserve_exact(n);
                }
                List::Tallies => {
                    self.tallies.reserve_exact(n);
                    self.tally_spans.reserve_exact(n);
                }
            }
        }
        for p in parts {
            self.diagnostics.extend(p.rd.diagnostics);
            self.broken.extend(p.broken);
            self.relations_incomplete |= p.incomplete;
            let spans = match p.items {
                Read::Actors(v) => {
                    append(&mut self.actors, v);
                    &mut self.actor_spans
                }
                Read::Relations(v) => {
                    self.relations.push(v);
                    self.relation_spans.push(p.wholes);
                    self.relation_ends.push(p.ends);
                    self.ends_among = self.known.len();
                    continue;
                }
                Read::Events(v) => {
                    append(&mut self.events, v);
                    &mut self.event_spans
                }
                Read::Tallies(v) => {
                    append(&mut self.tallies, v);
                    &mut self.tally_spans
                }
            };
            append(spans, p.spans);
        }
        if let List::Actors = list {
            // The ids made again, one after the other: read in chunks on several threads,
            // they lie scattered among the rest of what was read, and each of the millions
            // of relation ends that shares one reads it (a cache and TLB miss each time);
            // side by side they are a few megabytes (32 bytes each for short ids).
            let fresh: Vec<ActorId> = self
                .actors
                .iter()
                .map(|a| ActorId::from(a.id.as_str()))
                .collect();
            for (a, id) in self.actors.iter_mut().zip(fresh) {
                a.id = id;
            }
            self.known = IdIndex::new(self.actors.iter().map(|a| &a.id));
        }
    }
}

impl<'s> Gathered<'_> {
    /// Hands back the text a part read before an item starting at `start` (a mapped
    /// file's), every [`mapped::PARSE_RELEASE_STEP`].
    fn release_before(&self, part: &mut Part<'s>, start: usize) {
        if let Some(release) = self.release {
            let from = *part.unreleased.get_or_insert(start);
            if start - from >= mapped::PARSE_RELEASE_STEP {
                part.join_pending(&self.known); // reads the ids' text
                release(from..start);
                part.unreleased = Some(start);
            }
        }
    }

    /// A relation read but for its ids, which are looked up with the next [`PENDING`].
    fn pend(&self, part: &mut Part<'s>, ids: [Cow<'s, str>; 2], rest: Unjoined, whole: Span) {
        let hashes = [self.known.announce(&ids[0]), self.known.announce(&ids[1])];
        part.pending.push(Pending {
            ids,
            hashes,
            rest,
            whole,
        });
        if part.pending.len() == PENDING {
            part.join_pending(&self.known);
        }
    }
}

/// The spans of the `i`th relation of the parts, read again from the text where it is
/// (`wholes`: each relation's whole span, in the parts the list was read in).
fn relation_spans_again(src: &str, wholes: &[&[Span]], mut i: usize) -> Option<ItemSpans> {
    let whole = wholes.iter().find_map(|part| {
        let at = part.get(i).copied();
        i = i.saturating_sub(part.len());
        at
    })?;
    let node = parse::parse_at(src, whole.start)?;
    read_relation(&mut Reader::default(), &node).map(|(_, spans)| spans)
}

/// Moves `items` to the end of `all`; into `all` itself when it has no room yet.
fn append<T>(all: &mut Vec<T>, items: Vec<T>) {
    if all.capacity() == 0 {
        *all = items;
    } else {
        all.extend(items);
    }
}

/// Parses and validates a graph file's text. On failure, returns every error (and the
/// warnings) found; syntax errors stop at the first.
///
/// The `actors`, `relations` and `events` lists are decoded element by element while the
/// file is parsed ([`parse::parse_streaming`]), so a large graph is never held as a tree;
/// a large list is parsed and decoded in chunks on several threads.
pub fn from_str(src: &str) -> Result<Loaded, Vec<Diagnostic>> {
    let mut got = Gathered::default();
    let root = parse::parse_streaming(src, STREAMED, &mut got).map_err(|d| vec![*d])?;
    from_parsed(src, root, got)
}

/// [`from_str`] with every relation parsed into a tree and read from it, none read straight
/// from the text ([`direct`]): the two readings must give the same on every input, which the
/// `ron_graph` fuzz target and its regression test check. Slower; not for other uses.
#[doc(hidden)]
pub fn from_str_through_trees(src: &str) -> Result<Loaded, Vec<Diagnostic>> {
    let mut got = Gathered {
        trees_only: true,
        ..Gathered::default()
    };
    let root = parse::parse_streaming(src, STREAMED, &mut got).map_err(|d| vec![*d])?;
    from_parsed(src, root, got)
}

/// Hands back the text in a range once it is read ([`mapped::MappedText::release`]).
pub type Release<'a> = dyn Fn(std::ops::Range<usize>) + Sync + 'a;

/// [`from_str`] on a mapped file's text, handing each stretch back as soon as it is parsed
/// and all of it before validation, so that the text is never resident all at once; what
/// is read again later (fields of a relation with a problem) comes back from the file.
pub fn from_mapped(text: &mapped::MappedText) -> Result<Loaded, Vec<Diagnostic>> {
    let src = text.as_str();
    let release = |r: std::ops::Range<usize>| text.release(r);
    let mut got = Gathered {
        release: Some(&release),
        ..Gathered::default()
    };
    let root = parse::parse_streaming(src, STREAMED, &mut got);
    text.release(0..src.len());
    from_parsed(src, root.map_err(|d| vec![*d])?, got)
}

/// [`from_str`] with the lists split as `chunking` says, for tests of the chunked parse,
/// and with every relation read through its tree if `trees_only`.
#[cfg(test)]
fn from_str_with(
    src: &str,
    chunking: parse::Chunking,
    trees_only: bool,
) -> Result<Loaded, Vec<Diagnostic>> {
    let mut got = Gathered {
        trees_only,
        ..Gathered::default()
    };
    let root =
        parse::parse_streaming_with(src, STREAMED, &mut got, chunking).map_err(|d| vec![*d])?;
    from_parsed(src, root, got)
}

/// Reads the rest of the root struct, validates everything and builds the graph.
fn from_parsed(src: &str, root: Node, got: Gathered) -> Result<Loaded, Vec<Diagnostic>> {
    let mut rd = Reader {
        diagnostics: got.diagnostics,
    };
    let Gathered {
        release: _,
        trees_only: _,
        diagnostics: _,
        known,
        mut actors,
        mut actor_spans,
        mut broken,
        mut relations,
        mut relation_spans,
        mut relation_ends,
        ends_among,
        mut relations_incomplete,
        mut events,
        mut event_spans,
        mut tallies,
        mut tally_spans,
    } = got;
    let Some(f) = rd.open(&root, "Graph", GRAPH_FIELDS) else {
        return Err(rd.diagnostics);
    };
    let mut scratch = decode::ItemSpans::new(root.span);
    let name = rd
        .field(&f, "name", &mut scratch, |r, n| r.string(n))
        .unwrap_or_default();
    let description = rd
        .field(&f, "description", &mut scratch, |r, n| r.string(n))
        .unwrap_or_default();
    // A list that was streamed is empty in the tree; one that is not a list is reported here.
    let actors_node = rd.required(&f, "actors", "[Actor(id: \"AZE\", ...)]");
    let (a, s) = read_items(&mut rd, actors_node, "actors", |r, n| {
        read_actor(r, n, &mut broken)
    });
    actors.extend(a);
    actor_spans.extend(s);
    let rel_node = rd.optional(&f, "relations");
    let before = rd.diagnostics.len();
    let (r, s) = read_items(&mut rd, rel_node, "relations", read_relation);
    relations_incomplete |= rd.diagnostics.len() > before;
    // Positions found while parsing hold if every relation was read among all the actors.
    let resolved = r.is_empty() && ends_among == actors.len();
    relations.push(r);
    relation_spans.push(s.iter().map(|s| s.whole).collect());
    relation_ends.push(Vec::new());
    let ev_node = rd.optional(&f, "events");
    let (e, s) = read_items(&mut rd, ev_node, "events", read_event);
    events.extend(e);
    event_spans.extend(s);
    let tally_node = rd.optional(&f, "tallies");
    let (t, s) = read_items(&mut rd, tally_node, "tallies", read_tally);
    tallies.extend(t);
    tally_spans.extend(s);
    let weighting = rd
        .field(&f, "weighting", &mut scratch, |r, n| read_weighting(r, n))
        .map(|(w, _)| w);
    let layers = rd
        .field(&f, "layers", &mut scratch, |r, n| read_layers(r, n))
        .unwrap_or_default();

    let spans = DocumentSpans {
        actors: actor_spans,
        relations: Vec::new(),
        events: event_spans,
    };
    let mut diags = rd.diagnostics;
    let parts: Vec<&[Relation]> = relations.iter().map(Vec::as_slice).collect();
    let wholes: Vec<&[Span]> = relation_spans.iter().map(Vec::as_slice).collect();
    let spans_at = |i: usize| relation_spans_again(src, &wholes, i);
    let found_ends: Vec<&[[u32; 2]]> = relation_ends.iter().map(Vec::as_slice).collect();
    let (checked, ends) = check_in_parts(
        &Items {
            actors: &actors,
            relations: &[],
            events: &events,
            spans: Some(&spans),
            broken_ids: &broken,
            relations_incomplete,
        },
        &parts,
        Some(&spans_at as &RelationSpans),
        resolved.then_some(found_ends.as_slice()),
        Some(&known),
    );
    drop(known);
    if diags.is_empty() {
        diags = checked;
    } else {
        diags.extend(checked);
    }
    if !tallies.is_empty() {
        let known: std::collections::HashSet<&str> = actors
            .iter()
            .map(|a| a.id.as_str())
            .chain(broken.iter().map(String::as_str))
            .collect();
        diags.extend(check_tallies(&tallies, Some(&tally_spans), &known));
    }
    crate::diagnostic::in_file_order(&mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    drop((parts, wholes, found_ends));
    drop(relation_ends);
    drop((relation_spans, spans));
    let mut graph = ActorGraph::new(name);
    graph.description = description;
    build::relations_into(&mut graph, actors, relations, &ends, resolved);
    for e in events {
        graph.add_event(e);
    }
    *graph.tallies_mut() = tallies;
    graph.weighting = weighting;
    graph.layers = layers;
    Ok(Loaded {
        graph,
        warnings: diags,
    })
}

/// Writes `s` as a RON string literal.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_quoted(&mut out, s);
    out
}

/// Appends `s` quoted, as [`quote`] gives it.
fn push_quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Writes a number so that it reads back to the same `f64`.
pub fn number(v: f64) -> String {
    let mut out = String::new();
    push_number(&mut out, v);
    out
}

/// Appends `v` as [`number`] gives it.
fn push_number(out: &mut String, v: f64) {
    if v.is_nan() {
        out.push_str("NaN");
    } else if v.is_infinite() {
        out.push_str(if v > 0.0 { "inf" } else { "-inf" });
    } else {
        let _ = write!(out, "{v:?}");
    }
}

/// An attribute value: a string, a number (an integer without a decimal point, a float with
/// one, so each reads back as it was) or a boolean.
pub fn attr_value(v: &AttrValue) -> String {
    match v {
        AttrValue::Text(t) => quote(t),
        AttrValue::Integer(i) => i.to_string(),
        AttrValue::Unsigned(u) => u.to_string(),
        AttrValue::Number(x) => number(*x),
        AttrValue::Bool(b) => b.to_string(),
    }
}

fn string_list(v: &[String]) -> String {
    let items: Vec<String> = v.iter().map(|s| quote(s)).collect();
    format!("[{}]", items.join(", "))
}

/// One actor on one line.
pub fn actor_to_string(a: &Actor) -> String {
    let mut s = format!(
        "Actor(id: {}, name: {}, kind: {}",
        quote(a.id.as_str()),
        quote(&a.name),
        a.kind.ron_name()
    );
    if let Some(p) = &a.part_of {
        let _ = write!(s, ", part_of: {}", quote(p.as_str()));
    }
    if let Some(r) = &a.region {
        let _ = write!(s, ", region: {}", quote(r));
    }
    if !a.tags.is_empty() {
        let _ = write!(s, ", tags: {}", string_list(&a.tags));
    }
    if !a.attributes.is_empty() {
        let items: Vec<String> = a
            .attributes
            .iter()
            .map(|(k, v)| format!("{}: {}", quote(k), attr_value(v)))
            .collect();
        let _ = write!(s, ", attributes: {{{}}}", items.join(", "));
    }
    s.push(')');
    s
}

/// A relation, one field per line, indented by `indent`.
pub fn relation_to_string(r: &Relation, indent: &str) -> String {
    let mut s = String::with_capacity(160);
    push_relation(&mut s, r, indent);
    s
}

/// Appends `r` as [`relation_to_string`] gives it, without a text per field: the generator
/// and the graph's writer write millions.
pub fn push_relation(s: &mut String, r: &Relation, indent: &str) {
    // Each field on its own line: the indent, four spaces, the field, a comma.
    let field = |s: &mut String, name: &str| {
        s.push_str(indent);
        s.push_str("    ");
        s.push_str(name);
        s.push_str(": ");
    };
    s.push_str("Relation(\n");
    field(s, "from");
    push_quoted(s, r.from.as_str());
    s.push_str(",\n");
    field(s, "to");
    push_quoted(s, r.to.as_str());
    s.push_str(",\n");
    field(s, "kind");
    s.push_str(r.kind.ron_name());
    s.push_str(",\n");
    field(s, "weight");
    push_number(s, r.weight);
    s.push_str(",\n");
    if r.directed {
        field(s, "directed");
        s.push_str("true,\n");
    }
    if let Some(d) = r.since {
        field(s, "since");
        let _ = writeln!(s, "\"{d}\",");
    }
    if let Some(d) = r.until {
        field(s, "until");
        let _ = writeln!(s, "\"{d}\",");
    }
    field(s, "confidence");
    s.push_str(r.confidence.ron_name());
    s.push_str(",\n");
    if !r.sources().is_empty() {
        field(s, "sources");
        s.push_str(&string_list(r.sources()));
        s.push_str(",\n");
    }
    if let Some(n) = r.note() {
        field(s, "note");
        push_quoted(s, n);
        s.push_str(",\n");
    }
    s.push_str(indent);
    s.push(')');
}

pub fn event_to_string(e: &Event, indent: &str) -> String {
    let actors: Vec<String> = e.actors.iter().map(|a| a.to_string()).collect();
    let mut lines = vec![
        format!("date: \"{}\"", e.date),
        format!("actors: {}", string_list(&actors)),
    ];
    if let Some(a) = &e.from {
        lines.push(format!("from: {}", quote(a.as_str())));
    }
    if let Some(a) = &e.to {
        lines.push(format!("to: {}", quote(a.as_str())));
    }
    lines.extend([
        format!("kind: {}", quote(&e.kind)),
        format!("score: {}", number(e.score)),
        format!("confidence: {}", e.confidence.ron_name()),
        format!("summary: {}", quote(&e.summary)),
    ]);
    if !e.sources.is_empty() {
        lines.push(format!("sources: {}", string_list(&e.sources)));
    }
    block("Event", &lines, indent)
}

fn block(name: &str, lines: &[String], indent: &str) -> String {
    let mut s = format!("{name}(\n");
    for l in lines {
        let _ = writeln!(s, "{indent}    {l},");
    }
    let _ = write!(s, "{indent})");
    s
}

/// The whole graph as a RON document.
pub fn to_string(g: &ActorGraph) -> String {
    Pieces::whole(|s| write(g, s))
}

/// Writes the graph as in [`to_string`], a piece at a time (the whole text is never held).
pub fn write_to(g: &ActorGraph, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    Pieces::write(w, |s| write(g, s))
}

fn write(g: &ActorGraph, s: &mut Pieces) -> std::io::Result<()> {
    s.push_str("#![enable(implicit_some)]\nGraph(\n");
    let _ = writeln!(s, "    name: {},", quote(&g.name));
    if !g.description.is_empty() {
        let _ = writeln!(s, "    description: {},", quote(&g.description));
    }
    if !g.layers.is_default() {
        let items: Vec<String> = g
            .layers
            .named_overrides()
            .map(|(k, l)| format!("{}: {}", quote(k), quote(l)))
            .collect();
        let _ = writeln!(s, "    layers: {{{}}},", items.join(", "));
    }
    s.push_str("    actors: [\n");
    for a in g.actors() {
        let _ = writeln!(s, "        {},", actor_to_string(a));
        s.item_done()?;
    }
    s.push_str("    ],\n    relations: [\n");
    for r in g.relations() {
        s.push_str("        ");
        push_relation(s.text(), r, "        ");
        s.push_str(",\n");
        s.item_done()?;
    }
    s.push_str("    ],\n");
    if !g.events().is_empty() {
        s.push_str("    events: [\n");
        for e in g.events() {
            let _ = writeln!(s, "        {},", event_to_string(e, "        "));
            s.item_done()?;
        }
        s.push_str("    ],\n");
    }
    if !g.tallies().is_empty() {
        s.push_str("    tallies: [\n");
        for t in g.tallies() {
            let _ = writeln!(s, "        {},", tally_to_string(t));
            s.item_done()?;
        }
        s.push_str("    ],\n");
    }
    if let Some(w) = &g.weighting {
        let _ = writeln!(s, "    weighting: {},", weighting_to_string(w));
    }
    s.push_str(")\n");
    Ok(())
}

/// One tally on one line.
pub fn tally_to_string(t: &Tally) -> String {
    format!(
        "Tally(from: {}, to: {}, period: \"{}\", events: {}, mentions: {}, goldstein: {}, goldstein_mentions: {}, quad: [{}, {}, {}, {}])",
        quote(t.from.as_str()),
        quote(t.to.as_str()),
        t.period,
        t.events,
        t.mentions,
        number(t.goldstein),
        number(t.goldstein_mentions),
        t.quad[0],
        t.quad[1],
        t.quad[2],
        t.quad[3],
    )
}

pub fn weighting_to_string(w: &EventWeighting) -> String {
    format!(
        "EventWeighting(half_life_days: {}, prior_events: {}, by_mentions: {})",
        number(w.half_life_days),
        number(w.prior_events),
        w.by_mentions
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_all_errors_at_once() {
        let src = r#"Graph(name: "t", actors: [
            Actor(id: "AZE", name: "Azerbaijan", kind: State),
            Actor(id: "AZE", name: "Again", kind: Stat),
        ], relations: [
            Relation(from: "AZR", to: "AZE", kind: Alliance, weight: 1.5),
            Relation(from: "AZE", to: "AZE", kind: Rivalry, weight: 0.5),
        ])"#;
        let errs = from_str(src).unwrap_err();
        let codes: Vec<&str> = errs.iter().map(|d| d.code).collect();
        assert!(codes.contains(&"E019"), "{codes:?}");
        assert!(codes.contains(&"E012"), "{codes:?}");
        assert!(codes.contains(&"E015"), "{codes:?}");
        assert!(codes.contains(&"E013"), "{codes:?}");
        assert!(codes.contains(&"E016"), "{codes:?}");
    }

    #[test]
    fn strings_round_trip_through_quote() {
        for s in [
            "plain",
            "q\"uote",
            "back\\slash",
            "new\nline",
            "Hüseyin",
            "\u{1}",
        ] {
            let src = quote(s);
            let n = parse::parse(&src).unwrap();
            assert_eq!(n.value, parse::Value::Str(s.into()));
        }
    }

    /// What a load gives, comparable: the graph and warnings, or the diagnostics.
    pub(super) fn outcome(
        r: Result<Loaded, Vec<Diagnostic>>,
    ) -> Result<(ActorGraph, Vec<Diagnostic>), Vec<Diagnostic>> {
        r.map(|l| (l.graph, l.warnings))
    }

    /// Loads `src` in chunks of several sizes (down to one element each) and on one thread,
    /// with relations read straight from the text where they can be and through their
    /// trees only, and checks that every load gives the same; returns it.
    pub(super) fn load_every_way(
        src: &str,
    ) -> Result<(ActorGraph, Vec<Diagnostic>), Vec<Diagnostic>> {
        let one = outcome(from_str_with(src, parse::Chunking::SEQUENTIAL, false));
        let trees = outcome(from_str_with(src, parse::Chunking::SEQUENTIAL, true));
        assert_eq!(trees, one, "through trees only");
        for chunk_bytes in [1, 100, 700, 5000] {
            let chunking = parse::Chunking {
                min_bytes: 0,
                chunk_bytes,
            };
            assert_eq!(
                outcome(from_str_with(src, chunking, false)),
                one,
                "chunks of {chunk_bytes} bytes"
            );
        }
        one
    }

    fn generated(actors: usize, relations: usize, seed: u64) -> ActorGraph {
        let opts = crate::generate::GenerateOptions {
            actors,
            relations,
            seed,
            ..Default::default()
        };
        crate::generate::generate(&opts).unwrap().graph
    }

    #[test]
    fn chunked_load_gives_the_same_graph() {
        let g = generated(40, 150, 3);
        let (loaded, warnings) = load_every_way(&to_string(&g)).unwrap();
        assert_eq!(loaded, g);
        assert_eq!(warnings, from_str(&to_string(&g)).unwrap().warnings);
    }

    #[test]
    fn chunked_load_gives_the_same_diagnostics_in_file_order() {
        let text = to_string(&generated(40, 150, 3));
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        // (field line, which of them, new value, code): errors in actors and in relations
        // far apart, so in different chunks.
        let edits = [
            ("Actor(", 10, "Stat),", "E019"),
            ("from: ", 3, "\"NOPE\",", "E012"),
            ("weight: ", 40, "7.0,", "E015"),
            ("from: ", 60, "12,", "E002"),
            ("kind: ", 77, "Friendship,", "E019"),
            ("to: ", 120, "", "E003"),
        ];
        let mut expected = Vec::new();
        for (field, nth, value, code) in edits {
            let (at, line) = lines
                .iter_mut()
                .enumerate()
                .filter(|(_, l)| l.trim_start().starts_with(field))
                .nth(nth)
                .unwrap();
            let col = if field == "Actor(" {
                line.find("kind: ").unwrap() + "kind: ".len()
            } else {
                line.find(field).unwrap() + field.len()
            };
            if code == "E003" {
                // `to` given twice on its line: the second is the one reported.
                let again = format!(" to: {}", &line[col..]);
                line.push_str(&again);
                expected.push((code, at + 1, line.len() - again.len() + 2));
            } else {
                line.replace_range(col.., value);
                expected.push((code, at + 1, col + 1));
            }
        }
        let src = lines.join("\n");
        let diags = load_every_way(&src).unwrap_err();
        let starts: Vec<usize> = diags.iter().map(|d| d.span.unwrap().start).collect();
        assert!(starts.is_sorted(), "{diags:?}");
        let found: Vec<(&str, usize, usize)> = diags
            .iter()
            .map(|d| {
                let (l, c) = crate::diagnostic::line_col(&src, d.span.unwrap().start);
                (d.code, l, c)
            })
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn relations_share_their_actors_ids_however_written() {
        // More relations than are looked up in one batch ([`PENDING`]), some of their ids
        // written with escapes (read as owned text, not borrowed from the source).
        let mut src = String::from("Graph(name: \"t\", actors: [\n");
        for i in 0..60 {
            src += &format!("Actor(id: \"A{i}\", name: \"n\", kind: State),\n");
        }
        src += "], relations: [\n";
        let mut want = Vec::new();
        for i in 0..59 {
            let from = if i % 5 == 0 {
                format!("\\u{{41}}{i}")
            } else {
                format!("A{i}")
            };
            src += &format!(
                "Relation(from: \"{from}\", to: \"A{}\", kind: Partnership, weight: 0.5),\n",
                i + 1
            );
            want.push((format!("A{i}"), format!("A{}", i + 1)));
        }
        src += "])";
        let (g, _) = load_every_way(&src).unwrap();
        let got: Vec<(String, String)> = g
            .relations()
            .map(|r| (r.from.to_string(), r.to.to_string()))
            .collect();
        assert_eq!(got, want);
        for r in g.relations() {
            for id in [&r.from, &r.to] {
                assert!(id.is_shared_with(&g.actor(id).unwrap().id), "{id}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

        /// Whatever is broken where, chunks of any size load as one thread does.
        #[test]
        fn chunked_load_agrees_with_one_thread(
            seed in 0u64..1000,
            edits in proptest::collection::vec((0usize..10_000, 0usize..8), 0..4),
            chunk_bytes in 1usize..3000,
        ) {
            let text = to_string(&generated(30, 60, seed));
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            for (at, what) in edits {
                let i = at % lines.len();
                let l = &mut lines[i];
                match what {
                    0 => l.push_str(" \"stray\""),
                    1 => *l = l.replace(',', ""),
                    2 => *l = l.replace("weight: ", "weight: -"),
                    3 => *l = l.replace("A0", "B0"),
                    4 => l.insert_str(0, "// "),
                    5 => l.insert_str(0, "Relation("),
                    6 => *l = l.replace('"', ""),
                    _ => { lines.remove(i); }
                }
            }
            let src = lines.join("\n");
            let one = outcome(from_str_with(&src, parse::Chunking::SEQUENTIAL, false));
            let chunking = parse::Chunking { min_bytes: 0, chunk_bytes };
            proptest::prop_assert_eq!(outcome(from_str_with(&src, chunking, false)), one.clone());
            let trees = outcome(from_str_with(&src, parse::Chunking::SEQUENTIAL, true));
            proptest::prop_assert_eq!(trees, one);
        }
    }
}
