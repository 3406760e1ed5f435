//! `entente scenario apply`, scenario files as input to other commands, and `check` on
//! scenarios.

mod support;

use predicates::prelude::*;
use std::path::Path;
use support::cli::entente;

const DATA: &str = "tests/data/scenarios";

#[test]
fn apply_prints_the_resulting_graph() {
    let out = entente()
        .args(["scenario", "apply", &format!("{DATA}/escalation.ron")])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let g = entente::format::ron::from_str(&text).unwrap().graph;
    assert_eq!(g.name, "Escalation");
    assert!(!g.contains(&"WAGNER".into()));
    assert!(g.contains(&"NATO".into()));
    assert!(
        g.relations()
            .any(|r| r.kind == entente::RelationKind::ArmedConflict && r.weight == -0.95)
    );
}

#[test]
fn apply_writes_atomically_and_needs_force_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.ron");
    let scenario = format!("{DATA}/escalation.ron");
    entente()
        .args(["scenario", "apply", &scenario, "-o"])
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("wrote"));
    let first = std::fs::read_to_string(&out).unwrap();
    entente()
        .args(["scenario", "apply", &scenario, "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    entente()
        .args(["scenario", "apply", &scenario, "--force", "-o"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), first);
    // Only the output is left in the directory: no temporary file.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn apply_never_overwrites_the_scenario_or_its_bases() {
    for target in ["escalation.ron", "base.ron", "chained.ron"] {
        let path = format!("{DATA}/{target}");
        let before = std::fs::read(&path).unwrap();
        entente()
            .args([
                "scenario",
                "apply",
                &format!("{DATA}/chained.ron"),
                "--force",
                "-o",
            ])
            .arg(&path)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("refusing to overwrite"));
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }
}

#[test]
fn apply_refuses_a_graph() {
    entente()
        .args(["scenario", "apply", &format!("{DATA}/base.ron")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a graph, not a scenario"));
}

#[test]
fn every_command_taking_a_file_takes_a_scenario() {
    let out = entente()
        .args(["info", &format!("{DATA}/chained.ron"), "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["name"], "Escalation, Turkey enters");
    assert_eq!(v["actors_by_kind"]["organisation"], 1);
    assert_eq!(v["relations_by_kind"]["armed-conflict"], 2);
}

#[test]
fn check_validates_scenarios_with_their_chain() {
    entente()
        .args([
            "check",
            &format!("{DATA}/escalation.ron"),
            &format!("{DATA}/chained.ron"),
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "ok     tests/data/scenarios/chained.ron: 7 actors",
        ));
}

#[test]
fn a_bad_base_is_reported_in_the_base_file() {
    entente()
        .args(["check", "tests/data/invalid/scenario_bad_base.ron"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "┌─ tests/data/invalid/scenario_unknown_actor.ron:6:25",
        ))
        .stdout(predicate::str::contains(
            "FAILED tests/data/invalid/scenario_bad_base.ron: 4 error(s)",
        ));
}

#[test]
fn every_invalid_scenario_fails_with_located_errors() {
    let mut seen = 0;
    for entry in std::fs::read_dir("tests/data/invalid").unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("scenario_") {
            continue;
        }
        seen += 1;
        let out = entente()
            .args(["check", "--format", "json"])
            .arg(&path)
            .assert()
            .code(2)
            .get_output()
            .stdout
            .clone();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let errors = v[0]["errors"].as_array().unwrap();
        assert!(!errors.is_empty(), "{name}");
        for e in errors {
            assert!(e["line"].as_u64().is_some(), "{name}: {e}");
            let file = e["file"].as_str().unwrap();
            assert!(Path::new(file).exists(), "{name}: {file}");
        }
    }
    assert!(seen >= 15, "{seen} invalid scenario files");
}

#[test]
fn report_on_a_scenario_has_a_scenario_section() {
    let out = entente()
        .args([
            "report",
            &format!("{DATA}/escalation.ron"),
            "--format",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["graph"], "Escalation");
    let s = &v["scenario"];
    assert_eq!(s["scenario"]["name"], "Escalation");
    assert_eq!(s["before"], "Scenario test base");
    assert_eq!(s["changes"]["relations_added"].as_array().unwrap().len(), 2);
    // Influence is compared on the report's most central actor.
    assert_eq!(s["influence"][0]["target"], v["influence"]["target"]);

    let md = entente()
        .args([
            "report",
            &format!("{DATA}/escalation.ron"),
            "--format",
            "md",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let md = String::from_utf8(md).unwrap();
    let section = md
        .find("## Scenario: Escalation")
        .expect("scenario section");
    assert!(section < md.find("## Summary").unwrap());
    assert!(md.contains("### Edits"));

    let plain = entente()
        .args(["report", &format!("{DATA}/base.ron"), "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&plain).unwrap();
    assert!(v.get("scenario").is_none());
}
