//! Reading scenario files: `Scenario(name, description, base, edits)` (see
//! `docs/scenarios.md`), and applying the edits to the base once it is loaded
//! ([`apply_to_base`]). Finding and loading the base (a graph or another scenario, relative
//! to the scenario file, with loops detected) is [`crate::input`]'s.
//!
//! Reading uses the project's span-keeping RON parser and typed reader, the same as graph
//! files, so every problem is located: an unknown edit, a wrong field, an actor or relation
//! that does not exist, a missing base, a chain of scenarios that loops. Problems in the
//! scenario itself are all reported together; problems in a base are reported in the base
//! file, where they are.

use super::apply::{Applied, Locations, apply_located};
use super::edit::{Edit, RelationChange, RelationRef};
use crate::diagnostic::{Diagnostic, Span, suggest};
use crate::format::ron::decode::{Fields, ItemSpans, Reader};
use crate::format::ron::parse::{self, Node, Value};
use crate::format::ron::{read_actor, read_event, read_relation};
use crate::format::{LoadError, LoadedFile};
use crate::model::ActorId;
use std::path::{Path, PathBuf};

/// A scenario as written: what it is called, what it edits, and the edits.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    /// The base file as written, relative to the scenario file.
    pub base: String,
    pub edits: Vec<Edit>,
}

impl Scenario {
    /// The scenario in its file syntax.
    pub fn to_ron(&self) -> String {
        let mut s = String::from("Scenario(\n");
        s.push_str(&format!(
            "    name: {},\n",
            crate::format::ron::quote(&self.name)
        ));
        if !self.description.is_empty() {
            s.push_str(&format!(
                "    description: {},\n",
                crate::format::ron::quote(&self.description)
            ));
        }
        s.push_str(&format!(
            "    base: {},\n",
            crate::format::ron::quote(&self.base)
        ));
        s.push_str("    edits: [\n");
        for e in &self.edits {
            s.push_str(&format!("        {},\n", e.to_ron("        ")));
        }
        s.push_str("    ],\n)\n");
        s
    }
}

/// Where each part of a scenario is in its file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScenarioSpans {
    /// The `base` field's value.
    pub base: Span,
    /// One per edit read: its fields (or, for `AddActor`, `AddRelation`, `SetRelation` and
    /// `AddEvent`, the item's fields).
    pub edits: Vec<ItemSpans>,
}

/// A scenario file read (not yet applied), with every problem found in it.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub scenario: Scenario,
    pub spans: ScenarioSpans,
    /// Ids of `AddActor` edits that could not be read.
    pub broken_ids: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A scenario applied to its base.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    pub path: PathBuf,
    pub source: String,
    pub scenario: Scenario,
    pub spans: ScenarioSpans,
    /// The base as loaded (for a chain, the base scenario's result).
    pub base: LoadedFile,
    /// The result graph (named after the scenario), each edit's inverse, and warnings.
    pub applied: Applied,
    /// Every file read, this scenario first, then its base, its base's base...
    pub chain: Vec<PathBuf>,
}

impl LoadedScenario {
    /// The result as a loaded file: the scenario's path and text, the edited graph, and the
    /// scenario's warnings.
    pub fn to_loaded(&self) -> LoadedFile {
        LoadedFile {
            path: self.path.clone(),
            source: self.source.clone(),
            graph: self.applied.graph.clone(),
            warnings: self.applied.warnings.clone(),
            files: self.chain.clone(),
        }
    }
}

const SCENARIO_FIELDS: &[&str] = &["name", "description", "base", "edits"];

/// Each edit's name and the fields it may have (empty for edits that wrap an item).
const EDITS: &[(&str, &[&str])] = &[
    ("AddActor", &[]),
    ("RemoveActor", &["id"]),
    ("RenameActor", &["from", "to"]),
    ("AddRelation", &[]),
    ("SetRelation", &[]),
    ("RemoveRelation", &["from", "to", "kind", "directed"]),
    (
        "ChangeRelation",
        &[
            "from",
            "to",
            "kind",
            "directed",
            "weight",
            "new_kind",
            "confidence",
            "note",
        ],
    ),
    ("ScaleRelations", &["actor", "kind", "factor"]),
    ("MergeActors", &["from", "into"]),
    ("SetAttributes", &["actor", "attributes"]),
    ("AddEvent", &[]),
];

