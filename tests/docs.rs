//! The docs are tested: every ```console block in README.md, docs/ and graphs/ is run against
//! the real binary and must print what it shows (issue 18, item 6; jaq and trycmd pin their
//! binaries the same way).
//!
//! In a block, a line `$ CMD` runs CMD; the lines up to the next `$ ` are its expected output
//! (stdout and stderr as they interleave). A line `...` (or `... (a remark)`) stands for any
//! number of lines, so a block may show the head of a long table. CMD is `entente ARGS`, with
//! optional `NAME=value` prefixes for the environment and `> FILE` to send stdout to a file;
//! any other line runs in `sh` with entente on its PATH.
//! Each Markdown file's blocks run in order in one scratch directory where `graphs/`, `tests/`,
//! `docs/` and `bench/` are the repository's, so a block can use what an earlier one wrote.
//! Tables are laid out for a 100-column terminal (`COLUMNS=100`).
//!
//! Numbers stated in prose are checked by `tests/doc_claims.rs`.
//!
//! `ENTENTE_BLESS_DOCS=1 cargo test --test docs` rewrites each block that differs from what the
//! binary prints, keeping the block's elisions where the output still has their lines.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The Markdown files whose console blocks are run.
fn markdown_files() -> Vec<PathBuf> {
    let mut files = vec![PathBuf::from("README.md")];
    for dir in ["docs", "docs/analysis", "graphs", "graphs/scenarios"] {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut found: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect();
        found.sort();
        files.extend(found);
    }
    files
}

/// One `$ command` and the output the doc shows for it.
#[derive(Debug)]
struct Step {
    /// Line index (0-based) of the `$ ` line in the file.
    line: usize,
    command: String,
    expected: Vec<String>,
}

/// A console block: its steps and the range of its body lines in the file.
#[derive(Debug)]
struct Block {
    body: std::ops::Range<usize>,
    steps: Vec<Step>,
}

fn blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim_end() != "```console" {
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut end = start;
        while end < lines.len() && !lines[end].starts_with("```") {
            end += 1;
        }
        let mut steps: Vec<Step> = Vec::new();
        for (k, line) in lines[start..end].iter().enumerate() {
            if let Some(cmd) = line.strip_prefix("$ ") {
                steps.push(Step {
                    line: start + k,
                    command: cmd.to_string(),
                    expected: Vec::new(),
                });
            } else if let Some(step) = steps.last_mut() {
                step.expected.push(line.to_string());
            }
        }
        out.push(Block {
            body: start..end,
            steps,
        });
        i = end + 1;
    }
    out
}

fn is_elision(line: &str) -> bool {
    line == "..." || line.starts_with("... (")
}

/// Whether `actual` matches `expected`, where elision lines match any run of lines.
fn matches(expected: &[String], actual: &[String]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((e, rest)) if is_elision(e) => (0..=actual.len()).any(|k| matches(rest, &actual[k..])),
        Some((e, rest)) => actual
            .split_first()
            .is_some_and(|(a, arest)| a == e && matches(rest, arest)),
    }
}

/// The output to write back when blessing: the actual lines, with each of the expected
/// block's elisions kept where the lines around it can still be found.
fn bless(expected: &[String], actual: &[String]) -> Vec<String> {
    if !expected.iter().any(|l| is_elision(l)) {
        return actual.to_vec();
    }
    // Chunks of literal lines between elisions; keep as many lines of each as it had,
    // taken from the actual output at the first line that still matches, else in order.
    let mut chunks: Vec<(Option<String>, usize)> = Vec::new(); // (elision line before, len)
    let mut firsts: Vec<Option<String>> = Vec::new();
    let mut pending: Option<String> = None;
    let mut len = 0;
    let mut first = None;
    for l in expected {
        if is_elision(l) {
            chunks.push((pending.take(), len));
            firsts.push(first.take());
            pending = Some(l.clone());
            len = 0;
        } else {
            if len == 0 {
                first = Some(l.clone());
            }
            len += 1;
        }
    }
    chunks.push((pending, len));
    firsts.push(first);
    let mut out = Vec::new();
    let mut at = 0;
    let last = chunks.len() - 1;
    for (i, ((elision, len), first)) in chunks.into_iter().zip(firsts).enumerate() {
        if let Some(e) = elision {
            out.push(e);
        }
        if len == 0 {
            continue;
        }
        let from = if i == 0 {
            0
        } else if i == last {
            actual.len().saturating_sub(len).max(at)
        } else {
            first
                .and_then(|f| actual[at..].iter().position(|a| *a == f).map(|p| at + p))
                .unwrap_or(at)
        };
        let to = (from + len).min(actual.len());
        out.extend(actual[from..to].iter().cloned());
        at = to;
    }
    out
}

/// Splits a command line into words: single and double quotes group, a backslash escapes.
fn words(command: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = command.chars();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '\\') | (None, '\\') => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            (None, c) => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        out.push(cur);
    }
    out
}

