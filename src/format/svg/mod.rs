//! The built-in SVG drawing: a diagram without Graphviz, in pure Rust.
//!
//! `entente render --engine embedded` uses it when the `graphviz-pure` feature is off (the
//! default), so a machine without Graphviz still gets an SVG. It draws the same [`Diagram`]
//! as the DOT writer with the same conventions (shape and fill by actor kind, colour by sign,
//! width by |weight|, dash by confidence, arrowheads on directed relations, clusters, the
//! highlighted path, a legend), but lays it out itself:
//!
//! 1. **Target distances**: each tied pair wants the length the DOT writer gives Graphviz as
//!    `len` (short for strong alliances, long for strong hostility; parallel relations count
//!    as their net tie); other pairs want their shortest-path distance over those lengths
//!    (Gansner, Koren & North, "Graph drawing by stress majorization", GD 2004). Pairs in the
//!    same cluster want 0.85× that, pairs in different clusters 1.25×, so clusters gather.
//! 2. **Start**: classical multidimensional scaling (Torgerson 1952) by power iteration from a
//!    fixed vector, so the same graph always gives the same picture (no randomness).
//! 3. **Stress majorization**, the localized update of Gansner et al., 300 sweeps.
//! 4. **Overlap removal**: overlapping label boxes are pushed apart along the axis of least
//!    overlap until none overlap (bounded passes).
//! 5. Edges are straight, or gentle quadratic curves when several relations join one pair.
//!
//! It is O(n²) in memory and time per sweep: meant for diagrams people read, not for laying
//! out huge graphs. It refuses a diagram of more than [`MAX_ACTORS`] actors ([`TooLarge`];
//! `diagram::prepare` leaves such a diagram unpinned) rather than draw a sample, because a
//! drawing of some of the actors and the ties among them would be read as the graph, and a
//! drawing of thousands of actors is unreadable anyway. It reports its progress
//! ([`LayoutProgress`]) for a bar. Text widths are estimated (no font files), so labels get
//! generous boxes.

mod layout;

use super::diagram::Arrow;
use super::dot::{
    ALLIED_COLOR, Diagram, HIGHLIGHT_COLOR, HOSTILE_COLOR, NEUTRAL_COLOR, confidence_style,
    kind_style, pen_width, sign_color,
};
use crate::model::{ActorId, ActorKind};
use layout::{FONT_SIZE, LINE_HEIGHT, Placed, layout, text_width};
pub use layout::{LayoutProgress, Stage, positions, positions_with_progress};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

const MARGIN: f64 = 24.0;

/// The most actors the built-in layout places: its cost is quadratic (10 000 actors took
/// 250 s and 2.4 GB, 100 000 ran out of memory).
pub const MAX_ACTORS: usize = 1000;

/// A diagram with more actors than the built-in engine lays out ([`MAX_ACTORS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge {
    pub actors: usize,
    pub limit: usize,
}

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the diagram has {} actors and the built-in engine lays out at most {} (its layout \
             is quadratic in time and memory, and a drawing that large cannot be read)",
            self.actors, self.limit
        )
    }
}

impl std::error::Error for TooLarge {}
/// A page in points: A4 landscape.
const PAGE: (f64, f64) = (842.4, 597.6);

/// Text shown in the picture, for XML: `&`, `<`, `>`, `"` and `'` as entities, control
/// and bidirectional formatting characters and U+FFFE/U+FFFF made visible as `\u{1b}`
/// ([`crate::text::visible`]), so the SVG is well-formed and shows what the file holds.
pub fn xml_escape(s: &str) -> String {
    crate::text::escape_markup(&crate::text::visible(s), true)
}

fn f(v: f64) -> String {
    let s = format!("{v:.1}");
    if s == "-0.0" { "0.0".into() } else { s }
}

