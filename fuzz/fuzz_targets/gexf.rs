//! GEXF import (which has no events): no input panics; a graph entente imports, it exports and imports back
//! unchanged.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::gexf(data));
