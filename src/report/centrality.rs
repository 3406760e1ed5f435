//! Layout of centrality results: one table, sorted by the ranking measure.

use super::{Document, Readers, Table, ToDocument, num, plural};
use crate::analysis::centrality::{CentralityResult, Measure};

impl ToDocument for CentralityResult {
    fn to_document_for(&self, _readers: Readers) -> Document {
        let mut d = Document::new();
        d.heading(2, format!("Centrality: {}", self.graph));
        let view = if self.directed {
            "directed (paths follow the influence direction)"
        } else {
            "undirected"
        };
        let shown = if self.actors.len() < self.actor_count {
            format!("Top {} of {} actors", self.actors.len(), self.actor_count)
        } else {
            plural(self.actor_count, "actor", "actors")
        };
        d.paragraph(format!(
            "{shown}, {view}; {}sorted by {}.",
            if self.normalized { "normalized; " } else { "" },
            self.ranked_by
        ));
        let mut headers = vec!["#".to_string(), "actor".to_string()];
        headers.extend(self.measures.iter().map(|m| m.short().to_string()));
        let right: Vec<usize> = std::iter::once(0).chain(2..headers.len()).collect();
        let mut t = Table::new(headers).right(&right);
        for (i, a) in self.ranking(self.ranked_by).into_iter().enumerate() {
            let mut row = vec![(i + 1).to_string(), a.actor.to_string()];
            row.extend(a.values.iter().map(|&v| num(v, 4)));
            t.row(row);
        }
        d.table("centrality", t);
        let legend: Vec<String> = self
            .measures
            .iter()
            .map(|m| format!("{} = {}", m.short(), m.name()))
            .collect();
        d.paragraph(format!("Columns: {}.", legend.join(", ")));
        if self.measures.contains(&Measure::Katz) {
            d.paragraph(format!(
                "Katz attenuation α = {}, β = {}; PageRank damping {}.",
                num(self.parameters.katz_alpha, 6),
                num(self.parameters.katz_beta, 6),
                num(self.parameters.pagerank_damping, 6)
            ));
        }
        if self
            .measures
            .iter()
            .any(|m| m.name().starts_with("weighted_"))
        {
            d.paragraph("Weighted path measures use the tie length 1/|weight|.");
        }
        for n in &self.notes {
            d.paragraph(format!("Note: {n}"));
        }
        d
    }
}
