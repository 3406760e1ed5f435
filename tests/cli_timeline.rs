//! `entente timeline`: a pair's series and change points, blocs and ranks per period, the
//! chart, and its errors (issue 17, item 4).

mod support;

use predicates::prelude::*;
use support::cli::{entente, json};

const GRAPH: &str = r#"Graph(
    name: "Turn",
    actors: [
        Actor(id: "R", name: "R", kind: State),
        Actor(id: "A", name: "A", kind: State),
        Actor(id: "T", name: "T", kind: State),
    ],
    relations: [
        Relation(from: "R", to: "A", kind: Partnership, weight: 0.8, since: "2022-02", until: "2024-12"),
        Relation(from: "R", to: "A", kind: Hostility, weight: -0.7, since: "2025-06"),
        Relation(from: "T", to: "A", kind: Alliance, weight: 0.9, since: "2021"),
        Relation(from: "T", to: "R", kind: Rivalry, weight: -0.3, since: "2021"),
    ],
    events: [
        Event(date: "2024-12-25", actors: ["R", "A"], from: "R", to: "A", kind: "shootdown", score: -7.0, summary: "An airliner is shot down."),
        Event(date: "2025-06-27", actors: ["R", "A"], from: "R", to: "A", kind: "raid", score: -6.0, summary: "A raid and deaths in custody."),
    ],
)"#;

fn graph() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("turn.ron");
    std::fs::write(&p, GRAPH).unwrap();
    let s = p.to_str().unwrap().to_string();
    (dir, s)
}

#[test]
fn a_pair_series_finds_the_turn_and_what_lies_behind_it() {
    let (dir, g) = graph();
    let t = json(&[
        "timeline", &g, "--pair", "R,A", "--by", "quarter", "--format", "json",
    ]);
    let points = t["points"].as_array().unwrap();
    assert_eq!(points[0]["period"], "2021-Q1");
    assert_eq!(points.last().unwrap()["period"], "2025-Q2");
    let w = |p: &str| {
        points.iter().find(|x| x["period"] == p).unwrap()["weight"]
            .as_f64()
            .unwrap()
    };
    assert_eq!(w("2021-Q4"), 0.0);
    assert_eq!(w("2023-Q2"), 0.8);
    assert_eq!(w("2025-Q1"), 0.0);
    assert_eq!(w("2025-Q2"), -0.7);
    let cps: Vec<&str> = t["change_points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["period"].as_str().unwrap())
        .collect();
    assert_eq!(cps, ["2022-Q1", "2025-Q1", "2025-Q2"]);
    let last = &t["change_points"][2];
    assert_eq!(last["began"][0]["kind"], "hostility");
    assert_eq!(last["events"][0]["kind"], "raid");
    assert_eq!(t["change_points"][1]["ended"][0]["kind"], "partnership");
    assert_eq!(t["change_points"][1]["events"][0]["kind"], "shootdown");
    // A higher penalty finds fewer changes; a huge one none.
    let count = |penalty: &str| {
        json(&[
            "timeline",
            &g,
            "--pair",
            "R,A",
            "--penalty",
            penalty,
            "--format",
            "json",
        ])["change_points"]
            .as_array()
            .unwrap()
            .len()
    };
    let some = count("0.5");
    assert!((1..3).contains(&some), "{some}");
    assert_eq!(count("100"), 0);

    // The chart: written, well-formed, the same bytes twice, never over an input.
    let svg = dir.path().join("turn.svg");
    entente()
        .args(["timeline", &g, "--pair", "R,A", "--svg"])
        .arg(&svg)
        .assert()
        .success()
        .stderr(predicate::str::contains("wrote"));
    let first = std::fs::read_to_string(&svg).unwrap();
    assert!(first.starts_with("<?xml") && first.trim_end().ends_with("</svg>"));
    assert!(entente::format::xml::parse(&first).is_ok());
    entente()
        .args(["timeline", &g, "--pair", "R,A", "--force", "--svg"])
        .arg(&svg)
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&svg).unwrap(), first);
    entente()
        .args(["timeline", &g, "--pair", "R,A", "--force", "--svg", &g])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("refusing to overwrite"));
}

