//! Running the real Graphviz `dot` from tests.
//!
//! These tests never skip: when `dot` is missing they fail and say how to install it
//! (`apt-get install -y graphviz`; `.ci/run` installs it).

#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Stdio};

/// Runs `dot ARGS` on `input`; returns (stdout, stderr, success).
pub fn run_dot(args: &[&str], input: &[u8]) -> (Vec<u8>, String, bool) {
    let mut child = match Command::new("dot")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => panic!(
            "GRAPHVIZ MISSING: cannot run `dot` ({e}). These tests check our DOT with real \
             Graphviz and do not skip: install it (`apt-get install -y graphviz`); .ci/run does."
        ),
    };
    let mut stdin = child.stdin.take().expect("piped stdin");
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().expect("dot runs");
    writer.join().expect("stdin writer");
    (
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.success(),
    )
}

/// Renders DOT to SVG with `dot -Tsvg`, failing on any warning or error; returns the SVG.
pub fn render_svg_strict(what: &str, dot: &str) -> String {
    let (svg, stderr, ok) = run_dot(&["-Tsvg"], dot.as_bytes());
    assert!(
        ok && stderr.trim().is_empty(),
        "Graphviz complained about the DOT of {what}:\n{stderr}\n--- DOT ---\n{dot}"
    );
    String::from_utf8(svg).expect("SVG is UTF-8")
}

/// Lays DOT out with `dot -Tjson` (failing on any warning) and returns the parsed JSON.
pub fn layout_json(what: &str, dot: &str) -> serde_json::Value {
    let (json, stderr, ok) = run_dot(&["-Tjson"], dot.as_bytes());
    assert!(
        ok && stderr.trim().is_empty(),
        "Graphviz complained about the DOT of {what}:\n{stderr}\n--- DOT ---\n{dot}"
    );
    serde_json::from_slice(&json).expect("Graphviz JSON")
}
