//! `entente robustness`: the shipped graph (what an analyst reads from it), the same output
//! for the same seed, the plain analysis back when nothing is uncertain, every format, and
//! bad input.

mod support;

use predicates::prelude::*;
use support::cli::{entente, json, stdout};

#[test]
fn the_shipped_graph_keeps_its_two_camps() {
    let v = json(&["robustness", "--samples", "200", "--format", "json"]);
    assert_eq!(v["samples"], 200);
    assert_eq!(v["actors"], 34);
    // The consensus is the graph's own partition: Azerbaijan's camp and Russia's.
    let consensus = v["blocs"]["consensus"].as_array().unwrap();
    let members = |i: usize| -> Vec<&str> {
        consensus[i]["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap())
            .collect()
    };
    assert!(members(0).contains(&"AZE") && members(0).contains(&"TUR"));
    assert!(members(1).contains(&"RUS") && members(1).contains(&"IRN"));
    // Turkey and Azerbaijan share a bloc in every sample (confirmed ties only); a pair
    // never together is not listed.
    let pairs = v["blocs"]["pairs"].as_array().unwrap();
    let p = |a: &str, b: &str| {
        pairs
            .iter()
            .find(|p| p["a"] == a && p["b"] == b)
            .map_or(0.0, |p| p["probability"].as_f64().unwrap())
    };
    assert_eq!(p("AZE", "TUR"), 1.0);
    assert_eq!(p("AZE", "RUS"), 0.0);
    // Azerbaijan ranks first by PageRank in the graph and in 95 % of the samples.
    let pagerank = &v["centrality"][0];
    assert_eq!(pagerank["measure"], "pagerank");
    let aze = &pagerank["actors"][0];
    assert_eq!(
        (aze["actor"].as_str(), aze["plain"].as_u64()),
        (Some("AZE"), Some(1))
    );
    assert_eq!(aze["p95"], 1);
    // The frustration of the samples spreads around the graph's.
    let f = &v["frustration"];
    // 3.656 with the noisy-or, the default rule (4.3 with `--combine sum`).
    assert_eq!(f["plain"], 3.656);
    assert!(f["absolute"]["p5"].as_f64().unwrap() < 3.656);
    assert!(f["absolute"]["p95"].as_f64().unwrap() > 3.4);
    // Confirmed claims alone: fewer relations, and the loosest level is the whole graph.
    let levels = v["holds"]["levels"].as_array().unwrap();
    assert_eq!(levels[0]["confidence"], "confirmed");
    assert!(levels[0]["relations"].as_u64() < levels[5]["relations"].as_u64());
    assert_eq!(levels[5]["camps_held"], 34);
}

#[test]
fn the_same_seed_gives_the_same_output_and_another_seed_another() {
    let args = [
        "robustness",
        "--samples",
        "100",
        "--seed",
        "7",
        "--format",
        "json",
    ];
    let a = stdout(&args);
    assert_eq!(a, stdout(&args));
    let b = stdout(&[
        "robustness",
        "--samples",
        "100",
        "--seed",
        "8",
        "--format",
        "json",
    ]);
    assert_ne!(a, b);
}

#[test]
fn nothing_uncertain_gives_the_plain_blocs() {
    let keep = "probably-true=1,possibly-true=1,doubtful=1,improbable=1,cannot-be-judged=1";
    let v = json(&[
        "robustness",
        "--samples",
        "20",
        "--keep",
        keep,
        "--jitter",
        "0",
        "--format",
        "json",
    ]);
    let blocs = json(&["blocs", "--format", "json"]);
    let plain: Vec<&serde_json::Value> = blocs["blocs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| &b["members"])
        .collect();
    let consensus: Vec<&serde_json::Value> = v["blocs"]["consensus"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| &b["members"])
        .collect();
    assert_eq!(plain, consensus);
    for p in v["blocs"]["pairs"].as_array().unwrap() {
        assert_eq!(p["probability"], 1.0);
    }
    assert_eq!(v["frustration"]["absolute"]["min"], blocs["frustration"]);
    assert_eq!(v["frustration"]["absolute"]["max"], blocs["frustration"]);
}

#[test]
fn tables_markdown_and_csv() {
    let text = stdout(&["robustness", "--samples", "50", "--on", "AZE,ARM"]);
    for want in [
        "Robustness: South Caucasus 2025",
        "Relations in force on 2025-10-09",
        "Consensus blocs",
        "Centrality rank intervals",
        "Influence on AZE",
        "Influence on ARM",
        "What holds at confidence ≥ X",
    ] {
        assert!(text.contains(want), "{want} missing:\n{text}");
    }
    let md = stdout(&["robustness", "--samples", "20", "--format", "md"]);
    assert!(md.starts_with("## Robustness"));
    assert!(md.contains("| bloc | size | members |"));
    let csv = stdout(&["robustness", "--samples", "20", "--format", "csv"]);
    assert!(csv.starts_with("section,table,row,column,value\n"), "{csv}");
    assert!(
        csv.lines()
            .any(|l| l.contains(",consensus blocs,1,members,"))
    );
    assert!(csv.lines().any(|l| l.contains(",holds by level,1,")));
}

#[test]
fn bad_options_are_refused_with_a_hint() {
    entente()
        .args(["robustness", "--on", "AZR"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `AZE`?"));
    entente()
        .args(["robustness", "--keep", "doubtful=1.5"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("from 0 to 1"));
    entente()
        .args(["robustness", "--jitter", "2"])
        .assert()
        .code(2);
    entente()
        .args(["robustness", "--samples", "0"])
        .assert()
        .code(2);
}

/// `robustness ARGS --format json` with every level certain and no jitter.
fn certain(extra: &[&str]) -> serde_json::Value {
    let keep = "probably-true=1,possibly-true=1,doubtful=1,improbable=1,cannot-be-judged=1";
    let mut args = vec![
        "robustness",
        "--samples",
        "10",
        "--keep",
        keep,
        "--jitter",
        "0",
        "--format",
        "json",
    ];
    args.extend(extra);
    json(&args)
}

#[test]
fn with_nothing_uncertain_a_layer_or_the_collapsed_graph_gives_its_plain_analysis() {
    for extra in [
        &["--collapse"][..],
        &["--layer", "security"],
        &[
            "--layer",
            "diplomatic,economic",
            "--collapse",
            "--combine",
            "sum",
        ],
    ] {
        let v = certain(extra);
        let mut args = vec!["blocs", "--format", "json"];
        args.extend(extra);
        let blocs = json(&args);
        let members = |bs: &serde_json::Value| -> Vec<serde_json::Value> {
            bs.as_array()
                .unwrap()
                .iter()
                .map(|b| b["members"].clone())
                .collect()
        };
        assert_eq!(
            members(&v["blocs"]["consensus"]),
            members(&blocs["blocs"]),
            "{extra:?}"
        );
        assert_eq!(v["frustration"]["plain"], blocs["frustration"], "{extra:?}");
        assert_eq!(v["frustration"]["absolute"]["max"], blocs["frustration"]);
        // The ranks are those of the plain centrality of the graph read so.
        let mut args = vec!["centrality", "--format", "json"];
        args.extend(extra);
        let c = json(&args);
        assert_eq!(
            v["actors"].as_u64().unwrap() as usize,
            c["actors"].as_object().unwrap().len()
        );
        for a in v["centrality"][0]["actors"].as_array().unwrap() {
            assert_eq!(a["p5"], a["plain"], "{extra:?} {a}");
            assert_eq!(a["p95"], a["plain"], "{extra:?} {a}");
        }
    }
    // Collapsed, the members are gone from every finding.
    let v = certain(&["--collapse"]);
    assert_eq!(v["actors"], 20);
    assert!(!v.to_string().contains("\"FSB\""));
}

#[test]
fn the_keep_table_can_come_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let run = |keep: &[&str]| {
        let mut args = vec!["robustness", "--samples", "40", "--format", "json"];
        args.extend(keep);
        stdout(&args)
    };
    let flag = run(&["--keep", "probably-true=0.9,doubtful=0.1"]);
    assert_ne!(flag, run(&[]));
    for (name, text) in [
        ("keep.ron", "Keep(probably_true: 0.9, doubtful: 0.1)\n"),
        (
            "keep.csv",
            "# our desk's reading of the scale\nconfidence,keep\nprobably-true,0.9\ndoubtful,0.1\n",
        ),
    ] {
        let p = support::cli::write(dir.path(), name, text);
        assert_eq!(run(&["--keep-file", p.to_str().unwrap()]), flag, "{name}");
    }
    // Every problem of a bad file, located; and not with --keep.
    let bad = support::cli::write(
        dir.path(),
        "bad.csv",
        "confidence,keep\ndoubtfull,0.1\nimprobable,7\n",
    );
    let bad = bad.to_str().unwrap();
    entente()
        .args(["robustness", "--keep-file", bad])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("bad.csv:2:1")
                .and(predicate::str::contains("did you mean `doubtful`?"))
                .and(predicate::str::contains("bad.csv:3:12"))
                .and(predicate::str::contains("is not a valid keep table")),
        );
    entente()
        .args(["robustness", "--keep-file", bad, "--keep", "doubtful=0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
}
