//! Diagnostics rendered as rustc-style text through `codespan-reporting`: the source shown
//! whole when every line can be, else an excerpt per diagnostic of the lines it labels, a
//! long line cut to windows around its own places and control characters escaped.

use super::{Diagnostic, LineStarts, Severity, Span, column, floor_char_boundary};
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::{self, Files, SimpleFile};
use codespan_reporting::term::{self, Config};
use std::ops::Range;

fn clamp_span(source: &str, s: Span) -> Range<usize> {
    let start = floor_char_boundary(source, s.start.min(source.len()));
    let end = floor_char_boundary(source, s.end.min(source.len())).max(start);
    start..end
}

/// A source line longer than this many bytes is shown as windows around the places the
/// labels point at: a 10 MB line (a minified file) gives a snippet, not the line.
const LINE_MAX: usize = 500;
/// Bytes kept on each side of a labelled place in a long line.
const WINDOW: usize = 80;

/// A line shown as it is: short, without a character to escape (its line break aside).
fn is_plain(line: &str) -> bool {
    line.len() <= LINE_MAX && !line_body(line).chars().any(crate::text::is_hidden)
}

/// A line without its line break: a carriage return ending it (CRLF files) is part of it.
fn line_body(line: &str) -> &str {
    line.strip_suffix('\r').unwrap_or(line)
}

/// A source whose every line is shown as it is: one file for all its diagnostics.
struct Whole<'a> {
    file: SimpleFile<String, &'a str>,
}

