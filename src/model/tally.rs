//! Event tallies: what a directed dyad did in one period (counts, mentions, Goldstein sums
//! and counts per CAMEO QuadClass), and the rule that turns a dyad's tallies into a signed
//! relation weight at a date (see `docs/analysis/events.md`).
//!
//! A graph built from event data stores tallies, not events, so its size grows with dyads ×
//! periods. The weight rule lives here, beside `Relation::in_force`, because it is what
//! such a graph *means*: `--as-of DATE` on any command asks [`crate::model::ActorGraph::filtered`]
//! for the relations at DATE, and for an event graph those are the tallies' weights then.
//!
//! The weight of the dyad A → B at day D (Goldstein 1992 scale, divided by 10):
//! each tally whose period has ended by D counts with the decay `k = 2^(-age / half_life)`,
//! age in days from its period's last day to D; the decayed mean `m = Σ k·g / Σ k·n` (per
//! event, or per mention with `by_mentions`) is shrunk toward 0 by the decayed event count
//! `N = Σ k·events`: `w = m · N / (N + prior_events)`, the posterior mean of a normal mean
//! with a prior at 0 worth `prior_events` events (Efron & Morris 1975), so one story cannot
//! make a −1 hostility.

use super::period::{Period, day_number};
use super::types::{ActorId, Confidence, Relation, RelationKind, WeightSum};
use serde::{Deserialize, Serialize};

/// CAMEO's four QuadClasses, in their code order 1..=4.
pub const QUAD_CLASSES: [&str; 4] = [
    "verbal_coop",
    "material_coop",
    "verbal_conflict",
    "material_conflict",
];

/// What the events from `from` to `to` in `period` add up to. Sums are exact to nine
/// decimals ([`WeightSum`]), so tallies add up the same in any order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tally {
    pub from: ActorId,
    pub to: ActorId,
    pub period: Period,
    pub events: u64,
    /// Sum of the events' mention counts (GDELT's NumMentions; 1 for an event without).
    pub mentions: u64,
    /// Sum of the events' Goldstein scores.
    pub goldstein: f64,
    /// Sum of mentions × Goldstein score.
    pub goldstein_mentions: f64,
    /// Events per QuadClass (verbal cooperation, material cooperation, verbal conflict,
    /// material conflict); events without a class count in none. A list in every format
    /// (serde would make an array a tuple, `(1, 2, 3, 4)` in RON).
    #[serde(with = "four")]
    pub quad: [u64; 4],
}

impl Tally {
    pub fn goldstein_mean(&self) -> f64 {
        self.goldstein / self.events as f64
    }

    pub fn goldstein_weighted(&self) -> f64 {
        self.goldstein_mentions / self.mentions as f64
    }

    /// Why the tally cannot be right, if it cannot.
    pub fn problem(&self) -> Option<String> {
        let bound = |sum: f64, n: u64| sum.is_finite() && sum.abs() <= 10.0 * n as f64 + 1e-6;
        if self.events == 0 {
            Some("a tally counts at least one event".into())
        } else if self.mentions < self.events {
            Some(format!(
                "{} mentions for {} events: every event has at least one",
                self.mentions, self.events
            ))
        } else if self.quad.iter().sum::<u64>() > self.events {
            Some(format!(
                "the QuadClass counts add up to more than the {} events",
                self.events
            ))
        } else if !bound(self.goldstein, self.events) {
            Some(format!(
                "Goldstein sum {} is beyond ±10 per event ({} events)",
                self.goldstein, self.events
            ))
        } else if !bound(self.goldstein_mentions, self.mentions) {
            Some(format!(
                "mention-weighted Goldstein sum {} is beyond ±10 per mention ({} mentions)",
                self.goldstein_mentions, self.mentions
            ))
        } else {
            None
        }
    }

