//! Typed reading of a parsed RON tree that reports every problem instead of stopping at
//! the first: a wrong field is reported and skipped, and reading goes on. Shared by the
//! graph loader and the scenario loader.

use super::parse::{Field, Node, Value};
pub use crate::diagnostic::ItemSpans;
use crate::diagnostic::{Diagnostic, Span, suggest};
use crate::model::{AttrValue, Date, Vocabulary};
use std::collections::BTreeMap;

/// Collects diagnostics while reading.
#[derive(Debug, Default)]
pub struct Reader {
    pub diagnostics: Vec<Diagnostic>,
}

/// The fields of one struct, checked against the names it may have.
pub struct Fields<'n> {
    pub what: &'static str,
    pub span: Span,
    /// Where to point when a field is missing: the struct's name, or its opening.
    pub head: Span,
    /// The fields as written: a field's value is the first of its name (a field of a name
    /// not allowed is never asked for, and a repeated one is reported).
    fields: &'n [Field<'n>],
    allowed: &'static [&'static str],
    /// Fields that an unknown field was reported as a likely misspelling of: not reported
    /// again as missing.
    misspelt: Vec<&'static str>,
}

impl Fields<'_> {
    /// Room for the spans of the fields this struct holds: one exact allocation, since a
    /// large graph keeps one `ItemSpans` per relation until validation is done.
    pub fn item_spans(&self, whole: Span) -> ItemSpans {
        ItemSpans::with_capacity(whole, self.fields.len())
    }
}

/// "an actor kind", "a relation kind".
fn with_article(what: &str) -> String {
    let vowel = what.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {what}", if vowel { "an" } else { "a" })
}

