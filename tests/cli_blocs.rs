//! `entente blocs`, `entente balance` and `entente brokers` as a user runs them.

mod support;

use predicates::prelude::*;
use support::cli::{entente, json, stdout};

/// A frozen copy of the shipped graph, so that snapshots do not move with it.
const SC: &str = "tests/fixtures/blocs/south_caucasus_2025.ron";

fn members(v: &serde_json::Value, bloc: usize) -> Vec<String> {
    v["blocs"][bloc]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn blocs_table_snapshot() {
    insta::assert_snapshot!(stdout(&["blocs", SC]));
}

#[test]
fn balance_table_snapshot() {
    insta::assert_snapshot!(stdout(&["balance", SC]));
}

#[test]
fn brokers_table_snapshot() {
    insta::assert_snapshot!(stdout(&["brokers", SC]));
}

#[test]
fn blocs_json_is_proved_and_separates_the_camps() {
    let v = json(&["blocs", SC, "--format", "json"]);
    assert_eq!(v["optimal"], true);
    assert_eq!(v["method"], "exact");
    assert_eq!(v["frustration"], v["lower_bound"]);
    let west = members(&v, 0);
    let russia = members(&v, 1);
    for id in ["AZE", "TUR", "ISR", "USA", "UKR"] {
        assert!(west.contains(&id.to_string()), "{id} in {west:?}");
    }
    for id in ["RUS", "IRN", "FSB"] {
        assert!(russia.contains(&id.to_string()), "{id} in {russia:?}");
    }
    // Every frustrated relation is explained.
    let frustrated = v["frustrated"].as_array().unwrap();
    assert!(!frustrated.is_empty());
    let sum: f64 = frustrated
        .iter()
        .map(|f| f["weight"].as_f64().unwrap().abs())
        .sum();
    assert!((sum - v["frustration"].as_f64().unwrap()).abs() < 1e-9);
    assert!(frustrated.iter().all(|f| f["note"].is_string()));
    // The assignment agrees with the members.
    assert_eq!(v["assignment"]["RUS"], 1);
}

#[test]
fn same_seed_same_bytes_and_fixed_k() {
    let a = stdout(&["blocs", SC, "--seed", "7", "--format", "json"]);
    let b = stdout(&["blocs", SC, "--seed", "7", "--format", "json"]);
    assert_eq!(a, b);
    let v = json(&["blocs", SC, "--k", "2", "--format", "json"]);
    assert_eq!(v["blocs"].as_array().unwrap().len(), 2);
    assert_eq!(v["optimal"], true);
    let free = json(&["blocs", SC, "--format", "json"]);
    assert!(v["frustration"].as_f64().unwrap() >= free["frustration"].as_f64().unwrap());
    let at_most = json(&["blocs", SC, "--k", "3", "--at-most", "--format", "json"]);
    assert!(at_most["blocs"].as_array().unwrap().len() <= 3);
}

#[test]
fn filters_and_formats() {
    let all = json(&["blocs", SC, "--format", "json"]);
    let sure = json(&[
        "blocs",
        SC,
        "--min-confidence",
        "probably-true",
        "--format",
        "json",
    ]);
    assert!(sure["ties"].as_u64().unwrap() < all["ties"].as_u64().unwrap());
    let early = json(&["blocs", SC, "--as-of", "2020", "--format", "json"]);
    assert!(early["ties"].as_u64().unwrap() <= all["ties"].as_u64().unwrap());
    let csv = stdout(&["blocs", SC, "--format", "csv"]);
    // Several tables: one long table, a line per cell.
    assert!(csv.starts_with("section,table,row,column,value\n"), "{csv}");
    assert!(
        csv.lines()
            .any(|l| l.starts_with("Blocs,frustrated,1,actors,"))
    );
    let md = stdout(&["balance", SC, "--format", "md"]);
    assert!(md.starts_with("## Structural balance\n"));
    let b = json(&["brokers", SC, "--format", "json"]);
    assert_eq!(b["bridges"][0]["actor"], "AZE");
}

#[test]
fn balance_json_reports_both_indices_and_the_tests() {
    let v = json(&["balance", SC, "--format", "json"]);
    let fi = &v["frustration_index"];
    assert_eq!(fi["optimal"], true);
    let l = fi["value"].as_f64().unwrap();
    let m = v["ties"].as_f64().unwrap();
    assert!((fi["normalised_balance"].as_f64().unwrap() - (1.0 - l / (m / 2.0))).abs() < 1e-12);
    let t = &v["triangles"];
    let total = t["total"].as_u64().unwrap();
    assert_eq!(
        total,
        ["ppp", "ppn", "pnn", "nnn"]
            .iter()
            .map(|k| t[k].as_u64().unwrap())
            .sum::<u64>()
    );
    assert_eq!(
        v["unbalanced_triads_total"].as_u64().unwrap(),
        t["ppn"].as_u64().unwrap() + t["nnn"].as_u64().unwrap()
    );
    assert_eq!(v["balanced"]["holds"], false);
    assert!(v["balanced"]["witness"].as_array().unwrap().len() >= 3);
}

#[test]
fn built_in_graph_and_report_sections() {
    entente()
        .args(["blocs"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Frustrated relations"));
    let r = json(&["report", SC, "--format", "json"]);
    assert!(r["blocs"]["blocs"].is_array());
    assert!(r["balance"]["frustration_index"]["value"].is_number());
    assert!(r["brokers"]["roles"].is_array());
    let text = stdout(&["report", SC]);
    for h in ["\nBlocs\n", "\nStructural balance\n", "\nBrokers\n"] {
        assert!(text.contains(h), "{h}");
    }
}

#[test]
fn bad_numbers_of_blocs_are_bad_input() {
    entente()
        .args(["blocs", SC, "--k", "0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--k must be at least 1"));
    entente()
        .args(["blocs", SC, "--k", "500"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "more blocs than the graph has actors",
        ));
    entente().args(["blocs", SC, "--at-most"]).assert().code(2);
    entente()
        .args(["balance", "tests/fixtures/blocs/missing.ron"])
        .assert()
        .code(1);
}

/// Two blocs are solved exactly up to the frustration index's limit (64 actors), so `blocs
/// --k 2` proves what `balance` proves; a free partition of the same 50 actors is beyond the
/// default exact limit (40) and is the heuristic's.
#[test]
fn two_blocs_are_proved_as_far_as_the_frustration_index() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("g50.ron");
    let file = file.to_str().unwrap();
    stdout(&[
        "generate",
        "--actors",
        "50",
        "--relations",
        "300",
        "--noise",
        "0.1",
        "-o",
        file,
    ]);
    let two = json(&["blocs", file, "--k", "2", "--format", "json"]);
    assert_eq!(two["method"], "exact");
    assert_eq!(two["optimal"], true);
    let balance = json(&["balance", file, "--format", "json"]);
    let index = &balance["weighted_frustration_index"];
    assert_eq!(index["optimal"], true);
    assert_eq!(two["frustration"], index["value"]);
    let free = json(&["blocs", file, "--format", "json"]);
    assert_eq!(free["method"], "heuristic");
    // An explicit limit still decides.
    let capped = json(&[
        "blocs",
        file,
        "--k",
        "2",
        "--exact-limit",
        "40",
        "--format",
        "json",
    ]);
    assert_eq!(capped["method"], "heuristic");
}
