//! A scenario file: no input panics; a scenario read without errors is written and read
//! back unchanged, and applying it to the shipped graph never panics.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::scenario(data));