/// Runs one documented command in `dir`; returns its output lines.
fn run(command: &str, dir: &Path) -> Result<Vec<String>, String> {
    let mut w = words(command);
    // A trailing `# comment` is for the reader.
    if let Some(p) = w.iter().position(|x| x.starts_with('#')) {
        w.truncate(p);
    }
    let mut env = Vec::new();
    while let Some(first) = w.first() {
        match first.split_once('=') {
            Some((k, v))
                if !k.is_empty() && k.chars().all(|c| c.is_ascii_uppercase() || c == '_') =>
            {
                env.push((k.to_string(), v.to_string()));
                w.remove(0);
            }
            _ => break,
        }
    }
    let mut stdout_file = None;
    if let Some(p) = w.iter().position(|x| x == ">") {
        stdout_file = w.get(p + 1).cloned();
        w.truncate(p);
    }
    let log = dir.join(".docs-test-output");
    let both = std::fs::File::create(&log).map_err(|e| e.to_string())?;
    let bin = assert_cmd::cargo::cargo_bin("entente");
    let mut cmd = if w.first().map(String::as_str) == Some("entente") {
        let mut c = Command::new(&bin);
        c.args(&w[1..]);
        c
    } else {
        // A shell line (`ls g; head -2 g/edges.txt`), with entente on its PATH.
        let path = std::env::var("PATH").unwrap_or_default();
        let mut c = Command::new("sh");
        c.arg("-c").arg(command).env(
            "PATH",
            format!("{}:{path}", bin.parent().unwrap().display()),
        );
        stdout_file = None;
        c
    };
    cmd.current_dir(dir)
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .stdin(std::process::Stdio::null())
        .stderr(both.try_clone().map_err(|e| e.to_string())?);
    match &stdout_file {
        Some(f) => {
            cmd.stdout(std::fs::File::create(dir.join(f)).map_err(|e| e.to_string())?);
        }
        None => {
            cmd.stdout(both);
        }
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.status().map_err(|e| e.to_string())?;
    let text = std::fs::read_to_string(&log).map_err(|e| e.to_string())?;
    Ok(text.lines().map(|l| l.trim_end().to_string()).collect())
}

/// A scratch directory that sees the repository's data folders.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = std::env::current_dir().unwrap();
    for d in ["graphs", "tests", "docs", "bench"] {
        std::os::unix::fs::symlink(root.join(d), dir.path().join(d)).unwrap();
    }
    dir
}

#[test]
fn every_console_block_prints_what_the_docs_show() {
    let bless_mode = std::env::var_os("ENTENTE_BLESS_DOCS").is_some();
    let mut failures = Vec::new();
    let mut ran = 0;
    for file in markdown_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let blocks = blocks(&text);
        if blocks.is_empty() {
            continue;
        }
        let dir = scratch();
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        // Rewrites go bottom-up so earlier line numbers stay valid.
        let mut rewrites: Vec<(std::ops::Range<usize>, Vec<String>)> = Vec::new();
        for block in &blocks {
            let mut new_body = Vec::new();
            let mut changed = false;
            for step in &block.steps {
                ran += 1;
                let actual = match run(&step.command, dir.path()) {
                    Ok(a) => a,
                    Err(e) => {
                        failures.push(format!("{}:{}: {e}", file.display(), step.line + 1));
                        continue;
                    }
                };
                new_body.push(format!("$ {}", step.command));
                if matches(&step.expected, &actual) {
                    new_body.extend(step.expected.iter().cloned());
                } else {
                    changed = true;
                    new_body.extend(bless(&step.expected, &actual));
                    failures.push(format!(
                        "{}:{}: `{}` printed:\n{}\n--- but the doc shows:\n{}",
                        file.display(),
                        step.line + 1,
                        step.command,
                        actual.join("\n"),
                        step.expected.join("\n")
                    ));
                }
            }
            if changed {
                rewrites.push((block.body.clone(), new_body));
            }
        }
        if bless_mode && !rewrites.is_empty() {
            for (range, body) in rewrites.into_iter().rev() {
                lines.splice(range, body);
            }
            let mut out = lines.join("\n");
            out.push('\n');
            std::fs::write(&file, out).unwrap();
        }
    }
    assert!(ran > 0, "no console block found");
    if bless_mode {
        return;
    }
    assert!(
        failures.is_empty(),
        "{} documented command(s) differ (ENTENTE_BLESS_DOCS=1 rewrites them):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn elisions_match_any_run_of_lines() {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert!(matches(&s(&["a", "...", "d"]), &s(&["a", "b", "c", "d"])));
    assert!(matches(&s(&["a", "..."]), &s(&["a"])));
    assert!(!matches(&s(&["a", "...", "d"]), &s(&["a", "b"])));
    assert!(!matches(&s(&["a"]), &s(&["a", "b"])));
    assert_eq!(
        bless(&s(&["a", "...", "x"]), &s(&["A", "b", "c", "X"])),
        s(&["A", "...", "X"])
    );
    assert_eq!(
        words(r#"entente check 'a b' "c d" e\ f # note"#),
        s(&["entente", "check", "a b", "c d", "e f", "#", "note"])
    );
}
