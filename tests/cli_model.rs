//! How relations are read, on the shipped graph: `--combine`, `--layer` and `--collapse`
//! (issue 19, items 1-3) on every command that reads a graph, and `influence --exclude-own`.

mod support;

use predicates::prelude::*;
use support::cli::{entente, json, stdout};

const ESCALATION: &str = "graphs/scenarios/russian_escalation.ron";

/// Every command that reads a graph, with the operands it needs.
fn graph_commands() -> Vec<Vec<&'static str>> {
    vec![
        vec!["info"],
        vec!["report"],
        vec!["blocs"],
        vec!["balance"],
        vec!["brokers"],
        vec!["centrality"],
        vec!["influence", "--on", "AZE"],
        vec!["path", "RUS", "AZE", "--allow-hostile"],
        vec!["cascade", "--attacker", "RUS", "--target", "AZE"],
        vec!["dot"],
        vec!["export", "--to", "json"],
        vec!["timeline", "--pair", "RUS,AZE", "--by", "year"],
        vec!["scenario", "diff", ESCALATION],
        vec!["diff", "graphs/south_caucasus_2025.ron", ESCALATION],
        vec!["explore"],
        vec!["robustness", "--samples", "20"],
        vec!["check", "graphs/south_caucasus_2025.ron"],
        vec!["scenario", "apply", ESCALATION],
    ]
}

/// Commands that read no graph: they neither take nor refuse the reading options.
const READ_NO_GRAPH: &[&str] = &["generate", "completions", "man"];

/// Commands that take the options but write files, tested apart (below) on what they write.
const TESTED_APART: &[&str] = &["render", "import", "events import"];

/// Commands that refuse the options, with the start of their documented reason.
const REFUSING: &[(&str, &str)] = &[(
    "events summary",
    "events summary counts events as recorded, before they are relations of a graph",
)];

/// The subcommands a `--help` lists (`help` left out).
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter(|l| l.starts_with("  ") && !l[2..].starts_with(' '))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect()
}

/// Every command that runs (not a group of commands), as typed: `blocs`, `scenario diff`,
/// walked from the binary's own help (clap's command tree; hidden commands are not offered).
fn leaf_commands() -> Vec<String> {
    let mut out = Vec::new();
    let mut todo: Vec<String> = subcommands(&stdout(&["--help"]));
    while let Some(cmd) = todo.pop() {
        let mut args: Vec<&str> = cmd.split(' ').collect();
        args.push("--help");
        let inner = subcommands(&stdout(&args));
        if inner.is_empty() {
            out.push(cmd);
        } else {
            todo.extend(inner.into_iter().map(|c| format!("{cmd} {c}")));
        }
    }
    out.sort();
    out
}

/// The command of an invocation of [`graph_commands`]: its first word, or two for a group.
fn command_of(args: &[&str]) -> String {
    match args {
        [group @ ("scenario" | "events"), sub, ..] => format!("{group} {sub}"),
        [cmd, ..] => cmd.to_string(),
        [] => String::new(),
    }
}

#[test]
fn every_command_that_reads_a_graph_takes_the_reading_options_or_refuses_them() {
    let exercised: std::collections::BTreeSet<String> = graph_commands()
        .iter()
        .map(|c| command_of(c))
        .chain(TESTED_APART.iter().map(|c| c.to_string()))
        .collect();
    let leaves = leaf_commands();
    assert!(leaves.len() > 20, "{leaves:?}");
    for cmd in &leaves {
        let mut help: Vec<&str> = cmd.split(' ').collect();
        help.push("--help");
        let help = stdout(&help);
        // An option's own line in the help: `  --layer <LAYER,...>  Read only ...`.
        let takes = ["--combine", "--layer", "--collapse"].map(|o| {
            help.lines().any(|l| {
                let t = l.trim_start();
                // Options are indented 6 columns at most; descriptions run deeper.
                l.len() - t.len() <= 6
                    && t.strip_prefix(o)
                        .is_some_and(|r| r.is_empty() || r.starts_with([' ', '<']))
            })
        });
        if READ_NO_GRAPH.contains(&cmd.as_str()) {
            assert_eq!(takes, [false; 3], "{cmd} reads no graph");
            continue;
        }
        assert_eq!(
            takes, [true; 3],
            "{cmd} must take or refuse the reading options"
        );
        if let Some((_, why)) = REFUSING.iter().find(|(c, _)| c == cmd) {
            let mut args: Vec<&str> = cmd.split(' ').collect();
            args.extend(["tests/fixtures/events/plain.csv", "--collapse"]);
            entente()
                .args(&args)
                .assert()
                .code(2)
                .stderr(predicate::str::contains(format!("--collapse: {why}")));
            continue;
        }
        assert!(
            exercised.contains(cmd),
            "{cmd} reads a graph: add it to graph_commands() (or to TESTED_APART with a test)"
        );
    }
    // Every list names real commands.
    for c in READ_NO_GRAPH
        .iter()
        .chain(TESTED_APART)
        .chain(REFUSING.iter().map(|(c, _)| c))
    {
        assert!(leaves.contains(&c.to_string()), "{c}");
    }
}

