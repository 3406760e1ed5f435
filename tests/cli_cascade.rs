//! `entente cascade`: the South Caucasus case (snapshot, read before accepting), the
//! escalation scenario as input, and bad input.

mod support;

use predicates::prelude::*;
use support::cli::{entente, stdout};

#[test]
fn russia_attacking_azerbaijan_on_the_shipped_graph() {
    let text = stdout(&["cascade", "--attacker", "RUS", "--target", "AZE"]);
    insta::assert_snapshot!(text);
}

#[test]
fn the_json_says_who_joins_which_side_and_why() {
    let json = stdout(&[
        "cascade",
        "--attacker",
        "RUS",
        "--target",
        "AZE",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let round1 = v["rounds"][0]["joins"].as_array().unwrap();
    let tur = round1.iter().find(|j| j["actor"] == "TUR").unwrap();
    assert_eq!(tur["side"], "target");
    assert_eq!(tur["reasons"][0]["kind"], "alliance");
    let fsb = round1.iter().find(|j| j["actor"] == "FSB").unwrap();
    assert_eq!(fsb["side"], "attacker");
    // The cascade reads the relations in force on the graph's last date: Armenia's war and
    // decades of hostility with Azerbaijan ended in 2020 and 2025 and give it no reason.
    assert_eq!(v["as_of"], "2025-10-09");
    let arm = v["rounds"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["joins"].as_array().unwrap())
        .find(|j| j["actor"] == "ARM")
        .unwrap();
    let reasons = arm["reasons"].as_array().unwrap();
    assert!(!reasons.is_empty());
    assert!(
        reasons
            .iter()
            .all(|r| r["with"] != "AZE" || r["weight"].as_f64().unwrap() > 0.0),
        "{arm}"
    );
    assert_eq!(v["stop"], "settled");
}

#[test]
fn the_escalation_scenario_hardens_turkeys_commitment() {
    let md = stdout(&[
        "cascade",
        "graphs/scenarios/russian_escalation.ron",
        "--attacker",
        "RUS",
        "--target",
        "AZE",
        "--format",
        "md",
    ]);
    assert!(
        md.contains(
            "| TUR | Turkey | target | combat | 2.86 | 0.21 | defence commitment with Azerbaijan, weight 0.95;"
        ),
        "{md}"
    );
}

#[test]
fn a_higher_threshold_commits_fewer_actors() {
    let count = |t: &str| {
        let json = stdout(&[
            "cascade",
            "--attacker",
            "RUS",
            "--target",
            "AZE",
            "--threshold",
            t,
            "--format",
            "json",
        ]);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        v["attacker_side"].as_array().unwrap().len() + v["target_side"].as_array().unwrap().len()
    };
    let (low, mid, high) = (count("0.3"), count("0.5"), count("1.0"));
    assert!(low >= mid && mid > high, "{low} {mid} {high}");
    assert_eq!(count("100"), 2);
}

#[test]
fn bad_requests_exit_2_with_a_hint() {
    entente()
        .args(["cascade", "--attacker", "RUS", "--target", "AZR"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no actor `AZR` in the graph (did you mean `AZE`?)",
        ));
    entente()
        .args(["cascade", "--attacker", "RUS", "--target", "RUS"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot attack itself"));
    entente()
        .args([
            "cascade",
            "--attacker",
            "RUS",
            "--target",
            "AZE",
            "--threshold=-1",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "threshold must be a positive number",
        ));
}
