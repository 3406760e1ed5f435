//! Event aggregation: events per directed dyad and period (day, ISO week, month, quarter,
//! year) — count, mentions, mean and mention-weighted mean Goldstein score, and counts per
//! CAMEO QuadClass — the dyad-period table of the event-data literature (Goldstein 1992;
//! the monthly directed-dyad Goldstein means of Brandt, Colaresi & Freeman 2008; on the
//! choice of period, Shellman 2004). See `docs/analysis/events.md`.
//!
//! [`Aggregator`] takes events one at a time and holds one cell per dyad and period, never
//! the events: memory grows with dyads × periods. Sums are exact fixed-point
//! ([`WeightSum`]), so the result does not depend on the order of the events or on how
//! they were split between aggregators that are then merged.

use crate::model::{ActorId, Event, FastMap, Granularity, Period, QUAD_CLASSES, Tally, WeightSum};
use serde::Serialize;

/// One event, its actors already numbered (by whoever reads them).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EventPoint {
    pub day: (i32, u8, u8),
    pub from: u32,
    pub to: u32,
    /// Goldstein score in [-10, 10].
    pub goldstein: f64,
    /// At least 1.
    pub mentions: u64,
    /// QuadClass 1..=4, when known.
    pub quad: Option<u8>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Cell {
    events: u64,
    mentions: u64,
    goldstein: WeightSum,
    goldstein_mentions: WeightSum,
    quad: [u64; 4],
}

impl Cell {
    fn of_tally(t: &Tally) -> Cell {
        let mut goldstein = WeightSum::default();
        goldstein += t.goldstein;
        let mut goldstein_mentions = WeightSum::default();
        goldstein_mentions += t.goldstein_mentions;
        Cell {
            events: t.events,
            mentions: t.mentions,
            goldstein,
            goldstein_mentions,
            quad: t.quad,
        }
    }

    fn absorb(&mut self, o: &Cell) {
        self.events += o.events;
        self.mentions += o.mentions;
        self.goldstein += o.goldstein;
        self.goldstein_mentions += o.goldstein_mentions;
        for (a, b) in self.quad.iter_mut().zip(o.quad) {
            *a += b;
        }
    }
}

/// Streaming dyad × period counts.
#[derive(Debug, Clone)]
pub struct Aggregator {
    pub granularity: Granularity,
    cells: FastMap<(u32, u32, Period), Cell>,
}

impl Aggregator {
    pub fn new(granularity: Granularity) -> Aggregator {
        Aggregator {
            granularity,
            cells: FastMap::default(),
        }
    }

    pub fn add(&mut self, e: &EventPoint) {
        let period = Period::of(self.granularity, e.day);
        let c = self.cells.entry((e.from, e.to, period)).or_default();
        let mut g = WeightSum::default();
        g += e.goldstein;
        c.events += 1;
        c.mentions += e.mentions;
        c.goldstein += g;
        c.goldstein_mentions += g.times(e.mentions);
        if let Some(q) = e.quad.filter(|q| (1..=4).contains(q)) {
            c.quad[usize::from(q - 1)] += 1;
        }
    }

    /// Adds a tally of actors `from` → `to` whose period nests in this aggregator's.
    pub fn add_tally(&mut self, t: &Tally, from: u32, to: u32) -> Result<(), CoarserTallies> {
        let p = t.period.within(self.granularity).ok_or(CoarserTallies {
            have: t.period.granularity(),
            asked: self.granularity,
        })?;
        self.cells
            .entry((from, to, p))
            .or_default()
            .absorb(&Cell::of_tally(t));
        Ok(())
    }

    /// Adds `other`'s cells, its actor numbers translated by `remap`.
    pub fn merge(&mut self, other: Aggregator, remap: impl Fn(u32) -> u32) {
        for ((a, b, p), cell) in other.cells {
            self.cells
                .entry((remap(a), remap(b), p))
                .or_default()
                .absorb(&cell);
        }
    }

