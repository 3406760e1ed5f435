//! `entente explore` and `entente report --format html` from the command line: the page is
//! deterministic, written like every output, and carries what the browser tests
//! (tests/browser.rs) work with.

mod support;

use support::cli::{entente, stdout};

fn data(page: &str) -> serde_json::Value {
    let start = page.find("id=\"entente-data\">").expect("the data element") + 18;
    let end = start + page[start..].find("</script>").unwrap();
    serde_json::from_str(&page[start..end]).unwrap()
}

/// The same page from one run to the next and whatever the number of threads the analyses
/// and layouts run on (a scenario too: its base is analysed beside its result).
#[test]
fn the_same_input_gives_the_same_page() {
    let dir = tempfile::tempdir().unwrap();
    for file in [
        "graphs/south_caucasus_2025.ron",
        "graphs/scenarios/us_zangezur_caspian_bases.ron",
    ] {
        let pages: Vec<Vec<u8>> = ["1", "2", "3"]
            .iter()
            .map(|threads| {
                let p = dir.path().join(format!("t{threads}.html"));
                entente()
                    .env("RAYON_NUM_THREADS", threads)
                    .args(["explore", file, "--force", "-o"])
                    .arg(&p)
                    .assert()
                    .success();
                std::fs::read(p).unwrap()
            })
            .collect();
        assert!(pages[0] == pages[1], "{file}: one and two threads differ");
        assert!(pages[0] == pages[2], "{file}: one and three threads differ");
    }
    let (a, b) = (dir.path().join("a.html"), dir.path().join("b.html"));
    for p in [&a, &b] {
        entente()
            .args(["explore", "graphs/south_caucasus_2025.ron", "-o"])
            .arg(p)
            .assert()
            .success();
    }
    let (a, b) = (std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
    assert!(a == b, "two runs differ");
    let page = String::from_utf8(a).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    // Nothing is fetched: no external script, style or image.
    for external in ["<script src", "<link", "<img", "<iframe"] {
        assert!(!page.contains(external), "{external}");
    }
    let d = data(&page);
    assert_eq!(d["actors"].as_array().unwrap().len(), 34);
    assert_eq!(d["relations"].as_array().unwrap().len(), 117);
    assert_eq!(d["as_of"], "2025-10-09");
    // Without a file: the built-in graph, printed.
    assert_eq!(data(&stdout(&["explore"]))["actors"], d["actors"]);
}

#[test]
fn the_page_is_written_like_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let graph = dir.path().join("g.ron");
    std::fs::copy("graphs/south_caucasus_2025.ron", &graph).unwrap();
    // Never over its input.
    entente()
        .arg("explore")
        .arg(&graph)
        .arg("-o")
        .arg(&graph)
        .arg("--force")
        .assert()
        .code(2);
    let out = dir.path().join("x.html");
    std::fs::write(&out, "old").unwrap();
    entente()
        .arg("explore")
        .arg(&graph)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
    entente()
        .arg("explore")
        .arg(&graph)
        .arg("-o")
        .arg(&out)
        .arg("--force")
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("entente-data")
    );
}

#[test]
fn a_scenario_page_marks_what_it_changed() {
    let page = stdout(&["explore", "graphs/scenarios/turkey_israel_rift.ron"]);
    let d = data(&page);
    let s = &d["scenario"];
    let changes = s["added"].as_u64().unwrap()
        + s["removed"].as_u64().unwrap()
        + s["changed"].as_u64().unwrap();
    assert!(changes > 0, "{s}");
    let marked = d["relations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r.get("change").is_some())
        .count() as u64;
    // A changed tie is there twice, before and after.
    assert_eq!(marked, changes + s["changed"].as_u64().unwrap());
}

#[test]
fn the_html_report_has_every_section_the_diagram_and_the_explorer() {
    let page = stdout(&["report", "--format", "html"]);
    let md = stdout(&["report", "--format", "md"]);
    for line in md.lines().filter(|l| l.starts_with("## ")) {
        let title = line.trim_start_matches("## ");
        let escaped = title.replace('&', "&amp;");
        assert!(page.contains(&escaped), "section {title}");
    }
    assert!(page.contains("<table class=\"sortable\""));
    assert!(page.contains("<svg"), "the diagram inline");
    assert!(page.contains("id=\"entente-data\""), "the explorer");
    assert!(page.contains("@media print"));
    let dir = tempfile::tempdir().unwrap();
    entente()
        .args(["report", "--format", "html", "--out-dir"])
        .arg(dir.path())
        .assert()
        .success();
    for f in ["report.html", "diagram.dot", "diagram.svg"] {
        assert!(dir.path().join(f).exists(), "{f}");
    }
}
