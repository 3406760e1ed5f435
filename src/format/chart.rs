//! A line chart as SVG, drawn by entente itself (no plotting library): one series over
//! labelled steps on a fixed y range, vertical marks at change points, and markers for events
//! on a strip under the axis, each with its text as a tooltip. Handed a [`LineChart`] built by
//! the report layer from a result (e.g. a dyad's timeline); the same input gives the same
//! bytes.

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

/// The chart as a standalone SVG document.
pub fn to_svg(c: &LineChart) -> String {
    let n = c.steps.len().max(1);
    let plot_w = WIDTH - LEFT - RIGHT;
    let x = |i: usize| {
        if n == 1 {
            LEFT + plot_w / 2.0
        } else {
            LEFT + plot_w * i as f64 / (n - 1) as f64
        }
    };
    let span = (c.y_max - c.y_min).max(f64::EPSILON);
    let y = |v: f64| TOP + (PLOT_BOTTOM - TOP) * (c.y_max - v.clamp(c.y_min, c.y_max)) / span;
    let mut s = String::new();
    let _ = write!(
        s,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" font-family=\"Helvetica, Arial, sans-serif\">\n\
         <rect width=\"{w}\" height=\"{h}\" fill=\"white\"/>\n",
        w = f(WIDTH),
        h = f(HEIGHT)
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
    // Change points: a dashed line and its label, alternating heights so neighbours stay legible.
    for (k, (i, label)) in c.changes.iter().enumerate() {
        let cx = (x(*i) + x(i.saturating_sub(1))) / 2.0;
        // Near the right edge the label runs leftwards.
        let (tx, anchor) = if cx > WIDTH - 180.0 {
            (cx - 4.0, "end")
        } else {
            (cx + 4.0, "start")
        };
        let _ = writeln!(
            s,
            "<line x1=\"{cx}\" y1=\"{}\" x2=\"{cx}\" y2=\"{}\" stroke=\"#8e44ad\" stroke-width=\"1.5\" \
             stroke-dasharray=\"5 4\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#8e44ad\" text-anchor=\"{anchor}\">{}</text>",
            f(TOP - 4.0),
            f(PLOT_BOTTOM),
            f(tx),
            f(TOP + 10.0 + 14.0 * (k % 3) as f64),
            xml_escape(&format!("{}: {label}", c.steps.get(*i).map_or("", |v| v))),
            cx = f(cx),
        );
    }
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
    s.push_str("</svg>\n");
    s
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
    }
}
