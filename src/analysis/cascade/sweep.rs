//! How the cascade moves with its threshold: the sides at thresholds from 0.1 to 1.5, and
//! the **fragile** outcomes — actors whose side or form of involvement changes when the
//! threshold moves by at most [`CascadeOptions::fragile_within`] (default 0.05) either way.
//! The threshold is the model's least grounded number (Granovetter's thresholds are a
//! distribution, not one value), so an outcome that flips within a few hundredths of it is
//! the model's guess, not a finding.

use super::involvement::Involvement;
use super::{CascadeOptions, Net, Run, Side};
use crate::model::round_weight;
use rayon::prelude::*;
use serde::Serialize;

/// An actor's outcome at one threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// `null`: uncommitted.
    pub side: Option<Side>,
    /// `null`: uncommitted, or a belligerent.
    pub involvement: Option<Involvement>,
}

/// An outcome that changes near the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Fragile {
    /// The nearest threshold at which it changes.
    pub at: f64,
    /// What it becomes there.
    pub becomes: Outcome,
}

/// The sides at one threshold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SweepPoint {
    pub threshold: f64,
    /// Including the belligerents.
    pub attacker_side: usize,
    pub target_side: usize,
    /// Actors joining in combat (either side).
    pub combat: usize,
    pub uncommitted: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sweep {
    /// The window fragility is checked within (± this much).
    pub within: f64,
    pub points: Vec<SweepPoint>,
    /// Actors whose outcome changes within the window.
    pub fragile: usize,
}

/// A sweep, with the fragility of each actor.
pub(super) struct SweepRun {
    pub result: Sweep,
    fragile: Vec<Option<Fragile>>,
}

impl SweepRun {
    pub fn fragile_at(&self, v: usize) -> Option<Fragile> {
        self.fragile[v]
    }
}

/// Thresholds checked within the window on each side.
const STEPS: usize = 5;

fn outcomes(run: &Run) -> Vec<Outcome> {
    let mut out: Vec<Outcome> = run
        .joins
        .sides()
        .map(|side| Outcome {
            side,
            involvement: None,
        })
        .collect();
    for joins in &run.rounds {
        for &(v, _, form) in joins {
            out[v].involvement = Some(form);
        }
    }
    out
}

pub(super) fn sweep(net: &Net, run: &Run, opts: &CascadeOptions) -> SweepRun {
    let now = outcomes(run);
    let within = opts.fragile_within.max(0.0);
    let mut fragile: Vec<Option<Fragile>> = vec![None; now.len()];
    // The sweep's thresholds; a run at one of them that is made anyway (the cascade's own,
    // or one in the fragility window) is read for its point rather than made again.
    let swept: Vec<f64> = (1..=15).map(|k| k as f64 / 10.0).collect();
    let mut points: Vec<Option<SweepPoint>> = swept
        .iter()
        .map(|&t| (t == opts.threshold).then(|| point(t, run)))
        .collect();
    if within > 0.0 {
        let step = within / STEPS as f64;
        // Nearest first, the lower threshold first at equal distance. The runs are
        // independent (run side by side); their outcomes are read in that order.
        let ats: Vec<f64> = (1..=STEPS)
            .flat_map(|k| {
                [-1.0, 1.0].map(|sign| round_weight(opts.threshold + sign * step * k as f64))
            })
            .filter(|&at| at > 0.0)
            .collect();
        let theres: Vec<_> = ats
            .par_iter()
            .map(|&at| {
                let r = net.propagate(at, opts.max_rounds);
                let swept_here = swept
                    .iter()
                    .position(|&t| t == at)
                    .map(|k| (k, point(at, &r)));
                (outcomes(&r), swept_here)
            })
            .collect();
        for (&at, (there, swept_here)) in ats.iter().zip(theres) {
            for (v, f) in fragile.iter_mut().enumerate() {
                if f.is_none() && there[v] != now[v] {
                    *f = Some(Fragile {
                        at,
                        becomes: there[v],
                    });
                }
            }
            if let Some((k, p)) = swept_here {
                points[k].get_or_insert(p);
            }
        }
    }
    let points = swept
        .into_par_iter()
        .zip(points)
        .map(|(threshold, made)| {
            made.unwrap_or_else(|| point(threshold, &net.propagate(threshold, opts.max_rounds)))
        })
        .collect();
    SweepRun {
        result: Sweep {
            within,
            points,
            fragile: fragile.iter().filter(|f| f.is_some()).count(),
        },
        fragile,
    }
}

/// The sides in a run at `threshold`.
fn point(threshold: f64, r: &Run) -> SweepPoint {
    let count = |s: Option<Side>| r.joins.sides().filter(|&x| x == s).count();
    SweepPoint {
        threshold,
        attacker_side: count(Some(Side::Attacker)),
        target_side: count(Some(Side::Target)),
        combat: r
            .rounds
            .iter()
            .flatten()
            .filter(|j| j.2 == Involvement::Combat)
            .count(),
        uncommitted: count(None),
    }
}
