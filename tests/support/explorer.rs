//! Working the explorer page in the browser tests (`tests/browser*.rs`): writing a page with
//! the binary, reading its state, and setting its controls as a user does.

#![allow(dead_code)]

use super::cli::entente;
use super::webdriver::Browser;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

pub const SHIPPED: &str = "graphs/south_caucasus_2025.ron";

/// `entente explore ARGS -o DIR/NAME`, which must succeed.
pub fn page(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let out = dir.join(name);
    let mut cmd = entente();
    cmd.arg("explore").args(args).arg("-o").arg(&out);
    let o = cmd.output().unwrap();
    assert!(
        o.status.success(),
        "entente explore failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

/// Console messages at level SEVERE (errors, CSP violations, uncaught exceptions).
pub fn errors(b: &Browser) -> Vec<String> {
    b.console()
        .into_iter()
        .filter(|(level, _)| level == "SEVERE")
        .map(|(_, m)| m)
        .collect()
}

pub fn counts(b: &Browser) -> Value {
    b.js("return window.entente.counts();", json!([]))
}

/// Sets a control's value as a user would and fires its event.
pub fn set(b: &Browser, id: &str, value: &str, event: &str) {
    b.js(
        "const e = document.getElementById(arguments[0]); e.value = arguments[1]; \
         e.dispatchEvent(new Event(arguments[2], {bubbles: true}));",
        json!([id, value, event]),
    );
}

/// Ticks or unticks the checkboxes of a filter, keeping only `keep` ticked (all when empty).
pub fn keep_only(b: &Browser, filter: &str, keep: &[&str]) {
    b.js(
        "for (const c of document.querySelectorAll('input[data-filter=\"' + arguments[0] + '\"]')) { \
           const want = arguments[1].length === 0 || arguments[1].includes(c.value); \
           if (c.checked !== want) c.click(); }",
        json!([filter, keep]),
    );
}

/// The slider's stops, as written.
pub fn stops(b: &Browser) -> Vec<String> {
    b.js(
        "return JSON.parse(document.getElementById('entente-data').textContent)\
         .dates.map(d => d.label);",
        json!([]),
    )
    .as_array()
    .unwrap()
    .iter()
    .map(|d| d.as_str().unwrap().to_string())
    .collect()
}

/// The slider on `label`, as a user drags it.
pub fn slide_to(b: &Browser, label: &str) {
    let i = stops(b).iter().position(|d| d == label);
    let i = i.unwrap_or_else(|| panic!("the slider has no stop {label}"));
    set(b, "x-date", &i.to_string(), "input");
    assert_eq!(counts(b)["date"], label);
}

/// The text of an element of the page.
pub fn text(b: &Browser, id: &str) -> String {
    b.js(
        "return document.getElementById(arguments[0]).textContent;",
        json!([id]),
    )
    .as_str()
    .unwrap()
    .to_string()
}

/// Clicks an actor of the drawing (with Shift when `shift`).
pub fn click_actor(b: &Browser, id: &str, shift: bool) {
    let p = b.js(
        "return window.entente.nodePosition(arguments[0]);",
        json!([id]),
    );
    b.click_at(p["x"].as_i64().unwrap(), p["y"].as_i64().unwrap(), shift);
}
