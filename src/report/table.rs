//! Plain tables rendered for people (aligned text), Markdown and CSV.

use unicode_width::UnicodeWidthStr;

/// How a column is aligned in text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table of strings with a header row.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub headers: Vec<String>,
    pub align: Vec<Align>,
    pub rows: Vec<Vec<String>>,
    /// For people (text, Markdown): only this many rows, then this line saying how many more
    /// there are, of what, and where to find them. CSV keeps every row.
    pub shown: Option<(usize, String)>,
    /// For people: a column of lists shortened to their first items (see
    /// [`Table::list_for_people`]). CSV keeps whole cells.
    pub lists: Option<ListColumn>,
    /// Rows counted but not laid out: a table for people builds only the rows it can show
    /// ([`Table::for_readers`]), so CSV never reads one that left rows out.
    pub left_out: usize,
    /// For people: lay out at most this many rows ([`Table::for_readers`]).
    keep: Option<usize>,
}

/// A column whose cells are lists of items joined by `sep` (a bloc's members).
#[derive(Debug, Clone, PartialEq)]
pub struct ListColumn {
    pub col: usize,
    pub sep: String,
    /// The item, singular and plural ("member", "members").
    pub one: String,
    pub many: String,
}

/// A list cell of more than this many items is shortened for people...
const LIST_ITEMS_MAX: usize = 25;
/// ...to this many, and how many more (never hiding just a handful).
const LIST_ITEMS_SHOWN: usize = 20;

/// A text column shrunk to fit the terminal keeps at least this many characters.
const MIN_TEXT_WIDTH: usize = 12;

/// Cuts `s` to `width` columns, ending in "…".
pub(crate) fn cut(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for ch in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if w + cw + 1 > width {
            break;
        }
        out.push(ch);
        w += cw;
    }
    out.push('…');
    out
}

