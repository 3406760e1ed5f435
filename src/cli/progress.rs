//! Progress on stderr for long analyses, on a terminal only: a spinner while a large graph
//! is processed, a bar for a search with a time limit (elapsed against the limit, with
//! the best value and the bound so far), and a bar for a diagram's layout (its stage and
//! how far into it). A bar appears only once the work has run for a while, so that quick
//! runs print nothing.

use entente::analysis::blocs::SearchProgress;
use entente::format::svg::LayoutProgress;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// A search shows its bar after this long.
const SHOW_AFTER: Duration = Duration::from_millis(500);

/// One command's progress display (nothing when stderr is not a terminal).
pub struct Progress {
    what: &'static str,
    enabled: bool,
    bar: OnceLock<ProgressBar>,
    /// A search has reported (the display is a search bar).
    searching: AtomicBool,
    started: Instant,
}

impl Progress {
    /// `what` names the work ("finding blocs").
    pub fn new(what: &'static str) -> Progress {
        Progress {
            what,
            enabled: std::io::stderr().is_terminal(),
            bar: OnceLock::new(),
            searching: AtomicBool::new(false),
            started: Instant::now(),
        }
    }

    /// A spinner from now on when `large` (the whole analysis will take seconds).
    pub fn spin_if(self, large: bool) -> Progress {
        if large && self.enabled {
            let bar = ProgressBar::new_spinner();
            bar.set_message(self.what);
            bar.enable_steady_tick(Duration::from_millis(120));
            let _ = self.bar.set(bar);
        }
        self
    }

    /// Shows a search's progress: elapsed time against its limit, best and bound.
    pub fn search(&self, p: &SearchProgress) {
        if !self.enabled || p.elapsed < SHOW_AFTER {
            return;
        }
        let bar = self.bar.get_or_init(ProgressBar::no_length);
        // First report: from a spinner (or nothing) to a search display.
        if !self.searching.swap(true, Ordering::Relaxed) {
            let style = match p.limit {
                Some(limit) => {
                    bar.set_length(limit.as_millis() as u64);
                    ProgressStyle::with_template("{msg} [{bar:30}] {elapsed} of the time limit")
                }
                None => ProgressStyle::with_template("{spinner} {msg} ({elapsed})"),
            };
            bar.set_style(style.unwrap_or_else(|_| ProgressStyle::default_bar()));
            bar.enable_steady_tick(Duration::from_millis(120));
        }
        if let Some(limit) = p.limit {
            bar.set_position((p.elapsed.as_millis() as u64).min(limit.as_millis() as u64));
        }
        bar.set_message(format!(
            "{}: exact search of {} actors, best {}, bound {}",
            self.what,
            p.actors,
            entente::report::num(p.best, 4),
            entente::report::num(p.bound, 4)
        ));
    }

    /// Shows a layout's progress: its stage, and the steps of that stage done.
    pub fn layout(&self, p: &LayoutProgress) {
        self.steps(
            || {
                format!(
                    "{}: laying out {} actors, {}",
                    self.what,
                    p.actors,
                    p.stage.name()
                )
            },
            p.done,
            p.total,
        );
    }

    /// Shows `done` of `total` steps, with the message `msg` makes.
    pub fn steps(&self, msg: impl FnOnce() -> String, done: usize, total: usize) {
        if !self.enabled || self.started.elapsed() < SHOW_AFTER {
            return;
        }
        let bar = self.bar.get_or_init(|| {
            let bar = ProgressBar::new(0);
            bar.set_style(
                ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({elapsed})")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        bar.set_length(total as u64);
        bar.set_position(done as u64);
        bar.set_message(msg());
    }

    /// Clears the display.
    pub fn finish(&self) {
        if let Some(b) = self.bar.get() {
            b.finish_and_clear();
        }
    }
}

/// A bar over a counted task (samples done of all), on a terminal only, shown once the
/// task has run for [`SHOW_AFTER`] so that quick runs print nothing.
pub struct Counter {
    bar: Option<ProgressBar>,
    start: std::time::Instant,
}

impl Counter {
    /// `what` names the work and `unit` what is counted ("robustness", "samples").
    pub fn new(what: &str, unit: &str, total: usize) -> Counter {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::with_draw_target(
                Some(total as u64),
                indicatif::ProgressDrawTarget::hidden(),
            );
            let template = format!("{{msg}} [{{bar:40}}] {{pos}}/{{len}} {unit}, eta {{eta}}");
            bar.set_style(
                ProgressStyle::with_template(&template)
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.set_message(what.to_string());
            bar
        });
        Counter {
            bar,
            start: std::time::Instant::now(),
        }
    }

    /// `done` of the total are finished.
    pub fn set(&self, done: usize) {
        if let Some(b) = &self.bar {
            if b.is_hidden() && self.start.elapsed() >= SHOW_AFTER {
                b.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            }
            b.set_position(done as u64);
        }
    }

    /// Clears the display.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
