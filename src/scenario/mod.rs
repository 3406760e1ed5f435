//! What-if scenarios: a base graph and a list of edits, written in RON
//! (`Scenario(name, description, base, edits)`, see `docs/scenarios.md`).
//!
//! - [`edit`]: the edits and their meaning;
//! - [`load`]: reading a scenario file with located diagnostics, and applying it to its
//!   base ([`crate::input`] loads the base, following chains of scenarios with cycle
//!   detection);
//! - [`apply`](mod@apply): applying edits all or nothing, with an inverse for each;
//! - [`diff`]: what changed between two graphs and what it did to the analyses.

pub mod apply;
pub mod diff;
pub mod edit;
pub mod load;

pub use apply::{Applied, Inverse, apply, undo};
pub use edit::{Edit, RelationChange, RelationRef};
pub use load::{LoadedScenario, Scenario};
