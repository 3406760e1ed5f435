//! The explorer page's time slider, side panel, events strip and downloads in headless
//! Chromium (see `tests/browser.rs`): at each date the slider stops on, the page shows what
//! the CLI gives with `--as-of` that date — an event graph's weights recomputed from its
//! tallies, the blocs, centrality ranks and brokerage of the panel, the events of the strip
//! — and its SVG and PNG buttons download files of the view.

mod support;

use entente::analysis::paths::{PathOptions, strongest_paths};
use entente::model::Filter;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};
use support::cli::{entente, json as cli_json};
use support::explorer::{SHIPPED, click_actor, counts, errors, page, set, slide_to, stops, text};
use support::webdriver::{Browser, base64_decode, browser, png_pixels};

const GDELT: [&str; 2] = [
    "tests/fixtures/events/gdelt-georgia-2012-07.csv",
    "tests/fixtures/events/20120801-20120831.export.tsv",
];
const DICTIONARY: &str = "tests/fixtures/events/dictionary.csv";

/// The relations `entente export --to json` writes: (from, to, kind, weight, note).
fn cli_relations(file: &str, as_of: &str) -> Vec<(String, String, String, f64, String)> {
    let doc = cli_json(&["export", file, "--to", "json", "--as-of", as_of]);
    doc["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["source"].as_str().unwrap().to_string(),
                l["target"].as_str().unwrap().to_string(),
                l["kind"].as_str().unwrap().to_string(),
                l["weight"].as_f64().unwrap(),
                l["note"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn page_relations(b: &Browser) -> Vec<(String, String, String, f64, String)> {
    b.js("return window.entente.shownRelations();", json!([]))
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["from"].as_str().unwrap().to_string(),
                r["to"].as_str().unwrap().to_string(),
                r["kind"].as_str().unwrap().to_string(),
                r["weight"].as_f64().unwrap(),
                r["note"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// A graph imported from the real GDELT slice (July and August 2012, Georgia) opens on its
/// last day; at three dates of the slider its relations — which dyads, their weights by the
/// decay and shrinkage of the tallies, their notes, their order — are exactly those of
/// `entente export --as-of D`, its counts those of `info --as-of D`, and its paths those of
/// the library on the graph read `--as-of D`.
#[test]
fn an_event_graph_weighs_its_relations_on_each_date_as_as_of_does() {
    let Some(b) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let graph = dir.path().join("georgia.ron");
    entente()
        .args([
            "events",
            "import",
            GDELT[0],
            GDELT[1],
            "--dictionary",
            DICTIONARY,
        ])
        .arg("-o")
        .arg(&graph)
        .assert()
        .success();
    let g = graph.to_str().unwrap();
    let file = page(dir.path(), "x.html", &[g]);
    b.open(&file);
    assert_eq!(errors(&b), Vec::<String>::new(), "console errors on load");
    let labels = stops(&b);
    // A day, the end of its month (weights decayed since), and the last day (the opening).
    let dates = ["2012-07-05", "2012-07", labels.last().unwrap().as_str()];
    let loaded = entente::load_file(&graph).unwrap().graph;
    let mut weights: Vec<BTreeMap<(String, String), f64>> = Vec::new();
    for d in dates {
        slide_to(&b, d);
        let want = cli_relations(g, d);
        assert!(want.len() >= 10, "{} relations on {d}", want.len());
        assert_eq!(page_relations(&b), want, "on {d}");
        let info = cli_json(&["info", g, "--as-of", d, "--format", "json"]);
        assert_eq!(counts(&b)["relations"], info["relations"], "on {d}");
        weights.push(
            want.iter()
                .map(|r| ((r.0.clone(), r.1.clone()), r.3))
                .collect(),
        );
        // The paths the page finds are the library's on the graph read on that date.
        let at = loaded.filtered(&Filter {
            as_of: Some(d.parse().unwrap()),
            min_confidence: None,
        });
        let ids: Vec<String> = at.actors().map(|a| a.id.to_string()).collect();
        let got = b.js(
            "const ids = arguments[0], out = {}; \
             for (const a of ids) for (const c of ids) if (a !== c) \
               out[a + '>' + c] = window.entente.findPaths(a, c, 3, true).paths \
                 .map(p => [p.actors, p.strength]); \
             return out;",
            json!([ids]),
        );
        let mut compared = 0;
        for a in &ids {
            for c in ids.iter().filter(|c| *c != a) {
                let opts = PathOptions {
                    k: 3,
                    allow_hostile: true,
                    ..PathOptions::default()
                };
                let want: Vec<Value> =
                    match strongest_paths(&at, &a.as_str().into(), &c.as_str().into(), &opts) {
                        Ok(r) => r
                            .paths
                            .iter()
                            .map(|p| json!([p.actors, p.strength]))
                            .collect(),
                        Err(_) => Vec::new(),
                    };
                assert_eq!(got[format!("{a}>{c}")], json!(want), "{a} → {c} on {d}");
                compared += want.len();
            }
        }
        assert!(compared > 0, "no path compared on {d}");
    }
    // The weights do move with the date: the page re-weighs, it does not only hide.
    let moved = weights[1]
        .iter()
        .filter(|(k, w)| weights[2].get(*k).is_some_and(|x| x != *w))
        .count();
    assert!(moved > 0, "no dyad changed weight between the dates");
    // Every relation whatever its dates: the file's relations, as `--all-dates` reads them.
    b.js("document.getElementById('x-all-dates').click();", json!([]));
    let info = cli_json(&["info", g, "--all-dates", "--format", "json"]);
    assert_eq!(counts(&b)["relations"], info["relations"]);
    assert_eq!(errors(&b), Vec::<String>::new());
}

/// What the panel shows for one actor: bloc, ranks by measure, brokerage, as text.
fn panel(b: &Browser, id: &str) -> (String, BTreeMap<String, String>, String) {
    b.js("window.entente.select(arguments[0]);", json!([id]));
    let ranks = b.js(
        "return [...document.getElementById('x-panel-ranks').rows] \
           .map(r => [r.cells[0].textContent, r.cells[1].textContent]);",
        json!([]),
    );
    let ranks = ranks
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r[0].as_str().unwrap().to_string(),
                r[1].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (text(b, "x-panel-bloc"), ranks, text(b, "x-panel-brokerage"))
}

/// What `entente blocs`, `centrality` and `brokers FILE --as-of D` print for every actor, as
/// the panel words it.
fn cli_panel(
    file: &str,
    as_of: &str,
) -> BTreeMap<String, (String, BTreeMap<String, String>, String)> {
    let blocs = cli_json(&["blocs", file, "--as-of", as_of, "--format", "json"]);
    let cent = cli_json(&["centrality", file, "--as-of", as_of, "--format", "json"]);
    let brokers = cli_json(&["brokers", file, "--as-of", as_of, "--format", "json"]);
    // Actor id → {measure: value}.
    let actors = cent["actors"].as_object().unwrap();
    let n = actors.len();
    let mut out = BTreeMap::new();
    for (id, values) in actors {
        let id = id.as_str();
        let bloc = blocs["blocs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["members"].as_array().unwrap().iter().any(|m| m == id))
            .map_or("none".to_string(), |b| {
                let k = b["members"].as_array().unwrap().len();
                format!(
                    "bloc {} ({k} actor{})",
                    b["id"],
                    if k == 1 { "" } else { "s" }
                )
            });
        // Rank: 1 + the actors with a higher value, or an equal value and a smaller id.
        let mut ranks = BTreeMap::new();
        for (m, v) in values.as_object().unwrap() {
            let v = v.as_f64().unwrap();
            let above = actors
                .iter()
                .filter(|(o, ov)| {
                    let w = ov[m].as_f64().unwrap();
                    w > v || (w == v && o.as_str() < id)
                })
                .count();
            ranks.insert(m.replace('_', " "), format!("#{} of {n}", above + 1));
        }
        let roles = [
            "coordinator",
            "itinerant",
            "representative",
            "gatekeeper",
            "liaison",
        ];
        let mut text = match brokers["roles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["actor"] == id && r["total"].as_u64().unwrap() > 0)
        {
            Some(r) => roles
                .iter()
                .map(|k| format!("{k} {}", r[*k]))
                .collect::<Vec<_>>()
                .join(", "),
            None => "no brokerage roles".to_string(),
        };
        if let Some(x) = brokers["bridges"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["actor"] == id)
        {
            let pairs = x["hostile_pairs"].as_u64().unwrap();
            text += &format!(
                ". Bridge: allied to both sides of {pairs} hostile pair{} (strength {})",
                if pairs == 1 { "" } else { "s" },
                trim(x["strength"].as_f64().unwrap(), 3)
            );
        }
        out.insert(id.to_string(), (bloc, ranks, text + "."));
    }
    out
}

/// A number as the page writes it: at most `digits` decimals, no trailing zeros.
fn trim(x: f64, digits: usize) -> String {
    let s = format!("{x:.digits$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// The panel's bloc, centrality ranks and brokerage follow the slider: on two dates, for
/// every actor, they are what `entente blocs`, `centrality` and `brokers --as-of` print.
#[test]
fn the_panel_shows_the_analyses_of_the_date_on_the_slider() {
    let Some(b) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = page(dir.path(), "x.html", &[SHIPPED]);
    b.open(&file);
    // A click opens the panel, as a user does.
    click_actor(&b, "AZE", false);
    b.wait_for("!document.getElementById('x-panel').hidden");
    let mut seen = Vec::new();
    for d in ["2021-01", "2024-06"] {
        slide_to(&b, d);
        let want = cli_panel(SHIPPED, d);
        let shown = b.js("return window.entente.actorIds().length;", json!([]));
        assert_eq!(json!(want.len()), shown);
        for (id, (bloc, ranks, brokerage)) in &want {
            let (pb, pr, pk) = panel(&b, id);
            assert_eq!(&pb, bloc, "{id}'s bloc on {d}");
            for (m, r) in ranks {
                assert_eq!(pr.get(m), Some(r), "{id}'s rank in {m} on {d}");
            }
            assert_eq!(pr.len(), ranks.len(), "{id}: the measures on {d}");
            assert_eq!(&pk, brokerage, "{id}'s brokerage on {d}");
        }
        assert!(text(&b, "x-panel-when").contains(d));
        seen.push(want);
    }
    assert_ne!(
        seen[0], seen[1],
        "the two dates should differ for the test to mean anything"
    );
    assert_eq!(errors(&b), Vec::<String>::new());
}

/// The blocs `entente blocs FILE --as-of D` finds, as the drawing shows them: each bloc of two
/// actors or more as a box (label, colour, sorted members), and each actor's bloc colour.
fn cli_drawing(file: &str, as_of: &str) -> (Vec<Value>, BTreeMap<String, String>) {
    // The page's bloc colours: ColorBrewer Dark2 then Set1, by bloc number.
    const COLORS: [&str; 12] = [
        "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666",
        "#17becf", "#984ea3", "#ff7f00", "#4daf4a",
    ];
    let blocs = cli_json(&["blocs", file, "--as-of", as_of, "--format", "json"]);
    let mut boxes = Vec::new();
    let mut borders = BTreeMap::new();
    for b in blocs["blocs"].as_array().unwrap() {
        let id = b["id"].as_u64().unwrap() as usize;
        let mut members: Vec<String> = b["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap().to_string())
            .collect();
        members.sort();
        let color = COLORS[id % COLORS.len()];
        for m in &members {
            borders.insert(m.clone(), color.to_string());
        }
        if members.len() >= 2 {
            boxes.push(json!({"label": format!("bloc {id}"), "color": color, "members": members}));
        }
    }
    (boxes, borders)
}

/// The drawing as the page shows it: its boxes in bloc order, each actor's border colour,
/// and the actors drawn inside a box of a bloc they are not in (none, for a drawing that
/// can be read).
fn page_drawing(b: &Browser) -> (Vec<Value>, BTreeMap<String, String>, Vec<Value>) {
    let d = b.js("return window.entente.drawnBlocs();", json!([]));
    let mut boxes = d["boxes"].as_array().unwrap().clone();
    boxes.sort_by_key(|x| x["label"].as_str().unwrap()[5..].parse::<usize>().unwrap());
    let borders = d["borders"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
        .collect();
    (boxes, borders, d["strays"].as_array().unwrap().clone())
}

/// The drawing follows the slider: on two dates whose blocs differ, the boxes hold exactly
/// the members of `entente blocs --as-of` that date, in its numbering and colours, no actor
/// sits inside another bloc's box, and the filters, the focus and the open panel stay.
#[test]
fn the_drawing_groups_the_actors_by_the_blocs_of_the_date_on_the_slider() {
    let Some(b) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = page(dir.path(), "x.html", &[SHIPPED]);
    b.open(&file);
    let mut seen = Vec::new();
    for d in ["2022-06", "2025-09", "2022-06"] {
        slide_to(&b, d);
        let (want_boxes, want_borders) = cli_drawing(SHIPPED, d);
        let (boxes, borders, strays) = page_drawing(&b);
        assert_eq!(boxes, want_boxes, "the boxes on {d}");
        assert_eq!(borders, want_borders, "each actor's bloc colour on {d}");
        assert_eq!(
            strays,
            Vec::<Value>::new(),
            "actors inside another bloc's box on {d}"
        );
        // The header names the date shown, not the one the page opened on.
        assert!(text(&b, "x-source").contains(&format!("in force on {d} (as --as-of {d})")));
        seen.push(boxes);
    }
    assert_ne!(
        seen[0], seen[1],
        "the two dates' blocs should differ for the test to mean anything"
    );
    assert_eq!(seen[0], seen[2], "back on the first date, its blocs again");

    // Who Azerbaijan is grouped with, by name, follows the date: Armenia joins it by 2025-09.
    b.js("window.entente.select('AZE');", json!([]));
    slide_to(&b, "2022-06");
    let with_2022 = text(&b, "x-panel-bloc-members");
    slide_to(&b, "2025-09");
    let with_2025 = text(&b, "x-panel-bloc-members");
    assert!(
        with_2022.starts_with("With ") && with_2022.contains("Turkey"),
        "{with_2022}"
    );
    assert!(!with_2022.contains("Armenia"), "{with_2022}");
    assert!(with_2025.contains("Armenia"), "{with_2025}");
    slide_to(&b, "2022-06");

    // A filter, an open panel and a focus survive the regrouping.
    set(&b, "x-min-weight", "0.3", "input");
    b.js("window.entente.select('AZE');", json!([]));
    b.js("document.getElementById('x-focus').click();", json!([]));
    let focused = counts(&b);
    slide_to(&b, "2025-09");
    slide_to(&b, "2022-06");
    assert_eq!(
        counts(&b),
        focused,
        "the same view after the slider went and came back"
    );
    assert_eq!(text(&b, "x-panel-title"), "Azerbaijan");
    assert!(text(&b, "x-count-of").contains("ego network of Azerbaijan"));
    let (boxes, _, strays) = page_drawing(&b);
    assert!(strays.is_empty(), "{strays:?}");
    for x in &boxes {
        let members = x["members"].as_array().unwrap();
        let all = seen[0].iter().find(|w| w["label"] == x["label"]).unwrap();
        assert!(
            members
                .iter()
                .all(|m| all["members"].as_array().unwrap().contains(m))
        );
    }
    assert_eq!(errors(&b), Vec::<String>::new());
}

/// A scenario's page: after (the default) the panel and the drawing are those of `entente
/// blocs`, `centrality` and `brokers SCENARIO`, before they are those of its base, and the
/// paths are each graph's `entente path`.
#[test]
fn a_scenario_shows_its_base_analyses_before_and_its_own_after() {
    let Some(b) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    // It adds an actor (CASPIAN_BASES) to a bloc: the blocs differ, and the base ranks one
    // actor fewer.
    let scenario = "graphs/scenarios/us_zangezur_caspian_bases.ron";
    let file = page(dir.path(), "s.html", &[scenario]);
    b.open(&file);
    let date = counts(&b)["date"].as_str().unwrap().to_string();
    let mut drawn = Vec::new();
    for (side, graph) in [
        ("after", scenario),
        ("before", SHIPPED),
        ("after", scenario),
    ] {
        b.js(
            "document.querySelector('input[name=x-side][value=' + arguments[0] + ']').click();",
            json!([side]),
        );
        let (want_boxes, want_borders) = cli_drawing(graph, &date);
        let (boxes, borders, strays) = page_drawing(&b);
        assert_eq!(boxes, want_boxes, "the boxes {side}");
        assert_eq!(borders, want_borders, "each actor's bloc colour {side}");
        assert!(strays.is_empty(), "{side}: {strays:?}");
        drawn.push(boxes);
        let want = cli_panel(graph, &date);
        for (id, (bloc, ranks, brokerage)) in &want {
            let (pb, pr, pk) = panel(&b, id);
            assert_eq!(&pb, bloc, "{id}'s bloc {side}");
            assert_eq!(&pr, ranks, "{id}'s ranks {side}");
            assert_eq!(&pk, brokerage, "{id}'s brokerage {side}");
        }
        let when = text(&b, "x-panel-when");
        assert!(
            when.contains(if side == "before" {
                "base graph"
            } else {
                "result"
            }),
            "{when}"
        );
        // The path Turkey → Russia over the graph shown, as `entente path` on it.
        let want = cli_json(&[
            "path", graph, "TUR", "RUS", "-k", "3", "--as-of", &date, "--format", "json",
        ]);
        let got = b.js(
            "return window.entente.findPaths('TUR', 'RUS', 3, false);",
            json!([]),
        );
        let ids = |v: &Value| -> Vec<Value> {
            v["paths"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["actors"].clone())
                .collect()
        };
        assert_eq!(ids(&got), ids(&want), "paths {side}");
    }
    assert_ne!(
        drawn[0], drawn[1],
        "the base's blocs differ from the scenario's"
    );
    assert_eq!(drawn[0], drawn[2]);
    assert_eq!(errors(&b), Vec::<String>::new());
}

/// First and last day of a date as written (`2024`, `2024-06`, `2024-06-15`).
fn days(d: &str) -> (String, String) {
    let parts: Vec<u32> = d.split('-').map(|p| p.parse().unwrap()).collect();
    match parts.as_slice() {
        [y] => (format!("{y:04}-01-01"), format!("{y:04}-12-31")),
        [y, m] => (
            format!("{y:04}-{m:02}-01"),
            format!("{y:04}-{m:02}-{:02}", month_days(*y, *m)),
        ),
        [y, m, d] => {
            let s = format!("{y:04}-{m:02}-{d:02}");
            (s.clone(), s)
        }
        _ => panic!("{d}"),
    }
}

fn month_days(y: u32, m: u32) -> u32 {
    match m {
        2 if y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The first day of the window of `months` ending on `last` (YYYY-MM-DD): the day after
/// the same day `months` earlier (the month's last day when it has fewer days).
fn window_start(last: &str, months: u32) -> String {
    let p: Vec<u32> = last.split('-').map(|x| x.parse().unwrap()).collect();
    let total = p[0] * 12 + (p[1] - 1) - months;
    let (y, m) = (total / 12, total % 12 + 1);
    let d = p[2].min(month_days(y, m));
    if d < month_days(y, m) {
        format!("{y:04}-{m:02}-{:02}", d + 1)
    } else if m == 12 {
        format!("{:04}-01-01", y + 1)
    } else {
        format!("{y:04}-{:02}-01", m + 1)
    }
}

/// The events strip lists exactly the events `entente export --as-of D` keeps (those up to
/// D) that fall in the window chosen, latest first.
#[test]
fn the_events_strip_lists_the_events_of_the_window() {
    let Some(b) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = page(dir.path(), "x.html", &[SHIPPED]);
    b.open(&file);
    let mut checked = 0;
    for d in ["2024-06", "2025-03"] {
        slide_to(&b, d);
        let doc = cli_json(&["export", SHIPPED, "--to", "json", "--as-of", d]);
        let mut up_to: Vec<(String, String, String, String)> = doc["graph"]["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["date"].as_str().unwrap().to_string(),
                    e["kind"].as_str().unwrap().to_string(),
                    e["summary"].as_str().unwrap().to_string(),
                    String::new(),
                )
            })
            .collect();
        // Earliest first by first then last day (stable), as the page sorts; shown latest first.
        up_to.sort_by_key(|e| days(&e.0));
        up_to.reverse();
        let (first, last) = days(d);
        for (window, lo) in [
            ("0", Some(first)),
            ("1", Some(window_start(&last, 1))),
            ("3", Some(window_start(&last, 3))),
            ("12", Some(window_start(&last, 12))),
            ("-1", None),
        ] {
            set(&b, "x-window", window, "change");
            let want: Vec<(String, String, String)> = up_to
                .iter()
                .filter(|e| lo.as_ref().is_none_or(|lo| days(&e.0).1 >= *lo))
                .map(|e| (e.0.clone(), e.1.clone(), e.2.clone()))
                .collect();
            let shown = b.js(
                "return [...document.querySelectorAll('#x-events li')].map(li => \
                   [li.children[0].textContent, li.children[2].textContent]);",
                json!([]),
            );
            let shown: Vec<(String, String, String)> = shown
                .as_array()
                .unwrap()
                .iter()
                .map(|x| {
                    let head = x[0].as_str().unwrap();
                    let mut it = head.split(" · ");
                    (
                        it.next().unwrap().to_string(),
                        it.next().unwrap().to_string(),
                        x[1].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            assert_eq!(shown, want, "on {d}, window {window}");
            assert_eq!(counts(&b)["events"], want.len());
            checked += want.len();
        }
    }
    assert!(checked > 10, "{checked} events compared");
    assert_eq!(errors(&b), Vec::<String>::new());
}

/// Waits for a finished download of the given extension in `dir`.
fn downloaded(dir: &Path, ext: &str) -> Vec<u8> {
    let start = Instant::now();
    loop {
        let done = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == ext));
        if let Some(p) = done {
            let bytes = std::fs::read(&p).unwrap();
            if !bytes.is_empty() {
                return bytes;
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no .{ext} downloaded into {}",
            dir.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The SVG and PNG buttons download files: a well-formed SVG holding exactly the actors and
/// relations of the view (a filtered one), and a PNG of it that is not blank.
#[test]
fn the_download_buttons_write_an_svg_and_a_png_of_the_view() {
    let Some(b) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = page(dir.path(), "x.html", &[SHIPPED]);
    let downloads = dir.path().join("downloads");
    std::fs::create_dir(&downloads).unwrap();
    b.open(&file);
    b.download_to(&downloads);
    set(&b, "x-min-weight", "0.5", "input");
    let c = counts(&b);
    b.js(
        "document.getElementById('x-export-svg').click();",
        json!([]),
    );
    let svg = String::from_utf8(downloaded(&downloads, "svg")).unwrap();
    // Well-formed XML, an <svg> document.
    let mut reader = quick_xml::Reader::from_str(&svg);
    let (mut lines, mut texts, mut root) = (0, Vec::new(), None);
    let mut in_text = false;
    loop {
        match reader.read_event().expect("well-formed SVG") {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                root.get_or_insert(name.clone());
                lines += usize::from(name == "line");
                in_text = name == "text";
            }
            quick_xml::events::Event::Text(t) if in_text => {
                texts.push(t.decode().unwrap().to_string());
                in_text = false;
            }
            _ => {}
        }
    }
    assert_eq!(root.as_deref(), Some("svg"));
    // One line per relation shown, one label per actor shown (and per bloc box).
    assert_eq!(lines as u64, c["relations"].as_u64().unwrap());
    let names: Vec<String> = b
        .js(
            "const d = JSON.parse(document.getElementById('entente-data').textContent); \
             return d.actors.map(a => a.name);",
            json!([]),
        )
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_string())
        .collect();
    let actor_labels = texts.iter().filter(|t| names.contains(t)).count();
    assert_eq!(
        actor_labels as u64,
        c["actors"].as_u64().unwrap(),
        "{texts:?}"
    );
    // The download is the page's export of the view.
    let page_svg = b.js("return window.entente.exportSvg();", json!([]));
    assert_eq!(svg, page_svg.as_str().unwrap());

    b.js(
        "document.getElementById('x-export-png').click();",
        json!([]),
    );
    let png = downloaded(&downloads, "png");
    let (w, h, px) = png_pixels(&png);
    // The page's export of the same view at twice the scale.
    let small = b.js("return window.entente.exportPng();", json!([]));
    let small = small.as_str().unwrap();
    let small = base64_decode(small.trim_start_matches("data:image/png;base64,"));
    let (w1, h1, _) = png_pixels(&small);
    assert!(
        w.abs_diff(2 * w1) <= 2 && h.abs_diff(2 * h1) <= 2,
        "{w}×{h} vs {w1}×{h1}"
    );
    assert!(w >= 400 && h >= 300, "{w}×{h}");
    let inked = px.iter().filter(|p| p.iter().any(|&c| c < 200)).count();
    assert!(inked * 50 > w * h, "{inked} of {} pixels inked", w * h);
    for hex in [[0x21u8, 0x66, 0xac], [0xb2, 0x18, 0x2b]] {
        let near = px
            .iter()
            .filter(|p| p.iter().zip(hex).all(|(&a, b)| a.abs_diff(b) < 40))
            .count();
        assert!(near > 100, "{near} pixels near {hex:?}");
    }
    assert_eq!(errors(&b), Vec::<String>::new());
}