    /// Adds `other` (of the same dyad) into this one, exactly.
    pub fn absorb(&mut self, other: &Tally) {
        self.events += other.events;
        self.mentions += other.mentions;
        self.goldstein = exact_sum(self.goldstein, other.goldstein);
        self.goldstein_mentions = exact_sum(self.goldstein_mentions, other.goldstein_mentions);
        for (a, b) in self.quad.iter_mut().zip(other.quad) {
            *a += b;
        }
    }
}

fn exact_sum(a: f64, b: f64) -> f64 {
    let mut s = WeightSum::default();
    s += a;
    s += b;
    s.value()
}

/// Four counts as a list: `[3, 1, 5, 3]`.
mod four {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[u64; 4], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u64; 4], D::Error> {
        let v = Vec::<u64>::deserialize(d)?;
        <[u64; 4]>::try_from(v.as_slice()).map_err(|_| {
            serde::de::Error::custom(format!("expected four counts, found {}", v.len()))
        })
    }
}

/// How a graph's tallies become relation weights (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EventWeighting {
    /// Days after which an event counts half.
    pub half_life_days: f64,
    /// Neutral pseudo-events the mean is shrunk with.
    pub prior_events: f64,
    /// Average the Goldstein scores per mention rather than per event.
    pub by_mentions: bool,
}

impl Default for EventWeighting {
    fn default() -> Self {
        EventWeighting {
            half_life_days: 90.0,
            prior_events: 5.0,
            by_mentions: false,
        }
    }
}

impl EventWeighting {
    pub fn problem(&self) -> Option<String> {
        if !(self.half_life_days.is_finite() && self.half_life_days > 0.0) {
            Some(format!(
                "half_life_days must be a positive number of days, not {}",
                self.half_life_days
            ))
        } else if !(self.prior_events.is_finite() && self.prior_events >= 0.0) {
            Some(format!(
                "prior_events must be 0 or more, not {}",
                self.prior_events
            ))
        } else {
            None
        }
    }

