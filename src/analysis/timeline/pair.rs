//! One dyad over time: its net tie in each period (the weight every analysis reads then: the
//! relations in force combined as in [`crate::model::Snapshot`]), its events, and the change
//! points of the series ([`super::changepoint`]) with what lies behind each — the relations
//! that began or ended and the strongest events of the pair around it.

use super::changepoint::{default_penalty, pelt};
use super::{TimelineError, TimelineOptions, end_date, graph_at, periods};
use crate::model::{ActorGraph, ActorId, Date, Event, Period, Relation, Snapshot, Tally};
use serde::Serialize;

/// The series of one pair.
#[derive(Debug, Clone, Serialize)]
pub struct PairTimeline {
    pub a: ActorId,
    pub b: ActorId,
    pub by: crate::model::Granularity,
    /// The penalty per change point used (see `--penalty`).
    pub penalty: f64,
    pub points: Vec<PairPoint>,
    pub change_points: Vec<ChangePoint>,
}

/// The pair in one period.
#[derive(Debug, Clone, Serialize)]
pub struct PairPoint {
    pub period: Period,
    /// The net tie on the period's last day (0 without a relation in force).
    pub weight: f64,
    /// Relations between the two in force then.
    pub relations: usize,
    /// Events of the pair in the period (dated in the graph, or counted in its event
    /// tallies, both directions), and their mean score (Goldstein scale).
    pub events: usize,
    pub event_score: Option<f64>,
}