    /// Dyad-period cells held.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    pub fn events(&self) -> u64 {
        self.cells.values().map(|c| c.events).sum()
    }

    /// The cells as tallies, actor `i` named `names[i]`, sorted by source, target, period.
    pub fn tallies(&self, names: &[ActorId]) -> Vec<Tally> {
        let mut out: Vec<Tally> = self
            .cells
            .iter()
            .map(|(&(a, b, period), c)| Tally {
                from: names[a as usize].clone(),
                to: names[b as usize].clone(),
                period,
                events: c.events,
                mentions: c.mentions,
                goldstein: c.goldstein.value(),
                goldstein_mentions: c.goldstein_mentions.value(),
                quad: c.quad,
            })
            .collect();
        sort_tallies(&mut out);
        out
    }
}

pub fn sort_tallies(t: &mut [Tally]) {
    t.sort_unstable_by(|x, y| (&x.from, &x.to, x.period).cmp(&(&y.from, &y.to, y.period)));
}

/// Tallies of a graph's hand-written events that have a direction (`from` → `to`): score
/// as the Goldstein score, one mention each, no QuadClass.
pub fn tallies_of_events(events: &[Event], by: Granularity) -> Vec<Tally> {
    let mut names: Vec<ActorId> = Vec::new();
    let mut index: FastMap<&ActorId, u32> = FastMap::default();
    let mut agg = Aggregator::new(by);
    for e in events {
        let Some((from, to)) = e.direction() else {
            continue;
        };
        let [from, to] = [from, to].map(|id| {
            *index.entry(id).or_insert_with(|| {
                names.push(id.clone());
                (names.len() - 1) as u32
            })
        });
        agg.add(&EventPoint {
            day: e.date.last_day(),
            from,
            to,
            goldstein: e.score,
            mentions: 1,
            quad: None,
        });
    }
    agg.tallies(&names)
}

/// One row of `entente events summary`: exactly the keys of its JSON and CSV output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummaryRow {
    pub source: String,
    pub target: String,
    pub period: String,
    pub events: u64,
    pub mentions: u64,
    pub goldstein_mean: f64,
    pub goldstein_weighted: f64,
    pub verbal_coop: u64,
    pub material_coop: u64,
    pub verbal_conflict: u64,
    pub material_conflict: u64,
}

/// The dyad-period table of `events summary`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Summary {
    pub rows: Vec<SummaryRow>,
}

/// Why tallies cannot be summarised by a period.
#[derive(Debug, Clone, PartialEq)]
pub struct CoarserTallies {
    pub have: Granularity,
    pub asked: Granularity,
}

impl std::fmt::Display for CoarserTallies {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the tallies are by {}, which does not split into {}s",
            self.have, self.asked
        )
    }
}

/// Sums tallies (of any mix of periods that nest in `by`) into one row per directed dyad
/// and period of `by`, sorted by source, target and period.
pub fn summarize(tallies: &[Tally], by: Granularity) -> Result<Summary, CoarserTallies> {
    let mut cells: std::collections::BTreeMap<(&ActorId, &ActorId, Period), Cell> =
        std::collections::BTreeMap::new();
    for t in tallies {
        let Some(p) = t.period.within(by) else {
            return Err(CoarserTallies {
                have: t.period.granularity(),
                asked: by,
            });
        };
        cells
            .entry((&t.from, &t.to, p))
            .or_default()
            .absorb(&Cell::of_tally(t));
    }
    let rows = cells
        .into_iter()
        .map(|((a, b, p), c)| SummaryRow {
            source: a.to_string(),
            target: b.to_string(),
            period: p.to_string(),
            events: c.events,
            mentions: c.mentions,
            goldstein_mean: c.goldstein.value() / c.events as f64,
            goldstein_weighted: c.goldstein_mentions.value() / c.mentions as f64,
            verbal_coop: c.quad[0],
            material_coop: c.quad[1],
            verbal_conflict: c.quad[2],
            material_conflict: c.quad[3],
        })
        .collect();
    Ok(Summary { rows })
}

