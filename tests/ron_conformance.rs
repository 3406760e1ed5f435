//! entente's RON against the reference implementation, the `ron` crate (issue 14).
//!
//! entente parses RON itself, for located, all-at-once diagnostics; the `ron` crate reads
//! and writes the same files through the library's serde types ([`GraphDoc`]). Held here:
//! every file entente writes, `ron` reads back to the same document; every document `ron`
//! writes, entente reads to the same graph; and over every RON file of the repository (and
//! the fuzz corpus, when built), a document one of them reads and the other does not is one
//! of the deliberate differences listed in `docs/format.md` ("The `ron` crate").

mod support;

use entente::format::ron::{self as native, GraphDoc};
use entente::model::{ActorGraph, ActorId};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

/// Quotes, backslashes, newlines, braces, non-ASCII and control characters.
const TEXT: &str = "[a-zA-Z0-9 \"\\\\\n\t:<>{}(),'#üşəğ\u{1}\u{1b}–]{0,12}";

fn graph() -> impl Strategy<Value = ActorGraph> {
    support::graphs::graph(TEXT, |i| ActorId::from(format!("A{i}")))
}

/// A file entente wrote reads, through `ron`, as the graph's document.
fn ron_reads_what_entente_writes(g: &ActorGraph) {
    let text = native::to_string(g);
    let doc: GraphDoc = ron::from_str(&text)
        .unwrap_or_else(|e| panic!("ron cannot read entente's file: {e}\n{text}"));
    assert_eq!(
        doc,
        GraphDoc::from_graph(g),
        "ron read another document:\n{text}"
    );
    assert_eq!(doc.into_graph().expect("valid"), *g);
}

