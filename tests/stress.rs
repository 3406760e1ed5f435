//! The pathological sizes of issue 14, each of which once crashed entente, exhausted memory
//! or ran for minutes. Ignored by default (minutes of CPU and gigabytes of scratch files,
//! not for CI's time): `bench/stress.sh` runs them one by one in a release build and prints
//! the time and peak memory of each. They assert behaviour (no crash, the documented
//! message, the right counts); the script's numbers are what to compare with the bounds in
//! the docs. The sizes CI affords are in `tests/bounds.rs`.

#[path = "support/pathological.rs"]
mod pathological;

use assert_cmd::Command;
use pathological::*;

fn entente() -> Command {
    let mut c = Command::cargo_bin("entente").unwrap();
    c.arg("--color").arg("never");
    c
}

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
