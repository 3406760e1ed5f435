//! `entente dot`: writing files, refusing to overwrite, and bad options.

mod support;

use predicates::prelude::*;
use support::cli::entente;

#[test]
fn writes_dot_to_stdout_and_to_a_file() {
    entente()
        .arg("dot")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("digraph "))
        .stdout(predicate::str::contains("\"entente legend\""));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g.dot");
    entente()
        .args(["dot", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("digraph ") && text.ends_with("}\n"));
}

#[test]
fn refuses_to_overwrite_without_force_and_never_overwrites_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g.dot");
    std::fs::write(&out, "keep").unwrap();
    entente()
        .args(["dot", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep");
    entente()
        .args(["dot", "--force", "-o"])
        .arg(&out)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("digraph")
    );

    let input = dir.path().join("g.ron");
    std::fs::write(&input, entente::format::BUILTIN_SOUTH_CAUCASUS).unwrap();
    entente()
        .arg("dot")
        .arg(&input)
        .args(["--force", "-o"])
        .arg(&input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("input file"));
    assert_eq!(
        std::fs::read_to_string(&input).unwrap(),
        entente::format::BUILTIN_SOUTH_CAUCASUS
    );
}

#[test]
fn unknown_focus_actor_is_bad_input_with_a_suggestion() {
    entente()
        .args(["dot", "--focus", "AZR"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no actor `AZR`"))
        .stderr(predicate::str::contains("did you mean `AZE`"));
}

#[test]
fn bad_option_values_are_rejected() {
    entente()
        .args(["dot", "--kinds", "alliance,frenemy"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown relation kind: `frenemy`"));
    entente()
        .args(["dot", "--min-weight", "2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("outside 0..=1"));
    entente()
        .args(["dot", "--layout", "circo"])
        .assert()
        .code(2);
}

const SMALL: &str = r#"Graph(name: "small", actors: [
    Actor(id: "A", name: "Alpha", kind: State),
    Actor(id: "B", name: "Beta", kind: State),
    Actor(id: "C", name: "Gamma", kind: Company),
    Actor(id: "D", name: "Delta", kind: State),
], relations: [
    Relation(from: "A", to: "B", kind: Alliance, weight: 0.8, confidence: Confirmed),
    Relation(from: "A", to: "C", kind: Hostility, weight: -0.6, confidence: Confirmed),
    Relation(from: "C", to: "D", kind: Hostility, weight: -0.2, confidence: Confirmed),
])"#;

fn edges(b: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(b)
        .lines()
        .filter(|l| l.contains(" -> ") && !l.contains("legend"))
        .map(str::to_string)
        .collect()
}

#[test]
fn focus_kind_and_weight_filters_shrink_the_diagram() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("small.ron");
    std::fs::write(&file, SMALL).unwrap();
    let run = |args: &[&str]| {
        let out = entente().arg("dot").arg(&file).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        edges(&out.stdout)
    };
    assert_eq!(run(&[]).len(), 3);
    let focused = run(&["--focus", "A", "--depth", "1"]);
    assert_eq!(focused.len(), 2, "{focused:?}");
    assert_eq!(run(&["--focus", "A", "--depth", "2"]).len(), 3);
    let hostile = run(&["--kinds", "hostility"]);
    assert_eq!(hostile.len(), 2);
    assert!(hostile.iter().all(|l| l.contains("hostility")));
    assert_eq!(run(&["--min-weight", "0.5"]).len(), 2);
    let states = run(&["--actor-kinds", "state"]);
    assert_eq!(states.len(), 1);
    let path = run(&["--highlight-path", "B,A"]);
    assert_eq!(path.iter().filter(|l| l.contains("#f0a30a")).count(), 1);
}

#[test]
fn highlight_path_errors_are_bad_input() {
    entente()
        .args(["dot", "--highlight-path", "AZE"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("FROM,TO"));
    entente()
        .args(["dot", "--highlight-path", "AZE,XYZ"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no actor `XYZ`"));
    entente()
        .args(["dot", "--highlight-path", "AZE,ISR", "--kinds", "hostility"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--highlight-path"));
}

#[test]
fn report_out_dir_writes_the_diagram_beside_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("briefing");
    entente()
        .args(["report", "--format", "json", "--out-dir"])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["diagram"]["dot"], "diagram.dot");
    assert_eq!(report["diagram"]["svg"], "diagram.svg");
    let dot = std::fs::read_to_string(out.join("diagram.dot")).unwrap();
    assert!(dot.starts_with("digraph ") && dot.contains("bloc 0"));
    let svg = std::fs::read_to_string(out.join("diagram.svg")).unwrap();
    assert!(svg.contains("<svg"));
    // Markdown beside it, and a second run needs --force.
    entente()
        .args(["report", "--format", "md", "--out-dir"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    entente()
        .args(["report", "--format", "md", "--force", "--out-dir"])
        .arg(&out)
        .assert()
        .success();
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    // The Markdown embeds the picture, right after the key findings.
    let image = md
        .find("![South Caucasus 2025: the actors in their blocs](diagram.svg)\n")
        .expect("the diagram embedded");
    assert!(md.find("## Key findings").unwrap() < image && image < md.find("## Blocs").unwrap());

    // CSV: one table per file in report/, named by index.csv, no comment or prose lines.
    entente()
        .args(["report", "--format", "csv", "--force", "--out-dir"])
        .arg(&out)
        .assert()
        .success();
    let index = std::fs::read_to_string(out.join("report/index.csv")).unwrap();
    let mut lines = index.lines();
    assert_eq!(lines.next(), Some("file,section,table,rows"));
    let mut files = 0;
    for line in lines {
        let name = line.split(',').next().unwrap();
        let rows: usize = line.rsplit(',').next().unwrap().parse().unwrap();
        let text = std::fs::read_to_string(out.join("report").join(name)).unwrap();
        assert!(!text.lines().any(|l| l.starts_with("# ")), "{name}");
        // A header line and its rows (cells may hold quoted line breaks).
        assert!(text.lines().count() > rows, "{name}");
        files += 1;
    }
    assert!(files >= 20, "{index}");
    assert!(index.contains(",Key findings,Key findings,6\n"), "{index}");
    assert!(index.contains(",Events,events,"), "{index}");
    let entries = std::fs::read_dir(out.join("report")).unwrap().count();
    assert_eq!(entries, files + 1);
}

#[test]
fn as_of_leaves_out_relations_not_yet_in_force() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dated.ron");
    std::fs::write(
        &file,
        r#"Graph(name: "dated", actors: [
    Actor(id: "A", name: "Alpha", kind: State),
    Actor(id: "B", name: "Beta", kind: State),
], relations: [
    Relation(from: "A", to: "B", kind: Alliance, weight: 0.8, since: "2025-06"),
    Relation(from: "A", to: "B", kind: Trade, weight: 0.3),
])"#,
    )
    .unwrap();
    let count = |args: &[&str]| {
        let out = entente().arg("dot").arg(&file).args(args).output().unwrap();
        assert!(out.status.success());
        edges(&out.stdout).len()
    };
    // One edge per actor pair by default; --each-relation draws each relation.
    assert_eq!(count(&[]), 1);
    assert_eq!(count(&["--each-relation"]), 2);
    assert_eq!(count(&["--each-relation", "--as-of", "2025-05"]), 1);
    assert_eq!(count(&["--each-relation", "--as-of", "2025-06"]), 2);
}