#[test]
fn check_reports_what_the_analyses_would_see() {
    let plain = stdout(&["check", "graphs/south_caucasus_2025.ron"]);
    assert!(!plain.contains("as read"), "{plain}");
    let out = stdout(&["check", "graphs/south_caucasus_2025.ron", "--collapse"]);
    assert!(out.contains("; as read (--collapse): 20 actors, "), "{out}");
    let v = json(&[
        "check",
        "graphs/south_caucasus_2025.ron",
        "--layer",
        "security",
        "--format",
        "json",
    ]);
    let (all, read) = (&v[0]["relations"], &v[0]["read"]);
    assert!(read["relations"].as_u64() < all.as_u64(), "{v}");
    assert_eq!(read["actors"], v[0]["actors"]);
    assert!(read["ties"].as_u64().unwrap() > 0);
    // An unknown layer fails the file, with the graph's layers.
    entente()
        .args([
            "check",
            "graphs/south_caucasus_2025.ron",
            "--layer",
            "securty",
        ])
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "FAILED graphs/south_caucasus_2025.ron: --layer securty: no layer `securty`",
        ));
    let v: serde_json::Value = serde_json::from_slice(
        &entente()
            .args([
                "check",
                "graphs/south_caucasus_2025.ron",
                "--layer",
                "securty",
                "--format",
                "json",
            ])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(v[0]["ok"], false);
    assert!(
        v[0]["read_error"]
            .as_str()
            .unwrap()
            .contains("did you mean `security`?")
    );
}

/// Actor and relation counts of a RON graph, through `entente info`.
fn counts(file: &std::path::Path) -> (u64, u64) {
    let v = json(&[
        "info",
        file.to_str().unwrap(),
        "--all-dates",
        "--format",
        "json",
    ]);
    (
        v["actors"].as_u64().unwrap(),
        v["relations"].as_u64().unwrap(),
    )
}

