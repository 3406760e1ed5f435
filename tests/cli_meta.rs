//! Completions, man pages and usage lines: what users see of the CLI itself (issue 18,
//! item 7).

mod support;

use predicates::prelude::*;
use support::cli::{entente, stdout};

#[test]
fn hidden_commands_are_not_offered() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let text = stdout(&["completions", shell]);
        assert!(!text.contains("bench-run"), "{shell} completes bench-run");
        assert!(text.contains("scenario"), "{shell} lost a command");
    }
    let dir = tempfile::tempdir().unwrap();
    entente()
        .args(["man", "--out-dir"])
        .arg(dir.path())
        .assert()
        .success();
    let mut pages: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    assert!(!pages.iter().any(|p| p.contains("bench-run")), "{pages:?}");
    assert!(pages.contains(&"entente-report.1".to_string()));
    // Every page's footer names the version.
    let version = format!("v{}", env!("CARGO_PKG_VERSION"));
    for p in &pages {
        let text = std::fs::read_to_string(dir.path().join(p)).unwrap();
        assert!(text.contains(&version), "{p} has no version");
    }
}

#[test]
fn path_usage_reads_as_typed() {
    entente()
        .args(["path", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Usage: entente path [OPTIONS] [FILE] FROM TO\n",
        ));
}

#[test]
fn a_path_through_hostile_ties_only_names_the_flag() {
    entente()
        .args(["path", "PSE", "ISR"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--allow-hostile"));
}