/// The item an `AddActor(...)`-style edit wraps: `AddActor(Actor(...))`, or the short form
/// `AddActor(id: ..., ...)` read as an unnamed `Actor`.
fn wrapped_item<'n>(rd: &mut Reader, node: &Node<'n>, edit: &str, item: &str) -> Option<Node<'n>> {
    match &node.value {
        Value::Tuple { items, .. } if items.len() == 1 => {
            let inner = &items[0];
            if let Value::Struct {
                name: Some((n, at)),
                ..
            } = &inner.value
                && *n != item
            {
                rd.error(
                    Diagnostic::error(
                        "E030",
                        format!("`{edit}` takes `{item}(...)`, not `{n}(...)`"),
                    )
                    .at(Some(*at), format!("expected `{item}`"))
                    .hint(format!("write `{edit}({item}(...))`")),
                );
                return None;
            }
            Some(inner.clone())
        }
        Value::Struct { fields, .. } if !fields.is_empty() => Some(Node {
            span: node.span,
            value: Value::Struct {
                name: None,
                fields: fields.clone(),
            },
        }),
        _ => {
            rd.error(
                Diagnostic::error("E030", format!("`{edit}` takes one `{item}(...)`"))
                    .at(Some(node.span), format!("expected one `{item}`"))
                    .hint(format!("write `{edit}({item}(...))`")),
            );
            None
        }
    }
}

fn read_ref(rd: &mut Reader, f: &Fields, sp: &mut ItemSpans) -> Option<RelationRef> {
    let from = rd.req(f, "from", "\"RUS\"", sp, |r, n| r.string(n));
    let to = rd.req(f, "to", "\"AZE\"", sp, |r, n| r.string(n));
    let kind = rd.field(f, "kind", sp, |r, n| r.variant(n));
    let directed = rd.field(f, "directed", sp, |r, n| r.boolean(n));
    Some(RelationRef {
        from: ActorId::from(from?),
        to: ActorId::from(to?),
        kind,
        directed,
    })
}

/// Reads one edit. `broken` receives the id of an `AddActor` whose actor could not be read.
fn read_edit(rd: &mut Reader, node: &Node, broken: &mut Vec<String>) -> Option<(Edit, ItemSpans)> {
    let name = match &node.value {
        Value::Struct { name: Some(n), .. } | Value::Tuple { name: Some(n), .. } => n,
        _ => {
            rd.error(
                Diagnostic::error("E030", format!("expected an edit, found {}", node.value.describe()))
                    .at(Some(node.span), "not an edit")
                    .hint("edits are written like `RemoveActor(id: \"SPUTNIK_BAKU\")` or `SetRelation(Relation(...))`"),
            );
            return None;
        }
    };
    let Some(&(ename, allowed)) = EDITS.iter().find(|(n, _)| *n == name.0) else {
        let hint = match suggest(name.0, EDITS.iter().map(|(n, _)| *n)) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "the edits are: {}",
                EDITS.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
            ),
        };
        rd.error(
            Diagnostic::error("E030", format!("unknown edit `{}`", name.0))
                .at(Some(name.1), "unknown edit")
                .hint(hint),
        );
        return None;
    };
    let before = rd.diagnostics.len();
    let wrapped = |rd: &mut Reader, item: &str| wrapped_item(rd, node, ename, item);
    let out = match ename {
        "AddActor" => {
            let item = wrapped(rd, "Actor")?;
            read_actor(rd, &item, broken).map(|(a, s)| (Edit::AddActor(a), s))
        }
        "AddRelation" | "SetRelation" => {
            let item = wrapped(rd, "Relation")?;
            read_relation(rd, &item).map(|(r, s)| {
                let e = if ename == "AddRelation" {
                    Edit::AddRelation(r)
                } else {
                    Edit::SetRelation(r)
                };
                (e, s)
            })
        }
        "AddEvent" => {
            let item = wrapped(rd, "Event")?;
            read_event(rd, &item).map(|(e, s)| (Edit::AddEvent(e), s))
        }
        _ => {
            let f = rd.open(node, ename, allowed)?;
            let mut sp = ItemSpans::new(node.span);
            let id = |rd: &mut Reader, sp: &mut ItemSpans, field: &'static str| {
                rd.req(&f, field, "\"AZE\"", sp, |r, n| r.string(n))
                    .map(ActorId::from)
            };
            let edit = match ename {
                "RemoveActor" => id(rd, &mut sp, "id").map(|id| Edit::RemoveActor { id }),
                "RenameActor" => {
                    let from = id(rd, &mut sp, "from");
                    let to = id(rd, &mut sp, "to");
                    Some(Edit::RenameActor {
                        from: from?,
                        to: to?,
                    })
                }
                "RemoveRelation" => read_ref(rd, &f, &mut sp).map(Edit::RemoveRelation),
                "ChangeRelation" => {
                    let relation = read_ref(rd, &f, &mut sp);
                    let change = RelationChange {
                        weight: rd.field(&f, "weight", &mut sp, |r, n| r.number(n)),
                        kind: rd.field(&f, "new_kind", &mut sp, |r, n| r.variant(n)),
                        confidence: rd.field(&f, "confidence", &mut sp, |r, n| r.variant(n)),
                        note: rd.field(&f, "note", &mut sp, |r, n| r.string(n)),
                    };
                    relation.map(|relation| Edit::ChangeRelation { relation, change })
                }
                "ScaleRelations" => {
                    let actor = rd
                        .field(&f, "actor", &mut sp, |r, n| r.string(n))
                        .map(ActorId::from);
                    let kind = rd.field(&f, "kind", &mut sp, |r, n| r.variant(n));
                    let factor = rd.req(&f, "factor", "1.5", &mut sp, |r, n| r.number(n));
                    factor.map(|factor| Edit::ScaleRelations {
                        actor,
                        kind,
                        factor,
                    })
                }
                "MergeActors" => {
                    let from = id(rd, &mut sp, "from");
                    let into = id(rd, &mut sp, "into");
                    Some(Edit::MergeActors {
                        from: from?,
                        into: into?,
                    })
                }
                "SetAttributes" => {
                    let actor = id(rd, &mut sp, "actor");
                    let attributes =
                        rd.req(&f, "attributes", "{\"key\": \"value\"}", &mut sp, |r, n| {
                            r.attributes(n)
                        });
                    Some(Edit::SetAttributes {
                        actor: actor?,
                        attributes: attributes?,
                    })
                }
                _ => unreachable!("every edit name is handled"),
            };
            edit.map(|e| (e, sp))
        }
    };
    if rd.diagnostics.len() > before {
        return None;
    }
    out
}

