//! The benchmark suite at three sizes: loading, validation and every analysis on graphs from
//! `entente::generate` (planted blocs, heavy-tailed degrees, 5 % sign noise).
//!
//! ```text
//! cargo bench --bench scale                          # 1k/5k and 10k/50k actors/relations
//! ENTENTE_BENCH_LARGE=1 cargo bench --bench scale    # also 100k/1M (minutes)
//! cargo bench --bench scale -- blocs                 # one group
//! ```
//!
//! Measures that are O(n·m) (betweenness, closeness) run at 1k/5k only, and at 10k/50k
//! with `ENTENTE_BENCH_LARGE=1`: exact all-pairs shortest paths on 100k/1M is hours of work
//! for any library. The side-by-side comparison with igraph, rustworkx, NetworkX and
//! leidenalg is `bench/compare`.

use divan::Bencher;
use entente::analysis::balance::{BalanceOptions, balance_with};
use entente::analysis::blocs::{BlocOptions, BlocResult, detect_blocs_in};
use entente::analysis::brokers::{BrokerOptions, brokers_with};
use entente::analysis::centrality::{CentralityOptions, Measure, centrality};
use entente::analysis::paths::{PathOptions, strongest_paths_in};
use entente::diagram::{DotOptions, to_dot};
use entente::generate::{GenerateOptions, generate};
use entente::scenario::diff::{DiffOptions, Sources, diff};
use entente::scenario::{Edit, apply};
use entente::{ActorGraph, ActorId, Relation, RelationKind, Snapshot};
use std::sync::OnceLock;

fn main() {
    divan::main();
}

const SMALL: &str = "1k/5k";
const MEDIUM: &str = "10k/50k";
const LARGE: &str = "100k/1M";

fn large() -> bool {
    std::env::var_os("ENTENTE_BENCH_LARGE").is_some_and(|v| v != "0")
}

/// Sizes for the near-linear work.
fn sizes() -> Vec<&'static str> {
    let mut v = vec![SMALL, MEDIUM];
    if large() {
        v.push(LARGE);
    }
    v
}

/// Sizes for the O(n·m) measures.
fn quadratic_sizes() -> Vec<&'static str> {
    let mut v = vec![SMALL];
    if large() {
        v.push(MEDIUM);
    }
    v
}

struct Fixture {
    ron: String,
    graph: ActorGraph,
    snapshot: Snapshot,
    blocs: BlocResult,
    /// Two actors with paths between them: a hub and a low-degree actor far from it.
    pair: (ActorId, ActorId),
}

fn fixture(size: &str) -> &'static Fixture {
    static CELLS: [OnceLock<Fixture>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let (slot, actors, relations) = match size {
        SMALL => (0, 1_000, 5_000),
        MEDIUM => (1, 10_000, 50_000),
        _ => (2, 100_000, 1_000_000),
    };
    CELLS[slot].get_or_init(|| {
        let g = generate(&GenerateOptions {
            actors,
            relations,
            blocs: 8,
            noise: 0.05,
            seed: 1,
            ..GenerateOptions::default()
        })
        .expect("valid options")
        .graph;
        let snapshot = Snapshot::new(&g);
        let blocs = detect_blocs_in(&g, &snapshot, &BlocOptions::default());
        let hub = (0..snapshot.len())
            .max_by_key(|&u| snapshot.undirected.degree(u))
            .expect("actors");
        let leaf = (0..snapshot.len())
            .rev()
            .find(|&u| snapshot.undirected.degree(u) == 1)
            .unwrap_or(0);
        let pair = (snapshot.ids[leaf].clone(), snapshot.ids[hub].clone());
        Fixture {
            ron: entente::format::ron::to_string(&g),
            graph: g,
            snapshot,
            blocs,
            pair,
        }
    })
}

#[divan::bench(args = sizes(), sample_count = 3, sample_size = 1)]
fn load(bencher: Bencher, size: &str) {
    let f = fixture(size);
    bencher.bench(|| entente::format::ron::from_str(&f.ron).expect("valid"));
}

/// `entente import` of an edges CSV alone: every actor is implied by the relations (this
/// was quadratic: 100k rows took 69 s).
#[divan::bench(args = sizes(), sample_count = 3, sample_size = 1)]
fn csv_import_without_nodes(bencher: Bencher, size: &str) {
    use entente::format::csv::{CsvColumns, CsvFile, CsvInput, edges_to_string, import};
    let edges = edges_to_string(&fixture(size).graph);
    let columns = CsvColumns::default();
    bencher.bench(|| {
        import(&CsvInput {
            edges: CsvFile::new("edges.csv", &edges),
            nodes: None,
            columns: &columns,
            graph_name: "bench",
        })
        .expect("valid")
    });
}

