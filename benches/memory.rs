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
//! builds it and its rendering as text. Each stage's CPU seconds are those of every thread:
//! above its wall seconds where it keeps both cores busy.

use entente::analysis::balance::{BalanceOptions, balance_with};
use entente::analysis::blocs::{BlocOptions, detect_blocs_in};
use entente::analysis::brokers::{BrokerOptions, brokers_with};
use entente::analysis::info::summarize_in;
use entente::format::ron;
use entente::generate::{GenerateOptions, generate};
use entente::model::Snapshot;
use entente::report::findings::{Inputs, cascade_finding, findings};
use entente::report::full::{
    Report, ReportOptions, cascade_section, centrality_section, influence_section, without_weak,
};
use entente::report::{Readers, ToDocument};
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

/// The process's CPU seconds so far, on every thread (user + system).
fn cpu_seconds() -> f64 {
    // SAFETY: `getrusage` fills the zeroed struct it is given and reads nothing else.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(usage.ru_utime) + secs(usage.ru_stime)
}

/// What a stage cost: wall and CPU seconds, and the heap it left held and its peak, both
/// above what was held before.
struct Cost {
    secs: f64,
    cpu: f64,
    held: usize,
    peak: usize,
}

/// Runs `f`, giving its result and its [`Cost`].
fn stage<T>(f: impl FnOnce() -> T) -> (T, Cost) {
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let cpu = cpu_seconds();
    let t = Instant::now();
    let out = f();
    let cost = Cost {
        secs: t.elapsed().as_secs_f64(),
        cpu: cpu_seconds() - cpu,
        held: LIVE.load(Relaxed).saturating_sub(before),
        peak: PEAK.load(Relaxed).saturating_sub(before),
    };
    (out, cost)
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
            "{:<34} {:>8} {:>8} {:>11} {:>10} {:>11} {:>10}",
            "stage", "seconds", "CPU s", "held MiB", "held B/rel", "peak MiB", "peak B/rel"
        );
        let row = |name: &str, c: Cost| {
            println!(
                "{name:<34} {:>8.3} {:>8.3} {:>11.1} {:>10.0} {:>11.1} {:>10.0}",
                c.secs,
                c.cpu,
                mib(c.held),
                c.held as f64 / m,
                mib(c.peak),
                c.peak as f64 / m
            );
        };
        let source = Cost {
            secs: 0.0,
            cpu: 0.0,
            held: text.len(),
            peak: text.len(),
        };
        row("source text", source);
        let (loaded, cost) = stage(|| ron::from_str(&text).expect("a valid graph"));
        row("parse + validate + graph", cost);
        let graph = loaded.graph;
        let g = &graph;
        let (snapshot, cost) = stage(|| Snapshot::new(g));
        row("analysis snapshot", cost);
        let s = &snapshot;
        let opts = ReportOptions::default();
        let (summary, cost) = stage(|| summarize_in(g, s));
        row("  summary", cost);
        let (centrality, cost) = stage(|| centrality_section(g, s));
        row("  centrality", cost);
        let (influence, cost) = stage(|| influence_section(g, s, &centrality, None));
        row("  influence", cost);
        let (cascade, cost) = stage(|| cascade_section(g, s, &centrality, &opts));
        row("  cascade", cost);
        let (blocs, cost) = stage(|| detect_blocs_in(g, s, &BlocOptions::default()));
        row("  blocs", cost);
        let (balance, cost) = stage(|| balance_with(g, s, &blocs, &BalanceOptions::default()));
        row("  balance", cost);
        let (brokers, cost) = stage(|| brokers_with(s, &blocs, &BrokerOptions::default()));
        row("  brokers", cost);
        let (without, cost) = stage(|| without_weak(g));
        row("  without weak ties", cost);
        let (found, cost) = stage(|| {
            let cascade = cascade.as_ref().map(|k| cascade_finding(g, s, k));
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
        row("  findings", cost);
        let (robustness, cost) = stage(|| entente::report::robustness::section::build(g));
        row("  robustness", cost);
        drop((
            summary, centrality, influence, cascade, blocs, balance, brokers,
        ));
        drop((without, found, robustness, snapshot));
        let (report, cost) = stage(|| Report::build(g, &[], &opts));
        row("report (every analysis)", cost);
        let (text, cost) = stage(|| report.to_document_for(Readers::People).to_text());
        row("report as text", cost);
        drop((report, text));
        println!(
            "held at the end (text + graph): {:.1} MiB",
            mib(LIVE.load(Relaxed))
        );
    }
}
