//! Every file in `tests/data/invalid/` is rejected by `entente check` with exit code 2 and a
//! located diagnostic; the full stderr of each is a snapshot, so a change in wording or
//! location is reviewed.

use assert_cmd::Command;
use std::path::Path;

#[test]
fn every_invalid_file_gives_located_diagnostics_and_exit_code_2() {
    let dir = Path::new("tests/data/invalid");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("tests/data/invalid exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "the corpus has {} files", files.len());
    for path in files {
        let rel = path.to_str().unwrap().replace('\\', "/");
        let out = Command::cargo_bin("entente")
            .unwrap()
            .args(["--color", "never", "check", &rel])
            .output()
            .unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{rel}: {stderr}");
        assert!(
            stderr.contains(&format!("┌─ {rel}:")),
            "{rel}: no file:line:column in\n{stderr}"
        );
        assert!(stderr.contains("= help:"), "{rel}: no hint in\n{stderr}");
        assert!(!stderr.contains("panicked"), "{rel}: panic\n{stderr}");
        let name = path.file_stem().unwrap().to_str().unwrap().to_string();
        insta::with_settings!({snapshot_suffix => name, prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!("invalid", stderr);
        });
    }
}
