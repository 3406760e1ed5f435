//! Rendering of analysis results for people and scripts.
//!
//! Each result struct in [`crate::analysis`] derives `Serialize` (its JSON form) and
//! implements [`ToDocument`], which lays it out as headings, paragraphs, key–value lists and
//! tables. [`render`] turns that into an aligned text report, Markdown or CSV.

pub mod balance;
pub mod blocs;
pub mod brokers;
pub mod cascade;
pub mod centrality;
pub mod diff;
pub mod events;
pub mod explore;
pub mod findings;
pub mod full;
pub mod html;
pub mod info;
pub mod layers;
pub mod paths;
pub mod robustness;
pub mod table;
pub mod timeline;

pub use crate::numfmt::num;
use serde::Serialize;
use table::markdown_text;
pub use table::{Align, Table};

/// The width, in terminal columns, that text for people is fitted to (tables, paragraphs):
/// 100 unless the binary sets the terminal's width. Data formats are never fitted.
static TEXT_WIDTH: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(100);

/// The narrowest width text is fitted to.
const MIN_TEXT_WIDTH: usize = 40;

/// The width text for people is fitted to (see [`set_text_width`]).
pub fn text_width() -> usize {
    TEXT_WIDTH.load(std::sync::atomic::Ordering::Relaxed)
}

/// Fits text for people to `width` columns (at least 40) from now on.
pub fn set_text_width(width: usize) {
    TEXT_WIDTH.store(
        width.max(MIN_TEXT_WIDTH),
        std::sync::atomic::Ordering::Relaxed,
    );
}

/// How output is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    /// Aligned tables for people (the default).
    #[default]
    Table,
    Json,
    Md,
    Csv,
}

impl std::str::FromStr for OutputFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "table" | "text" => Ok(OutputFormat::Table),
            "json" => Ok(OutputFormat::Json),
            "md" | "markdown" => Ok(OutputFormat::Md),
            "csv" => Ok(OutputFormat::Csv),
            _ => Err(format!("unknown format `{s}` (table, json, md, csv)")),
        }
    }
}

/// One piece of a rendered report.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading; level 1 is a report's title, 2 a section, 3 a subsection.
    Heading(u8, String),
    Paragraph(String),
    /// Aligned `key: value` lines.
    Fields(Vec<(String, String)>),
    /// A table with a name, used as the CSV section name.
    Table(String, Table),
    /// A picture beside the document: alt text and a relative path (Markdown embeds it;
    /// text and CSV leave it out, the document names the file elsewhere).
    Image(String, String),
}

/// A report laid out for people.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    pub blocks: Vec<Block>,
}

/// Who reads a document: people (text, Markdown, HTML) see the first rows of a long table
/// and a line saying how many more ([`Table::cut_for_people`]); scripts (CSV) every row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readers {
    People,
    Scripts,
}

/// Lays a result out as a [`Document`].
pub trait ToDocument {
    /// The document for `readers`. For people a long table lays out only the rows it shows
    /// ([`Table::for_readers`]): the same text, without building the rest.
    fn to_document_for(&self, readers: Readers) -> Document;

    /// The whole document: every row of every table.
    fn to_document(&self) -> Document {
        self.to_document_for(Readers::Scripts)
    }
}

impl Document {
    pub fn new() -> Document {
        Document::default()
    }

    pub fn heading(&mut self, level: u8, text: impl Into<String>) -> &mut Self {
        self.blocks.push(Block::Heading(level, text.into()));
        self
    }

    pub fn paragraph(&mut self, text: impl Into<String>) -> &mut Self {
        self.blocks.push(Block::Paragraph(text.into()));
        self
    }

    pub fn fields<K: Into<String>, V: Into<String>>(
        &mut self,
        kv: impl IntoIterator<Item = (K, V)>,
    ) -> &mut Self {
        self.blocks.push(Block::Fields(
            kv.into_iter().map(|(k, v)| (k.into(), v.into())).collect(),
        ));
        self
    }

    pub fn table(&mut self, name: impl Into<String>, t: Table) -> &mut Self {
        self.blocks.push(Block::Table(name.into(), t));
        self
    }

