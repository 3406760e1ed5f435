//! What the exchange formats (CSV, GEXF, GraphML, node-link JSON) share: how a graph read
//! from one is validated and built, and how import errors name their file.
//!
//! Imports are validated by the same checks as RON files ([`crate::model::validate`]), with
//! spans into the imported text where the format allows, so a bad CSV cell is reported as
//! `file:row:column` with a caret and a hint, every bad row at once.

// A diagnostic is made once per problem in bad input, never on a hot path: its size in
// `Result` does not matter.
#![allow(clippy::result_large_err)]

use crate::diagnostic::{Diagnostic, ItemSpans};
use crate::model::validate::{DocumentSpans, Items, check};
use crate::model::{Actor, ActorGraph, Event, EventWeighting, Relation, Tally};
use std::fmt;

/// Problems found in one input file.
#[derive(Debug, Clone)]
pub struct FileDiagnostics {
    pub file: String,
    pub source: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// Why an import failed: every problem, by file.
#[derive(Debug, Clone)]
pub struct ImportError {
    pub files: Vec<FileDiagnostics>,
}

impl ImportError {
    pub fn one(file: &str, source: &str, diagnostics: Vec<Diagnostic>) -> ImportError {
        ImportError {
            files: vec![FileDiagnostics {
                file: file.to_string(),
                source: source.to_string(),
                diagnostics,
            }],
        }
    }

    pub fn error_count(&self) -> usize {
        self.files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .filter(|d| d.is_error())
            .count()
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.files.iter().map(|f| f.file.as_str()).collect();
        write!(
            f,
            "{} error(s) in {}",
            self.error_count(),
            names.join(" and ")
        )
    }
}

impl std::error::Error for ImportError {}

/// A graph read from an exchange format, with the loader's warnings.
#[derive(Debug, Clone)]
pub struct Imported {
    pub graph: ActorGraph,
    pub warnings: Vec<Diagnostic>,
}

/// The parts of a graph read from a file, before validation.
#[derive(Debug, Clone, Default)]
pub struct Parts {
    pub name: String,
    pub description: String,
    pub actors: Vec<Actor>,
    pub relations: Vec<Relation>,
    pub events: Vec<Event>,
    /// Event tallies and how they become weights (RON, node-link JSON and GraphML keep
    /// them; GEXF and CSV have nowhere to put them).
    pub tallies: Vec<Tally>,
    pub weighting: Option<EventWeighting>,
    /// The graph's own kind → layer choices.
    pub layers: crate::model::LayerMap,
    /// Spans of the items, when the format has them (CSV).
    pub spans: Option<DocumentSpans>,
}

impl Parts {
    /// Validates and builds the graph. Returns every diagnostic (errors and warnings) on
    /// failure, in source order.
    pub fn build(self) -> Result<Imported, Vec<Diagnostic>> {
        let Parts {
            name,
            description,
            actors,
            relations,
            events,
            tallies,
            weighting,
            layers,
            spans,
        } = self;
        let mut diags = check(&Items {
            actors: &actors,
            relations: &relations,
            events: &events,
            spans: spans.as_ref(),
            broken_ids: &[],
            relations_incomplete: false,
        });
        // Read only by validation: freed (and handed back) before the graph is built, which
        // would otherwise hold them at its peak (a CSV of a million rows: 200 MB of spans).
        if spans.is_some() {
            drop(spans);
            super::mapped::release_freed_memory();
        }
        if let Some(why) = weighting.as_ref().and_then(EventWeighting::problem) {
            diags.push(Diagnostic::error(
                "E025",
                format!("bad event weighting: {why}"),
            ));
        }
        if !tallies.is_empty() {
            let known: std::collections::HashSet<&str> =
                actors.iter().map(|a| a.id.as_str()).collect();
            diags.extend(crate::model::validate::check_tallies(
                &tallies, None, &known,
            ));
        }
        crate::diagnostic::in_file_order(&mut diags);
        if diags.iter().any(Diagnostic::is_error) {
            return Err(diags);
        }
        let mut graph = ActorGraph::new(name);
        graph.description = description;
        graph.layers = layers;
        for a in actors {
            graph.add_actor(a).expect("validated actor");
        }
        for r in relations {
            graph
                .push_relation_unchecked(r)
                .expect("validated relation");
        }
        for e in events {
            graph.add_event(e);
        }
        *graph.tallies_mut() = tallies;
        graph.weighting = weighting;
        Ok(Imported {
            graph,
            warnings: diags,
        })
    }
}

/// Actors and relations read one at a time from a document's nodes and edges, with the
/// problems of each kind kept apart: a document's node problems are reported before its
/// edge problems, in whatever order its nodes and edges come.
#[derive(Debug, Default)]
pub struct ReadItems {
    actors: Vec<Actor>,
    relations: Vec<Relation>,
    actor_errors: Vec<Diagnostic>,
    relation_errors: Vec<Diagnostic>,
}

impl ReadItems {
    pub fn actor(&mut self, read: Result<Actor, Diagnostic>) {
        match read {
            Ok(a) => self.actors.push(a),
            Err(d) => self.actor_errors.push(d),
        }
    }

