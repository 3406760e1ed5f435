//! Hostile and odd input as a user meets it on the command line: names holding escape
//! sequences, HTML or characters XML forbids; byte order marks, tab-separated files, huge
//! integers, nonsense option values. Shown escaped where people read them, kept exactly
//! where data is written, refused with a located message where they cannot be right.

mod support;

use predicates::prelude::*;
use support::cli::{entente, stdout_on as stdout, write};

/// A graph whose names, notes and title hold terminal escape sequences, HTML, a bidi
/// override and U+FFFE/U+FFFF (also a seed of the fuzz corpus).
const HOSTILE: &str = include_str!("data/hostile_names.ron");

fn has_raw_controls(s: &str) -> bool {
    s.chars()
        .any(|c| entente::text::is_hidden(c) && c != '\r' || c == '\u{fffe}')
}

/// Issue 14, item 12: nothing a file holds reaches the terminal as a raw escape sequence.
#[test]
fn escape_sequences_in_names_are_shown_not_sent_to_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let g = write(dir.path(), "g.ron", HOSTILE);
    for args in [
        &["info"][..],
        &["report"],
        &["blocs"],
        &["centrality"],
        &["info", "--format", "md"],
        &["report", "--format", "md"],
    ] {
        let text = stdout(args, &g);
        assert!(!has_raw_controls(&text), "{args:?}:\n{text:?}");
    }
    let path = entente()
        .arg("path")
        .arg(&g)
        .args(["A", "B"])
        .output()
        .unwrap();
    let path = String::from_utf8(path.stdout).unwrap();
    assert!(
        path.contains(r"x\u{1b}[8mhidden") && !has_raw_controls(&path),
        "{path:?}"
    );
    let info = stdout(&["info"], &g);
    assert!(
        info.contains(r"Esc\u{1b}]0;pwned\u{7} <script>alert(1)</script> second line"),
        "{info}"
    );
    // Diagnostics quote the file: a raw ESC in a broken file is shown escaped too.
    let bad = write(
        dir.path(),
        "bad.ron",
        "Graph(name: \"x\u{1b}]0;pwned\u{7}\", actors: [Actor(id: \"A\", name: \"n\", kind: Stat)])",
    );
    let out = entente().arg("check").arg(&bad).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!has_raw_controls(&err), "{err:?}");
    assert!(err.contains(r#"x\u{1b}]0;pwned\u{7}"#), "{err}");
    // The column is the file's, not the escaped line's.
    assert!(err.contains("bad.ron:1:69"), "{err}");
}

/// Item 12: control characters cannot be part of an id: a located error with a hint, the
/// id shown escaped.
#[test]
fn control_characters_in_ids_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let g = write(
        dir.path(),
        "g.ron",
        "Graph(name: \"g\", actors: [Actor(id: \"A\\u{7}\", name: \"A\", kind: State), \
         Actor(id: \"A\", name: \"A2\", kind: State), Actor(id: \"X\\u{202e}\", name: \"X\", kind: State)])",
    );
    let out = entente().arg("check").arg(&g).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains(r"invalid actor id `A\u{7}`"), "{err}");
    assert!(err.contains(r"invalid actor id `X\u{202e}`"), "{err}");
    assert!(err.contains("an actor id cannot contain control characters"));
    assert!(err.contains("g.ron:1:37"), "{err}");
    assert!(!has_raw_controls(&err));
}