    pub fn image(&mut self, alt: impl Into<String>, path: impl Into<String>) -> &mut Self {
        self.blocks.push(Block::Image(alt.into(), path.into()));
        self
    }

    pub fn append(&mut self, other: Document) -> &mut Self {
        self.blocks.extend(other.blocks);
        self
    }

    /// Aligned text for a terminal.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for b in self
            .blocks
            .iter()
            .filter(|b| !matches!(b, Block::Image(..)))
        {
            if !out.is_empty() {
                out.push('\n');
            }
            match b {
                Block::Heading(level, t) => {
                    let t = crate::text::one_line(t);
                    out.push_str(&t);
                    out.push('\n');
                    let ch = if *level <= 1 { "═" } else { "─" };
                    if *level <= 2 {
                        out.push_str(&ch.repeat(unicode_width::UnicodeWidthStr::width(&*t)));
                        out.push('\n');
                    }
                }
                Block::Paragraph(p) => {
                    let p = crate::text::visible(p);
                    for l in p.split('\n') {
                        if unicode_width::UnicodeWidthStr::width(l) <= text_width() {
                            out.push_str(l);
                            out.push('\n');
                            continue;
                        }
                        for w in table::wrap(l, text_width()) {
                            out.push_str(&w);
                            out.push('\n');
                        }
                    }
                }
                Block::Fields(kv) => {
                    let w = kv
                        .iter()
                        .map(|(k, _)| unicode_width::UnicodeWidthStr::width(k.as_str()))
                        .max()
                        .unwrap_or(0);
                    // Values wrap under themselves, past the keys.
                    let indent = w + 3;
                    let room = text_width().saturating_sub(indent).max(20);
                    for (k, v) in kv {
                        let pad = w - unicode_width::UnicodeWidthStr::width(k.as_str());
                        let v = crate::text::visible(v);
                        let lines = if unicode_width::UnicodeWidthStr::width(&*v) <= room {
                            vec![v.into_owned()]
                        } else {
                            table::wrap(&v, room)
                        };
                        out.push_str(&format!("{k}:{}  {}\n", " ".repeat(pad), lines[0]));
                        for l in &lines[1..] {
                            out.push_str(&format!("{}{l}\n", " ".repeat(indent)));
                        }
                    }
                }
                Block::Table(_, t) => {
                    if t.is_empty() {
                        out.push_str("(none)\n");
                    } else {
                        out.push_str(&t.to_text());
                    }
                }
                Block::Image(..) => {}
            }
        }
        out
    }

    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        for b in &self.blocks {
            if !out.is_empty() {
                out.push('\n');
            }
            match b {
                Block::Heading(level, t) => {
                    let t = markdown_text(&crate::text::one_line(t));
                    out.push_str(&format!("{} {t}\n", "#".repeat(*level as usize)));
                }
                Block::Paragraph(p) => {
                    out.push_str(&markdown_text(p));
                    out.push('\n');
                }
                Block::Fields(kv) => {
                    for (k, v) in kv {
                        let v = markdown_text(&crate::text::one_line(v));
                        out.push_str(&format!("- **{k}:** {v}\n"));
                    }
                }
                Block::Table(_, t) => {
                    if t.is_empty() {
                        out.push_str("_(none)_\n");
                    } else {
                        out.push_str(&t.to_markdown());
                    }
                }
                Block::Image(alt, path) => {
                    out.push_str(&format!(
                        "![{}]({})\n",
                        markdown_text(&crate::text::one_line(alt)),
                        path.replace(' ', "%20")
                    ));
                }
            }
        }
        out
    }

    /// The document's tables in order, each with the section (level 1 or 2 heading) it is
    /// under, its name, and whether it is a key–value block (a `key,value` table named by its
    /// heading).
    fn csv_tables(&self) -> Vec<(String, String, std::borrow::Cow<'_, Table>, bool)> {
        let mut tables = Vec::new();
        let (mut section, mut last_heading) = (String::new(), String::from("summary"));
        for b in &self.blocks {
            match b {
                Block::Heading(level, t) => {
                    if *level <= 2 {
                        section = t.clone();
                    }
                    last_heading = t.clone();
                }
                Block::Fields(kv) => {
                    let mut t = Table::new(["key", "value"]);
                    for (k, v) in kv {
                        t.row([k.clone(), v.clone()]);
                    }
                    tables.push((
                        section.clone(),
                        last_heading.clone(),
                        std::borrow::Cow::Owned(t),
                        true,
                    ));
                }
                Block::Table(name, t) => {
                    debug_assert_eq!(t.left_out, 0, "CSV of a table laid out for people");
                    tables.push((
                        section.clone(),
                        name.clone(),
                        std::borrow::Cow::Borrowed(t),
                        false,
                    ))
                }
                Block::Paragraph(_) | Block::Image(..) => {}
            }
        }
        tables
    }

    /// CSV of the tables, always one table a CSV reader takes whole. A document with one
    /// table gives it as is (a key–value block as `key,value` rows); with several, one long
    /// table `section,table,row,column,value`, a line per cell: `section` the heading it is
    /// under, `table` its name, `row` counted from 1 in each table, `column` its header. A
    /// key–value block is one row whose columns are its keys. One table is the lines of one
    /// `section` and `table`, pivoted on `column`.
    pub fn to_csv(&self) -> String {
        let mut tables = self.csv_tables();
        if tables.len() == 1 {
            return tables.remove(0).2.to_csv();
        }
        let mut out = String::new();
        table::push_csv_line(&mut out, ["section", "table", "row", "column", "value"]);
        for (section, name, t, fields) in &tables {
            let mut cell = |row: &str, column: &str, value: &str| {
                table::push_csv_line(&mut out, [section.as_str(), name, row, column, value]);
            };
            if *fields {
                for r in &t.rows {
                    cell("1", &r[0], &r[1]);
                }
                continue;
            }
            for (i, r) in t.rows.iter().enumerate() {
                let row = (i + 1).to_string();
                for (h, v) in t.headers.iter().zip(r) {
                    cell(&row, h, v);
                }
            }
        }
        out
    }

    /// The tables as separate CSV files, for a directory: `index.csv` first (`file`,
    /// `section`, `table`, `rows`: what each file holds), then one plain CSV per table,
    /// `NN-name.csv` in document order. Names are `(file name, contents)`.
    pub fn to_csv_files(&self) -> Vec<(String, String)> {
        let tables = self.csv_tables();
        let mut index = Table::new(["file", "section", "table", "rows"]);
        let mut files = Vec::with_capacity(tables.len() + 1);
        for (i, (section, name, t, _)) in tables.iter().enumerate() {
            let file = format!("{:02}-{}.csv", i + 1, slug(name));
            index.row([
                file.clone(),
                crate::text::one_line(section).into_owned(),
                crate::text::one_line(name).into_owned(),
                t.len().to_string(),
            ]);
            files.push((file, t.to_csv()));
        }
        files.insert(0, ("index.csv".to_string(), index.to_csv()));
        files
    }
}