/// The column names of the summary, in order.
pub fn summary_columns() -> [&'static str; 11] {
    [
        "source",
        "target",
        "period",
        "events",
        "mentions",
        "goldstein_mean",
        "goldstein_weighted",
        QUAD_CLASSES[0],
        QUAD_CLASSES[1],
        QUAD_CLASSES[2],
        QUAD_CLASSES[3],
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn names(n: usize) -> Vec<ActorId> {
        (0..n).map(|i| ActorId::from(format!("A{i}"))).collect()
    }

    fn point() -> impl Strategy<Value = EventPoint> {
        (
            0u32..4,
            0u32..4,
            0i64..800,
            -100i32..=100,
            1u64..50,
            prop::option::of(1u8..=4),
        )
            .prop_map(|(a, b, day, g, m, q)| EventPoint {
                day: crate::model::period::civil_from_days(15_300 + day),
                from: a,
                to: b,
                goldstein: f64::from(g) / 10.0,
                mentions: m,
                quad: q,
            })
    }

    fn aggregate(points: &[EventPoint], by: Granularity) -> Vec<Tally> {
        let mut agg = Aggregator::new(by);
        points.iter().for_each(|p| agg.add(p));
        agg.tallies(&names(4))
    }

    proptest! {
        #[test]
        fn independent_of_row_order(mut points in prop::collection::vec(point(), 0..200), seed in any::<u64>()) {
            let by = Granularity::ALL[(seed % 5) as usize];
            let before = aggregate(&points, by);
            // A deterministic shuffle from the seed.
            let mut s = seed | 1;
            for i in (1..points.len()).rev() {
                s ^= s << 13; s ^= s >> 7; s ^= s << 17;
                points.swap(i, (s % (i as u64 + 1)) as usize);
            }
            prop_assert_eq!(aggregate(&points, by), before);
        }

        #[test]
        fn independent_of_chunking(points in prop::collection::vec(point(), 0..200), cuts in prop::collection::vec(0usize..200, 0..6)) {
            let by = Granularity::Month;
            let whole = aggregate(&points, by);
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(points.len())).collect();
            cuts.push(0);
            cuts.push(points.len());
            cuts.sort_unstable();
            let mut total = Aggregator::new(by);
            for w in cuts.windows(2) {
                let mut part = Aggregator::new(by);
                points[w[0]..w[1]].iter().for_each(|p| part.add(p));
                total.merge(part, |a| a);
            }
            prop_assert_eq!(total.tallies(&names(4)), whole);
        }

        #[test]
        fn summarizing_day_tallies_equals_aggregating_directly(points in prop::collection::vec(point(), 0..200), g in 1usize..5) {
            let by = Granularity::ALL[g];
            let days = aggregate(&points, Granularity::Day);
            let direct = aggregate(&points, by);
            prop_assert_eq!(summarize(&days, by).unwrap(), summarize(&direct, by).unwrap());
        }
    }

    #[test]
    fn means_and_quad_counts() {
        let p = |g: f64, m: u64, q| EventPoint {
            day: (2012, 8, 1),
            from: 0,
            to: 1,
            goldstein: g,
            mentions: m,
            quad: q,
        };
        let t = aggregate(
            &[p(-4.4, 1, Some(3)), p(1.0, 3, Some(1)), p(2.8, 2, None)],
            Granularity::Month,
        );
        let s = summarize(&t, Granularity::Quarter).unwrap();
        let r = &s.rows[0];
        assert_eq!(
            (r.source.as_str(), r.target.as_str(), r.period.as_str()),
            ("A0", "A1", "2012-Q3")
        );
        assert_eq!((r.events, r.mentions), (3, 6));
        assert_eq!(r.goldstein_mean, -0.6 / 3.0);
        assert_eq!(r.goldstein_weighted, 4.2 / 6.0);
        assert_eq!(
            [
                r.verbal_coop,
                r.material_coop,
                r.verbal_conflict,
                r.material_conflict
            ],
            [1, 0, 1, 0]
        );
        let err = summarize(&t, Granularity::Week).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the tallies are by month, which does not split into weeks"
        );
    }
}