/// Wraps `s` at spaces into lines of at most `width` columns (a longer word is broken).
pub(crate) fn wrap(s: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in s.split(' ').filter(|w| !w.is_empty()) {
        let sep = usize::from(!cur.is_empty());
        if cur.width() + sep + word.width() <= width {
            if sep == 1 {
                cur.push(' ');
            }
            cur.push_str(word);
            continue;
        }
        if !cur.is_empty() {
            lines.push(std::mem::take(&mut cur));
        }
        // A word longer than the line is broken across lines.
        let mut rest = word;
        while rest.width() > width {
            let mut w = 0;
            let split = rest
                .char_indices()
                .find(|(_, ch)| {
                    w += unicode_width::UnicodeWidthChar::width(*ch).unwrap_or(0);
                    w > width
                })
                .map_or(rest.len(), |(i, _)| i);
            lines.push(rest[..split].to_string());
            rest = &rest[split..];
        }
        cur.push_str(rest);
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Above this many rows a table for people is cut (see [`Table::cut_for_people`]).
pub(crate) const MAX_ROWS: usize = 100;
const SHOWN_WHEN_CUT: usize = 50;

/// How many of `total` items a list for people shows.
pub(crate) fn rows_shown(total: usize) -> usize {
    if total > MAX_ROWS {
        SHOWN_WHEN_CUT
    } else {
        total
    }
}

/// Ids in a sentence for people: all of them up to [`MAX_ROWS`], else the first
/// [`SHOWN_WHEN_CUT`] and how many more (JSON lists them all).
pub(crate) fn ids_for_people<'a>(ids: impl ExactSizeIterator<Item = &'a str>) -> String {
    let total = ids.len();
    let shown = rows_shown(total);
    let mut s = ids.take(shown).collect::<Vec<_>>().join(", ");
    if shown < total {
        s.push_str(&format!(
            " … and {} more; `--format json` lists all {total}",
            total - shown
        ));
    }
    s
}

impl Table {
    /// A table with these headers, all left-aligned.
    pub fn new<S: Into<String>>(headers: impl IntoIterator<Item = S>) -> Table {
        let headers: Vec<String> = headers.into_iter().map(Into::into).collect();
        Table {
            align: vec![Align::Left; headers.len()],
            headers,
            rows: Vec::new(),
            shown: None,
            lists: None,
            left_out: 0,
            keep: None,
        }
    }

    /// A table for `readers`: for people it lays out only its first `n` rows (at least as
    /// many as its cut shows, [`Table::cut_for_people`]) and counts the others
    /// ([`Table::row_with`]); for scripts every row. A long table's rows people never see
    /// are most of a large graph's report (a million rows at ten million relations).
    pub fn for_readers(mut self, readers: super::Readers, n: usize) -> Table {
        if readers == super::Readers::People {
            self.keep = Some(n);
        }
        self
    }

    /// Adds the row `cells` builds, or only counts it where the table is for people and
    /// already holds every row it lays out ([`Table::for_readers`]).
    pub fn row_with<S: Into<String>, I: IntoIterator<Item = S>>(
        &mut self,
        cells: impl FnOnce() -> I,
    ) {
        if self.keep.is_some_and(|n| self.rows.len() >= n) {
            self.left_out += 1;
        } else {
            self.row(cells());
        }
    }

    /// The column headed `header` holds lists joined by `sep` (a bloc's members): people see
    /// the first 20 items of one longer than 25 and "… +N more members"; CSV keeps every
    /// item.
    pub fn list_for_people(&mut self, header: &str, sep: &str, one: &str, many: &str) {
        let col = self.headers.iter().position(|h| h == header);
        debug_assert!(col.is_some(), "no column {header}");
        self.lists = col.map(|col| ListColumn {
            col,
            sep: sep.to_string(),
            one: one.to_string(),
            many: many.to_string(),
        });
    }

    /// Shows people the first rows of a long table (all up to 100, else 50) and a line
    /// saying how many more `what` there are.
    pub fn cut_for_people(&mut self, what: &str) {
        self.cut_for_people_at(rows_shown(self.len()), what);
    }

    /// Shows people at most `n` rows, then how many more `what` there are.
    pub fn cut_for_people_at(&mut self, n: usize, what: &str) {
        let total = self.len();
        let note = format!(
            "… {} more {what}; `--format csv` or `--format json` lists all {total}.",
            total.saturating_sub(n)
        );
        self.cut_for_people_with(n, note);
    }

    /// Shows people at most `n` rows, then `note` (for tables whose rows are not the items
    /// counted, e.g. three rows per triad).
    pub fn cut_for_people_with(&mut self, n: usize, note: String) {
        debug_assert!(
            self.left_out == 0 || n <= self.rows.len(),
            "a table for people shows {n} rows but laid out only {}",
            self.rows.len()
        );
        self.shown = (n < self.len()).then_some((n, note));
    }

    /// The rows people see (list cells shortened), and the note on the rest.
    pub(crate) fn rows_for_people(&self) -> (Vec<Vec<String>>, Option<&str>) {
        let (rows, note) = match &self.shown {
            Some((n, note)) if *n < self.len() => (&self.rows[..*n], Some(note.as_str())),
            _ => (&self.rows[..], None),
        };
        let mut rows = rows.to_vec();
        if let Some(list) = &self.lists {
            for r in &mut rows {
                if let Some(cell) = r.get_mut(list.col) {
                    let items: Vec<&str> = cell.split(list.sep.as_str()).collect();
                    if items.len() > LIST_ITEMS_MAX {
                        let more = super::plural(
                            items.len() - LIST_ITEMS_SHOWN,
                            &format!("more {}", list.one),
                            &format!("more {}", list.many),
                        );
                        *cell = format!(
                            "{} … +{more}",
                            items[..LIST_ITEMS_SHOWN].join(list.sep.as_str())
                        );
                    }
                }
            }
        }
        (rows, note)
    }

    /// Right-aligns the given columns (numbers).
    pub fn right(mut self, cols: &[usize]) -> Table {
        for &c in cols {
            if c < self.align.len() {
                self.align[c] = Align::Right;
            }
        }
        self
    }

    pub fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) {
        let mut r: Vec<String> = cells.into_iter().map(Into::into).collect();
        r.resize(self.headers.len(), String::new());
        self.rows.push(r);
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of rows, laid out or not.
    pub fn len(&self) -> usize {
        self.rows.len() + self.left_out
    }

    /// Aligned columns separated by two spaces, with a rule under the header, fitted to
    /// [`super::text_width`] columns (see [`Table::to_text_width`]).
    pub fn to_text(&self) -> String {
        self.to_text_width(super::text_width())
    }

    /// Aligned text at most `width` columns wide where it can be: the last column, when it
    /// holds text, wraps; other text columns are cut with "…"; numbers are never cut. A table
    /// still too wide (many measures) is split into several, each repeating the leading
    /// columns up to the first text column (the row's key). CSV and JSON keep every cell whole.
    /// Cells are shown on one line, control characters escaped ([`crate::text::one_line`]).
    pub fn to_text_width(&self, width: usize) -> String {
        let (rows, note) = self.rows_for_people();
        let rows: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| crate::text::one_line(c).into_owned())
                    .collect()
            })
            .collect();
        let natural = self.natural_widths(&rows);
        let mut out = String::new();
        for (i, cols) in self.column_groups(&natural, width).iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&self.group_text(cols, &rows, &natural, width));
        }
        if let Some(note) = note {
            out.push_str(note);
            out.push('\n');
        }
        out
    }

    fn natural_widths(&self, rows: &[Vec<String>]) -> Vec<usize> {
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.width()).collect();
        for r in rows {
            for (i, c) in r.iter().enumerate() {
                widths[i] = widths[i].max(c.width());
            }
        }
        widths
    }

    /// The narrowest a column may become: its header, and a few characters of text.
    fn min_width(&self, col: usize, natural: usize) -> usize {
        match self.align[col] {
            Align::Right => natural,
            Align::Left => natural.min(self.headers[col].width().max(MIN_TEXT_WIDTH)),
        }
    }

    /// Splits the columns into groups that fit `width` once text columns are shrunk, each
    /// group led by the key columns. One group when the table fits.
    fn column_groups(&self, natural: &[usize], width: usize) -> Vec<Vec<usize>> {
        let n = natural.len();
        let all: Vec<usize> = (0..n).collect();
        let min_total = |cols: &[usize]| -> usize {
            cols.iter()
                .map(|&c| self.min_width(c, natural[c]))
                .sum::<usize>()
                + 2 * cols.len().saturating_sub(1)
        };
        if n == 0 || min_total(&all) <= width {
            return vec![all];
        }
        // The key: the leading columns through the first text column wider than a rank.
        let key_len = (0..n)
            .position(|c| self.align[c] == Align::Left && natural[c] > 3)
            .map_or(1, |p| p + 1);
        let key: Vec<usize> = (0..key_len).collect();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut current = key.clone();
        for c in key_len..n {
            let mut with = current.clone();
            with.push(c);
            if current.len() > key_len && min_total(&with) > width {
                groups.push(std::mem::replace(&mut current, key.clone()));
                current.push(c);
            } else {
                current = with;
            }
        }
        if current.len() > key_len || groups.is_empty() {
            groups.push(current);
        }
        groups
    }

    /// One group of columns as text, its text columns shrunk to fit `width`.
    fn group_text(
        &self,
        cols: &[usize],
        rows: &[Vec<String>],
        natural: &[usize],
        width: usize,
    ) -> String {
        let mut widths: Vec<usize> = cols.iter().map(|&c| natural[c]).collect();
        let total = |w: &[usize]| w.iter().sum::<usize>() + 2 * w.len().saturating_sub(1);
        // Take from the widest text column, one character at a time, until the group fits.
        while total(&widths) > width {
            let widest = (0..cols.len())
                .filter(|&i| widths[i] > self.min_width(cols[i], natural[cols[i]]))
                .max_by_key(|&i| (widths[i], i));
            match widest {
                Some(i) => widths[i] -= 1,
                None => break,
            }
        }
        let last = cols.len() - 1;
        let wraps = |i: usize| i == last && self.align[cols[i]] == Align::Left;
        let line = |cells: Vec<&str>| -> String {
            // Each cell as its lines: wrapped (last text column) or cut to its width.
            let parts: Vec<Vec<String>> = cells
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    if c.width() <= widths[i] {
                        vec![c.to_string()]
                    } else if wraps(i) {
                        wrap(c, widths[i])
                    } else {
                        vec![cut(c, widths[i])]
                    }
                })
                .collect();
            let height = parts.iter().map(Vec::len).max().unwrap_or(1);
            let mut out = String::new();
            for l in 0..height {
                let mut s = String::new();
                for (i, p) in parts.iter().enumerate() {
                    let c = p.get(l).map(String::as_str).unwrap_or("");
                    let pad = widths[i].saturating_sub(c.width());
                    if i > 0 {
                        s.push_str("  ");
                    }
                    match self.align[cols[i]] {
                        Align::Right => {
                            s.push_str(&" ".repeat(pad));
                            s.push_str(c);
                        }
                        Align::Left => {
                            s.push_str(c);
                            if i != last {
                                s.push_str(&" ".repeat(pad));
                            }
                        }
                    }
                }
                out.push_str(s.trim_end());
                out.push('\n');
            }
            out
        };
        let mut out = line(cols.iter().map(|&c| self.headers[c].as_str()).collect());
        let rule: Vec<String> = widths.iter().map(|&w| "─".repeat(w)).collect();
        out.push_str(&rule.join("  "));
        out.push('\n');
        for r in rows {
            out.push_str(&line(cols.iter().map(|&c| r[c].as_str()).collect()));
        }
        out
    }

    pub fn to_markdown(&self) -> String {
        let cell = |s: &str| markdown_text(&crate::text::one_line(s)).replace('|', "\\|");
        let mut out = format!(
            "| {} |\n|{}|\n",
            self.headers
                .iter()
                .map(|h| cell(h))
                .collect::<Vec<_>>()
                .join(" | "),
            self.align
                .iter()
                .map(|a| match a {
                    Align::Left => " --- ",
                    Align::Right => " ---: ",
                })
                .collect::<Vec<_>>()
                .join("|")
        );
        let (rows, note) = self.rows_for_people();
        for r in &rows {
            out.push_str(&format!(
                "| {} |\n",
                r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
            ));
        }
        if let Some(note) = note {
            out.push_str(&format!("\n{note}\n"));
        }
        out
    }

    /// RFC 4180 CSV: fields with commas, quotes or line breaks are quoted.
    pub fn to_csv(&self) -> String {
        debug_assert_eq!(self.left_out, 0, "CSV of a table laid out for people");
        let mut out = String::new();
        for r in std::iter::once(&self.headers).chain(&self.rows) {
            push_csv_line(&mut out, r.iter().map(String::as_str));
        }
        out
    }
}

