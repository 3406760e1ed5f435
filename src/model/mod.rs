//! The data model: actors, relations, events, event tallies, the [`ActorGraph`] that holds them, compact
//! snapshots for analysis, and validation.

pub mod collapse;
pub mod combine;
pub mod date;
pub mod graph;
pub(crate) mod ids;
pub mod layer;
pub mod period;
pub mod reading;
pub mod snapshot;
pub mod tally;
pub mod types;
pub mod validate;

/// A hash map with a fast, fixed-seed hash (foldhash): ids are hashed once per relation on
/// load, and SipHash was a tenth of the load time. Fixed seed: the same iteration order on
/// every run.
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

pub use combine::Combine;
pub use date::Date;
pub use graph::{ActorGraph, AsOf, Filter, ModelError};
pub use layer::{LAYERS, LayerMap};
pub use period::{Granularity, Period};
pub use reading::{Reading, ReadingError};
pub use snapshot::{Csr, Flow, Snapshot};
pub use tally::{EventWeighting, QUAD_CLASSES, Tally};
pub use types::{
    Actor, ActorId, ActorKind, AttrValue, Confidence, Event, Relation, RelationKind, Sign,
    Vocabulary, WEIGHT_UNITS, WeightSum, round_weight,
};
