//! # entente
//!
//! Explore signed actor-relationship graphs: states, alliances, companies, agencies and armed
//! groups joined by alliances, partnerships and hostilities. Load a graph from RON
//! ([`format::load_file`]), analyse it with the passes in [`analysis`], render results with
//! [`report`], and play what-if scenarios with [`scenario`].
//!
//! The library never prints; the `entente` binary is a thin layer over it.

pub mod analysis;
pub mod diagnostic;
pub mod diagram;
pub mod events;
pub mod format;
pub mod generate;
pub mod input;
pub mod model;
pub mod numfmt;
pub mod report;
pub mod scenario;
pub mod text;

pub use diagnostic::{Diagnostic, Severity, Span};
pub use format::{LoadError, LoadedFile, load_file, save_ron};
pub use input::{Input, load_input, read_input};
pub use model::{
    Actor, ActorGraph, ActorId, ActorKind, Confidence, Date, Event, Filter, Relation, RelationKind,
    Snapshot,
};
