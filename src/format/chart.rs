//! A line chart as SVG, drawn by entente itself (no plotting library): one series over
//! labelled steps on a fixed y range, vertical marks at change points, and markers for events
//! on a strip under the axis, each with its text as a tooltip. Handed a [`LineChart`] built by
//! the report layer from a result (e.g. a dyad's timeline); the same input gives the same
//! bytes.
//!
//! Change-point labels sit in rows above the plot, each at the top of its own dashed line
//! ([`place_labels`]): a label takes the highest row where its box overlaps no other label's
//! and no other change point's line, so close change points are staggered, not stacked.

use super::svg::xml_escape;
use crate::numfmt::num;
use std::fmt::Write;

/// What to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    pub title: String,
    pub subtitle: String,
    /// Label of each step on the x axis, in order.
    pub steps: Vec<String>,
    /// The value at each step.
    pub values: Vec<f64>,
    /// The y range (e.g. −1 to 1 for relation weights).
    pub y_min: f64,
    pub y_max: f64,
    pub y_label: String,
    /// Steps where a change begins, with a short label ("−0.8 → −1").
    pub changes: Vec<(usize, String)>,
    /// Events: the step, a score in [−10, 10] (colour and size), and the tooltip text.
    pub events: Vec<(usize, f64, String)>,
}

const WIDTH: f64 = 920.0;
const HEIGHT: f64 = 420.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 64.0;
/// Plot bottom; under it the event strip and the step labels.
const PLOT_BOTTOM: f64 = 320.0;
const STRIP: f64 = 340.0;
const ALLIED: &str = "#1f5fbf";
const HOSTILE: &str = "#c0392b";
const NEUTRAL: &str = "#7f8c8d";

fn colour(v: f64) -> &'static str {
    if v > 0.0 {
        ALLIED
    } else if v < 0.0 {
        HOSTILE
    } else {
        NEUTRAL
    }
}

fn f(v: f64) -> String {
    num(v, 1)
}

/// The x of step `i` of `n`.
fn step_x(i: usize, n: usize) -> f64 {
    let plot_w = WIDTH - LEFT - RIGHT;
    if n <= 1 {
        LEFT + plot_w / 2.0
    } else {
        LEFT + plot_w * i as f64 / (n - 1) as f64
    }
}

/// Each change point's line and label. The line stands at its step, where the step line
/// jumps to the new level (the level before holds up to it).
fn change_labels(c: &LineChart) -> Vec<(f64, String)> {
    let n = c.steps.len().max(1);
    c.changes
        .iter()
        .map(|(i, label)| {
            let cx = step_x(*i, n);
            let text = format!("{}: {label}", c.steps.get(*i).map_or("", |v| v));
            (cx, text)
        })
        .collect()
}

