//! The explorer page (`entente explore`) in a real browser: headless Chromium driven over
//! WebDriver (`tests/support/webdriver.rs`). Each test writes a page with the binary, opens
//! it, works it as a user does (clicks, the slider, the filters) and compares what it shows
//! with what the CLI and the library say. Needs `chromium` and `chromium-driver`
//! (`.ci/test` installs them); `ENTENTE_SKIP_BROWSER=1` skips when they are missing.

mod support;

use entente::analysis::paths::{PathOptions, strongest_paths};
use entente::diagram::{DotOptions, prepare};
use entente::model::{ActorKind, AsOf, Combine, Filter, RelationKind};
use serde_json::{Value, json};
use std::path::Path;
use support::cli::{entente, json as cli_json};
use support::explorer::{SHIPPED, counts, errors, keep_only, page, set, slide_to};
use support::webdriver::{Browser, browser, png_pixels};

fn shipped_at(as_of: AsOf) -> entente::ActorGraph {
    let g = entente::load_file(Path::new(SHIPPED)).unwrap().graph;
    let date = as_of.date(&[&g]);
    g.filtered(&Filter {
        as_of: date,
        min_confidence: None,
    })
}

#[test]
fn the_shipped_graph_loads_and_counts_as_the_cli_does() {
    let Some(b) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = page(dir.path(), "x.html", &[SHIPPED]);
    b.open(&file);
    assert_eq!(errors(&b), Vec::<String>::new(), "console errors on load");

    // Opening: the relations in force on the graph's latest date, as every command reads.
    let info = cli_json(&["info", SHIPPED, "--format", "json"]);
    let c = counts(&b);
    assert_eq!(c["actors"], info["actors"]);
    assert_eq!(c["relations"], info["relations"]);
    assert_eq!(c["events_up_to"], info["events"]);
    // What the header says is what is drawn.
    let drawn = b.js(
        "return [document.getElementById('x-count-actors').textContent, \
         document.getElementById('x-count-relations').textContent];",
        json!([]),
    );
    assert_eq!(drawn[0], info["actors"].to_string());
    assert_eq!(drawn[1], info["relations"].to_string());

    // The slider at 2024-06 shows what `--as-of 2024-06` reads.
    slide_to(&b, "2024-06");
    let info = cli_json(&["info", SHIPPED, "--as-of", "2024-06", "--format", "json"]);
    let c = counts(&b);
    assert_eq!(c["date"], "2024-06");
    assert_eq!(c["actors"], info["actors"]);
    assert_eq!(c["relations"], info["relations"]);
    assert_eq!(c["events_up_to"], info["events"]);
    // And every relation, whatever its dates, as `--all-dates`.
    b.js("document.getElementById('x-all-dates').click();", json!([]));
    let info = cli_json(&["info", SHIPPED, "--all-dates", "--format", "json"]);
    assert_eq!(counts(&b)["relations"], info["relations"]);
    assert_eq!(errors(&b), Vec::<String>::new());
}

