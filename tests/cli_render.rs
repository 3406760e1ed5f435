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

/// Issue 18, item 5: the same input gives the same file, run after run, with either engine
/// (Graphviz 2.43's fdp does not: the default layout is entente's own, pinned for Graphviz).
/// Needs Graphviz.
#[test]
fn graphviz_real_three_renders_are_byte_identical_with_either_engine() {
    let dir = tempfile::tempdir().unwrap();
    for engine in ["system", "embedded"] {
        let files: Vec<Vec<u8>> = (0..3)
            .map(|i| {
                let out = dir.path().join(format!("{engine}{i}.svg"));
                entente()
                    .args(["render", "--engine", engine, "-o"])
                    .arg(&out)
                    .assert()
                    .success();
                std::fs::read(&out).unwrap()
            })
            .collect();
        assert!(files[0].len() > 1000, "{engine}");
        assert!(
            files.iter().all(|f| f == &files[0]),
            "{engine}: renders differ"
        );
    }
    // `entente dot` too, and the DOT pins every actor for Graphviz.
    let dots: Vec<String> = (0..3).map(|_| support::cli::stdout(&["dot"])).collect();
    assert!(dots.iter().all(|d| d == &dots[0]));
    let nodes = dots[0]
        .lines()
        .filter(|l| l.contains("fillcolor=") && l.contains("tooltip=") && !l.contains("->"))
        .count();
    let pinned = dots[0]
        .lines()
        .filter(|l| l.contains("!\", fixedsize=true"))
        .count();
    assert_eq!(nodes, 34);
    assert_eq!(pinned, nodes);
}

/// One edge per actor pair by default, coloured by the pair's net tie; each relation on
/// request.
#[test]
fn parallel_relations_merge_into_one_edge_per_pair() {
    let dot = support::cli::stdout(&["dot"]);
    let edges = |d: &str| d.lines().filter(|l| l.contains(" -> ")).count();
    let each = support::cli::stdout(&["dot", "--each-relation"]);
    // 107 relations in force among 82 tied pairs on the shipped graph's latest date.
    assert_eq!(edges(&each), 107);
    assert_eq!(edges(&dot), 82);
    // TUR–AZE: alliance, defence commitment and kinship, one blue line at full net strength,
    // listed in its tooltip and, with --edge-labels, its label.
    let line = dot
        .lines()
        .find(|l| l.starts_with("  \"AZE\" -> \"TUR\"") || l.starts_with("  \"TUR\" -> \"AZE\""))
        .unwrap();
    assert!(
        line.contains("color=\"#2166ac\", penwidth=3.5") && line.contains("net 1 (3 relations)"),
        "{line}"
    );
    let labelled = support::cli::stdout(&["dot", "--edge-labels"]);
    let line = labelled
        .lines()
        .find(|l| l.starts_with("  \"AZE\" -> \"TUR\"") || l.starts_with("  \"TUR\" -> \"AZE\""))
        .unwrap();
    assert!(
        line.contains("label=\"alliance 0.9\\ndefence-commitment 0.8\\nkinship 0.9\""),
        "{line}"
    );
}

/// The README's picture of the shipped graph is what the built-in engine draws today.
#[test]
fn the_readme_diagram_is_current() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sc.svg");
    entente()
        .args(["render", "--engine", "embedded", "-o"])
        .arg(&out)
        .assert()
        .success();
    assert!(
        std::fs::read(&out).unwrap() == std::fs::read("docs/img/south_caucasus_2025.svg").unwrap(),
        "docs/img/south_caucasus_2025.svg is stale: run `cargo run -- render --engine embedded \
         -o docs/img/south_caucasus_2025.svg --force`"
    );
}
