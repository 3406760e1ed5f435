//! `entente report`: every analysis of a graph in one document. Each analysis adds its
//! section here.

use super::{Document, Table, ToDocument};
use crate::analysis::info::{Summary, summarize};
use crate::diagnostic::Diagnostic;
use crate::model::ActorGraph;
use serde::Serialize;

/// Validation outcome shown at the top of a report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Validation {
    pub errors: usize,
    pub warnings: Vec<Diagnostic>,
}

/// What `entente report` shows. Sections are in reading order.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub graph: String,
    pub source: String,
    pub validation: Validation,
    pub summary: Summary,
}

/// Options that shape a report.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// Where the graph came from, for the title (a path or "built-in").
    pub source: String,
}

impl Report {
    /// Runs every analysis on `g`. `warnings` are the loader's warnings for the file.
    pub fn build(g: &ActorGraph, warnings: &[Diagnostic], opts: &ReportOptions) -> Report {
        Report {
            graph: g.name.clone(),
            source: opts.source.clone(),
            validation: Validation {
                errors: 0,
                warnings: warnings.to_vec(),
            },
            summary: summarize(g),
        }
    }
}

impl ToDocument for Report {
    fn to_document(&self) -> Document {
        let mut d = Document::new();
        d.heading(1, format!("entente report: {}", self.graph));
        d.paragraph(format!("Source: {}", self.source));
        d.heading(2, "Validation");
        if self.validation.warnings.is_empty() {
            d.paragraph("Valid: no errors, no warnings.");
        } else {
            d.paragraph(format!(
                "Valid, with {} warning(s):",
                self.validation.warnings.len()
            ));
            let mut t = Table::new(["code", "warning"]);
            for w in &self.validation.warnings {
                t.row([w.code.to_string(), w.message.clone()]);
            }
            d.table("warnings", t);
        }
        d.append(self.summary.to_document());
        d
    }
}
