//! The sections of `entente report` by name, for `--sections LIST` (a briefing cut to size),
//! and the report's JSON, which holds the keys of the sections shown: the header keys
//! (`graph`, `source`, `relations`, `validation`) always, then each shown section's key in
//! reading order.

use super::Report;
use serde::{Serialize, Serializer};

/// A section of the report, in reading order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReportSection {
    Findings,
    Diagram,
    Scenario,
    Blocs,
    Balance,
    Brokers,
    Influence,
    Centrality,
    Cascade,
    Events,
    Validation,
    Summary,
    Robustness,
}

impl ReportSection {
    pub const ALL: [ReportSection; 13] = [
        ReportSection::Findings,
        ReportSection::Diagram,
        ReportSection::Scenario,
        ReportSection::Blocs,
        ReportSection::Balance,
        ReportSection::Brokers,
        ReportSection::Influence,
        ReportSection::Centrality,
        ReportSection::Cascade,
        ReportSection::Events,
        ReportSection::Validation,
        ReportSection::Summary,
        ReportSection::Robustness,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ReportSection::Findings => "findings",
            ReportSection::Diagram => "diagram",
            ReportSection::Scenario => "scenario",
            ReportSection::Blocs => "blocs",
            ReportSection::Balance => "balance",
            ReportSection::Brokers => "brokers",
            ReportSection::Influence => "influence",
            ReportSection::Centrality => "centrality",
            ReportSection::Cascade => "cascade",
            ReportSection::Events => "events",
            ReportSection::Validation => "validation",
            ReportSection::Summary => "summary",
            ReportSection::Robustness => "robustness",
        }
    }
}

impl std::fmt::Display for ReportSection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for ReportSection {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if let Some(x) = ReportSection::ALL.into_iter().find(|x| x.name() == s) {
            return Ok(x);
        }
        let names = ReportSection::ALL.map(ReportSection::name);
        let hint = crate::diagnostic::suggest(s, names.iter().copied())
            .map(|x| format!(" (did you mean `{x}`?)"))
            .unwrap_or_default();
        Err(format!(
            "no report section `{s}`{hint}; the sections are {}",
            names.join(", ")
        ))
    }
}

impl Report {
    /// The report with only `sections` shown (in reading order, whatever the order asked);
    /// the header (title, source, date, counts) always.
    pub fn only(mut self, sections: &[ReportSection]) -> Report {
        self.shown = ReportSection::ALL
            .into_iter()
            .filter(|x| sections.contains(x))
            .collect();
        self
    }

    /// Whether `section` is shown.
    pub fn shows(&self, section: ReportSection) -> bool {
        self.shown.contains(&section)
    }
}

/// The report's JSON: a key is present when its section is shown (as [`Report::only`] says);
/// each shown key as before, `null` or absent as documented for it.
#[derive(Serialize)]
struct Keys<'a> {
    graph: &'a str,
    source: &'a str,
    relations: &'a str,
    validation: &'a super::Validation,
    #[serde(skip_serializing_if = "Option::is_none")]
    findings: Option<&'a Vec<super::Finding>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a crate::analysis::info::Summary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    centrality: Option<&'a crate::analysis::centrality::CentralityResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    influence: Option<&'a Option<crate::analysis::influence::InfluenceResult>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    focus: Option<&'a crate::model::ActorId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    blocs: Option<&'a crate::analysis::blocs::BlocResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    balance: Option<&'a crate::analysis::balance::BalanceResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    brokers: Option<&'a crate::analysis::brokers::BrokerResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cascade: Option<&'a Option<super::ReportCascade>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    events: Option<&'a Vec<crate::model::Event>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    robustness: Option<&'a crate::report::robustness::section::Section>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scenario: Option<&'a crate::scenario::diff::Diff>,
    #[serde(skip_serializing_if = "Option::is_none")]
    diagram: Option<&'a super::DiagramFiles>,
}

impl Serialize for Report {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use ReportSection as R;
        let on = |x: R| self.shows(x);
        Keys {
            graph: &self.graph,
            source: &self.source,
            relations: &self.relations,
            validation: &self.validation,
            findings: on(R::Findings).then_some(&self.findings),
            summary: on(R::Summary).then_some(&self.summary),
            centrality: on(R::Centrality).then_some(&self.centrality),
            influence: on(R::Influence).then_some(&self.influence),
            focus: self.focus.as_ref().filter(|_| on(R::Influence)),
            blocs: on(R::Blocs).then_some(&self.blocs),
            balance: on(R::Balance).then_some(&self.balance),
            brokers: on(R::Brokers).then_some(&self.brokers),
            cascade: on(R::Cascade).then_some(&self.cascade),
            events: on(R::Events).then_some(&self.events),
            robustness: on(R::Robustness).then_some(&self.robustness),
            scenario: self.scenario.as_ref().filter(|_| on(R::Scenario)),
            diagram: self.diagram.as_ref().filter(|_| on(R::Diagram)),
        }
        .serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_parse_by_name_and_unknown_ones_are_suggested() {
        for x in ReportSection::ALL {
            assert_eq!(x.name().parse::<ReportSection>(), Ok(x));
        }
        let e = "bloc".parse::<ReportSection>().unwrap_err();
        assert!(
            e.starts_with("no report section `bloc` (did you mean `blocs`?);"),
            "{e}"
        );
        assert!(e.ends_with("summary, robustness"), "{e}");
    }

    #[test]
    fn the_json_holds_the_header_and_the_keys_of_the_sections_shown() {
        let g = crate::format::builtin().graph;
        let full = Report::build(&g, &[], &Default::default());
        let keys = |r: &Report| -> Vec<String> {
            let v: serde_json::Value = serde_json::from_str(&crate::report::to_json(r)).unwrap();
            v.as_object().unwrap().keys().cloned().collect()
        };
        let all = keys(&full);
        for k in [
            "findings",
            "blocs",
            "cascade",
            "events",
            "robustness",
            "summary",
        ] {
            assert!(all.iter().any(|x| x == k), "{k} in {all:?}");
        }
        let cut = full.only(&[ReportSection::Cascade, ReportSection::Findings]);
        let mut got = keys(&cut);
        got.sort();
        assert_eq!(
            got,
            [
                "cascade",
                "findings",
                "graph",
                "relations",
                "source",
                "validation"
            ]
        );
        let text = crate::report::render(&cut, crate::report::OutputFormat::Table);
        assert!(text.contains("Key findings") && text.contains("Escalation cascade"));
        assert!(!text.contains("Bloc summary") && !text.contains("\nEvents\n"));
        // Reading order, whatever the order asked.
        assert!(text.find("Key findings") < text.find("Escalation cascade"));
    }
}