/// A file-name piece from a table name: lowercase ASCII letters and digits, `-` between
/// words, at most 40 characters ("table" when nothing is left).
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 40 {
            break;
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "table".to_string()
    } else {
        out.to_string()
    }
}

/// Renders a result in `format`: JSON from its `Serialize` form, the rest from its document.
pub fn render<T: Serialize + ToDocument>(value: &T, format: OutputFormat) -> String {
    match format {
        OutputFormat::Json => to_json(value),
        OutputFormat::Table => value.to_document_for(Readers::People).to_text(),
        OutputFormat::Md => value.to_document_for(Readers::People).to_markdown(),
        OutputFormat::Csv => value.to_document().to_csv(),
    }
}

/// [`render`] into `out`, JSON as it is serialized: a large graph's JSON is not held whole
/// (a 1M-relation report's is 268 MB; issue 21).
pub fn render_into<T: Serialize + ToDocument>(
    value: &T,
    format: OutputFormat,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        OutputFormat::Json => write_json(value, out),
        _ => out.write_all(render(value, format).as_bytes()),
    }
}

/// [`to_json`] into `out`, as it is serialized.
pub fn write_json<T: Serialize + ?Sized>(
    value: &T,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    out.write_all(b"\n")
}

/// Pretty JSON with a trailing newline.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    let mut s =
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// "1 bloc", "2 blocs".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
