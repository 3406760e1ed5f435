//! The checks of the fuzz targets (`fuzz/fuzz_targets/*.rs`), one function per target, shared
//! with `tests/fuzz_regressions.rs`, which runs them over every input the fuzzers ever
//! found a problem with (`tests/data/fuzz/TARGET/`) and over the test data.
//!
//! Each takes any bytes and must not panic, hang or grow memory without bound; the
//! readers' checks also write what they read and read it back unchanged.

#![allow(dead_code)]

use entente::Diagnostic;
use entente::diagram::{self, DotOptions};
use entente::events::{ImportOptions, Importer};
use entente::format::csv::{self, CsvColumns, CsvFile, CsvInput};
use entente::format::{gexf, graphml, json, ron, svg, xml};
use entente::report::{self, OutputFormat};
use entente::scenario::{apply, load::parse_str};
use std::sync::OnceLock;

/// A RON graph: no input panics; relations read straight from the text give what they give
/// parsed into trees (the graph and warnings, or every diagnostic); a graph entente reads, it
/// writes and reads back unchanged.
pub fn ron_graph(data: &[u8]) {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let read = ron::from_str(src);
    assert_eq!(
        seen(&read),
        seen(&ron::from_str_through_trees(src)),
        "relations read straight from the text and through their trees differ"
    );
    let Ok(loaded) = read else {
        return;
    };
    let text = ron::to_string(&loaded.graph);
    let back = ron::from_str(&text)
        .unwrap_or_else(|d| panic!("entente cannot read the RON it wrote: {d:?}\n{text}"));
    assert_eq!(
        back.graph, loaded.graph,
        "the RON round trip changed the graph"
    );
}

/// What a RON load gives, comparable.
type Seen<'a> = Result<(&'a entente::ActorGraph, &'a [Diagnostic]), &'a [Diagnostic]>;

fn seen(r: &Result<ron::Loaded, Vec<Diagnostic>>) -> Seen<'_> {
    match r {
        Ok(l) => Ok((&l.graph, &l.warnings)),
        Err(d) => Err(d),
    }
}

fn base() -> &'static entente::ActorGraph {
    static BASE: OnceLock<entente::ActorGraph> = OnceLock::new();
    BASE.get_or_init(|| entente::format::builtin().graph)
}

/// A scenario file: no input panics; a scenario read without errors is written and read
/// back unchanged, and applying it to the shipped graph never panics.
pub fn scenario(data: &[u8]) {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(parsed) = parse_str(src) else {
        return;
    };
    if parsed.diagnostics.iter().any(|d| d.is_error()) {
        return;
    }
    let text = parsed.scenario.to_ron();
    let back = parse_str(&text)
        .unwrap_or_else(|d| panic!("entente cannot read the scenario it wrote: {d:?}\n{text}"));
    assert!(
        !back.diagnostics.iter().any(|d| d.is_error()),
        "{:?}\n{text}",
        back.diagnostics
    );
    // Compared as written: a NaN factor reads back as NaN, which is not equal to itself
    // (applying refuses it, E037).
    assert_eq!(
        back.scenario.to_ron(),
        text,
        "the round trip changed the scenario"
    );
    let _ = apply(base(), &parsed.scenario.edits);
}

/// CSV import: no input panics; a graph imported from CSV is exported and imported back
/// unchanged. The first byte picks the delimiter (odd: a tab); text after a NUL byte is the
/// nodes file.
pub fn csv(data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(src) = std::str::from_utf8(rest) else {
        return;
    };
    let delimiter = if flags & 1 == 1 { b'\t' } else { b',' };
    let (edges, nodes) = match src.split_once('\0') {
        Some((e, n)) => (e, Some(n)),
        None => (src, None),
    };
    let file = |name, text| CsvFile {
        name,
        text,
        delimiter,
    };
    let columns = CsvColumns::default();
    let Ok(imported) = csv::import(&CsvInput {
        edges: file("edges.csv", edges),
        nodes: nodes.map(|n| file("nodes.csv", n)),
        columns: &columns,
        graph_name: "fuzz",
    }) else {
        return;
    };
    let g = &imported.graph;
    let (nodes, edges) = (csv::nodes_to_string(g), csv::edges_to_string(g));
    let back = csv::import(&CsvInput {
        edges: CsvFile::new("edges.csv", &edges),
        nodes: Some(CsvFile::new("nodes.csv", &nodes)),
        columns: &columns,
        graph_name: "fuzz",
    })
    .unwrap_or_else(|e| panic!("entente cannot import its own CSV: {e:?}\n{nodes}\n{edges}"));
    assert_eq!(&back.graph, g, "the CSV round trip changed the graph");
}