/// The chart as a standalone SVG document.
pub fn to_svg(c: &LineChart) -> String {
    let n = c.steps.len().max(1);
    let x = |i: usize| step_x(i, n);
    let span = (c.y_max - c.y_min).max(f64::EPSILON);
    let y = |v: f64| TOP + (PLOT_BOTTOM - TOP) * (c.y_max - v.clamp(c.y_min, c.y_max)) / span;
    let labels = change_labels(c);
    let placed = place_labels(&labels, LEFT, WIDTH - RIGHT);
    // The band of label rows above the plot; the plot moves down by its height.
    let band = match placed.iter().map(|p| p.row).max() {
        Some(r) => ROW * (r + 1) as f64 + 4.0,
        None => 0.0,
    };
    let mut s = String::new();
    let _ = write!(
        s,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" font-family=\"Helvetica, Arial, sans-serif\">\n\
         <rect width=\"{w}\" height=\"{h}\" fill=\"white\"/>\n",
        w = f(WIDTH),
        h = f(HEIGHT + band)
    );
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"28\" font-size=\"18\" font-weight=\"bold\">{}</text>",
        f(LEFT),
        xml_escape(&c.title)
    );
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"48\" font-size=\"12\" fill=\"#555\">{}</text>",
        f(LEFT),
        xml_escape(&c.subtitle)
    );
    // Change points: a dashed line from its label's row down through the plot.
    for ((cx, text), p) in labels.iter().zip(&placed) {
        let (x0, top) = (p.x0, p.top());
        let _ = writeln!(
            s,
            "<line x1=\"{cx}\" y1=\"{}\" x2=\"{cx}\" y2=\"{}\" stroke=\"#8e44ad\" stroke-width=\"1.5\" \
             stroke-dasharray=\"5 4\"/>\
             <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"white\" opacity=\"0.85\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#8e44ad\">{}</text>",
            f(top),
            f(PLOT_BOTTOM + band),
            f(x0 - 1.0),
            f(top),
            f(p.x1 - x0 + 2.0),
            f(ROW - 2.0),
            f(x0),
            f(p.baseline()),
            xml_escape(text),
            cx = f(*cx),
        );
    }
    if band > 0.0 {
        let _ = writeln!(s, "<g transform=\"translate(0 {})\">", f(band));
    }
    // Grid: five levels across the range, the zero line darker.
    for k in 0..=4 {
        let v = c.y_min + span * k as f64 / 4.0;
        let (stroke, width) = if v.abs() < 1e-9 {
            ("#444", 1.2)
        } else {
            ("#ddd", 1.0)
        };
        let _ = writeln!(
            s,
            "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{stroke}\" stroke-width=\"{width}\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\" fill=\"#555\">{}</text>",
            f(LEFT),
            f(WIDTH - RIGHT),
            f(LEFT - 8.0),
            f(y(v) + 4.0),
            num(v, 2),
            y = f(y(v)),
        );
    }
    let _ = writeln!(
        s,
        "<text x=\"16\" y=\"{}\" font-size=\"11\" fill=\"#555\" transform=\"rotate(-90 16 {})\" \
         text-anchor=\"middle\">{}</text>",
        f((TOP + PLOT_BOTTOM) / 2.0),
        f((TOP + PLOT_BOTTOM) / 2.0),
        xml_escape(&c.y_label)
    );
    // The series: a step line (the tie holds until the next period), then its points.
    if !c.values.is_empty() {
        let mut d = format!("M{} {}", f(x(0)), f(y(c.values[0])));
        for i in 1..c.values.len() {
            let _ = write!(
                d,
                " L{} {} L{} {}",
                f(x(i)),
                f(y(c.values[i - 1])),
                f(x(i)),
                f(y(c.values[i]))
            );
        }
        let _ = writeln!(
            s,
            "<path d=\"{d}\" fill=\"none\" stroke=\"#2c3e50\" stroke-width=\"2\"/>"
        );
        for (i, v) in c.values.iter().enumerate() {
            let _ = writeln!(
                s,
                "<circle cx=\"{}\" cy=\"{}\" r=\"3.5\" fill=\"{}\"><title>{}: {}</title></circle>",
                f(x(i)),
                f(y(*v)),
                colour(*v),
                xml_escape(&c.steps[i]),
                num(*v, 3)
            );
        }
    }
    // Events under the axis: a diamond per event, larger for stronger scores.
    if !c.events.is_empty() {
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"end\" fill=\"#555\">events</text>",
            f(LEFT - 8.0),
            f(STRIP + 4.0)
        );
    }
    let mut stacked = std::collections::BTreeMap::<usize, usize>::new();
    for (i, score, text) in &c.events {
        let level = stacked.entry(*i).or_default();
        let (cx, cy) = (x(*i), STRIP + 9.0 * *level as f64);
        *level += 1;
        let r = 3.0 + 3.0 * (score.abs() / 10.0).min(1.0);
        let _ = writeln!(
            s,
            "<path d=\"M{} {} L{} {} L{} {} L{} {} Z\" fill=\"{}\" opacity=\"0.85\"><title>{}</title></path>",
            f(cx),
            f(cy - r),
            f(cx + r),
            f(cy),
            f(cx),
            f(cy + r),
            f(cx - r),
            f(cy),
            colour(*score),
            xml_escape(text)
        );
    }
    // Step labels, thinned to about 16 so they never overlap.
    let every = n.div_ceil(16).max(1);
    for (i, label) in c.steps.iter().enumerate() {
        // Every `every`-th label and the last, dropping one that would crowd the last.
        let last = i + 1 == n;
        if !last && (i % every != 0 || n - 1 - i < every) {
            continue;
        }
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#333\">{}</text>",
            f(x(i)),
            f(HEIGHT - 30.0),
            xml_escape(label)
        );
    }
    // Legend.
    let _ = writeln!(
        s,
        "<g font-size=\"11\" fill=\"#333\">\
         <circle cx=\"{a}\" cy=\"{ly}\" r=\"4\" fill=\"{ALLIED}\"/><text x=\"{at}\" y=\"{ty}\">allied</text>\
         <circle cx=\"{b}\" cy=\"{ly}\" r=\"4\" fill=\"{HOSTILE}\"/><text x=\"{bt}\" y=\"{ty}\">hostile</text>\
         <line x1=\"{c}\" y1=\"{ly}\" x2=\"{c2}\" y2=\"{ly}\" stroke=\"#8e44ad\" stroke-dasharray=\"5 4\" stroke-width=\"1.5\"/>\
         <text x=\"{ct}\" y=\"{ty}\">change point</text>\
         <path d=\"M{d} {d1} L{d2} {ly} L{d} {d3} L{d0} {ly} Z\" fill=\"{NEUTRAL}\"/><text x=\"{dt}\" y=\"{ty}\">event (size: |score|)</text></g>",
        ly = f(HEIGHT - 10.0),
        ty = f(HEIGHT - 6.0),
        a = f(LEFT),
        at = f(LEFT + 8.0),
        b = f(LEFT + 70.0),
        bt = f(LEFT + 78.0),
        c = f(LEFT + 140.0),
        c2 = f(LEFT + 160.0),
        ct = f(LEFT + 166.0),
        d = f(LEFT + 260.0),
        d0 = f(LEFT + 255.0),
        d2 = f(LEFT + 265.0),
        d1 = f(HEIGHT - 15.0),
        d3 = f(HEIGHT - 5.0),
        dt = f(LEFT + 272.0),
    );
    if band > 0.0 {
        s.push_str("</g>\n");
    }
    s.push_str("</svg>\n");
    s
}

