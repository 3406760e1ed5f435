//! The architecture of `docs/architecture.md`, checked on the source:
//!
//! - **Layers.** Every module of the library sits in one layer of [`LAYERS`] and uses (by
//!   `crate::` paths) only modules of lower layers: modules of one layer do not use each
//!   other, and no module uses one above it. Unit tests (`#[cfg(test)]` items and the files
//!   they declare) may build their fixtures with any layer and are not checked; comments are
//!   not read. The binary (`src/main.rs`, `src/cli/`) is above every layer and `src/lib.rs` is
//!   the public API that re-exports them, so neither is checked.
//! - **Size.** No source file holds more than [`MAX_LINES`] lines before its unit tests
//!   unless its top doc comment says why (a line `//! Why this file is long: ...`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The library's layers, bottom first. A module may use modules of lower layers only.
const LAYERS: &[&[&str]] = &[
    // Text and numbers as people read them (escaping hidden characters, trimming zeros).
    &["numfmt", "text"],
    // Located diagnostics.
    &["diagnostic"],
    // The graph: actors, relations, events, validation, snapshots.
    &["model"],
    // Analyses (graph -> result) and file formats (readers and writers, handed results).
    &["analysis", "format"],
    // Synthetic graphs (and the seeded random numbers synthetic event files use).
    &["generate"],
    // What combines analyses and formats: scenarios, the diagram spec builder, event-data
    // import.
    &["diagram", "events", "scenario"],
    // Whatever file the user gave, following scenario chains.
    &["input"],
    // Results for people and scripts (tables, Markdown, CSV, JSON), the full report.
    &["report"],
];

/// Lines of code (before the unit tests) a file may hold without saying why.
const MAX_LINES: usize = 800;

/// The marker of a file that says why it is longer.
const WHY_LONG: &str = "//! Why this file is long:";

/// Files over the limit that are being reworked elsewhere: remove an entry when the file
/// is split or says why.
const PENDING: &[&str] = &[];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The library's source files (not the binary's, not `lib.rs`).
fn library_files() -> Vec<PathBuf> {
    let mut all = Vec::new();
    rust_files(Path::new("src"), &mut all);
    all.into_iter()
        .filter(|p| {
            !p.starts_with("src/cli")
                && p != Path::new("src/main.rs")
                && p != Path::new("src/lib.rs")
        })
        .collect()
}

/// The top-level module a file belongs to: `src/analysis/paths/yen.rs` -> `analysis`.
fn top_module(p: &Path) -> String {
    let first = p.strip_prefix("src").unwrap().components().next().unwrap();
    let name = first.as_os_str().to_string_lossy();
    name.trim_end_matches(".rs").to_string()
}

/// The folder a file's child modules live in: `a/mod.rs` -> `a/`, `a/b.rs` -> `a/b/`.
fn child_dir(p: &Path) -> PathBuf {
    let parent = p.parent().unwrap();
    match p.file_name().unwrap().to_str().unwrap() {
        "mod.rs" | "lib.rs" | "main.rs" => parent.to_path_buf(),
        name => parent.join(name.trim_end_matches(".rs")),
    }
}

/// A file's lines with comments blanked and `#[cfg(test)]` items left out (as blank lines,
/// so that line numbers hold). Also gives the files of `#[cfg(test)] mod name;`.
fn code_lines(p: &Path, text: &str) -> (Vec<String>, Vec<PathBuf>) {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::with_capacity(lines.len());
    let mut test_files = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() == "#[cfg(test)]" {
            let indent = lines[i].len() - lines[i].trim_start().len();
            out.push(String::new());
            i += 1;
            while i < lines.len() && lines[i].trim_start().starts_with("#[") {
                out.push(String::new());
                i += 1;
            }
            if i == lines.len() {
                break;
            }
            let item = lines[i].trim();
            if let Some(name) = item.strip_prefix("mod ").and_then(|r| r.strip_suffix(';')) {
                let dir = child_dir(p);
                test_files.push(dir.join(format!("{name}.rs")));
                test_files.push(dir.join(name).join("mod.rs"));
            }
            if !item.ends_with(';') {
                // rustfmt closes an item at the indentation it opened at.
                let close = format!("{}}}", " ".repeat(indent));
                while i < lines.len() && !lines[i].starts_with(&close) {
                    out.push(String::new());
                    i += 1;
                }
            }
            out.push(String::new());
            i += 1;
            continue;
        }
        let code = match lines[i].find("//") {
            Some(at) => &lines[i][..at],
            None => lines[i],
        };
        out.push(code.to_string());
        i += 1;
    }
    (out, test_files)
}