impl<'f> Files<'f> for Whole<'_> {
    type FileId = ();
    type Name = String;
    type Source = &'f str;

    fn name(&'f self, (): ()) -> Result<String, files::Error> {
        Ok(self.file.name().clone())
    }

    fn source(&'f self, (): ()) -> Result<&'f str, files::Error> {
        Ok(self.file.source())
    }

    fn line_index(&'f self, (): (), byte_index: usize) -> Result<usize, files::Error> {
        self.file.line_index((), byte_index)
    }

    fn line_range(&'f self, (): (), line_index: usize) -> Result<Range<usize>, files::Error> {
        self.file.line_range((), line_index)
    }

    /// In characters, not bytes.
    fn column_number(
        &'f self,
        (): (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, files::Error> {
        let line = self.file.line_range((), line_index)?;
        Ok(column(self.file.source(), line.start, byte_index))
    }
}

/// A piece of the text shown for a source: from `orig` in the source and `shown` in the
/// text shown, either copied (`copied`) or standing for the source up to the next piece
/// (an escaped character, or an elided stretch of a long line).
#[derive(Debug, Clone, Copy)]
struct Piece {
    orig: usize,
    shown: usize,
    copied: bool,
}

/// The lines one diagnostic labels, as it shows them: control and bidirectional formatting
/// characters written as `\u{1b}` ([`crate::text::visible`]), so that rendering never sends
/// a raw escape sequence to the terminal, and a long line cut to windows around this
/// diagnostic's own places. Line numbers and columns are the source's. Built for each
/// diagnostic from its own lines, so a minified file's one line is never shown whole, nor
/// with every other diagnostic's places (4 000 warnings on a 250 kB line took a minute and
/// wrote 3 GB when one view of the whole source served them all).
struct Excerpt<'a> {
    name: &'a str,
    lines: &'a LineStarts<'a>,
    shown: String,
    /// Each line shown: where it starts in `shown`, and its index among the source's lines.
    rows: Vec<(usize, usize)>,
    pieces: Vec<Piece>,
}

impl<'a> Excerpt<'a> {
    /// The lines of `spans` (from a label's first line to the line after its last: codespan
    /// shows a single line between two labelled ones), cut to windows around `points`.
    fn new(name: &'a str, lines: &'a LineStarts<'a>, spans: &[Span]) -> Excerpt<'a> {
        let source = lines.source;
        let last = lines.starts.len() - 1;
        let mut want: Vec<usize> = Vec::new();
        let mut points: Vec<usize> = Vec::new();
        for s in spans {
            let (a, b) = (lines.line_of(s.start), lines.line_of(s.end));
            want.extend(a..=(b + 1).min(last));
            points.extend([s.start, s.end]);
        }
        want.sort_unstable();
        want.dedup();
        points.sort_unstable();
        points.dedup();
        let mut x = Excerpt {
            name,
            lines,
            shown: String::new(),
            rows: Vec::with_capacity(want.len()),
            pieces: Vec::new(),
        };
        for l in want {
            let start = lines.starts[l];
            let end = lines.starts.get(l + 1).map_or(source.len(), |&s| s - 1);
            x.rows.push((x.shown.len(), l));
            x.line(start, end, &points);
            if end < source.len() {
                x.copy(end, end + 1);
            }
        }
        // The end of the source, for spans that end there.
        x.stand_in(source.len(), "");
        x
    }

    /// Source line `start..end` (without its break), all of it or windows around `points`.
    fn line(&mut self, start: usize, end: usize, points: &[usize]) {
        let source = self.lines.source;
        let line = &source[start..end];
        let mut keep: Vec<(usize, usize)> = Vec::new();
        if line.len() <= LINE_MAX {
            keep.push((start, end));
        } else {
            let from = points.partition_point(|&p| p < start);
            let to = points.partition_point(|&p| p <= end);
            let near = &points[from..to];
            if near.is_empty() {
                keep.push((start, start + 2 * WINDOW));
            }
            for &p in near {
                let (a, b) = (p.saturating_sub(WINDOW).max(start), (p + WINDOW).min(end));
                match keep.last_mut() {
                    Some(last) if a <= last.1 => last.1 = last.1.max(b),
                    _ => keep.push((a, b)),
                }
            }
        }
        let body_end = start + line_body(line).len();
        let mut at = start;
        for (a, b) in keep {
            let a = floor_char_boundary(source, a);
            let b = floor_char_boundary(source, b).max(a);
            if a > at {
                self.stand_in(at, "…");
            }
            let mut from = a;
            for (i, c) in source[a..b].char_indices() {
                if crate::text::is_hidden(c) && a + i < body_end {
                    self.copy(from, a + i);
                    let mut esc = String::new();
                    crate::text::push_escaped(&mut esc, c);
                    self.stand_in(a + i, &esc);
                    from = a + i + c.len_utf8();
                }
            }
            self.copy(from, b);
            at = b;
        }
        if at < end {
            self.stand_in(at, "…");
        }
    }

    /// Shows `source[from..to]` as it is.
    fn copy(&mut self, from: usize, to: usize) {
        if from >= to {
            return;
        }
        let follows = self
            .pieces
            .last()
            .is_some_and(|p| p.copied && p.orig + (self.shown.len() - p.shown) == from);
        if !follows {
            self.pieces.push(Piece {
                orig: from,
                shown: self.shown.len(),
                copied: true,
            });
        }
        self.shown.push_str(&self.lines.source[from..to]);
    }

    /// Shows `text` for the source from `at` to the next piece.
    fn stand_in(&mut self, at: usize, text: &str) {
        self.pieces.push(Piece {
            orig: at,
            shown: self.shown.len(),
            copied: false,
        });
        self.shown.push_str(text);
    }

    /// Where source offset `o` is in the text shown.
    fn shown_at(&self, o: usize) -> usize {
        let i = self
            .pieces
            .partition_point(|p| p.orig <= o)
            .saturating_sub(1);
        let p = self.pieces[i];
        if p.copied {
            p.shown + (o - p.orig)
        } else {
            p.shown
        }
    }

    /// Where offset `s` of the text shown is in the source.
    fn source_at(&self, s: usize) -> usize {
        let i = self
            .pieces
            .partition_point(|p| p.shown <= s)
            .saturating_sub(1);
        let p = self.pieces[i];
        if p.copied {
            p.orig + (s - p.shown)
        } else {
            p.orig
        }
    }
}

impl<'f> Files<'f> for Excerpt<'_> {
    type FileId = ();
    type Name = &'f str;
    type Source = &'f str;

    fn name(&'f self, (): ()) -> Result<&'f str, files::Error> {
        Ok(self.name)
    }

    fn source(&'f self, (): ()) -> Result<&'f str, files::Error> {
        Ok(&self.shown)
    }

    /// The source's index of the line at `byte_index` of the text shown.
    fn line_index(&'f self, (): (), byte_index: usize) -> Result<usize, files::Error> {
        let i = self
            .rows
            .partition_point(|r| r.0 <= byte_index)
            .saturating_sub(1);
        Ok(self.rows.get(i).map_or(0, |r| r.1))
    }

    /// Where the source's line `line_index` is in the text shown (empty if not shown: only
    /// lines a label touches are asked for).
    fn line_range(&'f self, (): (), line_index: usize) -> Result<Range<usize>, files::Error> {
        let max = self.lines.starts.len() - 1;
        if line_index > max {
            return Err(files::Error::LineTooLarge {
                given: line_index,
                max,
            });
        }
        Ok(match self.rows.binary_search_by_key(&line_index, |r| r.1) {
            Ok(k) => self.rows[k].0..self.rows.get(k + 1).map_or(self.shown.len(), |r| r.0),
            Err(k) => {
                let at = self.rows.get(k).map_or(self.shown.len(), |r| r.0);
                at..at
            }
        })
    }

    /// The column in the source, in characters, not in the text shown.
    fn column_number(
        &'f self,
        (): (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, files::Error> {
        let start = self.lines.starts[line_index.min(self.lines.starts.len() - 1)];
        Ok(self.lines.column(start, self.source_at(byte_index)))
    }
}

/// Renders diagnostics as rustc-style text: `error[E012]: ...`, ` --> file:line:col`, the
/// source line with a caret, and the hint. `color` adds ANSI colours. Text from the input
/// (the file name, the source, ids quoted in messages) is shown with control characters
/// escaped, and a long line as a snippet around the place (`LINE_MAX`).
pub fn render(diags: &[Diagnostic], file: &str, source: &str, color: bool) -> String {
    let mut out = Vec::new();
    let _ = render_into(diags, file, source, color, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// [`render`] into `out`, each diagnostic written as it is rendered: a million warnings are
/// not held as one text.
pub fn render_into(
    diags: &[Diagnostic],
    file: &str,
    source: &str,
    color: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    // A source with a long line or a character to escape is shown an excerpt at a time.
    let excerpts = !source.split('\n').all(is_plain);
    render_by(diags, file, source, color, excerpts, out)
}

/// How a source is shown: whole, or an [`Excerpt`] per diagnostic from its lines.
enum Shown<'a> {
    Whole(Whole<'a>),
    Excerpts(LineStarts<'a>),
}

/// [`render_into`], the source shown as [`Excerpt`]s or [`Whole`].
fn render_by(
    diags: &[Diagnostic],
    file: &str,
    source: &str,
    color: bool,
    excerpts: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let name = crate::text::visible(file).into_owned();
    let shown = if excerpts {
        Shown::Excerpts(LineStarts::new(source))
    } else {
        Shown::Whole(Whole {
            file: SimpleFile::new(name.clone(), source),
        })
    };
    let config = Config::default();
    for d in diags {
        let mut buf = if color {
            term::termcolor::Buffer::ansi()
        } else {
            term::termcolor::Buffer::no_color()
        };
        let emitted = match &shown {
            Shown::Whole(w) => {
                term::emit(&mut buf, &config, w, &cs_of(d, |s| clamp_span(source, s)))
            }
            Shown::Excerpts(l) => {
                let spans: Vec<Span> = d
                    .span
                    .iter()
                    .chain(d.secondary.iter().map(|(s, _)| s))
                    .copied()
                    .collect();
                let x = Excerpt::new(&name, l, &spans);
                let range = |s: Span| {
                    let r = clamp_span(source, s);
                    x.shown_at(r.start)..x.shown_at(r.end)
                };
                term::emit(&mut buf, &config, &x, &cs_of(d, range))
            }
        };
        if emitted.is_ok() {
            out.write_all(buf.as_slice())?;
        }
    }
    Ok(())
}

/// `d` for codespan, its spans placed in the text shown by `range`; text from the input
/// with control characters escaped.
fn cs_of(d: &Diagnostic, range: impl Fn(Span) -> Range<usize>) -> CsDiagnostic<()> {
    let visible = |s: &str| crate::text::visible(s).into_owned();
    let mut labels = Vec::new();
    if let Some(s) = d.span {
        labels.push(Label::primary((), range(s)).with_message(visible(&d.label)));
    }
    for (s, msg) in &d.secondary {
        labels.push(Label::secondary((), range(*s)).with_message(visible(msg)));
    }
    let mut notes = Vec::new();
    if d.span.is_none() && !d.label.is_empty() {
        notes.push(visible(&d.label));
    }
    if let Some(h) = &d.hint {
        notes.push(format!("help: {}", visible(h)));
    }
    match d.severity {
        Severity::Error => CsDiagnostic::error(),
        Severity::Warning => CsDiagnostic::warning(),
    }
    .with_code(d.code)
    .with_message(visible(&d.message))
    .with_labels(labels)
    .with_notes(notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One diagnostic in three, spanning lines or not, on short plain lines: shown an
    /// excerpt at a time, they read exactly as with the whole source.
    #[test]
    fn excerpts_of_plain_lines_read_as_the_whole_source() {
        let source: String = (0..40)
            .map(|i| format!("line {i}: {}\n", "word ".repeat(i % 7)))
            .collect();
        let mut rng = 7u64;
        let mut next = |n: usize| {
            rng = rng
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (rng >> 33) as usize % n
        };
        let mut diags = Vec::new();
        for k in 0..300 {
            let a = next(source.len() + 1);
            let b = (a + next(if k % 3 == 0 { 400 } else { 12 })).min(source.len());
            let mut d = Diagnostic::warning("W000", "something").at(Some(Span::new(a, b)), "here");
            if k % 4 == 0 {
                let c = next(source.len());
                d = d.also(Some(Span::new(c, c + 1)), "and there");
            }
            diags.push(d);
        }
        for color in [false, true] {
            let shown = |excerpts| {
                let mut out = Vec::new();
                render_by(&diags, "f.ron", &source, color, excerpts, &mut out).unwrap();
                String::from_utf8(out).unwrap()
            };
            assert_eq!(shown(true), shown(false));
        }
    }

    /// On a minified file's one line, each diagnostic shows windows around its own places,
    /// not the other diagnostics' (it showed all of them, for each).
    #[test]
    fn each_diagnostic_on_a_long_line_shows_its_own_places() {
        let source: String = (0..2_000)
            .map(|i| format!("Item(id: \"I{i:04}\"), "))
            .collect();
        let diags: Vec<Diagnostic> = (0..2_000)
            .step_by(50)
            .map(|i| {
                let at = source.find(&format!("I{i:04}")).unwrap();
                Diagnostic::warning("W000", format!("about I{i:04}"))
                    .at(Some(Span::new(at, at + 5)), "here")
            })
            .collect();
        let text = render(&diags, "f.ron", &source, false);
        let parts: Vec<&str> = text.split("warning[W000]").skip(1).collect();
        assert_eq!(parts.len(), diags.len());
        for (part, i) in parts.iter().zip((0..2_000).step_by(50)) {
            assert!(part.len() < 800, "{part}");
            assert!(part.contains(&format!("Item(id: \"I{i:04}\")")), "{part}");
            let other = format!("I{:04}", (i + 50) % 2_000);
            assert!(!part.contains(&format!("Item(id: \"{other}\")")), "{part}");
            let col = source[..source.find(&format!("I{i:04}")).unwrap()]
                .chars()
                .count()
                + 1;
            assert!(part.contains(&format!("f.ron:1:{col}")), "{part}");
        }
    }
}
