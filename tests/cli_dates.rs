//! One date for everything (issue 18, item 3): every command reads the relations in force on
//! the latest date the graph names unless told otherwise, and says so.

mod support;

use predicates::prelude::*;
use support::cli::{entente, json};

const GRAPH: &str = r#"Graph(
    name: "Dated",
    actors: [
        Actor(id: "A", name: "A", kind: State),
        Actor(id: "B", name: "B", kind: State),
        Actor(id: "C", name: "C", kind: State),
    ],
    relations: [
        Relation(from: "A", to: "B", kind: ArmedConflict, weight: -0.9, since: "2020", until: "2020"),
        Relation(from: "A", to: "B", kind: Partnership, weight: 0.5, since: "2025-08"),
        Relation(from: "B", to: "C", kind: Alliance, weight: 0.8, since: "2010"),
    ],
)"#;

fn graph() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("dated.ron");
    std::fs::write(&p, GRAPH).unwrap();
    let s = p.to_str().unwrap().to_string();
    (dir, s)
}

#[test]
fn every_command_reads_the_latest_date_by_default() {
    let (_dir, g) = graph();
    // The ended war is history: A and B are partners, nothing is frustrated.
    let blocs = json(&["blocs", &g, "--format", "json"]);
    assert_eq!(blocs["frustration"], 0.0, "{blocs}");
    assert_eq!(json(&["info", &g, "--format", "json"])["relations"], 2);
    let report = json(&["report", &g, "--format", "json"]);
    assert_eq!(report["blocs"]["frustration"], 0.0);
    assert!(
        report["relations"]
            .as_str()
            .unwrap()
            .contains("in force on 2025-08")
    );
    let cascade = json(&[
        "cascade",
        &g,
        "--attacker",
        "C",
        "--target",
        "A",
        "--format",
        "json",
    ]);
    assert_eq!(cascade["as_of"], "2025-08");
    // --all-dates reads every relation, --as-of another date.
    let all = json(&["blocs", &g, "--all-dates", "--format", "json"]);
    assert_eq!(all["ties"], 2);
    assert_eq!(
        json(&["info", &g, "--all-dates", "--format", "json"])["relations"],
        3
    );
    let early = json(&["info", &g, "--as-of", "2020", "--format", "json"]);
    assert_eq!(early["relations"], 2);
}

#[test]
fn the_date_is_said_under_the_title() {
    let (_dir, g) = graph();
    for cmd in ["blocs", "balance", "brokers", "info", "centrality"] {
        let out = entente().args([cmd, &g]).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let third = text.lines().nth(3).unwrap_or_default();
        assert!(
            third.starts_with("Relations in force on 2025-08, the graph's latest date"),
            "{cmd}: {text}"
        );
    }
    entente()
        .args(["info", &g, "--all-dates"])
        .assert()
        .stdout(predicate::str::contains(
            "Every relation, whatever its dates",
        ));
    entente()
        .args(["blocs", &g, "--as-of", "2024", "--format", "md"])
        .assert()
        .stdout(predicate::str::contains(
            "_Relations in force on 2024 (--as-of)._",
        ));
    entente()
        .args(["blocs", &g, "--as-of", "2024", "--all-dates"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
}
