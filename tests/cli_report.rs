//! `entente report` opens with its key findings (issue 18, item 1), each read off the
//! report's own results: checked here against the JSON sections, on the shipped graph and on
//! a generated one.

mod support;

use predicates::prelude::*;
use support::cli::{entente, json, stdout};

fn finding<'a>(r: &'a serde_json::Value, topic: &str) -> &'a str {
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["topic"] == topic)
        .unwrap_or_else(|| panic!("no `{topic}` finding in {}", r["findings"]))["text"]
        .as_str()
        .unwrap()
}

fn num(v: &serde_json::Value) -> String {
    entente::numfmt::num(v.as_f64().unwrap(), 3).replace('-', "−")
}

/// Every number a finding states is the one its section holds.
fn findings_agree_with_sections(r: &serde_json::Value) {
    let blocs = &r["blocs"];
    let mut camps: Vec<&serde_json::Value> = blocs["blocs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["members"].as_array().unwrap().len() > 1)
        .collect();
    camps.sort_by_key(|b| {
        (
            std::cmp::Reverse(b["members"].as_array().unwrap().len()),
            b["id"].as_u64(),
        )
    });
    let text = finding(r, "camps");
    for b in camps.iter().take(2) {
        let head = format!(
            "bloc {} ({}:",
            b["id"],
            b["members"].as_array().unwrap().len()
        );
        assert!(text.contains(&head), "{head} in {text}");
    }

    let text = finding(r, "fault lines");
    let frustrated = blocs["frustrated"].as_array().unwrap();
    assert!(
        text.starts_with(&format!("{} tie", frustrated.len())),
        "{text}"
    );
    assert!(text.contains(&format!("frustration {}", num(&blocs["frustration"]))));
    for f in frustrated.iter().take(2) {
        let tie = format!(
            "{} – {} {}",
            f["a"].as_str().unwrap(),
            f["b"].as_str().unwrap(),
            num(&f["weight"])
        );
        assert!(text.contains(&tie), "{tie} in {text}");
    }

    let text = finding(r, "between");
    let first = &r["brokers"]["bridges"][0];
    assert!(
        text.contains(&format!("({} hostile pairs", first["hostile_pairs"])),
        "{text}"
    );

    let text = finding(r, "influence");
    let top = &r["influence"]["ranking"][0];
    assert!(
        text.contains(&format!(
            "{} {}",
            top["name"].as_str().unwrap(),
            num(&top["score"])
        )) || text.contains(&format!(
            "{} {}",
            top["actor"].as_str().unwrap(),
            num(&top["score"])
        )),
        "{text}"
    );

    let text = finding(r, "cascade");
    let c = &r["cascade"];
    let joined = |side: &str| c[side].as_array().unwrap().len() - 1;
    assert!(
        text.contains(&format!(
            "{} join {}",
            joined("target_side"),
            c["target_name"].as_str().unwrap()
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "{} join {}",
            joined("attacker_side"),
            c["attacker_name"].as_str().unwrap()
        )),
        "{text}"
    );
    assert!(text.contains(&format!(
        "{} out.",
        c["uncommitted"].as_array().unwrap().len()
    )));

    let text = finding(r, "weak ties");
    let weak: usize = [
        "possibly-true",
        "doubtful",
        "improbable",
        "cannot-be-judged",
    ]
    .iter()
    .map(|c| {
        r["summary"]["relations_by_confidence"][c]
            .as_u64()
            .unwrap_or(0) as usize
    })
    .sum();
    if weak > 0 {
        assert!(
            text.starts_with(&format!(
                "{weak} of {} relations",
                r["summary"]["relations"]
            )),
            "{text}"
        );
    }
}

#[test]
fn the_shipped_graph_report_opens_with_its_findings() {
    let text = stdout(&["report"]);
    // A new user knows what the graph says from the first 20 lines (all findings by 22).
    let first20: Vec<&str> = text.lines().take(20).collect();
    assert!(
        first20.iter().any(|l| l.starts_with("cascade:")),
        "{first20:#?}"
    );
    let head: Vec<&str> = text.lines().take(22).collect();
    let head = head.join("\n");
    for topic in [
        "Key findings",
        "camps:",
        "between:",
        "fault lines:",
        "influence:",
        "cascade:",
        "weak ties:",
    ] {
        assert!(head.contains(topic), "{topic} in the first lines:\n{head}");
    }
    for line in text.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= 100,
            "over 100 columns: {line}"
        );
    }
    // Counts by kind come last, after every analysis.
    let counts = text.find("Relations by kind").unwrap();
    for later in [
        "\nBlocs\n",
        "\nInfluence on",
        "\nCentrality",
        "\nEscalation cascade",
        "\nEvents\n",
    ] {
        assert!(text.find(later).unwrap() < counts, "{later}");
    }

    let r = json(&["report", "--format", "json"]);
    findings_agree_with_sections(&r);
    // The sharpest hostility of the shipped graph: the war in Ukraine, Russia the attacker.
    assert_eq!(r["cascade"]["chosen"], "sharpest-hostility");
    assert_eq!(r["cascade"]["attacker"], "RUS");
    assert_eq!(r["cascade"]["tie"], -1.0);
    // The events, oldest first, up to the report's date.
    let events = r["events"].as_array().unwrap();
    assert_eq!(
        events.len() as u64,
        r["summary"]["events"].as_u64().unwrap()
    );
    let dates: Vec<&str> = events.iter().map(|e| e["date"].as_str().unwrap()).collect();
    assert!(
        dates.windows(2).all(|w| w[0][..4] <= w[1][..4]),
        "{dates:?}"
    );
}