/// Items 12 and 13: GraphML, GEXF and both SVG engines stay well-formed XML, names that
/// differ by a control character stay distinct, and entente reads its own exports back.
#[test]
fn xml_exports_stay_well_formed_and_distinct() {
    let dir = tempfile::tempdir().unwrap();
    let g = write(dir.path(), "g.ron", HOSTILE);
    for fmt in ["graphml", "gexf"] {
        let out = dir.path().join(format!("g.{fmt}"));
        entente()
            .args(["export", "--to", fmt, "-o"])
            .arg(&out)
            .arg(&g)
            .assert()
            .success();
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(!text.contains('\u{7}') && !text.contains('\u{fffe}'));
        let root = entente::format::xml::parse(&text).expect("well-formed");
        assert!(!root.children.is_empty());
        assert!(text.contains(r"Gamma\u{7}") && text.contains(r"Beta\u{fffe}\u{ffff}"));
        let back = stdout(&["export", "--to", "json"], &{
            let ron = dir.path().join(format!("{fmt}.ron"));
            entente()
                .arg("import")
                .arg(&out)
                .arg("-o")
                .arg(&ron)
                .assert()
                .success();
            ron
        });
        let v: serde_json::Value = serde_json::from_str(&back).unwrap();
        let names: Vec<&str> = v["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["name"].as_str().unwrap())
            .collect();
        assert!(names.contains(&r"Gamma\u{7}") && names.contains(&"Gamma"));
    }
    let svg = dir.path().join("g.svg");
    entente()
        .args(["render", "--engine", "embedded", "-o"])
        .arg(&svg)
        .arg(&g)
        .assert()
        .success();
    let text = std::fs::read_to_string(&svg).unwrap();
    entente::format::xml::parse(&text).expect("embedded SVG is well-formed");
    assert!(text.contains(r"Beta\u{fffe}\u{ffff}"), "{text}");
    if which_dot() {
        let svg = dir.path().join("dot.svg");
        entente()
            .args(["render", "--engine", "system", "-o"])
            .arg(&svg)
            .arg(&g)
            .assert()
            .success();
        let text = std::fs::read_to_string(&svg).unwrap();
        entente::format::xml::parse(&text).expect("Graphviz SVG is well-formed");
        assert!(text.contains(r"Beta\u{fffe}\u{ffff}"), "{text}");
    }
}

fn which_dot() -> bool {
    std::process::Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Item 16: Markdown shows HTML from names as text; CSV keeps a name with a line break in one
/// quoted cell.
#[test]
fn markdown_escapes_html_and_csv_keeps_a_name_in_one_cell() {
    let dir = tempfile::tempdir().unwrap();
    let g = write(dir.path(), "g.ron", HOSTILE);
    let md = stdout(&["report", "--format", "md"], &g);
    assert!(!md.contains("<script>") && !md.contains("<img"), "{md}");
    assert!(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{md}");
    let csv = stdout(&["report", "--format", "csv"], &g);
    // The actor named "Esc…pwned…<script>…\nsecond line" is one cell wherever it appears:
    // every record of the long table has its five fields.
    let mut rd = csv::Reader::from_reader(csv.as_bytes());
    let records: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    assert!(records.iter().all(|r| r.len() == 5), "{csv}");
    assert!(
        records.iter().any(|r| r
            .iter()
            .any(|c| c.contains("pwned") && c.contains("second line"))),
        "{csv}"
    );
}

/// Item 5: integers in attributes are kept exactly, and stay integers, through RON and
/// JSON; floats stay floats.
#[test]
fn integer_attributes_are_kept_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let g = write(
        dir.path(),
        "g.ron",
        r#"Graph(name: "g", actors: [Actor(id: "A", name: "A", kind: State, attributes: {"pop": 9007199254740993, "max": 18446744073709551615, "min": -9223372036854775808, "f": 3.0, "e": 1e3})])"#,
    );
    let json = stdout(&["export", "--to", "json"], &g);
    for want in [
        "\"pop\": 9007199254740993",
        "\"max\": 18446744073709551615",
        "\"min\": -9223372036854775808",
        "\"f\": 3.0",
        "\"e\": 1000.0",
    ] {
        assert!(json.contains(want), "{want} in {json}");
    }
    let j = write(dir.path(), "g.json", &json);
    let ron = stdout(&["import"], &j);
    assert!(
        ron.contains(r#"attributes: {"e": 1000.0, "f": 3.0, "max": 18446744073709551615, "min": -9223372036854775808, "pop": 9007199254740993}"#),
        "{ron}"
    );
    let too_big = write(
        dir.path(),
        "big.ron",
        r#"Graph(name: "g", actors: [Actor(id: "A", name: "A", kind: State, attributes: {"x": 18446744073709551616})])"#,
    );
    entente()
        .arg("check")
        .arg(&too_big)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "an integer attribute must fit in 64 bits",
        ))
        .stderr(predicate::str::contains("big.ron:1:84"));
}

/// Item 17: a UTF-8 byte order mark is accepted in RON (graphs and scenarios), JSON and CSV.
#[test]
fn a_byte_order_mark_is_accepted_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let bom = '\u{feff}';
    let g = write(
        dir.path(),
        "g.ron",
        &format!(
            "{bom}Graph(name: \"g\", actors: [Actor(id: \"A\", name: \"A\", kind: State), \
             Actor(id: \"B\", name: \"B\", kind: State)], relations: [Relation(from: \"A\", to: \"B\", kind: Alliance, weight: 0.5)])"
        ),
    );
    entente().arg("check").arg(&g).assert().success();
    let s = write(
        dir.path(),
        "s.ron",
        &format!("{bom}Scenario(name: \"s\", base: \"g.ron\", edits: [RemoveActor(id: \"B\")])"),
    );
    entente().arg("info").arg(&s).assert().success();
    let json = stdout(&["export", "--to", "json"], &g);
    let j = write(dir.path(), "g.json", &format!("{bom}{json}"));
    entente().arg("import").arg(&j).assert().success();
    let bad = write(dir.path(), "bad.json", &format!("{bom}{{\"nodes\": [}}"));
    entente()
        .arg("import")
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.json:1:12"));
    let c = write(
        dir.path(),
        "e.csv",
        &format!("{bom}source,target,weight\nA,B,0.5\n"),
    );
    entente().arg("import").arg(&c).assert().success();
}

