//! `entente path`, `entente influence` and `entente centrality` as a user runs them.

mod support;

use predicates::prelude::*;
use support::cli::{entente, json, stdout};

/// A frozen copy of the shipped graph, so that snapshots do not move with it.
const SC: &str = "tests/fixtures/centrality/south_caucasus_2025.ron";

#[test]
fn path_on_a_file_and_on_the_built_in_graph() {
    let v = json(&["path", SC, "TUR", "RUS", "-k", "3", "--format", "json"]);
    let paths = v["paths"].as_array().unwrap();
    assert_eq!(paths.len(), 3);
    assert_eq!(paths[0]["actors"][0], "TUR");
    assert_eq!(
        paths[0]["actors"].as_array().unwrap().last().unwrap(),
        "RUS"
    );
    let s: Vec<f64> = paths
        .iter()
        .map(|p| p["strength"].as_f64().unwrap())
        .collect();
    assert!(s.windows(2).all(|w| w[0] >= w[1]));
    assert_eq!(paths[0]["hops"][0]["from"], "TUR");
    assert!(paths[0]["hops"][0]["kind"].is_string());
    // Two operands: the built-in graph.
    entente()
        .args(["path", "TUR", "RUS"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Influence paths from TUR to RUS"));
}

#[test]
fn path_table_snapshot() {
    let text = stdout(&["path", SC, "USA", "IRN", "-k", "3", "--allow-hostile"]);
    insta::assert_snapshot!(text);
}

#[test]
fn path_constraints() {
    let v = json(&[
        "path",
        SC,
        "TUR",
        "RUS",
        "-k",
        "4",
        "--avoid",
        "NATO,AZE_ARMED",
        "--via",
        "CHN",
        "--max-hops",
        "4",
        "--all-dates",
        "--format",
        "json",
    ]);
    let paths = v["paths"].as_array().unwrap();
    assert_eq!(paths.len(), 3, "only three such paths exist");
    for p in paths {
        let actors: Vec<&str> = p["actors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        assert!(actors.contains(&"CHN"), "{actors:?}");
        assert!(!actors.contains(&"NATO") && !actors.contains(&"AZE_ARMED"));
        assert!(actors.len() <= 5);
    }
}

#[test]
fn no_path_says_why() {
    entente()
        .args(["path", SC, "AZE", "ARM", "--max-hops", "1", "--all-dates"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("no path has at most 1 hop"));
    let out = entente()
        .args([
            "path",
            SC,
            "AZE",
            "ARM",
            "--max-hops",
            "1",
            "--all-dates",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["paths"].as_array().unwrap().len(), 0);
    assert_eq!(v["no_path"]["reason"], "constraints-too-tight");
    // X18 is isolated.
    entente()
        .args([
            "path",
            "tests/fixtures/centrality/disconnected.ron",
            "X0",
            "X18",
            "--allow-hostile",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no chain of relations"));
}

#[test]
fn path_bad_input() {
    entente()
        .args(["path", SC, "AZR", "RUS"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no actor `AZR`"))
        .stderr(predicate::str::contains("did you mean `AZE`?"));
    entente()
        .args(["path", SC, "RUS"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("looks like a graph file"));
    entente()
        .args(["path", SC, "RUS", "RUS"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("both the source and the target"));
    entente().args(["path", "RUS"]).assert().code(2);
}

#[test]
fn influence_ranks_and_lists_direct_ties() {
    let v = json(&["influence", SC, "--on", "AZE", "--format", "json"]);
    assert_eq!(v["target"], "AZE");
    let ranking = v["ranking"].as_array().unwrap();
    assert!(ranking.len() > 10);
    let scores: Vec<f64> = ranking
        .iter()
        .map(|r| r["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]));
    assert!(
        ranking
            .iter()
            .all(|r| r["path"].as_array().unwrap().last().unwrap() == "AZE")
    );
    assert!(v["direct"].as_array().unwrap().len() > 10);
    let top = json(&[
        "influence",
        SC,
        "--on",
        "AZE",
        "--by",
        "sum-k",
        "-k",
        "3",
        "--top",
        "5",
        "--format",
        "json",
    ]);
    assert_eq!(top["ranking"].as_array().unwrap().len(), 5);
    assert_eq!(top["by"], "sum-k");
    entente()
        .args(["influence", SC, "--on", "AZEE"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `AZE`?"));
    entente()
        .args(["influence", SC, "--on", "AZE", "--by", "mean"])
        .assert()
        .code(2);
}

#[test]
fn centrality_json_per_actor_per_measure() {
    let v = json(&["centrality", SC, "--format", "json"]);
    let actors = v["actors"].as_object().unwrap();
    assert_eq!(actors.len(), 31);
    assert_eq!(actors["AZE"].as_object().unwrap().len(), 15);
    assert!(actors["AZE"]["weighted_betweenness"].is_number());
    let v = json(&[
        "centrality",
        SC,
        "--measure",
        "pn,betweenness",
        "--top",
        "3",
        "--normalized",
        "--format",
        "json",
    ]);
    assert_eq!(v["measures"], serde_json::json!(["pn", "betweenness"]));
    assert_eq!(v["actors"].as_object().unwrap().len(), 3);
    assert_eq!(v["normalized"], true);
    entente()
        .args(["centrality", SC, "--measure", "closenes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown measure"));
}

#[test]
fn centrality_table_snapshot() {
    let text = stdout(&[
        "centrality",
        SC,
        "--measure",
        "betweenness,weighted_closeness,pagerank,pn",
        "--top",
        "8",
    ]);
    insta::assert_snapshot!(text);
}

#[test]
fn centrality_csv_is_one_table() {
    let text = stdout(&[
        "centrality",
        SC,
        "--measure",
        "degree,katz",
        "--format",
        "csv",
    ]);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("#,actor,deg,katz"));
    assert_eq!(lines.count(), 31);
}

#[test]
fn report_has_centrality_and_influence_sections() {
    let text = stdout(&["report", SC]);
    assert!(text.contains("Centrality: South Caucasus 2025"));
    assert!(text.contains("Influence on AZE (Azerbaijan)"));
    let v = json(&["report", SC, "--format", "json"]);
    assert!(v["centrality"]["actors"]["AZE"]["pagerank"].is_number());
    assert_eq!(v["influence"]["target"], "AZE");
}

/// Centrality warns up front only when a measure that searches from every actor meets a
/// graph over the report's budget of actor × relation steps.
#[test]
fn centrality_warns_before_hours_of_path_searches() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("wide.ron");
    // 10 001 actors × 10 001 relations is just over 1e8 steps; sparse, so it stays fast.
    entente()
        .args([
            "generate",
            "--actors",
            "10001",
            "--relations",
            "10001",
            "--seed",
            "1",
            "-o",
        ])
        .arg(&g)
        .assert()
        .success();
    entente()
        .arg("centrality")
        .arg(&g)
        .args(["--measure", "closeness", "--top", "1"])
        .assert()
        .success()
        .stderr(
            predicate::str::contains("closeness search shortest paths")
                .and(predicate::str::contains(
                    "10001 actors over 10001 relations",
                ))
                .and(predicate::str::contains("grows as actors × relations")),
        );
    for quiet in [
        vec!["--measure", "pagerank"],
        vec!["--measure", "betweenness", "--sample", "10"],
    ] {
        entente()
            .arg("centrality")
            .arg(&g)
            .args(&quiet)
            .args(["--top", "1"])
            .assert()
            .success()
            .stderr(predicate::str::contains("shortest paths from each").not());
    }
    entente()
        .args(["centrality", SC, "--top", "1"])
        .assert()
        .success()
        .stderr(predicate::str::contains("shortest paths from each").not());
}