/// The outline of an actor's shape, centred on (x, y).
fn shape_svg(kind: ActorKind, p: &Placed, fill: &str, stroke: &str, stroke_w: f64) -> String {
    let (shape, style, _) = kind_style(kind);
    let (x, y, w, h) = (p.x, p.y, p.hw, p.hh);
    let paint = format!(
        "fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{}\"",
        f(stroke_w)
    );
    let poly = |pts: &[(f64, f64)]| {
        let pts: Vec<String> = pts
            .iter()
            .map(|(px, py)| format!("{},{}", f(x + px), f(y + py)))
            .collect();
        format!("<polygon points=\"{}\" {paint}/>", pts.join(" "))
    };
    match shape {
        "box" => {
            let r = if style.contains("rounded") { 7.0 } else { 0.0 };
            format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{r}\" {paint}/>",
                f(x - w),
                f(y - h),
                f(2.0 * w),
                f(2.0 * h)
            )
        }
        "ellipse" => format!(
            "<ellipse cx=\"{}\" cy=\"{}\" rx=\"{}\" ry=\"{}\" {paint}/>",
            f(x),
            f(y),
            f(w),
            f(h)
        ),
        "hexagon" => {
            let c = (w * 0.2).min(h);
            poly(&[
                (-w, 0.0),
                (-w + c, -h),
                (w - c, -h),
                (w, 0.0),
                (w - c, h),
                (-w + c, h),
            ])
        }
        "octagon" => {
            let c = (w * 0.18).min(h * 0.6);
            poly(&[
                (-w, -h + c),
                (-w + c, -h),
                (w - c, -h),
                (w, -h + c),
                (w, h - c),
                (w - c, h),
                (-w + c, h),
                (-w, h - c),
            ])
        }
        "parallelogram" => {
            let c = w * 0.18;
            poly(&[(-w + c, -h), (w, -h), (w - c, h), (-w, h)])
        }
        "house" => {
            let c = h * 0.6;
            poly(&[
                (-w, h),
                (-w, -h + c),
                (0.0, -h - c * 0.4),
                (w, -h + c),
                (w, h),
            ])
        }
        "note" => {
            let c = 8.0f64.min(h);
            poly(&[(-w, -h), (w - c, -h), (w, -h + c), (w, h), (-w, h)])
        }
        "component" => {
            let body = format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {paint}/>",
                f(x - w),
                f(y - h),
                f(2.0 * w),
                f(2.0 * h)
            );
            let tab = |ty: f64| {
                format!(
                    "<rect x=\"{}\" y=\"{}\" width=\"8\" height=\"4\" {paint}/>",
                    f(x - w - 4.0),
                    f(ty)
                )
            };
            format!("{body}{}{}", tab(y - h * 0.55), tab(y + h * 0.55 - 4.0))
        }
        _ => format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {paint}/>",
            f(x - w),
            f(y - h),
            f(2.0 * w),
            f(2.0 * h)
        ),
    }
}

/// Where the segment from the centre of `p` towards (tx, ty) leaves its box.
/// Ellipses are clipped to their outline, other shapes to their box.
fn clip(p: &Placed, ellipse: bool, tx: f64, ty: f64) -> (f64, f64) {
    let (dx, dy) = (tx - p.x, ty - p.y);
    if dx == 0.0 && dy == 0.0 {
        return (p.x, p.y);
    }
    if ellipse {
        let s = (1.0 / ((dx / p.hw).powi(2) + (dy / p.hh).powi(2)).sqrt()).min(1.0);
        return (p.x + dx * s, p.y + dy * s);
    }
    let sx = if dx == 0.0 {
        f64::INFINITY
    } else {
        p.hw / dx.abs()
    };
    let sy = if dy == 0.0 {
        f64::INFINITY
    } else {
        p.hh / dy.abs()
    };
    let s = sx.min(sy).min(1.0);
    (p.x + dx * s, p.y + dy * s)
}

fn dasharray(style: &str) -> &'static str {
    match style {
        "dashed" => " stroke-dasharray=\"7,4\"",
        "dotted" => " stroke-dasharray=\"1.5,3.5\" stroke-linecap=\"round\"",
        _ => "",
    }
}

/// Draws a prepared diagram as a standalone SVG document, or refuses one of more than
/// [`MAX_ACTORS`] actors.
pub fn write_svg(d: &Diagram) -> Result<String, TooLarge> {
    write_svg_with_progress(d, &mut |_| {})
}

