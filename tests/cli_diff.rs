//! `entente diff` and `entente scenario diff`: reports (insta snapshots, read before
//! accepting) and bad input.

mod support;

use predicates::prelude::*;
use support::cli::{entente, stdout};

const ESCALATION: &str = "tests/data/scenarios/escalation.ron";

#[test]
fn scenario_diff_markdown() {
    let md = stdout(&[
        "scenario", "diff", ESCALATION, "--on", "AZE", "--pair", "RUS,TUR", "--pair", "TUR,AZE",
        "--format", "md",
    ]);
    insta::assert_snapshot!(md);
}

#[test]
fn scenario_diff_table() {
    let text = stdout(&["scenario", "diff", ESCALATION, "--on", "AZE,TUR"]);
    insta::assert_snapshot!(text);
}

#[test]
fn scenario_diff_json() {
    let json = stdout(&[
        "scenario", "diff", ESCALATION, "--on", "AZE", "--pair", "RUS,TUR", "--format", "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["scenario"]["name"], "Escalation");
    assert_eq!(v["scenario"]["edits"].as_array().unwrap().len(), 9);
    assert_eq!(v["changes"]["relations_added"].as_array().unwrap().len(), 2);
    assert!(v["blocs"]["moved"].is_array());
    assert_eq!(v["influence"][0]["target"], "AZE");
    assert_eq!(
        v["paths"][0]["before"]["actors"],
        serde_json::json!(["RUS", "TUR"])
    );
    insta::assert_snapshot!(json);
}

#[test]
fn diff_of_two_files_takes_scenarios_too() {
    let text = stdout(&[
        "diff",
        "tests/data/scenarios/escalation.ron",
        "tests/data/scenarios/chained.ron",
        "--no-analyses",
    ]);
    insta::assert_snapshot!(text);
}

#[test]
fn a_graph_diffed_with_itself_has_no_difference() {
    let text = stdout(&[
        "diff",
        "tests/data/scenarios/base.ron",
        "tests/data/scenarios/base.ron",
        "--format",
        "md",
    ]);
    assert!(
        text.contains("No difference in actors, relations or events; blocs: 2 → 2"),
        "{text}"
    );
    assert!(text.contains("No actor changed bloc."), "{text}");
}

#[test]
fn shipped_scenarios_diff_against_the_shipped_graph() {
    for (name, on) in [
        ("russian_escalation", "AZE"),
        ("us_zangezur_caspian_bases", "AZE"),
        ("turkey_israel_rift", "AZE"),
        ("azerbaijan_ukraine_support", "UKR"),
    ] {
        let md = stdout(&[
            "scenario",
            "diff",
            &format!("graphs/scenarios/{name}.ron"),
            "--on",
            on,
            "--pair",
            "RUS,TUR",
            "--format",
            "md",
        ]);
        insta::with_settings!({snapshot_suffix => name}, {
            insta::assert_snapshot!("shipped", md);
        });
    }
}

#[test]
fn unknown_actors_in_options_are_bad_input() {
    entente()
        .args(["scenario", "diff", ESCALATION, "--on", "AZR"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no actor `AZR` in either graph (did you mean `AZE`?)",
        ));
    entente()
        .args(["scenario", "diff", ESCALATION, "--pair", "RUS"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("write FROM,TO"));
    entente()
        .args(["scenario", "diff", "tests/data/scenarios/base.ron"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a graph, not a scenario"));
}