#[test]
fn focus_and_attack_choose_the_influence_and_the_cascade() {
    let r = json(&[
        "report",
        "--format",
        "json",
        "--focus",
        "ARM",
        "--attacker",
        "RUS",
        "--target",
        "AZE",
    ]);
    assert_eq!(r["focus"], "ARM");
    assert_eq!(r["influence"]["target"], "ARM");
    assert!(finding(&r, "influence").starts_with("On Armenia (--focus)"));
    assert_eq!(r["cascade"]["chosen"], "requested");
    assert_eq!(r["cascade"]["target"], "AZE");
    assert!(finding(&r, "cascade").starts_with("If Russia attacks Azerbaijan (net tie −"));
    findings_agree_with_sections(&r);
    // The same cascade as `entente cascade` gives.
    let c = json(&[
        "cascade",
        "--attacker",
        "RUS",
        "--target",
        "AZE",
        "--format",
        "json",
    ]);
    assert_eq!(c["target_side"], r["cascade"]["target_side"]);
    assert_eq!(c["attacker_side"], r["cascade"]["attacker_side"]);

    entente()
        .args(["report", "--focus", "ARMM"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--focus: no actor `ARMM` in the graph (did you mean `ARM`?)",
        ));
    entente()
        .args(["report", "--attacker", "RUS", "--target", "RUS"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot attack itself"));
    entente()
        .args(["report", "--attacker", "RUS"])
        .assert()
        .code(2);
}

#[test]
fn a_generated_graph_report_opens_with_findings_read_off_its_results() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("g.ron");
    let g = g.to_str().unwrap();
    stdout(&[
        "generate",
        "--actors",
        "60",
        "--relations",
        "200",
        "--seed",
        "7",
        "-o",
        g,
    ]);
    let r = json(&["report", g, "--format", "json"]);
    findings_agree_with_sections(&r);
    // Generated graphs rate a share of their relations below probably-true.
    assert!(finding(&r, "weak ties").contains("rated below probably-true"));
    let text = stdout(&["report", g]);
    assert!(text.lines().take(12).any(|l| l.starts_with("camps:")));
    let md = stdout(&["report", g, "--format", "md"]);
    assert!(md.contains("## Key findings\n\n- **camps:** bloc "), "{md}");
}

#[test]
fn camps_and_bridges_are_re_read_without_the_weak_ties() {
    // Without its possibly-true RUS – TRIPP rivalry Armenia bridges 3 hostile pairs, not 4,
    // and comes after Azerbaijan: the between finding rests on it. The camps hold.
    let r = json(&["report", "--format", "json"]);
    let weak = |topic: &str| -> Vec<String> {
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["topic"] == topic)
            .unwrap()["weak_ties"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| format!("{}-{} {}", t["from"], t["to"], t["confidence"]).replace('"', ""))
            .collect()
    };
    assert_eq!(weak("between"), ["RUS-TRIPP possibly-true"]);
    assert!(weak("camps").is_empty());
    let sure = json(&[
        "brokers",
        "--min-confidence",
        "probably-true",
        "--format",
        "json",
    ]);
    let arm = |b: &serde_json::Value| {
        b["bridges"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["actor"] == "ARM")
            .unwrap()["hostile_pairs"]
            .clone()
    };
    assert_eq!(arm(&r["brokers"]), 4);
    assert_eq!(arm(&sure), 3);
    assert!(
        finding(&r, "weak ties")
            .contains("the between finding rests on RUS – TRIPP rivalry (possibly-true)"),
        "{}",
        finding(&r, "weak ties")
    );
    let text = stdout(&["report"]);
    assert!(text.contains("A finding rests on weak ties when it reads"));
}