/// Item 17: a `.tsv` file is split on tabs; `--delimiter` names another byte.
#[test]
fn tab_separated_files_split_on_tabs() {
    let dir = tempfile::tempdir().unwrap();
    let t = write(
        dir.path(),
        "e.tsv",
        "source\ttarget\tweight\tnote\nA\tB\t0.5\tcommas, kept\n",
    );
    let ron = stdout(&["import"], &t);
    assert!(ron.contains("note: \"commas, kept\""), "{ron}");
    let s = write(dir.path(), "e.txt", "source;target;weight\nA;B;-0.5\n");
    let ron = stdout(&["import", "--from", "csv", "--delimiter", ";"], &s);
    assert!(ron.contains("weight: -0.5"), "{ron}");
    entente()
        .args(["import", "--delimiter", "ab"])
        .arg(&s)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a delimiter"));
}

/// Item 17: a header naming `weight` twice is an error pointing at both.
#[test]
fn a_duplicate_weight_header_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let e = write(
        dir.path(),
        "e.csv",
        "source,target,weight,weight\nA,B,0.5,-0.5\n",
    );
    entente()
        .arg("import")
        .arg(&e)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "the header has two `weight` columns",
        ))
        .stderr(predicate::str::contains("e.csv:1:22"))
        .stderr(predicate::str::contains("first given here"));
}

/// Item 17: `generate --csv-dir` writes tables `import` reads with its defaults.
#[test]
fn generated_tables_import_with_the_default_columns() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g.ron");
    let csv = dir.path().join("csv");
    entente()
        .args(["generate", "--actors", "30", "--relations", "60", "-o"])
        .arg(&out)
        .arg("--csv-dir")
        .arg(&csv)
        .assert()
        .success();
    let back = dir.path().join("back.ron");
    entente()
        .arg("import")
        .arg(csv.join("edges.csv"))
        .arg("--nodes")
        .arg(csv.join("nodes.csv"))
        .arg("-o")
        .arg(&back)
        .assert()
        .success();
    let a = stdout(&["export", "--to", "json"], &out);
    let b = stdout(&["export", "--to", "json"], &back);
    let links = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap()["links"].clone();
    assert_eq!(links(&a), links(&b));
}

/// Item 17: option values that cannot mean anything are refused by the parser.
#[test]
fn nonsense_option_values_are_refused() {
    for args in [
        &["centrality", "--top", "0"][..],
        &["influence", "--on", "AZE", "--top", "0"],
        &["blocs", "--exact-limit", "201"],
        &["balance", "--exact-limit", "100000"],
    ] {
        entente()
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("invalid value"));
    }
    entente()
        .args(["blocs", "--exact-limit", "200"])
        .assert()
        .success();
    entente()
        .args(["blocs", "--help"])
        .assert()
        .stdout(predicate::str::contains("(0 to 200)"));
}

/// Item 17: a JSON node id of `null` (or a list) is an error, not the actor "null".
#[test]
fn a_json_id_must_be_a_string_or_a_number() {
    let dir = tempfile::tempdir().unwrap();
    let j = write(
        dir.path(),
        "g.json",
        r#"{"nodes": [{"id": null}, {"id": 7}, {"id": "B"}], "links": [{"source": 7, "target": "B", "weight": 0.5}, {"source": [1], "target": "B", "weight": 0.5}]}"#,
    );
    entente()
        .arg("import")
        .arg(&j)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a node's id: null is not an id"))
        .stderr(predicate::str::contains("a link's end: [1] is not an id"));
}

/// Item 17: a syntax error on a 10 MB line prints a snippet around the place, not the line.
#[test]
fn an_error_on_a_huge_line_prints_a_bounded_snippet() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("Graph(name: \"big\", actors: [");
    while text.len() < 10_000_000 {
        text.push_str("Actor(id: \"A\", name: \"n\", kind: State),");
    }
    let col = text.chars().count() + 15;
    text.push_str("Actor(id: \"B\" name: \"n\", kind: State)])");
    let g = write(dir.path(), "g.ron", &text);
    let out = entente().arg("check").arg(&g).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.len() < 2000, "{} bytes of diagnostics", err.len());
    assert!(err.contains(&format!("g.ron:1:{col}")), "{err}");
    assert!(
        err.contains("…") && err.contains("Actor(id: \"B\" name"),
        "{err}"
    );
}