#[divan::bench(args = sizes(), sample_count = 3, sample_size = 1)]
fn validate(bencher: Bencher, size: &str) {
    let f = fixture(size);
    bencher.bench(|| f.graph.validate());
}

#[divan::bench(args = sizes(), sample_count = 3, sample_size = 1)]
fn snapshot(bencher: Bencher, size: &str) {
    let f = fixture(size);
    bencher.bench(|| Snapshot::new(&f.graph));
}

#[divan::bench(args = sizes(), sample_count = 3, sample_size = 1)]
fn blocs(bencher: Bencher, size: &str) {
    let f = fixture(size);
    bencher.bench(|| detect_blocs_in(&f.graph, &f.snapshot, &BlocOptions::default()));
}

#[divan::bench(args = sizes(), sample_count = 3, sample_size = 1)]
fn balance(bencher: Bencher, size: &str) {
    let f = fixture(size);
    bencher.bench(|| balance_with(&f.graph, &f.snapshot, &f.blocs, &BalanceOptions::default()));
}

#[divan::bench(args = sizes(), sample_count = 3, sample_size = 1)]
fn brokers(bencher: Bencher, size: &str) {
    let f = fixture(size);
    bencher.bench(|| brokers_with(&f.snapshot, &f.blocs, &BrokerOptions::default()));
}

fn paths_k(bencher: Bencher, size: &str, k: usize) {
    let f = fixture(size);
    let opts = PathOptions {
        k,
        ..PathOptions::default()
    };
    bencher.bench(|| strongest_paths_in(&f.graph, &f.snapshot, &f.pair.0, &f.pair.1, &opts));
}

#[divan::bench(args = sizes(), sample_count = 3, sample_size = 1)]
fn path_single_pair(bencher: Bencher, size: &str) {
    paths_k(bencher, size, 1);
}

#[divan::bench(args = sizes(), sample_count = 3, sample_size = 1)]
fn paths_k10(bencher: Bencher, size: &str) {
    paths_k(bencher, size, 10);
}

fn measure(bencher: Bencher, size: &str, m: Measure) {
    let f = fixture(size);
    let opts = CentralityOptions {
        measures: vec![m],
        ..CentralityOptions::default()
    };
    bencher.bench(|| centrality(&f.graph, &opts, None));
}

#[divan::bench(args = quadratic_sizes(), sample_count = 2, sample_size = 1)]
fn betweenness(bencher: Bencher, size: &str) {
    measure(bencher, size, Measure::Betweenness);
}

#[divan::bench(args = quadratic_sizes(), sample_count = 2, sample_size = 1)]
fn betweenness_weighted(bencher: Bencher, size: &str) {
    measure(bencher, size, Measure::WeightedBetweenness);
}

#[divan::bench(args = quadratic_sizes(), sample_count = 2, sample_size = 1)]
fn closeness(bencher: Bencher, size: &str) {
    measure(bencher, size, Measure::Closeness);
}

#[divan::bench(args = sizes(), sample_count = 3, sample_size = 1)]
fn pagerank(bencher: Bencher, size: &str) {
    measure(bencher, size, Measure::Pagerank);
}

#[divan::bench(args = sizes(), sample_count = 3, sample_size = 1)]
fn dot_export(bencher: Bencher, size: &str) {
    let f = fixture(size);
    // Clustering by bloc would time bloc detection again (benched above).
    let opts = DotOptions {
        cluster_by: None,
        ..DotOptions::default()
    };
    bencher.bench(|| to_dot(&f.graph, &opts).expect("dot"));
}

/// A what-if of a typical size: the hub leaves, ten ties change sign, one new alliance.
fn scenario_edits(f: &Fixture) -> Vec<Edit> {
    let mut edits = vec![Edit::RemoveActor {
        id: f.pair.1.clone(),
    }];
    for r in f
        .graph
        .relations()
        .filter(|r| r.from != f.pair.1 && r.to != f.pair.1)
        .take(10)
    {
        let w = -r.weight;
        let mut flipped = Relation::new(
            r.from.as_str(),
            r.to.as_str(),
            RelationKind::default_for_weight(w),
            w,
        );
        flipped.confidence = r.confidence;
        edits.push(Edit::SetRelation(flipped));
    }
    edits
}

#[divan::bench(args = sizes(), sample_count = 3, sample_size = 1)]
fn scenario_apply_and_diff(bencher: Bencher, size: &str) {
    let f = fixture(size);
    let edits = scenario_edits(f);
    let sources = Sources {
        before: "base".into(),
        after: "scenario".into(),
        scenario: None,
    };
    let opts = DiffOptions {
        analyses: false,
        ..DiffOptions::default()
    };
    bencher.bench(|| {
        let applied = apply(&f.graph, &edits).expect("edits apply");
        diff(&f.graph, &applied.graph, &sources, &opts)
    });
}
