//! Our DOT read by real Graphviz. Needs `dot` on PATH: these tests FAIL (never skip) without
//! it — install with `apt-get install -y graphviz` (.ci/run does).

mod support;

use entente::diagram::{self, DotOptions};
use entente::format::dot::{LABEL_WIDTH, wrap};
use serde_json::Value;
use support::dot_cases::{AWKWARD, all_cases, awkward_graph, option_matrix};
use support::graphviz::{layout_json, render_svg_strict, run_dot};

/// The node name Graphviz reads from our ID: the id itself, backslashes and all (an id with
/// a backslash once became `b\\s`).
fn graphviz_name(id: &str) -> String {
    id.to_string()
}

/// Text lines Graphviz draws for a node's label (`T` operations of `_ldraw_`).
fn drawn_text(obj: &Value) -> Vec<String> {
    obj["_ldraw_"]
        .as_array()
        .map(|ops| {
            ops.iter()
                .filter(|op| op["op"] == "T")
                .map(|op| op["text"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn graphviz_real_dot_is_installed() {
    let (out, err, ok) = run_dot(&["-V"], b"");
    assert!(
        ok,
        "`dot -V` failed: {err}{}",
        String::from_utf8_lossy(&out)
    );
    assert!(err.contains("graphviz"), "unexpected `dot -V`: {err}");
}

#[test]
fn graphviz_real_awkward_names_are_one_correct_node_each() {
    let g = awkward_graph();
    for (oname, opts) in option_matrix() {
        let text = diagram::to_dot(&g, &opts).unwrap();
        let json = layout_json(&oname, &text);
        let objects = json["objects"].as_array().unwrap();
        let nodes: Vec<&Value> = objects.iter().filter(|o| o.get("pos").is_some()).collect();
        let legend = usize::from(opts.legend);
        assert_eq!(nodes.len(), AWKWARD.len() + legend, "{oname}: node count");
        for (id, name, _) in AWKWARD {
            let want = graphviz_name(id);
            let found: Vec<&&Value> = nodes
                .iter()
                .filter(|o| o["name"] == want.as_str())
                .collect();
            assert_eq!(found.len(), 1, "{oname}: node for id {id:?}");
            // Drawn exactly as written, control characters made visible.
            assert_eq!(
                drawn_text(found[0]).join("\n"),
                wrap(&entente::text::visible(name), LABEL_WIDTH),
                "{oname}: label of {id:?}"
            );
        }
        // Every edge joins the right two nodes.
        let edges = json["edges"].as_array().cloned().unwrap_or_default();
        let by_gvid = |i: &Value| -> String {
            let i = i.as_u64().unwrap() as usize;
            objects.iter().find(|o| o["_gvid"] == i).unwrap()["name"]
                .as_str()
                .unwrap()
                .to_string()
        };
        let mut drawn: Vec<(String, String)> = edges
            .iter()
            .map(|e| (by_gvid(&e["tail"]), by_gvid(&e["head"])))
            .collect();
        let mut want: Vec<(String, String)> = g
            .relations()
            .filter(|r| r.weight.abs() >= opts.min_weight)
            .filter(|r| {
                opts.relation_kinds
                    .as_ref()
                    .is_none_or(|k| k.contains(&r.kind))
            })
            .map(|r| (graphviz_name(r.from.as_str()), graphviz_name(r.to.as_str())))
            .collect();
        if !opts.each_relation {
            // One edge per actor pair, drawn the way its first relation runs.
            let mut pairs = std::collections::BTreeSet::new();
            want.retain(|(a, b)| {
                pairs.insert(if a <= b {
                    (a.clone(), b.clone())
                } else {
                    (b.clone(), a.clone())
                })
            });
        }
        drawn.sort();
        want.sort();
        assert_eq!(drawn, want, "{oname}: edges");
        // The title reads back exactly.
        if opts.title.is_none() {
            assert_eq!(drawn_text(&json).join("\n"), g.name, "{oname}: title");
        }
    }
}

#[test]
fn graphviz_real_svg_escapes_awkward_text() {
    let text = diagram::to_dot(&awkward_graph(), &DotOptions::default()).unwrap();
    let svg = render_svg_strict("awkward graph", &text);
    assert!(svg.contains("&lt;b&gt;not bold&lt;/b&gt; &amp; co"));
    assert!(svg.contains("Hüseyin Öztürk Vakfı"));
    assert!(svg.contains("\\N \\G \\l \\n literal"));
    // `R&amp;D` is drawn as written, not decoded to `R&D`; control characters and
    // U+FFFE are shown escaped, and the SVG is well-formed XML.
    assert!(svg.contains("R&amp;amp;D &lt;unit&gt; &amp; co"), "{svg}");
    assert!(
        svg.contains("bell\\u{7} esc\\u{1b}[2J not\\u{fffe}"),
        "{svg}"
    );
    assert!(entente::format::xml::parse(&svg).is_ok());
}

/// Every DOT the tests produce renders with `dot -Tsvg` without a single warning.
#[test]
fn graphviz_real_every_test_dot_renders_without_warnings() {
    let cases = all_cases();
    assert!(cases.len() > 30);
    for (name, text) in &cases {
        let svg = render_svg_strict(name, text);
        assert!(svg.contains("<svg"), "{name}: no SVG");
    }
}

/// The DOT the CLI writes (with its own option parsing) renders cleanly too.
#[test]
fn graphviz_real_cli_dot_renders_without_warnings() {
    for args in [
        vec!["dot"],
        vec!["dot", "--layout", "dot", "--cluster-by", "kind"],
        vec!["dot", "--layout", "neato", "--edge-labels"],
        vec!["dot", "--layout", "sfdp", "--min-weight", "0.5"],
        vec![
            "dot",
            "--cluster-by",
            "region",
            "--no-legend",
            "--title",
            "",
        ],
    ] {
        let out = assert_cmd::Command::cargo_bin("entente")
            .unwrap()
            .args(&args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        render_svg_strict(
            &format!("{args:?}"),
            &String::from_utf8(out.stdout).unwrap(),
        );
    }
}