/// A minified graph (all on one line) with a warning for every relation: each warning shows
/// a snippet around its own relation at the column JSON gives (this took a minute and 6 GB,
/// and wrote 3 GB, for 4 000 warnings on a 250 kB line).
#[test]
fn many_warnings_on_one_line_each_show_their_own_place() {
    let dir = tempfile::tempdir().unwrap();
    let actors: Vec<String> = (0..100)
        .map(|i| format!("Actor(id: \"A{i}\", name: \"Actor {i}\", kind: State)"))
        .collect();
    let pairs = (0..100).flat_map(|i| (i + 1..100).map(move |j| (i, j)));
    let relations: Vec<String> = pairs
        .take(3_000)
        .enumerate()
        .map(|(k, (i, j))| {
            let since = if k == 0 { ", since: \"2020\"" } else { "" };
            format!(
                "Relation(from: \"A{i}\", to: \"A{j}\", kind: Trade, weight: 0.{}{since})",
                k % 9 + 1
            )
        })
        .collect();
    let text = format!(
        "Graph(name: \"one line\", actors: [{}], relations: [{}])",
        actors.join(", "),
        relations.join(", ")
    );
    let g = write(dir.path(), "g.ron", &text);
    let out = entente().arg("check").arg(&g).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8(out.stderr).unwrap();
    let warnings: Vec<&str> = err.split("warning[W004]").skip(1).collect();
    let json = entente()
        .args(["check", "--format", "json"])
        .arg(&g)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let columns: Vec<u64> = json[0]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "W004")
        .map(|w| w["column"].as_u64().unwrap())
        .collect();
    assert_eq!(warnings.len(), columns.len());
    assert!(warnings.len() > 2_000, "{} warnings", warnings.len());
    for (w, col) in warnings.iter().zip(&columns) {
        assert!(w.len() < 2_000, "{w}");
        assert!(w.contains(&format!("g.ron:1:{col}")), "{w}");
    }
}

/// Item 17: one suggester. For the same typo, `check` (an unknown id in a relation), `path`,
/// `influence`, `cascade`, `render --focus` and a scenario edit suggest the same id.
#[test]
fn every_command_suggests_the_same_id_for_a_typo() {
    let dir = tempfile::tempdir().unwrap();
    let hint = |stderr: &[u8]| -> Option<String> {
        let s = String::from_utf8_lossy(stderr);
        let at = s.find("did you mean `")? + "did you mean `".len();
        Some(s[at..].split('`').next()?.to_string())
    };
    // Typos one or two edits from an id, some close to several (TRU: TUR; ARM1: ARM).
    for typo in ["TRU", "aze", "ARM1", "RUSS", "IRNA", "GEOR"] {
        let g = write(
            dir.path(),
            "g.ron",
            &format!(
                r#"Graph(name: "g", actors: [
    Actor(id: "TUR", name: "T", kind: State), Actor(id: "AZE", name: "A", kind: State),
    Actor(id: "ARM", name: "R", kind: State), Actor(id: "RUS", name: "U", kind: State),
    Actor(id: "IRN", name: "I", kind: State), Actor(id: "GEO", name: "G", kind: State),
], relations: [
    Relation(from: "TUR", to: "AZE", kind: Alliance, weight: 0.8),
    Relation(from: "RUS", to: "ARM", kind: Alliance, weight: 0.5),
    Relation(from: "IRN", to: "GEO", kind: Trade, weight: 0.3),
    Relation(from: "GEO", to: "{typo}", kind: Trade, weight: 0.3),
])"#
            ),
        );
        let check = entente().arg("check").arg(&g).output().unwrap();
        let expected = hint(&check.stderr);
        assert!(
            expected.is_some(),
            "{typo}: {}",
            String::from_utf8_lossy(&check.stderr)
        );
        // The same graph without the bad relation, for the other commands.
        let ok = std::fs::read_to_string(&g).unwrap().replace(
            &format!("    Relation(from: \"GEO\", to: \"{typo}\", kind: Trade, weight: 0.3),\n"),
            "",
        );
        let g = write(dir.path(), "ok.ron", &ok);
        let s = write(
            dir.path(),
            "s.ron",
            &format!(r#"Scenario(name: "s", base: "ok.ron", edits: [RemoveActor(id: "{typo}")])"#),
        );
        let g = g.to_str().unwrap();
        for args in [
            vec!["path", g, typo, "AZE"],
            vec!["path", g, "AZE", typo],
            vec!["influence", g, "--on", typo],
            vec!["cascade", g, "--attacker", typo, "--target", "AZE"],
            vec!["dot", g, "--focus", typo],
            vec!["check", s.to_str().unwrap()],
        ] {
            let out = entente().args(&args).output().unwrap();
            assert!(!out.status.success(), "{args:?}");
            assert_eq!(
                hint(&out.stderr),
                expected,
                "{args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}
