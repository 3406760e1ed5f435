//! Event rows of one format after a valid first line (see `checks::events_plain`): no input
//! panics, and whatever is read aggregates into a graph.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::events_plain(data));
