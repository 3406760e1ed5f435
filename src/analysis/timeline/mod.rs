//! Relations over time: what changed when. Owns the period grid of a graph and three views
//! of it, each a pure function from a graph (+ options) to a `Serialize` result:
//!
//! - [`pair`]: one dyad's net tie per period, its events, and the **change points** of the
//!   series (PELT, Killick et al. 2012, in [`changepoint`]) with the strongest events behind
//!   each;
//! - [`blocs`]: the signed blocs of every period, matched across periods by overlap so a bloc
//!   keeps its number while its members stay, and who changed camp when;
//! - [`ranks`]: each actor's rank on one centrality measure per period, with the biggest
//!   risers and fallers.
//!
//! A period reads exactly what `--as-of` gives on its last day ([`ActorGraph::filtered`]):
//! relations in force then, and for a graph built from event data the tallies' weights then.
//! Method and references: `docs/analysis/timeline.md`.

pub mod blocs;
pub mod changepoint;
pub mod pair;
pub mod ranks;

use crate::model::period::{civil_from_days, day_number};
use crate::model::{ActorGraph, Date, Filter, Granularity, Period};

/// The periods a timeline covers and how the graph is read in each.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineOptions {
    pub by: Granularity,
    /// First and last date covered; by default the graph's earliest and latest dates.
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// Relations below this confidence are left out in every period.
    pub min_confidence: Option<crate::model::Confidence>,
}

impl Default for TimelineOptions {
    fn default() -> Self {
        TimelineOptions {
            by: Granularity::Quarter,
            from: None,
            to: None,
            min_confidence: None,
        }
    }
}

/// Above this many periods a timeline is refused: each period re-reads the graph.
pub const MAX_PERIODS: usize = 2_000;

/// Why a timeline cannot be drawn.
#[derive(Debug, Clone, PartialEq)]
pub enum TimelineError {
    /// The graph names no date, and none was given.
    NoDates,
    UnknownActor(crate::model::ActorId),
    /// `from` is after `to`.
    EmptyRange,
    TooManyPeriods(usize),
}

impl std::fmt::Display for TimelineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TimelineError::NoDates => write!(
                f,
                "the graph names no dates (no relation has since/until, no event or tally): \
                 nothing changes over time"
            ),
            TimelineError::UnknownActor(a) => write!(f, "no actor `{a}` in the graph"),
            TimelineError::EmptyRange => write!(f, "--from is after --to"),
            TimelineError::TooManyPeriods(n) => write!(
                f,
                "{n} periods is more than {MAX_PERIODS}: choose a coarser --by or a shorter --from/--to"
            ),
        }
    }
}

impl std::error::Error for TimelineError {}

/// The earliest date a graph names (the counterpart of [`ActorGraph::latest_date`]).
pub fn earliest_date(g: &ActorGraph) -> Option<Date> {
    g.relations()
        .flat_map(|r| [r.since, r.until])
        .flatten()
        .chain(g.events().iter().map(|e| e.date))
        .chain(g.tallies().iter().filter_map(|t| {
            let (y, m, d) = t.period.first_day();
            Date::ymd(y, m, d).ok()
        }))
        .min_by_key(|d| d.first_day())
}

/// The periods from the first to the last date covered, in order.
pub fn periods(g: &ActorGraph, opts: &TimelineOptions) -> Result<Vec<Period>, TimelineError> {
    let first = opts
        .from
        .or_else(|| earliest_date(g))
        .ok_or(TimelineError::NoDates)?;
    let last = opts
        .to
        .or_else(|| g.latest_date())
        .ok_or(TimelineError::NoDates)?;
    let (start, end) = (Period::of(opts.by, first.first_day()), last.last_day());
    let end_day = day_number(end.0, end.1, end.2);
    let (y, m, d) = start.first_day();
    if day_number(y, m, d) > end_day {
        return Err(TimelineError::EmptyRange);
    }
    let mut out = vec![start];
    loop {
        let (y, m, d) = out.last().expect("one period").last_day();
        let next = day_number(y, m, d) + 1;
        if next > end_day {
            break;
        }
        if out.len() >= MAX_PERIODS {
            return Err(TimelineError::TooManyPeriods(out.len() + 1));
        }
        out.push(Period::of(opts.by, civil_from_days(next)));
    }
    Ok(out)
}

/// The last day of a period as a date.
pub fn end_date(p: &Period) -> Date {
    let (y, m, d) = p.last_day();
    Date::ymd(y, m, d).expect("a period's last day is a date")
}

/// The graph as `--as-of` reads it on the period's last day.
pub fn graph_at(g: &ActorGraph, p: &Period, opts: &TimelineOptions) -> ActorGraph {
    g.filtered(&Filter {
        as_of: Some(end_date(p)),
        min_confidence: opts.min_confidence,
    })
}
