//! CSV import: no input panics; a graph imported from CSV is exported and imported back
//! unchanged. The first byte picks the delimiter (odd: a tab); text after a NUL byte is the
//! nodes file.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::csv(data));