/// Height of a row of change-point labels.
const ROW: f64 = 15.0;
/// Baseline of the first row of labels (under the subtitle).
const FIRST_ROW: f64 = 67.0;
/// Gap between a change point's line and its label.
const GAP: f64 = 3.0;

/// Where a change-point label goes: its row above the plot (0 the highest) and its box's
/// left and right ends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    pub row: usize,
    pub x0: f64,
    pub x1: f64,
}

impl Placed {
    fn baseline(&self) -> f64 {
        FIRST_ROW + ROW * self.row as f64
    }
    /// The top of the label's box, where its line starts.
    fn top(&self) -> f64 {
        self.baseline() - ROW + 4.0
    }
}

/// Width of `text` at 11 px in Helvetica or Arial, a little generous (digits and most
/// letters are 0.56 em, the arrow 1 em).
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|ch| match ch {
            ' ' | ':' | '.' | ',' | '-' | 'I' | 'i' | 'l' | '1' => 3.6,
            '→' | '−' | '–' | 'M' | 'W' | 'm' | 'w' | 'Q' | 'O' | 'G' => 9.2,
            _ if ch.is_ascii() => 6.4,
            _ => 11.0,
        })
        .sum()
}

/// Places the labels `(x of the line, text)` within `left..right`: each in the highest row
/// where its box, right of its line (else left of it), overlaps no label placed before it and
/// crosses no line of another (a line runs down from its label's row), and its own line
/// crosses no label below it; when no row allows that, the row and side with the fewest
/// conflicts. Labels are placed from the left and, separately, from the right; the placing
/// with fewer conflicts, then fewer rows, wins (from the left on a tie). Deterministic.
pub fn place_labels(labels: &[(f64, String)], left: f64, right: f64) -> Vec<Placed> {
    let forward: Vec<usize> = (0..labels.len()).collect();
    let backward: Vec<usize> = forward.iter().rev().copied().collect();
    let score = |p: &(Vec<Placed>, usize)| (p.1, p.0.iter().map(|x| x.row).max());
    let (a, b) = (
        place_in_order(labels, &forward, left, right),
        place_in_order(labels, &backward, left, right),
    );
    if score(&b) < score(&a) { b.0 } else { a.0 }
}

