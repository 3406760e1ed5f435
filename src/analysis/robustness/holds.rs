//! What holds at confidence ≥ X: the findings of the graph itself, re-checked with every
//! relation below each confidence level dropped (no sampling: the graph as the analyst would
//! read it trusting only claims at least that credible).
//!
//! The findings are those robustness follows:
//!
//! - **an actor's camp**: in a bloc of several, it holds at a level when the actor is in its
//!   bloc's *core* there — the largest group of the bloc's members that still share a bloc
//!   (at least two) — and that core has not merged with another bloc's core; alone, when it
//!   still stands alone;
//! - **a top-N rank**: the actor is still among the N highest by that measure (competition
//!   ranks, so a tie at the N-th place keeps it in);
//! - **a top-N influence**: likewise in the ranking of influences on a target.
//!
//! A finding *holds from* level X when it holds at X and at every looser level: dropping
//! every claim below X does not overturn it. Every finding holds at the loosest level,
//! `cannot-be-judged`, which keeps every relation.

use super::consensus::groups;
use super::run::{self, RunOutcome, RunSpec};
use crate::model::{ActorGraph, ActorId, Confidence, Snapshot};
use rayon::prelude::*;
use serde::Serialize;

/// The graph read at one confidence level.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LevelRun {
    /// Relations at least this credible are kept.
    #[serde(serialize_with = "crate::model::types::kebab")]
    pub confidence: Confidence,
    pub relations: usize,
    /// Blocs of more than one actor.
    pub blocs: usize,
    pub frustration: f64,
    /// Actors whose camp holds.
    pub camps_held: usize,
    /// Per measure, then per influence target: how many of its top-N findings hold.
    pub top_held: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    Camp,
    Rank,
    Influence,
}

/// One finding of the graph itself.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Finding {
    pub kind: FindingKind,
    /// What is found: "bloc 0", "top 5 by pagerank", "top 5 influences on AZE".
    pub what: String,
    pub actor: ActorId,
    /// The strictest level from which it holds at every looser level.
    #[serde(serialize_with = "crate::model::types::kebab")]
    pub holds_from: Confidence,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Holds {
    /// The top-N series, in the order of [`LevelRun::top_held`].
    pub series: Vec<String>,
    /// How many top-N findings each series has.
    pub series_findings: Vec<usize>,
    /// Strictest level first.
    pub levels: Vec<LevelRun>,
    pub findings: Vec<Finding>,
}

/// Re-runs the analyses at each confidence level of [`Confidence::ALL`].
pub fn holds(g: &ActorGraph, s: &Snapshot, spec: &RunSpec, plain: &RunOutcome, top: u32) -> Holds {
    let outcomes: Vec<(Confidence, usize, RunOutcome)> = Confidence::ALL
        .par_iter()
        .map(|&level| {
            let mut h = g.clone();
            let below: Vec<_> = h
                .relation_entries()
                .filter(|(_, r)| !r.confidence.at_least(level))
                .map(|(e, _)| e)
                .collect();
            for e in below {
                h.remove_relation(e);
            }
            (level, h.relation_count(), run::run(&h, spec))
        })
        .collect();
    let plain_groups = groups(&plain.labels, &s.ids);
    let mut series: Vec<String> = spec.measures.iter().map(|m| m.name().to_string()).collect();
    series.extend(
        spec.targets
            .iter()
            .map(|&t| format!("influence on {}", s.ids[t])),
    );
    // Per finding: (kind, what, actor, holds at each level).
    let mut found: Vec<(FindingKind, String, usize, Vec<bool>)> = Vec::new();
    let camps: Vec<Vec<bool>> = outcomes
        .iter()
        .map(|(_, _, o)| camps_held(&plain_groups, &o.labels))
        .collect();
    for (b, members) in plain_groups.iter().enumerate() {
        for &u in members {
            let at = camps.iter().map(|c| c[u]).collect();
            found.push((FindingKind::Camp, format!("bloc {b}"), u, at));
        }
    }
    let plain_series = plain.ranks.iter().chain(&plain.influence);
    let mut series_findings = Vec::new();
    for (k, base) in plain_series.enumerate() {
        let influence = k >= spec.measures.len();
        let what = if influence {
            format!(
                "top {top} influences on {}",
                s.ids[spec.targets[k - spec.measures.len()]]
            )
        } else {
            format!("top {top} by {}", spec.measures[k].name())
        };
        let mut members: Vec<usize> = (0..base.len())
            .filter(|&u| (1..=top).contains(&base[u]))
            .collect();
        members.sort_by(|&a, &b| base[a].cmp(&base[b]).then(s.ids[a].cmp(&s.ids[b])));
        series_findings.push(members.len());
        for u in members {
            let at = outcomes
                .iter()
                .map(|(_, _, o)| {
                    let r = o
                        .ranks
                        .iter()
                        .chain(&o.influence)
                        .nth(k)
                        .map_or(0, |r| r[u]);
                    (1..=top).contains(&r)
                })
                .collect();
            let kind = if influence {
                FindingKind::Influence
            } else {
                FindingKind::Rank
            };
            found.push((kind, what.clone(), u, at));
        }
    }
    let levels = outcomes
        .iter()
        .enumerate()
        .map(|(i, (level, relations, o))| {
            let mut top_held = vec![0; series.len()];
            let mut k = 0;
            let mut camps_held = 0;
            for (kind, _, _, at) in &found {
                match kind {
                    FindingKind::Camp => camps_held += usize::from(at[i]),
                    _ => {
                        // Findings of one series are consecutive, in series order.
                        top_held[top_held_index(&series_findings, k)] += usize::from(at[i]);
                        k += 1;
                    }
                }
            }
            LevelRun {
                confidence: *level,
                relations: *relations,
                blocs: groups(&o.labels, &s.ids)
                    .iter()
                    .filter(|m| m.len() > 1)
                    .count(),
                frustration: o.frustration,
                camps_held,
                top_held,
            }
        })
        .collect();
    let findings = found
        .into_iter()
        .map(|(kind, what, u, at)| Finding {
            kind,
            what,
            actor: s.ids[u].clone(),
            holds_from: holds_from(&at),
        })
        .collect();
    Holds {
        series,
        series_findings,
        levels,
        findings,
    }
}

