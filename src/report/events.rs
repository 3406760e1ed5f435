//! Layout of `events summary` (the dyad-period table) and of the `events import` report.

use super::{Document, Readers, Table, ToDocument, num};
use crate::analysis::events::{Summary, summary_columns};
use crate::events::ImportReport;

/// The summary as a table for people: short headers, means to three decimals ([`summary_csv`]
/// has the documented keys and every digit).
pub fn summary_table(s: &Summary) -> Table {
    let short = [
        "source", "target", "period", "events", "mentions", "mean", "weighted", "v.coop", "m.coop",
        "v.confl", "m.confl",
    ];
    let mut t = Table::new(short).right(&[3, 4, 5, 6, 7, 8, 9, 10]);
    let mean = |v: f64| num(v, 3);
    for r in &s.rows {
        t.row([
            r.source.clone(),
            r.target.clone(),
            r.period.clone(),
            r.events.to_string(),
            r.mentions.to_string(),
            mean(r.goldstein_mean),
            mean(r.goldstein_weighted),
            r.verbal_coop.to_string(),
            r.material_coop.to_string(),
            r.verbal_conflict.to_string(),
            r.material_conflict.to_string(),
        ]);
    }
    t
}

/// The summary as CSV with the documented keys and full-precision means, written straight
/// to text (a table of cells would hold every value as a string beside the rows).
pub fn summary_csv(s: &Summary) -> String {
    use std::fmt::Write;
    let mut out = summary_columns().join(",");
    out.push('\n');
    for r in &s.rows {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{:?},{:?},{},{},{},{}",
            csv_cell(&r.source),
            csv_cell(&r.target),
            r.period,
            r.events,
            r.mentions,
            r.goldstein_mean,
            r.goldstein_weighted,
            r.verbal_coop,
            r.material_coop,
            r.verbal_conflict,
            r.material_conflict
        );
    }
    out
}

/// An actor id as a CSV cell (ids have no commas, but may hold quotes).
fn csv_cell(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['"', ',', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s.into()
    }
}

impl ToDocument for Summary {
    fn to_document_for(&self, _readers: Readers) -> Document {
        let mut d = Document::new();
        d.table("summary", summary_table(self));
        if !self.rows.is_empty() {
            d.paragraph(
                "mean: Goldstein score per event; weighted: per mention; v./m. coop/confl: \
                 verbal/material cooperation/conflict events (CAMEO QuadClass).",
            );
        }
        d
    }
}

impl ToDocument for ImportReport {
    fn to_document_for(&self, _readers: Readers) -> Document {
        let mut d = Document::new();
        d.heading(2, "Event import");
        let s = &self.skipped;
        let skipped = s.one_actor + s.same_actor + s.unmapped + s.duplicates + s.bad_rows;
        let days = match (&self.first_day, &self.last_day) {
            (Some(a), Some(b)) => format!("{a} to {b}"),
            _ => "none".into(),
        };
        d.fields([
            ("rows read", self.rows.to_string()),
            ("events counted", self.events.to_string()),
            ("rows skipped", skipped.to_string()),
            ("  one actor only", s.one_actor.to_string()),
            ("  both actors the same", s.same_actor.to_string()),
            ("  unmapped actor", s.unmapped.to_string()),
            ("  duplicate event id", s.duplicates.to_string()),
            ("  bad row", s.bad_rows.to_string()),
            ("actors", self.actors.to_string()),
            ("directed dyads", self.dyads.to_string()),
            ("tallies", self.tallies.to_string()),
            ("days", days),
        ]);
        d.heading(3, "Files");
        let mut t = Table::new(["file", "format", "rows", "events"]).right(&[2, 3]);
        for f in &self.files {
            t.row([
                f.file.clone(),
                f.format.name().to_string(),
                f.rows.to_string(),
                f.events.to_string(),
            ]);
        }
        d.table("files", t);
        if !self.unmapped_codes.is_empty() {
            d.heading(3, "Most frequent unmapped actor codes");
            let mut t = Table::new(["code", "events"]).right(&[1]);
            for c in &self.unmapped_codes {
                t.row([c.code.clone(), c.count.to_string()]);
            }
            d.table("unmapped", t);
        }
        if !self.problem_counts.is_empty() {
            d.heading(3, "Bad rows");
            let mut t = Table::new(["code", "column", "rows"]).right(&[2]);
            for p in &self.problem_counts {
                t.row([
                    p.code.to_string(),
                    p.column.clone().unwrap_or_else(|| "(row)".into()),
                    p.count.to_string(),
                ]);
            }
            d.table("bad_rows", t);
        }
        d
    }
}
