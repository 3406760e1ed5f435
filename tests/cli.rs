//! The command line as a user runs it: exit codes, formats, filters, closed pipes.

mod support;

use predicates::prelude::*;
use support::cli::{entente, json};

#[test]
fn report_runs_on_the_built_in_graph() {
    entente()
        .arg("report")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "entente report: South Caucasus 2025",
        ))
        .stdout(predicate::str::contains("valid, no warnings"));
}

#[test]
fn info_json_lists_the_shipped_graph() {
    let v = json(&["info", "--format", "json"]);
    assert!(v["actors"].as_u64().unwrap() >= 25);
    assert!(v["relations"].as_u64().unwrap() >= 50);
    assert!(v["actors_by_kind"]["state"].as_u64().unwrap() >= 10);
    let same = json(&["info", "graphs/south_caucasus_2025.ron", "--format", "json"]);
    assert_eq!(v, same);
}

#[test]
fn info_table_snapshot() {
    let out = entente().arg("info").output().unwrap();
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn filters_keep_fewer_relations() {
    let all = json(&["info", "--format", "json"])["relations"]
        .as_u64()
        .unwrap();
    let early = json(&["info", "--format", "json", "--as-of", "2019"])["relations"]
        .as_u64()
        .unwrap();
    let confirmed =
        json(&["info", "--format", "json", "--min-confidence", "confirmed"])["relations"]
            .as_u64()
            .unwrap();
    assert!(early < all, "{early} < {all}");
    assert!(confirmed < all, "{confirmed} < {all}");
}

#[test]
fn md_and_csv_formats() {
    entente()
        .args(["info", "--format", "md"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("## Summary"))
        .stdout(predicate::str::contains("| kind | count |"));
    entente()
        .args(["info", "--format", "csv"])
        .assert()
        .success()
        // Several tables: one long table, the key-value block one row of it.
        .stdout(predicate::str::starts_with(
            "section,table,row,column,value\n",
        ))
        .stdout(predicate::str::contains(",1,actors,34\n"));
}

#[test]
fn check_shipped_graphs_is_clean() {
    entente()
        .args(["check", "graphs/south_caucasus_2025.ron"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty())
        .stdout(predicate::str::contains("0 warning(s)"));
}

#[test]
fn check_reports_every_file_and_exits_2() {
    let out = entente()
        .args([
            "check",
            "--format",
            "json",
            "graphs/south_caucasus_2025.ron",
            "tests/data/invalid/many_errors.ron",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["ok"], true);
    assert_eq!(v[1]["ok"], false);
    let errors = v[1]["errors"].as_array().unwrap();
    assert!(errors.len() >= 5);
    let first = &errors[0];
    assert_eq!(first["code"], "E019");
    assert_eq!(first["line"], 5);
    assert_eq!(first["column"], 48);
    assert_eq!(first["hint"], "did you mean `State`?");
}

#[test]
fn warnings_are_located_and_can_be_denied() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "lonely.ron",
            r#"Graph(name: "t", actors: [Actor(id: "A", name: "A", kind: State)])"#,
            "warning[W001]",
            "lonely.ron:1:37",
        ),
        // One dated relation makes the undated one a warning (W004), at its position.
        (
            "dates.ron",
            r#"Graph(name: "t", actors: [
    Actor(id: "A", name: "A", kind: State),
    Actor(id: "B", name: "B", kind: State),
], relations: [
    Relation(from: "A", to: "B", kind: Alliance, weight: 0.5, since: "2022-02-22"),
    Relation(from: "A", to: "B", kind: Trade, weight: 0.3),
])"#,
            "warning[W004]",
            "dates.ron:6:5",
        ),
    ];
    for (name, text, code, at) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        entente()
            .arg("check")
            .arg(&p)
            .assert()
            .success()
            .stderr(predicate::str::contains(code))
            .stderr(predicate::str::contains(at))
            .stdout(predicate::str::contains("1 warning(s)"));
        entente()
            .args(["check", "--deny-warnings"])
            .arg(&p)
            .assert()
            .code(2);
    }
}

#[test]
fn missing_file_is_a_failure_not_a_panic() {
    entente()
        .args(["info", "no/such/file.ron"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot read no/such/file.ron"))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn bad_arguments_exit_2() {
    entente()
        .args(["info", "--as-of", "June 2025"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a date"));
    entente()
        .args(["info", "--min-confidence", "sure"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("probably-true"));
}

#[test]
fn closed_pipe_ends_quietly() {
    let bin = assert_cmd::cargo::cargo_bin("entente");
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "set -o pipefail; '{}' report | head -n 1 >/dev/null",
            bin.display()
        ))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn completions_and_man_pages() {
    entente()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("_entente()"));
    entente()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH entente"));
    let dir = tempfile::tempdir().unwrap();
    entente()
        .args(["man", "--out-dir"])
        .arg(dir.path())
        .assert()
        .success();
    assert!(dir.path().join("entente.1").exists());
    assert!(dir.path().join("entente-check.1").exists());
}

#[test]
fn build_graph_example_output_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("example.ron");
    let status = std::process::Command::new(env!("CARGO"))
        .args(["run", "-q", "--example", "build_graph", "--"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    entente().arg("check").arg(&out).assert().success();
}
