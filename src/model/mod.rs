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

/// Scattered reads within this many bytes stay in a core's cache, so a loop over so little
/// gains nothing by fetching ahead, and the hints cost: PageRank's 800 KB of values on 100k
/// actors took a fifth longer with them, betweenness on 10k actors a seventh (bench/RESULTS.md,
/// "Report, thirteenth step"). They paid from 8 MB on. Nothing between was measured: 2 MiB
/// is a choice between the two (the machine measured has 1 MiB of L2 a core, 32 MiB of L3).
const CACHED_BYTES: usize = 2 << 20;

/// Whether a loop reading `bytes` at scattered places should [`prefetch`] ahead: only if they
/// do not stay in the cache. Always in the library's unit tests, so that their small graphs
/// run the fetching code too (the integration tests run it as released).
pub(crate) fn misses_cache(bytes: usize) -> bool {
    cfg!(test) || bytes > CACHED_BYTES
}

/// Asks the processor to fetch the memory at `at` into its cache, for a loop that knows
/// which scattered places it will read a little later (relation ends among many actors):
/// a hint, which reads nothing into the program and never faults, whatever the address.
#[inline]
pub(crate) fn prefetch<T: ?Sized>(at: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: `prefetcht0` only moves memory into the cache; it has no effect on the
    // program's state and does not fault on any address.
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>(at.cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
}

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
