//! `entente export` and `entente import`: files, refusals, located CSV errors.

mod support;

use predicates::prelude::*;
use std::path::Path;
use support::cli::{entente, write};

#[test]
fn export_then_import_gives_back_the_shipped_graph() {
    let dir = tempfile::tempdir().unwrap();
    let original = entente()
        .args(["export", "--to", "json"])
        .output()
        .unwrap()
        .stdout;
    for fmt in ["graphml", "json", "gexf"] {
        let file = dir.path().join(format!("g.{fmt}"));
        entente()
            .args(["export", "--to", fmt, "-o"])
            .arg(&file)
            .assert()
            .success();
        let ron = dir.path().join(format!("g_{fmt}.ron"));
        entente()
            .arg("import")
            .arg(&file)
            .arg("-o")
            .arg(&ron)
            .assert()
            .success()
            .stderr(
                predicate::str::contains("31 actors, 98 relations")
                    .or(predicate::str::contains("actors,")),
            );
        let again = entente()
            .args(["export", "--to", "json"])
            .arg(&ron)
            .output()
            .unwrap()
            .stdout;
        if fmt == "gexf" {
            // GEXF carries no events; actors and relations are identical.
            let strip = |b: &[u8]| {
                let mut v: serde_json::Value = serde_json::from_slice(b).unwrap();
                v["graph"].as_object_mut().unwrap().remove("events");
                v
            };
            assert_eq!(strip(&again), strip(&original), "{fmt}");
        } else {
            assert_eq!(again, original, "{fmt}");
        }
    }
}

#[test]
fn csv_export_writes_two_tables_into_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tables");
    entente()
        .args(["export", "--to", "csv", "-o"])
        .arg(&out)
        .assert()
        .success();
    let nodes = std::fs::read_to_string(out.join("nodes.csv")).unwrap();
    let edges = std::fs::read_to_string(out.join("edges.csv")).unwrap();
    assert!(nodes.starts_with("id,name,kind,region,tags,attributes,part_of\n"));
    assert!(
        edges.starts_with(
            "source,target,weight,kind,directed,since,until,confidence,note,sources\n"
        )
    );
    // Again without --force: refused, nothing changed.
    entente()
        .args(["export", "--to", "csv", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    let ron = dir.path().join("back.ron");
    entente()
        .arg("import")
        .arg(out.join("edges.csv"))
        .arg("--nodes")
        .arg(out.join("nodes.csv"))
        .arg("-o")
        .arg(&ron)
        .assert()
        .success();
    entente().arg("check").arg(&ron).assert().success();
}

#[test]
fn csv_import_maps_columns_creates_missing_actors_and_defaults_kinds() {
    let dir = tempfile::tempdir().unwrap();
    let edges = write(
        dir.path(),
        "e.csv",
        "from,to,strength\nA,B,0.8\nB,C,-0.5\n\"C\",A,0.1\n",
    );
    let nodes = write(
        dir.path(),
        "n.csv",
        "id,name,kind\nA,\"Alpha, Inc.\",company\n",
    );
    let out = entente()
        .arg("import")
        .arg(&edges)
        .arg("--nodes")
        .arg(&nodes)
        .args([
            "--source-col",
            "from",
            "--target-col",
            "to",
            "--weight-col",
            "strength",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ron = String::from_utf8(out.stdout).unwrap();
    assert!(ron.contains("Actor(id: \"A\", name: \"Alpha, Inc.\", kind: Company)"));
    assert!(ron.contains("Actor(id: \"B\", name: \"B\", kind: Other)"));
    assert!(ron.contains("kind: Partnership"));
    assert!(ron.contains("kind: Hostility"));
}

#[test]
fn csv_import_reports_every_bad_row_located_with_hints() {
    let dir = tempfile::tempdir().unwrap();
    let edges = write(
        dir.path(),
        "edges.csv",
        "source,target,weight,kind,since\nA,B,0.5,aliance,\nB,C,heavy,,\nC,C,0.2,,\nA,C,-0.4,alliance,2025-13\n",
    );
    let nodes = write(
        dir.path(),
        "nodes.csv",
        "id,name,kind\nA,Alpha,stat\nA,Again,state\n",
    );
    let out = dir.path().join("g.ron");
    entente()
        .arg("import")
        .arg(&edges)
        .arg("--nodes")
        .arg(&nodes)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("edges.csv:2:9"))
        .stderr(predicate::str::contains("did you mean `alliance`?"))
        .stderr(predicate::str::contains("edges.csv:3:5"))
        .stderr(predicate::str::contains("`heavy` is not a number"))
        .stderr(predicate::str::contains("edges.csv:4:"))
        .stderr(predicate::str::contains("edges.csv:5:19"))
        .stderr(predicate::str::contains("nodes.csv:2:9"))
        .stderr(predicate::str::contains("did you mean `state`?"))
        .stderr(predicate::str::contains("nodes.csv:3:1"))
        .stderr(predicate::str::contains("error(s) in"));
    assert!(!out.exists());
}

#[test]
fn missing_columns_and_bad_files_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let edges = write(dir.path(), "e.csv", "src,dst,weight\nA,B,1\n");
    entente()
        .arg("import")
        .arg(&edges)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no `source` column"))
        .stderr(predicate::str::contains("--source-col"));
    let bad = write(
        dir.path(),
        "g.graphml",
        "<graphml><graph><node id=\"a\"></graph>",
    );
    entente()
        .arg("import")
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not well-formed XML"));
    let unknown = write(dir.path(), "g.txt", "x");
    entente()
        .arg("import")
        .arg(&unknown)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--from"));
}

#[test]
fn import_never_overwrites_its_input() {
    let dir = tempfile::tempdir().unwrap();
    let edges = write(dir.path(), "e.csv", "source,target,weight\nA,B,0.5\n");
    entente()
        .arg("import")
        .arg(&edges)
        .arg("--force")
        .arg("-o")
        .arg(&edges)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("input file"));
    assert_eq!(
        std::fs::read_to_string(&edges).unwrap(),
        "source,target,weight\nA,B,0.5\n"
    );
}

/// Issue 14, item 14: a NetworkX `DiGraph` (GraphML, GEXF or node-link JSON, as NetworkX
/// writes them: `tests/fixtures/networkx/make_directed.py`) imports as directed relations,
/// so two opposite hostile edges are two relations, not a duplicate; a `Graph` imports as
/// mutual ones.
#[test]
fn networkx_digraphs_import_as_directed_relations() {
    let dir = Path::new("tests/fixtures/networkx");
    for (stem, directed, count) in [("digraph", true, 4), ("graph", false, 3)] {
        for ext in ["graphml", "gexf", "json"] {
            let out = entente()
                .arg("import")
                .arg(dir.join(format!("{stem}.{ext}")))
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{stem}.{ext}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let ron = String::from_utf8(out.stdout).unwrap();
            let g = entente::format::ron::from_str(&ron).unwrap().graph;
            assert_eq!(g.relation_count(), count, "{stem}.{ext}");
            assert!(
                g.relations().all(|r| r.directed == directed),
                "{stem}.{ext}:\n{ron}"
            );
            let ends: Vec<(&str, &str, f64)> = g
                .relations()
                .map(|r| (r.from.as_str(), r.to.as_str(), r.weight))
                .collect();
            assert!(
                ends.contains(&("AZE", "ARM", -0.8)),
                "{stem}.{ext}: {ends:?}"
            );
            if directed {
                assert!(
                    ends.contains(&("ARM", "AZE", -0.6)),
                    "{stem}.{ext}: {ends:?}"
                );
            }
        }
    }
}