/// The series of the k-th top-N finding.
fn top_held_index(series_findings: &[usize], k: usize) -> usize {
    let mut seen = 0;
    for (i, &n) in series_findings.iter().enumerate() {
        seen += n;
        if k < seen {
            return i;
        }
    }
    series_findings.len()
}

/// The strictest level from which `at` (per level, strictest first) holds at every looser
/// level.
fn holds_from(at: &[bool]) -> Confidence {
    let mut from = Confidence::ALL.len() - 1;
    while from > 0 && at[from - 1] {
        from -= 1;
    }
    Confidence::ALL[from]
}

/// Whether each actor's camp (its bloc in `plain`) holds in `labels`.
pub fn camps_held(plain: &[Vec<usize>], labels: &[u32]) -> Vec<bool> {
    let n = labels.len();
    let mut size = vec![0usize; n];
    for &l in labels {
        size[l as usize] += 1;
    }
    // The core label of each bloc of several: the label most of its members share (the
    // first such among equals, members in id order), if at least two share it.
    let cores: Vec<Option<u32>> = plain
        .iter()
        .map(|members| {
            if members.len() < 2 {
                return None;
            }
            let mut count: std::collections::BTreeMap<u32, usize> = Default::default();
            for &u in members {
                *count.entry(labels[u]).or_insert(0) += 1;
            }
            let best = members
                .iter()
                .map(|&u| (count[&labels[u]], labels[u]))
                .fold(None, |acc: Option<(usize, u32)>, c| match acc {
                    Some(a) if a.0 >= c.0 => Some(a),
                    _ => Some(c),
                })?;
            (best.0 >= 2).then_some(best.1)
        })
        .collect();
    let mut held = vec![false; n];
    for (b, members) in plain.iter().enumerate() {
        match cores[b] {
            Some(core) => {
                let merged = cores
                    .iter()
                    .enumerate()
                    .any(|(other, c)| other != b && *c == Some(core));
                for &u in members {
                    held[u] = !merged && labels[u] == core;
                }
            }
            None if members.len() == 1 => held[members[0]] = size[labels[members[0]] as usize] == 1,
            None => {}
        }
    }
    held
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_camp_holds_in_its_core_unless_cores_merge() {
        let plain = vec![vec![0, 1, 2], vec![3, 4], vec![5]];
        // 2 leaves its bloc; 5 stays alone.
        assert_eq!(
            camps_held(&plain, &[0, 0, 2, 1, 1, 3]),
            [true, true, false, true, true, true]
        );
        // The two cores merge: no camp holds; 5 joins them.
        assert_eq!(camps_held(&plain, &[0, 0, 0, 0, 0, 0]), [false; 6]);
        // Every actor apart: no core of two.
        assert_eq!(
            camps_held(&plain, &[0, 1, 2, 3, 4, 5]),
            [false, false, false, false, false, true]
        );
    }

    #[test]
    fn a_finding_holds_from_the_strictest_level_of_an_unbroken_run() {
        assert_eq!(holds_from(&[true; 6]), Confidence::Confirmed);
        assert_eq!(
            holds_from(&[true, false, true, true, true, true]),
            Confidence::PossiblyTrue
        );
        assert_eq!(
            holds_from(&[false, false, false, false, false, true]),
            Confidence::CannotBeJudged
        );
    }
}
