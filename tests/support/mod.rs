//! Helpers shared by the integration tests.

pub mod cli;
pub mod dot_cases;
pub mod explorer;
pub mod graphs;
pub mod graphviz;
pub mod webdriver;
