//! Every measured number the README and the docs state — a time, a size in bytes, a ratio
//! "N×" — is traceable to `bench/RESULTS.md`, the committed record of measurements (issue
//! 18):
//!
//! - the README's speed table is recomputed from the run RESULTS.md records: each "entente ÷
//!   peer" ratio from the two task wall times, each time quoted beside it, to the digits
//!   shown; the run's date and commit are stated beside the table;
//! - a sentence stating a measurement is a [`Quote`]: its passage, and the words of RESULTS.md
//!   it rests on (a paragraph or table row copied whole from RESULTS.md needs none);
//! - a number that is a setting, a target or arithmetic, not a measurement, is a [`Setting`],
//!   with why.
//!
//! A scan of the Markdown files `tests/docs.rs` reads finds every such number outside console
//! blocks (those are run by `tests/docs.rs`) and fails on one nothing here covers. When
//! RESULTS.md records a new run, the failures say which numbers to update.

use std::collections::HashMap;

const RESULTS: &str = "bench/RESULTS.md";

/// A passage of a doc stating measurements, and the runs of words of RESULTS.md (bold marks
/// removed) each of its numbers comes from.
struct Quote {
    file: &'static str,
    passage: &'static str,
    results: &'static [&'static str],
}

/// A passage whose numbers are settings, targets or arithmetic, not measurements.
struct Setting {
    file: &'static str,
    passage: &'static str,
    #[allow(dead_code)]
    why: &'static str,
}

