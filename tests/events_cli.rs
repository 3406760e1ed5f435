//! `entente events import` and `entente events summary` on the real GDELT fixtures, the
//! plain and ICEWS samples and the malformed corpus (tests/fixtures/events/README.md).

use assert_cmd::Command;
use std::path::Path;

const DIR: &str = "tests/fixtures/events";
const GDELT: [&str; 2] = [
    "tests/fixtures/events/gdelt-georgia-2012-07.csv",
    "tests/fixtures/events/20120801-20120831.export.tsv",
];

fn entente(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("entente")
        .unwrap()
        .args(["--color", "never"])
        .args(args)
        .output()
        .unwrap()
}

fn stdout(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// The summary of the real sample equals the independent pandas (and DuckDB) computation
/// committed beside it, byte for byte, for every period.
#[test]
fn summary_equals_the_independent_computation() {
    for by in ["day", "week", "month", "quarter", "year"] {
        let out = entente(&[
            "events", "summary", GDELT[0], GDELT[1], "--by", by, "--format", "csv",
        ]);
        let want = std::fs::read_to_string(format!("{DIR}/expected/summary_{by}.csv")).unwrap();
        assert_eq!(stdout(&out), want, "--by {by}");
    }
}

#[test]
fn compressed_files_read_like_the_plain_one() {
    let plain = stdout(&entente(&[
        "events", "summary", GDELT[1], "--format", "csv",
    ]));
    assert!(plain.lines().count() > 20);
    for f in [
        "20120801-20120831.export.tsv.gz",
        "20120801-20120831.export.CSV.zip",
    ] {
        let out = entente(&[
            "events",
            "summary",
            &format!("{DIR}/{f}"),
            "--format",
            "csv",
        ]);
        assert_eq!(stdout(&out), plain, "{f}");
    }
}

#[test]
fn json_rows_have_exactly_the_documented_keys() {
    let out = stdout(&entente(&[
        "events", "summary", GDELT[1], "--by", "week", "--format", "json",
    ]));
    let rows: Vec<serde_json::Map<String, serde_json::Value>> = serde_json::from_str(&out).unwrap();
    let keys: Vec<&str> = rows[0].keys().map(String::as_str).collect();
    let mut want = vec![
        "source",
        "target",
        "period",
        "events",
        "mentions",
        "goldstein_mean",
        "goldstein_weighted",
        "verbal_coop",
        "material_coop",
        "verbal_conflict",
        "material_conflict",
    ];
    want.sort_unstable();
    let mut keys = keys;
    keys.sort_unstable();
    assert_eq!(keys, want);
    assert!(
        rows.iter()
            .all(|r| r["period"].as_str().unwrap().contains("-W"))
    );
}

/// Every row is accounted for: events, or a reason to skip it.
#[test]
fn the_import_accounts_for_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("g.ron");
    let out = entente(&[
        "events",
        "import",
        GDELT[0],
        GDELT[1],
        "-o",
        g.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let s = &report["skipped"];
    let skipped: u64 = [
        "one_actor",
        "same_actor",
        "unmapped",
        "duplicates",
        "bad_rows",
    ]
    .iter()
    .map(|k| s[k].as_u64().unwrap())
    .sum();
    assert_eq!(report["rows"].as_u64().unwrap(), 1000);
    assert_eq!(report["events"].as_u64().unwrap() + skipped, 1000);
    assert_eq!(report["events"].as_u64().unwrap(), 135);
    let codes = report["unmapped_codes"].as_array().unwrap();
    assert!(!codes.is_empty() && codes.len() <= 20);
    assert_eq!(codes[0]["code"], "GOV");
    // The graph is valid, and every command reads it, at any date.
    stdout(&entente(&["check", g.to_str().unwrap()]));
    // `info` spans the days the events span.
    let info: serde_json::Value = serde_json::from_str(&stdout(&entente(&[
        "info",
        g.to_str().unwrap(),
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(info["first_date"], report["first_day"]);
    assert_eq!(info["last_date"], report["last_day"]);
    let at = |date: &str| {
        let out = stdout(&entente(&[
            "info",
            g.to_str().unwrap(),
            "--as-of",
            date,
            "--format",
            "json",
        ]));
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v["relations"].as_u64().unwrap()
    };
    assert_eq!(at("2012-06-30"), 0);
    let mid = at("2012-07-15");
    let end = at("2012-08-31");
    assert!(0 < mid && mid < end, "{mid} {end}");
    // The tallies survive a save and a load.
    let loaded = entente::load_file(&g).unwrap().graph;
    // One tally per dyad and day: the rows of the daily summary.
    let days = std::fs::read_to_string(format!("{DIR}/expected/summary_day.csv")).unwrap();
    assert_eq!(loaded.tallies().len(), days.lines().count() - 1);
    let again = entente::format::ron::from_str(&entente::format::ron::to_string(&loaded))
        .unwrap()
        .graph;
    assert_eq!(again, loaded);
    // GraphML and node-link JSON carry the tallies and their weighting too, so `--as-of`
    // recomputes the same weights after an export and an import.
    use entente::format::{graphml, json};
    for (format, back) in [
        ("GraphML", graphml::from_str(&graphml::to_string(&loaded))),
        ("JSON", json::from_str(&json::to_string(&loaded))),
    ] {
        let back = back.unwrap_or_else(|e| panic!("{format}: {e:?}")).graph;
        assert_eq!(back.tallies(), loaded.tallies(), "{format}");
        assert_eq!(back.weighting, loaded.weighting, "{format}");
    }
}

#[test]
fn plain_csv_counts_duplicates_and_same_actor_rows_once() {
    let out = entente(&[
        "events",
        "summary",
        &format!("{DIR}/plain.csv"),
        "--by",
        "month",
        "--format",
        "csv",
    ]);
    let text = stdout(&out);
    assert!(
        text.contains("GEO,RUS,2012-08,1,8,-5.0,-5.0,0,0,1,0"),
        "{text}"
    );
    // Row 1 has no score: its code 190 gives -10; with row 2 (-9.5) the mean is -9.75.
    assert!(text.contains("RUS,GEO,2012-08,2,42,-9.75,"), "{text}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("1 with both actors the same") && err.contains("1 duplicate(s)"),
        "{err}"
    );
}

#[test]
fn icews_names_map_through_the_dictionary() {
    let out = stdout(&entente(&[
        "events",
        "summary",
        &format!("{DIR}/icews.tab"),
        "--dictionary",
        &format!("{DIR}/dictionary.csv"),
        "--format",
        "csv",
    ]));
    assert_eq!(
        out,
        "source,target,period,events,mentions,goldstein_mean,goldstein_weighted,verbal_coop,material_coop,verbal_conflict,material_conflict\n\
         EU,GEO,2012-08,1,1,3.0,3.0,1,0,0,0\n\
         GEO,RUS,2012-08,1,1,-2.0,-2.0,0,0,1,0\n\
         RUS,GEO,2012-08,1,1,-10.0,-10.0,0,0,0,1\n"
    );
}

/// Hand-written directed events of a graph feed the same table.
#[test]
fn hand_written_events_feed_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("g.ron");
    std::fs::write(
        &g,
        r#"Graph(name: "t", actors: [
            Actor(id: "RUS", name: "Russia", kind: State),
            Actor(id: "AZE", name: "Azerbaijan", kind: State),
        ], relations: [Relation(from: "RUS", to: "AZE", kind: Hostility, weight: -0.5)],
        events: [
            Event(date: "2025-06-27", actors: ["RUS", "AZE"], from: "RUS", to: "AZE", kind: "raid", score: -7.0, summary: "raid"),
            Event(date: "2025-06-30", actors: ["RUS", "AZE"], from: "AZE", to: "RUS", kind: "protest", score: -3.0, summary: "note"),
            Event(date: "2025-07", actors: ["RUS", "AZE"], from: "RUS", to: "AZE", kind: "arrest", score: -5.0, summary: "arrests"),
            Event(date: "2025-07-02", actors: ["RUS", "AZE"], kind: "talks", score: 1.0, summary: "no direction: not counted"),
        ])"#,
    )
    .unwrap();
    let out = stdout(&entente(&[
        "events",
        "summary",
        g.to_str().unwrap(),
        "--by",
        "quarter",
        "--format",
        "csv",
    ]));
    assert_eq!(
        out.lines().skip(1).collect::<Vec<_>>(),
        [
            "AZE,RUS,2025-Q2,1,1,-3.0,-3.0,0,0,0,0",
            "RUS,AZE,2025-Q2,1,1,-7.0,-7.0,0,0,0,0",
            "RUS,AZE,2025-Q3,1,1,-5.0,-5.0,0,0,0,0",
        ]
    );
}

/// Each malformed file gives its located message (file:line, column), counted; the
/// command still prints the table; `--strict` stops at it with exit code 2.
#[test]
fn every_malformed_row_is_located() {
    let mut files: Vec<_> = std::fs::read_dir(format!("{DIR}/malformed"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 12);
    for path in files {
        let rel = path.to_str().unwrap().replace('\\', "/");
        let name = path.file_stem().unwrap().to_str().unwrap().to_string();
        let out = entente(&["events", "summary", &rel]);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(!stderr.contains("panicked"), "{rel}: {stderr}");
        if name == "unknown_layout" {
            assert_eq!(out.status.code(), Some(2), "{rel}");
        } else {
            assert!(out.status.success(), "{rel}: {stderr}");
            assert!(
                stderr.contains(&format!("--> {rel}:")),
                "{rel}: not located\n{stderr}"
            );
            assert!(stderr.contains("1 bad"), "{rel}: not counted\n{stderr}");
            let strict = entente(&["events", "summary", &rel, "--strict"]);
            assert_eq!(strict.status.code(), Some(2), "{rel}: --strict");
        }
        insta::with_settings!({snapshot_suffix => name, prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!("events_malformed", stderr);
        });
    }
}

#[test]
fn an_existing_output_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("g.ron");
    std::fs::write(&g, "keep").unwrap();
    let out = entente(&["events", "import", GDELT[1], "-o", g.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&g).unwrap(), "keep");
    assert!(Path::new(GDELT[1]).exists());
}
