//! Running the `entente` binary as a user does, for the CLI tests.

#![allow(dead_code)]

use assert_cmd::Command;

/// The binary, without colour: diagnostics compare as plain text.
pub fn entente() -> Command {
    let mut c = Command::cargo_bin("entente").unwrap();
    c.args(["--color", "never"]);
    c
}

/// Runs `entente ARGS`, which must succeed (its stderr is shown when it does not), and
/// gives what it printed.
pub fn stdout(args: &[&str]) -> String {
    let out = entente().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "entente {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// [`stdout`] with `file` as the last argument.
pub fn stdout_on(args: &[&str], file: &std::path::Path) -> String {
    let mut args = args.to_vec();
    args.push(file.to_str().expect("a UTF-8 path"));
    stdout(&args)
}

/// Writes `text` to `dir/name` and gives the path.
pub fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// [`stdout`] read as JSON.
pub fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&stdout(args)).unwrap()
}
