//! Located diagnostics (errors and warnings about input files) and their rendering in the
//! style of rustc, through `codespan-reporting`.
//!
//! The library never prints: it returns [`Diagnostic`]s, and [`render`] (`render.rs`) turns
//! them into text that the CLI writes to stderr. Line and column numbers are 1-based,
//! columns count characters (not bytes).

mod render;

pub use render::{render, render_into};
use serde::Serialize;
use std::borrow::Cow;
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

    /// Empties `self` for an item at `whole`, keeping its room for fields.
    pub fn reset(&mut self, whole: Span) {
        self.whole = whole;
        self.fields.clear();
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
    /// What the caret under the span says. Most labels and hints are fixed texts, kept
    /// without a copy: a file with a million problems holds a million diagnostics.
    pub label: Cow<'static, str>,
    /// Other places worth showing (the first definition of a duplicate id).
    #[serde(skip)]
    pub secondary: Vec<(Span, String)>,
    pub hint: Option<Cow<'static, str>>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            span: None,
            label: Cow::Borrowed(""),
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

    pub fn at(mut self, span: Option<Span>, label: impl Into<Cow<'static, str>>) -> Diagnostic {
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

    pub fn hint(mut self, hint: impl Into<Cow<'static, str>>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    pub fn maybe_hint(mut self, hint: Option<String>) -> Diagnostic {
        self.hint = hint.map(Cow::Owned);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Puts diagnostics in file order, so that fixing top to bottom works; those without a place
/// go last, and those at one place keep the order they were found in. A list already in
/// that order (a large file's problems are found in it) is left as it is, without the
/// sort's buffer of half the list.
pub fn in_file_order(diags: &mut [Diagnostic]) {
    let at = |d: &Diagnostic| d.span.map_or(usize::MAX, |s| s.start);
    if !diags.is_sorted_by_key(at) {
        diags.sort_by_key(at);
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
    (line, column(source, line_start, at))
}

/// The 1-based column of `at` on the line starting at `line_start`, in characters; a byte
/// order mark starting the file takes none, as editors do not show it.
fn column(source: &str, line_start: usize, at: usize) -> usize {
    let text = &source[line_start..at.max(line_start)];
    let text = if line_start == 0 {
        text.strip_prefix('\u{feff}').unwrap_or(text)
    } else {
        text
    };
    text.chars().count() + 1
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The starts of a source's lines, to locate many places in it: each by a binary search
/// instead of a count of the lines before it (a million warnings in a 183 MB file were
/// hours of scanning), and each column from a count of the characters before every
/// 4 096 bytes where a line is long (on a minified file's one line, counting
/// from the line's start was a scan of the file per diagnostic).
pub struct LineStarts<'s> {
    source: &'s str,
    starts: Vec<usize>,
    /// Characters before each multiple of [`CHARS_BLOCK`] bytes; counted when first needed.
    chars_before: std::sync::OnceLock<Vec<usize>>,
}

/// A column further than this many bytes from its line's start is counted from the
/// characters before the blocks of [`LineStarts`], not from the line's start.
const CHARS_BLOCK: usize = 4096;

impl<'s> LineStarts<'s> {
    pub fn new(source: &'s str) -> LineStarts<'s> {
        let newlines = memchr::memchr_iter(b'\n', source.as_bytes()).map(|i| i + 1);
        LineStarts {
            source,
            starts: std::iter::once(0).chain(newlines).collect(),
            chars_before: std::sync::OnceLock::new(),
        }
    }

    /// As [`line_col`].
    pub fn line_col(&self, at: usize) -> (usize, usize) {
        let at = floor_char_boundary(self.source, at.min(self.source.len()));
        let line = self.starts.partition_point(|&s| s <= at);
        (line, self.column(self.starts[line - 1], at))
    }

    /// The 0-based index of the line holding byte `at`.
    fn line_of(&self, at: usize) -> usize {
        let at = floor_char_boundary(self.source, at.min(self.source.len()));
        self.starts.partition_point(|&s| s <= at) - 1
    }

    /// As [`column`], for `at` on the line starting at `line_start`.
    fn column(&self, line_start: usize, at: usize) -> usize {
        if at <= line_start + 2 * CHARS_BLOCK {
            return column(self.source, line_start, at);
        }
        let bom = line_start == 0 && self.source.starts_with('\u{feff}');
        self.chars_to(at) - self.chars_to(line_start) - usize::from(bom) + 1
    }

    /// The characters before byte `at` (a character boundary).
    fn chars_to(&self, at: usize) -> usize {
        let bytes = self.source.as_bytes();
        let blocks = self.chars_before.get_or_init(|| {
            let mut n = 0;
            let mut blocks = vec![0];
            for block in bytes.chunks(CHARS_BLOCK) {
                n += chars_in(block);
                blocks.push(n);
            }
            blocks
        });
        let b = at / CHARS_BLOCK;
        blocks[b] + chars_in(&bytes[b * CHARS_BLOCK..at])
    }
}

/// The characters that start in `bytes`: every byte but UTF-8's continuation bytes.
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Resolves positions for JSON output.
pub fn locate<'a>(file: &'a str, source: &str, d: &'a Diagnostic) -> LocatedDiagnostic<'a> {
    located_by(file, d, |at| line_col(source, at))
}

/// [`locate`] for each of `diagnostics`, the source's lines found once.
pub fn locate_all<'a>(
    file: &'a str,
    source: &str,
    diagnostics: impl Iterator<Item = &'a Diagnostic>,
) -> Vec<LocatedDiagnostic<'a>> {
    let mut lines: Option<LineStarts> = None;
    diagnostics
        .map(|d| {
            located_by(file, d, |at| {
                lines
                    .get_or_insert_with(|| LineStarts::new(source))
                    .line_col(at)
            })
        })
        .collect()
}

fn located_by<'a>(
    file: &'a str,
    d: &'a Diagnostic,
    mut line_col: impl FnMut(usize) -> (usize, usize),
) -> LocatedDiagnostic<'a> {
    let (line, column) = match d.span {
        Some(s) => {
            let (l, c) = line_col(s.start);
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

/// How many edits a word of `len` characters may be from a suggestion: one for words under
/// six characters, two from six on (a word further than two edits from every id is not a
/// typo of one, and the bound keeps [`Suggester`]'s index small).
fn edit_limit(len: usize) -> usize {
    (len / 3).clamp(1, 2)
}

/// The closest candidate to `word`, if one is close enough to be a likely typo: at most
/// `edit_limit` edits ([`edit_distance`]), the smallest distance first, then the first
/// id in byte order. Scans every candidate: for one word or a short list. Words checked
/// against a set of actor ids go through [`Suggester`], which gives the same answer.
pub fn suggest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let limit = edit_limit(word.chars().count());
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, c)| (d, c))
        .map(|(_, c)| c)
}

/// "Did you mean" for many words against one set of ids (every unknown actor of a file):
/// the answer of [`suggest`] over the same ids, without scanning them all for each word
/// (1 000 unknown ids against 100 000 actors took 46 s that way).
///
/// Up to [`Suggester::SCAN_UP_TO`] ids it scans them. Past that, on the first word, it
/// indexes the symmetric deletions of each id (Garbe's SymSpell): every string left after
/// deleting up to two characters (ASCII-lowercased, first `KEY_CHARS` kept), as a 32-bit
/// hash. A candidate within two edits of a word (substitution, insertion, deletion or
/// transposition of neighbours: each costs one deletion on either side) shares one of
/// these with the word's own deletions, so looking up the word's deletions finds every
/// candidate; each is then checked with [`edit_distance`]. The index holds at most
/// 1 + 14 + 91 entries of 8 bytes per id, typically 10 to 40.
pub struct Suggester<'a> {
    ids: Vec<&'a str>,
    index: std::sync::OnceLock<Vec<(u32, u32)>>,
}