const QUOTES: &[Quote] = &[
    Quote {
        file: "docs/generate.md",
        passage: "(about 52 bytes an actor), one bucket's table and the writer's two batches. \
                  10M relations among 1M actors take 79 MiB, 30M among 3M 178 MiB",
        results: &[
            "the peak rose 99 MiB, about 52 bytes an actor",
            "| 10M | 26.08, 26.67 s | 14.44, 14.62 s | 269.0–269.1 MiB | 79.0–79.4 MiB |",
            "| 30M | 126.38 s | 54.89 s | 937.2 MiB | 178.2 MiB |",
        ],
    },
    Quote {
        file: "README.md",
        passage: "a single path is 18× faster than NetworkX in a one-call process (18–36× \
                  across runs), not 50×.",
        results: &[
            "The single path at S: 74 µs against NetworkX's 1.3 ms, 18×",
            "19–36× across runs",
            "≥ 50× faster than NetworkX (S)",
        ],
    },
    Quote {
        file: "README.md",
        passage: "Loading 1M relations takes 0.56 s and 192 MiB (igraph 1.39 s and 401 MiB), \
                  `entente check` on them 0.41 s and 136 MB; `entente report` 3.70 s and 366 MB, \
                  on 10M relations 59.95 s and 3 563 MB, on 30M relations 11 765 MB; `entente \
                  info` on 10M relations 5.01 s and 1 285 MB; `entente generate` writes 30M \
                  relations in 36.26 s and 177 MiB. Memory grows linearly and time faster than \
                  the graph (issue 21's memory targets, its 0.6 s load and `info`'s 6 s are \
                  met, the report's 3 s and 40 s are not:",
        results: &[
            "Loading 1M relations (L load): 0.56 s and 192 MiB peak, igraph 1.39 s and 401 MiB",
            "| 1000000 | 182 | check | 0.41 | 0.64 | 136 | 139 |",
            "| 1000000 | 182 | report | 3.70 | 7.01 | 366 | 375 |",
            "| 10000000 | 1848 | report | 59.95 | 111.66 | 3563 | 364 |",
            "| 10000000 | 1848 | info | 5.01 | 8.25 | 1285 | 131 |",
            "| `report` | 808.60 | 811.30 | 11 765 | 392 |",
            "| 30M | (54.89 s at 23:14) | 36.26 s | 177.4 MiB |",
            "memory per relation flat from 1M to 10M",
            "| load 1M relations ≤ 0.6 s | `check` 0.41 s; L load 0.56 s | met |",
            "| `info` 10M ≤ 6 s, ≤ 3 GB | 5.01 s, 1 285 MB | met |",
            "| `report` 1M ≤ 3 s | 3.70 s (growth), 4.07–4.62 s (pairs) | not met |",
            "| `report` 1M ≤ 400 MB | 366 MB (growth), 331–362 MB (pairs) | met |",
            "| `report` 10M ≤ 40 s, ≤ 4 GB | 59.95 s, 3 563 MB (3 563–3 852 MB in six runs of",
        ],
    },
    Quote {
        file: "README.md",
        passage: "Those 3 s halve the issue's 6.0–6.5 s from another machine; on one machine, in \
                  the same minutes, the report on 1M relations takes 0.43× the time it took when \
                  the issue was written (4.07–4.62 s against 9.12–11.19 s at `4d7f87e`).",
        results: &[
            "(\"a quiet machine at main\": `report` on 1M 6.0–6.5 s)",
            "`4d7f87e` 9.12–11.19 s (median 9.76), 988–992 MB; `12fa72f` 4.07–4.62 s (median 4.15), 331–362 MB: 0.43×",
        ],
    },
    Quote {
        file: "docs/analysis/robustness.md",
        passage: "take 0.43 s of CPU, 1.3 s wall on 2 cores shared with other",
        results: &[
            "1 000 | pagerank, betweenness, weighted_degree, pn (default) | 0.43 s | 1.3 s (load 13)",
        ],
    },
    Quote {
        file: "docs/analysis/robustness.md",
        passage: "about 11 s of CPU per sample, so the default leaves it out there; 1 000 samples \
                  without it took 160 s of CPU there (0.16 s per sample) at 195 MB peak",
        results: &[
            "Betweenness is 11 s of CPU per run at this size",
            "1 000 | default (betweenness left out at this size) | 159.9 s",
            "(0.16 s per sample)",
            "195 MB peak RSS",
        ],
    },
    Quote {
        file: "docs/analysis/events.md",
        passage: "of 1M events in 0.78 s at 108 MiB peak, 10M in 5.96 s at 258 MiB (DuckDB 1.29 s \
                  and 13.6 s, Polars 1.45 s and 16.65 s, the same table)",
        results: &[
            "| 1,000,000 | 413 MiB | entente | 0.78 | 1.18 | 108 | 1,288,048 | 165,657 | yes |",
            "| 1,000,000 | 413 MiB | duckdb | 1.29 | 1.84 | 356 | 774,049 | 165,657 | yes |",
            "| 1,000,000 | 413 MiB | polars | 1.45 | 2.02 | 613 | 691,366 | 165,657 | yes |",
            "| 10,000,000 | 4,129 MiB | entente | 5.96 | 8.02 | 258 | 1,677,639 | 403,562 | yes |",
            "| 10,000,000 | 4,129 MiB | duckdb | 13.6 | 13.32 | 1119 | 735,464 | 403,562 | yes |",
            "| 10,000,000 | 4,129 MiB | polars | 16.65 | 14.67 | 3761 | 600,708 | 403,562 | yes |",
        ],
    },
    Quote {
        file: "docs/analysis/blocs.md",
        passage: "by at most one LP solve: 0.1 s for a cut row, and the first LP of a complete \
                  graph of 40 actors, 4 s,",
        results: &[
            "by at most one LP solve: 0.1 s for a cut row, and the first LP of a complete \
                    graph of 40 actors, 4 s (2026-12-05, `4624b5b`)",
        ],
    },
    Quote {
        file: "docs/analysis/blocs.md",
        passage: "took 15.7 s and 2.3 GB when every unbalanced triad was kept to sort them; now \
                  7.9 s and 367 MB, most of it the loaded graph (same output; at 2 000 actors \
                  `entente report` used to exceed 16 GB and abort)",
        results: &[
            "took 15.7 s and 2.3 GB when every unbalanced triad was kept to sort them; with the \
             heap of the weightiest, 7.9 s and 367 MB",
            "the bulk of the 16 GB at which `entente report` aborted on it",
        ],
    },
    Quote {
        file: "docs/analysis/blocs.md",
        passage: "(15.4 GB, the bulk of the 16 GB at which `entente report` aborted on it)",
        results: &["15.4 GB, the bulk of the 16 GB at which `entente report` aborted on it"],
    },
    Quote {
        file: "docs/analysis/blocs.md",
        passage: "stops after ~3 s (150 LP nodes without progress) at 60 with a lower bound of 38",
        results: &[
            "stops after ~3 s (150 LP nodes without progress) at 60 with a lower bound of 38",
        ],
    },
    Quote {
        file: "docs/analysis/centrality.md",
        passage: "~7× faster on 1k actors, ~10× on 10k, with the same values bit for bit",
        results: &["~7× faster on 1k actors, ~10× on 10k than one search per source"],
    },
    Quote {
        file: "docs/diagrams.md",
        passage: "10 000 took 250 s and 2.4 GB, 100 000 ran out of memory",
        results: &["10 000 actors took 250 s and 2.4 GB, 100 000 ran out of memory"],
    },
    Quote {
        file: "docs/analysis/events.md",
        passage: "(measured: 10M sparse ids hold 360 MB)",
        results: &["10M sparse ids hold 360 MB, about 36 bytes each"],
    },
    Quote {
        file: "docs/explorer.md",
        passage: "(measured: 78 s to interactive)",
        results: &["took 78 s to interactive in the same setting"],
    },
    Quote {
        file: "docs/explorer.md",
        passage: "page takes 0.32 s of CPU for the shipped graph and 3.79 s for a graph of 200 000 \
                  events in a release build",
        results: &[
            "| shipped (34 actors / 117 relations; 88 analyses) | 0.29 s | 0.33 s | 0.32 s |",
            "| 5.02 s | 5.83 s | 3.79 s | 4.15 s |",
        ],
    },
];