#[test]
fn each_filter_shows_what_the_cli_filters_keep() {
    let Some(b) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = page(dir.path(), "x.html", &[SHIPPED]);
    b.open(&file);
    let g = shipped_at(AsOf::Latest);
    let drawn = |opts: &DotOptions| {
        let d = prepare(&g, opts).unwrap();
        (d.actors.len() as u64, d.relations.len() as u64)
    };
    let shown = |b: &Browser| {
        let c = counts(b);
        (
            c["actors"].as_u64().unwrap(),
            c["relations"].as_u64().unwrap(),
        )
    };
    let all = shown(&b);

    // --min-weight 0.6
    set(&b, "x-min-weight", "0.6", "input");
    let want = drawn(&DotOptions {
        min_weight: 0.6,
        ..DotOptions::default()
    });
    assert_eq!(shown(&b), want);
    assert!(want.1 < all.1, "the filter changes something");
    set(&b, "x-min-weight", "0", "input");
    assert_eq!(shown(&b), all);

    // --actor-kinds state
    keep_only(&b, "actor-kind", &["state"]);
    let want = drawn(&DotOptions {
        actor_kinds: Some([ActorKind::State].into()),
        ..DotOptions::default()
    });
    assert_eq!(shown(&b), want);
    assert!(want.0 < all.0 && want.1 < all.1);
    keep_only(&b, "actor-kind", &[]);

    // --kinds alliance,hostility
    keep_only(&b, "relation-kind", &["alliance", "hostility"]);
    let want = drawn(&DotOptions {
        relation_kinds: Some([RelationKind::Alliance, RelationKind::Hostility].into()),
        ..DotOptions::default()
    });
    assert_eq!(shown(&b), want);
    assert!(want.1 < all.1);
    keep_only(&b, "relation-kind", &[]);
    assert_eq!(shown(&b), all);

    // --min-confidence probably-true (2 on the scale)
    set(&b, "x-min-confidence", "2", "change");
    let info = cli_json(&[
        "info",
        SHIPPED,
        "--min-confidence",
        "probably-true",
        "--format",
        "json",
    ]);
    let c = counts(&b);
    assert_eq!(c["relations"], info["relations"]);
    assert!(info["relations"].as_u64().unwrap() < all.1);
    set(&b, "x-min-confidence", "6", "change");

    // Sign: hostile only is every relation of negative weight, as `info` counts them.
    keep_only(&b, "sign", &["hostile"]);
    let info = cli_json(&["info", SHIPPED, "--format", "json"]);
    assert_eq!(counts(&b)["relations"], info["negative"]);
    keep_only(&b, "sign", &[]);
    assert_eq!(shown(&b), all);

    // Ego network of Azerbaijan, depth 1 and 2, as `entente dot --focus AZE --depth N`.
    let pos = b.js("return window.entente.nodePosition('AZE');", json!([]));
    b.click_at(
        pos["x"].as_i64().unwrap(),
        pos["y"].as_i64().unwrap(),
        false,
    );
    b.wait_for("!document.getElementById('x-panel').hidden");
    let title = b.js(
        "return document.getElementById('x-panel-title').textContent;",
        json!([]),
    );
    assert_eq!(title, "Azerbaijan");
    for depth in [1usize, 2] {
        set(&b, "x-depth", &depth.to_string(), "input");
        b.js("document.getElementById('x-focus').click();", json!([]));
        let want = drawn(&DotOptions {
            focus: Some(entente::diagram::Focus {
                actor: entente::ActorId::new("AZE"),
                depth,
            }),
            ..DotOptions::default()
        });
        assert_eq!(shown(&b), want, "focus depth {depth}");
    }
    assert_eq!(errors(&b), Vec::<String>::new());
}