/// The top-level modules a text names as `crate::name` or inside `crate::{...}`, with the
/// byte offsets where they are named.
fn crate_uses(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = text[from..].find("crate::") {
        let start = from + at;
        from = start + "crate::".len();
        // `crate::` must not end a longer name (`mycrate::`).
        if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
            continue;
        }
        let rest = &text[from..];
        if let Some(group) = rest.strip_prefix('{') {
            // Top-level names of a `crate::{a::x, b, c::{y, z}}` group.
            let mut depth = 0usize;
            let mut item_start = true;
            for (k, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && (c.is_alphanumeric() || c == '_') => {
                        let name: String = group[k..]
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        found.push((from + 1 + k, name));
                        item_start = false;
                    }
                    _ => {}
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.push((start, name));
            }
        }
    }
    found
}

#[test]
fn no_module_uses_a_layer_above_it_or_beside_it() {
    let files = library_files();
    let mut test_only: BTreeSet<PathBuf> = BTreeSet::new();
    let mut parsed = Vec::new();
    for p in &files {
        let text = std::fs::read_to_string(p).unwrap();
        let (lines, tests) = code_lines(p, &text);
        test_only.extend(tests);
        parsed.push((p.clone(), lines));
    }
    let mut unplaced = BTreeSet::new();
    let mut wrong = Vec::new();
    for (p, lines) in &parsed {
        let module = top_module(p);
        let Some(own) = layer_of(&module) else {
            unplaced.insert(module);
            continue;
        };
        if test_only.contains(p) {
            continue;
        }
        let text = lines.join("\n");
        for (at, used) in crate_uses(&text) {
            if used == module {
                continue;
            }
            let line = text[..at].matches('\n').count() + 1;
            match layer_of(&used) {
                Some(l) if l < own => {}
                Some(l) => wrong.push(format!(
                    "{}:{line}: `{module}` (layer {own}) uses `{used}` (layer {l}{})",
                    p.display(),
                    if l == own { ", the same" } else { ", above" }
                )),
                None => {
                    unplaced.insert(used);
                }
            }
        }
    }
    assert!(
        unplaced.is_empty(),
        "modules in no layer (add them to LAYERS in tests/architecture.rs and to \
         docs/architecture.md): {unplaced:?}"
    );
    assert!(
        wrong.is_empty(),
        "a module uses one of its own layer or above it (see docs/architecture.md):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn long_files_say_why() {
    let mut all = Vec::new();
    rust_files(Path::new("src"), &mut all);
    let mut test_only: BTreeSet<PathBuf> = BTreeSet::new();
    for p in &all {
        let text = std::fs::read_to_string(p).unwrap();
        test_only.extend(code_lines(p, &text).1);
    }
    let mut long = Vec::new();
    for p in all.iter().filter(|p| !test_only.contains(*p)) {
        let text = std::fs::read_to_string(p).unwrap();
        let code = text.lines().take_while(|l| *l != "#[cfg(test)]").count();
        let says_why = text
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .any(|l| l.starts_with(WHY_LONG));
        let pending = PENDING.iter().any(|f| Path::new(f) == p);
        if code > MAX_LINES && !says_why && !pending {
            long.push(format!("{}: {code} lines before its tests", p.display()));
        }
    }
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines that do not say why (split them, or add \
         `{WHY_LONG} ...` to their top doc comment):\n{}",
        long.join("\n")
    );
}

#[test]
fn the_checks_read_what_they_should() {
    let uses = |t: &str| -> Vec<String> { crate_uses(t).into_iter().map(|u| u.1).collect() };
    assert_eq!(uses("use crate::model::ActorId;"), ["model"]);
    assert_eq!(
        uses("use crate::{\n    analysis::x,\n    model::{a, b},\n};"),
        ["analysis", "model"]
    );
    assert_eq!(uses("let x = mycrate::format::y;"), Vec::<String>::new());
    let text = "use crate::model::A; // crate::report\n#[cfg(test)]\nmod tests {\n    use crate::report::x;\n}\nfn f() {}\n";
    let (lines, files) = code_lines(Path::new("src/a/b.rs"), text);
    assert_eq!(uses(&lines.join("\n")), ["model"]);
    assert!(files.is_empty());
    let (_, files) = code_lines(Path::new("src/a/mod.rs"), "#[cfg(test)]\nmod tests;\n");
    assert_eq!(
        files,
        [
            PathBuf::from("src/a/tests.rs"),
            PathBuf::from("src/a/tests/mod.rs")
        ]
    );
    assert_eq!(
        top_module(Path::new("src/analysis/paths/yen.rs")),
        "analysis"
    );
    assert_eq!(top_module(Path::new("src/numfmt.rs")), "numfmt");
}