/// Reads a scenario's text. `Err` only for a syntax error or a root that is not a scenario;
/// other problems are in [`Parsed::diagnostics`], and the edits that read cleanly are kept.
pub fn parse_str(src: &str) -> Result<Parsed, Vec<Diagnostic>> {
    let root = parse::parse(src).map_err(|d| vec![*d])?;
    let mut rd = Reader::default();
    let Some(f) = rd.open(&root, "Scenario", SCENARIO_FIELDS) else {
        return Err(rd.diagnostics);
    };
    let mut sp = ItemSpans::new(root.span);
    let name = rd.req(&f, "name", "\"Russian escalation\"", &mut sp, |r, n| {
        r.string(n)
    });
    let description = rd.field(&f, "description", &mut sp, |r, n| r.string(n));
    let base = rd.req(
        &f,
        "base",
        "\"../south_caucasus_2025.ron\"",
        &mut sp,
        |r, n| r.string(n),
    );
    let mut broken = Vec::new();
    let mut edits = Vec::new();
    let mut edit_spans = Vec::new();
    if let Some(list) = rd
        .required(&f, "edits", "[RemoveActor(id: \"...\"), ...]")
        .and_then(|n| rd.list(n, "edits"))
    {
        for n in list {
            if let Some((e, s)) = read_edit(&mut rd, n, &mut broken) {
                edits.push(e);
                edit_spans.push(s);
            }
        }
    }
    if let Some(b) = &base
        && b.trim().is_empty()
    {
        rd.error(
            Diagnostic::error("E031", "the base is empty")
                .at(Some(sp.get("base")), "no file named")
                .hint("name the graph (or scenario) this scenario edits, relative to this file"),
        );
    }
    Ok(Parsed {
        scenario: Scenario {
            name: name.unwrap_or_default(),
            description: description.unwrap_or_default(),
            base: base.unwrap_or_default(),
            edits,
        },
        spans: ScenarioSpans {
            base: sp.get("base"),
            edits: edit_spans,
        },
        broken_ids: broken,
        diagnostics: rd.diagnostics,
    })
}

