//! Every writer is safe: no input (a scenario's whole chain included) is overwritten, no
//! existing file without `--force`, a device, FIFO or symlink stays what it is, permissions
//! are kept, and an interrupted write leaves nothing behind (issue 14, items 1-4).

mod support;

use predicates::prelude::*;
use std::path::{Path, PathBuf};
use support::cli::entente;

/// A copy of the scenario chain chained -> escalation -> base in a scratch directory.
fn scenario_chain() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    for f in ["base.ron", "escalation.ron", "chained.ron"] {
        std::fs::copy(
            Path::new("tests/data/scenarios").join(f),
            dir.path().join(f),
        )
        .unwrap();
    }
    let top = dir.path().join("chained.ron");
    let base = dir.path().join("base.ron");
    (dir, top, base)
}

#[test]
fn no_writer_overwrites_any_file_of_a_scenario_chain() {
    let (dir, top, base) = scenario_chain();
    let before = std::fs::read(&base).unwrap();
    let middle = dir.path().join("escalation.ron");
    let (top, base_s, middle_s) = (
        top.to_str().unwrap().to_string(),
        base.to_str().unwrap().to_string(),
        middle.to_str().unwrap().to_string(),
    );
    let commands: Vec<Vec<&str>> = vec![
        vec!["export", &top, "--to", "json", "--force", "-o"],
        vec!["dot", &top, "--force", "-o"],
        vec!["render", &top, "--engine", "embedded", "--force", "-o"],
        vec!["scenario", "apply", &top, "--force", "-o"],
    ];
    for args in &commands {
        for target in [&base_s, &middle_s] {
            // render names its format by extension: give it an .svg link to the input.
            let target = if args[0] == "render" {
                let link = dir.path().join("base-link.svg");
                let _ = std::fs::remove_file(&link);
                std::os::unix::fs::symlink(target, &link).unwrap();
                link.to_str().unwrap().to_string()
            } else {
                target.clone()
            };
            entente()
                .args(args)
                .arg(&target)
                .assert()
                .code(2)
                .stderr(predicate::str::contains("refusing to overwrite"));
        }
    }
    assert_eq!(std::fs::read(&base).unwrap(), before);
    // The report's files are refused too (the report dir holding an input's name).
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    std::os::unix::fs::symlink(&base, out_dir.join("report.txt")).unwrap();
    entente()
        .args(["report", &top, "--force", "--out-dir"])
        .arg(&out_dir)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("refusing to overwrite"));
    assert_eq!(std::fs::read(&base).unwrap(), before);
}

#[test]
fn dev_null_stays_a_device_and_a_fifo_stays_a_fifo() {
    use std::os::unix::fs::FileTypeExt;
    entente()
        .args(["export", "--to", "json", "--force", "-o", "/dev/null"])
        .assert()
        .success();
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    // Without --force too: nothing is replaced.
    entente()
        .args(["dot", "-o", "/dev/null"])
        .assert()
        .success();

    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: plain system call.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    entente()
        .args(["export", "--to", "json", "-o"])
        .arg(&fifo)
        .assert()
        .success();
    let text = reader.join().unwrap();
    assert!(text.contains("\"nodes\""), "{text}");
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    // A directory is refused with a clear message.
    entente()
        .args(["dot", "--force", "-o"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a directory"));
}

#[test]
fn a_symlink_is_followed_and_permissions_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.dot");
    std::fs::write(&real, "old").unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    let link = dir.path().join("link.dot");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    entente()
        .args(["dot", "--force", "-o"])
        .arg(&link)
        .assert()
        .success();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let text = std::fs::read_to_string(&real).unwrap();
    assert!(
        text.starts_with("digraph") || text.starts_with("graph"),
        "{text}"
    );
    let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn generate_and_man_need_force_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g.ron");
    std::fs::write(&out, "keep me").unwrap();
    let csv_dir = dir.path().join("csv");
    std::fs::create_dir(&csv_dir).unwrap();
    std::fs::write(csv_dir.join("edges.txt"), "keep me").unwrap();
    let small = ["generate", "--actors", "20", "--relations", "30"];
    entente()
        .args(small)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    entente()
        .args(small)
        .arg("--csv-dir")
        .arg(&csv_dir)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    // Nothing was written: not even the CSV files that did not exist.
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    assert_eq!(std::fs::read_dir(&csv_dir).unwrap().count(), 1);
    entente()
        .args(small)
        .arg("--force")
        .arg("-o")
        .arg(&out)
        .arg("--csv-dir")
        .arg(&csv_dir)
        .assert()
        .success();
    assert!(std::fs::read_to_string(&out).unwrap().contains("Graph("));
    assert_eq!(std::fs::read_dir(&csv_dir).unwrap().count(), 4);

    let man = dir.path().join("man");
    entente()
        .args(["man", "--out-dir"])
        .arg(&man)
        .assert()
        .success();
    std::fs::write(man.join("entente-dot.1"), "keep me").unwrap();
    entente()
        .args(["man", "--out-dir"])
        .arg(&man)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(
        std::fs::read_to_string(man.join("entente-dot.1")).unwrap(),
        "keep me"
    );
    entente()
        .args(["man", "--force", "--out-dir"])
        .arg(&man)
        .assert()
        .success();
}

/// SIGINT during a large write: the temporary file is removed and the target not created.
#[test]
fn an_interrupted_write_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("big.ron");
    let bin = assert_cmd::cargo::cargo_bin("entente");
    // Large enough that writing and syncing take a while.
    let mut child = std::process::Command::new(bin)
        .args([
            "generate",
            "--actors",
            "80000",
            "--relations",
            "400000",
            "-o",
        ])
        .arg(&out)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let is_temp = |p: &Path| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.ends_with(".entente.tmp"))
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let mut seen = false;
    while std::time::Instant::now() < deadline {
        if std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .any(|e| is_temp(&e.path()))
        {
            seen = true;
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_micros(200));
    }
    assert!(seen, "the write finished before it could be interrupted");
    // SAFETY: plain system call on our own child.
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGINT);
    }
    let status = child.wait().unwrap();
    assert!(!status.success());
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert!(left.iter().all(|p| !is_temp(p)), "{left:?}");
}
