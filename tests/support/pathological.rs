//! Pathological inputs for the resource-bound tests: CI runs them at sizes it can afford
//! (`tests/bounds.rs`), `bench/stress.sh` at the sizes that once crashed or blew up
//! (`tests/stress.rs`, ignored by default). Each generator is deterministic.

// Each test file uses its own subset of these.
#![allow(dead_code)]

use entente::{Actor, ActorGraph, ActorKind, Relation, RelationKind};
use std::path::{Path, PathBuf};

/// A GraphML (`root` = "graphml") or GEXF (`root` = "gexf") document with one node and
/// `depth` nested elements.
pub fn nested_xml(root: &str, depth: usize) -> String {
    let (open, close) = match root {
        "graphml" => (
            "<graphml><graph edgedefault=\"undirected\"><node id=\"a\"/>",
            "</graph></graphml>",
        ),
        _ => (
            "<gexf><graph><nodes><node id=\"a\"/></nodes>",
            "</graph></gexf>",
        ),
    };
    format!(
        "{open}{}{}{close}",
        "<x>".repeat(depth),
        "</x>".repeat(depth)
    )
}

/// A GraphML document whose one node has `n` attributes.
pub fn many_attributes(n: usize) -> String {
    let attrs: Vec<String> = (0..n).map(|i| format!("a{i}=\"v\"")).collect();
    format!(
        "<graphml><graph edgedefault=\"undirected\"><node id=\"a\" {}/></graph></graphml>",
        attrs.join(" ")
    )
}

/// A graph `s0.ron` and scenarios `s1.ron` … `s{files-1}.ron` in `dir`, each the base of the
/// next: the chain of the last one has `files` files. Returns the last one.
pub fn scenario_chain(dir: &Path, files: usize) -> PathBuf {
    std::fs::write(
        dir.join("s0.ron"),
        r#"Graph(name: "g", actors: [Actor(id: "A", name: "A", kind: State), Actor(id: "B", name: "B", kind: State)], relations: [Relation(from: "A", to: "B", kind: Alliance, weight: 0.5)])"#,
    )
    .unwrap();
    for i in 1..files {
        std::fs::write(
            dir.join(format!("s{i}.ron")),
            format!(
                r#"Scenario(name: "s{i}", base: "s{}.ron", edits: [SetAttributes(actor: "A", attributes: {{"i": {i}}})])"#,
                i - 1
            ),
        )
        .unwrap();
    }
    dir.join(format!("s{}.ron", files - 1))
}

/// A small deterministic generator (SplitMix64), so that the graphs need no dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64) < p * (1u64 << 53) as f64
    }
}

/// The complete graph on `n` actors `N0` … `N{n-1}`, each tie allied (0.5) or hostile (−0.5)
/// at random: the most triangles and the hardest partitions for its size.
pub fn complete_signed(n: usize, seed: u64) -> ActorGraph {
    let mut rng = Rng::new(seed);
    let mut g = ActorGraph::new(format!("complete {n}"));
    for i in 0..n {
        g.add_actor(Actor::new(
            format!("N{i}"),
            format!("n{i}"),
            ActorKind::State,
        ))
        .unwrap();
    }
    for i in 0..n {
        for j in i + 1..n {
            let w = if rng.chance(0.5) { -0.5 } else { 0.5 };
            g.add_relation(Relation::new(
                format!("N{i}"),
                format!("N{j}"),
                RelationKind::default_for_weight(w),
                w,
            ))
            .unwrap();
        }
    }
    g
}

/// Writes `g` as RON into `dir/name` and returns the path.
pub fn write_graph(dir: &Path, name: &str, g: &ActorGraph) -> PathBuf {
    let path = dir.join(name);
    entente::save_ron(g, &path).unwrap();
    path
}

/// Writes a graph of `actors` actors and `relations` relations made by `entente generate`
/// (seed 1) into `dir/name` and returns the path.
pub fn generated(dir: &Path, name: &str, actors: usize, relations: usize) -> PathBuf {
    let path = dir.join(name);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_entente"))
        .args(["generate", "--actors", &actors.to_string()])
        .args(["--relations", &relations.to_string(), "-o"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    path
}

/// A RON graph of `actors` actors (ids `A0`, `A1`, ...) whose relations name `unknown` ids
/// that are not declared (`A{i}x`, one edit from `A{i}`), for "did you mean".
pub fn unknown_ids(actors: usize, unknown: usize) -> String {
    let mut s = String::from("Graph(name: \"typos\", actors: [\n");
    for i in 0..actors {
        s.push_str(&format!("Actor(id: \"A{i}\", name: \"a\", kind: State),\n"));
    }
    s.push_str("], relations: [\n");
    for i in 0..unknown {
        s.push_str(&format!(
            "Relation(from: \"A{}\", to: \"A{i}x\", kind: Trade, weight: 0.5),\n",
            (i + 1) % actors
        ));
    }
    s.push_str("])\n");
    s
}

/// An edges CSV of `rows` relations among `2 × rows` actors named nowhere else (each row
/// implies two new actors), for an import without `--nodes`.
pub fn edges_without_nodes(rows: usize) -> String {
    let mut s = String::from("source,target,weight\n");
    for i in 0..rows {
        s.push_str(&format!("s{i},t{i},0.5\n"));
    }
    s
}