/// What `ron` writes from a graph's document (compact, and pretty with struct names),
/// entente reads as the same graph.
fn entente_reads_what_ron_writes(g: &ActorGraph) {
    let doc = GraphDoc::from_graph(g);
    let pretty = ron::ser::PrettyConfig::new().struct_names(true);
    for text in [
        ron::to_string(&doc).unwrap(),
        ron::ser::to_string_pretty(&doc, pretty).unwrap(),
    ] {
        let back = native::from_str(&text)
            .unwrap_or_else(|d| panic!("entente cannot read ron's file: {d:?}\n{text}"));
        assert_eq!(back.graph, *g, "entente read another graph:\n{text}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn ron_and_entente_read_each_others_files(g in graph()) {
        ron_reads_what_entente_writes(&g);
        entente_reads_what_ron_writes(&g);
    }
}

/// How the two readers took one document.
#[derive(Debug, PartialEq)]
enum Outcome {
    /// The same graph.
    Same,
    /// Both refuse it (a syntax error, a wrong type, or a graph validation refuses).
    BothRefuse,
    /// entente reads an optional field written plainly (`region: "x"`), which `ron` reads
    /// only with `#![enable(implicit_some)]`: the same graph once that line is added.
    PlainOptional,
    /// entente refuses a value `ron` reads as another type: an integer attribute beyond
    /// 64 bits, which entente would not round and serde reads as the nearest float.
    StricterValue(String),
}

fn compare(src: &str) -> Outcome {
    let ours = native::from_str(src);
    let theirs = ron::from_str::<GraphDoc>(src).map(GraphDoc::into_graph);
    match (ours, theirs) {
        (Ok(a), Ok(Ok(b))) => {
            assert_eq!(a.graph, b, "the two readers read different graphs:\n{src}");
            Outcome::Same
        }
        (Err(_), Err(_)) | (Err(_), Ok(Err(_))) => Outcome::BothRefuse,
        (Ok(a), Err(e)) => {
            let with = format!("#![enable(implicit_some)]\n{src}");
            match ron::from_str::<GraphDoc>(&with).map(GraphDoc::into_graph) {
                Ok(Ok(b)) if b == a.graph => Outcome::PlainOptional,
                other => panic!("entente reads what ron refuses ({e}; {other:?}):\n{src}"),
            }
        }
        (Ok(a), Ok(Err(d))) => {
            panic!("entente reads a graph validation refuses ({d:?}):\n{src}\n{a:?}")
        }
        (Err(d), Ok(Ok(_))) => {
            let codes: Vec<&str> = d.iter().filter(|d| d.is_error()).map(|d| d.code).collect();
            // Only type errors: entente refuses what ron converts.
            assert!(
                codes.iter().all(|c| *c == "E002" || *c == "E019"),
                "ron reads a graph entente refuses with {d:?}:\n{src}"
            );
            Outcome::StricterValue(d[0].message.clone())
        }
    }
}

fn ron_files(dirs: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = dirs.iter().map(PathBuf::from).collect();
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            for e in std::fs::read_dir(&p).unwrap() {
                stack.push(e.unwrap().path());
            }
        } else if p.extension().is_some_and(|e| e == "ron") || p.starts_with("fuzz/corpus") {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn shipped_and_fixture_graphs_read_alike() {
    let files = ron_files(&["graphs", "tests/fixtures"]);
    assert!(files.len() >= 8, "{files:?}");
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let Ok(loaded) = native::from_str(&text) else {
            continue;
        };
        ron_reads_what_entente_writes(&loaded.graph);
        entente_reads_what_ron_writes(&loaded.graph);
        let outcome = compare(&text);
        assert!(
            matches!(outcome, Outcome::Same | Outcome::PlainOptional),
            "{}: {outcome:?}",
            f.display()
        );
    }
}

/// Every RON file of the repository, the invalid ones too, and the fuzz corpus when it was
/// built (`fuzz/seed.sh`; fuzzing adds to it): each document is read alike by both, or is
/// one of the listed differences.
#[test]
fn every_document_reads_alike_or_differs_as_documented() {
    let mut dirs = vec!["graphs", "tests/data", "tests/fixtures"];
    if Path::new("fuzz/corpus/ron_graph").is_dir() {
        dirs.push("fuzz/corpus/ron_graph");
    }
    let mut tally: std::collections::BTreeMap<String, usize> = Default::default();
    for f in ron_files(&dirs) {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        if text.contains("Scenario") {
            continue;
        }
        let outcome = std::panic::catch_unwind(|| compare(&text))
            .unwrap_or_else(|_| panic!("{} reads differently", f.display()));
        let key = match outcome {
            Outcome::StricterValue(_) => "StricterValue".to_string(),
            o => format!("{o:?}"),
        };
        *tally.entry(key).or_default() += 1;
    }
    assert!(tally.get("Same").copied().unwrap_or(0) >= 5, "{tally:?}");
    assert!(
        tally.get("BothRefuse").copied().unwrap_or(0) >= 30,
        "{tally:?}"
    );
}

/// The deliberate differences, each on a document of its own.
#[test]
fn the_documented_differences() {
    let graph = |actor: &str| {
        format!(
            "Graph(name: \"g\", actors: [{actor}, Actor(id: \"B\", name: \"B\", kind: State)], \
             relations: [Relation(from: \"A\", to: \"B\", kind: Alliance, weight: 0.5)])"
        )
    };
    assert_eq!(
        compare(&graph(
            "Actor(id: \"A\", name: \"A\", kind: State, region: \"x\")"
        )),
        Outcome::PlainOptional
    );
    assert_eq!(
        compare(&graph(
            "Actor(id: \"A\", name: \"A\", kind: State, region: Some(\"x\"))"
        )),
        Outcome::Same
    );
    // An integer beyond 64 bits: entente keeps integers exact and refuses it; serde reads
    // it as the nearest float.
    let big =
        "Actor(id: \"A\", name: \"A\", kind: State, attributes: {\"k\": 99999999999999999999999})";
    let o = compare(&graph(big));
    assert_eq!(
        o,
        Outcome::StricterValue("an integer attribute must fit in 64 bits".into())
    );
    // Alike: a char is not a string, nor a tuple a list; a number that is not finite is
    // no attribute (validation refuses what `ron` reads).
    for actor in [
        "Actor(id: \"A\", name: 'A', kind: State)",
        "Actor(id: \"A\", name: \"A\", kind: State, tags: (\"x\", \"y\"))",
        "Actor(id: \"A\", name: \"A\", kind: State, attributes: {\"k\": NaN})",
        "Actor(id: \"A\", name: \"A\", kind: State, attributes: {\"k\": 1e400})",
    ] {
        assert_eq!(compare(&graph(actor)), Outcome::BothRefuse, "{actor}");
    }
    assert_eq!(
        compare(&graph(
            "Actor(id: \"A\", name: \"A\", kind: State, extra: 1)"
        )),
        Outcome::BothRefuse
    );
}

/// Event tallies and their weighting (from `entente events import`) read alike, and round
/// trip both ways; a wrong tally is refused by both.
#[test]
fn tallies_and_weighting_read_alike() {
    let src = r#"Graph(
    name: "t",
    actors: [
        Actor(id: "GEO", name: "Georgia", kind: State),
        Actor(id: "RUS", name: "Russia", kind: State),
    ],
    relations: [
        Relation(from: "RUS", to: "GEO", kind: Interaction, weight: -0.3, directed: true),
    ],
    events: [
        Event(date: "2012-08-08", actors: ["RUS", "GEO"], from: "RUS", to: "GEO", kind: "war", score: -10.0, confidence: ProbablyTrue, summary: "War"),
    ],
    tallies: [
        Tally(from: "RUS", to: "GEO", period: "2012-08", events: 2, mentions: 5, goldstein: -12.0, goldstein_mentions: -30.0, quad: [0, 0, 1, 1]),
        Tally(from: "GEO", to: "RUS", period: "2012-W31", events: 1, mentions: 1, goldstein: 1.0, goldstein_mentions: 1.0, quad: [1, 0, 0, 0]),
    ],
    weighting: EventWeighting(half_life_days: 30.0, prior_events: 5.0, by_mentions: true),
)"#;
    let g = native::from_str(src).expect("valid").graph;
    assert_eq!(g.tallies().len(), 2);
    assert_eq!(compare(src), Outcome::PlainOptional);
    ron_reads_what_entente_writes(&g);
    entente_reads_what_ron_writes(&g);
    let bad = src.replace("quad: [1, 0, 0, 0]", "quad: [1, 0]");
    assert_eq!(compare(&bad), Outcome::BothRefuse);
}
