//! Layout of the timelines ([`crate::analysis::timeline`]): a dyad's series with its change
//! points, blocs per period with the camp changes, and ranks per period.

use super::{Document, Readers, Table, ToDocument, num, plural};
use crate::analysis::timeline::blocs::BlocTimeline;
use crate::analysis::timeline::pair::PairTimeline;
use crate::analysis::timeline::ranks::RankTimeline;

impl ToDocument for PairTimeline {
    fn to_document_for(&self, _readers: Readers) -> Document {
        let mut d = Document::new();
        d.heading(1, format!("Timeline of {} – {}", self.a, self.b));
        d.paragraph(format!(
            "The net tie each {} (relations in force on its last day, combined as every analysis \
             reads them), the pair's events in it (dated, or counted in event tallies), and the \
             change points of the tie \
             (PELT, penalty {} per change).",
            self.by,
            num(self.penalty, 4)
        ));
        let mut t = Table::new(["period", "weight", "relations", "events", "event score"])
            .right(&[1, 2, 3, 4]);
        let changes: Vec<_> = self.change_points.iter().map(|c| c.period).collect();
        for p in &self.points {
            let mark = if changes.contains(&p.period) {
                " ◆"
            } else {
                ""
            };
            t.row([
                format!("{}{mark}", p.period),
                num(p.weight, 3),
                p.relations.to_string(),
                p.events.to_string(),
                p.event_score.map_or_else(String::new, |s| num(s, 2)),
            ]);
        }
        d.table("series", t);
        d.heading(2, "Change points");
        if self.change_points.is_empty() {
            d.paragraph("None: the tie holds one level over the whole span.");
        }
        for c in &self.change_points {
            d.heading(
                3,
                format!("{}: {} → {}", c.period, num(c.before, 3), num(c.after, 3)),
            );
            let mut t = Table::new(["change", "relation", "weight", "dates", "note"]).right(&[2]);
            for (what, list) in [("began", &c.began), ("ended", &c.ended)] {
                for r in list {
                    let dates = match (r.since, r.until) {
                        (Some(s), Some(u)) => format!("{s} to {u}"),
                        (Some(s), None) => format!("since {s}"),
                        (None, Some(u)) => format!("until {u}"),
                        (None, None) => String::new(),
                    };
                    t.row([
                        what.to_string(),
                        format!("{} – {} {}", r.from, r.to, r.kind),
                        num(r.weight, 3),
                        dates,
                        r.note.clone(),
                    ]);
                }
            }
            for e in &c.events {
                t.row([
                    "event".to_string(),
                    format!("{} ({})", e.kind, e.date),
                    num(e.score, 2),
                    String::new(),
                    e.summary.clone(),
                ]);
            }
            if !t.is_empty() {
                d.table(format!("change {}", c.period), t);
            }
        }
        d
    }
}

impl ToDocument for BlocTimeline {
    fn to_document_for(&self, _readers: Readers) -> Document {
        let mut d = Document::new();
        d.heading(1, format!("Blocs per {}", self.by));
        d.paragraph(
            "The blocs of each period (actors with no tie in force left out); a bloc keeps its \
             number while most of its members stay (largest overlap with the period before).",
        );
        let mut t = Table::new(["period", "tied", "frustration", "blocs"]).right(&[1, 2]);
        for p in &self.periods {
            let blocs = p
                .blocs
                .iter()
                .map(|(label, m)| {
                    let ids: Vec<&str> = m.iter().map(|a| a.as_str()).collect();
                    format!("{label}: {}", ids.join(" "))
                })
                .collect::<Vec<_>>()
                .join("; ");
            t.row([
                p.period.to_string(),
                p.tied_actors.to_string(),
                format!(
                    "{}{}",
                    num(p.frustration, 3),
                    if p.optimal { "" } else { "*" }
                ),
                blocs,
            ]);
        }
        d.table("periods", t);
        d.heading(2, "Who changed camp");
        if self.moves.is_empty() {
            d.paragraph("Nobody: every actor stays in its bloc.");
        } else {
            d.paragraph(format!(
                "{}.",
                plural(self.moves.len(), "camp change", "camp changes")
            ));
            let mut t = Table::new(["period", "actor", "from bloc", "to bloc"]).right(&[2, 3]);
            for m in &self.moves {
                t.row([
                    m.period.to_string(),
                    m.actor.to_string(),
                    m.from.to_string(),
                    m.to.to_string(),
                ]);
            }
            d.table("moves", t);
        }
        if self.periods.iter().any(|p| !p.optimal) {
            d.paragraph("* best partition found, not proved optimal.");
        }
        d
    }
}

impl ToDocument for RankTimeline {
    fn to_document_for(&self, _readers: Readers) -> Document {
        let mut d = Document::new();
        d.heading(
            1,
            format!("Ranks on {} per {}", self.measure.name(), self.by),
        );
        let mut headers = vec!["actor".to_string()];
        headers.extend(self.periods.iter().map(|p| p.to_string()));
        let n = headers.len();
        let mut t = Table::new(headers).right(&(1..n).collect::<Vec<_>>());
        for a in &self.actors {
            let mut row = vec![a.actor.to_string()];
            row.extend(a.ranks.iter().map(|r| r.to_string()));
            t.row(row);
        }
        d.table("ranks", t);
        for (title, list) in [("Risers", &self.risers), ("Fallers", &self.fallers)] {
            d.heading(2, title);
            let mut t = Table::new(["actor", "first", "last"]).right(&[1, 2]);
            for m in list {
                t.row([m.actor.to_string(), m.from.to_string(), m.to.to_string()]);
            }
            d.table(title.to_lowercase(), t);
        }
        d
    }
}

/// The dyad's series as a chart: the net tie per period on −1..1, its change points and its
/// events.
pub fn pair_chart(t: &PairTimeline) -> crate::format::chart::LineChart {
    use crate::format::chart::LineChart;
    let step_of = |p: &crate::model::Period| t.points.iter().position(|x| x.period == *p);
    let mut events = Vec::new();
    for c in &t.change_points {
        for e in &c.events {
            let p = crate::model::Period::of(t.by, e.date.first_day());
            if let Some(i) = step_of(&p) {
                events.push((i, e.score, format!("{} {}: {}", e.date, e.kind, e.summary)));
            }
        }
    }
    // Every event of the pair, not only those behind a change: one marker per period with
    // events, scored by their mean.
    for (i, p) in t.points.iter().enumerate() {
        if let Some(score) = p.event_score
            && !events.iter().any(|(j, _, _)| *j == i)
        {
            events.push((
                i,
                score,
                format!(
                    "{}: {} (mean score {})",
                    p.period,
                    plural(p.events, "event", "events"),
                    num(score, 2)
                ),
            ));
        }
    }
    events.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.cmp(&b.2)));
    LineChart {
        title: format!("{} – {}: net tie per {}", t.a, t.b, t.by),
        subtitle: format!(
            "relations in force at the end of each {}; {} (PELT)",
            t.by,
            plural(t.change_points.len(), "change point", "change points")
        ),
        steps: t.points.iter().map(|p| p.period.to_string()).collect(),
        values: t.points.iter().map(|p| p.weight).collect(),
        y_min: -1.0,
        y_max: 1.0,
        y_label: "net tie (−1 hostile … 1 allied)".into(),
        changes: t
            .change_points
            .iter()
            .filter_map(|c| {
                Some((
                    step_of(&c.period)?,
                    format!("{} → {}", num(c.before, 2), num(c.after, 2)),
                ))
            })
            .collect(),
        events,
    }
}
