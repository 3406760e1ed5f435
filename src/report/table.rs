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

/// Above this many rows a table for people is cut (see [`Table::cut_for_people`]).
const MAX_ROWS: usize = 100;
const SHOWN_WHEN_CUT: usize = 50;

/// How many of `total` items a list for people shows.
pub(crate) fn rows_shown(total: usize) -> usize {
    if total > MAX_ROWS {
        SHOWN_WHEN_CUT
    } else {
        total
    }
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
        self.cut_for_people_at(rows_shown(self.rows.len()), what);
    }

    /// Shows people at most `n` rows, then how many more `what` there are.
    pub fn cut_for_people_at(&mut self, n: usize, what: &str) {
        let total = self.rows.len();
        let note = format!(
            "… {} more {what}; `--format csv` or `--format json` lists all {total}.",
            total.saturating_sub(n)
        );
        self.cut_for_people_with(n, note);
    }

    /// Shows people at most `n` rows, then `note` (for tables whose rows are not the items
    /// counted, e.g. three rows per triad).
    pub fn cut_for_people_with(&mut self, n: usize, note: String) {
        self.shown = (n < self.rows.len()).then_some((n, note));
    }

    /// The rows people see (list cells shortened), and the note on the rest.
    fn rows_for_people(&self) -> (Vec<Vec<String>>, Option<&str>) {
        let (rows, note) = match &self.shown {
            Some((n, note)) if *n < self.rows.len() => (&self.rows[..*n], Some(note.as_str())),
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
        self.rows.is_empty()
    }

    /// Aligned columns separated by two spaces, with a rule under the header.
    pub fn to_text(&self) -> String {
        let one_line = |s: &str| s.replace(['\n', '\r'], " ");
        let (rows, note) = self.rows_for_people();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.width()).collect();
        for r in &rows {
            for (i, c) in r.iter().enumerate() {
                widths[i] = widths[i].max(one_line(c).width());
            }
        }
        let line = |cells: &[String]| {
            let mut s = String::new();
            for (i, c) in cells.iter().enumerate() {
                let c = one_line(c);
                let pad = widths[i].saturating_sub(c.width());
                let last = i + 1 == cells.len();
                if i > 0 {
                    s.push_str("  ");
                }
                match self.align[i] {
                    Align::Right => {
                        s.push_str(&" ".repeat(pad));
                        s.push_str(&c);
                    }
                    Align::Left => {
                        s.push_str(&c);
                        if !last {
                            s.push_str(&" ".repeat(pad));
                        }
                    }
                }
            }
            s.trim_end().to_string()
        };
        let mut out = line(&self.headers);
        out.push('\n');
        let rule: Vec<String> = widths.iter().map(|&w| "─".repeat(w)).collect();
        out.push_str(&rule.join("  "));
        out.push('\n');
        for r in &rows {
            out.push_str(&line(r));
            out.push('\n');
        }
        if let Some(note) = note {
            out.push_str(note);
            out.push('\n');
        }
        out
    }

    pub fn to_markdown(&self) -> String {
        let cell = |s: &str| s.replace('|', "\\|").replace(['\n', '\r'], " ");
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
        let mut out = csv_line(&self.headers);
        for r in &self.rows {
            out.push_str(&csv_line(r));
        }
        out
    }
}

pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub fn csv_line(cells: &[String]) -> String {
    let mut s = cells
        .iter()
        .map(|c| csv_field(c))
        .collect::<Vec<_>>()
        .join(",");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lists_are_shortened_for_people_only() {
        let mut t = Table::new(["bloc", "members"]);
        let many: Vec<String> = (0..30).map(|i| format!("A{i:02}")).collect();
        t.row(["0".to_string(), many.join(" ")]);
        t.row(["1".to_string(), "B C".to_string()]);
        t.row(["2".to_string(), many[..25].join(" ")]);
        t.row(["3".to_string(), many[..26].join(" ")]);
        t.list_for_people("members", " ", "member", "members");
        let text = t.to_text();
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
