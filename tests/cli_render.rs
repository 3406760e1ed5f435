//! `entente render`: SVG with either engine, PNG with Graphviz, and refusals.

mod support;

use predicates::prelude::*;
use support::cli::entente;

#[test]
fn embedded_engine_writes_an_svg_without_graphviz() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("south_caucasus_2025.svg");
    // An empty PATH: no `dot` can be found, as on a fresh machine.
    entente()
        .env("PATH", "")
        .args(["render", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("embedded"));
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.starts_with("<?xml") && svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains("Azerbaijan") && svg.contains("Legend"));
}

#[test]
fn system_engine_without_dot_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g.svg");
    entente()
        .env("PATH", "")
        .args(["render", "--engine", "system", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("install Graphviz"));
    assert!(!out.exists());
    let png = dir.path().join("g.png");
    entente()
        .env("PATH", "")
        .args(["render", "-o"])
        .arg(&png)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("SVG only"));
}

/// Needs Graphviz (fails, never skips, without it; .ci/test installs it).
#[test]
fn graphviz_real_system_engine_writes_svg_and_png() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("g.svg");
    entente()
        .args(["render", "--engine", "system", "--cluster-by", "kind", "-o"])
        .arg(&svg)
        .assert()
        .success()
        .stderr(predicate::str::contains("system Graphviz"));
    assert!(std::fs::read_to_string(&svg).unwrap().contains("<svg"));
    let png = dir.path().join("g.png");
    entente()
        .args(["render", "-o"])
        .arg(&png)
        .assert()
        .success();
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
}

#[test]
fn render_refuses_unknown_extensions_and_existing_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g.gif");
    entente()
        .args(["render", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(".svg or .png"));
    let existing = dir.path().join("g.svg");
    std::fs::write(&existing, "keep").unwrap();
    entente()
        .args(["render", "--engine", "embedded", "-o"])
        .arg(&existing)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "keep");
}
