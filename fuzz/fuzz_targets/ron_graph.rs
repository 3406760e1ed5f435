//! A RON graph: no input panics; relations read straight from the text give what they give
//! parsed into trees; a graph entente reads, it writes and reads back unchanged.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::ron_graph(data));
