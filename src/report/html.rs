//! HTML for a [`Document`], beside its text, Markdown and CSV forms: headings with anchors
//! and a table of contents, key–value lists as `<dl>`, tables sortable by the page's script.
//! Every string is escaped ([`crate::text::escape_markup`]); the page around it (styles,
//! print stylesheet, the explorer) is written by [`crate::format::explorer::write_page`].

use super::full::Report;
use super::{Align, Block, Document, Readers, ToDocument};
use crate::format::explorer::{Explorer, Page, write_page};
use crate::text::escape_markup;

fn esc(s: &str) -> String {
    escape_markup(&crate::text::visible(s), true)
}

/// A fragment's id from a heading: lower-case letters and digits joined by `-`.
fn slug(s: &str, used: &mut Vec<String>) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let base = out.trim_end_matches('-').to_string();
    let base = if base.is_empty() {
        "section".into()
    } else {
        base
    };
    let mut id = base.clone();
    let mut n = 2;
    while used.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    used.push(id.clone());
    id
}

impl Document {
    /// The document as an HTML fragment (for inside `<main>`), with a table of contents of
    /// its sections after the title.
    pub fn to_html(&self) -> String {
        self.to_html_with(&[])
    }

    /// [`Document::to_html`] with more sections, written after it by the caller, listed in
    /// the table of contents: `(id, title)`.
    pub fn to_html_with(&self, more: &[(&str, &str)]) -> String {
        let mut used = Vec::new();
        let ids: Vec<Option<String>> = self
            .blocks
            .iter()
            .map(|b| match b {
                Block::Heading(_, t) => Some(slug(t, &mut used)),
                _ => None,
            })
            .collect();
        let mut toc = String::from("<nav aria-label=\"Sections\"><ol>\n");
        for (b, id) in self.blocks.iter().zip(&ids) {
            if let (Block::Heading(2, t), Some(id)) = (b, id) {
                toc.push_str(&format!("<li><a href=\"#{id}\">{}</a></li>\n", esc(t)));
            }
        }
        for (id, title) in more {
            toc.push_str(&format!("<li><a href=\"#{id}\">{}</a></li>\n", esc(title)));
        }
        toc.push_str("</ol></nav>\n");
        let mut out = String::new();
        let mut toc_done = false;
        for (b, id) in self.blocks.iter().zip(&ids) {
            if let Block::Heading(level, _) = b
                && *level >= 2
                && !toc_done
            {
                out.push_str(&toc);
                toc_done = true;
            }
            match b {
                Block::Heading(level, t) => {
                    let h = (*level).clamp(1, 6);
                    out.push_str(&format!(
                        "<h{h} id=\"{}\">{}</h{h}>\n",
                        id.as_deref().unwrap_or(""),
                        esc(&crate::text::one_line(t))
                    ));
                }
                Block::Paragraph(p) => {
                    out.push_str(&format!("<p>{}</p>\n", esc(p).replace('\n', "<br>")));
                }
                Block::Fields(kv) => {
                    out.push_str("<dl>\n");
                    for (k, v) in kv {
                        out.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", esc(k), esc(v)));
                    }
                    out.push_str("</dl>\n");
                }
                // The page inlines the diagram itself (see `report_page`): a picture beside
                // the document would be a file the page's policy does not load.
                Block::Image(..) => {}
                Block::Table(name, t) => {
                    if t.is_empty() {
                        out.push_str("<p><em>(none)</em></p>\n");
                        continue;
                    }
                    out.push_str(&format!(
                        "<table class=\"sortable\" data-name=\"{}\">\n<thead><tr>",
                        esc(name)
                    ));
                    for h in &t.headers {
                        out.push_str(&format!("<th scope=\"col\">{}</th>", esc(h)));
                    }
                    out.push_str("</tr></thead>\n<tbody>\n");
                    let (rows, note) = t.rows_for_people();
                    for r in &rows {
                        out.push_str("<tr>");
                        for (i, c) in r.iter().enumerate() {
                            let class = match t.align.get(i) {
                                Some(Align::Right) => " class=\"num\"",
                                _ => "",
                            };
                            out.push_str(&format!("<td{class}>{}</td>", esc(c)));
                        }
                        out.push_str("</tr>\n");
                    }
                    out.push_str("</tbody>\n</table>\n");
                    if let Some(note) = note {
                        out.push_str(&format!("<p class=\"note\">{}</p>\n", esc(note)));
                    }
                }
            }
        }
        out
    }
}

/// An SVG document without its XML prolog and doctype, for inside an HTML page.
fn inline_svg(svg: &str) -> &str {
    svg.find("<svg").map_or("", |i| &svg[i..])
}

/// The full report as one printable HTML page: every section of its document, the diagram
/// (an SVG document) inline, and the explorer of the same graph below.
pub fn report_page(r: &Report, diagram_svg: Option<&str>, explorer: Option<&Explorer>) -> String {
    let mut more = Vec::new();
    if diagram_svg.is_some() {
        more.push(("diagram-drawing", "Diagram"));
    }
    if explorer.is_some() {
        more.push(("explorer", "Explorer"));
    }
    let mut body = r.to_document_for(Readers::People).to_html_with(&more);
    if let Some(svg) = diagram_svg {
        body.push_str("<section class=\"diagram\">\n<h2 id=\"diagram-drawing\">Diagram</h2>\n");
        body.push_str(
            "<p>Blocs boxed, allied ties blue, hostile red, width by |weight|, dashed or \
             dotted by confidence (docs/diagrams.md).</p>\n",
        );
        body.push_str(inline_svg(svg));
        body.push_str("\n</section>\n");
    }
    if explorer.is_some() {
        body.push_str(
            "<p class=\"x-muted x-screen-only\">The explorer below shows the same graph: filter it, slide \
             through time, click an actor for its relations and ranks, shift-click a second for \
             the strongest influence paths.</p>\n",
        );
    }
    write_page(&Page {
        title: &format!("entente report: {}", r.graph),
        body: &body,
        explorer,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Table;

    #[test]
    fn every_string_is_escaped_and_tables_sort() {
        let mut d = Document::new();
        let evil = "</script><script>alert(1)</script>";
        d.heading(1, evil)
            .heading(2, "Blocs & ties")
            .paragraph("a\nb <i>");
        d.fields([("name", "\"><img src=x onerror=alert(1)>")]);
        let mut t = Table::new(["actor", "rank"]);
        t.align = vec![Align::Left, Align::Right];
        t.row([evil, "1"]);
        d.table("ranks", t);
        let html = d.to_html();
        assert!(!html.contains("<script") && !html.contains("<img") && !html.contains("<i>"));
        assert!(html.contains("<h2 id=\"blocs-ties\">Blocs &amp; ties</h2>"));
        assert!(html.contains("<a href=\"#blocs-ties\">"));
        assert!(html.contains("<p>a<br>b &lt;i&gt;</p>"));
        assert!(html.contains("<table class=\"sortable\" data-name=\"ranks\">"));
        assert!(html.contains("<td class=\"num\">1</td>"));
    }
}