/// [`write_svg`], telling `progress` where the layout is (when the diagram is not pinned).
pub fn write_svg_with_progress(
    d: &Diagram,
    progress: &mut dyn FnMut(LayoutProgress),
) -> Result<String, TooLarge> {
    if d.actors.len() > MAX_ACTORS {
        return Err(TooLarge {
            actors: d.actors.len(),
            limit: MAX_ACTORS,
        });
    }
    let mut nodes = layout(d, progress);
    let index: BTreeMap<&ActorId, usize> = d
        .actors
        .iter()
        .enumerate()
        .map(|(i, a)| (&a.id, i))
        .collect();

    // Clusters: boxes around their members.
    let mut cluster_boxes = Vec::new();
    for c in &d.clusters {
        let members: Vec<&Placed> = d
            .actors
            .iter()
            .zip(&nodes)
            .filter(|(a, _)| c.members.contains(&a.id))
            .map(|(_, p)| p)
            .collect();
        if members.is_empty() {
            continue;
        }
        let x0 = members
            .iter()
            .map(|p| p.x - p.hw)
            .fold(f64::INFINITY, f64::min)
            - 12.0;
        let y0 = members
            .iter()
            .map(|p| p.y - p.hh)
            .fold(f64::INFINITY, f64::min)
            - 26.0;
        let x1 = members
            .iter()
            .map(|p| p.x + p.hw)
            .fold(f64::NEG_INFINITY, f64::max)
            + 12.0;
        let y1 = members
            .iter()
            .map(|p| p.y + p.hh)
            .fold(f64::NEG_INFINITY, f64::max)
            + 12.0;
        cluster_boxes.push((c.label.clone(), x0, y0, x1, y1));
    }

    // Bounds of the drawing, then shift so it starts at the margin below the title.
    let mut x0 = nodes
        .iter()
        .map(|p| p.x - p.hw)
        .fold(f64::INFINITY, f64::min);
    let mut y0 = nodes
        .iter()
        .map(|p| p.y - p.hh)
        .fold(f64::INFINITY, f64::min);
    let mut x1 = nodes
        .iter()
        .map(|p| p.x + p.hw)
        .fold(f64::NEG_INFINITY, f64::max);
    let mut y1 = nodes
        .iter()
        .map(|p| p.y + p.hh)
        .fold(f64::NEG_INFINITY, f64::max);
    for (_, a, b, c, e) in &cluster_boxes {
        x0 = x0.min(*a);
        y0 = y0.min(*b);
        x1 = x1.max(*c);
        y1 = y1.max(*e);
    }
    if nodes.is_empty() {
        (x0, y0, x1, y1) = (0.0, 0.0, 0.0, 0.0);
    }
    let title_h = if d.title.is_empty() {
        0.0
    } else {
        d.title.split('\n').count() as f64 * 22.0 + 10.0
    };
    let (dx, dy) = (MARGIN - x0, MARGIN + title_h - y0);
    for p in &mut nodes {
        p.x += dx;
        p.y += dy;
    }
    for b in &mut cluster_boxes {
        b.1 += dx;
        b.2 += dy;
        b.3 += dx;
        b.4 += dy;
    }
    let graph_w = x1 - x0;
    let graph_h = y1 - y0;
    let legend = if d.legend { legend_svg(d) } else { None };
    let (legend_w, legend_h) = legend.as_ref().map_or((0.0, 0.0), |l| (l.1, l.2));
    let width = MARGIN * 2.0
        + graph_w
        + if legend_w > 0.0 {
            legend_w + MARGIN
        } else {
            0.0
        };
    let height = MARGIN * 2.0 + title_h + graph_h.max(legend_h);

    // Fitted to an A4 landscape page (11.7 × 8.3 in), as the DOT's `size` asks of Graphviz.
    let page = (PAGE.0 / width).min(PAGE.1 / height).min(1.0);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}pt\" height=\"{}pt\" viewBox=\"0 0 {w} {h}\" font-family=\"Helvetica, Arial, sans-serif\">",
        f(width * page),
        f(height * page),
        w = f(width),
        h = f(height)
    );
    let _ = writeln!(
        out,
        "<title>{}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
        xml_escape(&d.graph_name)
    );
    for (i, line) in d.title.split('\n').enumerate() {
        if d.title.is_empty() {
            break;
        }
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"18\">{}</text>",
            f(width / 2.0),
            f(MARGIN + 16.0 + 22.0 * i as f64),
            xml_escape(line)
        );
    }
    for (label, a, b, c, e) in &cluster_boxes {
        let _ = writeln!(
            out,
            "<g class=\"cluster\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\" fill=\"#f7f7f7\" stroke=\"#bbbbbb\"/><text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text></g>",
            f(*a),
            f(*b),
            f(c - a),
            f(e - b),
            f(a + 8.0),
            f(b + 16.0),
            xml_escape(label)
        );
    }

    // Edges: several joining the same pair (one per relation) fan out as curves.
    let mut pair_count: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for e in &d.edges {
        let (a, b) = (index[&e.from], index[&e.to]);
        *pair_count.entry((a.min(b), a.max(b))).or_default() += 1;
    }
    let mut pair_seen: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for e in &d.edges {
        let (a, b) = (index[&e.from], index[&e.to]);
        let key = (a.min(b), a.max(b));
        let m = pair_count[&key];
        let k = pair_seen.entry(key).or_default();
        let offset = (*k as f64 - (m as f64 - 1.0) / 2.0) * 16.0;
        *k += 1;
        let (pa, pb) = (&nodes[a], &nodes[b]);
        // The bend is measured in the pair's canonical direction, so parallel relations
        // written either way fan out on distinct sides.
        let (ca, cb) = (&nodes[key.0], &nodes[key.1]);
        let (ux, uy) = (cb.x - ca.x, cb.y - ca.y);
        let len = (ux * ux + uy * uy).sqrt().max(1e-9);
        let (nx, ny) = (-uy / len, ux / len);
        let mid = (
            (pa.x + pb.x) / 2.0 + nx * offset,
            (pa.y + pb.y) / 2.0 + ny * offset,
        );
        let is_ellipse = |i: usize| kind_style(d.actors[i].kind).0 == "ellipse";
        let start = clip(pa, is_ellipse(a), mid.0, mid.1);
        let end = clip(pb, is_ellipse(b), mid.0, mid.1);
        let ctrl = (
            2.0 * mid.0 - (start.0 + end.0) / 2.0,
            2.0 * mid.1 - (start.1 + end.1) / 2.0,
        );
        let color = sign_color(e.weight);
        let width = pen_width(e.weight);
        // Leave room for the arrowheads.
        let arrow = 7.0 + width * 1.5;
        let head_at_end = e.arrow != Arrow::None;
        let head_at_start = e.arrow == Arrow::Both;
        let back = |tip: (f64, f64)| {
            let (tx, ty) = (tip.0 - ctrl.0, tip.1 - ctrl.1);
            let tl = (tx * tx + ty * ty).sqrt().max(1e-9);
            (tx / tl, ty / tl)
        };
        let shorten = |tip: (f64, f64), on: bool| {
            let (ux, uy) = back(tip);
            if on {
                (tip.0 - ux * arrow, tip.1 - uy * arrow)
            } else {
                tip
            }
        };
        let (line_start, line_end) = (shorten(start, head_at_start), shorten(end, head_at_end));
        let path = format!(
            "M{},{} Q{},{} {},{}",
            f(line_start.0),
            f(line_start.1),
            f(ctrl.0),
            f(ctrl.1),
            f(line_end.0),
            f(line_end.1)
        );
        let _ = write!(
            out,
            "<g class=\"edge\"><title>{}</title>",
            xml_escape(&e.tooltip())
        );
        if e.on_path {
            let _ = write!(
                out,
                "<path d=\"{path}\" fill=\"none\" stroke=\"{HIGHLIGHT_COLOR}\" stroke-width=\"{}\" stroke-linecap=\"round\"/>",
                f(width + 6.0)
            );
        }
        let _ = write!(
            out,
            "<path d=\"{path}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"{}\"{}/>",
            f(width),
            dasharray(confidence_style(e.confidence))
        );
        for (tip, on) in [(end, head_at_end), (start, head_at_start)] {
            if !on {
                continue;
            }
            let (ux, uy) = back(tip);
            let (bx, by) = (tip.0 - ux * arrow, tip.1 - uy * arrow);
            let half = arrow * 0.45;
            let (px, py) = (-uy * half, ux * half);
            let _ = write!(
                out,
                "<polygon points=\"{},{} {},{} {},{}\" fill=\"{color}\"/>",
                f(tip.0),
                f(tip.1),
                f(bx + px),
                f(by + py),
                f(bx - px),
                f(by - py)
            );
        }
        if d.edge_labels {
            let lx = 0.25 * start.0 + 0.5 * ctrl.0 + 0.25 * end.0;
            let ly = 0.25 * start.1 + 0.5 * ctrl.1 + 0.25 * end.1;
            let label = e.label();
            let lines: Vec<&str> = label.split('\n').collect();
            let top = ly - 2.0 - (lines.len() as f64 - 1.0) * 5.5;
            for (i, line) in lines.iter().enumerate() {
                let _ = write!(
                    out,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"9\" fill=\"{color}\" stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\">{}</text>",
                    f(lx),
                    f(top + 11.0 * i as f64),
                    xml_escape(line)
                );
            }
        }
        out.push_str("</g>\n");
    }

    // Nodes on top.
    for (a, p) in d.actors.iter().zip(&nodes) {
        let (_, _, fill) = kind_style(a.kind);
        let (stroke, sw) = if d.actor_on_path(&a.id) {
            (HIGHLIGHT_COLOR, 3.0)
        } else {
            ("#555555", 1.0)
        };
        let mut tooltip = format!("{} ({}, {})", a.name, a.id, a.kind);
        if let Some(r) = &a.region {
            let _ = write!(tooltip, ", {r}");
        }
        let _ = write!(
            out,
            "<g class=\"node\"><title>{}</title>{}",
            xml_escape(&tooltip),
            shape_svg(a.kind, p, fill, stroke, sw)
        );
        let top = p.y - (p.lines.len() as f64 - 1.0) * LINE_HEIGHT / 2.0 + FONT_SIZE * 0.35;
        for (i, line) in p.lines.iter().enumerate() {
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"{FONT_SIZE}\">{}</text>",
                f(p.x),
                f(top + i as f64 * LINE_HEIGHT),
                xml_escape(line)
            );
        }
        out.push_str("</g>\n");
    }

    if let Some((body, _, _)) = legend {
        let lx = MARGIN * 2.0 + graph_w;
        let _ = writeln!(
            out,
            "<g class=\"legend\" transform=\"translate({},{})\">{body}</g>",
            f(lx),
            f(MARGIN + title_h)
        );
    }
    out.push_str("</svg>\n");
    Ok(out)
}