#[test]
fn sections_cut_the_report_to_size_in_every_format() {
    let text = stdout(&["report", "--sections", "cascade,findings"]);
    assert!(text.starts_with("entente report: South Caucasus 2025\n"));
    assert!(text.contains("Relations in force on 2025-10-09"));
    let (f, c) = (
        text.find("\nKey findings\n").unwrap(),
        text.find("\nEscalation cascade").unwrap(),
    );
    assert!(f < c, "reading order");
    for gone in [
        "\nBlocs\n",
        "\nStructural balance\n",
        "\nEvents\n",
        "\nRobustness",
    ] {
        assert!(!text.contains(gone), "{gone}");
    }
    let full = stdout(&["report"]);
    assert!(text.lines().count() * 3 < full.lines().count());

    let r = json(&["report", "--sections", "findings", "--format", "json"]);
    let mut keys: Vec<&str> = r.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    keys.sort();
    assert_eq!(
        keys,
        ["findings", "graph", "relations", "source", "validation"]
    );
    let md = stdout(&["report", "--sections", "brokers", "--format", "md"]);
    assert!(md.contains("## Brokers") && !md.contains("## Key findings"));

    entente()
        .args(["report", "--sections", "findings,bloc"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "no report section `bloc` (did you mean `blocs`?); the sections are findings,",
        ));
}

#[test]
fn the_csv_report_is_one_long_table() {
    let out = stdout(&["report", "--format", "csv"]);
    assert!(!out.lines().any(|l| l.starts_with("# ")));
    let mut rd = csv::Reader::from_reader(out.as_bytes());
    assert_eq!(
        rd.headers().unwrap(),
        vec!["section", "table", "row", "column", "value"]
    );
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    assert!(
        rows.iter()
            .all(|r| r.len() == 5 && r[2].parse::<usize>().is_ok())
    );
    // The findings are one row of the key-value block, a column per topic.
    let camps = rows
        .iter()
        .find(|r| &r[0] == "Key findings" && &r[3] == "camps")
        .unwrap();
    assert_eq!(&camps[2], "1");
    assert!(camps[4].starts_with("bloc 0 (20: "));
    // A table's cells: the bloc summary's first row, bloc 0 of 20 actors.
    let cell = |table: &str, row: &str, column: &str| {
        rows.iter()
            .find(|r| &r[1] == table && &r[2] == row && &r[3] == column)
            .map(|r| r[4].to_string())
    };
    assert_eq!(cell("blocs", "1", "size").as_deref(), Some("20"));
    // One section alone is one plain table.
    let one = stdout(&["report", "--sections", "findings", "--format", "csv"]);
    assert!(one.starts_with("key,value\ncamps,"), "{one}");
}