/// [`place_labels`] in one order: the placings (in the labels' order) and their conflicts.
fn place_in_order(
    labels: &[(f64, String)],
    order: &[usize],
    left: f64,
    right: f64,
) -> (Vec<Placed>, usize) {
    let mut placed: Vec<(f64, Placed)> = Vec::new();
    let mut at = vec![None; labels.len()];
    let mut total = 0;
    for &k in order {
        let (cx, text) = (labels[k].0, &labels[k].1);
        let w = text_width(text);
        // Right of the line, else left, where the box fits; the box pushed inside the plot
        // (over its own line) only when neither does.
        let mut sides: Vec<f64> = [cx + GAP, cx - GAP - w]
            .into_iter()
            .filter(|&x0| x0 >= left && x0 + w <= right)
            .collect();
        if sides.is_empty() {
            sides.push((cx + GAP).min(right - w).max(left));
        }
        let conflicts = |p: &Placed| {
            let inside = |x: f64, b: &Placed| x >= b.x0 - 1.0 && x <= b.x1 + 1.0;
            placed
                .iter()
                .filter(|(ox, o)| {
                    (o.row == p.row && p.x0 < o.x1 + 4.0 && o.x0 < p.x1 + 4.0)
                        || (p.row >= o.row && inside(*ox, p))
                        || (o.row >= p.row && inside(cx, o))
                })
                .count()
        };
        let mut best: Option<(usize, Placed)> = None;
        'rows: for row in 0..labels.len() {
            for &x0 in &sides {
                let p = Placed {
                    row,
                    x0,
                    x1: x0 + w,
                };
                let n = conflicts(&p);
                if best.is_none_or(|(b, _)| n < b) {
                    best = Some((n, p));
                }
                if n == 0 {
                    break 'rows;
                }
            }
        }
        if let Some((n, p)) = best {
            total += n;
            placed.push((cx, p));
            at[k] = Some(p);
        }
    }
    (at.into_iter().flatten().collect(), total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_is_well_formed_and_escapes_text() {
        let c = LineChart {
            title: "RUS – AZE <&>".into(),
            subtitle: "by quarter".into(),
            steps: vec!["2024-Q4".into(), "2025-Q1".into(), "2025-Q2".into()],
            values: vec![0.5, 0.0, -0.8],
            y_min: -1.0,
            y_max: 1.0,
            y_label: "net tie".into(),
            changes: vec![(2, "0.25 → -0.8".into())],
            events: vec![(2, -7.0, "raid \"Yekaterinburg\" </svg>".into())],
        };
        let svg = to_svg(&c);
        assert!(svg.contains("RUS – AZE &lt;&amp;&gt;"));
        assert!(svg.contains("raid &quot;Yekaterinburg&quot; &lt;/svg&gt;"));
        assert_eq!(svg.matches("</svg>").count(), 1);
        assert_eq!(svg.matches("<circle").count(), 3 + 2);
        // Balanced tags, parsed by the project's XML reader.
        assert!(crate::format::xml::parse(&svg).is_ok());
        assert_eq!(to_svg(&c), svg);
        // The change point's dashed line stands where the step line jumps to -0.8: the x of
        // step 2, where the path's vertical segment into that level is drawn.
        let jump = f(step_x(2, 3));
        assert!(svg.contains(&format!("<line x1=\"{jump}\"")), "{svg}");
        assert!(svg.contains(&format!(" L{jump} ")), "{svg}");
    }

    /// No two labels' boxes overlap, and no change point's line runs through another's label.
    fn assert_clear(labels: &[(f64, String)], placed: &[Placed], lines_too: bool) {
        for (i, (a, pa)) in labels.iter().zip(placed).enumerate() {
            assert!(pa.x0 >= LEFT && pa.x1 <= WIDTH - RIGHT, "{pa:?}");
            for (b, pb) in labels.iter().zip(placed).skip(i + 1) {
                if pa.row == pb.row {
                    assert!(
                        pa.x1 <= pb.x0 || pb.x1 <= pa.x0,
                        "{a:?} {pa:?} / {b:?} {pb:?}"
                    );
                }
                if lines_too {
                    let crosses = |line: f64, row: usize, p: &Placed| {
                        p.row >= row && line >= p.x0 && line <= p.x1
                    };
                    assert!(!crosses(a.0, pa.row, pb), "{a:?} crosses {b:?} {pb:?}");
                    assert!(!crosses(b.0, pb.row, pa), "{b:?} crosses {a:?} {pa:?}");
                }
            }
        }
    }

    #[test]
    fn close_change_points_get_staggered_labels_clear_of_each_other_and_of_the_lines() {
        // The README's chart: RUS–AZE by quarter from 2020, change points in 2022-Q1,
        // 2022-Q3 and three quarters in a row from 2024-Q4.
        let steps: Vec<String> = (2020..2026)
            .flat_map(|y| (1..=4).map(move |q| format!("{y}-Q{q}")))
            .collect();
        let at = |s: &str| steps.iter().position(|x| x == s).unwrap();
        let c = LineChart {
            title: "Timeline of RUS – AZE".into(),
            subtitle: String::new(),
            values: vec![0.0; steps.len()],
            changes: vec![
                (at("2022-Q1"), "0.44 → 0.731".into()),
                (at("2022-Q3"), "0.731 → 0.431".into()),
                (at("2024-Q4"), "0.431 → 0.221".into()),
                (at("2025-Q1"), "0.221 → 0.025".into()),
                (at("2025-Q2"), "0.025 → -0.175".into()),
            ],
            steps,
            y_min: -1.0,
            y_max: 1.0,
            y_label: String::new(),
            events: Vec::new(),
        };
        let labels = change_labels(&c);
        let placed = place_labels(&labels, LEFT, WIDTH - RIGHT);
        assert_clear(&labels, &placed, true);
        // The three close ones are on three rows.
        let rows: std::collections::BTreeSet<usize> = placed[2..].iter().map(|p| p.row).collect();
        assert_eq!(rows.len(), 3, "{placed:?}");
        assert_eq!(to_svg(&c), to_svg(&c));
        // A dozen change points in a row still never share a box.
        let many: Vec<(f64, String)> = (0..12)
            .map(|k| {
                (
                    LEFT + 300.0 + 20.0 * k as f64,
                    format!("2025-Q{k}: 0.431 → −0.221"),
                )
            })
            .collect();
        let placed = place_labels(&many, LEFT, WIDTH - RIGHT);
        assert_clear(&many, &placed, false);
        // No change point: no band, the plot where it was.
        let svg = to_svg(&LineChart {
            changes: Vec::new(),
            ..c
        });
        assert!(svg.contains("height=\"420\"") && !svg.contains("translate"));
    }
}
