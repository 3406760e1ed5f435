//! Where the bytes go (issue 21): heap bytes held and peak heap at each stage of loading a
//! generated graph and reporting on it, counted by a global allocator that wraps the
//! system's. Prints one table per size; bytes per relation make the sizes comparable.
//!
//! ```text
//! cargo bench --bench memory                        # 10k and 100k relations
//! ENTENTE_BENCH_LARGE=1 cargo bench --bench memory  # also 1M (a minute, ~2 GB)
//! ENTENTE_BENCH_RELATIONS=10000000 cargo bench --bench memory  # these sizes only
//! ```
//!
//! Heap only: the binary's code and stacks are not counted, so a process's peak resident
//! memory (`/usr/bin/time -v entente info`) is somewhat higher.
//!
//! The report is measured twice: each of its sections on its own, one after the other, as
//! `Report::build` computes them (a section's "held" is its result, kept as the report
//! keeps it; its "peak" the scratch it needs on top), then the whole report as the command
//! builds it (sections side by side) and its rendering as text.

use entente::analysis::balance::{BalanceOptions, balance_with};
use entente::analysis::blocs::{BlocOptions, detect_blocs_in};
use entente::analysis::brokers::{BrokerOptions, brokers_with};
use entente::analysis::info::summarize_in;
use entente::format::ron;
use entente::generate::{GenerateOptions, generate};
use entente::model::Snapshot;
use entente::report::ToDocument;
use entente::report::findings::{Inputs, findings};
use entente::report::full::{
    Report, ReportOptions, cascade_section, centrality_section, influence_section, without_weak,
};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(now, Relaxed);
}

// SAFETY: every call is forwarded to `System` unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            grew(l.size());
        }
        p
    }
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(l) };
        if !p.is_null() {
            grew(l.size());
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        LIVE.fetch_sub(l.size(), Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, l, new) };
        if !q.is_null() {
            if new >= l.size() {
                grew(new - l.size());
            } else {
                LIVE.fetch_sub(l.size() - new, Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Runs `f`, giving its result, the seconds it took, the heap it left held and its peak,
/// both above what was held before.
fn stage<T>(f: impl FnOnce() -> T) -> (T, f64, usize, usize) {
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let t = Instant::now();
    let out = f();
    let secs = t.elapsed().as_secs_f64();
    let held = LIVE.load(Relaxed).saturating_sub(before);
    let peak = PEAK.load(Relaxed).saturating_sub(before);
    (out, secs, held, peak)
}

fn main() {
    let mut sizes = vec![10_000, 100_000];
    if std::env::var_os("ENTENTE_BENCH_LARGE").is_some_and(|v| v != "0") {
        sizes.push(1_000_000);
    }
    // Sizes asked for replace the defaults (10000000: minutes, and several GB).
    if let Ok(asked) = std::env::var("ENTENTE_BENCH_RELATIONS") {
        sizes = asked
            .split(',')
            .map(|x| {
                x.trim()
                    .parse()
                    .expect("ENTENTE_BENCH_RELATIONS: relation counts")
            })
            .collect();
    }
    for relations in sizes {
        let opts = GenerateOptions {
            actors: relations / 10,
            relations,
            seed: 1,
            ..GenerateOptions::default()
        };
        let text = {
            let g = generate(&opts).expect("valid options").graph;
            ron::to_string(&g)
        };
        let m = relations as f64;
        let mib = |b: usize| b as f64 / (1 << 20) as f64;
        println!(
            "\n{} actors / {relations} relations ({:.1} MiB of RON)",
            relations / 10,
            mib(text.len())
        );
        println!(
            "{:<34} {:>8} {:>11} {:>10} {:>11} {:>10}",
            "stage", "seconds", "held MiB", "held B/rel", "peak MiB", "peak B/rel"
        );
        let row = |name: &str, secs: f64, held: usize, peak: usize| {
            println!(
                "{name:<34} {secs:>8.3} {:>11.1} {:>10.0} {:>11.1} {:>10.0}",
                mib(held),
                held as f64 / m,
                mib(peak),
                peak as f64 / m
            );
        };
        row("source text", 0.0, text.len(), text.len());
        let (loaded, secs, held, peak) = stage(|| ron::from_str(&text).expect("a valid graph"));
        row("parse + validate + graph", secs, held, peak);
        let graph = loaded.graph;
        let g = &graph;
        let (snapshot, secs, held, peak) = stage(|| Snapshot::new(g));
        row("analysis snapshot", secs, held, peak);
        let s = &snapshot;
        let opts = ReportOptions::default();
        let (summary, secs, held, peak) = stage(|| summarize_in(g, s));
        row("  summary", secs, held, peak);
        let (centrality, secs, held, peak) = stage(|| centrality_section(g, s));
        row("  centrality", secs, held, peak);
        let (influence, secs, held, peak) = stage(|| influence_section(g, s, &centrality, None));
        row("  influence", secs, held, peak);
        let (cascade, secs, held, peak) = stage(|| cascade_section(g, s, &centrality, &opts));
        row("  cascade", secs, held, peak);
        let (blocs, secs, held, peak) = stage(|| detect_blocs_in(g, s, &BlocOptions::default()));
        row("  blocs", secs, held, peak);
        let (balance, secs, held, peak) =
            stage(|| balance_with(g, s, &blocs, &BalanceOptions::default()));
        row("  balance", secs, held, peak);
        let (brokers, secs, held, peak) =
            stage(|| brokers_with(s, &blocs, &BrokerOptions::default()));
        row("  brokers", secs, held, peak);
        let (without, secs, held, peak) = stage(|| without_weak(g));
        row("  without weak ties", secs, held, peak);
        let (found, secs, held, peak) = stage(|| {
            findings(&Inputs {
                graph: g,
                snapshot: s,
                centrality: &centrality,
                influence: influence.as_ref(),
                focused: false,
                blocs: &blocs,
                brokers: &brokers,
                cascade: cascade.as_ref(),
                without_weak: without.as_ref(),
            })
        });
        row("  findings", secs, held, peak);
        let (robustness, secs, held, peak) =
            stage(|| entente::report::robustness::section::build(g));
        row("  robustness", secs, held, peak);
        drop((
            summary, centrality, influence, cascade, blocs, balance, brokers,
        ));
        drop((without, found, robustness, snapshot));
        let (report, secs, held, peak) = stage(|| Report::build(g, &[], &opts));
        row("report (every analysis)", secs, held, peak);
        let (text, secs, held, peak) = stage(|| report.to_document().to_text());
        row("report as text", secs, held, peak);
        drop((report, text));
        println!(
            "held at the end (text + graph): {:.1} MiB",
            mib(LIVE.load(Relaxed))
        );
    }
}