#[test]
fn blocs_and_ranks_per_period() {
    let (_dir, g) = graph();
    let b = json(&[
        "timeline", &g, "--blocs", "--by", "year", "--format", "json",
    ]);
    let periods = b["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 5);
    // R sits with T and A until the partnership ends; in 2025 R is alone against A and T.
    let moves = b["moves"].as_array().unwrap();
    assert!(
        moves
            .iter()
            .any(|m| m["actor"] == "R" && m["period"] == "2025"),
        "{b}"
    );
    let r = json(&[
        "timeline",
        &g,
        "--centrality",
        "weighted_degree",
        "--by",
        "year",
        "--format",
        "json",
    ]);
    assert_eq!(r["periods"].as_array().unwrap().len(), 5);
    assert_eq!(r["actors"].as_array().unwrap().len(), 3);
}

#[test]
fn bad_requests_are_clear() {
    let (_dir, g) = graph();
    entente()
        .args(["timeline", &g, "--pair", "R,X"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no actor `X`"));
    entente()
        .args(["timeline", &g, "--pair", "R"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("A,B"));
    entente()
        .args(["timeline", &g, "--pair", "R,A", "--penalty", "-1"])
        .assert()
        .code(2);
    entente()
        .args(["timeline", &g, "--centrality", "fame"])
        .assert()
        .code(2);
    entente().args(["timeline", &g]).assert().code(2);
    entente()
        .args([
            "timeline", &g, "--blocs", "--by", "day", "--from", "1900", "--to", "2025",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("more than"));
}

/// The chart in the README is what the command draws on the shipped graph.
#[test]
fn the_readme_chart_is_current() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("chart.svg");
    entente()
        .args([
            "timeline", "--pair", "RUS,AZE", "--by", "quarter", "--from", "2020", "--svg",
        ])
        .arg(&svg)
        .assert()
        .success();
    let drawn = std::fs::read_to_string(&svg).unwrap();
    let shipped = std::fs::read_to_string("docs/img/timeline_rus_aze.svg").unwrap();
    assert!(
        drawn == shipped,
        "docs/img/timeline_rus_aze.svg is stale: run `cargo run -- timeline --pair RUS,AZE \
         --by quarter --from 2020 --svg docs/img/timeline_rus_aze.svg --force`"
    );
}

/// On a graph built from event data, a pair's events per period are those of its tallies in
/// both directions: the counts `events summary` gives (checked against pandas and DuckDB).
#[test]
fn a_pair_of_an_event_built_graph_counts_its_tallied_events() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        "tests/fixtures/events/gdelt-georgia-2012-07.csv",
        "tests/fixtures/events/20120801-20120831.export.tsv",
    ];
    let g = dir.path().join("events.ron");
    let g = g.to_str().unwrap();
    let mut import = vec!["events", "import"];
    import.extend(files);
    import.extend(["-o", g]);
    support::cli::stdout(&import);
    let mut summary = vec!["events", "summary"];
    summary.extend(files);
    summary.extend(["--by", "month", "--format", "json"]);
    let rows = json(&summary);
    let expected = |month: &str| -> (u64, f64) {
        let mut n = 0;
        let mut sum = 0.0;
        for r in rows.as_array().unwrap() {
            let pair = (r["source"].as_str().unwrap(), r["target"].as_str().unwrap());
            if r["period"] == month && (pair == ("GEO", "USA") || pair == ("USA", "GEO")) {
                let k = r["events"].as_u64().unwrap();
                n += k;
                sum += r["goldstein_mean"].as_f64().unwrap() * k as f64;
            }
        }
        (n, sum)
    };
    let t = json(&[
        "timeline", g, "--pair", "GEO,USA", "--by", "month", "--format", "json",
    ]);
    let points = t["points"].as_array().unwrap();
    assert!(!points.is_empty());
    let mut seen = 0;
    for p in points {
        let (n, sum) = expected(p["period"].as_str().unwrap());
        assert_eq!(p["events"].as_u64().unwrap(), n, "{p}");
        if n > 0 {
            seen += n;
            let mean = p["event_score"].as_f64().unwrap();
            assert!(
                (mean - sum / n as f64).abs() < 1e-3,
                "{p}: {}",
                sum / n as f64
            );
        }
    }
    assert!(seen > 0, "the fixture has GEO–USA events");
}