fn path_summary(p: &Value) -> (Vec<String>, String) {
    let actors = p["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    (actors, format!("{:.12}", p["strength"].as_f64().unwrap()))
}

#[test]
fn clicking_two_actors_shows_the_paths_entente_path_gives() {
    let Some(b) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = page(dir.path(), "x.html", &[SHIPPED]);
    b.open(&file);
    set(&b, "x-path-k", "3", "input");
    for (from, to) in [("TUR", "RUS"), ("AZE", "ARM"), ("USA", "IRN")] {
        let p = b.js(
            "return window.entente.nodePosition(arguments[0]);",
            json!([from]),
        );
        b.click_at(p["x"].as_i64().unwrap(), p["y"].as_i64().unwrap(), false);
        let p = b.js(
            "return window.entente.nodePosition(arguments[0]);",
            json!([to]),
        );
        b.click_at(p["x"].as_i64().unwrap(), p["y"].as_i64().unwrap(), true);
        b.wait_for("window.entente.shownPaths() !== null");
        let shown = b.js("return window.entente.shownPaths();", json!([]));
        assert_eq!(shown["from"], from);
        assert_eq!(shown["to"], to);
        let cli = cli_json(&["path", SHIPPED, from, to, "-k", "3", "--format", "json"]);
        let want: Vec<_> = cli["paths"]
            .as_array()
            .unwrap()
            .iter()
            .map(path_summary)
            .collect();
        let got: Vec<_> = shown["paths"]
            .as_array()
            .unwrap()
            .iter()
            .map(path_summary)
            .collect();
        assert_eq!(got, want, "{from} → {to}");
        // The explanation names every hop.
        let text = b.js(
            "return document.getElementById('x-paths').textContent;",
            json!([]),
        );
        let first = &cli["paths"][0]["hops"];
        for h in first.as_array().unwrap() {
            assert!(text.as_str().unwrap().contains(h["kind"].as_str().unwrap()));
        }
        b.js(
            "document.getElementById('x-path-clear').click();",
            json!([]),
        );
    }
    assert_eq!(errors(&b), Vec::<String>::new());
}

/// Every ordered pair of the shipped graph, at its latest date and at 2024-06, allied ties
/// only and hostile ties too, parallel relations summed (the default) and combined by
/// noisy-or: the page's k = 3 strongest paths are the library's.
#[test]
fn the_page_finds_the_same_paths_as_the_library_for_every_pair() {
    let Some(b) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    for rule in [Combine::Sum, Combine::NoisyOr] {
        let file = page(
            dir.path(),
            "x.html",
            &[SHIPPED, "--combine", rule.kebab_name(), "--force"],
        );
        b.open(&file);
        for (as_of, label) in [
            (AsOf::Latest, None),
            (AsOf::On("2024-06".parse().unwrap()), Some("2024-06")),
        ] {
            if let Some(l) = label {
                slide_to(&b, l);
            }
            let mut g = shipped_at(as_of);
            g.combine = rule;
            let ids: Vec<String> = g.actors().map(|a| a.id.to_string()).collect();
            for hostile in [false, true] {
                let got = b.js(
                    "const ids = arguments[0], out = {}; \
                     for (const a of ids) for (const c of ids) if (a !== c) \
                       out[a + '>' + c] = window.entente.findPaths(a, c, 3, arguments[1]).paths; \
                     return out;",
                    json!([ids, hostile]),
                );
                let mut compared = 0;
                for a in &ids {
                    for c in &ids {
                        if a == c {
                            continue;
                        }
                        let opts = PathOptions {
                            k: 3,
                            allow_hostile: hostile,
                            ..PathOptions::default()
                        };
                        let want: Vec<_> = match strongest_paths(
                            &g,
                            &a.as_str().into(),
                            &c.as_str().into(),
                            &opts,
                        ) {
                            Ok(r) => r
                                .paths
                                .iter()
                                .map(|p| path_summary(&serde_json::to_value(p).unwrap()))
                                .collect(),
                            Err(_) => Vec::new(),
                        };
                        let page: Vec<_> = got[format!("{a}>{c}")]
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(path_summary)
                            .collect();
                        assert_eq!(
                            page, want,
                            "{a} → {c} at {label:?}, hostile {hostile}, {rule:?}"
                        );
                        compared += want.len();
                    }
                }
                assert!(compared > 1000, "{compared} paths compared");
            }
        }
    }
}

#[test]
fn hostile_names_stay_text() {
    let Some(b) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let evil1 = "</script><script>alert(1)</script>";
    let evil2 = "\"><img src=x onerror=alert(1)>";
    let ron = format!(
        r#"Graph(
    name: {evil1:?},
    actors: [
        Actor(id: "A", name: {evil1:?}, kind: State, region: {evil2:?}),
        Actor(id: "B", name: {evil2:?}, kind: State),
        Actor(id: "C", name: "Plain", kind: Organisation),
    ],
    relations: [
        Relation(from: "A", to: "B", kind: Alliance, weight: 0.8, since: "2024", confidence: Confirmed,
                 note: {evil2:?}, sources: [{evil1:?}]),
        Relation(from: "B", to: "C", kind: Rivalry, weight: -0.5, since: "2024-03"),
    ],
    events: [
        Event(date: "2024-05", actors: ["A", "B"], kind: "summit", score: 3.0, summary: {evil2:?}),
    ],
)
"#
    );
    let graph = dir.path().join("evil.ron");
    std::fs::write(&graph, ron).unwrap();
    let file = page(dir.path(), "evil.html", &[graph.to_str().unwrap()]);
    b.open(&file);
    // Work the page: search, open both panels, find a path; the events strip shows.
    set(&b, "x-search", "script", "input");
    for id in ["A", "B"] {
        let p = b.js(
            "return window.entente.nodePosition(arguments[0]);",
            json!([id]),
        );
        b.click_at(
            p["x"].as_i64().unwrap(),
            p["y"].as_i64().unwrap(),
            id == "B",
        );
    }
    let p = b.js("return window.entente.nodePosition('A');", json!([]));
    b.click_at(p["x"].as_i64().unwrap(), p["y"].as_i64().unwrap(), false);
    // No alert opened (a command would then fail), no element was made from the text.
    let dom = b.js(
        "return {imgs: document.querySelectorAll('img').length, \
                 scripts: document.querySelectorAll('script').length, \
                 title: document.getElementById('x-title').textContent, \
                 panel: document.getElementById('x-panel-title').textContent, \
                 search: document.getElementById('x-search-results').textContent, \
                 relations: document.getElementById('x-panel-relations').textContent, \
                 events: document.getElementById('x-events').textContent, \
                 doc: document.title};",
        json!([]),
    );
    assert_eq!(dom["imgs"], 0);
    assert_eq!(
        dom["scripts"], 3,
        "the data, Cytoscape.js and the page's script"
    );
    assert_eq!(dom["title"], evil1);
    assert_eq!(dom["doc"], evil1);
    assert_eq!(dom["panel"], evil1);
    assert!(dom["search"].as_str().unwrap().contains(evil1));
    assert!(dom["relations"].as_str().unwrap().contains(evil2));
    assert!(dom["events"].as_str().unwrap().contains(evil2));
    // The SVG export holds the names as text too.
    let svg = b.js("return window.entente.exportSvg();", json!([]));
    let svg = svg.as_str().unwrap();
    assert!(!svg.contains("<script") && !svg.contains("<img"));
    assert!(svg.contains("&lt;/script&gt;"));
    assert_eq!(errors(&b), Vec::<String>::new());
}

