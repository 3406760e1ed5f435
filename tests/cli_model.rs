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
    ]
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
