//! Event files (GDELT raw or headered, ICEWS, plain CSV): no input panics, and whatever is
//! read aggregates into a graph.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::events(data));