/// Characters of a deletion kept in its key: deletions past them do not change the key, which
/// bounds the keys per id (long ids sharing a prefix are told apart by [`edit_distance`]).
const KEY_CHARS: usize = 12;

impl<'a> Suggester<'a> {
    /// At most this many ids are scanned rather than indexed.
    pub const SCAN_UP_TO: usize = 1000;

    pub fn new<I: IntoIterator<Item = &'a str>>(ids: I) -> Suggester<'a> {
        Suggester {
            ids: ids.into_iter().collect(),
            index: std::sync::OnceLock::new(),
        }
    }

    /// The id [`suggest`] would give for `word`.
    pub fn suggest(&self, word: &str) -> Option<&'a str> {
        if self.ids.len() <= Self::SCAN_UP_TO {
            return suggest(word, self.ids.iter().copied());
        }
        let index = self.index.get_or_init(|| {
            let mut index = Vec::new();
            let mut keys = Vec::new();
            for (i, id) in self.ids.iter().enumerate() {
                keys.clear();
                deletion_keys(id, 2, &mut keys);
                index.extend(keys.iter().map(|&k| (k, i as u32)));
            }
            index.sort_unstable();
            index
        });
        let chars = word.chars().count();
        let limit = edit_limit(chars);
        let mut keys = Vec::new();
        deletion_keys(word, limit, &mut keys);
        let mut found: Vec<u32> = Vec::new();
        for k in keys {
            let from = index.partition_point(|&(h, _)| h < k);
            found.extend(
                index[from..]
                    .iter()
                    .take_while(|&&(h, _)| h == k)
                    .map(|&(_, i)| i),
            );
        }
        found.sort_unstable();
        found.dedup();
        found
            .into_iter()
            .map(|i| self.ids[i as usize])
            .filter(|c| c.chars().count().abs_diff(chars) <= limit)
            .map(|c| (edit_distance(word, c), c))
            .filter(|&(d, _)| d <= limit)
            .min_by_key(|&(d, c)| (d, c))
            .map(|(_, c)| c)
    }
}