#[test]
fn writers_write_the_graph_read_as_asked() {
    let dir = tempfile::tempdir().unwrap();
    let at = |name: &str| dir.path().join(name);
    let s = |p: &std::path::Path| p.to_str().unwrap().to_string();
    // The shipped graph, every date, collapsed: what each writer must give with --collapse.
    let shipped = "graphs/south_caucasus_2025.ron";
    let export = |extra: &[&str], out: &std::path::Path| {
        let mut args = vec!["export", shipped, "--all-dates", "--to", "graphml", "-o"];
        let out = s(out);
        args.push(&out);
        args.extend(extra);
        stdout(&args);
    };
    export(&[], &at("all.graphml"));
    export(&["--collapse"], &at("collapsed.graphml"));
    for (file, extra) in [
        ("import-plain.ron", &[][..]),
        ("import-collapsed.ron", &["--collapse"]),
    ] {
        let mut args = vec![
            "import".to_string(),
            s(&at("all.graphml")),
            "-o".into(),
            s(&at(file)),
        ];
        args.extend(extra.iter().map(|x| x.to_string()));
        stdout(&args.iter().map(String::as_str).collect::<Vec<_>>());
    }
    let plain = counts(&at("import-plain.ron"));
    let collapsed = counts(&at("import-collapsed.ron"));
    assert_eq!(plain.0, 34);
    assert_eq!(collapsed.0, 20);
    assert!(collapsed.1 < plain.1);
    // Importing then collapsing is collapsing then exporting.
    stdout(&[
        "import",
        &s(&at("collapsed.graphml")),
        "-o",
        &s(&at("via-export.ron")),
    ]);
    assert_eq!(counts(&at("via-export.ron")), collapsed);
    // scenario apply writes the result read so.
    let apply = stdout(&[
        "scenario",
        "apply",
        ESCALATION,
        "--collapse",
        "--layer",
        "security",
    ]);
    std::fs::write(at("applied.ron"), &apply).unwrap();
    let v = json(&[
        "info",
        &s(&at("applied.ron")),
        "--all-dates",
        "--format",
        "json",
    ]);
    assert_eq!(v["actors"], 20);
    let layers: Vec<&str> = v["layers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["relations"].as_u64() > Some(0))
        .map(|l| l["layer"].as_str().unwrap())
        .collect();
    assert_eq!(layers, ["security"]);
    // render draws the graph read so (one bloc of actors fewer in the diagram).
    let (full, few) = (at("full.svg"), at("few.svg"));
    stdout(&["render", "-o", &s(&full)]);
    stdout(&[
        "render",
        "--collapse",
        "--layer",
        "security",
        "--combine",
        "sum",
        "-o",
        &s(&few),
    ]);
    let svg = |p: &std::path::Path| std::fs::read_to_string(p).unwrap();
    assert!(svg(&full).contains("FSB") && !svg(&few).contains(">FSB<"));
    // events import: the graph it writes, read so; an unknown layer is refused.
    let events = "tests/fixtures/events/plain.csv";
    let out = s(&at("events.ron"));
    stdout(&["events", "import", events, "-o", &out, "--layer", "other"]);
    let all = counts(&at("events.ron"));
    assert!(all.1 > 0);
    let none = s(&at("none.ron"));
    stdout(&[
        "events", "import", events, "-o", &none, "--layer", "security",
    ]);
    assert_eq!(counts(&at("none.ron")).1, 0);
    entente()
        .args([
            "events",
            "import",
            events,
            "-o",
            s(&at("x.ron")).as_str(),
            "--layer",
            "nope",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no layer `nope`"));
    assert!(!at("x.ron").exists());
}

#[test]
fn every_command_takes_each_combination_rule() {
    for cmd in graph_commands() {
        for rule in ["sum", "noisy-or", "strongest", "max", "mean"] {
            let mut args = cmd.clone();
            args.extend(["--combine", rule]);
            stdout(&args);
        }
    }
}

#[test]
fn every_command_takes_layers_and_collapse() {
    for cmd in graph_commands() {
        for extra in [
            &["--layer", "security"][..],
            &["--layer", "economic,diplomatic"],
            &["--collapse"],
            &["--collapse", "--layer", "security", "--combine", "sum"],
        ] {
            let mut args = cmd.clone();
            args.extend(extra);
            stdout(&args);
        }
    }
}

#[test]
fn an_unknown_layer_is_refused_with_the_graphs_layers() {
    entente()
        .args(["balance", "--layer", "securty"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("did you mean `security`?")
                .and(predicate::str::contains("kinship")),
        );
}

#[test]
fn info_breaks_the_relations_down_by_layer() {
    let out = json(&["info", "--format", "json"]);
    let layers = out["layers"].as_array().unwrap();
    let names: Vec<&str> = layers
        .iter()
        .map(|l| l["layer"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "security",
            "economic",
            "diplomatic",
            "information",
            "kinship",
            "other"
        ]
    );
    let total: u64 = layers
        .iter()
        .map(|l| l["relations"].as_u64().unwrap())
        .sum();
    assert_eq!(total, out["relations"].as_u64().unwrap());
    assert!(stdout(&["info"]).contains("Relations by layer"));
    assert!(stdout(&["report"]).contains("Relations by layer"));
}

#[test]
fn blocs_and_balance_read_one_layer() {
    let security = [
        "alliance",
        "defence-commitment",
        "military-cooperation",
        "intelligence-sharing",
        "arms-supply",
        "hostility",
        "covert-action",
        "territorial-dispute",
        "armed-conflict",
    ];
    let out = json(&["blocs", "--layer", "security", "--format", "json"]);
    for f in out["frustrated"].as_array().unwrap() {
        let kind = f["kind"].as_str().unwrap();
        assert!(security.contains(&kind), "{kind}");
    }
    let all = json(&["balance", "--format", "json"]);
    let economic = json(&["balance", "--layer", "economic", "--format", "json"]);
    assert!(economic["ties"].as_u64().unwrap() < all["ties"].as_u64().unwrap());
}

#[test]
fn a_graph_file_can_move_kinds_to_layers_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let g = support::cli::write(
        dir.path(),
        "g.ron",
        r#"Graph(
    name: "t",
    layers: {"energy": "energy", "Trade": "energy"},
    actors: [
        Actor(id: "A", name: "A", kind: State),
        Actor(id: "B", name: "B", kind: State),
        Actor(id: "C", name: "C", kind: State),
    ],
    relations: [
        Relation(from: "A", to: "B", kind: Energy, weight: 0.5),
        Relation(from: "B", to: "C", kind: Trade, weight: 0.4),
        Relation(from: "A", to: "C", kind: Alliance, weight: 0.8),
    ],
)"#,
    );
    let g = g.to_str().unwrap();
    let out = json(&["info", g, "--format", "json"]);
    let names: Vec<&str> = out["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["layer"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["security", "energy"]);
    let energy = json(&["info", g, "--layer", "energy", "--format", "json"]);
    assert_eq!(energy["relations"], 2);
    // The mapping survives the interchange formats.
    for to in ["json", "graphml"] {
        let path = dir.path().join(format!("g.{to}"));
        stdout(&["export", g, "--to", to, "-o", path.to_str().unwrap()]);
        let back = dir.path().join(format!("back-{to}.ron"));
        stdout(&[
            "import",
            path.to_str().unwrap(),
            "-o",
            back.to_str().unwrap(),
        ]);
        let text = std::fs::read_to_string(&back).unwrap();
        assert!(
            text.contains(r#"layers: {"trade": "energy", "energy": "energy"}"#),
            "{text}"
        );
    }
}

/// PageRank rank (1 = first) of each actor.
fn pagerank_ranks(extra: &[&str]) -> std::collections::BTreeMap<String, usize> {
    let mut args = vec!["centrality", "--format", "json"];
    args.extend(extra);
    let out = json(&args);
    let mut v: Vec<(String, f64)> = out["actors"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(id, m)| (id.clone(), m["pagerank"].as_f64().unwrap()))
        .collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    v.into_iter()
        .enumerate()
        .map(|(i, (id, _))| (id, i + 1))
        .collect()
}

#[test]
fn collapsing_merges_agencies_ministries_and_companies_into_their_states() {
    let before = pagerank_ranks(&[]);
    let after = pagerank_ranks(&["--collapse"]);
    // 14 members (FSB, RUS_MFA, RUS_MIL, RUS_PKF, RUS_GYUMRI, RUS_MEDIA, SPUTNIK_AZ, AZE_MFA,
    // AZE_ARMED, AZE_SSS, SOCAR, AZAL, ISR_INTEL, ISR_DEFENCE) are gone.
    assert_eq!((before.len(), after.len()), (34, 20));
    for gone in ["FSB", "SOCAR", "SPUTNIK_AZ", "ISR_INTEL"] {
        assert!(!after.contains_key(gone), "{gone}");
    }
    // Russia's own services no longer feed its PageRank.
    assert!(
        after["RUS"] > before["RUS"],
        "{} {}",
        before["RUS"],
        after["RUS"]
    );
    // Collapsed, Israel's intelligence and defence industry add to its tie with Azerbaijan.
    let out = json(&["influence", "--on", "AZE", "--collapse", "--format", "json"]);
    let ranking = out["ranking"].as_array().unwrap();
    let ids: Vec<&str> = ranking
        .iter()
        .map(|i| i["actor"].as_str().unwrap())
        .collect();
    assert_eq!(&ids[..3], ["TUR", "ISR", "USA"]);
}

#[test]
fn influence_can_leave_the_targets_own_members_out() {
    let out = json(&[
        "influence",
        "--on",
        "AZE",
        "--exclude-own",
        "--format",
        "json",
    ]);
    let own = ["SOCAR", "AZAL", "AZE_MFA", "AZE_ARMED", "AZE_SSS"];
    assert_eq!(out["excluded_own"], serde_json::json!(own));
    for i in out["ranking"].as_array().unwrap() {
        assert!(!own.contains(&i["actor"].as_str().unwrap()));
    }
    // Paths through them still count: Israel's defence industry reaches Azerbaijan through
    // its armed forces.
    let isr_defence = out["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["actor"] == "ISR_DEFENCE")
        .unwrap();
    assert_eq!(isr_defence["first_hop"], "AZE_ARMED");
    let plain = json(&["influence", "--on", "AZE", "--format", "json"]);
    assert!(plain.get("excluded_own").is_none());
}

#[test]
fn an_unknown_rule_is_refused_with_the_rules() {
    entente()
        .args(["blocs", "--combine", "product"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("noisy-or").and(predicate::str::contains("mean")));
}

/// The direct Russia → Azerbaijan tie in 2026 (the escalation scenario's date) under `rule`.
fn russia_azerbaijan(file: &str, rule: &str) -> f64 {
    let out = json(&[
        "path",
        file,
        "RUS",
        "AZE",
        "--allow-hostile",
        "--max-hops",
        "1",
        "--as-of",
        "2026",
        "--combine",
        rule,
        "--format",
        "json",
    ]);
    let p = &out["paths"][0];
    p["strength"].as_f64().unwrap() * p["sign"].as_f64().unwrap()
}

#[test]
fn each_rule_nets_russia_azerbaijan_its_own_way() {
    // Alliance 0.4, trade 0.3, the market lever 0.2 against rivalry −0.3, the crisis −0.6 and
    // protests −0.3 (RUS → AZE, as of 2026).
    let base = "graphs/south_caucasus_2025.ron";
    assert_eq!(russia_azerbaijan(base, "sum"), -0.3);
    assert_eq!(russia_azerbaijan(base, "noisy-or"), -0.14);
    assert_eq!(russia_azerbaijan(base, "strongest"), -0.6);
    assert_eq!(russia_azerbaijan(base, "mean"), -0.05);
    // The escalation saturates the clamped sum at −1, war's value; the noisy-or moves the tie
    // and keeps it short of −1.
    assert_eq!(russia_azerbaijan(ESCALATION, "sum"), -1.0);
    let escalated = russia_azerbaijan(ESCALATION, "noisy-or");
    assert!(-1.0 < escalated && escalated < -0.7, "{escalated}");
}

/// Influence on Azerbaijan: actor → score.
fn influence_on_aze(rule: &str) -> std::collections::BTreeMap<String, f64> {
    let out = json(&[
        "influence",
        "--on",
        "AZE",
        "--combine",
        rule,
        "--format",
        "json",
    ]);
    out["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["actor"].as_str().unwrap().to_string(),
                i["score"].as_f64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn noisy_or_separates_the_partners_the_sum_saturates() {
    let sum = influence_on_aze("sum");
    assert_eq!((sum["TUR"], sum["USA"]), (1.0, 1.0));
    let noisy = influence_on_aze("noisy-or");
    let (tur, usa, isr) = (noisy["TUR"], noisy["USA"], noisy["ISR"]);
    assert!(1.0 > tur && tur > usa && usa > isr, "{tur} {usa} {isr}");
}

#[test]
fn blocs_and_balance_on_each_layer_side_by_side() {
    let v = json(&["blocs", "--each-layer", "--format", "json"]);
    let layers = v["layers"].as_array().unwrap();
    let names: Vec<&str> = layers
        .iter()
        .map(|l| l["layer"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "security",
            "economic",
            "diplomatic",
            "information",
            "kinship",
            "other"
        ]
    );
    // Each layer's result is `blocs --layer L`'s.
    for l in layers {
        let one = json(&[
            "blocs",
            "--layer",
            l["layer"].as_str().unwrap(),
            "--format",
            "json",
        ]);
        assert_eq!(l["result"]["frustration"], one["frustration"]);
        assert_eq!(l["result"]["assignment"], one["assignment"]);
        assert!(l["tied"].as_array().unwrap().len() <= one["actors"].as_u64().unwrap() as usize);
    }
    // Side by side: Armenia with Russia on the security layer, apart on the diplomatic.
    let bloc = |layer: &str, actor: &str| {
        let l = layers.iter().find(|l| l["layer"] == layer).unwrap();
        l["result"]["assignment"][actor].as_u64().unwrap()
    };
    assert_eq!(bloc("security", "ARM"), bloc("security", "RUS"));
    assert_ne!(bloc("diplomatic", "ARM"), bloc("diplomatic", "RUS"));
    let text = stdout(&["blocs", "--each-layer"]);
    for want in [
        "Blocs by layer: South Caucasus 2025",
        "Relations in force on",
        "Each actor's bloc on each layer",
        "security",
        "kinship",
    ] {
        assert!(text.contains(want), "{want}:\n{text}");
    }
    let two = stdout(&[
        "blocs",
        "--each-layer",
        "--layer",
        "security,economic",
        "--format",
        "csv",
    ]);
    // Several tables: one long table (section,table,row,column,value).
    assert!(two.starts_with("section,table,row,column,value\n"), "{two}");
    assert!(two.contains(",actors by layer,1,economic,"), "{two}");
    let md = stdout(&["blocs", "--each-layer", "--format", "md"]);
    assert!(md.contains("| layer | relations |"), "{md}");

    let v = json(&["balance", "--each-layer", "--format", "json"]);
    for l in v["layers"].as_array().unwrap() {
        let one = json(&[
            "balance",
            "--layer",
            l["layer"].as_str().unwrap(),
            "--format",
            "json",
        ]);
        assert_eq!(l["result"]["frustration_index"], one["frustration_index"]);
        assert_eq!(l["result"]["triangles"], one["triangles"]);
    }
    let text = stdout(&["balance", "--each-layer", "--collapse"]);
    assert!(text.contains("Structural balance by layer"), "{text}");
    let csv = stdout(&["balance", "--each-layer", "--format", "csv"]);
    assert!(csv.starts_with("layer,ties,+,−,L,balance,"), "{csv}");
}