/// A change in the pair's tie.
#[derive(Debug, Clone, Serialize)]
pub struct ChangePoint {
    /// The first period of the new level.
    pub period: Period,
    /// Mean weight of the segment before and of the segment from here.
    pub before: f64,
    pub after: f64,
    /// Relations between the two that began in this period or ended in the one before.
    pub began: Vec<TieChange>,
    pub ended: Vec<TieChange>,
    /// The pair's strongest events (by |score|) in this period and the one before.
    pub events: Vec<EventRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TieChange {
    pub from: ActorId,
    pub to: ActorId,
    pub kind: String,
    pub weight: f64,
    pub since: Option<Date>,
    pub until: Option<Date>,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventRef {
    pub date: Date,
    pub kind: String,
    pub score: f64,
    pub summary: String,
}

/// How many events are shown behind a change point.
const EVENTS_PER_CHANGE: usize = 3;

/// The net tie of `a` and `b` in `g`, and how many relations make it.
fn pair_tie(g: &ActorGraph, a: &ActorId, b: &ActorId) -> (f64, usize) {
    let between: Vec<&Relation> = g
        .relations()
        .filter(|r| (&r.from == a && &r.to == b) || (&r.from == b && &r.to == a))
        .collect();
    if between.is_empty() {
        return (0.0, 0);
    }
    // The same combination every analysis reads (the snapshot's net tie).
    let mut two = ActorGraph::new("pair");
    two.combine = g.combine;
    for id in [a, b] {
        if let Some(actor) = g.actor(id) {
            let _ = two.add_actor(actor.clone());
        }
    }
    for r in &between {
        let _ = two.add_relation((*r).clone());
    }
    let s = Snapshot::new(&two);
    let w = s.undirected.neighbors(0).next().map_or(0.0, |(_, w)| w);
    (w, between.len())
}

fn involves(e: &Event, a: &ActorId, b: &ActorId) -> bool {
    let has = |x: &ActorId| {
        e.actors.contains(x) || e.from.as_ref() == Some(x) || e.to.as_ref() == Some(x)
    };
    has(a) && has(b)
}

fn tie_change(r: &Relation) -> TieChange {
    TieChange {
        from: r.from.clone(),
        to: r.to.clone(),
        kind: r.kind.kebab_name().to_string(),
        weight: r.weight,
        since: r.since,
        until: r.until,
        note: r.note().unwrap_or_default().to_string(),
    }
}

/// The pair's series over the periods of `opts`, and its change points under `penalty`
/// (default: [`default_penalty`] of the series).
pub fn pair_timeline(
    g: &ActorGraph,
    a: &ActorId,
    b: &ActorId,
    opts: &TimelineOptions,
    penalty: Option<f64>,
) -> Result<PairTimeline, TimelineError> {
    for id in [a, b] {
        if !g.contains(id) {
            return Err(TimelineError::UnknownActor(id.clone()));
        }
    }
    let periods = periods(g, opts)?;
    let events: Vec<&Event> = g.events().iter().filter(|e| involves(e, a, b)).collect();
    let period_of = |d: &Date| Period::of(opts.by, d.first_day());
    // An event-built graph's tallies of the pair, both ways: each counts in the period that
    // holds its first day (a tally coarser than the periods falls whole into one of them).
    let tallies: Vec<&Tally> = g
        .tallies()
        .iter()
        .filter(|t| (&t.from == a && &t.to == b) || (&t.from == b && &t.to == a))
        .collect();
    let points: Vec<PairPoint> = periods
        .iter()
        .map(|p| {
            let (weight, relations) = pair_tie(&graph_at(g, p, opts), a, b);
            let (mut count, mut sum) = (0u64, 0.0);
            for e in events.iter().filter(|e| period_of(&e.date) == *p) {
                count += 1;
                sum += e.score;
            }
            for t in tallies
                .iter()
                .filter(|t| Period::of(opts.by, t.period.first_day()) == *p)
            {
                count += t.events;
                sum += t.goldstein;
            }
            PairPoint {
                period: *p,
                weight,
                relations,
                events: count as usize,
                event_score: (count > 0).then(|| crate::model::round_weight(sum / count as f64)),
            }
        })
        .collect();
    let series: Vec<f64> = points.iter().map(|p| p.weight).collect();
    let penalty = penalty.unwrap_or_else(|| default_penalty(&series));
    let cps = pelt(&series, penalty);
    let mut bounds = vec![0];
    bounds.extend(&cps);
    bounds.push(series.len());
    let mean = |s: usize, t: usize| {
        crate::model::round_weight(series[s..t].iter().sum::<f64>() / (t - s) as f64)
    };
    let between: Vec<&Relation> = g
        .relations()
        .filter(|r| (&r.from == a && &r.to == b) || (&r.from == b && &r.to == a))
        .filter(|r| opts.min_confidence.is_none_or(|c| r.confidence.at_least(c)))
        .collect();
    let change_points = cps
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let (p, prev) = (periods[i], periods[i - 1]);
            let in_period = |d: &Date, q: &Period| period_of(d) == *q;
            // In force at the end of one period and not the other.
            let (then, now) = (end_date(&prev), end_date(&p));
            let began = between
                .iter()
                .filter(|r| !r.in_force(&then) && r.in_force(&now))
                .map(|r| tie_change(r))
                .collect();
            let ended = between
                .iter()
                .filter(|r| r.in_force(&then) && !r.in_force(&now))
                .map(|r| tie_change(r))
                .collect();
            let mut near: Vec<&&Event> = events
                .iter()
                .filter(|e| in_period(&e.date, &p) || in_period(&e.date, &prev))
                .collect();
            near.sort_by(|x, y| {
                y.score
                    .abs()
                    .total_cmp(&x.score.abs())
                    .then(x.date.cmp(&y.date))
            });
            ChangePoint {
                period: p,
                before: mean(bounds[k], bounds[k + 1]),
                after: mean(bounds[k + 1], bounds[k + 2]),
                began,
                ended,
                events: near
                    .into_iter()
                    .take(EVENTS_PER_CHANGE)
                    .map(|e| EventRef {
                        date: e.date,
                        kind: e.kind.clone(),
                        score: e.score,
                        summary: e.summary.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(PairTimeline {
        a: a.clone(),
        b: b.clone(),
        by: opts.by,
        penalty: crate::model::round_weight(penalty),
        points,
        change_points,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, ActorKind, Granularity, RelationKind};

    fn graph() -> ActorGraph {
        let mut g = ActorGraph::new("t");
        for id in ["R", "A"] {
            g.add_actor(Actor::new(id, id, ActorKind::State)).unwrap();
        }
        let mut ally = Relation::new("R", "A", RelationKind::Partnership, 0.8);
        ally.since = Some("2022-02".parse().unwrap());
        ally.until = Some("2024-12".parse().unwrap());
        let mut foe = Relation::new("R", "A", RelationKind::Hostility, -0.7);
        foe.since = Some("2025-06".parse().unwrap());
        g.add_relation(ally).unwrap();
        g.add_relation(foe).unwrap();
        g
    }

    #[test]
    fn the_series_reads_what_as_of_reads_and_finds_the_turns() {
        let g = graph();
        let opts = TimelineOptions {
            by: Granularity::Quarter,
            ..TimelineOptions::default()
        };
        let t = pair_timeline(&g, &"R".into(), &"A".into(), &opts, None).unwrap();
        let labels: Vec<String> = t.points.iter().map(|p| p.period.to_string()).collect();
        assert_eq!(labels.first().unwrap(), "2022-Q1");
        assert_eq!(labels.last().unwrap(), "2025-Q2");
        let at = |l: &str| {
            t.points
                .iter()
                .find(|p| p.period.to_string() == l)
                .unwrap()
                .weight
        };
        assert_eq!(at("2022-Q1"), 0.8);
        assert_eq!(at("2024-Q4"), 0.8);
        assert_eq!(at("2025-Q1"), 0.0);
        assert_eq!(at("2025-Q2"), -0.7);
        let cps: Vec<String> = t
            .change_points
            .iter()
            .map(|c| c.period.to_string())
            .collect();
        assert_eq!(cps, ["2025-Q1", "2025-Q2"]);
        assert_eq!(t.change_points[0].ended.len(), 1);
        assert_eq!(t.change_points[1].began.len(), 1);
        assert_eq!(t.change_points[1].after, -0.7);
    }

    #[test]
    fn an_unknown_actor_or_an_undated_graph_is_an_error() {
        let g = graph();
        let o = TimelineOptions::default();
        assert!(matches!(
            pair_timeline(&g, &"R".into(), &"X".into(), &o, None),
            Err(TimelineError::UnknownActor(_))
        ));
        let mut undated = ActorGraph::new("u");
        for id in ["R", "A"] {
            undated
                .add_actor(Actor::new(id, id, ActorKind::State))
                .unwrap();
        }
        assert!(matches!(
            pair_timeline(&undated, &"R".into(), &"A".into(), &o, None),
            Err(TimelineError::NoDates)
        ));
    }
}