/// Text for Markdown: `&`, `<` and `>` as entities, so that a name holding HTML
/// (`<img src=x onerror=...>`, `<script>`) is shown as written, never run by a Markdown
/// renderer that passes HTML through; control characters made visible.
pub fn markdown_text(s: &str) -> String {
    crate::text::escape_markup(&crate::text::visible(s), false)
}

/// A CSV field onto `out` (RFC 4180): quoted when it holds a comma, a quote or a line break,
/// or starts or ends with a space.
fn push_csv_field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// A CSV line of `cells` onto `out`: a CSV of a million cells is not a million small texts.
pub fn push_csv_line<'a>(out: &mut String, cells: impl IntoIterator<Item = &'a str>) {
    for (i, c) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_csv_field(out, c);
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table laid out for people builds only the rows it shows, and reads the same.
    #[test]
    fn a_table_for_people_builds_only_the_rows_it_shows() {
        for (rows, shows) in [(0, 0), (7, 7), (100, 100), (101, 50), (2_000, 50)] {
            let mut built = 0;
            let mut table = |readers| {
                let mut t = Table::new(["n", "square"])
                    .right(&[0, 1])
                    .for_readers(readers, MAX_ROWS);
                for i in 0..rows {
                    t.row_with(|| {
                        built += 1;
                        [i.to_string(), (i * i).to_string()]
                    });
                }
                t.cut_for_people("numbers");
                t
            };
            let whole = table(crate::report::Readers::Scripts);
            let people = table(crate::report::Readers::People);
            assert_eq!(built, rows + rows.min(MAX_ROWS), "{rows} rows");
            assert_eq!((whole.len(), people.len()), (rows, rows));
            assert_eq!(people.is_empty(), rows == 0);
            assert_eq!(whole.left_out, 0);
            assert_eq!(people.left_out, rows.saturating_sub(MAX_ROWS));
            assert_eq!(people.to_text_width(80), whole.to_text_width(80));
            assert_eq!(people.to_markdown(), whole.to_markdown());
            assert_eq!(people.rows_for_people().0.len(), shows);
            assert_eq!(whole.to_csv().lines().count(), rows + 1);
        }
    }

    #[test]
    fn long_lists_are_shortened_for_people_only() {
        let mut t = Table::new(["bloc", "members"]);
        let many: Vec<String> = (0..30).map(|i| format!("A{i:02}")).collect();
        t.row(["0".to_string(), many.join(" ")]);
        t.row(["1".to_string(), "B C".to_string()]);
        t.row(["2".to_string(), many[..25].join(" ")]);
        t.row(["3".to_string(), many[..26].join(" ")]);
        t.list_for_people("members", " ", "member", "members");
        let text = t.to_text_width(500);
        assert!(text.contains("A00 A01"), "{text}");
        assert!(text.contains("A19 … +10 more members"), "{text}");
        // 25 items are shown whole; 26 are cut to 20.
        assert!(text.contains("A23 A24\n"), "{text}");
        assert!(text.contains("A19 … +6 more members\n"), "{text}");
        assert!(!text.contains("A25"), "{text}");
        assert!(text.contains("B C"));

        assert!(t.to_markdown().contains("A19 … +10 more members"));
        // CSV keeps the whole list.
        assert!(t.to_csv().contains(&many.join(" ")));
    }

    #[test]
    fn a_wide_table_fits_the_width() {
        let mut t = Table::new(["actor", "name", "score", "note"]).right(&[2]);
        let note = "a long note that keeps going well past the edge of any narrow terminal";
        t.row([
            "AZE",
            "Azerbaijan, the republic on the Caspian",
            "0.5",
            note,
        ]);
        let text = t.to_text_width(60);
        for l in text.lines() {
            assert!(l.width() <= 60, "{l:?} is {} wide", l.width());
        }
        // The name is cut, the note wraps and keeps every word, the number stays whole.
        assert!(text.contains("…"), "{text}");
        assert!(text.contains("0.5"), "{text}");
        let words: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(words.contains("narrow terminal"), "{text}");
        // Wide enough: unchanged.
        assert_eq!(t.to_text_width(500).lines().count(), 3);
    }

    #[test]
    fn a_table_of_many_numbers_is_split_repeating_its_key() {
        let headers: Vec<String> = ["#", "actor"]
            .into_iter()
            .map(String::from)
            .chain((0..15).map(|i| format!("measure{i:02}")))
            .collect();
        let mut t = Table::new(headers.clone()).right(&(2..17).collect::<Vec<_>>());
        let mut row = vec!["1".to_string(), "AZE".to_string()];
        row.extend((0..15).map(|i| format!("0.{i:04}")));
        t.row(row);
        let text = t.to_text_width(60);
        assert!(text.lines().all(|l| l.width() <= 60), "{text}");
        let groups = text.lines().filter(|l| l.starts_with("#  actor")).count();
        assert!(groups >= 2, "{text}");
        for h in &headers[2..] {
            assert_eq!(text.matches(h.as_str()).count(), 1, "{h} in {text}");
        }
        assert_eq!(text.matches("AZE").count(), groups);
    }

    #[test]
    fn wrap_and_cut_respect_display_width() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(cut("Azerbaijan", 6), "Azerb…");
        assert_eq!(cut("Hüseyin", 10), "Hüseyin");
    }

    #[test]
    fn renders_three_ways() {
        let mut t = Table::new(["actor", "score"]).right(&[1]);
        t.row(["Azerbaijan", "0.5"]);
        t.row(["Hüseyin, \"x\"", "12.25"]);
        let text = t.to_text();
        assert!(text.lines().nth(2).unwrap().ends_with("  0.5"));
        assert_eq!(
            t.to_csv(),
            "actor,score\nAzerbaijan,0.5\n\"Hüseyin, \"\"x\"\"\",12.25\n"
        );
        assert!(t.to_markdown().contains("| --- | ---: |"));
    }

    #[test]
    fn a_long_table_is_cut_for_people_but_not_in_csv() {
        let mut t = Table::new(["n"]);
        for i in 0..120 {
            t.row([i.to_string()]);
        }
        t.cut_for_people("numbers");
        let note = "… 70 more numbers; `--format csv` or `--format json` lists all 120.";
        let text = t.to_text();
        assert_eq!(text.lines().count(), 2 + 50 + 1);
        assert_eq!(text.lines().last(), Some(note));
        assert!(text.contains("\n49\n") && !text.contains("\n50\n"));
        let md = t.to_markdown();
        assert_eq!(md.lines().filter(|l| l.starts_with("| ")).count(), 2 + 50);
        assert!(md.ends_with(&format!("\n{note}\n")));
        assert_eq!(t.to_csv().lines().count(), 1 + 120);

        // Up to 100 rows nothing is cut.
        let mut short = Table::new(["n"]);
        for i in 0..100 {
            short.row([i.to_string()]);
        }
        short.cut_for_people("numbers");
        assert_eq!(short.to_text().lines().count(), 2 + 100);
    }
}