    pub fn relation(&mut self, read: Result<Relation, Diagnostic>) {
        match read {
            Ok(r) => self.relations.push(r),
            Err(d) => self.relation_errors.push(d),
        }
    }

    /// Validates and builds the graph of `parts` with these items, unless there are
    /// problems: `errors` (the document's own) first, then the items'.
    pub fn build(
        self,
        mut parts: Parts,
        mut errors: Vec<Diagnostic>,
    ) -> Result<Imported, Vec<Diagnostic>> {
        errors.extend(self.actor_errors);
        errors.extend(self.relation_errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        parts.actors = self.actors;
        parts.relations = self.relations;
        parts.build()
    }
}

/// Spans for an item read from a format without positions.
pub fn no_spans() -> ItemSpans {
    ItemSpans::new(crate::diagnostic::Span::new(0, 0))
}

/// Text of an actor's tags and free attributes for formats that store strings: JSON.
pub fn tags_text(a: &Actor) -> Option<String> {
    (!a.tags.is_empty()).then(|| serde_json::to_string(&a.tags).unwrap_or_default())
}

pub fn attributes_text(a: &Actor) -> Option<String> {
    (!a.attributes.is_empty()).then(|| serde_json::to_string(&a.attributes).unwrap_or_default())
}

pub fn sources_text(r: &Relation) -> Option<String> {
    (!r.sources().is_empty()).then(|| serde_json::to_string(r.sources()).unwrap_or_default())
}

/// An actor from string fields (`get("kind")`...), as GEXF and GraphML store them. The
/// name defaults to the id, the kind to `other`; tags and attributes are JSON.
pub fn actor_from(id: &str, get: &dyn Fn(&str) -> Option<String>) -> Result<Actor, String> {
    let kind = match get("kind") {
        None => crate::model::ActorKind::Other,
        Some(k) => k.parse::<crate::model::ActorKind>()?,
    };
    let mut a = Actor::new(id, get("name").unwrap_or_else(|| id.to_string()), kind);
    a.region = get("region");
    a.part_of = get("part_of").map(crate::model::ActorId::from);
    if let Some(t) = get("tags") {
        a.tags = serde_json::from_str(&t).map_err(|e| format!("tags of `{id}`: {e}"))?;
    }
    if let Some(t) = get("attributes") {
        a.attributes =
            serde_json::from_str(&t).map_err(|e| format!("attributes of `{id}`: {e}"))?;
    }
    Ok(a)
}

/// A relation from string fields. `weight` is required; a missing kind follows the weight's
/// sign; `since`/`until` keep their precision (`2025`, `2025-06`, `2025-06-27`).
pub fn relation_from(
    from: &str,
    to: &str,
    get: &dyn Fn(&str) -> Option<String>,
) -> Result<Relation, String> {
    use crate::model::{Confidence, Date, RelationKind};
    let what = format!("relation {from} → {to}");
    let weight: f64 = get("weight")
        .ok_or_else(|| format!("{what} has no weight"))?
        .trim()
        .parse()
        .map_err(|_| format!("{what}: the weight is not a number"))?;
    let kind = match get("kind") {
        None => RelationKind::default_for_weight(weight),
        Some(k) => k
            .parse::<RelationKind>()
            .map_err(|e| format!("{what}: {e}"))?,
    };
    let mut r = Relation::new(from, to, kind, weight);
    if let Some(d) = get("directed") {
        r.directed = match d.trim() {
            "true" | "1" => true,
            "false" | "0" => false,
            other => return Err(format!("{what}: directed is `{other}`, not true or false")),
        };
    }
    let date = |f: &str| -> Result<Option<Date>, String> {
        get(f)
            .map(|d| {
                d.trim()
                    .parse::<Date>()
                    .map_err(|e| format!("{what}: {f}: {e}"))
            })
            .transpose()
    };
    r.since = date("since")?;
    r.until = date("until")?;
    if let Some(c) = get("confidence") {
        r.confidence = c
            .parse::<Confidence>()
            .map_err(|e| format!("{what}: {e}"))?;
    }
    if let Some(s) = get("sources") {
        r.set_sources(serde_json::from_str(&s).map_err(|e| format!("{what}: sources: {e}"))?);
    }
    r.set_note(get("note"));
    Ok(r)
}

/// The fields [`relation_from`] reads, as strings, for writers.
pub fn relation_fields(r: &Relation) -> Vec<(&'static str, String)> {
    let mut v = vec![
        ("kind", r.kind.kebab_name().to_string()),
        ("weight", super::ron::number(r.weight)),
        ("directed", r.directed.to_string()),
        ("confidence", r.confidence.kebab_name().to_string()),
    ];
    if let Some(d) = r.since {
        v.push(("since", d.to_string()));
    }
    if let Some(d) = r.until {
        v.push(("until", d.to_string()));
    }
    if let Some(s) = sources_text(r) {
        v.push(("sources", s));
    }
    if let Some(n) = r.note() {
        v.push(("note", n.to_string()));
    }
    v
}

/// The fields [`actor_from`] reads (besides the id), as strings, for writers.
pub fn actor_fields(a: &Actor) -> Vec<(&'static str, String)> {
    let mut v = vec![
        ("name", a.name.clone()),
        ("kind", a.kind.kebab_name().to_string()),
    ];
    if let Some(r) = &a.region {
        v.push(("region", r.clone()));
    }
    if let Some(t) = tags_text(a) {
        v.push(("tags", t));
    }
    if let Some(t) = attributes_text(a) {
        v.push(("attributes", t));
    }
    if let Some(p) = &a.part_of {
        v.push(("part_of", p.to_string()));
    }
    v
}

/// A graph's own layer choices as JSON text (`{"energy": "energy"}`), for formats that store
/// strings; `None` for the built-in mapping.
pub fn layers_text(g: &ActorGraph) -> Option<String> {
    (!g.layers.is_default()).then(|| {
        let m: std::collections::BTreeMap<&str, &str> = g.layers.named_overrides().collect();
        serde_json::to_string(&m).unwrap_or_default()
    })
}

/// Layer choices read back: relation kind (either spelling) → layer name.
pub fn layers_from(
    m: std::collections::BTreeMap<String, String>,
) -> Result<crate::model::LayerMap, String> {
    let mut out = Vec::new();
    for (kind, layer) in m {
        let k = crate::model::RelationKind::parse(&kind)
            .ok_or_else(|| format!("layers: unknown relation kind `{kind}`"))?;
        if let Some(why) = crate::model::layer::layer_name_problem(&layer) {
            return Err(format!("layers: bad layer name `{layer}`: {why}"));
        }
        out.push((k, layer));
    }
    Ok(crate::model::LayerMap::new(out))
}