/// GraphML import: no input panics; a graph entente imports, it exports and imports back
/// unchanged.
pub fn graphml(data: &[u8]) {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(imported) = graphml::from_str(src) else {
        return;
    };
    let text = graphml::to_string(&imported.graph);
    let back = graphml::from_str(&text)
        .unwrap_or_else(|d| panic!("entente cannot import its own export: {d:?}\n{text}"));
    assert_eq!(
        back.graph, imported.graph,
        "the round trip changed the graph"
    );
}

/// GEXF import (which has no events): no input panics; a graph entente imports, it exports and imports back
/// unchanged.
pub fn gexf(data: &[u8]) {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(imported) = gexf::from_str(src) else {
        return;
    };
    let text = gexf::to_string(&imported.graph);
    let back = gexf::from_str(&text)
        .unwrap_or_else(|d| panic!("entente cannot import its own export: {d:?}\n{text}"));
    assert_eq!(
        back.graph, imported.graph,
        "the round trip changed the graph"
    );
}

/// Node-link JSON import: no input panics; a graph entente imports, it exports and imports back
/// unchanged.
pub fn json(data: &[u8]) {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(imported) = json::from_str(src) else {
        return;
    };
    let text = json::to_string(&imported.graph);
    let back = json::from_str(&text)
        .unwrap_or_else(|d| panic!("entente cannot import its own export: {d:?}\n{text}"));
    assert_eq!(
        back.graph, imported.graph,
        "the round trip changed the graph"
    );
}

/// Event files (GDELT raw or headered, ICEWS, plain CSV): no input panics, and whatever is
/// read aggregates into a graph.
pub fn events(data: &[u8]) {
    let mut importer = Importer::new(ImportOptions {
        chunk_bytes: 4096,
        ..ImportOptions::default()
    });
    if importer.read_stream("events.csv", data).is_err() {
        return;
    }
    let _ = importer.finish();
}

/// The first line each per-format event target puts before the fuzzer's bytes, so the
/// fuzzer spends its time in that reader's rows instead of in format detection.
pub const GDELT_FIRST_ROW: &str = "212050843\t20120801\t201208\t2012\t2012.5781\t\t\t\t\t\t\t\t\t\t\tAFG\tAFGHAN\tAFG\t\t\t\t\t\t\t\t1\t130\t130\t13\t3\t-4.4\t1\t1\t1\t5.18934081346424\t\t\t\t\t0\t0\t0\t1\tRussia\tRS\tRS\t60\t100\t0\t4\tTbilisi, Georgia (general), Georgia\tGG\tGG00\t41.725\t44.7908\t-2330077\t20130203\t\n";
pub const ICEWS_HEADER: &str = "Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\tCAMEO Code\tIntensity\tTarget Name\tTarget Sectors\tTarget Country\tStory ID\tSentence Number\tPublisher\tCity\tDistrict\tProvince\tCountry\tLatitude\tLongitude\n";
pub const PLAIN_HEADER: &str = "id,date,source,target,score,code,mentions\n";

fn events_after(first: &str, data: &[u8]) {
    let mut input = first.as_bytes().to_vec();
    input.extend_from_slice(data);
    events(&input);
}

/// Raw GDELT 1.0 rows (tab-separated, no header; read in chunks side by side).
pub fn events_gdelt(data: &[u8]) {
    events_after(GDELT_FIRST_ROW, data);
}

/// ICEWS rows after the ICEWS header.
pub fn events_icews(data: &[u8]) {
    events_after(ICEWS_HEADER, data);
}

/// Plain event CSV rows after a plain header.
pub fn events_plain(data: &[u8]) {
    events_after(PLAIN_HEADER, data);
}

/// The writers for people: for any graph entente reads, the DOT, the embedded engine's SVG
/// (well-formed XML), and the info report as text and Markdown never panic, and no control
/// character reaches the text for people raw.
pub fn render(data: &[u8]) {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(loaded) = ron::from_str(src) else {
        return;
    };
    let g = &loaded.graph;
    let opts = DotOptions::default();
    let Ok(d) = diagram::prepare(g, &opts) else {
        return;
    };
    let _ = diagram::to_dot(g, &opts);
    let Ok(picture) = svg::write_svg(&d) else {
        return;
    };
    if let Err(e) = xml::parse(&picture) {
        panic!("the SVG is not well-formed: {e:?}\n{picture}");
    }
    let summary = entente::analysis::info::summarize(g);
    for format in [OutputFormat::Table, OutputFormat::Md] {
        let text = report::render(&summary, format);
        let raw = text.chars().find(|&c| entente::text::is_hidden(c));
        assert!(raw.is_none(), "{raw:?} shown raw in:\n{text}");
    }
}
