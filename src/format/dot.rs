//! Graphviz DOT for a [`Diagram`]: a drawing that reads well without hand edits. The
//! diagram (what to draw, grouped how, highlighted what) is built above this module
//! ([`crate::diagram`]); this module only writes it.
//!
//! Conventions (documented for users in `docs/diagrams.md`):
//! - **Nodes**: one per actor, labelled by its name, shaped and filled by its
//!   [`ActorKind`] ([`kind_style`]).
//! - **Edges**: one per relation; blue when allied (weight > 0), red when hostile (< 0), grey at
//!   0; pen width grows with |weight|; solid when confirmed or probably true, dashed when
//!   possibly true, dotted below that; an arrowhead only on a directed relation (mutual ones
//!   are drawn with `dir=none`).
//! - A legend (a cluster in `dot`/`fdp`, its own packed component in `neato`/`sfdp`) shows only
//!   the kinds and styles the diagram uses.
//! - Optional clusters (`subgraph cluster_*`) by actor kind, region or bloc, a highlighted
//!   path, and an ego-network view (`crate::diagram::Focus`).
//!
//! # Why our own emitter rather than the `dot-writer` crate
//! `dot-writer` writes IDs and attribute values verbatim: it neither quotes IDs nor escapes
//! `"`, `\` or newlines, so an actor called `US:State Dept` or `"Wagner"` turns into a port
//! reference or a syntax error, and it panics when a write fails. All it would contribute is
//! the braces and semicolons; the part that must be right — escaping — we would have to do
//! ourselves anyway. So this module writes DOT directly into a `String` (no I/O, nothing to
//! fail), and every ID and every string attribute goes through [`quote_id`] or
//! [`quote_label`], which are tested by parsing the output with real Graphviz
//! (`tests/graphviz_real.rs`).
//!
//! DOT quoting rules followed (Graphviz "The DOT Language"): in a quoted string only `\"` is an
//! escape for the parser; a backslash before a newline is a line continuation. Labels are then
//! read as *escString*, where `\n`, `\l`, `\r`, `\N`, `\G`, `\E`, `\T`, `\H` and `\L` mean
//! something and `\\` is a backslash. So IDs escape `"` and turn every `\` into `\\` (IDs are
//! never shown, only matched, so the doubled backslash is harmless and can never end in a
//! stray `\"`), while labels also turn newlines into `\n`.

pub use super::diagram::{
    Arrow, Cluster, Diagram, Edge, HighlightedHop, HighlightedPath, Layout, Placement, cluster_box,
};
use crate::model::{ActorId, ActorKind, Confidence};
use std::collections::BTreeSet;
use std::fmt::Write;

/// Colour of allied (positive) relations.
pub const ALLIED_COLOR: &str = "#2166ac";
/// Colour of hostile (negative) relations.
pub const HOSTILE_COLOR: &str = "#b2182b";
/// Colour of relations of weight 0.
pub const NEUTRAL_COLOR: &str = "#888888";
/// Outline and halo of the highlighted path.
pub const HIGHLIGHT_COLOR: &str = "#f0a30a";

/// Shape, extra style and fill colour of an actor kind.
pub fn kind_style(kind: ActorKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        ActorKind::State => ("box", "rounded,filled", "#cfe2f3"),
        ActorKind::Organisation => ("hexagon", "filled", "#d9ead3"),
        ActorKind::Company => ("component", "filled", "#fff2cc"),
        ActorKind::Agency => ("house", "filled", "#ead1dc"),
        ActorKind::ArmedGroup => ("octagon", "filled", "#f4cccc"),
        ActorKind::Media => ("parallelogram", "filled", "#fce5cd"),
        ActorKind::Party => ("ellipse", "filled", "#d0e0e3"),
        ActorKind::Ngo => ("note", "filled", "#e4dcf0"),
        ActorKind::Other => ("ellipse", "filled", "#eeeeee"),
    }
}

/// How confidence is drawn: solid, dashed or dotted.
pub fn confidence_style(c: Confidence) -> &'static str {
    match c {
        Confidence::Confirmed | Confidence::ProbablyTrue => "solid",
        Confidence::PossiblyTrue => "dashed",
        Confidence::Doubtful | Confidence::Improbable | Confidence::CannotBeJudged => "dotted",
    }
}

/// Colour of a relation of weight `w`.
pub fn sign_color(w: f64) -> &'static str {
    if w > 0.0 {
        ALLIED_COLOR
    } else if w < 0.0 {
        HOSTILE_COLOR
    } else {
        NEUTRAL_COLOR
    }
}

