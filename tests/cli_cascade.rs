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

/// The cascade of Russia attacking Azerbaijan as JSON, with `extra` options.
fn russia_attacks_azerbaijan(extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "cascade",
        "--attacker",
        "RUS",
        "--target",
        "AZE",
        "--format",
        "json",
    ];
    args.extend(extra);
    serde_json::from_str(&stdout(&args)).unwrap()
}

/// Each join's actor → (side, involvement, pull, reasons' pulls).
fn joins(
    v: &serde_json::Value,
) -> std::collections::BTreeMap<String, (String, String, f64, Vec<f64>)> {
    v["rounds"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["joins"].as_array().unwrap())
        .map(|j| {
            let shares = j["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["pull"].as_f64().unwrap())
                .collect();
            (
                j["actor"].as_str().unwrap().to_string(),
                (
                    j["side"].as_str().unwrap().to_string(),
                    j["involvement"].as_str().unwrap().to_string(),
                    j["pull"].as_f64().unwrap(),
                    shares,
                ),
            )
        })
        .collect()
}

#[test]
fn combine_nets_each_pairs_relations_before_they_pull() {
    let plain = russia_attacks_azerbaijan(&[]);
    assert_eq!(plain["combine"], serde_json::Value::Null);
    let head = stdout(&["cascade", "--attacker", "RUS", "--target", "AZE"]);
    assert!(!head.contains("netted"));
    let noisy = russia_attacks_azerbaijan(&["--combine", "noisy-or"]);
    assert_eq!(noisy["combine"], "noisy-or");
    let (p, n) = (joins(&plain), joins(&noisy));
    // Turkey's alliance, defence commitment and kinship with Azerbaijan are one pair: netted
    // by the noisy-or they pull less than their sum and less than 1, and Turkey still fights.
    let (tur_plain, tur) = (&p["TUR"], &n["TUR"]);
    assert!(tur.2 < tur_plain.2, "{} {}", tur.2, tur_plain.2);
    assert_eq!((tur.0.as_str(), tur.1.as_str()), ("target", "combat"));
    let aze_pair: f64 = noisy["rounds"][0]["joins"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["actor"] == "TUR")
        .unwrap()["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["with"] == "AZE")
        .map(|r| r["pull"].as_f64().unwrap())
        .sum();
    assert!(aze_pair < 1.0 && aze_pair > 0.9, "{aze_pair}");
    // Every join's reasons are shares of its pull.
    for (actor, (_, _, pull, shares)) in n.iter().chain(&p) {
        let total: f64 = shares.iter().sum();
        assert!((total - pull).abs() < 1e-9, "{actor}: {total} {pull}");
    }
    // Each rule gives its own cascade, named at its head.
    let sum = russia_attacks_azerbaijan(&["--combine", "sum"]);
    assert_eq!(sum["combine"], "sum");
    let text = stdout(&[
        "cascade",
        "--attacker",
        "RUS",
        "--target",
        "AZE",
        "--combine",
        "strongest",
    ]);
    assert!(text.contains("pulls netted by strongest"), "{text}");
    // The report's cascade section follows the option too.
    let report: serde_json::Value = serde_json::from_str(&stdout(&[
        "report",
        "--attacker",
        "RUS",
        "--target",
        "AZE",
        "--combine",
        "noisy-or",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(report["cascade"]["combine"], "noisy-or");
    assert_eq!(joins(&report["cascade"])["TUR"].2, n["TUR"].2);
}
