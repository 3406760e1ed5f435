//! The data model: actors, relations, events, the [`ActorGraph`] that holds them, compact
//! snapshots for analysis, and validation.

pub mod date;
pub mod graph;
pub mod snapshot;
pub mod types;
pub mod validate;

pub use date::Date;
pub use graph::{ActorGraph, Filter, ModelError};
pub use snapshot::{Csr, Snapshot};
pub use types::{
    Actor, ActorId, ActorKind, AttrValue, Confidence, Event, Relation, RelationKind, Sign,
    Vocabulary,
};