/// Pen width of a relation of weight `w`: 0.5 at 0 to 3.5 at |w| = 1.
pub fn pen_width(w: f64) -> f64 {
    0.5 + 3.0 * w.abs().min(1.0)
}

/// A DOT ID, written so that Graphviz's name for it is exactly the text. Graphviz's lexer
/// keeps every backslash of a quoted string except in `\"` (a quote) and before a line
/// break (a continuation), and reads `\\` as two backslashes; so the text is quoted with
/// only its quotes escaped, and `b\s` stays `b\s`. An odd run of backslashes just before a
/// quote, a line break or the end cannot be written that way (`\"` would end it); such a
/// text is written as an HTML-like ID, `<...>`, with `&`, `<` and `>` as entities, which
/// Graphviz takes as a name too. Control and bidirectional formatting characters are made
/// visible ([`crate::text::visible`]), so the SVG Graphviz writes stays well-formed.
pub fn quote_id(s: &str) -> String {
    let s = crate::text::visible(s);
    let mut out = String::with_capacity(s.len() + 2);
    if !quotable(&s) {
        return format!("<{}>", crate::text::escape_markup(&s, false));
    }
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// False when `s` has an odd run of backslashes right before a quote, a line break or its
/// end: a quoted DOT string cannot hold it.
fn quotable(s: &str) -> bool {
    let mut run = 0;
    for c in s.chars() {
        if c == '\\' {
            run += 1;
            continue;
        }
        if run % 2 == 1 && matches!(c, '"' | '\n') {
            return false;
        }
        run = 0;
    }
    run % 2 == 0
}

/// A DOT label or tooltip, drawn exactly as the text reads. Graphviz reads a label as an
/// escString, where `\\` is a backslash and `\n` a centred line break, and then decodes HTML
/// entities (`R&amp;D` is drawn `R&D`; the embedded engine draws text as it is): so every
/// `&` is written `&amp;`, every backslash doubled, a line break written `\n` and a quote
/// `\"` (all backslashes then come in pairs, so no `\"` is misread). Tabs become spaces;
/// control and bidirectional formatting characters are made visible, since Graphviz copies
/// them into its SVG, which is then not well-formed XML.
pub fn quote_label(s: &str) -> String {
    let s = crate::text::visible(s);
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text for inside an HTML-like label (`<...>`): `&`, `<`, `>`, `"`, `'` as entities, line
/// breaks as `<br/>`.
pub fn html_escape(s: &str) -> String {
    crate::text::escape_markup(s, true).replace('\n', "<br/>")
}

/// Preferred length of a tie of weight `w` for spring layouts, in neato's units: strong
/// alliances short (0.8), strong hostility long (3.6), weak ties in between.
pub fn tie_length(w: f64) -> f64 {
    let w = w.clamp(-1.0, 1.0);
    if w >= 0.0 {
        1.6 - 0.8 * w
    } else {
        2.4 + 1.2 * w.abs()
    }
}

/// Breaks a long name into lines of about `width` characters at spaces, keeping the
/// name's own line breaks; a single long word stays whole.
pub fn wrap(name: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for para in name.split('\n') {
        let mut line = String::new();
        for word in para.split(' ') {
            let len = line.chars().count();
            if len > 0 && len + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            } else if len > 0 {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines.join("\n")
}

/// Longest line of a node label before it wraps.
pub const LABEL_WIDTH: usize = 22;

/// A number for an attribute: at most 2 decimals, no trailing zeros.
fn num(v: f64) -> String {
    crate::numfmt::num(v, 2)
}

/// Writes one node statement.
fn node_line(
    out: &mut String,
    indent: &str,
    a: &crate::model::Actor,
    on_path: bool,
    pos: Option<&Placement>,
) {
    let (shape, style, fill) = kind_style(a.kind);
    let mut tooltip = format!("{} ({}, {})", a.name, a.id, a.kind);
    if let Some(r) = &a.region {
        let _ = write!(tooltip, ", {r}");
    }
    let _ = write!(
        out,
        "{indent}{} [label={}, shape={shape}, style={}, fillcolor=\"{fill}\", tooltip={}",
        quote_id(a.id.as_str()),
        quote_label(&wrap(&crate::text::visible(&a.name), LABEL_WIDTH)),
        quote_label(style),
        quote_label(&tooltip),
    );
    if on_path {
        let _ = write!(out, ", color=\"{HIGHLIGHT_COLOR}\", penwidth=3");
    }
    if let Some(p) = pos {
        // Graphviz's y axis points up; sizes in inches, fixed so that both engines draw the
        // same boxes.
        let _ = write!(
            out,
            ", pos=\"{},{}!\", fixedsize=true, width={}, height={}",
            num(p.x),
            num(-p.y),
            num(p.hw / 36.0),
            num(p.hh / 36.0)
        );
    }
    out.push_str("];\n");
}

/// Writes a prepared diagram as DOT.
pub fn write_dot(d: &Diagram) -> String {
    let layout = d.layout;
    let title = &d.title;
    let mut out = String::new();
    let _ = writeln!(out, "digraph {} {{", quote_id(&d.graph_name));
    if layout == Layout::Stress {
        out.push_str(
            "  // Positions and cluster boxes pinned by entente: `neato -n2 -Tsvg` keeps them all.\n",
        );
    }
    let _ = writeln!(out, "  layout={};", layout.engine());
    out.push_str("  charset=\"UTF-8\";\n");
    if !title.is_empty() {
        let _ = writeln!(
            out,
            "  label={}; labelloc=t; fontsize=18;",
            quote_label(title)
        );
    }
    // Fitted to an A4 landscape page (shrunk, never enlarged).
    out.push_str("  fontname=\"Helvetica\"; outputorder=edgesfirst; pad=0.3; size=\"11.7,8.3\";\n");
    match layout {
        // entente's positions, in points (inputscale), pinned: neato routes the edges only.
        Layout::Stress => out.push_str("  inputscale=72; overlap=true; splines=true;\n"),
        Layout::Dot => out.push_str("  rankdir=LR; nodesep=0.35; ranksep=0.9; newrank=true;\n"),
        Layout::Neato => {
            out.push_str("  overlap=false; splines=curved; sep=\"+12\"; pack=true; mode=major;\n")
        }
        Layout::Fdp => out.push_str("  overlap=false; splines=curved; sep=\"+12\"; pack=true;\n"),
        Layout::Sfdp => out.push_str("  overlap=prism; splines=curved; sep=\"+12\"; pack=true;\n"),
    }
    out.push_str(
        "  node [fontname=\"Helvetica\", fontsize=11, margin=\"0.12,0.05\", color=\"#555555\"];\n",
    );
    out.push_str("  edge [fontname=\"Helvetica\", fontsize=9, arrowsize=0.7];\n");

    // Nodes, clustered first.
    let pos: std::collections::BTreeMap<&ActorId, &Placement> = d
        .actors
        .iter()
        .map(|a| &a.id)
        .zip(d.positions.iter())
        .collect();
    let mut placed: BTreeSet<&ActorId> = BTreeSet::new();
    for (i, c) in d.clusters.iter().enumerate() {
        // A space in the name: actor ids have none, and fdp lets edges name clusters.
        let _ = writeln!(out, "  subgraph {} {{", quote_id(&format!("cluster {i}")));
        let _ = writeln!(
            out,
            "    label={}; style=\"rounded,filled\"; fillcolor=\"#f7f7f7\"; color=\"#bbbbbb\"; fontsize=12;",
            quote_label(&c.label)
        );
        // Pinned: the box the embedded engine draws (`neato -n2` reads `bb`).
        if let Some((x0, y0, x1, y1)) = cluster_box(
            d.actors
                .iter()
                .filter(|a| c.members.contains(&a.id))
                .filter_map(|a| pos.get(&a.id).copied()),
        ) {
            let _ = writeln!(
                out,
                "    bb=\"{},{},{},{}\";",
                num(x0),
                num(-y1),
                num(x1),
                num(-y0)
            );
        }
        for a in d.actors.iter().filter(|a| c.members.contains(&a.id)) {
            node_line(
                &mut out,
                "    ",
                a,
                d.actor_on_path(&a.id),
                pos.get(&a.id).copied(),
            );
            placed.insert(&a.id);
        }
        out.push_str("  }\n");
    }
    for a in d.actors.iter().filter(|a| !placed.contains(&a.id)) {
        node_line(
            &mut out,
            "  ",
            a,
            d.actor_on_path(&a.id),
            pos.get(&a.id).copied(),
        );
    }

    // Edges.
    for e in &d.edges {
        let color = sign_color(e.weight);
        let width = pen_width(e.weight);
        let _ = write!(
            out,
            "  {} -> {} [color=\"{}\", penwidth={}, style={}, dir={}, tooltip={}",
            quote_id(e.from.as_str()),
            quote_id(e.to.as_str()),
            if e.on_path {
                format!("{HIGHLIGHT_COLOR}:{color}:{HIGHLIGHT_COLOR}")
            } else {
                color.to_string()
            },
            num(if e.on_path { width + 2.0 } else { width }),
            confidence_style(e.confidence),
            match e.arrow {
                Arrow::None => "none",
                Arrow::Forward => "forward",
                Arrow::Both => "both",
            },
            quote_label(&e.tooltip()),
        );
        // Layout hints: allied ties pull actors together, hostile ties hold them apart.
        match layout {
            Layout::Dot => {
                let w = if e.weight > 0.0 {
                    1 + (e.weight * 4.0).round() as i64
                } else {
                    1
                };
                let _ = write!(out, ", weight={w}");
            }
            // fdp's natural scale (K = 0.3) is about a third of neato's (len = 1).
            Layout::Neato => {
                let _ = write!(out, ", len={}", num(tie_length(e.weight)));
            }
            Layout::Fdp => {
                let _ = write!(out, ", len={}", num(0.35 * tie_length(e.weight)));
            }
            // Positions are pinned: nothing to hint.
            Layout::Stress | Layout::Sfdp => {}
        }
        if d.edge_labels {
            let _ = write!(
                out,
                ", label={}, fontcolor=\"{color}\"",
                quote_label(&e.label())
            );
        }
        out.push_str("];\n");
    }

    if d.legend {
        legend(&mut out, d);
    }
    out.push_str("}\n");
    out
}

/// The legend: one node with an HTML-like table, so that every engine keeps it in one piece
/// (with `pack=true` it is its own component, placed beside the graph). It lists only the
/// actor kinds and edge styles the diagram uses. Its ID contains a space, which actor ids
/// never do, so it cannot collide with an actor.
/// A filled cell `w`×`h` points: a piece of line that every renderer draws the same.
fn bar(color: &str, w: u32, h: u32) -> String {
    format!("<TD FIXEDSIZE=\"TRUE\" WIDTH=\"{w}\" HEIGHT=\"{h}\" BGCOLOR=\"{color}\"></TD>")
}

/// A legend cell with a sample line 40 points long, drawn as bars (dashes and dots as gaps).
fn sample_line(color: &str, thickness: u32, style: &str, arrow: bool) -> String {
    let pieces = match style {
        "dashed" => std::iter::repeat_n((7, 4), 4).collect::<Vec<_>>(),
        "dotted" => std::iter::repeat_n((2, 4), 7).collect(),
        _ => vec![(40, 0)],
    };
    let mut cells = String::new();
    for (on, off) in pieces {
        cells.push_str(&bar(color, on, thickness));
        if off > 0 {
            let _ = write!(
                cells,
                "<TD FIXEDSIZE=\"TRUE\" WIDTH=\"{off}\" HEIGHT=\"{thickness}\"></TD>"
            );
        }
    }
    if arrow {
        let _ = write!(
            cells,
            "<TD><FONT COLOR=\"{color}\" POINT-SIZE=\"10\"><B>&gt;</B></FONT></TD>"
        );
    }
    format!(
        "<TD><TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\"><TR>{cells}</TR></TABLE></TD>"
    )
}

fn legend(out: &mut String, d: &Diagram) {
    let highlight = d.path.is_some();
    let kinds: BTreeSet<ActorKind> = d.actors.iter().map(|a| a.kind).collect();
    let mut rows: Vec<(String, String)> = Vec::new();
    for k in &kinds {
        let (shape, style, fill) = kind_style(*k);
        let shape_name = match (shape, style.contains("rounded")) {
            ("box", true) => "rounded box",
            (s, _) => s,
        };
        rows.push((
            format!(
                "<TD BGCOLOR=\"{fill}\" BORDER=\"1\" COLOR=\"#555555\">{}</TD>",
                html_escape(k.kebab_name())
            ),
            html_escape(shape_name),
        ));
    }
    let signs = |p: fn(f64) -> bool| d.edges.iter().any(|e| p(e.weight));
    if signs(|w| w > 0.0) {
        rows.push((
            sample_line(ALLIED_COLOR, 3, "solid", false),
            "allied (+)".into(),
        ));
    }
    if signs(|w| w < 0.0) {
        rows.push((
            sample_line(HOSTILE_COLOR, 3, "solid", false),
            "hostile (-)".into(),
        ));
    }
    if signs(|w| w == 0.0) {
        rows.push((
            sample_line(NEUTRAL_COLOR, 1, "solid", false),
            "weight 0".into(),
        ));
    }
    if !d.edges.is_empty() {
        rows.push((
            format!(
                "<TD><TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\"><TR>{}<TD WIDTH=\"6\"></TD>{}</TR></TABLE></TD>",
                bar("#555555", 20, 1),
                bar("#555555", 20, 4)
            ),
            if d.merged {
                "weaker to stronger (|net weight| of a pair)"
            } else {
                "weaker to stronger (|weight|)"
            }
            .into(),
        ));
    }
    let styles: BTreeSet<&str> = d
        .edges
        .iter()
        .map(|e| confidence_style(e.confidence))
        .collect();
    for (style, text) in [
        ("solid", "confirmed / probably true"),
        ("dashed", "possibly true"),
        ("dotted", "doubtful or less"),
    ] {
        if styles.contains(style) {
            rows.push((sample_line("#555555", 2, style, false), text.into()));
        }
    }
    if d.edges.iter().any(|e| e.arrow != Arrow::None) {
        rows.push((
            sample_line("#555555", 2, "solid", true),
            "directed (no arrow: mutual)".into(),
        ));
    }
    if highlight {
        rows.push((
            sample_line(HIGHLIGHT_COLOR, 5, "solid", false),
            "strongest path".into(),
        ));
    }
    if rows.is_empty() {
        return;
    }
    // With pinned positions, the legend is pinned too: right of the drawing, at its top.
    let pin = if d.positions.is_empty() {
        String::new()
    } else {
        let right = d
            .positions
            .iter()
            .map(|p| p.x + p.hw)
            .fold(f64::NEG_INFINITY, f64::max);
        let top = d
            .positions
            .iter()
            .map(|p| p.y - p.hh)
            .fold(f64::INFINITY, f64::min);
        let half_height = 12.0 + 9.0 * rows.len() as f64;
        format!(
            ", pos=\"{},{}!\"",
            num(right + 240.0),
            num(-(top + half_height))
        )
    };
    let _ = write!(
        out,
        "  \"entente legend\" [shape=plaintext, margin=0, tooltip=\"legend\"{pin}, label=<\n    <TABLE BORDER=\"1\" CELLBORDER=\"0\" CELLSPACING=\"3\" CELLPADDING=\"2\" COLOR=\"#999999\" BGCOLOR=\"white\">\n      <TR><TD COLSPAN=\"2\"><B>Legend</B></TD></TR>\n",
    );
    for (left, right) in rows {
        let _ = writeln!(out, "      <TR>{left}<TD ALIGN=\"LEFT\">{right}</TD></TR>");
    }
    out.push_str("    </TABLE>>];\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_labels_escape_quotes_backslashes_and_newlines() {
        assert_eq!(quote_id("AZE"), r#""AZE""#);
        assert_eq!(quote_id("a\"b"), r#""a\"b""#);
        assert_eq!(quote_id("US:State Dept"), r#""US:State Dept""#);
        // Backslashes stay single; where a quoted string cannot hold them, `<...>`.
        assert_eq!(quote_id(r"b\s"), r#""b\s""#);
        assert_eq!(quote_id(r"two\\"), r#""two\\""#);
        assert_eq!(quote_id(r#"q\\"x"#), r#""q\\\"x""#);
        assert_eq!(quote_id(r"end\"), r"<end\>");
        assert_eq!(quote_id(r#"q\"<&>"#), r#"<q\"&lt;&amp;&gt;>"#);
        assert_eq!(quote_id("esc\u{1b}"), r#""esc\u{1b}""#);
        assert!(quotable("") && quotable(r"a\\") && !quotable("a\\\nb"));
        assert_eq!(quote_label("two\nlines"), r#""two\nlines""#);
        assert_eq!(quote_label("bell\u{7}\ttab"), r#""bell\\u{7} tab""#);
        assert_eq!(
            quote_label(r#"R&amp;D <unit> \ "q""#),
            r#""R&amp;amp;D <unit> \\ \"q\"""#
        );
        assert_eq!(html_escape("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
    }

    #[test]
    fn long_names_wrap_at_spaces() {
        assert_eq!(wrap("Russia", 22), "Russia");
        assert_eq!(
            wrap("Unnamed US company operating the Zangezur corridor", 22),
            "Unnamed US company\noperating the Zangezur\ncorridor"
        );
        assert_eq!(wrap("a\nb", 22), "a\nb");
        assert_eq!(
            wrap("Supercalifragilisticexpialidocious x", 10),
            "Supercalifragilisticexpialidocious\nx"
        );
    }
}
