//! Helpers shared by the integration tests.

pub mod dot_cases;
pub mod graphviz;