const SETTINGS: &[Setting] = &[
    Setting {
        file: "docs/architecture.md",
        passage: "for at most 5 s |",
        why: "the exact solver's default time limit",
    },
    Setting {
        file: "docs/analysis/robustness.md",
        passage: "(5 s), which would make",
        why: "the exact solver's default time limit",
    },
    Setting {
        file: "docs/analysis/events.md",
        passage: "read in chunks of 4 MiB",
        why: "the importer's chunk size",
    },
    Setting {
        file: "docs/generate.md",
        passage: "into a table (16 MiB at most in the first round)",
        why: "the generator's bucket size (BUCKET_PAIRS)",
    },
    Setting {
        file: "docs/analysis/blocs.md",
        passage: "\"(time limit of 5 s",
        why: "the default time limit, in the label it gives",
    },
    Setting {
        file: "docs/analysis/blocs.md",
        passage: "(hubs above 8× the mean degree left out)",
        why: "a threshold of the heuristic",
    },
    Setting {
        file: "docs/analysis/blocs.md",
        passage: "(default 5 s, as for the blocs",
        why: "the default time limit",
    },
    Setting {
        file: "docs/explorer.md",
        passage: "`cytoscape.min.js` (430 KiB)",
        why: "the vendored file's size, checked by the_vendored_library_is_the_size_the_docs_say",
    },
];

#[test]
fn the_vendored_library_is_the_size_the_docs_say() {
    let bytes = std::fs::metadata("src/format/explorer/vendor/cytoscape.min.js")
        .unwrap()
        .len();
    let kib = bytes as f64 / 1024.0;
    // "430 KiB": to the nearest 10 KiB.
    assert_eq!(
        (kib / 10.0).round() * 10.0,
        430.0,
        "{kib} KiB: update docs/explorer.md"
    );
}

/// Words of `s`, with Markdown bold marks removed.
fn words(s: &str) -> Vec<String> {
    s.replace("**", "")
        .split_whitespace()
        .map(String::from)
        .collect()
}

/// Whether `needle`'s words run in `hay`'s, as text (a passage may end inside a word's
/// punctuation: "10M" in "10M,").
fn contains(hay: &[String], needle: &[String]) -> bool {
    hay.join(" ").contains(&needle.join(" "))
}

/// A duration as RESULTS.md's table writes it ("971µs", "385.0ms", "4.97" seconds), in
/// seconds.
fn seconds(cell: &str) -> Option<f64> {
    let c = cell.trim();
    if let Some(x) = c.strip_suffix("µs") {
        x.parse::<f64>().ok().map(|v| v / 1e6)
    } else if let Some(x) = c.strip_suffix("ms") {
        x.parse::<f64>().ok().map(|v| v / 1e3)
    } else {
        c.parse().ok()
    }
}

/// One row of the run's table: task wall time and the quality column.
struct Run {
    wall: Option<f64>,
    quality: String,
}

/// The run's table, by (size letter, task, tool), with its date and commit.
struct Record {
    runs: HashMap<(String, String, String), Run>,
    date: String,
    commit: String,
}

