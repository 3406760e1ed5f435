//! The pathological sizes of issue 14, each of which once crashed entente, exhausted memory
//! or ran for minutes. Ignored by default (minutes of CPU and gigabytes of scratch files,
//! not for CI's time): `bench/stress.sh` runs them one by one in a release build and prints
//! the time and peak memory of each. They assert behaviour (no crash, the documented
//! message, the right counts); the script's numbers are what to compare with the bounds in
//! the docs. The sizes CI affords are in `tests/bounds.rs`.

#[path = "support/cli.rs"]
mod cli;
#[path = "support/pathological.rs"]
mod pathological;

use cli::entente;
use pathological::*;

#[test]
#[ignore = "stress: 2 MB of attributes (was 37-244 s); run by bench/stress.sh"]
fn stress_200k_attributes_on_one_element() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("attrs.graphml");
    std::fs::write(&path, many_attributes(200_000)).unwrap();
    entente().arg("import").arg(&path).assert().success();
}

#[test]
#[ignore = "stress: 2 200 scenario files (was a stack overflow); run by bench/stress.sh"]
fn stress_chain_of_2200_scenarios() {
    let dir = tempfile::tempdir().unwrap();
    let top = scenario_chain(dir.path(), 2200);
    let out = entente().arg("check").arg(&top).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("error[E043]"), "{stderr}");
}

#[test]
#[ignore = "stress: complete signed graph of 1 000 actors, 166M triangles (was 3.3 GB); run by bench/stress.sh"]
fn stress_balance_on_a_complete_graph_of_1000() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_graph(dir.path(), "k1000.ron", &complete_signed(1000, 1));
    let out = entente()
        .args(["balance", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["triangles"]["total"], 1000 * 999 * 998 / 6);
    assert_eq!(r["unbalanced_triads"].as_array().unwrap().len(), 1000);
}

#[test]
#[ignore = "stress: report --out-dir on 100 000 actors and 1M relations (wrote nothing, the renderer ran out of memory); run by bench/stress.sh"]
fn stress_report_out_dir_on_a_million_relations() {
    let dir = tempfile::tempdir().unwrap();
    let path = generated(dir.path(), "big.ron", 100_000, 1_000_000);
    let out_dir = dir.path().join("out");
    let out = entente()
        .args(["report", "--out-dir"])
        .arg(&out_dir)
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("diagram.svg not written"), "{stderr}");
    assert!(out_dir.join("report.txt").exists() && out_dir.join("diagram.dot").exists());
    let svg = dir.path().join("big.svg");
    entente()
        .args(["render", "--engine", "embedded", "-o"])
        .arg(&svg)
        .arg(&path)
        .assert()
        .code(2);
}

#[test]
#[ignore = "stress: 10 000 unknown ids among 100 000 actors (429 s when each scanned every actor); run by bench/stress.sh"]
fn stress_10000_unknown_ids_among_100000_actors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typos.ron");
    std::fs::write(&path, unknown_ids(100_000, 10_000)).unwrap();
    let out = entente().arg("check").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("did you mean `A17`?"), "{stderr}");
}

#[test]
#[ignore = "stress: influence -k 30 --top 10 on 1M relations (191 s, --top did not help); run by bench/stress.sh"]
fn stress_influence_k30_top10_on_a_million_relations() {
    let dir = tempfile::tempdir().unwrap();
    let path = generated(dir.path(), "big.ron", 100_000, 1_000_000);
    let out = entente()
        .args([
            "influence",
            "--on",
            "A00000",
            "--by",
            "sum-k",
            "-k",
            "30",
            "--top",
            "10",
        ])
        .args(["--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ranking"].as_array().unwrap().len(), 10);
}

#[test]
#[ignore = "stress: CSV import of 100 000 rows implying 200 000 actors (69 s when quadratic); run by bench/stress.sh"]
fn stress_csv_import_of_100k_rows_without_nodes() {
    let dir = tempfile::tempdir().unwrap();
    let edges = dir.path().join("edges.csv");
    std::fs::write(&edges, edges_without_nodes(100_000)).unwrap();
    let out = dir.path().join("g.ron");
    entente()
        .arg("import")
        .arg(&edges)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
}
