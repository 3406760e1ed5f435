//! The fuzz targets' checks (`fuzz/checks.rs`) without cargo-fuzz or nightly: on every input
//! a fuzzer found a problem with (`tests/data/fuzz/TARGET/`, fixed since) and on the
//! repository's own inputs, so a fixed crash stays fixed.

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::Path;

/// Runs `check` on every file under `dirs` whose name ends with one of `exts` (any, when
/// empty); returns how many it ran on.
fn each(dirs: &[&str], exts: &[&str], check: fn(&[u8])) -> usize {
    let mut n = 0;
    let mut stack: Vec<std::path::PathBuf> = dirs.iter().map(|d| Path::new(d).into()).collect();
    while let Some(p) = stack.pop() {
        if !p.exists() {
            continue;
        }
        if p.is_dir() {
            for e in std::fs::read_dir(&p).unwrap() {
                stack.push(e.unwrap().path());
            }
            continue;
        }
        let name = p.to_string_lossy();
        if !exts.is_empty() && !exts.iter().any(|e| name.ends_with(e)) {
            continue;
        }
        let bytes = std::fs::read(&p).unwrap();
        let outcome = std::panic::catch_unwind(|| check(&bytes));
        assert!(outcome.is_ok(), "{name} fails its check");
        n += 1;
    }
    n
}

fn found(target: &str) -> String {
    format!("tests/data/fuzz/{target}")
}

#[test]
fn ron_graphs_and_scenarios() {
    let n = each(
        &["graphs", "tests/data", "tests/fixtures"],
        &[".ron"],
        checks::ron_graph,
    );
    assert!(n > 50, "{n}");
    each(&[&found("ron_graph")], &[], checks::ron_graph);
    each(&["graphs", "tests/data"], &[".ron"], checks::scenario);
    each(&[&found("scenario")], &[], checks::scenario);
    each(&[&found("render")], &[], checks::render);
    let n = each(
        &["tests/fixtures/gahuku_gama", "tests/data"],
        &[".ron"],
        checks::render,
    );
    assert!(n > 50, "{n}");
}

#[test]
fn interchange_formats() {
    let nx = "tests/fixtures/networkx";
    assert_eq!(each(&[nx], &[".graphml"], checks::graphml), 2);
    assert_eq!(each(&[nx], &[".gexf"], checks::gexf), 2);
    assert_eq!(each(&[nx], &[".json"], checks::json), 2);
    each(&[&found("graphml")], &[], checks::graphml);
    each(&[&found("gexf")], &[], checks::gexf);
    each(&[&found("json")], &[], checks::json);
    each(&[&found("csv")], &[], checks::csv);
}

#[test]
fn event_files() {
    each(
        &["tests/fixtures/events/malformed", &found("events")],
        &[],
        checks::events,
    );
    each(&[&found("events_gdelt")], &[], checks::events_gdelt);
    each(&[&found("events_icews")], &[], checks::events_icews);
    each(&[&found("events_plain")], &[], checks::events_plain);
}
