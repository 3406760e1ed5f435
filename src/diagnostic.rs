//! Located diagnostics (errors and warnings about input files) and their rendering in the
//! style of rustc, through `codespan-reporting`.
//!
//! The library never prints: it returns [`Diagnostic`]s, and [`render`] turns them into text
//! that the CLI writes to stderr. Line and column numbers are 1-based, columns count
//! characters (not bytes).

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};
use serde::Serialize;
use std::ops::Range;

/// A byte range in a source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// Where each field of one item (an actor, a relation, an event, an edit) was written, so
/// that checks made after reading (validation, applying edits) can point at the value at
/// fault. Readers of every format fill it; a field that was not written falls back to the
/// whole item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemSpans {
    pub whole: Span,
    fields: Vec<(&'static str, Span)>,
}

impl ItemSpans {
    pub fn new(whole: Span) -> ItemSpans {
        ItemSpans {
            whole,
            fields: Vec::new(),
        }
    }

    /// Room for `n` fields: one exact allocation, since a large graph keeps one `ItemSpans`
    /// per relation until validation is done.
    pub fn with_capacity(whole: Span, n: usize) -> ItemSpans {
        ItemSpans {
            whole,
            fields: Vec::with_capacity(n),
        }
    }

    pub fn set(&mut self, field: &'static str, span: Span) {
        self.fields.push((field, span));
    }

    /// The span of `field`'s value, or of the whole item if the field was not written.
    pub fn get(&self, field: &str) -> Span {
        self.fields
            .iter()
            .find(|(f, _)| *f == field)
            .map_or(self.whole, |(_, s)| *s)
    }

    /// Whether `field` was written (list elements are recorded as `field` + index).
    pub fn has(&self, field: &str) -> bool {
        self.fields.iter().any(|(f, _)| *f == field)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in an input, with where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable code, e.g. `E012` (see `docs/format.md`).
    pub code: &'static str,
    pub message: String,
    /// Where the problem is, when the input has a source text.
    #[serde(skip)]
    pub span: Option<Span>,
    /// What the caret under the span says.
    pub label: String,
    /// Other places worth showing (the first definition of a duplicate id).
    #[serde(skip)]
    pub secondary: Vec<(Span, String)>,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            span: None,
            label: String::new(),
            secondary: Vec::new(),
            hint: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn at(mut self, span: Option<Span>, label: impl Into<String>) -> Diagnostic {
        self.span = span;
        self.label = label.into();
        self
    }

    pub fn also(mut self, span: Option<Span>, label: impl Into<String>) -> Diagnostic {
        if let Some(s) = span {
            self.secondary.push((s, label.into()));
        }
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    pub fn maybe_hint(mut self, hint: Option<String>) -> Diagnostic {
        self.hint = hint;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A diagnostic with its position resolved against a named source, for JSON output.
#[derive(Debug, Clone, Serialize)]
pub struct LocatedDiagnostic<'a> {
    pub file: &'a str,
    pub line: Option<usize>,
    pub column: Option<usize>,
    #[serde(flatten)]
    pub diagnostic: &'a Diagnostic,
}

/// 1-based (line, column) of byte offset `at` in `source`, columns in characters.
pub fn line_col(source: &str, at: usize) -> (usize, usize) {
    let at = floor_char_boundary(source, at.min(source.len()));
    let before = &source[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, source[line_start..at].chars().count() + 1)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Resolves positions for JSON output.
pub fn locate<'a>(file: &'a str, source: &str, d: &'a Diagnostic) -> LocatedDiagnostic<'a> {
    let (line, column) = match d.span {
        Some(s) => {
            let (l, c) = line_col(source, s.start);
            (Some(l), Some(c))
        }
        None => (None, None),
    };
    LocatedDiagnostic {
        file,
        line,
        column,
        diagnostic: d,
    }
}

fn clamp_span(source: &str, s: Span) -> Range<usize> {
    let start = floor_char_boundary(source, s.start.min(source.len()));
    let end = floor_char_boundary(source, s.end.min(source.len())).max(start);
    start..end
}

/// Renders diagnostics as rustc-style text: `error[E012]: ...`, ` --> file:line:col`, the
/// source line with a caret, and the hint. `color` adds ANSI colours.
pub fn render(diags: &[Diagnostic], file: &str, source: &str, color: bool) -> String {
    let files = SimpleFile::new(file, source);
    let config = Config::default();
    let mut out = Vec::new();
    for d in diags {
        let mut cs = match d.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
        }
        .with_code(d.code)
        .with_message(&d.message);
        let mut labels = Vec::new();
        if let Some(s) = d.span {
            labels.push(Label::primary((), clamp_span(source, s)).with_message(&d.label));
        }
        for (s, msg) in &d.secondary {
            labels.push(Label::secondary((), clamp_span(source, *s)).with_message(msg));
        }
        cs = cs.with_labels(labels);
        let mut notes = Vec::new();
        if d.span.is_none() && !d.label.is_empty() {
            notes.push(d.label.clone());
        }
        if let Some(h) = &d.hint {
            notes.push(format!("help: {h}"));
        }
        cs = cs.with_notes(notes);
        let mut buf = if color {
            term::termcolor::Buffer::ansi()
        } else {
            term::termcolor::Buffer::no_color()
        };
        if term::emit(&mut buf, &config, &files, &cs).is_ok() {
            out.extend_from_slice(buf.as_slice());
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Edit distance counting a swap of two neighbouring letters as one edit (optimal string
/// alignment), case-insensitive, for "did you mean" hints: `TRU` is one edit from `TUR`.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for (j, cell) in d.iter_mut().enumerate().take(w) {
        *cell = j;
    }
    for i in 1..=a.len() {
        d[i * w] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

/// The closest candidate to `word`, if one is close enough to be a likely typo.
pub fn suggest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|&(d, c)| d <= limit || c.eq_ignore_ascii_case(word))
        .min_by_key(|&(d, c)| (d, c))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let s = "ab\nHü x";
        assert_eq!(line_col(s, 0), (1, 1));
        assert_eq!(line_col(s, 3), (2, 1));
        assert_eq!(line_col(s, 7), (2, 4));
    }

    #[test]
    fn suggests_close_ids() {
        assert_eq!(suggest("AZR", ["AZE", "RUS", "TUR"]), Some("AZE"));
        assert_eq!(suggest("aze", ["AZE", "RUS"]), Some("AZE"));
        assert_eq!(suggest("XXXXX", ["AZE", "RUS"]), None);
        assert_eq!(suggest("TRU", ["AZE", "TUR"]), Some("TUR"));
        assert_eq!(edit_distance("wieght", "weight"), 1);
    }
}