impl Reader {
    pub fn error(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    pub fn expected(&mut self, node: &Node, what: &str, hint: Option<String>) {
        let d = Diagnostic::error(
            "E002",
            format!("expected {what}, found {}", node.value.describe()),
        )
        .at(Some(node.span), format!("expected {what}"))
        .maybe_hint(hint);
        self.error(d);
    }

    /// Opens `Name(field: value, ...)` (the name may be left out). Reports a wrong name,
    /// repeated fields and fields not in `allowed`, and keeps the rest.
    pub fn open<'n>(
        &mut self,
        node: &'n Node<'n>,
        name: &'static str,
        allowed: &'static [&'static str],
    ) -> Option<Fields<'n>> {
        let (sname, fields) = match &node.value {
            Value::Struct { name, fields } => (name, fields),
            // `RemoveActor("AZE")`: the right name, values without field names.
            Value::Tuple {
                name: Some((n, _)),
                items,
            } if *n == name => {
                let fields = allowed
                    .iter()
                    .take(items.len().max(1))
                    .map(|f| format!("{f}: ..."))
                    .collect::<Vec<_>>()
                    .join(", ");
                self.error(
                    Diagnostic::error("E002", format!("`{name}(...)` takes named fields"))
                        .at(Some(node.span), "values without field names")
                        .hint(format!("write it as `{name}({fields})`")),
                );
                return None;
            }
            _ => {
                let hint = format!("write it as `{name}({}: ..., ...)`", allowed[0]);
                self.expected(node, &format!("`{name}(...)`"), Some(hint));
                return None;
            }
        };
        let head = match sname {
            Some((n, s)) => {
                if *n != name {
                    self.error(
                        Diagnostic::error(
                            "E002",
                            format!("expected `{name}(...)`, found `{n}(...)`"),
                        )
                        .at(Some(*s), format!("expected `{name}`"))
                        .hint(format!(
                            "this list holds `{name}` entries; move it to its own list"
                        )),
                    );
                    // Reading its fields as a `name` would only add noise.
                    return None;
                }
                *s
            }
            None => Span::new(node.span.start, node.span.start + 1),
        };
        let mut misspelt = Vec::new();
        for (i, f) in fields.iter().enumerate() {
            if !allowed.contains(&f.name) {
                let hint = match suggest(f.name, allowed.iter().copied()) {
                    Some(s) => {
                        misspelt.extend(allowed.iter().copied().find(|a| *a == s));
                        format!("did you mean `{s}`?")
                    }
                    None => format!("`{name}` has the fields: {}", allowed.join(", ")),
                };
                self.error(
                    Diagnostic::error("E003", format!("unknown field `{}` in `{name}`", f.name))
                        .at(Some(f.name_span), "unknown field")
                        .hint(hint),
                );
            } else if let Some(first) = fields[..i].iter().find(|k| k.name == f.name) {
                self.error(
                    Diagnostic::error("E003", format!("field `{}` is given twice", f.name))
                        .at(Some(f.name_span), "given again here")
                        .also(Some(first.name_span), "first given here")
                        .hint("remove one of them"),
                );
            }
        }
        Some(Fields {
            what: name,
            span: node.span,
            head,
            fields,
            allowed,
            misspelt,
        })
    }

    /// A field's value, if written.
    pub fn optional<'n>(&self, f: &Fields<'n>, name: &str) -> Option<&'n Node<'n>> {
        debug_assert!(f.allowed.contains(&name), "`{name}` is not a field");
        f.fields.iter().find(|x| x.name == name).map(|x| &x.value)
    }

    /// A field's value; reports it missing otherwise.
    pub fn required<'n>(
        &mut self,
        f: &Fields<'n>,
        name: &str,
        example: &str,
    ) -> Option<&'n Node<'n>> {
        let v = self.optional(f, name);
        if v.is_none() && !f.misspelt.contains(&name) {
            self.error(
                Diagnostic::error("E004", format!("missing field `{name}` in `{}`", f.what))
                    .at(Some(f.head), format!("`{name}` is missing"))
                    .hint(format!("add `{name}: {example}`")),
            );
        }
        v
    }

    /// Unwraps `Some(x)` to `x`; returns `None` for `None`. A bare value is taken as given.
    pub fn unwrap_option<'n>(&mut self, node: &'n Node<'n>) -> Option<&'n Node<'n>> {
        match &node.value {
            Value::Ident(s) if *s == "None" => None,
            Value::Tuple {
                name: Some((n, _)),
                items,
            } if *n == "Some" && items.len() == 1 => Some(&items[0]),
            _ => Some(node),
        }
    }

    pub fn string(&mut self, node: &Node) -> Option<String> {
        self.str(node).map(str::to_string)
    }

    /// [`Reader::string`] borrowed from the node: an actor id looked up among those
    /// declared need not be copied (a million relations have two million).
    pub fn str<'n>(&mut self, node: &'n Node) -> Option<&'n str> {
        match &node.value {
            Value::Str(s) => Some(s),
            Value::Ident(s) => {
                self.expected(
                    node,
                    "a string",
                    Some(format!("put it in double quotes: \"{s}\"")),
                );
                None
            }
            _ => {
                self.expected(node, "a string", None);
                None
            }
        }
    }

    pub fn number(&mut self, node: &Node) -> Option<f64> {
        match &node.value {
            Value::Number(v) => Some(*v),
            Value::Integer(i) => Some(*i as f64),
            Value::Str(s) if s.trim().parse::<f64>().is_ok() => {
                self.expected(
                    node,
                    "a number",
                    Some(format!("remove the quotes: {}", s.trim())),
                );
                None
            }
            _ => {
                self.expected(node, "a number", None);
                None
            }
        }
    }

    /// A whole number ≥ 0 (a count).
    pub fn count(&mut self, node: &Node) -> Option<u64> {
        let v = self.number(node)?;
        if v >= 0.0 && v.fract() == 0.0 && v < 9.0e15 {
            Some(v as u64)
        } else {
            self.expected(node, "a whole number ≥ 0", None);
            None
        }
    }

    /// A period: `"2012-08-01"`, `"2012-W31"`, `"2012-08"`, `"2012-Q3"` or `"2012"`.
    pub fn period(&mut self, node: &Node) -> Option<crate::model::Period> {
        let s = self.string(node)?;
        match crate::model::Period::parse(&s) {
            Ok(p) => Some(p),
            Err(e) => {
                self.error(
                    Diagnostic::error("E017", format!("bad period `{s}`"))
                        .at(Some(node.span), e)
                        .hint("periods are \"2012-08-01\", \"2012-W31\", \"2012-08\", \"2012-Q3\" or \"2012\""),
                );
                None
            }
        }
    }

    pub fn boolean(&mut self, node: &Node) -> Option<bool> {
        match &node.value {
            Value::Bool(b) => Some(*b),
            _ => {
                self.expected(
                    node,
                    "`true` or `false`",
                    Some("write `true` or `false`, without quotes".into()),
                );
                None
            }
        }
    }

    pub fn date(&mut self, node: &Node) -> Option<Date> {
        let s = self.string(node)?;
        match s.parse::<Date>() {
            Ok(d) => Some(d),
            Err(e) => {
                self.error(
                    Diagnostic::error("E017", format!("bad date `{s}`"))
                        .at(Some(node.span), e.0)
                        .hint("dates are \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\", e.g. \"2025-08-06\""),
                );
                None
            }
        }
    }

    /// A unit variant of a vocabulary, written `ArmedGroup` (or `armed-group` in a string,
    /// which is reported with the fix).
    pub fn variant<T: Vocabulary>(&mut self, node: &Node) -> Option<T> {
        let names = || T::all().iter().map(|v| v.ron_name());
        let (word, quoted) = match &node.value {
            Value::Ident(s) => (*s, false),
            Value::Str(s) => (s.as_ref(), true),
            _ => {
                self.expected(
                    node,
                    &with_article(T::WHAT),
                    Some(format!(
                        "one of: {}",
                        names().collect::<Vec<_>>().join(", ")
                    )),
                );
                return None;
            }
        };
        let found = T::all()
            .iter()
            .copied()
            .find(|v| v.ron_name() == word || v.kebab_name() == word);
        match (found, quoted) {
            (Some(v), false) if v.ron_name() == word => Some(v),
            (Some(v), _) => {
                self.error(
                    Diagnostic::error(
                        "E019",
                        format!("write the {} as `{}`", T::WHAT, v.ron_name()),
                    )
                    .at(Some(node.span), "not RON's spelling")
                    .hint(format!("write `{}`, without quotes", v.ron_name())),
                );
                None
            }
            (None, _) => {
                let hint = match suggest(word, names()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("one of: {}", names().collect::<Vec<_>>().join(", ")),
                };
                self.error(
                    Diagnostic::error("E019", format!("unknown {} `{word}`", T::WHAT))
                        .at(Some(node.span), format!("unknown {}", T::WHAT))
                        .hint(hint),
                );
                None
            }
        }
    }

    /// The elements of a list.
    pub fn list<'n>(&mut self, node: &'n Node<'n>, what: &str) -> Option<&'n [Node<'n>]> {
        match &node.value {
            Value::List(items) => Some(items),
            _ => {
                self.expected(node, &format!("a list of {what} `[...]`"), None);
                None
            }
        }
    }

    pub fn strings(&mut self, node: &Node) -> Option<Vec<String>> {
        let items = self.list(node, "strings")?;
        let v: Vec<Option<String>> = items.iter().map(|n| self.string(n)).collect();
        v.into_iter().collect()
    }

    pub fn attributes(&mut self, node: &Node) -> Option<BTreeMap<String, AttrValue>> {
        let Value::Map(entries) = &node.value else {
            self.expected(node, "a map `{\"key\": value}`", None);
            return None;
        };
        let mut out = BTreeMap::new();
        for (k, v) in entries {
            let Some(key) = self.string(k) else { continue };
            let val = match &v.value {
                Value::Str(s) => AttrValue::Text(s.to_string()),
                Value::Number(x) if x.is_finite() => AttrValue::Number(*x),
                Value::Integer(i) => match AttrValue::integer(*i) {
                    Some(a) => a,
                    None => {
                        self.error(
                            Diagnostic::error("E002", "an integer attribute must fit in 64 bits")
                                .at(Some(v.span), "too large to keep exactly")
                                .hint(format!(
                                    "write it as a string (\"{i}\") to keep every digit, or as a decimal ({:e})",
                                    *i as f64
                                )),
                        );
                        continue;
                    }
                },
                Value::Bool(b) => AttrValue::Bool(*b),
                _ => {
                    self.expected(v, "a string, a finite number or a boolean", None);
                    continue;
                }
            };
            if out.insert(key.clone(), val).is_some() {
                self.error(
                    Diagnostic::error("E003", format!("attribute `{key}` is given twice"))
                        .at(Some(k.span), "given again here"),
                );
            }
        }
        Some(out)
    }

    /// Reads an optional field through `read`, recording its value's span.
    pub fn field<'n, T>(
        &mut self,
        f: &Fields<'n>,
        name: &'static str,
        spans: &mut ItemSpans,
        read: impl FnOnce(&mut Self, &'n Node<'n>) -> Option<T>,
    ) -> Option<T> {
        let node = self.optional(f, name)?;
        spans.set(name, node.span);
        let inner = self.unwrap_option(node)?;
        read(self, inner)
    }

    /// Reads a required field through `read`, recording its value's span. `None` when it is
    /// missing or wrong (already reported).
    pub fn req<'n, T>(
        &mut self,
        f: &Fields<'n>,
        name: &'static str,
        example: &str,
        spans: &mut ItemSpans,
        read: impl FnOnce(&mut Self, &'n Node<'n>) -> Option<T>,
    ) -> Option<T> {
        let node = self.required(f, name, example)?;
        spans.set(name, node.span);
        read(self, node)
    }
}