fn record() -> Record {
    let text = std::fs::read_to_string(RESULTS).unwrap();
    let mut runs = HashMap::new();
    for line in text.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // | size | task | tool | load | task wall | task cpu | peak | ratio wall | cpu | quality |
        if cells.len() != 12 || !matches!(cells[1].chars().next(), Some('S' | 'M' | 'L')) {
            continue;
        }
        // The first table is the run of record; older runs follow it as history.
        let size = cells[1][..1].to_string();
        runs.entry((size, cells[2].to_string(), cells[3].to_string()))
            .or_insert(Run {
                wall: seconds(cells[5]),
                quality: cells[10].to_string(),
            });
    }
    let line = text
        .lines()
        .find(|l| l.contains("**Date**"))
        .expect("RESULTS.md states its run's date");
    let date = line
        .split_whitespace()
        .find(|w| w.len() == 10 && w.as_bytes()[4] == b'-' && w.as_bytes()[7] == b'-')
        .expect("a YYYY-MM-DD date")
        .to_string();
    let commit = line
        .split("main at `")
        .nth(1)
        .and_then(|r| r.split('`').next())
        .expect("the run's commit (main at `...`)")
        .to_string();
    Record { runs, date, commit }
}

/// The README's "## Speed" section.
fn speed_section(readme: &str) -> &str {
    let start = readme
        .find("\n## Speed\n")
        .expect("README has a Speed section");
    let rest = &readme[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |e| e + 4);
    &rest[..end]
}

/// Whether `shown` (as written, e.g. "0.011") is `value` to its digits.
fn shows(shown: &str, value: f64) -> bool {
    let decimals = shown.split('.').nth(1).map_or(0, str::len) as i32;
    shown
        .parse::<f64>()
        .is_ok_and(|x| (x - value).abs() <= 0.5 * 10f64.powi(-decimals) + 1e-12)
}

fn size_of(label: &str) -> &'static str {
    if label.contains("100k") {
        "L"
    } else if label.contains("10k") {
        "M"
    } else {
        "S"
    }
}

fn task_of(label: &str) -> &'static str {
    let l = label.to_lowercase();
    if l.starts_with("betweenness") {
        "betweenness"
    } else if l.starts_with("closeness") {
        "closeness"
    } else if l.starts_with("pagerank") {
        "pagerank"
    } else if l.starts_with("10 strongest paths") {
        "paths10"
    } else if l.starts_with("strongest path") {
        "path"
    } else if l.starts_with("signed blocs") {
        "blocs"
    } else {
        panic!("README speed table: which task is {label:?}?")
    }
}

/// The number of a word like "0.42×", "(weighted", "6.4", "27373.6,".
fn number(w: &str) -> Option<&str> {
    let t = w.trim_matches(|c: char| matches!(c, '(' | ')' | ',' | ';' | '×'));
    t.parse::<f64>().is_ok().then_some(t)
}