/// The hashed keys of every string left after deleting up to `most` characters of `word`
/// (ASCII-lowercased), each cut to its first [`KEY_CHARS`] characters; sorted, no repeats.
fn deletion_keys(word: &str, most: usize, out: &mut Vec<u32>) {
    use std::hash::{Hash, Hasher};
    let chars: Vec<char> = word.chars().map(|c| c.to_ascii_lowercase()).collect();
    // Deletions past KEY_CHARS + most characters cannot change the key.
    let n = chars.len().min(KEY_CHARS + most);
    let key = |skip: &[usize]| {
        let mut h = std::hash::DefaultHasher::new();
        chars
            .iter()
            .enumerate()
            .filter(|(i, _)| !skip.contains(i))
            .take(KEY_CHARS)
            .for_each(|(_, c)| c.hash(&mut h));
        h.finish() as u32
    };
    out.push(key(&[]));
    if most >= 1 {
        for i in 0..n {
            out.push(key(&[i]));
            if most >= 2 {
                for j in i + 1..n {
                    out.push(key(&[i, j]));
                }
            }
        }
    }
    out.sort_unstable();
    out.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_go_in_file_order_those_at_one_place_as_found_and_placeless_last() {
        let at = |start: Option<usize>, message: &str| {
            Diagnostic::error("E000", message).at(start.map(|s| Span::new(s, s + 1)), "")
        };
        let mut diags = vec![
            at(None, "a"),
            at(Some(9), "b"),
            at(Some(2), "c"),
            at(Some(9), "d"),
            at(Some(2), "e"),
        ];
        in_file_order(&mut diags);
        let order: String = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(order, "cebda");
        in_file_order(&mut diags);
        let again: String = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(again, order, "a list in order is left as it is");
    }

    #[test]
    fn line_and_column_count_characters() {
        let s = "ab\nHü x";
        assert_eq!(line_col(s, 0), (1, 1));
        assert_eq!(line_col(s, 3), (2, 1));
        assert_eq!(line_col(s, 7), (2, 4));
        // A byte order mark takes no column.
        assert_eq!(line_col("\u{feff}ab", 4), (1, 2));
    }

    #[test]
    fn line_starts_place_every_offset_as_a_scan_does() {
        for s in ["", "\n", "ab\nHü x", "\u{feff}a\r\nb\n\nç\n", "x\n\n\ny"] {
            let lines = LineStarts::new(s);
            for at in 0..=s.len() + 2 {
                assert_eq!(lines.line_col(at), line_col(s, at), "{s:?} at {at}");
            }
        }
    }

    /// Columns far along a long line are counted from the blocks' characters: the same as
    /// a count from the line's start, multi-byte characters and a byte order mark included.
    #[test]
    fn columns_on_a_long_line_are_counted_as_a_scan_does() {
        let mut s = String::from("\u{feff}");
        for i in 0..3_000 {
            s.push_str(["ab", "ü", "Грузия", "\u{1F600}", "\n"][i % 5 * usize::from(i % 700 != 0)]);
        }
        s.push('\n');
        for _ in 0..2_000 {
            s.push_str("x€");
        }
        let lines = LineStarts::new(&s);
        for at in (0..=s.len() + 2).step_by(7).chain([s.len()]) {
            assert_eq!(lines.line_col(at), line_col(&s, at), "at {at}");
        }
    }

    #[test]
    fn suggests_close_ids() {
        assert_eq!(suggest("AZR", ["AZE", "RUS", "TUR"]), Some("AZE"));
        assert_eq!(suggest("aze", ["AZE", "RUS"]), Some("AZE"));
        assert_eq!(suggest("XXXXX", ["AZE", "RUS"]), None);
        assert_eq!(suggest("TRU", ["AZE", "TUR"]), Some("TUR"));
        assert_eq!(edit_distance("wieght", "weight"), 1);
        // Two edits at most, however long the word.
        assert_eq!(suggest("abcdefghijkl", ["abcdefghiXYZ"]), None);
        assert_eq!(
            suggest("abcdefghijkl", ["abcdefghiXYl"]),
            Some("abcdefghiXYl")
        );
    }

    /// The index gives what a scan gives, on ids crafted to be near one another (shared
    /// prefixes longer than the key, transpositions, case, other scripts).
    #[test]
    fn the_suggester_index_agrees_with_the_scan() {
        let mut ids: Vec<String> = (0..3000).map(|i| format!("A{i:05}")).collect();
        ids.extend((0..300).map(|i| format!("organisation_number_{i:04}")));
        ids.extend(["RUS", "TUR", "AZE", "Georgia", "Грузия", "ΕΛΛΑΣ"].map(String::from));
        let s = Suggester::new(ids.iter().map(String::as_str));
        assert!(ids.len() > Suggester::SCAN_UP_TO);
        let words = [
            "A00017",
            "A0017",
            "A000170",
            "a00017",
            "A01700",
            "A10007",
            "0A0017",
            "B00017",
            "AB0017",
            "A99999",
            "organisation_number_0017",
            "organisation_nubmer_0017",
            "organisation_number_001",
            "organisatoin_number_00177",
            "RSU",
            "TRU",
            "aze",
            "Goergia",
            "Грузя",
            "ΕΛΛΣΑ",
            "X",
            "",
            "zzzzzzz",
            "A1234",
        ];
        for w in words {
            assert_eq!(
                s.suggest(w),
                suggest(w, ids.iter().map(String::as_str)),
                "{w}"
            );
        }
        assert_eq!(
            s.suggest("organisation_nubmer_0017"),
            Some("organisation_number_0017")
        );
    }
}
