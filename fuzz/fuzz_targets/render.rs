//! The writers for people: for any graph entente reads, the DOT, the embedded engine's SVG
//! (well-formed XML), and the info report as text and Markdown never panic, and no control
//! character reaches the text for people raw.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::render(data));
