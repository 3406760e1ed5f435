//! How relations are read, on the shipped graph: `--combine` (issue 19, item 1) on every
//! command that reads a graph.

mod support;

use predicates::prelude::*;
use support::cli::{entente, json, stdout};

const ESCALATION: &str = "graphs/scenarios/russian_escalation.ron";

/// Every command that reads a graph, with the operands it needs.
fn graph_commands() -> Vec<Vec<&'static str>> {
    vec![
        vec!["info"],
        vec!["report"],
        vec!["blocs"],
        vec!["balance"],
        vec!["brokers"],
        vec!["centrality"],
        vec!["influence", "--on", "AZE"],
        vec!["path", "RUS", "AZE"],
        vec!["cascade", "--attacker", "RUS", "--target", "AZE"],
        vec!["dot"],
        vec!["export", "--to", "json"],
        vec!["timeline", "--pair", "RUS,AZE", "--by", "year"],
        vec!["scenario", "diff", ESCALATION],
        vec!["diff", "graphs/south_caucasus_2025.ron", ESCALATION],
    ]
}

#[test]
fn every_command_takes_each_combination_rule() {
    for cmd in graph_commands() {
        for rule in ["sum", "noisy-or", "strongest", "max", "mean"] {
            let mut args = cmd.clone();
            args.extend(["--combine", rule]);
            stdout(&args);
        }
    }
}

#[test]
fn an_unknown_rule_is_refused_with_the_rules() {
    entente()
        .args(["blocs", "--combine", "product"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("noisy-or").and(predicate::str::contains("mean")));
}

/// The direct Russia → Azerbaijan tie in 2026 (the escalation scenario's date) under `rule`.
fn russia_azerbaijan(file: &str, rule: &str) -> f64 {
    let out = json(&[
        "path",
        file,
        "RUS",
        "AZE",
        "--allow-hostile",
        "--max-hops",
        "1",
        "--as-of",
        "2026",
        "--combine",
        rule,
        "--format",
        "json",
    ]);
    let p = &out["paths"][0];
    p["strength"].as_f64().unwrap() * p["sign"].as_f64().unwrap()
}

#[test]
fn each_rule_nets_russia_azerbaijan_its_own_way() {
    // Alliance 0.4, trade 0.3, the market lever 0.2 against rivalry −0.3, the crisis −0.6 and
    // protests −0.3 (RUS → AZE, as of 2026).
    let base = "graphs/south_caucasus_2025.ron";
    assert_eq!(russia_azerbaijan(base, "sum"), -0.3);
    assert_eq!(russia_azerbaijan(base, "noisy-or"), -0.14);
    assert_eq!(russia_azerbaijan(base, "strongest"), -0.6);
    assert_eq!(russia_azerbaijan(base, "mean"), -0.05);
    // The escalation saturates the clamped sum at −1, war's value; the noisy-or moves the tie
    // and keeps it short of −1.
    assert_eq!(russia_azerbaijan(ESCALATION, "sum"), -1.0);
    let escalated = russia_azerbaijan(ESCALATION, "noisy-or");
    assert!(-1.0 < escalated && escalated < -0.7, "{escalated}");
}

/// Influence on Azerbaijan: actor → score.
fn influence_on_aze(rule: &str) -> std::collections::BTreeMap<String, f64> {
    let out = json(&[
        "influence",
        "--on",
        "AZE",
        "--combine",
        rule,
        "--format",
        "json",
    ]);
    out["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["actor"].as_str().unwrap().to_string(),
                i["score"].as_f64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn noisy_or_separates_the_partners_the_sum_saturates() {
    let sum = influence_on_aze("sum");
    assert_eq!((sum["TUR"], sum["USA"]), (1.0, 1.0));
    let noisy = influence_on_aze("noisy-or");
    let (tur, usa, isr) = (noisy["TUR"], noisy["USA"], noisy["ISR"]);
    assert!(1.0 > tur && tur > usa && usa > isr, "{tur} {usa} {isr}");
}
