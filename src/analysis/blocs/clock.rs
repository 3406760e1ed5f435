//! The exact search's clock: a wall-clock limit on top of the node budget, and the progress
//! reports a caller can show while the search runs.
//!
//! The node budget is deterministic; the time limit is not (where it stops depends on the
//! machine's speed), so a result stopped by it says so ([`super::BlocResult::time_limited`]).
//! The searches look at the clock every `CHECK_EVERY` combinatorial nodes and at every LP
//! node and cut round: an LP solve in progress is not interrupted, so a search can overrun
//! its limit by one solve.

use std::cell::Cell;
use std::time::{Duration, Instant};

/// How far an exact search has got, for a progress display.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchProgress {
    /// Actors of the component being searched.
    pub actors: usize,
    /// Time since the search of the graph began, and the limit it runs to.
    pub elapsed: Duration,
    pub limit: Option<Duration>,
    /// The best frustration found so far.
    pub best: f64,
    /// A proven lower bound on it (the least over what is left to search, or the root's).
    pub bound: f64,
    /// Search nodes so far in this component (an LP node counts as one).
    pub nodes: u64,
}

/// Hears about a search's progress; called at most every `REPORT_EVERY`.
pub type OnProgress<'a> = &'a (dyn Fn(&SearchProgress) + Sync);

/// Combinatorial search nodes between two looks at the clock (a few microseconds each).
pub(crate) const CHECK_EVERY: u64 = 1024;
/// Time between two progress reports.
const REPORT_EVERY: Duration = Duration::from_millis(100);

/// One graph's search: when it began, when it must stop, and who hears about it.
pub(crate) struct Clock<'a> {
    started: Instant,
    limit: Option<Duration>,
    progress: Option<OnProgress<'a>>,
    last_report: Cell<Duration>,
    timed_out: Cell<bool>,
    /// The component being searched, for reports.
    actors: Cell<usize>,
}

impl<'a> Clock<'a> {
    pub fn new(limit: Option<Duration>, progress: Option<OnProgress<'a>>) -> Clock<'a> {
        Clock {
            started: Instant::now(),
            limit,
            progress,
            last_report: Cell::new(Duration::ZERO),
            timed_out: Cell::new(false),
            actors: Cell::new(0),
        }
    }

    /// No limit, no reports.
    #[cfg(test)]
    pub fn unlimited() -> Clock<'static> {
        Clock::new(None, None)
    }

    /// True once the limit has passed (and from then on).
    pub fn expired(&self) -> bool {
        if self.timed_out.get() {
            return true;
        }
        if let Some(limit) = self.limit
            && self.started.elapsed() >= limit
        {
            self.timed_out.set(true);
        }
        self.timed_out.get()
    }

    /// True when the time limit stopped a search.
    pub fn timed_out(&self) -> bool {
        self.timed_out.get()
    }

    /// Records which component is searched, for the reports.
    pub fn searching(&self, actors: usize) {
        self.actors.set(actors);
    }

    /// Reports progress (if it is time to) and says whether the search must stop. Costs in
    /// weight units.
    pub fn tick(&self, nodes: u64, best: i64, bound: i64) -> bool {
        let elapsed = self.started.elapsed();
        if let Some(report) = self.progress
            && elapsed >= self.last_report.get() + REPORT_EVERY
        {
            self.last_report.set(elapsed);
            let units = super::signed::UNITS;
            report(&SearchProgress {
                actors: self.actors.get(),
                elapsed,
                limit: self.limit,
                best: best as f64 / units,
                bound: (bound.min(best)).max(0) as f64 / units,
                nodes,
            });
        }
        self.expired()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn a_zero_limit_expires_at_once_and_stays_expired() {
        let c = Clock::new(Some(Duration::ZERO), None);
        assert!(!c.timed_out());
        assert!(c.expired());
        assert!(c.timed_out());
        assert!(c.tick(1, 10, 5));
        let none = Clock::unlimited();
        assert!(!none.expired() && !none.tick(1, 10, 5));
    }

    #[test]
    fn reports_are_spaced_and_carry_weights() {
        let seen = Mutex::new(Vec::new());
        let hear = |p: &SearchProgress| seen.lock().unwrap().push(p.clone());
        let c = Clock::new(Some(Duration::from_secs(3600)), Some(&hear));
        c.searching(12);
        // The first report waits for REPORT_EVERY; then at most one per interval.
        c.tick(1, 3_000_000_000, 1_000_000_000);
        assert!(seen.lock().unwrap().is_empty());
        std::thread::sleep(REPORT_EVERY);
        c.tick(2, 3_000_000_000, 1_000_000_000);
        c.tick(3, 3_000_000_000, 1_000_000_000);
        let seen = seen.into_inner().unwrap();
        assert_eq!(seen.len(), 1);
        assert_eq!((seen[0].actors, seen[0].nodes), (12, 2));
        assert_eq!((seen[0].best, seen[0].bound), (3.0, 1.0));
        assert_eq!(seen[0].limit, Some(Duration::from_secs(3600)));
    }
}