#[test]
fn a_screenshot_shows_the_graph() {
    let Some(b) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = page(dir.path(), "x.html", &[SHIPPED]);
    b.open(&file);
    // Turkey → Russia highlighted, Azerbaijan's panel open: the README's picture.
    let p = b.js("return window.entente.nodePosition('TUR');", json!([]));
    b.click_at(p["x"].as_i64().unwrap(), p["y"].as_i64().unwrap(), false);
    let p = b.js("return window.entente.nodePosition('RUS');", json!([]));
    b.click_at(p["x"].as_i64().unwrap(), p["y"].as_i64().unwrap(), true);
    b.wait_for("window.entente.shownPaths() !== null");
    // Cytoscape.js redraws its layers over a few frames after a click (the dragged layer
    // first): on a loaded machine 300 ms caught the edges half drawn.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let png = b.screenshot();
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("explorer-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::write(shots.join("shipped.png"), &png).unwrap();
    let (w, h, px) = png_pixels(&png);
    assert!(w >= 1000 && h >= 600, "{w}×{h}");
    let colors: std::collections::BTreeSet<[u8; 3]> = px.iter().copied().collect();
    let inked = px.iter().filter(|p| p.iter().any(|&c| c < 200)).count();
    assert!(colors.len() > 50, "{} colours", colors.len());
    assert!(inked * 20 > w * h, "{inked} of {} pixels inked", w * h);
    // The sign colours of the edges are on screen.
    for hex in [[0x21u8, 0x66, 0xac], [0xb2, 0x18, 0x2b]] {
        let near = px
            .iter()
            .filter(|p| p.iter().zip(hex).all(|(&a, b)| a.abs_diff(b) < 40))
            .count();
        assert!(near > 200, "{near} pixels near {hex:?}");
    }
}

/// What is on screen is every relation shown, painted: the view equals the one Cytoscape.js
/// draws after computing every edge again (each actor placed where it is), at the opening
/// date and after the slider regroups the blocs. (It once kept most edges unpainted until a
/// node moved, while counting them as shown.)
#[test]
fn every_relation_shown_is_painted() {
    let Some(b) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = page(dir.path(), "x.html", &[SHIPPED]);
    b.open(&file);
    let settle = || std::thread::sleep(std::time::Duration::from_millis(1500));
    let painted_as_recomputed = |when: &str| {
        settle();
        let before = png_pixels(&b.screenshot());
        b.js(
            "const cy = document.getElementById('x-graph')._cyreg.cy;\
             cy.nodes().forEach(function (n) { if (!n.isParent()) { const p = n.position(); \
             n.position({ x: p.x, y: p.y }); } });",
            json!([]),
        );
        settle();
        let after = png_pixels(&b.screenshot());
        assert_eq!((before.0, before.1), (after.0, after.1));
        let differ = before
            .2
            .iter()
            .zip(&after.2)
            .filter(|(a, b)| a != b)
            .count();
        assert!(
            differ * 1000 < before.0 * before.1,
            "{when}: {differ} of {} pixels change once every edge is computed again",
            before.0 * before.1
        );
    };
    painted_as_recomputed("on opening");
    slide_to(&b, "2022-06");
    painted_as_recomputed("at 2022-06");
    assert_eq!(errors(&b), Vec::<String>::new());
}

/// A graph too large to draw actor by actor (over 1 500 actors) is drawn by bloc: counts are
/// still the CLI's, a click on a bloc draws its actors, and a path draws the blocs it crosses.
#[test]
fn a_large_graph_is_drawn_by_bloc_and_expands_on_click() {
    let Some(b) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let graph = dir.path().join("big.ron");
    entente()
        .args([
            "generate",
            "--actors",
            "2000",
            "--relations",
            "6000",
            "--blocs",
            "4",
        ])
        .arg("-o")
        .arg(&graph)
        .assert()
        .success();
    let g = graph.to_str().unwrap();
    let file = page(dir.path(), "big.html", &[g]);
    b.open(&file);
    let info = cli_json(&["info", g, "--format", "json"]);
    let c = counts(&b);
    assert_eq!(c["actors"], info["actors"]);
    assert_eq!(c["relations"], info["relations"]);
    let drawn = |b: &Browser| b.js("return window.entente.drawn();", json!([]));
    let d = drawn(&b);
    let blocs = d["blocs"].as_u64().unwrap();
    assert!((2..2000).contains(&blocs), "{d}");
    assert_eq!(d["actors"], 0, "no actor drawn before a click");
    assert!(
        d["between_blocs"].as_u64().unwrap() >= 1,
        "ties between blocs"
    );
    // Click the first bloc: its actors are drawn.
    let p = b.js("return window.entente.groupPosition(0);", json!([]));
    let members: u64 = p["label"]
        .as_str()
        .unwrap()
        .split(": ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    b.click_at(p["x"].as_i64().unwrap(), p["y"].as_i64().unwrap(), false);
    let d = drawn(&b);
    assert_eq!(d["blocs"].as_u64().unwrap(), blocs - 1);
    assert_eq!(d["actors"], members);
    assert!(
        d["relations"].as_u64().unwrap() > 0,
        "the relations inside the bloc"
    );
    // The filters and the counts still read every relation.
    set(&b, "x-min-weight", "0.5", "input");
    let want = {
        let g = entente::load_file(&graph).unwrap().graph;
        g.relations().filter(|r| r.weight.abs() >= 0.5).count()
    };
    assert_eq!(counts(&b)["relations"], want);
    assert_eq!(errors(&b), Vec::<String>::new());
}

/// A scenario's page: after (the default) counts as `entente info SCENARIO`, before as `entente
/// info BASE` on the same date; the ties it changed are marked; the play button moves the date;
/// the view exports as SVG and PNG.
#[test]
fn a_scenario_shows_before_and_after_and_the_view_exports() {
    let Some(b) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let scenario = "graphs/scenarios/turkey_israel_rift.ron";
    let file = page(dir.path(), "s.html", &[scenario]);
    b.open(&file);
    let after = cli_json(&["info", scenario, "--format", "json"]);
    let c = counts(&b);
    assert_eq!(c["relations"], after["relations"]);
    assert_eq!(c["actors"], after["actors"]);
    let date = c["date"].as_str().unwrap().to_string();
    b.js(
        "document.querySelector('input[name=x-side][value=before]').click();",
        json!([]),
    );
    let before = cli_json(&["info", SHIPPED, "--as-of", &date, "--format", "json"]);
    let c = counts(&b);
    assert_eq!(c["relations"], before["relations"]);
    assert_eq!(c["actors"], before["actors"]);
    // The marked ties: the rivalry the scenario adds is drawn only after it.
    let marked = b.js(
        "const d = JSON.parse(document.getElementById('entente-data').textContent); \
         return d.relations.filter(r => r.change).map(r => [r.change, r.side]);",
        json!([]),
    );
    let marked = marked.as_array().unwrap();
    assert!(marked.iter().any(|m| m[0] == "added" && m[1] == "after"));
    assert!(marked.iter().any(|m| m[0] == "changed" && m[1] == "before"));
    b.js(
        "document.querySelector('input[name=x-side][value=after]').click();",
        json!([]),
    );
    assert_eq!(counts(&b)["relations"], after["relations"]);

    // Play from the first date: the date moves on by itself.
    set(&b, "x-date", "0", "input");
    let first = counts(&b)["date"].clone();
    b.js("document.getElementById('x-play').click();", json!([]));
    b.wait_for(
        "window.entente.counts().date !== arguments[0]"
            .replace("arguments[0]", &first.to_string())
            .as_str(),
    );
    b.js("document.getElementById('x-play').click();", json!([]));

    // Export: an SVG document and a PNG.
    let svg = b.js("return window.entente.exportSvg();", json!([]));
    let svg = svg.as_str().unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("<line") && svg.contains("<text"));
    let png = b.js("return window.entente.exportPng();", json!([]));
    assert!(
        png.as_str()
            .unwrap()
            .starts_with("data:image/png;base64,iVBOR")
    );
    assert_eq!(errors(&b), Vec::<String>::new());
}

/// The HTML report: no console error, and a click on a column heading sorts the table by it
/// (numbers as numbers), a second click the other way.
#[test]
fn the_html_report_tables_sort() {
    let Some(b) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.html");
    let o = entente()
        .args(["report", "--format", "html"])
        .output()
        .unwrap();
    assert!(o.status.success());
    std::fs::write(&file, &o.stdout).unwrap();
    b.open(&file);
    let column = |b: &Browser| -> Vec<f64> {
        b.js(
            "const t = document.querySelector('table.sortable[data-name=\"blocs\"]') || \
                       document.querySelectorAll('table.sortable')[1]; \
             const col = [...t.tHead.rows[0].cells].findIndex(c => c.textContent === 'size'); \
             return [...t.tBodies[0].rows].map(r => Number(r.cells[col].textContent));",
            json!([]),
        )
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect()
    };
    let click = |b: &Browser| {
        b.js(
            "const t = document.querySelector('table.sortable[data-name=\"blocs\"]') || \
                       document.querySelectorAll('table.sortable')[1]; \
             [...t.tHead.rows[0].cells].find(c => c.textContent === 'size').click();",
            json!([]),
        );
    };
    let before = column(&b);
    assert!(before.len() >= 2, "{before:?}");
    click(&b);
    let mut asc = before.clone();
    asc.sort_by(f64::total_cmp);
    assert_eq!(column(&b), asc);
    click(&b);
    let desc: Vec<f64> = asc.iter().rev().copied().collect();
    assert_eq!(column(&b), desc);
    assert_eq!(errors(&b), Vec::<String>::new());
}