    /// The weight in [-1, 1] of a dyad with these tallies at `day`, rounded to three
    /// decimals; `None` when no tally's period has ended by then.
    pub fn weight_at<'a>(
        &self,
        tallies: impl IntoIterator<Item = &'a Tally>,
        day: (i32, u8, u8),
    ) -> Option<f64> {
        let at = day_number(day.0, day.1, day.2);
        let (mut sum, mut den, mut n) = (0.0f64, 0.0f64, 0.0f64);
        let mut any = false;
        for t in tallies {
            let (y, m, d) = t.period.last_day();
            let age = at - day_number(y, m, d);
            if age < 0 {
                continue;
            }
            any = true;
            let k = (-(age as f64) / self.half_life_days).exp2();
            let (g, count) = if self.by_mentions {
                (t.goldstein_mentions, t.mentions)
            } else {
                (t.goldstein, t.events)
            };
            sum += k * g / 10.0;
            den += k * count as f64;
            n += k * t.events as f64;
        }
        if !any || den <= 0.0 {
            return None;
        }
        let w = (sum / den) * n / (n + self.prior_events);
        Some(((w * 1000.0).round() / 1000.0).clamp(-1.0, 1.0) + 0.0)
    }

    /// One directed `Interaction` relation per dyad of `tallies` with a non-zero weight at
    /// `day`, in the order of each dyad's first tally; `since` is the first day of its first
    /// period.
    pub fn relations_at(&self, tallies: &[Tally], day: (i32, u8, u8)) -> Vec<Relation> {
        let mut order: Vec<(&ActorId, &ActorId)> = Vec::new();
        let mut by_dyad: super::FastMap<(&ActorId, &ActorId), Vec<&Tally>> =
            super::FastMap::default();
        for t in tallies {
            let key = (&t.from, &t.to);
            let list = by_dyad.entry(key).or_default();
            if list.is_empty() {
                order.push(key);
            }
            list.push(t);
        }
        let mut out = Vec::new();
        for key in order {
            let list = &by_dyad[&key];
            let Some(w) = self.weight_at(list.iter().copied(), day) else {
                continue;
            };
            if w == 0.0 {
                continue;
            }
            let first = list
                .iter()
                .map(|t| t.period.first_day())
                .min()
                .expect("a tally");
            let events: u64 = list
                .iter()
                .filter(|t| t.period.last_day() <= day)
                .map(|t| t.events)
                .sum();
            let mut r = Relation::new(key.0.as_str(), key.1.as_str(), RelationKind::Interaction, w)
                .directed()
                .with_confidence(Confidence::CannotBeJudged)
                .with_note(format!(
                    "{events} event(s) up to {:04}-{:02}-{:02}",
                    day.0, day.1, day.2
                ));
            r.since = super::Date::ymd(first.0, first.1, first.2).ok();
            out.push(r);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(period: &str, events: u64, goldstein: f64) -> Tally {
        Tally {
            from: ActorId::new("RUS"),
            to: ActorId::new("GEO"),
            period: Period::parse(period).unwrap(),
            events,
            mentions: events,
            goldstein,
            goldstein_mentions: goldstein,
            quad: [0; 4],
        }
    }

    #[test]
    fn one_story_is_not_a_hostility() {
        let w = EventWeighting::default();
        let one = [tally("2012-08-01", 1, -10.0)];
        // Mean -1, one event against five neutral pseudo-events: -1/6.
        assert_eq!(w.weight_at(&one, (2012, 8, 1)), Some(-0.167));
        let many = [tally("2012-08-01", 95, -950.0)];
        assert_eq!(w.weight_at(&many, (2012, 8, 1)), Some(-0.95));
        // Nothing before the first tally's period ends.
        assert_eq!(w.weight_at(&one, (2012, 7, 31)), None);
    }

    #[test]
    fn old_events_fade() {
        let w = EventWeighting {
            prior_events: 0.0,
            ..EventWeighting::default()
        };
        // A hostile month long ago and a friendly one now: the recent one dominates.
        let t = [
            tally("2012-01-31", 10, -50.0),
            tally("2012-08-01", 10, 50.0),
        ];
        let now = w.weight_at(&t, (2012, 8, 1)).unwrap();
        assert!(now > 0.3, "{now}");
        // One half-life after a single tally: same mean, as decay cancels in the ratio...
        let single = [tally("2012-08-01", 10, 50.0)];
        assert_eq!(w.weight_at(&single, (2012, 10, 30)), Some(0.5));
        // ...but with a prior, fewer effective events shrink it further.
        let shrunk = EventWeighting::default();
        let early = shrunk.weight_at(&single, (2012, 8, 1)).unwrap();
        let late = shrunk.weight_at(&single, (2012, 10, 30)).unwrap();
        assert_eq!(early, 0.333);
        assert_eq!(late, 0.25);
    }

    #[test]
    fn relations_follow_the_dyads() {
        let w = EventWeighting::default();
        let mut back = tally("2012-08", 3, 6.0);
        (back.from, back.to) = (back.to.clone(), back.from.clone());
        let t = [tally("2012-07", 2, -8.0), back, tally("2012-08", 1, 0.0)];
        let rels = w.relations_at(&t, (2012, 8, 31));
        assert_eq!(rels.len(), 2);
        assert_eq!((rels[0].from.as_str(), rels[0].to.as_str()), ("RUS", "GEO"));
        assert!(rels[0].directed && rels[0].weight < 0.0);
        assert_eq!(rels[0].since.unwrap().to_string(), "2012-07-01");
        assert_eq!(rels[1].from.as_str(), "GEO");
        // At the end of July only the July tally counts.
        assert_eq!(w.relations_at(&t, (2012, 7, 31)).len(), 1);
    }

    #[test]
    fn tally_problems() {
        assert!(tally("2012", 1, -10.0).problem().is_none());
        assert!(tally("2012", 1, -10.5).problem().is_some());
        let mut t = tally("2012", 2, 0.0);
        t.quad = [1, 1, 1, 0];
        assert!(t.problem().is_some());
        t.quad = [1, 1, 0, 0];
        t.mentions = 1;
        assert!(t.problem().is_some());
    }
}