#[test]
fn the_readme_speed_table_is_the_committed_run() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let section = speed_section(&readme);
    let rec = record();
    let mut problems = Vec::new();
    if !section.contains(&rec.date) || !section.contains(&format!("`{}`", rec.commit)) {
        problems.push(format!(
            "the Speed section must name the run it shows: {} at `{}` (RESULTS.md's Date line)",
            rec.date, rec.commit
        ));
    }
    let rows: Vec<Vec<&str>> = section
        .lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("|---") && !l.starts_with("| |"))
        .map(|l| l.split('|').map(str::trim).collect())
        .collect();
    assert!(rows.len() >= 6, "the speed table has its rows: {rows:?}");
    let wall = |size: &str, task: &str, tool: &str| -> Option<f64> {
        rec.runs
            .get(&(size.to_string(), task.to_string(), tool.to_string()))
            .and_then(|r| r.wall)
    };
    let mut order = Vec::new();
    let mut check = |what: String, shown: &str, value: Option<f64>| match value {
        Some(v) if shows(shown, v) => {}
        Some(v) => problems.push(format!("{what}: README {shown}, RESULTS.md gives {v:.4}")),
        None => problems.push(format!("{what}: not in RESULTS.md's table")),
    };
    for row in &rows {
        let label = row[1];
        let (task, size) = (task_of(label), size_of(label));
        for (col, tool) in [(2, "igraph"), (3, "networkx"), (4, "leidenalg")] {
            let cell = row[col];
            if cell.is_empty() {
                continue;
            }
            // The NetworkX column is at 1k/5k.
            let size = if tool == "networkx" { "S" } else { size };
            let ws: Vec<&str> = cell.split_whitespace().collect();
            for (i, w) in ws.iter().enumerate() {
                let Some(n) = number(w) else { continue };
                let weighted = i > 0 && ws[i - 1] == "(weighted";
                let task = if weighted {
                    format!("{task}_weighted")
                } else {
                    task.to_string()
                };
                if w.trim_end_matches([')', ',']).ends_with('×') {
                    let ratio = wall(size, &task, "entente")
                        .zip(wall(size, &task, tool))
                        .map(|(a, b)| a / b);
                    check(format!("{label} / {tool}: {task} ratio"), n, ratio);
                } else if ws.get(i + 1) == Some(&"s") && ws.get(i + 2) == Some(&"vs") {
                    check(
                        format!("{label} / {tool}: entente's time"),
                        n,
                        wall(size, &task, "entente"),
                    );
                } else if ws.get(i + 1) == Some(&"s)") && i >= 3 && ws[i - 1] == "vs" {
                    check(
                        format!("{label} / {tool}: {tool}'s time"),
                        n,
                        wall(size, &task, tool),
                    );
                }
            }
        }
        if task == "blocs" {
            // "(frustration A vs B, ARI X with the planted blocs; lower at 10k/50k, equal at
            // 1k/5k)": entente's and leidenalg's frustrations and entente's ARI, from the
            // quality column.
            let quality = |size: &str, tool: &str| {
                rec.runs
                    .get(&(size.to_string(), "blocs".into(), tool.to_string()))
                    .map(|r| r.quality.clone())
                    .unwrap_or_default()
            };
            let after = |q: &str, key: &str| -> Option<f64> {
                q.split(key)
                    .nth(1)
                    .and_then(|r| r.split_whitespace().next())
                    .and_then(|x| x.trim_end_matches(',').parse().ok())
            };
            let ws: Vec<&str> = label.split_whitespace().collect();
            let at = ws.iter().position(|w| *w == "(frustration").unwrap();
            let (ours, theirs) = (quality(size, "entente"), quality(size, "leidenalg"));
            check(
                format!("{label}: entente's frustration"),
                number(ws[at + 1]).unwrap(),
                after(&ours, "frustration "),
            );
            check(
                format!("{label}: leidenalg's frustration"),
                number(ws[at + 3]).unwrap(),
                after(&theirs, "frustration "),
            );
            let ari = ws.iter().position(|w| *w == "ARI").unwrap();
            check(
                format!("{label}: ARI"),
                number(ws[ari + 1]).unwrap(),
                after(&ours, "ARI "),
            );
            for (words, size, lower) in [
                ("lower at 10k/50k", "M", true),
                ("equal at 1k/5k", "S", false),
            ] {
                if !label.contains(words) {
                    continue;
                }
                let (a, b) = (
                    after(&quality(size, "entente"), "frustration "),
                    after(&quality(size, "leidenalg"), "frustration "),
                );
                let holds = match (a, b) {
                    (Some(a), Some(b)) if lower => a < b,
                    (Some(a), Some(b)) => a == b,
                    _ => false,
                };
                if !holds {
                    order.push(format!(
                        "{label}: \"{words}\" but RESULTS.md gives {a:?} vs {b:?}"
                    ));
                }
            }
        }
    }
    problems.extend(order);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn quoted_measurements_are_in_the_record() {
    let results = words(&std::fs::read_to_string(RESULTS).unwrap());
    let mut problems = Vec::new();
    for q in QUOTES {
        let doc = words(&std::fs::read_to_string(q.file).unwrap());
        if !contains(&doc, &words(q.passage)) {
            problems.push(format!(
                "{}: passage gone or reworded (update tests/measurements.rs): {:?}",
                q.file, q.passage
            ));
        }
        for r in q.results {
            if !contains(&results, &words(r)) {
                problems.push(format!(
                    "{}: {:?} rests on RESULTS.md saying {r:?}, which it no longer does",
                    q.file, q.passage
                ));
            }
        }
    }
    for s in SETTINGS {
        let doc = words(&std::fs::read_to_string(s.file).unwrap());
        if !contains(&doc, &words(s.passage)) {
            problems.push(format!("{}: setting passage gone: {:?}", s.file, s.passage));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The Markdown files `tests/docs.rs` runs.
fn markdown_files() -> Vec<std::path::PathBuf> {
    let mut files = vec![std::path::PathBuf::from("README.md")];
    for dir in ["docs", "docs/analysis", "graphs", "graphs/scenarios"] {
        let mut found: Vec<_> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect();
        found.sort();
        files.extend(found);
    }
    files
}

const UNITS: &[&str] = &[
    "µs", "ms", "s", "min", "h", "KiB", "kB", "MB", "MiB", "GB", "GiB",
];

fn strip(w: &str) -> &str {
    w.trim_start_matches(['(', '~', '*', '`'])
        .trim_end_matches([')', '.', ',', ';', ':', '*', '`'])
}

/// "12", "1.5", "9.3–10.5", "1,000".
fn is_number(t: &str) -> bool {
    !t.is_empty()
        && t.chars().next().is_some_and(|c| c.is_ascii_digit())
        && t.split('–')
            .all(|p| p.replace(',', "").parse::<f64>().is_ok())
}

/// The measured numbers of a word list: indices of the words holding them.
fn measured(ws: &[String]) -> Vec<usize> {
    (0..ws.len())
        .filter(|&i| {
            let t = strip(&ws[i]);
            (t.strip_suffix('×').is_some_and(is_number))
                || (is_number(t) && ws.get(i + 1).is_some_and(|n| UNITS.contains(&strip(n))))
        })
        .collect()
}

#[test]
fn every_measured_number_in_the_docs_is_traced() {
    let results = words(&std::fs::read_to_string(RESULTS).unwrap());
    let mut problems = Vec::new();
    for file in markdown_files() {
        let name = file.to_str().unwrap().to_string();
        let text = std::fs::read_to_string(&file).unwrap();
        // Paragraphs and table rows outside fenced blocks; the README's speed table is
        // checked above.
        let speed = (name == "README.md").then(|| speed_section(&text).to_string());
        let mut blocks: Vec<(usize, Vec<String>)> = Vec::new();
        let (mut fence, mut cur, mut first) = (false, Vec::new(), 0);
        fn flush(cur: &mut Vec<String>, first: usize, blocks: &mut Vec<(usize, Vec<String>)>) {
            if !cur.is_empty() {
                blocks.push((first, std::mem::take(cur)));
            }
        }
        for (n, line) in text.lines().enumerate() {
            if line.starts_with("```") {
                flush(&mut cur, first, &mut blocks);
                fence = !fence;
                continue;
            }
            if fence {
                continue;
            }
            let row = line.starts_with('|');
            if line.trim().is_empty() || row {
                flush(&mut cur, first, &mut blocks);
            }
            if row {
                if speed.as_deref().is_some_and(|s| s.contains(line)) {
                    continue;
                }
                blocks.push((n, words(line)));
            } else if !line.trim().is_empty() {
                if cur.is_empty() {
                    first = n;
                }
                cur.extend(words(line));
            }
        }
        flush(&mut cur, first, &mut blocks);
        let passages: Vec<Vec<String>> = QUOTES
            .iter()
            .filter(|q| q.file == name)
            .map(|q| words(q.passage))
            .chain(
                SETTINGS
                    .iter()
                    .filter(|s| s.file == name)
                    .map(|s| words(s.passage)),
            )
            .collect();
        for (line, ws) in blocks {
            let hits = measured(&ws);
            if hits.is_empty() || contains(&results, &ws) {
                continue;
            }
            // A word is covered when it starts inside a passage's text.
            let text = ws.join(" ");
            let starts: Vec<usize> = ws
                .iter()
                .scan(0, |at, w| {
                    let start = *at;
                    *at += w.len() + 1;
                    Some(start)
                })
                .collect();
            let mut covered = vec![false; ws.len()];
            for p in &passages {
                let p = p.join(" ");
                for (at, _) in text.match_indices(&p) {
                    for (c, &st) in covered.iter_mut().zip(&starts) {
                        *c |= st >= at && st < at + p.len();
                    }
                }
            }
            for i in hits.into_iter().filter(|&i| !covered[i]) {
                let from = i.saturating_sub(6);
                problems.push(format!(
                    "{name}:{}: {:?} in \"{}\" is traced to nothing: quote bench/RESULTS.md \
                     (a Quote in tests/measurements.rs) or record it there",
                    line + 1,
                    strip(&ws[i]),
                    ws[from..(i + 4).min(ws.len())].join(" ")
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} untraced:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