/// Applies a parsed scenario to its base, loaded by the caller (who follows the chain of
/// scenarios: [`crate::input`]). `chain` is every file read, this scenario first; problems
/// already found are in `parsed.diagnostics`. Any error rejects the scenario, with every
/// problem located in its file.
pub fn apply_to_base(
    path: &Path,
    source: String,
    parsed: Parsed,
    base_file: LoadedFile,
    chain: Vec<PathBuf>,
) -> Result<LoadedScenario, LoadError> {
    let invalid = |source: String, diagnostics: Vec<Diagnostic>| LoadError::Invalid {
        path: path.to_path_buf(),
        source,
        diagnostics,
        bases: Vec::new(),
    };
    let mut diags = parsed.diagnostics;
    let base_span = Some(parsed.spans.base);
    let located = Locations {
        edits: Some(&parsed.spans.edits),
        base: base_span,
        broken_ids: &parsed.broken_ids,
    };
    match apply_located(&base_file.graph, &parsed.scenario.edits, &located) {
        Ok(mut applied) if !diags.iter().any(Diagnostic::is_error) => {
            applied.graph.name = parsed.scenario.name.clone();
            if !parsed.scenario.description.is_empty() {
                applied.graph.description = parsed.scenario.description.clone();
            }
            Ok(LoadedScenario {
                path: path.to_path_buf(),
                source,
                scenario: parsed.scenario,
                spans: parsed.spans,
                base: base_file,
                applied,
                chain,
            })
        }
        Ok(applied) => {
            diags.extend(applied.warnings);
            crate::diagnostic::in_file_order(&mut diags);
            Err(invalid(source, diags))
        }
        Err(more) => {
            diags.extend(more);
            crate::diagnostic::in_file_order(&mut diags);
            Err(invalid(source, diags))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RelationKind;

    #[test]
    fn reads_every_edit_and_both_item_forms() {
        let src = r#"Scenario(
            name: "t", base: "g.ron",
            edits: [
                AddActor(Actor(id: "X", name: "Ex", kind: State)),
                AddActor(id: "Y", name: "Why", kind: Company),
                RemoveActor(id: "Y"),
                RenameActor(from: "X", to: "Z"),
                AddRelation(Relation(from: "Z", to: "AZE", kind: Trade, weight: 0.3)),
                SetRelation(from: "Z", to: "RUS", kind: Rivalry, weight: -0.3),
                RemoveRelation(from: "Z", to: "AZE"),
                ChangeRelation(from: "RUS", to: "AZE", kind: Hostility, new_kind: ArmedConflict, weight: -0.9, confidence: Confirmed),
                ScaleRelations(actor: "RUS", factor: 1.2),
                ScaleRelations(kind: Trade, factor: 0.5),
                MergeActors(from: "Z", into: "RUS"),
                SetAttributes(actor: "AZE", attributes: {"caspian_bases": true}),
                AddEvent(Event(date: "2025-09", actors: ["RUS"], kind: "strike", score: -8, summary: "s")),
            ])"#;
        let p = parse_str(src).unwrap();
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        let names: Vec<&str> = p.scenario.edits.iter().map(Edit::ron_name).collect();
        assert_eq!(names.len(), 13);
        assert_eq!(p.spans.edits.len(), 13);
        assert_eq!(
            p.scenario.edits[7],
            Edit::ChangeRelation {
                relation: RelationRef::new("RUS", "AZE").kind(RelationKind::Hostility),
                change: RelationChange {
                    weight: Some(-0.9),
                    kind: Some(RelationKind::ArmedConflict),
                    confidence: Some(crate::model::Confidence::Confirmed),
                    note: None,
                },
            }
        );
        // Written back and read again, it is the same scenario.
        let again = parse_str(&p.scenario.to_ron()).unwrap();
        assert!(again.diagnostics.is_empty(), "{:?}", again.diagnostics);
        assert_eq!(again.scenario, p.scenario);
    }

    #[test]
    fn reports_unknown_edits_and_fields_all_at_once() {
        let src = r#"Scenario(name: "t", base: "g.ron", edits: [
            RemoveActr(id: "X"),
            RemoveActor(id: "X", why: 1),
            AddActor(Actor(id: "Q", name: "Q", kind: Stat)),
            ScaleRelations(actor: "RUS"),
        ])"#;
        let p = parse_str(src).unwrap();
        let codes: Vec<&str> = p.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["E030", "E003", "E019", "E004"]);
        assert_eq!(
            p.diagnostics[0].hint.as_deref(),
            Some("did you mean `RemoveActor`?")
        );
        assert_eq!(p.broken_ids, ["Q"]);
        assert!(p.scenario.edits.is_empty());
    }

    #[test]
    fn an_edit_without_field_names_says_so() {
        let src = r#"Scenario(name: "t", base: "g.ron", edits: [
            RemoveActor("AZE"),
            RenameActor("A", "B"),
        ])"#;
        let p = parse_str(src).unwrap();
        let found: Vec<(&str, Option<&str>)> = p
            .diagnostics
            .iter()
            .map(|d| (d.message.as_str(), d.hint.as_deref()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "`RemoveActor(...)` takes named fields",
                    Some("write it as `RemoveActor(id: ...)`")
                ),
                (
                    "`RenameActor(...)` takes named fields",
                    Some("write it as `RenameActor(from: ..., to: ...)`")
                ),
            ]
        );
    }
}
