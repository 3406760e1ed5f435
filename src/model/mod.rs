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
/// A hash set with [`FastMap`]'s hash.
pub(crate) type FastSet<K> = std::collections::HashSet<K, foldhash::fast::FixedState>;

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

/// Writes to scattered places of a slice, each place [`prefetch`]ed a batch of writes
/// before it is written (when the slice does not stay in the cache, [`misses_cache`]): a
/// row-by-row build that takes its items in another order (each relation to both its
/// ends' rows) otherwise waits on a cache miss per item. The writes land in the order
/// given; the last batch lands when this is dropped.
pub(crate) struct ScatteredWrites<'a, T> {
    to: &'a mut [T],
    batch: Vec<(usize, T)>,
    fetch: bool,
}

/// Writes [`ScatteredWrites`] holds back: far enough for the fetches to arrive (with 32, the
/// cascade's ties on 1M relations are built in 104-116 ms instead of 244-297 ms:
/// bench/RESULTS.md, "Report, eighteenth step").
const WRITES_AHEAD: usize = 32;

impl<'a, T> ScatteredWrites<'a, T> {
    pub(crate) fn new(to: &'a mut [T]) -> ScatteredWrites<'a, T> {
        let fetch = misses_cache(std::mem::size_of_val(to));
        ScatteredWrites {
            to,
            batch: Vec::with_capacity(if fetch { WRITES_AHEAD } else { 0 }),
            fetch,
        }
    }

    /// Writes `item` at `at` (now, or with its batch).
    #[inline]
    pub(crate) fn write(&mut self, at: usize, item: T) {
        if !self.fetch {
            self.to[at] = item;
            return;
        }
        prefetch(self.to.as_ptr().wrapping_add(at));
        self.batch.push((at, item));
        if self.batch.len() == WRITES_AHEAD {
            self.flush();
        }
    }

    fn flush(&mut self) {
        for (at, item) in self.batch.drain(..) {
            self.to[at] = item;
        }
    }
}

impl<T> Drop for ScatteredWrites<'_, T> {
    fn drop(&mut self) {
        self.flush();
    }
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

#[cfg(test)]
mod tests {
    use super::ScatteredWrites;

    #[test]
    fn scattered_writes_land_in_the_order_given_the_last_batch_on_drop() {
        // More than a batch, places repeated: the later write to a place wins.
        let places: Vec<usize> = (0..100).map(|i| (i * 37) % 41).collect();
        let mut expected = vec![usize::MAX; 41];
        let mut got = vec![usize::MAX; 41];
        let mut writes = ScatteredWrites::new(&mut got);
        for (i, &at) in places.iter().enumerate() {
            expected[at] = i;
            writes.write(at, i);
        }
        drop(writes);
        assert_eq!(got, expected);
    }
}
