//! `entente generate`: files written, determinism, loadability, bad options.

mod support;

use predicates::prelude::*;
use support::cli::entente;

fn generate(dir: &std::path::Path, seed: &str) -> Vec<u8> {
    let out = dir.join(format!("g{seed}.ron"));
    let csv = dir.join(format!("csv{seed}"));
    entente()
        .args([
            "generate",
            "--actors",
            "200",
            "--relations",
            "900",
            "--blocs",
            "3",
        ])
        .args(["--noise", "0.1", "--seed", seed, "-o"])
        .arg(&out)
        .arg("--csv-dir")
        .arg(&csv)
        .assert()
        .success()
        .stderr(predicate::str::contains("200 actors, 900 relations"));
    std::fs::read(out).unwrap()
}

#[test]
fn writes_every_file_deterministically_and_the_graph_loads() {
    let dir = tempfile::tempdir().unwrap();
    let a = generate(dir.path(), "7");
    let b = entente()
        .args([
            "generate",
            "--actors",
            "200",
            "--relations",
            "900",
            "--blocs",
            "3",
        ])
        .args(["--noise", "0.1", "--seed", "7"])
        .output()
        .unwrap();
    assert_eq!(a, b.stdout, "stdout and -o give the same bytes");
    assert_ne!(a, generate(dir.path(), "8"));

    let csv = dir.path().join("csv7");
    let edges = std::fs::read_to_string(csv.join("edges.txt")).unwrap();
    assert_eq!(edges.lines().count(), 900);
    for line in edges.lines() {
        let f: Vec<&str> = line.split(' ').collect();
        assert_eq!(f.len(), 3, "{line}");
        let (u, v): (usize, usize) = (f[0].parse().unwrap(), f[1].parse().unwrap());
        assert!(u < 200 && v < 200 && u != v);
        let w: f64 = f[2].parse().unwrap();
        assert!((0.1..=1.0).contains(&w.abs()));
    }
    let blocs: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(csv.join("blocs.json")).unwrap()).unwrap();
    assert_eq!(blocs["blocs"], 3);
    assert!(
        blocs["bloc"]
            .as_array()
            .unwrap()
            .iter()
            .all(|b| b.as_u64().unwrap() < 3)
    );
    let nodes = std::fs::read_to_string(csv.join("nodes.csv")).unwrap();
    assert!(nodes.starts_with("id,name,kind,bloc\nA000,Actor 0,"));
    assert_eq!(
        std::fs::read_to_string(csv.join("edges.csv"))
            .unwrap()
            .lines()
            .count(),
        901
    );

    let info = entente()
        .args(["info", "--format", "json"])
        .arg(dir.path().join("g7.ron"))
        .output()
        .unwrap();
    assert!(info.status.success());
    let v: serde_json::Value = serde_json::from_slice(&info.stdout).unwrap();
    assert_eq!(v["actors"], 200);
    assert_eq!(v["relations"], 900);
}

#[test]
fn bad_options_exit_2_with_the_reason() {
    entente()
        .args(["generate", "--actors", "10", "--relations", "40"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("quarter of the 45 possible pairs"));
    entente()
        .args(["generate", "--noise", "2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--noise 2 must be a probability"));
}