/// The legend's SVG (at the origin), width and height: the kinds and styles used.
fn legend_svg(d: &Diagram) -> Option<(String, f64, f64)> {
    let kinds: BTreeSet<ActorKind> = d.actors.iter().map(|a| a.kind).collect();
    let mut rows: Vec<String> = Vec::new();
    let row_h = 22.0;
    let sample_w = 44.0;
    let text_x = sample_w + 16.0;
    let mut texts: Vec<String> = Vec::new();
    let y = |i: usize| 30.0 + i as f64 * row_h;
    for k in &kinds {
        let i = rows.len();
        let (_, _, fill) = kind_style(*k);
        let p = Placed {
            x: 8.0 + sample_w / 2.0,
            y: y(i),
            hw: sample_w / 2.0 - 2.0,
            hh: 7.0,
            lines: Vec::new(),
        };
        rows.push(shape_svg(*k, &p, fill, "#555555", 1.0));
        texts.push(k.kebab_name().to_string());
    }
    let line = |i: usize, color: &str, w: f64, style: &str, arrow: bool| {
        let yy = y(i);
        let mut s = format!(
            "<line x1=\"8\" y1=\"{yy}\" x2=\"{}\" y2=\"{yy}\" stroke=\"{color}\" stroke-width=\"{}\"{}/>",
            f(8.0 + sample_w - if arrow { 8.0 } else { 0.0 }),
            f(w),
            dasharray(style)
        );
        if arrow {
            let _ = write!(
                s,
                "<polygon points=\"{},{yy} {},{} {},{}\" fill=\"{color}\"/>",
                f(8.0 + sample_w),
                f(sample_w),
                f(yy - 4.0),
                f(sample_w),
                f(yy + 4.0)
            );
        }
        s
    };
    let signs = |p: fn(f64) -> bool| d.edges.iter().any(|e| p(e.weight));
    let mut add = |rows: &mut Vec<String>, s: String, t: &str| {
        rows.push(s);
        texts.push(t.to_string());
    };
    if signs(|w| w > 0.0) {
        let i = rows.len();
        add(
            &mut rows,
            line(i, ALLIED_COLOR, 2.5, "solid", false),
            "allied (+)",
        );
    }
    if signs(|w| w < 0.0) {
        let i = rows.len();
        add(
            &mut rows,
            line(i, HOSTILE_COLOR, 2.5, "solid", false),
            "hostile (-)",
        );
    }
    if signs(|w| w == 0.0) {
        let i = rows.len();
        add(
            &mut rows,
            line(i, NEUTRAL_COLOR, 1.0, "solid", false),
            "weight 0",
        );
    }
    if !d.edges.is_empty() {
        let yy = y(rows.len());
        let s = format!(
            "<line x1=\"8\" y1=\"{yy}\" x2=\"26\" y2=\"{yy}\" stroke=\"#555555\" stroke-width=\"{}\"/><line x1=\"32\" y1=\"{yy}\" x2=\"{}\" y2=\"{yy}\" stroke=\"#555555\" stroke-width=\"{}\"/>",
            f(pen_width(0.1)),
            f(8.0 + sample_w),
            f(pen_width(1.0))
        );
        let text = if d.merged {
            "weaker to stronger (|net weight| of a pair)"
        } else {
            "weaker to stronger (|weight|)"
        };
        add(&mut rows, s, text);
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
            let i = rows.len();
            add(&mut rows, line(i, "#555555", 1.6, style, false), text);
        }
    }
    if d.edges.iter().any(|e| e.arrow != Arrow::None) {
        let i = rows.len();
        add(
            &mut rows,
            line(i, "#555555", 1.6, "solid", true),
            "directed (no arrow: mutual)",
        );
    }
    if d.path.is_some() {
        let i = rows.len();
        add(
            &mut rows,
            line(i, HIGHLIGHT_COLOR, 6.0, "solid", false),
            "strongest path",
        );
    }
    if rows.is_empty() {
        return None;
    }
    let text_w = texts
        .iter()
        .map(|t| text_width(t, 10.0))
        .fold(text_width("Legend", 11.0), f64::max);
    let w = text_x + text_w + 12.0;
    let h = y(rows.len() - 1) + 16.0;
    let mut s = format!(
        "<rect width=\"{}\" height=\"{}\" fill=\"white\" stroke=\"#999999\"/><text x=\"{}\" y=\"16\" text-anchor=\"middle\" font-size=\"11\" font-weight=\"bold\">Legend</text>",
        f(w),
        f(h),
        f(w / 2.0)
    );
    for (i, (row, t)) in rows.iter().zip(&texts).enumerate() {
        let _ = write!(
            s,
            "{row}<text x=\"{text_x}\" y=\"{}\" font-size=\"10\">{}</text>",
            f(y(i) + 3.5),
            xml_escape(t)
        );
    }
    Some((s, w, h))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::{DotOptions, prepare};
    use crate::model::{Actor, ActorGraph, Confidence, Relation, RelationKind};

    fn two_camps() -> ActorGraph {
        let mut g = ActorGraph::new("camps");
        for id in ["A1", "A2", "A3", "B1", "B2", "B3"] {
            g.add_actor(Actor::new(id, format!("Actor {id}"), ActorKind::State))
                .unwrap();
        }
        for (a, b) in [
            ("A1", "A2"),
            ("A2", "A3"),
            ("A1", "A3"),
            ("B1", "B2"),
            ("B2", "B3"),
            ("B1", "B3"),
        ] {
            g.add_relation(Relation::new(a, b, RelationKind::Alliance, 0.9))
                .unwrap();
        }
        for (a, b) in [("A1", "B1"), ("A2", "B2"), ("A3", "B3")] {
            g.add_relation(
                Relation::new(a, b, RelationKind::Hostility, -0.8)
                    .with_confidence(Confidence::Confirmed),
            )
            .unwrap();
        }
        g
    }

    #[test]
    fn allies_end_up_closer_than_enemies_and_boxes_do_not_overlap() {
        let g = two_camps();
        let d = prepare(&g, &DotOptions::default()).unwrap();
        let nodes = layout(&d, &mut |_| {});
        let dist = |i: usize, j: usize| {
            ((nodes[i].x - nodes[j].x).powi(2) + (nodes[i].y - nodes[j].y).powi(2)).sqrt()
        };
        let allied = [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5)];
        let hostile = [(0, 3), (1, 4), (2, 5)];
        let max_allied = allied.iter().map(|&(a, b)| dist(a, b)).fold(0.0, f64::max);
        let min_hostile = hostile
            .iter()
            .map(|&(a, b)| dist(a, b))
            .fold(f64::INFINITY, f64::min);
        assert!(max_allied < min_hostile, "{max_allied} vs {min_hostile}");
        for i in 0..nodes.len() {
            for j in i + 1..nodes.len() {
                let (a, b) = (&nodes[i], &nodes[j]);
                let apart = (a.x - b.x).abs() >= a.hw + b.hw || (a.y - b.y).abs() >= a.hh + b.hh;
                assert!(apart, "{i} and {j} overlap");
            }
        }
    }

    #[test]
    fn svg_is_deterministic_escaped_and_complete() {
        let mut g = two_camps();
        g.add_actor(Actor::new("X", "<b> & \"q\"\nline", ActorKind::Company))
            .unwrap();
        g.add_relation(Relation::new("X", "A1", RelationKind::ArmsSupply, 0.5).directed())
            .unwrap();
        let d = prepare(&g, &DotOptions::default()).unwrap();
        let svg = write_svg(&d).unwrap();
        assert_eq!(svg, write_svg(&d).unwrap());
        assert!(svg.contains("&lt;b&gt; &amp; &quot;q&quot;"));
        assert!(!svg.contains("<b>"));
        assert_eq!(svg.matches("class=\"node\"").count(), 7);
        assert_eq!(svg.matches("class=\"edge\"").count(), 10);
        assert!(svg.contains("class=\"legend\""));
        assert!(svg.contains(HOSTILE_COLOR) && svg.contains(ALLIED_COLOR));
        assert!(svg.trim_end().ends_with("</svg>"));
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }

    #[test]
    fn svg_with_awkward_names_is_well_formed_xml() {
        let mut g = ActorGraph::new("a \"quoted\" <graph> & co");
        let names = [
            ("q\"uote", "The \"Quoted\" Front"),
            ("US:State", "US:State Dept"),
            ("Hüseyin", "Hüseyin Öztürk\nsecond line"),
            ("<tag>", "<b>not bold</b> & 'co'"),
            ("ctl", "bell\u{7} char"),
            ("nc", "not\u{fffe}a\u{ffff}char \u{1b}[2J"),
            ("rd", "R&amp;D <unit>"),
        ];
        for (id, name) in names {
            g.add_actor(Actor::new(id, name, ActorKind::Media)).unwrap();
        }
        g.add_relation(
            Relation::new("q\"uote", "<tag>", RelationKind::Hostility, -0.5)
                .with_note("a < b & \"c\""),
        )
        .unwrap();
        g.add_relation(Relation::new(
            "US:State",
            "Hüseyin",
            RelationKind::Alliance,
            0.5,
        ))
        .unwrap();
        let opts = DotOptions {
            edge_labels: true,
            ..DotOptions::default()
        };
        let svg = write_svg(&prepare(&g, &opts).unwrap()).unwrap();
        let root = crate::format::xml::parse(&svg).expect("well-formed SVG");
        assert_eq!(root.name, "svg");
        let nodes: Vec<_> = root
            .children_named("g")
            .filter(|e| e.attr("class") == Some("node"))
            .collect();
        assert_eq!(nodes.len(), 7);
        let texts: Vec<String> = nodes
            .iter()
            .map(|n| {
                n.children_named("text")
                    .map(|t| t.text.clone())
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect();
        assert!(
            texts.contains(&"<b>not bold</b> & 'co'".to_string()),
            "{texts:?}"
        );
        assert!(
            texts.contains(&"Hüseyin Öztürk\nsecond line".to_string()),
            "{texts:?}"
        );
        // Drawn as written, as Graphviz draws it from our DOT (no entity is decoded).
        assert!(texts.contains(&"R&amp;D <unit>".to_string()), "{texts:?}");
        // Control characters are shown, not dropped (nor copied raw into the XML).
        assert!(texts.contains(&"bell\\u{7} char".to_string()), "{texts:?}");
        assert!(
            texts.contains(&"not\\u{fffe}a\\u{ffff}char\n\\u{1b}[2J".to_string()),
            "{texts:?}"
        );
    }

    #[test]
    fn empty_and_single_actor_graphs_draw() {
        let g = ActorGraph::new("empty");
        let svg = write_svg(&prepare(&g, &DotOptions::default()).unwrap()).unwrap();
        assert!(svg.contains("<svg") && !svg.contains("NaN"));
        let mut g = ActorGraph::new("one");
        g.add_actor(Actor::new("A", "Alone", ActorKind::Ngo))
            .unwrap();
        let svg = write_svg(&prepare(&g, &DotOptions::default()).unwrap()).unwrap();
        assert!(svg.contains("Alone") && !svg.contains("NaN"));
    }

    /// A chain of `n` actors.
    fn chain(n: usize) -> ActorGraph {
        let mut g = ActorGraph::new("chain");
        for i in 0..n {
            g.add_actor(Actor::new(
                format!("a{i}"),
                format!("a{i}"),
                ActorKind::State,
            ))
            .unwrap();
        }
        for i in 1..n {
            g.add_relation(Relation::new(
                format!("a{}", i - 1),
                format!("a{i}"),
                RelationKind::Alliance,
                0.5,
            ))
            .unwrap();
        }
        g
    }

    #[test]
    fn a_diagram_past_the_limit_is_left_unpinned_and_refused() {
        let g = chain(MAX_ACTORS + 1);
        let d = prepare(&g, &DotOptions::default()).unwrap();
        assert!(d.positions.is_empty());
        let mut calls = 0;
        let e = write_svg_with_progress(&d, &mut |_| calls += 1).unwrap_err();
        assert_eq!(
            e,
            TooLarge {
                actors: MAX_ACTORS + 1,
                limit: MAX_ACTORS
            }
        );
        assert_eq!(calls, 0);
        let msg = e.to_string();
        assert!(
            msg.contains("1001 actors") && msg.contains("at most 1000"),
            "{msg}"
        );
    }

    #[test]
    fn the_layout_reports_its_stages() {
        let g = chain(12);
        let d = prepare(&g, &DotOptions::default()).unwrap();
        let mut seen: Vec<LayoutProgress> = Vec::new();
        let p = positions_with_progress(&d, &mut |p| seen.push(p));
        assert_eq!(p, d.positions);
        assert_eq!(seen[0].stage, Stage::Distances);
        assert!(seen.iter().any(|p| p.stage == Stage::Stress));
        assert!(seen.iter().all(|p| p.done < p.total && p.actors == 12));
        assert_eq!(
            seen.iter().filter(|p| p.stage == Stage::Distances).count(),
            12
        );
    }
}
